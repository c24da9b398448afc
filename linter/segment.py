"""Segment one language version into header fields, numbered sections, sub-headings, paragraphs and bullets.

Markdown versions are handed to segment_md.py, which reads their parsed structure. Plain text
works line by line, not by blank-line chunks: drafts break paragraphs with stray blank lines and
PDF extractions hard-wrap every line, so whether a line continues the block above is decided from
the text itself (punctuation, case, line width), never from blank lines alone.

Sections start at numbered headings in capitals ("1. SUMMARY"). A notice without them may lay its
sections out with other headings: lines on their own, numbered in any case ("1. Context") or in
capitals without numbers ("ABOUT US"); when several of one shape are there, they are its sections,
numbered by order as Markdown headings without numbers are (see Segmenter._layout_headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Block, Line, Section, Version
from .read.layout import letters_upper_ratio, numbered_heading
from .vocab import Vocabulary, is_label_line, vocabulary

BULLET = re.compile(r"^(\s*)([-–—•*·▪►○◦●■□➢✓]|o(?=\s)|\(?[a-z]\)|\d{1,2}\))\s+(?=\S)")
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:page\s+|p\.\s*)?\d{1,3}(?:\s*(?:/|of|sur|de)\s*\d{1,3})?(?:\s*-)?\s*$", re.I)
URL_ONLY = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
TERMINAL = re.compile(r"[.!?:;…]['\"”»)\]*_]*\s*$")
CONNECTOR_END = re.compile(r"\b(?:and|or|of|the|for|to|in|et|ou|de|des|du|la|le|les|à|au|aux|pour|en)\s*$", re.I)
COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
LABEL_ONLY = re.compile(r"^\s*(?:description|descriptif|résumé du poste)\s*:?\s*$", re.I)
# A numbered line in any case ("1. Who are we?"): where a header ends, even when it is not a heading.
# Not a heading line by itself, unlike read/layout's numbered_heading (capitals): such a line heads a
# section only among others laid out alike (Segmenter._layout_headings), which NUMBERED_TITLE reads.
NUMBERED_LINE = re.compile(r"^\s*\d{1,2}\s*[.)]\s+\S")
NUMBERED_TITLE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(\S(?:.*\S)?)\s*$")
# Headings laid out as headings (see Segmenter._layout_headings): this many at least, each short.
MIN_LAYOUT_HEADINGS = 3
HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80


@dataclass
class _Raw:
    """A block being built: its kind and the lines (number, start column, text) it spans."""

    kind: str
    parts: list[tuple[int, int, str]] = field(default_factory=list)
    key: str = ""
    label: str = ""
    hyphen_join: list[bool] = field(default_factory=list)

    @property
    def last_text(self) -> str:
        return self.parts[-1][2] if self.parts else ""


class Segmenter:
    def __init__(self, lang: str, path: str, vocab: Vocabulary | None = None,
                 places: dict[int, tuple] | None = None):
        self.lang = lang
        self.path = path
        self.vocab = vocab or vocabulary()
        self.places = places or {}  # line → ((first column, Place), ...): PDF pages, Word paragraphs and cells
        self.layout_headings: dict[int, tuple[int, int, str, bool]] = {}

    # -- line classes ---------------------------------------------------------------------------
    def is_heading(self, text: str) -> re.Match | None:
        return numbered_heading(text)

    def _short_title(self, title: str) -> bool:
        """Short enough for a heading, and not a sentence, a list item's clause or a "Label: value"."""
        t = title.strip()
        if not t or len(t) > HEADING_MAX_CHARS or len(t.split()) > HEADING_MAX_WORDS:
            return False
        if re.search(r"[.,;]\s*$", t) or ":" in t.rstrip(": "):
            return False
        return not (URL_ONLY.match(t) or BULLET.match(title) or PAGE_NUMBER.match(t))

    def _layout_headings(self, lines) -> dict[int, tuple[int, int, str, bool]]:
        """Section headings of a notice that has no numbered headings in capitals, read from its
        layout: lines on their own (a blank line above and below), short, not a sentence, each
        followed by body text before the next one, and of one shape throughout the version:
        either numbered 1, 2, 3... in any case ("1. Context", "2. Qui sommes-nous ?"), or in
        capitals without numbers ("ABOUT US", "PROFIL RECHERCHÉ"). At least MIN_LAYOUT_HEADINGS
        of them, so a lone banner in capitals or a short numbered list spaced by blank lines is
        not read as sections. The version's first line is its title, not a heading; a "Label:
        value" field line is not a heading. Returns line number -> (section number, column,
        heading text, whether the number is written); empty when numbered capitals (is_heading)
        are there to use."""
        if any(self.is_heading(ln.text) for ln in lines):
            return {}
        n = len(lines)

        def blank(i: int) -> bool:
            return i < 0 or i >= n or not lines[i].text.strip()

        first_text = next((i for i in range(n) if not blank(i)), None)
        numbered, caps = [], []
        for i in range(n):
            if blank(i) or i == first_text or not (blank(i - 1) and blank(i + 1)):
                continue
            text = lines[i].text
            if self.vocab.match_field(text, self.lang):
                continue
            m = NUMBERED_TITLE.match(text)
            if m:
                title = m.group(2)
                if self._short_title(title) and (title[0].isupper() or title[0] in "«“\"'"):
                    numbered.append((i, int(m.group(1)), m.start(2) + 1, title))
            elif self._short_title(text) and sum(c.isalpha() for c in text) >= 3 and letters_upper_ratio(text) >= 0.9:
                col, t = self._strip(text)
                caps.append((i, None, col, t))

        def followed_by_body(found):
            """Drop a candidate whose next non-blank line is another candidate (or nothing), and
            one above the header's fields (a letterhead or banner line: its next line is a field or
            a "Label: value" line, before any candidate has opened a section)."""
            at = {c[0] for c in found}
            out = []
            for c in found:
                j = c[0] + 1
                while j < n and blank(j):
                    j += 1
                if j >= n or j in at or (not out and (self.vocab.match_field(lines[j].text, self.lang)
                                                      or is_label_line(lines[j].text))):
                    continue
                out.append(c)
            return out

        numbered = followed_by_body(numbered)
        if not (len(numbered) >= MIN_LAYOUT_HEADINGS and [c[1] for c in numbered] == list(range(1, len(numbered) + 1))):
            numbered = []
        caps = followed_by_body(caps)
        if len(caps) < MIN_LAYOUT_HEADINGS:
            caps = []
        # Both shapes: the one that starts first heads the sections (a numbered list of steps
        # spaced like headings sits inside a section headed in capitals).
        if numbered and (not caps or numbered[0][0] < caps[0][0]):
            return {lines[i].number: (num, col, t, True) for i, num, col, t in numbered}
        if caps:
            return {lines[i].number: (k, col, t, False) for k, (i, _, col, t) in enumerate(caps, 1)}
        return {}

    def is_subheading(self, text: str, prev: _Raw | None) -> bool:
        t = text.strip()
        if not t or len(t) > 70 or len(t.split()) > 9:
            return False
        if TERMINAL.search(t) or t.endswith(","):
            return False
        if not (t[0].isupper() or t[0] in "«“\"'"):
            return False
        if URL_ONLY.match(t) or BULLET.match(text):
            return False
        if prev is not None and prev.kind in ("paragraph", "bullet") and not TERMINAL.search(prev.last_text):
            return False  # the tail of a sentence that runs on
        return True

    # -- main -----------------------------------------------------------------------------------
    def segment(self, lines: tuple[Line, ...]) -> Version:
        # Comments (suppression directives, notes to translators) are not notice text.
        lines = tuple(Line(ln.number, "") if COMMENT.match(ln.text) else ln for ln in lines)
        if not lines:
            return Version(self.lang, self.path, (), (), 1, 1)
        self.wrap = self._wrap_width(lines)
        self.layout_headings = self._layout_headings(lines)
        first_heading = next((i for i, ln in enumerate(lines)
                              if self.is_heading(ln.text) or ln.number in self.layout_headings), None)
        header_lines = lines[: first_heading] if first_heading is not None else ()
        body_lines = lines[first_heading:] if first_heading is not None else lines
        if first_heading is None:
            # No numbered sections: the header ends at the last field line near the top.
            cut = self._header_end(lines)
            header_lines, body_lines = lines[:cut], lines[cut:]
        header = self._header(header_lines)
        sections = self._sections(body_lines)
        return Version(self.lang, self.path, tuple(header), tuple(sections), lines[0].number, lines[-1].number)

    def _wrap_width(self, lines) -> int | None:
        """The line width of a hard-wrapped text (PDF extraction), or None for one line per paragraph."""
        lengths = sorted(len(ln.text.rstrip()) for ln in lines if len(ln.text.strip()) > 15)
        if len(lengths) < 20:
            return None
        p90 = lengths[int(0.9 * (len(lengths) - 1))]
        return p90 if p90 <= 130 else None

    def is_label_line(self, text: str) -> bool:
        """A "Label: value" line of the header, but not one whose label also opens prose ("To
        apply: send your CV...", a "standalone" label of the vocabulary)."""
        return is_label_line(text) and not self.vocab.opens_prose(text.split(":", 1)[0], self.lang)

    def _is_prose(self, text: str) -> bool:
        """A line that is body text, not header: a list item, a numbered line, a sentence."""
        t = text.strip()
        return bool(BULLET.match(text) or NUMBERED_LINE.match(text)
                    or (len(t.split()) > 12 and not self.is_label_line(text)))

    def _header_end(self, lines) -> int:
        """Where the header ends when there are no numbered headings: after the run of field lines
        near the top ("Label: value" lines among them, known label or not). The first list item,
        numbered line or sentence after a field ends it: a field label further down ("Languages:"
        above a list in the profile) is the body's."""
        last_field = None
        for i, ln in enumerate(lines[:60]):
            if not ln.text.strip():
                continue
            if self.vocab.match_field(ln.text, self.lang) or (last_field is not None and self.is_label_line(ln.text)):
                last_field = i
            elif last_field is not None and self._is_prose(ln.text):
                break
        if last_field is None:
            return 0
        j = last_field + 1
        # A banner or "Description" right under the fields still belongs to the header.
        while j < len(lines) and (not lines[j].text.strip() or LABEL_ONLY.match(lines[j].text)):
            j += 1
        return j

    # -- header -----------------------------------------------------------------------------------
    def _header(self, lines) -> list[Block]:
        items = [ln for ln in lines if ln.text.strip()]
        field_idx = [i for i, ln in enumerate(items) if self.vocab.match_field(ln.text, self.lang)]
        out: list[Block] = []
        if not items:
            return out
        first_field = field_idx[0] if field_idx else len(items)
        # "Label: value" lines right above the first known field are fields of the same run
        # ("Intitulé du poste : ...", "Position type: ..."), not the title.
        while field_idx and first_field > 1 and self.is_label_line(items[first_field - 1].text):
            first_field -= 1
        # The title is the last line before the first field; lines above it are a shared letterhead.
        title_i = first_field - 1 if first_field > 0 else None
        seen_fields = False
        for i, ln in enumerate(items):
            if title_i is not None and i < title_i:
                continue
            if i == title_i:
                out.append(self._block("title", [(ln.number, *self._strip(ln.text))]))
                continue
            seen_fields = seen_fields or i >= first_field
            fm = self.vocab.match_field(ln.text, self.lang)
            if fm:
                value = ln.text[fm.value_start:]
                col = fm.value_start + (len(value) - len(value.lstrip()))
                out.append(self._block("field", [(ln.number, col + 1, value.strip())], key=fm.key, label=fm.label))
                continue
            if LABEL_ONLY.match(ln.text) or PAGE_NUMBER.match(ln.text):
                continue
            if seen_fields or title_i is None:
                out.append(self._block("banner", [(ln.number, *self._strip(ln.text))]))
        return out

    @staticmethod
    def _strip(text: str) -> tuple[int, str]:
        """(1-based column of the first kept character, text without surrounding space)."""
        s = text.strip()
        return (len(text) - len(text.lstrip()) + 1, s)

    # -- body -------------------------------------------------------------------------------------
    def _sections(self, lines) -> list[Section]:
        sections: list[Section] = []
        cur_heading: Block | None = None
        cur_number: int | None = None
        written = True
        cur_lines: list[Line] = []
        i = 0
        started = False

        def flush():
            if started or cur_lines:
                sections.append(Section(self.lang, cur_number, cur_heading, tuple(self._blocks(cur_lines)), written))

        while i < len(lines):
            ln = lines[i]
            m = self.is_heading(ln.text)
            if m:
                flush()
                started = True
                cur_number, written = int(m.group(1)), True
                parts = [(ln.number, m.start(2) + 1, m.group(2).strip())]
                # A heading hard-wrapped onto the next line: "... AND RECRUITMENT" / "PROCESS".
                j = i + 1
                while j < len(lines) and not lines[j].text.strip():
                    j += 1
                if j < len(lines) and self._heading_continues(parts[-1][2], lines[j].text):
                    parts.append((lines[j].number, *self._strip(lines[j].text)))
                    i = j
                cur_heading = self._block("heading", parts)
                cur_lines = []
            elif ln.number in self.layout_headings:
                flush()
                started = True
                cur_number, col, title, written = self.layout_headings[ln.number]
                cur_heading = self._block("heading", [(ln.number, col, title)])
                cur_lines = []
            else:
                cur_lines.append(ln)
            i += 1
        if not started:
            sections.append(Section(self.lang, None, None, tuple(self._blocks(cur_lines))))
        else:
            flush()
        return sections

    def _heading_continues(self, heading: str, nxt: str) -> bool:
        t = nxt.strip()
        if not t or self.is_heading(nxt) or letters_upper_ratio(t) < 0.9 or len(t) > 60:
            return False
        if CONNECTOR_END.search(heading):
            return True
        return bool(self.wrap) and len(heading) >= 0.6 * self.wrap

    def _continues(self, cur: _Raw, text: str, blank_between: bool) -> bool:
        """Does `text` carry on the block being built?"""
        prev = cur.last_text.rstrip()
        t = text.strip()
        if cur.kind in ("subheading", "field", "links"):
            return False
        if prev.endswith("-") and not prev.endswith(" -") and t[:1].islower():
            return True  # a word cut at the line end: "multi-" / "national"
        starts_low = t[:1].islower() or t[:1] in "(«\"“,;)" or (t[:1].isdigit() and not blank_between)
        if not TERMINAL.search(prev):
            if starts_low:
                return True
            if self.wrap:
                # Hard-wrapped text: a line that stops well short of the width ended its block
                # ("• For all other applications: www.nato.int/recruitment" / "Before you apply...").
                return len(prev) >= 0.6 * self.wrap
            return not blank_between
        if starts_low and (not blank_between or prev[-1:] in ";:,"):
            return True  # "... de trois ans ;" / "renouvelable pour ..."
        if (self.wrap and not blank_between and len(prev) >= 0.85 * self.wrap and not self.is_subheading(text, None)
                and not (t.endswith(":") and len(t) < 0.6 * self.wrap)):
            return True  # a full line that happens to end on a full stop, inside a wrapped paragraph
        return False

    def _blocks(self, lines: list[Line]) -> list[Block]:
        raws: list[_Raw] = []
        cur: _Raw | None = None
        blank = False
        list_id = 0
        last_was_bullet = False
        for ln in lines:
            text = ln.text
            if not text.strip():
                blank = True
                continue
            if PAGE_NUMBER.match(text) and (blank or cur is None):
                continue  # a page number between two pages of a PDF extraction
            if URL_ONLY.match(text) and not (cur is not None and cur.kind in ("paragraph", "bullet")
                                             and not TERMINAL.search(cur.last_text)):
                # PDF extractions dump the document's link targets as bare lines; they are not prose.
                # (A link on its own line that ends an unfinished sentence is that sentence's.)
                if cur is not None and cur.kind == "links":
                    cur.parts.append((ln.number, *self._strip(text)))
                else:
                    cur = _Raw("links", [(ln.number, *self._strip(text))])
                    raws.append(cur)
                blank = False
                continue
            bm = BULLET.match(text)
            fm = self.vocab.match_field(text, self.lang, body=True)
            if bm and not (cur is not None and cur.kind in ("paragraph", "bullet") and not blank
                           and not TERMINAL.search(cur.last_text) and bm.group(2) in "-–—" and cur.last_text.rstrip()[-1:].isalpha()
                           and not last_was_bullet):
                if not last_was_bullet:
                    list_id += 1
                cur = _Raw("bullet", [(ln.number, bm.end() + 1, text[bm.end():].rstrip())], key=str(list_id))
                raws.append(cur)
                last_was_bullet = True
            elif fm:
                value = text[fm.value_start:]
                cur = _Raw("field", [(ln.number, fm.value_start + 1, value.strip())], key=fm.key, label=fm.label)
                raws.append(cur)
                last_was_bullet = False
            elif cur is not None and self._continues(cur, text, blank):
                prev_text = cur.last_text.rstrip()
                cur.parts.append((ln.number, *self._strip(text)))
                cur.hyphen_join.append(prev_text.endswith("-") and not prev_text.endswith(" -") and text.strip()[:1].islower())
            elif self.is_subheading(text, cur):
                cur = _Raw("subheading", [(ln.number, *self._strip(text))])
                raws.append(cur)
                last_was_bullet = False
            else:
                cur = _Raw("paragraph", [(ln.number, *self._strip(text))])
                raws.append(cur)
                last_was_bullet = False
            blank = False
        return [self._block(r.kind, r.parts, key=r.key, label=r.label, hyphen_join=r.hyphen_join) for r in raws]

    def _block(self, kind: str, parts, key: str = "", label: str = "", hyphen_join=()) -> Block:
        text = ""
        pieces = []
        for i, (number, col, s) in enumerate(parts):
            s = s.rstrip()
            if i:
                joined_by_hyphen = i - 1 < len(hyphen_join) and hyphen_join[i - 1]
                if not joined_by_hyphen:
                    text += " "
            # Soft hyphens (pasted from Word) are invisible: drop them from the text, and start a
            # new piece after each so columns still point at the file's characters.
            for k, seg in enumerate(s.split("\u00ad")):
                if k == 0 or seg:
                    pieces.append((len(text), number, col))
                text += seg
                col += len(seg) + 1
        first, last = parts[0][0], parts[-1][0]
        places = tuple((n, c, p) for n in range(first, last + 1) for c, p in self.places.get(n) or ())
        return Block(self.lang, kind, text, first, last, tuple(pieces), key=key, label=label, places=places)


def segment(lines: tuple[Line, ...], lang: str, path: str, vocab: Vocabulary | None = None,
            places=None, markdown: bool | None = None) -> Version:
    """One version's structure. Markdown (given, or when the lines look like it: see
    `looks_like_markdown`) is segmented from its parsed structure (segment_md.py); plain text,
    Word and PDF lines line by line here."""
    from .read.layout import looks_like_markdown

    if markdown is None:
        markdown = not places and looks_like_markdown(lines)
    if markdown:
        from .segment_md import segment_markdown

        return segment_markdown(lines, lang, path, vocab)
    return Segmenter(lang, path, vocab, places).segment(lines)
