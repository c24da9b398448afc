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
- the same recall counting any finding that names the words at their place, fact rules included
  (the French-only `(4.5 jours)` is NL203's, numbers being left to the fact rules);
- NL406's margin: the gains of the candidate phrases that are real differences and the largest
  gains of the others, among the candidates that pass the rule's other signs (its `gain` must sit
  below the real ones it finds and above every other);
- with --cost: a cold run (empty cache, model loaded) with word alignment off and on, and a warm
  run that must compute nothing (no model load, no cache miss, no word alignment: they are read
  back from the vector cache).

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


HELDOUT = ROOT / "benchmarks" / "heldout"
_SETS: list[Path] = []  # --set DIR: lint the notices of DIR instead of ../shared's ten


def inputs():
    if _SETS:
        return [x for folder in _SETS for x in notices_in(folder)]
    out = [(str(p), None, p.stem) for p in sorted((SHARED / "notices").glob("*.txt"))]
    for en in sorted((SHARED / "notices-more").glob("*.en.txt")):
        out.append((str(en), str(en).replace(".en.txt", ".fr.txt"), en.name[: -len(".en.txt")]))
    return out


def notices_in(folder: Path):
    """(path, French path or None, name) of every notice in a folder: `NAME.en.EXT` with its
    `NAME.fr.EXT` as a pair, any other .txt/.md/.docx/.pdf but a README as one combined file."""
    out = []
    for p in sorted(folder.iterdir()):
        m = re.fullmatch(r"(.+)\.en(\.\w+)", p.name)
        if m:
            out.append((str(p), str(p.with_name(f"{m[1]}.fr{m[2]}")), m[1]))
        elif (p.suffix in (".txt", ".md", ".docx", ".pdf") and not re.search(r"\.fr\.\w+$", p.name)
              and p.stem.upper() != "README"):
            out.append((str(p), None, p.stem))
    return out


def load_gold(folders=None):
    """The gold set: GOLD for ../shared's ten, or every gold*.json of the --set folders merged."""
    if not folders:
        return json.loads(GOLD.read_text("utf-8"))
    gold = {"differences": []}
    for folder in folders:
        for f in sorted(folder.glob("gold*.json")):
            gold["differences"] += json.loads(f.read_text("utf-8")).get("differences", [])
    return gold


def linter(cache_dir: str, ignore=(), words: bool = True):
    config = Config(embeddings=True, cache_dir=cache_dir, ignore=list(ignore))
    lin = Linter(config, lambda: EmbeddingSimilarity.from_config(config))
    if not words:  # no word alignment at all (NL402/NL403 name no words, NL406/NL407 find nothing)
        from linter.wordalign import WordAligner

        lin.similarity._words = WordAligner(None)
    return lin


def is_fact(d) -> bool:
    return d.rule[:3] in ("NL1", "NL2")


def run(lin, candidates=None):
    """Warning+ findings of the similarity rules and the fact rules, per notice; with `candidates` (a
    dict), also every NL406 candidate phrase with its gain, to measure the margin around `gain`."""
    found = {}
    for path, fr, name in inputs():
        r = lin.lint(path, fr)
        if r.error:
            raise SystemExit(f"{name}: {r.error}")
        found[name] = [d for d in r.diagnostics if (d.rule in SIM_RULES or is_fact(d)) and d.severity >= 2]
        if candidates is not None:
            candidates[name] = list(_candidates(r.notice, lin.similarity))
    return found


def _candidates(notice, similarity):
    """NL406's candidate phrases as (finding-like, gain): its place, and the phrase as the message."""
    from types import SimpleNamespace

    from rules import REGISTRY, Context
    from rules.similarity import _span, phrase_candidates

    for p, side, text, a, b, _, gain in phrase_candidates(Context(notice, None, similarity, REGISTRY["NL406"].options)):
        own, other = (p.en, p.fr) if side == "en" else (p.fr, p.en)
        here = SimpleNamespace(line=_span(own, a, b).block.line)
        there = SimpleNamespace(line=other[0].line)
        yield SimpleNamespace(en=here if side == "en" else there, fr=there if side == "en" else here,
                              message=text[a:b], rule="NL406"), gain


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
    any_hits = []
    for g in wanted:
        ds = [d for d in found.get(g["notice"], []) if is_word_level(d) or d.rule == "NL208"]
        recall_hits.append(any(hits(d, g) for d in ds))
        # any finding at all that names the words at the right place, fact rules included
        # (NL203 names the French-only '4.5 jours')
        any_hits.append(any(hits(d, g) for d in found.get(g["notice"], [])))
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
        "recall_any_rule": (sum(any_hits), len(wanted)),
        "recall_items": [(g["notice"], g.get("en_line"), g.get("fr_line"), g.get("en_words") or g.get("fr_words"), h)
                         for g, h in zip(wanted, recall_hits)],
        "precision": (len(true_word), len(word)),
        "false_per_notice": {n: false_per.get(n, 0) for n in found},
        "false": false_list,
        "found": found,
    }


