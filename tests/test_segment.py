"""Splitting into EN/FR and segmentation into header, sections and blocks, with file line numbers."""

import pytest

from linter.read import InputError, Source, read_source
from linter.read.text import split_lines
from linter.segment import segment
from linter.split import split

from .conftest import notice


def versions(path):
    src = read_source(path)
    h = split(src)
    return segment(h.en, "en", src.path), segment(h.fr, "fr", src.path), src


def test_split_finds_both_versions_at_their_titles():
    en, fr, _ = versions(notice("000"))
    assert en.title.text == "Officer, Committee Support - 250642" and en.title.line == 8
    assert fr.title.text.startswith("Administratrice/Administrateur") and fr.title.line == 171


def test_split_title_without_language_evidence_goes_with_its_version():
    # "Assistant(e) (portefeuille) (241694)" has no French function word.
    en, fr, _ = versions(notice("003"))
    assert fr.title.line == 169 and en.header[-1].text == "PENDING BUDGET APPROVAL"


def test_split_keeps_the_tail_of_the_last_english_sentence():
    en, fr, _ = versions(notice("002"))  # "...please click" / "here." ends the English
    last = en.sections[-1].blocks[-1]
    assert last.text.endswith("click here.") and last.end_line == 499
    assert fr.title.line == 500


def test_french_first_file_splits(tmp_path):
    text = notice("000").read_text("utf-8").splitlines()
    fr_first = text[170:] + [""] + text[:169]
    p = tmp_path / "fr_first.txt"
    p.write_text("\n".join(fr_first) + "\n", "utf-8")
    h = split(read_source(p))
    assert h.first == "fr"
    assert h.fr[0].text.startswith("Administratrice") or any(ln.text.startswith("Administratrice") for ln in h.fr[:3])
    assert any(ln.text.startswith("Officer, Committee Support") for ln in h.en)


def test_one_language_file_is_refused_naming_the_language(tmp_path):
    p = tmp_path / "en_only.txt"
    p.write_text("\n".join(notice("000").read_text("utf-8").splitlines()[:169]), "utf-8")
    with pytest.raises(InputError, match=r"only one language found \(English\)"):
        split(read_source(p))


def test_header_fields_with_lines():
    en, fr, _ = versions(notice("000"))
    fields = {b.key: (b.text, b.line) for b in en.header if b.kind == "field"}
    assert fields["salary"] == ("5,043.00Euro (EUR) Monthly", 18)
    assert fields["deadline"] == ("11-May-2025, 11:59:00 PM", 16)
    frf = {b.key: (b.text, b.line) for b in fr.header if b.kind == "field"}
    assert frf["salary"] == ("5 043,00Euro (EUR) Mensuelle", 181)
    assert frf["deadline"] == ("11-mai-2025, 23:59:00", 179)


def test_pdf_labels_without_colon_are_fields():
    en, fr, _ = versions(notice("002"))
    assert en.field("grade").text == "NATO Grade G20" and en.field("clearance").text == "NS"
    assert fr.field("clearance").line == 516


def test_sections_numbered_alike():
    for path in (notice("000"), notice("002"), notice("003")):
        en, fr, _ = versions(path)
        assert [s.number for s in en.sections] == list(range(1, 9))
        assert [s.number for s in fr.sections] == list(range(1, 9))


def test_wrapped_heading_is_one_heading():
    en, fr, _ = versions(notice("002"))
    assert en.sections[6].title == "USEFUL INFORMATION REGARDING APPLICATION AND RECRUITMENT PROCESS"
    assert (en.sections[6].heading.line, en.sections[6].heading.end_line) == (378, 380)
    assert fr.sections[6].title.endswith("ET DE RECRUTEMENT")


def test_hard_wrapped_paragraph_is_joined_with_its_lines():
    en, _, _ = versions(notice("002"))
    first = en.sections[0].blocks[0]
    assert (first.line, first.end_line) == (24, 44)
    assert "Information and Communications Technology (ICT)" in first.text
    # Offsets map back to file positions: "Technology" starts line 26, column 1.
    assert first.position(first.text.index("Technology (ICT)")) == (26, 1)


