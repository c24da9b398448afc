"""Other input and output formats: Word (.docx) and PDF in; SARIF 2.1.0 and a side-by-side HTML report out.

Inputs become the lines the text pipeline already understands (one line per paragraph, list items
as "- " lines, blank lines between paragraphs), with where each line came from:

* .docx — `Source.paragraphs`: the 1-based number of the paragraph in the document, counting every
  paragraph (empty ones too) in reading order: body paragraphs, and table cells row by row, left to
  right. Running headers, footers, footnotes and text boxes are not notice text and are skipped.
  A two-column table whose columns are the two languages (EN | FR, or FR | EN) becomes the left
  column's version followed by the right column's.
* PDF — `Source.pages`: the page of each line. Running headers and footers (lines repeated at the
  top or bottom of most pages) and page-number lines are dropped; a vertical gap wider than the
  line spacing becomes a blank line.

The libraries (python-docx, pdfplumber) are imported only when such a file is read.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import statistics
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..model import Line, Severity
from . import InputError, Source

__all__ = ["read_docx", "read_pdf", "to_sarif", "to_html"]

# Word documents are small; a package that inflates past this is damaged or hostile (a zip bomb).
MAX_DOCX_XML_BYTES = 200 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# ==================================================================================================
# Word (.docx)
# ==================================================================================================

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


def _read_head(path: Path, name: str, n: int) -> bytes:
    """The first bytes of a file (to recognise its format), or the one-line reason it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e})") from None


def read_docx(path: Path, name: str) -> Source:
    """Read a Word document into one line per paragraph; `paragraphs` maps each line to its paragraph."""
    path = Path(path)
    head = _read_head(path, name, 8)
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
    try:
        import docx  # python-docx
    except ImportError:
        raise InputError(name, "reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(str(path))
        reader = _DocxReader(document)
        items = reader.items(document.element.body)
    except (InputError, MemoryError, RecursionError):
        raise
    except Exception:  # python-docx, lxml and zipfile raise many kinds on damaged packages
        raise InputError(name, "not a Word document (corrupt or not .docx)") from None
    out = _LineBuilder()
    _emit_document(items, out)
    if not any(t.strip() for t in out.texts):
        raise InputError(name, "Word document has no text")
    lines = tuple(Line(i, t) for i, t in enumerate(out.texts, start=1))
    return Source(name, lines, "docx", "utf-8", (), tuple(out.paras))


class _DocxReader:
    """Walks the document body in reading order, numbering paragraphs and resolving list numbering."""

    def __init__(self, document):
        self.count = 0
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
                    "start": int(start) if start and start.lstrip("-").isdigit() else 1,
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
                if so and so.isdigit() and i and i.isdigit():
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
        rows = []
        for tr in _children(tbl, "tr"):
            cells = []
            for tc in _children(tr, "tc"):
                tcpr = tc.find(_w("tcPr"))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if vmerge is not None and _wval(vmerge) in (None, "continue"):
                    # The lower part of a vertically merged cell: its paragraphs are empty placeholders.
                    self.items(tc)
                    continue
                cells.append(self.items(tc))
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
    """Lines and their paragraph numbers: a blank line between paragraphs, none inside a list."""

    def __init__(self):
        self.texts: list[str] = []
        self.paras: list[int | None] = []
        self.last_list = False

    def para(self, text: str, no: int | None, is_list: bool = False) -> None:
        if not text.strip():
            return
        if self.texts and not (is_list and self.last_list):
            self.texts.append("")
            self.paras.append(None)
        for ln in text.split("\n"):
            self.texts.append(ln)
            self.paras.append(no)
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
            out.para(it.text, it.no, it.is_list)
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
            out.para(f"{paras[0][0].text} {paras[1][0].text}", paras[0][0].no)
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


# ==================================================================================================
# PDF
# ==================================================================================================

_PAGE_NUMBER = re.compile(
    r"^\s*[-–—]?\s*(?:page|p\.|pg\.?)?\s*\d{1,4}\s*(?:(?:/|of|sur|de)\s*\d{1,4})?\s*[-–—]?\s*$", re.I)
_CID = re.compile(r"\(cid:(\d+)\)")
_TERMINAL = re.compile(r"[.!?:;…]['\"”»)\]]*\s*$")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
# Symbol and Wingdings bullets land in the private use area when a PDF has no ToUnicode map.
_PUA_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "•", "\uf06e": "■",
                "\uf0a8": "□", "\uf0e0": "➢", "\uf0f0": "➢"}


