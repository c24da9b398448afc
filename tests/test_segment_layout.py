"""Plain-text section headings other than numbered capitals, read from the notice's layout:
unnumbered lines in capitals ("ABOUT US") and numbered lines in any case ("1. Context") (what the
NL3xx rules make of them: test_structure_rules.py)."""

from linter.model import Line
from linter.segment import segment


def lines_of(text: str, first: int = 1) -> tuple[Line, ...]:
    return tuple(Line(first + i, t) for i, t in enumerate(text.split("\n")))


CAPS_EN = """ACCOUNTANT

Reference: ABC/2027/014
Duty station: Dakar
Application deadline: 31 January 2027

ABOUT US

We are a non-governmental organisation working with community schools.

KEY RESPONSIBILITIES

Main duties:
* Record accounting entries
* Prepare supplier payments

REQUIREMENTS

Education and experience:
* A degree in accounting
* Three years of experience

HOW TO APPLY

Send your application by e-mail to jobs@example.org by 31 January 2027."""

CAPS_FR = """COMPTABLE

Référence : ABC/2027/014
Lieu d'affectation : Dakar
Date limite de dépôt : 31 janvier 2027

PRÉSENTATION DE L'ORGANISATION

Nous sommes une organisation non gouvernementale qui travaille avec les écoles communautaires.

PRINCIPALES RESPONSABILITÉS

Tâches principales :
* Saisir les opérations comptables
* Préparer les paiements aux fournisseurs

PROFIL RECHERCHÉ

Formation et expérience :
* Un diplôme en comptabilité
* Trois ans d'expérience

DOSSIER DE CANDIDATURE

Envoyez votre candidature par courriel à jobs@example.org au plus tard le 31 janvier 2027."""

NUMBERED_EN = """ICT Systems Administrator

Reference: FEDI-ICT-2027-017
Application deadline: 22 April 2027

1. Who are we?

We help federal public services exchange their data securely.

2. Your job

Your main tasks:
- You install and update servers.
- You document procedures.

3. Your profile

- You hold a master's degree in computer science.

4. How to apply?

Submit your application by 22 April 2027."""


def test_unnumbered_capital_headings_are_sections():
    v = segment(lines_of(CAPS_EN), "en", "x.txt")
    assert [(s.number, s.title, s.heading.line) for s in v.sections] == [
        (1, "ABOUT US", 7), (2, "KEY RESPONSIBILITIES", 11), (3, "REQUIREMENTS", 17), (4, "HOW TO APPLY", 23)]
    # The title and the fields above the first heading are the header; a label over a list is the
    # section's, not a heading.
    assert v.title.text == "ACCOUNTANT" and v.field("deadline").line == 5
    assert [b.text for b in v.sections[2].blocks] == ["Education and experience:", "A degree in accounting",
                                                      "Three years of experience"]
    fr = segment(lines_of(CAPS_FR), "fr", "x.txt")
    assert [s.title for s in fr.sections][2:] == ["PROFIL RECHERCHÉ", "DOSSIER DE CANDIDATURE"]


def test_numbered_headings_in_any_case_are_sections():
    v = segment(lines_of(NUMBERED_EN), "en", "x.txt")
    assert [(s.number, s.title) for s in v.sections] == [
        (1, "Who are we?"), (2, "Your job"), (3, "Your profile"), (4, "How to apply?")]
    # The heading's text starts after its number, at its own column.
    assert v.sections[1].heading.position(0) == (10, 4)
    fr = segment(lines_of("Gestionnaire ICT\n\nRéférence : X-1\n\n1. Qui sommes-nous ?\n\nNous aidons les services.\n\n"
                          "2. Votre fonction\n\nVous installez les serveurs.\n\n3. Comment postuler ?\n\nEnvoyez votre CV."),
                 "fr", "x.txt")
    assert [s.title for s in fr.sections] == ["Qui sommes-nous ?", "Votre fonction", "Comment postuler ?"]


def test_numbered_list_spaced_by_blank_lines_is_not_sections():
    text = ("Clerk\n\nReference: A-1\n\nYour application should include:\n\n1. A cover letter\n\n2. Your resume\n\n"
            "3. Copies of your diplomas\n\nSend it to jobs@example.org.")
    v = segment(lines_of(text), "en", "x.txt")
    assert len(v.sections) == 1 and v.sections[0].heading is None


def test_numbers_out_of_sequence_are_not_sections():
    text = ("Clerk\n\nReference: A-1\n\n1. Context\n\nSome text.\n\n3. Duties\n\nMore text.\n\n"
            "4. Profile\n\nEven more text.")
    v = segment(lines_of(text), "en", "x.txt")
    assert [s.heading for s in v.sections] == [None]


def test_a_lone_line_in_capitals_is_not_a_section():
    text = ("Clerk\n\nReference: A-1\n\nPENDING BUDGET APPROVAL\n\nWe are hiring a clerk for our office.\n\n"
            "FULL TIME\n\nThe clerk keeps the files.")
    v = segment(lines_of(text), "en", "x.txt")
    assert [s.heading for s in v.sections] == [None]


def test_numbered_capitals_keep_their_reading():
    # With numbered headings in capitals, a standalone line in capitals is not a section of its own.
    text = ("Clerk\n\nReference: A-1\n\n1. SUMMARY\n\nThe clerk keeps the files.\n\nPLEASE NOTE\n\nThe post is "
            "temporary.\n\nALSO NOTE\n\nIt is in Brussels.\n\nONE MORE\n\nNothing else.\n\n2. DUTIES\n\n- File records.")
    v = segment(lines_of(text), "en", "x.txt")
    assert [(s.number, s.title) for s in v.sections] == [(1, "SUMMARY"), (2, "DUTIES")]


def test_a_letterhead_in_capitals_above_the_fields_stays_in_the_header():
    text = CAPS_EN.replace("ACCOUNTANT\n\n", "ACCOUNTANT\n\nTERANGA EDUCATION NETWORK\n\n", 1)
    v = segment(lines_of(text), "en", "x.txt")
    assert [s.title for s in v.sections] == ["ABOUT US", "KEY RESPONSIBILITIES", "REQUIREMENTS", "HOW TO APPLY"]
    assert v.field("deadline") is not None and v.field("deadline").line == 7


def test_numbered_steps_inside_a_section_headed_in_capitals_are_not_sections():
    steps = ("\n\n1. Register online\n\nCreate an account on the portal.\n\n2. Upload your files\n\n"
             "Upload a CV and a cover letter.\n\n3. Submit\n\nPress the button before the deadline.")
    v = segment(lines_of(CAPS_EN + steps), "en", "x.txt")
    assert [s.title for s in v.sections] == ["ABOUT US", "KEY RESPONSIBILITIES", "REQUIREMENTS", "HOW TO APPLY"]
