"""Dates with a year, in English and French writings (CLDR month names) and numeric forms (ISO, day first)."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from .common import _HSP, _Mask, Quantity, _alternation, _lazy, _locale, _q, _strip_accents


@lru_cache(maxsize=None)
def _months() -> dict[str, int]:
    """Month name (lower case, without trailing dot) → month, from CLDR: en/fr, wide and abbreviated."""
    table: dict[str, int] = {}
    for code in ("en", "fr", "en_GB", "fr_CA"):  # en_GB: "Sept"; fr_CA: "juill."
        loc = _locale(code)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for m, name in loc.months[ctx][width].items():
                    for v in (name, _strip_accents(name)):
                        table.setdefault(v.lower().rstrip("."), m)
    return table


@lru_cache(maxsize=None)
def _date_res() -> tuple[re.Pattern, ...]:
    months = "(?i:" + _alternation(_months()) + ")"
    sp = _HSP
    dmy = re.compile(
        rf"(?<![\w.,])(?P<d>[0-3]?[0-9])(?P<suf>er|ᵉʳ|st|nd|rd|th)?(?:{sp}+of)?(?P<s1>{sp}+|-|/|\.)"
        rf"(?P<m>{months})(?P<dot>\.)?(?P<s2>,?{sp}+|-|/|\.)(?P<y>[12][0-9]{{3}})(?![\w])"
    )
    mdy = re.compile(
        rf"(?<![\w])(?P<m>{months})(?P<dot>\.)?{sp}+(?P<d>[0-3]?[0-9])(?P<suf>st|nd|rd|th)?"
        rf"(?P<s2>,?{sp}+)(?P<y>[12][0-9]{{3}})(?![\w])"
    )
    return dmy, mdy


_YEAR = _lazy(r"[12][0-9]{3}(?![0-9])")
_ISO_DATE = _lazy(r"(?<![\w.\-/])(?P<y>[12][0-9]{3})(?P<s>[-/.])(?P<m>[01]?[0-9])(?P=s)(?P<d>[0-3]?[0-9])(?![\w]|[-/.][0-9])")
_NUM_DATE = _lazy(r"(?<![\w.\-/])(?P<d>[0-3]?[0-9])(?P<s>[/.\-])(?P<m>[0-3]?[0-9])(?P=s)(?P<y>[12][0-9]{3})(?![\w]|[-/.][0-9])")


def _mk_date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _scan_dates(text: str, mask: _Mask, day_first: bool) -> list[Quantity]:
    out: list[Quantity] = []
    # every date has a year: look only around the four-digit numbers
    windows: list[list[int]] = []
    for y in _YEAR.finditer(text):
        lo, hi = max(0, y.start() - 40), min(len(text), y.end() + 12)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    if not windows:
        return out
    months = _months()
    for lo, hi in windows:
        for rx in _date_res():
            for m in rx.finditer(text, lo, hi):
                s, e = m.span()
                month = months.get(m.group("m").lower())
                if not month or not mask.free(s, e):
                    continue
                d = _mk_date(int(m.group("y")), month, int(m.group("d")))
                if d:
                    mask.take(s, e)
                    out.append(_q(text, "date", d, s, e))
    for rx, (lo, hi) in ((rx, w) for w in windows for rx in (_ISO_DATE, _NUM_DATE)):
        for m in rx.finditer(text, lo, hi):
            s, e = m.span()
            if not mask.free(s, e):
                continue
            y, mo, da = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if rx is _NUM_DATE:
                # groups are named for the day-first reading; read month first when asked to
                # (and the first number can be a month) or when day first is impossible
                if (not day_first and da <= 12) or (day_first and mo > 12 and da <= 12):
                    mo, da = da, mo
            d = _mk_date(y, mo, da)
            if d:
                mask.take(s, e)
                out.append(_q(text, "date", d, s, e))
    return out
