"""The package layout: one concern per file, imports pointing down the flow, no cycle.

The flow is read -> split -> segment -> align -> rules -> report. These tests read the source with
`ast` (nothing is imported), so they take milliseconds:

- the import graph of linter/ and rules/ has no cycle, counting module-level and function-level
  imports (`from .x import y`, `from .. import x`, `import linter.x`, `from linter.x import y`);
  imports under `if TYPE_CHECKING:` never run and are not counted; a package's own submodules
  importing each other do not count an edge to the package's `__init__` unless they name it;
- readers (linter/read/) never import a reporter (linter/report/) and reporters never import a
  reader; nothing upstream of the report imports it (only the CLI and the reporters themselves);
- no module in linter/ or rules/ is longer than 500 lines unless its docstring says why, in a
  line starting with "Length:" within its first lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("linter", "rules")
MAX_LINES = 500
REASON_WITHIN = 15  # docstring lines searched for "Length:"


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the packages."""
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Line numbers inside `if TYPE_CHECKING:` blocks (imports there never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str) -> set[str]:
    """The modules of the packages that module `name` imports, anywhere in its body."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"), str(path))
    skip = _type_checking_lines(tree)
    # the package a relative import is relative to
    here = name.split(".") if _is_package(name) else name.split(".")[:-1]
    found: set[str] = set()

    def add(target: str) -> None:
        # `import linter.read.text` names linter.read.text; keep the longest known prefix
        parts = target.split(".")
        while parts and ".".join(parts) not in MODULES:
            parts.pop()
        if parts:
            found.add(".".join(parts))

    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else list(here)
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                if sub in MODULES:  # `from . import lang`, `from linter.embed import convert`
                    found.add(sub)
                else:
                    add(module)
    found.discard(name)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path [a, b, ..., a], or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        colour[n] = GREY
        stack.append(n)
        for m in sorted(graph[n]):
            if colour[m] == GREY:
                return stack[stack.index(m):] + [m]
            if colour[m] == WHITE:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        colour[n] = BLACK
        return None

    for n in sorted(graph):
        if colour[n] == WHITE:
            found = visit(n)
            if found:
                return found
    return None


def test_the_graph_sees_the_imports_that_matter():
    # guards against a parser that silently finds nothing: known edges, module- and function-level
    assert "linter.read.text" in GRAPH["linter.read"]  # module level, relative
    assert "linter.read.docx" in GRAPH["linter.read"]  # function level, relative
    assert "linter.read" in GRAPH["linter.engine"]
    assert "linter.lang" in GRAPH["linter.read.docx"]  # `from .. import lang as L` in a function
    assert "linter.extract" in GRAPH["rules.body"]  # `from linter import extract as X`
    assert "rules" in GRAPH["linter.engine"]  # `from rules import all_rules` in a method
    assert "linter.embed" in GRAPH["linter.similarity"]


def test_no_import_cycle():
    cycle = _cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _under(name: str, pkg: str) -> bool:
    return name == pkg or name.startswith(pkg + ".")


def test_readers_and_reporters_do_not_mix():
    for name, deps in GRAPH.items():
        if _under(name, "linter.read"):
            bad = sorted(d for d in deps if _under(d, "linter.report"))
            assert not bad, f"{name} (a reader) imports {bad} (reporters)"
        if _under(name, "linter.report"):
            bad = sorted(d for d in deps if _under(d, "linter.read"))
            assert not bad, f"{name} (a reporter) imports {bad} (readers)"


def test_only_the_cli_imports_the_reporters():
    # report may import the model and the engine's results; nothing upstream imports a reporter
    for name, deps in GRAPH.items():
        if _under(name, "linter.report") or name == "linter.cli":
            continue
        bad = sorted(d for d in deps if _under(d, "linter.report"))
        assert not bad, f"{name} imports {bad}: reports are the last stage"


def test_readers_import_nothing_downstream():
    downstream = ("linter.split", "linter.segment", "linter.align", "linter.engine", "linter.config",
                  "linter.cli", "linter.extract", "linter.embed", "linter.similarity", "rules")
    for name, deps in GRAPH.items():
        if _under(name, "linter.read"):
            bad = sorted(d for d in deps if any(_under(d, p) for p in downstream))
            assert not bad, f"{name} (a reader) imports {bad}, later stages"


def _docstring_reason(path: Path) -> bool:
    doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    return any(line.strip().startswith("Length:") and len(line.split()) >= 4
               for line in doc.splitlines()[:REASON_WITHIN])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_size(name):
    path = MODULES[name]
    n = len(path.read_text("utf-8").splitlines())
    assert n <= MAX_LINES or _docstring_reason(path), (
        f"{path.relative_to(ROOT)} has {n} lines (> {MAX_LINES}): split it by concern, or say why "
        f"in its docstring with a line starting 'Length:'")


# -- rules/: the families side by side ------------------------------------------------------------

RULES_FLOOR = ("rules.base", "rules.context", "rules.common")  # what two or more families stand on
FAMILIES = sorted(n for n in MODULES if _under(n, "rules") and n != "rules" and n not in RULES_FLOOR)


def test_the_rule_families_are_found():
    assert {"rules.header", "rules.body", "rules.similarity", "rules.structure"} <= set(FAMILIES)


@pytest.mark.parametrize("name", FAMILIES)
def test_a_rule_family_imports_no_other_family(name):
    # a helper two families share belongs in rules/common.py (or, when it is a view of the notice, in
    # rules/context.py), not in one family for the other to import
    bad = sorted(d for d in GRAPH[name] if _under(d, "rules") and d not in RULES_FLOOR)
    assert not bad, f"{name} imports {bad}: families import only {', '.join(RULES_FLOOR)} and linter.*"


def test_the_floor_of_rules_imports_no_family():
    for name in RULES_FLOOR:
        bad = sorted(d for d in GRAPH[name] if _under(d, "rules") and d not in RULES_FLOOR)
        assert not bad, f"{name} imports {bad}"


def _empty_container(node: ast.AST) -> bool:
    """`{}`, `[]`, `set()`, `dict()`, `list()`, `[None, None]`: a module-level value that only fills up at run time."""
    if isinstance(node, ast.Dict):
        return not node.keys
    if isinstance(node, ast.List):
        return all(isinstance(e, ast.Constant) and e.value is None for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict") and not node.args
    return False


def _module_caches(tree: ast.Module) -> list[str]:
    """Module-level names bound to an empty mutable container, `global` statements, and `id(notice)`."""
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if value is not None and _empty_container(value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [f"line {node.lineno}: {ast.unparse(t)} = {ast.unparse(value)}" for t in targets]
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
        if isinstance(node, ast.Call) and ast.unparse(node) == "id(notice)":
            found.append(f"line {node.lineno}: id(notice)")
    return found


def test_the_cache_finder_finds_one():
    tree = ast.parse("_SEEN: dict = {}\n_LAST = [None, None]\nTABLE = {'a': 1}\ndef f(notice):\n    return id(notice)\n")
    assert _module_caches(tree) == ["line 1: _SEEN = {}", "line 2: _LAST = [None, None]", "line 5: id(notice)"]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _under(n, "rules") and n != "rules.base"))
def test_no_rule_module_keeps_a_cache_per_notice(name):
    # per-notice views live in the Context the engine builds for each notice (rules/context.py); a
    # module-level cache keyed by notice identity outlives its notice and is shared by every linter
    # (rules.base holds the registry, filled once at import by @rule)
    found = _module_caches(ast.parse(MODULES[name].read_text("utf-8")))
    assert not found, f"{MODULES[name].relative_to(ROOT)} keeps state across notices: {found}"
