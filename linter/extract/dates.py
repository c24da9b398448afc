"""Dates with a year, in English and French writings (CLDR month names) and numeric forms (ISO, day first)."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from .cldr import months as _cldr_months
from .common import _HSP, _Mask, Quantity, _alternation, _lazy, _q


def _months() -> dict[str, int]:
    """Month name (lower case, without trailing dot) → month, from CLDR: en/fr, wide and abbreviated
    (en_GB "Sept", fr_CA "juill."); stored in linter/data/cldr.json (extract/cldr.py)."""
    return _cldr_months()


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


@lru_cache(maxsize=None)
def _range_res() -> tuple[re.Pattern, ...]:
    """Day ranges inside one month and year: "September 21st-23rd, 2018", "October 26-28th, 2018",
    "September 28 to October 2, 2018"; "du 21 au 23 septembre 2018", "26-28 Octobre, 2018"."""
    months = "(?i:" + _alternation(_months()) + ")"
    sp = _HSP
    suf = r"(?:er|ᵉʳ|st|nd|rd|th)?"
    to = rf"{sp}*{_RANGE_TO}{sp}*"
    md = re.compile(rf"(?<![\w])(?P<m>{months})\.?{sp}+(?P<d>[0-3]?[0-9]){suf}{to}(?:(?P<m2>{months})\.?{sp}+)?"
                    rf"(?P<d2>[0-3]?[0-9]){suf},?{sp}+(?P<y>[12][0-9]{{3}})(?![\w])")
    dm = re.compile(rf"(?<![\w.,])(?P<d>[0-3]?[0-9]){suf}{to}(?P<d2>[0-3]?[0-9]){suf}{sp}+(?:(?:of|de){sp}+)?"
                    rf"(?P<m>{months})\.?,?{sp}+(?P<y>[12][0-9]{{3}})(?![\w])")
    return md, dm


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
        return _scan_partial_dates(text, mask) if _may_hold_month(text) else out
    months = _months()
    for lo, hi in windows:
        for rx in _range_res():
            for m in rx.finditer(text, lo, hi):
                s, e = m.span()
                mo = months.get(m.group("m").lower())
                m2 = months.get(m.group("m2").lower()) if m.groupdict().get("m2") else mo
                if not (mo and m2) or not mask.free(s, e):
                    continue
                y = int(m.group("y"))
                d1, d2 = _mk_date(y, mo, int(m.group("d"))), _mk_date(y, m2, int(m.group("d2")))
                if d1 and d2 and d1 < d2:
                    mask.take(s, e)
                    out.append(_q(text, "date", d1, s, m.end("d")))
                    out.append(_q(text, "date", d2, m.start("d2"), e))
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
    out.extend(_scan_partial_dates(text, mask))
    out.sort(key=lambda q: q.start)
    return out


def _may_hold_month(text: str) -> bool:
    return any(c.isdigit() for c in text)


# --- dates without a year, months with a year, ranges ---------------------------------------------
# "December 25", "25 décembre", "du 25 au 31 décembre", "December 25-December 31st",
# "December 2024", "April - December 2024" = "avril à décembre 2024". Their value is a
# (year or None, month, day or None) tuple: a partial date, compared field by field (`same_date`).

_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "sept", "jan", "dec", "mars", "juin", "août", "aout"})
_RANGE_TO = r"(?:[-–—]|to|through|until|à|au|et|and)"


_WORD = _lazy(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _partial_res() -> tuple[re.Pattern, ...]:
    months = "(?i:" + _alternation(_months()) + ")"
    sp = _HSP
    day = r"(?P<d>[0-3]?[0-9])(?:er|ᵉʳ|st|nd|rd|th)?"
    md = re.compile(rf"(?<![\w])(?P<m>{months})(?P<dot>\.)?{sp}+{day}(?![\w])")
    dm = re.compile(rf"(?<![\w.,])(?:(?P<d0>[0-3]?[0-9])(?:er|ᵉʳ|st|nd|rd|th)?{sp}*{_RANGE_TO}{sp}*)?"
                    rf"{day}{sp}+(?:of{sp}+)?(?P<m>{months})(?P<dot>\.)?(?![\w])")
    my = re.compile(rf"(?<![\w])(?:(?P<m0>{months})\.?{sp}*{_RANGE_TO}{sp}*)?(?P<m>{months})(?P<dot>\.)?,?{sp}+"
                    rf"(?P<y>[12][0-9]{{3}})(?![\w])")
    return md, dm, my


def _month_ok(word: str) -> bool:
    """A month name in a text without a year: "may", "march", "sept" in lower case are other words."""
    return not (word.islower() and word.lower() in _AMBIGUOUS_MONTHS and len(word) < 6) or word in ("juin", "août", "aout", "mars")


def _scan_partial_dates(text: str, mask: _Mask) -> list[Quantity]:
    months = _months()
    out: list[Quantity] = []
    names = frozenset(w for w in {w.lower() for w in _WORD.findall(text)} if w in months)
    if not names:
        return out
    md, dm, my = _partial_res()  # run only on texts that hold a month name
    # month and year ("December 2024"), with the first month of a range ("April - December 2024")
    for m in my.finditer(text):
        s, e = m.span()
        mo = months.get(m.group("m").lower())
        if not mo or not mask.free(s, e):
            continue
        y = int(m.group("y"))
        if m.group("m0") and months.get(m.group("m0").lower()):
            m0s = m.start("m0")
            out.append(_q(text, "date", (y, months[m.group("m0").lower()], None), m0s, m0s + len(m.group("m0"))))
        out.append(_q(text, "date", (y, mo, None), m.start("m"), e))
        mask.take(s, e)
    if not any(c.isdigit() for c in text):
        return out
    for rx in (dm, md):
        for m in rx.finditer(text):
            s, e = m.span()
            word = m.group("m")
            mo = months.get(word.lower())
            if not mo or not mask.free(s, e) or not _month_ok(word):
                continue
            d = int(m.group("d"))
            if not 1 <= d <= 31:
                continue
            d0 = m.groupdict().get("d0")
            if d0 and 1 <= int(d0) <= 31:
                out.append(_q(text, "date", (None, mo, int(d0)), m.start("d0"), m.end("d0")))
                out.append(_q(text, "date", (None, mo, d), m.start("d"), e))
            else:
                out.append(_q(text, "date", (None, mo, d), s, e))
            mask.take(s, e)
    return out


def same_date(a, b) -> bool:
    """Equal dates, a partial date (no year, or no day) agreeing with a full one on what it gives."""
    if a == b:
        return True
    ta = (a.year, a.month, a.day) if isinstance(a, _dt.date) else a
    tb = (b.year, b.month, b.day) if isinstance(b, _dt.date) else b
    if not (isinstance(ta, tuple) and isinstance(tb, tuple)):
        return False
    return all(x is None or y is None or x == y for x, y in zip(ta, tb)) and ta[1] == tb[1]
