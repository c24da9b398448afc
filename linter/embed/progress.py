"""A one-line status while the model loads and encodes (`loading model…`, `encoding 140 paragraphs…`).

The command line installs a sink (unless --quiet): on a terminal a status line redrawn in place; piped
(pre-commit, CI, a file), `LongWaitLines`, which says a status as one line on stderr once it has lasted
a few seconds (the first preparation of the model, a long encoding), and nothing for short waits.
Without a sink (tests, library use) every call here is a no-op. The embedding code reports what it is
about to do and clears the status when done; it never prints by itself.
"""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

__all__ = ["set_sink", "status", "clear", "label", "current_label", "LongWaitLines"]

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


DELAY = 2.0  # seconds a status lasts before it is said, when piped


def _delay_from_env() -> float:
    """NOTICELINT_STATUS_AFTER=SECONDS (0: say every status), else DELAY."""
    import math
    import os

    try:
        v = float(os.environ.get("NOTICELINT_STATUS_AFTER", DELAY))
    except ValueError:
        return DELAY
    return v if math.isfinite(v) and v >= 0 else DELAY


class LongWaitLines:
    """A sink for a stream that is not a terminal: a status still showing after `delay` seconds (2, or
    $NOTICELINT_STATUS_AFTER) is written once, as a line (`noticelint: encoding 314 paragraphs…`); a shorter one is never written.
    The wait is timed by a daemon timer thread, so the line comes while the work is still going on."""

    def __init__(self, delay: float | None = None, stream=None):
        self.delay = _delay_from_env() if delay is None else delay
        self.stream = stream
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def __call__(self, message: Optional[str]) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if message:
                self._timer = threading.Timer(self.delay, self._say, (message,))
                self._timer.daemon = True
                self._timer.start()

    def _say(self, message: str) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # cleared or replaced meanwhile
            self._timer = None
            stream = self.stream or sys.stderr
            try:
                stream.write(f"noticelint: {message}\n")
                stream.flush()
            except (OSError, ValueError):  # a closed stderr must not break the run
                pass

    def close(self) -> None:
        self(None)
