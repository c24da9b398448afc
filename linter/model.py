"""The data that flows through noticelint: blocks, sections, versions, aligned pairs, diagnostics.

Everything here is a frozen dataclass: each stage (read → split → segment → align → rules → report)
builds new values and never edits the ones it was given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import IntEnum


# A one-line paragraph of at most this many words, with no sentence end, may play a heading's part.
HEADLIKE_WORDS = 10
_SENTENCE_END = re.compile(r"[.;,…]['\"”»)]*$")


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Line:
    """One line of the input as it is on disk (1-based number), after decoding."""

    number: int
    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink inside a block: `[text](url)` in Markdown, a Word hyperlink.

    `start`/`end` are the offsets of the anchor text in `Block.text` (for a bare URL, of the URL
    itself); `line`/`column` are the file position of the URL as written.
    """

    url: str
    start: int
    end: int
    line: int
    column: int


@dataclass(frozen=True)
class Place:
    """Where a line is in a document beyond its line number, for inputs whose lines are not what the
    author sees (a PDF's page, a Word paragraph or table cell). A reader gives each line its places;
    the segmenter hands them to the blocks, the engine to the locations, and every reporter says them
    through `describe()` (text) and `json()` (the keys of a JSON or SARIF location). A new input format
    with its own kind of place subclasses this in its reader."""

    def describe(self) -> str:
        """The place in words, as the text reports say it: 'page 3'."""
        raise NotImplementedError

    def json(self) -> dict:
        """The keys this place adds to a location in JSON and SARIF: {"page": 3}."""
        raise NotImplementedError

    def within(self, before: tuple[Place, ...]) -> Place:
        """The place to report for a position of a block that starts here, given the places of the
        block's lines at or before that position: by default the block's own (the page it starts on)."""
        return self


@dataclass(frozen=True)
class Page(Place):
    """A PDF page (1-based)."""

    number: int

    def describe(self) -> str:
        return f"page {self.number}"

    def json(self) -> dict:
        return {"page": self.number}


@dataclass(frozen=True)
class Paragraph(Place):
    """A Word paragraph: its 1-based number in the document."""

    number: int

    def describe(self) -> str:
        return f"paragraph {self.number}"

    def json(self) -> dict:
        return {"paragraph": self.number}

    def within(self, before: tuple[Place, ...]) -> Place:
        """A block is numbered by the paragraph it starts in, and placed in the table cell of the
        position when it is in a table (a "Label | value" row is one line over two cells)."""
        cell = next((p for p in reversed(before) if isinstance(p, Cell)), None)
        if cell is None:
            return Paragraph(self.number)
        return Cell(self.number, cell.table, cell.row, cell.column)


@dataclass(frozen=True)
class Cell(Paragraph):
    """A Word paragraph in a table cell: table (in document order, nested ones too), row and column
    (on the table's grid), 1-based."""

    table: int
    row: int
    column: int

    def describe(self) -> str:
        return f"table {self.table}, row {self.row}, column {self.column}"

    def json(self) -> dict:  # "column" is the table's: a location's own "column" is the text column
        return {"paragraph": self.number, "cell": {"table": self.table, "row": self.row, "column": self.column}}


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, bullet or header field, with the file lines it came from.

    `text` is the block's lines joined by single spaces (hard wraps undone, bullet marker and
    field label removed). `pieces` maps offsets in `text` back to the file: each piece is
    (offset in text, line number, column of that offset, 1-based). Rules speak in offsets;
    `position()` turns one into a file line and column.
    """

    lang: str
    kind: str  # title | field | banner | heading | subheading | paragraph | bullet | links
    text: str
    line: int
    end_line: int
    pieces: tuple[tuple[int, int, int], ...] = ()
    key: str = ""  # field: canonical field name (salary, deadline...); bullet: list id
    label: str = ""  # field: the label as written ("Date de retrait")
    links: tuple[Link, ...] = ()  # hyperlinks whose URL is not in `text` (Markdown, Word)
    # Where the block's lines are in the document (PDF, Word): (line, first column, Place) for each place
    # on its lines, in file order, as the reader gave them; empty for text and Markdown.
    places: tuple[tuple[int, int, Place], ...] = ()

    @property
    def place(self) -> Place | None:
        """The place of the block's first line (the page or paragraph it starts in)."""
        return self.places[0][2] if self.places and self.places[0][0] == self.line else None

    def place_at(self, line: int, column: int) -> Place | None:
        """The place to report for a file position of the block: the block's own place, refined by
        the places at or before the position (see Place.within)."""
        if self.place is None:
            return None
        return self.place.within(tuple(p for ln, col, p in self.places if (ln, col) <= (line, column)))

    def position(self, offset: int) -> tuple[int, int]:
        """File (line, column) of an offset in `text`."""
        if not self.pieces:
            return self.line, 1
        starts = [p[0] for p in self.pieces]
        i = max(0, bisect_right(starts, offset) - 1)
        start, line, col = self.pieces[i]
        return line, col + max(0, offset - start)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def heading_like(self) -> bool:
        """Does the block play a heading's part, whatever its markup? A heading or sub-heading, or a
        paragraph of one short line (HEADLIKE_WORDS words at most) that does not end as a statement
        does (a period, a semicolon, a comma) and has no value after a colon ("Ce que vous ferez", "What
        we offer:", "Who are we?", "Join us!"): versions often write a heading as a plain line, and the
        alignment compares them as headings (linter/align.py)."""
        if self.kind in ("heading", "subheading"):
            return True
        if self.kind != "paragraph" or self.line != self.end_line or len(self.text) > 80 \
                or len(self.text.split()) > HEADLIKE_WORDS:
            return False
        text = self.text.strip()
        colon = text.find(":")
        return not _SENTENCE_END.search(text) and (colon < 0 or colon >= len(text.rstrip(" :")))


