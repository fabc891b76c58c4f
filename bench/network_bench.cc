// The network service's process hop against curl on the same local server, in one run:
//   1. a page with 200 small images: `nexus shot` (page + 200 subresources through
//      renderer -> main -> network -> main -> renderer) against `curl` fetching the same 201
//      URLs six at a time, with the time of a shot of the page alone subtracted;
//   2. one 200 MB body: `nexus fetch` (network -> main in shared-memory pieces -> file)
//      against `curl -o`, as throughput.
//   build/bench/network_bench [RUNS]
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "http_test_server.h"

#include "spawn_quiet.h"

namespace {

double Run(const std::vector<std::string>& command) {
  auto start = std::chrono::steady_clock::now();
  int status = -1;
  if (pid_t pid = SpawnQuiet(command); pid > 0)
    waitpid(pid, &status, 0);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "network_bench: %s failed\n", command[0].c_str());
    std::exit(1);
  }
  return seconds;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// A 1x1 PNG, the same bytes under every name.
const std::string kPixel(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\r"
    "IDATx\x9c" "c\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xae" "B`\x82",
    67);

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  if (access("/usr/bin/curl", X_OK) != 0) {
    std::fprintf(stderr, "network_bench: /usr/bin/curl is missing (apt-get install curl)\n");
    return 1;
  }
  constexpr int kImages = 200;
  const std::string big(200u << 20, 'x');
  std::string page = "<!doctype html><title>Many</title><body>";
  for (int i = 0; i < kImages; ++i)
    page += "<img src='/img/" + std::to_string(i) + ".png'>";
  nexus::testing::HttpTestServer server([&](const nexus::testing::TestRequest& request) {
    nexus::testing::TestResponse response;
    if (request.path == "/many.html") {
      response.headers.push_back({"Content-Type", "text/html"});
      response.body = page;
    } else if (request.path == "/empty.html") {
      response.headers.push_back({"Content-Type", "text/html"});
      response.body = "<!doctype html><title>Empty</title>";
    } else if (request.path == "/big.bin") {
      response.body = big;
    } else {
      response.headers.push_back({"Content-Type", "image/png"});
      response.body = kPixel;
    }
    return response;
  });
  char dir_template[] = "/tmp/nexus-network-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  std::vector<std::string> curl_many = {"/usr/bin/curl", "-s", "--parallel", "--parallel-max", "6",
                                        "-o", "/dev/null", server.Url("/many.html")};
  for (int i = 0; i < kImages; ++i) {
    curl_many.push_back("-o");
    curl_many.push_back("/dev/null");
    curl_many.push_back(server.Url("/img/" + std::to_string(i) + ".png"));
  }
  std::vector<double> nexus_many, nexus_empty, curl_small, nexus_big, curl_big;
  for (int i = 0; i < runs; ++i) {
    // --disable-cache: every run fetches everything again.
    nexus_many.push_back(Run({NEXUS_BINARY, "shot", server.Url("/many.html"), "-o",
                              dir + "/many.png", "--disable-cache"}));
    nexus_empty.push_back(Run({NEXUS_BINARY, "shot", server.Url("/empty.html"), "-o",
                               dir + "/empty.png", "--disable-cache"}));
    curl_small.push_back(Run(curl_many));
    nexus_big.push_back(Run({NEXUS_BINARY, "fetch", server.Url("/big.bin"), "-o",
                             dir + "/nexus.bin", "--disable-cache"}));
    curl_big.push_back(Run({"/usr/bin/curl", "-s", "-o", dir + "/curl.bin", server.Url("/big.bin")}));
  }
  double many = Median(nexus_many), empty = Median(nexus_empty), small = Median(curl_small);
  double hop = (many - empty) / kImages, per_curl = small / (kImages + 1);
  double mb = static_cast<double>(big.size()) / (1 << 20);
  double nb = Median(nexus_big), cb = Median(curl_big);
  std::printf("%d runs, medians. Same local server (HTTP/1.1, a connection per request).\n\n", runs);
  std::printf("| what | curl | Nexus | ratio (Nexus / curl) |\n| --- | --- | --- | --- |\n");
  std::printf("| 200 small resources + page, wall time | %.0f ms | %.0f ms (shot of the page; "
              "%.0f ms without the images) | %.2fx |\n",
              small * 1000, many * 1000, empty * 1000, many / small);
  std::printf("| per small resource | %.2f ms | %.2f ms (shot minus empty shot, / 200) | %.2fx |\n",
              per_curl * 1000, hop * 1000, hop / per_curl);
  std::printf("| 200 MB body to a file | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s, start-up "
              "included) | %.2fx throughput |\n",
              mb / cb, cb, mb / nb, nb, (mb / nb) / (mb / cb));
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
