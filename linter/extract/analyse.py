"""One text analysed once: every value kind scanned in priority order on one mask, and the finders.

Priority: links and e-mails, phone numbers, dates, times, amounts, post numbers, grades, codes and
section numbers, language levels, then numbers (digits, then words) and the durations they start.
A character taken by an earlier kind is not read again by a later one.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from .codes import _GRADE_DUMMY, _GRADE_SPACED, _SECTION_RE, _code_spans, _codes, _scan_posts
from .common import _OTHER, _Mask, Quantity, _lang, _lazy, _q, _strip_accents, defuse, lower_keep_length
from .dates import _scan_dates
from .durations import _DUR_RE, _DUR_UNITS, states_one_unit
from .levels import _scan_levels
from .links import MD_LINK, _links
from .money import _scan_amounts
from .numbers import (_NUM_RE, _ORDINAL_HINTS, _PERCENT, _SCALE, _approximate_words, _num_value, _ordinal_suffix_end,
                      _ordinal_words, _word_numbers, _word_value)
from .phones import _PHONE_RE
from .times import _scan_times, scan_round_the_clock


_FRACTION = re.compile("[ \u00a0\u202f]?(?P<f>[\u00bc-\u00be\u2150-\u215e])(?![\\w])")
_FRACTION_LEAD = frozenset(" \u00a0\u202f\u00bc\u00bd\u00be" + "".join(chr(c) for c in range(0x2150, 0x215f)))


# What a reader of the notice does not read as prose: an image with its alt text and file
# ("![chart of 2249 staff](chart-2249.png)", "<img ...>"), a link's target ("[guide](files/guide-2020.pdf)"),
# a code span ("`make 42`") and a file name ("report-2249.pdf"). Their digits are no values.
_UNREAD = _lazy(r"`[^`\n]{1,200}`|<img\b[^>\n]{0,1000}>"
                r"|(?<![\w/.-])[\w][\w.-]{0,200}\.(?i:png|jpe?g|gif|svg|webp|bmp|tiff?|pdf|docx?|xlsx?|pptx?|csv|zip)(?![\w])")


def _mask_unread(text: str, mask: _Mask) -> None:
    if "](" in text:
        for m in MD_LINK.finditer(text):
            mask.take(*(m.span() if m.group("img") else m.span("t")))
    if "`" in text or "<img" in text or "." in text:
        for m in _UNREAD.finditer(text):
            mask.take(*m.span())


def find_urls(text: str, lang: str = "en") -> list[Quantity]:
    """Links: http(s)://..., www...., <...> autolinks, bare domains (nato.int/recruitment).

    value: the normalised URL (lower-case scheme and host, no trailing slash or dot); a URL
    hard-wrapped after "-", "_" or "/" ("recruit-hq- e.htm") is joined.
    """
    return list(_links(text)[0])


def find_emails(text: str, lang: str = "en") -> list[Quantity]:
    """E-mail addresses; value: the lower-cased address."""
    return list(_links(text)[1])


@lru_cache(maxsize=8192)  # rules pass over every block in turn: a smaller cache misses on long notices
def _analyse(text: str, lang: str, day_first: bool = True) -> dict[str, tuple[Quantity, ...]]:
    text = defuse(text)  # linear time whatever the text: see common.defuse
    n = len(text)
    mask = _Mask(n)
    low = lower_keep_length(text)
    urls, emails = _links(text)
    for q in urls + emails:
        mask.take(q.start, q.end)
    _mask_unread(text, mask)
    out: dict[str, list[Quantity]] = {k: [] for k in ("amount", "date", "time", "number", "duration", "level", "post",
                                                      "phone", "code", "ordinal", "approx", "always")}

    has_digit = any(c in text for c in "0123456789")
    if has_digit:
        for m in _PHONE_RE.finditer(text):
            if mask.free(*m.span()):
                mask.take(*m.span())
                digits = "".join(c for c in m.group() if c.isdigit())
                out["phone"].append(_q(text, "phone", digits[-10:], *m.span()))
        if "24" in text:
            out["always"] = scan_round_the_clock(text, mask)  # "24/7" is not the counts 24 and 7
        out["date"] = _scan_dates(text, mask, day_first)
        out["time"] = _scan_times(text, mask, low)
    else:
        out["time"] = _scan_times(text, mask, low, has_digit=False)
    if has_digit:
        out["amount"] = _scan_amounts(text, lang, mask)
        # post and reference numbers, grades, codes, section numbers: not counts
        codes = _codes(text)
        for s, e, cs in _code_spans(text):
            if mask.free(s, e) and not _GRADE_DUMMY.fullmatch(text, s, e):
                mask.take(s, e)
                out["code"].append(_q(text, "code", cs, s, e))
        out["post"] = _scan_posts(text, mask, codes)
        for q in out["post"]:
            mask.take(q.start, q.end)
        for m in _GRADE_SPACED.finditer(text):
            mask.take(*m.span())
        for s, e in codes:
            g = text[s:e]
            if any(c.isupper() for c in g):
                mask.take(s, e)
        for m in _SECTION_RE.finditer(text):
            mask.take(*m.span())

    # levels (letters: they take nothing from the numbers)
    out["level"] = _scan_levels(text, mask, low)

    # numbers: digits, then words
    cands: list[list] = []  # [start, end, value, word, article, unit]
    if has_digit:
        for m in _NUM_RE.finditer(text):
            s, e = m.span()
            if not mask.free(s, e):
                continue
            if e < n and text[e].isalpha() and not _DUR_RE[lang].match(text, e):
                o = _ordinal_suffix_end(text, e, lang) if m.group().isdigit() else None
                if o is not None and mask.free(e, o):  # "6e", "21st": an ordinal, not a count
                    mask.take(s, o)
                    out["ordinal"].append(_q(text, "ordinal", int(m.group()), s, o))
                continue
            v = _num_value(m.group(), lang)
            if v is None:
                continue
            f = _FRACTION.match(text, e) if e < n and text[e] in _FRACTION_LEAD else None
            if f is not None and isinstance(v, int):  # "8 ½" = 8.5
                v, e = Decimal(v) + Decimal(str(unicodedata.numeric(f.group("f")))), f.end()
            unit = ""
            p = _PERCENT.match(text, e)
            if p:
                unit, e = "%", p.end()
            else:
                sc = _SCALE.match(text, e)
                if sc:
                    mult = _word_value(sc.group("w"), lang) or _word_value(sc.group("w"), _OTHER[lang])
                    if mult:
                        v = v * mult
                        if isinstance(v, Decimal) and v == v.to_integral_value():
                            v = int(v)
                        e = sc.end()
            cands.append([s, e, v, False, False, unit])
    for c in cands:
        mask.take(c[0], c[1])
    if any(h in low for h in _ORDINAL_HINTS[lang]):  # before the number words: "twenty-first" is not 20
        for s, e, v in _ordinal_words(text, lang):
            if mask.free(s, e):
                mask.take(s, e)
                out["ordinal"].append(_q(text, "ordinal", v, s, e, "", True))
    if "aine" in low or "dozen" in low:  # une quarantaine de, a dozen: before the number words
        for s, e, v in _approximate_words(text, lang):
            if mask.free(s, e):
                mask.take(s, e)
                out["approx"].append(_q(text, "approx", v, s, e, "", True))
    for s, e, v, article in _word_numbers(text, lang, low):
        if mask.free(s, e):
            cands.append([s, e, v, True, article, ""])
    cands.sort(key=lambda c: c[0])
    # "two (2) years": one number
    merged: list[list] = []
    for c in cands:
        if merged and merged[-1][3] and not c[3] and merged[-1][2] == c[2]:
            gap = text[merged[-1][1]:c[0]]
            if re.fullmatch(r"[ \t\u00a0]*\([ \t]*", gap) and re.match(r"[ \t]*\)", text[c[1]:]):
                close = re.match(r"[ \t]*\)", text[c[1]:]).end()
                merged[-1][1] = c[1] + close
                merged[-1][4] = False
                continue
        merged.append(c)
    dur_re, units = _DUR_RE[lang], _DUR_UNITS[lang]
    for s, e, v, word, article, unit in merged:
        if not unit:
            d = dur_re.match(text, e)
            if d:
                u = units.get(d.group("u").lower()) or units.get(_strip_accents(d.group("u").lower()))
                if u:
                    out["duration"].append(_q(text, "duration", v, s, d.end(), u, word))
                    out["number"].append(_q(text, "number", v, s, e, "", word))
                    continue
        if article:
            continue
        out["number"].append(_q(text, "number", v, s, e, unit, word))
    return {k: tuple(sorted(v, key=lambda q: q.start)) for k, v in out.items()}


def find_amounts(text: str, lang: str) -> list[Quantity]:
    """Money: value Decimal; unit the ISO code of the currency written next to it ("Euro (EUR)",
    "€", "EUR", "euros", "CA$", "$CA"), "$" for a bare dollar sign or "dollars", "" when none
    (a number written with cents and grouping, "5,043.00", counts as an amount)."""
    return list(_analyse(text, _lang(lang))["amount"])


def find_dates(text: str, lang: str, day_first: bool = True) -> list[Quantity]:
    """Dates with a year: value datetime.date.

    "11-May-2025", "05-janv.-2025", "May 11, 2025", "11 May 2025", "le 11 mai 2025", "1er mai 2025",
    "2025-05-11", "11/05/2025" (day first, as NATO and French write it; month first only when the
    day-first reading is impossible, or with day_first=False). Month names of both languages are
    read in either text (CLDR wide and abbreviated, with or without the dot, accents optional).
    """
    a = _analyse(text, _lang(lang)) if day_first else _analyse(text, _lang(lang), False)  # one cache key
    return list(a["date"])


def find_times(text: str, lang: str) -> list[Quantity]:
    """Times of day: value datetime.time (24 h). "11:59:00 PM" = "23:59:00" = "23 h 59" = "23h59";
    "midnight"/"minuit" = 00:00, "noon"/"midi" = 12:00; "24:00" = 00:00."""
    return list(_analyse(text, _lang(lang))["time"])


def find_numbers(text: str, lang: str) -> list[Quantity]:
    """Counts: digits (value int, or Decimal with decimals) and number words (word=True, via text2num).

    Leaves out digits inside amounts, dates, times, URLs, e-mails, phone numbers, grades, codes
    (C3, COVID-19), post/reference numbers and section numbers at line start. "one"/"un"/"une"
    alone are articles: they are returned only inside a duration ("one year", "un an").
    The number of a duration is returned too (its span is the number only). Percentages have
    unit "%". "two (2)" is one number.
    """
    return list(_analyse(text, _lang(lang))["number"])


def find_ordinals(text: str, lang: str) -> list[Quantity]:
    """Ordinals: "1st", "6th", "1er", "1re", "2e", "3ème", "6ᵉ" (digits with the language's suffix) and
    "first", "twenty-first", "premier", "deuxième" (words, via text2num; word=True); value: the int.
    Not counts (find_numbers leaves them out): they tell that a number is stated ("step 1" is
    "premier échelon", "Unit 6 South" is "unité 6e Sud"). Those inside dates ("1er mai") are not read."""
    return list(_analyse(text, _lang(lang))["ordinal"])


def find_approximate(text: str, lang: str) -> list[Quantity]:
    """Approximate numbers in words: "une quarantaine (de)" (40), "une dizaine" (10), "a dozen" (12);
    value: the int, word=True. Not counts (find_numbers leaves them out): like ordinals, they tell that
    a number is stated ("about forty staff members" = "une quarantaine de collaborateurs")."""
    return list(_analyse(text, _lang(lang))["approx"])


def find_durations(text: str, lang: str) -> list[Quantity]:
    """A number and a time unit: "three years", "3-year", "3 years'", "trois ans", "24 months",
    "vingt-quatre mois", "un an", "two (2) years". value: the number; unit: year|month|week|day|hour."""
    return list(_analyse(text, _lang(lang))["duration"])


def find_levels(text: str, lang: str) -> list[Quantity]:
    """Language proficiency levels: 'V ("Advanced")', 'II (« élémentaire »)', "level V", "niveau V"
    → value int 1..6; Canadian profiles "CBC", "BBB/BBB" → value the profile string."""
    return list(_analyse(text, _lang(lang))["level"])


def find_post_numbers(text: str, lang: str = "en") -> list[Quantity]:
    """Post and reference numbers: "250642", "(241694)", "Reference number: DND22J-012345-000123",
    "24-DFO-NCR-EA-123". value: the code (upper case) as a string."""
    return list(_analyse(text, _lang(lang))["post"])


def find_phones(text: str, lang: str = "en") -> list[Quantity]:
    """Phone numbers ("+32 2 707 41 11", "(613) 555-0100", "613-555-0100"); value: the last ten
    digits (a country code written on one side only does not make two numbers differ)."""
    return list(_analyse(text, _lang(lang))["phone"])


def find_codes(text: str, lang: str = "en") -> list[Quantity]:
    """Classification codes and grade ranges in running text: "IT-01", "AS-02", "EX-05", "PM-04",
    "P-4", "G17-G20", "A2/A3", "FG IV"; value: the tuple of normalised codes ("IT1",),
    ("G17", "G20") (the reading of `parse_grade`). Codes inside links, dates or post numbers are
    not read."""
    return list(_analyse(text, _lang(lang))["code"])


def find_percentages(text: str, lang: str = "en") -> list[Quantity]:
    """Percentages ("50%", "50 %", "50 per cent", "cinquante pour cent" is not read: digits only);
    value: the number."""
    return [q for q in _analyse(text, _lang(lang))["number"] if q.unit == "%"]


def find_all(text: str, lang: str) -> list[Quantity]:
    """Every quantity of every kind, sorted by start (numbers inside durations included)."""
    lang = _lang(lang)
    a = _analyse(text, lang)
    urls, emails = _links(text)
    items = [q for k in a for q in a[k]] + list(urls) + list(emails)
    return sorted(items, key=lambda q: (q.start, q.end))


_DIGIT_RUN = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def _float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=4096)
def numbers_stated(text: str, lang: str) -> frozenset:
    """Every number the text states in any form, as floats: the test before saying that the other
    version lacks a value. Counts in digits and in words, durations, ordinals ("21st", "premier"),
    approximate numbers ("une dizaine"), the numbers inside amounts, dates (day and year), times
    (the hour in 12 h and 24 h, the minutes) and codes, and every run of digits in the text."""
    lang = _lang(lang)
    a = _analyse(text, lang)
    out: set = set()
    for kind in ("number", "duration", "ordinal", "approx", "amount"):
        out.update(_float(q.value) for q in a[kind])
    for q in a["date"]:
        v = q.value
        parts = (v.year, v.day) if hasattr(v, "year") else (v[0], v[2])
        out.update(float(x) for x in parts if x is not None)
    for q in a["time"]:
        h = q.value.hour
        out.update((float(h), float(h % 12 or 12), float(q.value.minute)))
    for m in _DIGIT_RUN.finditer(text):
        out.add(_float(m.group().replace(",", ".")))
        out.add(_float(m.group().split(",")[0].split(".")[0]))
    if states_one_unit(text, lang):
        out.add(1.0)  # "a week" = "une semaine" = "1 week"
    out.discard(None)
    return frozenset(out)


def key_numbers(q: Quantity) -> tuple | None:
    """The numbers a value states, for `numbers_stated` of the other version (None: a value no
    other writing can state, such as a code or a phone number)."""
    if q.kind in ("number", "duration", "ordinal", "approx", "amount"):
        v = _float(q.value)
        return None if v is None else (v,)
    if q.kind == "date":
        v = q.value
        parts = (v.year, v.day) if hasattr(v, "year") else (v[0], v[2])
        got = tuple(float(x) for x in parts if x is not None)
        return got or None
    if q.kind == "time":
        return (float(q.value.hour % 12 or 12),) + ((float(q.value.minute),) if q.value.minute else ())
    return None


def stated_otherwise(q: Quantity, other_text: str, other_lang: str) -> bool:
    """Does the other version state the numbers of `q` in some writing the extractor of q's kind
    did not read as that kind ("24 heures sur 24" for a time span, "the 21st" for a date, "38 000"
    without its currency)? Then a lone value is not a missing one."""
    keys = key_numbers(q)
    if not keys:
        return False
    found = numbers_stated(other_text, other_lang)
    return all(k in found for k in keys)
