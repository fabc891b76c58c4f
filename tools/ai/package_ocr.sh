#!/usr/bin/env bash
# Puts Debian's English Tesseract model (tesseract-ocr-eng) into the models directory with a
# manifest and its checksum, so the AI process loads it like every other model.
#   tools/ai/package_ocr.sh TRAINEDDATA OUT_DIR
set -euo pipefail
source=${1:?usage: package_ocr.sh TRAINEDDATA OUT_DIR}
out=${2:?usage: package_ocr.sh TRAINEDDATA OUT_DIR}
mkdir -p "$out/ocr-eng"
cp "$source" "$out/ocr-eng/eng.traineddata"
sha=$(sha256sum "$out/ocr-eng/eng.traineddata" | cut -d' ' -f1)
cat > "$out/ocr-eng/manifest.json" <<JSON
{
  "id": "ocr-eng",
  "task": "recognize_text",
  "backend": "tesseract",
  "file": "eng.traineddata",
  "sha256": "$sha",
  "licence": "Apache-2.0 (Debian package tesseract-ocr-eng)"
}
JSON
