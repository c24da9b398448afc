"""Reports: rich text for people (both sides shown), JSON for machines, SARIF and GitHub annotations for CI."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..engine import Result
from ..model import Diagnostic, Location, Severity

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(results: list[Result]) -> dict:
    diags = [d for r in results for d in r.diagnostics]
    return {
        "files": len(results),
        "errors": sum(d.severity == Severity.ERROR for d in diags),
        "warnings": sum(d.severity == Severity.WARNING for d in diags),
        "infos": sum(d.severity == Severity.INFO for d in diags),
        "failed_inputs": sum(r.error is not None for r in results),
    }


def _loc_json(loc: Location | None):
    if loc is None:
        return None
    d = {k: v for k, v in asdict(loc).items() if v is not None}
    return d


def diagnostic_json(d: Diagnostic) -> dict:
    return {
        "rule": d.rule, "name": d.name, "severity": str(d.severity), "message": d.message,
        "en": _loc_json(d.en), "fr": _loc_json(d.fr), "suggestion": d.suggestion, "score": d.score,
    }


def to_json(results: list[Result], tool: dict) -> str:
    doc = {
        "version": 1,
        "tool": tool,
        "files": [{"path": r.path, "error": r.error, "diagnostics": [diagnostic_json(d) for d in r.diagnostics]}
                  for r in results],
        "summary": summary(results),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_github(results: list[Result]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, on the English line."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []

    def esc(s: str, prop: bool = False) -> str:
        s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return s.replace(":", "%3A").replace(",", "%2C") if prop else s

    for r in results:
        if r.error:
            out.append(f"::error file={esc(r.path, True)},title=noticelint::{esc(r.error)}")
        for d in r.diagnostics:
            loc = d.en or d.fr
            other = d.fr if d.en else None
            extra = f" (French: line {other.line})" if other else ""
            out.append(f"::{level[d.severity]} file={esc(loc.path, True)},line={loc.line},col={loc.column},"
                       f"endLine={loc.end_line or loc.line},title={esc(d.rule + ' ' + d.name, True)}::{esc(d.message + extra)}")
    return "\n".join(out) + ("\n" if out else "")


def _where(loc: Location, shown_path: str | None = None) -> str:
    """'line 12:5', with the file only when it is not the one the report section is about."""
    extra = ""
    if loc.page:
        extra = f" (page {loc.page})"
    elif loc.paragraph:
        extra = f" (paragraph {loc.paragraph})"
    where = f"line {loc.line}:{loc.column}" if loc.path == shown_path else f"{loc.path}:{loc.line}:{loc.column}"
    return where + extra


def render_text(results: list[Result], console, show_summary: bool = True) -> None:
    """Per file, each diagnostic with both sides side by side, then a summary table."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    for r in results:
        if r.error:
            console.print(Text.assemble(("error", "bold red"), ": ", r.error))
            continue
        if not r.diagnostics:
            console.print(Text.assemble((r.path, "bold"), ": ", ("no inconsistencies found", "green")))
            continue
        console.print(Text(r.path, style="bold underline"))
        for d in r.diagnostics:
            head = Text.assemble(("  " + d.rule, STYLE[d.severity]), " ", (str(d.severity), STYLE[d.severity]),
                                 " ", (d.name, "dim"), "  ", d.message)
            console.print(head)
            grid = Table.grid(padding=(0, 2), expand=True)
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(_side("EN", d.en, r.path), _side("FR", d.fr, r.path))
            console.print(grid)
            if d.suggestion:
                console.print(Text.assemble("    ", ("fix: ", "green"), escape(d.suggestion)))
        console.print()
    if show_summary:
        s = summary(results)
        t = Table(title="noticelint summary", show_edge=False)
        for c in ("files", "errors", "warnings", "infos", "unreadable"):
            t.add_column(c, justify="right")
        t.add_row(str(s["files"]), str(s["errors"]), str(s["warnings"]), str(s["infos"]), str(s["failed_inputs"]))
        console.print(t)


def _side(label: str, loc: Location | None, shown_path: str):
    from rich.text import Text

    if loc is None:
        return Text.assemble(("    " + label + " ", "bold"), ("(no counterpart)", "italic dim"))
    snippet = loc.text if len(loc.text) <= 160 else loc.text[:157] + "..."
    return Text.assemble(("    " + label + " ", "bold"), (_where(loc, shown_path), "blue"), "\n      ", snippet)
