"""The noticelint command line: check, rules, explain."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .config import Config, ConfigError, find_config, load_config, selected
from .model import Severity
from .safeio import display
from .options import flat, hint_pairs, release_stdin, stdin_paths

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Bilingual (English/French) consistency linter for job-vacancy notices.")

FORMATS = ("text", "concise", "json", "github", "sarif", "html")


def _err(msg: str) -> None:
    """One line on stderr, no traceback: what failed and why."""
    from .safeio import display

    print(f"noticelint: error: {display(msg)}", file=sys.stderr)


@app.command()
def check(
    paths: list[str] = typer.Argument(None, help="Files holding both versions, or folders of them."),
    en: Optional[str] = typer.Option(None, "--en", help="The English version, with --fr."),
    fr: Optional[str] = typer.Option(None, "--fr", help="The French version, with --en."),
    format: str = typer.Option("text", "--format", "-f",
                               help="text (side by side on a terminal, concise when piped), concise, json, github, sarif or html."),
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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="The findings only: no clean files, headline, notes or progress."),
    statistics: bool = typer.Option(False, "--statistics", help="Count the findings per rule instead of listing them."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even with findings at or above --fail-on (inputs that could not be linted still exit 2)."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename",
                                                 help="The name of the notice read from standard input (-): its format, configuration and twin."),
    watch: bool = typer.Option(False, "--watch", help="Lint again whenever an input changes (polled once a second; Ctrl-C stops)."),
    split_at: Optional[int] = typer.Option(None, "--split-at", metavar="LINE", help="One combined file: its second version starts here."),
) -> None:
    """Lint bilingual notices (a pair of files named job.en.md / job.fr.md, en/ and fr/ ... is one notice)."""
    if format not in FORMATS:
        _err(f"--format: unknown format {format!r} (use {', '.join(FORMATS)})")
        raise typer.Exit(2)
    if statistics and format not in ("text", "concise", "json"):
        _err(f"--statistics: prints counts as text or json, not {format}")
        raise typer.Exit(2)
    if (en is None) != (fr is None):
        _err("--en and --fr go together: give both files")
        raise typer.Exit(2)
    paths = list(paths or [])
    if any(not p.strip() for p in paths) or (en is not None and not (en.strip() and fr.strip())):
        _err("empty path argument (an unset shell variable?)")
        raise typer.Exit(2)
    try:
        paths = stdin_paths(paths, en, fr, stdin_filename, watch)
    except ValueError as e:
        _err(str(e))
        raise typer.Exit(2)
    if not paths and en is None:
        _err("nothing to check: give files or folders, or --en FILE --fr FILE")
        raise typer.Exit(2)
    try:
        first = stdin_filename if paths and paths[0] == "-" and stdin_filename else (paths[0] if paths else en)
        cfg_file = Path(config_path) if config_path else find_config(Path(first))
        config = load_config(cfg_file)
        if config_path is None:  # found in the linted tree: the repository's, not the user's
            config = _confined(config, cfg_file, model is not None)
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
    if watch:
        from .watch import watch_loop

        raise typer.Exit(watch_loop(_ARGV, paths, [en, fr, str(cfg_file) if cfg_file else None, baseline], config, quiet))
    if "-" in paths:
        from .stdin import spool

        try:
            name = spool(stdin_filename, config.max_file_size)
        except OSError as e:
            _err(f"standard input: cannot read ({e.strerror or e})")
            raise typer.Exit(2)
        paths = [name if p == "-" else p for p in paths]

    from .engine import Linter
    from .model import Result

    known = None
    if baseline:
        from .baseline import BaselineError, load_baseline

        try:
            known = load_baseline(baseline)
        except BaselineError as e:
            _err(str(e))
            raise typer.Exit(2)

    from .walk import collect_notices
    files, bad, lone = collect_notices(paths, config)  # a pair of files named by convention is one item
    if split_at is not None and len(files) + len(bad) != 1:  # none with --en/--fr (a pair), several in a folder
        _err("--split-at LINE: give one file that holds both versions, and the line where the second one starts")
        raise typer.Exit(2)
    _refuse_outputs_naming_inputs({"--output": output, "--write-baseline": write_baseline},
                                  [*flat(files), *paths, en, fr, str(cfg_file) if cfg_file else None, baseline])
    linter = Linter.for_config(config)
    linter.split_at = split_at
    try:
        groups = _nearest_configs(files, config, cfg_file, overrides) if config_path is None else [(config, files)]
    except (ConfigError, ValueError) as e:
        _err(str(e))
        raise typer.Exit(2)
    results: list[Result] = [Result(p, [], f"{p}: {why}") for p, why in bad]
    keep_notices = format == "html"
    status = None
    if config.embeddings and not quiet:  # long waits speak on stderr, also when piped (one line each)
        from .embed.progress import LongWaitLines

        status = _terminal_status if _stderr_is_terminal() else LongWaitLines()
        _set_status_sink(status)
    try:
        if en is not None:
            results.append(linter.lint(en, fr))
        for group_config, group_files in groups:  # each file with its nearest configuration
            group_linter = linter if group_config is config else Linter.for_config(group_config, like=linter)
            results.extend(_lint_all(group_linter, group_files, group_config, jobs, keep_notices,
                                     progress=format == "text" and output is None and not quiet and sys.stderr.isatty()))
    except _model_errors() as e:
        _err(f"cannot load the embedding model: {e} (use --no-embeddings to lint with rules only)")
        raise typer.Exit(2)
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130)
    finally:
        if status:
            _set_status_sink(None)
            getattr(status, "close", lambda: None)()
        release_stdin()
    if lone:
        from .pairs import twin_missing

        results = [twin_missing(r, lone[r.path], config) if r.path in lone else r for r in results]
    results.sort(key=lambda r: (r.path,))
    for r in results:
        if r.error:
            _err(r.error)
    hint_pairs(results)
    if write_baseline:
        from .baseline import BaselineError
        from .baseline import write_baseline as _write

        try:
            n = _write(write_baseline, results)
        except BaselineError as e:
            _err(str(e))
            raise typer.Exit(2)
        if not quiet:
            from .report.common import plural

            print(f"noticelint: recorded {plural(n, 'finding')} in {display(write_baseline)}", file=sys.stderr)
        raise typer.Exit(2 if any(r.error for r in results) else 0)
    if known is not None:
        from .baseline import apply_baseline

        apply_baseline(results, known)
    if statistics:
        from .report.common import summary_line
        from .report.stats import to_statistics_json, to_statistics_text

        text = to_statistics_json(results) if format == "json" else to_statistics_text(results, None if quiet else summary_line(results))
    else:
        text = _render(results, format, config, linter, to_terminal=output is None and _stdout_is_terminal(), quiet=quiet)
    if text is not None:
        if output:
            _write_atomic(output, text)
            if not quiet:
                print(f"noticelint: wrote the {format} report to {display(output)}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    if any(r.error for r in results):
        raise typer.Exit(2)
    if not exit_zero and any(d.severity >= config.fail_on for r in results for d in r.diagnostics):
        raise typer.Exit(1)


def _nearest_configs(files: list[str], config: Config, cfg_file, overrides: dict) -> list[tuple[Config, list[str]]]:
    """Files grouped by their nearest configuration file: a noticelint.toml in a subfolder applies to the
    files under it when a parent folder is linted. The command line's options apply to every group."""
    groups: dict = {}
    for f in files:  # a path, or an (English, French) pair: the English file's configuration
        groups.setdefault(find_config(Path(f[0] if isinstance(f, tuple) else f)), []).append(f)
    out = []
    for found, fs in groups.items():
        if found == cfg_file:
            out.append((config, fs))
        else:
            c = _confined(load_config(found), found, "model" in overrides).with_cli(**overrides)
            _validate_selectors(c)
            out.append((c, fs))
    return out


