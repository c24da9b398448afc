"""PDF in: the text layer, page by page, with the page of each line.

Running headers and footers (lines repeated at the top or bottom of most pages) and page-number
lines are dropped; a vertical gap wider than the line spacing becomes a blank line. A page whose
text runs another way (a /Rotate page) is read turned upright; a document laid out in two columns
is read column by column (pdf_page.py).

pdfplumber is imported only when such a file is read.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from pathlib import Path

from ..model import Line, Page
from .pdf_page import PageText, PdfLine, bullet_marks, columns, cut_at, find_gutter, text_lines, upright_objects
from .source import InputError, Source, read_head

__all__ = ["read_pdf"]

# A notice is a few pages. Past these, a PDF is a report, a dump or a bomb: refused with the limit.
MAX_PDF_PAGES = 200
MAX_PDF_CHARS_PER_PAGE = 50_000  # a dense page holds ~5,000
MAX_PDF_CHARS = 1_000_000
MAX_PDF_INFLATED = 64 * 1024 * 1024  # decoded stream bytes, every filter of every stream together
# Drawing: content-stream tokens (operands and operators) of the whole document, counted again each
# time a Form XObject is drawn; paths kept per page; Form XObjects drawn, and how deeply nested.
MAX_PDF_TOKENS = 1_000_000  # a dense page of text is ~5,000 (a TJ array counts one), a page of vector art ~50,000
MAX_PDF_PATHS_PER_PAGE = 50_000  # table borders and shapes: a few hundred
MAX_PDF_FORMS = 10_000
MAX_PDF_FORM_DEPTH = 12


class _OverBudget(Exception):
    """A PDF budget exceeded while pdfminer reads; str() names the limit."""


class _Budget:
    """What the PDF being read has cost so far; checked by the hooks below as pdfminer works."""

    def __init__(self):
        self.inflated = 0
        self.chars = 0
        self.page_chars = 0
        self.tokens = 0
        self.page_paths = 0
        self.forms = 0
        self.depth = 0
        self.exceeded: str | None = None

    def fail(self, reason: str):
        self.exceeded = self.exceeded or reason
        raise _OverBudget(self.exceeded)

    def add_bytes(self, n: int):
        self.inflated += n
        if self.inflated > MAX_PDF_INFLATED:
            self.fail(f"PDF streams inflate past {MAX_PDF_INFLATED // (1024 * 1024)} MiB (the limit)")

    def add_tokens(self, n: int):
        self.tokens += n
        if self.tokens > MAX_PDF_TOKENS:
            self.fail(f"PDF draws over {MAX_PDF_TOKENS} content operations (the limit)")

    def add_path(self):
        self.page_paths += 1
        if self.page_paths > MAX_PDF_PATHS_PER_PAGE:
            self.fail(f"PDF page draws over {MAX_PDF_PATHS_PER_PAGE} shapes (the limit)")

    def enter_form(self):
        self.forms += 1
        self.depth += 1
        if self.forms > MAX_PDF_FORMS:
            self.fail(f"PDF draws over {MAX_PDF_FORMS} XObjects (the limit)")
        if self.depth > MAX_PDF_FORM_DEPTH:
            self.fail(f"PDF nests XObjects over {MAX_PDF_FORM_DEPTH} deep (the limit)")

    def add_char(self):
        self.chars += 1
        self.page_chars += 1
        if self.page_chars > MAX_PDF_CHARS_PER_PAGE:
            self.fail(f"PDF page has over {MAX_PDF_CHARS_PER_PAGE} characters (the limit)")
        if self.chars > MAX_PDF_CHARS:
            self.fail(f"PDF has over {MAX_PDF_CHARS} characters (the limit)")


_BUDGET: _Budget | None = None


class _BoundedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes: inflates under the current budget."""

    import zlib as _z

    error = _z.error
    MAX_WBITS = _z.MAX_WBITS

    def decompress(self, data, *args):
        if _BUDGET is None:
            return self._z.decompress(data, *args)
        d = self._z.decompressobj(*args[1:2]) if len(args) > 1 else self._z.decompressobj()
        left = max(MAX_PDF_INFLATED - _BUDGET.inflated, 0)
        out = d.decompress(data, left + 1)
        _BUDGET.add_bytes(len(out))
        if d.unconsumed_tail:
            _BUDGET.add_bytes(MAX_PDF_INFLATED + 1)
        if not d.eof:
            raise self._z.error("incomplete or truncated stream")
        return out

    def decompressobj(self, *args, **kw):
        inner = self._z.decompressobj(*args, **kw)

        class _Obj:
            def decompress(_, data, max_length=0):
                out = inner.decompress(data, max_length) if max_length else inner.decompress(data)
                if _BUDGET is not None:
                    _BUDGET.add_bytes(len(out))
                return out

            def flush(_, *a):
                return inner.flush(*a)

            def __getattr__(_, name):
                return getattr(inner, name)

        return _Obj()

    def __getattr__(self, name):
        return getattr(self._z, name)


