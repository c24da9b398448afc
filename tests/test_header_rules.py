"""NL1xx, the header's facts (salary, deadline, grade, location, schedule, a field or banner on one
side only), on small notices: what a translation writes in its own way is no finding, a changed or
one-sided field still is. Every rule's own example: tests/test_rules.py; the map of rules to tests:
tests/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest


def _versions(en_fields: str, fr_fields: str) -> tuple[str, str]:
    """A short notice in each language around the header fields a test writes."""
    return ("PROGRAMME OFFICER\n\n" + en_fields + "\n\n1. CONTEXT\n\nThe office helps the refugees of "
            "the region and the communities that host them, with the partners and the government.\n",
            "ADMINISTRATEUR DE PROGRAMME\n\n" + fr_fields + "\n\n1. CONTEXTE\n\nLe bureau aide les réfugiés de "
            "la région et les communautés qui les accueillent, avec les partenaires et le gouvernement.\n")


def _rules(lint_pair, en_fields: str, fr_fields: str) -> list[str]:
    return sorted(d.rule for d in lint_pair(*_versions(en_fields, fr_fields)).diagnostics)


def test_field_under_an_unknown_label_with_the_same_value_is_not_missing(lint_pair):
    fields = ("Closing date: 15 March 2027\nNotice code: ABC/NBI/2027/041\nGross annual pay floor: €47,820.51",
              "Date de clôture : 15 mars 2027\nNuméro de l'avis de vacance : ABC/NBI/2027/041\nSalaire : 47 820,51 €")
    assert "NL111" not in _rules(lint_pair, *fields) and "NL112" not in _rules(lint_pair, *fields)


def test_field_under_an_unknown_label_with_another_value_is_missing(lint_pair):
    fields = ("Closing date: 15 March 2027\nNotice code: ABC/NBI/2027/041",
              "Date de clôture : 15 mars 2027\nNuméro de l'avis de vacance : ABC/NBI/2027/042")
    assert _rules(lint_pair, *fields).count("NL111") == 1


def test_schedule_outside_the_vocabulary_with_the_same_quantities(lint_pair):
    fields = ("Schedule: 15 hours per week", "Horaire : 15 heures par semaine")
    assert "NL109" not in _rules(lint_pair, *fields)
    fields = ("Schedule: 15 hours per week", "Horaire : 20 heures par semaine")
    assert "NL109" in _rules(lint_pair, *fields)


def test_grade_under_category_with_a_salary_beside_it(lint_pair):
    """'Catégorie : niveau C2, … 54 000 USD' is the grade field of 'Grade: Band C2, … USD 54,000': the
    amounts beside the grade are not grades (USD54), so the two agree and neither is one-sided."""
    fields = ("Grade: Band C2, gross annual salary USD 54,000 to USD 61,000",
              "Catégorie : niveau C2, salaire annuel brut de 54 000 USD à 61 000 USD")
    assert _rules(lint_pair, *fields) == []


def test_a_label_line_at_the_place_of_a_one_sided_field_is_its_counterpart(lint_pair):
    """'Employment tenure: Indeterminate' (a label noticelint does not know) stands where the French has
    the field 'Durée d'emploi : Indéterminée': the same field, not one missing on each side."""
    fields = ("Closing date: 15 March 2027\nEmployment tenure: Indeterminate",
              "Date de clôture : 15 mars 2027\nDurée d'emploi : Indéterminée")
    got = _rules(lint_pair, *fields)
    assert "NL111" not in got and "NL112" not in got
    # not when the headers list a different number of lines (places do not correspond)
    fields = ("Closing date: 15 March 2027\nEmployment tenure: Indeterminate\nTeam size: small",
              "Date de clôture : 15 mars 2027\nDurée d'emploi : Indéterminée")
    assert "NL111" in _rules(lint_pair, *fields)


def test_location_names_with_hyphens_and_shipped_equivalents(rules_only, tmp_path):
    """Pays-Bas is one name; The Hague = La Haye from linter/data/places.toml; CLDR for the rest."""
    from .conftest import EXAMPLES

    base = (EXAMPLES / "good.md").read_text("utf-8")
    cases = {("Netherlands-The Hague", "Pays-Bas-La Haye"): set(), ("Portugal-Lisbon", "Portugal-Lisbonne"): set(),
             ("Bosnia and Herzegovina-Sarajevo", "Bosnie-Herzégovine-Sarajevo"): set(),
             ("Netherlands-The Hague", "Pays-Bas-Brunssum"): {"NL108"}}
    for (en, fr), want in cases.items():
        p = tmp_path / "n.md"
        p.write_text(base.replace("Belgium-Brussels", en).replace("Belgique-Bruxelles", fr), "utf-8")
        assert {d.rule for d in rules_only.lint(str(p)).diagnostics} == want, (en, fr)


BAD_NL108 = Path(__file__).resolve().parents[1] / "examples" / "rules" / "NL108-location-mismatch" / "bad.md"


@pytest.mark.parametrize("fr, expected", [
    ("Moncton (Nouveau-Brunswick)", []),
    ("Moncton (Nouvelle-Écosse)", ["NL108"]),
])
def test_a_location_with_its_province(rules_only, tmp_path, fr, expected):
    text = BAD_NL108.read_text("utf-8").replace("<!-- expect: NL108 en:3 fr:48 -->", "")
    text = text.replace("Primary Location: Belgium-Brussels", "Primary Location: Moncton, New Brunswick")
    text = text.replace("Emplacement principal : Belgique-Mons", f"Emplacement principal : {fr}")
    p = tmp_path / "notice.md"
    p.write_text(text, "utf-8")
    r = rules_only.lint(str(p))
    assert r.error is None and [d.rule for d in r.diagnostics if d.rule == "NL108"] == expected


def test_a_header_value_on_one_side_only_is_worded_as_every_value_left_on_one_side(lint_pair):
    """rules.common.differences: one wording for NL1xx fields and NL2xx pairs alike."""
    r = lint_pair(*_versions("Closing date: 15 March 2027, 11:59 PM", "Date de clôture : 15 mars 2027"))
    (d,) = [d for d in r.diagnostics if d.rule == "NL106"]
    assert d.message == "could not find the English deadline time 11:59 PM (23:59) in the French"
    # the severity policy: the French may write the time in a form not read (`16 h`), so a warning
    assert str(d.severity) == "warning"
    assert (d.en.text, d.fr.text) == ("11:59 PM", "15 mars 2027")
