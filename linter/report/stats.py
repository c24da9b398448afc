"""--statistics: how many findings each rule made, instead of the findings (ruff's `--statistics`)."""

from __future__ import annotations

import json
from collections import Counter

from ..model import Result

__all__ = ["statistics", "to_statistics_text", "to_statistics_json"]


def statistics(results: list[Result]) -> list[tuple[int, str, str, str]]:
    """(count, code, name, worst severity) per rule that found something, most frequent first."""
    count: Counter = Counter()
    names, worst = {}, {}
    for r in results:
        for d in r.diagnostics:
            count[d.rule] += 1
            names[d.rule] = d.name
            worst[d.rule] = max(worst.get(d.rule, d.severity), d.severity)
    return [(n, code, names[code], str(worst[code])) for code, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))]


def to_statistics_text(results: list[Result], headline: str | None) -> str:
    """One `COUNT  CODE  severity  name` line per rule, counts aligned; then the headline, if any."""
    rows = statistics(results)
    width = max((len(str(n)) for n, *_ in rows), default=1)
    sev = max((len(s) for *_, s in rows), default=0)
    out = [f"{n:>{width}}  {code}  {s:<{sev}}  {name}" for n, code, name, s in rows]
    if headline:
        out.append(headline)
    return "\n".join(out) + "\n" if out else ""


def to_statistics_json(results: list[Result]) -> str:
    """A JSON list of {code, name, severity, count}, as `ruff --statistics --output-format json`."""
    return json.dumps([{"code": code, "name": name, "severity": s, "count": n}
                       for n, code, name, s in statistics(results)], indent=2) + "\n"
