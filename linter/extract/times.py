"""Times of day: 12- and 24-hour, "23 h 59", midnight/noon words, in both languages."""

from __future__ import annotations

import datetime as _dt
import re

from .common import _HSP, _Mask, Quantity, _lazy, _q


_AMPM = r"(?P<ap>[AaPp]\.[ \u202f\u00a0]?[Mm]\.|[AaPp][Mm](?![\w]))"
_TIME_COLON = _lazy(
    r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?(?![0-9:])"
    r"(?:[ \t\u00a0\u202f\u2009]?" + _AMPM + r")?"
)
_TIME_AMPM = _lazy(r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?)[ \t\u00a0\u202f\u2009]?" + _AMPM)
_TIME_H = _lazy(r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?)" + _HSP + r"?h" + _HSP + r"?(?P<mi>[0-5][0-9])(?![0-9])"
                r"(?:" + _HSP + r"?min(?:" + _HSP + r"?(?P<s>[0-5][0-9])" + _HSP + r"?s)?(?![\w]))?")
_TIME_H_BARE = _lazy(r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?)" + _HSP + r"?h(?![\w])")
# a bare French hour ("16 h", the usual Canadian writing) is a time after a preposition of time, a
# date or a label ("le 3 mars 2025, 16 h", "Date limite : 16 h"), or before a time zone ("16 h (HNE)")
_TIME_H_BEFORE = _lazy(r"(?i)(?:\bà|\bavant|\baprès|\bvers|\bdès|\bjusqu['’]à|\bde|\bentre|\bd['’]ici|\btard"
                       r"|[0-9]{4}" + _HSP + r"*,|[0-9]{4}" + _HSP + r"*(?:à|-|–)|:)" + _HSP + r"*$")
_TIME_H_AFTER = _lazy(r"(?i)" + _HSP + r"*(?:(?:à|-|–|et)" + _HSP + r"*[0-2]?[0-9]" + _HSP + r"?h(?![\w])"
                      r"|\(?(?:HN|HA|HE|UTC|GMT|heure\b)[A-Z]?\b)")
# "24/7", "24x7", "24 h/24, 7 j/7", "24 heures sur 24, 7 jours sur 7", "24 hours a day, 7 days a week":
# always available, one value (not the counts 24 and 7, nor durations of 24 hours and 7 days)
_ROUND_THE_CLOCK = _lazy(
    r"(?i)(?<![\w/])(?:24" + _HSP + r"?[/x×]" + _HSP + r"?7(?:" + _HSP + r"?/" + _HSP + r"?365)?(?![\w/])"
    r"|24" + _HSP + r"*h(?:eures?|ours?)?" + _HSP + r"*(?:/|sur|a|per|par)" + _HSP + r"*(?:24|jour|day)(?:" + _HSP + r"?h\b)?"
    r"(?:" + _HSP + r"*(?:,|et|and|-|–)?" + _HSP + r"*7" + _HSP + r"*(?:j|d)(?:ours?|ays?)?" + _HSP + r"*(?:/|sur|a|per|par)"
    + _HSP + r"*(?:7|semaine|week)(?:" + _HSP + r"?j\b)?)?)")
_TIME_WORD = _lazy(r"(?i)(?<![\w-])(midnight|minuit|noon|midday|midi)(?![\w-])")


def _mk_time(h: int, mi: int, s: int, ap: str | None) -> _dt.time | None:
    if ap:
        if not 1 <= h <= 12:
            return None
        pm = ap.strip()[0] in "pP"
        h = (h % 12) + (12 if pm else 0)
    if h == 24 and mi == 0 and s == 0:
        h = 0
    try:
        return _dt.time(h, mi, s)
    except ValueError:
        return None


def scan_round_the_clock(text: str, mask: _Mask) -> list[Quantity]:
    """"24/7" and its writings in both languages: value "24/7"."""
    out = []
    for m in _ROUND_THE_CLOCK.finditer(text):
        s, e = m.span()
        if mask.free(s, e):
            mask.take(s, e)
            out.append(_q(text, "always", "24/7", s, e))
    return out


def _scan_times(text: str, mask: _Mask, low: str, has_digit: bool = True) -> list[Quantity]:
    out = []
    if has_digit:
        out = _scan_digit_times(text, mask)
    if not any(w in low for w in ("midnight", "minuit", "noon", "midday", "midi")):
        return out
    for m in _TIME_WORD.finditer(text):
        s, e = m.span()
        w = m.group(1).lower()
        if w == "midi" and re.search(r"(?i)après[\s-]*$", text[max(0, s - 8):s]):
            continue
        if mask.free(s, e):
            mask.take(s, e)
            out.append(_q(text, "time", _dt.time(0, 0) if w in ("midnight", "minuit") else _dt.time(12, 0), s, e))
    return out


def _scan_digit_times(text: str, mask: _Mask) -> list[Quantity]:
    out = []
    if ":" in text:
        for m in _TIME_COLON.finditer(text):
            s, e = m.span()
            t = _mk_time(int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0), m.group("ap"))
            if t is not None and mask.free(s, e):
                mask.take(s, e)
                out.append(_q(text, "time", t, s, e))
    for m in _TIME_AMPM.finditer(text):
        s, e = m.span()
        t = _mk_time(int(m.group("h")), 0, 0, m.group("ap"))
        if t is not None and mask.free(s, e):
            mask.take(s, e)
            out.append(_q(text, "time", t, s, e))
    for m in _TIME_H.finditer(text):
        s, e = m.span()
        t = _mk_time(int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0), None)
        if t is not None and mask.free(s, e):
            mask.take(s, e)
            out.append(_q(text, "time", t, s, e))
    for m in _TIME_H_BARE.finditer(text):
        s, e = m.span()
        if not (_TIME_H_BEFORE.search(text, max(0, s - 12), s) or _TIME_H_AFTER.match(text, e)):
            continue
        t = _mk_time(int(m.group("h")), 0, 0, None)
        if t is not None and mask.free(s, e):
            mask.take(s, e)
            out.append(_q(text, "time", t, s, e))
    return out
