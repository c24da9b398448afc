"""A bug in one rule or one stage costs that notice a diagnostic, never the run (issue 13)."""

from __future__ import annotations

from dataclasses import replace

from linter.config import Config
from linter.engine import Linter

from .conftest import EXAMPLES


def test_a_rule_that_raises_gives_nl900_and_the_other_rules_still_run():
    linter = Linter(Config(embeddings=False), None)
    bad = EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"

    def broken(notice, ctx):
        """Raises."""
        yield from ()
        raise StopIteration("boom")

    i = next(k for k, r in enumerate(linter.rules) if r.code != "NL101")
    victim = linter.rules[i]
    linter.rules[i] = replace(victim, func=broken)
    r = linter.lint(str(bad))
    assert r.error is None
    internal = [d for d in r.diagnostics if d.rule == "NL900"]
    assert len(internal) == 1 and internal[0].name == "internal-error"
    assert victim.code in internal[0].message and "\n" not in internal[0].message
    assert [d for d in r.diagnostics if d.rule != "NL900"], "the other rules ran"


def test_a_stage_that_raises_is_that_input_s_error_only(monkeypatch):
    linter = Linter(Config(embeddings=False), None)
    import linter.engine as engine

    real = engine.A.align

    def align(path, *a, **k):
        if path.endswith("bad.md"):
            raise IndexError("string index out of range")
        return real(path, *a, **k)

    monkeypatch.setattr(engine.A, "align", align)
    out = list(linter.lint_many([str(EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"), str(EXAMPLES / "good.md")]))
    assert "internal error" in out[0].error and "IndexError" in out[0].error
    assert out[1].error is None
