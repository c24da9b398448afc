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
memoises the alignment per text pair.
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

__all__ = ["Word", "WordAlignment", "align_words", "WordAligner", "is_content", "phrases", "weak_words", "names",
           "has_unwritten_name", "changed_names", "STOP_WORDS"]

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


def _unmasked_words(text: str, before: int | None = None):
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
    spans = [(m.start(), m.end()) for m in _unmasked_words(text, end)]
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


# -- names ---------------------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“«]\s*([^\"“”«»\n]{2,60}?)\s*[\"”»]")
_CAP = r"(?:[A-Z][\w’'&.-]*)"
_NAME = re.compile(rf"\b{_CAP}(?:[ \u00a0]+{_CAP})+|\b[A-Z][a-z]+[A-Z]\w*")
_LEAD = STOP_WORDS


def names(text: str) -> list[tuple[int, int]]:
    """Spans of names that must stay the same across languages: quoted strings (a UI message),
    CamelCase words (SharePoint), runs of two or more capitalised words (Task Tracker, MS Windows).
    A leading stop word (The, La) is not part of the name."""
    import bisect

    out = []
    for m in _QUOTED.finditer(text):
        out.append((m.start(1), m.end(1)))
    quoted = len(out)  # in order, apart; a name starts after the names before it end (one pass each)
    for m in _NAME.finditer(text):
        a, b = m.start(), m.end()
        parts = list(_WORD.finditer(text, a, b))
        while parts and parts[0].group().lower() in _LEAD:
            parts.pop(0)
        if parts and not (len(parts) == 1 and not re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", parts[0].group())):
            a = parts[0].start()
            k = bisect.bisect_right(out, (a, float("inf")), 0, quoted) - 1
            if not (k >= 0 and out[k][0] <= a < out[k][1]):
                out.append((a, b))
    return sorted(out)


def _fold(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if c.isalnum())


def _folded_words(text: str) -> tuple[str, bytearray]:
    """Each word of text, case and accents folded, but those of URLs and e-mail addresses
    (northbridgebank.example.com is not a spelling of Northbridge Bank): as one string, and a byte a
    character saying where a word begins or ends (a list of a 19 MB line's words took 200 MB)."""
    parts, cuts = [], bytearray(b"\x01")
    for m in _unmasked_words(text):
        parts.append(_fold(m.group()))
        cuts.extend(b"\x00" * len(parts[-1]))
        cuts[-1] = 1
    return "".join(parts), cuts


def _written(name: str, folded: tuple[str, bytearray]) -> bool:
    """Is `name` written on the other side (`folded`: its `_folded_words`): the same letters as a run
    of whole words, case, accents and spaces ignored (Chat GPT / ChatGPT is one spelling; the gold
    set reads it so), but not inside a longer word (KinderLex is not written in KinderLexi)?"""
    joined, (words, cuts) = _folded_words(name)[0], folded
    if not joined:
        return True
    i = words.find(joined)
    while i >= 0 and not (cuts[i] and cuts[i + len(joined)]):
        i = words.find(joined, i + 1)
    return i >= 0


def has_unwritten_name(en_text: str, fr_text: str) -> bool:
    """Is a name of either text (see `names`) not written on the other side (`_written`)? Only such a
    pair can hold a changed name: the others need no word alignment (`changed_names` passes them)."""
    fe, ff = _folded_words(en_text), _folded_words(fr_text)
    return any(not _written(en_text[a:b], ff) for a, b in names(en_text)) or \
        any(not _written(fr_text[a:b], fe) for a, b in names(fr_text))


def _near(x: str, y: str) -> bool:
    """Two spellings of one word: one extends the other by up to three letters (Task/Tasker,
    Grand/Grands), or they differ by one letter changed, added or dropped in a word of five letters
    or more (PolisMetrics/PoliMetrics). Letter case and accents alone do not count (Montreal /
    Montréal), nor an ending with an accented letter, which is how French adapts a word (Unit /
    Unité, Program / Programmé), not how a name is misspelled."""
    x, y = x.casefold(), y.casefold()
    if _fold(x) == _fold(y) or min(len(x), len(y)) < 3:
        return False
    if x.startswith(y) or y.startswith(x):
        ending = (x if len(x) > len(y) else y)[min(len(x), len(y)):]
        return abs(len(x) - len(y)) <= 3 and ending.isascii()
    if len(x) == len(y) and len(x) >= 4:
        return sum(a != b for a, b in zip(x, y)) == 1
    if abs(len(x) - len(y)) == 1 and min(len(x), len(y)) >= 5:
        short, long_ = sorted((x, y), key=len)
        k = next((i for i, (a, b) in enumerate(zip(short, long_)) if a != b), len(short))
        return short[k:] == long_[k + 1:]
    return False


def _starts_sentence(text: str, at: int) -> bool:
    j = at  # the last character before `at` that is not a space (text[:at] copied the text per name)
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j == 0 or text[j - 1] in ".!?:"


def changed_names(en_text: str, fr_text: str, wa: WordAlignment, swap: float = 0.6):
    """(en span, fr span) of names written differently in the two texts (see `names`).

    A name written on the other side (`_written`: case, accents and spaces ignored, whole words) is
    fine. Otherwise its words' aligned counterparts give the other side's version; it is a changed
    name when the two have as many words in the same order and every word that differs is a
    near-identical spelling (Task Tracker / Tasker Tracker, KinderLex / KinderLexi) or, beside at
    least one word written the same, another capitalised word that matches nothing on the other
    side as well as `swap` (MS Windows / MS Office). A translated name (Google Calendar / Google
    Agenda, COVID Alert / Alerte COVID) is not reported.
    """
    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    en_words, fr_words = _folded_words(en_text), _folded_words(fr_text)
    seen = set()
    for lang, text, other_folded, own, other_words in (
            ("en", en_text, fr_words, wa.en, wa.fr), ("fr", fr_text, en_words, wa.fr, wa.en)):
        for a, b in names(text):
            if _written(text[a:b], other_folded):
                continue
            idx = [k for k, w in enumerate(own) if a <= w.start < b]
            if not idx:
                continue
            partners = [own[k].partner for k in idx]
            if any(p is None for p in partners):
                continue
            # the words may align crosswise when two names swapped a word; compare by position
            lo, hi = min(partners), max(partners)
            if hi - lo + 1 != len(idx):
                continue
            mine = [own[k].text for k in idx]
            theirs = [other_words[k].text for k in range(lo, hi + 1)]
            same = [x.casefold() == y.casefold() for x, y in zip(mine, theirs)]
            if all(same) or (not same[0] and all(same[1:]) and _starts_sentence(text, a)):
                continue  # a sentence's first word is capitalised for the sentence (Contact / Contactez Marc Keller)
            # a differing word is a respelling (Task / Tasker), or, beside a word written the same,
            # another name in its place: both capitalised and matching each other no better than
            # unrelated words (MS Windows / MS Office; a translated name word matches its
            # translation: Calendar / Agenda 0.72)
            if not all(s or _near(x, y) or (any(same) and x[:1].isupper() and y[:1].isupper() and own[k].best < swap)
                       for s, x, y, k in zip(same, mine, theirs, idx)):
                continue
            span_other = (other_words[lo].start, other_words[hi].end)
            found = ((a, b), span_other) if lang == "en" else (span_other, (a, b))
            if found not in seen:
                seen.add(found)
                out.append(found)
    return out


def respelled(a: str, b: str) -> bool:
    """Are two writings of a name the same words, each written the same or respelled (`_near`)? A
    name whose word is replaced by another (MS Windows / MS Office) is not."""
    x, y = _WORD.findall(a), _WORD.findall(b)
    return len(x) == len(y) and all(p.casefold() == q.casefold() or _near(p, q) for p, q in zip(x, y))


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
