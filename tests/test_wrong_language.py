"""A half-translated version is the defect, not an input to refuse (issue 20, item 5).

The notices under tests/data/halftranslated/ were written for these tests: a French version with ten
English blocks in two runs and an English sentence ending its last paragraph, the same French version
more than half English (refused before as "given as the French version but it is in English"), and an
English version with a French sentence, a French last bullet and a French last section.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.read import InputError, read_source
from linter.split import pair_files
from linter.untranslated import verdict

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "halftranslated"
runner = CliRunner()


def wrong_language(rules_only, en: str, fr: str):
    r = rules_only.lint(str(DATA / en), str(DATA / fr))
    assert r.error is None, r.error
    return [d for d in r.diagnostics if d.rule == "NL404"]


def test_ten_english_blocks_in_the_french_are_three_findings_at_their_lines(rules_only):
    found = wrong_language(rules_only, "analyst.en.txt", "analyst.fr.txt")
    # "About the team" and its 2 paragraphs; "What we are looking for" and its 4 bullets (the list ends with
    # "Expertise in French and English writing."); the English sentence ending the last paragraph.
    assert [(d.fr.line, d.fr.end_line) for d in found] == [(7, 11), (20, 25), (29, 29)]
    assert "1 subheading and 2 paragraphs" in found[0].message and "1 subheading and 4 bullets" in found[1].message
    sentence = found[2]
    assert sentence.fr.column == 109 and sentence.fr.text == "We will contact only the candidates invited to an interview."
    assert all(d.side == "fr" and d.en is not None for d in found)
    assert [d for d in rules_only.lint(str(DATA / "analyst.en.txt"), str(DATA / "analyst.fr.txt")).diagnostics
            if d.severity >= 2 and d.rule != "NL404"] == []


def test_a_french_version_mostly_in_english_is_linted_not_refused(rules_only):
    found = wrong_language(rules_only, "analyst.en.txt", "analyst-mostly-english.fr.txt")
    assert [(d.fr.line, d.fr.end_line) for d in found] == [(7, 11), (20, 29)]


def test_french_left_in_the_english_version(rules_only):
    found = wrong_language(rules_only, "nurse.en.txt", "nurse.fr.txt")
    assert [(d.en.line, d.en.end_line) for d in found] == [(9, 9), (16, 20)]
    assert found[0].en.text.startswith("Vous travaillez") and found[0].en.column == 102
    assert all(d.side == "en" for d in found)


def test_a_list_ending_with_an_item_in_the_other_language(tmp_path, rules_only):
    en = (DATA / "analyst.en.txt").read_text("utf-8")
    fr = (DATA / "analyst.fr.txt").read_text("utf-8")
    start = fr.index("What we are looking for")
    translated = ("Ce que nous recherchons\n\n- Un baccalauréat en géographie, en statistique, en urbanisme ou dans un domaine connexe.\n"
                  "- Au moins 3 ans d'expérience avec SQL et Python ou R.\n"
                  "- De l'expérience avec un logiciel de SIG comme QGIS ou ArcGIS.\n- Expertise in French and English writing.\n")
    end = fr.index("Comment postuler")
    (tmp_path / "a.en.txt").write_text(en, "utf-8")
    (tmp_path / "a.fr.txt").write_text(fr[:start] + translated + "\n" + fr[end:], "utf-8")
    r = rules_only.lint(str(tmp_path / "a.en.txt"), str(tmp_path / "a.fr.txt"))
    items = [d for d in r.diagnostics if d.rule == "NL404" and d.fr.line == 25]
    assert len(items) == 1 and "this bullet" in items[0].message and items[0].en.line == 25


@pytest.mark.parametrize("text, want, expected", [
    ("Expertise in English and writing.", "fr", "wrong"),
    ("About the team", "fr", "wrong"),
    ("About CDS", "fr", "weak"),
    ("Compétences", "fr", ""),
    ("Ce que vous ferez", "fr", "right"),
    ("Python, SQL, QGIS", "fr", ""),
    ("Membre de l'Ordre des infirmières et infirmiers du Québec.", "en", "wrong"),
    ("Member in good standing of the Ordre des infirmières et infirmiers du Québec.", "en", "right"),
])
def test_verdicts_of_short_texts(text, want, expected):
    assert verdict(text, want, 8, 0.75) == expected


def test_refused_only_without_text_of_the_expected_language(tmp_path):
    en = read_source(DATA / "analyst.en.txt")
    fr = read_source(DATA / "analyst.fr.txt")
    # An English copy given as the French: no line reads as French.
    with pytest.raises(InputError, match="given as the French version but it is in English"):
        pair_files(en, en)
    # Both swapped: said once, on the English input.
    (tmp_path / "en.txt").write_text("\n\n".join(ln for ln in (DATA / "analyst.en.txt").read_text("utf-8").split("\n\n")), "utf-8")
    r = runner.invoke(app, ["check", "--no-embeddings", "--en", str(DATA / "nurse.fr.txt"), "--fr", str(tmp_path / "en.txt")])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert f"{DATA / 'nurse.fr.txt'}: given as the English version but it is in French (--en and --fr swapped?)" in r.stderr
    assert pair_files(en, fr).first == "en"
