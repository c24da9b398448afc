"""What every report shares: the per-run summary counts."""

from __future__ import annotations

from ..engine import Result
from ..model import Severity

__all__ = ["summary"]


def summary(results: list[Result]) -> dict:
    diags = [d for r in results for d in r.diagnostics]
    return {
        "files": len(results),
        "errors": sum(d.severity == Severity.ERROR for d in diags),
        "warnings": sum(d.severity == Severity.WARNING for d in diags),
        "infos": sum(d.severity == Severity.INFO for d in diags),
        "failed_inputs": sum(r.error is not None for r in results),
    }
