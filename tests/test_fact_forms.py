"""Facts only where they are facts (issue 21): values read from what a reader reads, codes by their
grammar, ranges and profiles written once, the same contact at each language's domain, and a value
the tool could not find on the other side reported as a warning that says so, never as an error.

Every sentence here is written for the test (no notice text is copied).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from linter import extract as X
from linter.extract.dates import same_date
from linter.model import Severity

GOOD = Path(__file__).resolve().parents[1] / "examples" / "good-facts.md"


def values(find, text, lang="en"):
    return [q.value for q in find(text, lang)]


def _lint(rules_only, tmp_path, en, fr, suffix=".md"):
    """The clean example notice with one paragraph added to each version's first section; its
    findings as (rule, severity, message)."""
    text = GOOD.read_text("utf-8")
    for heading, par in (("## About the job\n", en), ("## À propos du poste\n", fr)):
        text = text.replace(heading, f"{heading}\n{par}\n", 1)
    p = tmp_path / f"notice{suffix}"
    p.write_text(text, "utf-8")
    r = rules_only.lint(str(p))
    assert r.error is None, r.error
    return [(d.rule, d.severity, d.message) for d in r.diagnostics]


# ------------------------------------------------------------------ values a reader does not read

@pytest.mark.parametrize("text", [
    "Our team of ![photo of our 2249 staff](img/staff-2249.png) is here.",   # an image, its alt text and file
    "Read the [guide](files/guide-2249.pdf) first.",                          # a link's target
    "Run `deploy 2249` to start.",                                             # a code span
    "The form is report-2249.docx on the drive.",                              # a file name
    'A picture <img src="x.png" alt="2249 staff"> of us.',
])
def test_no_value_from_images_link_targets_code_or_file_names(text):
    assert values(X.find_numbers, text) == []
    assert values(X.find_post_numbers, text) == []


def test_a_target_that_repeats_its_anchor_is_one_address():
    text = "write to [jobs@example.org](mailto:jobs@example.org) or [our site](https://example.org/jobs)"
    assert values(X.find_emails, text) == ["jobs@example.org"]
    assert values(X.find_urls, text) == ["https://example.org/jobs"]


# ------------------------------------------------------------------ other writings of one value

@pytest.mark.parametrize("text, lang", [
    ("Our support runs 24/7 all year.", "en"),
    ("Our support runs 24x7 all year.", "en"),
    ("It runs 24 hours a day, 7 days a week.", "en"),
    ("Le soutien est offert 24 heures sur 24, 7 jours sur 7.", "fr"),
    ("Le soutien est offert 24 h/24, 7 j/7.", "fr"),
])
def test_round_the_clock_is_no_count_and_no_duration(text, lang):
    assert values(X.find_numbers, text, lang) == []
    assert values(X.find_durations, text, lang) == []


def test_a_fraction_is_part_of_its_number():
    assert values(X.find_numbers, "printed on 8.5 by 11 inch sheets") == [Decimal("8.5"), 11]
    assert values(X.find_numbers, "imprimé sur des feuilles de 8 ½ po x 11 po", "fr") == [Decimal("8.5"), 11]


@pytest.mark.parametrize("en, fr", [
    ("held March 21st-23rd, 2019 downtown", "tenu du 21 au 23 mars 2019 au centre-ville"),
    ("held November 4-6th, 2019 downtown", "tenu 4-6 Novembre, 2019 au centre-ville"),
    ("held March 30 to April 2, 2019", "tenu du 30 mars au 2 avril 2019"),
])
def test_day_ranges_read_as_two_dates_in_both_languages(en, fr):
    a, b = values(X.find_dates, en, "en"), values(X.find_dates, fr, "fr")
    assert len(a) == len(b) == 2 and all(same_date(x, y) for x, y in zip(a, b)), (a, b)
    assert values(X.find_numbers, en, "en") == values(X.find_numbers, fr, "fr") == []


@pytest.mark.parametrize("text", ["Envoyez-le le 4 avril 2025, 16 h.", "Date limite : 16 h (HNE)"])
def test_a_bare_french_hour_is_a_time(text):
    assert values(X.find_times, text, "fr") == [dt.time(16, 0)]


def test_a_profile_asked_in_both_languages_is_the_profile_written_once():
    assert values(X.find_levels, "bilingual imperative BBB / BBB or CBC/CBC") == ["BBB", "CBC"]
    assert values(X.find_levels, "profils linguistiques BBB et CBC", "fr") == ["BBB", "CBC"]
    assert values(X.find_levels, "bilingual imperative BBC/CBC") == ["BBC/CBC"]


# ------------------------------------------------------------------ codes by grammar

@pytest.mark.parametrize("text, expected", [
    ("A 10-minute question period follows.", []),            # a capital letter next to a number
    ("We build on the Air C2 and C3 networks.", []),          # NATO's one-letter grades need a label or a range
    ("The service runs on EC2 instances.", []),               # a group glued to a number alone
    ("Classification: QX-03", [("QX3",)]),                    # any letters beside a field label
    ("classified CS4/CS5 in the group", [("CS4", "CS5")]),
    ("levels IT-02\u00a0à\u00a0IT-04 selon l'expérience", [("IT2", "IT4")]),  # French spaces: one range
    ("a D-1 post and a GS-12 post", [("D1",), ("GS12",)]),
])
def test_classification_codes_need_a_known_grammar_or_a_label(text, expected):
    assert values(X.find_codes, text) == expected


def test_a_capital_letter_next_to_a_number_leaves_the_number_a_count():
    assert values(X.find_numbers, "A 10-minute question period follows.") == [10]


# ------------------------------------------------------------------ links and addresses

def test_fragment_differences():
    # one side without the fragment: the right page, at its top
    assert not X.fragment_slip("https://x.org/eng.aspx#toc1234", "https://x.org/fra.aspx")
    # each language's page with opaque anchors: the other page's anchors cannot be known
    assert not X.fragment_slip("https://x.org/en/page#toc1234", "https://x.org/fr/page#toc9876")
    # the very same page, or words that differ by a keystroke: a slip
    assert X.fragment_slip("https://x.org/page#toc1234", "https://x.org/page#toc1235")
    assert X.fragment_slip("https://x.org/en/page#how-to-apply", "https://x.org/fr/page#how-to-aply")


def test_a_domain_named_in_each_version_is_its_per_language_domain():
    pairs = [("hello@greenfield.ca", "hello@champvert.ca")]
    assert X.named_hosts(pairs, "Greenfield hires.", "Champ Vert embauche.") == {"greenfield.ca": "champvert.ca"}
    assert X.named_hosts(pairs, "We hire.", "Nous embauchons.") == {}
    # the address itself is no evidence
    assert X.named_hosts(pairs, "hello@greenfield.ca", "hello@champvert.ca") == {}


def test_a_link_written_as_plain_text():
    assert X.stated_in_text("https://vote.example.dev/", "submit it at vote.example.dev today")
    assert not X.stated_in_text("https://vote.example.dev/", "submit it at vote.example.com today")


# ------------------------------------------------------------------ rules: findings only where facts differ

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
def test_one_value_in_two_writings_is_no_finding(rules_only, tmp_path, en, fr):
    assert _lint(rules_only, tmp_path, en, fr) == []


def test_a_value_not_found_on_the_other_side_is_a_warning_that_says_so(rules_only, tmp_path):
    found = _lint(rules_only, tmp_path, "A bonus of $500 is paid after a year.", "Une prime est versée après un an.")
    assert [(r, s) for r, s, _ in found] == [("NL210", Severity.WARNING)]
    assert found[0][2].startswith("could not find the English amount $500")
    # both values read and different: an error, as before
    found = _lint(rules_only, tmp_path, "A bonus of $500 is paid.", "Une prime de 600 $ est versée.")
    assert [(r, s) for r, s, _ in found] == [("NL210", Severity.ERROR)]


def test_fragment_slip_is_a_warning(rules_only, tmp_path):
    found = _lint(rules_only, tmp_path, "See https://example.org/en/handbook#how-to-apply for more.",
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
def test_one_address_on_each_side(rules_only, tmp_path, en, fr, expected):
    assert [(r, s) for r, s, _ in _lint(rules_only, tmp_path, en, fr)] == expected


def test_a_pair_of_files_is_read_in_one_markup(rules_only, tmp_path):
    """One file with two bold labels is Markdown; its twin with one bold label is read as Markdown
    too, so its `[address](mailto:address)` is one address, read as the English one is."""
    en = tmp_path / "n.en.txt"
    fr = tmp_path / "n.fr.txt"
    en.write_text("Data analyst\n\n**Closing date:** May 3, 2024\n\nWe are looking for a person who will work with "
                  "the team and help us build what they need.\n\n**To apply:** write to "
                  "[hello@greenfield.ca](mailto:hello@greenfield.ca).\n", "utf-8")
    fr.write_text("Analyste de données\n\n**Date de clôture :** 3 mai 2024\n\nNous cherchons une personne qui "
                  "travaillera avec l'équipe et qui nous aidera à bâtir ce dont elle a besoin.\n\nPour postuler, "
                  "écrivez à [hello@greenfield.ca](mailto:hello@greenfield.ca).\n", "utf-8")
    r = rules_only.lint(str(en), str(fr))
    assert r.error is None and [d.rule for d in r.diagnostics] == []


# ------------------------------------------------------------------ places with their province

BAD_NL108 = Path(__file__).resolve().parents[1] / "examples" / "rules" / "NL108-location-mismatch" / "bad.md"


def test_provinces_are_places_in_both_languages():
    from linter.vocab import place_key

    assert place_key("New Brunswick") == place_key("Nouveau-Brunswick") == "subdivision:CA-NB"
    assert place_key("British Columbia") == place_key("Colombie-Britannique")
    assert place_key("Nova Scotia") != place_key("New Brunswick")


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


def test_stored_subdivisions_are_pycountrys():
    pytest.importorskip("pycountry")
    from linter.extract import subdivisions

    assert subdivisions.build() == subdivisions.subdivisions()