@dataclass(frozen=True)
class Section:
    """A numbered section (or the unnumbered body) of one version."""

    lang: str
    number: int | None
    heading: Block | None
    blocks: tuple[Block, ...]
    written: bool = True  # the number is written in the heading ("2. Duties"), not given by order

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    @property
    def content(self) -> tuple[Block, ...]:
        """The heading (when there is one), then the blocks under it, in file order."""
        return ((self.heading,) if self.heading else ()) + self.blocks


@dataclass(frozen=True)
class Version:
    """One language's whole notice: header (title, fields, banners) and sections."""

    lang: str
    path: str
    header: tuple[Block, ...]
    sections: tuple[Section, ...]
    start_line: int = 1
    end_line: int = 1

    def field(self, key: str) -> Block | None:
        for b in self.header:
            if b.kind == "field" and b.key == key:
                return b
        return None

    @property
    def title(self) -> Block | None:
        return next((b for b in self.header if b.kind == "title"), None)

    def blocks(self):
        yield from self.header
        for s in self.sections:
            yield from s.content


@dataclass(frozen=True)
class Pair:
    """An aligned link: EN blocks ↔ FR blocks (1-1, 1-2, 2-1; an empty side = no counterpart)."""

    en: tuple[Block, ...]
    fr: tuple[Block, ...]
    score: float | None = None  # similarity behind the link, when one was measured
    section: int | None = None  # number of the EN section (or FR when EN is missing)
    moved: bool = False  # linked out of order: the paragraph stands elsewhere in the other version

    @property
    def en_text(self) -> str:
        return " ".join(b.text for b in self.en)

    @property
    def fr_text(self) -> str:
        return " ".join(b.text for b in self.fr)

    @property
    def kind(self) -> str:
        return (self.en or self.fr)[0].kind


@dataclass(frozen=True)
class SectionPair:
    en: Section | None
    fr: Section | None


@dataclass(frozen=True)
class Split:
    """Where a combined file was split into its two versions (linter/split.py)."""

    line: int  # file line where the second version starts
    first: str  # "en" or "fr": the version that comes first in the file
    by: str  # content | separator | option (--split-at)
    doubt: str | None = None  # why the split is in doubt, when it is

    def describe(self) -> str:
        """'English lines 1-52, French from line 53 (split by content)'-like text for reports."""
        names = {"en": "English", "fr": "French"}
        second = "fr" if self.first == "en" else "en"
        how = {"content": "where the two halves align best", "separator": "at the separator line",
               "option": "--split-at"}.get(self.by, self.by)
        text = f"{names[self.first]} first, {names[second]} from line {self.line} (split {how})"
        return text + (f"; the split is in doubt: {self.doubt}" if self.doubt else "")

    def json(self) -> dict:
        second = "fr" if self.first == "en" else "en"
        return {"line": self.line, "first": self.first, "second": second, "by": self.by, "doubt": self.doubt}


@dataclass(frozen=True)
class Notice:
    """An aligned bilingual notice: what every rule sees."""

    path: str
    en: Version
    fr: Version
    sections: tuple[SectionPair, ...]
    pairs: tuple[Pair, ...]
    fr_path: str | None = None  # set for --en/--fr inputs
    split: Split | None = None  # set for a combined file: where its versions were split
    options: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Span:
    """Where a rule points: a block and an offset range in its text (whole block by default)."""

    block: Block
    start: int = 0
    end: int | None = None

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end if self.end is not None else len(self.block.text)]


@dataclass(frozen=True)
class Finding:
    """What a rule yields; the engine adds code, name, severity and file positions."""

    message: str
    en: Span | None
    fr: Span | None
    suggestion: str | None = None
    score: float | None = None
    side: str | None = None  # "en"/"fr": the side the defect is in, when the rule knows (a value in one only)
    # A finding less sure than its rule's usual one (a value whose counterpart the tool could not
    # find, where it may have missed another writing): its own severity, below the rule's. A
    # severity set in the configuration for the rule still applies to all its findings.
    severity: Severity | None = None


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    text: str = ""
    place: Place | None = None  # where in the document, for PDF and Word inputs


@dataclass(frozen=True)
class Diagnostic:
    rule: str
    name: str
    severity: Severity
    message: str
    en: Location | None
    fr: Location | None
    suggestion: str | None = None
    score: float | None = None
    side: str | None = None  # "en"/"fr": the side a report points at first (GitHub annotation, concise line)
    notes: tuple[str, ...] = ()  # other findings about the same blocks, folded into this one by the engine


@dataclass
class Result:
    """The outcome for one input: diagnostics, or the reason it could not be linted (what reports read)."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    notice: Notice | None = None  # kept for reports that show the notice (HTML)
    fr_path: str | None = None  # the French file, when the input is a pair of files
    hidden: int = 0  # findings a baseline knew and left out of `diagnostics`
    split: Split | None = None  # a combined file: where its two versions were split
