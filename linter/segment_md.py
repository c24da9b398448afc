"""Segment a Markdown version from its parsed structure (read/markdown.py), not from raw lines.

Headings are sections and sub-headings by level: the top-most heading level used in the body makes
sections, deeper levels sub-headings (the front-matter title, or a first H1, an opening heading at a
level of its own, or a one-line opening paragraph, is the notice's title; a level used as paragraph
formatting, `######` on every line, makes paragraphs). Soft line breaks are the renderer's spaces
(read/markdown.py): a bold line that goes on with a wrapped sentence is not a label. Fields are found
in every usual shape, wherever they stand: `Label: value`, `**Label:** value`, `**Label: value**`, a bold label (or a heading that is a field
label) with the value on the next line, `- Label: value`, `| Label | value |`. The header is the
title and the fields right under it; fields further down stay in their section and are aligned by
key there. A short bold line alone (`**Key responsibilities:**`) is a sub-heading. A `Label: value`
line whose label is not a known field (`**Status:** Permanent`) is still a line of its own, never the
wrap of the field above it; among the header's fields it is a banner, as in plain text.
"""

from __future__ import annotations

import re

from .model import Block, Line, Link, Section, Version
from .read.markdown import MdBlock, MdLine, parse_markdown
from .vocab import Vocabulary, is_label_line, vocabulary

# The number of a Markdown heading's text ("## 2. Duties"); what a heading line is, markdown-it decides.
NUMBERED = re.compile(r"^(\d{1,2})\s*[.)]\s+(?=\S)")
SENTENCE_END = re.compile(r"[.!?]\s*$")
# A line that ends a unit (a sentence, a label): the next line after a soft break may start another.
UNIT_END = re.compile(r"[.!?:;]['\"”»)\]*_]*\s*$")
# A heading level used on this many lines at least (more than the paragraphs and bullets, half of them
# sentences) is paragraph formatting (`######` on every line), not a level of sections.
FORMATTING_HEADINGS = 3
# A bold line alone is a label (sub-heading) when it is this short.
LABEL_WORDS = 14


class _Unit:
    """A block being classified: kind, lines, and for fields the key and label."""

    def __init__(self, kind: str, lines: list[MdLine], line: int, level: int = 0, key: str = "", label: str = "",
                 label_line: MdLine | None = None):
        self.kind, self.lines, self.line, self.level, self.key, self.label = kind, lines, line, level, key, label
        self.label_line = label_line  # a field's label line, while its value is still to be found
        self.labelled = False  # a paragraph of one `Label: value` line (bold or not) whose label is not a known field


