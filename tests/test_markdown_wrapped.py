"""Hard-wrapped Markdown is read as a renderer reads it (issue 20, item 7).

A soft line break inside a paragraph is a space: link text, emphasis or a sentence broken over lines stay
one run; a heading level used on every line as paragraph formatting (`######`) does not make sections; the
page title is the title whatever its heading level. The notices under tests/data/wrapped/ were written for
these tests.
"""

from __future__ import annotations

from linter.read import read_source
from linter.segment_md import segment_markdown

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "wrapped"


def version(name: str, lang: str):
    return segment_markdown(read_source(DATA / name).lines, lang, name)


def blocks(v):
    return [b for b in v.blocks()]


def test_link_text_broken_over_lines_is_one_link():
    en = version("lab.en.md", "en")
    (b,) = [b for b in blocks(en) if "handbook" in b.text]
    assert "the protocols of the lab handbook and run" in b.text
    (link,) = b.links
    assert b.text[link.start:link.end] == "lab handbook" and link.url == "https://soil-lab.example.org/handbook"
    lines = (DATA / "lab.en.md").read_text("utf-8").splitlines()
    assert (link.line, link.column) == (10, lines[9].index("https://") + 1)
    assert b.position(link.start) == (9, lines[8].index("[lab") + 2)  # the "l" of "[lab"
    assert b.position(link.end - 1) == (10, lines[9].index("handbook]") + 8)  # the "k" of "handbook"


def test_emphasis_broken_over_lines_is_one_run():
    en, fr = version("lab.en.md", "en"), version("lab.fr.md", "fr")
    assert any(b.text.endswith("every Friday afternoon.") for b in blocks(en))
    # A bold paragraph wrapped over three lines is one paragraph, none of its lines a sub-heading.
    (bold,) = [b for b in blocks(fr) if "considérées" in b.text]
    assert bold.kind == "paragraph" and (bold.line, bold.end_line) == (16, 18)
    assert "pas considérées. De nouveaux postes pour la session d'automne seront affichés" in bold.text
    assert not [b for b in blocks(fr) if b.kind == "subheading"]


def test_a_bold_word_ending_a_wrapped_sentence_is_not_a_label(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("# Analyst\n\n## How to apply\n\nApply on the portal before\n**March 31, 2026**\nand attach your CV.\n", "utf-8")
    v = segment_markdown(read_source(p).lines, "en", str(p))
    (b,) = v.sections[0].blocks
    assert b.kind == "paragraph" and b.text == "Apply on the portal before March 31, 2026 and attach your CV."


def test_bold_label_lines_and_field_lines_stay_lines_of_their_own(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("# Analyst\n\n**Status:** Permanent\n**Location:** Ottawa\n\n## Duties\n\n**Key duties:**\nPlan the work.\n", "utf-8")
    v = segment_markdown(read_source(p).lines, "en", str(p))
    assert [(b.kind, b.text) for b in v.header][1:] == [("banner", "Status: Permanent"), ("field", "Ottawa")]
    assert [(b.kind, b.text) for b in v.sections[0].blocks] == [("subheading", "Key duties:"), ("paragraph", "Plan the work.")]


def test_the_title_pairs_as_the_title_whatever_its_level(rules_only):
    en, fr = version("lab.en.md", "en"), version("lab.fr.md", "fr")
    assert en.title.text == "Research Assistant, Soil Microbiology Lab" and fr.title.text.startswith("Assistant ou assistante")
    assert [s.title for s in en.sections] == ["", "What you will do", "Who you are"]
    assert [s.title for s in fr.sections] == ["", "Ce que vous ferez", "Votre profil"]
    r = rules_only.lint(str(DATA / "lab.en.md"), str(DATA / "lab.fr.md"))
    assert r.error is None and [d for d in r.diagnostics if d.severity >= 2] == [], [d.message for d in r.diagnostics]


def test_a_heading_level_used_as_paragraph_formatting_makes_no_sections(rules_only):
    en, fr = version("formatting.en.md", "en"), version("formatting.fr.md", "fr")
    assert [s.heading for s in en.sections] == [None] and [s.heading for s in fr.sections] == [None]
    assert en.title.text == "Storyteller and Media Relations Advisor" and en.header[0].kind == "banner"
    assert [b.kind for b in en.sections[0].blocks].count("paragraph") == 6
    r = rules_only.lint(str(DATA / "formatting.en.md"), str(DATA / "formatting.fr.md"))
    # The one real difference: the English-only update above the title.
    assert [(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in r.diagnostics if d.severity >= 2] == [("NL112", 1, None)]


def test_a_code_span_broken_over_lines_maps_to_the_file(tmp_path):
    """CommonMark renders a line ending inside a code span as a space: that space is the line ending, not the
    next space of the text (found by tests/test_properties.py; the column of every later piece was off)."""
    p = tmp_path / "n.md"
    p.write_text("# Analyst\n\n## Notes\n\nSee `\nDans le cadre de ses procédures\n0` below.\n", "utf-8")
    v = segment_markdown(read_source(p).lines, "en", str(p))
    (b,) = v.sections[0].blocks
    assert b.text.startswith("See  Dans le cadre")
    assert b.position(b.text.index("Dans")) == (6, 1)
