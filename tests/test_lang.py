"""The stop-word lists stored in linter/data/stopwords.json are those the installed spaCy gives.

spaCy is not a dependency of the linter (the stored lists are all it used); it is in the `test` extra
so this check runs. A spaCy upgrade that changes a list fails here: rewrite the file with
`python -m linter.lang` (and look at what changed)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from linter import lang


@pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="spaCy is not installed (pip install -e '.[test]')")
def test_stored_stop_words_are_spacys():
    stored = json.loads(lang.DATA.read_text(encoding="utf-8"))
    built = lang.build()
    assert stored.keys() == built.keys() == {"en", "fr"}
    for key in built:
        assert stored[key] == built[key], f"{key} differs from spaCy's: run python -m linter.lang"


def test_language_words_are_one_sided():
    assert "the" in lang.EN_WORDS and "les" in lang.FR_WORDS
    assert not lang.EN_WORDS & lang.FR_WORDS
    assert lang.guess("The incumbent plans the meetings of the team.") == "en"
    assert lang.guess("Le titulaire planifie les réunions de l'équipe.") == "fr"
