"""An untrusted repository (issue 23): nothing outside the linted tree is written or read because of
something the repository holds, and every name or notice text printed by a report is escaped.

In CI the repository is written by whoever opened the pull request: its committed symlinks, its
configuration and its file names are the attacker's. Black-box through the command line, with the
sandbox of tests/test_hostile_more.py (a private cwd, cache, temp and home; nothing changed beside).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.test_hostile_more import GOOD_TEXT, Box, assert_all_good, assert_one_error, good_file, write


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
    assert len(r.err_lines) == 1 and "'model'" in r.err_lines[0] and "outside" in r.err_lines[0], str(r)


def test_repository_model_in_a_symlinked_folder_leading_outside_is_ignored(box):
    model = box.outdir / "model"
    model.mkdir()
    repo = _repo_with_config(box, 'model = "repo/m"\n')
    os.symlink(model, repo / "m")
    r = box.run("check", "--show-config", "repo/good.md")
    assert json.loads(r.out)["model"] is None and "outside" in r.err, str(r)


def test_repository_config_in_a_subfolder_is_confined_too(box):
    repo = _repo_with_config(box, 'ignore = ["NL205"]\n')
    sub = repo / "sub"
    sub.mkdir()
    good_file(sub)
    write(sub, "noticelint.toml", f'cache-dir = "{box.outdir / "c"}"\n')
    r = box.run("check", "--no-embeddings", "--format", "json", "repo")
    assert r.rc == 0, str(r)
    assert len(r.err_lines) == 1 and "sub/noticelint.toml" in r.err_lines[0] and "note:" in r.err_lines[0], str(r)