def _counted(decode):
    """A pdfminer filter whose output counts against the budget (ASCII85, ASCIIHex, CCITT, predictors:
    at most a few times their input, which is itself counted when another filter made it)."""
    def run(*args, **kw):
        out = decode(*args, **kw)
        if _BUDGET is not None:
            _BUDGET.add_bytes(len(out))
        return out

    run._noticelint = True
    return run


def _lzw_decode(data: bytes) -> bytes:
    """pdfminer's LZW decoder, its output counted as it comes (a few KB per code at most)."""
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    out = []
    for chunk in LZWDecoder(BytesIO(data)).run():
        if _BUDGET is not None:
            _BUDGET.add_bytes(len(chunk))
        out.append(chunk)
    return b"".join(out)


def _runlength_decode(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5), its output counted every 64 KiB: a run repeats one byte up to
    128 times, so 412 KB of runs made 1 GB under pdfminer's own decoder."""
    out = bytearray()
    counted, i, n = 0, 0, len(data)
    while i < n:
        length = data[i]
        i += 1
        if length == 128:
            break
        if length < 128:
            out += data[i:i + length + 1]
            i += length + 1
        elif i < n:
            out += data[i:i + 1] * (257 - length)
            i += 1
        if _BUDGET is not None and len(out) - counted >= 1 << 16:
            _BUDGET.add_bytes(len(out) - counted)
            counted = len(out)
    if _BUDGET is not None:
        _BUDGET.add_bytes(len(out) - counted)
    return bytes(out)


def _decompress_corrupted(data: bytes) -> bytes:
    """What a Flate stream with a bad checksum holds, byte by byte as pdfminer does, in linear time
    (pdfminer's own appends to one bytes object: quadratic) and under the budget (pt.zlib is ours)."""
    import pdfminer.pdftypes as pt

    d = pt.zlib.decompressobj()
    out = []
    for i in range(len(data)):
        try:
            out.append(d.decompress(data[i:i + 1]))
        except pt.zlib.error:
            if i < len(data) - 3:
                raise
            break
    return b"".join(out)


def _install_hooks() -> None:
    """Once per process: every stream filter of pdfminer.pdftypes under one budget of decoded bytes
    (Flate, LZW, RunLength, ASCII85/Hex, CCITT, predictors, damaged Flate), the content operations,
    shapes and Form XObjects the interpreter draws and the characters the layout analyser keeps
    counted, and pdfminer's warnings kept off stderr (one damaged PDF logs thousands)."""
    import logging

    import pdfminer.converter as conv
    import pdfminer.pdfinterp as pi
    import pdfminer.pdftypes as pt

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pdfplumber").setLevel(logging.ERROR)
    if not isinstance(pt.zlib, _BoundedZlib):
        pt.zlib = _BoundedZlib()
    if not getattr(pt.rldecode, "_noticelint", False):
        _lzw_decode._noticelint = _runlength_decode._noticelint = _decompress_corrupted._noticelint = True
        pt.lzwdecode, pt.rldecode, pt.decompress_corrupted = _lzw_decode, _runlength_decode, _decompress_corrupted
        for f in ("ascii85decode", "asciihexdecode", "ccittfaxdecode", "apply_png_predictor", "apply_tiff_predictor"):
            setattr(pt, f, _counted(getattr(pt, f)))
    if not getattr(pi.PDFContentParser.nextobject, "_noticelint", False):
        next_object = pi.PDFContentParser.nextobject

        def nextobject(self):
            if _BUDGET is not None:
                _BUDGET.add_tokens(1)
            return next_object(self)

        nextobject._noticelint = True
        pi.PDFContentParser.nextobject = nextobject
        do_form = pi.PDFPageInterpreter.do_Do

        def do_Do(self, xobjid_arg):  # noqa: N802 (pdfminer's name)
            if _BUDGET is None:
                return do_form(self, xobjid_arg)
            _BUDGET.enter_form()
            try:
                return do_form(self, xobjid_arg)
            finally:
                _BUDGET.depth -= 1

        pi.PDFPageInterpreter.do_Do = do_Do
        paint = conv.PDFLayoutAnalyzer.paint_path

        def paint_path(self, *args, **kw):
            if _BUDGET is not None:
                _BUDGET.add_path()
            return paint(self, *args, **kw)

        conv.PDFLayoutAnalyzer.paint_path = paint_path
    if not getattr(conv.PDFLayoutAnalyzer.render_char, "_noticelint", False):
        real = conv.PDFLayoutAnalyzer.render_char

        def render_char(self, *args, **kw):
            if _BUDGET is not None:
                _BUDGET.add_char()
            return real(self, *args, **kw)

        render_char._noticelint = True
        conv.PDFLayoutAnalyzer.render_char = render_char


