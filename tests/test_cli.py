"""The command line as hooks and CI use it: exit codes, JSON against the contract's schema, bad inputs."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from linter.cli import app

from .conftest import EXAMPLES, each_notice, good_pair_with_salary_changed, schema

runner = CliRunner()
GOOD = EXAMPLES / "good.md"
BAD = EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"


def run(*args):
    return runner.invoke(app, ["check", "--no-embeddings", *map(str, args)])


def validate(doc):
    """Check doc against the contract's schema (skips the rest of the test when ../shared/ is absent: call it last)."""
    import jsonschema

    jsonschema.validate(doc, schema())


def test_good_notice_exits_0():
    r = run(GOOD)
    assert r.exit_code == 0, r.output
    assert "no inconsistencies found" in r.output


def test_bad_notice_exits_1_and_shows_both_sides():
    r = run(BAD)
    assert r.exit_code == 1
    assert "NL101" in r.output and "salary-mismatch" in r.output
    assert "EN line 11:21" in r.output and "FR line 56:26" in r.output


def test_json_validates_against_the_contract():
    r = run("--format", "json", BAD, GOOD)
    doc = json.loads(r.stdout)
    assert doc["summary"]["files"] == 2 and doc["summary"]["errors"] >= 1
    d = next(d for f in doc["files"] for d in f["diagnostics"] if d["rule"] == "NL101")
    assert d["en"]["line"] == 11 and d["fr"]["line"] == 56 and d["name"] == "salary-mismatch"
    assert doc["tool"]["model"] is None
    validate(doc)


@pytest.mark.parametrize("notice", **each_notice())
def test_real_notices_json_validates(notice):
    r = run("--format", "json", notice)
    assert r.exit_code in (0, 1), r.output
    validate(json.loads(r.stdout))


def test_fail_on_warning_and_select_ignore():
    r = run("--select", "NL1", BAD)
    assert r.exit_code == 1
    assert run("--ignore", "NL101", BAD).exit_code == 0
    assert run("--ignore", "salary-mismatch", BAD).exit_code == 0
    r = run("--select", "NL9", BAD)
    assert r.exit_code == 2 and "matches no rule" in r.output


def test_en_fr_pair_of_files(tmp_path):
    en, fr = good_pair_with_salary_changed(tmp_path)
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", "--en", str(en), "--fr", str(fr)])
    doc = json.loads(r.stdout)
    d = next(d for d in doc["files"][0]["diagnostics"] if d["rule"] == "NL101")
    assert d["en"]["path"] == str(en) and d["fr"]["path"] == str(fr) and d["fr"]["line"] == 11
    r = runner.invoke(app, ["check", "--no-embeddings", "--en", str(fr), "--fr", str(en)])
    assert r.exit_code == 2 and "given as the English version but it is in French" in r.output
    validate(doc)


# -- bad inputs: one line naming the input, exit 2, the other inputs still linted -------------------

def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    nodir = tmp_path / "no_notices"
    nodir.mkdir()
    (nodir / "readme.rst").write_text("nothing here")
    one = tmp_path / "english_only.txt"
    lines = GOOD.read_text("utf-8").splitlines()
    one.write_text("\n".join(lines[:next(i for i, ln in enumerate(lines) if ln.startswith("Analyste"))]), "utf-8")
    return {
        "empty": (empty, "file is empty"),
        "binary": (binary, "binary"),
        "folder": (nodir, "folder holds no notices"),
        "missing": (tmp_path / "missing.txt", "no such file"),
        "one-language": (one, "only one language found (English)"),
    }


@pytest.mark.parametrize("kind", ["empty", "binary", "folder", "missing", "one-language"])
def test_bad_input_is_one_line_exit_2_and_others_still_linted(kind, tmp_path):
    path, reason = _bad_inputs(tmp_path)[kind]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", str(path), str(BAD)])
    assert r.exit_code == 2
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and err[0].startswith("noticelint: error: ") and str(path) in err[0] and reason in err[0], err
    assert "Traceback" not in r.output
    doc = json.loads(r.stdout)
    assert any(d["rule"] == "NL101" for f in doc["files"] for d in f["diagnostics"])  # the good input still linted
    assert doc["summary"]["failed_inputs"] == 1
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    validate(doc)


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "secret.txt"
    shutil.copy(GOOD, p)
    real_open = open

    def fake_open(file, *a, **k):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)
    r = run(p, GOOD)
    assert r.exit_code == 2 and "permission denied" in r.stderr and str(p) in r.stderr


def test_utf16_with_bom_is_decoded(tmp_path):
    p = tmp_path / "utf16.txt"
    p.write_bytes(b"\xff\xfe" + GOOD.read_text("utf-8").encode("utf-16-le"))
    assert run(p).exit_code == 0


def test_cp1252_is_decoded_not_garbled(tmp_path):
    p = tmp_path / "cp1252.txt"
    p.write_bytes(GOOD.read_text("utf-8").replace("→", "").encode("cp1252"))
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", str(p)])
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and doc["files"][0]["error"] is None


def test_folder_of_notices(tmp_path):
    for i in range(3):
        shutil.copy(GOOD, tmp_path / f"n{i}.md")
    (tmp_path / "notes.rst").write_text("ignored")
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", str(tmp_path)])
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and [os.path.basename(f["path"]) for f in doc["files"]] == ["n0.md", "n1.md", "n2.md"]


def test_output_file_and_rules_and_explain(tmp_path):
    out = tmp_path / "report.json"
    r = run("--format", "json", "--output", out, BAD)
    assert r.exit_code == 1 and r.stdout == ""
    doc = json.loads(out.read_text("utf-8"))
    r = runner.invoke(app, ["rules"])
    assert r.exit_code == 0 and "NL101" in r.output and "salary-mismatch" in r.output
    r = runner.invoke(app, ["explain", "salary-mismatch"])
    assert r.exit_code == 0 and "Why it matters" in r.output and "6 240,10" in r.output
    assert runner.invoke(app, ["explain", "NL999"]).exit_code == 2
    validate(doc)


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["check"]).exit_code == 2
    assert runner.invoke(app, ["check", "--en", str(GOOD)]).exit_code == 2
    assert runner.invoke(app, ["check", "--format", "xml", str(GOOD)]).exit_code == 2
