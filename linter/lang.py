"""Language evidence: how English or French a piece of text is, from function words and accents."""

from __future__ import annotations

import json
import re
from pathlib import Path

# spaCy's English and French stop-word lists, stored (built from the installed spaCy by build();
# tests/test_lang.py checks them against it when spaCy is installed; rewrite with
# `python -m linter.lang`). spaCy is not a dependency: the lists are all it gave, and importing it
# costs about 2 s (thinc, and torch when present) and its French tokenizer exceptions 1.6 s more.
DATA = Path(__file__).resolve().parent / "data" / "stopwords.json"


def _spacy_stop_words(lang: str) -> list[str]:
    """spaCy's stop-word list for a language, read from its data file without importing spaCy."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("spaCy is not installed (pip install 'spacy>=3.8,<3.9' to rebuild the stop-word lists)")
    path = os.path.join(spec.submodule_search_locations[0], "lang", lang, "stop_words.py")
    mod_spec = importlib.util.spec_from_file_location(f"_noticelint_spacy_{lang}_stop_words", path)
    module = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(module)
    return sorted({w.lower() for w in module.STOP_WORDS})


def build() -> dict[str, list[str]]:
    """The stored lists, from the installed spaCy."""
    return {"en": _spacy_stop_words("en"), "fr": _spacy_stop_words("fr")}


def _stored() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(DATA.read_text("utf-8"))
    return frozenset(data["en"]), frozenset(data["fr"])


# Function words of one language only: words both lists hold (a, on, as, six...) count for neither.
_EN_ALL, _FR_ALL = _stored()
EN_WORDS = _EN_ALL - _FR_ALL
FR_WORDS = _FR_ALL - _EN_ALL
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ]+)?")
_FR_ELISION = re.compile(r"\b(?:[dlnjmtsc]|qu|jusqu|lorsqu|puisqu)['’][A-Za-zÀ-ÿ]", re.I)
_FR_ACCENT = re.compile(r"[éèêàçùâîôûëïœ]", re.I)
# Linear: an address is matched from the start of its token only (\S+@ tried at every position of a
# long token was quadratic).
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@\S+")


def evidence(text: str) -> tuple[int, int]:
    """(English score, French score) of a text: counts of language-specific words and marks."""
    text = _URL.sub(" ", text)
    en = fr = 0
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if w in EN_WORDS:
            en += 1
        elif w in FR_WORDS:
            fr += 1
    fr += len(_FR_ELISION.findall(text))
    # Accented letters are French evidence, but weaker than a word: English borrows café, résumé.
    fr += len(_FR_ACCENT.findall(text)) // 2
    return en, fr


def score(text: str) -> int:
    """Positive for French, negative for English, 0 for no evidence."""
    en, fr = evidence(text)
    return fr - en


def guess(text: str, margin: float = 0.6) -> str | None:
    """'en' or 'fr' when the evidence is clear (one language has `margin` of it), else None."""
    en, fr = evidence(text)
    total = en + fr
    if total < 3:
        return None
    if en >= margin * total:
        return "en"
    if fr >= margin * total:
        return "fr"
    return None


LANG_NAMES = {"en": "English", "fr": "French"}


if __name__ == "__main__":
    DATA.write_text(json.dumps(build(), ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {DATA}")
