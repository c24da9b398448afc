"""Word alignment (linter/wordalign.py): token vectors, phrases and names (what NL406 and NL407 make of them: test_similarity_rules.py)."""

from __future__ import annotations

import numpy as np

from linter import names as NM
from linter import wordalign as WA
from linter.embed import FakeEmbedder
from linter.embed.base import TokenVectors


def _tv(text, table):
    """Hand-built token vectors: one token per word, its vector the named axis (or a fresh one)."""
    import re

    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    dim = 16
    vecs = np.zeros((len(spans), dim), np.float32)
    for r, (a, b) in enumerate(spans):
        axis = table.get(text[a:b].lower())
        if axis is None:
            axis = 15 - r % 4  # unrelated words land on spare axes
        vecs[r, axis] = 1.0
        vecs[r, 14 - axis % 3] += 0.1
        vecs[r] /= np.linalg.norm(vecs[r])
    return TokenVectors(spans, vecs)


LEX = {"document": 0, "documents": 0, "management": 1, "gestion": 1, "systems": 2, "systèmes": 2,
       "experience": 3, "expérience": 3, "records": 9}


def test_argmax_aligns_translations_and_leaves_the_dropped_word():
    en = "experience of document and records management systems"
    fr = "expérience des systèmes de gestion de documents"
    wa = WA.align_words(en, _tv(en, LEX), fr, _tv(fr, LEX))
    pairs = {(w.text, wa.fr[w.partner].text) for w in wa.en if w.partner is not None and w.content}
    assert {("document", "documents"), ("management", "gestion"), ("systems", "systèmes")} <= pairs
    weak = [w.text for w in WA.weak_words(wa, "en")]
    assert weak == ["records"]
    assert [w.text for w in WA.weak_words(wa, "fr")] == []


def test_subword_tokens_are_merged_into_words():
    text = "Tasker Tracker"
    tv = TokenVectors([(0, 3), (3, 6), (7, 14)], np.eye(3, dtype=np.float32))
    words, vecs = WA._words(text, tv)
    assert [w.text for w in words] == ["Tasker", "Tracker"]
    assert np.allclose(vecs[0], np.array([1, 1, 0]) / np.sqrt(2))


def test_function_words_numbers_and_urls_are_not_content():
    assert not WA.is_content("the") and not WA.is_content("des") and not WA.is_content("2024")
    assert WA.is_content("records") and WA.is_content("Outreach")
    words, _ = WA._words("see https://example.org/records now", FakeEmbedder().encode_tokens(
        ["see https://example.org/records now"])[0])
    assert "records" not in [w.text for w in words]


def test_itermax_aligns_a_second_round():
    sim = np.array([[0.9, 0.8], [0.85, 0.2]], np.float32)
    assert WA._itermax(sim, iterations=0) == [(0, 0)]
    # round 2: with (0, 0) out, row 1 and column 0 are each other's best, and so are row 0 and column 1
    assert sorted(WA._itermax(sim, iterations=2)) == [(0, 0), (0, 1), (1, 0)]


def test_phrases_group_neighbours_and_break_at_clauses():
    text = "at NATO Headquarters in Brussels, Belgium. Then réunies, l'agent"
    fe = FakeEmbedder()
    wa = WA.align_words(text, fe.encode_tokens([text])[0], "x", fe.encode_tokens(["x"])[0])
    by = {w.text: w for w in wa.en}
    got = WA.phrases(text, wa.en, [by["Brussels"], by["Belgium"], by["réunies"], by["agent"]])
    assert [text[a:b] for a, b, _ in got] == ["Brussels, Belgium", "réunies", "agent"]


def test_names_found_and_compared():
    assert [("Task Tracker")] == ["SharePoint, Task Tracker, etc."[a:b] for a, b in NM.names("SharePoint, Task Tracker, etc.")][1:]
    assert "SharePoint" in ["SharePoint, Task Tracker"[a:b] for a, b in NM.names("SharePoint, Task Tracker")]
    assert ["error “File not found”"[a:b] for a, b in NM.names("error “File not found”")] == ["File not found"]
    assert NM._near("Task", "Tasker") and NM._near("Grand", "Grands")
    assert not NM._near("PowerPoint", "Powerpoint") and not NM._near("Notify", "Notification")
    # one letter added or dropped inside a word of five letters or more
    assert NM._near("PolisMetrics", "PoliMetrics") and NM._near("Zendesk", "Zenddesk")
    assert not NM._near("form", "from") and not NM._near("Data", "Date2")
    # accents are not a respelling, nor a French ending with an accented letter
    assert not NM._near("Montreal", "Montréal") and not NM._near("Unit", "Unité")


def test_a_name_is_written_on_the_other_side_as_whole_words():
    words = NM._folded_words("dans Ledger Loop et KinderLexi, la Réseau Santé")
    # case, accents and spaces ignored (Chat GPT / ChatGPT is one spelling)
    assert NM._written("réseau sante", words) and NM._written("LedgerLoop", words)
    # a name inside a longer word is not written there (KinderLex is not KinderLexi)
    assert not NM._written("KinderLex", words)
    # the words of an e-mail address or a URL are not a spelling of the name
    assert not NM._written("Northbridge Bank", NM._folded_words("à rh@northbridgebank.example.com"))


