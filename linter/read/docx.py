"""Word (.docx) in: one line per paragraph, with the paragraph it came from.

Inputs become the lines the text pipeline already understands (one line per paragraph, list items
as "- " lines, blank lines between paragraphs). `Source.places` gives each line its `Paragraph`: the
1-based number of the paragraph in the document, counting every paragraph (empty ones too) in reading
order: body paragraphs, and table cells row by row, left to right. A line from a table has a `Cell`:
its paragraph and the cell it came from (table, row, column), 1-based, tables numbered in document
order (nested ones too), columns counted on the table's grid (a cell spanning two columns counts two); reports
locate such a finding as "table 2, row 3, column 1" rather than by a paragraph number. Running headers, footers,
footnotes are skipped; text boxes are read after the paragraph anchoring them. A two-column table whose columns
are the two languages (EN | FR, or FR | EN) becomes the left column's version followed by the right column's.

python-docx is imported only when such a file is read.

Length: just over 500 lines, one concern: Word's reading order (package checks, the body walk
with styles and list numbering, two-column EN|FR tables) depends on all of its parts.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Cell, Line, Paragraph, Place
from .source import InputError, Source, read_head

__all__ = ["read_docx"]

# Word documents are small; a package that inflates past these is damaged or hostile (a zip bomb).
# The declared sizes are checked first (a quick refusal); every part python-docx loads is then inflated
# in bounded chunks and counted as it comes (read/package.py): a zip may lie about its sizes.
MAX_DOCX_XML_BYTES = 64 * 1024 * 1024  # all XML parts (a long notice's document.xml is ~1 MB)
MAX_DOCX_MEMBER_BYTES = 64 * 1024 * 1024  # any one part (media included)
MAX_DOCX_TOTAL_BYTES = 256 * 1024 * 1024  # every part together
MAX_DOCX_PARAGRAPHS = 10_000  # a notice has a few hundred
MAX_LIST_LABEL = 780  # past "zz..." and MMMCMXCIX, Word's letters and Roman numerals read as digits
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _wval(el, attr: str = "val") -> str | None:
    return el.get(_w(attr)) if el is not None else None


@dataclass
class _Para:
    no: int
    text: str
    is_list: bool = False
    cell: tuple[int, int, int] | None = None  # (table, row, column) when in a table cell


@dataclass
class _Table:
    rows: list[list[list]]  # rows → unique cells → items (_Para | _Table)


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


def read_docx(path: Path, name: str) -> Source:
    """Read a Word document into one line per paragraph; `paragraphs` maps each line to its paragraph."""
    path = Path(path)
    head = read_head(path, name, 8)
    if not head:
        raise InputError(name, "file is empty")
    if head == OLE_MAGIC:
        # Office keeps an encrypted .docx inside an OLE compound file (EncryptionInfo, EncryptedPackage);
        # any other OLE file under a .docx name is an old binary Word (.doc) document.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise InputError(name, "password-protected Word document; remove the password (File > Info) and save again")
        raise InputError(name, "old Word 97-2003 (.doc) format under a .docx name; save it as .docx")
    if not zipfile.is_zipfile(path):
        raise InputError(name, "not a Word document (corrupt or not .docx)")
    try:
        with zipfile.ZipFile(path) as z:
            infos = {i.filename: i for i in z.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(name, "not a Word document (corrupt or not .docx)") from None
    if "word/document.xml" not in infos:
        if "xl/workbook.xml" in infos:
            raise InputError(name, "an Excel workbook, not a Word document")
        if "ppt/presentation.xml" in infos:
            raise InputError(name, "a PowerPoint presentation, not a Word document")
        raise InputError(name, "not a Word document (corrupt or not .docx)")
    inflated = sum(i.file_size for n, i in infos.items() if n.endswith((".xml", ".rels")))
    if inflated > MAX_DOCX_XML_BYTES:
        raise InputError(name, f"Word document inflates to {inflated / 1e6:.0f} MB of XML, over the "
                               f"{MAX_DOCX_XML_BYTES / 1e6:.0f} MB limit")
    biggest = max(infos.values(), key=lambda i: i.file_size)
    if biggest.file_size > MAX_DOCX_MEMBER_BYTES:
        raise InputError(name, f"Word document part {biggest.filename!r} inflates to {biggest.file_size / 1e6:.0f} MB, "
                               f"over the {MAX_DOCX_MEMBER_BYTES / 1e6:.0f} MB limit per part")
    total = sum(i.file_size for i in infos.values())
    if total > MAX_DOCX_TOTAL_BYTES:
        raise InputError(name, f"Word document inflates to {total / 1e6:.0f} MB, over the "
                               f"{MAX_DOCX_TOTAL_BYTES / 1e6:.0f} MB limit")
    try:
        import docx  # python-docx
    except ImportError:
        raise InputError(name, "reading .docx needs python-docx (pip install python-docx)") from None
    from .package import OverBudget, PackageBudget, install_docx_hook

    try:
        install_docx_hook(PackageBudget(MAX_DOCX_MEMBER_BYTES, MAX_DOCX_TOTAL_BYTES))
        try:
            document = docx.Document(str(path))
        finally:
            install_docx_hook(None)
        reader = _DocxReader(document)
        items = reader.items(document.element.body)
    except (InputError, MemoryError, RecursionError):
        raise
    except (_OverBudget, OverBudget) as e:
        raise InputError(name, str(e)) from None
    except Exception:  # python-docx, lxml and zipfile raise many kinds on damaged packages
        raise InputError(name, "not a Word document (corrupt or not .docx)") from None
    out = _LineBuilder()
    _emit_document(items, out)
    if not any(t.strip() for t in out.texts):
        raise InputError(name, "Word document has no text")
    lines = tuple(Line(i, t) for i, t in enumerate(out.texts, start=1))
    return Source(name, lines, "docx", "utf-8", tuple(out.places))


class _OverBudget(Exception):
    """A budget of the reader exceeded; str() is the reason, with the limit."""


class _DocxReader:
    """Walks the document body in reading order, numbering paragraphs and resolving list numbering."""

    def __init__(self, document):
        self.count = 0
        self.tables = 0
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self._load_styles(document)
        self.abstract: dict[str, dict[int, dict]] = {}  # abstractNumId → ilvl → level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, list[int | None]] = {}
        self._load_numbering(document)

    # -- styles and numbering definitions -------------------------------------------------------
    def _load_styles(self, document) -> None:
        try:
            root = document.styles.element
        except Exception:
            return
        for st in root.iter(_w("style")):
            if st.get(_w("type")) not in (None, "paragraph"):
                continue
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            s = _Style(name=(_wval(st.find(_w("name"))) or sid))
            s.based_on = _wval(st.find(_w("basedOn")))
            ppr = st.find(_w("pPr"))
            if ppr is not None:
                self._read_ppr(ppr, s)
            self.styles[sid] = s
            if st.get(_w("default")) in ("1", "true", "on"):
                self.default_style = sid

    @staticmethod
    def _read_ppr(ppr, s: _Style) -> None:
        num = ppr.find(_w("numPr"))
        if num is not None:
            nid = _wval(num.find(_w("numId")))
            if nid is not None:
                s.num_id = nid
            lvl = _wval(num.find(_w("ilvl")))
            if lvl is not None and lvl.isdigit():
                s.ilvl = int(lvl)
        ol = _wval(ppr.find(_w("outlineLvl")))
        if ol is not None and ol.isdigit():
            s.outline = int(ol)

    def _load_numbering(self, document) -> None:
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: no lists
            return
        for an in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in an.iter(_w("lvl")):
                i = lvl.get(_w("ilvl"))
                if i is None or not i.isdigit():
                    continue
                start = _wval(lvl.find(_w("start")))
                levels[int(i)] = {
                    "start": int(start) if start and start.lstrip("-").isdigit() and len(start) <= 10 else 1,
                    "fmt": _wval(lvl.find(_w("numFmt"))) or "decimal",
                    "text": _wval(lvl.find(_w("lvlText"))),
                    "style": _wval(lvl.find(_w("pStyle"))),
                }
            self.abstract[an.get(_w("abstractNumId"))] = levels
        for num in root.iter(_w("num")):
            overrides = {}
            for ov in num.iter(_w("lvlOverride")):
                so = _wval(ov.find(_w("startOverride")))
                i = ov.get(_w("ilvl"))
                if so and so.isdigit() and len(so) <= 10 and i and i.isdigit():
                    overrides[int(i)] = int(so)
            self.nums[num.get(_w("numId"))] = (_wval(num.find(_w("abstractNumId"))), overrides)

    def _style_chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield sid, self.styles[sid]
            sid = self.styles[sid].based_on

    # -- paragraphs -----------------------------------------------------------------------------
    def paragraph(self, p) -> _Para:
        self.count += 1
        if self.count > MAX_DOCX_PARAGRAPHS:
            raise _OverBudget(f"Word document has over {MAX_DOCX_PARAGRAPHS} paragraphs (the limit)")
        no = self.count
        text = _para_text(p)
        ppr = p.find(_w("pPr"))
        direct = _Style()
        sid = None
        if ppr is not None:
            self._read_ppr(ppr, direct)
            sid = _wval(ppr.find(_w("pStyle")))
        sid = sid or self.default_style
        chain = list(self._style_chain(sid))
        num_id, ilvl, outline, from_style = direct.num_id, direct.ilvl, direct.outline, None
        for style_id, st in chain:
            if num_id is None and st.num_id is not None:
                num_id, from_style = st.num_id, style_id
                if ilvl is None:
                    ilvl = st.ilvl
            if outline is None and st.outline is not None:
                outline = st.outline
        names = [st.name.casefold() for _, st in chain]
        heading = any(n.startswith(("heading", "titre")) for n in names) or (outline is not None and outline < 9)
        label, bullet = None, False
        if num_id not in (None, "0") and text.strip():
            label, bullet = self._number(num_id, ilvl, from_style)
        text = _clean_text(text)
        first = text.split("\n", 1)[0]
        if label and not heading and _upper_ratio(first) >= 0.7 and len(first) <= 120 and "\n" not in text:
            heading = True  # "1. SUMMARY" typed in a numbered list rather than a Heading style
        is_list = not heading and (bullet or label is not None
                                   or any(n.startswith(("list bullet", "list number")) for n in names))
        if heading and label and not bullet and not first.startswith(label):
            text = f"{label} {text}"
        elif is_list and text.strip() and not _LIST_MARK.match(first):
            text = "- " + text.lstrip()
        return _Para(no, text, is_list)

    def _number(self, num_id: str, ilvl: int | None, style_id: str | None) -> tuple[str | None, bool]:
        """The label Word shows for this paragraph ("2.", "b)"), advancing the list's counters."""
        abstract_id, overrides = self.nums.get(num_id, (None, {}))
        levels = self.abstract.get(abstract_id)
        if not levels:
            return None, False
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style_id and lv["style"] == style_id), 0)
        lv = levels.get(ilvl)
        if lv is None:
            return None, False
        if lv["fmt"] == "bullet":
            return None, True
        counters = self.counters.setdefault(num_id, [None] * 10)
        for i in range(ilvl):
            if counters[i] is None and i in levels:
                counters[i] = overrides.get(i, levels[i]["start"])
        cur = counters[ilvl]
        counters[ilvl] = overrides.get(ilvl, lv["start"]) if cur is None else cur + 1
        for i in range(ilvl + 1, len(counters)):
            counters[i] = None
        if lv["fmt"] == "none" or not lv["text"]:
            return None, False

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            value = counters[k] if 0 <= k < len(counters) and counters[k] is not None else 1
            fmt = levels.get(k, lv)["fmt"]
            return _format_number(value, fmt)

        label = re.sub(r"%([1-9])", sub, lv["text"]).strip()
        return (label or None), False

    # -- structure ------------------------------------------------------------------------------
    def items(self, container) -> list:
        """Paragraphs and tables of a body, cell or content control, in reading order."""
        out = []
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                out.append(self.paragraph(child))
                for box in _text_boxes(child):  # a text box's paragraphs follow the paragraph anchoring it
                    out.extend(self.items(box))
            elif tag == _w("tbl"):
                out.append(self.table(child))
            elif tag in (_w("sdt"),):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    out.extend(self.items(content))
            elif tag in (_w("customXml"), _w("ins"), f"{{{MC_NS}}}AlternateContent"):
                if tag == f"{{{MC_NS}}}AlternateContent":
                    child = child.find(f"{{{MC_NS}}}Choice")
                    if child is None:
                        continue
                out.extend(self.items(child))
        return out

    def table(self, tbl) -> _Table:
        self.tables += 1
        number = self.tables
        rows = []
        for row_no, tr in enumerate(_children(tbl, "tr"), start=1):
            cells = []
            column = 1
            for tc in _children(tr, "tc"):
                tcpr = tc.find(_w("tcPr"))
                span = _wval(tcpr.find(_w("gridSpan"))) if tcpr is not None else None
                width = int(span) if span and span.isdigit() and 0 < int(span) <= 64 else 1
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if vmerge is not None and _wval(vmerge) in (None, "continue"):
                    # The lower part of a vertically merged cell: its paragraphs are empty placeholders.
                    self.items(tc)
                    column += width
                    continue
                items = self.items(tc)
                for it in items:  # a nested table's paragraphs already say their own cell
                    if isinstance(it, _Para) and it.cell is None:
                        it.cell = (number, row_no, column)
                cells.append(items)
                column += width
            rows.append(cells)
        return _Table(rows)


