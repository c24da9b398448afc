"""Markdown notices: the CommonMark reader (positions, breaks, entities, links, front matter), the
Markdown segmenter (headings by level, fields in every shape), split by structure, and the six real
pairs of ../shared/notices-more end to end (rules only)."""

from __future__ import annotations

import html

import pytest

from linter.model import Line
from linter.read import read_source
from linter.read.layout import numbered_heading
from linter.read.markdown import looks_like_markdown, parse_markdown
from linter.read.text import split_lines
from linter.segment import segment
from linter.split import split

from .conftest import EXAMPLES, NOTICES, shared

# The six real pairs of ../shared/notices-more (read there; tests skip when it is absent).
PAIRS = ["cds-admin-officer-2023", "cds-ceo-2022", "cds-localization-specialist-2024",
         "lehub-quebec-lead-2024", "opennorth-marketing-lead-2013", "tonic-assistant-to-management-2025"]


def more(name: str, lang: str):
    return shared(f"notices-more/{name}.{lang}.txt")


def lines_of(text: str) -> tuple[Line, ...]:
    return split_lines(text)


def assert_positions(block, lines: tuple[Line, ...]) -> None:
    """Every piece of the block's text is the file's text at that line and column, character for character."""
    src = {ln.number: ln.text for ln in lines}
    assert block.pieces, block
    for i, (off, line, col) in enumerate(block.pieces):
        end = block.pieces[i + 1][0] if i + 1 < len(block.pieces) else len(block.text)
        seg = block.text[off:end].rstrip(" ")
        at = src[line][col - 1:]
        if len(seg) == 1 and at.startswith("&"):  # a decoded entity points at the entity
            assert html.unescape(at[: at.index(";") + 1]) == seg
            continue
        assert at[: len(seg)] == seg, (block.text, off, line, col, seg)


def md_version(text: str, lang: str = "en"):
    lines = lines_of(text)
    return segment(lines, lang, "x.md", markdown=True), lines


def all_blocks(v):
    return list(v.blocks())


# -- the predicate -----------------------------------------------------------------------------------

def test_markdown_predicate():
    assert looks_like_markdown(lines_of("Title\n\n## About us\n\nText."))
    assert looks_like_markdown(lines_of("**Location:** Montréal\n\n**Salary:** $5\n"))
    assert looks_like_markdown(lines_of("**Résumé du poste:**\\\nTexte\n"))
    # NATO's plain layout: numbered capital headings, a link and a bold word in prose do not make Markdown.
    assert not looks_like_markdown(lines_of("Title\n\nGrade: G12\n\n1. SUMMARY\n\nSee [here](#).\n\n"
                                            "2. QUALIFICATIONS\n\nA **security clearance** is needed.\n\n**Note:** x\n"))
    assert not looks_like_markdown(lines_of("Title\n\n- a bullet\n- another\n"))


def test_nato_notices_and_examples_stay_plain():
    """NATO's layout (numbered capital headings, `Label: value` header) is read as plain text, .md or not."""
    nato_layout = [p for p in [*NOTICES, *sorted(EXAMPLES.glob("**/*.md"))]
                   if sum(bool(numbered_heading(t)) for t in p.read_text("utf-8").splitlines()) >= 2]
    assert EXAMPLES / "good.md" in nato_layout
    for p in nato_layout:
        assert read_source(p).format == "text", p


def test_notices_more_are_markdown_except_the_plain_one():
    for name in PAIRS:
        for lang in ("en", "fr"):
            fmt = read_source(more(name, lang)).format
            assert fmt == ("text" if name.startswith("tonic") else "markdown"), (name, lang)


# -- the reader: rendered text and exact positions ------------------------------------------------------

SAMPLE = """---
title: "Data Analyst"
lang: en
---

# Data Analyst

**Location:** Montréal<br>
**Salary:**
$32,000 to $38,000 &amp; more

Paid at&nbsp;$28.85 per hour, see [the *scale*](https://example.org/a_(b) "t") and <https://x.org/y>.\\
Second line after a hard break.

## 1. Duties

- Plan *events* and `write` **briefs**
  - nested \\*item\\* here
- Third

| Label | Value |
|---|---|
| Closing date | June 24, 2013 |
"""


