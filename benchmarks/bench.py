"""noticelint figures in one run: start-up, rules-only and embedding runs, memory, alignment accuracy, throughput.

    python benchmarks/bench.py            # everything (about half an hour on 2 CPUs)
    python benchmarks/bench.py --quick    # fewer repetitions, one notice for the embedding runs, no 1,000-notice run

Prints `name: value unit` lines (comments start with #). Every timing is the wall time of a fresh
`python -m linter check ...` process unless said otherwise; peak RSS is that process's own maximum
resident set (os.wait4 rusage, the per-child form of getrusage(RUSAGE_CHILDREN).ru_maxrss).
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTICES = sorted((REPO.parent / "shared" / "notices").glob("*.txt"))
GOLD = Path(__file__).resolve().parent / "gold"
PY = sys.executable


def say(name: str, value, unit: str = "") -> None:
    shown = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}: {shown} {unit}".rstrip(), flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


# -- running a child process and measuring it ---------------------------------------------------------

def run_child(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int, float, str]:
    """(wall seconds, exit code, peak RSS in MB, stdout) of one child process."""
    out = tempfile.TemporaryFile()
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=cwd or REPO)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    out.close()
    return wall, p.returncode, ru.ru_maxrss / 1024, text  # Linux: KiB


def median_run(cmd, n, env=None, before=None) -> tuple[float, float, int]:
    """Median wall, max peak RSS, last exit code over n runs; `before()` runs (untimed) before each."""
    walls, rss, rc = [], [], 0
    for _ in range(n):
        if before:
            before()
        wall, rc, mb, _ = run_child(cmd, env)
        walls.append(wall)
        rss.append(mb)
    return statistics.median(walls), max(rss), rc


def env_with(**kw) -> dict:
    env = dict(os.environ)
    env.update({k: str(v) for k, v in kw.items()})
    env.pop("PYTHONBREAKPOINT", None)
    return env


def short(p: Path) -> str:
    return p.name[:3]


# -- 1. start-up and rules-only --------------------------------------------------------------------

def bench_startup(notices: list[Path], n: int) -> None:
    base, base_rss, _ = median_run([PY, "-c", "pass"], n)
    say("python_c_pass_wall", base, "s")
    say("python_c_pass_peak_rss", base_rss, "MB")
    for p in notices:
        wall, rss, rc = median_run([PY, "-m", "linter", "check", "--no-embeddings", str(p)], n)
        say(f"rules_only_cold_{short(p)}_wall", wall, "s")
        say(f"rules_only_cold_{short(p)}_ratio_to_python_start", wall / base, "x")
        say(f"rules_only_cold_{short(p)}_peak_rss", rss, "MB")
        say(f"rules_only_cold_{short(p)}_exit_code", rc)


# -- 2. embeddings: cold, converted model with empty cache, warm; where the cold time goes -------------

def _clear_embeddings(cache: Path) -> None:
    for f in cache.glob("embeddings-v1.sqlite*"):
        f.unlink()


def bench_embeddings(notices: list[Path], cold_runs: int, warm_runs: int, work: Path) -> Path:
    """Returns a cache dir holding the converted model (for the later stages)."""
    converted = work / "converted-cache"
    for p in notices:
        cmd = [PY, "-m", "linter", "check", str(p)]
        fresh_dirs = []

        def fresh():
            d = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
            fresh_dirs.append(d)
            env["NOTICELINT_CACHE_DIR"] = str(d)

        env = env_with()
        wall, rss, rc = median_run(cmd, cold_runs, env, before=fresh)
        say(f"embeddings_cold_{short(p)}_wall", wall, "s")
        say(f"embeddings_cold_{short(p)}_peak_rss", rss, "MB")
        if not converted.exists():
            shutil.copytree(fresh_dirs[-1], converted)
        for d in fresh_dirs:
            shutil.rmtree(d, ignore_errors=True)
        env = env_with(NOTICELINT_CACHE_DIR=converted)
        wall, rss, rc = median_run(cmd, cold_runs, env, before=lambda: _clear_embeddings(converted))
        say(f"embeddings_converted_model_empty_cache_{short(p)}_wall", wall, "s")
        say(f"embeddings_converted_model_empty_cache_{short(p)}_peak_rss", rss, "MB")
        run_child(cmd, env)  # fill the cache
        wall, rss, rc = median_run(cmd, warm_runs, env)
        say(f"embeddings_warm_{short(p)}_wall", wall, "s")
        say(f"embeddings_warm_{short(p)}_peak_rss", rss, "MB")
        say(f"embeddings_{short(p)}_exit_code", rc)
    _clear_embeddings(converted)
    size = sum(f.stat().st_size for f in (converted / "models").rglob("*") if f.is_file())
    say("converted_model_disk", size / 2**20, "MB")
    return converted


def stage_breakdown(notice: str, cache: str) -> dict:
    """In a fresh process: a full `check` with perf_counter around each step.

    Steps nest (encode runs inside align and inside the similarity rules; the model loads inside the
    first encode), so each step's time is exclusive: its own time minus that of the steps inside it.
    """
    t_start = time.perf_counter()
    os.environ["NOTICELINT_CACHE_DIR"] = cache
    sys.path.insert(0, str(REPO))
    import linter.cli  # noqa: F401
    import rules  # noqa: F401

    excl: dict[str, float] = {"import_linter_and_rules": time.perf_counter() - t_start}
    stack: list[list] = []  # [key, start, time spent in children]

    class section:
        def __init__(self, key):
            self.key = key

        def __enter__(self):
            stack.append([self.key, time.perf_counter(), 0.0])

        def __exit__(self, *exc):
            key, t0, children = stack.pop()
            spent = time.perf_counter() - t0
            excl[key] = excl.get(key, 0.0) + spent - children
            if stack:
                stack[-1][2] += spent
            return False

    from linter import align, embed, engine, similarity
    from linter.embed import sentence_transformers as st_backend

    def timed(owner, attr, key):
        orig = getattr(owner, attr)

        def wrapper(*a, **k):
            with section(key):
                return orig(*a, **k)

        setattr(owner, attr, wrapper)

    orig_st_init = embed.SentenceTransformerEmbedder.__init__

    def st_init(self, *a, **k):
        with section("import_torch_sentence_transformers"):
            st_backend._go_offline()
            import sentence_transformers  # noqa: F401
            import torch  # noqa: F401
        with section("model_load"):
            orig_st_init(self, *a, **k)

    embed.SentenceTransformerEmbedder.__init__ = st_init
    timed(embed, "_ensure_converted", "model_conversion")  # get_embedder calls it from linter.embed
    timed(embed.SentenceTransformerEmbedder, "encode", "encode")

    def counting(cls):
        """Count the calls, texts and characters of `cls.encode` (whichever backend runs)."""
        counted = cls.encode

        def count_encode(self, texts):
            excl["encode_calls"] = excl.get("encode_calls", 0) + 1
            excl["encode_texts"] = excl.get("encode_texts", 0) + len(texts)
            excl["encode_chars"] = excl.get("encode_chars", 0) + sum(len(t) for t in texts)
            return counted(self, texts)

        cls.encode = count_encode

    counting(embed.SentenceTransformerEmbedder)
    # The default backend (ONNX): the same sections, so the breakdown adds up whichever runs.
    from linter.embed import onnx as onnx_backend

    timed(onnx_backend.OnnxEmbedder, "__init__", "model_load")
    timed(embed, "ensure_onnx", "model_conversion")  # the one-time export counts as conversion
    timed(onnx_backend.OnnxEmbedder, "encode", "encode")
    counting(onnx_backend.OnnxEmbedder)
    timed(embed.CachedEmbedder, "_lookup", "cache_lookup")
    timed(embed.CachedEmbedder, "_store", "cache_store")
    timed(similarity.EmbeddingSimilarity, "from_config", "get_embedder")
    timed(engine, "read_source", "read")
    timed(engine, "split", "split")
    timed(engine, "segment", "segment")
    timed(align, "align", "align")
    timed(engine.Linter, "check", "rules")
    from linter.cli import app

    with section("check_command_other"):
        try:
            app(["check", "--format", "json", "--output", os.devnull, notice], standalone_mode=False)
        except SystemExit:
            pass
    excl["process_total"] = time.perf_counter() - t_start
    import resource

    excl["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return excl


BREAKDOWN_KEYS = ("import_linter_and_rules", "read", "split", "segment", "get_embedder", "model_conversion",
                  "import_torch_sentence_transformers", "model_load", "encode", "cache_lookup", "cache_store",
                  "align", "rules", "check_command_other", "process_total")


def bench_breakdown(notice: Path, work: Path) -> None:
    for label, cache in (("cold", Path(tempfile.mkdtemp(prefix="bd-", dir=work))),):
        wall, rc, rss, out = run_child([PY, __file__, "--stage", "breakdown", str(notice), str(cache)])
        try:
            res = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            note(f"breakdown failed: {out[-300:]}")
            return
        for k in BREAKDOWN_KEYS:
            say(f"breakdown_{label}_{short(notice)}_{k}", float(res.get(k, 0.0)), "s")
        say(f"breakdown_{label}_{short(notice)}_peak_rss", float(res["peak_rss_mb"]), "MB")
        for k, u in (("encode_calls", "calls"), ("encode_texts", "texts"), ("encode_chars", "chars")):
            say(f"breakdown_{label}_{short(notice)}_{k}", int(res.get(k, 0)), u)
        say(f"breakdown_{label}_{short(notice)}_process_wall", wall, "s")
        shutil.rmtree(cache, ignore_errors=True)


# -- 3. alignment accuracy against the hand-checked gold ----------------------------------------------

BODY_KINDS = {"subheading", "paragraph", "bullet"}


def _links(notice) -> set:
    out = set()
    for p in notice.pairs:
        blocks = (*p.en, *p.fr)
        if any(b.kind == "links" for b in blocks):
            continue
        out.add((tuple(sorted(b.line for b in p.en)), tuple(sorted(b.line for b in p.fr)), blocks[0].kind))
    return out


def _prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def stage_accuracy(cache: str) -> dict:
    sys.path.insert(0, str(REPO))
    from linter.config import Config
    from linter.engine import Linter
    from linter.read import read_source
    from linter.similarity import EmbeddingSimilarity

    lexical = Linter(Config(embeddings=False))
    config = Config(embeddings=True, cache_dir=cache)
    embedding = Linter(config, lambda: EmbeddingSimilarity.from_config(config))
    out = {}
    for gold_file in sorted(GOLD.glob("*.json")):
        g = json.loads(gold_file.read_text("utf-8"))
        src = read_source(str(REPO / g["source"]))  # relative to the repository
        gold_raw = {(tuple(sorted(x["en"])), tuple(sorted(x["fr"]))) for x in g["links"]}
        notice = lexical.parse(src)
        for side in ("en", "fr"):
            starts = {b.line for b in getattr(notice, side).blocks() if b.kind not in ("heading", "links")}
            named = {n for x in g["links"] for n in x[side]}
            if starts != named:
                out.setdefault("gold_mismatch", []).append(
                    f"gold {gold_file.stem[:3]} {side.upper()}: in gold but no block starts there "
                    f"{sorted(named - starts)}; blocks missing from gold {sorted(starts - named)}")
        for name, lt in (("lexical", lexical), ("embedding", embedding)):
            notice = lt.parse(src)
            kinds = {b.line: b.kind for v in (notice.en, notice.fr) for b in v.blocks()}
            gold = {(e, f, kinds.get((e or f)[0], "?")) for e, f in gold_raw}
            pred = _links(notice)
            res = {}
            for scope, keep in (("all", lambda x: True), ("body", lambda x: x[2] in BODY_KINDS)):
                pg, gg = {x for x in pred if keep(x)}, {x for x in gold if keep(x)}
                res[scope] = (*_prf(pg, gg), len(pg), len(gg), len(pg & gg))
            res["missed"] = sorted([list(x[:2]) for x in gold - pred])
            res["extra"] = sorted([list(x[:2]) for x in pred - gold])
            out[f"{gold_file.stem[:3]}_{name}"] = res
    return out


def bench_accuracy(cache: Path) -> None:
    wall, rc, rss, out = run_child([PY, __file__, "--stage", "accuracy", str(cache)])
    try:
        res = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        note(f"accuracy failed: {out[-300:]}")
        return
    for msg in res.pop("gold_mismatch", []):
        note(msg)
    for key, r in res.items():
        for scope in ("all", "body"):
            p, rc_, f1, npred, ngold, tp = r[scope]
            say(f"align_{key}_{scope}_precision", p)
            say(f"align_{key}_{scope}_recall", rc_)
            say(f"align_{key}_{scope}_f1", f1)
            say(f"align_{key}_{scope}_links", f"{tp}/{npred} predicted correct, {tp}/{ngold} gold found")
        for x in r["missed"]:
            note(f"{key}: gold link EN {x[0]} = FR {x[1]} not found")
        for x in r["extra"]:
            note(f"{key}: aligner link EN {x[0]} = FR {x[1]} not in gold")


# -- 4. many notices in one run ---------------------------------------------------------------------

def _mutate(text: str, rnd: random.Random) -> str:
    """A small, realistic edit: a changed figure, a dropped or duplicated paragraph, two bullets swapped."""
    lines = text.split("\n")
    op = rnd.choice(["digit", "drop", "dup", "swap", "append", "none"])
    body = [i for i, ln in enumerate(lines) if len(ln) > 60]
    if op == "digit":
        cands = [i for i, ln in enumerate(lines) if re.search(r"\d", ln)]
        i = rnd.choice(cands)
        digits = [m.start() for m in re.finditer(r"\d", lines[i])]
        k = rnd.choice(digits)
        lines[i] = lines[i][:k] + str((int(lines[i][k]) + 1) % 10) + lines[i][k + 1:]
    elif op == "drop" and body:
        del lines[rnd.choice(body)]
    elif op == "dup" and body:
        i = rnd.choice(body)
        lines.insert(i, lines[i])
    elif op == "swap" and sum(ln.lstrip().startswith(("- ", "• ")) for ln in lines) > 1:
        bullets = [i for i, ln in enumerate(lines) if ln.lstrip().startswith(("- ", "• "))]
        i, j = rnd.sample(bullets, 2)
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "append" and body:
        i = rnd.choice(body)
        lines[i] += f" Reference {rnd.randint(1000, 9999)}."
    return "\n".join(lines)


def make_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    rnd = random.Random(n)
    texts = [p.read_text("utf-8") for p in NOTICES]
    for i in range(n):
        (folder / f"n{i:04d}.txt").write_text(_mutate(texts[i % len(texts)], rnd), "utf-8")
    return folder


def bench_many(n: int, work: Path, converted: Path | None) -> None:
    folder = make_corpus(work / f"corpus-{n}", n)
    wall, rc, rss, out = run_child([PY, "-m", "linter", "check", "--no-embeddings", "--format", "json", str(folder)])
    files = len(json.loads(out)["files"]) if out.strip() else 0
    say(f"many_{n}_rules_only_total", wall, "s")
    say(f"many_{n}_rules_only_notices_per_second", files / wall, "notices/s")
    say(f"many_{n}_rules_only_peak_rss", rss, "MB")
    say(f"many_{n}_rules_only_files_reported", files)
    if converted is not None:
        _clear_embeddings(converted)
        env = env_with(NOTICELINT_CACHE_DIR=converted)
        wall, rc, rss, out = run_child([PY, "-m", "linter", "check", "--format", "json", str(folder)], env)
        files = len(json.loads(out)["files"]) if out.strip() else 0
        say(f"many_{n}_embeddings_empty_cache_total", wall, "s")
        say(f"many_{n}_embeddings_empty_cache_notices_per_second", files / wall, "notices/s")
        say(f"many_{n}_embeddings_empty_cache_peak_rss", rss, "MB")
        wall, rc, rss, out = run_child([PY, "-m", "linter", "check", "--format", "json", str(folder)], env)
        say(f"many_{n}_embeddings_warm_total", wall, "s")
        say(f"many_{n}_embeddings_warm_notices_per_second", files / wall, "notices/s")
        say(f"many_{n}_embeddings_warm_peak_rss", rss, "MB")
        say(f"many_{n}_embeddings_files_reported", files)
    shutil.rmtree(folder, ignore_errors=True)


# -- main -------------------------------------------------------------------------------------------

def machine() -> None:
    cpu = "?"
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    note(f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    note(f"machine: nproc {os.cpu_count()}, CPU {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    try:
        mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        note(f"memory: {int(mem.split()[1]) / 2**20:.1f} GB")
    except (OSError, StopIteration):
        pass
    note(f"notices: {', '.join(p.name for p in NOTICES)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions; no 1,000-notice run")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.stage == "breakdown":
        print(json.dumps(stage_breakdown(*a.args)))
        return
    if a.stage == "accuracy":
        print(json.dumps(stage_accuracy(*a.args)))
        return
    if not NOTICES:
        sys.exit("benchmarks/bench.py: no notices in ../shared/notices")
    machine()
    reps = 3 if a.quick else 5
    cold_runs = 1 if a.quick else 3
    emb_notices = NOTICES[:1] if a.quick else NOTICES
    work = Path(tempfile.mkdtemp(prefix="noticelint-bench-"))
    t0 = time.perf_counter()
    try:
        bench_startup(NOTICES, reps)
        converted = bench_embeddings(emb_notices, cold_runs, reps, work)
        bench_breakdown(NOTICES[0], work)
        bench_accuracy(converted)
        bench_many(100, work, converted)
        if not a.quick:
            bench_many(1000, work, None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say("bench_total_wall", time.perf_counter() - t0, "s")


if __name__ == "__main__":
    main()
