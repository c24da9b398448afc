"""A deterministic stand-in embedder for tests and benchmarks: no model, same vectors in every process."""
from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import numpy

from .base import TokenVectors

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

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """One token per word (\\w+ run); its vector is the hashed word itself, lower-cased and with
        accents and a final plural -s stripped, so a word and its exact (or near-exact) counterpart
        align and anything else does not. No context: enough to test the aligner's plumbing."""
        import unicodedata

        import numpy as np

        self.calls += 1
        self.texts_encoded += len(texts)
        out = []
        for t in texts:
            spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", t)]
            vecs = np.zeros((len(spans), self.dim), np.float32)
            for r, (a, b) in enumerate(spans):
                w = unicodedata.normalize("NFKD", t[a:b].lower())
                w = "".join(c for c in w if not unicodedata.combining(c))
                if len(w) > 3 and w.endswith("s"):
                    w = w[:-1]
                for feat, wt in [("w:" + w, 1.0)] + [("c:" + w[k:k + 3], 0.3) for k in range(max(0, len(w) - 2))]:
                    h = int.from_bytes(hashlib.blake2b(feat.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
                    vecs[r, h % self.dim] += wt if (h >> 63) & 1 else -wt
                vecs[r] /= float(np.linalg.norm(vecs[r])) or 1.0
            out.append(TokenVectors(spans, vecs))
        return out