def cost():
    out = {}
    for label, ignore, words in (("word alignment off", ("NL406", "NL407"), False), ("with word alignment", (), True)):
        with tempfile.TemporaryDirectory() as tmp:
            # cold = an empty vector cache; the converted model itself is shared (a one-time cost)
            models = Path(os.environ.get("NOTICELINT_CACHE_DIR", "")) / "models"
            if models.is_dir():
                os.symlink(models, Path(tmp) / "models")
            t, c = time.perf_counter(), time.process_time()
            lin = linter(tmp, ignore, words)
            run(lin)
            cold = (time.process_time() - c, time.perf_counter() - t)
            t, c = time.perf_counter(), time.process_time()
            lin2 = linter(tmp, ignore, words)
            run(lin2)
            warm = (time.process_time() - c, time.perf_counter() - t)
            emb = lin2._similarity.embedder if lin2._similarity else None
            words = lin2._similarity._words if lin2._similarity else None
            out[label] = (cold, warm, bool(emb and emb.loaded), emb.misses if emb else 0,
                          words.computed if words is not None else 0)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cost", action="store_true", help="also time cold and warm runs (slow: loads the model twice cold)")
    ap.add_argument("--verbose", action="store_true", help="list every finding that is false and every gold item")
    ap.add_argument("--set", metavar="DIR", type=Path, nargs="*", default=None,
                    help=f"lint the notices of each DIR against its gold*.json instead of ../shared's ten "
                         f"(no DIR: every folder of {HELDOUT.relative_to(ROOT)}, the held-out notices)")
    args = ap.parse_args()
    if args.set is not None:
        _SETS.extend(args.set or sorted(p for p in HELDOUT.iterdir() if p.is_dir()))
    elif not (SHARED / "notices").is_dir() or not (SHARED / "notices-more").is_dir():
        print(f"skip: {SHARED} with notices/ and notices-more/ is absent")
        return 0
    gold = load_gold(_SETS)
    cache = os.environ.get("NOTICELINT_CACHE_DIR") or tempfile.mkdtemp(prefix="nl-word-eval-")
    t = time.perf_counter()
    cands = {}
    s = score(run(linter(cache), cands), gold)
    elapsed = time.perf_counter() - t
    h, n = s["recall"]
    tp, fw = s["precision"]
    print(f"word-level recall on the gold set: {h}/{n} = {h / n:.2f} (word and sentence differences; NL208 counts for acronyms)")
    ha, _ = s["recall_any_rule"]
    print(f"  the same differences named at their place by any finding, fact rules included: {ha}/{n} = {ha / n:.2f}")
    diffs = gold["differences"]
    true_g = [g for name, cs in cands.items() for c, g in cs if any(x["notice"] == name and hits(c, x) for x in diffs)]
    false_g = [g for name, cs in cands.items() for c, g in cs if not any(x["notice"] == name and hits(c, x) for x in diffs)]
    if true_g and false_g:
        top = sorted(false_g, reverse=True)[:3]
        print(f"NL406 gain margin ({len(true_g)} real and {len(false_g)} other candidate phrases pass the rule's other "
              f"signs): real {', '.join(f'{g:.4f}' for g in sorted(true_g, reverse=True))}; "
              f"largest others {', '.join(f'{g:.4f}' for g in top)}")
        # how far each candidate stands above the notice's other candidates (a per-notice margin, not used by NL406)
        lead_true, lead_false = [], []
        for name, cs in cands.items():
            gs = [g for _, g in cs]
            for k, (c, g) in enumerate(cs):
                lead = g - max([0.0] + gs[:k] + gs[k + 1:])
                real = any(x["notice"] == name and hits(c, x) for x in diffs)
                (lead_true if real else lead_false).append((lead, g))
        print(f"  lead over the notice's other candidates (gain): real "
              f"{', '.join(f'{x:+.4f} ({g:.4f})' for x, g in sorted(lead_true, reverse=True))}; largest others "
              f"{', '.join(f'{x:+.4f} ({g:.4f})' for x, g in sorted(lead_false, reverse=True)[:3])}")
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
        for label, (cold, warm, loaded, misses, computed) in cost().items():
            print(f"cost {label}: cold {cold[0]:.1f} CPU s ({cold[1]:.1f} s wall), warm {warm[0]:.2f} CPU s "
                  f"({warm[1]:.2f} s wall) for the ten notices (warm run: model loaded={loaded}, "
                  f"cache misses={misses}, word alignments computed={computed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
