"""Vocabulary terms are found with str.find where one compiled pattern per word was (vocab._find_word)."""

from __future__ import annotations


def test_vocabulary_terms_found_as_the_whole_word_pattern_finds_them():
    import random
    import re

    from linter.vocab import _find_word

    rnd = random.Random(5)
    alpha = "ab _-é1\u00a0.İ٣"
    for _ in range(20000):
        text = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 12)))
        word = "".join(rnd.choice(alpha) for _ in range(rnd.randint(1, 3)))
        m = re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", text)
        assert _find_word(text, word) == (m.start() if m else -1), (text, word)
