"""NL4xx, what only meaning can tell (a paragraph untranslated, a pair too dissimilar, a sentence or a
phrase dropped, text in the wrong language, a paragraph moved, a name changed): NL406's cut-off, and the
issue's examples with the real model. Every rule's own example: tests/test_rules.py (with the model);
the map of rules to tests: tests/README.md."""

from __future__ import annotations

import pytest


def test_phrase_missing_reports_a_candidate_whose_gain_reaches_the_cut_off(monkeypatch):
    """NL406's decision on the candidates' gains: the fixed `gain`, whatever the notice's other candidates."""
    from types import SimpleNamespace

    from linter.model import Block
    from rules import Context
    from rules import similarity as S

    en, fr = Block("en", "paragraph", "one two three four", 3, 3), Block("fr", "paragraph", "un deux trois", 9, 9)
    pair = SimpleNamespace(en=[en], fr=[fr])

    def reported(gains):
        cands = [(pair, "en", en.text, 0, 3, 0.9, g) for g in gains]
        monkeypatch.setattr(S, "phrase_candidates", lambda ctx: iter(cands))
        return [f.score for f in S.phrase_missing(None, Context(None, None, options={"gain": 0.013}))]

    assert reported([0.017, 0.0115]) == [0.017]
    assert reported([0.0097, -0.0003, -0.02]) == []  # standing alone above its notice's others does not count


# -- the issue's examples with the real model (one session model; few tests) --------------------

def _variant(tmp_path, name, subs):
    from .conftest import EXAMPLES

    text = (EXAMPLES / "good.md").read_text("utf-8")
    for a, b in subs:
        assert a in text
        text = text.replace(a, b)
    p = tmp_path / f"{name}.md"
    p.write_text(text, "utf-8")
    return p


@pytest.mark.model
def test_issue_examples_with_the_real_model(real_model_linter, tmp_path):
    cases = {
        "windows": ([("- have experience with SQL and Python;", "- have experience with MS Windows applications;"),
                     ("- avoir une expérience de SQL et de Python ;", "- avoir une expérience des applications MS Office ;")],
                    "NL407", "MS Office"),
        "tracker": ([("- have experience with SQL and Python;", "- have experience with SQL, Python and the Task Tracker system;"),
                     ("- avoir une expérience de SQL et de Python ;", "- avoir une expérience de SQL, de Python et du système Tasker Tracker ;")],
                    "NL407", "Tasker Tracker"),
    }
    for name, (subs, code, word) in cases.items():
        diags = real_model_linter.lint(str(_variant(tmp_path, name, subs))).diagnostics
        assert [d for d in diags if d.rule == code and word in d.message], (name, [(d.rule, d.message) for d in diags])
    # a translated name and a faithful bullet are not reported
    ok = _variant(tmp_path, "calendar", [("- have experience with SQL and Python;", "- have experience with Google Calendar;"),
                                         ("- avoir une expérience de SQL et de Python ;", "- avoir une expérience de Google Agenda ;")])
    assert not [d for d in real_model_linter.lint(str(ok)).diagnostics if d.rule in ("NL406", "NL407")]


@pytest.mark.model
@pytest.mark.xfail(reason="one word dropped from a well-matching pair ('records', or 'Outreach' from a title) is below "
                          "what layer-8 e5-small word vectors separate from loose translation at warning level: "
                          "measured on the ten real notices (benchmarks/word_eval.py), removing 'records' raises its "
                          "pair's similarity by 0.004 and 'budget' by 0.004 while loose but faithful single words reach "
                          "0.02, and their best word matches (0.63, 0.40) are no lower than faithful words' of the same "
                          "pairs", strict=False)
@pytest.mark.parametrize("subs,word", [
    ([("- have experience with SQL and Python;", "- have experience of using document and records management systems;"),
      ("- avoir une expérience de SQL et de Python ;", "- avoir une expérience de l'utilisation de systèmes de gestion de documents ;")],
     "records"),
    ([("Data Analyst - 260101", "Director, Strategic Initiatives and Outreach - 260101"),
      ("Analyste de données - 260101", "Directeur, Initiatives Stratégiques - 260101")], "Outreach"),
], ids=["records", "outreach"])
def test_one_word_dropped_with_the_real_model(real_model_linter, tmp_path, subs, word):
    p = _variant(tmp_path, word, subs)
    assert [d for d in real_model_linter.lint(str(p)).diagnostics if word in d.message]
