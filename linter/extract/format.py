"""Values written back as text in a language's style (Babel), or in the style of an example the
notice gives: the suggestions of the rules."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from functools import lru_cache

from .analyse import find_amounts
from .common import _OTHER, _lang, _locale, _strip_accents
from .dates import _ISO_DATE, _NUM_DATE, _date_res, _months, _partial_res
from .money import _currency_data
from .numbers import _NUM_RE
from .times import _TIME_COLON, _TIME_H


def format_number(value, lang: str, like: str | None = None) -> str:
    """A number the way `lang` writes it (Babel): 5043.5 → "5,043.5" / "5 043,5"."""
    from babel.numbers import format_decimal

    lang = _lang(lang)
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    exp = d.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    s = format_decimal(d, format=pattern, locale=lang)
    if like:
        s = _regroup_like(s, lang, like)
    return s


def _regroup_like(s: str, lang: str, like: str) -> str:
    """Use the group separator of `like` ("5 043,00" with a plain space) instead of Babel's."""
    group = _locale(lang).number_symbols["latn"]["group"]
    m = re.search(r"[0-9]([ \u00a0\u202f\u2009,.'’])[0-9]{3}(?![0-9])", like)
    dec = _locale(lang).number_symbols["latn"]["decimal"]
    if m and m.group(1) != dec:
        return s.replace(group, m.group(1))
    if re.search(r"[0-9]{4}", like):
        return s.replace(group, "")
    return s


def format_amount(value, currency: str, lang: str, like: str | None = None) -> str:
    """An amount the way `lang` writes it: format_amount(Decimal("5043.00"), "EUR", "fr") →
    "5 043,00 €" (Babel). With `like` (an amount as the notice wrote it, "5 043,00Euro (EUR)"),
    its currency wording, position, spacing and group separator are kept: "5 043,00Euro (EUR)".
    currency "" gives the number alone."""
    lang = _lang(lang)
    num = format_number(value, lang)
    if like:
        q = (find_amounts(like, lang) or find_amounts(like, _OTHER[lang]) or [None])[0]
        if q is not None:
            raw = like[q.start:q.end]
            m = _NUM_RE.search(raw)
            if m:
                num = _regroup_like(num, lang, m.group())
                return raw[:m.start()] + num + raw[m.end():]
    if not currency:
        return num
    from babel.numbers import get_currency_symbol

    try:
        pattern = _locale(lang).currency_formats["standard"].pattern
    except Exception:
        pattern = "#,##0.00 ¤"
    if currency == "$":
        sym = "$"
    else:
        # the language's own symbol, unless it reads as another currency (en "$" for USD):
        # then the symbol of a regional variant that is unambiguous ("US$"), else the code
        sym_map = _currency_data()[0]
        sym = currency
        for loc in ((lang, "en_CA", "en_GB") if lang == "en" else (lang, "fr_CA")):
            try:
                cand = get_currency_symbol(currency, loc)
            except Exception:
                continue
            if sym_map.get(cand) == currency:
                sym = cand
                break
    pattern = pattern.split(";")[0]
    if pattern.startswith("¤"):
        return sym + ("\u00a0" if pattern[1:2].isspace() or sym[-1:].isalpha() else "") + num
    return num + ("\u00a0" if "\u00a0¤" in pattern or " ¤" in pattern else "") + sym


def format_date(d: _dt.date | tuple, lang: str, like: str | None = None) -> str:
    """A date in the style of an example: like "05-janv.-2025" → "11-mai-2025"; like
    "05-Jan-2025" → "11-May-2025"; like "2025-01-05" → "2025-05-11". Without a readable
    example: Babel's medium format ("May 11, 2025", "11 mai 2025"). A partial date, a
    (year or None, month, day or None) tuple, is written with the parts it has: like "mai 2026"
    → "avril 2026", like "December 25" → "May 3"; Babel's pattern for the parts it has ("avril 2026",
    "3 mai") when the example gives other parts."""
    from babel.dates import format_date as babel_format_date, format_skeleton

    lang = _lang(lang)
    if isinstance(d, tuple):
        y, month, day = d
        stand_in = _dt.date(y or 2000, month, day or 1)  # 2000: a leap year, so 29 February stands
        out = like and _partial_like(stand_in, y is not None, day is not None, lang, like)
        if out:
            return out
        skeleton = ("y" if y else "") + "MMMM" + ("d" if day else "")
        return format_skeleton(skeleton, stand_in, locale=lang)
    if like:
        out = _date_like(d, lang, like)
        if out:
            return out
    return babel_format_date(d, "medium", locale=lang)


def _date_like(d: _dt.date, lang: str, like: str) -> str | None:
    months = _months()
    dmy = _date_res()[0]
    for rx in _date_res():
        m = rx.search(like)
        if not (m and months.get(m.group("m").lower())):
            continue
        gd = m.groupdict()
        parts = []
        last = m.start()
        groups = [g for g in ("d", "suf", "m", "dot", "y") if gd.get(g) is not None]
        for g in sorted(groups, key=m.start):
            parts.append(like[last:m.start(g)])
            parts.append(_date_part(g, m, d, lang))
            last = m.end(g)
        parts.append(like[last:m.end()])
        out = "".join(parts)
        if (rx is dmy and gd.get("suf") is None and lang == "fr" and d.day == 1
                and not m.group("d").startswith("0") and m.group("s1").isspace()):
            out = "1er" + out[1:]  # French writes the first of the month "1er mai"
        return out
    for rx in (_ISO_DATE, _NUM_DATE):
        m = rx.search(like)
        if m:
            parts = []
            last = m.start()
            for g in sorted(("d", "m", "y"), key=m.start):
                parts.append(like[last:m.start(g)])
                v = {"d": d.day, "m": d.month, "y": d.year}[g]
                parts.append(f"{v:02d}" if g != "y" and len(m.group(g)) == 2 else str(v))
                last = m.end(g)
            parts.append(like[last:m.end()])
            return "".join(parts)
    return None


