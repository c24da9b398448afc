"""The default model's one-time ONNX export: the converted sentence-transformers directory into an int8
ONNX graph that onnxruntime runs without torch (see onnx.py, which starts this in a subprocess).

    python -m linter.embed.export export SRC_DIR OUT_DIR TOKEN_LAYER    torch -> OUT_DIR/model.fp32.onnx
    python -m linter.embed.export quantise OUT_DIR                     onnx  -> OUT_DIR/model.onnx

Each stage runs in its own short-lived process so neither its libraries (torch, onnx) nor its
memory stays in the linting process. Measured (2 cores, 2026-12-01): export 10 s wall, 6 CPU s,
peak RSS 2.3 GB; quantisation 10 s wall, 3.5 CPU s, peak 2.6 GB; the result is 118 MB.

The graph: BertModel + mean pooling + L2 normalisation ("embedding", (batch, 384)), and the
hidden layer TOKEN_LAYER L2-normalised per token ("tokens", (batch, seq, 384)) for word
alignment, so one forward pass gives both. Quantisation: dynamic int8, per output channel for
the MatMuls (per tensor loses too much: cosine to float 0.978 at worst on the notices' texts,
against 0.995 per channel), the 250k x 384 word-embedding Gather included (RSS 1.1 -> 0.57 GB at
run time, no loss measured), except the feed-forward output MatMuls of layers 4-7, kept in float.
Measured (2026-12-01) on the 1,204 block and sentence texts of the ten real notices, against the
float graph: the cosine of two texts' vectors moves by 0.0042 on average (0.022 at worst) with
every MatMul in int8, by 0.0019 (0.015) with those four in float. Layer 4 alone gives 0.0023 but
adds two findings on notice 002 that neither the float graph nor all-int8 gives; the other FFN
outputs, or the first or last layer whole, change nothing (0.0040-0.0044); all twelve FFN outputs
in float 0.0017, but +1 CPU s and +48 MB per notice (over the 600 MB budget). Layers 4-7 cost
+16 MB and ~0.2 CPU s per notice, give the same findings as all-int8 and float on the ten notices,
and the similarity mutants (benchmarks/similarity_eval.py) find the deleted bullet the float
graph finds (80/89, as float, against 79/89).
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path


# Encoder layers whose feed-forward output MatMul stays float (see the docstring: where int8
# hurts; onnx.py's ONNX_VERSION names the export: bump it when this changes).
FLOAT_FFN_LAYERS = (4, 5, 6, 7)


def export_fp32(src: Path, out: Path, token_layer: int) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    model = AutoModel.from_pretrained(str(src), local_files_only=True).eval()
    layers = int(model.config.num_hidden_layers)
    token_layer = max(0, min(token_layer, layers))

    class Pooled(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            o = self.m(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
            h = o.last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(h.dtype)
            v = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            tokens = torch.nn.functional.normalize(o.hidden_states[token_layer], p=2, dim=-1)
            return torch.nn.functional.normalize(v, p=2, dim=1), tokens

    ids = torch.tensor([[0, 100, 200, 2], [0, 300, 2, 1]])
    am = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    path = out / "model.fp32.onnx"
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(model), (ids, am), str(path),
            input_names=["input_ids", "attention_mask"], output_names=["embedding", "tokens"],
            dynamic_axes={"input_ids": {0: "b", 1: "s"}, "attention_mask": {0: "b", 1: "s"},
                          "embedding": {0: "b"}, "tokens": {0: "b", 1: "s"}},
            opset_version=17, dynamo=False,
        )
    return path


def quantise(out: Path) -> Path:
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # quantize_dynamic's "consider pre-processing" line
    src = out / "model.fp32.onnx"
    dst = out / "model.onnx"
    import onnx

    names = [n.name for n in onnx.load(str(src), load_external_data=False).graph.node if n.op_type == "MatMul"]
    keep = [n for n in names if any(n.endswith(f"/layer.{k}/output/dense/MatMul") for k in FLOAT_FFN_LAYERS)]
    if len(keep) != len(FLOAT_FFN_LAYERS):
        raise RuntimeError(f"quantisation: the FFN output MatMul of layers {FLOAT_FFN_LAYERS} not found in the graph")
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Gather"], nodes_to_exclude=keep)
    src.unlink()
    return dst


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "export":
        export_fp32(Path(argv[1]), Path(argv[2]), int(argv[3]))
        return 0
    if len(argv) == 2 and argv[0] == "quantise":
        quantise(Path(argv[1]))
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
