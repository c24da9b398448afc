"""Alignment logic with an injected fake embedder (no model): links, merges, gaps, sentence coverage."""

from __future__ import annotations

from linter.align import align_blocks, sentence_gaps
from linter.merges import attach_covered
from linter.embed import FakeEmbedder
from linter.model import Block
from linter.similarity import EmbeddingSimilarity
from linter.sentences import split_sentences

TEXTS = [
    "The incumbent plans and organises the meetings of the senior committees of the Alliance.",
    "They draft speeches and speaking notes for senior officials as directed by the office.",
    "Candidates will be required to provide documented medical evidence for accommodation.",
    "The organisation offers teleworking and flexible working arrangements to all of its staff.",
    "Please note that the headquarters building in Brussels is a non-smoking environment.",
]


def blocks(lang, texts, start=1):
    return [Block(lang, "paragraph", t, start + 2 * i, start + 2 * i) for i, t in enumerate(texts)]


def sim():
    # The fake embedder is not cross-lingual: the "French" side repeats the English text, so a
    # true pair scores 1 and unrelated texts score low, which is what alignment logic needs.
    return EmbeddingSimilarity(FakeEmbedder(), cut=0.5)


def shape(pairs):
    return [(tuple(b.line for b in p.en), tuple(b.line for b in p.fr)) for p in pairs]


def test_one_to_one():
    en, fr = blocks("en", TEXTS), blocks("fr", TEXTS, 101)
    pairs = align_blocks(en, fr, sim())
    assert shape(pairs) == [((1,), (101,)), ((3,), (103,)), ((5,), (105,)), ((7,), (107,)), ((9,), (109,))]


def test_missing_paragraph_is_a_gap():
    en = blocks("en", TEXTS)
    fr = blocks("fr", TEXTS[:2] + TEXTS[3:], 101)
    pairs = align_blocks(en, fr, sim())
    assert ((5,), ()) in shape(pairs)
    assert len([p for p in pairs if p.en and p.fr]) == 4


def test_paragraph_split_on_one_side_is_one_link():
    en = blocks("en", [TEXTS[0] + " " + TEXTS[1]] + TEXTS[2:])
    fr = blocks("fr", TEXTS, 101)
    pairs = align_blocks(en, fr, sim())
    assert shape(pairs)[0] == ((1,), (101, 103))
    assert all(p.en and p.fr for p in pairs)


def test_gap_whose_sentences_are_covered_joins_its_neighbour():
    s = sim()
    en = blocks("en", [TEXTS[0] + " " + TEXTS[1], TEXTS[3]])
    fr = blocks("fr", [TEXTS[0], TEXTS[1], TEXTS[3]], 101)
    # As if the paragraph DP had left the second French block alone:
    from linter.model import Pair

    pairs = [Pair((en[0],), (fr[0],), 0.9, 1), Pair((), (fr[1],), None, 1), Pair((en[1],), (fr[2],), 1.0, 1)]
    fixed = attach_covered(pairs, s)
    assert shape(fixed) == [((1,), (101, 103)), ((3,), (105,))]
    # ...but a block whose sentences are nowhere on the other side stays a gap.
    pairs = [Pair((en[0],), (fr[0],), 0.9, 1), Pair((), (blocks("fr", [TEXTS[4]], 103)[0],), None, 1),
             Pair((en[1],), (fr[2],), 1.0, 1)]
    assert shape(attach_covered(pairs, s))[1] == ((), (103,))


def test_sentences_keep_abbreviations_whole():
    text = "Apply by 5 May, e.g. via the portal. Ph.D. holders are welcome. Voir p. ex. le site. Fin."
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["Apply by 5 May, e.g. via the portal.", "Ph.D. holders are welcome.", "Voir p. ex. le site.", "Fin."]


def _para(lang, sentences, line):
    return [Block(lang, "paragraph", " ".join(sentences), line, line)]