@dataclass
class _PdfLine:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float


def read_pdf(path: Path, name: str) -> Source:
    """Read a PDF's text layer page by page; `pages` maps each line to its page."""
    path = Path(path)
    head = _read_head(path, name, 1024)
    if not head.strip():
        raise InputError(name, "file is empty")
    if b"%PDF-" not in head:
        raise InputError(name, "not a PDF (corrupt)")
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:
        raise InputError(name, "reading PDF needs pdfplumber (pip install pdfplumber)") from None
    try:
        from pdfminer.pdfdocument import PDFEncryptionError
    except ImportError:  # older pdfminer
        PDFEncryptionError = PDFPasswordIncorrect  # noqa: N806

    def cause(e: BaseException) -> BaseException:
        return e.args[0] if e.args and isinstance(e.args[0], BaseException) else (e.__cause__ or e.__context__ or e)

    pages: list[list[_PdfLine]] = []
    stats = [0, 0]  # (cid:N) glyphs, words
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                pages.append(_page_lines(page, stats))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "password-protected PDF") from None
    except (MemoryError, RecursionError):
        raise
    except Exception as e:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError...) on damage
        if isinstance(cause(e), (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(name, "password-protected PDF") from None
        raise InputError(name, "not a PDF (corrupt)") from None
    if not pages:
        raise InputError(name, "PDF has no pages")
    if stats[0] > 0.2 * max(1, stats[1]):
        raise InputError(name, "PDF text cannot be decoded (its fonts have no Unicode map); export it again")
    if sum(len(re.sub(r"\s", "", ln.text)) for p in pages for ln in p) < 20:
        raise InputError(name, "PDF has no text layer (scanned image?)")
    pages = _drop_running_lines(pages)
    texts, page_of = _pdf_lines(pages)
    if not any(t.strip() for t in texts):
        raise InputError(name, "PDF has no text layer (scanned image?)")
    lines = tuple(Line(i, t) for i, t in enumerate(texts, start=1))
    return Source(name, lines, "pdf", "utf-8", tuple(page_of), ())


def _page_lines(page, stats: list[int]) -> list[_PdfLine]:
    chars = page.chars
    if len({(c["text"], round(c["x0"] / 2), round(c["top"])) for c in chars}) < len(chars):
        page = page.dedupe_chars()  # fake bold: the same glyph printed twice, a little offset (slow: only then)
    out = []
    marks = _bullet_marks(page)
    for ln in page.extract_text_lines(layout=False, strip=True, return_chars=False):
        stats[0] += len([m for m in _CID.findall(ln["text"]) if m not in ("9", "10", "13", "32")])
        stats[1] += len(ln["text"].split())
        text = _clean_pdf_text(ln["text"])
        if not text.strip():
            continue
        top, bottom, x0 = float(ln["top"]), float(ln["bottom"]), float(ln["x0"])
        if any(x0 - 30 <= mx <= x0 + 1 and top <= my <= bottom for mx, my in marks) and not _BULLET_START.match(text):
            text = "• " + text  # a list bullet drawn as a shape (browsers and some word processors do)
        out.append(_PdfLine(text, top, bottom, x0, float(ln["x1"])))
    return out


_BULLET_START = re.compile(r"^[-–—•*·▪►○◦●■□➢✓]\s")


def _bullet_marks(page) -> list[tuple[float, float]]:
    """(right edge, vertical middle) of small filled dots and squares: list bullets drawn as shapes."""
    marks = []
    try:
        shapes = [*page.curves, *page.rects]
    except Exception:
        return marks
    for c in shapes:
        w, h = float(c["x1"]) - float(c["x0"]), float(c["bottom"]) - float(c["top"])
        if 1.5 <= w <= 9 and 1.5 <= h <= 9 and abs(w - h) <= 0.5 * max(w, h):
            marks.append((float(c["x1"]), (float(c["top"]) + float(c["bottom"])) / 2))
    return marks


def _clean_pdf_text(text: str) -> str:
    for a, b in _LIGATURES.items():
        text = text.replace(a, b)
    for a, b in _PUA_BULLETS.items():
        text = text.replace(a, b)
    text = re.sub(r"^[\ue000-\uf8ff](?=\s)", "•", text)  # any other symbol-font glyph opening a line
    # Glyphs with no Unicode mapping come out as "(cid:N)": tabs and spaces become a space, others go.
    text = _CID.sub(lambda m: " " if m.group(1) in ("9", "10", "13", "32") else "", text)
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\t", " ")
    return re.sub(r" {2,}", " ", text).strip()


def _running_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.casefold())).strip()


