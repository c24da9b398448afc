"""Shared fixtures: paths to the real notices and the contract, a linter without a model, a fake-embedding linter.

The real notices and the JSON contract live in ../shared/ beside the checkout (CI provides it), never in
the repository. A test that needs them asks `shared(...)`, `notice(...)`, `notices()` or `schema()`,
which skip it with a one-line reason when ../shared/ is absent (a fresh clone): nothing here may read
them at import time. NOTICELINT_TEST_SHARED=DIR points elsewhere (a git worktree has no ../shared/).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NOTICELINT_TEST_SHARED") or ROOT.parent / "shared")  # the variable: for a git worktree
NOTICES = sorted((SHARED / "notices").glob("*.txt"))  # empty in a fresh clone: parametrize via each_notice()
SCHEMA = SHARED / "contracts" / "diagnostics.schema.json"
EXAMPLES = ROOT / "examples"


def good_pair_with_salary_changed(folder: Path) -> tuple[Path, Path]:
    """examples/good.md as an --en/--fr pair of files in `folder`, the French salary changed (one NL101)."""
    lines = (EXAMPLES / "good.md").read_text("utf-8").splitlines(keepends=True)
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("Analyste"))
    en, fr = folder / "en.md", folder / "fr.md"
    en.write_text("".join(lines[:cut]), "utf-8")
    fr.write_text("".join(lines[cut:]).replace("6 204,10", "6 240,10"), "utf-8")
    return en, fr


def absent(rel: str) -> str:
    return f"../shared/{rel} is absent beside the checkout (real notices and contract; CI provides them)"


def shared(rel: str) -> Path:
    """ROOT/../shared/<rel>, or skip the calling test with a one-line reason when it is absent."""
    path = SHARED / rel
    if not path.exists():
        pytest.skip(absent(rel))
    return path


def notices() -> list[Path]:
    """The real notices (../shared/notices/*.txt), or skip."""
    if not NOTICES:
        pytest.skip(absent("notices"))
    return NOTICES


def notice(nid: str) -> Path:
    """The real notice whose name starts with nid ("000"), or skip."""
    found = [p for p in NOTICES if p.name.startswith(f"{nid}_")]
    if not found:
        pytest.skip(absent(f"notices/{nid}_*.txt"))
    return found[0]


def schema() -> dict:
    """The contract's JSON schema for the JSON report, or skip."""
    return json.loads(shared("contracts/diagnostics.schema.json").read_text("utf-8"))


def each_notice(values=None, ids=None):
    """parametrize() arguments over the real notices; one skipped case with the reason when they are absent."""
    values = NOTICES if values is None else values
    if values:
        return {"argvalues": values, "ids": ids or (lambda p: p.name[:3])}
    return {"argvalues": [pytest.param(None, marks=pytest.mark.skip(reason=absent("notices")))], "ids": ["no-shared"]}


@pytest.fixture
def rules_only():
    from linter.config import Config
    from linter.engine import Linter

    return Linter(Config(embeddings=False))


def facts_notice(en: str, fr: str) -> tuple[str, str]:
    """examples/good-facts.md's English and French versions, with one paragraph added to each one's
    first section (the clean notice around a sentence a test writes)."""
    text = (EXAMPLES / "good-facts.md").read_text("utf-8")
    for heading, par in (("## About the job\n", en), ("## À propos du poste\n", fr)):
        assert heading in text
        text = text.replace(heading, f"{heading}\n{par}\n", 1)
    cut = text.index("# Analyste de données")
    return text[:cut], text[cut:]


@pytest.fixture
def lint_pair(tmp_path, rules_only):
    """lint_pair(en, fr): lint a notice whose English version is the text `en` and French `fr`, as a
    pair of files (notice.en.txt, notice.fr.txt), or as one file, English then French, with
    `combined=True`; `suffix` ".md" for Markdown; rules only unless a `linter` is given. The Result,
    after checking the notice could be linted."""

    def lint(en: str, fr: str, *, suffix: str = ".txt", combined: bool = False, linter=None):
        linter = linter or rules_only
        if combined:
            p = tmp_path / f"notice{suffix}"
            p.write_text(en + fr, "utf-8")
            r = linter.lint(str(p))
        else:
            paths = [tmp_path / f"notice.{lang}{suffix}" for lang in ("en", "fr")]
            for p, text in zip(paths, (en, fr)):
                p.write_text(text, "utf-8")
            r = linter.lint(*map(str, paths))
        assert r.error is None, r.error
        return r

    return lint


@pytest.fixture(scope="session")
def _session_models(tmp_path_factory):
    return tmp_path_factory.mktemp("nl-models")


@pytest.fixture(scope="session")
def fresh_model_cache(tmp_path_factory, _session_models):
    """fresh_model_cache(name): an empty cache dir whose models/ (conversion, ONNX export) is shared by
    the whole session, so the one-time conversion and export are paid once, not once per fixture."""

    def make(name: str = "nl-cache"):
        root = tmp_path_factory.mktemp(name)
        (root / "models").symlink_to(_session_models, target_is_directory=True)
        return root

    return make


@pytest.fixture(scope="session")
def model_cache_dir(fresh_model_cache) -> Path:
    """One cache folder for the whole session (vectors too), its models/ shared with every fresh cache.

    NOTICELINT_TEST_CACHE=DIR keeps it across sessions.
    """
    return Path(os.environ.get("NOTICELINT_TEST_CACHE") or fresh_model_cache("nl-cache"))


@pytest.fixture
def fresh_cache(fresh_model_cache) -> Path:
    """An empty vector cache that reuses the session's converted model: a cold run without the conversion."""
    return fresh_model_cache("nl-fresh")


@pytest.fixture(scope="session")
def real_model_linter(model_cache_dir):
    """A linter with the real default model, loaded once per session (slow: marked tests only)."""
    from linter.config import Config
    from linter.engine import Linter
    from linter.similarity import EmbeddingSimilarity

    config = Config(embeddings=True, cache_dir=str(model_cache_dir))
    return Linter(config, lambda: EmbeddingSimilarity.from_config(config))


# POSIX-only os.open flags: NOTICELINT_TEST_NO_POSIX_FLAGS=1 runs a session as on Windows, where os has
# none of them (tests/test_safeio.py runs the configuration and output tests so).
POSIX_ONLY_FLAGS = ("O_NONBLOCK", "O_CLOEXEC", "O_NOCTTY", "O_NOFOLLOW", "O_DIRECTORY", "O_NOATIME")


@pytest.fixture(autouse=True)
def _no_posix_flags(monkeypatch):
    if os.environ.get("NOTICELINT_TEST_NO_POSIX_FLAGS"):
        for name in POSIX_ONLY_FLAGS:
            monkeypatch.delattr(os, name, raising=False)
    yield
