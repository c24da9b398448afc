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
