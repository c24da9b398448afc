"""Issue 12's figures in one run: first run on a new notice (empty vector cache), warm run, rules only beside
`python -c pass`, for one notice and for ten in one process, with the texts encoded; and the findings
compared with an earlier revision on every real notice.

usage: benchmarks/speed.py [--before REV] [--reps N] [--models DIR] [--cold-only] [--notice FILE]

  --before REV   also measure the code of git revision REV (extracted into a temp dir), e.g. the main
                 commit before the fast backend; its findings are compared with this tree's
  --reps N       repetitions of each timed run (median reported; default 3)
  --before-path DIRS  extra import path (os.pathsep-separated) put before REV's tree, e.g. a folder holding
                 the typer version REV was installed with
  --models DIR   a cache models/ dir holding the converted (and exported) default model to reuse;
                 default: a temp dir, filled (and timed) by a first run, the "new machine" cost
  --cold-only    only the first run on a new notice (with --before: the interleaved loop below)
  --notice FILE  the notice of the one-notice figures (default: the first of ../shared/notices/)

With --before, the first run on a new notice is also measured with the two trees alternating in one
loop (before, after, before, after, ...; `--reps` pairs), so that both meet the same load: each
figure's median per tree and the median of the pairwise after/before ratios of CPU and wall.

Every warm and rules-only repetition runs a `python -c pass` just before it, and the ratio to the
median of those is printed (`..._same_loop`): the machine's load moves both alike.
Every timing is a fresh `python -m linter check ...` process (os.wait4 rusage: CPU = user + sys of that
child, peak RSS = its own maximum); "cold" = a new empty vector cache whose models/ holds the converted
model (and the ONNX export): a first run on a new notice. "ten" = the 4 NATO notices and the 6 EN/FR pairs
of ../shared/notices-more concatenated EN then FR into one file each (temp files), linted by one process:
a pre-commit run over ten changed notices. Texts encoded = rows the run added to the vector cache.
Needs ../shared/; nothing is downloaded; every temp dir is removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NOTICELINT_TEST_SHARED") or REPO.parent / "shared")
PY = sys.executable


def run(cmd, env=None, cwd=None):
    """(wall s, cpu s, peak RSS MB, rc, stdout) of one child process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out


def rows(cache: Path) -> int:
    db = cache / "embeddings-v1.sqlite"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM emb").fetchone()[0]


def say(name, value, unit=""):
    v = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}: {v} {unit}".rstrip(), flush=True)


class Tree:
    def __init__(self, label: str, root: Path, tmp: Path, models: Path, path: str = ""):
        self.label, self.root, self.tmp, self.models, self.path = label, root, tmp, models, path
        self.n = 0

    def env(self, cache: Path | None = None):
        e = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [self.path, str(self.root)])),
             "PYTHONWARNINGS": "ignore"}
        # As a user runs it: compiled modules kept in __pycache__ after the first run (recompiling
        # every module each start would add ~0.05 s to every rules-only run).
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        if cache is not None:
            e["NOTICELINT_CACHE_DIR"] = str(cache)
        return e

    def fresh_cache(self) -> Path:
        self.n += 1
        c = self.tmp / f"cache-{self.label}-{self.n}"
        c.mkdir()
        (c / "models").symlink_to(self.models, target_is_directory=True)
        return c

    def check(self, args, cache=None):
        return run([PY, "-m", "linter", "check", *args], env=self.env(cache), cwd=self.root)


