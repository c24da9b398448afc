"""Value extraction in English and French: the one place where text becomes comparable values.

Rules never compare strings: they ask this module for the amounts, dates, times, numbers,
durations, language levels, links, e-mails, grades and post numbers of the English text and of
the French text of an aligned pair, and compare the normalised `Quantity.value`s.

Data come from libraries, not hand-written tables: Babel (CLDR) gives the number formats, the
month names (wide and abbreviated, several en/fr locales) and the currency names and symbols;
text2num reads numbers written in words. dateparser is not used: the notice formats are few and
regular, and it would cost ~75 ms of import and ~1 ms per date.

Cost: importing this module loads only the standard library (Babel and text2num are imported on
first use). Each analysis of a (text, lang) is computed once and cached, so a rule asking for the
numbers after another asked for the durations of the same text pays nothing.

Offsets are into the text given; every returned `Quantity` has `text[start:end] == q.text`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from collections.abc import Sequence

__all__ = [
    "Quantity", "find_amounts", "find_dates", "find_times", "find_numbers", "find_durations",
    "find_levels", "find_urls", "find_emails", "parse_grade", "find_post_numbers", "find_all",
    "urls_equivalent", "DEFAULT_URL_LOCALISATIONS", "parse_decimal_any", "format_amount",
    "format_number", "format_date", "format_time", "same_currency", "same_duration",
    "normalise_url",
]


@dataclass(frozen=True)
class Quantity:
    kind: str  # amount | date | time | number | duration | level | url | email | grade | post
    value: object  # normalised, hashable, comparable across languages
    start: int
    end: int
    text: str  # text[start:end]
    unit: str = ""  # amount: ISO code, "$" (bare dollar) or ""; duration: year|month|week|day|hour; number: "" or "%"
    word: bool = False  # number written in words


# --------------------------------------------------------------------------------------------
# shared bits

_HSP = "[ \t\u00a0\u202f\u2009\u2007]"  # one horizontal space of any kind
_OTHER = {"en": "fr", "fr": "en"}


class _LazyRe:
    """A regular expression compiled on first use (keeps the module import cheap)."""

    __slots__ = ("_p", "_f", "_r")

    def __init__(self, pattern: str, flags: int = 0):
        self._p, self._f, self._r = pattern, flags, None

    def __getattr__(self, name):
        r = self._r
        if r is None:
            r = self._r = re.compile(self._p, self._f)
        return getattr(r, name)


_lazy = _LazyRe


def _lang(lang: str) -> str:
    lang = (lang or "en").lower()[:2]
    return lang if lang in _OTHER else "en"


class _Mask:
    """Which characters are already taken by a quantity of a higher-priority kind."""

    __slots__ = ("b",)

    def __init__(self, n: int):
        self.b = bytearray(n)

    def free(self, s: int, e: int) -> bool:
        return self.b.find(1, s, e) < 0

    def take(self, s: int, e: int) -> None:
        if e > s:
            self.b[s:e] = b"\x01" * (e - s)


def _q(text: str, kind: str, value, s: int, e: int, unit: str = "", word: bool = False) -> Quantity:
    return Quantity(kind, value, s, e, text[s:e], unit, word)


@lru_cache(maxsize=None)
def _locale(code: str):
    from babel import Locale

    return Locale.parse(code)


def _strip_accents(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# --------------------------------------------------------------------------------------------
# numbers written with digits

# A number as written: 5,043.00 | 5 043,00 (any space) | 1.234.567,89 | 2,5 | 2025.
# (Hot patterns start with a character class, and check what precedes with a lookbehind after
# it: the regex engine then skips to candidate characters instead of trying every position.)
_NUM_RE = _lazy(
    r"[0-9](?<![\w.,][0-9])(?:[0-9]{0,2}(?:[ \u00a0\u202f\u2009\u2007][0-9]{3})+(?:[.,][0-9]+)?|[0-9]*(?:[.,][0-9]+)*)"
    r"(?![0-9])(?![.,][0-9])"
)
_NUM_BODY = _lazy(  # _NUM_RE without its look-behind: a number glued to a currency code ("CHF0.00")
    r"[0-9](?:[0-9]{0,2}(?:[ \u00a0\u202f\u2009\u2007][0-9]{3})+(?:[.,][0-9]+)?|[0-9]*(?:[.,][0-9]+)*)"
    r"(?![0-9])(?![.,][0-9])"
)
_GLUED_CODE = _lazy(r"[A-Z](?<![\w][A-Z])[A-Z]{2}(?=[0-9])")
_SPACE_GROUP = _lazy(r"(?<=[0-9])[ \u00a0\u202f\u2009\u2007](?=[0-9]{3})")


@lru_cache(maxsize=4096)
def _parse_decimal_cached(s: str, lang: str) -> Decimal | None:
    from babel.numbers import NumberFormatError, parse_decimal

    spaced = _SPACE_GROUP.search(s) is not None
    for loc in (lang, _OTHER[lang], "de"):  # de: 1.234.567,89
        t = s
        if spaced:
            group = _locale(loc).number_symbols["latn"]["group"]
            t = _SPACE_GROUP.sub(group, s)
        try:
            return parse_decimal(t, locale=loc, strict=True)
        except (NumberFormatError, InvalidOperation, ValueError):
            continue
    return None


def parse_decimal_any(s: str, lang: str) -> Decimal:
    """Read a number written the way `lang` writes it (else the other language's way).

    "5,043.00" (en) and "5 043,00" (fr, with a normal, no-break, narrow no-break or thin space)
    both give Decimal("5043.00"). Babel's strict parser decides, in `lang` first: "5,043" is
    5043 in English and 5.043 in French. Raises ValueError if it is not a number.
    """
    s = s.strip()
    if not s or not re.fullmatch(r"[0-9][0-9.,\u00a0\u202f\u2009\u2007 ]*", s) or not s[-1].isdigit():
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


# --------------------------------------------------------------------------------------------
# numbers written in words (text2num)

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


def _word_value(w: str, lang: str) -> int | None:
    """The value of one number word (cached), None if the word is not one."""
    cache = _NUMWORD[lang]
    key = w.lower()
    if key in cache:
        return cache[key]
    v = None
    if len(key) <= 20:
        try:
            v = int(_t2n().text2num(key, lang))
        except ValueError:
            v = None
        except BaseException as e:  # text2num is Rust: a panic is a BaseException
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            v = None
    cache[key] = v
    return v


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


# --------------------------------------------------------------------------------------------
# links and e-mails (language-independent)

_TRAIL = ".,;:!?'\"*»”’"
_URL_BODY = _lazy(r"[^\s<>\"'`]+")
_TLDS = "int|org|com|net|gov|edu|eu|ca|fr|be|ch|uk|de|lu|nl|it|es|us|info|io|jobs|ngo|coop"
_BARE_RE = _lazy(
    r"(?<![\w.@/:-])(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.)+(?:" + _TLDS + r")(?:/[^\s<>\"'`]*)?(?![\w@-])",
    re.I,
)
_TLD_ANCHOR = _lazy(r"\.(?i:" + _TLDS + r")(?![\w@-])")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_EMAIL_RE = _lazy(r"(?<![\w.+-])(?:mailto:)?([\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+)")
_WRAP_RE = _lazy(r"\s{1,4}([a-z0-9][\w\-./?=&%#~+]*)")
_EXT_RE = _lazy(r"\.[A-Za-z0-9]{2,5}$")


def _strip_trailing(u: str) -> str:
    while u:
        c = u[-1]
        if c in _TRAIL:
            u = u[:-1]
        elif c == ")" and u.count("(") < u.count(")"):
            u = u[:-1]
        elif c == "]" and u.count("[") < u.count("]"):
            u = u[:-1]
        elif c == ">" and "<" not in u:
            u = u[:-1]
        else:
            break
    return u


def normalise_url(u: str) -> str:
    """Lower-case scheme and host, no trailing slash or dot, hard-wrap spaces removed."""
    u = re.sub(r"\s+", "", u.strip())
    m = re.match(r"(?i)^([a-z][a-z0-9+.-]*://)?([^/?#]*)(.*)$", u)
    if not m:
        return u
    scheme, host, rest = (m.group(1) or "").lower(), m.group(2).lower(), m.group(3)
    out = scheme + host + rest
    while out.endswith(("/", ".")) and len(out) > len(scheme) + 1:
        out = out[:-1]
    return out


@lru_cache(maxsize=512)
def _links(text: str) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """(urls, emails) of a text."""
    mask = _Mask(len(text))
    urls: list[Quantity] = []
    emails: list[Quantity] = []
    if "." not in text:
        return (), ()
    low = text.lower()
    starts = []  # URLs begin with a scheme or with www.
    i = text.find("://")
    while i >= 0:
        for scheme in ("https", "http", "ftp"):
            s = i - len(scheme)
            if s >= 0 and low.startswith(scheme, s) and not (s and (text[s - 1].isalnum() or text[s - 1] in "_@")):
                starts.append(s)
                break
        i = text.find("://", i + 3)
    i = low.find("www.")
    while i >= 0:
        if not (i and (text[i - 1].isalnum() or text[i - 1] in "_.@/-")):
            starts.append(i)
        i = low.find("www.", i + 4)
    for s in sorted(starts):
        m = _URL_BODY.match(text, s)
        raw = _strip_trailing(m.group()) if m else ""
        if "." not in raw:
            continue
        e = s + len(raw)
        if raw[-1] in "-_/" and not (s and text[s - 1] == "<"):
            w = _WRAP_RE.match(text, e)  # a hard wrap inside the URL ("recruit-hq-\ne.htm")
            if w:
                more = _strip_trailing(w.group(1))
                if more and ("/" in more or "=" in more or _EXT_RE.search(more)):
                    e = w.start(1) + len(more)
        if not mask.free(s, e):
            continue
        mask.take(s, e)
        urls.append(_q(text, "url", normalise_url(text[s:e]), s, e))
    for m in (_EMAIL_RE.finditer(text) if "@" in text else ()):
        s, e = m.span()
        if not mask.free(s, e):
            continue
        mask.take(s, e)
        emails.append(_q(text, "email", m.group(1).lower(), s, e))
    for a in _TLD_ANCHOR.finditer(text):
        s = a.start()
        while s > 0 and text[s - 1] in _DOMAIN_CHARS:
            s -= 1
        m = _BARE_RE.match(text, s)
        if not m:
            continue
        raw = _strip_trailing(m.group())
        e = s + len(raw)
        if "." not in raw or not mask.free(s, e):
            continue
        mask.take(s, e)
        urls.append(_q(text, "url", normalise_url(raw), s, e))
    urls.sort(key=lambda q: q.start)
    return tuple(urls), tuple(emails)


def find_urls(text: str, lang: str = "en") -> list[Quantity]:
    """Links: http(s)://..., www...., <...> autolinks, bare domains (nato.int/recruitment).

    value: the normalised URL (lower-case scheme and host, no trailing slash or dot); a URL
    hard-wrapped after "-", "_" or "/" ("recruit-hq- e.htm") is joined.
    """
    return list(_links(text)[0])


def find_emails(text: str, lang: str = "en") -> list[Quantity]:
    """E-mail addresses; value: the lower-cased address."""
    return list(_links(text)[1])


# URL localisations: (English form, French form), both regular expressions. Either side's token
# is replaced by the same placeholder before comparing; the French URL may also keep the English
# token (NATO's French notices link to ".../cps/fr/natolive/recruit-hq-e.htm").
DEFAULT_URL_LOCALISATIONS: tuple[tuple[str, str], ...] = (
    (r"(?<=/)en(?=/|$|[?#])", r"(?<=/)fr(?=/|$|[?#])"),
    (r"(?<=/)eng(?=/|$|[?#])", r"(?<=/)fra(?=/|$|[?#])"),
    (r"(?<=/)english(?=/|$|[?#])", r"(?<=/)(?:francais|français|french)(?=/|$|[?#])"),
    (r"(?<=[?&;])((?:lang|language|locale|selectedLocale|hl|lg|ln)=)en(?:g|glish)?(?=&|$|#)",
     r"(?<=[?&;])((?:lang|language|locale|selectedLocale|hl|lg|ln)=)(?:fr|fra|french)(?=&|$|#)"),
    (r"-eng(?=[./?#_-]|$)", r"-fra(?=[./?#_-]|$)"),
    (r"[_-]en(?=[./?#]|$)", r"[_-]fr(?=[./?#]|$)"),
    (r"-e(?=\.[a-z]{2,5}(?:[?#]|$))", r"-f(?=\.[a-z]{2,5}(?:[?#]|$))"),
    (r"^en\.", r"^fr\."),
)


def _url_core(u: str) -> str:
    u = normalise_url(u)
    u = re.sub(r"(?i)^[a-z][a-z0-9+.-]*://", "", u)
    return re.sub(r"(?i)^www\.", "", u)


@lru_cache(maxsize=64)
def _compiled_localisations(patterns: tuple) -> tuple:
    out = []
    for pair in patterns:
        try:
            en_p, fr_p = pair
            out.append((re.compile(en_p, re.I), re.compile(fr_p, re.I)))
        except (re.error, TypeError, ValueError):
            continue  # a malformed pattern from a configuration is ignored
    return tuple(out)


def urls_equivalent(en_url: str, fr_url: str,
                    patterns: Sequence[tuple[str, str]] = DEFAULT_URL_LOCALISATIONS) -> bool:
    """True when the two URLs are the same after undoing the known EN↔FR localisations.

    `patterns` are (English regex, French regex) pairs: "/en/"↔"/fr/", "lang=en"↔"lang=fr",
    "_en"↔"_fr", "-eng"↔"-fra", "-e.htm"↔"-f.htm", "/english/"↔"/francais/", "en."↔"fr.".
    The French URL may keep the English form (it links to an English-only page); the English URL
    pointing at the French page is not equivalent. http/https, a missing scheme and "www." are
    ignored: the patterns are applied to the URL without its scheme and "www." (so a host prefix
    is matched with "^en\\."). Invalid patterns are skipped. A typo (recruit-hq-e ↔ recruit-hg-e)
    is not equivalent.
    """
    a, b = _url_core(en_url), _url_core(fr_url)
    if a == b:
        return True
    try:
        key = tuple(tuple(p) if isinstance(p, (list, tuple)) else p for p in patterns)
    except TypeError:
        key = DEFAULT_URL_LOCALISATIONS
    for i, (en_re, fr_re) in enumerate(_compiled_localisations(key)):
        ph = f"\x00{i}\x00"
        a = en_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, a)
        b = fr_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, b)
        b = en_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, b)
    return a == b


# --------------------------------------------------------------------------------------------
# dates and times

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


_AMPM = r"(?P<ap>[AaPp]\.[ \u202f\u00a0]?[Mm]\.|[AaPp][Mm](?![\w]))"
_TIME_COLON = _lazy(
    r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?(?![0-9:])"
    r"(?:[ \t\u00a0\u202f\u2009]?" + _AMPM + r")?"
)
_TIME_AMPM = _lazy(r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?)[ \t\u00a0\u202f\u2009]?" + _AMPM)
_TIME_H = _lazy(r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?)" + _HSP + r"?h" + _HSP + r"?(?P<mi>[0-5][0-9])(?![0-9])"
                r"(?:" + _HSP + r"?min(?:" + _HSP + r"?(?P<s>[0-5][0-9])" + _HSP + r"?s)?(?![\w]))?")
_TIME_H_BARE = _lazy(r"(?P<h>[0-9](?<![\w:.,][0-9])[0-9]?)" + _HSP + r"?h(?![\w])")
_TIME_H_BEFORE = _lazy(r"(?i)(?:\bà|\bavant|\baprès|\bvers|\bdès|\bjusqu['’]à|\bde|\bentre)" + _HSP + r"+$")
_TIME_H_AFTER = _lazy(r"(?i)" + _HSP + r"*(?:à|-|–|et)" + _HSP + r"*[0-2]?[0-9]" + _HSP + r"?h(?![\w])")
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


# --------------------------------------------------------------------------------------------
# amounts and currencies

_COMMON_CURRENCIES = ("EUR", "USD", "CAD", "GBP", "CHF", "AUD", "NZD", "JPY", "SEK", "NOK", "DKK",
                      "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "ISK", "CNY", "INR", "ZAR")


@lru_cache(maxsize=None)
def _currency_data():
    """(symbol → code, name → code, set of ISO codes, prefix regex, postfix regex) from CLDR."""
    from babel.numbers import get_currency_name, list_currencies

    codes = frozenset(list_currencies())
    symbols: dict[str, set] = {}
    names: dict[str, str] = {}
    for loc_code in ("en", "fr", "en_CA", "fr_CA", "en_GB"):
        loc = _locale(loc_code)
        for code in _COMMON_CURRENCIES:
            sym = loc.currency_symbols.get(code)
            if sym and not sym.isalpha() and sym != code:
                symbols.setdefault(sym, set()).add(code)
                if "\u00a0" in sym:
                    symbols.setdefault(sym.replace("\u00a0", " "), set()).add(code)
            for count in (1, 2):
                try:
                    name = get_currency_name(code, count, loc_code)
                except Exception:
                    continue
                if name and name != code:
                    for v in (name, _strip_accents(name)):
                        names.setdefault(v.lower(), code)
    sym_map = {s: (next(iter(c)) if len(c) == 1 else ("$" if "$" in s else "")) for s, c in symbols.items()}
    sym_map["$"] = "$"  # a bare dollar sign: USD for en, CAD for en_CA and fr_CA
    for s, c in (("US$", "USD"), ("$US", "USD"), ("$ US", "USD"), ("CA$", "CAD"), ("$CA", "CAD"),
                 ("$ CA", "CAD"), ("C$", "CAD"), ("CAN$", "CAD")):
        sym_map.setdefault(s, c)
    sym_map = {s: c for s, c in sym_map.items() if c}
    for w in ("dollar", "dollars"):
        names[w] = "$"
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


_PERCENT = _lazy(r"[ \t\u00a0\u202f]?(?:%|(?i:per[ \t\u00a0]?cent|pour[ \t\u00a0]?cent)(?![\w]))")
_SCALE = _lazy(r"[ \t\u00a0\u202f](?P<w>(?i:millions?|milliards?|billions?|thousand|mille))(?![\w])")
_OF = _lazy(r"[ \t\u00a0]*(?:d['’]|de[ \t\u00a0]+|of[ \t\u00a0]+)")
_RANGE_CONN = _lazy(r"(?i)[ \t\u00a0\u202f]*(?:-|–|—|to|à|and|et)[ \t\u00a0\u202f]*")
_MONEY_FORM = _lazy(r"[0-9][ \u00a0\u202f\u2009,.][0-9]{3}(?:[ \u00a0\u202f\u2009,.][0-9]{3})*[.,][0-9]{2}$")


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


# --------------------------------------------------------------------------------------------
# grades, codes, post numbers, levels

_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_GRADE_TOKEN = (r"(?P<l{i}>[A-Z]{{1,3}}(?:/[A-Z]{{1,2}})?)(?:[ \-\u2011]?(?P<n{i}>[0-9]{{1,2}})(?![\w])"
                r"|[ \-\u2011](?P<r{i}>VIII|VII|VI|IV|IX|V|III|II|I|X)(?![\w]))")
_GRADE_RE = _lazy(r"(?<![\w/\-])" + _GRADE_TOKEN.format(i=1))
_GRADE_NEXT = _lazy(
    r"[ \t]*(?:[-–—/]|\bto\b|\bà\b|\bor\b|\bou\b|\band\b|\bet\b|,)[ \t]*(?:" + _GRADE_TOKEN.format(i=2)
    + r"|(?P<bare>[0-9]{1,2})(?![\w]))"
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
_PHONE_RE = _lazy(
    r"\+[0-9]{1,3}(?:[ .\-]?\(?[0-9]{1,4}\)?){2,6}(?![\w])"
    r"|\((?<![\w]\()[0-9]{3}\)[ ]?[0-9]{3}[\-. ][0-9]{4}(?![\w])"
    r"|[0-9](?<![\w\-.][0-9])[0-9]{2}[\-.][0-9]{3}[\-.][0-9]{4}(?![\w\-.])"
)
_LEVEL_LABEL = _lazy(
    r"(?P<r>[IV](?<![\w][IV])[IV]{0,2})(?![\w])\s*\(\s*[\"“”«»‘’'„]\s*"
    r"(?P<label>[^\W\d_][^()\"“”«»]{0,40}?)\s*[\"“”«»‘’']?\s*\)"
)
_LEVEL_WORD = _lazy(
    r"(?i:\b(?:levels?|niveaux?)(?:[ \t]+(?:de[ \t]+compétence|de[ \t]+competence|of[ \t]+proficiency|minimum|minimal|minimaux))?)"
    r"[ \t\u00a0]+(?P<r>VI|IV|V|III|II|I)(?![\w])"
    r"(?P<more>(?:[ \t]*(?:,|/|and|et|or|ou)[ \t]*(?:VI|IV|V|III|II|I)(?![\w]))*)"
)
_CBC = _lazy(r"(?P<p>[ABCEPX](?<![\w/][ABCEPX])[ABCEPX]{2}(?:/[ABCEPX]{3})?)(?![\w/])")
_CBC_CONTEXT = _lazy(
    r"(?i)bilingu|linguisti|language|langue|level|niveau|profil|imperative|impératif|imperatif|reading|writing|oral|lecture|écrit|ecrit")


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
        codes = [_grade_code(m.group("l1"), m.group("n1"), m.group("r1"))]
        end = m.end()
        letters = m.group("l1")
        while True:
            n = _GRADE_NEXT.match(text, end)
            if not n:
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


# --------------------------------------------------------------------------------------------
# durations

_DUR_UNITS = {
    "en": {"year": "year", "years": "year", "yr": "year", "yrs": "year", "month": "month", "months": "month",
           "week": "week", "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour",
           "hr": "hour", "hrs": "hour"},
    "fr": {"an": "year", "ans": "year", "année": "year", "années": "year", "annee": "year", "annees": "year",
           "mois": "month", "semaine": "week", "semaines": "week", "jour": "day", "jours": "day",
           "heure": "hour", "heures": "hour"},
}
_DUR_RE = {
    "en": _lazy(
        r"(?:[ \t\u00a0\u202f]*\([ \t]*[0-9]+[ \t]*\))?[ \t\u00a0\u202f]*[-\u2010\u2011]?[ \t\u00a0\u202f]*"
        r"(?:(?i:working|business|calendar|full|consecutive|additional|further|academic|fiscal|full-time|part-time)[ \t]+)?"
        r"(?P<u>(?i:years?|yrs?|months?|weeks?|days?|hours?|hrs?))(?![\w])(?:['’](?![\w]))?"),
    "fr": _lazy(
        r"(?:[ \t\u00a0\u202f]*\([ \t]*[0-9]+[ \t]*\))?[ \t\u00a0\u202f]*[-\u2010\u2011]?[ \t\u00a0\u202f]*"
        r"(?:(?i:premi[èe]re?s?|derni[èe]re?s?|prochaine?s?|pleine?s?|bonne?s?)[ \t\u00a0]+)?"
        r"(?P<u>(?i:ans?|ann[ée]es?|mois|semaines?|jours?|heures?))(?![\w])"),
}
_DUR_MONTHS = {"year": 12, "month": 1}
_DUR_HOURS = {"week": 168, "day": 24, "hour": 1}


def same_duration(a: Quantity, b: Quantity) -> bool:
    """Equal durations, converting years↔months and weeks↔days↔hours (36 months = 3 years)."""
    if a.unit == b.unit:
        return a.value == b.value
    for table in (_DUR_MONTHS, _DUR_HOURS):
        if a.unit in table and b.unit in table:
            try:
                return Decimal(str(a.value)) * table[a.unit] == Decimal(str(b.value)) * table[b.unit]
            except (InvalidOperation, ValueError):
                return False
    return False


# --------------------------------------------------------------------------------------------
# the analysis of one text

@lru_cache(maxsize=512)
def _analyse(text: str, lang: str, day_first: bool = True) -> dict[str, tuple[Quantity, ...]]:
    n = len(text)
    mask = _Mask(n)
    low = text.lower()
    urls, emails = _links(text)
    for q in urls + emails:
        mask.take(q.start, q.end)
    out: dict[str, list[Quantity]] = {k: [] for k in ("amount", "date", "time", "number", "duration", "level", "post")}

    has_digit = any(c in text for c in "0123456789")
    if has_digit:
        for m in _PHONE_RE.finditer(text):
            if mask.free(*m.span()):
                mask.take(*m.span())
        out["date"] = _scan_dates(text, mask, day_first)
        out["time"] = _scan_times(text, mask, low)
    else:
        out["time"] = _scan_times(text, mask, low, has_digit=False)
    if has_digit:
        out["amount"] = _scan_amounts(text, lang, mask)
        # post and reference numbers, grades, codes, section numbers: not counts
        codes = _codes(text)
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
            if not mask.free(s, e) or (e < n and text[e].isalpha() and not _DUR_RE[lang].match(text, e)):
                continue
            v = _num_value(m.group(), lang)
            if v is None:
                continue
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
        if unit is None and _MONEY_FORM.search(m.group()):
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
            out.append(_q(text, "level", m.group(), s, e))
    out.sort(key=lambda q: q.start)
    return out


# --------------------------------------------------------------------------------------------
# public finders

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
    return list(_analyse(text, _lang(lang), bool(day_first))["date"])


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


def find_all(text: str, lang: str) -> list[Quantity]:
    """Every quantity of every kind, sorted by start (numbers inside durations included)."""
    lang = _lang(lang)
    a = _analyse(text, lang)
    urls, emails = _links(text)
    items = [q for k in a for q in a[k]] + list(urls) + list(emails)
    return sorted(items, key=lambda q: (q.start, q.end))


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


# --------------------------------------------------------------------------------------------
# formatting (for suggestions)

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


def format_date(d: _dt.date, lang: str, like: str | None = None) -> str:
    """A date in the style of an example: like "05-janv.-2025" → "11-mai-2025"; like
    "05-Jan-2025" → "11-May-2025"; like "2025-01-05" → "2025-05-11". Without a readable
    example: Babel's medium format ("May 11, 2025", "11 mai 2025")."""
    from babel.dates import format_date as babel_format_date

    lang = _lang(lang)
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
