"""The fast backend for the default weights: the converted model exported once to int8 ONNX, run by
onnxruntime, tokenised by `tokenizers`; torch is never imported on this path.

Files, under the cache dir's models/ folder, beside the conversion (convert.py):

    e5-small-<sha12>-v1/                    the sentence-transformers conversion
    e5-small-<sha12>-v1-onnx-q8-v1-t<L>/    exported once from the directory above (export.py):
        model.onnx                          int8 graph: "embedding" (pooled, normalised) and
                                            "tokens" (hidden layer L, normalised per token)
        tokenizer.json                      copied from the conversion (the same tokenizer)
        noticelint-onnx.json                marker, written last: a dir without it is unfinished

The export runs in child processes (export.py: torch, then onnx), under a file lock so two
runs starting together export once, into a private temp dir renamed into place.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from . import progress
from .base import E5_PREFIX, TOKEN_LAYER, EmbedderError, TokenVectors, _one_line, build_cache_dir
from ..safeio import remove_stale_temps

if TYPE_CHECKING:
    import numpy

__all__ = ["OnnxEmbedder", "ensure_onnx", "onnx_dir_for", "have_onnx", "ONNX_VERSION"]

ONNX_VERSION = 3  # bump when the graph or the quantisation changes: old exports are not reused (3: FFN out of layers 4-7 in float)
MARKER = "noticelint-onnx.json"
_MEMO_TEXTS = 4096  # token vectors kept from encode() for a later encode_tokens() of the same text


def have_onnx() -> bool:
    """onnxruntime and tokenizers importable (the run-time path); the export needs torch and onnx too."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))


def can_export() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers", "onnx"))


def onnx_dir_for(st_dir: Path, token_layer: int = TOKEN_LAYER) -> Path:
    return st_dir.with_name(f"{st_dir.name}-onnx-q8-v{ONNX_VERSION}-t{token_layer}")


