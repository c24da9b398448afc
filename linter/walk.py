"""Folder runs: which files of a folder are notices (include/exclude in any case, no hidden, lock or
backup files, nothing git ignores), and the inputs refused on the way with their reason."""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

from .config import Config
from .safeio import SmallFileError, git_top, inside, read_small_file

__all__ = ["collect", "collect_notices"]


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
        self.top = git_top(folder)
        self.specs: dict[str, object] = {}

    def _spec(self, d: str):
        if d not in self.specs:
            spec = None
            try:
                from .ignore import gitignore_spec

                # a bounded regular file, opened without blocking: a FIFO or a link to /dev/stdin is
                # not waited on; patterns matched without backtracking (linter/ignore.py)
                raw = read_small_file(os.path.join(d, ".gitignore"), 1 << 20)
                spec = gitignore_spec(raw.decode("utf-8", "replace").splitlines())
            except (SmallFileError, OSError, ValueError, ImportError):
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


def collect(paths: list[str], config: Config) -> tuple[list[str], list[tuple[str, str]]]:
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
            top = os.path.realpath(p)
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
                    if os.path.islink(full):
                        if not os.path.exists(full):
                            bad.append((full, "broken symbolic link"))
                            continue
                        if not inside(full, top):
                            continue  # leads out of the linted tree: skipped, as linked folders are
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


def collect_notices(paths: list[str], config: Config):
    """The notices to lint: `collect`'s files, halves of a pair named by convention joined into one
    (English, French) item (linter/pairs.py, the twin found on disk when it was not given); plus the inputs
    refused, and the halves whose twin is nowhere (linted alone, NL901 when they hold one language)."""
    from .pairs import plan

    files, bad = collect(paths, config)
    items, lone = plan(files, config.pairs)
    return items, bad, lone
