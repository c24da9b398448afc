"""Names that must stay the same across languages (NL407): quoted strings, CamelCase words, runs of
capitalised words; whether the other side writes a name, and which names a word alignment shows written
differently (Task Tracker / Tasker Tracker), respelled or replaced."""

from __future__ import annotations

import re

from .wordalign import STOP_WORDS, WordAlignment, unmasked_words

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

__all__ = ["names", "has_unwritten_name", "changed_names", "respelled"]

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
    for m in unmasked_words(text):
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
