"""--watch: lint, then lint again whenever an input changes, until Ctrl-C (ruff's `--watch`).

Each run is the same command line without --watch, in a child process: a run starts from a clean state
(its model, its memory), and its report and exit status are exactly those of a plain run. Changes are
found by polling, once a second: the inputs are collected as a run collects them (folders walked with
include/exclude and .gitignore, pairs joined, a twin on disk included) and each file's modification
time and size compared, plus the configuration and baseline files; a file added to or removed from a
watched folder counts as a change. Polling is bounded: at most MAX_WATCHED files are compared (the first
in the run's order; the run itself still lints them all), so a poll stays a few milliseconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from .config import Config

__all__ = ["watch_loop", "MAX_WATCHED"]

INTERVAL = 1.0  # seconds between polls
MAX_WATCHED = 5000


def _snapshot(paths: list[str], extra: list, config: Config) -> dict:
    from .options import flat
    from .walk import collect_notices

    items, bad, _ = collect_notices(paths, config)
    watched = [*flat(items)[:MAX_WATCHED], *(p for p, _ in bad), *(x for x in extra if x)]
    out = {}
    for p in watched:
        try:
            st = os.stat(p)
            out[p] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[p] = None
    return out


def _command(argv: list[str]) -> tuple[list[str], str]:
    """This interpreter running noticelint with `argv` minus --watch. -P: the user's current folder is not
    put first on the import path (a folder named `linter` there must not replace this package)."""
    home = str(Path(__file__).resolve().parents[1])
    args = [a for a in argv if a != "--watch"]
    return [sys.executable, "-P", "-m", "linter", *args], home


def watch_loop(argv: list[str], paths: list[str], extra: list, config: Config, quiet: bool) -> int:
    """Run, wait for a change, run again; 0 when stopped by Ctrl-C (2 when it cannot run)."""
    if not argv:
        print("noticelint: error: --watch: run from the noticelint command", file=sys.stderr)
        return 2
    cmd, home = _command(argv)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [home, os.environ.get("PYTHONPATH")]))}
    try:
        while True:
            before = _snapshot(paths, extra, config)
            subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL)
            if not quiet:
                print(f"noticelint: watching {len(before)} file{'' if len(before) == 1 else 's'} for changes "
                      "(Ctrl-C to stop)", file=sys.stderr, flush=True)
            while _snapshot(paths, extra, config) == before:
                time.sleep(INTERVAL)
            sys.stdout.flush()
    except KeyboardInterrupt:
        return 0
