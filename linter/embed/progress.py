"""A one-line status while the model loads and encodes (`loading model…`, `encoding 140 paragraphs…`).

The command line installs a sink when stderr is a terminal; without one (piped, tests, library
use) every call here is a no-op. The embedding code reports what it is about to do and clears
the line when done; it never prints by itself.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Optional

__all__ = ["set_sink", "status", "clear", "label", "current_label"]

_sink: Optional[Callable[[Optional[str]], None]] = None
_label = "texts"


def set_sink(sink: Optional[Callable[[Optional[str]], None]]) -> None:
    """sink(message) shows a status line, sink(None) clears it; None removes the sink."""
    global _sink
    _sink = sink


def status(message: str) -> None:
    if _sink is not None:
        _sink(message)


def clear() -> None:
    if _sink is not None:
        _sink(None)


@contextmanager
def label(what: str) -> Iterator[None]:
    """What the texts encoded inside the block are ("paragraphs", "sentences"), for the status line."""
    global _label
    saved, _label = _label, what
    try:
        yield
    finally:
        _label = saved


def current_label() -> str:
    return _label
