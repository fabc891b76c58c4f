#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need (only those missing), then
# configures and builds into build/. Safe to run again: it does nothing that is already done.
#   --fuzz      also install clang and libFuzzer (scripts/fuzz.sh)
#   --no-build  install only
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
fuzz=0
for arg in "$@"; do
  case "$arg" in
    --fuzz) fuzz=1 ;;
    --no-build) build=0 ;;
    *) echo "setup.sh: unknown option '$arg' (--fuzz, --no-build)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config ccache
  capnproto libcapnp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libsqlite3-dev
  libseccomp-dev libgumbo-dev libpsl-dev
  libpango1.0-dev libcairo2-dev libfreetype-dev libjpeg-dev libgif-dev libwebp-dev libpng-dev librsvg2-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev libzstd-dev openssl ca-certificates
  nghttp2-server
  libfasttext-dev fasttext libcld2-dev libtesseract-dev tesseract-ocr-eng
  libtorch-dev libopenblas0-pthread python3-torch
  libjavascriptcoregtk-4.1-dev
  libegl-dev libgles-dev libegl-mesa0 libgl1-mesa-dri libgbm-dev libpixman-1-dev libsdl2-dev
  xvfb xauth xdotool imagemagick x11-utils
  fonts-dejavu-core fonts-liberation2
)
((fuzz)) && packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

((build)) || exit 0
build_type=${NEXUS_BUILD_TYPE:-RelWithDebInfo}
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type"
fi
cmake --build build -j "$(nproc)"
