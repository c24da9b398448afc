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


def test_tests_readme_maps_every_rule():
    """tests/README.md: each rule's row names its family's test file, and every file it names exists and
    exercises the rule (by code or name)."""
    import re

    from .conftest import ROOT

    family = {"1": "test_header_rules.py", "2": "test_body_rules.py", "3": "test_structure_rules.py",
              "4": "test_similarity_rules.py"}
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| (NL\d{3}) \|.*$", (ROOT / "tests" / "README.md").read_text("utf-8"), re.M)}
    for r in RULES:
        assert r.code in rows, f"tests/README.md has no row for {r.code}"
        cells = [c.strip() for c in rows[r.code].strip("|").split("|")]
        assert cells[:3] == [r.code, r.name, f"`{family[r.code[2]]}`"], cells
        assert (ROOT / "tests" / family[r.code[2]]).exists()
        for name in re.findall(r"`(test_\w+\.py)`", cells[3]):
            text = (ROOT / "tests" / name).read_text("utf-8")
            assert re.search(rf"\b({r.code}|{r.name})\b", text), f"tests/README.md: {name} does not exercise {r.code}"
