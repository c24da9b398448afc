"""How trust.py judges a finding against the reading gold, and adds the judgements up.

A finding is "at" a gold defect when its EN location's lines overlap the defect's EN range, or its
FR location's lines the defect's FR range; for content missing on one side (that side's range is
null), also when the finding points at the lacking side's `where` line, one line either way.
A defect is found when a finding at it is an error or a warning (`found`), or any finding, info
included (`found_any`).

Each error/warning finding of a notice gets one status:

- `at-defect`: at a gold defect (right);
- `right`: a reader judged it right in benchmarks/trust/verdicts.json though no gold defect covers it;
- `judged-false`: judged false in verdicts.json, or at a place the gold reader listed as not counted;
- `unjudged`: anything else, in a notice whose gold is complete (never counted as right);
- `no-gold`: in a notice nobody has read completely (counted per notice, not as right or false).

Info findings are `info` and only count towards `found_any`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

NOT_RIGHT = ("judged-false", "unjudged")


@dataclass(frozen=True)
class Found:
    """One finding as the benchmark reads it: rule, severity (1 info, 2 warning, 3 error), lines per side."""

    rule: str
    severity: int
    en: tuple[int, int] | None
    fr: tuple[int, int] | None
    message: str

    @classmethod
    def of(cls, d) -> "Found":
        return cls(d.rule, int(d.severity), _lines(d.en), _lines(d.fr), d.message)

    def lines(self, side: str):
        return self.en if side == "en" else self.fr

    def as_json(self) -> dict:
        return {"rule": self.rule, "severity": ("", "info", "warning", "error")[self.severity],
                "en": list(self.en) if self.en else None, "fr": list(self.fr) if self.fr else None,
                "message": self.message}


def _lines(loc):
    """(first, last) file line of a diagnostic's location on one side, or None."""
    if loc is None:
        return None
    return loc.line, max(loc.line, loc.end_line or loc.line)


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def at(f: Found, d) -> bool:
    """Is finding f at gold defect d (a benchmarks.realnotices.Defect)?"""
    for side in ("en", "fr"):
        rng = getattr(d, side)
        if rng is not None:
            if _overlap(f.lines(side), rng):
                return True
        elif d.where.get(side) is not None:
            w = d.where[side]
            if _overlap(f.lines(side), (w - 1, w + 1)):
                return True
    return False


def not_counted(f: Found, gold) -> bool:
    """Is the finding on lines the gold reader listed as deliberately not counted (on every side it points at)?"""
    for en, fr, _ in gold.not_counted:
        sides = [(f.en, en), (f.fr, fr)]
        pointed = [(a, b) for a, b in sides if a is not None]
        if pointed and all(b is not None and _overlap(a, b) for a, b in pointed):
            return True
    return False


# ---------------------------------------------------------------------------------- verdicts

def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def verdict_key(notice: str, f: Found) -> dict:
    """The key a verdict is written with: notice, rule, EN and FR first lines, a short text of the message."""
    return {"notice": notice, "rule": f.rule, "en": f.en[0] if f.en else None, "fr": f.fr[0] if f.fr else None,
            "text": re.sub(r"\s+", " ", f.message).strip()[:60]}


class Verdicts:
    """benchmarks/trust/verdicts.json: {"verdicts": [{notice, rule, en, fr, text, verdict: right|false, why, reader}]}.

    A verdict applies to a finding of the same notice and rule whose message holds the verdict's text
    (spaces and case aside) and whose first EN and FR lines are each within 2 lines of the verdict's
    (a side the verdict leaves null must be absent from the finding): lines move a little when the
    segmenter changes; the text keeps a verdict from judging another value on the same line.
    """

    NEAR = 2

    def __init__(self, entries=()):
        self.by_notice = defaultdict(list)
        for v in entries:
            if v.get("verdict") not in ("right", "false"):
                raise ValueError(f"verdict {v.get('verdict')!r} of {v.get('notice')} {v.get('rule')}: right or false")
            self.by_notice[v["notice"]].append(v)

    @classmethod
    def load(cls, path: Path) -> "Verdicts":
        if not path.exists():
            return cls()
        return cls(json.loads(path.read_text("utf-8")).get("verdicts", []))

    def judge(self, notice: str, f: Found) -> str | None:
        for v in self.by_notice.get(notice, ()):
            if v["rule"] != f.rule or _norm(v.get("text", "")) not in _norm(f.message):
                continue
            if all(self._near(v.get(side), f.lines(side)) for side in ("en", "fr")):
                return v["verdict"]
        return None

    def _near(self, line, rng) -> bool:
        if line is None or rng is None:
            return line is None and rng is None
        return abs(rng[0] - line) <= self.NEAR


