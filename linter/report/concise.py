"""Text out for logs and pipes: one `path:line:col: CODE severity message` line per finding (ruff's and Vale's shape).

Under it, indented, where the finding is on each side and the text there, then the fix and the notes. No
line is ever wrapped: a value, a URL or a quote stays whole on its line, so a CI log can be read and grepped.
"""

from __future__ import annotations

from ..model import Diagnostic, Location, Result
from ..safeio import display
from ..snippet import clip
from .common import primary, summary_line, where

__all__ = ["to_concise"]

SNIPPET = 100  # characters of the text at each side


def to_concise(results: list[Result], run_notes: tuple[str, ...] = (), quiet: bool = False) -> str:
    """The report as plain lines; inputs that could not be linted are left to stderr (said once, there).
    quiet: the findings only (no clean files, no headline, no notes)."""
    out: list[str] = []
    for r in results:
        if r.error:
            continue
        if r.split is not None and (r.diagnostics or not quiet):  # a combined file: where its versions were split, said once
            out.append(f"{r.path}: {r.split.describe()}")
        if not r.diagnostics:
            if not quiet:
                out.append(f"{r.path}: no inconsistencies found" + "".join(f" ({n})" for n in run_notes))
            continue
        for d in r.diagnostics:
            out.extend(_finding(d))
    if not quiet:
        out.append(summary_line(results))
        if any(r.error is None for r in results):  # checks that did not run: news only if something was linted
            out.extend(f"note: {n}" for n in run_notes)
    return "\n".join(display(line) for line in out) + "\n" if out else ""  # a name or a quote never starts a line


def _finding(d: Diagnostic) -> list[str]:
    _, loc = primary(d)
    lines = [f"{loc.path}:{loc.line}:{loc.column}: {d.rule} {d.severity} {d.message} [{d.name}]"]
    lines.append(_side("EN", d.en, loc.path))
    lines.append(_side("FR", d.fr, loc.path))
    if d.suggestion:
        lines.append(f"    fix: {d.suggestion}")
    for n in getattr(d, "notes", ()) or ():
        lines.append(f"    note: {n}")
    return lines


def _side(label: str, loc: Location | None, shown_path: str) -> str:
    if loc is None:
        return f"    {label} (no counterpart)"
    snippet = clip(loc.text, SNIPPET)
    return f"    {label} {where(loc, shown_path)}" + (f"  {snippet}" if snippet else "")
