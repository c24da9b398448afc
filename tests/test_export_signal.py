"""SIGTERM during the first model build (its ONNX export) is handled like Ctrl-C (issue 23): the
build's child process is ended with the run, never left running (a cancelled CI job left it behind)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its parent counts as ended
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_sigterm_during_the_model_build_ends_the_build(tmp_path):
    pidfile = tmp_path / "child.pid"
    fake = tmp_path / "fake-python"
    fake.write_text(f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 120\n")
    fake.chmod(0o755)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from linter.embed import onnx
        if not onnx.can_build():
            sys.exit(77)
        onnx.sys.executable = {str(fake)!r}  # the build child runs `sys.executable -m ...`
        try:
            onnx._build_into(Path("model.bin"), Path("out"), 4)
        except KeyboardInterrupt:
            sys.exit(130)
    """)
    p = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO),
                                                                           "TMPDIR": str(tmp_path)})
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text().strip():
        if p.poll() == 77:
            pytest.skip("the ONNX build needs onnx, onnxruntime, tokenizers and numpy")
        assert time.monotonic() < deadline and p.poll() is None, "the stage never started"
        time.sleep(0.05)
    child = int(pidfile.read_text())
    try:
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=20) == 130
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the export child outlived the run"
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
        if p.poll() is None:
            p.kill()
