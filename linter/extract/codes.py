"""Codes: grades (G11, A2/A3, AS-04, FG IV), post and reference numbers, letter-digit codes, section numbers."""

from __future__ import annotations

from functools import lru_cache

from .cldr import currencies
from .common import _ROMAN_VALUES, _Mask, Quantity, _lazy, _q


_GRADE_TOKEN = (r"(?P<l{i}>[A-Z]{{1,3}}(?:/[A-Z]{{1,2}})?)(?:[ \-\u2011]?(?P<n{i}>[0-9]{{1,2}})(?![\w])"
                r"|[ \-\u2011](?P<r{i}>VIII|VII|VI|IV|IX|V|III|II|I|X)(?![\w]))")
_GRADE_RE = _lazy(r"(?<![\w/\-])" + _GRADE_TOKEN.format(i=1))
_GRADE_NEXT = _lazy(
    r"[ \t]*(?:[-–—/]|\bto\b|\bà\b|\bor\b|\bou\b|\band\b|\bet\b|,)[ \t]*(?:" + _GRADE_TOKEN.format(i=2)
    + r"|(?P<bare>[0-9]{1,2})(?![\w]))"
)
# letter-digit tokens that are not classifications: paper sizes, covid, ordinal-like product names
_GRADE_DUMMY = _lazy(r"(?:A[0-9]|COVID[- ]?19|Q[1-4]|H[12]|MS|5G|4G|B2B|B2C|P2P)")
_GRADE_RANGE = _lazy(
    r"[ \t\u00a0\u202f]*(?:[-–—/]|\bto\b|\bthrough\b|\bà\b|\bau\b|jusqu['’]à)[ \t\u00a0\u202f]*(?:" + _GRADE_TOKEN.format(i=2) + r"|(?P<bare>[0-9]{1,2})(?![\w]))"
)
_GRADE_SPACED = _lazy(
    r"(?:A(?<![\w/]A)(?:D|ST/SC|ST)|S(?<![\w/]S)C|F(?<![\w/]F)G|G(?<![\w/]G)S)[ \u00a0](?:[0-9]{1,2}|IV|III|II|I)(?![\w])")
_CODE_RE = _lazy(r"(?<![\w\-/])[A-Za-z0-9]+(?:[\-/\u2011][A-Za-z0-9]+)+(?![\w])")
_CODE_ANCHOR = _lazy(r"[0-9][A-Za-z0-9]*[\-/\u2011][A-Za-z0-9]|[\-/\u2011][A-Za-z0-9]*[0-9]")
_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/\u2011")
_SECTION_RE = _lazy(
    r"(?m)^[ \t]*[0-9]{1,2}(?:\.[0-9]{1,2})*[.)](?=[ \t])|^[ \t]*[0-9]{1,2}(?:\.[0-9]{1,2})+(?=[ \t]+[A-ZÀ-Ý])"
)
_POST_LABEL = _lazy(
    r"(?i:(?:reference|selection[ \t]+process|job[ \t]+opening|job|requisition|post|position|vacancy|competition|poster"
    r"|num[ée]ro[ \t]+(?:de[ \t]+|du[ \t]+|d['’][ \t]*)?(?:r[ée]f[ée]rence|processus[ \t]+de[ \t]+s[ée]lection|poste|concours|offre|l['’]offre)"
    r"|n[o°º]\.?[ \t]+(?:de[ \t]+)?(?:r[ée]f[ée]rence|poste))"
    r"(?:(?:[ \t]+(?:number|no\.?|id|n[o°º]))?[ \t\u00a0]*[:#][ \t\u00a0]*|[ \t]+(?:number|no\.?|id|n[o°º])[ \t\u00a0]*))"
    r"(?P<c>[A-Za-z0-9]+(?:(?:[\-/.\u2011]|[ ](?=[A-Za-z0-9]+[\-/]))[A-Za-z0-9]+)*)"  # UN codes hold spaces
)
_POST_DIGITS = _lazy(r"[0-9](?<![\w.,/\-][0-9])[0-9]{4,}(?![\w]|[.,/\-][0-9])")
_COLON = _lazy(r"[:#]")


