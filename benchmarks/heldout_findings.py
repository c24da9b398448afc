"""Every error and warning on the held-out notices (benchmarks/heldout/), each marked as a planted
defect or not, with a count per notice: the figure for "how noisy is noticelint on notices it was
not tuned on", all rules included (word_eval.py --set gives the word-level figures).

A finding is planted when it points within 2 lines of a planted difference on either side
(benchmarks/heldout/*/gold-*.json); the others are listed for judgement (the writers kept every other
fact consistent, so most are false).

    python benchmarks/heldout_findings.py [--no-embeddings] [DIR ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from linter.config import Config  # noqa: E402
from linter.engine import Linter  # noqa: E402
from linter.similarity import EmbeddingSimilarity  # noqa: E402
from word_eval import HELDOUT, notices_in  # noqa: E402


def planted(d, gold) -> bool:
    for g in gold:
        for side in ("en", "fr"):
            loc = d.en if side == "en" else d.fr
            gl = g.get(side + "_line")
            if loc is not None and gl is not None and abs(loc.line - gl) <= 2:
                return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--no-embeddings", action="store_true", help="rules only (no model)")
    args = ap.parse_args()
    dirs = args.dirs or sorted(p for p in HELDOUT.iterdir() if p.is_dir())
    cache = os.environ.get("NOTICELINT_CACHE_DIR") or tempfile.mkdtemp(prefix="nl-heldout-")
    config = Config(embeddings=not args.no_embeddings, cache_dir=cache)
    lin = Linter(config, (lambda: EmbeddingSimilarity.from_config(config)) if not args.no_embeddings else None)
    total_other = total_planted = n = 0
    for folder in dirs:
        gold = [g for f in sorted(folder.glob("gold*.json")) for g in json.loads(f.read_text("utf-8"))["differences"]]
        for path, fr, name in notices_in(folder):
            r = lin.lint(path, fr)
            if r.error:
                print(f"{name}: {r.error}")
                continue
            n += 1
            mine = [g for g in gold if g["notice"] == name]
            serious = [d for d in r.diagnostics if d.severity >= 2]
            other = [d for d in serious if not planted(d, mine)]
            total_other += len(other)
            total_planted += len(serious) - len(other)
            print(f"{len(other):3d} other, {len(serious) - len(other):2d} at a planted defect  {folder.name}/{name}")
            for d in other:
                en = d.en.line if d.en else "-"
                frl = d.fr.line if d.fr else "-"
                print(f"      {d.rule} en:{en} fr:{frl} {d.message[:150]}")
    print(f"{n} notices: {total_other} errors/warnings at no planted defect ({total_other / max(n, 1):.2f} per notice), "
          f"{total_planted} at planted defects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
