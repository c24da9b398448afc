"""List items merged or split by the translator are not missing items (NL303, NL401); a missing item still is."""

from __future__ import annotations

import pytest

from linter.config import Config
from linter.engine import Linter

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


def _pair(tmp_path, fr):
    (tmp_path / "n.en.md").write_text(EN, "utf-8")
    (tmp_path / "n.fr.md").write_text(fr, "utf-8")
    return str(tmp_path / "n.en.md"), str(tmp_path / "n.fr.md")


def _found(r):
    return [(d.rule, d.en.line if d.en else None, d.fr.line if d.fr else None) for d in r.diagnostics]


def test_without_a_model_lists_of_different_length_are_reported(tmp_path):
    # Without embeddings nothing can tell a split item from a missing one: the count is all there is.
    r = Linter(Config(embeddings=False)).lint(*_pair(tmp_path, FR))
    assert [f[0] for f in _found(r)] == ["NL303"]


@pytest.mark.model
def test_item_split_in_two_is_no_finding(tmp_path, real_model_linter):
    r = real_model_linter.lint(*_pair(tmp_path, FR))
    assert _found(r) == [], [d.message for d in r.diagnostics]
    pair = next(p for p in r.notice.pairs if p.en and p.en[0].line == 5)
    assert [b.line for b in pair.fr] == [5, 6]


@pytest.mark.model
def test_item_missing_is_still_one_finding_beside_a_split(tmp_path, real_model_linter):
    r = real_model_linter.lint(*_pair(tmp_path, MISSING))
    assert _found(r) == [("NL303", 12, 12)], [d.message for d in r.diagnostics]
    assert any(n.startswith("NL401") for n in r.diagnostics[0].notes)