def _currency(letters: str | None) -> bool:
    """Is a grade token's letters an ISO currency code? "USD 54,000" and "EUR 5 000" are amounts, not
    grades USD54 and EUR5 (no grade scheme uses a currency code for its letters)."""
    return bool(letters) and len(letters) == 3 and letters.upper() in currencies()[2]


def _grade_code(letters: str, num: str | None, roman: str | None) -> str:
    n = int(num) if num else _ROMAN_VALUES[roman]
    return f"{letters.upper()}{n}"


def _grades(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    out = []
    pos = 0
    while True:
        m = _GRADE_RE.search(text, pos)
        if not m:
            break
        if _currency(m.group("l1")):
            pos = m.end()
            continue
        codes = [_grade_code(m.group("l1"), m.group("n1"), m.group("r1"))]
        end = m.end()
        letters = m.group("l1")
        while True:
            n = _GRADE_NEXT.match(text, end)
            if not n or _currency(n.group("l2")):
                break
            if n.group("bare"):
                if not m.group("n1"):
                    break
                codes.append(_grade_code(letters, n.group("bare"), None))
            else:
                codes.append(_grade_code(n.group("l2"), n.group("n2"), n.group("r2")))
                letters = n.group("l2")
            end = n.end()
        out.append((m.start(), end, tuple(codes)))
        pos = end
    return out


def _code_spans(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Classification codes of running text, each with its range ("G17-G20", "IT-01 à IT-03");
    a list ("IT-01 and AS-02") gives one span per code. A token is a code only in a known grammar
    (`_in_grammar`) or beside a field label: "A 10-minute", "Air C2" and "GPT-4" are not codes."""
    out = []
    prev_end = -1
    for m in _GRADE_RE.finditer(text):
        if (out and m.start() < out[-1][1]) or _currency(m.group("l1")):
            continue
        codes = [_grade_code(m.group("l1"), m.group("n1"), m.group("r1"))]
        end, letters = m.end(), m.group("l1")
        n = _GRADE_RANGE.match(text, end)
        paired = False
        if n and not _currency(n.group("l2")) and (n.group("bare") is None or m.group("n1")):
            if n.group("bare"):
                codes.append(_grade_code(letters, n.group("bare"), None))
            else:
                codes.append(_grade_code(n.group("l2"), n.group("n2"), n.group("r2")))
            end, paired = n.end(), True
        # a list ("CS4 and CS5", "IT-01, AS-02"): a code right after another one is listed, and so
        # is the one before it
        listed = prev_end >= 0 and bool(_LIST_GAP.fullmatch(text, prev_end, m.start()))
        if listed and out and out[-1][1] == prev_end:
            out[-1] = (*out[-1][:4], True)
        out.append((m.start(), end, tuple(codes), paired, listed))
        prev_end = end
    kept = []
    for s, e, codes, ranged, listed in out:
        if _AFTER_LEVEL.match(text, e):
            continue  # "A 10-minute period", "a G7-country summit": a number that qualifies a noun
        if _labelled(text, s) or _in_grammar(text, s, codes, ranged, listed):
            kept.append((s, e, codes))
    return kept


_LIST_GAP = _lazy(r"[ \t\u00a0]*(?:,|/|\band\b|\bet\b|\bor\b|\bou\b|and/or|et/ou)[ \t\u00a0]*")
_AFTER_LEVEL = _lazy(r"-[^\W\d_]")
# a field label or classification word just before the code ("Classification: XY-03",
# "Grade NATO Grade G11", "groupe et niveau AB-2", "classified as"): any letters then make a code
_LABEL = _lazy(r"(?i:classif|\bgrades?\b|\bgroupes?\b|\bgroups?\b|\bniveau\b|\blevel\b|\béchelon\b)")


def _labelled(text: str, s: int) -> bool:
    window = text[max(0, s - 60):s]
    for stop in (". ", "; ", "\n", "! ", "? "):
        window = window.rsplit(stop, 1)[-1]
    return bool(_LABEL.search(window))


@lru_cache(maxsize=None)
def _schemes() -> dict[str, list[tuple[int, int, dict]]]:
    """letters → [(lowest level, highest level, scheme)], from linter/data/grades.json."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[1] / "data" / "grades.json").read_text(encoding="utf-8"))
    out: dict[str, list[tuple[int, int, dict]]] = {}
    for scheme in data["schemes"]:
        groups = scheme["groups"]
        if isinstance(groups, list):
            groups = {g: scheme["levels"] for g in groups}
        for letters, (lo, hi) in groups.items():
            out.setdefault(letters, []).append((lo, hi, scheme))
    return out


def _in_grammar(text: str, s: int, codes: tuple[str, ...], ranged: bool, listed: bool) -> bool:
    """Is every code of the span a group and level of a known scheme, written as that scheme writes it?"""
    m = _GRADE_RE.match(text, s)
    if not m:
        return False
    sep = text[m.start("l1") + len(m.group("l1")):m.start("n1") if m.group("n1") else m.start("r1")]
    sep = "-" if sep in ("-", "\u2011") else ("" if not sep else " ")
    for code in codes:
        letters = code.rstrip("0123456789")
        level = int(code[len(letters):])
        if not any(lo <= level <= hi and _written_as(scheme, sep, ranged, listed)
                   for lo, hi, scheme in _schemes().get(letters, ())):
            return False
    return True


def _written_as(scheme: dict, sep: str, ranged: bool, listed: bool) -> bool:
    """A one-letter grade (NATO's G11) is a code only in a range ("G8-G10", "A2/A3"); UN and US
    grades carry their hyphen ("P-4", "GS-12"); a two-letter group glued to its level ("CS4") only
    in a range or a list ("CS4/CS5", "CS4 and CS5")."""
    if scheme.get("needs_label_or_range") and not ranged:
        return False
    if scheme.get("hyphen") and sep != "-":
        return False
    if scheme.get("glued") is False and not sep and not (ranged or listed):
        return False
    return True


def parse_grade(text: str) -> Quantity | None:
    """The grade (or grade range) of a grade field: value is a tuple of normalised codes.

    "NATO Grade G11" → ("G11",); "G8-G10", "G8 - G10" → ("G8", "G10"); "A2/A3" → ("A2", "A3");
    "AS-04" → ("AS4",); "EC-05" → ("EC5",); "P-4" → ("P4",); "AD 5" → ("AD5",); "FG IV" → ("FG4",).
    Codes are letters + the level as an integer. Several grades in the text are all collected;
    the span runs from the first to the last.
    """
    found = _grades(text)
    if not found:
        return None
    codes: list[str] = []
    for _, _, cs in found:
        for c in cs:
            if c not in codes:
                codes.append(c)
    s, e = found[0][0], found[-1][1]
    return _q(text, "grade", tuple(codes), s, e)


def _codes(text: str) -> list[tuple[int, int]]:
    """Spans of the tokens made of letters/digits joined by - or / that contain a digit."""
    out = []
    last = -1
    for a in _CODE_ANCHOR.finditer(text):
        if a.start() < last:
            continue
        s = a.start()
        while s > 0 and text[s - 1] in _CODE_CHARS:
            s -= 1
        while s < a.start() and text[s] in "-/\u2011":
            s += 1
        m = _CODE_RE.match(text, s)
        if m and m.end() > a.start() and any(c.isdigit() for c in m.group()):
            out.append(m.span())
            last = m.end()
        else:
            last = a.end() - 1
    return out


def _scan_posts(text: str, mask: _Mask, codes: list[tuple[int, int]]) -> list[Quantity]:
    out = []
    n = len(text)
    for colon in _COLON.finditer(text):
        p = colon.start()
        m = _POST_LABEL.search(text, max(0, p - 60), min(n, p + 60))
        if not m or not m.start() <= p < m.start("c"):
            continue
        s, e = m.span("c")
        code = m.group("c")
        if not any(c.isdigit() for c in code) or not mask.free(s, e):
            continue
        mask.take(s, e)
        out.append(_q(text, "post", code.upper(), s, e))
    for s, e in codes:
        g = text[s:e]
        digits = sum(c.isdigit() for c in g)
        if digits >= 3 and any(c.isupper() for c in g) and len(g) >= 7 and mask.free(s, e):
            if _GRADE_RE.fullmatch(g):
                continue
            mask.take(s, e)
            out.append(_q(text, "post", g.upper(), s, e))
    for m in _POST_DIGITS.finditer(text):
        s, e = m.span()
        if mask.free(s, e):
            mask.take(s, e)
            out.append(_q(text, "post", m.group(), s, e))
    out.sort(key=lambda q: q.start)
    return out