def _page_count(pdf) -> int | None:
    """The /Count of the page tree, without building a page object per page."""
    try:
        from pdfminer.pdftypes import resolve1

        n = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
        return n if isinstance(n, int) else None
    except Exception:
        return None


_PAGE_NUMBER = re.compile(
    r"^\s*[-–—]?\s*(?:page|p\.|pg\.?)?\s*\d{1,4}\s*(?:(?:/|of|sur|de)\s*\d{1,4})?\s*[-–—]?\s*$", re.I)
_CID = re.compile(r"\(cid:(\d+)\)")
_TERMINAL = re.compile(r"[.!?:;…]['\"”»)\]]*\s*$")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
# Symbol and Wingdings bullets land in the private use area when a PDF has no ToUnicode map.
_PUA_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "•", "\uf06e": "■",
                "\uf0a8": "□", "\uf0e0": "➢", "\uf0f0": "➢"}


def read_pdf(path: Path, name: str) -> Source:
    """Read a PDF's text layer page by page; `pages` maps each line to its page."""
    path = Path(path)
    head = read_head(path, name, 1024)
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

    global _BUDGET
    import warnings

    _install_hooks()
    pages: list[PageText] = []
    stats = [0, 0]  # (cid:N) glyphs, words
    budget = _BUDGET = _Budget()
    try:
        with warnings.catch_warnings(), pdfplumber.open(str(path)) as pdf:
            warnings.simplefilter("ignore")
            n = _page_count(pdf)
            if n is not None and n > MAX_PDF_PAGES:
                raise _OverBudget(f"PDF has {n} pages, over the {MAX_PDF_PAGES}-page limit")
            for i, page in enumerate(pdf.pages):
                if i >= MAX_PDF_PAGES:
                    raise _OverBudget(f"PDF has over {MAX_PDF_PAGES} pages (the limit)")
                budget.page_chars = budget.page_paths = 0
                pages.append(_page_lines(page, stats))
                page.close() if hasattr(page, "close") else None
    except _OverBudget as e:
        raise InputError(name, str(e)) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "password-protected PDF") from None
    except (MemoryError, RecursionError):
        if budget.exceeded:
            raise InputError(name, budget.exceeded) from None
        raise
    except Exception as e:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError...) on damage
        if budget.exceeded:
            raise InputError(name, budget.exceeded) from None
        if isinstance(cause(e), (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(name, "password-protected PDF") from None
        raise InputError(name, "not a PDF (corrupt)") from None
    finally:
        _BUDGET = None
    if not pages:
        raise InputError(name, "PDF has no pages")
    if stats[0] > 0.2 * max(1, stats[1]):
        raise InputError(name, "PDF text cannot be decoded (its fonts have no Unicode map); export it again")
    if sum(len(re.sub(r"\s", "", ln.text)) for p in pages for ln in p.lines) < 20:
        raise InputError(name, "PDF has no text layer (scanned image?)")
    texts, page_of = _compose(pages)
    if not any(t.strip() for t in texts):
        raise InputError(name, "PDF has no text layer (scanned image?)")
    lines = tuple(Line(i, t) for i, t in enumerate(texts, start=1))
    return Source(name, lines, "pdf", "utf-8", tuple(((1, Page(n)),) for n in page_of))


def _page_lines(page, stats: list[int]) -> PageText:
    """The page's lines (upright: see pdf_page.py), and its two columns when it has a gutter."""
    chars = page.chars
    if len({(c["text"], round(c["x0"] / 2), round(c["top"])) for c in chars}) < len(chars):
        chars = page.dedupe_chars().chars  # fake bold: the same glyph printed twice, a little offset (slow: only then)
    chars, shapes, turned = upright_objects(page, chars)
    marks = bullet_marks(shapes)
    out = PageText(_lines(text_lines(chars, None if turned else page.bbox), marks, stats))
    out.band, out.gutter, out.x_range = find_gutter(chars, len(out.lines))
    if out.band:
        left, right = cut_at(chars, out.band)
        out.left, out.right = _lines(text_lines(left), marks), _lines(text_lines(right), marks)
    return out


def _lines(raw: list[dict], marks: list[tuple[float, float]], stats: list[int] | None = None) -> list[PdfLine]:
    out = []
    for ln in raw:
        if stats is not None:
            stats[0] += len([m for m in _CID.findall(ln["text"]) if m not in ("9", "10", "13", "32")])
            stats[1] += len(ln["text"].split())
        text = _clean_pdf_text(ln["text"])
        if not text.strip():
            continue
        top, bottom, x0 = float(ln["top"]), float(ln["bottom"]), float(ln["x0"])
        if any(x0 - 30 <= mx <= x0 + 1 and top <= my <= bottom for mx, my in marks) and not _BULLET_START.match(text):
            text = "• " + text  # a list bullet drawn as a shape (browsers and some word processors do)
        out.append(PdfLine(text, top, bottom, x0, float(ln["x1"])))
    return out


_BULLET_START = re.compile(r"^[-–—•*·▪►○◦●■□➢✓]\s")


def _compose(pages: list[PageText]) -> tuple[list[str], list[int]]:
    """The document's lines and the page of each: a page after another; with two columns (a gutter
    on most pages), the left column of every page, then the right one's (when the columns hold
    different languages: one version a column, as in a two-column Word table), or else each page's
    left column then its right one (one text flowing down the columns)."""
    cols = columns(pages)
    if cols is None:
        return _pdf_lines(_drop_running_lines([p.lines for p in pages]))
    from .. import lang as L

    left, right = cols
    a, b = (L.guess("\n".join(ln.text for p in side for ln in p)) for side in (left, right))
    if not (a and b and a != b):
        return _pdf_lines(_drop_running_lines([lp + rp for lp, rp in zip(left, right)]))
    t1, p1 = _pdf_lines(_drop_running_lines(left))
    t2, p2 = _pdf_lines(_drop_running_lines(right))
    gap = 1 if t1 and t2 else 0  # a blank line between the versions
    return t1 + [""] * gap + t2, p1 + p2[:gap] + p2


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


def _drop_running_lines(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
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


def _line_gap(gaps: list[float], height: float) -> float:
    """The gap between the lines of one paragraph: the tightest gap that recurs (a twentieth of all gaps,
    at least 3, within a tenth of a line height). Not a fixed percentile: a notice of short paragraphs
    (header fields, one-line bullets) has fewer wrapped lines than paragraph gaps."""
    if not gaps:
        return 0.2 * height
    gaps = sorted(gaps)
    need, tolerance = max(3, len(gaps) // 20), 0.1 * height
    for i, g in enumerate(gaps):
        j = bisect_right(gaps, g + tolerance)
        if j - i >= need:
            return gaps[(i + j - 1) // 2]
    return gaps[len(gaps) // 4]


def _pdf_lines(pages: list[list[PdfLine]]) -> tuple[list[str], list[int]]:
    """Lines as extracted, with a blank line where the vertical gap is wider than the line spacing."""
    gaps, heights = [], []
    for p in pages:
        for a, b in zip(p, p[1:]):
            g = b.top - a.bottom
            if g >= -1:
                gaps.append(max(0.0, g))
        heights.extend(ln.bottom - ln.top for ln in p)
    height = statistics.median(heights) if heights else 10.0
    line_gap = _line_gap(gaps, height)
    threshold = line_gap + 0.45 * height
    texts: list[str] = []
    page_of: list[int] = []
    prev: PdfLine | None = None
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
