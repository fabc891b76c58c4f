// The AI features against baselines measured in the same run:
//   - intent per query, in process: the backends module Nexus's AI process uses, against the
//     `fasttext predict` command on the same model and queries (model load excluded from
//     neither... both include it; per query = total / queries);
//   - `nexus analyze` of a 5 KB and a 100 KB article, against `nexus shot` of the same page
//     (what loading and laying it out costs anyway);
//   - `nexus analyze --ocr-only` of a text image, against the `tesseract` command;
//   - the analysis alone (language aside), in process, on the 5 KB and 100 KB texts;
//   - the TorchScript page embedder per text, in process through the libtorch module (word
//     hashing included), against PyTorch in Python on the same model (forward pass only), and
//     loading the libtorch module; `nexus related` against `nexus analyze` of the same page.
//   build/bench/ai_bench [RUNS]       (needs tesseract-ocr and fasttext)
#include <dlfcn.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "services/ai/ai_backends.h"
#include "services/ai/text_analysis.h"
#include "services/ai/text_embedding.h"

#include "spawn_quiet.h"

namespace {

struct Run {
  double seconds = 0;
  long max_rss_kb = 0;  // the largest process of the command's tree
};

Run Measure(const std::vector<std::string>& command, const std::string& stdin_path = "") {
  auto start = std::chrono::steady_clock::now();
  int status = -1;
  rusage usage{};
  if (pid_t pid = SpawnQuiet(command, stdin_path); pid > 0)
    wait4(pid, &status, 0, &usage);
  Run run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage children{};
  getrusage(RUSAGE_CHILDREN, &children);
  run.max_rss_kb = children.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "ai_bench: %s failed\n", command[0].c_str());
    std::exit(1);
  }
  return run;
}

