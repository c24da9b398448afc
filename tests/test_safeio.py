"""The output writer: temporary files a killed run left beside an output are removed by the next write."""

from __future__ import annotations

import os
import subprocess
import sys

from linter.safeio import remove_stale_temps, write_output


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_next_write_removes_a_killed_runs_temp_file(tmp_path):
    out = tmp_path / "report.json"
    stale = tmp_path / f".report.json.noticelint-tmp-{_dead_pid()}"
    stale.write_text("half a report")
    write_output(str(out), "{}")
    assert out.read_text() == "{}"
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_live_runs_temp_file_and_other_files_are_kept(tmp_path):
    live = tmp_path / f".report.json.noticelint-tmp-{os.getppid()}"
    live.write_text("being written")
    other = tmp_path / ".report.json.other"
    other.write_text("not ours")
    remove_stale_temps(tmp_path, ".report.json.noticelint-tmp-")
    assert live.exists() and other.exists()


def test_an_old_temp_folder_without_a_pid_is_removed(tmp_path):
    old = tmp_path / ".model.tmp-x"
    old.mkdir()
    (old / "weights").write_text("w")
    os.utime(old, (0, 0))
    remove_stale_temps(tmp_path, ".model.tmp-")
    assert not old.exists()


def test_stale_temps_never_probe_a_pid_on_windows(tmp_path, monkeypatch):
    """On Windows os.kill(pid, 0) terminates that process: there a temp file is stale by age only."""
    young = tmp_path / f".r.noticelint-tmp-{_dead_pid()}"
    young.write_text("x")
    old = tmp_path / ".r.noticelint-tmp-1"
    old.write_text("x")
    os.utime(old, (0, 0))

    def kill(*a):
        raise AssertionError(f"os.kill{a} on Windows")

    monkeypatch.setattr(os, "kill", kill)
    monkeypatch.setattr(os, "name", "nt")
    remove_stale_temps(tmp_path, ".r.noticelint-tmp-")
    monkeypatch.undo()
    assert young.exists() and not old.exists()


def test_configuration_and_output_tests_pass_without_the_posix_only_open_flags():
    """Windows has no O_NONBLOCK, O_CLOEXEC, O_NOCTTY...: the configuration and output tests (config
    files found and read, reports and baselines written) run again with those attributes removed from
    `os` (tests/conftest.py), in a separate pytest session."""
    from .conftest import ROOT

    env = {**os.environ, "NOTICELINT_TEST_NO_POSIX_FLAGS": "1"}
    files = ["tests/test_config.py", "tests/test_config_docs.py", "tests/test_output.py",
             "tests/test_safeio.py::test_next_write_removes_a_killed_runs_temp_file"]
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *files],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert " passed" in r.stdout and " failed" not in r.stdout
