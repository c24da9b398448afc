"""Rule documentation from one source: the rule's docstring and its example notices under examples/rules/."""

from __future__ import annotations

import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "rules"
EXPECT = re.compile(r"<!--\s*expect:\s*(.*?)\s*-->")


def example_dir(rule) -> Path:
    return EXAMPLES / f"{rule.code}-{rule.name}"


def examples(rule) -> dict[str, Path]:
    """{'bad': path, 'good': path} for the rule's example notices (whichever exist)."""
    d = example_dir(rule)
    out = {}
    for kind in ("bad", "good"):
        found = sorted(d.glob(f"{kind}.*")) if d.is_dir() else []
        if found:
            out[kind] = found[0]
    # Most rules pass on the shared good notice, which writes every fact both ways correctly.
    out.setdefault("good", EXAMPLES.parent / "good.md")
    return out


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
    for kind, title in (("bad", "Example (fails)"), ("good", "Use instead (passes)")):
        if kind in ex:
            text = _excerpt(ex[kind])
            lines += [f"## {title}", "", f"From `{ex[kind].relative_to(EXAMPLES.parent.parent)}`:", "", "```", text, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _excerpt(path: Path) -> str:
    """The lines of an example that matter: those a rule reports on, with a little context."""
    text = path.read_text("utf-8")
    lines = [ln for ln in text.splitlines() if not EXPECT.search(ln)]
    marks = [ln for ln in lines if "<!--" not in ln]
    return "\n".join(marks).strip()


def rules_markdown() -> str:
    from rules import all_rules

    parts = ["# noticelint rules", "", "Generated from the rule docstrings and examples/rules/ by "
             "`python -m linter.docs`; tests fail when this file drifts.", "",
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
