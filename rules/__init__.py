"""The rules, one module per family; importing this package registers them all."""

from . import acronyms, body, facts, header, links, similarity, structure, versions  # noqa: F401  (registration by import)
from .base import REGISTRY, Rule
from .context import Context

__all__ = ["REGISTRY", "Context", "Rule", "all_rules"]


def all_rules() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: r.code)
