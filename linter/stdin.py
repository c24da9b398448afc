"""Standard input as a notice: `noticelint check -`, named by `--stdin-filename NAME` (as ruff does).

The bytes are spooled to a private temporary file (removed at exit, on SIGTERM/SIGHUP, or when the run
ends) with the name's extension, so every reader works as for a file; the notice is read, reported and
paired (linter/pairs.py: `--stdin-filename job.en.md` is linted with job.fr.md from disk) under NAME,
or under `-` when no name is given.
"""

from __future__ import annotations

import os
import sys
import tempfile

from .read import STANDARD_INPUT

__all__ = ["STDIN", "spool", "release"]

STDIN = "-"


def spool(name: str | None, max_bytes: int) -> str:
    """Read standard input into a temporary file; returns the name to lint it under. Raises OSError."""
    from .safeio import _TEMPS, _track

    shown = name or STDIN
    suffix = os.path.splitext(name)[1] if name else ""
    stream = getattr(sys.stdin, "buffer", None) or sys.stdin
    data = stream.read(max_bytes + 1) if stream is not None else b""
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f"noticelint-stdin-{os.getpid()}-", suffix=suffix)
    _track(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError:
        _TEMPS.discard(tmp)
        os.unlink(tmp)
        raise
    STANDARD_INPUT[shown] = tmp
    return shown


def release() -> None:
    """Remove the spooled files."""
    from .safeio import _TEMPS

    for shown, tmp in list(STANDARD_INPUT.items()):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _TEMPS.discard(tmp)
        del STANDARD_INPUT[shown]
