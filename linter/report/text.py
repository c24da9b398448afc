"""Text out, for people at a terminal: each finding with both sides side by side (rich), then a summary table.
Every name and quote goes through safeio.display (no control, bidi or undecodable character reaches the terminal).

Piped or with `--format concise`, the CLI uses report/concise.py instead (one line per finding, never wrapped).
"""

from __future__ import annotations

from ..model import Location, Result, Severity
from ..safeio import display
from ..snippet import clip
from .common import summary, summary_line, where

__all__ = ["render_text"]

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SNIPPET = 160


def render_text(results: list[Result], console, show_summary: bool = True, run_notes: tuple[str, ...] = (),
                quiet: bool = False) -> None:
    """Per file, each diagnostic with both sides side by side, then a summary table and the headline.

    Inputs that could not be linted are not repeated here: the CLI says so once, on stderr.
    quiet: the findings only (no clean files, no summary, no notes).
    """
    from rich.table import Table
    from rich.text import Text

    for r in results:
        if r.error:
            continue
        if r.split is not None and (r.diagnostics or not quiet):  # a combined file: where its versions were split, said once
            console.print(Text.assemble((display(r.path), "bold"), ": ", (display(r.split.describe()), "dim")))
        if not r.diagnostics:
            if quiet:
                continue
            console.print(Text.assemble((display(r.path), "bold"), ": ", ("no inconsistencies found", "green"),
                                        *((f" ({display(n)})", "dim") for n in run_notes)))
            continue
        console.print(Text(display(r.path), style="bold underline"))
        for d in r.diagnostics:
            head = Text.assemble(("  " + d.rule, STYLE[d.severity]), " ", (str(d.severity), STYLE[d.severity]),
                                 " ", (display(d.name), "dim"), "  ", display(d.message))
            console.print(head)
            grid = Table.grid(padding=(0, 2), expand=True)
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(_side("EN", d.en, r.path), _side("FR", d.fr, r.path))
            console.print(grid)
            if d.suggestion:  # Text.assemble takes plain strings: no markup to escape
                console.print(Text.assemble("    ", ("fix: ", "green"), display(d.suggestion)))
            for n in getattr(d, "notes", ()) or ():
                console.print(Text.assemble("    ", ("note: ", "dim"), display(n)))
        console.print()
    if quiet:
        return
    if show_summary:
        s = summary(results)
        t = Table(title="noticelint summary", show_edge=False)
        for c in ("files", "errors", "warnings", "infos", "unreadable"):
            t.add_column(c, justify="right")
        t.add_row(str(s["files"]), str(s["errors"]), str(s["warnings"]), str(s["infos"]), str(s["failed_inputs"]))
        console.print(t)
        console.print(Text(summary_line(results)))
    for n in run_notes:
        console.print(Text.assemble(("note: ", "dim"), display(n)))


def _side(label: str, loc: Location | None, shown_path: str):
    from rich.text import Text

    if loc is None:
        return Text.assemble(("    " + label + " ", "bold"), ("(no counterpart)", "italic dim"))
    return Text.assemble(("    " + label + " ", "bold"), (display(where(loc, shown_path)), "blue"), "\n      ",
                         display(clip(loc.text, SNIPPET)))
