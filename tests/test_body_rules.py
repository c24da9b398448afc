"""NL2xx, the facts of every aligned pair (numbers, links, e-mails, acronyms, amounts, dates...), on
small notices and on real ones: what a translation writes in its own way is no finding (an ordinal for
a number, a code's digits, an acronym in the other language's order or spelled by its own name, one
value in two writings); a changed value still is, and a value not found on the other side is a
warning that says so. Every rule's own example: tests/test_rules.py; the map of rules to tests:
tests/README.md."""

from __future__ import annotations

import pytest

from linter.model import Severity

from .conftest import facts_notice, shared


def _findings(lint_pair, en, fr):
    """(rule, severity, message) of each finding on the clean facts notice with the paragraph `en` added
    to the English and `fr` to the French (one Markdown file, English then French)."""
    r = lint_pair(*facts_notice(en, fr), suffix=".md", combined=True)
    return [(d.rule, d.severity, d.message) for d in r.diagnostics]


def _found(lint_pair, code, en, fr):
    return [message for rule, _, message in _findings(lint_pair, en, fr) if rule == code]


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
def test_numbers_written_another_way_are_no_finding(lint_pair, en, fr):
    assert _found(lint_pair, "NL205", en, fr) == []


@pytest.mark.parametrize("en, fr", [
    # (the French notice around states IT-01: a classification's level is not a count, it states no 1)
    ("The basic monthly salary for step 1 is EUR 6 480.", "Le traitement de base du deuxième échelon s'élève à 6 480 EUR."),
    ("Unit 8 South cares for adult patients.", "L'unité 9e Sud accueille une clientèle adulte."),
    ("Completion of the TCPS 2: CORE-2022 online tutorial is required.",
     "Le didacticiel en ligne EPTC 2 : FER 2023 doit être suivi."),
])
def test_a_changed_number_is_still_found(lint_pair, en, fr):
    assert _found(lint_pair, "NL205", en, fr)


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
def test_regular_translations_of_acronyms_are_no_finding(lint_pair, en, fr):
    assert _found(lint_pair, "NL208", en, fr) == []


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
def test_a_changed_acronym_is_still_found(lint_pair, en, fr):
    assert _found(lint_pair, "NL208", en, fr)


def test_an_approximate_number_states_the_number():
    """'une quarantaine de collaborateurs' is the 'about forty staff members' of the other side."""
    from linter import extract as X
    from rules.body import _all_numbers

    assert [q.value for q in X.find_approximate("Notre équipe compte une quarantaine de collaborateurs", "fr")] == [40]
    assert 40 in _all_numbers("Notre équipe compte une quarantaine de collaborateurs.", "fr")
    assert 12 in _all_numbers("We run a dozen projects.", "en")
    # quarantine and "hundreds" are not numbers
    assert X.find_approximate("mise en quarantaine", "fr") == [] and X.find_approximate("des centaines de CV", "fr") == []


# ------------------------------------------------------------------------------ the real notices

# The pairs of ../shared/notices-more/.
MORE = ("cds-admin-officer-2023", "cds-ceo-2022", "cds-localization-specialist-2024", "lehub-quebec-lead-2024",
        "opennorth-marketing-lead-2013", "tonic-assistant-to-management-2025")

# Real inconsistencies, confirmed by reading both versions (rule, en line, fr line); the NL2xx
# facts, links and e-mails of these notices otherwise agree: twin pages and per-language
# mailboxes are not findings.
REAL = {
    "cds-ceo-2022": {("NL303", 41, 40)},  # the bilingual-imperative bullet is in the English only (it belongs after FR 40)
    "cds-localization-specialist-2024": {("NL404", 3, 3)},  # untranslated English in the French (FR 3-6): one stretch, against the English heading it copies
    "lehub-quebec-lead-2024": {("NL203", 7, 7)},  # "(4.5 jours)" a week in the French only
}


FACT_RULES = ("NL20", "NL21")


