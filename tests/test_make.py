"""`make run`, the README's main command, lints the example notices it names with exit <= 1.

The commands are read from `make -n run` (what the target would run, without running set-up), so a file
added to examples/ that the target then picks up and cannot lint (exit 2) fails here, not in a newcomer's
first minute. Each `noticelint check …` line runs as `python -m linter check … --no-embeddings`: an input
that cannot be linted is refused before any model is used, so the exit code <= 1 does not depend on it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest

from .conftest import EXAMPLES as EXAMPLES_DIR, ROOT


def _run_commands() -> list[list[str]]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-n", "-C", str(ROOT), "--no-print-directory", "run"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    commands = []
    for line in out.stdout.splitlines():
        words = shlex.split(line.split(";")[0]) if "noticelint check" in line else []
        if words and words[0].endswith("/noticelint") and words[1] == "check":
            commands.append(words[2:])
    return commands


def test_make_run_lints_every_example_it_names_with_exit_at_most_1():
    commands = _run_commands()
    assert len(commands) >= 2, "make -n run shows no `noticelint check` command"
    named = [w for c in commands for w in c if not w.startswith("-")]
    assert "examples/good.md" in named and any(w.endswith(".en.md") for w in named)
    for args in commands:
        r = subprocess.run([sys.executable, "-m", "linter", "check", *args, "--no-embeddings", "--format", "concise"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode <= 1, f"noticelint check {' '.join(args)} → exit {r.returncode}:\n{r.stderr}"
        assert "Traceback" not in r.stderr
        assert "could not be linted" not in r.stdout, r.stdout[-2000:]


# -- packaging: clean set-up, every import declared ------------------------------------------------

def test_make_test_prints_the_skip_reasons():
    """The README promises one reason per skipped test: `make test` runs pytest with -rs."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-n", "-C", str(ROOT), "--no-print-directory", "test"],
                         capture_output=True, text=True, timeout=60)
    pytest_line = next(ln for ln in out.stdout.splitlines() if "pytest" in ln)
    assert "-rs" in shlex.split(pytest_line), pytest_line


_BUILD = """
import sys, warnings
from setuptools import build_meta
from setuptools.warnings import InformationOnly
warnings.simplefilter("error")  # a deprecation or packaging warning caused by pyproject.toml fails the build
out = sys.argv[1]
print(build_meta.build_sdist(out))
print(build_meta.build_wheel(out))
# setuptools' own banner of every editable install ("Editable installation."), whatever the project says
warnings.filterwarnings("ignore", category=InformationOnly)
print(build_meta.build_editable(out))
"""


