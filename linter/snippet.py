"""Short quotes of notice text for messages and reports: cut at a word boundary, with an ellipsis."""

from __future__ import annotations

__all__ = ["clip"]

_TRAIL = " ,;:-–—/(«\"“'"


def clip(text: str, limit: int) -> str:
    """`text` on one line, or its start cut at the last word boundary before `limit` characters, plus "…".

    A quote never ends inside a word ("living with disabil"): a reader takes the cut for a typo.
    A single word longer than the limit (a URL) is cut where it must be.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space >= limit // 3:
        cut = cut[:space]
    return cut.rstrip(_TRAIL) + "…"
