"""Sentence boundaries in English and French notice text (abbreviations such as e.g., p. ex., Ph.D. kept whole)."""

from __future__ import annotations

import re

# Words after which a full stop does not end a sentence, in either language.
ABBREVIATIONS = frozenset(
    """e.g i.e etc vs cf al approx incl no nos p pp ex p.ex mr mrs ms dr prof st mt jr sr
    m mme mmes mlle me art al ch chap min max env nb ph.d phd dept gen col lt capt maj""".split()
)
# Tried at the start of a run of stops only, without backtracking (the same matches: neither part can
# give back what the next needs), so a run of 100,000 full stops is one attempt, not 100,000 of them.
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”»)\]]*+\s++(?=[\"'“«(\[]?[A-ZÀ-ÖØ-Þ0-9])")


_WORD_CHAR = re.compile(r"[\w.]")
_LONGEST = max(map(len, ABBREVIATIONS)) + 2  # a longer word before a full stop is no abbreviation


def _abbreviation_before(text: str, start: int, stop: int) -> bool:
    """The word ending just before the full stop at `stop` (within the sentence begun at `start`) is an
    abbreviation or a single letter. Read back from the stop, at most a few characters: a sentence of
    thousands of abbreviations ("Mr. Mr. Mr. ...") costs each stop the same, not the sentence so far."""
    k = stop
    if k > start and text[k - 1] == "\n":  # as `$` matched before a final newline
        k -= 1
    j = k
    while j > start and k - j <= _LONGEST and _WORD_CHAR.match(text, j - 1):
        j -= 1
    if k - j > _LONGEST:
        return False
    w = text[j:k].lower().rstrip(".")
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text."""
    out = []
    start = 0
    for m in _END.finditer(text):
        if text[m.start()] == "." and _abbreviation_before(text, start, m.start()):
            continue
        end = m.end()
        seg = text[start:end].rstrip()
        if seg:
            out.append((start, start + len(seg)))
        start = end
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out