def _children(el, tag: str):
    """Direct children with `tag`, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == _w(tag):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _w("customXml"):
            yield from _children(child, tag)


def _text_boxes(el):
    """The text boxes (w:txbxContent) anchored in a paragraph, in order, each once: Word writes a box as a
    drawing and again as its VML fallback (skipped), and a box inside a box is read with its paragraphs."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_BOXES:
            continue
        if tag == _w("txbxContent"):
            yield child
        else:
            yield from _text_boxes(child)


_NOT_BOXES = {_w("del"), _w("moveFrom"), f"{{{MC_NS}}}Fallback"}
_SKIP_IN_PARA = {_w("pPr"), _w("rPr"), _w("txbxContent"), _w("del"), _w("moveFrom"), _w("footnoteReference"),
                 _w("endnoteReference"), _w("commentReference"), _w("instrText"), _w("delText"),
                 f"{{{MC_NS}}}Fallback"}


def _para_text(p) -> str:
    """A paragraph's visible text: runs, hyperlinks, fields and content controls; tracked deletions,
    text boxes and field codes left out; line breaks as newlines."""
    parts: list[str] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_PARA:
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("softHyphen"):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(parts)


_LIST_MARK = re.compile(r"^\s*(?:[-–—•*·▪►○◦●■□➢✓]|\(?[a-zA-Z]\)|\(?\d{1,2}[.)])\s")