def _confined(config: Config, found, model_given: bool = False) -> Config:
    """A found configuration without a `model` or a `cache-dir` leading outside its repository (a note each)."""
    from .config import confine

    config, notes = confine(config, found, model_given)
    for n in notes:
        print(f"noticelint: note: {display(n)}", file=sys.stderr)
    return config


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _terminal_status(message: str | None) -> None:
    """The model's status line (`loading model…`, `encoding 140 paragraphs…`), redrawn in place on stderr."""
    sys.stderr.write("\r\x1b[K" + (message or ""))
    sys.stderr.flush()


def _set_status_sink(sink) -> None:
    from .embed import progress as embed_progress

    embed_progress.set_sink(sink)


def _lint_all(linter, files: list[str], config: Config, jobs: int, keep_notices: bool, progress: bool):
    """Lint files in a stable order; rules-only runs over many files use a process pool.

    With embeddings the model is the cost: one process encodes in batches and uses every core
    through torch, where a pool would load the model once per process.
    """
    if not files:
        return []
    from .read import STANDARD_INPUT

    workers = jobs or (os.cpu_count() or 1)
    # Standard input is spooled in this process (linter/stdin.py): linted here, never in a pool.
    parallel = not linter.embeddings and workers > 1 and len(files) >= 8 and not STANDARD_INPUT
    bar = None
    if progress and len(files) >= 20:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from rich.console import Console

        # On stderr, and gone when done: stdout carries only the report.
        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       transient=True, console=Console(stderr=True))
        bar.start()
        task = bar.add_task("linting", total=len(files))
        if linter.embeddings:  # the model's status goes into the bar's label
            _set_status_sink(lambda m: bar.update(task, description=f"linting ({m})" if m else "linting"))

    def advance():
        if bar:
            bar.advance(task)

    out = None
    try:
        if parallel:
            from .pool import pooled

            out = pooled(files, config, workers, keep_notices, advance)
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

    from .pairs import TWIN_MISSING

    names = {r.name for r in REGISTRY.values()} | {TWIN_MISSING[1]}
    for s in (*config.select, *config.ignore):
        if s not in names and not any(c.startswith(s) for c in REGISTRY) and s != TWIN_MISSING[0]:
            raise ValueError(f"--select/--ignore: {s!r} matches no rule (see `noticelint rules`)")