_DAY_SUFFIX = re.compile(r"er|ᵉʳ|st|nd|rd|th")


def _partial_like(d: _dt.date, has_year: bool, has_day: bool, lang: str, like: str) -> str | None:
    """A partial date written in the shape of `like` ("December 2024", "25 décembre", "April 3rd"),
    when `like` gives the same parts (a year, a day) as the date; else None."""
    months = _months()
    for rx in _partial_res():
        m = rx.search(like)
        if not (m and months.get(m.group("m").lower())):
            continue
        gd = m.groupdict()
        if gd.get("m0") or gd.get("d0") or (gd.get("y") is not None) != has_year or (gd.get("d") is not None) != has_day:
            return None
        parts, last = [], m.start()
        for g in sorted((g for g in ("d", "m", "dot", "y") if gd.get(g) is not None), key=m.start):
            parts.append(like[last:m.start(g)])
            last = m.end(g)
            if g == "d":
                suffix = _DAY_SUFFIX.match(like, last, m.end())
                parts.append(str(d.day))
                if suffix:
                    parts.append(_date_part("suf", m, d, lang) if lang == "en" or suffix.group() == "er"
                                 or d.day == 1 else "")
                    last = suffix.end()
                elif lang == "fr" and d.day == 1:
                    parts.append("er")  # French writes the first of the month "1er mai"
            else:
                parts.append(_date_part(g, m, d, lang))
        parts.append(like[last:m.end()])
        return "".join(parts)
    return None


@lru_cache(maxsize=None)
def _month_forms(lang: str) -> tuple[frozenset, frozenset]:
    """(wide names, abbreviated names) of a language, lower case, without dots or accents."""
    wide, abbr = set(), set()
    for code in (lang, "en_GB") if lang == "en" else (lang, "fr_CA"):
        loc = _locale(code)
        for ctx in ("format", "stand-alone"):
            for width, dest in (("wide", wide), ("abbreviated", abbr)):
                for name in loc.months[ctx][width].values():
                    for v in (name, _strip_accents(name)):
                        dest.add(v.lower().rstrip("."))
    return frozenset(wide), frozenset(abbr)


def _date_part(g: str, m: re.Match, d: _dt.date, lang: str) -> str:
    gd = m.groupdict()
    compact = (gd.get("s1") or " ") in "-/." or (gd.get("s2") or " ") in "-/."
    if g == "y":
        return str(d.year)
    if g == "d":
        was = m.group("d")
        return f"{d.day:02d}" if len(was) == 2 and (was.startswith("0") or compact) else str(d.day)
    if g == "suf":
        if lang == "fr":
            return "er" if d.day == 1 else ""
        return {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10 if d.day not in (11, 12, 13) else 0, "th")
    if g == "dot":
        return ""  # decided with the month name
    was = m.group("m")
    key = _strip_accents(was).lower()
    loc = _locale(lang)
    wide_names = loc.months["format"]["wide"]
    abbr_names = loc.months["format"]["abbreviated"]
    in_wide = any(key in _month_forms(x)[0] for x in ("en", "fr"))
    in_abbr = any(key in _month_forms(x)[1] for x in ("en", "fr"))
    wide = in_wide and (not in_abbr or (not compact and m.group("dot") is None))
    if wide:
        name = wide_names[d.month]
    else:
        base = abbr_names[d.month].rstrip(".")
        dotted = m.group("dot") is not None or abbr_names[d.month].endswith(".") and m.group("dot") is not None
        name = base + "." if dotted and base.lower() != wide_names[d.month].lower() else base
    same_lang = key in _month_forms(lang)[0] or key in _month_forms(lang)[1]
    if same_lang:
        if was.isupper() and len(was) > 1:
            name = name.upper()
        elif was[:1].isupper():
            name = name[:1].upper() + name[1:]
        else:
            name = name.lower()
    return name


def format_time(t: _dt.time, lang: str, like: str | None = None) -> str:
    """A time in the style of an example: like "11:59:00 PM" → "11:59:00 PM" style (12-hour,
    seconds); like "23:59" → "23:59"; like "23 h 59" → "14 h 05". Else Babel's short format
    ("11:59 PM", "23:59")."""
    from babel.dates import format_time as babel_format_time

    lang = _lang(lang)
    if like:
        m = _TIME_COLON.search(like)
        if m:
            secs = m.group("s") is not None
            ap = m.group("ap")
            h = t.hour
            if ap:
                h, mark = h % 12 or 12, ("PM" if h >= 12 else "AM")
                if ap.replace(".", "").replace(" ", "").islower():
                    mark = mark.lower()
                if "." in ap:
                    mark = mark[0] + "." + mark[1] + "."
            pad = len(m.group("h")) == 2 and (m.group("h").startswith("0") or not ap)
            out = (f"{h:02d}" if pad else str(h)) + f":{t.minute:02d}" + (f":{t.second:02d}" if secs else "")
            if ap:
                out += like[m.end("s") if secs else m.end("mi"):m.start("ap")] + mark
            return out
        m = _TIME_H.search(like)
        if m:
            hs = f"{t.hour:02d}" if m.group("h").startswith("0") and len(m.group("h")) == 2 else str(t.hour)
            out = hs + like[m.end("h"):m.start("mi")] + f"{t.minute:02d}"
            if m.group("s") is not None:
                return out + like[m.end("mi"):m.start("s")] + f"{t.second:02d}" + like[m.end("s"):m.end()]
            return out + like[m.end("mi"):m.end()]
    return babel_format_time(t, "short", locale=lang)
