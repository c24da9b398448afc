"""One-value mutants of every real notice for trust.py: seeded, deterministic, each checked to change one value.

The candidates are mutation_eval.py's: every value the linter's extractors find on a line (amount,
count in digits or words, date, time, hours, percentage, code, e-mail, link, phone) changed in its
own writing, and every bullet or paragraph line deleted; plus here a paragraph replaced by another
paragraph of the same version. A value candidate is kept only when the extractors read the same
values on the changed line as before but exactly one (`one_value_changed`). Per notice and kind, a
random.Random seeded with (seed, notice, kind) orders the candidates; the first N are run (the
model's sample is the first N' of the same order, so it is a subset of the rules-only mutants).

Scoring (mutation_eval's, with the deleted line accounted for): a mutant is found by a new finding
(not in the unchanged notice's report, lines after a deleted line moved up by one) at the changed
line on the changed side, or for a deleted or replaced block at its counterpart on the other side
(one line either way) or an NL303 (a list of another length). Every other new finding is unrelated.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict

from benchmarks.mutation_eval import counterpart_lines, deletion_mutants, value_mutants
from benchmarks.realnotices import lint
from benchmarks.trust_score import Found
from linter import extract as X

ALL = 10 ** 6  # mutation_eval's per-kind cap, lifted: every candidate


def _values(line: str, lang: str) -> list:
    """The values the extractors read on a line, a value inside a longer one left out (the 2 of '2 years')."""
    qs = X.find_all(line, lang)
    return [(q.kind, q.value) for q in qs
            if not any(o is not q and o.start <= q.start and q.end <= o.end and o.end - o.start > q.end - q.start
                       for o in qs)]


def one_value_changed(old: str, new: str, lang: str) -> bool:
    """The extractors read as many values on both lines, and all but one the same."""
    a, b = _values(old, lang), _values(new, lang)
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def candidates(inp) -> dict[str, list]:
    """Every candidate mutant of an input by kind: (kind, side, line index in side, new side lines, what)."""
    out = defaultdict(list)
    for m in value_mutants(inp, ALL):
        kind, side, i, new_lines, _ = m
        old = inp.lines(side)[0][i]
        if one_value_changed(old, new_lines[i], side):
            out[kind].append(m)
    for m in deletion_mutants(inp, ALL):
        out[m[0]].append(m)
    for side in ("en", "fr"):
        paras = [m for m in out["paragraph-deleted"] if m[1] == side]
        lines = inp.lines(side)[0]
        for _, _, i, _, what in paras:
            donors = [j for _, _, j, _, _ in paras if lines[j].strip() != lines[i].strip()]
            if donors:
                j = donors[(i * 7919) % len(donors)]  # any other paragraph; the seeded order below picks which mutants run
                out["paragraph-replaced"].append(("paragraph-replaced", side, i, lines[:i] + [lines[j]] + lines[i + 1:],
                                                  f"{what} <- {lines[j].strip()[:40]}"))
    return out


def ordered(inp, seed: int) -> dict[str, list]:
    """The candidates of each kind in a seeded order (the same for every run with the same seed)."""
    out = {}
    for kind, ms in sorted(candidates(inp).items()):
        ms = list(ms)
        random.Random(f"{seed}:{inp.name}:{inp.form}:{kind}").shuffle(ms)
        out[kind] = ms
    return out


def _key(x, moved=lambda loc, side: loc and loc.line):
    """A finding as it would be after the change: its lines moved, and the line numbers its message
    names left out ("it belongs near line 54 of the English" moves with a deleted line)."""
    return (x.rule, re.sub(r"\bline \d+", "line", x.message), moved(x.en, "en"), moved(x.fr, "fr"))


def run(linter, inp, base, off, mutant, d) -> dict | None:
    """Lint one mutant of an input whose unchanged files (line offsets `off`, from Input.write) gave
    `base`; None for a deleted or replaced block the other version lacks (no counterpart)."""
    kind, side, i, new_lines, what = mutant
    other = "fr" if side == "en" else "en"
    line = i + 1 + inp.lines(side)[1] + off[side]  # the changed line, in the linted file
    deleted = kind.endswith("deleted")

    def moved(loc, s):
        if loc is None:
            return None
        return loc.line - 1 if deleted and loc.line > line and (inp.form != "pair" or s == side) else loc.line

    spans = []
    if kind in ("bullet-deleted", "paragraph-deleted", "paragraph-replaced"):
        spans = counterpart_lines(base.notice, side, line)
        if not spans:
            return None
        if deleted and inp.form != "pair":
            spans = [(a - (a > line), b - (b > line)) for a, b in spans]
    margs, _ = inp.write(d, side, new_lines)
    r = lint(linter, margs)
    known = Counter(_key(x, moved) for x in base.diagnostics)
    new = []
    for x in r.diagnostics:
        k = _key(x)
        if known[k]:
            known[k] -= 1
        else:
            new.append(x)

    def at(x):
        loc = getattr(x, side)
        if not deleted and loc is not None and loc.line <= line <= (loc.end_line or loc.line):
            return True
        if spans:
            o = getattr(x, other)
            return (o is not None and any(a - 1 <= o.line <= b + 1 for a, b in spans)) or x.rule == "NL303"
        return False

    found = [x for x in new if at(x)]
    return {"kind": kind, "side": side, "line": line, "what": what, "found": bool(found),
            "by": sorted({x.rule for x in found}),
            "unrelated": [Found.of(x).as_json() for x in new if not at(x)]}


def summarise(results: list[dict]) -> dict:
    by_kind = defaultdict(Counter)
    unrelated = 0
    for m in results:
        by_kind[m["kind"]].update({"n": 1, "found": int(m["found"]), "unrelated": len(m["unrelated"])})
        unrelated += len(m["unrelated"])
    n = len(results)
    return {"mutants": n, "found": sum(m["found"] for m in results), "unrelated": unrelated,
            "unrelated_per_mutant": round(unrelated / n, 3) if n else None,
            "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())}}