def test_every_block_maps_back_to_its_line_and_column():
    v, lines = md_version(SAMPLE)
    blocks = all_blocks(v)
    assert len(blocks) >= 8
    for b in blocks:
        assert_positions(b, lines)


def test_front_matter_title_and_first_h1():
    v, _ = md_version(SAMPLE)  # front matter and an H1: the H1 (what readers see) is the title
    assert v.title.text == "Data Analyst" and v.title.position(0) == (6, 3)
    v1, _ = md_version("---\ntitle: 'Data Analyst'\ndate: 2024-01-01\n---\n\n**Location:** Montréal\n")
    assert v1.title.text == "Data Analyst" and v1.title.position(0) == (2, 9)
    assert [b.key for b in v1.header if b.kind == "field"] == ["location"]
    v2, _ = md_version("# Big title\n\n## Part\n\nText here.\n")
    assert v2.title.text == "Big title"
    assert [s.title for s in v2.sections] == ["Part"]


def test_breaks_entities_and_links():
    v, lines = md_version(SAMPLE)
    loc = v.field("location")
    assert loc.text == "Montréal" and "<br>" not in loc.text
    sal = v.field("salary")
    assert sal.text == "$32,000 to $38,000 & more"
    assert sal.position(0) == (10, 1)
    para = next(b for b in all_blocks(v) if b.text.startswith("Paid at"))
    assert "\u00a0$28.85" in para.text and "&nbsp;" not in para.text
    assert "the scale" in para.text and "](" not in para.text and "\\" not in para.text
    assert para.text.endswith("Second line after a hard break.")
    (a, b) = para.links
    assert para.text[a.start:a.end] == "the scale" and a.url == "https://example.org/a_(b)"
    src = {ln.number: ln.text for ln in lines}
    assert src[a.line][a.column - 1:].startswith("https://example.org/a_(b)")
    assert para.text[b.start:b.end] == "https://x.org/y" and src[b.line][b.column - 1:].startswith("https://x.org/y")


def test_headings_are_sections_and_subheadings_by_level():
    v, _ = md_version("Title line\n\nIntro.\n\n## About\n\nText.\n\n### Team\n\nMore.\n\n## Duties\n\n- a\n- b\n")
    assert [(s.number, s.title) for s in v.sections] == [(None, ""), (1, "About"), (2, "Duties")]
    about = v.sections[1]
    assert [b.kind for b in about.blocks] == ["paragraph", "subheading", "paragraph"]
    assert [b.kind for b in v.sections[2].blocks] == ["bullet", "bullet"]
    # Numbered headings keep their numbers.
    v2, _ = md_version("T\n\n## 1. Summary\n\nx.\n\n## 3. Contract\n\ny.\n")
    assert [(s.number, s.title) for s in v2.sections] == [(1, "Summary"), (3, "Contract")]


def test_nested_lists_are_bullets_of_their_own_list():
    v, lines = md_version("T\n\n## A\n\n- one\n  - inner\n  - inner two\n- two\n")
    bullets = [b for b in v.sections[0].blocks if b.kind == "bullet"]
    assert [b.text for b in bullets] == ["one", "inner", "inner two", "two"]
    assert bullets[0].key == bullets[3].key != bullets[1].key == bullets[2].key
    assert bullets[1].position(0) == (6, 5)


@pytest.mark.parametrize("text,key,value", [
    ("Location: Montréal", "location", "Montréal"),
    ("**Location:** Montréal", "location", "Montréal"),
    ("**Location: Montréal**", "location", "Montréal"),
    ("**Location:**\nMontréal, Canada", "location", "Montréal, Canada"),
    ("**Location:**\n\nMontréal, Canada", "location", "Montréal, Canada"),
    ("- Location: Montréal", "location", "Montréal"),
    ("| Location | Montréal |\n|---|---|", "location", "Montréal"),
    ("| Field | Value |\n|---|---|\n| Location | Montréal |", "location", "Montréal"),
    ("### Location\n\nMontréal", "location", "Montréal"),
    ("**Closing date:** June 24, 2013<br>", "deadline", "June 24, 2013"),
    ("**Classification:** IT-03", "grade", "IT-03"),
    ("**Language requirements:** Bilingual imperative CBC/CBC", "language", "Bilingual imperative CBC/CBC"),
    ("**Reports to:** the Director", "reports_to", "the Director"),
    ("**Who can apply:** Persons residing in Canada", "who_can_apply", "Persons residing in Canada"),
])
def test_fields_in_every_shape(text, key, value):
    v, lines = md_version(f"Title of the job\n\n{text}\n\nSome body text.\n")
    f = next(b for b in all_blocks(v) if b.kind == "field")
    assert (f.key, f.text) == (key, value)
    assert_positions(f, lines)


