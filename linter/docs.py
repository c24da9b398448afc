"""Rule documentation from one source: the rule's docstring, its failing example under examples/rules/ and
the good notice that example was made from (examples/good*.md, or the rule's own), shown by the lines that matter."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "rules"
EXPECT = re.compile(r"<!--\s*expect:\s*(.*?)\s*-->")


def example_dir(rule) -> Path:
    return EXAMPLES / f"{rule.code}-{rule.name}"


# The good notices every rule must pass on, written once: NATO's plain layout, and a Markdown notice
# that writes every body fact (amounts, dates, times, codes, percentages, phones, links) both ways.
GOOD = (EXAMPLES.parent / "good.md", EXAMPLES.parent / "good-facts.md")


def good_examples(rule) -> list[Path]:
    """The good notices a rule must pass on: its own (a rule that needs one, under its folder), then the shared ones."""
    d = example_dir(rule)
    return [*(sorted(d.glob("good.*")) if d.is_dir() else []), *GOOD]


def examples(rule) -> dict[str, Path]:
    """{'bad': path, 'good': path}: the rule's failing example (when it has one) and the good notice
    it was made from (the good notice it differs least from), which the docs show beside it."""
    d = example_dir(rule)
    found = sorted(d.glob("bad.*")) if d.is_dir() else []
    goods = good_examples(rule)
    if not found:
        return {"good": goods[0]}
    bad = _lines(found[0])
    return {"bad": found[0], "good": max(goods, key=lambda g: SequenceMatcher(None, bad, _lines(g), False).ratio())}


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def expectations(path: Path) -> list[tuple[str, int | None, int | None]]:
    """What a failing example declares it must raise: [(code, en line, fr line)]."""
    out = []
    for m in EXPECT.finditer(path.read_text("utf-8")):
        for item in m.group(1).split(";"):
            parts = item.split()
            if not parts:
                continue
            code, en, fr = parts[0], None, None
            for p in parts[1:]:
                k, _, v = p.partition(":")
                if k in ("en", "fr"):
                    val = None if v == "-" else ("*" if v == "*" else int(v))
                    en, fr = (val, fr) if k == "en" else (en, val)
            out.append((code, en, fr))
    return out


def rule_markdown(rule) -> str:
    doc = rule.doc
    first, _, rest = doc.partition("\n")
    lines = [f"# {rule.code} {rule.name}", "", f"Default severity: {rule.severity}."
             + (" Needs embeddings (off with --no-embeddings)." if rule.needs_embeddings else ""), "",
             "## What it checks", "", first.strip(), ""]
    if rest.strip():
        lines += [rest.strip(), ""]
    if rule.options:
        lines += ["## Options", "", f"`[tool.noticelint.rules.{rule.name}]`: "
                  + ", ".join(f"`{k}` (default `{v!r}`)" for k, v in rule.options.items()), ""]
    ex = examples(rule)
    if "bad" in ex:
        bad, good = _excerpts(ex["bad"], ex["good"])
        lines += ["## Example (fails)", "", _from(ex["bad"]), "", "```", bad, "```", "",
                  "## Use instead (passes)", "", _from(ex["good"]), "", "```", good, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _from(path: Path) -> str:
    return f"From `{path.relative_to(EXAMPLES.parent.parent)}` ({len(_lines(path))} lines), the lines that matter:"


CONTEXT = 2  # lines shown on either side of a line that matters (notices put a blank line between paragraphs)


def _excerpts(bad_path: Path, good_path: Path) -> tuple[str, str]:
    """The lines that matter in a failing example and in the good notice it was made from: the lines
    the example declares (`<!-- expect: NL101 en:11 fr:56 -->`) and the lines where the two differ,
    with a little context and their line numbers, marked with `>`."""
    bad, good = _lines(bad_path), _lines(good_path)
    declared = {n for _, en, fr in expectations(bad_path) for n in (en, fr) if isinstance(n, int)}
    marked_bad, marked_good = set(declared), set()
    around_bad: set[int] = set()
    around_good: set[int] = set()
    matcher = SequenceMatcher(None, good, bad, False)
    if matcher.ratio() < 0.5:  # an example written apart from the good notice (a whole shape): its declared lines only
        return _excerpt(bad, marked_bad, around_bad), _excerpt(good, marked_good, around_good)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":  # a declared line the example did not change: the same line of the good notice
            marked_good.update(i1 + n - j1 for n in declared if j1 < n <= j2)
            continue
        changed = [j + 1 for j in range(j1, j2) if bad[j].strip() and not EXPECT.search(bad[j])]
        was = [i + 1 for i in range(i1, i2) if good[i].strip()]
        marked_bad.update(changed)
        marked_good.update(was)
        if was and not changed:  # removed in the example: show where it stood
            around_bad.update((j1, j1 + 1))
        if changed and not was:  # added in the example: show where it would stand
            around_good.update((i1, i1 + 1))
    return _excerpt(bad, marked_bad, around_bad), _excerpt(good, marked_good, around_good)


def _excerpt(lines: list[str], marked: set[int], around: set[int]) -> str:
    """The marked lines and the lines within CONTEXT of a marked or `around` line (1-based), blank
    lines left out, `…` where non-blank lines are skipped."""
    shown = sorted({k for n in marked | around for k in range(n - CONTEXT, n + CONTEXT + 1)
                    if 1 <= k <= len(lines) and lines[k - 1].strip() and not EXPECT.search(lines[k - 1])})
    width = len(str(shown[-1])) if shown else 1
    out, last = [], 0
    for n in shown:
        if any(ln.strip() for ln in lines[last:n - 1]) and out:
            out.append("…")
        out.append(f"{'>' if n in marked else ' '} {n:>{width}}  {lines[n - 1]}")
        last = n
    return "\n".join(out)


def rules_markdown() -> str:
    from rules import all_rules
    from rules.base import SEVERITY_POLICY

    parts = ["# noticelint rules", "", "Generated from the rule docstrings and examples/rules/ by "
             "`python -m linter.docs`; tests fail when this file drifts. Each failing example is shown by "
             "the lines that matter (marked `>`, with their line numbers), beside the same lines of the good "
             "notice it was made from.", "", "## Severity", "", SEVERITY_POLICY.rstrip(), "",
             "| code | name | severity | checks |", "|---|---|---|---|"]
    for r in all_rules():
        parts.append(f"| {r.code} | {r.name} | {r.severity} | {r.summary} |")
    parts.append("")
    for r in all_rules():
        # One level down: each rule is a section of this page.
        parts.append("\n".join("#" + ln if ln.startswith("#") else ln for ln in rule_markdown(r).splitlines()) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(rules_markdown(), "utf-8")
    print(f"wrote {out}")
