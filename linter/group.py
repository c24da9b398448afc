"""One finding per defect: findings about the same blocks are folded into one, the others kept as its notes.

A bullet missing from the French list makes three rules speak: NL303 (the lists differ in length), NL401
(that bullet has no counterpart) and NL402 (the bullets after it, paired one off, are not similar). A reader
has one thing to fix. The engine calls `fold` once, after every rule ran and suppressions were applied.

Which findings fold: the block-level ones (structure NL3xx and similarity NL4xx), whose place is a whole
block, and whose places meet. A structure finding's place is its container: the whole bullet list for a
list finding, the whole section for a missing section, the whole notice for a split in doubt (NL304: the
file's two versions may be cut at the wrong line, and every block-level finding may come from that) and for
versions that align badly (NL306). Fact findings (NL1xx, NL2xx) are about one value each and never fold: two
different values are two defects; nor does a changed name (NL407), nor a difference of formatting (NL305). Words
dropped inside a pair (NL406) lead a low-similarity finding (NL402) on the same pair: they say what is
missing.

Which one leads: the first in PRECEDENCE (the widest explanation first: a missing section explains its
paragraphs, a list one item short explains the unpaired bullet and the pairs after it), then the most
severe, then the first in the file. The group keeps the highest severity of its members, so folding never
lowers an exit code.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Block, Diagnostic, Finding, Notice

__all__ = ["PRECEDENCE", "fold"]

PRECEDENCE = ("NL304", "NL306", "NL301", "NL302", "NL303", "NL401", "NL404", "NL405", "NL403", "NL406", "NL402")
# A changed name (NL407) is about one value, as fact findings are: it never folds.
NEVER_FOLD = frozenset({"NL407", "NL305"})


def _rank(d: Diagnostic) -> tuple:
    try:
        i = PRECEDENCE.index(d.rule)
    except ValueError:
        i = len(PRECEDENCE)
    loc = d.en or d.fr
    return (i, -int(d.severity), loc.line if loc else 0)


def _place(notice: Notice, f: Finding, rule: str) -> frozenset:
    """The blocks a finding is about, as (lang, first line) pairs; a structure finding's whole container,
    and for a split in doubt (NL304) the whole notice: every structure and similarity finding folds into it."""
    if rule in ("NL304", "NL306"):
        return frozenset((b.lang, b.line) for v in (notice.en, notice.fr) for b in v.blocks())
    out = set()
    for span in (f.en, f.fr):
        if span is None:
            continue
        b = span.block
        out.add((b.lang, b.line))
        if rule.startswith("NL3"):
            out.update((x.lang, x.line) for x in _container(notice, b, rule))
    return frozenset(out)


def _container(notice: Notice, b: Block, rule: str) -> list[Block]:
    """The blocks a structure finding at block `b` is about: a missing section's (NL301) whole section, a
    list finding's whole list; otherwise the block itself (a missing heading is not its section)."""
    version = notice.en if b.lang == "en" else notice.fr
    for sec in version.sections:
        blocks = list(sec.blocks)
        if sec.heading is b and rule == "NL301":
            return [b, *blocks]
        if any(x is b for x in blocks):  # identity: comparing frozen blocks field by field is slow
            if b.kind == "bullet":
                return [x for x in blocks if x.kind == "bullet" and x.key == b.key]
            return [b]
    return [b]


def _note(d: Diagnostic) -> str:
    """'NL402 low-similarity (EN line 31, FR line 76): … (fix: …)': a folded finding, whole."""
    at = ", ".join(f"{side} line {loc.line}" for side, loc in (("EN", d.en), ("FR", d.fr)) if loc is not None)
    return f"{d.rule} {d.name} ({at}): {d.message}" + (f" (fix: {d.suggestion})" if d.suggestion else "")


def fold(notice: Notice, found: list[tuple[Diagnostic, Finding | None]]) -> list[Diagnostic]:
    """The diagnostics with each group of block-level findings about the same blocks made one."""
    block_level = [(d, _place(notice, f, d.rule)) for d, f in found if f is not None and d.rule[:3] in ("NL3", "NL4") and d.rule not in NEVER_FOLD]
    if len(block_level) < 2:
        return [d for d, _ in found]
    # Union the findings whose places meet (transitively: a list finding joins its items' findings).
    parent = list(range(len(block_level)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict = {}  # block → the first finding about it: union by shared block, linear in the findings
    for i, (_, place) in enumerate(block_level):
        for key in place:
            j = first.setdefault(key, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[Diagnostic]] = {}
    for i, (d, _) in enumerate(block_level):
        groups.setdefault(root(i), []).append(d)
    replaced: dict[int, Diagnostic | None] = {}
    for members in groups.values():
        if len(members) == 1:
            continue
        lead, *rest = sorted(members, key=_rank)
        severity = max(m.severity for m in members)
        replaced[id(lead)] = replace(lead, severity=severity, notes=lead.notes + tuple(_note(m) for m in rest))
        for m in rest:
            replaced[id(m)] = None
    out = []
    for d, _ in found:
        new = replaced.get(id(d), d)
        if new is not None:
            out.append(new)
    return out
