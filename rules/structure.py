"""NL3xx: structure: sections, sub-headings and bullet lists present on one side only or of different length."""

from __future__ import annotations

from itertools import groupby

from linter.model import Finding, Span
from linter.snippet import clip

from .base import ERROR, WARNING, rule
from .common import in_section


@rule("NL301", "section-missing", ERROR)
def section_missing(notice, ctx):
    """A numbered section is in one version only.

    Why it matters: a whole section (contract terms, competencies) that one language never shows.
    """
    for sp in notice.sections:
        if sp.en and sp.fr:
            continue
        sec = sp.en or sp.fr
        side, other = ("English", "French") if sp.en else ("French", "English")
        anchor = Span(sec.heading) if sec.heading else (Span(sec.blocks[0]) if sec.blocks else None)
        if anchor is None:
            continue
        yield Finding(f"section {sec.number}. {sec.title} is in the {side} only; the {other} has no section {sec.number}",
                      anchor if sp.en else None, anchor if sp.fr else None)


@rule("NL302", "subheading-missing", WARNING)
def subheading_missing(notice, ctx):
    """A sub-heading inside a section is in one version only.

    Why it matters: it usually means the block under it was added or dropped on one side.
    """
    for p in notice.pairs:
        if p.en and p.fr:
            continue
        b = (p.en or p.fr)[0]
        if b.kind != "subheading":
            continue
        side = "English" if p.en else "French"
        yield Finding(f"sub-heading {b.text!r} {in_section(p.section)} is in the {side} only",
                      Span(b) if p.en else None, Span(b) if p.fr else None)


def _lists(section):
    bullets = [b for b in section.blocks if b.kind == "bullet"]
    return [list(g) for _, g in groupby(bullets, key=lambda b: b.key)]


@rule("NL303", "bullet-count-mismatch", ERROR)
def bullet_count_mismatch(notice, ctx):
    """A bullet list has a different number of items in the two versions.

    Why it matters: a requirement or duty that exists in one language only. Items split across a
    blank line, or wrapped over several lines, still count once. With embeddings, the lengths may differ
    when every item of both lists is linked to items of the other: the translator merged two items into
    one or split one in two, and nothing is missing (the alignment keeps a link of several items only
    when linter.align.item_merges accepts it).
    """
    for sp in notice.sections:
        if not (sp.en and sp.fr):
            continue
        a, b = _lists(sp.en), _lists(sp.fr)
        if len(a) == len(b):
            groups = list(zip(a, b))
        else:
            # Lists do not correspond one to one (one merged, one missing): compare the section's totals.
            groups = [([x for g in a for x in g], [x for g in b for x in g])] if a and b else []
        for la, lb in groups:
            if len(la) == len(lb):
                continue
            if ctx.similarity is not None and _unlinked(notice, la + lb) is None:
                continue  # every item has a counterpart: items merged or split in translation
            extra = _unlinked(notice, la if len(la) > len(lb) else lb)
            ea = Span(extra) if extra is not None and extra.lang == "en" else Span(la[0])
            fa = Span(extra) if extra is not None and extra.lang == "fr" else Span(lb[0])
            where = f"; the {('English' if extra.lang == 'en' else 'French')} item without a counterpart is {clip(extra.text, 60)!r}" if extra is not None else ""
            yield Finding(f"bullet list {in_section(sp.en.number)} has {len(la)} items in English, {len(lb)} in French{where}",
                          ea, fa)


def _unlinked(notice, blocks):
    """The first of these bullets that alignment left without a counterpart, if any."""
    ids = {id(b) for b in blocks}
    for p in notice.pairs:
        side = p.en or p.fr
        if (not p.en or not p.fr) and side and id(side[0]) in ids:
            return side[0]
    return None
