"""Every rule fails on its bad example at the declared lines and passes on the good ones."""

from __future__ import annotations

import pytest

from linter.docs import examples, expectations, good_examples
from rules import all_rules

RULES = all_rules()


def test_registry_codes_and_names_are_stable_shapes():
    import re

    for r in RULES:
        assert re.fullmatch(r"NL[1-4]\d\d", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented_with_examples(rule):
    assert "Why it matters" in rule.doc, f"{rule.code} docstring lacks 'Why it matters'"
    ex = examples(rule)
    assert "bad" in ex and "good" in ex, f"{rule.code} lacks a bad or good example"
    assert any(code == rule.code for code, _, _ in expectations(ex["bad"])), f"{ex['bad']} declares no {rule.code}"


def _matches(diags, code, en, fr):
    for d in diags:
        if d.rule != code:
            continue
        if en != "*" and (d.en.line if d.en else None) != en:
            continue
        if fr != "*" and (d.fr.line if d.fr else None) != fr:
            continue
        return True
    return False


def _run(linter, path):
    result = linter.lint(str(path))
    assert result.error is None, result.error
    return result.diagnostics


@pytest.mark.parametrize("rule", [r for r in RULES if not r.needs_embeddings], ids=lambda r: r.code)
def test_bad_example_raises_what_it_declares(rule, rules_only):
    bad = examples(rule)["bad"]
    diags = _run(rules_only, bad)
    for code, en, fr in expectations(bad):
        assert _matches(diags, code, en, fr), f"{bad}: expected {code} en:{en} fr:{fr}, got " + \
            "; ".join(f"{d.rule} en:{d.en and d.en.line} fr:{d.fr and d.fr.line} {d.message}" for d in diags)
    # One change, one finding: nothing else in the example is reported as an error.
    others = [d for d in diags if d.rule not in {c for c, _, _ in expectations(bad)} and d.severity >= 3]
    assert not others, [f"{d.rule} {d.message}" for d in others]


@pytest.mark.parametrize("rule", [r for r in RULES if not r.needs_embeddings], ids=lambda r: r.code)
def test_good_example_passes(rule, rules_only):
    """Every good notice: the rule's own (when it needs one) and the shared ones (examples/good*.md)."""
    for good in good_examples(rule):
        diags = _run(rules_only, good)
        assert not [d for d in diags if d.rule == rule.code], (good, [d.message for d in diags if d.rule == rule.code])


@pytest.mark.model
@pytest.mark.parametrize("rule", [r for r in RULES if r.needs_embeddings], ids=lambda r: r.code)
def test_embedding_rule_examples_with_the_real_model(rule, real_model_linter):
    ex = examples(rule)
    diags = _run(real_model_linter, ex["bad"])
    for code, en, fr in expectations(ex["bad"]):
        assert _matches(diags, code, en, fr), [f"{d.rule} {d.en and d.en.line} {d.fr and d.fr.line} {d.message}" for d in diags]
    for path in good_examples(rule):
        good = _run(real_model_linter, path)
        assert not [d for d in good if d.rule == rule.code], (path, [d.message for d in good if d.rule == rule.code])


def test_location_names_with_hyphens_and_shipped_equivalents(rules_only, tmp_path):
    """Pays-Bas is one name; The Hague = La Haye from linter/data/places.toml; CLDR for the rest."""
    from .conftest import EXAMPLES

    base = (EXAMPLES / "good.md").read_text("utf-8")
    cases = {("Netherlands-The Hague", "Pays-Bas-La Haye"): set(), ("Portugal-Lisbon", "Portugal-Lisbonne"): set(),
             ("Bosnia and Herzegovina-Sarajevo", "Bosnie-Herzégovine-Sarajevo"): set(),
             ("Netherlands-The Hague", "Pays-Bas-Brunssum"): {"NL108"}}
    for (en, fr), want in cases.items():
        p = tmp_path / "n.md"
        p.write_text(base.replace("Belgium-Brussels", en).replace("Belgique-Bruxelles", fr), "utf-8")
        assert {d.rule for d in rules_only.lint(str(p)).diagnostics} == want, (en, fr)