# ---------------------------------------------------------------------------------- one notice

def score(notice: str, findings: list[Found], gold, verdicts: Verdicts) -> dict:
    """Each finding's status and each defect's found / found_any (see the module docstring)."""
    defects = {}
    if gold is not None:
        for d in gold.defects:
            hits = [f for f in findings if at(f, d)]
            defects[d.id] = {"found": any(f.severity >= 2 for f in hits), "found_any": bool(hits)}
    rows = []
    for f in findings:
        if f.severity < 2:
            status = "info"
        elif gold is not None and any(at(f, d) for d in gold.defects):
            status = "at-defect"
        else:
            v = verdicts.judge(notice, f)
            if v == "right":
                status = "right"
            elif v == "false" or (gold is not None and not_counted(f, gold)):
                status = "judged-false"
            elif gold is None or not gold.complete:
                status = "no-gold"
            else:
                status = "unjudged"
        rows.append((f, status))
    return {"defects": defects, "rows": rows}


# ---------------------------------------------------------------------------------- adding up

def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.2f}" if b else "-"


def summarise(records: list[dict]) -> dict:
    """Figures of a set of scored notices. A record: name, publisher, gold (Gold or None), score (above)."""
    rec = Counter()
    by_kind, by_pub = defaultdict(Counter), defaultdict(Counter)
    false_by_rule, false_by_sev, false_by_pub = Counter(), Counter(), Counter()
    status = Counter()
    complete = no_gold_notices = no_gold_findings = 0
    notices_by_pub = Counter()
    worst = []
    for r in records:
        g, s = r["gold"], r["score"]
        serious = [(f, st) for f, st in s["rows"] if f.severity >= 2]
        worst.append((len(serious), sum(st in NOT_RIGHT for _, st in serious), r["name"]))
        if g is None or not g.complete:
            no_gold_notices += 1
            no_gold_findings += len(serious)
        else:
            complete += 1
            notices_by_pub[r["publisher"]] += 1
            for f, st in serious:
                status[st] += 1
                if st in NOT_RIGHT:
                    false_by_rule[f.rule] += 1
                    false_by_sev[("", "info", "warning", "error")[f.severity]] += 1
                    false_by_pub[r["publisher"]] += 1
        if g is None:
            continue
        for d in g.defects:
            hit = {k: int(v) for k, v in s["defects"][d.id].items()}
            for key, c in (("all", rec), (d.label, by_kind[d.label]), (r["publisher"], by_pub[r["publisher"]])):
                if key == "all":
                    c.update({"n": 1, "found": hit["found"], "found_any": hit["found_any"]})
                    if not d.minor:
                        c.update({"n_major": 1, "found_major": hit["found"], "found_any_major": hit["found_any"]})
                else:
                    c.update({"n": 1, "found": hit["found"], "found_any": hit["found_any"]})
    not_right = status["judged-false"] + status["unjudged"]
    return {
        "notices": len(records), "complete_gold": complete,
        "recall": dict(rec), "recall_by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "recall_by_publisher": {k: dict(v) for k, v in sorted(by_pub.items())},
        "statuses": dict(status), "not_right": not_right,
        "not_right_per_notice": round(not_right / complete, 3) if complete else None,
        "not_right_by_rule": dict(false_by_rule.most_common()),
        "not_right_by_severity": dict(false_by_sev),
        "not_right_by_publisher": {p: {"findings": false_by_pub[p], "notices": n} for p, n in sorted(notices_by_pub.items())},
        "no_gold": {"notices": no_gold_notices, "error_warning_findings": no_gold_findings},
        "worst": [{"notice": n, "error_warning": a, "not_right": b} for a, b, n in sorted(worst, key=lambda x: (-x[0], x[2]))[:8] if a],
    }
