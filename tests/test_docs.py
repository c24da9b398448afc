"""Docs come from one source: `noticelint rules`/`explain` and docs/rules.md from the rule docstrings and examples."""

from linter.docs import rules_markdown
from rules import all_rules

from .conftest import ROOT


def test_generated_rules_doc_is_up_to_date():
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == rules_markdown(), "docs/rules.md drifted: run `make docs` (python -m linter.docs)"


def test_rules_doc_covers_every_rule_with_its_examples():
    text = rules_markdown()
    for r in all_rules():
        assert f"{r.code} {r.name}" in text
        assert f"examples/rules/{r.code}-{r.name}/bad" in text