double MedianSeconds(const std::vector<std::string>& command, int runs,
                     const std::string& stdin_path = "") {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i)
    times.push_back(Measure(command, stdin_path).seconds);
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::string build = std::string(NEXUS_BINARY).substr(0, std::string(NEXUS_BINARY).rfind('/'));
  std::string models = build + "/models";
  char dir_template[] = "/tmp/nexus-ai-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);

  // 1. Intent, in process, per query.
  void* module = dlopen((build + "/libnexus_ai_backends.so").c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module) {
    std::fprintf(stderr, "ai_bench: %s\n", dlerror());
    return 1;
  }
  auto* create = reinterpret_cast<nexus::ai::CreateAiBackendsFunction*>(
      dlsym(module, nexus::ai::kCreateAiBackendsSymbol));
  const nexus::ai::AiBackends* backends = create();
  auto classifier = backends->LoadFastText(Read(models + "/intent/model.bin"));
  if (!classifier.ok()) {
    std::fprintf(stderr, "ai_bench: %s\n", classifier.error().message().c_str());
    return 1;
  }
  std::vector<std::string> queries;
  {
    std::ifstream data(std::string(NEXUS_SOURCE_DIR) + "/tools/ai/data/intent.txt");
    std::string line;
    while (std::getline(data, line) && queries.size() < 1000)
      queries.push_back(line.substr(line.find(' ') + 1));
  }
  std::ofstream(dir + "/queries.txt") << [&] {
    std::string all;
    for (const std::string& q : queries)
      all += q + "\n";
    return all;
  }();
  auto start = std::chrono::steady_clock::now();
  size_t sink = 0;
  for (const std::string& query : queries)
    sink += (*classifier)->Classify(query, 1).size();
  double nexus_per_query =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / queries.size();
  double fasttext_total = MedianSeconds(
      {"fasttext", "predict", models + "/intent/model.bin", "-"}, runs, dir + "/queries.txt");

  // 2. Analyze 5 KB and 100 KB articles against a shot of the same page.
  std::string paragraph = Read(std::string(NEXUS_SOURCE_DIR) + "/tests/pages/article.html");
  std::string body = paragraph.substr(paragraph.find("<body>") + 6);
  body = body.substr(0, body.find("</body>"));
  std::vector<std::pair<std::string, size_t>> pages = {{"5 KB", 5000}, {"100 KB", 100000}};
  std::vector<std::string> rows;
  std::vector<std::string> texts;  // each article's text, tags dropped
  for (auto& [name, size] : pages) {
    std::string html = "<!doctype html><title>Article</title><body>";
    while (html.size() < size)
      html += body;
    std::string path = dir + "/article-" + std::to_string(size) + ".html";
    std::ofstream(path) << html << "</body>";
    std::string text;
    bool in_tag = false;
    for (char c : html) {
      if (c == '<') {
        in_tag = true;
      } else if (c == '>') {
        in_tag = false;
        text += '\n';
      } else if (!in_tag) {
        text += c;
      }
    }
    texts.push_back(text);
    double analyze = MedianSeconds({NEXUS_BINARY, "analyze", path}, runs);
    double shot = MedianSeconds({NEXUS_BINARY, "shot", path, "-o", dir + "/shot.png"}, runs);
    char row[256];
    std::snprintf(row, sizeof(row), "| analyze a %s article | shot %.0f ms | %.0f ms | %.2fx |",
                  name.c_str(), shot * 1000, analyze * 1000, analyze / shot);
    rows.push_back(row);
  }

  // 3. OCR of a rendered text image against the tesseract command.
  std::ofstream(dir + "/text.html")
      << "<body style='margin:20px'><p style='font: 32px sans-serif'>The quick brown fox jumps "
         "over the lazy dog 0123456789</p>";
  Measure({NEXUS_BINARY, "shot", dir + "/text.html", "-o", dir + "/text.png", "--height", "120"});
  double nexus_ocr = MedianSeconds({NEXUS_BINARY, "analyze", "--ocr-only", dir + "/text.png"}, runs);
  double tesseract = MedianSeconds({"tesseract", dir + "/text.png", "-", "--psm", "3"}, runs);
  long peak_kb = Measure({NEXUS_BINARY, "analyze", dir + "/article-100000.html"}).max_rss_kb;

  // 4. The analysis alone, in process.
  std::vector<double> analysis_ms;
  for (const std::string& text : texts) {
    auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i)
      sink += nexus::ai::AnalyzeText(text).summary.size();
    analysis_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count() /
        runs);
  }

  // 5. The page embedder: libtorch in process against PyTorch in Python.
  auto torch_start = std::chrono::steady_clock::now();
  void* torch_module = dlopen((build + "/libnexus_ai_torch.so").c_str(), RTLD_NOW | RTLD_LOCAL);
  double torch_load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - torch_start).count();
  if (!torch_module) {
    std::fprintf(stderr, "ai_bench: %s\n", dlerror());
    return 1;
  }
  auto* create_torch = reinterpret_cast<nexus::ai::CreateTorchBackendFunction*>(
      dlsym(torch_module, nexus::ai::kCreateTorchBackendSymbol));
  auto embedder = create_torch()->LoadTorchScript(Read(models + "/embedder/model.pt"));
  if (!embedder.ok()) {
    std::fprintf(stderr, "ai_bench: %s\n", embedder.error().message().c_str());
    return 1;
  }
  const int embeds = 100;
  auto embed_start = std::chrono::steady_clock::now();
  for (int i = 0; i < embeds; ++i)
    sink += nexus::ai::EmbedTexts(**embedder, {texts[0]})->size();
  double embed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              embed_start).count() / embeds;
  std::vector<std::string_view> batch(8, texts[0]);
  auto batch_start = std::chrono::steady_clock::now();
  for (int i = 0; i < embeds / 8; ++i)
    sink += nexus::ai::EmbedTexts(**embedder, batch)->size();
  double batch_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              batch_start).count() / (embeds / 8 * 8);
  std::ofstream(dir + "/text-5000.txt") << texts[0];
  std::ofstream(dir + "/embed.py")
      << "import sys, time, torch\nsys.path.insert(0, sys.argv[1])\nimport train_embedder as t\n"
         "torch.set_num_threads(1)\nm = torch.jit.load(sys.argv[2])\n"
         "ids = torch.tensor(t.token_ids(open(sys.argv[3]).read()))\n"
         "offsets = torch.tensor([0])\nm(ids, offsets)\nstart = time.perf_counter()\n"
         "for _ in range(100):\n    m(ids, offsets)\n"
         "open(sys.argv[4], 'w').write(str((time.perf_counter() - start) * 10))\n";
  Measure({"/usr/bin/python3", dir + "/embed.py", std::string(NEXUS_SOURCE_DIR) + "/tools/ai",
           models + "/embedder/model.pt", dir + "/text-5000.txt", dir + "/python-ms.txt"});
  double python_ms = std::atof(Read(dir + "/python-ms.txt").c_str());
  double related = MedianSeconds({NEXUS_BINARY, "related", dir + "/article-5000.html",
                                  "--profile", dir + "/empty-profile"}, runs);
  double analyze_5k = MedianSeconds({NEXUS_BINARY, "analyze", dir + "/article-5000.html"}, runs);

  std::printf("%d runs, medians (sink %zu).\n\n| what | baseline | Nexus | ratio |\n"
              "| --- | --- | --- | --- |\n", runs, sink);
  std::printf("| intent, per query | fasttext predict %.3f ms (incl. model load) | %.3f ms (model "
              "loaded) | %.2fx |\n",
              fasttext_total * 1000 / queries.size(), nexus_per_query * 1000,
              nexus_per_query / (fasttext_total / queries.size()));
  for (const std::string& row : rows)
    std::printf("%s\n", row.c_str());
  std::printf("| OCR of an 800x120 text image | tesseract %.0f ms | %.0f ms (nexus analyze "
              "--ocr-only, all processes) | %.2fx |\n",
              tesseract * 1000, nexus_ocr * 1000, nexus_ocr / tesseract);
  std::printf("| peak memory, analyze 100 KB | - | largest process %.1f MiB | - |\n",
              peak_kb / 1024.0);
  std::printf("| the analysis alone (keywords, summary, counts), 5 KB / 100 KB text | - | "
              "%.2f ms / %.2f ms | - |\n", analysis_ms[0], analysis_ms[1]);
  std::printf("| embed the 5 KB text (libtorch, 1 thread) | PyTorch in Python %.3f ms (forward "
              "only) | %.3f ms (hashing + forward) | %.2fx |\n",
              python_ms, embed_ms, embed_ms / python_ms);
  std::printf("| the same, in batches of 8, per text | - | %.3f ms | - |\n", batch_ms);
  std::printf("| load the libtorch module (once per AI process) | - | %.0f ms | - |\n",
              torch_load_ms);
  std::printf("| nexus related of the 5 KB page (empty history) | nexus analyze %.0f ms | %.0f ms "
              "| %.2fx |\n", analyze_5k * 1000, related * 1000, related / analyze_5k);
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
