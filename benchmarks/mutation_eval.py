"""Facts benchmark: one value changed in one language of a real notice, found at its line? (rules only)

For each real notice — the 6 EN/FR pairs of ../shared/notices-more/ read as --en/--fr AND as one
combined file (English then French), and the 4 NATO files of ../shared/notices/ — it makes
mutants with one change on one side:

- a value the extractors find (linter.extract.find_all) changed in its own writing: an amount, a
  count in digits or in words, a date, a time, a duration (hours), a percentage, a
  classification code, an e-mail address, a link (one character), a phone number;
- a few hand-written changes per notice (HAND), so that a value the extractors miss counts as a
  miss rather than as no mutant at all;
- a bullet or a paragraph deleted (reported separately: rules-only cannot see a missing
  paragraph, which is NL401's job with the model; bullets are counted by NL303).

A mutant is found when a new finding (not in the unchanged notice's report) points at the changed
line on the changed side (for a deletion: at the counterpart block on the other side, or the
list). Every other new finding is unrelated. It prints localised recall per kind, unrelated new
findings per mutant, and, for the unchanged notices, every error/warning finding (for a reader to
judge which are false).

    python benchmarks/mutation_eval.py [--shared DIR] [--per-kind N] [--quiet]

Targets (issue 9): recall >= 0.9, <= 0.2 unrelated new findings per mutant, <= 0.3 false
error/warning findings per unchanged notice.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter import extract as X  # noqa: E402
from linter.config import Config  # noqa: E402
from linter.engine import Linter  # noqa: E402
from linter.model import Severity  # noqa: E402
from benchmarks.realnotices import Input, lint, load_inputs  # noqa: E402

# Hand-written changes (notice, side, old text, new text): values named in issue 9 and others a
# reader would change; a change the extractors do not see still counts.
HAND = [
    ("opennorth-marketing-lead-2013", "fr", "38 000$", "36 000$"),
    ("opennorth-marketing-lead-2013", "en", "$32,000", "$33,000"),
    ("opennorth-marketing-lead-2013", "fr", "24 juin 2013", "25 juin 2013"),
    ("opennorth-marketing-lead-2013", "en", "June 24th, 2013", "June 26th, 2013"),
    ("cds-localization-specialist-2024", "fr", "IT-03", "IT-02"),
    ("cds-localization-specialist-2024", "en", "IT-03", "IT-04"),
    ("cds-admin-officer-2023", "fr", "AS-02", "AS-03"),
    ("lehub-quebec-lead-2024", "fr", "28,85 $", "27,85 $"),
    ("lehub-quebec-lead-2024", "en", "$28.85", "$29.85"),
    ("lehub-quebec-lead-2024", "fr", "3 semaines", "4 semaines"),
    ("cds-admin-officer-2023", "fr", "quatre autres membres", "cinq autres membres"),
    ("cds-admin-officer-2023", "en", "four other members", "three other members"),
    ("cds-ceo-2022", "fr", "quatre premières années", "cinq premières années"),
    ("opennorth-marketing-lead-2013", "fr", "info@nordouvert.ca", "info@nordouvert.com"),
    ("opennorth-marketing-lead-2013", "en", "opennorth.ca/team", "opennorth.ca/teams"),
]

NUMBER_WORDS = {
    "en": ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    "fr": ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"],
}


# ---------------------------------------------------------------------------------- mutants

def _bump_digit(s: str) -> str | None:
    """The value with its last significant digit changed (38,000 -> 37,000; 28.85 -> 28.86)."""
    idx = [i for i, c in enumerate(s) if c.isdigit()]
    if not idx:
        return None
    nz = [i for i in idx if s[i] != "0"]
    i = nz[-1] if nz else idx[-1]
    c = s[i]
    new = "1" if c == "9" else str(int(c) + 1)
    if c == "9" and i == idx[0]:
        new = "8"
    return s[:i] + new + s[i + 1:]


def _change(q, lang: str) -> str | None:
    t = q.text
    if q.kind in ("url", "email"):
        # one character of the path / mailbox changed: a slip, not a twin page
        body = t.rstrip("/")
        lead = 7 if body.lower().startswith("mailto:") else 0
        m = (re.search(r"[a-z](?=[a-z]*[^a-z]*$)", body[len(body) // 2:]) if q.kind == "url"
             else re.search(r"[a-z]", body[lead:]))
        if not m:
            return None
        i = (len(body) // 2 if q.kind == "url" else lead) + m.start()
        c = body[i]
        return body[:i] + ("x" if c != "x" else "y") + body[i + 1:] + t[len(body):]
    if q.kind == "number" and q.word:
        words = NUMBER_WORDS[lang]
        w = t.lower()
        if w in words:
            new = words[(words.index(w) + 1) % len(words)]
            return new.capitalize() if t[:1].isupper() else new
        return None
    if q.kind == "date" and not any(c.isdigit() for c in t):
        return None  # a month alone ("avril" of "avril à décembre 2024")
    if q.kind == "date" and isinstance(q.value, tuple) and q.value[2] is None:
        return None  # month and year: its digits are the year, handled as a date below
    return _bump_digit(t)


def _valid(q, new, line, lang) -> bool:
    """The changed text still reads as a value of the same kind, with another value."""
    if q.kind in ("url", "email"):
        return True
    t = line[:q.start] + new + line[q.end:]
    got = [r for r in X.find_all(t, lang) if r.kind == q.kind and r.start == q.start]
    return bool(got) and got[0].value != q.value


KIND_OF = {"amount": "amount", "number": "count", "date": "date", "time": "time", "duration": "duration",
           "url": "link", "email": "e-mail", "code": "code", "phone": "phone", "post": "code", "level": None}


def value_mutants(inp: Input, per_kind: int):
    """(kind, side, line index in side, new side lines, description) for found values."""
    by_kind = defaultdict(list)
    for side in ("en", "fr"):
        lines, _ = inp.lines(side)
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            for q in X.find_all(line, side):
                kind = KIND_OF.get(q.kind)
                if q.kind == "number" and q.unit == "%":
                    kind = "percentage"
                if q.kind == "duration" and q.unit == "hour":
                    kind = "hours"
                if not kind:
                    continue
                if q.kind == "number" and any(d.start <= q.start < d.end for d in X.find_durations(line, side)):
                    continue  # the duration's own mutant covers it
                new = _change(q, side)
                if not new or new == q.text:
                    continue
                if not _valid(q, new, line, side):
                    continue  # "December 32st": not a value any more
                if q.kind == "number" and q.word:
                    kind = "count-words"
                new_line = line[:q.start] + new + line[q.end:]
                new_lines = lines[:i] + [new_line] + lines[i + 1:]
                by_kind[kind].append((kind, side, i, new_lines, f"{q.text!r} -> {new!r}"))
    out = []
    for kind, items in by_kind.items():
        # spread over the notice and both sides
        step = max(1, len(items) // per_kind)
        out.extend(items[::step][:per_kind])
    return out


def hand_mutants(inp: Input):
    out = []
    for name, side, old, new in HAND:
        if name != inp.name:
            continue
        lines, _ = inp.lines(side)
        for i, line in enumerate(lines):
            if old in line:
                out.append(("hand", side, i, lines[:i] + [line.replace(old, new, 1)] + lines[i + 1:], f"{old!r} -> {new!r}"))
                break
        else:
            out.append(("hand", side, None, None, f"{old!r} not in the {side} text"))
    return out


def deletion_mutants(inp: Input, per_kind: int):
    out = {"bullet-deleted": [], "paragraph-deleted": []}
    for side in ("en", "fr"):
        lines, _ = inp.lines(side)
        for i, line in enumerate(lines):
            s = line.strip()
            if re.match(r"^(?:[-*•]|[0-9]+\.)\s+\S", s) and len(s) > 30 and not s.isupper():
                out["bullet-deleted"].append(("bullet-deleted", side, i, lines[:i] + lines[i + 1:], s[:50]))
            elif (len(s) > 120 and not s.startswith(("#", "|", "-", "*")) and (i == 0 or not lines[i - 1].strip())
                  and (i + 1 >= len(lines) or not lines[i + 1].strip())):
                out["paragraph-deleted"].append(("paragraph-deleted", side, i, lines[:i] + lines[i + 1:], s[:50]))
    res = []
    for items in out.values():
        step = max(1, len(items) // per_kind)
        res.extend(items[::step][:per_kind])
    return res


# ---------------------------------------------------------------------------------- scoring

def key(d):
    return (d.rule, d.message, d.en and d.en.line, d.fr and d.fr.line)


def counterpart_lines(notice, side, file_line):
    """The other side's lines of the pair holding `file_line` on `side` (1-based, file lines)."""
    other = "fr" if side == "en" else "en"
    for p in notice.pairs:
        for b in getattr(p, side):
            if b.line <= file_line <= b.end_line:
                return [(o.line, o.end_line) for o in getattr(p, other)]
    return []


