"""Shared fixtures: paths to the real notices and the contract, a linter without a model, a fake-embedding linter."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NOTICES = sorted((SHARED / "notices").glob("*.txt"))
SCHEMA = SHARED / "contracts" / "diagnostics.schema.json"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def rules_only():
    from linter.config import Config
    from linter.engine import Linter

    return Linter(Config(embeddings=False))


@pytest.fixture(scope="session")
def real_model_linter(tmp_path_factory):
    """A linter with the real default model, converted into a session cache (slow: marked tests only)."""
    import os

    from linter.config import Config
    from linter.engine import Linter
    from linter.similarity import EmbeddingSimilarity

    cache = os.environ.get("NOTICELINT_TEST_CACHE") or str(tmp_path_factory.mktemp("nl-cache"))
    config = Config(embeddings=True, cache_dir=cache)
    return Linter(config, lambda: EmbeddingSimilarity.from_config(config))
