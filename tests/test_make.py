"""`make run`, the README's main command, lints the example notices it names with exit <= 1.

The commands are read from `make -n run` (what the target would run, without running set-up), so a file
added to examples/ that the target then picks up and cannot lint (exit 2) fails here, not in a newcomer's
first minute. Each `noticelint check …` line runs as `python -m linter check … --no-embeddings`: an input
that cannot be linted is refused before any model is used, so the exit code <= 1 does not depend on it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def _run_commands() -> list[list[str]]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-n", "-C", str(ROOT), "--no-print-directory", "run"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    commands = []
    for line in out.stdout.splitlines():
        words = shlex.split(line.split(";")[0]) if "noticelint check" in line else []
        if words and words[0].endswith("/noticelint") and words[1] == "check":
            commands.append(words[2:])
    return commands


def test_make_run_lints_every_example_it_names_with_exit_at_most_1():
    commands = _run_commands()
    assert len(commands) >= 2, "make -n run shows no `noticelint check` command"
    named = [w for c in commands for w in c if not w.startswith("-")]
    assert "examples/good.md" in named and any(w.endswith(".en.md") for w in named)
    for args in commands:
        r = subprocess.run([sys.executable, "-m", "linter", "check", *args, "--no-embeddings", "--format", "concise"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode <= 1, f"noticelint check {' '.join(args)} → exit {r.returncode}:\n{r.stderr}"
        assert "Traceback" not in r.stderr
        assert "could not be linted" not in r.stdout, r.stdout[-2000:]
