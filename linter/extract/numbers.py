"""Numbers, written with digits (any group separator, via Babel) or in words (text2num), both languages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .cldr import number_symbols as _number_symbols
from .common import _OTHER, _alternation, _lang, _lazy, _locale


# A number as written: 5,043.00 | 5 043,00 (any space) | 1'000,00 (Swiss ' or ’) | 1.234.567,89 | 2,5 | 2025.
# (Hot patterns start with a character class, and check what precedes with a lookbehind after
# it: the regex engine then skips to candidate characters instead of trying every position.)
_NUM_RE = _lazy(
    r"[0-9](?<![\w.,][0-9])(?:[0-9]{0,2}(?:[ \u00a0\u202f\u2009\u2007][0-9]{3})+(?:[.,][0-9]+)?"
    r"|[0-9]*(?:['\u2019][0-9]{3})+(?:[.,][0-9]+)?|[0-9]*(?:[.,][0-9]+)*)"
    r"(?![0-9])(?![.,][0-9])"
)
_NUM_BODY = _lazy(  # _NUM_RE without its look-behind: a number glued to a currency code ("CHF0.00")
    r"[0-9](?:[0-9]{0,2}(?:[ \u00a0\u202f\u2009\u2007][0-9]{3})+(?:[.,][0-9]+)?"
    r"|[0-9]*(?:['\u2019][0-9]{3})+(?:[.,][0-9]+)?|[0-9]*(?:[.,][0-9]+)*)"
    r"(?![0-9])(?![.,][0-9])"
)


_APOSTROPHE_GROUP = _lazy(r"(?<=[0-9])['\u2019](?=[0-9]{3})")
_SPACE_GROUP = _lazy(r"(?<=[0-9])[ \u00a0\u202f\u2009\u2007](?=[0-9]{3})")


_STANDARD_PATTERN = "#,##0.###"  # the decimal pattern of en, fr and de (cldr.json; checked by tests/test_cldr.py)


def _format_standard(value: Decimal, group: str, dec: str) -> str:
    """Babel's `format_decimal(value, locale, decimal_quantization=False)` for a locale whose decimal
    pattern is #,##0.### (same steps, same decimal context)."""
    value = value.scaleb(0)
    neg = int(value.is_signed())
    value = abs(value).normalize()
    exp = value.as_tuple().exponent
    prec = max(3, -exp if isinstance(exp, int) and exp < 0 else 0)
    rounded = value.quantize(Decimal(10) ** (-prec))
    a, _, b = f"{rounded:f}".partition(".")
    if len(a) < 1:
        a = "0" + a
    ret, gsize = "", 3
    while len(a) > gsize:
        ret = group + a[-gsize:] + ret
        a = a[:-gsize]
    frac = b or "0"
    if int(frac) == 0:
        frac = ""
    else:
        frac = dec + frac.rstrip("0")
    return ("-" if neg else "") + a + ret + frac


def _strict_decimal(s: str, group: str, dec: str) -> Decimal:
    """Babel's `parse_decimal(s, locale, strict=True)` for a locale of the standard pattern: the value,
    or ValueError when the symbols are not where that locale puts them."""
    parsed = Decimal(s.replace(group, "").replace(dec, "."))  # InvalidOperation when not a number
    if group in s:
        proper = _format_standard(parsed, group, dec)
        if s != proper:
            i, _, d = s.partition(dec)
            if d:
                d = d.rstrip("0")
                trimmed = i + dec + d if d else i
            else:
                trimmed = s
            if proper != trimmed:  # Babel then suggests readings, and raises whichever holds
                raise ValueError(f"{s!r} is not a properly formatted decimal number")
    return parsed


@lru_cache(maxsize=4096)
def _parse_decimal_cached(s: str, lang: str) -> Decimal | None:
    if s.isascii() and s.isdigit():
        # what Babel's strict parser gives for digits alone in every locale (no group or decimal
        # symbol in them), without loading a locale's data
        return Decimal(s)
    s = _APOSTROPHE_GROUP.sub("", s)  # 1'000,00: the apostrophe only ever groups digits
    spaced = _SPACE_GROUP.search(s) is not None
    symbols = _number_symbols()
    for loc in (lang, _OTHER[lang], "de"):  # de: 1.234.567,89
        sym = symbols.get(loc)
        t = s
        if spaced:
            group = sym["group"] if sym else _locale(loc).number_symbols["latn"]["group"]
            t = _SPACE_GROUP.sub(group, s)
        try:
            if sym and sym["pattern"] == _STANDARD_PATTERN:
                return _strict_decimal(t, sym["group"], sym["decimal"])
            from babel.numbers import parse_decimal

            return parse_decimal(t, locale=loc, strict=True)
        except (InvalidOperation, ValueError):  # Babel's NumberFormatError is a ValueError
            continue
    return None


