"""The header: which lines are its fields and how labels are read (what the NL1xx rules make of them: test_header_rules.py)."""

from __future__ import annotations

import pytest

from linter.model import Line
from linter.segment import segment
from linter.vocab import vocabulary


def _lines(text: str) -> tuple[Line, ...]:
    return tuple(Line(i, t) for i, t in enumerate(text.split("\n"), 1))


EN_PLAIN = """RESEARCH ASSISTANT
Example University

Position type: Casual, part-time
Location: Main campus, Ottawa
Supervisor: Dr. Ada Martin
Application deadline: April 10, 2026

1. Who are we?

The lab studies how children learn to read, with families from across the region.

Languages:
- You speak English and French.
"""


def test_plain_header_is_the_run_of_field_lines():
    """'Label: value' lines of unknown labels are in the run (not the title); a numbered line ends
    the header, so a field label further down ("Languages:") and the list under it are the body's."""
    v = segment(_lines(EN_PLAIN), "en", "n.txt", markdown=False)
    assert v.title.text == "Example University"
    kinds = [(b.kind, b.key or b.text) for b in v.header if b.kind != "title"]
    assert kinds == [("banner", "Position type: Casual, part-time"), ("field", "location"),
                     ("banner", "Supervisor: Dr. Ada Martin"), ("field", "deadline")]
    body = [b for s in v.sections for b in s.blocks]
    assert any(b.kind == "bullet" and b.text == "You speak English and French." for b in body)
    assert not any(b.kind == "banner" for b in v.header if "speak" in b.text)


def test_label_line_after_the_last_known_field_stays_in_the_header():
    text = "NOTICE\n\nClosing date: 15 March 2027\nNotice code: ABC/NBI/2027/041\n\n1. Context\n\nText here.\n"
    v = segment(_lines(text), "en", "n.txt", markdown=False)
    assert [b.text for b in v.header if b.kind == "banner"] == ["Notice code: ABC/NBI/2027/041"]


def test_known_label_goes_on_to_its_colon():
    fm = vocabulary().match_field("Salaire annuel brut minimum : 47 820,51 €", "fr")
    line = "Salaire annuel brut minimum : 47 820,51 €"
    assert fm.key == "salary" and fm.label == "Salaire annuel brut minimum" and line[fm.value_start:] == "47 820,51 €"
    # without a colon the value still follows the label (PDF extractions lose the colon)
    fm = vocabulary().match_field("Grade NATO Grade G20", "en")
    assert fm.label == "Grade" and "Grade NATO Grade G20"[fm.value_start:] == "NATO Grade G20"


@pytest.mark.parametrize("line,lang,key", [
    ("Intitulé du poste : Administrateur de programme", "fr", "position_title"),
    ("Classe : P-3", "fr", "grade"),
    ("Vacancy notice number: ABC/2027/041", "en", "reference"),
    ("Posting number: RA-2026-031", "en", "reference"),
    ("Numéro de l'affichage : RA-2026-031", "fr", "reference"),
    ("Competition number: 2027-PRO-118", "en", "reference"),
    ("Numéro du concours : 2027-PRO-118", "fr", "reference"),
    ("Hourly rate: $21.75 per hour", "en", "salary"),
    ("Hours: 15 hours per week", "en", "schedule"),
    ("Hours of work: 35 hours per week", "en", "schedule"),
    ("Type of appointment: Fixed-term", "en", "contract"),
    ("Type d'engagement : Durée déterminée", "fr", "contract"),
    ("Directorate: Nursing Directorate", "en", "organisation"),
    ("Direction : Direction des soins infirmiers", "fr", "organisation"),
    ("Service : Direction de la planification", "fr", "organisation"),
    ("Company: Tallybird Software Inc.", "en", "organisation"),
    ("Entreprise : Tallybird Software Inc.", "fr", "organisation"),
    ("Job ID: TB-CS-0427", "en", "reference"),
    ("Job number: REM-27-0418", "en", "reference"),
    ("Vacancy reference: HRI-2027-041", "en", "reference"),
    ("Référence de l'offre : HRI-2027-041", "fr", "reference"),
    ("Type of contract: Temporary agent", "en", "contract"),
    ("Duration of contract: 5 years", "en", "contract"),
    ("Contract: Fixed-term, 12 months", "en", "contract"),
    ("Durée du contrat : 5 ans", "fr", "contract"),
    ("Contrat : durée déterminée", "fr", "contract"),
    ("Function group and grade: AD 6", "en", "grade"),
    ("Groupe de fonctions et grade : AD 6", "fr", "grade"),
    ("Reporting line: Country Director", "en", "reports_to"),
    ("Supérieur hiérarchique : directeur pays", "fr", "reports_to"),
    ("Entrée en fonction : 1er juin 2027", "fr", "start_date"),
    ("Place of employment: Luxembourg", "en", "location"),
    ("Catégorie : niveau C2", "fr", "grade"),
    ("Category: P-3", "en", "grade"),
])
def test_standard_hr_labels(line, lang, key):
    assert vocabulary().match_field(line, lang).key == key


def test_hourly_pay_basis_in_french():
    assert vocabulary().find_term("pay_basis", "21,75 $ l'heure")[0] == "hourly"


def test_markdown_bold_label_starts_a_field_line_known_or_not():
    text = ("# Policy Analyst\n\n**Location:** Maison du citoyen, Gatineau, Quebec\n**Status:** Permanent, full-time\n"
            "**Salary range:** $78,412 to $95,236 per year\n\n## About the City\n\nGatineau is a city.\n")
    v = segment(_lines(text), "en", "n.md", markdown=True)
    got = [(b.kind, b.key, b.text) for b in v.header if b.kind != "title"]
    assert got == [("field", "location", "Maison du citoyen, Gatineau, Quebec"),
                   ("banner", "", "Status: Permanent, full-time"),
                   ("field", "salary", "$78,412 to $95,236 per year")]


def test_plain_label_line_in_markdown_is_a_line_of_its_own_but_to_apply_opens_prose():
    text = ("# Policy Analyst\n\nLocation: Gatineau, Quebec  \nStatus: Permanent, full-time  \n"
            "Salary range: $78,412 per year\n\n**To apply: send your CV to jobs@example.org**\n\n"
            "## About\n\nGatineau is a city.\n")
    v = segment(_lines(text), "en", "n.md", markdown=True)
    got = [(b.kind, b.key, b.text) for b in v.header if b.kind != "title"]
    assert got == [("field", "location", "Gatineau, Quebec"), ("banner", "", "Status: Permanent, full-time"),
                   ("field", "salary", "$78,412 per year")]
    assert any(b.kind == "paragraph" and b.text.startswith("To apply") for s in v.sections for b in s.blocks)


def test_plain_header_run_does_not_take_a_to_apply_sentence():
    text = "NOTICE\n\nClosing date: 15 March 2027\nTo apply: send your CV to jobs@example.org\n\nText here.\n"
    v = segment(_lines(text), "en", "n.txt", markdown=False)
    assert not any(b.text.startswith("To apply") for b in v.header)


def test_a_label_word_starting_a_name_is_not_a_field():
    """Without a colon, 'Direction des programmes…' is a unit's name, not the field 'Direction'."""
    v = vocabulary()
    assert v.match_field("Direction des programmes d'infrastructure communautaire", "fr") is None
    assert v.match_field("Direction : Direction des soins infirmiers", "fr").key == "organisation"
