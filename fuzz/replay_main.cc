// Without libFuzzer (the default g++ build), each fuzz target is linked with this driver so
// ctest runs it on every build: every file of the given corpus directories, then a fixed
// number of deterministic mutations of each (bit flips, byte overwrites, truncations,
// duplicated spans). A crash, sanitizer report or leak fails the test; libFuzzer proper runs
// with scripts/fuzz.sh.
#include <dirent.h>

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
  uint64_t state = 0x9E3779B97F4A7C15ull;
  uint64_t Next() {  // xorshift64*: reproducible across runs and machines.
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
  }
  size_t Below(size_t n) { return n ? Next() % n : 0; }
};

std::vector<uint8_t> Mutate(std::vector<uint8_t> input, Random& random) {
  int edits = 1 + static_cast<int>(random.Below(4));
  for (int i = 0; i < edits && !input.empty(); ++i) {
    size_t at = random.Below(input.size());
    switch (random.Below(5)) {
      case 0: input[at] ^= static_cast<uint8_t>(1u << random.Below(8)); break;
      case 1: input[at] = static_cast<uint8_t>(random.Next()); break;
      case 2: input[at] = random.Below(2) ? 0xFF : 0x00; break;
      case 3: input.resize(random.Below(2) ? at : at & ~size_t{7}); break;  // keep whole words
      case 4: {
        size_t length = std::min<size_t>(random.Below(64) + 1, input.size() - at);
        std::vector<uint8_t> span(input.begin() + at, input.begin() + at + length);
        input.insert(input.begin() + random.Below(input.size()), span.begin(), span.end());
        break;
      }
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 10000;
  std::vector<std::vector<uint8_t>> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--mutations=", 0) == 0) {
      mutations = std::atoi(arg.c_str() + 12);
      continue;
    }
    DIR* dir = opendir(arg.c_str());
    if (!dir) {
      std::fprintf(stderr, "%s: cannot open corpus directory %s\n", argv[0], arg.c_str());
      return 2;
    }
    while (dirent* entry = readdir(dir)) {
      if (entry->d_name[0] == '.')
        continue;
      std::ifstream file(arg + "/" + entry->d_name, std::ios::binary);
      seeds.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    closedir(dir);
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "usage: %s [--mutations=N] CORPUS_DIR...\n", argv[0]);
    return 2;
  }
  Random random;
  size_t runs = 0;
  for (const auto& seed : seeds) {
    LLVMFuzzerTestOneInput(seed.data(), seed.size());
    for (int m = 0; m < mutations; ++m, ++runs) {
      std::vector<uint8_t> input = Mutate(seed, random);
      LLVMFuzzerTestOneInput(input.data(), input.size());
    }
  }
  std::printf("%zu seeds, %zu mutated inputs, no crash\n", seeds.size(), runs);
  return 0;
}