@pytest.mark.parametrize("text,key,value", [
    ("Lieu de travail : Montréal", "location", "Montréal"),
    ("**Date limite :** 10 mai 2014", "deadline", "10 mai 2014"),
    ("**Groupe et niveau :** AS-02", "grade", "AS-02"),
    ("**Exigences linguistiques :** Bilingue impératif", "language", "Bilingue impératif"),
    ("**Relève de :** la directrice", "reports_to", "la directrice"),
    ("**Qui peut postuler :** Personnes résidant au Canada", "who_can_apply", "Personnes résidant au Canada"),
    ("**Numéro du processus de sélection :** 23-ESD-123", "reference", "23-ESD-123"),
    ("**Cote de sécurité :** Fiabilité", "clearance", "Fiabilité"),
])
def test_french_fields(text, key, value):
    v, _ = md_version(f"Titre du poste à pourvoir\n\n{text}\n\nDu texte.\n", "fr")
    f = next(b for b in all_blocks(v) if b.kind == "field")
    assert (f.key, f.text) == (key, value)


def test_fields_in_the_body_and_labels_that_open_prose():
    v, _ = md_version("T\n\n## Details\n\n**To apply: Send your CV to a@b.ca**\n\n**Salary:** $5 an hour\n\n"
                      "**To apply:**\nWrite to us.\n\n**Key responsibilities:**\n\n- a\n")
    blocks = v.sections[0].blocks
    assert [(b.kind, b.key) for b in blocks] == [("paragraph", ""), ("field", "salary"), ("field", "apply"),
                                               ("subheading", ""), ("bullet", "1")]
    assert v.field("salary") is None  # in the body, not the header


def test_a_paragraph_is_split_where_a_field_line_starts():
    v, _ = md_version("**Duration:** April to December\nRemuneration: 36 hours a week at $28.85\n"
                      "Benefits: 3 weeks of vacation\n\n**Position summary:**\\\n\\\nThe lead is responsible.\n")
    assert [b.key for b in v.header if b.kind == "field"] == ["contract", "salary", "benefits"]
    body = v.sections[0].blocks
    assert [(b.kind, b.text) for b in body] == [("subheading", "Position summary:"), ("paragraph", "The lead is responsible.")]


# -- split by structure ---------------------------------------------------------------------------------

EN = """Localization Specialist

## About CDS

We believe that public services should be easy to use and we want your help with it all.

## About the team

The team engages with our audiences and shapes the brand in both official languages every day.

- Manage the term bases and the integrity of the terminologies across the fields of work.
"""
FR_UNTRANSLATED_TOP = """Spécialiste de la localisation

## About CDS

We believe that public services should be easy to use and we want your help with it all.

## À propos de l'équipe

L'équipe interagit avec le public cible et aide à bâtir une image de marque dans les deux langues.

- Gérer les bases terminologiques et assurer l'intégrité des terminologies dans les domaines.
"""


def text_lines(lines) -> list[str]:
    return [ln.text for ln in lines if ln.text.strip() and ln.text.strip() != "---"]


def _combined(tmp_path, text):
    p = tmp_path / "combined.md"
    p.write_text(text, "utf-8")
    return read_source(p)


def test_split_by_structure_keeps_an_untranslated_top_section_in_the_french(tmp_path):
    src = _combined(tmp_path, EN + "\n" + FR_UNTRANSLATED_TOP)
    h = split(src)
    assert text_lines(h.fr)[0] == "Spécialiste de la localisation"
    assert text_lines(h.en)[-1].startswith("- Manage")


def test_split_french_first_and_with_a_rule(tmp_path):
    h = split(_combined(tmp_path, FR_UNTRANSLATED_TOP + "\n---\n\n" + EN))
    assert h.first == "fr" and text_lines(h.en)[0] == "Localization Specialist"
    h = split(_combined(tmp_path, EN + "\n---\n\n" + FR_UNTRANSLATED_TOP))
    assert text_lines(h.fr)[0] == "Spécialiste de la localisation"


