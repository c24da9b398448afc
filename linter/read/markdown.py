"""Markdown in: CommonMark (markdown-it-py) blocks with their rendered text mapped back to the file.

`looks_like_markdown(lines)` (read/layout.py, re-exported here) decides whether a text file (any
suffix) is Markdown or NATO's plain layout; `parse_markdown(lines)` turns the lines of one version into `MdBlock`s: headings (with their
level), paragraphs, list items (with list id and depth), table rows and thematic breaks. Each block
holds its rendered lines (`MdLine`: split at soft and hard breaks and `<br>`, a soft break marked as such;
a soft break inside a link or an emphasis is the space a renderer shows), whose every character
maps to the exact file line and column it came from, plus its links (`[text](url)`: anchor offsets
in the text, file position of the URL) and which characters were bold. Emphasis markers, escapes,
entities and inline HTML are rendered away; `<br>` is a line break, never text.

markdown-it-py gives line ranges (`token.map`) but not columns, so the columns are recovered by
walking the source alongside the rendered text: every rendered character is found at or after the
previous one, skipping markup, entities and escapes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Line, Link
from .layout import (ATX, BOLD_START, FRONT_KEY, HARD_BREAK,  # noqa: F401 (re-exported)
                     front_matter, looks_like_markdown)

__all__ = ["MdLine", "MdBlock", "looks_like_markdown", "parse_markdown", "front_matter"]

ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
BR = re.compile(r"^<br\s*/?>$", re.I)
LIST_MARKER = re.compile(r"[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]*")
HEADING_MARKER = re.compile(r"[ \t>]*#{1,6}[ \t]*")
# A rendered character is looked for at most this far past the previous one (markup in between).
MAX_SKIP = 512


@dataclass
class MdLine:
    """One rendered line of a block: text, file positions and which characters were bold."""

    text: str
    pieces: list[tuple[int, int, int]]  # (offset in text, file line, column)
    bold: list[bool]
    links: list[Link] = field(default_factory=list)
    soft: bool = False  # the line follows the one before after a soft line break (a renderer's space)

    @property
    def all_bold(self) -> bool:
        marks = [b for c, b in zip(self.text, self.bold) if not c.isspace()]
        return bool(marks) and all(marks)

    @property
    def bold_prefix(self) -> int:
        """Length of the bold run the line starts with (0 when it starts plain)."""
        n = 0
        while n < len(self.text) and self.bold[n]:
            n += 1
        return n

    def cut(self, start: int, end: int | None = None) -> "MdLine":
        """The part [start:end] of this line, stripped of surrounding spaces, positions kept."""
        end = len(self.text) if end is None else end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        pieces = []
        for i, (off, line, col) in enumerate(self.pieces):
            nxt = self.pieces[i + 1][0] if i + 1 < len(self.pieces) else len(self.text)
            lo, hi = max(off, start), min(nxt, end)
            if lo < hi:
                pieces.append((lo - start, line, col + lo - off))
        links = [Link(k.url, max(k.start, start) - start, min(k.end, end) - start, k.line, k.column)
                 for k in self.links if k.end > start and k.start < end]
        return MdLine(self.text[start:end], pieces, self.bold[start:end], links, self.soft)

    def position(self, offset: int) -> tuple[int, int]:
        starts = [p[0] for p in self.pieces]
        i = max(0, bisect_right(starts, offset) - 1)
        off, line, col = self.pieces[i]
        return line, col + offset - off


@dataclass
class MdBlock:
    """A Markdown block: heading | paragraph | item | row | hr, with its rendered lines."""

    kind: str
    line: int
    end_line: int
    lines: list[MdLine] = field(default_factory=list)
    level: int = 0  # heading level; list depth for items
    list_id: int = 0
    cells: list[MdLine] = field(default_factory=list)  # table rows
    header_row: bool = False

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines if ln.text)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Text:
    """The joined source of one version, with file line numbers for each of its lines."""

    def __init__(self, lines: tuple[Line, ...]):
        self.numbers = [ln.number for ln in lines]
        self.src = "\n".join(ln.text for ln in lines)
        self.starts = [0]
        for ln in lines[:-1]:
            self.starts.append(self.starts[-1] + len(ln.text) + 1)

    def where(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(self.starts, pos) - 1)
        return self.numbers[i], pos - self.starts[i] + 1

    def row_start(self, row: int) -> int:
        return self.starts[row] if row < len(self.starts) else len(self.src)

    def row_end(self, row: int) -> int:
        return self.starts[row] - 1 if row < len(self.starts) else len(self.src)


class _Renderer:
    """Renders one inline token to MdLines, walking the source to keep every character's position."""

    def __init__(self, text: _Text, start: int, end: int):
        self.t = text
        self.src = text.src
        self.pos = start
        self.end = end
        self.lines: list[MdLine] = []
        self._chars: list[tuple[str, int, bool]] = []
        self._links: list[Link] = []
        self.bold = 0
        self.emphasis = 0  # open *emphasis* and **strong** runs
        self._soft = False  # the line being built follows a soft break

    def _find(self, c: str) -> tuple[int, int] | None:
        """(position of c, position after it) at or after the cursor, skipping markup."""
        src, p = self.src, self.pos
        stop = min(self.end, p + MAX_SKIP)
        while p < stop:
            ch = src[p]
            if ch == "&":  # an entity is one character: `&nbsp;` never stands for a literal `&`
                m = ENTITY.match(src, p)
                if m:
                    from html import unescape  # html.entities: only for a file holding an entity

                    if unescape(m.group()) == c:
                        return p, m.end()
                    p = m.end()
                    continue
            if ch == c or (c == " " and ch == "\n"):  # a line ending rendered as a space (inside a code span)
                return p, p + 1
            if ch == "\\" and p + 1 < self.end and src[p + 1] == c:
                return p + 1, p + 2
            p += 1
        return None

    def emit(self, content: str) -> None:
        for c in content:
            hit = self._find(c)
            if c == "\u00ad":  # soft hyphens (pasted from Word) are invisible: not text, as in plain notices
                if hit is not None:
                    self.pos = hit[1]
                continue
            if hit is None:  # not in the source (a normalised character): point at the cursor
                at = min(self.pos, max(0, len(self.src) - 1))
            else:
                at, self.pos = hit
            self._chars.append((c, at, self.bold > 0))

    def newline(self, soft: bool = False) -> None:
        nl = self.src.find("\n", self.pos, self.end)
        if nl >= 0:
            self.pos = nl + 1
        self.flush()
        self._soft = soft

    def space(self) -> None:
        """A soft line break inside a link or an emphasis: the space a renderer shows, at the line end."""
        nl = self.src.find("\n", self.pos, self.end)
        at = nl if nl >= 0 else min(self.pos, max(0, len(self.src) - 1))
        if nl >= 0:
            self.pos = nl + 1
        self._chars.append((" ", at, self.bold > 0))

    def flush(self) -> None:
        chars = self._chars
        text = "".join(c for c, _, _ in chars)
        pieces: list[tuple[int, int, int]] = []
        prev = None
        prev_literal = True
        src = self.src
        for i, (c, at, _) in enumerate(chars):
            # A decoded entity (&nbsp; for U+00A0) is a piece of its own, at the entity's column.
            literal = at < len(src) and src[at] == c
            if prev is None or at != prev + 1 or not literal or not prev_literal:
                line, col = self.t.where(at)
                pieces.append((i, line, col))
            prev, prev_literal = at, literal
        self.lines.append(MdLine(text, pieces, [b for _, _, b in chars], self._links, self._soft).cut(0))
        self._chars, self._links = [], []
        self._soft = False

    def render(self, children) -> list[MdLine]:
        link_start: list[tuple[int, str, bool]] = []
        for tok in children:
            ty = tok.type
            if ty in ("text", "text_special", "code_inline"):
                self.emit(tok.content)
            elif ty == "softbreak" and (link_start or self.emphasis):
                # Hard-wrapped link text or emphasis (`[lab` / `handbook](...)`) is one run, as rendered.
                self.space()
            elif ty in ("softbreak", "hardbreak"):
                self.newline(soft=ty == "softbreak")
            elif ty == "html_inline":
                at = self.src.find(tok.content, self.pos, self.end)
                if at >= 0:
                    self.pos = at + len(tok.content)
                if BR.match(tok.content.strip()):
                    self.flush()
            elif ty == "strong_open":
                self.bold += 1
                self.emphasis += 1
            elif ty == "strong_close":
                self.bold = max(0, self.bold - 1)
                self.emphasis = max(0, self.emphasis - 1)
            elif ty == "em_open":
                self.emphasis += 1
            elif ty == "em_close":
                self.emphasis = max(0, self.emphasis - 1)
            elif ty == "link_open":
                link_start.append((len(self._chars), tok.attrs.get("href", ""), tok.markup == "autolink"))
            elif ty == "link_close" and link_start:
                start, href, auto = link_start.pop()
                self._close_link(start, href, auto)
            elif ty == "image":
                self._skip_destination()
        self.flush()
        return self.lines

    def _close_link(self, start: int, href: str, auto: bool) -> None:
        end = len(self._chars)
        if auto:
            at = self._chars[start][1] if start < end else self.pos
            line, col = self.t.where(at)
            self._links.append(Link(href, start, end, line, col))
            gt = self.src.find(">", self.pos, self.end)
            self.pos = gt + 1 if gt >= 0 else self.pos
            return
        url_at = self._skip_destination()
        if url_at is None:
            url_at = self._chars[start][1] if start < end else self.pos
        line, col = self.t.where(url_at)
        # Offsets are fixed when the line is flushed and cut; store them relative to the raw line.
        self._links.append(Link(href, start, end, line, col))

    def _skip_destination(self) -> int | None:
        """Move past `](url "title")`; the source position of the URL, or None (reference link)."""
        src = self.src
        q = src.find("](", self.pos, min(self.end, self.pos + MAX_SKIP))
        if q < 0:
            close = src.find("]", self.pos, min(self.end, self.pos + MAX_SKIP))
            if close >= 0:
                self.pos = close + 1
            return None
        p = q + 2
        while p < self.end and src[p] in " \t\n":
            p += 1
        if p < self.end and src[p] == "<":
            p += 1
            url_at = p
            gt = src.find(">", p, self.end)
            p = gt + 1 if gt >= 0 else p
        else:
            url_at = p
            depth = 0
            while p < self.end and not src[p].isspace():
                if src[p] == "(":
                    depth += 1
                elif src[p] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                p += 1
        close = p
        depth = 0
        while close < self.end and src[close] != ")":
            close += 1
        self.pos = min(self.end, close + 1)
        return url_at


