"""Language evidence: how English or French a piece of text is, from function words and accents."""

from __future__ import annotations

import re

# High-frequency function words that exist in one language only. Words shared by both (a, on, as,
# plus, son, ce...) are left out: they would count for both.
EN_WORDS = frozenset(
    """the and of to in for with is are be will by at from this that an or their they have has must
    should which who all other your you our we not any may can its it within under such including
    these those been were was would there into about more than also each who whom what when where
    how upon over through between during following would could shall been being his her she he
    them then only both well very use used using provide provides ensure work working""".split()
)
FR_WORDS = frozenset(
    """le la les des du de et un une est sont pour dans avec sur par au aux ce cette ces qui que
    leur leurs il elle ils elles être avoir doit sera seront ou pas ne tout toute tous toutes sous
    entre lorsque selon afin auprès ainsi également dont où nous vous votre vos notre nos mais très
    peut peuvent aussi sans chez vers lui y été fait faire assure veille aux sein cadre ayant""".split()
)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ]+)?")
_FR_ELISION = re.compile(r"\b(?:[dlnjmtsc]|qu|jusqu|lorsqu|puisqu)['’][A-Za-zÀ-ÿ]", re.I)
_FR_ACCENT = re.compile(r"[éèêàçùâîôûëïœ]", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+")


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
