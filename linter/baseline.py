"""Baselines: accept the findings a repository already has, report only new ones.

A finding is remembered by a fingerprint of its rule and the normalised text it points at on each
side, never by line number, so editing elsewhere in a notice does not bring it back, and never by
file name, so renaming or moving a notice does not either. (Baselines written before kept the file
name in the fingerprint: those still match the file under its old name.)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from .model import Diagnostic

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; str() says which and why."""


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def fingerprint(path: str | None, d: Diagnostic) -> str:
    """The finding's fingerprint: rule and texts (path None, what baselines record), or with the file
    name as older baselines recorded it."""
    parts = [d.rule, _norm(d.en.text if d.en else None), _norm(d.fr.text if d.fr else None)]
    if path is not None:
        parts.insert(0, Path(path).name)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def baseline_text(results) -> tuple[str, int]:
    """The baseline document for all current findings, and how many fingerprints it holds."""
    entries = sorted(fingerprint(None, d) for r in results for d in r.diagnostics)
    doc = {"version": VERSION, "tool": "noticelint", "fingerprints": entries}
    return json.dumps(doc, indent=1) + "\n", len(entries)


def write_baseline(path: str, results) -> int:
    """Write the fingerprints of all current findings (atomically, or through a device/symlink);
    returns how many. Raises BaselineError with a one-line reason."""
    from .safeio import OutputError, write_output

    text, n = baseline_text(results)
    try:
        write_output(path, text)
    except OutputError as e:
        raise BaselineError(f"--write-baseline {path}: {e}") from None
    return n


_FINGERPRINT = re.compile(r"[0-9a-f]{24}")


def load_baseline(path: str) -> Counter:
    """The fingerprints of a baseline file: a regular file of bounded size, in the shape
    `write_baseline` writes (version 1, a list of 24-hex-digit strings); anything else is refused."""
    from .safeio import SmallFileError, leaves_repository, read_small_file

    away = leaves_repository(path)
    if away is not None:  # a committed `.noticelint-baseline.json -> ~/secret` is never read
        raise BaselineError(f"--baseline {path}: a symbolic link leads outside its repository (to {away}); "
                            "refusing to read it")
    try:
        raw = read_small_file(path)
    except SmallFileError as e:
        raise BaselineError(f"{path}: baseline file: {e}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a noticelint baseline (not UTF-8)") from None
    except (json.JSONDecodeError, RecursionError, ValueError) as e:
        raise BaselineError(f"{path}: not a noticelint baseline ({e.__class__.__name__})") from None
    if not isinstance(doc, dict) or type(doc.get("version")) is not int or doc.get("version") != VERSION:
        raise BaselineError(f"{path}: not a noticelint baseline (an object with \"version\": {VERSION} expected)")
    fps = doc.get("fingerprints")
    if not isinstance(fps, list) or not all(isinstance(f, str) and _FINGERPRINT.fullmatch(f) for f in fps):
        raise BaselineError(f"{path}: not a noticelint baseline (\"fingerprints\": a list of 24-hex-digit strings expected)")
    return Counter(fps)


def apply_baseline(results, known: Counter) -> int:
    """Drop findings the baseline knows (each fingerprint as often as it was recorded); returns how many.
    Each result counts its own in `hidden`, for the headline."""
    left = Counter(known)
    dropped = 0
    for r in results:
        before = dropped
        keep = []
        for d in r.diagnostics:
            for fp in (fingerprint(None, d), fingerprint(r.path, d)):  # renamed files match; old baselines too
                if left[fp] > 0:
                    left[fp] -= 1
                    dropped += 1
                    break
            else:
                keep.append(d)
        r.diagnostics = keep
        r.hidden = getattr(r, "hidden", 0) + dropped - before
    return dropped
