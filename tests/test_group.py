"""One finding per defect (linter/group.py): block-level findings about the same blocks fold into one."""

from __future__ import annotations

import pytest

from linter.config import Config
from linter.engine import Linter
from linter.group import PRECEDENCE, fold
from linter.model import Diagnostic, Finding, Location, Severity, Span

from .conftest import EXAMPLES

BAD = EXAMPLES / "rules" / "NL303-bullet-count-mismatch" / "bad.md"


@pytest.fixture(scope="module")
def notice():
    from linter.read import read_source

    return Linter(Config(embeddings=False)).parse(read_source(str(BAD)))


def _bullets(version):
    return [b for s in version.sections for b in s.blocks if b.kind == "bullet"]


def _d(rule, f, severity=Severity.ERROR):
    loc = lambda s: s and Location("x", s.block.line, 1, text=s.block.text)  # noqa: E731
    return Diagnostic(rule, rule.lower(), severity, f.message, loc(f.en), loc(f.fr)), f


def test_missing_bullet_is_one_finding_with_the_others_as_notes(notice):
    en, fr = _bullets(notice.en), _bullets(notice.fr)
    assert len(en) == 4 and len(fr) == 3
    other = next(b for s in notice.en.sections for b in s.blocks if b.kind == "paragraph" and b.line > en[-1].line)
    found = [
        _d("NL303", Finding("list", Span(en[3]), Span(fr[0]))),
        _d("NL401", Finding("no counterpart", Span(en[3]), None)),
        _d("NL402", Finding("not similar", Span(en[2]), Span(fr[2])), Severity.WARNING),
        _d("NL101", Finding("salary", Span(en[2], 0, 4), Span(fr[2], 0, 4))),  # a fact: never folded
        _d("NL401", Finding("elsewhere", Span(other), None)),  # another place: its own finding
    ]
    out = fold(notice, found)
    assert [d.rule for d in out] == ["NL303", "NL101", "NL401"]
    lead = out[0]
    assert len(lead.notes) == 2 and lead.notes[0].startswith(f"NL401 nl401 (EN line {en[3].line}): no")
    assert lead.notes[1].startswith(f"NL402 nl402 (EN line {en[2].line}, FR line {fr[2].line}):")
    assert out[2].notes == ()


def test_precedence_and_severity(notice):
    en, fr = _bullets(notice.en), _bullets(notice.fr)
    low = _d("NL402", Finding("not similar", Span(en[0]), Span(fr[0])), Severity.WARNING)
    miss = _d("NL401", Finding("no counterpart", Span(en[0]), None), Severity.WARNING)
    wrong = _d("NL404", Finding("in English", Span(en[0]), Span(fr[0])), Severity.ERROR)
    (one,) = fold(notice, [low, miss, wrong])
    assert one.rule == "NL401" and one.severity == Severity.ERROR  # the group keeps its worst severity
    assert [n.split()[0] for n in one.notes] == ["NL404", "NL402"]
    assert PRECEDENCE.index("NL303") < PRECEDENCE.index("NL401") < PRECEDENCE.index("NL402")


def test_rules_only_example_keeps_its_single_finding():
    r = Linter(Config(embeddings=False)).lint(str(BAD))
    assert [(d.rule, d.notes) for d in r.diagnostics] == [("NL303", ())]


@pytest.mark.model
def test_missing_bullet_with_the_model_is_one_finding(real_model_linter):
    r = real_model_linter.lint(str(BAD))
    assert [d.rule for d in r.diagnostics] == ["NL303"], [(d.rule, d.message) for d in r.diagnostics]
    assert {n.split()[0] for n in r.diagnostics[0].notes} >= {"NL401"}
    # A note says something: no "differs: English —, French —" when no word of the pair stands out.
    assert not [n for n in r.diagnostics[0].notes if "English —, French —" in n], r.diagnostics[0].notes


def test_dropped_words_lead_low_similarity_and_a_changed_name_never_folds(notice):
    en, fr = _bullets(notice.en), _bullets(notice.fr)
    low = _d("NL402", Finding("not similar", Span(en[1]), Span(fr[1])), Severity.WARNING)
    words = _d("NL406", Finding("no counterpart for 'records'", Span(en[1], 0, 7), Span(fr[1])), Severity.WARNING)
    name = _d("NL407", Finding("name differs", Span(en[1], 0, 4), Span(fr[1], 0, 5)), Severity.WARNING)
    out = fold(notice, [low, words, name])
    assert [d.rule for d in out] == ["NL406", "NL407"]
    assert [n.split()[0] for n in out[0].notes] == ["NL402"] and out[1].notes == ()
