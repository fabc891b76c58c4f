#!/usr/bin/env bash
# Trains one of the fastText classifiers the project ships (Debian's `fasttext`) on
# tools/ai/data/NAME.txt: every fifth line is held back for testing, the rest trains, with one
# thread and a fixed seed so the model is the same on every machine. Writes
# OUT_DIR/NAME/{model.bin,manifest.json} and prints the held-back accuracy.
#   tools/ai/train_classifier.sh NAME OUT_DIR      (NAME: intent, topic)
set -euo pipefail
name=${1:?usage: train_classifier.sh NAME OUT_DIR}
out=${2:?usage: train_classifier.sh NAME OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk 'NR % 5 != 0' "$here/data/$name.txt" > "$work/train.txt"
awk 'NR % 5 == 0' "$here/data/$name.txt" > "$work/test.txt"
fasttext supervised -input "$work/train.txt" -output "$work/model" -epoch 25 -lr 0.5 \
  -wordNgrams 2 -minn 2 -maxn 4 -dim 16 -bucket 10000 -thread 1 -seed 1 -verbose 0 >/dev/null
result=$(fasttext test "$work/model.bin" "$work/test.txt")
accuracy=$(printf '%s\n' "$result" | awk '/^P@1/ {print $2}')
mkdir -p "$out/$name"
cp "$work/model.bin" "$out/$name/model.bin"
sha=$(sha256sum "$out/$name/model.bin" | cut -d' ' -f1)
cat > "$out/$name/manifest.json" <<JSON
{
  "id": "$name",
  "task": "classify_$name",
  "backend": "fasttext",
  "file": "model.bin",
  "sha256": "$sha",
  "licence": "Apache-2.0 (trained by tools/ai/train_classifier.sh on tools/ai/data/$name.txt)",
  "held_back_accuracy": $accuracy
}
JSON
echo "$name model: held-back accuracy $accuracy on $(wc -l < "$work/test.txt") examples"
