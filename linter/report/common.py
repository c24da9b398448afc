"""What every report shares: the per-run summary counts, where a finding is, which side it is about."""

from __future__ import annotations

from ..engine import Result
from ..model import Diagnostic, Location, Severity

__all__ = ["summary", "summary_line", "primary", "where", "place"]


def summary(results: list[Result]) -> dict:
    diags = [d for r in results for d in r.diagnostics]
    return {
        "files": len(results),
        "errors": sum(d.severity == Severity.ERROR for d in diags),
        "warnings": sum(d.severity == Severity.WARNING for d in diags),
        "infos": sum(d.severity == Severity.INFO for d in diags),
        "failed_inputs": sum(r.error is not None for r in results),
    }


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def summary_line(results: list[Result]) -> str:
    """'Found 2 errors, 1 warning in 3 files (1 could not be linted).'"""
    s = summary(results)
    counts = [_n(s[k + "s"], k) for k in ("error", "warning", "info") if s[k + "s"]]
    found = f"Found {', '.join(counts)}" if counts else "No inconsistencies found"
    tail = f" ({s['failed_inputs']} could not be linted)" if s["failed_inputs"] else ""
    return f"{found} in {_n(s['files'], 'file')}{tail}."


def primary(d: Diagnostic) -> tuple[str, Location]:
    """The side a finding is about, and its location there: the side that holds the text in question.

    A side without a counterpart is never it; when both sides are there, the English unless the rule
    said the defect is in the French (`side` on the diagnostic: a value present in the French only).
    """
    side = getattr(d, "side", None)
    if d.en is None or (side == "fr" and d.fr is not None):
        return "fr", d.fr
    return "en", d.en


def place(loc: Location) -> str:
    """Where in the document, for paged and Word inputs: 'page 3', 'table 2, row 3, column 1' (a Word
    table cell), 'paragraph 12'; '' for text and Markdown (the line is the place)."""
    cell = getattr(loc, "cell", None)
    if loc.page:
        return f"page {loc.page}"
    if cell:
        return f"table {cell[0]}, row {cell[1]}, column {cell[2]}"
    if loc.paragraph:
        return f"paragraph {loc.paragraph}"
    return ""


def where(loc: Location, shown_path: str | None = None) -> str:
    """'line 12:5', with the file only when it is not the one the line above names; plus the place
    in the document (page, Word table cell or paragraph)."""
    extra = f" ({place(loc)})" if place(loc) else ""
    at = f"line {loc.line}:{loc.column}" if loc.path == shown_path else f"{loc.path}:{loc.line}:{loc.column}"
    return at + extra
