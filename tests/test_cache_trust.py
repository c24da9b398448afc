"""The vector cache is a file anyone with the folder can write (issue 23): a cached row is used only
when it is sound (the model's width, finite, unit length); any other row is a cache miss, encoded
again and replaced, so a tampered cache can neither change the findings nor end the run."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from linter.embed import CachedEmbedder, FakeEmbedder
from linter.embed.cache import DB_NAME

TEXTS = [f"Paragraph {i}: the analyst prepares report number {i} for the section." for i in range(8)]
DIM = 32


def _rows(tmp_path) -> dict:
    with sqlite3.connect(tmp_path / DB_NAME) as c:
        return {bytes(k): (d, bytes(v)) for k, d, v in c.execute("SELECT key, dim, vec FROM emb")}


def _poison(tmp_path, key: bytes, dim: int, blob: bytes) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as c:
        c.execute("UPDATE emb SET dim=?, vec=? WHERE key=?", (dim, blob, key))


def _unit(n: int) -> np.ndarray:
    v = np.ones(n, np.float32)
    return v / np.linalg.norm(v)


BAD_ROWS = {
    "nan": lambda v: np.full_like(v, np.nan),
    "inf": lambda v: np.where(np.arange(v.size) == 0, np.inf, v).astype(np.float32),
    "zero": lambda v: np.zeros_like(v),
    "scaled": lambda v: v * 2,
    "other-direction-not-unit": lambda v: v + 0.5,
    "wrong-width": lambda v: _unit(DIM // 2),
    "wider": lambda v: _unit(DIM * 3),
}


@pytest.mark.parametrize("known_dim", [DIM, None], ids=["default-model", "other-model"])
def test_bad_cached_rows_are_misses_and_are_replaced(tmp_path, known_dim):
    truth = FakeEmbedder(dim=DIM).encode(TEXTS)
    first = CachedEmbedder(lambda: FakeEmbedder(dim=DIM), "fake", tmp_path, dim=known_dim)
    first.encode(TEXTS)
    first.close()
    keys = [first._key(t) for t in TEXTS]
    for key, (name, bad) in zip(keys, BAD_ROWS.items()):
        v = bad(truth[keys.index(key)]).astype("<f4")
        _poison(tmp_path, key, v.size, v.tobytes())
    inner = FakeEmbedder(dim=DIM)
    again = CachedEmbedder(lambda: inner, "fake", tmp_path, dim=known_dim)
    got = again.encode(TEXTS)
    assert got.shape == (len(TEXTS), DIM)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, truth, atol=1e-6)
    if known_dim:  # the width is known before any encoding: exactly the bad rows were misses
        assert again.misses == len(BAD_ROWS) and again.hits == len(TEXTS) - len(BAD_ROWS)
    again.close()
    rows = _rows(tmp_path)
    for k in keys:  # every row sound again
        d, blob = rows[k]
        v = np.frombuffer(blob, "<f4")
        assert d == DIM and np.isfinite(v).all() and abs(float(v @ v) - 1) < 1e-5
    third = CachedEmbedder(lambda: pytest.fail("the model was loaded"), "fake", tmp_path, dim=known_dim)
    np.testing.assert_allclose(third.encode(TEXTS), truth, atol=1e-6)


def test_all_rows_of_one_wrong_width_are_misses_for_the_default_model(tmp_path):
    """Every row rewritten to another (consistent) width: not taken for the model's vectors."""
    first = CachedEmbedder(lambda: FakeEmbedder(dim=DIM), "fake", tmp_path, dim=DIM)
    first.encode(TEXTS)
    first.close()
    for t in TEXTS:
        v = _unit(10).astype("<f4")
        _poison(tmp_path, first._key(t), 10, v.tobytes())
    again = CachedEmbedder(lambda: FakeEmbedder(dim=DIM), "fake", tmp_path, dim=DIM)
    assert again.encode(TEXTS).shape == (len(TEXTS), DIM)
    assert again.misses == len(TEXTS)


def test_tampered_token_vectors_are_misses(tmp_path):
    first = CachedEmbedder(lambda: FakeEmbedder(dim=DIM), "fake", tmp_path, dim=DIM)
    truth = first.encode_tokens(TEXTS[:2])
    first.close()
    key = first._token_key(TEXTS[0])
    d, blob = _rows(tmp_path)[key]
    n = len(truth[0].offsets)
    head = blob[: 4 + 8 * n]
    _poison(tmp_path, key, d, head + np.full((n, DIM), np.nan, "<f2").tobytes())
    again = CachedEmbedder(lambda: FakeEmbedder(dim=DIM), "fake", tmp_path, dim=DIM)
    got = again.encode_tokens(TEXTS[:2])
    assert again.misses == 1
    assert np.isfinite(got[0].vectors).all()
    np.testing.assert_allclose(got[0].vectors, truth[0].vectors, atol=2e-3)