def test_the_package_builds_with_no_warning_from_its_own_configuration(tmp_path):
    """sdist, wheel and editable wheel built from a copy of the project with warnings as errors, offline
    (no build isolation: this interpreter's setuptools); the wheel carries linter/data."""
    import os
    import zipfile

    pytest.importorskip("setuptools")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for pkg in ("linter", "rules"):
        shutil.copytree(ROOT / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    dist.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS")}
    r = subprocess.run([sys.executable, "-c", _BUILD, str(dist)], cwd=src, capture_output=True, text=True,
                       timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    noise = [ln for ln in (r.stdout + r.stderr).splitlines()
             if "warning" in ln.lower() and "editable install will be performed" not in ln.lower()]
    assert not noise, noise
    wheel = next(dist.glob("noticelint-*-py3-none-any.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("cldr.json", "stopwords.json", "fields.toml", "places.toml", "terms.toml"):
        assert f"linter/data/{data}" in names, names


def _declared() -> dict[str, set[str]]:
    """The distributions pyproject.toml declares: 'base' and each extra, by normalised name."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]

    def names(reqs):
        return {re.split(r"[\s<>=!~;\[@]", r, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")
                for r in reqs if not r.startswith(".")}

    out = {"base": names(project["dependencies"])}
    out.update({k: names(v) for k, v in project.get("optional-dependencies", {}).items()})
    return out


def _imports(folders) -> dict[str, set[str]]:
    """Top-level modules imported (anywhere, lazily too) by the .py files of `folders`, not stdlib, not ours."""
    import ast

    ours = {"linter", "rules", "tests", "benchmarks", "conftest"}
    found: dict[str, set[str]] = {}
    for folder in folders:
        for f in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(f.read_text("utf-8"))):
                mods = []
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    mods = [node.module]
                for m in mods:
                    top = m.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ours:
                        found.setdefault(top, set()).add(str(f.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("folders", [("linter", "rules"), ("tests",)], ids=["package", "tests"])
def test_every_imported_package_is_declared(folders):
    """Each package the code imports is declared in pyproject.toml itself (not merely pulled in by
    another: markdown-it-py came through rich), in the base dependencies or an extra (pycountry, imported
    only to rebuild linter/data/subdivisions.json, is in `test`). That a rules-only run needs nothing
    beyond the base dependencies is the next test's."""
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    declared = _declared()
    extras = tuple(declared)
    allowed = set().union(*declared.values())
    missing = {}
    for mod, files in _imports(folders).items():
        names = {d.lower().replace("_", "-").replace(".", "-") for d in dists.get(mod, ())}
        if not names:
            continue  # not installed here: an optional backend guarded at run time (reported elsewhere)
        if not names & allowed:
            missing[mod] = (sorted(names), sorted(files)[:3])
    assert not missing, f"imported but not declared in pyproject.toml ({', '.join(extras)}): {missing}"


def test_a_rules_only_run_imports_only_base_dependencies(tmp_path):
    """What a rules-only run imports (every reader: text, Markdown, Word, PDF) is declared in the base
    dependencies (or required by one), so the rules-only install (the light pre-commit hook) is complete."""
    from importlib.metadata import packages_distributions

    import docx

    fpdf = pytest.importorskip("fpdf", reason="fpdf2 is not installed (it belongs in the `test` extra)")
    lines = [ln for ln in (EXAMPLES_DIR / "good.md").read_text("utf-8").splitlines() if ln.strip()]
    word = docx.Document()
    for ln in lines:
        word.add_paragraph(ln)
    word.save(tmp_path / "notice.docx")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for ln in lines[:40]:
        pdf.multi_cell(0, 5, ln.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "notice.pdf"))

    probe = ("import sys, json\n"
             "from linter.cli import main\n"
             "sys.argv = ['noticelint', 'check', '--no-embeddings', *sys.argv[1:]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('@@' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n")
    files = [str(EXAMPLES_DIR / "good.md"), str(EXAMPLES_DIR / "shapes" / "markdown-combined.md"), str(tmp_path / "notice.docx"), str(tmp_path / "notice.pdf")]
    r = subprocess.run([sys.executable, "-c", probe, *files], cwd=ROOT, capture_output=True, text=True, timeout=300)
    line = [x for x in r.stderr.splitlines() if x.startswith("@@")]
    assert line, r.stderr[-2000:]
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    import json

    assert {"docx", "pdfplumber", "markdown_it"} <= set(json.loads(line[-1][2:]))  # every reader ran

    dists = packages_distributions()
    base = _declared()["base"]
    reached = set().union(*(_requires_closure(d) for d in base))
    outside = {}
    for mod in json.loads(line[-1][2:]):
        if mod in sys.stdlib_module_names or mod in ("linter", "rules", "_distutils_hack"):
            continue
        names = {d.lower().replace("_", "-").replace(".", "-") for d in dists.get(mod, ())}
        if names and not names & reached:
            outside[mod] = sorted(names)
    assert not outside, f"a rules-only run imports packages outside the base dependencies: {outside}"


def _requires_closure(dist: str, seen=None) -> set[str]:
    """`dist` and everything it requires (unconditionally), installed here, by normalised name."""
    import re
    from importlib.metadata import PackageNotFoundError, requires

    seen = set() if seen is None else seen
    if dist in seen:
        return seen
    seen.add(dist)
    try:
        reqs = requires(dist) or []
    except PackageNotFoundError:
        return seen
    for r in reqs:
        if "extra ==" in r:
            continue
        name = re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")
        _requires_closure(name, seen)
    return seen
