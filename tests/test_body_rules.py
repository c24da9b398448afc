"""NL205 (number-mismatch) and NL208 (acronym-mismatch) on small notices: what a translation writes
in its own way is no finding (an ordinal for a number, a code's digits, an acronym in the other
language's order or spelled by its own name); a changed number or acronym still is."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = Path(__file__).resolve().parents[1] / "examples" / "good-facts.md"


def _notice(en: str, fr: str) -> str:
    """The clean example notice with one paragraph added to each version's first section."""
    text = GOOD.read_text("utf-8")
    for heading, par in (("## About the job\n", en), ("## À propos du poste\n", fr)):
        assert heading in text
        text = text.replace(heading, f"{heading}\n{par}\n", 1)
    return text


def _found(rules_only, tmp_path, code, en, fr):
    p = tmp_path / "notice.md"
    p.write_text(_notice(en, fr), "utf-8")
    r = rules_only.lint(str(p))
    assert r.error is None, r.error
    return [d.message for d in r.diagnostics if d.rule == code]


@pytest.mark.parametrize("en, fr", [
    # an ordinal states the number: in words, in digits with the language's suffix
    ("The basic monthly salary for step 1 is EUR 6 480.", "Le traitement de base du premier échelon s'élève à 6 480 EUR."),
    ("Unit 6 South cares for adult patients.", "L'unité 6e Sud accueille une clientèle adulte."),
    ("The team meets on the 3rd floor of building 21.", "L'équipe se réunit au troisième étage du bâtiment 21."),
    ("Room 2 is on the second floor.", "La salle 2 est au 2nd étage."),
    # the digits of a code state the number ("CORE-2022" is one code, "FER 2022" two words)
    ("Completion of the TCPS 2: CORE-2022 online tutorial is required.",
     "Le didacticiel en ligne EPTC 2 : FER 2022 doit être suivi."),
])
def test_numbers_written_another_way_are_no_finding(rules_only, tmp_path, en, fr):
    assert _found(rules_only, tmp_path, "NL205", en, fr) == []


@pytest.mark.parametrize("en, fr", [
    # (the French notice around states IT-01: a classification's level is not a count, it states no 1)
    ("The basic monthly salary for step 1 is EUR 6 480.", "Le traitement de base du deuxième échelon s'élève à 6 480 EUR."),
    ("Unit 8 South cares for adult patients.", "L'unité 9e Sud accueille une clientèle adulte."),
    ("Completion of the TCPS 2: CORE-2022 online tutorial is required.",
     "Le didacticiel en ligne EPTC 2 : FER 2023 doit être suivi."),
])
def test_a_changed_number_is_still_found(rules_only, tmp_path, en, fr):
    assert _found(rules_only, tmp_path, "NL205", en, fr)


@pytest.mark.parametrize("en, fr", [
    # the same letters in the other language's order, no name beside either
    ("Data are processed under Regulation (EU) 2018/1725.", "Les données sont traitées conformément au règlement (UE) 2018/1725."),
    ("Staff of the (IS) may apply.", "Le personnel du (SI) peut postuler."),
    # each acronym spells its own side's name, a compound word giving two letters
    ("Contribute to the Risk and Control Self-Assessment (RCSA) cycle.",
     "Participer au cycle d'autoévaluation des risques et des contrôles (AERC)."),
    ("Valid cardiopulmonary resuscitation (CPR) certification.",
     "Attestation valide de formation en réanimation cardiorespiratoire (RCR)."),
    ("Develop the therapeutic nursing plan (TNP).", "Élaborer le plan thérapeutique infirmier (PTI)."),
    ("The Organisation for Economic Co-operation and Development (OECD) hires economists.",
     "L'Organisation de coopération et de développement économiques (OCDE) recrute des économistes."),
    ("Staff of the North Atlantic Treaty Organization (NATO) may apply.",
     "Le personnel de l'Organisation du Traité de l'Atlantique Nord (OTAN) peut postuler."),
])
def test_regular_translations_of_acronyms_are_no_finding(rules_only, tmp_path, en, fr):
    assert _found(rules_only, tmp_path, "NL208", en, fr) == []


@pytest.mark.parametrize("en, fr", [
    # the French name spells DRS: DSR contradicts it, though it has the same letters
    ("The strategy is led by the Division of Resilience and Solutions (DRS).",
     "La stratégie est pilotée par la Division de la résilience et des solutions (DSR)."),
    # the French name spells SAD: DSA contradicts it
    ("The Data Analytics Section (DAS) supports decisions.", "La Section Analyse des données (DSA) appuie les décisions."),
    # the English name spells OCIO (the acronym CIO inside it gives its letters): OICO contradicts it
    ("The Office of the NATO CIO (OICO) has an integrated staff.", "Le Bureau de la/du CIO (OCIO) est une entité composite."),
    # not the same letters, and the French spells nothing
    ("You will join the Operational Risk Oversight (ORO) team.", "Vous vous joindrez à l'équipe Surveillance du risque opérationnel (SRP)."),
    # the English spells its name, the French letters are the English ones shuffled, not its own name's
    ("You will join the European Policy Office (EPO).", "Vous rejoindrez le Bureau de politique européenne (EOP)."),
])
def test_a_changed_acronym_is_still_found(rules_only, tmp_path, en, fr):
    assert _found(rules_only, tmp_path, "NL208", en, fr)


def test_an_approximate_number_states_the_number():
    """'une quarantaine de collaborateurs' is the 'about forty staff members' of the other side."""
    from linter import extract as X
    from rules.body import _all_numbers

    assert [q.value for q in X.find_approximate("Notre équipe compte une quarantaine de collaborateurs", "fr")] == [40]
    assert 40 in _all_numbers("Notre équipe compte une quarantaine de collaborateurs.", "fr")
    assert 12 in _all_numbers("We run a dozen projects.", "en")
    # quarantine and "hundreds" are not numbers
    assert X.find_approximate("mise en quarantaine", "fr") == [] and X.find_approximate("des centaines de CV", "fr") == []
