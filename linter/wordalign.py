"""Word alignment inside a linked EN/FR pair: which content words have no counterpart.

SimAlign (Jalili Sabet et al., 2020) without training: the contextual vectors of a multilingual
encoder's subword tokens (hidden layer `embed.base.TOKEN_LAYER` of the default model) are averaged
into word vectors; two words align when each is the other's most similar word (argmax), and
itermax repeats that for the words still unaligned against the words still free. A content word
(not a spaCy stop word, not a number, not inside a URL or e-mail) that stays unaligned and whose best
match on the other side is weak has no counterpart: it was dropped or added. Numbers, URLs and
e-mails are left to the fact rules.

`align_words(en_text, en_tokens, fr_text, fr_tokens)` is pure (tests feed it hand-built vectors);
`WordAligner` fetches the token vectors from the embedder (cached on disk by the vector cache) and
memoises the alignment per text pair. Names that must stay the same, read through an alignment, are
linter/names.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from . import lang as L
from . import thresholds as T

if TYPE_CHECKING:
    import numpy

    from .embed.base import TokenVectors

__all__ = ["Word", "WordAlignment", "align_words", "WordAligner", "is_content", "phrases", "weak_words", "STOP_WORDS"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOP_WORDS = L._EN_ALL | L._FR_ALL | frozenset({"etc", "ie", "eg", "i.e", "e.g"})


@dataclass
class Word:
    start: int
    end: int
    text: str
    content: bool
    partner: int | None = None  # index of the aligned word on the other side
    best: float = 0.0  # best similarity to any word of the other side
    match: float = 0.0  # similarity to the aligned word (0 when unaligned)

    @property
    def unmatched(self) -> bool:
        return self.partner is None


@dataclass
class WordAlignment:
    en: list[Word] = field(default_factory=list)
    fr: list[Word] = field(default_factory=list)

    def aligned_share(self, side: str, strong: float = 0.0) -> float:
        """Share of the side's content words aligned with a word they match at least `strong` (1.0 when none)."""
        words = [w for w in getattr(self, side) if w.content]
        return sum(1 for w in words if not w.unmatched and w.match >= strong) / len(words) if words else 1.0

    def missing(self, side: str, weak: float = T.WEAK_WORD) -> list[Word]:
        """Content words of `side` with no counterpart: unaligned, or aligned only weakly."""
        return [w for w in getattr(self, side) if w.content and (w.unmatched or w.best < weak)]


def _masked_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in L._URL.finditer(text)]


def unmasked_words(text: str, before: int | None = None):
    """The words of `text` starting outside its URLs and e-mail addresses (and before `before`): one pass."""
    masked = _masked_spans(text)
    k = 0
    for m in _WORD.finditer(text):
        a = m.start()
        if before is not None and a >= before:
            return
        while k < len(masked) and masked[k][1] <= a:
            k += 1
        if not (k < len(masked) and masked[k][0] <= a):
            yield m


def is_content(word: str) -> bool:
    """A word that carries meaning: not a stop word of either language, not a number, not one letter."""
    w = word.lower()
    return len(w) > 1 and not any(c.isdigit() for c in w) and w not in STOP_WORDS