def _upper_ratio(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _clean_text(text: str) -> str:
    lines = []
    for ln in text.split("\n"):
        ln = ln.replace("\t", " ").replace("\u00a0", " ").replace("\u00ad", "")
        lines.append(re.sub(r" {2,}", " ", ln).strip())
    return "\n".join(lines).strip("\n")


def _format_number(n: int, fmt: str) -> str:
    if n > MAX_LIST_LABEL and fmt in ("lowerLetter", "upperLetter", "lowerRoman", "upperRoman"):
        return str(n)  # a label of thousands of letters is no label: digits, never a memory bomb
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        k = max(1, n)
        # Word repeats the letter past z: a..z, aa..zz.
        s = chr(ord("a") + (k - 1) % 26) * ((k - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = ""
    for v, r in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += r
            n -= v
    return out


class _LineBuilder:
    """Lines and their places (paragraph, table cell): a blank line between paragraphs, none inside a list."""

    def __init__(self):
        self.texts: list[str] = []
        self.places: list[tuple[tuple[int, Place], ...]] = []  # per line: ((first column, place), ...)
        self.last_list = False

    def para(self, text: str, no: int | None, is_list: bool = False, cell=None, then=None) -> None:
        """`cell`: the table cell of the text; `then`: (offset in the first line, cell) where a second
        cell's text starts on the same line (a "Label | value" row read as one line)."""
        if not text.strip():
            return
        if self.texts and not (is_list and self.last_list):
            self.texts.append("")
            self.places.append(())
        here = Cell(no, *cell) if cell else Paragraph(no)
        for k, ln in enumerate(text.split("\n")):
            self.texts.append(ln)
            if k == 0:
                spans: tuple[tuple[int, Place], ...] = ((1, here),)
                if then and then[1]:
                    spans += ((then[0] + 1, Cell(no, *then[1])),)
            else:
                spans = ((1, Cell(no, *then[1]) if then and then[1] else here),)
            self.places.append(spans)
        self.last_list = is_list

    def gap(self) -> None:
        self.last_list = False


def _item_text(item) -> str:
    if isinstance(item, _Para):
        return item.text
    return "\n".join(_item_text(x) for row in item.rows for cell in row for x in cell)


def _emit(items, out: _LineBuilder) -> None:
    for it in items:
        if isinstance(it, _Para):
            out.para(it.text, it.no, it.is_list, it.cell)
        else:
            _emit_table(it, out)


def _emit_table(t: _Table, out: _LineBuilder) -> None:
    """Any table that is not a side-by-side EN | FR one: cells in reading order; a short two-cell
    row ("Grade" | "G11") is one line, as a label and its value."""
    for row in t.rows:
        paras = [[x for x in cell if isinstance(x, _Para) and x.text.strip()] for cell in row]
        simple = all(len(c) == len(cell) and len(c) <= 1 for c, cell in zip(paras, row))
        if len(row) == 2 and simple and paras[0] and paras[1] and "\n" not in paras[0][0].text \
                and len(paras[0][0].text) <= 60 and not paras[0][0].is_list:
            a, b = paras[0][0], paras[1][0]
            out.para(f"{a.text} {b.text}", a.no, cell=a.cell, then=(len(a.text) + 1, b.cell))
            out.gap()
            continue
        for cell in row:
            _emit(cell, out)
            out.gap()


def _side_by_side(t: _Table) -> str | None:
    """'en' or 'fr' (the left column's language) when the table is two columns, one per language."""
    from .. import lang as L

    two = [row for row in t.rows if len(row) == 2]
    if not two or len(two) < 0.7 * len([r for r in t.rows if r]):
        return None
    left = "\n".join(_item_text(x) for row in two for x in row[0])
    right = "\n".join(_item_text(x) for row in two for x in row[1])
    gl, gr = L.guess(left), L.guess(right)
    if not gl or not gr or gl == gr:
        return None
    # Rows that say the opposite (a FR cell on the left) mean a table of another kind.
    agree = against = 0
    for row in two:
        a = L.guess("\n".join(_item_text(x) for x in row[0]))
        b = L.guess("\n".join(_item_text(x) for x in row[1]))
        if a and b and a != b:
            if a == gl:
                agree += 1
            else:
                against += 1
    return gl if against <= 0.2 * max(1, agree + against) else None


def _emit_document(items, out: _LineBuilder) -> None:
    """Body items; with side-by-side EN | FR tables, all the left column, then all the right one."""
    from .. import lang as L

    orient = [(_side_by_side(it) if isinstance(it, _Table) else None) for it in items]
    first = next((i for i, o in enumerate(orient) if o), None)
    if first is None:
        _emit(items, out)
        return
    _emit(items[:first], out)
    left_lang = orient[first]
    left: list = []
    right: list = []
    stream = left
    for it, o in zip(items[first:], orient[first:]):
        if o:
            for row in it.rows:
                if len(row) == 2 and o == left_lang:
                    left.extend(row[0])
                    right.extend(row[1])
                elif len(row) == 2:
                    left.extend(row[1])
                    right.extend(row[0])
                else:
                    for cell in row:
                        g = L.guess(_item_text(_Table([[cell]])))
                        (right if g and g != left_lang else left).extend(cell)
            stream = left
            continue
        g = L.guess(_item_text(it))
        if g:
            stream = left if g == left_lang else right
        stream.append(it)
    _emit(left, out)
    out.gap()
    _emit(right, out)
