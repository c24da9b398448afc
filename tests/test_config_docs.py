"""Configuration as a user meets it: every key documented and shown as the file spells it, the nearest
configuration per file, `explain` suggestions, the encodings the README promises."""

from __future__ import annotations

import json
import re
import shutil

from typer.testing import CliRunner

from linter.cli import app
from linter.config import KNOWN_KEYS

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
BAD = EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"
GOOD = EXAMPLES / "good.md"


def test_every_config_key_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    table = set(re.findall(r"^\| `([a-z-]+)` \|", doc, re.M))
    assert table == set(KNOWN_KEYS)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/configuration.md" in readme and all(f"`{k}`" in readme for k in KNOWN_KEYS)


def test_show_config_spells_keys_as_the_file_does(tmp_path):
    cfg = tmp_path / "noticelint.toml"
    cfg.write_text('fail-on = "warning"\nmax-file-size = 1000000\nexclude = ["old/*"]\n', "utf-8")
    r = runner.invoke(app, ["check", "--config", str(cfg), "--show-config", str(BAD)])
    shown = json.loads(r.stdout)
    assert r.exit_code == 0 and set(shown) == set(KNOWN_KEYS) | {"config-file"}
    assert shown["fail-on"] == "warning" and shown["max-file-size"] == 1000000 and shown["exclude"] == ["old/*"]
    assert shown["config-file"] == str(cfg) and "fail_on" not in r.stdout
    # What it prints is what the file takes: the scalar settings written back load the same.
    back = tmp_path / "back.toml"
    back.write_text("".join(f"{k} = {json.dumps(shown[k])}\n" for k in ("fail-on", "max-file-size", "exclude", "embeddings")), "utf-8")
    again = json.loads(runner.invoke(app, ["check", "--config", str(back), "--show-config", str(BAD)]).stdout)
    assert {k: again[k] for k in ("fail-on", "max-file-size", "exclude")} == {k: shown[k] for k in ("fail-on", "max-file-size", "exclude")}


def test_nearest_config_applies_to_the_files_under_it(tmp_path):
    top = tmp_path / "notices"
    sub = top / "team"
    sub.mkdir(parents=True)
    shutil.copy(BAD, top / "a.md")
    shutil.copy(BAD, sub / "b.md")
    (sub / "noticelint.toml").write_text('ignore = ["NL101"]\n', "utf-8")
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", str(top)])
    rules = {f["path"]: [d["rule"] for d in f["diagnostics"]] for f in json.loads(r.stdout)["files"]}
    assert rules == {str(top / "a.md"): ["NL101"], str(sub / "b.md"): []}, rules
    assert r.exit_code == 1
    # --config: one file for every input.
    (tmp_path / "none.toml").write_text("", "utf-8")
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", "--config", str(tmp_path / "none.toml"), str(top)])
    assert all(f["diagnostics"] for f in json.loads(r.stdout)["files"])
    # A broken configuration below is said in one line, exit 2.
    (sub / "noticelint.toml").write_text('fail-on = "fatal"\n', "utf-8")
    r = runner.invoke(app, ["check", "--no-embeddings", str(top)])
    assert r.exit_code == 2 and str(sub / "noticelint.toml") in r.stderr and "Traceback" not in r.output


def test_explain_suggests_the_nearest_names_and_codes():
    r = runner.invoke(app, ["explain", "salary"])
    assert r.exit_code == 2 and "did you mean salary-mismatch (NL101)?" in r.stderr
    r = runner.invoke(app, ["explain", "NL1O1"])
    assert r.exit_code == 2 and "did you mean NL101?" in r.stderr
    r = runner.invoke(app, ["explain", "acronim"])
    assert "acronym-mismatch (NL208)" in r.stderr


def test_latin1_draft_is_linted_as_the_readme_says(tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "Windows-1252" in readme and "cp1252/Latin-1 drafts saved by Word are read" in readme
    p = tmp_path / "latin1.md"
    p.write_bytes(BAD.read_text("utf-8").replace("→", "").encode("latin-1", "replace"))
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", str(p)])
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and doc["files"][0]["error"] is None
    assert [d["rule"] for d in doc["files"][0]["diagnostics"]] == ["NL101"]


def test_baseline_keeps_matching_after_a_rename(tmp_path):
    from linter.baseline import fingerprint
    from linter.config import Config
    from linter.engine import Linter

    a = tmp_path / "old-name.md"
    shutil.copy(BAD, a)
    base = tmp_path / "baseline.json"
    assert runner.invoke(app, ["check", "--no-embeddings", "--write-baseline", str(base), str(a)]).exit_code == 0
    moved = tmp_path / "moved"
    moved.mkdir()
    b = moved / "new-name.md"
    a.rename(b)
    r = runner.invoke(app, ["check", "--no-embeddings", "--baseline", str(base), str(b)])
    assert r.exit_code == 0, r.stdout
    # A baseline written before (file name in the fingerprint) still matches the file under that name.
    (d,) = Linter(Config(embeddings=False)).lint(str(b)).diagnostics
    base.write_text(json.dumps({"version": 1, "tool": "noticelint", "fingerprints": [fingerprint(str(b), d)]}), "utf-8")
    assert runner.invoke(app, ["check", "--no-embeddings", "--baseline", str(base), str(b)]).exit_code == 0
