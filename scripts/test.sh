#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit and integration, real processes).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
ctest --test-dir build --output-on-failure -j 2 --timeout 180
