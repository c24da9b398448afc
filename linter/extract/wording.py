"""Facts written in words (issue 21, item 4): a deadline given as part of a month ("by the end of
January" = "avant la fin du mois de janvier"), the status of a position ("has been filled" = "a été
pourvu"), and enumerations inside a sentence ("race, colour, religion, … and disability": how many
items, which ones).

Month names come from CLDR (extract/cldr.py, as for dates), in every writing the dates read.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from .cldr import months as _cldr_months
from .common import _HSP, Quantity, _alternation, _lang, _lazy

# --- a deadline given as part of a month ------------------------------------------------------------

_PART = {"end": "end", "late": "end", "fin": "end", "beginning": "start", "start": "start", "early": "start",
         "début": "start", "debut": "start", "middle": "mid", "mid": "mid", "mi": "mid"}


@lru_cache(maxsize=None)
def _month_part_res() -> dict[str, re.Pattern]:
    months = "(?i:" + _alternation(_cldr_months()) + ")"
    sp = _HSP
    year = rf"(?:,?{sp}+(?P<y>[12][0-9]{{3}})(?![\w]))?"
    en = re.compile(rf"(?i:\b(?P<p>end|beginning|start|middle)(?:{sp}+of)?{sp}+(?:the{sp}+month{sp}+of{sp}+)?"
                    rf"|\b(?P<q>early|mid|late)[-{sp[1:-1]}]+)(?P<m>{months})\b\.?{year}")
    fr = re.compile(rf"(?i:\b(?P<p>fin|début|debut|mi)(?:-|{sp}+(?:du{sp}+mois{sp}+)?(?:de{sp}+|d['’]{sp}*)?))"
                    rf"(?P<m>{months})\b\.?{year}")
    return {"en": en, "fr": fr}


def find_month_parts(text: str, lang: str = "en") -> list[Quantity]:
    """A part of a month stated in words: "by the end of January", "mid-March 2025", "late June";
    "avant la fin du mois de janvier", "d'ici la mi-mars", "début juin 2025". value: (year or None,
    month, "start" | "mid" | "end")."""
    months = _cldr_months()
    out = []
    for m in _month_part_res()[_lang(lang)].finditer(text):
        month = months.get(m.group("m").lower().rstrip("."))
        part = _PART.get((m.group("p") or m.groupdict().get("q") or "").lower())
        if month and part:
            y = int(m.group("y")) if m.group("y") else None
            end = m.end()
            if not m.group("y") and text[end - 1:end] == "." and len(m.group("m").rstrip(".")) > 4:
                end -= 1  # the sentence's full stop after a month written whole
            out.append(Quantity("month-part", (y, month, part), m.start(), end, text[m.start():end]))
    return out


def same_month_part(a, b) -> bool:
    """The same part of the same month (a year on one side only agrees)."""
    (ya, ma, pa), (yb, mb, pb) = a, b
    return ma == mb and pa == pb and (ya is None or yb is None or ya == yb)


# --- the status of a position ----------------------------------------------------------------------

_STATUS = {
    "en": re.compile(r"(?i)\b(?P<neg>not(?:\s+(?:yet|been|be))*\s+|un)?(?:(?:has|have|had)\s+(?:now\s+|already\s+)?been"
                     r"\s+|(?:is|are|was|were|be|being)\s+(?:now\s+|already\s+)?)?(?P<w>filled)\b(?!\s+(?:in|out)\b)"),
    "fr": re.compile(r"(?i)\b(?P<neg>(?:n['’]\s*(?:a|ont|est|sont|était|ait|soit)\s+pas\s+(?:encore\s+)?(?:été\s+)?)|non\s+)?"
                     r"(?P<w>pourvus?|pourvues?|comblés?|comblées?)\b"),
}
# "filled" in English is a status only after a form of "be" or next to a post ("position filled").
_EN_STATUS_CONTEXT = re.compile(r"(?i)\b(?:has|have|had|is|are|was|were|be|being|been|position|positions|post|posts"
                                r"|job|jobs|vacancy|vacancies|role|roles)\s+(?:now\s+|already\s+|yet\s+|not\s+)*$")


def find_status(text: str, lang: str = "en") -> list[Quantity]:
    """A position said to be filled, or not: "the position has been filled", "until the position is
    filled", "not yet filled"; "le poste a été pourvu", "jusqu'à ce que le poste soit pourvu", "non
    pourvu". value: "filled" or "not filled"."""
    lang = _lang(lang)
    out = []
    for m in _STATUS[lang].finditer(text):
        if lang == "en" and not m.group("neg") and \
                not _EN_STATUS_CONTEXT.search(text[max(0, m.start("w") - 40):m.start("w")]):
            continue
        value = "not filled" if m.group("neg") else "filled"
        out.append(Quantity("status", value, m.start(), m.end(), m.group()))
    return out


# --- enumerations inside a sentence ------------------------------------------------------------------

_LEAD = {
    "en": frozenset("the a an of on in to for with by from any your our their its as such including".split()),
    "fr": frozenset("le la les l de des du d un une en à au aux pour par sur avec tout toute tous toutes "
                    "votre vos notre nos leur leurs son sa ses comme notamment dont y compris".split()),
}
_CONJ = {"en": frozenset({"and", "or", "and/or"}), "fr": frozenset({"et", "ou", "et/ou"})}
_CLAUSE = _lazy(r"[^.;:!?\n]+")
_COMMA = _lazy(r",[ \u00a0]+")
_WORDS = _lazy(r"[\w'’/-]+")


