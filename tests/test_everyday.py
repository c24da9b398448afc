"""The everyday options, as ruff's behave: --quiet, --statistics, --exit-zero, `-` with --stdin-filename,
--watch; headlines that say what was linted, refused and hidden; long waits said on stderr when piped."""

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
from typer.testing import CliRunner

from linter.cli import app

from .conftest import EXAMPLES, ROOT, good_pair_with_salary_changed

runner = CliRunner()
GOOD = EXAMPLES / "good.md"
BAD = EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"
URL = EXAMPLES / "rules" / "NL206-url-mismatch" / "bad.md"


def check(*args, **kw):
    return runner.invoke(app, ["check", "--no-embeddings", *map(str, args)], **kw)


# -- headlines ------------------------------------------------------------------------------------------

def test_headline_when_nothing_could_be_linted(tmp_path):
    r = check(tmp_path / "a.md", tmp_path / "b.md")
    assert r.exit_code == 2 and r.stdout.splitlines() == ["Nothing linted: 2 files could not be linted."]


def test_headline_counts_the_linted_and_the_refused_apart(tmp_path):
    r = check(GOOD, tmp_path / "missing.md")
    assert r.stdout.splitlines()[-2] == "No inconsistencies found in 1 file; 1 more file could not be linted."
    r = check(BAD, GOOD, tmp_path / "x.md", tmp_path / "y.md")
    assert r.stdout.splitlines()[-2] == "Found 1 error in 2 files; 2 more files could not be linted."


def test_headline_counts_both_files_of_a_refused_pair(tmp_path):
    en, fr = good_pair_with_salary_changed(tmp_path)
    en.rename(tmp_path / "job.en.md")
    fr.rename(tmp_path / "job.fr.md")
    (tmp_path / "job.en.md").write_bytes(b"\x00\x01")
    r = check(tmp_path / "job.fr.md", GOOD)
    assert r.exit_code == 2 and r.stderr.startswith(f"noticelint: error: {tmp_path / 'job.en.md'}: binary file")
    assert r.stdout.splitlines()[-2] == "No inconsistencies found in 1 file; 2 more files could not be linted."
    f = json.loads(check("--format", "json", tmp_path / "job.fr.md").stdout)["files"][0]
    assert (f["path"], f["fr_path"]) == (str(tmp_path / "job.en.md"), str(tmp_path / "job.fr.md")) and f["error"]


def test_headline_is_singular_for_one_and_plural_for_more():
    from linter.engine import Result
    from linter.model import Diagnostic, Location, Severity
    from linter.report.common import summary_line

    def diag(sev):
        return Diagnostic("NL205", "number-mismatch", sev, "m", Location("a", 1), None)

    one = [Result("a", [diag(Severity.ERROR), diag(Severity.WARNING), diag(Severity.INFO)])]
    assert summary_line(one) == "Found 1 error, 1 warning, 1 info in 1 file."
    two = [Result("a", [diag(Severity.WARNING)] * 2), Result("b", [])]
    assert summary_line(two) == "Found 2 warnings in 2 files."


def test_headline_says_what_a_baseline_hid(tmp_path):
    base = tmp_path / "baseline.json"
    assert check("--write-baseline", base, BAD).exit_code == 0
    r = check("--baseline", base, BAD, URL)
    assert r.exit_code == 1
    doc = json.loads(check("--format", "json", "--baseline", base, BAD, URL).stdout)
    assert doc["summary"]["hidden_by_baseline"] == 1
    assert r.stdout.splitlines()[-2].endswith("in 2 files; 1 known finding hidden by the baseline."), r.stdout
    r = check("--baseline", base, BAD)
    assert r.exit_code == 0 and "No inconsistencies found in 1 file; 1 known finding hidden by the baseline." in r.stdout


def test_recorded_baseline_note_is_singular():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = check("--write-baseline", os.path.join(d, "b.json"), BAD)
    assert r.stderr.strip().startswith("noticelint: recorded 1 finding in ")


def test_html_counts_are_singular_for_one():
    r = check("--format", "html", BAD)
    assert "1 error · 0 warnings · 0 infos" in r.stdout and "1 errors" not in r.stdout


# -- --quiet, --statistics, --exit-zero -----------------------------------------------------------------

def test_quiet_prints_the_findings_only():
    full = check(BAD, GOOD).stdout.splitlines()
    r = check("-q", BAD, GOOD)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines and lines == [ln for ln in full if ln.startswith((str(BAD), "    "))]
    assert not any(ln.startswith(("Found", "note:")) or "no inconsistencies" in ln for ln in lines)
    r = check("--quiet", GOOD)
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""


