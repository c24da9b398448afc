"""Docs come from one source: `noticelint rules`/`explain` and docs/rules.md from the rule docstrings and examples."""

import re

from linter.docs import examples, expectations, rule_markdown, rules_markdown
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


def test_rule_docs_show_the_lines_that_matter_with_their_numbers():
    """Each failing example is shown by the lines it declares (marked `>`, with their line numbers) and a
    little context, beside the same lines of the good notice it was made from; never a whole notice."""
    for r in all_rules():
        ex = examples(r)
        text = rule_markdown(r)
        bad = ex["bad"].read_text("utf-8").splitlines()
        declared = [n for _, en, fr in expectations(ex["bad"]) for n in (en, fr) if isinstance(n, int)]
        assert declared, ex["bad"]
        for n in declared:
            assert re.search(rf"^> +{n}  {re.escape(bad[n - 1])}$", text, re.M), (r.code, n)
        assert f"From `{ex['good'].relative_to(ROOT).as_posix()}`" in text
        shown = [ln for ln in text.splitlines() if re.match(r"^[> ] +\d+  ", ln)]
        assert len(shown) < len(bad) / 2, (r.code, len(shown))