class MarkdownSegmenter:
    def __init__(self, lang: str, path: str, vocab: Vocabulary | None = None):
        self.lang = lang
        self.path = path
        self.vocab = vocab or vocabulary()

    # -- fields -----------------------------------------------------------------------------------
    def _field(self, ln: MdLine):
        """(key, label, value line) when the line opens with a field label and ':'; else None."""
        fm = self.vocab.match_field(ln.text, self.lang, colon=True)
        if fm is None:
            return None
        value = ln.cut(fm.value_start)
        if fm.key in self.vocab.standalone_fields and value.text:
            return None
        return fm.key, fm.label, value

    @staticmethod
    def _is_label(ln: MdLine) -> bool:
        """A bold line alone, short, that names what follows (`**Key responsibilities:**`), not
        a bold sentence or a bold `Label: value`."""
        t = ln.text.rstrip()
        inner = t[:-1] if t.endswith(":") else t
        return (ln.all_bold and len(t.split()) <= LABEL_WORDS and ": " not in inner
                and not SENTENCE_END.search(inner))

    @staticmethod
    def _opens_with_bold_label(ln: MdLine) -> bool:
        """The line starts with a short bold label and its colon (`**Status:** Permanent`, known
        label or not) and goes on with a value: a field line of its own, never a wrapped line."""
        n = ln.bold_prefix
        if not n or n >= len(ln.text.rstrip()):
            return False
        label = ln.text[:n].rstrip()
        after = ln.text[n:].lstrip()
        if not (label.endswith(":") or after.startswith(":")):
            return False
        label = label.rstrip(":").rstrip()
        return bool(label) and len(label.split()) <= 6 and not SENTENCE_END.search(label)

    def _is_label_line(self, ln: MdLine) -> bool:
        """A `Label: value` line, in bold or not, known label or not (`Status: Permanent`); not a
        label that also opens prose ("To apply: send your CV...", a "standalone" label)."""
        return ((self._opens_with_bold_label(ln) or is_label_line(ln.text))
                and not self.vocab.opens_prose(ln.text.split(":", 1)[0], self.lang))

    # -- units ------------------------------------------------------------------------------------
    def _units(self, blocks: list[MdBlock]) -> list[_Unit]:
        units: list[_Unit] = []
        for b in blocks:
            if b.kind == "heading":
                units.append(_Unit("heading", b.lines, b.line, level=b.level))
            elif b.kind == "item":
                f = self._field(b.lines[0]) if b.lines else None
                if f and (f[2].text or len(b.lines) > 1):
                    units.append(_Unit("field", [f[2], *b.lines[1:]], b.line, key=f[0], label=f[1]))
                else:
                    units.append(_Unit("bullet", b.lines, b.line, level=b.level, key=str(b.list_id)))
            elif b.kind == "row":
                cells = [c for c in b.cells]
                key = self.vocab.label_key(cells[0].text, self.lang) if len(cells) == 2 else None
                if key and cells[1].text:
                    units.append(_Unit("field", [cells[1]], b.line, key=key, label=cells[0].text.rstrip(": ")))
                elif not b.header_row and any(c.text for c in cells):
                    # Column titles ("| Field | Value |") are not notice text; other rows are prose.
                    units.append(_Unit("paragraph", [c for c in cells if c.text], b.line))
            elif b.kind == "paragraph":
                units.extend(self._paragraph_units(b))
        return [u for u in units if u.label_line is not None or any(ln.text for ln in u.lines)]

    def _paragraph_units(self, b: MdBlock) -> list[_Unit]:
        """A paragraph split where a field label or a bold label line starts a line of its own."""
        groups: list[list[MdLine]] = []
        gap = False
        for ln in b.lines:
            if not ln.text:
                gap = True  # two hard breaks in a row (`\` on a line of its own): a visual blank line
                continue
            # A soft break inside an unfinished sentence is a space: a bold line there is the sentence's
            # words (`Apply before` / `**March 31**`), not a label of its own.
            wrapped = ln.soft and bool(groups) and not UNIT_END.search(groups[-1][-1].text)
            new = (gap or not groups or self._field(ln) is not None or (self._is_label(ln) and not wrapped)
                   or self._opens_with_bold_label(ln)
                   # a plain `Label: value` line under a field line is the next field line, not its wrap
                   or (self._is_label_line(ln) and (self._field(groups[-1][0]) is not None
                                                    or self._is_label_line(groups[-1][0])))
                   or (groups[-1] and self._is_label(groups[-1][-1]) and len(groups[-1]) == 1))
            if new:
                groups.append([ln])
            else:
                groups[-1].append(ln)
            gap = False
        out = []
        for g in groups:
            line = g[0].pieces[0][1] if g[0].pieces else b.line
            f = self._field(g[0])
            if f:
                key, label, value = f
                out.append(_Unit("field", [value, *g[1:]] if value.text else g[1:], line, key=key, label=label,
                                 label_line=g[0]))
            elif len(g) == 1 and self._is_label(g[0]):
                out.append(_Unit("label", g, line))
            else:
                u = _Unit("paragraph", g, line)
                u.labelled = len(g) == 1 and self._is_label_line(g[0])
                out.append(u)
        return out

    def _resolve(self, units: list[_Unit]) -> list[_Unit]:
        """Labels and headings with the value on the next line become fields; other labels sub-headings."""
        out: list[_Unit] = []
        i = 0
        while i < len(units):
            u = units[i]
            nxt = units[i + 1] if i + 1 < len(units) else None
            if u.kind == "field" and not u.lines:
                # `**Location:**` alone: the value is the paragraph below it.
                if nxt is not None and nxt.kind == "paragraph":
                    out.append(_Unit("field", nxt.lines, nxt.line, key=u.key, label=u.label))
                    i += 2
                    continue
                out.append(_Unit("subheading", [u.label_line] if u.label_line else [], u.line))
                i += 1
                continue
            if u.kind in ("heading", "label"):
                key = self.vocab.label_key(u.lines[0].text, self.lang) if len(u.lines) == 1 else None
                if u.kind == "heading" and key in self.vocab.standalone_fields:
                    key = None  # "## How to apply": a label that opens prose heads a section
                if key and nxt is not None and nxt.kind == "paragraph" and len(nxt.lines) == 1:
                    out.append(_Unit("field", nxt.lines, nxt.line, key=key, label=u.lines[0].text.rstrip(": ")))
                    i += 2
                    continue
                if u.kind == "label":
                    u = _Unit("subheading", u.lines, u.line)
            out.append(u)
            i += 1
        return [u for u in out if u.lines]

    # -- version ----------------------------------------------------------------------------------
    def segment(self, lines: tuple[Line, ...]) -> Version:
        if not lines:
            return Version(self.lang, self.path, (), (), 1, 1)
        blocks, meta = parse_markdown(lines)
        units = self._resolve(_formatting_headings(self._units(blocks)))
        header: list[Block] = []
        i = 0
        first = units[0] if units else None
        if (first is not None and first.kind == "heading" and first.level == 1 and len(units) > 1
                and (SENTENCE_END.search(first.lines[-1].text) or len(" ".join(ln.text for ln in first.lines).split()) > 20)):
            # An opening H1 that is a sentence ("# UPDATE: the closing date is extended to June 12.") is a
            # banner above the title, not the title.
            header.append(self._block("banner", first.lines))
            i = 1
            first = units[1]
        if first is not None and first.kind == "heading" and _is_title_heading(first, units[i + 1:]):
            first.level = 1  # the page title, whatever its level: the title on each side pairs as the title
        if "title" in meta and not (first is not None and first.kind == "heading" and first.level == 1):
            number, col, value = meta["title"]
            header.append(self._block("title", [MdLine(value, [(0, number, col)], [False] * len(value))]))
        elif first is not None:
            one_line = len(first.lines) == 1 and len(first.lines[0].text.split()) <= 20
            if (first.kind == "heading" and first.level == 1) or (
                    first.kind in ("paragraph", "subheading") and one_line and not SENTENCE_END.search(first.lines[0].text)):
                header.append(self._block("title", first.lines))
                i += 1
        # The fields under the title, and among them the `Label: value` lines of labels that are not
        # known fields (`**Status:** Permanent`): banners of the header, as in plain text.
        while i < len(units) and (units[i].kind == "field" or units[i].labelled):
            u = units[i]
            if u.kind == "field":
                header.append(self._block("field", u.lines, key=u.key, label=u.label))
            else:
                header.append(self._block("banner", u.lines))
            i += 1
        body = units[i:]
        levels = [u.level for u in body if u.kind == "heading"]
        top = min(levels) if levels else 0
        tops = [u for u in body if u.kind == "heading" and u.level == top]
        numbered = bool(tops) and all(NUMBERED.match(u.lines[0].text) for u in tops)
        sections: list[Section] = []
        heading: Block | None = None
        number: int | None = None
        written = True
        cur: list[Block] = []
        started = False
        for u in body:
            if u.kind == "heading" and u.level == top:
                if started or cur:
                    sections.append(Section(self.lang, number, heading, tuple(cur), written))
                started = True
                lines_ = u.lines
                if numbered:
                    m = NUMBERED.match(lines_[0].text)
                    number, written = int(m.group(1)), True
                    lines_ = [lines_[0].cut(m.end()), *lines_[1:]]
                else:
                    number, written = len([s for s in sections if s.heading is not None]) + 1, False
                heading = self._block("heading", lines_)
                cur = []
            elif u.kind == "heading":
                cur.append(self._block("subheading", u.lines))
            else:
                cur.append(self._block(u.kind, u.lines, key=u.key, label=u.label))
        if started or cur:
            sections.append(Section(self.lang, number, heading, tuple(cur), written))
        all_lines = [b.line for b in header] + [b.end_line for s in sections for b in s.content]
        start = min([b.line for b in header] + [lines[0].number])
        end = max(all_lines + [lines[-1].number])
        return Version(self.lang, self.path, tuple(header), tuple(sections), start, end)

    def _block(self, kind: str, mdlines: list[MdLine], key: str = "", label: str = "") -> Block:
        text = ""
        pieces: list[tuple[int, int, int]] = []
        links: list[Link] = []
        for ln in mdlines:
            if not ln.text:
                continue
            if text:
                text += " "
            base = len(text)
            pieces.extend((base + o, line, col) for o, line, col in ln.pieces)
            links.extend(Link(k.url, base + k.start, base + k.end, k.line, k.column) for k in ln.links)
            text += ln.text
        numbers = [p[1] for p in pieces] or [1]
        return Block(self.lang, kind, text, min(numbers), max(numbers), tuple(pieces), key=key, label=label,
                     links=tuple(links))


