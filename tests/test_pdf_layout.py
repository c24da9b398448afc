"""PDF layouts (issue 23, item 6): rotated pages read upright, two-column pages read column by column.

The PDFs are written here with the raw PDF writer of tests/test_hostile_more.py (standard Helvetica,
one text object per column) from the project's own example notice, examples/good.md: its English and
French, each paragraph wrapped to the column's width.

- A page with /Rotate 90, 180 or 270 whose text is drawn upright in the page's own frame (a viewer
  shows it turned) reads as the same page without /Rotate, line for line.
- English and French side by side in two columns (each flowing over the pages, or paragraph beside
  paragraph, under a running header across both) read as the two versions, as a two-column Word table
  does: no finding on a consistent notice, the NL101 on one with the French salary changed.
- A notice flowing down two columns page after page (the English over the first pages, the French
  over the next) reads each page's left column, then its right one.
- A single-column page whose header fields are laid out as label | value stays one line per field.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from linter.config import Config
from linter.engine import Linter
from linter.read import read_source
from tests.test_hostile_more import EN_TEXT, FR_TEXT, _pdf_str, raw_pdf

pytest.importorskip("pdfplumber", reason="pdfplumber reads PDFs")

PORTRAIT, LANDSCAPE = (595, 842), (842, 595)
FR_SALARY_CHANGED = FR_TEXT.replace("6 204,10", "6 304,10")
assert FR_SALARY_CHANGED != FR_TEXT


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(embeddings=False))


def wrapped(text: str, width: int) -> list[str]:
    """The paragraphs of `text` wrapped to `width` characters, a blank line between paragraphs."""
    out: list[str] = []
    for para in (p.strip() for p in text.split("\n\n")):
        if not para:
            continue
        if out:
            out.append("")
        for ln in para.splitlines():
            out.extend(textwrap.wrap(ln, width) or [""])
    return out


def column(lines: list[str], x: float, top: float, size: int = 9, lead: int = 12) -> bytes:
    """A text object drawing `lines` from (x, top) down, one line every `lead` points."""
    ops = [b"BT /F1 %d Tf %d TL %.1f %.1f Td" % (size, lead, x, top)]
    ops += [(_pdf_str(ln) if ln else b"()") + b" Tj T*" for ln in lines]
    return b"\n".join(ops + [b"ET\n"])


def pdf(pages: list[bytes], box=PORTRAIT, rotate: int = 0) -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for content in pages:
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]%s /Resources << /Font << /F1 3 0 R >> >>"
                    b" /Contents %d 0 R >>" % (*box, b" /Rotate %d" % rotate if rotate else b"", len(objs)))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids))
    return raw_pdf(objs)


def one_column(rotate: int = 0, per: int = 60) -> bytes:
    """The English then the French, one column, 60 lines a page."""
    pages = []
    for text in (EN_TEXT, FR_TEXT):
        lines = wrapped(text, 95)
        pages += [column(lines[i:i + per], 40, 800) for i in range(0, len(lines), per)]
    return pdf(pages, rotate=rotate)


def side_by_side(fr_text: str = FR_TEXT, per: int = 40, header: bool = False) -> bytes:
    """Landscape pages, the English flowing down the left column, the French down the right one."""
    en, fr = wrapped(EN_TEXT, 75), wrapped(fr_text, 75)
    pages = []
    for i in range(0, max(len(en), len(fr)), per):
        top = column(["NATO UNCLASSIFIED - Vacancy 260101 - OTAN SANS CLASSIFICATION"], 300, 575) if header else b""
        pages.append(top + column(en[i:i + per], 40, 550) + column(fr[i:i + per], 431, 550))
    return pdf(pages, LANDSCAPE)


def paragraph_beside_paragraph(fr_text: str = FR_TEXT) -> bytes:
    """Each English paragraph beside its French one (a table without borders), pages of 40 lines."""
    en = [p for p in EN_TEXT.split("\n\n") if p.strip()]
    fr = [p for p in fr_text.split("\n\n") if p.strip()]
    assert len(en) == len(fr)
    pages, ops, y = [], b"", 560.0
    for a, b in zip(en, fr):
        la, lb = wrapped(a, 75), wrapped(b, 75)
        height = 12 * max(len(la), len(lb)) + 8
        if y - height < 40:
            pages.append(ops)
            ops, y = b"", 560.0
        ops += column(la, 40, y) + column(lb, 431, y)
        y -= height
    return pdf(pages + [ops], LANDSCAPE)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def rules(linter: Linter, path: Path) -> list[str]:
    """The rules of the findings on a notice that was linted (not refused), English first."""
    result = linter.lint(str(path))
    assert result.error is None, result.error
    assert result.split is not None and result.split.first == "en", result.split
    return sorted(d.rule for d in result.diagnostics)


def test_one_column_is_clean(tmp_path, linter):
    """The baseline of the tests below: the notice on single-column pages has no finding."""
    assert rules(linter, write(tmp_path, "n.pdf", one_column())) == []


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_read_as_unrotated(tmp_path, linter, rotate):
    """Before: the characters of a /Rotate page came out in the viewer's frame, sideways or upside
    down (58 false findings, or one language found)."""
    plain = read_source(write(tmp_path, "plain.pdf", one_column()))
    turned = write(tmp_path, f"rot{rotate}.pdf", one_column(rotate))
    assert read_source(turned).lines == plain.lines
    assert read_source(turned).places == plain.places
    assert rules(linter, turned) == []


@pytest.mark.parametrize("build", [side_by_side, paragraph_beside_paragraph], ids=["flowing", "paragraphs"])
def test_two_columns_read_as_two_versions(tmp_path, linter, build):
    """Before: 'only one language found' (a line of each column made one line of mixed text)."""
    good = write(tmp_path, "good.pdf", build())
    src = read_source(good)
    texts = [ln.text for ln in src.lines]
    assert "Salary (Pay Basis): 6,204.10Euro (EUR) Monthly" in texts
    assert "Salaire (Base de paie) : 6 204,10Euro (EUR) Mensuelle" in texts
    assert texts.index("Analyste de données - 260101") > texts.index("4. CONTRACT")  # the English first, whole
    assert rules(linter, good) == []
    bad = write(tmp_path, "bad.pdf", build(FR_SALARY_CHANGED))
    assert rules(linter, bad) == ["NL101"]


def test_two_columns_under_a_header_across_both(tmp_path, linter):
    """A running header over both columns goes with the left column, and is dropped as running."""
    path = write(tmp_path, "h.pdf", side_by_side(header=True))
    texts = [ln.text for ln in read_source(path).lines]
    assert not any("UNCLASSIFIED" in t for t in texts)
    assert rules(linter, path) == []


def test_text_flowing_down_two_columns(tmp_path, linter):
    """One language a page, in two columns (a newsletter's layout): each page's left column, then
    its right one, then the next page."""
    pages = []
    for text in (EN_TEXT, FR_TEXT):
        lines = wrapped(text, 75)
        half = next(i for i in range(len(lines) // 2, len(lines)) if not lines[i])  # at a paragraph's end
        pages.append(column(lines[:half], 40, 560) + column(lines[half + 1:], 431, 560))
    path = write(tmp_path, "flow.pdf", pdf(pages, LANDSCAPE))
    drawn = [ln for text in (EN_TEXT, FR_TEXT) for ln in wrapped(text, 75) if ln]
    assert [ln.text for ln in read_source(path).lines if ln.text] == drawn
    assert rules(linter, path) == []


def test_label_value_header_is_not_two_columns(tmp_path):
    """A single-column page whose header fields are set as a label | value table, over a body that
    runs across the page, stays one line a field and one column."""
    fields = [ln for ln in EN_TEXT.splitlines()[1:16] if ": " in ln]
    body = wrapped("1. SUMMARY" + EN_TEXT.split("1. SUMMARY")[1], 95)
    ops = column(["Data Analyst - 260101"], 40, 800)
    for i, f in enumerate(fields):
        label, value = f.split(": ", 1)
        ops += column([label + ":"], 40, 770 - 14 * i) + column([value], 200, 770 - 14 * i)
    ops += column(body, 40, 770 - 14 * len(fields) - 20)
    path = write(tmp_path, "fields.pdf", pdf([ops]))
    texts = [ln.text for ln in read_source(path).lines]
    assert "Grade: NATO Grade G12" in texts
    assert "Primary Location: Belgium-Brussels" in texts
    assert texts.index("Grade: NATO Grade G12") < texts.index("1. SUMMARY") < texts.index("4. CONTRACT")


def test_two_column_reading_grows_linearly(tmp_path):
    """Finding the gutter sorts each page's words once: 4x the pages costs about 4x the time."""
    def cost(n: int) -> float:
        path = write(tmp_path, f"p{n}.pdf", pdf([side_by_side_page()] * n, LANDSCAPE))
        best = float("inf")
        for _ in range(2):
            t = time.process_time()
            read_source(path)
            best = min(best, time.process_time() - t)
        return best

    small, large = cost(5), cost(20)
    assert large < 6 * small, (small, large)


def side_by_side_page() -> bytes:
    en, fr = wrapped(EN_TEXT, 75), wrapped(FR_TEXT, 75)
    return column(en[:40], 40, 550) + column(fr[:40], 431, 550)
