"""Rule metadata and the registry: a rule is a function with a code, a name and a severity.

The severity policy (issue 21), written once here (docs/rules.md and the README quote SEVERITY_POLICY):
a finding's severity says how sure the tool is, and each rule's docstring has a `Severity:` paragraph
saying which of its findings are errors and why (tests/test_severity.py checks both).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

from linter.model import Finding, Notice, Severity

if TYPE_CHECKING:
    from .context import Context

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

SEVERITY_POLICY = """\
A finding's severity says how sure noticelint is:

- `error`: both versions' values were read and they differ (`$38,000` against `36 000 $`), or a whole
  block (a section, a paragraph, a header field) is absent from one version with high confidence.
- `warning`: a value or a block of one version has no counterpart that the tool could find, but it may
  have missed one (the other version may write the value in a form the extractor does not read, under
  a label it does not know, in a block the alignment linked elsewhere): "could not find ...", "may
  differ ...". A finding that rests on "could not find" is never an error.
- `info`: a guess: a word-level hint whose measured precision on real notices is low (NL406),
  formatting.

Each rule's documentation says, under "Severity:", which of its findings are errors and why. A
severity set in the configuration (`[tool.noticelint.severity]`) applies to all of a rule's findings.
"""

# The `Severity:` paragraphs of the rules of rules/structure.py, which another branch (the block
# alignment) is rewriting: kept here until they move into those docstrings, then this goes.


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    func: Callable[[Notice, Context], Iterator[Finding]]
    options: dict = field(default_factory=dict)
    needs_embeddings: bool = False

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    @property
    def family(self) -> str:
        return self.code[:3]


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, needs_embeddings: bool = False, **options):
    """Register a rule. A duplicate code or name is a programming error, caught at import."""

    def deco(fn):
        if code in REGISTRY:
            raise RuntimeError(f"duplicate rule code {code}")
        if any(r.name == name for r in REGISTRY.values()):
            raise RuntimeError(f"duplicate rule name {name}")
        if not fn.__doc__:
            raise RuntimeError(f"rule {code} has no docstring")
        REGISTRY[code] = Rule(code, name, severity, fn, dict(options), needs_embeddings)
        return fn

    return deco