def test_untranslated_top_is_reported_as_wrong_language(tmp_path, rules_only):
    p = tmp_path / "combined.md"
    p.write_text(EN + "\n" + FR_UNTRANSLATED_TOP, "utf-8")
    res = rules_only.lint(p)
    assert res.error is None, res.error
    codes = {(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in res.diagnostics}
    # One finding for the untranslated heading and its paragraph (FR lines 15-17).
    assert ("NL404", None, 15) in {(c, None, f) for c, _, f in codes}
    (d,) = [d for d in res.diagnostics if d.rule == "NL404"]
    assert d.fr.end_line == 17 and "lines 15-17" in d.message
    assert not any(d.rule in ("NL301", "NL302", "NL303") for d in res.diagnostics), res.diagnostics


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("order", ["en-fr", "fr-en"])
def test_combined_real_pairs_split_at_the_second_title(tmp_path, name, order):
    en = (more(name, "en")).read_text("utf-8")
    fr = (more(name, "fr")).read_text("utf-8")
    a, b = (en, fr) if order == "en-fr" else (fr, en)
    p = tmp_path / f"{name}.txt"
    p.write_text(a + "\n" + b, "utf-8")
    h = split(read_source(p))
    second = h.fr if order == "en-fr" else h.en
    assert text_lines(second)[0] == b.splitlines()[0], (name, order)


# -- the six real pairs end to end (rules only) ------------------------------------------------------------

# The real structural inconsistencies (read by hand): the CEO notice's English-only bullet
# "Communicate in both English and French" (EN 41; the French list has 6 items, the English 7; it belongs
# after FR 40, the counterpart of the item before it).
STRUCTURE_EXPECTED = {"cds-ceo-2022": {("NL303", 41, 40)}}
STRUCTURE_RULES = ("NL111", "NL301", "NL302", "NL303")


def _pair(rules_only, name):
    res = rules_only.lint(more(name, "en"), fr_path=more(name, "fr"))
    assert res.error is None, res.error
    return res


@pytest.mark.parametrize("name", PAIRS)
def test_real_pairs_have_no_false_structure_findings(rules_only, name):
    res = _pair(rules_only, name)
    got = {(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in res.diagnostics if d.rule in STRUCTURE_RULES}
    assert got == STRUCTURE_EXPECTED.get(name, set())
    assert not any("section None" in d.message for d in res.diagnostics)
    assert not any("<br>" in (d.en.text if d.en else "") + (d.fr.text if d.fr else "") for d in res.diagnostics)


@pytest.mark.parametrize("name", PAIRS)
def test_real_pairs_sections_and_fields_correspond(rules_only, name):
    from linter.read import read_source as rs

    en_src, fr_src = rs(more(name, "en")), rs(more(name, "fr"))
    en, fr = rules_only.versions(en_src, fr_src)
    assert len(en.sections) == len(fr.sections), name
    assert [b.key for b in en.header if b.kind == "field"] == [b.key for b in fr.header if b.kind == "field"], name
    body_fields = lambda v: [b.key for s in v.sections for b in s.blocks if b.kind == "field"]  # noqa: E731
    assert body_fields(en) == body_fields(fr), name
    for v, src in ((en, en_src), (fr, fr_src)):
        for b in v.blocks():
            assert_positions(b, src.lines)
            assert "<br>" not in b.text and "**" not in b.text, b


def test_real_pairs_what_a_reader_sees():
    def ver(name, lang):
        src = read_source(more(name, lang))
        return segment(src.lines, lang, src.path, markdown=src.format == "markdown")

    lehub = ver("lehub-quebec-lead-2024", "en")
    assert [b.key for b in lehub.header] == ["position_title", "location", "contract", "salary", "benefits"]
    assert lehub.field("salary").line == 7 and lehub.field("benefits").line == 10
    fr = ver("lehub-quebec-lead-2024", "fr")
    assert fr.field("salary").text.startswith("36 heures") and fr.field("location").text == "À distance dans le soi-disant Québec"
    admin = ver("cds-admin-officer-2023", "en")
    assert admin.title.text == "Administrative Officer - Internal Operations"
    assert [s.title for s in admin.sections] == ["", "In this role, you will:", "You are an excellent candidate if you’re:"]
    assert [len([b for b in s.blocks if b.kind == "bullet"]) for s in admin.sections] == [0, 10, 10]
    on = ver("opennorth-marketing-lead-2013", "fr")
    assert on.field("deadline").text == "24 juin 2013"
    assert [b.key for s in on.sections for b in s.blocks if b.kind == "field"] == ["contract", "location", "deadline", "apply"]
    loc = ver("cds-localization-specialist-2024", "en")
    para = next(b for b in loc.blocks() if b.text.startswith("This role is classified"))
    (link,) = para.links
    assert para.text[link.start:link.end] == "Computer Systems Group (CS)" and (link.line, link.column) == (14, 74)
    line14 = more("cds-localization-specialist-2024", "en").read_text("utf-8").splitlines()[13]
    assert line14[73:].startswith("https://www.tbs-sct.canada.ca/")


def test_parse_markdown_blocks_keep_list_ids_and_levels():
    blocks, meta = parse_markdown(lines_of("---\ntitle: X\n---\n# H\n\n1. a\n2. b\n\n***\n\n- c\n"))
    assert meta["title"][2] == "X"
    assert [(b.kind, b.level, b.list_id) for b in blocks] == [("heading", 1, 0), ("item", 1, 1), ("item", 1, 1),
                                                            ("hr", 0, 0), ("item", 1, 2)]


# -- the shape examples (examples/shapes/) -----------------------------------------------------------------

SHAPES = EXAMPLES / "shapes"


@pytest.mark.parametrize("path", sorted(SHAPES.glob("bad-*.md")), ids=lambda p: p.stem)
def test_shape_examples_raise_what_they_declare(path, rules_only):
    from linter.docs import expectations

    res = rules_only.lint(path)
    assert res.error is None, res.error
    got = {(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in res.diagnostics}
    want = set(expectations(path))
    assert want and want <= got, (want, got)
    assert not [d for d in res.diagnostics if (d.rule, d.en and d.en.line, d.fr and d.fr.line) not in want
                and d.severity >= 2], res.diagnostics


@pytest.mark.parametrize("name", ["markdown-combined.md", "looks-like-markdown.txt"])
def test_clean_shape_examples_have_no_finding(name, rules_only):
    res = rules_only.lint(SHAPES / name)
    assert res.error is None and res.diagnostics == [], res.diagnostics
    assert read_source(SHAPES / name).format == "markdown"


def test_clean_markdown_pair_has_no_finding(rules_only):
    res = rules_only.lint(SHAPES / "markdown-pair.en.md", fr_path=SHAPES / "markdown-pair.fr.md")
    assert res.error is None and res.diagnostics == [], res.diagnostics


def test_field_labels_extend_from_the_configuration(tmp_path):
    from linter.config import load_config
    from linter.vocab import Vocabulary

    (tmp_path / "pyproject.toml").write_text('[tool.noticelint.fields.reports_to]\nen = ["Supervisor"]\n', "utf-8")
    cfg = load_config(tmp_path / "pyproject.toml")
    vocab = Vocabulary(cfg.fields)
    lines = lines_of("Title of the job\n\n**Supervisor:** the Director\n\nText.\n")
    v = segment(lines, "en", "x.md", vocab, markdown=True)
    assert (v.header[1].key, v.header[1].text) == ("reports_to", "the Director")


def test_a_how_to_apply_heading_heads_a_section():
    """'## How to apply' over one line of prose is a section, not the field 'How to apply' (a label that
    opens prose): the sections of the two versions keep their order."""
    v, _ = md_version("# Researcher\n\n## The team\n\nSix hydrologists and a technician.\n\n## How to apply\n\n"
                      "Applications must be submitted through our portal by 15 May 2027.\n\n## Equal opportunity\n\nAll welcome.\n")
    assert [s.heading.text for s in v.sections] == ["The team", "How to apply", "Equal opportunity"]
    # a heading that is an ordinary field label still gives a field
    v, _ = md_version("# Researcher\n\n## Closing date\n\n15 May 2027\n\n## About us\n\nWe study glaciers.\n")
    assert any(b.kind == "field" and b.key == "deadline" for b in v.header)
