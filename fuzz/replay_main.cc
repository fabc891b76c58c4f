// Without libFuzzer (the default g++ build), each fuzz target is linked with this driver so
// ctest runs it on every build: every file of the given corpus directories, then N mutations
// of each. A mutation compounds 1 to 8 edits (bit flips, byte overwrites, extreme values,
// truncations, duplicated spans, removed spans), and a quarter of them go on from the
// previous mutation rather than the seed, so edits stack up. Each run takes a new seed and
// prints it first; `--seed=S` replays that run exactly. `--word-aligned` keeps inputs whole
// 8-byte words, as a channel delivers them (an IPC decoder refuses anything else before
// decoding, so unaligned edits would mostly test that one check). A crash, sanitizer report
// or leak fails the test; libFuzzer proper runs with scripts/fuzz.sh.
#include <dirent.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

struct Random {
  uint64_t state;
  uint64_t Next() {  // xorshift64*: the same sequence for the same seed on every machine.
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
  }
  size_t Below(size_t n) { return n ? Next() % n : 0; }
};

class Mutator {
 public:
  Mutator(Random& random, bool word_aligned) : random_(random), unit_(word_aligned ? 8 : 1) {}

  std::vector<uint8_t> Mutate(std::vector<uint8_t> input) {
    int edits = 1 + static_cast<int>(random_.Below(8));
    for (int i = 0; i < edits; ++i)
      Edit(input);
    return input;
  }

 private:
  size_t Units(const std::vector<uint8_t>& input) const { return input.size() / unit_; }

  void Edit(std::vector<uint8_t>& input) {
    if (input.empty()) {
      input.resize(unit_, static_cast<uint8_t>(random_.Next()));
      return;
    }
    size_t at = random_.Below(input.size());
    switch (random_.Below(7)) {
      case 0:
        input[at] ^= static_cast<uint8_t>(1u << random_.Below(8));
        break;
      case 1:
        input[at] = static_cast<uint8_t>(random_.Next());
        break;
      case 2:
        input[at] = random_.Below(2) ? 0xFF : 0x00;
        break;
      case 3: {  // A 16- or 32-bit field set to a boundary value.
        static constexpr uint32_t kBoundaries[] = {0,      1,          0x7F,       0x80,
                                                   0xFF,   0x100,      0x7FFF,     0x8000,
                                                   0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
        uint32_t value = kBoundaries[random_.Below(std::size(kBoundaries))];
        size_t width = random_.Below(2) ? 2 : 4;
        for (size_t b = 0; b < width && at + b < input.size(); ++b)
          input[at + b] = static_cast<uint8_t>(value >> (8 * b));
        break;
      }
      case 4:
        input.resize(random_.Below(Units(input) + 1) * unit_);
        break;
      case 5: {  // Duplicate a span somewhere else.
        size_t from = random_.Below(Units(input)) * unit_;
        size_t length = std::min((random_.Below(64 / unit_) + 1) * unit_, input.size() - from);
        std::vector<uint8_t> span(input.begin() + from, input.begin() + from + length);
        size_t to = random_.Below(Units(input) + 1) * unit_;
        input.insert(input.begin() + to, span.begin(), span.end());
        break;
      }
      case 6: {  // Remove a span.
        size_t from = random_.Below(Units(input)) * unit_;
        size_t length = std::min((random_.Below(64 / unit_) + 1) * unit_, input.size() - from);
        input.erase(input.begin() + from, input.begin() + from + length);
        break;
      }
    }
  }

  Random& random_;
  size_t unit_;
};

bool ReadCorpus(const std::string& directory, std::vector<std::vector<uint8_t>>& seeds) {
  DIR* dir = opendir(directory.c_str());
  if (!dir)
    return false;
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.')
      names.push_back(entry->d_name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());  // readdir's order differs between machines
  for (const auto& name : names) {
    std::ifstream file(directory + "/" + name, std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 10000;
  bool word_aligned = false;
  uint64_t seed =
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count() ^
                            std::chrono::system_clock::now().time_since_epoch().count());
  std::vector<std::vector<uint8_t>> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--mutations=", 0) == 0) {
      mutations = std::atoi(arg.c_str() + 12);
    } else if (arg.rfind("--seed=", 0) == 0) {
      seed = std::strtoull(arg.c_str() + 7, nullptr, 10);
    } else if (arg == "--word-aligned") {
      word_aligned = true;
    } else if (!ReadCorpus(arg, seeds)) {
      std::fprintf(stderr, "%s: cannot open corpus directory %s\n", argv[0], arg.c_str());
      return 2;
    }
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "usage: %s [--mutations=N] [--seed=S] [--word-aligned] CORPUS_DIR...\n",
                 argv[0]);
    return 2;
  }
  if (seed == 0)
    seed = 1;  // xorshift stays at 0 forever
  // Printed before anything runs, so a crash's log always says how to replay it.
  std::printf("seed %llu (replay this run with --seed=%llu)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  Random random{seed};
  Mutator mutator(random, word_aligned);
  size_t runs = 0;
  for (const auto& original : seeds) {
    LLVMFuzzerTestOneInput(original.data(), original.size());
    std::vector<uint8_t> previous = original;
    for (int m = 0; m < mutations; ++m, ++runs) {
      bool stack = random.Below(4) == 0;
      std::vector<uint8_t> input = mutator.Mutate(stack ? previous : original);
      LLVMFuzzerTestOneInput(input.data(), input.size());
      previous = std::move(input);
    }
  }
  std::printf("%zu seeds, %zu mutated inputs, no crash\n", seeds.size(), runs);
  return 0;
}
