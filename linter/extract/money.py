"""Money: amounts with their currency (symbol, ISO code or name, before or after, CLDR data), ranges."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .cldr import currencies
from .common import _OTHER, _Mask, Quantity, _alternation, _lazy, _q, _strip_accents
from .numbers import _NUM_BODY, _NUM_RE, _SCALE, parse_decimal_any, _word_value


_GLUED_CODE = _lazy(r"[A-Z](?<![\w][A-Z])[A-Z]{2}(?=[0-9])")


@lru_cache(maxsize=None)
def _currency_data():
    """(symbol → code, name → code, set of ISO codes, prefix regex, postfix regex) from CLDR (the
    tables stored in linter/data/cldr.json, see extract/cldr.py)."""
    sym_map, names, codes = currencies()
    sym_alt = _alternation(sym_map)
    name_alt = _alternation(names)
    prefix = re.compile(
        rf"(?:(?<![^\W\d_])(?P<sym>{sym_alt})|(?<![\w])(?P<code>[A-Z]{{3}}))[ \t\u00a0\u202f]?\Z")
    postfix = re.compile(
        rf"[ \t\u00a0\u202f]?(?:(?P<sym>{sym_alt})(?![^\W\d_])|(?P<code>[A-Z]{{3}})(?![\w])"
        rf"|(?P<name>(?i:{name_alt}))(?![\w]))"
        rf"(?:[ \t\u00a0\u202f]?\([ \t]?(?P<code2>[A-Z]{{3}})[ \t]?\))?"
    )
    return sym_map, names, codes, prefix, postfix


_OF = _lazy(r"[ \t\u00a0]*(?:d['’]|de[ \t\u00a0]+|of[ \t\u00a0]+)")
_RANGE_CONN = _lazy(r"(?i)[ \t\u00a0\u202f]*(?:-|–|—|to|à|and|et)[ \t\u00a0\u202f]*")
# Written as money: the number ends with digit groups and cents ("5,043.00", "1 234 567,89"). Matched
# on the reversed number from its start (anchored: linear), where searching for the groups from every
# start of a space-grouped run ("111 111 111 ...", a pasted table of figures) was quadratic.
_MONEY_FORM_REVERSED = _lazy(r"[0-9]{2}[.,](?:[0-9]{3}[ \u00a0\u202f\u2009,.])+[0-9]")


def _money_form(number: str) -> bool:
    return _MONEY_FORM_REVERSED.match(number[::-1]) is not None


def _currency_of(m, sym_map, names, codes) -> str | None:
    gd = m.groupdict()
    if gd.get("code2") and gd["code2"] in codes:
        return gd["code2"]
    if gd.get("sym"):
        return sym_map.get(gd["sym"])
    if gd.get("code"):
        return gd["code"] if gd["code"] in codes else None
    if gd.get("name"):
        return names.get(gd["name"].lower()) or names.get(_strip_accents(gd["name"]).lower())
    return None


def _scan_amounts(text: str, lang: str, mask: _Mask) -> list[Quantity]:
    """Money: a number with a currency before or after it ("€5", "5 043,00 €", "5,043.00Euro (EUR)",
    "3 million euros"), or written with grouping and cents ("5,043.00")."""
    nums = [m for m in _NUM_RE.finditer(text) if mask.free(*m.span())]
    glued = [g for g in _GLUED_CODE.finditer(text)]
    if not nums and not glued:
        return []
    n = len(text)
    sym_map, names, codes, pre_re, post_re = _currency_data()
    if glued:
        for g in glued:
            if g.group() in codes:
                m = _NUM_BODY.match(text, g.end())
                if m and mask.free(*m.span()):
                    nums.append(m)
        nums.sort(key=lambda m: m.start())
    out: list[Quantity] = []
    pending = []
    for m in nums:
        s, e = m.span()
        unit = None
        ns, ne = s, e
        mult = 1
        p = pre_re.search(text, max(0, s - 8), s)
        if p:
            c = _currency_of(p, sym_map, names, codes)
            if c:
                unit, ns = c, p.start()
        at = e
        sc = _SCALE.match(text, e)
        if sc:
            mult = _word_value(sc.group("w"), lang) or _word_value(sc.group("w"), _OTHER[lang]) or 1
            at = sc.end()
            of = _OF.match(text, at)
            if of:
                at = of.end()
        q = post_re.match(text, at)
        if q and (q.group("sym") or q.group("code") or q.group("name")):
            c = _currency_of(q, sym_map, names, codes)
            if c and (unit is None or c == unit or unit == "$"):
                unit, ne = c, q.end()
        elif sc and unit is not None:
            ne = sc.end()  # "$3 million"
        if unit is None and _money_form(m.group()):
            unit = ""  # 5,043.00: written as money
        if unit is None:
            if not (e < n and text[e].isalpha()):  # 3rd, 1er, 5G: not amounts
                pending.append(m)
            continue
        value = _parse_amount(m.group(), lang)
        if value is None or not mask.free(ns, ne):
            continue
        if sc and ne >= sc.end():
            value *= mult
        out.append(_q(text, "amount", value, ns, ne, unit))
    for q in out:
        mask.take(q.start, q.end)
    # "56,907 to 61,656 dollars": the first number of a range takes the currency of the second
    if out and pending:
        by_start = {q.start: q for q in out}
        for m in pending:
            r = _RANGE_CONN.match(text, m.end())
            if r and r.end() > m.end() and r.end() in by_start and by_start[r.end()].unit:
                value = _parse_amount(m.group(), lang)
                if value is not None and mask.free(*m.span()):
                    out.append(_q(text, "amount", value, m.start(), m.end(), by_start[r.end()].unit))
                    mask.take(*m.span())
        out.sort(key=lambda q: q.start)
    return out


def _parse_amount(s: str, lang: str) -> Decimal | None:
    try:
        return parse_decimal_any(s, lang)
    except ValueError:
        return None


def same_currency(a: str, b: str) -> bool:
    """Same currency; a bare "$" matches any dollar currency (USD, CAD, AUD...)."""
    if a == b:
        return True
    if "$" in (a, b):
        other = b if a == "$" else a
        if not other:
            return False
        try:
            from babel.numbers import get_currency_name

            return "dollar" in get_currency_name(other, locale="en").lower()
        except Exception:
            return False
    return False
