"""A notice kept as two files is linted as one when the names pair up (linter/pairs.py): every built-in
convention, a configured one, the twin found on disk, a half without its twin (NL901), and the real pairs
of ../shared/notices-more/ linted exactly as --en/--fr lints them."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.pairs import check_template_pair, plan

from .conftest import EXAMPLES, good_pair_with_salary_changed, shared

runner = CliRunner()


def check(*args):
    return runner.invoke(app, ["check", "--no-embeddings", *map(str, args)])


def halves(folder, en_name: str, fr_name: str, salary_changed: bool = False):
    """examples/good.md split into its English and French halves under these names (folders made)."""
    folder.mkdir(parents=True, exist_ok=True)
    en_tmp, fr_tmp = good_pair_with_salary_changed(folder)
    en, fr = folder / en_name, folder / fr_name
    en.parent.mkdir(parents=True, exist_ok=True)
    fr.parent.mkdir(parents=True, exist_ok=True)
    fr_text = fr_tmp.read_text("utf-8")
    if not salary_changed:
        fr_text = fr_text.replace("6 240,10", "6 204,10")
    en_text = en_tmp.read_text("utf-8")
    en_tmp.unlink()
    fr_tmp.unlink()
    en.write_text(en_text, "utf-8")
    fr.write_text(fr_text, "utf-8")
    return en, fr


CONVENTIONS = [("job-1.en.md", "job-1.fr.md"), ("job-1-e.txt", "job-1-f.txt"), ("job_1_en.md", "job_1_fr.md"),
               ("JOB-1-EN.md", "job-1-fr.md"), ("Job-1-En.MD", "Job-1-Fr.MD"),
               ("site/en/jobs/job-1.md", "site/fr/jobs/job-1.md"), ("site/EN/job-1.md", "site/fr/job-1.md")]


@pytest.mark.parametrize("en_name,fr_name", CONVENTIONS, ids=[e for e, _ in CONVENTIONS])
def test_every_convention_pairs_in_a_folder_run(tmp_path, en_name, fr_name):
    en, fr = halves(tmp_path / "repo", en_name, fr_name, salary_changed=True)
    r = check("--format", "json", tmp_path / "repo")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1, r.output
    assert [(f["path"], f.get("fr_path")) for f in doc["files"]] == [(str(en), str(fr))]
    d = doc["files"][0]["diagnostics"]
    assert [x["rule"] for x in d] == ["NL101"] and d[0]["fr"]["path"] == str(fr)
    assert doc["summary"]["failed_inputs"] == 0


def test_plan_pairs_once_in_the_order_given_and_finds_the_twin_on_disk(tmp_path):
    en, fr = halves(tmp_path, "a.en.md", "a.fr.md")
    (tmp_path / "combined.md").write_text("x", "utf-8")
    os.chdir(tmp_path)
    # given in either order, twice, or one half alone: one (English, French) item
    for files in (["a.fr.md", "a.en.md"], ["a.en.md", "a.fr.md", "a.en.md"], ["a.fr.md"], ["A.EN.md"]):
        items, lone = plan(files)
        assert len(items) == 1 and not lone, (files, items)
        assert [x.lower() for x in items[0]] == ["a.en.md", "a.fr.md"]
    items, lone = plan(["combined.md", "b.en.md"])
    assert items == ["combined.md", "b.en.md"] and lone["b.en.md"].twin == "b.fr.md" and lone["b.en.md"].lang == "en"


def test_one_staged_half_is_linted_with_its_twin_from_disk(tmp_path):
    en, fr = halves(tmp_path, "job.en.md", "job.fr.md", salary_changed=True)
    r = check("--format", "json", fr)  # only the French half named, as a hook given one staged file
    f = json.loads(r.stdout)["files"]
    assert r.exit_code == 1 and [(x["path"], x["fr_path"]) for x in f] == [(str(en), str(fr))]
    assert [d["rule"] for d in f[0]["diagnostics"]] == ["NL101"]


def test_a_pair_named_on_the_command_line_is_one_notice_as_with_en_fr(tmp_path):
    en, fr = halves(tmp_path, "job.en.md", "job.fr.md", salary_changed=True)
    by_name = json.loads(check("--format", "json", en, fr).stdout)
    by_option = json.loads(check("--format", "json", "--en", en, "--fr", fr).stdout)
    assert by_name["files"][0]["diagnostics"] == by_option["files"][0]["diagnostics"]
    out = check(en, fr).stdout.splitlines()
    assert out[-2] == "Found 1 error in 2 files (1 notice: 1 pair of files)."


def test_a_configured_pattern_pairs_files_the_conventions_do_not(tmp_path):
    en, fr = halves(tmp_path / "repo", "job-1-eng.md", "job-1-fra.md", salary_changed=True)
    r = check("--format", "json", tmp_path / "repo")
    assert r.exit_code == 2 and "only one language found" in r.stderr  # no built-in convention
    (tmp_path / "repo" / "noticelint.toml").write_text('pairs = [["{name}-eng{ext}", "{name}-fra{ext}"]]\n', "utf-8")
    r = check("--format", "json", tmp_path / "repo")
    f = json.loads(r.stdout)["files"]
    assert r.exit_code == 1 and [(x["path"], x["fr_path"]) for x in f] == [(str(en), str(fr))], r.output


@pytest.mark.parametrize("pair,why", [
    (["{name}.eng.md", "{name}.eng.md"], "are the same"),
    (["{name}-eng{ext}", "{name}-fra"], "do not hold the same placeholders"),
    (["eng.md", "fra.md"], "neither {name} nor {path}"),
    (["{nom}-en.md", "{nom}-fr.md"], "unknown placeholder {nom}"),
])
def test_a_bad_configured_pattern_is_refused_with_the_reason(tmp_path, pair, why):
    assert why in check_template_pair(*pair)
    cfg = tmp_path / "noticelint.toml"
    cfg.write_text(f"pairs = [{json.dumps(pair)}]\n", "utf-8")
    r = check("--config", cfg, EXAMPLES / "good.md")
    assert r.exit_code == 2 and "'pairs[1]'" in r.stderr and why in r.stderr, r.stderr
    cfg.write_text('pairs = ["{name}-eng.md"]\n', "utf-8")
    assert check("--config", cfg, EXAMPLES / "good.md").exit_code == 2


def test_a_half_without_its_twin_is_one_warning_not_a_refused_run(tmp_path):
    en, fr = halves(tmp_path, "job.en.md", "job.fr.md")
    fr.unlink()
    good = tmp_path / "other.md"
    shutil.copy(EXAMPLES / "good.md", good)
    r = check("--format", "json", en, good)
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and r.stderr == "", r.output
    (d,) = doc["files"][0]["diagnostics"]
    assert (d["rule"], d["name"], d["severity"], d["en"]["path"], d["fr"]) == ("NL901", "twin-missing", "warning", str(en), None)
    assert str(tmp_path / "job.fr.md") in d["message"] and doc["files"][0]["error"] is None
    assert doc["files"][1]["diagnostics"] == []
    # Raised to an error it blocks (exit 1); ignored, nothing is said; --fail-on warning blocks too.
    cfg = tmp_path / "noticelint.toml"
    cfg.write_text('[severity]\ntwin-missing = "error"\n', "utf-8")
    assert check(en).exit_code == 1
    cfg.write_text('ignore = ["twin-missing"]\n', "utf-8")
    r = check(en)
    assert r.exit_code == 0 and "NL901" not in r.stdout
    cfg.unlink()
    assert check("--fail-on", "warning", en).exit_code == 1
    assert check("--ignore", "NL901", en).exit_code == 0


def test_a_half_named_file_holding_both_versions_is_linted_alone(tmp_path):
    combined = tmp_path / "job.en.md"
    shutil.copy(EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md", combined)
    r = check("--format", "json", combined)
    (f,) = json.loads(r.stdout)["files"]
    assert r.exit_code == 1 and "fr_path" not in f and [d["rule"] for d in f["diagnostics"]] == ["NL101"]


def test_two_one_language_files_that_do_not_pair_get_a_hint(tmp_path):
    en, fr = halves(tmp_path, "english.md", "french.md")
    r = check(en, fr)
    assert r.exit_code == 2 and "hint: a notice kept as two files" in r.stderr and "--en FILE --fr FILE" in r.stderr


def test_real_pairs_lint_in_a_folder_run_as_with_en_fr():
    """../shared/notices-more/ holds six NAME.en.txt / NAME.fr.txt pairs (and a README): its .txt files,
    as a hook passes them, are six notices (before: twelve files refused, exit 2), each with the findings
    --en/--fr gives it."""
    folder = shared("notices-more")
    pairs = sorted(folder.glob("*.en.txt"))
    r = check("--format", "json", *sorted(folder.glob("*.txt")))
    doc = json.loads(r.stdout)
    assert r.exit_code in (0, 1) and not r.stderr, r.stderr
    assert len(doc["files"]) == len(pairs) == 6 and doc["summary"]["failed_inputs"] == 0
    for f, en in zip(doc["files"], pairs):
        fr = en.with_name(en.name.replace(".en.", ".fr."))
        assert (f["path"], f["fr_path"]) == (str(en), str(fr))
        alone = json.loads(check("--format", "json", "--en", en, "--fr", fr).stdout)["files"][0]
        assert f["diagnostics"] == alone["diagnostics"], en.name