def _run_stage(args: list[str], what: str) -> None:
    # torch and onnx leave caches in the temp dir (torchinductor_<user>, ...): each stage gets a
    # private one, removed after it (and, if this run is killed, by the next run's sweep).
    remove_stale_temps(tempfile.gettempdir(), "noticelint-export-")
    scratch = tempfile.mkdtemp(prefix=f"noticelint-export-{os.getpid()}-")
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TMPDIR": scratch,
           "TORCHINDUCTOR_CACHE_DIR": os.path.join(scratch, "inductor")}
    # Run from the folder holding this `linter` package, so `-m` finds it and not a `linter/` of
    # the directory the user happens to be in.
    home = Path(__file__).resolve().parents[2]
    try:
        p = subprocess.run([sys.executable, "-m", "linter.embed.export", *args], env=env, cwd=home,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise EmbedderError(f"default model: ONNX {what} failed ({_one_line(e)})") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if p.returncode != 0:
        lines = [x for x in (p.stderr or "").strip().splitlines() if x.strip()]
        raise EmbedderError(f"default model: ONNX {what} failed ({lines[-1] if lines else f'exit {p.returncode}'})")


def _export_into(st_dir: Path, out: Path, token_layer: int) -> None:
    if not can_export():
        raise EmbedderError("default model: the one-time ONNX export needs torch, transformers and onnx "
                            "(install the 'embeddings' extra)")
    progress.status("preparing the fast model (once, about 30 s)…")
    st_dir, out = Path(st_dir).resolve(), Path(out).resolve()
    _run_stage(["export", str(st_dir), str(out), str(token_layer)], "export")
    _run_stage(["quantise", str(out)], "quantisation")
    shutil.copy2(st_dir / "tokenizer.json", out / "tokenizer.json")
    prefix = E5_PREFIX
    try:
        prefix = json.loads((st_dir / "noticelint-model.json").read_text("utf-8")).get("prefix", prefix)
    except (OSError, ValueError, AttributeError):
        pass
    (out / MARKER).write_text(json.dumps({
        "format": ONNX_VERSION, "source": st_dir.name, "prefix": prefix, "token_layer": token_layer,
        "quantisation": "dynamic int8, MatMul per channel + Gather; FFN output of layers 4-7 float",
    }, indent=2) + "\n", "utf-8")


class _Lock:
    """An exclusive flock on a file beside the export, so concurrent first runs export once."""

    def __init__(self, path: Path):
        self.path, self.fh = path, None

    def __enter__(self):
        try:
            import fcntl

            self.fh = open(self.path, "a+")
            fcntl.flock(self.fh, fcntl.LOCK_EX)
        except (ImportError, OSError):
            self.fh = None  # no locking here: the atomic rename still keeps the dir whole
        return self

    def __exit__(self, *exc):
        if self.fh is not None:
            # The lock file does not outlive the holder. A run still waiting on it then exports at most
            # once more, into its own temp dir (the atomic rename keeps the export whole).
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.fh.close()
        return False


def ensure_onnx(st_dir: Path, token_layer: int = TOKEN_LAYER) -> Path:
    """The int8 ONNX model for a converted directory, exported on first use (atomic, locked)."""
    final = onnx_dir_for(st_dir, token_layer)
    if (final / MARKER).is_file():
        return final
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        lock = _Lock(final.parent / f".{final.name}.lock")
    except OSError as e:
        raise EmbedderError(f"default model: cannot write the ONNX export under {final.parent} ({e.strerror or e})") from None
    with lock:
        if (final / MARKER).is_file():  # another run exported it while we waited
            return final
        return build_cache_dir(final, MARKER, lambda tmp: _export_into(st_dir, tmp, token_layer),
                               "the ONNX export", "ONNX export")


def export_to_temp(st_dir: Path, token_layer: int = TOKEN_LAYER) -> Path:
    """Export into a private temp dir that lives as long as this process (read-only cache)."""
    import atexit

    try:
        tmp = Path(tempfile.mkdtemp(prefix="noticelint-onnx-"))
    except OSError as e:
        raise EmbedderError(f"default model: no writable cache or temp dir for the ONNX export ({e.strerror or e})") from None
    atexit.register(shutil.rmtree, tmp, True)
    _export_into(st_dir, tmp, token_layer)
    return tmp


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class OnnxEmbedder:
    """Sentence and token vectors from the exported model; numpy, onnxruntime and tokenizers only.

    One text per call: dynamic int8 quantisation picks one activation scale per tensor, so a
    text batched with others would get a vector that depends on its batch mates (measured: up to
    0.022 per component, enough to flip a merge on one notice); one text per call also has no
    padding and was the fastest (1.9 CPU s for 227 texts, against 4.0 s in batches of 16).
    intra-op threads = the cores this process may use; they sleep rather than spin when idle.
    """

    def __init__(self, onnx_dir: str | os.PathLike, *, name: str | None = None, threads: int | None = None,
                 max_len: int = 512):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise EmbedderError(f"default model: onnxruntime/tokenizers not importable ({_one_line(e)})") from None
        self.path = Path(onnx_dir)
        try:
            marker = json.loads((self.path / MARKER).read_text("utf-8"))
        except (OSError, ValueError):
            marker = {}
        self.name = name or f"onnx:{self.path.name}"
        self.prefix = marker.get("prefix", E5_PREFIX)
        self.token_layer = marker.get("token_layer", TOKEN_LAYER)
        try:
            self.tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            self.tok.no_padding()
            self.tok.enable_truncation(max_len)
            so = ort.SessionOptions()
            so.intra_op_num_threads = threads or _cores()
            so.inter_op_num_threads = 1
            so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            so.add_session_config_entry("session.intra_op.allow_spinning", "0")
            so.log_severity_level = 3
            self.session = ort.InferenceSession(str(self.path / "model.onnx"), so, providers=["CPUExecutionProvider"])
        except Exception as e:  # noqa: BLE001 - any load failure becomes one clear line
            raise EmbedderError(f"model {self.path}: cannot load with onnxruntime ({_one_line(e)})") from None
        self._outputs = [o.name for o in self.session.get_outputs()]
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 384)
        self._tokens: dict[str, object] = {}
        self.texts_encoded = 0
        self.tokens_encoded = 0

    def _forward(self, text: str):
        """(sentence vector, TokenVectors or None) for one text, in one pass."""
        import numpy as np

        enc = self.tok.encode(self.prefix + text, add_special_tokens=True)
        ids = np.asarray([enc.ids], np.int64)
        outs = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        self.texts_encoded += 1
        self.tokens_encoded += ids.shape[1]
        tv = None
        if len(outs) > 1:
            full = self.prefix + text
            plen = len(self.prefix)
            keep, spans = [], []
            for j, ((a, b), sp) in enumerate(zip(enc.offsets, enc.special_tokens_mask)):
                a = max(a, plen)
                # Spans without the spaces a Metaspace token carries, like transformers' offsets;
                # a token of spaces only is dropped.
                while a < b and full[a].isspace():
                    a += 1
                while b > a and full[b - 1].isspace():
                    b -= 1
                if sp or b <= a:
                    continue
                keep.append(j)
                spans.append((a - plen, b - plen))
            vecs = np.ascontiguousarray(outs[1][0, keep], dtype=np.float32) if keep \
                else np.zeros((0, outs[1].shape[-1]), np.float32)
            tv = TokenVectors(spans, vecs)
        return outs[0][0], tv

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            out[i], tv = self._forward(t)
            if tv is not None:
                if len(self._tokens) >= _MEMO_TEXTS:
                    self._tokens.pop(next(iter(self._tokens)))
                self._tokens[t] = tv
        return out

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """TokenVectors per text (hidden layer token_layer), from the pass encode() already made if any."""
        if "tokens" not in self._outputs:
            raise EmbedderError(f"model {self.path}: this export has no token vectors (re-export)")
        out = []
        for t in texts:
            tv = self._tokens.get(t)
            if tv is None:
                _, tv = self._forward(t)
            out.append(tv)
        return out
