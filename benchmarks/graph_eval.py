"""Compare two ONNX graphs of the default model on the block and sentence texts of the ten real notices.

    python benchmarks/graph_eval.py --ref DIR --new DIR [--ref-float FILE --new-float FILE] [--texts FILE]

DIR holds model.onnx and tokenizer.json (an ONNX build of the cache's models/ folder). The texts are
the ones a first run of the ten real notices (../shared/notices and notices-more) encodes, and every
sentence of those: gathered by linting them with this tree's default model and a fresh vector cache,
or read from --texts (one JSON list; --save-texts FILE writes it). Prints, for each graph against the other, the cosine of
their vectors of one text (mean and worst) and, for each int8 graph against its float graph, how
much the cosine of two texts moves (every pair of texts: mean and worst), the figure export.py cites.
One text per call, as the linter encodes.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("NOTICELINT_TEST_SHARED") or ROOT.parent / "shared")


def gather_texts(models: Path | None) -> list[str]:
    """Every text a first run of the ten notices encodes (the default model, an empty vector cache)."""
    from linter.config import Config
    from linter.embed import onnx as O
    from linter.engine import Linter
    from linter.similarity import EmbeddingSimilarity

    seen: dict[str, None] = {}
    forward = O.OnnxEmbedder._forward

    def recording(self, text):
        seen.setdefault(text)
        return forward(self, text)

    O.OnnxEmbedder._forward = recording
    tmp = Path(tempfile.mkdtemp(prefix="graph-eval-"))
    try:
        if models is not None:
            (tmp / "models").symlink_to(models.resolve(), target_is_directory=True)
        config = Config(embeddings=True, cache_dir=str(tmp))
        lin = Linter(config, lambda: EmbeddingSimilarity.from_config(config))
        for p in sorted((SHARED / "notices").glob("*.txt")):
            lin.lint(str(p))
        for en in sorted((SHARED / "notices-more").glob("*.en.txt")):
            lin.lint(str(en), str(en).replace(".en.txt", ".fr.txt"))
    finally:
        O.OnnxEmbedder._forward = forward
        shutil.rmtree(tmp, ignore_errors=True)
    from linter.sentences import split_sentences

    # The sentences of every encoded block too, whether or not this run needed them (a check may).
    for text in list(seen):
        for a, b in split_sentences(text):
            if text[a:b].strip():
                seen.setdefault(text[a:b].strip())
    return list(seen)


def vectors(model: Path, tokenizer: Path, texts: list[str]):
    import numpy as np

    from linter.embed.onnx import OnnxEmbedder

    d = Path(tempfile.mkdtemp(prefix="graph-eval-model-"))
    try:
        (d / "model.onnx").symlink_to(model.resolve())
        (d / "tokenizer.json").symlink_to(tokenizer.resolve())
        e = OnnxEmbedder(d)
        sent = e.encode(texts)
        toks = [tv.vectors for tv in e.encode_tokens(texts)]
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return sent, np.concatenate(toks)


def pair_moves(a, b):
    """|cos(x_i, x_j) under a - under b| over every pair i < j: (mean, worst)."""
    import numpy as np

    iu = np.triu_indices(len(a), 1)
    d = np.abs((a @ a.T)[iu] - (b @ b.T)[iu])
    return float(d.mean()), float(d.max())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", type=Path, required=True)
    ap.add_argument("--new", type=Path, required=True)
    ap.add_argument("--ref-float", type=Path)
    ap.add_argument("--new-float", type=Path)
    ap.add_argument("--texts", type=Path)
    ap.add_argument("--save-texts", type=Path)
    ap.add_argument("--models", type=Path, help="a cache models/ folder to gather the texts with (no rebuild)")
    args = ap.parse_args()
    if args.texts:
        texts = json.loads(args.texts.read_text("utf-8"))
    elif not (SHARED / "notices").is_dir():
        print(f"skip: {SHARED}/notices is absent")
        return 0
    else:
        texts = gather_texts(args.models)
    if args.save_texts:
        args.save_texts.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    print(f"texts: {len(texts)}")
    graphs = {"ref": (args.ref / "model.onnx", args.ref / "tokenizer.json"),
              "new": (args.new / "model.onnx", args.new / "tokenizer.json")}
    if args.ref_float:
        graphs["ref-float"] = (args.ref_float, args.ref / "tokenizer.json")
    if args.new_float:
        graphs["new-float"] = (args.new_float, args.new / "tokenizer.json")
    got = {k: vectors(m, t, texts) for k, (m, t) in graphs.items()}
    for a, b in (("ref", "new"), ("ref-float", "new-float")):
        if a in got and b in got:
            for i, what in enumerate(("sentence", "token")):
                cos = (got[a][i] * got[b][i]).sum(axis=1)
                same = int((got[a][i] == got[b][i]).all(axis=1).sum())
                print(f"{a} vs {b}, {what} vectors: cosine mean {cos.mean():.7f}, worst {cos.min():.7f}; "
                      f"{same}/{len(cos)} bit-identical")
    for q in ("ref", "new"):
        if f"{q}-float" in got:
            mean, worst = pair_moves(got[q][0], got[f"{q}-float"][0])
            print(f"{q} int8 vs its float graph: the cosine of two texts moves by {mean:.4f} on average, {worst:.4f} at worst")
    return 0


if __name__ == "__main__":
    sys.exit(main())
