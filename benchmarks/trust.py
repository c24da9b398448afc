"""Trust benchmark (issue 19): every real notice of ../shared/, judged against the gold written by reading.

Lints, in one process, the 80 corpus pairs of ../shared/corpus/ as --en/--fr (part tuned or held out,
benchmarks/trust/split.json) and the ten notices the rules were tuned on in their own shapes (group
`ten`: the 4 NATO files, the 6 pairs of notices-more/ combined into one file), with and without the
model, and prints per group (tuned / heldout / ten):

- recall of the gold defects (benchmarks/trust/gold/NAME.json; the NATO files' gold is
  benchmarks/gold/): a finding at the defect's lines (trust_score.py says how) at error or warning,
  of all defects and of the non-minor ones, by kind and by publisher; and at any severity;
- false error/warning findings per notice whose gold is complete: every error/warning at no gold
  defect is not right unless benchmarks/trust/verdicts.json judges it right; it is "judged false"
  (a verdict, or a place the gold lists as not counted) or "unjudged"; by rule, severity, publisher;
  notices without complete gold are counted as "no gold";
- the worst notices (most error/warning findings);
- with --mutants: one-value mutants of every notice (trust_mutants.py), the same ones in both modes
  (--model-mutants N: only the first N of each kind with the model): localised recall per kind,
  unrelated new findings per mutant.

    python benchmarks/trust.py [--no-embeddings|--model-only|--both] [--part tuned|heldout|all]
        [--mutants] [--per-kind N] [--model-mutants N] [--seed S] [--list] [--json OUT]
        [--cache-dir DIR] [--shared DIR] [--verdicts-template OUT] [--only TEXT]

Without ../shared/corpus/ it says so in one line and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import trust_mutants as M  # noqa: E402
from benchmarks.realnotices import (TRUST, default_shared, gold_for, gold_problems, load_gold,  # noqa: E402
                                    lint, trust_inputs)
from benchmarks.trust_score import NOT_RIGHT, Found, Verdicts, ratio, score, summarise, verdict_key  # noqa: E402

GROUPS = ("tuned", "heldout", "ten")
PARTS = {"tuned": ("tuned", "ten"), "heldout": ("heldout",), "all": GROUPS}
VERDICTS = TRUST / "verdicts.json"


def make_linter(model: bool, cache_dir: str):
    from linter.config import Config
    from linter.engine import Linter
    from linter.similarity import EmbeddingSimilarity

    config = Config(embeddings=model, cache_dir=cache_dir)
    return Linter(config, (lambda: EmbeddingSimilarity.from_config(config)) if model else None)


def run_mode(model: bool, inputs, corpus_gold, verdicts, a, cache_dir: str) -> dict:
    """Lint every input (and its mutants) in one mode; the records, mutant results and timings."""
    lin = make_linter(model, cache_dir)
    records, mutants = [], []
    t0 = time.perf_counter()
    t_mut = 0.0
    with tempfile.TemporaryDirectory(prefix="nl-trust-") as tmp:
        d = Path(tmp)
        for n, inp in enumerate(inputs, 1):
            args, off = inp.write(d)
            base = lint(lin, args)
            if inp.nato_file is not None:
                inp.fr_start = min(b.line for p in base.notice.pairs for b in p.fr) - 1
            found = [Found.of(x) for x in base.diagnostics]
            gold = gold_for(inp, corpus_gold)
            records.append({"name": inp.name, "group": inp.group, "publisher": inp.publisher, "gold": gold,
                            "score": score(inp.name, found, gold, verdicts)})
            if a.mutants:
                t1 = time.perf_counter()
                k = a.model_mutants if model and a.model_mutants is not None else a.per_kind
                for kind, ms in M.ordered(inp, a.seed).items():
                    for m in ms[:k]:
                        res = M.run(lin, inp, base, off, m, d)
                        if res is not None:
                            mutants.append({"notice": inp.name, "group": inp.group, **res})
                t_mut += time.perf_counter() - t1
            if sys.stderr.isatty() or n % 10 == 0 or n == len(inputs):
                print(f"\r# {'model' if model else 'rules'}: {n}/{len(inputs)} {inp.name[:50]:50}",
                      end="" if sys.stderr.isatty() else "\n", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return {"records": records, "mutants": mutants, "seconds": round(time.perf_counter() - t0, 1),
            "mutant_seconds": round(t_mut, 1)}


# ---------------------------------------------------------------------------------- printing

def _table(title, rows, groups):
    print(title)
    w = max([len(r[0]) for r in rows] + [10])
    print(f"  {'':{w}}  " + "  ".join(f"{g:>24}" for g in groups))
    for label, cells in rows:
        print(f"  {label:{w}}  " + "  ".join(f"{cells.get(g, '-'):>24}" for g in groups))


def _rec(c, n="n", f="found"):
    return ratio(c.get(f, 0), c.get(n, 0))


def print_mode(label, res, groups):
    s = {g: summarise([r for r in res["records"] if r["group"] == g]) for g in groups}
    print(f"\n## {label}: {len(res['records'])} notices, {res['seconds']} s"
          + (f" ({res['mutant_seconds']} s of it mutants)" if res["mutants"] else ""))
    rows = [("notices (complete gold)", {g: f"{s[g]['notices']} ({s[g]['complete_gold']})" for g in groups}),
            ("recall, error/warning", {g: _rec(s[g]["recall"]) for g in groups}),
            ("recall, non-minor, error/warning", {g: _rec(s[g]["recall"], "n_major", "found_major") for g in groups}),
            ("recall, any severity", {g: _rec(s[g]["recall"], "n", "found_any") for g in groups}),
            ("false error/warning per notice", {g: ratio(s[g]["not_right"], s[g]["complete_gold"]) for g in groups}),
            ("  judged false / unjudged", {g: f"{s[g]['statuses'].get('judged-false', 0)} / "
                                              f"{s[g]['statuses'].get('unjudged', 0)}" for g in groups}),
            ("  right by verdict / at a defect", {g: f"{s[g]['statuses'].get('right', 0)} / "
                                                     f"{s[g]['statuses'].get('at-defect', 0)}" for g in groups}),
            ("no gold: notices, error/warning", {g: f"{s[g]['no_gold']['notices']}, "
                                                    f"{s[g]['no_gold']['error_warning_findings']}" for g in groups})]
    _table("", rows, groups)
    kinds = sorted({k for g in groups for k in s[g]["recall_by_kind"]})
    _table("recall by kind (error/warning; any severity)",
           [(k, {g: _both(s[g]["recall_by_kind"].get(k)) for g in groups}) for k in kinds], groups)
    pubs = sorted({p for g in groups for p in s[g]["recall_by_publisher"]})
    _table("recall by publisher (error/warning; any severity)",
           [(p, {g: _both(s[g]["recall_by_publisher"].get(p)) for g in groups}) for p in pubs], groups)
    rules = sorted({r for g in groups for r in s[g]["not_right_by_rule"]})
    _table("false error/warning by rule (findings)",
           [(r, {g: str(s[g]["not_right_by_rule"].get(r, 0)) for g in groups}) for r in rules]
           + [(f"severity {v}", {g: str(s[g]["not_right_by_severity"].get(v, 0)) for g in groups})
              for v in ("error", "warning")], groups)
    pubs = sorted({p for g in groups for p in s[g]["not_right_by_publisher"]})
    _table("false error/warning per notice, by publisher (complete gold)",
           [(p, {g: _per(s[g]["not_right_by_publisher"].get(p)) for g in groups}) for p in pubs], groups)
    for g in groups:
        print(f"worst notices, {g} (error/warning findings, of which not right): " +
              ", ".join(f"{w['notice']} {w['error_warning']} ({w['not_right']})" for w in s[g]["worst"][:6]))
    out = {"summary": s}
    if res["mutants"]:
        ms = {g: M.summarise([m for m in res["mutants"] if m["group"] == g]) for g in groups}
        kinds = sorted({k for g in groups for k in ms[g]["by_kind"]})
        _table("mutants: localised recall by kind (unrelated new findings)",
               [(k, {g: _mut(ms[g]["by_kind"].get(k)) for g in groups}) for k in kinds]
               + [("all", {g: f"{ratio(ms[g]['found'], ms[g]['mutants'])} ({ms[g]['unrelated']})" for g in groups}),
                  ("unrelated per mutant", {g: str(ms[g]["unrelated_per_mutant"]) for g in groups})], groups)
        out["mutants"] = ms
    return out


def _both(c):
    return f"{c['found']}/{c['n']}; {c['found_any']}/{c['n']}" if c else "-"


def _per(c):
    return ratio(c["findings"], c["notices"]) if c else "-"


def _mut(c):
    return f"{ratio(c.get('found', 0), c['n'])} ({c.get('unrelated', 0)})" if c else "-"


def print_list(label, res):
    print(f"\n# {label}: error/warning findings at no gold defect (status notice rule EN FR message)")
    for r in res["records"]:
        for f, st in r["score"]["rows"]:
            if st in NOT_RIGHT or st == "no-gold":
                print(f"  {st:12} {r['name']} {f.rule} en:{_l(f.en)} fr:{_l(f.fr)} {f.message[:160]}")


def _l(rng):
    return "-" if rng is None else (str(rng[0]) if rng[0] == rng[1] else f"{rng[0]}-{rng[1]}")


def _records_json(res):
    return [{"notice": r["name"], "group": r["group"], "publisher": r["publisher"],
             "gold": None if r["gold"] is None else {"source": r["gold"].source, "complete": r["gold"].complete},
             "defects": r["score"]["defects"],
             "findings": [{**f.as_json(), "status": st} for f, st in r["score"]["rows"]]} for r in res["records"]]


# ---------------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--no-embeddings", dest="modes", action="store_const", const=("rules",), help="rules only")
    mode.add_argument("--model-only", dest="modes", action="store_const", const=("model",), help="with the model only")
    mode.add_argument("--both", dest="modes", action="store_const", const=("rules", "model"),
                      help="rules only, then with the model (the default)")
    ap.add_argument("--part", choices=sorted(PARTS), default="all",
                    help="tuned: the tuned corpus pairs and the ten; heldout: the held-out pairs; all (default)")
    ap.add_argument("--only", metavar="TEXT", help="only the notices whose name holds TEXT (a quick look)")
    ap.add_argument("--mutants", action="store_true", help="one-value mutants of every notice too")
    ap.add_argument("--per-kind", type=int, default=2, help="rules-only mutants per kind per notice (default 2)")
    ap.add_argument("--model-mutants", type=int, help="mutants per kind per notice with the model (default: --per-kind)")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--list", action="store_true", help="print every error/warning finding at no gold defect")
    ap.add_argument("--json", metavar="OUT", help="write every figure, finding and mutant to OUT")
    ap.add_argument("--verdicts-template", metavar="OUT",
                    help="write the unjudged findings as verdict entries (verdict to fill: right or false)")
    ap.add_argument("--cache-dir", help="vector cache (and converted model) to keep; default a temporary folder")
    ap.add_argument("--shared", type=Path, default=default_shared())
    a = ap.parse_args(argv)
    modes = a.modes or ("rules", "model")
    if not (a.shared / "corpus").is_dir():
        print(f"trust: {a.shared / 'corpus'} is absent (the real notices beside the checkout): nothing to measure")
        return 0
    groups = PARTS[a.part]
    inputs = [i for i in trust_inputs(a.shared) if i.group in groups and (not a.only or a.only in i.name)]
    corpus_gold = load_gold()
    problems = [p for f in sorted((TRUST / "gold").glob("*.json"))
                for p in gold_problems(json.loads(f.read_text("utf-8")), a.shared)]
    for p in problems:
        print(f"# gold problem: {p}")
    verdicts = Verdicts.load(VERDICTS)
    print(f"# trust benchmark: {len(inputs)} notices ({', '.join(f'{g} {sum(i.group == g for i in inputs)}' for g in groups)});"
          f" gold files {len(corpus_gold)} ({sum(g.complete for g in corpus_gold.values())} complete), "
          f"verdicts {sum(len(v) for v in verdicts.by_notice.values())}; seed {a.seed}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    tmp = None
    if not a.cache_dir:
        tmp = tempfile.TemporaryDirectory(prefix="nl-trust-cache-")
    cache = a.cache_dir or tmp.name
    out = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
           "groups": list(groups), "gold_problems": problems, "modes": {}}
    try:
        for mode_name in modes:
            res = run_mode(mode_name == "model", inputs, corpus_gold, verdicts, a, cache)
            label = "rules only (--no-embeddings)" if mode_name == "rules" else "with the model"
            figures = print_mode(label, res, groups)
            if a.list:
                print_list(label, res)
            out["modes"][mode_name] = {"seconds": res["seconds"], "mutant_seconds": res["mutant_seconds"], **figures,
                                       "notices": _records_json(res), "mutant_results": res["mutants"]}
            if a.verdicts_template:
                out["modes"][mode_name]["unjudged"] = [
                    {**verdict_key(r["name"], f), "verdict": "", "why": "", "reader": ""}
                    for r in res["records"] for f, st in r["score"]["rows"] if st == "unjudged"]
    finally:
        if tmp:
            tmp.cleanup()
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), "utf-8")
    if a.verdicts_template:
        seen, entries = set(), []
        for m in out["modes"].values():
            for e in m.pop("unjudged", []):
                k = json.dumps(e, sort_keys=True)
                if k not in seen:
                    seen.add(k)
                    entries.append(e)
        Path(a.verdicts_template).write_text(json.dumps({"verdicts": entries}, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