def test_quiet_keeps_input_errors_and_drops_notes_on_stderr(tmp_path):
    r = check("-q", "-o", tmp_path / "r.json", "--format", "json", BAD)
    assert r.exit_code == 1 and r.stderr == "" and (tmp_path / "r.json").is_file()
    r = check("-q", tmp_path / "missing.md")
    assert r.exit_code == 2 and r.stderr.startswith("noticelint: error: ") and r.stdout == ""


def test_statistics_counts_findings_per_rule():
    files = sorted((EXAMPLES / "rules").glob("NL2*/bad.md"))
    doc = json.loads(check("--format", "json", *files).stdout)
    expected = {}
    for f in doc["files"]:
        for d in f["diagnostics"]:
            expected[d["rule"]] = expected.get(d["rule"], 0) + 1
    r = check("--statistics", *files)
    assert r.exit_code == 1
    rows = [ln.split() for ln in r.stdout.splitlines()[:-1]]
    assert {code: int(n) for n, code, _sev, _name in rows} == expected
    counts = [int(row[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert r.stdout.splitlines()[-1].startswith("Found ")
    stats = json.loads(check("--statistics", "--format", "json", *files).stdout)
    assert {s["code"]: s["count"] for s in stats} == expected and all(s["name"] and s["severity"] for s in stats)
    assert check("--statistics", "-q", *files).stdout.splitlines()[-1].split()[1].startswith("NL")
    r = check("--statistics", "--format", "sarif", BAD)
    assert r.exit_code == 2 and "--statistics" in r.stderr


def test_exit_zero_keeps_the_report_and_exit_2_for_refused_inputs(tmp_path):
    r = check("--exit-zero", BAD)
    assert r.exit_code == 0 and "NL101" in r.stdout
    assert check("--exit-zero", "--fail-on", "info", BAD, GOOD).exit_code == 0
    assert check("--exit-zero", BAD, tmp_path / "missing.md").exit_code == 2


# -- standard input -------------------------------------------------------------------------------------

def test_dash_reads_standard_input():
    r = check("-", input=BAD.read_bytes())
    # A combined notice: where it was split, then the finding.
    assert r.exit_code == 1 and r.stdout.startswith("-: English first, French from line 46 (split where"), r.output
    assert r.stdout.splitlines()[1].startswith("-:11:21: NL101 error"), r.output
    r = check("--format", "json", "-", input=GOOD.read_bytes())
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and doc["files"][0]["path"] == "-" and doc["files"][0]["error"] is None


def test_stdin_filename_names_it_and_finds_its_twin(tmp_path):
    en, fr = good_pair_with_salary_changed(tmp_path)
    faithful = fr.read_text("utf-8").replace("6 240,10", "6 204,10")
    en_pair, fr_pair = tmp_path / "job.en.md", tmp_path / "job.fr.md"
    en.rename(en_pair)
    fr_pair.write_text(faithful, "utf-8")
    fr.unlink()
    # The editor's buffer of the French half, with a changed salary: linted with the English on disk.
    changed = faithful.replace("6 204,10", "6 240,10").encode("utf-8")
    r = check("--format", "json", "--stdin-filename", str(fr_pair), input=changed)
    (f,) = json.loads(r.stdout)["files"]
    assert r.exit_code == 1 and (f["path"], f["fr_path"]) == (str(en_pair), str(fr_pair))
    assert [d["rule"] for d in f["diagnostics"]] == ["NL101"] and f["diagnostics"][0]["fr"]["path"] == str(fr_pair)
    assert fr_pair.read_text("utf-8") == faithful  # the file on disk was neither read for it nor changed
    # The name's extension picks the reader; its folder the configuration.
    (tmp_path / "noticelint.toml").write_text('ignore = ["NL101"]\n', "utf-8")
    r = check("-", "--stdin-filename", str(fr_pair), input=changed)
    assert r.exit_code == 0, r.output


def test_stdin_is_refused_as_a_file_would_be():
    r = check("-", input=b"")
    assert r.exit_code == 2 and r.stderr.strip() == "noticelint: error: -: file is empty"
    r = check("-", "--stdin-filename", "draft.md", input=b"\x00\x01binary")
    assert r.exit_code == 2 and r.stderr.startswith("noticelint: error: draft.md: binary file")


@pytest.mark.parametrize("args,why", [
    (["-", "-"], "more than once"),
    (["--stdin-filename", "a.md", str(GOOD)], "give - among the paths"),
    (["--en", "-", "--fr", str(GOOD)], "--en/--fr: give files"),
    (["--watch", "-"], "can be read only once"),
])
def test_stdin_usage_errors(args, why):
    r = check(*args, input=b"")
    assert r.exit_code == 2 and why in r.stderr and "Traceback" not in r.output


def test_no_spooled_file_is_left_behind():
    import tempfile

    before = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith(f"noticelint-stdin-{os.getpid()}-")}
    check("-", input=GOOD.read_bytes())
    after = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith(f"noticelint-stdin-{os.getpid()}-")}
    assert after == before


# -- long waits speak on stderr, also when piped --------------------------------------------------------

def test_a_long_status_is_one_line_a_short_one_nothing():
    import io

    from linter.embed.progress import LongWaitLines

    buf = io.StringIO()
    sink = LongWaitLines(delay=0.2, stream=buf)
    sink("loading model…")
    sink(None)  # done at once: nothing said
    sink("encoding 314 paragraphs…")
    time.sleep(0.6)
    sink(None)
    sink("encoding 3 sentences…")
    sink("encoding 5 sentences…")  # replaced before its time: only the last can be said
    time.sleep(0.6)
    sink.close()
    assert buf.getvalue().splitlines() == ["noticelint: encoding 314 paragraphs…", "noticelint: encoding 5 sentences…"]


def test_the_cli_says_long_waits_when_piped_and_not_with_quiet(monkeypatch):
    import linter.cli as cli
    from linter.embed.progress import LongWaitLines
    from linter.engine import Linter

    sinks = []
    monkeypatch.setattr(cli, "_set_status_sink", lambda s: sinks.append(s))
    # no model (a rules-only linter for the configuration): only the sink matters
    monkeypatch.setattr(Linter, "for_config", classmethod(lambda cls, config, like=None: cls(config)))
    runner.invoke(app, ["check", str(GOOD)])
    assert isinstance(sinks[0], LongWaitLines) and sinks[-1] is None
    sinks.clear()
    runner.invoke(app, ["check", "--quiet", str(GOOD)])
    assert sinks == []


@pytest.mark.model
def test_a_first_run_piped_says_it_is_encoding(model_cache_dir, tmp_path):
    """The real model, an empty vector cache, stdout and stderr piped: the encoding is said on stderr."""
    cache = tmp_path / "cache"  # no vectors; the session's converted model
    cache.mkdir()
    (model_cache_dir / "models").mkdir(exist_ok=True)
    (cache / "models").symlink_to(model_cache_dir / "models", target_is_directory=True)
    # Every status said (NOTICELINT_STATUS_AFTER=0): whether this machine takes 2 s to encode good.md is
    # not the point; that a piped run says what it waits for is.
    env = {**os.environ, "NOTICELINT_CACHE_DIR": str(cache), "NOTICELINT_STATUS_AFTER": "0"}
    cmd = [sys.executable, "-m", "linter", "check", "--format", "json", str(GOOD)]
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    said = [ln for ln in r.stderr.splitlines() if ln.startswith("noticelint: ")]
    assert "noticelint: loading model…" in said, r.stderr
    assert any(re.fullmatch(r"noticelint: encoding \d+ paragraphs…", ln) for ln in said), r.stderr
    json.loads(r.stdout)  # the report is whole
    # --quiet: nothing (a fresh vector cache again, so there is encoding to say)
    shutil.rmtree(cache)
    cache.mkdir()
    (cache / "models").symlink_to(model_cache_dir / "models", target_is_directory=True)
    r = subprocess.run([*cmd, "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and r.stderr == "", r.stderr


# -- --watch --------------------------------------------------------------------------------------------

def _read_until(proc, stream, needle: str, timeout: float = 60) -> str:
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(stream, selectors.EVENT_READ)
    seen = ""
    end = time.time() + timeout
    while needle not in seen:
        left = end - time.time()
        if left <= 0 or proc.poll() is not None:
            raise AssertionError(f"{needle!r} not seen: {seen[-2000:]}")
        if sel.select(left):
            chunk = os.read(stream.fileno(), 65536).decode("utf-8", "replace")
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="the test drives the watcher with SIGINT")
def test_watch_lints_again_when_a_file_changes(tmp_path):
    notice = tmp_path / "notice.md"
    notice.write_text(GOOD.read_text("utf-8"), "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "linter", "check", "--no-embeddings", "--watch", str(notice)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        out = _read_until(proc, proc.stdout, "No inconsistencies found in 1 file.")
        _read_until(proc, proc.stderr, "watching 1 file for changes")
        time.sleep(0.05)
        notice.write_text(BAD.read_text("utf-8"), "utf-8")
        out = _read_until(proc, proc.stdout, "Found 1 error in 1 file.")
        assert "NL101" in out
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