def _span(text: _Text, tok) -> tuple[int, int]:
    """Source offsets [start, end) of the rows a block token covers."""
    start = text.row_start(tok.map[0])
    end = text.row_end(tok.map[1]) if tok.map[1] < len(text.starts) else len(text.src)
    return start, end


def _render(text: _Text, tok, skip: re.Pattern | None = None) -> list[MdLine]:
    start, end = _span(text, tok)
    if skip is not None:
        m = skip.match(text.src, start)
        if m:
            start = m.end()
    return _Renderer(text, start, end).render(tok.children or [])


def parse_markdown(lines: tuple[Line, ...]) -> tuple[list[MdBlock], dict[str, tuple[int, int, str]]]:
    """The Markdown blocks of one version's lines, and its front matter ({} when none)."""
    span, meta = front_matter(lines)
    if span:
        lines = tuple(Line(ln.number, "") if i < span else ln for i, ln in enumerate(lines))
    text = _Text(lines)
    tokens = _parser().parse(text.src)
    blocks: list[MdBlock] = []
    list_ids: list[int] = []
    item_stack: list[MdBlock | None] = []
    next_list = 0
    row: MdBlock | None = None
    in_head = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        ty = tok.type
        if ty in ("bullet_list_open", "ordered_list_open"):
            next_list += 1
            list_ids.append(next_list)
        elif ty in ("bullet_list_close", "ordered_list_close"):
            list_ids.pop()
        elif ty == "list_item_open":
            item_stack.append(None)
        elif ty == "list_item_close":
            item_stack.pop()
        elif ty == "heading_open":
            inline = tokens[i + 1]
            first, last = _rows(text, tok)
            blocks.append(MdBlock("heading", first, last, _render(text, inline, HEADING_MARKER), level=int(tok.tag[1])))
            i += 2
        elif ty == "paragraph_open":
            inline = tokens[i + 1]
            first, last = _rows(text, tok)
            if item_stack:
                item = item_stack[-1]
                if item is None:
                    item = MdBlock("item", first, last, _render(text, inline, LIST_MARKER),
                                   level=len(list_ids), list_id=list_ids[-1])
                    item_stack[-1] = item
                    blocks.append(item)
                else:  # a second paragraph of the same item (a loose list) carries on the item
                    item.lines.extend(_render(text, inline))
                    item.end_line = last
            else:
                blocks.append(MdBlock("paragraph", first, last, _render(text, inline)))
            _drop_trailing_backslash(blocks[-1])
            i += 2
        elif ty == "thead_open":
            in_head = True
        elif ty == "thead_close":
            in_head = False
        elif ty == "tr_open":
            first, last = _rows(text, tok)
            row = MdBlock("row", first, last, header_row=in_head)
            blocks.append(row)
            # The cells of a row share its source line: each is looked for after the one before.
            row_pos, row_end = _span(text, tok)
        elif ty == "inline" and row is not None:
            cell = _Renderer(text, row_pos, row_end)
            row.cells.extend(cell.render(tok.children or []) or [MdLine("", [], [])])
            row_pos = cell.pos
        elif ty == "tr_close":
            if row is not None:
                row.lines = [c for c in row.cells if c.text][:1]
            row = None
        elif ty == "hr":
            first, last = _rows(text, tok)
            blocks.append(MdBlock("hr", first, last))
        i += 1
    return blocks, meta


def _drop_trailing_backslash(block: MdBlock) -> None:
    """A `\\` ending a paragraph is a hard break its writer meant, not text (CommonMark keeps it)."""
    if block.lines and block.lines[-1].text.endswith("\\"):
        block.lines[-1] = block.lines[-1].cut(0, len(block.lines[-1].text) - 1)


def _rows(text: _Text, tok) -> tuple[int, int]:
    a, b = tok.map
    return text.numbers[a], text.numbers[max(a, min(b, len(text.numbers)) - 1)]
