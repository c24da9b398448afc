"""The everyday options of `check` beside the CLI: standard input (`-`, --stdin-filename), the inputs of a
run flattened, and the hint that pairs files."""

from __future__ import annotations

import sys

__all__ = ["stdin_paths", "release_stdin", "flat", "hint_pairs"]


def stdin_paths(paths: list[str], en, fr, stdin_filename, watch: bool) -> list[str]:
    """`-` is standard input (ruff's convention); --stdin-filename alone means `-`. Raises ValueError
    with the one-line reason of a usage error."""
    if stdin_filename is not None and "-" not in paths:
        if paths:
            raise ValueError("--stdin-filename names standard input: give - among the paths (or no path)")
        paths = ["-"]
    if "-" in (en, fr):
        raise ValueError("--en/--fr: give files; standard input (-) goes among the paths, named with --stdin-filename")
    if paths.count("-") > 1:
        raise ValueError("standard input (-) given more than once")
    if "-" in paths and watch:
        raise ValueError("--watch: standard input (-) can be read only once; give files or folders")
    if stdin_filename is not None and not stdin_filename.strip():
        raise ValueError("--stdin-filename: empty name")
    return paths


def release_stdin() -> None:
    """Remove standard input's spooled file, if any (linter/stdin.py)."""
    from .read import STANDARD_INPUT

    if STANDARD_INPUT:
        from .stdin import release

        release()


def flat(items) -> list[str]:
    """Every file of the run's items (a path, or an (English, French) pair of paths)."""
    return [p for it in items for p in (it if isinstance(it, tuple) else (it,))]


def hint_pairs(results) -> None:
    """Files refused as one language only, English and French both: say once, on stderr, how to lint them
    as pairs."""
    one = {lang for r in results if r.error and "only one language found" in r.error
           for lang in ("English", "French") if f"only one language found ({lang})" in r.error}
    if len(one) == 2:
        print("noticelint: hint: a notice kept as two files is linted as one when their names pair up "
              "(job.en.md + job.fr.md, job-e/job-f, job_en/job_fr, job-EN/job-FR, en/ + fr/ folders, or `pairs` "
              "in the configuration), or when given as --en FILE --fr FILE", file=sys.stderr)
