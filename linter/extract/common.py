"""What every value kind shares: the `Quantity` they all return, the mask that keeps kinds from
claiming the same characters, lazily compiled patterns, and the CLDR locales."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Quantity:
    kind: str  # amount | date | time | number | duration | level | url | email | grade | post
    value: object  # normalised, hashable, comparable across languages
    start: int
    end: int
    text: str  # text[start:end]
    unit: str = ""  # amount: ISO code, "$" (bare dollar) or ""; duration: year|month|week|day|hour; number: "" or "%"
    word: bool = False  # number written in words


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


_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def lower_keep_length(text: str) -> str:
    """text.lower() with one character out per character in (İ lowers to two characters, which
    would shift every offset found in the lowered text): such characters stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Bounds that make every scan linear whatever the text: no value is written as one "word" of
# thousands of characters (a data: URL, base64, a digit or hex run, x.com.com...), nor with dozens of
# spaces inside it. Such stretches become filler that no pattern matches (same length: offsets and
# columns stay as they are), so each pattern meets runs of bounded length only.
MAX_TOKEN = 1000
MAX_SPACE_RUN = 64
FILLER = "\u2591"
_DEFUSE = re.compile(r"(?<!\S)\S{%d,}|(?<!\s)\s{%d,}" % (MAX_TOKEN + 1, MAX_SPACE_RUN + 1))


def defuse(text: str) -> str:
    """`text` with over-long tokens and whitespace runs replaced by FILLER of the same length (a
    whitespace run keeps its first and last character, so the words around it stay words)."""
    if len(text) <= MAX_SPACE_RUN:
        return text

    def sub(m: re.Match) -> str:
        s = m.group()
        if s[0].isspace():
            return s[0] + FILLER * (len(s) - 2) + s[-1]
        return FILLER * len(s)

    return _DEFUSE.sub(sub, text)
