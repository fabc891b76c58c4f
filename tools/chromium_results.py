#!/usr/bin/env python3
"""Runs a page of tests/js in headless Chromium and prints its `results` as JSON.

The reference check for the JS corpus (tests/integration/js_test.cc runs the same pages in
Nexus): a local server serves tests/js; each HTML page gets a script that waits until the page
says it is done (`window.done === true`, or the load event for pages without asynchronous
tests) and posts `results` back, while an image that the server holds open keeps the load event
(and so Chromium's --dump-dom) waiting for it.

    tools/chromium_results.py web_storage.html [indexed_db.html ...]
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "js")
REPORTER = b"""<script>
(function () {
  function report() {
    if (window.done === false) return setTimeout(report, 50);
    fetch("/__results", {method: "POST", body: JSON.stringify(window.results)});
  }
  addEventListener("load", report);
})();
</script><img src="/__hold" style="display:none">"""


class Handler(http.server.SimpleHTTPRequestHandler):
    results = None
    arrived = threading.Event()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/__hold":
            Handler.arrived.wait(30)
            self.send_response(404)
            self.end_headers()
            return
        if self.path.split("?")[0].endswith(".html"):
            with open(os.path.join(ROOT, self.path.split("?")[0].lstrip("/")), "rb") as page:
                body = page.read() + REPORTER
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        Handler.results = json.loads(self.rfile.read(length))
        self.send_response(204)
        self.end_headers()
        Handler.arrived.set()


def run(page):
    Handler.results = None
    Handler.arrived.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile, "--dump-dom",
                        "http://127.0.0.1:%d/%s" % (server.server_port, page)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    server.shutdown()
    return Handler.results


if __name__ == "__main__":
    failed = 0
    for page in sys.argv[1:]:
        results = run(page)
        if results is None:
            print(page + ": no results")
            failed += 1
            continue
        bad = [r for r in results if not r.get("pass")]
        print("%s: %d checks, %d failed %s" % (page, len(results), len(bad), json.dumps(bad) if bad else ""))
        failed += len(bad)
    sys.exit(1 if failed else 0)
