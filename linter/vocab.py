"""Bilingual vocabularies: header field labels, closed-vocabulary terms and place names.

Field labels and terms come from the data files beside this module (extendable in the
configuration); country and city names come from CLDR through Babel.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


_SPACES = re.compile(r"\s+")
# Up to three more words of a label before its colon (letters only: a value has digits or is longer).
_LABEL_TAIL = re.compile(r"((?:\s+[^\W\d_][^\W\d_'’-]*){1,3})\s*:\s*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _drop_combining(m: re.Match) -> str:
    return "".join(c for c in m.group() if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form for matching labels and terms."""
    if not text.isascii():  # ASCII text has nothing to replace, decompose or drop
        text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").replace("\u202f", " ")
        text = unicodedata.normalize("NFKD", text)
        text = _NON_ASCII.sub(_drop_combining, text)  # combining marks are never ASCII
    return _SPACES.sub(" ", text.casefold()).strip()


def _fold_keep_length(text: str) -> str:
    """fold() that keeps one output character per input character, so offsets stay valid."""
    if text.isascii():
        return text.lower().replace("\t", " ")
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "’‘":
        return "'"
    if c in "\u00a0\u202f\t":
        return " "
    d = unicodedata.normalize("NFKD", c)
    base = "".join(x for x in d if not unicodedata.combining(x)) or c
    return base[0].casefold() if len(base[0].casefold()) == 1 else base[0]


DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict:
    """A data file shipped in linter/data/ (read as a plain file: importlib.resources would pull in
    zipfile, tempfile and random on every start for a package that is never zipped)."""
    return tomllib.loads((DATA / name).read_text("utf-8"))


# A line shaped "Label: value" whatever the label ("Supervisor: Dr. Belkacem", "Type d'engagement :
# ..."): a label of at most six words, letters only, then ":" and a value.
_LABEL_LINE = re.compile(r"^\s*[^\W\d_][^\W\d_'’()&/-]*(?:[ '’/-]+[(&]?[^\W\d_]+\)?){0,5}\s*:\s+\S")


def is_label_line(text: str) -> bool:
    """A "Label: value" line with a capitalised label, known or not (a known one is a field)."""
    return (bool(_LABEL_LINE.match(text)) and text.lstrip()[:1].isupper()
            and len(text.split(":", 1)[0]) <= 45)


# After a label written without a colon, a preposition means the label's word starts a name
# ("Direction des programmes d'infrastructure", "Service of the Registry"), not a field.
_NAME_GOES_ON = re.compile(r"\s+(?:de|des|du|d['’]|of|for)(?![^\W\d_])", re.I)


@dataclass(frozen=True)
class FieldMatch:
    key: str
    label: str  # as written in the text
    value_start: int  # offset of the value in the line


