"""Which layout a text file has, read before any parser is chosen: Markdown or NATO's plain layout
(`looks_like_markdown`), and a leading YAML front matter block (`front_matter`).

Kept apart from read/markdown.py so that a plain-text notice is read without importing the Markdown
reader (its renderer, patterns and html.entities).
"""

from __future__ import annotations

import re

from ..model import Line

__all__ = ["looks_like_markdown", "front_matter", "numbered_heading", "letters_upper_ratio", "ATX"]

# The two heading lines of a text, defined here once (the reader, the splitter and the segmenter ask):
# a Markdown ATX heading ("## About us"; group 1: its hashes, the level) ...
ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S")
# ... and a numbered heading of NATO's plain layout ("1. SUMMARY"; group 1: the number, 2: the title),
# which `numbered_heading` tells from a numbered list item by its capitals.
# (The title ends at its last non-space greedily: a lazy title before `\s*$` is quadratic in trailing spaces.)
NUMBERED_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(\d{1,2})\s*[.)]\s+(\S(?:.*\S)?)\s*$")
BOLD_START = re.compile(r"^\s*(?:[-*+]\s+)?\*\*[^*\s][^*]{0,120}\*\*")
HARD_BREAK = re.compile(r"\\$|<br\s*/?>", re.I)
FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*((?:.*\S)?)\s*$")  # greedy to the last non-space: linear


def numbered_heading(text: str) -> re.Match | None:
    """The NUMBERED_HEADING match of a section heading line: numbered and in capitals (70 % of its
    letters or more, a title of 120 characters at most: "1. SUMMARY"), or numbered after Markdown
    hashes ("# 2. Duties"); "1. Do this." is a list item."""
    m = NUMBERED_HEADING.match(text)
    if not m:
        return None
    title = m.group(2)
    if text.lstrip().startswith("#") or (letters_upper_ratio(title) >= 0.7 and len(title) <= 120):
        return m
    return None


def letters_upper_ratio(s: str) -> float:
    """The share of capitals among the letters of `s` (0 when it has none)."""
    letters = [c for c in s if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def looks_like_markdown(lines: tuple[Line, ...]) -> bool:
    """Is this text Markdown (read by structure) rather than NATO's plain layout (read by lines)?

    Markdown: an ATX heading (`## About us`) or two lines that start with a bold run
    (`**Location:** ...`), or one such line plus a backslash/`<br>` hard break. Plain layout wins when
    the text numbers its headings in capitals (`1. SUMMARY`) at least twice: a notice written that way
    is read line by line even when a link or a bold word shows up in its prose.
    """
    headings = bold = breaks = plain = 0
    for ln in lines:
        t = ln.text
        if ATX.match(t):
            headings += 1
        elif numbered_heading(t):
            plain += 1
        if BOLD_START.match(t):
            bold += 1
        if HARD_BREAK.search(t):
            breaks += 1
    if plain >= 2:
        return False
    return headings >= 1 or bold >= 2 or (bold >= 1 and breaks >= 1)


def front_matter(lines: tuple[Line, ...]) -> tuple[int, dict[str, tuple[int, int, str]]]:
    """A leading YAML block (`---` ... `---`): (number of lines it spans, {key: (line, column, value)}).

    Only flat `key: value` lines are read (the title is all noticelint needs); (0, {}) when there is none.
    """
    if not lines or lines[0].text.strip() != "---":
        return 0, {}
    found: dict[str, tuple[int, int, str]] = {}
    for i, ln in enumerate(lines[1:60], start=1):
        t = ln.text
        if t.strip() in ("---", "...") and i > 1:
            return (i + 1, found) if found else (0, {})
        m = FRONT_KEY.match(t)
        if m:
            value = m.group(2)
            col = m.start(2) + 1
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value, col = value[1:-1], col + 1
            found[m.group(1).lower()] = (ln.number, col, value)
        elif t.strip() and not t.startswith((" ", "-", "#")):
            return 0, {}
    return 0, {}
