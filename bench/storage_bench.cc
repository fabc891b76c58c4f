// Web storage against headless Chromium in the same run (issue 17): localStorage setItem,
// getItem and removeItem of 10,000 small records, and IndexedDB put and get of 10,000 records
// (one transaction each, until it completes), all timed inside the page with
// performance.now(). The page posts its timings to the bench's server; an image it adds, which
// the server holds until then, keeps the load event (and so Chromium's --dump-dom, and
// `nexus eval`) waiting. Medians of RUNS runs, each browser on a fresh profile.
//   build/bench/storage_bench [RUNS]        (needs the Debian package chromium)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "http_test_server.h"
#include "spawn_quiet.h"

namespace {

const char kChromium[] = "/usr/bin/chromium";

const char kPage[] = R"(<!doctype html><title>storage bench</title><body><script>
// Held by the server until the timings arrive: the page's load waits for it.
const hold = document.createElement('img');
hold.src = '/hold';
document.body.appendChild(hold);
const now = () => performance.now();
const timings = {};
localStorage.clear();
let t = now();
for (let i = 0; i < 10000; ++i) localStorage.setItem('key' + i, 'value number ' + i);
timings.local_set_10000 = now() - t;
let length = 0;
t = now();
for (let i = 0; i < 10000; ++i) length += localStorage.getItem('key' + i).length;
timings.local_get_10000 = now() - t;
t = now();
for (let i = 0; i < 10000; ++i) localStorage.removeItem('key' + i);
timings.local_remove_10000 = now() - t;
timings.checked = length;
const opening = indexedDB.open('bench', 1);
opening.onupgradeneeded = () => opening.result.createObjectStore('records');
opening.onsuccess = () => {
  const db = opening.result;
  let t = now();
  const write = db.transaction('records', 'readwrite');
  const records = write.objectStore('records');
  for (let i = 0; i < 10000; ++i) records.put({i: i, text: 'value number ' + i}, i);
  write.oncomplete = () => {
    timings.idb_put_10000 = now() - t;
    t = now();
    const read = db.transaction('records');
    const store = read.objectStore('records');
    let sum = 0;
    for (let i = 0; i < 10000; ++i) store.get(i).onsuccess = e => { sum += e.target.result.i; };
    read.oncomplete = () => {
      timings.idb_get_10000 = now() - t;
      timings.checked += sum;
      fetch('/results', {method: 'POST', body: JSON.stringify(timings)});
    };
  };
};
</script>)";

// What the page posted, once it has.
struct Posted {
  std::mutex mutex;
  std::condition_variable arrived;
  std::string body;
};

nexus::testing::TestHandler Handler(Posted& posted) {
  return [&posted](const nexus::testing::TestRequest& request) {
    nexus::testing::TestResponse response;
    if (request.path == "/page.html") {
      response.headers = {{"Content-Type", "text/html"}};
      response.body = kPage;
    } else if (request.path == "/results") {
      std::lock_guard lock(posted.mutex);
      posted.body = request.body;
      posted.arrived.notify_all();
      response.status = 204;
    } else {  // /hold
      std::unique_lock lock(posted.mutex);
      posted.arrived.wait_for(lock, std::chrono::seconds(60), [&] { return !posted.body.empty(); });
      response.status = 404;
    }
    return response;
  };
}

nlohmann::json Run(const std::vector<std::string>& command, Posted& posted) {
  {
    std::lock_guard lock(posted.mutex);
    posted.body.clear();
  }
  pid_t pid = SpawnQuiet(command);
  std::unique_lock lock(posted.mutex);
  posted.arrived.wait_for(lock, std::chrono::seconds(60), [&] { return !posted.body.empty(); });
  // Chromium exits once the held image ends its load; Nexus, waiting out --wait-ms, is ended.
  if (pid > 0) {
    lock.unlock();
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid, &status, WNOHANG) == 0; ++i)
      usleep(100 * 1000);
    if (waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGTERM);
      waitpid(pid, &status, 0);
    }
    lock.lock();
  }
  return nlohmann::json::parse(posted.body, nullptr, false);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  if (access(kChromium, X_OK) != 0) {
    std::fprintf(stderr, "storage_bench: %s is missing (apt-get install chromium)\n", kChromium);
    return 1;
  }
  char dir_template[] = "/tmp/nexus-storage-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  Posted posted;
  nexus::testing::HttpTestServer server(Handler(posted));
  std::string url = server.Url("/page.html");
  const char* keys[] = {"local_set_10000", "local_get_10000", "local_remove_10000", "idb_put_10000",
                        "idb_get_10000"};
  std::map<std::string, std::vector<double>> nexus, chromium;
  for (int run = 0; run < runs; ++run) {
    std::string profile = dir + "/chromium-" + std::to_string(run);
    auto theirs =
        Run({kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", url},
            posted);
    auto ours = Run({NEXUS_BINARY, "eval", url, "1", "--wait-ms", "60000"}, posted);
    if (!ours.is_object() || !theirs.is_object() || ours["checked"] != theirs["checked"]) {
      std::fprintf(stderr, "storage_bench: no timings (nexus %s, chromium %s)\n",
                   ours.dump().c_str(), theirs.dump().c_str());
      return 1;
    }
    for (const char* key : keys) {
      nexus[key].push_back(ours[key].get<double>());
      chromium[key].push_back(theirs[key].get<double>());
    }
  }
  std::printf(
      "%d runs, medians, timed inside the page.\n\n"
      "| what | Chromium | Nexus | Nexus/Chromium |\n| --- | --- | --- | --- |\n",
      runs);
  for (const char* key : keys) {
    double c = Median(chromium[key]), n = Median(nexus[key]);
    std::printf("| %s | %.1f ms | %.1f ms | %.2fx |\n", key, c, n, c > 0 ? n / c : 0.0);
  }
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
