"""NL3xx, the structure (a section or sub-heading on one side only, bullet lists of different length):
list items merged or split by the translator are not missing items (NL303, NL401), a missing item still
is; sections under capital headings pair by order, a dropped one is still found. Every rule's own
example: tests/test_rules.py; the map of rules to tests: tests/README.md."""

from __future__ import annotations

import pytest

from .test_segment_layout import CAPS_EN, CAPS_FR


EN = """# Finance Officer

## Duties

- Manage the office budget and review monthly expenditure against forecasts
- Prepare accurate narrative reports for the director and for donors
- Ensure that all supporting documents are filed and ready for audit

## Requirements

- A university degree in finance, accounting or a related field
- At least three years of experience in a similar role
- Excellent written and spoken French and a good working knowledge of English
"""

# The first duty is split in two French items; every other item is translated one to one.
FR = """# Agent ou agente des finances

## Fonctions

- Gérer le budget du bureau
- Comparer chaque mois les dépenses réelles aux prévisions
- Rédiger des rapports narratifs précis à l'intention de la direction et des bailleurs de fonds
- S'assurer que toutes les pièces justificatives sont classées et prêtes en vue d'un audit

## Exigences

- Diplôme universitaire en finance, en comptabilité ou dans un domaine connexe
- Au moins trois ans d'expérience dans un poste semblable
- Excellente maîtrise du français à l'écrit comme à l'oral et bonne connaissance pratique de l'anglais
"""

MISSING = FR.replace("- Au moins trois ans d'expérience dans un poste semblable\n", "")


def _found(r):
    return [(d.rule, d.en.line if d.en else None, d.fr.line if d.fr else None) for d in r.diagnostics]


def test_without_a_model_lists_of_different_length_are_reported(lint_pair):
    # Without embeddings nothing can tell a split item from a missing one: the count is all there is.
    r = lint_pair(EN, FR, suffix=".md")
    assert [f[0] for f in _found(r)] == ["NL303"]


@pytest.mark.model
def test_item_split_in_two_is_no_finding(lint_pair, real_model_linter):
    r = lint_pair(EN, FR, suffix=".md", linter=real_model_linter)
    assert _found(r) == [], [d.message for d in r.diagnostics]
    pair = next(p for p in r.notice.pairs if p.en and p.en[0].line == 5)
    assert [b.line for b in pair.fr] == [5, 6]


@pytest.mark.model
def test_item_missing_is_still_one_finding_beside_a_split(lint_pair, real_model_linter):
    r = lint_pair(EN, MISSING, suffix=".md", linter=real_model_linter)
    assert _found(r) == [("NL303", 12, 12)], [d.message for d in r.diagnostics]
    assert any(n.startswith("NL401") for n in r.diagnostics[0].notes)


def test_capital_headings_pair_by_order_without_structure_findings(lint_pair):
    r = lint_pair(CAPS_EN + "\n", CAPS_FR + "\n")
    structure = [d for d in r.diagnostics if d.rule.startswith("NL3") or d.rule == "NL401"]
    assert structure == [], [(d.rule, d.message) for d in structure]


def test_a_section_dropped_under_capital_headings_is_found(lint_pair):
    dropped = CAPS_FR.split("PROFIL RECHERCHÉ")[0] + "DOSSIER DE CANDIDATURE" + CAPS_FR.split("DOSSIER DE CANDIDATURE")[1]
    r = lint_pair(CAPS_EN + "\n", dropped + "\n")
    missing = [(d.rule, d.en.line if d.en else None) for d in r.diagnostics if d.rule == "NL301"]
    assert missing == [("NL301", 17)], [(d.rule, d.message) for d in r.diagnostics]


# The same notice with the French writing its two section headings as plain lines (and one merged into the
# paragraph as a bold lead-in): every paragraph and item is translated. Content decides, not markup.
HEADED_EN = """# Service Designer

## What you will be doing

You will lead research with the people who use our services and share what you learn with the product teams.

- Plan and run interviews with users across Canada.
- Turn research findings into clear recommendations.

## What we are looking for

You have at least three years of experience in design research or service design.

- Experience running usability tests.
- Clear writing in plain language.

## How to apply

Send your résumé and a short cover letter before the end of the month.
"""

PLAIN_FR = """# Designer de services

Ce que vous ferez

Vous dirigerez la recherche auprès des personnes qui utilisent nos services et partagerez ce que vous apprenez avec les équipes de produits.

- Planifier et mener des entrevues avec des utilisateurs partout au Canada.
- Transformer les résultats de recherche en recommandations claires.

Ce que nous recherchons

Vous avez au moins trois ans d'expérience en recherche en design ou en design de services.

- Expérience de la conduite de tests d'utilisabilité.
- Rédaction claire en langage simple.

**Comment postuler :** Envoyez votre curriculum vitae et une courte lettre de présentation avant la fin du mois.
"""


def _structure(r):
    return [(d.rule, str(d.severity), d.en.line if d.en else None, d.fr.line if d.fr else None) for d in r.diagnostics
            if d.rule.startswith("NL3") or d.rule.startswith("NL4")]


def test_headings_written_as_plain_lines_are_one_info_without_a_model(lint_pair):
    r = lint_pair(HEADED_EN, PLAIN_FR, suffix=".md")
    found = _structure(r)
    assert [f for f in found if f[1] != "info"] == [], found
    assert [f[0] for f in found] == ["NL305"], found


@pytest.mark.model
def test_headings_written_as_plain_lines_are_one_info_with_the_model(lint_pair, real_model_linter):
    r = lint_pair(HEADED_EN, PLAIN_FR, suffix=".md", linter=real_model_linter)
    found = _structure(r)
    assert [f[0] for f in found] == ["NL305"], [(d.rule, d.message) for d in r.diagnostics]


@pytest.mark.model
def test_a_paragraph_missing_under_a_plain_line_heading_is_still_found(lint_pair, real_model_linter):
    fr = PLAIN_FR.replace("Vous avez au moins trois ans d'expérience en recherche en design ou en design de services.\n\n", "")
    r = lint_pair(HEADED_EN, fr, suffix=".md", linter=real_model_linter)
    found = [f for f in _structure(r) if f[1] != "info"]
    assert [(f[0], f[2]) for f in found] == [("NL401", 12)], [(d.rule, d.message) for d in r.diagnostics]


@pytest.mark.model
def test_a_section_the_other_version_lacks_is_one_finding(lint_pair, real_model_linter):
    # (Without a model, three short unnumbered sections give the lexical similarity too little to tell
    # which one is missing: test_a_section_dropped_under_capital_headings_is_found has more text.)
    fr = PLAIN_FR.split("Ce que nous recherchons")[0] + "**Comment postuler :**" + PLAIN_FR.split("**Comment postuler :**")[1]
    r = lint_pair(HEADED_EN, fr, suffix=".md", linter=real_model_linter)
    found = [f for f in _structure(r) if f[1] != "info"]
    assert [(f[0], f[2]) for f in found] == [("NL301", 10)], [(d.rule, d.message) for d in r.diagnostics]


def test_a_missing_item_points_where_it_belongs(lint_pair):
    fr = PLAIN_FR.replace("- Transformer les résultats de recherche en recommandations claires.\n", "")
    r = lint_pair(HEADED_EN, fr, suffix=".md")
    found = [f for f in _structure(r) if f[1] != "info"]
    assert found == [("NL303", "error", 8, 7)], [(d.rule, d.message) for d in r.diagnostics]