def parse_decimal_any(s: str, lang: str) -> Decimal:
    """Read a number written the way `lang` writes it (else the other language's way).

    "5,043.00" (en) and "5 043,00" (fr, with a normal, no-break, narrow no-break or thin space)
    both give Decimal("5043.00"). Babel's strict parser decides, in `lang` first: "5,043" is
    5043 in English and 5.043 in French. Raises ValueError if it is not a number.
    """
    s = s.strip()
    if not s or not re.fullmatch(r"[0-9][0-9.,\u00a0\u202f\u2009\u2007 '\u2019]*", s) or not s[-1].isdigit():
        raise ValueError(f"not a number: {s!r}")
    d = _parse_decimal_cached(s, _lang(lang))
    if d is None:
        raise ValueError(f"not a number in {lang}: {s!r}")
    return d


def _num_value(s: str, lang: str):
    """int for whole numbers written without decimals, else Decimal; None if unreadable."""
    try:
        d = parse_decimal_any(s, lang)
    except ValueError:
        return None
    if d == d.to_integral_value() and d.as_tuple().exponent >= 0:
        return int(d)
    return d


_T2N = None


def _t2n():
    global _T2N
    if _T2N is None:
        import text_to_num

        _T2N = text_to_num
    return _T2N


class _Tok:
    __slots__ = ("s", "a", "b")

    def __init__(self, s: str, a: int, b: int):
        self.s, self.a, self.b = s, a, b

    def text(self) -> str:
        return self.s

    def nt_separated(self, previous) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


_NUMWORD: dict[str, dict[str, int | None]] = {"en": {}, "fr": {}}
_WORDS_RE = _lazy(r"[^\W\d_]+")
_ARTICLES = frozenset({"one", "un", "une"})
_PLURAL_SCALES = frozenset({"hundreds", "thousands", "millions", "billions", "milliards", "cents", "milles"})
_GAP_RE = _lazy(r"[\s\-\u2010\u2011]*(?:(?:and|et)[\s\-\u2010\u2011]+)?", re.I)


def _t2n_cached(cache: dict, w: str, limit: int, read) -> int | None:
    """`read(word)` memoised in `cache` by the lower-cased word; None for a word longer than `limit`
    or when text2num refuses it (ValueError) or panics (it is Rust: a panic is a BaseException)."""
    key = w.lower()
    if key not in cache:
        v = None
        if len(key) <= limit:
            try:
                v = read(key)
            except BaseException as e:
                if isinstance(e, (KeyboardInterrupt, SystemExit)):
                    raise
                v = None
        cache[key] = v
    return cache[key]


def _word_value(w: str, lang: str) -> int | None:
    """The value of one number word (cached), None if the word is not one."""
    return _t2n_cached(_NUMWORD[lang], w, 20, lambda k: int(_t2n().text2num(k, lang)))


@lru_cache(maxsize=256)
def _vocab_re(words: frozenset) -> re.Pattern:
    # lower, Capitalised and UPPER forms spelled out (no IGNORECASE): the engine can then skip
    # straight to the possible first letters
    forms = {f for w in words for f in (w, w[:1].upper() + w[1:], w.upper())}
    return re.compile(r"(?:" + _alternation(forms) + r")(?![^\W\d_])")


def _distinct_words(low: str) -> set[str]:
    out: set[str] = set()
    for tok in set(low.split()):
        if tok.isalpha():
            out.add(tok)
        else:
            out.update(_WORDS_RE.findall(tok))
    return out


def _word_numbers(text: str, lang: str, low: str | None = None) -> list[tuple[int, int, int, bool]]:
    """(start, end, value, is_article) of the numbers written in words, via text2num."""
    found = _distinct_words(text.lower() if low is None else low)
    known = _NUMWORD[lang]
    for w in [w for w in found if w not in known]:
        _word_value(w, lang)
    vocab = frozenset(w for w in found if known.get(w) is not None)
    if not vocab:
        return []
    cands = [(m.start(), m.end(), m.group()) for m in _vocab_re(vocab).finditer(text)
             if not (m.start() and text[m.start() - 1].isalpha())]
    # group consecutive number words ("twenty four", "vingt-quatre", "vingt et un", "one hundred and five")
    runs: list[list[_Tok]] = []
    prev_end = -1
    for s, e, w in cands:
        if runs and prev_end >= 0:
            gap = text[prev_end:s]
            m = _GAP_RE.fullmatch(gap)
            if m and gap:
                conn = re.search(r"(?i)and|et", gap)
                if conn:
                    runs[-1].append(_Tok(conn.group(), prev_end + conn.start(), prev_end + conn.end()))
                runs[-1].append(_Tok(w, s, e))
                prev_end = e
                continue
        runs.append([_Tok(w, s, e)])
        prev_end = e
    out = []
    for toks in runs:
        try:
            occs = _t2n().find_numbers(toks, lang, threshold=0)
        except BaseException as e:
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            continue
        for o in occs:
            if o.is_ordinal:
                continue
            first, last = toks[o.start], toks[o.end - 1]
            try:
                value = int(o.value)
            except (TypeError, ValueError, OverflowError):
                continue
            single = o.end - o.start == 1
            word = first.s.lower()
            if single and word in _PLURAL_SCALES:
                continue  # "hundreds of", "des millions de"
            if single and lang == "fr" and word == "neuf":
                after = text[last.b:].lstrip()[:1]
                before = text[max(0, first.a - 3):first.a].lower()
                if not after.isalnum() or before.endswith("à "):
                    continue  # "un bâtiment neuf.", "remis à neuf": the adjective
            out.append((first.a, last.b, value, single and word in _ARTICLES))
    return out


