"""Word-level findings against the hand-read gold set, false similarity findings per notice, and cost.

Lints the ten real notices of ../shared (4 NATO combined files, 6 EN/FR pairs) with the real model
and scores the findings against benchmarks/gold/word_diffs.json (see benchmarks/gold/README.md):

- recall: of the 17 `differences` at level word or sentence, how many a finding hits (same notice,
  within 2 lines on the side that has the words, naming at least one of the quoted content words;
  for name and acronym changes either side);
- precision: word-level findings (NL406 phrase-missing, NL407 name-changed, and NL402/NL403 whose
  message names the words) at warning or error that hit a difference, over all of them;
- false serious similarity findings per notice: NL401-NL407 findings at warning or error that
  match no `differences` entry (any level; a paragraph-level entry matches on its line);
- with --cost: a cold run (empty cache, model loaded) with and without the word rules, and a warm
  run that must compute nothing (no model load, no cache miss).

    python benchmarks/word_eval.py [--cost] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.config import Config  # noqa: E402
from linter.engine import Linter  # noqa: E402
from linter.similarity import EmbeddingSimilarity  # noqa: E402
from linter.wordalign import is_content  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "gold" / "word_diffs.json"
WORD_RULES = {"NL406", "NL407"}
SIM_RULES = {"NL401", "NL402", "NL403", "NL404", "NL405", "NL406", "NL407"}
NEAR = 2


def inputs():
    out = [(str(p), None, p.stem) for p in sorted((SHARED / "notices").glob("*.txt"))]
    for en in sorted((SHARED / "notices-more").glob("*.en.txt")):
        out.append((str(en), str(en).replace(".en.txt", ".fr.txt"), en.name[: -len(".en.txt")]))
    return out


def linter(cache_dir: str, ignore=()):
    config = Config(embeddings=True, cache_dir=cache_dir, ignore=list(ignore))
    return Linter(config, lambda: EmbeddingSimilarity.from_config(config))


def run(lin):
    found = {}
    for path, fr, name in inputs():
        r = lin.lint(path, fr)
        if r.error:
            raise SystemExit(f"{name}: {r.error}")
        found[name] = [d for d in r.diagnostics if d.rule in SIM_RULES | {"NL208"} and d.severity >= 2]
    return found


def _words(s):
    return {w.lower() for w in re.findall(r"[^\W\d_]+", s or "") if is_content(w)}


def _line(d, side):
    loc = d.en if side == "en" else d.fr
    return loc.line if loc else None


def hits(d, g) -> bool:
    """Does finding d point at gold difference g (line, and for word level a named word)?"""
    for side in ("en", "fr"):
        gl = g.get(side + "_line")
        dl = _line(d, side)
        if gl is None or dl is None or abs(dl - gl) > (NEAR if g["level"] in ("word", "sentence") else 0):
            continue
        if g["level"] not in ("word", "sentence"):
            return True
        words = _words(g.get(side + "_words"))
        if words and words & _words(d.message):
            return True
    return False


def is_word_level(d) -> bool:
    return d.rule in WORD_RULES or (d.rule in ("NL402", "NL403") and "differs:" in d.message)


def score(found, gold):
    diffs = gold["differences"]
    wanted = [g for g in diffs if g["level"] in ("word", "sentence")]
    recall_hits = []
    for g in wanted:
        ds = [d for d in found.get(g["notice"], []) if is_word_level(d) or d.rule == "NL208"]
        recall_hits.append(any(hits(d, g) for d in ds))
    word = [(n, d) for n, ds in found.items() for d in ds if is_word_level(d)]
    true_word = [(n, d) for n, d in word if any(g["notice"] == n and hits(d, g) for g in diffs)]
    false_per = Counter()
    false_list = []
    for n, ds in found.items():
        for d in ds:
            if d.rule in SIM_RULES and not any(g["notice"] == n and hits(d, g) for g in diffs):
                false_per[n] += 1
                false_list.append((n, d))
    return {
        "recall": (sum(recall_hits), len(wanted)),
        "recall_items": [(g["notice"], g.get("en_line"), g.get("fr_line"), g.get("en_words") or g.get("fr_words"), h)
                         for g, h in zip(wanted, recall_hits)],
        "precision": (len(true_word), len(word)),
        "false_per_notice": {n: false_per.get(n, 0) for n in found},
        "false": false_list,
        "found": found,
    }


def cost():
    out = {}
    for label, ignore in (("without word rules", ("NL406", "NL407")), ("with word rules", ())):
        with tempfile.TemporaryDirectory() as tmp:
            # cold = an empty vector cache; the converted model itself is shared (a one-time cost)
            models = Path(os.environ.get("NOTICELINT_CACHE_DIR", "")) / "models"
            if models.is_dir():
                os.symlink(models, Path(tmp) / "models")
            t = time.perf_counter()
            lin = linter(tmp, ignore)
            run(lin)
            cold = time.perf_counter() - t
            t = time.perf_counter()
            lin2 = linter(tmp, ignore)
            run(lin2)
            warm = time.perf_counter() - t
            emb = lin2._similarity.embedder if lin2._similarity else None
            out[label] = (cold, warm, bool(emb and emb.loaded), emb.misses if emb else 0)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cost", action="store_true", help="also time cold and warm runs (slow: loads the model twice cold)")
    ap.add_argument("--verbose", action="store_true", help="list every finding that is false and every gold item")
    args = ap.parse_args()
    if not (SHARED / "notices").is_dir() or not (SHARED / "notices-more").is_dir():
        print(f"skip: {SHARED} with notices/ and notices-more/ is absent")
        return 0
    gold = json.loads(GOLD.read_text("utf-8"))
    cache = os.environ.get("NOTICELINT_CACHE_DIR") or tempfile.mkdtemp(prefix="nl-word-eval-")
    t = time.perf_counter()
    s = score(run(linter(cache)), gold)
    elapsed = time.perf_counter() - t
    h, n = s["recall"]
    tp, fw = s["precision"]
    print(f"word-level recall on the gold set: {h}/{n} = {h / n:.2f} (word and sentence differences; NL208 counts for acronyms)")
    print(f"word-level precision (warning+): {tp}/{fw} = {tp / fw:.2f}" if fw else "word-level precision: no findings")
    print("false serious similarity findings per notice (NL401-NL407, warning or error):")
    for name, k in s["false_per_notice"].items():
        print(f"  {k:3d}  {name}")
    total = sum(s["false_per_notice"].values())
    print(f"  total {total}, {total / len(s['false_per_notice']):.2f} per notice; run {elapsed:.1f} s")
    if args.verbose:
        for notice, en, fr, words, hit in s["recall_items"]:
            print(f"  {'HIT ' if hit else 'miss'} {notice} en:{en} fr:{fr} {str(words)[:60]!r}")
        for n_, d in s["false"]:
            print(f"  false {n_} {d.rule} en:{_line(d, 'en')} fr:{_line(d, 'fr')} {d.message[:140]}")
    if args.cost:
        for label, (cold, warm, loaded, misses) in cost().items():
            print(f"cost {label}: cold {cold:.1f} s, warm {warm:.1f} s (warm run: model loaded={loaded}, cache misses={misses})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