EDGE_LINES = 3  # how many lines at the top and bottom of a page may be a running header or footer


def _drop_running_lines(pages: list[list[_PdfLine]]) -> list[list[_PdfLine]]:
    """Drop page-number lines at page edges, and lines repeated at the top or bottom of most pages."""
    n = len(pages)
    counts: dict[str, int] = {}
    for p in pages:
        keys = {_running_key(ln.text) for ln in (*p[:EDGE_LINES], *p[-EDGE_LINES:])}
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, c in counts.items() if n >= 2 and c >= max(2, 0.5 * n)}
    out = []
    for p in pages:
        keep = []
        for i, ln in enumerate(p):
            edge = i < EDGE_LINES or i >= len(p) - EDGE_LINES
            near = i < 2 or i >= len(p) - 2
            if edge and _running_key(ln.text) in running:
                continue
            if near and _PAGE_NUMBER.match(ln.text):
                continue
            keep.append(ln)
        out.append(keep)
    return out


def _pdf_lines(pages: list[list[_PdfLine]]) -> tuple[list[str], list[int]]:
    """Lines as extracted, with a blank line where the vertical gap is wider than the line spacing."""
    gaps, heights = [], []
    for p in pages:
        for a, b in zip(p, p[1:]):
            g = b.top - a.bottom
            if g >= -1:
                gaps.append(max(0.0, g))
        heights.extend(ln.bottom - ln.top for ln in p)
    height = statistics.median(heights) if heights else 10.0
    if gaps:
        gaps.sort()
        line_gap = gaps[len(gaps) // 4]  # lines inside paragraphs are the tightest common gap
    else:
        line_gap = 0.2 * height
    threshold = line_gap + 0.45 * height
    texts: list[str] = []
    page_of: list[int] = []
    prev: _PdfLine | None = None
    for number, p in enumerate(pages, start=1):
        for i, ln in enumerate(p):
            blank = False
            if texts:
                if i == 0:
                    # Across a page break only the text says whether the paragraph goes on.
                    blank = bool(prev is not None and _TERMINAL.search(prev.text))
                else:
                    blank = (ln.top - prev.bottom) > threshold or ln.top < prev.top - 1  # a new column
            if blank:
                texts.append("")
                page_of.append(number)
            texts.append(ln.text)
            page_of.append(number)
            prev = ln
    return texts, page_of


# ==================================================================================================
# SARIF 2.1.0
# ==================================================================================================

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> tuple[str, bool]:
    """(URI reference, is relative) of a path as given on the command line."""
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        return Path(path).as_uri(), False
    return quote(p, safe="/-._~!$&'()*+,;=@"), True


def _sarif_location(loc, message: str | None = None, loc_id: int | None = None) -> dict:
    uri, relative = _uri(loc.path)
    artifact = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "SRCROOT"
    region = {"startLine": loc.line, "startColumn": loc.column,
              "endLine": loc.end_line or loc.line}
    if loc.end_column:
        region["endColumn"] = loc.end_column
    if loc.text:
        region["snippet"] = {"text": loc.text}
    out: dict = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    if loc_id is not None:
        out["id"] = loc_id
    if message:
        out["message"] = {"text": message}
    props = {k: v for k, v in (("page", loc.page), ("paragraph", loc.paragraph)) if v is not None}
    if props:
        out["properties"] = props
    return out


def to_sarif(results, tool: dict) -> str:
    """One SARIF 2.1.0 run: every rule in the driver, one result per diagnostic (EN location first,
    FR as a related location), inputs that could not be linted as tool execution notifications."""
    import json

    from rules import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver_rules = []
    for r in rules:
        d = {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary or r.name},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
            "properties": {"tags": ["bilingual", r.family]},
        }
        if r.doc:
            d["fullDescription"] = {"text": r.doc}
            d["help"] = {"text": r.doc, "markdown": r.doc}
        if r.needs_embeddings:
            d["properties"]["needsEmbeddings"] = True
        driver_rules.append(d)

    sarif_results = []
    notifications = []
    for res in results:
        if res.error:
            uri, relative = _uri(res.path)
            artifact = {"uri": uri, **({"uriBaseId": "SRCROOT"} if relative else {})}
            notifications.append({
                "level": "error",
                "message": {"text": res.error},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                "descriptor": {"id": "input-error"},
            })
        for d in res.diagnostics:
            primary, other = (d.en, d.fr) if d.en is not None else (d.fr, None)
            if primary is None:
                continue
            text = d.message + (f" Suggestion: {d.suggestion}" if d.suggestion else "")
            r = {
                "ruleId": d.rule,
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": text},
                "locations": [_sarif_location(primary, "English version" if d.en is not None else "French version")],
            }
            if d.rule in index:
                r["ruleIndex"] = index[d.rule]
            if other is not None:
                r["relatedLocations"] = [_sarif_location(other, "French version", 1)]
            key = "\x1f".join((d.rule, d.message, d.en.text if d.en else "", d.fr.text if d.fr else ""))
            r["partialFingerprints"] = {"noticelint/v1": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]}
            props = {"name": d.name}
            if d.suggestion:
                props["suggestion"] = d.suggestion
            if d.score is not None:
                props["score"] = d.score
            if d.en is None:
                props["englishMissing"] = True
            if d.fr is None:
                props["frenchMissing"] = True
            r["properties"] = props
            sarif_results.append(r)

    driver = {"name": "noticelint", "rules": driver_rules}
    if tool.get("version"):
        driver["version"] = str(tool["version"])
        driver["semanticVersion"] = str(tool["version"])
    if tool.get("model"):
        driver["properties"] = {"model": tool["model"]}
    run = {
        "tool": {"driver": driver},
        "invocations": [{
            "executionSuccessful": not any(r.error for r in results),
            "toolExecutionNotifications": notifications,
        }],
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ==================================================================================================
# HTML
# ==================================================================================================

_SEV_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

_CSS = """
:root { --err: #c62828; --err-bg: #fde7e7; --warn: #a86400; --warn-bg: #fff3d6; --info: #1565c0; --info-bg: #e3f0fd;
        --line: #d9dde3; --muted: #5f6b7a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 0; color: #1d232b; background: #f6f7f9; }
header.top { background: #1f2a37; color: #fff; padding: 16px 24px; }
header.top h1 { margin: 0 0 4px; font-size: 20px; }
header.top .tool { color: #c5cfdb; font-size: 13px; }
main { padding: 16px 24px 48px; }
table.summary { border-collapse: collapse; margin: 12px 0 4px; background: #fff; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 6px 14px; text-align: right; }
table.summary th { background: #eef1f5; font-weight: 600; }
td.n-error { color: var(--err); font-weight: 700; } td.n-warning { color: var(--warn); font-weight: 700; }
td.n-info { color: var(--info); font-weight: 700; }
ul.files { margin: 8px 0 0; padding-left: 20px; }
section.file { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 20px 0; padding: 0 0 8px; }
section.file > h2 { font-size: 17px; margin: 0; padding: 12px 16px; border-bottom: 1px solid var(--line);
                    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.counts { font-size: 13px; color: var(--muted); padding: 6px 16px; }
.input-error { margin: 12px 16px; padding: 10px 12px; border-left: 4px solid var(--err); background: var(--err-bg); }
table.notice { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.notice col.ln { width: 64px; } table.notice col.side { width: calc(50% - 64px); }
table.notice th { position: sticky; top: 0; background: #eef1f5; text-align: left; padding: 6px 10px;
                  border-bottom: 1px solid var(--line); z-index: 1; }
table.notice td { vertical-align: top; padding: 6px 10px; border-top: 1px solid #eef0f3; }
td.ln { color: var(--muted); font: 12px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        text-align: right; white-space: nowrap; }
td.ln .where { display: block; font-size: 11px; }
td.empty { background: repeating-linear-gradient(135deg, #fafbfc, #fafbfc 6px, #f1f3f6 6px, #f1f3f6 12px); }
td.empty::after { content: "(no counterpart)"; color: var(--muted); font-style: italic; font-size: 13px; }
tr.section td { background: #f0f3f7; font-weight: 700; border-top: 2px solid var(--line); }
tr.part td { background: #f7f8fa; color: var(--muted); font-size: 12px; text-transform: uppercase;
             letter-spacing: .04em; }
.blk + .blk { margin-top: 6px; }
.blk.heading, .blk.subheading, .blk.title { font-weight: 700; }
.blk.bullet::before { content: "• "; color: var(--muted); }
.blk .label { color: var(--muted); }
.blk.links { font-size: 13px; color: var(--muted); word-break: break-all; }
.blk.hit-error { box-shadow: inset 3px 0 0 var(--err); padding-left: 8px; }
.blk.hit-warning { box-shadow: inset 3px 0 0 var(--warn); padding-left: 8px; }
.blk.hit-info { box-shadow: inset 3px 0 0 var(--info); padding-left: 8px; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.error { background: var(--err-bg); outline: 1px solid #f3a5a5; }
mark.warning { background: var(--warn-bg); outline: 1px solid #f0cc79; }
mark.info { background: var(--info-bg); outline: 1px solid #9cc4ef; }
a.badge { display: inline-block; font: 11px/1.5 ui-monospace, monospace; padding: 0 5px; margin-left: 4px;
          border-radius: 3px; color: #fff; text-decoration: none; vertical-align: 1px; }
a.badge.error { background: var(--err); } a.badge.warning { background: var(--warn); } a.badge.info { background: var(--info); }
tr.findings td { padding: 2px 10px 10px; border-top: none; }
ul.findings { list-style: none; margin: 0; padding: 0; }
ul.findings li { margin: 4px 0; padding: 6px 10px; border-radius: 4px; border-left: 4px solid; }
ul.findings li.error { border-color: var(--err); background: var(--err-bg); }
ul.findings li.warning { border-color: var(--warn); background: var(--warn-bg); }
ul.findings li.info { border-color: var(--info); background: var(--info-bg); }
.code { font: 600 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.sev { font-size: 12px; text-transform: uppercase; font-weight: 700; margin: 0 6px; }
li.error .sev { color: var(--err); } li.warning .sev { color: var(--warn); } li.info .sev { color: var(--info); }
.rname { color: var(--muted); font-size: 12px; margin-right: 6px; }
.fix { display: block; font-size: 13px; margin-top: 2px; }
.locs { display: block; font: 12px ui-monospace, monospace; color: var(--muted); margin-top: 2px; }
.clean { color: #2e7d32; padding: 12px 16px; }
h3.other { font-size: 15px; margin: 16px 16px 4px; }
section.file > ul.findings { margin: 0 16px; }
@media print { table.notice th { position: static; } body { background: #fff; } }
"""


def _esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@dataclass
class _Hit:
    diag_id: int
    severity: Severity
    start: int
    end: int


@dataclass
class _Row:
    en: tuple = ()
    fr: tuple = ()


def _span_in_block(block, loc) -> tuple[int, int] | None:
    """Offsets in block.text of a location, or None for the whole block."""
    if not loc.text:
        return None
    if loc.text == block.text[: len(loc.text)] and len(loc.text) >= min(len(block.text), 120):
        return None  # the whole block
    for start, line, col in block.pieces:
        if line == loc.line:
            off = start + (loc.column - col)
            if 0 <= off and block.text[off: off + len(loc.text)] == loc.text:
                return off, off + len(loc.text)
    i = block.text.find(loc.text)
    if i >= 0:
        return i, i + len(loc.text)
    return None


def _render_block(block, hits: list[_Hit], fid: int, prefix: str = "") -> str:
    kind = block.kind
    classes = ["blk", kind]
    if hits:
        classes.append("hit-" + _SEV_CLASS[max(h.severity for h in hits)])
    text = block.text
    spans = [h for h in hits if h.start >= 0]
    whole = [h for h in hits if h.start < 0]
    # Split the text at every span boundary; each piece is marked with the worst finding covering it.
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    body = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _esc(text[a:b])
        cover = [h for h in spans if h.start <= a and b <= h.end]
        if cover:
            sev = _SEV_CLASS[max(h.severity for h in cover)]
            body.append(f'<mark class="{sev}">{piece}</mark>')
        else:
            body.append(piece)
    content = _esc(prefix) + "".join(body)
    if whole:
        content = f'<mark class="{_SEV_CLASS[max(h.severity for h in whole)]}">{content}</mark>'
    label = f'<span class="label">{_esc(block.label)}: </span>' if kind == "field" and block.label else ""
    worst: dict[int, Severity] = {}
    for h in hits:
        worst[h.diag_id] = max(worst.get(h.diag_id, h.severity), h.severity)
    badges = "".join(f'<a class="badge {_SEV_CLASS[sev]}" href="#f{fid}-d{i}">#{i}</a>'
                     for i, sev in sorted(worst.items()))
    return f'<div class="{" ".join(classes)}">{label}{content}{badges}</div>'


def _lines_cell(blocks) -> str:
    """Where the blocks are: the paragraph (¶) of a Word document, else lines (and page, for a PDF)."""
    if not blocks:
        return '<td class="ln"></td>'
    first, last = blocks[0].line, blocks[-1].end_line
    lines = f"{first}" if first == last else f"{first}–{last}"
    title = f"line {lines}"
    if blocks[0].paragraph is not None:
        a, b = blocks[0].paragraph, blocks[-1].paragraph or blocks[0].paragraph
        shown = f"¶ {a}" if a == b else f"¶ {a}–{b}"
        title = f"paragraph {a}" + (f"–{b}" if a != b else "")
        return f'<td class="ln" title="{_esc(title)}">{_esc(shown)}</td>'
    where = f'<span class="where">p. {blocks[0].page}</span>' if blocks[0].page is not None else ""
    return f'<td class="ln" title="{_esc(title)}">{_esc(lines)}{where}</td>'


def _describe(loc, lang: str) -> str:
    if loc is None:
        return f"{lang}: no counterpart"
    if loc.paragraph is not None:
        return f"{lang}: {loc.path}, paragraph {loc.paragraph}"
    s = f"{lang}: {loc.path}:{loc.line}:{loc.column}"
    if loc.page is not None:
        s += f" (page {loc.page})"
    return s


def _finding_item(fid: int, i: int, d) -> str:
    sev = _SEV_CLASS[d.severity]
    fix = f'<span class="fix">Suggestion: {_esc(d.suggestion)}</span>' if d.suggestion else ""
    locs = f'<span class="locs">{_esc(_describe(d.en, "EN"))} · {_esc(_describe(d.fr, "FR"))}</span>'
    return (f'<li class="{sev}" id="f{fid}-d{i}"><span class="code">#{i} {_esc(d.rule)}</span><span class="sev">{_esc(str(d.severity))}</span>'
            f'<span class="rname">{_esc(d.name)}</span>{_esc(d.message)}{fix}{locs}</li>')


def _notice_rows(notice) -> list[tuple[str, object]]:
    """("part", title) / ("section", SectionPair) / ("row", _Row) in reading order, every block once."""
    pairs_by_section: dict = {}
    for p in notice.pairs:
        pairs_by_section.setdefault(p.section, []).append(p)

    def rows_for(pairs, en_blocks, fr_blocks) -> list[_Row]:
        rows = [_Row(tuple(p.en), tuple(p.fr)) for p in pairs]
        seen = {id(b) for r in rows for b in (*r.en, *r.fr)}
        for side, blocks in (("en", en_blocks), ("fr", fr_blocks)):
            for b in blocks:
                if id(b) in seen:
                    continue
                seen.add(id(b))
                # Insert before the first row whose same-side blocks start after this one.
                at = len(rows)
                for k, r in enumerate(rows):
                    mine = getattr(r, side)
                    if mine and mine[0].line > b.line:
                        at = k
                        break
                rows.insert(at, _Row((b,), ()) if side == "en" else _Row((), (b,)))
        return rows

    out: list[tuple[str, object]] = []
    header = rows_for(pairs_by_section.get(0, []), notice.en.header, notice.fr.header)
    if header:
        out.append(("part", "Header"))
        out.extend(("row", r) for r in header)
    for sp in notice.sections:
        number = (sp.en or sp.fr).number
        en_blocks = sp.en.blocks if sp.en else ()
        fr_blocks = sp.fr.blocks if sp.fr else ()
        ids = {id(b) for b in (*en_blocks, *fr_blocks)}
        pairs = [p for p in pairs_by_section.get(number, []) if any(id(b) in ids for b in (*p.en, *p.fr))]
        out.append(("section", sp))
        out.extend(("row", r) for r in rows_for(pairs, en_blocks, fr_blocks))
    return out


def _file_html(res, fid: int) -> str:
    diags = res.diagnostics
    n = {s: sum(d.severity == s for d in diags) for s in Severity}
    shown = res.path
    if res.notice is not None and res.notice.fr_path and res.notice.fr_path != res.notice.path:
        shown = f"{res.notice.path} + {res.notice.fr_path}"
    head = f'<section class="file" id="file-{fid}"><h2>{_esc(shown)}</h2>'

    if res.error:
        return head + f'<p class="input-error"><strong>Could not be linted:</strong> {_esc(res.error)}</p></section>'
    counts = (f'<div class="counts">{n[Severity.ERROR]} errors · {n[Severity.WARNING]} warnings · '
              f'{n[Severity.INFO]} infos</div>')
    notice = res.notice
    if notice is None:
        items = "".join(_finding_item(fid, i, d) for i, d in enumerate(diags, start=1))
        return head + counts + (f'<ul class="findings">{items}</ul>' if items else "") + "</section>"

    entries = _notice_rows(notice)
    fr_path = notice.fr_path or notice.path
    # Which block each diagnostic points into, on each side.
    block_hits: dict[int, list[_Hit]] = {}
    home: dict[int, int] = {}  # diagnostic index → row index (where its message is shown)
    all_rows = [(k, e) for k, (kind, e) in enumerate(entries) if kind in ("row", "section")]

    def row_blocks(kind, e, side):
        if kind == "row":
            return getattr(e, side)
        sec = getattr(e, side)
        return (sec.heading,) if sec is not None and sec.heading is not None else ()

    for i, d in enumerate(diags, start=1):
        for side, loc, path in (("en", d.en, notice.path), ("fr", d.fr, fr_path)):
            if loc is None or loc.path != path:
                continue
            for k, e in all_rows:
                kind = entries[k][0]
                hit = next((b for b in row_blocks(kind, e, side) if b.line <= loc.line <= b.end_line), None)
                if hit is None:
                    continue
                span = _span_in_block(hit, loc)
                block_hits.setdefault(id(hit), []).append(
                    _Hit(i, d.severity, *(span if span else (-1, -1))))
                home.setdefault(i, k)  # the English side's row when there is one (it comes first)
                break
    by_row: dict[int, list[int]] = {}
    for i, k in home.items():
        by_row.setdefault(k, []).append(i)

    parts = [head, counts, '<table class="notice"><colgroup><col class="ln"><col class="side"><col class="ln">'
             '<col class="side"></colgroup><thead><tr><th></th><th>English</th><th></th><th>Français</th></tr>'
             '</thead><tbody>']
    for k, (kind, e) in enumerate(entries):
        if kind == "part":
            parts.append(f'<tr class="part"><td colspan="4">{_esc(e)}</td></tr>')
            continue
        if kind == "section":
            if not row_blocks(kind, e, "en") and not row_blocks(kind, e, "fr") and k not in by_row:
                continue  # the unnumbered body of a notice without sections: no heading row
            cells = []
            for side in ("en", "fr"):
                sec = getattr(e, side)
                if sec is None:
                    cells.append('<td class="ln"></td><td class="empty"></td>')
                    continue
                blocks = row_blocks(kind, e, side)
                num = f"{sec.number}. " if sec.number is not None else ""
                title = "".join(_render_block(b, block_hits.get(id(b), []), fid, num) for b in blocks)
                cells.append(_lines_cell(blocks) + f'<td lang="{side}">{title}</td>')
            parts.append(f'<tr class="section">{"".join(cells)}</tr>')
        else:
            cells = []
            for side in ("en", "fr"):
                blocks = getattr(e, side)
                if not blocks:
                    cells.append('<td class="ln"></td><td class="empty"></td>')
                    continue
                inner = "".join(_render_block(b, block_hits.get(id(b), []), fid) for b in blocks)
                cells.append(_lines_cell(blocks) + f'<td lang="{side}">{inner}</td>')
            parts.append(f'<tr>{"".join(cells)}</tr>')
        if k in by_row:
            items = "".join(_finding_item(fid, i, diags[i - 1]) for i in sorted(by_row[k]))
            parts.append(f'<tr class="findings"><td></td><td colspan="3"><ul class="findings">{items}</ul></td></tr>')
    parts.append("</tbody></table>")
    rest = [i for i in range(1, len(diags) + 1) if i not in home]
    if rest:
        parts.append('<h3 class="other">Other findings</h3><ul class="findings">')
        parts.extend(_finding_item(fid, i, diags[i - 1]) for i in rest)
        parts.append("</ul>")
    if not diags:
        parts.append('<p class="clean">No inconsistencies found.</p>')
    parts.append("</section>")
    return "".join(parts)


def to_html(results, tool: dict) -> str:
    """A self-contained report: summary, then each notice's two versions side by side, findings marked."""
    from ..report import summary

    s = summary(results)
    version = f" {tool.get('version')}" if tool.get("version") else ""
    model = f" · model {tool.get('model')}" if tool.get("model") else ""
    files = []
    for fid, r in enumerate(results, start=1):
        if r.error:
            what = "could not be linted"
        else:
            n = {sev: sum(d.severity == sev for d in r.diagnostics) for sev in Severity}
            what = f"{n[Severity.ERROR]} errors, {n[Severity.WARNING]} warnings, {n[Severity.INFO]} infos"
        files.append(f'<li><a href="#file-{fid}">{_esc(r.path)}</a> — {_esc(what)}</li>')
    summary_html = (
        '<table class="summary"><tr><th>files</th><th>errors</th><th>warnings</th><th>infos</th>'
        '<th>unreadable</th></tr>'
        f'<tr><td>{s["files"]}</td><td class="n-error">{s["errors"]}</td><td class="n-warning">{s["warnings"]}</td>'
        f'<td class="n-info">{s["infos"]}</td><td>{s["failed_inputs"]}</td></tr></table>'
    )
    body = "".join(_file_html(r, fid) for fid, r in enumerate(results, start=1))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"generator\" content=\"noticelint\">"
        f"<title>noticelint report</title><style>{_CSS}</style></head><body>"
        f'<header class="top"><h1>noticelint report</h1><div class="tool">{_esc("noticelint" + version + model)}'
        "</div></header><main>"
        f'<section class="overview">{summary_html}<ul class="files">{"".join(files)}</ul></section>'
        f"{body}</main></body></html>\n"
    )