def med(xs):
    return statistics.median(xs)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def timed(tree: Tree, name: str, args, reps: int, cold: bool, warm_cache: Path | None = None):
    walls, cpus, rsss, texts, passes = [], [], [], [], []
    print(f"# {tree.label}_{name}: load average {load()} (1/5/15 min) before", flush=True)
    for _ in range(reps):
        if not cold:  # a bare Python start beside each repetition: the ratio under the same load
            passes.append(run([PY, "-c", "pass"])[1])
        cache = tree.fresh_cache() if cold else warm_cache
        before = rows(cache) if cache else 0
        w, c, r, rc, _ = tree.check(args, cache)
        assert rc in (0, 1), f"{tree.label} {name}: exit {rc}"
        walls.append(w), cpus.append(c), rsss.append(r), texts.append(rows(cache) - before if cache else 0)
    say(f"{tree.label}_{name}_wall", med(walls), "s")
    say(f"{tree.label}_{name}_cpu", med(cpus), "s")
    say(f"{tree.label}_{name}_peak_rss", med(rsss), "MB")
    if reps > 1:
        say(f"{tree.label}_{name}_cpu_range", f"{min(cpus):.3f}-{max(cpus):.3f}", "s")
    if cache is not None:
        say(f"{tree.label}_{name}_texts_encoded", int(med(texts)), "texts")
    if passes:
        say(f"{tree.label}_{name}_cpu_ratio_to_python_start_same_loop", med(cpus) / max(1e-3, med(passes)),
            f"x (python -c pass beside it: {med(passes):.3f} CPU s)")
    return med(walls), med(cpus)


def interleaved_cold(trees, args, reps: int) -> None:
    """The first run on a new notice, the trees alternating (before first in each pair): medians per
    tree and the pairwise after/before ratios, so a load that drifts during the loop moves both alike."""
    figures = {t.label: {"wall": [], "cpu": [], "rss": []} for t in trees}
    print(f"# cold_one_interleaved: load average {load()} (1/5/15 min) before", flush=True)
    for _ in range(reps):
        for tree in reversed(trees):  # before, then after
            w, c, r, rc, _ = tree.check(args, tree.fresh_cache())
            assert rc in (0, 1), f"{tree.label} cold_one_interleaved: exit {rc}"
            figures[tree.label]["wall"].append(w), figures[tree.label]["cpu"].append(c), figures[tree.label]["rss"].append(r)
    for label, f in figures.items():
        say(f"{label}_cold_one_interleaved_wall", med(f["wall"]), f"s ({min(f['wall']):.2f}-{max(f['wall']):.2f})")
        say(f"{label}_cold_one_interleaved_cpu", med(f["cpu"]), f"s ({min(f['cpu']):.2f}-{max(f['cpu']):.2f})")
        say(f"{label}_cold_one_interleaved_peak_rss", med(f["rss"]), "MB")
    a, b = figures["after"], figures["before"]
    for what in ("cpu", "wall"):
        ratios = [x / y for x, y in zip(a[what], b[what])]
        say(f"cold_one_interleaved_{what}_ratio_after_to_before", med(ratios), f"x ({min(ratios):.2f}-{max(ratios):.2f}, {reps} pairs)")
    print(f"# cold_one_interleaved: load average {load()} after", flush=True)


def inputs():
    """(name, CLI args) of the ten real notices, each linted on its own."""
    out = [(p.stem[:3], [str(p)]) for p in sorted((SHARED / "notices").glob("*.txt"))]
    for en in sorted((SHARED / "notices-more").glob("*.en.txt")):
        out.append((en.name[:-7], ["--en", str(en), "--fr", str(en).replace(".en.txt", ".fr.txt")]))
    return out


