"""Text out, for people: each finding with both sides side by side (rich), then a summary table."""

from __future__ import annotations

from ..engine import Result
from ..model import Location, Severity
from .common import summary

__all__ = ["render_text"]

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


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
