"""Rules-only time per notice shape, in-process: a NATO plain notice, a Markdown pair (--en/--fr), the
same pair as one combined file. Prints `name: value unit` lines (CPU time of one lint, min and median
of 15 after a warm-up run), so Markdown reading and splitting by structure can be watched for regressions.

    .venv/bin/python benchmarks/shapes_bench.py

Needs ../shared/notices and ../shared/notices-more beside the checkout.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def cpu_ms(linter, path, fr=None, runs=15) -> tuple[float, float]:
    linter.lint(str(path), fr_path=str(fr) if fr else None)
    times = []
    for _ in range(runs):
        t = time.process_time()
        linter.lint(str(path), fr_path=str(fr) if fr else None)
        times.append((time.process_time() - t) * 1000)
    times.sort()
    return times[0], times[len(times) // 2]


def main() -> None:
    from linter.config import Config
    from linter.engine import Linter

    nato = sorted((SHARED / "notices").glob("*.txt"))
    en = SHARED / "notices-more" / "cds-ceo-2022.en.txt"
    if not nato or not en.exists():
        print("# ../shared/notices or ../shared/notices-more is absent: nothing to measure")
        return
    fr = en.with_name("cds-ceo-2022.fr.txt")
    linter = Linter(Config(embeddings=False))
    with tempfile.TemporaryDirectory() as tmp:
        combined = Path(tmp) / "cds-ceo-2022.txt"
        combined.write_text(en.read_text("utf-8") + "\n" + fr.read_text("utf-8"), "utf-8")
        for name, args in (("nato_000_rules_only", (nato[0],)), ("markdown_pair_ceo_rules_only", (en, fr)),
                           ("markdown_combined_ceo_rules_only", (combined,))):
            lo, med = cpu_ms(linter, *args)
            print(f"{name}_cpu_min: {lo:.1f} ms")
            print(f"{name}_cpu_median: {med:.1f} ms")


if __name__ == "__main__":
    main()