def findings(tree: Tree, cache: Path) -> dict:
    got = {}
    for name, args in inputs():
        *_, rc, out = tree.check(["--format", "json", *args], cache)
        doc = json.loads(out)
        got[name] = [(d["rule"], (d.get("en") or {}).get("line"), (d.get("fr") or {}).get("line"), d.get("message", ""))
                     for f in doc["files"] for d in f["diagnostics"]]
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--before-path", default="")
    ap.add_argument("--models")
    ap.add_argument("--cold-only", action="store_true")
    ap.add_argument("--notice")
    a = ap.parse_args()
    if not (SHARED / "notices").is_dir():
        sys.exit(f"speed.py: {SHARED}/notices is absent (the real notices live in ../shared/)")
    tmp = Path(tempfile.mkdtemp(prefix="nl-speed-"))
    try:
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}")
        models = Path(a.models) if a.models else tmp / "models"
        models.mkdir(exist_ok=True)
        trees = [Tree("after", REPO, tmp, models)]
        if a.before:
            src = tmp / "before-src"
            src.mkdir()
            arch = subprocess.run(["git", "-C", str(REPO), "archive", a.before], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(src)], input=arch, check=True)
            trees.append(Tree("before", src, tmp, models, a.before_path))
            if a.before_path:
                print(f"# before's import path starts with {a.before_path}")
            print(f"# before = {a.before} ({subprocess.run(['git', '-C', str(REPO), 'rev-parse', '--short', a.before], capture_output=True, text=True).stdout.strip()})")
        one = str(Path(a.notice).resolve()) if a.notice else str(sorted((SHARED / "notices").glob("*.txt"))[0])
        print(f"# one notice: {one}")
        ten_dir = tmp / "ten"
        ten_dir.mkdir()
        for p in sorted((SHARED / "notices").glob("*.txt")):
            shutil.copy(p, ten_dir / p.name)
        for en in sorted((SHARED / "notices-more").glob("*.en.txt")):
            fr = Path(str(en).replace(".en.txt", ".fr.txt"))
            (ten_dir / en.name.replace(".en.txt", ".txt")).write_text(
                en.read_text("utf-8") + "\n\n" + fr.read_text("utf-8"), "utf-8")
        ten = [str(p) for p in sorted(ten_dir.iterdir())]

        pw, pc = [], []
        for _ in range(max(3, a.reps)):
            w, c, r, *_ = run([PY, "-c", "pass"])
            pw.append(w), pc.append(c)
        say("python_c_pass_wall", med(pw), "s")
        say("python_c_pass_cpu", med(pc), "s")
        for tree in trees:
            # a first run on a new machine: convert (and export) into models/, timed once
            if not any(models.iterdir()):
                w, c, r, rc, _ = tree.check([one], tree.fresh_cache())
                say(f"{tree.label}_first_run_new_machine_wall", w, "s (conversion + export + one notice)")
                say(f"{tree.label}_first_run_new_machine_cpu", c, "s (with the export's child processes)")
            else:
                tree.check([one], tree.fresh_cache())  # a models/ shared with `before` may lack this tree's export
            if a.cold_only:
                if not a.before:
                    timed(tree, "cold_one", [one], a.reps, cold=True)
                continue
            w, c = timed(tree, "rules_only_one", ["--no-embeddings", one], a.reps, cold=False)
            say(f"{tree.label}_rules_only_one_ratio_to_python_start", w / med(pw), "x (wall)")
            say(f"{tree.label}_rules_only_one_cpu_ratio_to_python_start", c / max(1e-3, med(pc)), "x (CPU)")
            timed(tree, "cold_one", [one], a.reps, cold=True)
            warm = tree.fresh_cache()
            tree.check([one], warm)
            timed(tree, "warm_one", [one], a.reps, cold=False, warm_cache=warm)
            timed(tree, "cold_ten", ten, 1, cold=True)
            warm10 = tree.fresh_cache()
            tree.check(ten, warm10)
            timed(tree, "warm_ten", ten, a.reps, cold=False, warm_cache=warm10)
        if a.before:
            interleaved_cold(trees, [one], a.reps)
        if a.before and not a.cold_only:
            got = {t.label: findings(t, t.fresh_cache()) for t in trees}
            same = differ = 0
            for name in got["after"]:
                b, f = got["before"][name], got["after"][name]
                if [x[:3] for x in b] == [x[:3] for x in f]:
                    same += 1
                else:
                    differ += 1
                    print(f"# findings differ on {name}: before {sorted(set(x[:3] for x in b) - set(x[:3] for x in f))}, "
                          f"after {sorted(set(x[:3] for x in f) - set(x[:3] for x in b))}")
                for x, y in zip(b, f):
                    if x[:3] == y[:3] and x[3] != y[3]:
                        print(f"# {name} {x[0]} en:{x[1]} fr:{x[2]} message differs: {x[3][:110]!r} -> {y[3][:110]!r}")
            say("findings_same_inputs", f"{same}/{same + differ}")
            say("findings_total_before", sum(len(v) for v in got["before"].values()))
            say("findings_total_after", sum(len(v) for v in got["after"].values()))
        print(f"# load average at the end {load()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
