"""Where does noticelint split a combined file? Every real pair of ../shared/ (corpus, notices-more) joined
into one file, English then French and French then English (one blank line between), split by
linter.split: is the second version found at its first line, with the right language first?

    python benchmarks/split_eval.py [--part tuned|heldout|all]

Held-out pairs (benchmarks/trust/split.json) are counted, never named. Also the CPU time per split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.model import Line  # noqa: E402
from linter.read import Source, read_source  # noqa: E402
from linter.split import split  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("tuned", "heldout", "all"), default="tuned")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    held = set(json.loads((ROOT / "benchmarks" / "trust" / "split.json").read_text("utf-8"))["heldout"])
    shared = Path(args.shared)
    ens = sorted(shared.glob("corpus/*.en.txt")) + sorted(shared.glob("notices-more/*.en.txt"))
    exact = total = doubts = 0
    cpu = 0.0
    for en in ens:
        name = en.name[: -len(".en.txt")]
        is_held = name in held and en.parent.name == "corpus"
        if (args.part == "tuned" and is_held) or (args.part == "heldout" and not is_held):
            continue
        texts = {lg: [ln.text for ln in read_source(en.with_name(f"{name}.{lg}.txt")).lines] for lg in ("en", "fr")}
        for first, second in (("en", "fr"), ("fr", "en")):
            lines = texts[first] + [""] + texts[second]
            want = len(texts[first]) + 2 + next(i for i, t in enumerate(texts[second]) if t.strip())
            src = Source(f"{name}.{first}-{second}", tuple(Line(i + 1, t) for i, t in enumerate(lines)))
            t = time.process_time()
            h = split(src)
            cpu += time.process_time() - t
            total += 1
            ok = h.first == first and h.line == want
            exact += ok
            doubts += h.doubt is not None
            if not ok and not is_held:
                print(f"  {src.path}: second version at line {want}, split at {h.line} ({h.first} first, by {h.by})")
    print(f"{args.part}: {exact}/{total} combined files split at the second version's first line; "
          f"{doubts} in doubt; {1000 * cpu / max(1, total):.1f} ms CPU per split")


if __name__ == "__main__":
    main()