def test_stray_blank_line_mid_sentence_does_not_split_a_paragraph():
    en, fr, _ = versions(notice("000"))
    para = next(b for b in en.sections[5].blocks if b.text.startswith("In accordance"))
    assert (para.line, para.end_line) == (118, 120)
    _, fr3, _ = versions(notice("003"))
    bullet = [b for b in fr3.sections[0].blocks if b.kind == "bullet"][-1]
    assert (bullet.line, bullet.end_line) == (202, 204) and "avec des organisations" in bullet.text


def test_bullets_split_by_blank_lines_stay_one_list():
    _, fr, _ = versions(notice("000"))
    bullets = [b for b in fr.sections[4].blocks if b.kind == "bullet"]
    assert len(bullets) == 7 and len({b.key for b in bullets}) == 1


def test_wrapped_bullets_count_once():
    en, fr, _ = versions(notice("002"))
    assert len([b for b in en.sections[1].blocks if b.kind == "bullet" and b.key == "1"]) == 9
    assert len([b for b in fr.sections[1].blocks if b.kind == "bullet" and b.key == "1"]) == 9
    hyphen = next(b for b in en.sections[1].blocks if "lead a diverse team" in b.text)
    assert "multi-national environment" in hyphen.text


def test_page_numbers_and_link_dumps_are_not_prose():
    _, fr, _ = versions(notice("002"))
    texts = [b.text for s in fr.sections for b in s.blocks if b.kind != "links"]
    assert "9" not in texts and "14" not in texts
    links = [b for s in fr.sections for b in s.blocks if b.kind == "links"]
    assert [(b.line, b.end_line) for b in links] == [(983, 988), (1039, 1041)]


def test_subheadings_and_body_fields():
    en, fr, _ = versions(notice("000"))
    subs = [b.text for b in en.sections[2].blocks if b.kind == "subheading"]
    assert subs[:2] == ["Planning and Execution", "Stakeholder Management"] and len(subs) == 7
    rep = [b for b in fr.sections[3].blocks if b.kind == "field"]
    assert [(b.key, b.text, b.line) for b in rep] == [("direct_reports", "sans objet.", 259), ("indirect_reports", "sans objet.", 261)]


def test_crlf_and_bom(tmp_path):
    data = notice("000").read_bytes().replace(b"\n", b"\r\n")
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"\xef\xbb\xbf" + data)
    en, fr, _ = versions(p)
    assert en.field("salary").line == 18 and fr.field("salary").line == 181


def test_non_nato_labels_split_and_segment(tmp_path):
    text = """Data Scientist (EC-05) - Reference number: 24-ABC-EA-123

Closing date: 31 January 2026 - 23:59, Pacific Time

Salary: $92,000 to $105,000 (CAD) per year

The position is in Ottawa. The team builds statistical models for the department and works with all other teams.

Scientifique des données (EC-05) - Numéro de référence : 24-ABC-EA-123

Date de clôture : 31 janvier 2026 - 23 h 59, heure du Pacifique

Salaire : 92 000 $ à 105 000 $ (CAD) par année

Le poste est situé à Ottawa. L'équipe élabore des modèles statistiques pour le ministère et travaille avec toutes les autres équipes.
"""
    p = tmp_path / "gc.txt"
    p.write_text(text, "utf-8")
    en, fr, _ = versions(p)
    assert en.field("deadline").line == 3 and fr.field("deadline").line == 11
    assert en.field("salary") is not None and fr.field("salary") is not None
    assert en.title.line == 1 and fr.title.line == 9


def test_split_lines_counts_like_an_editor():
    lines = split_lines("a\r\nb\rc\n")
    assert [(ln.number, ln.text) for ln in lines] == [(1, "a"), (2, "b"), (3, "c")]
    assert isinstance(Source("x", lines).lines, tuple)
