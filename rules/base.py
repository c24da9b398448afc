"""Rule metadata and the registry: a rule is a function with a code, a name and a severity."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

from linter.model import Finding, Notice, Severity

if TYPE_CHECKING:
    from .context import Context

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


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
