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