def score_mutant(linter, inp, base, base_keys, side_off, mutant, d: Path):
    """Lint one mutant: (changed line in the linted file, new findings at the change, other new findings),
    or None for a deletion of a block the other version lacks (it removes an inconsistency).

    A value mutant is found by a new finding at the changed line on the changed side; a deletion by a
    new finding at the counterpart block on the other side (one line either way) or an NL303. Other
    new findings are unrelated (counted for value mutants only: a deletion moves the lines after it).
    """
    kind, side, i, new_lines = mutant
    margs, moff = inp.write(d, side, new_lines)
    r = lint(linter, margs)
    new = [x for x in r.diagnostics if key(x) not in base_keys]
    line = i + 1 + (inp.lines(side)[1] + moff[side])
    if not kind.endswith("deleted"):
        def at(x):
            loc = getattr(x, side)
            return loc is not None and loc.line <= line <= loc.end_line
    else:
        other = "fr" if side == "en" else "en"
        spans = counterpart_lines(base.notice, side, i + 1 + side_off[side])
        if not spans:
            return None

        def at(x):
            loc = getattr(x, other)
            if loc is not None and any(s - 1 <= loc.line <= e + 1 for s, e in spans):
                return True
            return x.rule == "NL303"
    found = [x for x in new if at(x)]
    others = [x for x in new if not at(x)] if not kind.endswith("deleted") else []
    return line, found, others


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("NOTICELINT_TEST_SHARED") or str(ROOT.parent / "shared"))
    ap.add_argument("--per-kind", type=int, default=4, help="value mutants per kind per notice")
    ap.add_argument("--quiet", action="store_true", help="no per-mutant lines")
    a = ap.parse_args(argv)
    inputs = load_inputs(Path(a.shared))
    if not inputs:
        print(f"no real notices in {a.shared} (give --shared DIR)")
        return 2
    linter = Linter(Config(embeddings=False))
    hits, totals = defaultdict(int), defaultdict(int)
    unrelated, mutants = 0, 0
    baseline_rows = []
    misses = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for inp in inputs:
            args, off = inp.write(d)
            base = lint(linter, args)
            if inp.nato_file is not None:
                inp.fr_start = min(b.line for p in base.notice.pairs for b in p.fr) - 1
            base_keys = {key(x) for x in base.diagnostics}
            for x in base.diagnostics:
                if x.severity >= Severity.WARNING:
                    baseline_rows.append((inp, x))
            side_off = {}
            for side in ("en", "fr"):
                _, o = inp.lines(side)
                side_off[side] = o + off[side]
            muts = value_mutants(inp, a.per_kind) + hand_mutants(inp) + deletion_mutants(inp, max(1, a.per_kind // 2))
            for kind, side, i, new_lines, what in muts:
                totals[kind] += 1
                if new_lines is None:
                    misses.append(f"{inp.name} [{inp.form}] {kind} {side}: {what}")
                    continue
                scored = score_mutant(linter, inp, base, base_keys, side_off, (kind, side, i, new_lines), d)
                if scored is None:
                    # deleting a block the other version lacks removes an inconsistency
                    totals[kind] -= 1
                    continue
                line, found, others = scored
                mutants += 1
                if found:
                    hits[kind] += 1
                else:
                    misses.append(f"{inp.name} [{inp.form}] {kind} {side}:{line} {what}")
                unrelated += len(others)
                if others and not a.quiet:
                    for x in others:
                        print(f"# unrelated: {inp.name} [{inp.form}] {kind} {side}:{line} {what}: {x.rule} "
                              f"en:{x.en and x.en.line} fr:{x.fr and x.fr.line} {x.message[:100]}")
    elapsed = time.perf_counter() - t0
    value_kinds = sorted(k for k in totals if not k.endswith("deleted"))
    vh = sum(hits[k] for k in value_kinds)
    vt = sum(totals[k] for k in value_kinds)
    print(f"# {len(inputs)} inputs ({sum(i.form == 'pair' for i in inputs)} pairs, "
          f"{sum(i.form == 'combined' for i in inputs)} combined, {sum(i.form == 'nato' for i in inputs)} NATO), "
          f"{mutants} mutants, {elapsed:.1f} s")
    for k in value_kinds + sorted(k for k in totals if k.endswith("deleted")):
        print(f"recall_{k}: {hits[k]}/{totals[k]} = {hits[k] / max(1, totals[k]):.2f}")
    print(f"recall_values_rules_only: {vh}/{vt} = {vh / max(1, vt):.3f}")
    dk = [k for k in totals if k.endswith("deleted")]
    dh, dt = sum(hits[k] for k in dk), sum(totals[k] for k in dk)
    print(f"recall_deletions_rules_only: {dh}/{dt} = {dh / max(1, dt):.3f}")
    print(f"recall_all_rules_only: {vh + dh}/{vt + dt} = {(vh + dh) / max(1, vt + dt):.3f}")
    vm = sum(totals[k] for k in value_kinds) - sum(1 for m in misses if " not in the " in m)
    print(f"unrelated_new_findings_per_value_mutant: {unrelated}/{vm} = {unrelated / max(1, vm):.3f}")
    per = defaultdict(int)
    for inp, _ in baseline_rows:
        per[(inp.name, inp.form)] += 1
    print(f"unchanged_error_warning_findings_per_notice: {len(baseline_rows)}/{len(inputs)} = "
          f"{len(baseline_rows) / len(inputs):.2f}")
    print("# unchanged notices, error/warning findings (judge each: real or false):")
    for inp, x in baseline_rows:
        print(f"#   {inp.name} [{inp.form}] {x.rule} {x.severity.name.lower()} en:{x.en and x.en.line} "
              f"fr:{x.fr and x.fr.line} {x.message[:110]}")
    print("# misses:")
    for m in misses:
        print(f"#   {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
