"""GitHub Actions workflow commands out: inline annotations on pull requests."""

from __future__ import annotations

from ..model import Result, Severity
from ..safeio import display
from .common import place, primary

__all__ = ["to_github"]


def to_github(results: list[Result]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, on the line of the side it is about."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []

    def esc(s: str, prop: bool = False) -> str:
        s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return s.replace(":", "%3A").replace(",", "%2C") if prop else s

    for r in results:
        if r.error:
            out.append(f"::error file={esc(r.path, True)},title=noticelint::{esc(r.error)}")
        if r.split is not None:  # a combined file: where its versions were split, as every report says; an
            # annotation on the pull request only when the split is in doubt (NL304 says why), else in the debug log
            where = f"{r.path}:{r.split.line}: "
            out.append(f"::notice file={esc(r.path, True)},line={r.split.line},title=noticelint split::{esc(r.split.describe())}"
                       if r.split.doubt else f"::debug::{esc(where + r.split.describe())}")
        for d in r.diagnostics:
            side, loc = primary(d)  # the line the defect is on: the French one for a value in the French only
            other = d.fr if side == "en" else d.en
            here = place(loc)  # a Word document's lines are the tool's own: say the table cell or paragraph
            there = f"line {other.line}" + (f", {place(other)}" if place(other) else "") if other else ""
            extra = (f" ({here})" if here else "") + \
                (f" ({'French' if side == 'en' else 'English'}: {there})" if other else "")
            out.append(f"::{level[d.severity]} file={esc(loc.path, True)},line={loc.line},col={loc.column},"
                       f"endLine={loc.end_line or loc.line},title={esc(d.rule + ' ' + d.name, True)}::{esc(d.message + extra)}")
    return "".join(display(line) + "\n" for line in out)  # after esc(): newlines are %0A by then
