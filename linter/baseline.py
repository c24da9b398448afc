"""Baselines: accept the findings a repository already has, report only new ones.

A finding is remembered by a fingerprint of its rule and the normalised text it points at on each
side, never by line number, so editing elsewhere in a notice does not bring it back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

from .model import Diagnostic

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; str() says which and why."""


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def fingerprint(path: str, d: Diagnostic) -> str:
    parts = [Path(path).name, d.rule, _norm(d.en.text if d.en else None), _norm(d.fr.text if d.fr else None)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def write_baseline(path: str, results) -> int:
    """Write the fingerprints of all current findings (atomically); returns how many."""
    entries = sorted(fingerprint(r.path, d) for r in results for d in r.diagnostics)
    doc = {"version": VERSION, "tool": "noticelint", "fingerprints": entries}
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
    return len(entries)


def load_baseline(path: str) -> Counter:
    try:
        doc = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BaselineError(f"{path}: not a noticelint baseline ({e.__class__.__name__})") from None
    if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("fingerprints"), list):
        raise BaselineError(f"{path}: not a noticelint baseline (version {VERSION} expected)")
    return Counter(doc["fingerprints"])


def apply_baseline(results, known: Counter) -> int:
    """Drop findings the baseline knows (each fingerprint as often as it was recorded); returns how many."""
    left = Counter(known)
    dropped = 0
    for r in results:
        keep = []
        for d in r.diagnostics:
            fp = fingerprint(r.path, d)
            if left[fp] > 0:
                left[fp] -= 1
                dropped += 1
            else:
                keep.append(d)
        r.diagnostics = keep
    return dropped
