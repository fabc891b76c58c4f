#!/usr/bin/env bash
# The main job: installs what is missing, builds, loads a page shipped in the repo in a
# multi-process Nexus (printing its title), then renders it in a sandboxed renderer to a PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
page=${1:-tests/pages/article.html}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
build/nexus --headless --exit-after-load --profile "$profile" "$page"
build/nexus shot "$page" -o build/page.png
echo "rendered $page to build/page.png"
