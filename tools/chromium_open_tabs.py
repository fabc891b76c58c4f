#!/usr/bin/env python3
"""Opens URLs as tabs of one headless Chromium and prints the seconds from its start until every
tab fired its load event (Chrome DevTools Protocol over --remote-debugging-pipe). The baseline of
bench/session_bench.cc: what Chromium takes to bring back the tabs of a session.

    tools/chromium_open_tabs.py URL...
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def main(urls):
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        start = time.monotonic()
        chrome = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-pipe",
             "about:blank"],
            close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Chromium reads commands on fd 3 and writes on fd 4 (dup2 leaves them inheritable).
            preexec_fn=lambda: (os.dup2(to_chrome_r, 10), os.dup2(from_chrome_w, 11),
                                os.dup2(10, 3), os.dup2(11, 4)))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        buffered = b""
        next_id = [0]

        def send(method, params=None, session=None):
            next_id[0] += 1
            message = {"id": next_id[0], "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            os.write(to_chrome_w, json.dumps(message).encode() + b"\0")
            return next_id[0]

        def receive():
            nonlocal buffered
            while b"\0" not in buffered:
                chunk = os.read(from_chrome_r, 65536)
                if not chunk:
                    raise SystemExit("chromium closed the pipe")
                buffered += chunk
            message, buffered = buffered.split(b"\0", 1)
            return json.loads(message)

        send("Target.setDiscoverTargets", {"discover": True})
        waiting = {}
        for url in urls:
            waiting[send("Target.createTarget", {"url": url})] = url
        targets, loaded = set(), set()
        attach = {}
        while len(loaded) < len(urls):
            message = receive()
            if message.get("id") in waiting and "result" in message:
                target = message["result"]["targetId"]
                targets.add(target)
                attach[send("Target.attachToTarget", {"targetId": target, "flatten": True})] = target
            elif message.get("id") in attach and "result" in message:
                session = message["result"]["sessionId"]
                send("Runtime.evaluate", {"expression": "document.readyState", "returnByValue": True},
                     session)
                send("Page.enable", {}, session)
            elif message.get("method") == "Page.loadEventFired":
                loaded.add(message.get("sessionId"))
            elif "result" in message and message["result"].get("result", {}).get("value") == "complete":
                loaded.add(message.get("sessionId"))
        print("%.4f" % (time.monotonic() - start))
        chrome.kill()
        chrome.wait()


if __name__ == "__main__":
    main(sys.argv[1:])
