"""The noticelint command line: check, rules, explain."""

from __future__ import annotations

import fnmatch
import os
import stat
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .config import Config, ConfigError, find_config, load_config
from .model import Severity

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Bilingual (English/French) consistency linter for job-vacancy notices.")

FORMATS = ("text", "json", "github", "sarif", "html")


def _err(msg: str) -> None:
    """One line on stderr, no traceback: what failed and why."""
    from .safeio import display

    print(f"noticelint: error: {display(msg)}", file=sys.stderr)


# Not notices, whatever their extension: hidden files, Office owner/lock files (~$x.docx), macOS
# AppleDouble files (._x.docx), Emacs locks and auto-saves (.#x.md, #x.md#), editor backups (x.md~).
def _is_junk(name: str) -> bool:
    return (name.startswith((".", "~$", "#")) or name.endswith(("~", "#")))


def _matches(name: str, rel: str, patterns) -> bool:
    """fnmatch without regard to case (NOTICE.TXT is a .txt), on the name or the path in the folder."""
    n, r = name.lower(), rel.replace(os.sep, "/").lower()
    return any(fnmatch.fnmatchcase(n, g.lower()) or fnmatch.fnmatchcase(r, g.lower()) for g in patterns)


class _GitIgnore:
    """The .gitignore files that apply below a folder inside a git work tree (none outside one)."""

    def __init__(self, folder: str):
        self.top = _git_top(folder)
        self.specs: dict[str, object] = {}

    def _spec(self, d: str):
        if d not in self.specs:
            spec = None
            try:
                import pathspec

                with open(os.path.join(d, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                    spec = pathspec.GitIgnoreSpec.from_lines(fh.read(1 << 20).splitlines())
            except (OSError, ValueError, ImportError):
                spec = None
            except Exception:  # a pattern pathspec cannot parse: that file is not honoured
                spec = None
            self.specs[d] = spec
        return self.specs[d]

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        if self.top is None:
            return False
        full = os.path.abspath(path)
        d = os.path.dirname(full)
        chain = []
        while True:
            chain.append(d)
            if d == self.top or os.path.dirname(d) == d:
                break
            d = os.path.dirname(d)
        for base in reversed(chain):  # the top level first, the nearest folder last
            spec = self._spec(base)
            if spec is None:
                continue
            rel = os.path.relpath(full, base).replace(os.sep, "/") + ("/" if is_dir else "")
            if spec.match_file(rel):
                return True
        return False


def _git_top(folder: str) -> str | None:
    d = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _collect(paths: list[str], config: Config) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint from the arguments (folders walked), and inputs refused with their reason.

    In a folder: names matching `include` (any case), not `exclude`, not hidden, lock or backup
    files (unless an include pattern names such files itself), not ignored by git."""
    files: list[str] = []
    bad: list[tuple[str, str]] = []
    hidden_ok = [g for g in config.include if g.startswith((".", "~", "#"))]
    for p in paths:
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False  # read_source says why (permission denied...)
        if is_dir:
            found = []
            seen_dirs = set()
            git = _GitIgnore(p)
            for root, dirs, names in os.walk(path, followlinks=False):
                try:
                    st = os.stat(root)
                    if (st.st_dev, st.st_ino) in seen_dirs:
                        dirs[:] = []
                        continue
                    seen_dirs.add((st.st_dev, st.st_ino))
                except OSError:
                    continue
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not git.ignored(os.path.join(root, d), is_dir=True))
                for n in sorted(names):
                    full = os.path.join(root, n)
                    rel = os.path.relpath(full, path)
                    if _is_junk(n) and not _matches(n, rel, hidden_ok):
                        continue
                    if not _matches(n, rel, config.include):
                        continue
                    if _matches(n, rel, config.exclude):
                        continue
                    if git.ignored(full):
                        continue
                    if os.path.islink(full) and not os.path.exists(full):
                        bad.append((full, "broken symbolic link"))
                        continue
                    try:
                        mode = os.stat(full).st_mode
                    except OSError:
                        mode = stat.S_IFREG  # read_source reports the reason
                    if not stat.S_ISREG(mode):
                        bad.append((full, "not a regular file (named pipe, socket or device)"))
                        continue
                    found.append(full)
            if not found:
                bad.append((p, f"folder holds no notices ({', '.join(config.include)})"))
            files.extend(found)
        else:
            files.append(p)
    return files, bad


def _similarity_factory(config: Config):
    if not config.embeddings:
        return None

    def make():
        from .similarity import EmbeddingSimilarity

        return EmbeddingSimilarity.from_config(config)

    return make


@app.command()
def check(
    paths: list[str] = typer.Argument(None, help="Files holding both versions, or folders of them."),
    en: Optional[str] = typer.Option(None, "--en", help="The English version, with --fr."),
    fr: Optional[str] = typer.Option(None, "--fr", help="The French version, with --en."),
    format: str = typer.Option("text", "--format", "-f", help="text, json, github, sarif or html."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    config_path: Optional[str] = typer.Option(None, "--config", help="Configuration file (default: nearest noticelint.toml or pyproject.toml)."),
    select: Optional[str] = typer.Option(None, "--select", help="Comma-separated rule codes, prefixes or names to run."),
    ignore: Optional[str] = typer.Option(None, "--ignore", help="Comma-separated rule codes, prefixes or names to skip."),
    no_embeddings: bool = typer.Option(False, "--no-embeddings", help="Rules only: load no model."),
    model: Optional[str] = typer.Option(None, "--model", help="sentence-transformers model name or path."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 at or above: error, warning or info."),
    show_config: bool = typer.Option(False, "--show-config", help="Print the effective configuration and exit."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Report only findings not recorded in this baseline file."),
    write_baseline: Optional[str] = typer.Option(None, "--write-baseline", help="Record the current findings in this file and exit 0."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes for rules-only runs over many files (0: one per core)."),
) -> None:
    """Lint bilingual notices."""
    if format not in FORMATS:
        _err(f"--format: unknown format {format!r} (use {', '.join(FORMATS)})")
        raise typer.Exit(2)
    if (en is None) != (fr is None):
        _err("--en and --fr go together: give both files")
        raise typer.Exit(2)
    paths = list(paths or [])
    if any(not p.strip() for p in paths) or (en is not None and not (en.strip() and fr.strip())):
        _err("empty path argument (an unset shell variable?)")
        raise typer.Exit(2)
    if not paths and en is None:
        _err("nothing to check: give files or folders, or --en FILE --fr FILE")
        raise typer.Exit(2)
    try:
        cfg_file = Path(config_path) if config_path else find_config(Path(paths[0] if paths else en))
        config = load_config(cfg_file)
        overrides = {}
        if select is not None:
            overrides["select"] = tuple(s.strip() for s in select.split(",") if s.strip())
        if ignore is not None:
            overrides["ignore"] = tuple(config.ignore) + tuple(s.strip() for s in ignore.split(",") if s.strip())
        if fail_on is not None:
            overrides["fail_on"] = Severity.parse(fail_on)
        if no_embeddings:
            overrides["embeddings"] = False
        if model is not None:
            overrides["model"] = model
        config = config.with_cli(**overrides)
        _validate_selectors(config)
    except (ConfigError, ValueError) as e:
        _err(str(e))
        raise typer.Exit(2)
    if show_config:
        _print_config(config)
        raise typer.Exit(0)

    from .engine import Linter, Result

    known = None
    if baseline:
        from .baseline import BaselineError, load_baseline

        try:
            known = load_baseline(baseline)
        except BaselineError as e:
            _err(str(e))
            raise typer.Exit(2)

    files, bad = _collect(paths, config)
    _refuse_outputs_naming_inputs({"--output": output, "--write-baseline": write_baseline},
                                  [*files, *paths, en, fr, str(cfg_file) if cfg_file else None, baseline])
    linter = Linter(config, _similarity_factory(config))
    results: list[Result] = [Result(p, [], f"{p}: {why}") for p, why in bad]
    keep_notices = format == "html"
    try:
        if en is not None:
            results.append(linter.lint(en, fr))
        results.extend(_lint_all(linter, files, config, jobs, keep_notices,
                                 progress=format == "text" and output is None and sys.stderr.isatty()))
    except _model_errors() as e:
        _err(f"cannot load the embedding model: {e} (use --no-embeddings to lint with rules only)")
        raise typer.Exit(2)
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130)
    results.sort(key=lambda r: (r.path,))
    for r in results:
        if r.error:
            _err(r.error)
    if write_baseline:
        from .baseline import BaselineError
        from .baseline import write_baseline as _write

        try:
            n = _write(write_baseline, results)
        except BaselineError as e:
            _err(str(e))
            raise typer.Exit(2)
        print(f"noticelint: recorded {n} finding(s) in {write_baseline}", file=sys.stderr)
        raise typer.Exit(2 if any(r.error for r in results) else 0)
    if known is not None:
        from .baseline import apply_baseline

        apply_baseline(results, known)
    text = _render(results, format, config, linter)
    if text is not None:
        if output:
            _write_atomic(output, text)
        else:
            sys.stdout.write(text)
    if any(r.error for r in results):
        raise typer.Exit(2)
    if any(d.severity >= config.fail_on for r in results for d in r.diagnostics):
        raise typer.Exit(1)


def _lint_one(args):
    """Worker for a process pool: a rules-only linter per process, built once."""
    global _WORKER
    config, path, keep = args
    from .engine import Linter

    if _WORKER is None or _WORKER.config != config:
        _WORKER = Linter(config, None)
    _test_worker_hook(path)
    r = _WORKER.lint(path)
    if not keep:
        r.notice = None
    return r


def _lint_chunk(args):
    config, paths, keep = args
    return [_lint_one((config, p, keep)) for p in paths]


def _test_worker_hook(path: str) -> None:
    """Test-only: NOTICELINT_TEST_KILL_WORKER=<name> makes a pool worker die (as the OOM killer
    would kill it) when it reaches a file with that name. Never set outside the test suite."""
    name = os.environ.get("NOTICELINT_TEST_KILL_WORKER")
    if name and _IN_WORKER and os.path.basename(path) == name:
        os.kill(os.getpid(), 9)


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


_WORKER = None
_IN_WORKER = False
_POOL_START_ERRORS = (OSError, NotImplementedError, ImportError, ValueError)


def _make_pool(workers: int):
    """A process pool, or None where one cannot start (no /dev/shm, no fork, sandboxed)."""
    try:
        from concurrent.futures import ProcessPoolExecutor

        if os.environ.get("NOTICELINT_TEST_NO_POOL"):  # test-only: a machine without /dev/shm
            raise FileNotFoundError(2, "No such file or directory: '/dev/shm' (simulated)")

        return ProcessPoolExecutor(max_workers=workers, initializer=_mark_worker)
    except _POOL_START_ERRORS:
        return None


def _pooled(files: list[str], config: Config, workers: int, keep: bool, advance):
    """Results of `files` in order, linted by a pool in chunks. A chunk whose worker died is re-run
    one file per fresh worker, so only a file that kills its worker again is lost ("not linted");
    a pool that cannot start (or breaks at once) means one process (None is returned)."""
    from concurrent.futures.process import BrokenProcessPool

    from .engine import Result

    pool = _make_pool(min(workers, len(files)))
    if pool is None:
        return None
    chunks = [files[i:i + 4] for i in range(0, len(files), 4)]
    done: dict[int, list] = {}
    retry: list[int] = []
    try:
        try:
            futures = [pool.submit(_lint_chunk, (config, c, keep)) for c in chunks]
        except (BrokenProcessPool, *_POOL_START_ERRORS, RuntimeError):
            return None
        for i, fut in enumerate(futures):
            try:
                done[i] = fut.result()
                for _ in chunks[i]:
                    advance()
            except BrokenProcessPool:
                retry.append(i)
            except _POOL_START_ERRORS:
                if not done:
                    return None
                retry.append(i)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for i in retry:
        out = []
        for p in chunks[i]:
            single = _make_pool(1)
            r = None
            if single is not None:
                try:
                    r = single.submit(_lint_one, (config, p, keep)).result()
                except BrokenProcessPool:
                    r = Result(p, [], f"{p}: not linted: its worker process died (out of memory or killed)")
                except _POOL_START_ERRORS:
                    r = None
                finally:
                    single.shutdown(wait=True, cancel_futures=True)
            if r is None:
                r = _lint_one((config, p, keep))
            out.append(r)
            advance()
        done[i] = out
    return [r for i in range(len(chunks)) for r in done[i]]


def _lint_all(linter, files: list[str], config: Config, jobs: int, keep_notices: bool, progress: bool):
    """Lint files in a stable order; rules-only runs over many files use a process pool.

    With embeddings the model is the cost: one process encodes in batches and uses every core
    through torch, where a pool would load the model once per process.
    """
    if not files:
        return []
    workers = jobs or (os.cpu_count() or 1)
    parallel = linter.similarity_factory is None and workers > 1 and len(files) >= 8
    bar = None
    if progress and len(files) >= 20:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from rich.console import Console

        # On stderr, and gone when done: stdout carries only the report.
        bar = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       transient=True, console=Console(stderr=True))
        bar.start()
        task = bar.add_task("lint", total=len(files))

    def advance():
        if bar:
            bar.advance(task)

    out = None
    try:
        if parallel:
            out = _pooled(files, config, workers, keep_notices, advance)
        if out is None:
            out = []
            for r in linter.lint_many(files):
                if not keep_notices:
                    r.notice = None
                out.append(r)
                advance()
    finally:
        if bar:
            bar.stop()
    return out


def _model_errors():
    try:
        from .embed import EmbedderError

        return (EmbedderError,)
    except ImportError:  # the embedding extra is not installed
        return (ImportError,)


def _validate_selectors(config: Config) -> None:
    from rules import REGISTRY

    names = {r.name for r in REGISTRY.values()}
    for s in (*config.select, *config.ignore):
        if s not in names and not any(c.startswith(s) for c in REGISTRY):
            raise ValueError(f"--select/--ignore: {s!r} matches no rule (see `noticelint rules`)")


def _render(results, fmt: str, config: Config, linter) -> str | None:
    tool = {"name": "noticelint", "version": __version__,
            "model": getattr(linter._similarity, "name", None) if linter._similarity is not None else None}
    if fmt == "json":
        from .report.json import to_json

        return to_json(results, tool)
    if fmt == "github":
        from .report.github import to_github

        return to_github(results)
    if fmt == "sarif":
        from .report.sarif import to_sarif

        return to_sarif(results, tool)
    if fmt == "html":
        from .report.html import to_html

        return to_html(results, tool)
    import io

    from rich.console import Console

    from .report.text import render_text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=sys.stdout.isatty(), width=None if sys.stdout.isatty() else 120,
                      highlight=False)
    render_text(results, console)
    return buf.getvalue()


def _refuse_outputs_naming_inputs(outputs: dict, inputs: list) -> None:
    """An output that resolves to any input of the run (any spelling, hardlink or symlink) is refused
    before anything is read or written."""
    from .safeio import same_file_as_input

    for opt, out in outputs.items():
        if not out:
            continue
        hit = same_file_as_input(out, inputs)
        if hit is not None:
            _err(f"{opt} {out}: is an input of this run ({hit}); refusing to overwrite it")
            raise typer.Exit(2)


def _write_atomic(path: str, text: str) -> None:
    from .safeio import OutputError, write_output

    try:
        write_output(path, text)
    except OutputError as e:
        _err(f"--output {path}: {e}")
        raise typer.Exit(2)


def _print_config(config: Config) -> None:
    from dataclasses import asdict

    import json

    d = asdict(config)
    d["fail_on"] = str(config.fail_on)
    d["severity"] = {k: str(v) for k, v in config.severity.items()}
    print(json.dumps(d, indent=2, ensure_ascii=False, default=str))


@app.command("rules")
def rules_cmd() -> None:
    """Table of every rule: code, name, default severity, summary."""
    from rich.console import Console
    from rich.table import Table

    from rules import all_rules

    t = Table(show_edge=False)
    for c in ("code", "name", "severity", "summary"):
        t.add_column(c)
    for r in all_rules():
        t.add_row(r.code, r.name, str(r.severity), r.summary + (" (needs embeddings)" if r.needs_embeddings else ""))
    Console(highlight=False).print(t)


@app.command()
def explain(code_or_name: str = typer.Argument(..., help="A rule code (NL101) or name (salary-mismatch).")) -> None:
    """A rule's documentation, with a failing and a passing example."""
    from rules import REGISTRY

    from .docs import rule_markdown

    r = REGISTRY.get(code_or_name.upper()) or next((x for x in REGISTRY.values() if x.name == code_or_name), None)
    if r is None:
        _err(f"no rule {code_or_name!r} (see `noticelint rules`)")
        raise typer.Exit(2)
    print(rule_markdown(r))


@app.callback(invoke_without_command=True)
def _version(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        print(f"noticelint {__version__}")
        raise typer.Exit(0)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