_PERCENT = _lazy(r"[ \t\u00a0\u202f]?(?:%|(?i:per[ \t\u00a0]?cent|pour[ \t\u00a0]?cent)(?![\w]))")
_SCALE = _lazy(r"[ \t\u00a0\u202f](?P<w>(?i:millions?|milliards?|billions?|thousand|mille))(?![\w])")


# Ordinals: "1st", "6th", "1er", "1re", "2e", "3ème", "6ᵉ" in digits; "first", "twenty-first",
# "premier", "deuxième" in words (text2num reads them). Not counts: they only let a count on the
# other side be found again ("step 1" = "premier échelon", "Unit 6 South" = "unité 6e Sud").
_ORDINAL_SUFFIX = {
    "en": _lazy(r"(?:st|nd|rd|th)(?![^\W\d_])", re.I),
    "fr": _lazy(r"(?:er|re|ère|ere|e|ème|eme|nde?|ᵉʳ|ʳᵉ|ᵉ)(?![^\W\d_])", re.I),
}
# (a match starts where a hyphenated compound starts: "twenty-first", "vingt-et-unième")
_ORDINAL_WORD = {  # the words text2num may read as an ordinal (the rest are not asked)
    "en": _lazy(r"(?<![^\W\d_])(?<![\-\u2010\u2011])(?:[^\W\d_]+[\-\u2010\u2011])*(?:first|second|third|[^\W\d_]+th)(?![^\W\d_])", re.I),
    "fr": _lazy(r"(?<![^\W\d_])(?<![\-\u2010\u2011])(?:[^\W\d_]+[\-\u2010\u2011])*(?:premi[eè]re?|second|[^\W\d_]+i[eè]me)(?![^\W\d_])", re.I),
}
_ORDINAL_HINTS = {"en": ("th", "first", "second", "third"), "fr": ("premi", "ième", "ieme", "second")}
_ORDINAL_READ = _lazy(r"([0-9]+)(?:st|nd|rd|th|er|re|ère|e|ème)")
_ORDWORD: dict[str, dict[str, int | None]] = {"en": {}, "fr": {}}


def _ordinal_word_value(w: str, lang: str) -> int | None:
    """The value of an ordinal written in words ("sixth", "vingt-et-unième"), None if it is not one (cached)."""
    def read(key):
        m = _ORDINAL_READ.fullmatch(_t2n().alpha2digit(key, lang, threshold=0))
        return int(m.group(1)) if m else None

    return _t2n_cached(_ORDWORD[lang], w, 40, read)


def _ordinal_suffix_end(text: str, end: int, lang: str) -> int | None:
    """The end of an ordinal suffix written right after digits ending at `end` ("6e", "21st"), or None."""
    m = _ORDINAL_SUFFIX[lang].match(text, end)
    return m.end() if m else None


def _ordinal_words(text: str, lang: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of the ordinals written in words."""
    out = []
    for m in _ORDINAL_WORD[lang].finditer(text):
        v = _ordinal_word_value(m.group(), lang)
        if v is not None:
            out.append((m.start(), m.end(), v))
    return out


# Approximate numbers: the French collective numerals ("une quarantaine de collaborateurs", about
# forty) and "a dozen". Like ordinals they are not counts to compare; they tell that the other side's
# number is stated ("about forty staff members" = "une quarantaine de collaborateurs"). Only the
# singular after an article, followed by "de" in French: "des centaines" (hundreds) and "en
# quarantaine" (quarantine) are not numbers.
_APPROX_VALUES = {
    "fr": {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
           "cinquantaine": 50, "soixantaine": 60, "centaine": 100},
    "en": {"dozen": 12},
}
_APPROX_RE = {
    "fr": _lazy(r"(?<![^\W\d_])(?:une|la|d['’]une)[ \u00a0]+(" + "|".join(_APPROX_VALUES["fr"]) + r")(?=[ \u00a0]+d(?:e\b|['’]))",
                re.I),
    "en": _lazy(r"(?<![^\W\d_])(?:a|about a|nearly a)[ \u00a0]+(dozen)(?![^\W\d_])", re.I),
}


def _approximate_words(text: str, lang: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of the approximate numbers written in words (the numeral only)."""
    return [(m.start(1), m.end(1), _APPROX_VALUES[lang][m.group(1).lower()]) for m in _APPROX_RE[lang].finditer(text)]