@pytest.mark.parametrize("name", MORE)
def test_real_notices_facts_and_links(name, rules_only):
    folder = shared("notices-more")
    r = rules_only.lint(str(folder / f"{name}.en.txt"), str(folder / f"{name}.fr.txt"))
    assert r.error is None, r.error
    got = {(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in r.diagnostics}
    assert REAL.get(name, set()) <= got
    real = REAL.get(name, set())
    facts = [f"{d.rule} {d.message}" for d in r.diagnostics if d.rule.startswith(FACT_RULES) and d.severity >= 2
             and (d.rule, d.en and d.en.line, d.fr and d.fr.line) not in real]
    assert not facts, facts


@pytest.mark.parametrize("name, side, old, new, code", [
    ("opennorth-marketing-lead-2013", "fr", "38 000$", "36 000$", "NL210"),
    ("opennorth-marketing-lead-2013", "fr", "info@nordouvert.ca", "info@nordouvert.com", "NL207"),
    ("cds-localization-specialist-2024", "fr", "IT-03", "IT-02", "NL213"),
    ("cds-admin-officer-2023", "fr", "quatre autres membres", "cinq autres membres", "NL205"),
    ("cds-admin-officer-2023", "en", "view-visualiser-eng.aspx?id=15", "view-visualiser-eng.aspx?id=16", "NL206"),
])
def test_real_notice_mutants_are_found_at_their_line(name, side, old, new, code, lint_pair):
    folder = shared("notices-more")
    texts = {s: (folder / f"{name}.{s}.txt").read_text("utf-8") for s in ("en", "fr")}
    line = next(i for i, ln in enumerate(texts[side].split("\n"), 1) if old in ln)
    texts[side] = texts[side].replace(old, new, 1)
    r = lint_pair(texts["en"], texts["fr"])
    hits = [d for d in r.diagnostics if d.rule == code and getattr(d, side) and getattr(d, side).line == line]
    assert hits, [f"{d.rule} {d.message}" for d in r.diagnostics]


@pytest.mark.parametrize("en, fr", [
    ("You are on call for a week per month.", "Vous êtes de garde une semaine par mois."),
    ("Our help desk answers 24/7.", "Notre service d'aide répond en tout temps."),
    ("Our help desk answers 24x7.", "Notre service d'aide répond 24 heures sur 24, 7 jours sur 7."),
    ("Profiles BBB/BBB and CBC/CBC are possible.", "Les profils BBB et CBC sont possibles."),
    ("Profiles BBB/BBB and CBC/CBC are possible.", "Les profils BBB / BBB et CBC / CBC sont possibles."),
    ("A 10-minute question period follows the talk.", "Une période de questions de 10 minutes suit l'exposé."),
    ("The fair runs March 21st-23rd, 2019.", "La foire a lieu du 21 au 23 mars 2019."),
    ("Print it on 8.5 by 11 inch paper.", "Imprimez-le sur du papier 8 ½ po x 11 po."),
    ("Read our [handbook](https://example.org/en/handbook#toc1234).",
     "Lisez notre [guide](https://example.org/fr/guide)."),
    ("Submit it at vote.example.dev today.", "Soumettez-le au https://vote.example.dev/ aujourd'hui."),
])
def test_one_value_in_two_writings_is_no_finding(lint_pair, en, fr):
    assert _findings(lint_pair, en, fr) == []


def test_a_value_not_found_on_the_other_side_is_a_warning_that_says_so(lint_pair):
    found = _findings(lint_pair, "A bonus of $500 is paid after a year.", "Une prime est versée après un an.")
    assert [(r, s) for r, s, _ in found] == [("NL210", Severity.WARNING)]
    assert found[0][2].startswith("could not find the English amount $500")
    # both values read and different: an error, as before
    found = _findings(lint_pair, "A bonus of $500 is paid.", "Une prime de 600 $ est versée.")
    assert [(r, s) for r, s, _ in found] == [("NL210", Severity.ERROR)]


def test_fragment_slip_is_a_warning(lint_pair):
    found = _findings(lint_pair, "See https://example.org/en/handbook#how-to-apply for more.",
                      "Voir https://example.org/fr/handbook#how-to-aply pour en savoir plus.")
    assert [(r, s) for r, s, _ in found] == [("NL206", Severity.WARNING)]


@pytest.mark.parametrize("en, fr, expected", [
    # the publisher's name in each version vouches for its domain
    ("Greenfield hires: write to hello@greenfield.ca.", "Champ Vert embauche : écrivez à hello@champvert.ca.", []),
    # nothing else in the notice says so: a warning
    ("Write to hello@greenfield.ca.", "Écrivez à hello@champvert.ca.", [("NL207", Severity.WARNING)]),
    # a slip in the domain: an error
    ("Write to hello@greenfield.ca.", "Écrivez à hello@greenfeild.ca.", [("NL207", Severity.ERROR)]),
])
def test_one_address_on_each_side(lint_pair, en, fr, expected):
    assert [(r, s) for r, s, _ in _findings(lint_pair, en, fr)] == expected


def test_a_pair_of_files_is_read_in_one_markup(lint_pair):
    """One file with two bold labels is Markdown; its twin with one bold label is read as Markdown
    too, so its `[address](mailto:address)` is one address, read as the English one is."""
    r = lint_pair("Data analyst\n\n**Closing date:** May 3, 2024\n\nWe are looking for a person who will work with "
                  "the team and help us build what they need.\n\n**To apply:** write to "
                  "[hello@greenfield.ca](mailto:hello@greenfield.ca).\n",
                  "Analyste de données\n\n**Date de clôture :** 3 mai 2024\n\nNous cherchons une personne qui "
                  "travaillera avec l'équipe et qui nous aidera à bâtir ce dont elle a besoin.\n\nPour postuler, "
                  "écrivez à [hello@greenfield.ca](mailto:hello@greenfield.ca).\n")
    assert r.error is None and [d.rule for d in r.diagnostics] == []


def test_acronym_extended_by_the_next_word_is_the_same_unit(rules_only, tmp_path):
    """(JIS) Division against (JISD): the expansion is the same unit, not an acronym mismatch."""
    from .conftest import EXAMPLES

    text = (EXAMPLES / "rules" / "NL208-acronym-mismatch" / "bad.md").read_text("utf-8")
    text = text.replace("The Data Analytics Section (DAS)", "The Joint Intelligence and Security (JIS) Division")
    text = text.replace("La Section Analyse des données (DSA)", "La Division du renseignement et de la sécurité (JISD)")
    p = tmp_path / "jis.md"
    p.write_text(text, "utf-8")
    assert not [d for d in rules_only.lint(str(p)).diagnostics if d.rule == "NL208"]
    p.write_text(text.replace("(JISD)", "(JRSD)"), "utf-8")
    assert [d for d in rules_only.lint(str(p)).diagnostics if d.rule == "NL208"]


# --- facts in words (issue 21, item 4): NL216 month-part-mismatch, NL217 position-status-mismatch,
# NL218 enumeration-mismatch -------------------------------------------------------------------------

def _found(lint_pair, code, en, fr):
    return [(str(d.severity), d.message) for d in lint_pair(*facts_notice(en, fr), suffix=".md").diagnostics
            if d.rule == code]


@pytest.mark.parametrize("en, fr", [
    ("Applications close by the end of January.", "Les candidatures sont reçues jusqu'à la fin du mois de janvier."),
    ("Applications close by the end of January.", "Les candidatures sont reçues jusqu'à la fin janvier."),
    ("Interviews take place in mid-March 2027.", "Les entrevues ont lieu à la mi-mars 2027."),
    ("Applications close by the end of January.", "Les candidatures sont reçues jusqu'au 31 janvier."),  # a date of that month
])
def test_a_part_of_a_month_in_words_agrees_in_any_writing(lint_pair, en, fr):
    assert _found(lint_pair, "NL216", en, fr) == []


def test_a_part_of_a_month_in_one_version_only_or_changed(lint_pair):
    lone = _found(lint_pair, "NL216", "Applications close by the end of January.", "Les candidatures sont reçues bientôt.")
    assert lone == [("warning", "could not find the English part of a month 'end of January' in the French")]
    changed = _found(lint_pair, "NL216", "Applications close by the end of January.",
                     "Les candidatures sont reçues jusqu'à la fin février.")
    assert changed == [("error", "part of a month differs: English 'end of January', French 'fin février'")]


def test_a_position_status_in_one_version_only_or_changed(lint_pair):
    assert _found(lint_pair, "NL217", "We accept applications until the position is filled.",
                  "Nous acceptons les candidatures jusqu'à ce que le poste soit pourvu.") == []
    lone = _found(lint_pair, "NL217", "Note: this position has been filled.", "Note : ce poste est toujours ouvert.")
    assert lone == [("warning", "could not find the English position status 'has been filled' in the French")]
    assert [s for s, _ in _found(lint_pair, "NL217", "Note: this position has been filled.",
                                 "Note : ce poste n'a pas encore été pourvu.")] == ["error"]
    # "filled" that is no status: a form filled in, a day filled with meetings
    assert _found(lint_pair, "NL217", "Return the form filled in by hand.", "Retournez le formulaire rempli à la main.") == []


def test_an_enumeration_that_loses_an_item_names_it(lint_pair):
    en = ("We do not discriminate on the basis of race, colour, religion, sex, age, disability, national origin, "
          "sexual orientation, gender identity and family status.")
    fr = ("Nous ne faisons aucune discrimination fondée sur la race, la couleur, la religion, l'âge, le handicap, "
          "l'origine nationale, l'orientation sexuelle, l'identité de genre et la situation familiale.")
    assert _found(lint_pair, "NL218", en, fr) == [
        ("error", "enumeration has 10 items in English, 9 in French; the English item without a counterpart: 'sex'")]
    fr_all = fr.replace("l'âge,", "le sexe, l'âge,")
    assert _found(lint_pair, "NL218", en, fr_all) == []


def test_an_enumeration_restructured_in_translation_is_no_finding_or_a_hint(lint_pair):
    """Items that spelling cannot pair (translated words): no finding; a named item in lists whose items
    hold conjunctions of their own (where items end is a guess): info, not an error."""
    assert _found(lint_pair, "NL218", "You will plan, write, edit, test and publish content.",
                  "Vous planifierez, rédigerez, réviserez et publierez le contenu.") == []
    got = _found(lint_pair, "NL218", "Our offices are in Ottawa, Toronto, Waterloo or Kitchener, Halifax and Montreal.",
                 "Nos bureaux sont à Ottawa, Toronto, Waterloo ou Kitchener et Montréal.")
    assert got == [("info", "enumeration has 5 items in English, 4 in French; the English item without a counterpart: "
                            "'Halifax'")]
