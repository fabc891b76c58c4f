#!/usr/bin/env bash
# Runs every libFuzzer target in fuzz/ for SECONDS each (default 60), built with clang,
# ASan and UBSan in build-fuzz/. New inputs that reach new code land in build-fuzz/corpus/;
# a crash leaves its input in build-fuzz/ and stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
./scripts/setup.sh --fuzz --no-build
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DNEXUS_FUZZ=ON >/dev/null
fi
cmake --build build-fuzz -j "$(nproc)" --target fuzzers
for fuzzer in build-fuzz/fuzz/*_fuzzer; do
  name="$(basename "$fuzzer" _fuzzer)"
  mkdir -p "build-fuzz/corpus/$name"
  echo "== $name: ${seconds}s =="
  # Undefined behaviour stops the run too, with its input saved like a crash's.
  (cd build-fuzz && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "../$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
    "corpus/$name" "../fuzz/corpus/$name")
done
