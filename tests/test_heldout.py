"""The held-out notices (benchmarks/heldout/: written by writers who saw none of noticelint, with
planted defects listed in gold-*.json) read cleanly, and the planted name and acronym changes are
found. They are project files, so these tests run in a fresh clone too. benchmarks/word_eval.py
--set and benchmarks/heldout_findings.py measure the rest (recall, false findings per notice)."""

from __future__ import annotations

import pytest

from benchmarks.word_eval import HELDOUT, load_gold, notices_in

FOLDERS = sorted(p for p in HELDOUT.iterdir() if p.is_dir())
# (folder, name, English or combined path, French path or None): the notices word_eval.py --set lints
NOTICES = [(f.name, name, en, fr) for f in FOLDERS for en, fr, name in notices_in(f)]
GOLD: dict[str, list] = {}
for _g in load_gold(FOLDERS)["differences"]:
    GOLD.setdefault(_g["notice"], []).append(_g)


def _lines(result):
    assert result.error is None, result.error
    return {(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in result.diagnostics}


def _planted(kind):
    return [(n, g) for n, gs in GOLD.items() for g in gs if g["kind"] == kind]


def test_every_held_out_notice_has_gold():
    assert len(NOTICES) >= 10 and {n for _, n, _, _ in NOTICES} == set(GOLD)


@pytest.mark.parametrize("folder, name, en, fr", NOTICES, ids=[n for _, n, _, _ in NOTICES])
def test_each_reads_into_two_versions_with_sections(rules_only, folder, name, en, fr):
    r = rules_only.lint(en, fr)
    assert r.error is None, r.error
    assert r.notice.en.blocks and r.notice.fr.blocks


def _find(name):
    return next((en, fr) for _, n, en, fr in NOTICES if n == name)


@pytest.mark.parametrize("name, g", _planted("acronym-changed"), ids=[n for n, _ in _planted("acronym-changed")])
def test_planted_acronym_changes_are_found_by_the_rules(rules_only, name, g):
    en, fr = _find(name)
    got = _lines(rules_only.lint(en, fr))
    assert ("NL208", g["en_line"], g["fr_line"]) in got


@pytest.mark.model
@pytest.mark.parametrize("name, en_words", [("university-style-research-assistant", "KinderLex"),
                                            ("ville-gatineau-style-analyst", "PolisMetrics"),
                                            ("bank-style-risk-analyst", "RiskView")])
def test_planted_respelled_names_are_found_with_the_model(real_model_linter, name, en_words):
    en, fr = _find(name)
    g = next(x for x in GOLD[name] if x["kind"] == "name-changed")
    r = real_model_linter.lint(en, fr)
    hits = [d for d in r.diagnostics if d.rule == "NL407" and d.en.line == g["en_line"]]
    assert hits and en_words in hits[0].message
