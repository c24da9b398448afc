"""NL304: the split of a combined file into its two versions is in doubt (linter/split.py)."""

from __future__ import annotations

from linter.model import Finding, Span

from .base import WARNING, rule


@rule("NL304", "split-in-doubt", WARNING)
def split_in_doubt(notice, ctx):
    """The file holds both versions, and where one ends and the other starts is in doubt.

    Why it matters: a combined file is split where its two halves align best (or at a separator line,
    or at `--split-at LINE`). When even the best split leaves one half less than half the size of the
    other, or two halves that share almost no names, numbers or links, every other structure and
    similarity finding may come from a wrong split rather than from the notice: they are folded into
    this one finding (as its notes) instead of a cascade. Check where the second version starts, and
    give it with `--split-at LINE`, or put a line of `---` between the versions.

    Severity: a warning: it says the tool is unsure where the versions meet, not that the notice is wrong.
    """
    where = notice.split
    if where is None or not where.doubt:
        return
    en = next(iter(notice.en.blocks()), None)
    fr = next(iter(notice.fr.blocks()), None)
    second = "French" if where.first == "en" else "English"
    yield Finding(f"the split of this file into its two versions is in doubt: {where.doubt} "
                  f"(the {second} taken to start at line {where.line}); the structure and similarity findings "
                  "are folded into this one", Span(en) if en else None, Span(fr) if fr else None,
                  suggestion=f"check where the {second} version starts; give it with --split-at LINE, "
                             "or put a line of --- between the two versions")