def _is_title_heading(first: _Unit, rest: list[_Unit]) -> bool:
    """The opening heading is the page title (not a section or sub-heading) when it is one short line at a
    level no other heading uses, or deeper than the headings after it (`## Title` over `###` sections,
    `### Title` over `##` sections); at the level of the sections it stays a section, as before."""
    if len(first.lines) != 1 or len(first.lines[0].text.split()) > 20 or SENTENCE_END.search(first.lines[0].text):
        return False
    others = [u.level for u in rest if u.kind == "heading"]
    return first.level == 1 or first.level not in others or first.level > min(others)


def _formatting_headings(units: list[_Unit]) -> list[_Unit]:
    """A heading level used as paragraph formatting (`######` on every line) is not a level of sections:
    its sentences are paragraphs, its other lines labels (sub-headings). Formatting: the level holds
    more lines than the version's paragraphs and bullets together, at least FORMATTING_HEADINGS of them,
    and half of them or more are sentences (real headings, "Interested?" among them, are a few lines
    above many paragraphs)."""
    by_level: dict[int, list[_Unit]] = {}
    for u in units:
        if u.kind == "heading":
            by_level.setdefault(u.level, []).append(u)
    body = sum(u.kind in ("paragraph", "bullet") for u in units)
    formatting = {level for level, hs in by_level.items()
                  if len(hs) >= FORMATTING_HEADINGS and len(hs) > body
                  and 2 * sum(_sentence(u) for u in hs) >= len(hs)}
    if not formatting:
        return units
    return [_Unit("paragraph" if _sentence(u) else "label", u.lines, u.line)
            if u.kind == "heading" and u.level in formatting else u for u in units]


def _sentence(u: _Unit) -> bool:
    return bool(u.lines) and bool(SENTENCE_END.search(u.lines[-1].text))


def segment_markdown(lines: tuple[Line, ...], lang: str, path: str, vocab: Vocabulary | None = None) -> Version:
    return MarkdownSegmenter(lang, path, vocab).segment(lines)
