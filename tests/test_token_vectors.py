"""The token-vector interface (TokenVectors, encode_tokens): the fake embedder and the SQLite cache."""
from __future__ import annotations

import numpy as np
import pytest

from linter.embed import CachedEmbedder, EmbedderError, FakeEmbedder
from linter.embed.base import TokenEmbedder, TokenVectors


def test_fake_token_vectors_shape_and_offsets():
    text = "Task Tracker, records"
    (tv,) = FakeEmbedder().encode_tokens([text])
    assert [text[a:b] for a, b in tv.offsets] == ["Task", "Tracker", "records"]
    assert tv.vectors.dtype == np.float32 and tv.vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(tv.vectors, axis=1), 1.0)
    assert isinstance(FakeEmbedder(), TokenEmbedder)


def test_empty_text_has_no_tokens():
    (tv,) = FakeEmbedder().encode_tokens([""])
    assert tv.offsets == [] and tv.vectors.shape == (0, 256)


def test_token_vectors_checks_lengths():
    with pytest.raises(ValueError):
        TokenVectors([(0, 1)], np.zeros((2, 4), np.float32))


def test_cache_round_trip_computes_nothing_warm(tmp_path):
    inner = FakeEmbedder()
    cached = CachedEmbedder(lambda: inner, inner.name, tmp_path)
    texts = ["systèmes de gestion de documents", "records management", "records management"]
    cold = cached.encode_tokens(texts)
    assert inner.texts_encoded == 2  # duplicates encoded once
    again = CachedEmbedder(lambda: pytest.fail("model built on a warm run"), inner.name, tmp_path)
    warm = again.encode_tokens(texts)
    for a, b in zip(cold, warm):
        assert a.offsets == b.offsets
        assert np.allclose(a.vectors, b.vectors, atol=1e-3)
    # sentence vectors and token vectors of one text live under different keys
    assert cached.encode(["records management"]).shape == (1, 256)


def test_backend_without_token_vectors_is_one_clear_error(tmp_path):
    class NoTokens:
        name = "x"

        def encode(self, texts):
            return np.ones((len(texts), 2), np.float32)

    with pytest.raises(EmbedderError, match="no token vectors"):
        CachedEmbedder(NoTokens, "x", tmp_path).encode_tokens(["a"])