class Vocabulary:
    """Field labels and terms, from the shipped data merged with the configuration's additions."""

    def __init__(self, extra_fields: dict | None = None, extra_terms: dict | None = None):
        fields = _load("fields.toml")
        for key, langs in (extra_fields or {}).items():
            entry = fields.setdefault(key, {})
            for lang, labels in langs.items():
                if lang in ("en", "fr"):
                    entry[lang] = list(labels) + list(entry.get(lang, []))
        self.body_fields = {k for k, v in fields.items() if v.get("body")}
        self.colon_fields = {k for k, v in fields.items() if v.get("colon")}
        self.standalone_fields = {k for k, v in fields.items() if v.get("standalone")}
        # (folded label, key) longest first, per language
        self._labels = {
            lang: sorted(((fold(lbl), key) for key, v in fields.items() for lbl in v.get(lang, [])),
                         key=lambda x: -len(x[0]))
            for lang in ("en", "fr")
        }
        self._longest = max((len(lbl) for labels in self._labels.values() for lbl, _ in labels), default=0)
        terms = _load("terms.toml")
        for cat, concepts in (extra_terms or {}).items():
            for concept, langs in concepts.items():
                entry = terms.setdefault(cat, {}).setdefault(concept, {})
                for lang, words in langs.items():
                    entry[lang] = list(words) + list(entry.get(lang, []))
        self._terms = {
            cat: sorted(((fold(w), concept, lang) for concept, v in concepts.items()
                         for lang in ("en", "fr") for w in v.get(lang, [])), key=lambda x: -len(x[0]))
            for cat, concepts in terms.items()
        }
        self.term_words = {cat: {c: v for c, v in concepts.items()} for cat, concepts in terms.items()}

    def match_field(self, line: str, lang: str | None, body: bool = False, colon: bool = False) -> FieldMatch | None:
        """A header field label at the start of `line` (after leading spaces), or None.

        `body`: only the fields recognised inside sections; `colon`: the label must be followed by
        ":" (Markdown, where any field may stand anywhere).
        """
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        folded = _fold_keep_length(stripped[: self._longest + 1])  # only a label's length can match
        langs = (lang,) if lang else ("en", "fr")
        for lg in langs:
            for label, key in self._labels[lg]:
                if body and key not in self.body_fields:
                    continue
                if key in self.standalone_fields and not colon:
                    continue
                if not folded.startswith(label):
                    continue
                rest = stripped[len(label):]
                m = re.match(r"\s*:\s*", rest)
                if m:
                    return FieldMatch(key, stripped[: len(label)], lead + len(label) + m.end())
                # Without a colon (PDF extractions lose it), the value must follow after a space,
                # and a body line never counts: "Grade NATO Grade G20" yes, "Grade is..." in prose no.
                if (not body and not colon and key not in self.colon_fields
                        and rest[:1].isspace() and rest.strip() and not _NAME_GOES_ON.match(rest)):
                    # The label goes on to the colon ("Salaire annuel brut minimum : 47 820 €"):
                    # the words before the ":" are the label's, not the value's.
                    ext = _LABEL_TAIL.match(rest)
                    if ext:
                        n = len(label) + len(ext.group(1))
                        return FieldMatch(key, stripped[:n], lead + len(label) + ext.end())
                    return FieldMatch(key, stripped[: len(label)], lead + len(label) + (len(rest) - len(rest.lstrip())))
        return None

    def label_key(self, text: str, lang: str | None) -> str | None:
        """The field key when `text` is a field label and nothing else ("Closing date", "Lieu :")."""
        t = text.strip().rstrip(":").rstrip()
        if not t:
            return None
        fm = self.match_field(t + ":", lang, colon=True)
        return fm.key if fm and fm.value_start >= len(t) else None

    def opens_prose(self, label: str, lang: str | None) -> bool:
        """Is `label` one that also opens prose ("To apply: send your CV...", a "standalone" label)?
        A "Label: value" line under it is body text, not a header line."""
        return self.label_key(label, lang) in self.standalone_fields

    def find_term(self, category: str, text: str, lang: str | None = None) -> tuple[str, int, int] | None:
        """(concept, start, end) of the longest known term of `category` in text, or None."""
        folded = _fold_keep_length(text)
        best = None
        for word, concept, lg in self._terms.get(category, ()):
            if lang and lg != lang:
                continue
            i = _find_word(folded, word)
            if i >= 0:
                cand = (concept, i, i + len(word))
                if best is None or (cand[2] - cand[1]) > (best[2] - best[1]):
                    best = cand
        return best

    def term_text(self, category: str, concept: str, lang: str) -> str | None:
        words = self.term_words.get(category, {}).get(concept, {}).get(lang)
        return words[0] if words else None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches in a str pattern


def _find_word(text: str, word: str) -> int:
    """Where `word` first stands in `text` as a whole word, as `(?<!\\w)word(?!\\w)` finds it (one
    str.find per candidate instead of one compiled pattern per vocabulary word), or -1."""
    if not word:
        m = re.search(r"(?<![\w])(?![\w])", text)
        return m.start() if m else -1
    n, end = len(word), len(text)
    i = text.find(word)
    while i >= 0:
        if (i == 0 or not _is_word_char(text[i - 1])) and (i + n >= end or not _is_word_char(text[i + n])):
            return i
        i = text.find(word, i + 1)
    return -1


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Folded country and city names in English and French → a language-neutral key (CLDR)."""
    from .extract.cldr import places  # CLDR's en and fr names, stored in linter/data/cldr.json

    data = places()
    out: dict[str, str] = {}
    for lg in ("en", "fr"):
        for code, name in data["territories"][lg].items():
            if code.isalpha():
                out.setdefault(fold(name), "country:" + code)
    for lg in ("en", "fr"):
        for tz, city in data["zone_cities"][lg].items():
            out.setdefault(fold(city), "city:" + tz)
    # English CLDR leaves most city names implicit in the zone id (Europe/Brussels).
    for tz in data["fr_zones"]:
        out.setdefault(fold(tz.split("/")[-1].replace("_", " ")), "city:" + tz)
    # provinces, states and regions (ISO 3166-2 through pycountry): "New Brunswick" = "Nouveau-Brunswick"
    from .extract.subdivisions import subdivisions

    for name, code in subdivisions().items():
        out.setdefault(fold(name), "subdivision:" + code)
        out.setdefault(fold(name.replace("-", " ")), "subdivision:" + code)
    return out


def place_key(name: str) -> str | None:
    """Language-neutral key of a country or city name in English or French, or None if unknown."""
    key = fold(name.strip(" .,;"))
    return _places().get(key) or _places().get(key.replace("-", " "))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, built once (configured linters build their own)."""
    return Vocabulary()
