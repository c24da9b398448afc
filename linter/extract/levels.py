"""Language proficiency levels: NATO's Roman levels with their labels, "level V", Canadian profiles (CBC)."""

from __future__ import annotations

import re

from .common import _ROMAN_VALUES, _Mask, Quantity, _lazy, _q


_LEVEL_LABEL = _lazy(
    r"(?P<r>[IV](?<![\w][IV])[IV]{0,2})(?![\w])\s*\(\s*[\"“”«»‘’'„]\s*"
    r"(?P<label>[^\W\d_][^()\"“”«»]{0,40}?)\s*[\"“”«»‘’']?\s*\)"
)
_LEVEL_WORD = _lazy(
    r"(?i:\b(?:levels?|niveaux?)(?:[ \t]+(?:de[ \t]+compétence|de[ \t]+competence|of[ \t]+proficiency|minimum|minimal|minimaux))?)"
    r"[ \t\u00a0]+(?P<r>VI|IV|V|III|II|I)(?![\w])"
    r"(?P<more>(?:[ \t]*(?:,|/|and|et|or|ou)[ \t]*(?:VI|IV|V|III|II|I)(?![\w]))*)"
)
_CBC = _lazy(r"(?P<p>[ABCEPX](?<![\w/][ABCEPX])[ABCEPX]{2}(?:[ \u00a0]?/[ \u00a0]?[ABCEPX]{3})?)(?![\w/])")
_CBC_CONTEXT = _lazy(
    r"(?i)bilingu|linguisti|language|langue|level|niveau|profil|imperative|impératif|imperatif|reading|writing|oral|lecture|écrit|ecrit")


def _scan_levels(text: str, mask: _Mask, low: str) -> list[Quantity]:
    out: list[Quantity] = []
    if "(" in text:
        for m in _LEVEL_LABEL.finditer(text):
            s, e = m.span()
            v = _ROMAN_VALUES.get(m.group("r"), 0)
            if 1 <= v <= 6 and mask.free(s, e):
                out.append(_q(text, "level", v, s, e))
    taken = {q.start for q in out}
    if "level" not in low and "niveau" not in low:
        return _scan_cbc(text, mask, out)
    for m in _LEVEL_WORD.finditer(text):
        s, e = m.span("r")
        if s in taken or not mask.free(m.start(), m.end()):
            continue
        out.append(_q(text, "level", _ROMAN_VALUES[m.group("r")], m.start(), e))
        more = m.group("more")
        if more:
            base = m.start("more")
            for r in re.finditer(r"VI|IV|V|III|II|I", more):
                rs = base + r.start()
                if rs not in taken:
                    out.append(_q(text, "level", _ROMAN_VALUES[r.group()], rs, base + r.end()))
    return _scan_cbc(text, mask, out)


def _scan_cbc(text: str, mask: _Mask, out: list[Quantity]) -> list[Quantity]:
    for m in _CBC.finditer(text):
        s, e = m.span()
        if not mask.free(s, e):
            continue
        if "/" in m.group() or _CBC_CONTEXT.search(text, max(0, s - 80), min(len(text), e + 40)):
            out.append(_q(text, "level", _profile(m.group()), s, e))
    out.sort(key=lambda q: q.start)
    return out


def _profile(written: str) -> str:
    """A Canadian language profile's value: "BBB / BBB" → "BBB/BBB"; a profile that asks the same
    levels in both official languages, "BBB/BBB", states what "BBB" written once states → "BBB"."""
    parts = [p.strip() for p in written.split("/")]
    return parts[0] if len(set(parts)) == 1 else "/".join(parts)
