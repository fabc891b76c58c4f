#!/usr/bin/env bash
# The main job: installs what is missing, builds, and loads a page shipped in the repo in a
# multi-process Nexus, printing its title.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
page=${1:-tests/pages/hello.html}
profile=$(mktemp -d)
build/nexus --headless --exit-after-load --profile "$profile" "$page"
