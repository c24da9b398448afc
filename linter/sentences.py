"""Sentence boundaries in English and French notice text (abbreviations such as e.g., p. ex., Ph.D. kept whole)."""

from __future__ import annotations

import re

# Words after which a full stop does not end a sentence, in either language.
ABBREVIATIONS = frozenset(
    """e.g i.e etc vs cf al approx incl no nos p pp ex p.ex mr mrs ms dr prof st mt jr sr
    m mme mmes mlle me art al ch chap min max env nb ph.d phd dept gen col lt capt maj""".split()
)
_END = re.compile(r"[.!?…]+[\"'”»)\]]*\s+(?=[\"'“«(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text."""
    out = []
    start = 0
    for m in _END.finditer(text):
        before = text[start:m.start() + 1]
        word = re.search(r"([\w.]+)\.?$", before.rstrip(".!?…"))
        w = (word.group(1) if word else "").lower().rstrip(".")
        if text[m.start()] == "." and (w in ABBREVIATIONS or (len(w) == 1 and w.isalpha())):
            continue
        end = m.end()
        seg = text[start:end].rstrip()
        if seg:
            out.append((start, start + len(seg)))
        start = end
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out