def _words(s: str) -> list[str]:
    return _WORDS.findall(s)


def _bare(w: str, lang: str) -> str:
    """A word without its elided article ("l'âge" → "âge")."""
    return re.sub(r"^(?i:l|d|qu)['’]", "", w) if lang == "fr" else w


def _content(words: list[str], lang: str) -> list[str]:
    return [w for w in words if w.lower() not in _LEAD[lang] and w.lower() not in _CONJ[lang]
            and _bare(w, lang).lower() not in _LEAD[lang]]


def find_enumerations(text: str, lang: str = "en") -> list[Quantity]:
    """Lists of four or more items inside a clause, `a, b, c and d` (`, and d`; `et`, `ou`). value:
    the items (a tuple of strings: the first item is the words of its segment after the last article or
    preposition, the last one the words after the conjunction up to the next preposition). `word` is
    True when the list reads cleanly: no item holding a conjunction of its own ("religion or belief").
    Linear time: clauses are cut at sentence punctuation, then at commas."""
    lang = _lang(lang)
    conj = _CONJ[lang]
    out = []
    for cm in _CLAUSE.finditer(text):
        base, clause = cm.start(), cm.group()
        segs, pos = [], 0
        for m in _COMMA.finditer(clause):
            segs.append((pos, m.start()))
            pos = m.end()
        segs.append((pos, len(clause)))
        if len(segs) < 3:
            continue
        words = [[w for w in _WORDS.findall(clause[a:b])] for a, b in segs]

        def item_like(k):
            ws = words[k]
            return 0 < len(_content(ws, lang)) <= 3 and len(ws) <= 6 and ws[0].lower() not in conj

        k = 0
        while k < len(segs) - 2:
            # the first item: the end of segment k, after its last article or preposition
            first = []
            for w in reversed(words[k]):
                if w.lower() in _LEAD[lang] or w.lower() in conj or len(first) == 3:
                    break
                first.insert(0, w)
            j = k + 1
            while j < len(segs) and item_like(j):
                j += 1
            items, end = None, None
            for c in (j, j - 1):  # the segment that closes the list: the first one after the items, or the last item
                if not first or c <= k or c >= len(segs) or not words[c]:
                    continue
                ws = words[c]
                at = next((n for n, w in enumerate(ws) if w.lower() in conj), None)
                if at is None or not (at == 0 or 0 < len(_content(ws[:at], lang)) <= 3):
                    continue
                last = _last_item(ws[at + 1:], lang)
                if not last:
                    continue
                items = ([" ".join(first)] + [clause[a:b].strip() for a, b in segs[k + 1:c]]
                         + ([" ".join(ws[:at])] if at else []) + [" ".join(last)])
                end = _end_of(clause, segs[c], last)
                j = c + 1
                break
            if items and len(items) >= 4:
                clean = not any(set(w.lower() for w in _WORDS.findall(x)) & conj for x in items)
                start = base + segs[k][0] + clause[segs[k][0]:segs[k][1]].rfind(first[0])
                out.append(Quantity("enumeration", tuple(items), start, base + end, text[start:base + end], word=clean))
                k = j
            else:
                k += 1
    return out


def _last_item(ws: list[str], lang: str) -> list[str]:
    """The last item: the words after the conjunction, its articles skipped, up to three words or the next
    preposition."""
    out = []
    for w in ws:
        low = w.lower()
        if low in _LEAD[lang] or _bare(w, lang).lower() in _LEAD[lang]:
            if out:
                break
            if lang == "fr" and _bare(w, lang) != w:  # "l'origine": the article is elided on the word
                out.append(w)
            continue
        out.append(w)
        if len(out) == 3:
            break
    return out


def _end_of(clause: str, seg: tuple[int, int], last: list[str]) -> int:
    a, b = seg
    i = clause.find(last[-1], a, b)
    return i + len(last[-1]) if i >= 0 else b


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def item_likeness(a: str, b: str) -> float:
    """How alike two items of lists in two languages are spelled (cognates: colour / couleur, religion /
    religion): the best ratio of their folded words."""
    wa, wb = [_fold(w) for w in _words(a) if len(w) > 2], [_fold(w) for w in _words(b) if len(w) > 2]
    if not wa or not wb:
        return 0.0
    return max(SequenceMatcher(None, x, y, False).ratio() for x in wa for y in wb)


def unmatched_items(longer: tuple, shorter: tuple, margin: float = 0.3) -> list[int] | None:
    """The index of `longer`'s item without a counterpart in `shorter` (one item fewer), when it can be
    told by spelling: the items, in order, pair up best without it (cognates: colour / couleur, age /
    l'âge), by `margin` more than without any other item. None when it cannot be told, when the lists
    differ by more than one item, or are longer than 40 items."""
    if len(longer) != len(shorter) + 1 or len(longer) > 40:
        return None
    like = [[item_likeness(a, b) for b in shorter] for a in longer]
    # pairs in order without item i: longer[j] with shorter[j] before i, longer[j] with shorter[j - 1] after
    before = [0.0]
    for j in range(len(shorter)):
        before.append(before[-1] + like[j][j])
    after = [0.0] * (len(longer) + 1)
    for j in range(len(longer) - 1, 0, -1):
        after[j] = after[j + 1] + like[j][j - 1]
    scores = sorted(((before[i] + after[i + 1], i) for i in range(len(longer))), reverse=True)
    if scores[0][0] - scores[1][0] < margin:
        return None
    return [scores[0][1]]