def _words(text: str, tv: TokenVectors):
    """Words of `text` with their vectors (mean of the tokens they overlap), URL/e-mail words dropped."""
    import numpy as np

    # A word starting after the last token's end has no token (the model read only the text's start):
    # the words of a 19 MB paragraph are not listed to be dropped.
    end = max((b for _, b in tv.offsets), default=0)
    spans = [(m.start(), m.end()) for m in unmasked_words(text, end)]
    dim = tv.vectors.shape[1] if tv.vectors.ndim == 2 else 0
    if not spans or not len(tv.offsets):
        return [], np.zeros((0, dim), np.float32)
    # The tokens a word overlaps are a run [first, last): tokens are in text order, so the first is
    # the first ending after the word's start, the last the first starting at or after its end.
    offs = np.asarray(tv.offsets, dtype=np.int64).reshape(-1, 2)
    sa = np.asarray([a for a, _ in spans], dtype=np.int64)
    sb = np.asarray([b for _, b in spans], dtype=np.int64)
    first = np.searchsorted(offs[:, 1], sa, side="right")
    last = np.searchsorted(offs[:, 0], sb, side="left")
    keep = last > first  # a word with no token was truncated away by the model's maximum length
    cum = np.concatenate([np.zeros((1, dim), np.float64), np.cumsum(tv.vectors, axis=0, dtype=np.float64)])
    vecs = (cum[last[keep]] - cum[first[keep]]) / (last[keep] - first[keep])[:, None]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = (vecs / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    words = [Word(a, b, text[a:b], is_content(text[a:b])) for (a, b), k in zip(spans, keep.tolist()) if k]
    return words, vecs


def _itermax(sim: numpy.ndarray, iterations: int = 2) -> list[tuple[int, int]]:
    """SimAlign's argmax (mutual best match), then `iterations` itermax rounds for unaligned words."""
    import numpy as np

    n, m = sim.shape
    if not n or not m:
        return []
    pairs: list[tuple[int, int]] = []
    row_done = np.zeros(n, bool)
    col_done = np.zeros(m, bool)
    for it in range(iterations + 1):
        s = sim.copy()
        if it:
            s[np.ix_(row_done, col_done)] = -np.inf  # both already aligned: out of this round
        best_col = s.argmax(axis=1).tolist()
        best_row = s.argmax(axis=0).tolist()
        finite = np.isfinite(s[np.arange(n), best_col]).tolist()
        added = False
        for i in range(n):
            j = best_col[i]
            if best_row[j] == i and finite[i] and not (row_done[i] and col_done[j]):
                pairs.append((i, j))
                row_done[i] = True
                col_done[j] = True
                added = True
        if not added or (row_done.all() and col_done.all()):
            break
    return pairs


def align_words(en_text: str, en_tokens: TokenVectors, fr_text: str, fr_tokens: TokenVectors,
                iterations: int = 2) -> WordAlignment:
    """Align the words of two texts from their token vectors (see the module docstring)."""
    en, ve = _words(en_text, en_tokens)
    fr, vf = _words(fr_text, fr_tokens)
    out = WordAlignment(en, fr)
    if not en or not fr:
        return out
    sim = ve @ vf.T
    for w, b in zip(en, sim.max(axis=1).tolist()):
        w.best = b
    for w, b in zip(fr, sim.max(axis=0).tolist()):
        w.best = b
    for i, j in _itermax(sim, iterations):
        en[i].partner = j
        fr[j].partner = i
        en[i].match = fr[j].match = float(sim[i, j])
    return out


def phrases(text: str, words: Sequence[Word], missing: Sequence[Word], gap: int = 2) -> list[tuple[int, int, list[Word]]]:
    """Group missing words into phrases: runs of them with at most `gap` function words between and
    no sentence or clause punctuation between. Returns (start, end, words) with char offsets."""
    miss = {id(w) for w in missing}
    out: list[tuple[int, int, list[Word]]] = []
    cur: list[Word] = []
    since = 0
    for w in words:
        if id(w) in miss:
            between = text[cur[-1].end : w.start] if cur else ""
            # a clause break ends a phrase; a comma only before a lower-case word ("Brussels,
            # Belgium" is one name, "réunies, l'agent" two clauses)
            if cur and (since > gap or re.search(r"[.;:!?()\[\]\n]", between)
                        or ("," in between and not w.text[:1].isupper())):
                out.append((cur[0].start, cur[-1].end, cur))
                cur = []
            cur.append(w)
            since = 0
        elif cur:
            since += 1 if not w.content else gap + 1
    if cur:
        out.append((cur[0].start, cur[-1].end, cur))
    return out


def weak_words(wa: WordAlignment, side: str, ceiling: float = T.WEAK_CEILING,
               below_median: float = T.WEAK_BELOW_MEDIAN) -> list[Word]:
    """Content words of `side` whose best match on the other side is weak for this pair: below
    `ceiling` and `below_median` under the median of the side's content words (pairs differ in how
    well their words match; a loose translation lowers every word, a dropped phrase only its own)."""
    import statistics

    words = [w for w in getattr(wa, side) if w.content]
    if not words:
        return []
    cut = min(ceiling, statistics.median(w.best for w in words) - below_median)
    return [w for w in words if w.best < cut]


# -- the alignment as bytes, for the vector cache ----------------------------------------------

# Part of the cache key of a stored alignment: bump it whenever what `align_words` returns for the
# same token vectors changes (word splitting, stop words, URL masking, itermax).
ALIGNER_VERSION = 2


def pack(wa: WordAlignment) -> bytes:
    """The alignment as bytes: word counts, then (start, end, content, partner) per word, then (best, match)."""
    import numpy as np

    words = wa.en + wa.fr
    ints = [len(wa.en), len(wa.fr)] + [x for w in words for x in
                                       (w.start, w.end, int(w.content), -1 if w.partner is None else w.partner)]
    return (np.asarray(ints, dtype="<i4").tobytes()
            + np.asarray([x for w in words for x in (w.best, w.match)], dtype="<f4").tobytes())


def unpack(blob: bytes, en_text: str, fr_text: str) -> WordAlignment | None:
    """The alignment `pack` wrote for these texts, or None when the bytes do not fit them."""
    import numpy as np

    if len(blob) < 8:
        return None
    n_en, n_fr = (int(x) for x in np.frombuffer(blob[:8], dtype="<i4"))
    n = n_en + n_fr
    if n_en < 0 or n_fr < 0 or len(blob) != 8 + 16 * n + 8 * n:
        return None
    ints = np.frombuffer(blob[8 : 8 + 16 * n], dtype="<i4").reshape(n, 4).tolist()
    floats = np.frombuffer(blob[8 + 16 * n :], dtype="<f4").reshape(n, 2).tolist()
    out = WordAlignment()
    for k, ((a, b, content, partner), (best, match)) in enumerate(zip(ints, floats)):
        text, other = (en_text, n_fr) if k < n_en else (fr_text, n_en)
        if not (0 <= a < b <= len(text)) or partner >= other:
            return None
        (out.en if k < n_en else out.fr).append(
            Word(a, b, text[a:b], bool(content), None if partner < 0 else partner, best, match))
    return out


class WordAligner:
    """Word alignments for text pairs, from an embedder that offers `encode_tokens`.

    Alignments are memoised in memory per (English blocks, French blocks) and, when the embedder
    is the vector cache, on disk beside the vectors (keyed by model, aligner version and both
    texts): a warm run reads them back and computes no alignment and decodes no token vectors.
    """

    def __init__(self, embedder):
        self.embedder = embedder
        self._tokens: dict[str, TokenVectors] = {}
        self._memo: dict[tuple, tuple[str, str, WordAlignment]] = {}
        self.available = hasattr(embedder, "encode_tokens")
        self._stored = all(hasattr(embedder, a) for a in ("result_key", "lookup_results", "store_results"))
        self.computed = 0  # alignments computed (not read back) in this process

    def _store_key(self, key: tuple) -> bytes:
        en_texts, fr_texts = key
        from .embed.base import TOKEN_LAYER

        return self.embedder.result_key(f"wordalign-v{ALIGNER_VERSION}@{TOKEN_LAYER}:{len(en_texts)}",
                                        *en_texts, *fr_texts)

    def prepare_pairs(self, pairs: Sequence[tuple[Sequence[str], Sequence[str]]]) -> None:
        """Align many (English blocks, French blocks) pairs at once: stored alignments read in one
        lookup, the token vectors of the others fetched in one batch, the new alignments stored
        in one transaction."""
        todo = list(dict.fromkeys((tuple(e), tuple(f)) for e, f in pairs))
        todo = [k for k in todo if k not in self._memo]
        if not todo or not self.available:
            return
        if self._stored:
            keys = {k: self._store_key(k) for k in todo}
            found = self.embedder.lookup_results(list(keys.values()))
            missing = []
            for k in todo:
                en, fr = "\n".join(k[0]), "\n".join(k[1])
                blob = found.get(keys[k])
                wa = unpack(blob, en, fr) if blob is not None else None
                if wa is None:
                    missing.append(k)
                else:
                    self._memo[k] = (en, fr, wa)
            todo = missing
        if not todo:
            return
        self.prepare([t for e, f in todo for t in e + f])
        if not self.available:
            return
        new = {}
        for k in todo:
            out = self._compute(k)
            if self._stored:
                new[self._store_key(k)] = pack(out[2])
        if new:
            self.embedder.store_results(new)

    def prepare(self, texts: Sequence[str]) -> None:
        todo = sorted({t for t in texts if t not in self._tokens})
        if not todo or not self.available:
            return
        from .embed import EmbedderError

        try:
            for t, tv in zip(todo, self.embedder.encode_tokens(todo)):
                self._tokens[t] = tv
        except EmbedderError:
            self.available = False  # a backend without token vectors: no word-level findings

    def _joined(self, texts: Sequence[str]) -> tuple[str, TokenVectors]:
        """Several blocks as one text (joined by a newline) with their token vectors."""
        import numpy as np

        from .embed.base import TokenVectors

        if len(texts) == 1:
            return texts[0], self._tokens[texts[0]]
        offs, vecs, base = [], [], 0
        for t in texts:
            tv = self._tokens[t]
            offs += [(a + base, b + base) for a, b in tv.offsets]
            vecs.append(tv.vectors)
            base += len(t) + 1
        return "\n".join(texts), TokenVectors(offs, np.concatenate(vecs))

    def align(self, en_texts: Sequence[str], fr_texts: Sequence[str]) -> tuple[str, str, WordAlignment] | None:
        """(English text, French text, alignment) for a pair of blocks (several joined by newlines)."""
        key = (tuple(en_texts), tuple(fr_texts))
        if key not in self._memo:
            self.prepare_pairs([key])
        return self._memo.get(key) if self.available or key in self._memo else None

    def _compute(self, key: tuple) -> tuple[str, str, WordAlignment]:
        en, etv = self._joined(key[0])
        fr, ftv = self._joined(key[1])
        out = (en, fr, align_words(en, etv, fr, ftv))
        self._memo[key] = out
        self.computed += 1
        return out

    def forget(self) -> None:
        self._tokens.clear()
        self._memo.clear()
