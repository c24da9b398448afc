"""Runs over many files: Ctrl-C leaves nothing half-written; two processes share one cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from .conftest import EXAMPLES, notices


def _folder(tmp_path, copies: int):
    d = tmp_path / "notices"
    d.mkdir()
    for i in range(copies):
        for n in notices():
            shutil.copy(n, d / f"{i:03d}-{n.name}")
    return d


def test_ctrl_c_leaves_no_report_and_says_so_in_one_line(tmp_path):
    folder = _folder(tmp_path, 80)
    report = tmp_path / "report.json"
    p = subprocess.Popen([sys.executable, "-m", "linter", "check", "--no-embeddings", "--format", "json",
                          "--output", str(report), str(folder)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(1.5)
    os.killpg(p.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    out, err = p.communicate(timeout=120)
    if p.returncode in (0, 1):
        pytest.skip("the run finished before the interrupt")
    assert p.returncode == 130
    assert err.strip().splitlines() == ["noticelint: error: interrupted"]
    assert not report.exists()
    assert not list(tmp_path.glob("report.json.tmp*"))


@pytest.mark.model
def test_two_processes_share_a_fresh_cache(tmp_path, fresh_cache):
    """Two runs at once fill one empty vector cache (the model is converted once per session; concurrent
    conversions: tests/test_embed.py::test_concurrent_conversions_agree)."""
    folder = tmp_path / "two"
    folder.mkdir()
    for n in (EXAMPLES / "good.md", EXAMPLES / "rules" / "NL401-missing-translation" / "bad.md"):
        shutil.copy(n, folder / f"{n.parent.name}-{n.name}")  # small notices: the cache is the subject, not the model
    env = {**os.environ, "NOTICELINT_CACHE_DIR": str(fresh_cache)}
    cmd = [sys.executable, "-m", "linter", "check", "--format", "json", str(folder)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], [o[1][-500:] for o in outs]
    docs = [json.loads(o[0]) for o in outs]
    assert docs[0]["files"] == docs[1]["files"]
    # The cache both wrote is whole: a third run reads it and finds the same.
    third = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert json.loads(third.stdout)["files"] == docs[0]["files"]


def _run_on_a_terminal(args, env=None):
    """Run the CLI with stdout and stderr on a pseudo-terminal; return everything it drew."""
    import pty

    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "linter", *args], stdout=slave, stderr=slave, close_fds=True,
                         env={**os.environ, "COLUMNS": "100", "TERM": "xterm", **(env or {})})
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    for p in sorted((EXAMPLES / "rules").glob("*/bad.md")):  # the project's own examples: no ../shared needed
        shutil.copy(p, folder / f"{p.parent.name}.md")
    n = len(list(folder.iterdir()))
    assert n >= 20  # the bar shows from 20 files
    drawn = _run_on_a_terminal(["check", "--no-embeddings", "--jobs", "1", str(folder)])
    assert "linting" in drawn and f"/{n}" in drawn
    assert "noticelint summary" in drawn
    piped = subprocess.run([sys.executable, "-m", "linter", "check", "--no-embeddings", str(folder)],
                           capture_output=True, text=True, timeout=300)
    assert "linting" not in piped.stdout + piped.stderr
    as_json = _run_on_a_terminal(["check", "--no-embeddings", "--format", "json", str(folder)])
    assert "linting" not in as_json


@pytest.mark.model
def test_model_status_line_on_a_terminal_only(fresh_model_cache):
    """`loading model…` and `encoding N paragraphs…` on a terminal's stderr, redrawn in place; piped, no
    redrawn line: a wait that lasts is said once as a whole line (issue 22; tests/test_everyday.py)."""
    n = str(notices()[0])
    env = {"NOTICELINT_CACHE_DIR": str(fresh_model_cache("nl-status"))}
    drawn = _run_on_a_terminal(["check", n], env=env)
    assert "loading model…" in drawn
    assert re.search(r"encoding \d+ paragraphs…", drawn), drawn[-2000:]
    piped_env = {**os.environ, "NOTICELINT_CACHE_DIR": str(fresh_model_cache("nl-status-piped"))}
    piped = subprocess.run([sys.executable, "-m", "linter", "check", n], env=piped_env,
                           capture_output=True, text=True, timeout=300)
    assert piped.returncode in (0, 1), piped.stderr[-500:]
    assert "\r" not in piped.stderr and "\x1b[" not in piped.stderr and "encoding" not in piped.stdout
    said = piped.stderr.splitlines()
    assert all(re.fullmatch(r"noticelint: (loading model|encoding \d+ (paragraphs|sentences|texts))…", ln) for ln in said), said
