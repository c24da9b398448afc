"""Helpers shared by rules: the text of a pair's side, spans inside it, pairing of unequal values."""

from __future__ import annotations

from itertools import zip_longest
from typing import Callable, Iterable, Sequence

from linter.model import Block, Finding, Notice, Pair, Span


def joined(blocks: Sequence[Block]) -> str:
    return " ".join(b.text for b in blocks)


def span_in(blocks: Sequence[Block], start: int = 0, end: int | None = None) -> Span | None:
    """The Span of [start, end) in the blocks' joined text (blocks are joined by one space)."""
    if not blocks:
        return None
    offset = 0
    for b in blocks:
        if start <= offset + len(b.text) or b is blocks[-1]:
            s = max(0, start - offset)
            e = None if end is None else max(s, min(len(b.text), end - offset))
            return Span(b, s, e)
        offset += len(b.text) + 1
    return Span(blocks[-1])


def both_sides(notice: Notice, kinds: Iterable[str] | None = None) -> Iterable[Pair]:
    """Linked pairs (both sides present), optionally of some block kinds only."""
    wanted = set(kinds) if kinds else None
    for p in notice.pairs:
        if p.en and p.fr and (wanted is None or p.kind in wanted):
            yield p


def unmatched(en_items: Sequence, fr_items: Sequence, same: Callable[[object, object], bool]):
    """Items of each side with no equal item on the other (multiset difference), paired in order.

    Yields (en_item | None, fr_item | None): a changed value comes out as one pair, a value present
    on one side only as a pair with None.
    """
    fr_left = list(fr_items)
    en_left = []
    for a in en_items:
        for i, b in enumerate(fr_left):
            if same(a, b):
                del fr_left[i]
                break
        else:
            en_left.append(a)
    yield from zip_longest(en_left, fr_left)


def field_pair(notice: Notice, key: str) -> Pair | None:
    for p in notice.pairs:
        block = (p.en or p.fr)[0]
        if block.kind == "field" and block.key == key:
            return p
    return None


def title_pair(notice: Notice) -> Pair | None:
    for p in notice.pairs:
        if (p.en or p.fr)[0].kind == "title":
            return p
    return None


def differences(en_items, fr_items, same, what: str, en_at, fr_at, show=lambda q: q.text, suggest=None):
    """Findings for values one side states and the other does not, in their three shapes.

    `en_at(item or None)` / `fr_at(...)` give the Span for an item (None: the side as a whole);
    `suggest(a, b)` the fix for a changed value.
    """
    for a, b in unmatched(en_items, fr_items, same):
        if a is not None and b is not None:
            yield Finding(f"{what} differs: English {show(a)}, French {show(b)}", en_at(a), fr_at(b),
                          suggestion=suggest(a, b) if suggest else None)
        elif a is not None:
            yield Finding(f"{what} {show(a)} is in the English only", en_at(a), fr_at(None))
        elif b is not None:
            yield Finding(f"{what} {show(b)} is in the French only", en_at(None), fr_at(b))
