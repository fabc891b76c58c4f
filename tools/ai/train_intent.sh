#!/usr/bin/env bash
# Trains the address-bar intent classifier the project ships (fastText, Debian's `fasttext`)
# on tools/ai/data/intent.txt: every fifth line is held back for testing, the rest trains,
# with one thread and a fixed seed so the model is the same on every machine. Writes
# OUT_DIR/intent/{model.bin,manifest.json} and prints the held-back accuracy.
#   tools/ai/train_intent.sh OUT_DIR
set -euo pipefail
out=${1:?usage: train_intent.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk 'NR % 5 != 0' "$here/data/intent.txt" > "$work/train.txt"
awk 'NR % 5 == 0' "$here/data/intent.txt" > "$work/test.txt"
fasttext supervised -input "$work/train.txt" -output "$work/model" -epoch 25 -lr 0.5 \
  -wordNgrams 2 -minn 2 -maxn 4 -dim 32 -bucket 50000 -thread 1 -seed 1 -verbose 0 >/dev/null
result=$(fasttext test "$work/model.bin" "$work/test.txt")
accuracy=$(printf '%s\n' "$result" | awk '/^P@1/ {print $2}')
mkdir -p "$out/intent"
cp "$work/model.bin" "$out/intent/model.bin"
sha=$(sha256sum "$out/intent/model.bin" | cut -d' ' -f1)
cat > "$out/intent/manifest.json" <<JSON
{
  "id": "intent",
  "task": "classify_intent",
  "backend": "fasttext",
  "file": "model.bin",
  "sha256": "$sha",
  "licence": "Apache-2.0 (trained by tools/ai/train_intent.sh on tools/ai/data/intent.txt)",
  "held_back_accuracy": $accuracy
}
JSON
echo "intent model: held-back accuracy $accuracy on $(wc -l < "$work/test.txt") examples"
