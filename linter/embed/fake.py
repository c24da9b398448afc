"""A deterministic stand-in embedder for tests and benchmarks: no model, same vectors in every process."""
from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import numpy

__all__ = ["FakeEmbedder"]


class FakeEmbedder:
    """Deterministic stand-in for tests: hashed words and character trigrams, L2-normalised.

    Identical texts get cosine 1, texts sharing words score high, unrelated texts near 0.
    No model, no randomness, same vectors in every process.
    """

    def __init__(self, dim: int = 256, name: str | None = None):
        self.dim = dim
        self.name = name or f"fake/hash-trigram-{dim}"
        self.calls = 0
        self.texts_encoded = 0

    def _features(self, text: str):
        norm = " ".join(text.lower().split())
        for w in re.findall(r"\w+", norm):
            yield "w:" + w, 1.0
        padded = f" {norm} "
        for i in range(len(padded) - 2):
            yield "c:" + padded[i : i + 3], 0.5

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        for r, t in enumerate(texts):
            for feat, w in self._features(t):
                h = int.from_bytes(hashlib.blake2b(feat.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
                out[r, h % self.dim] += w if (h >> 63) & 1 else -w
            n = float(np.linalg.norm(out[r]))
            if n > 0:
                out[r] /= n
            else:
                out[r, 0] = 1.0  # empty text: still a unit vector
        return out