def _aligned(en, fr, links):
    """A WordAlignment of two texts with the given (English word, French word) links, all at 0.9."""
    wa = WA.WordAlignment([WA.Word(m.start(), m.end(), m.group(), WA.is_content(m.group())) for m in WA._WORD.finditer(en)],
                          [WA.Word(m.start(), m.end(), m.group(), WA.is_content(m.group())) for m in WA._WORD.finditer(fr)])
    for x, y in links:
        i = next(k for k, w in enumerate(wa.en) if w.text == x)
        j = next(k for k, w in enumerate(wa.fr) if w.text == y)
        wa.en[i].partner, wa.fr[j].partner = j, i
        wa.en[i].best = wa.fr[j].best = wa.en[i].match = wa.fr[j].match = 0.9
    return wa


def test_a_one_word_name_respelled_is_a_changed_name():
    en, fr = "the KinderLex study", "l'étude KinderLexi"
    wa = _aligned(en, fr, [("KinderLex", "KinderLexi"), ("study", "étude")])
    assert [(en[a:b], fr[c:d]) for (a, b), (c, d) in NM.changed_names(en, fr, wa)] == [("KinderLex", "KinderLexi")]
    # a sentence's first word, capitalised for the sentence, is not part of the name
    en, fr = "Questions? Contact Marc Keller today.", "Des questions ? Contactez Marc Keller."
    links = [("Contact", "Contactez"), ("Marc", "Marc"), ("Keller", "Keller")]
    assert NM.changed_names(en, fr, _aligned(en, fr, links)) == []
    # a translated one-word name is not a respelling: nothing to report
    en, fr = "our MyAccount portal", "notre portail MonCompte"
    assert NM.changed_names(en, fr, _aligned(en, fr, [("MyAccount", "MonCompte")])) == []


def test_changed_name_with_the_fake_embedder():
    fe = FakeEmbedder()
    en, fr = "tools (SharePoint, Task Tracker, etc.)", "outils (SharePoint, Tasker Tracker, etc.)"
    a = WA.WordAligner(fe)
    _, _, wa = a.align([en], [fr])
    assert [(en[x:y], fr[u:v]) for (x, y), (u, v) in NM.changed_names(en, fr, wa)] == [("Task Tracker", "Tasker Tracker")]
    en2, fr2 = "tools (SharePoint, Task Tracker)", "outils (SharePoint, Task Tracker)"
    _, _, wa2 = a.align([en2], [fr2])
    assert NM.changed_names(en2, fr2, wa2) == []


def test_aligner_without_token_vectors_gives_nothing(tmp_path):
    from linter.embed import CachedEmbedder

    class NoTokens:
        name = "x"

        def encode(self, texts):
            return np.ones((len(texts), 2), np.float32)

    a = WA.WordAligner(CachedEmbedder(NoTokens, "x", tmp_path))
    assert a.align(["a b"], ["c d"]) is None and not a.available


def test_alignments_are_stored_and_a_warm_run_computes_none(tmp_path):
    """A second process on the same cache reads the alignment back: no model, no token vectors, no maths."""
    from linter.embed import CachedEmbedder

    en = ["tools (SharePoint, Task Tracker, etc.)", "second block"]
    fr = ["outils (SharePoint, Tasker Tracker, etc.)"]
    cold = WA.WordAligner(CachedEmbedder(FakeEmbedder, "fake", tmp_path))
    cold.prepare_pairs([(en, fr)])
    assert cold.computed == 1
    warm_emb = CachedEmbedder(FakeEmbedder, "fake", tmp_path)
    warm = WA.WordAligner(warm_emb)
    got = warm.align(en, fr)
    assert warm.computed == 0 and not warm_emb.loaded and warm_emb.misses == 0
    assert got[:2] == cold.align(en, fr)[:2] and WA.pack(got[2]) == WA.pack(cold.align(en, fr)[2])
    # the key holds both texts, the block boundaries and the model: any change is a miss
    other = WA.WordAligner(CachedEmbedder(FakeEmbedder, "fake", tmp_path))
    other.prepare_pairs([(["tools (SharePoint, Task Tracker, etc.)\nsecond block"], fr)])
    assert other.computed == 1
    another_model = WA.WordAligner(CachedEmbedder(FakeEmbedder, "fake2", tmp_path))
    another_model.align(en, fr)
    assert another_model.computed == 1


def test_a_stored_alignment_that_does_not_fit_its_texts_is_not_used():
    en, fr = "document management", "gestion de documents"
    fe = FakeEmbedder()
    wa = WA.align_words(en, fe.encode_tokens([en])[0], fr, fe.encode_tokens([fr])[0])
    blob = WA.pack(wa)
    assert WA.pack(WA.unpack(blob, en, fr)) == blob
    assert WA.unpack(blob[:-1], en, fr) is None and WA.unpack(blob, "doc", fr) is None
