"""What every report shares: the per-run summary counts, where a finding is, which side it is about."""

from __future__ import annotations

from ..model import Diagnostic, Location, Result, Severity

__all__ = ["summary", "summary_line", "plural", "primary", "where", "place"]


def summary(results: list[Result]) -> dict:
    diags = [d for r in results for d in r.diagnostics]
    return {
        "files": len(results),
        "errors": sum(d.severity == Severity.ERROR for d in diags),
        "warnings": sum(d.severity == Severity.WARNING for d in diags),
        "infos": sum(d.severity == Severity.INFO for d in diags),
        "failed_inputs": sum(r.error is not None for r in results),
        "hidden_by_baseline": sum(getattr(r, "hidden", 0) for r in results),
    }


def plural(k: int, word: str) -> str:
    """'1 error', '2 errors', '0 files'."""
    return f"{k} {word}{'' if k == 1 else 's'}"


_n = plural


def summary_line(results: list[Result]) -> str:
    """What was linted, what was found, what could not be linted and what a baseline hid:
    'Found 2 errors, 1 warning in 3 files.', 'No inconsistencies found in 4 files (3 notices: 1 pair of
    files); 1 more file could not be linted; 2 known findings hidden by the baseline.', 'Nothing linted:
    2 files could not be linted.'"""
    s = summary(results)
    linted = [r for r in results if r.error is None]
    refused = sum(2 if getattr(r, "fr_path", None) else 1 for r in results if r.error is not None)
    hidden = sum(getattr(r, "hidden", 0) for r in results)
    tail = [f"{plural(hidden, 'known finding')} hidden by the baseline"] if hidden else []
    if not linted:
        return f"Nothing linted: {plural(refused, 'file')} could not be linted" + "".join(f"; {t}" for t in tail) + "."
    pairs = sum(1 for r in linted if getattr(r, "fr_path", None))
    counts = [plural(s[k + "s"], k) for k in ("error", "warning", "info") if s[k + "s"]]
    found = f"Found {', '.join(counts)}" if counts else "No inconsistencies found"
    where = plural(len(linted) + pairs, "file")
    if pairs:
        where += f" ({plural(len(linted), 'notice')}: {plural(pairs, 'pair')} of files)"
    if refused:
        tail.insert(0, f"{refused} more {'file' if refused == 1 else 'files'} could not be linted")
    return f"{found} in {where}" + "".join(f"; {t}" for t in tail) + "."


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
    return loc.place.describe() if loc.place else ""


def where(loc: Location, shown_path: str | None = None) -> str:
    """'line 12:5', with the file only when it is not the one the line above names; plus the place
    in the document (page, Word table cell or paragraph)."""
    extra = f" ({place(loc)})" if place(loc) else ""
    at = f"line {loc.line}:{loc.column}" if loc.path == shown_path else f"{loc.path}:{loc.line}:{loc.column}"
    return at + extra
