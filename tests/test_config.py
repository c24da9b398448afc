"""Configuration files, select/ignore, severities, rule options, suppression comments, baselines, --jobs."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from linter.cli import app

from .conftest import EXAMPLES

runner = CliRunner()
BAD = EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"
ACRO = EXAMPLES / "rules" / "NL208-acronym-mismatch" / "bad.md"


def check(*args):
    return runner.invoke(app, ["check", "--no-embeddings", *map(str, args)])


def rules_of(result):
    return [d["rule"] for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]]


def test_config_found_by_walking_up(tmp_path):
    (tmp_path / "noticelint.toml").write_text('ignore = ["NL101"]\n', "utf-8")
    sub = tmp_path / "notices" / "2025"
    sub.mkdir(parents=True)
    shutil.copy(BAD, sub / "n.md")
    assert check(sub / "n.md").exit_code == 0


def test_pyproject_table_severity_and_options(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.noticelint]\nfail-on = "warning"\n\n'
        '[tool.noticelint.severity]\nacronym-mismatch = "info"\n\n'
        '[tool.noticelint.rules.acronym-mismatch]\npairs = ["DAS = DSA"]\n', "utf-8")
    shutil.copy(ACRO, tmp_path / "n.md")
    r = check("--format", "json", tmp_path / "n.md")
    assert r.exit_code == 0 and rules_of(r) == []
    (tmp_path / "pyproject.toml").write_text('[tool.noticelint]\nfail-on = "info"\n', "utf-8")
    r = check("--format", "json", tmp_path / "n.md")
    assert r.exit_code == 1 and rules_of(r) == ["NL208"]


def test_typo_in_a_key_is_a_clear_error(tmp_path):
    cfg = tmp_path / "noticelint.toml"
    cfg.write_text('ignroe = ["NL101"]\n', "utf-8")
    r = check("--config", cfg, BAD)
    assert r.exit_code == 2
    assert "'ignroe'" in r.stderr and "unknown key" in r.stderr and "did you mean 'ignore'" in r.stderr
    cfg.write_text('[rules.salary-mismatch]\nthreshold = 3\n', "utf-8")
    r = check("--config", cfg, BAD)
    assert r.exit_code == 2 and "rules.salary-mismatch.threshold" in r.stderr
    cfg.write_text('fail-on = "fatal"\n', "utf-8")
    assert check("--config", cfg, BAD).exit_code == 2
    cfg.write_text('select = [', "utf-8")
    r = check("--config", cfg, BAD)
    assert r.exit_code == 2 and "not valid TOML" in r.stderr


def test_show_config(tmp_path):
    cfg = tmp_path / "noticelint.toml"
    cfg.write_text('ignore = ["NL2"]\n[rules.NL402]\nthreshold = 0.9\n', "utf-8")
    r = runner.invoke(app, ["check", "--config", str(cfg), "--show-config", str(BAD)])
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and doc["ignore"] == ["NL2"] and doc["rules"]["NL402"]["threshold"] == 0.9


def test_inline_suppression_for_next_block_and_file(tmp_path):
    text = BAD.read_text("utf-8")
    p = tmp_path / "n.md"
    p.write_text(text.replace("Salaire (Base de paie)", "<!-- noticelint: disable=NL101 -->\nSalaire (Base de paie)", 1), "utf-8")
    assert check(p).exit_code == 0
    p.write_text("<!-- noticelint: disable-file=salary-mismatch -->\n" + text, "utf-8")
    assert check(p).exit_code == 0
    p.write_text(text.replace("Salaire (Base de paie)", "<!-- noticelint: disable=NL102 -->\nSalaire (Base de paie)", 1), "utf-8")
    assert check(p).exit_code == 1


def test_baseline_hides_old_findings_but_not_new_ones(tmp_path):
    p = tmp_path / "n.md"
    shutil.copy(BAD, p)
    base = tmp_path / "baseline.json"
    r = runner.invoke(app, ["check", "--no-embeddings", "--write-baseline", str(base), str(p)])
    assert r.exit_code == 0 and base.exists()
    assert check("--baseline", base, p).exit_code == 0
    # Editing elsewhere (lines shift) does not resurrect the known finding...
    p.write_text("\n\n" + p.read_text("utf-8").replace("Data Analyst", "Data  Analyst"), "utf-8")
    assert check("--baseline", base, p).exit_code == 0
    # ...but a new difference is reported.
    p.write_text(p.read_text("utf-8").replace("Temps plein", "Temps partiel"), "utf-8")
    r = check("--format", "json", "--baseline", base, p)
    assert r.exit_code == 1 and rules_of(r) == ["NL109"]
    bad_base = tmp_path / "not-a-baseline.json"
    bad_base.write_text("{}", "utf-8")
    r = check("--baseline", bad_base, p)
    assert r.exit_code == 2 and "not a noticelint baseline" in r.stderr


def test_parallel_run_gives_the_same_ordered_result(tmp_path):
    for i in range(10):
        shutil.copy(BAD if i % 2 else EXAMPLES / "good.md", tmp_path / f"n{i:02d}.md")
    one = check("--format", "json", "--jobs", "1", tmp_path)
    two = check("--format", "json", "--jobs", "2", tmp_path)
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.stdout)["files"] == json.loads(two.stdout)["files"]
    assert [f["path"] for f in json.loads(two.stdout)["files"]] == sorted(str(tmp_path / f"n{i:02d}.md") for i in range(10))