def test_sentence_with_no_counterpart_is_a_sentence_gap():
    """NL403's in-order sentence alignment: an added sentence takes its best match from a sentence that
    has its own counterpart, and joining them lowers that link, so it is left alone."""
    s = sim()
    en = _para("en", TEXTS[:3] + [TEXTS[4]], 1)
    fr = _para("fr", TEXTS[:3], 101)
    assert sentence_gaps(s, en, fr) == {3}
    assert sentence_gaps(s, fr, en) == set()


def test_sentence_translated_inside_a_longer_one_is_no_sentence_gap():
    """Two English sentences rendered as one French sentence: joining them raises the link (a 2-1 link,
    no penalty for the merge), so neither is a gap; one-to-one sentences are no gaps either."""
    s = sim()
    one = TEXTS[0][:-1] + " and " + TEXTS[1][0].lower() + TEXTS[1][1:]
    en = _para("en", TEXTS[:3], 1)
    fr = _para("fr", [one, TEXTS[2]], 101)
    assert sentence_gaps(s, en, fr) == set()
    assert sentence_gaps(s, fr, en) == set()
    assert sentence_gaps(s, en, _para("fr", TEXTS[:3], 101)) == set()


# -- list items merged or split in translation ------------------------------------------------------

ITEMS = [
    "Manage the field office budget and review monthly expenditure against forecasts",
    "Prepare accurate narrative reports for the Country Director and for donors",
    "Ensure that all supporting documents are filed and ready for audit",
]


def items(lang, texts, start=1):
    return [Block(lang, "bullet", t, start + i, start + i, key="l1") for i, t in enumerate(texts)]


def test_item_split_in_two_joins_the_link_of_its_other_half():
    from linter.model import Pair

    s = sim()
    en = items("en", ITEMS)
    # The French splits the first item in two ("Manage the field office budget" / "review monthly ...").
    fr = items("fr", ["Manage the field office budget", "review monthly expenditure against forecasts", *ITEMS[1:]], 101)
    s.prepare(en + fr)
    pairs = [Pair((en[0],), (fr[0],), s.score((en[0],), (fr[0],)), 1), Pair((), (fr[1],), None, 1),
             Pair((en[1],), (fr[2],), 1.0, 1), Pair((en[2],), (fr[3],), 1.0, 1)]
    assert shape(attach_covered(pairs, s)) == [((1,), (101, 102)), ((2,), (103,)), ((3,), (104,))]


def test_item_missing_on_one_side_stays_a_gap():
    from linter.model import Pair

    s = sim()
    en = items("en", ITEMS)
    fr = items("fr", [ITEMS[0], ITEMS[2]], 101)
    s.prepare(en + fr)
    pairs = [Pair((en[0],), (fr[0],), 1.0, 1), Pair((en[1],), (), None, 1), Pair((en[2],), (fr[1],), 1.0, 1)]
    assert shape(attach_covered(pairs, s)) == [((1,), (101,)), ((2,), ()), ((3,), (102,))]


def test_two_items_linked_to_the_whole_translation_of_one_are_taken_apart():
    """The block alignment's own 2-1 link of items is kept only when it is a merge: here the French has
    the first item whole and lacks the second, so the second item is left without a counterpart."""
    from linter.model import Pair

    s = sim()
    en = items("en", ITEMS)
    fr = items("fr", [ITEMS[0], ITEMS[2]], 101)
    s.prepare(en + fr)
    pairs = [Pair((en[0], en[1]), (fr[0],), s.score((en[0], en[1]), (fr[0],)), 1), Pair((en[2],), (fr[1],), 1.0, 1)]
    assert shape(attach_covered(pairs, s)) == [((1,), (101,)), ((2,), ()), ((3,), (102,))]


def test_item_merge_needs_a_word_aligner():
    from linter.merges import item_merges
    from linter.model import Pair

    s = sim()
    en = items("en", ITEMS[:1])
    fr = items("fr", ["Manage the field office budget", "review monthly expenditure against forecasts"], 101)
    s.prepare(en + fr)
    link = Pair((en[0],), (fr[0],), s.score((en[0],), (fr[0],)), 1)
    assert item_merges(link, (fr[1],), "fr", s) is not None
    s.words.available = False
    assert item_merges(link, (fr[1],), "fr", s) is None
