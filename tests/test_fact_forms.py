"""Facts only where they are facts (issue 21): values read from what a reader reads, codes by their
grammar, ranges and profiles written once, the same contact at each language's domain, and a value
the tool could not find on the other side reported as a warning that says so, never as an error.

Every sentence here is written for the test (no notice text is copied).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from linter import extract as X
from linter.extract.dates import same_date


def values(find, text, lang="en"):
    return [q.value for q in find(text, lang)]


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
# (test_body_rules.py: one value in two writings, a value not found on the other side, one address each side)


# ------------------------------------------------------------------ places with their province


def test_provinces_are_places_in_both_languages():
    from linter.vocab import place_key

    assert place_key("New Brunswick") == place_key("Nouveau-Brunswick") == "subdivision:CA-NB"
    assert place_key("British Columbia") == place_key("Colombie-Britannique")
    assert place_key("Nova Scotia") != place_key("New Brunswick")


def test_stored_subdivisions_are_pycountrys():
    pytest.importorskip("pycountry")
    from linter.extract import subdivisions

    assert subdivisions.build() == subdivisions.subdivisions()
