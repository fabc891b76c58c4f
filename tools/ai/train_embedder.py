#!/usr/bin/python3
"""Trains the page embedder the project ships and exports it as TorchScript (Debian's
python3-torch), for the AI process's libtorch backend.

The model maps a text to a unit vector: a mean of hashed word and word-pair embeddings
(EmbeddingBag) through one tanh layer. It learns from tools/ai/data/topic.txt by predicting the
topic from that vector, so texts on one subject land near each other: `nexus related` ranks the
profile's history by the cosine of these vectors. Every fifth line is held back; the accuracy
of the topic head on it is printed and written into the manifest.

The tokenizer is part of the model's contract: the C++ side (torchscript_embedder.cc) must
produce the same ids, so its name is stored in the model ("tokenizer") and checked there.
  tools/ai/train_embedder.py OUT_DIR      writes OUT_DIR/embedder/{model.pt,manifest.json}
"""
import hashlib
import json
import os
import random
import sys
from typing import List

import torch
import torch.nn.functional as F

TOKENIZER = "fnv1a32-words-pairs-v1"
BUCKETS = 16384
DIM = 64
MAX_TOKENS = 20000  # the C++ side caps a text the same way


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def words(text: str) -> List[bytes]:
    """Runs of ASCII letters and digits, and of non-ASCII bytes, ASCII lowercased."""
    out, current = [], bytearray()
    for byte in text.encode("utf-8").lower():
        if byte >= 0x80 or chr(byte).isalnum():
            current.append(byte)
        elif current:
            out.append(bytes(current))
            current = bytearray()
    if current:
        out.append(bytes(current))
    return out[:MAX_TOKENS]


def token_ids(text: str) -> List[int]:
    ws = words(text)
    ids = [fnv1a32(w) % BUCKETS for w in ws]
    ids += [fnv1a32(a + b" " + b) % BUCKETS for a, b in zip(ws, ws[1:])]
    return ids


class PageEmbedder(torch.nn.Module):
    tokenizer: str
    buckets: int
    labels: List[str]

    def __init__(self, labels: List[str]):
        super().__init__()
        self.tokenizer = TOKENIZER
        self.buckets = BUCKETS
        self.labels = labels
        self.bag = torch.nn.EmbeddingBag(BUCKETS, DIM, mode="mean")
        self.hidden = torch.nn.Linear(DIM, DIM)
        self.head = torch.nn.Linear(DIM, len(labels))

    def features(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.hidden(self.bag(ids, offsets)))

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        """One unit vector per text: ids of all texts end to end, offsets where each starts."""
        return F.normalize(self.features(ids, offsets), dim=1)

    @torch.jit.export
    def classify(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.head(self.features(ids, offsets)), dim=1)


def batch(texts: List[str]):
    ids, offsets = [], []
    for text in texts:
        offsets.append(len(ids))
        ids.extend(token_ids(text))
    return torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript writes some module constants in set order: fix the hash seed so two
        # runs write the same bytes (and the manifest the same checksum).
        os.execve(sys.executable, [sys.executable] + sys.argv,
                  dict(os.environ, PYTHONHASHSEED="0"))
    if len(sys.argv) != 2:
        print("usage: train_embedder.py OUT_DIR", file=sys.stderr)
        return 2
    out_dir = os.path.join(sys.argv[1], "embedder")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "data", "topic.txt"), encoding="utf-8") as f:
        lines = [line.rstrip("\n").split(" ", 1) for line in f if line.strip()]
    examples = [(label[len("__label__"):], text) for label, text in lines]
    labels = sorted({label for label, _ in examples})
    train = [e for i, e in enumerate(examples, 1) if i % 5 != 0]
    test = [e for i, e in enumerate(examples, 1) if i % 5 == 0]

    random.seed(1)
    torch.manual_seed(1)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    model = PageEmbedder(labels)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(8):
        random.shuffle(train)
        for start in range(0, len(train), 32):
            chunk = train[start:start + 32]
            ids, offsets = batch([text for _, text in chunk])
            target = torch.tensor([labels.index(label) for label, _ in chunk])
            optimizer.zero_grad()
            loss = F.cross_entropy(model.head(model.features(ids, offsets)), target)
            loss.backward()
            optimizer.step()

    model.eval()
    with torch.no_grad():
        ids, offsets = batch([text for _, text in test])
        predicted = model.classify(ids, offsets).argmax(dim=1).tolist()
    right = sum(1 for p, (label, _) in zip(predicted, test) if labels[p] == label)
    accuracy = right / len(test)

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.pt")
    torch.jit.save(torch.jit.script(model), path)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    manifest = {
        "id": "embedder",
        "task": "embed_text",
        "backend": "torchscript",
        "file": "model.pt",
        "sha256": sha,
        "licence": "Apache-2.0 (trained by tools/ai/train_embedder.py on tools/ai/data/topic.txt)",
        "held_back_accuracy": round(accuracy, 4),
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"embedder model: held-back topic accuracy {accuracy:.4f} on {len(test)} examples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
