"""What every reader gives and raises: a decoded `Source`, or an `InputError` with a one-line reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Line, Place

__all__ = ["InputError", "Source", "read_head", "size_text"]


class InputError(Exception):
    """An input that cannot be linted at all; str() is the one-line reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Source:
    """A decoded input: its lines, as on disk, plus where each came from in paged formats."""

    path: str
    lines: tuple[Line, ...]
    format: str = "text"  # text | markdown | docx | pdf
    encoding: str = "utf-8"
    # Where each line is in the document (PDF page, Word paragraph or table cell), for formats whose
    # lines are not the author's: per line, ((first column, Place), ...), () for none; else empty.
    places: tuple[tuple[tuple[int, Place], ...], ...] = ()


def read_head(path: Path, name: str, n: int) -> bytes:
    """The first bytes of a file (to recognise its format), or the one-line reason it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e})") from None


def size_text(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} bytes"
