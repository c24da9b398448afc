"""Recall and noise of the similarity checks on real notices with one change each.

For every real notice, makes seeded random single changes on either side: a paragraph deleted, a
bullet deleted, a paragraph replaced by another of the same notice, a sentence dropped, a
sentence added (taken from elsewhere in the same version). A change counts as found when a new
finding points inside the changed block or its counterpart; every other new finding is noise. Prints recall per kind and unrelated findings per changed notice.

    python benchmarks/similarity_eval.py [--per-kind N] [--seed S] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.baseline import fingerprint  # noqa: E402
from linter.config import Config  # noqa: E402
from linter.engine import Linter  # noqa: E402
from linter.read import read_source  # noqa: E402
from linter.sentences import split_sentences  # noqa: E402
from linter.similarity import EmbeddingSimilarity  # noqa: E402

NOTICES = sorted((ROOT.parent / "shared" / "notices").glob("*.txt"))
# A change is flagged when any new finding points inside the changed block or its counterpart
# (a deleted paragraph may surface as NL401, NL303 or NL403 when part of it survives in a
# merged counterpart; an added sentence that carries a number as NL2xx).
KINDS = ("paragraph-deleted", "bullet-deleted", "paragraph-replaced", "sentence-dropped", "sentence-added")


def prose_pairs(notice, kind):
    return [p for p in notice.pairs if p.en and p.fr and p.kind == kind and not p.moved
            and len(p.en_text) >= 60 and len(p.fr_text) >= 60]


def mutate(text: str, notice, kind: str, rng: random.Random):
    """One change: (new text, side, set of (lang, first, last) regions where a finding counts)."""
    lines = text.split("\n")
    side = rng.choice(("en", "fr"))
    other = "fr" if side == "en" else "en"
    pairs = prose_pairs(notice, "bullet" if kind == "bullet-deleted" else "paragraph")
    if not pairs:
        return None
    p = rng.choice(pairs)
    blocks = getattr(p, side)
    b = blocks[0]
    regions = {(side, x.line, x.end_line) for x in blocks} | {(other, x.line, x.end_line) for x in getattr(p, other)}
    if kind in ("paragraph-deleted", "bullet-deleted"):
        new = lines[: b.line - 1] + lines[b.end_line:]
        return "\n".join(new), side, regions, b.line - 1
    if kind == "paragraph-replaced":
        donors = [q for q in prose_pairs(notice, "paragraph") if q.section != p.section]
        if not donors:
            return None
        d = getattr(rng.choice(donors), side)[0]
        new = lines[: b.line - 1] + [d.text] + lines[b.end_line:]
        return "\n".join(new), side, regions, None
    sents = split_sentences(b.text)
    if kind == "sentence-dropped":
        if len(sents) < 2:
            return None
        s, e = sents[rng.randrange(len(sents))]
        new_block = (b.text[:s] + b.text[e:]).strip()
    else:  # sentence-added: a sentence of another section of the same version
        donors = [q for q in prose_pairs(notice, "paragraph") if q.section != p.section]
        if not donors:
            return None
        d = getattr(rng.choice(donors), side)[0]
        ds = split_sentences(d.text)
        s, e = ds[rng.randrange(len(ds))]
        new_block = b.text + " " + d.text[s:e]
    new = lines[: b.line - 1] + [re.sub(r"\s+", " ", new_block)] + lines[b.end_line:]
    return "\n".join(new), side, regions, None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print each change that was not found")
    args = ap.parse_args()
    cfg = Config(embeddings=not args.no_embeddings)
    linter = Linter(cfg, None if args.no_embeddings else (lambda: EmbeddingSimilarity.from_config(cfg)))
    rng = random.Random(args.seed)
    found = defaultdict(int)
    tried = defaultdict(int)
    noise = 0
    runs = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in NOTICES:
            text = path.read_text("utf-8")
            base = linter.lint(str(path))
            known = {fingerprint("x", d) for d in base.diagnostics}
            notice = linter.parse(read_source(path))
            for kind in KINDS:
                for _ in range(args.per_kind):
                    m = mutate(text, notice, kind, rng)
                    if m is None:
                        continue
                    new_text, side, regions, deleted_at = m
                    out = Path(tmp) / path.name
                    out.write_text(new_text, "utf-8")
                    res = linter.lint(str(out))
                    removed = text.count("\n") - new_text.count("\n") if deleted_at is not None else 0

                    def inside(loc, lang):
                        if loc is None:
                            return False
                        line = loc.line
                        for lg, a, b in regions:
                            if lg != lang:
                                continue
                            if deleted_at is not None and a > deleted_at:
                                a, b = a - removed, b - removed
                            if a - 1 <= line <= b + 1:
                                return True
                        return False

                    new = [d for d in res.diagnostics if fingerprint("x", d) not in known]
                    hit = [d for d in new if inside(d.en, "en") or inside(d.fr, "fr")]
                    tried[kind] += 1
                    runs += 1
                    if hit:
                        found[kind] += 1
                    elif args.verbose:
                        print(f"MISS {path.name[:3]} {kind} {side} {sorted(regions)[:2]} new: " +
                              "; ".join(f"{d.rule} {d.en and d.en.line}/{d.fr and d.fr.line}" for d in new))
                    noise += len([d for d in new if d not in hit])
    total_found, total = sum(found.values()), sum(tried.values())
    for kind in KINDS:
        print(f"recall {kind}: {found[kind]}/{tried[kind]} = {found[kind] / max(1, tried[kind]):.2f}")
    print(f"recall overall: {total_found}/{total} = {total_found / max(1, total):.2f}")
    print(f"unrelated new findings per changed notice: {noise / max(1, runs):.2f}")
    print(f"time: {time.perf_counter() - t0:.1f} s for {runs} changed notices")


if __name__ == "__main__":
    main()