def _stdout_is_terminal() -> bool:
    """A person reads stdout (the side-by-side view), not a pipe, a file or a CI log (concise lines)."""
    return sys.stdout.isatty()


def _run_notes(config: Config, linter) -> tuple[str, ...]:
    """What the reader of a clean report must know: checks that were selected but did not run."""
    if config.embeddings:
        return ()
    from rules import all_rules

    off = [r.code for r in all_rules() if r.needs_embeddings and selected(r.code, r.name, config.select, config.ignore)]
    return (f"similarity checks {', '.join(off)} not run: --no-embeddings",) if off else ()


def _render(results, fmt: str, config: Config, linter, to_terminal: bool = False, quiet: bool = False) -> str | None:
    tool = {"name": "noticelint", "version": __version__,
            "model": linter.model_name}
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
    if fmt == "concise" or not to_terminal:  # piped, redirected or --output: lines that never wrap
        from .report.concise import to_concise

        return to_concise(results, _run_notes(config, linter), quiet=quiet)
    import io

    from rich.console import Console

    from .report.text import render_text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, highlight=False)
    render_text(results, console, run_notes=_run_notes(config, linter), quiet=quiet)
    return buf.getvalue()


def _refuse_outputs_naming_inputs(outputs: dict, inputs: list) -> None:
    """An output that resolves to any input of the run (any spelling, hardlink or symlink), or that a
    symbolic link takes out of its repository, is refused before anything is read or written."""
    from .safeio import leaves_repository, same_file_as_input

    for opt, out in outputs.items():
        if not out:
            continue
        hit = same_file_as_input(out, inputs)
        if hit is not None:
            _err(f"{opt} {out}: is an input of this run ({hit}); refusing to overwrite it")
            raise typer.Exit(2)
        away = leaves_repository(out)
        if away is not None:
            _err(f"{opt} {out}: a symbolic link leads outside its repository (to {away}); refusing to write through it")
            raise typer.Exit(2)


def _write_atomic(path: str, text: str) -> None:
    from .safeio import OutputError, write_output

    try:
        write_output(path, text)
    except OutputError as e:
        _err(f"--output {path}: {e}")
        raise typer.Exit(2)


# --show-config: each setting under the key the configuration file takes (`fail-on`, not fail_on).
_FILE_KEYS = {"select": "select", "ignore": "ignore", "fail_on": "fail-on", "severity": "severity", "rules": "rules",
              "fields": "fields", "terms": "terms", "include": "include", "exclude": "exclude",
              "max_file_size": "max-file-size", "embeddings": "embeddings", "model": "model", "cache_dir": "cache-dir",
              "pairs": "pairs"}


def _print_config(config: Config) -> None:
    """The effective configuration as JSON, keyed as the file spells them, plus `config-file` (where it came from)."""
    from dataclasses import asdict

    import json

    d = asdict(config)
    d["fail_on"] = str(config.fail_on)
    d["severity"] = {k: str(v) for k, v in config.severity.items()}
    out = {"config-file": d.pop("path")}
    out.update({_FILE_KEYS.get(k, k): v for k, v in d.items()})
    from .safeio import json_safe

    print(json_safe(json.dumps(out, indent=2, ensure_ascii=False, default=str)))


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
        _err(f"no rule {code_or_name!r}{_did_you_mean(code_or_name, REGISTRY)} (see `noticelint rules`)")
        raise typer.Exit(2)
    print(rule_markdown(r))


def _did_you_mean(word: str, registry) -> str:
    """' (did you mean salary-mismatch, NL101?)': rule names holding the word or close to it, and their codes."""
    import difflib

    names = {r.name: r.code for r in registry.values()}
    w = word.lower()
    hits = [n for n in names if w in n.split("-") or w in n] or difflib.get_close_matches(w, list(names), n=3, cutoff=0.5)
    code = word.upper()[:2] + word.upper()[2:].replace("O", "0").replace("I", "1")  # NL1O1 → NL101
    hits += [c for c in ([code] if code in registry else difflib.get_close_matches(code, list(registry), n=2, cutoff=0.6))
             if c not in hits]
    shown = [f"{h} ({names[h]})" if h in names else h for h in hits[:4]]
    return f" (did you mean {', '.join(shown)}?)" if shown else ""


@app.callback(invoke_without_command=True)
def _version(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        print(f"noticelint {__version__}")
        raise typer.Exit(0)


_ARGV: list[str] = []  # the command line as typed, for --watch (which runs it again in a child process)


def main() -> None:
    _ARGV[:] = sys.argv[1:]
    # numpy's OpenBLAS starts a spinning thread per core when numpy is imported (0.07-0.1 CPU s of a
    # warm run) for matrices far too small to split (a notice's blocks x 384); the encoders have their
    # own thread pools. One BLAS thread, unless the user's environment says otherwise.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
