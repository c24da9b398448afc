"""Facts in every aligned pair: the extractor of each value kind in both languages, the link and
e-mail localisation learned from a notice, and the real notices of ../shared/notices-more/.

Tables: each row is an English writing and a French writing of the same value (they must read
equal), or of different values. The real-notice expectations were confirmed by reading both
versions side by side.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from linter import extract as X
from linter.extract.dates import same_date

from .conftest import shared


def values(find, text, lang):
    return [q.value for q in find(text, lang)]


# ------------------------------------------------------------------------------ amounts

@pytest.mark.parametrize("en, fr, expected", [
    ("$32,000 to $38,000", "32 000 $ à 38 000 $", [Decimal(32000), Decimal(38000)]),
    ("a salary of $32,000 to $38,000 depending", "salaire de 32 000$ à 38 000$, selon", [Decimal(32000), Decimal(38000)]),
    ("$28.85 per hour", "28,85 $ de l'heure", [Decimal("28.85")]),
    ("$28.85/hour", "28,85 $/heure", [Decimal("28.85")]),
    ("paid $23 an hour", "payé 23$ de l'heure", [Decimal(23)]),
    ("salary of $38,000", "salaire de 38 000$", [Decimal(38000)]),
    ("5,043.00Euro (EUR)", "5 043,00Euro (EUR)", [Decimal("5043.00")]),
    ("CHF 1'000.00", "1'000,00 CHF", [Decimal("1000.00")]),
])
def test_amounts_read_equal_in_both_languages(en, fr, expected):
    assert values(X.find_amounts, en, "en") == expected
    assert values(X.find_amounts, fr, "fr") == expected


# ------------------------------------------------------------------------------ dates

@pytest.mark.parametrize("en, fr", [
    ("June 24th, 2013", "24 juin 2013"),
    ("May 10, 2014", "10 mai 2014"),
    ("2021-07-12", "12 juillet 2021"),
    ("05-Jan-2025", "05-janv.-2025"),
    ("April - December 2024", "avril à décembre 2024"),
    ("December 25-December 31st", "du 25 au 31 décembre"),
])
def test_dates_read_equal_in_both_languages(en, fr):
    a, b = values(X.find_dates, en, "en"), values(X.find_dates, fr, "fr")
    assert a and len(a) == len(b)
    assert all(same_date(x, y) for x, y in zip(a, b)), (a, b)


def test_partial_dates_and_ranges():
    assert values(X.find_dates, "from April - December 2024", "en") == [(2024, 4, None), (2024, 12, None)]
    assert values(X.find_dates, "la semaine du 25 au 31 décembre", "fr") == [(None, 12, 25), (None, 12, 31)]
    assert values(X.find_dates, "Contract from April - December 2024", "en")[1] != (2024, 11, None)
    assert same_date(dt.date(2024, 12, 25), (None, 12, 25)) and not same_date(dt.date(2024, 12, 26), (None, 12, 25))
    # "may" and "march" in lower case are words, not months
    assert values(X.find_dates, "you may 3 times", "en") == []
    # the year of a range is not a count
    assert values(X.find_numbers, "Contract from April - December 2024, with", "en") == []


# ------------------------------------------------------------------------------ times, durations, counts

@pytest.mark.parametrize("en, fr, expected", [
    ("11:59 p.m.", "23 h 59", dt.time(23, 59)),
    ("23:59", "23:59", dt.time(23, 59)),
    ("11:59:00 PM", "23:59:00", dt.time(23, 59)),
    ("midnight", "minuit", dt.time(0, 0)),
])
def test_times(en, fr, expected):
    assert values(X.find_times, en, "en") == [expected]
    assert values(X.find_times, fr, "fr") == [expected]


@pytest.mark.parametrize("en, fr, value, unit", [
    ("3 weeks of vacation", "3 semaines de vacances", 3, "week"),
    ("a 6-month probationary period", "une période probatoire de 6 mois", 6, "month"),
    ("36 hours per week", "36 heures par semaine", 36, "hour"),
    ("37.5 hours/week", "37,5 h/semaine", Decimal("37.5"), "hour"),
    ("three years", "trois ans", 3, "year"),
])
def test_durations(en, fr, value, unit):
    for text, lang in ((en, "en"), (fr, "fr")):
        got = X.find_durations(text, lang)
        assert [(q.value, q.unit) for q in got] == [(value, unit)], (text, got)


@pytest.mark.parametrize("en, fr, value", [
    ("four other members", "quatre autres membres", 4),
    ("providing 6 tips", "proposant six conseils", 6),
])
def test_counts_in_digits_or_words(en, fr, value):
    assert values(X.find_numbers, en, "en") == [value]
    assert values(X.find_numbers, fr, "fr") == [value]


@pytest.mark.parametrize("text, lang, expected", [
    ("Unit 6 South, 21st floor, 2nd and 3rd rounds, the 4th", "en", [21, 2, 3, 4]),
    ("the first step, the twenty-first century, the fourth year", "en", [1, 21, 4]),
    ("unité 6e Sud, 1re année, 2ème tour, 3eme, 2nde, 6ᵉ étage", "fr", [6, 1, 2, 3, 2, 6]),
    ("le premier échelon, la première fois, la deuxième, le vingt-et-unième", "fr", [1, 1, 2, 21]),
    ("with both months of health growth, a 3D model", "en", []),  # words ending in -th, no ordinal suffix
    ("le 1er mai 2027", "fr", []),  # inside a date
])
def test_ordinals_in_digits_or_words(text, lang, expected):
    assert values(X.find_ordinals, text, lang) == expected
    got = X.find_ordinals(text, lang)
    assert all(text[q.start:q.end] == q.text and q.kind == "ordinal" for q in got)
    # not counts: no number is read in them ("twenty-first" is not 20)
    assert not any(n.start < q.end and q.start < n.end for q in got for n in X.find_numbers(text, lang))


def test_percentages():
    assert values(X.find_percentages, "50% of the time", "en") == [50]
    assert values(X.find_percentages, "50 % du temps", "fr") == [50]
    assert values(X.find_percentages, "50 per cent", "en") == [50]


# ------------------------------------------------------------------------------ codes, phones

@pytest.mark.parametrize("text, expected", [
    ("classified as an IT-01 in the group", [("IT1",)]),
    ("classé AS-02 dans le groupe", [("AS2",)]),
    ("EX-05 and PM-04", [("EX5",), ("PM4",)]),
    ("a P-4 post", [("P4",)]),
    ("NATO Grade G17-G20", [("G17", "G20")]),
    ("grades G8 à G10", [("G8", "G10")]),
    ("A2/A3", [("A2", "A3")]),
    ("COVID-19 and A4 paper", []),
])
def test_classification_codes(text, expected):
    assert values(X.find_codes, text, "en") == expected


def test_phone_numbers():
    assert values(X.find_phones, "Call +1 613 555 0100.", "en") == ["6135550100"]
    assert values(X.find_phones, "Appelez le 613-555-0100.", "fr") == ["6135550100"]
    assert values(X.find_phones, "(613) 555-0100", "en") == ["6135550100"]


# ------------------------------------------------------------------------------ links and e-mails

@pytest.mark.parametrize("en, fr, verdict", [
    # language markers
    ("http://www.nato.int/cps/en/natolive/recruit-hq-e.htm", "http://www.nato.int/cps/fr/natolive/recruit-hq-e.htm", "same"),
    ("https://docs.microsoft.com/en-us/azure", "https://docs.microsoft.com/fr-ca/azure", "same"),
    ("https://www.tbs-sct.canada.ca/agreements-conventions/view-visualiser-eng.aspx?id=15",
     "https://www.tbs-sct.canada.ca/agreements-conventions/view-visualiser-fra.aspx?id=15", "same"),
    ("https://x.ca/jobs?lang=en", "https://x.ca/jobs?lang=fr", "same"),
    ("https://x.ca/page-e.html", "https://x.ca/page-f.html", "same"),
    # twin pages: translated slugs, per-language hosts, fragments
    ("https://www.canada.ca/en/public-health/services/diseases/covid-alert.html",
     "https://www.canada.ca/fr/sante-publique/services/maladies/alerte-covid.html", "twin"),
    ("https://digital.canada.ca/our-values/", "https://numerique.canada.ca/nos-valeurs/", "twin"),
    ("https://digital.canada.ca/statement-of-merit-criteria-ex5/", "https://numerique.canada.ca/enonce-des-criteres-de-merite-ex5/", "twin"),
    ("http://en.wikipedia.org/wiki/Social_enterprise", "http://fr.wikipedia.org/wiki/%C3%89conomie_sociale", "twin"),
    ("https://covid-benefits.alpha.canada.ca/en/start", "https://covid-prestations.alpha.canada.ca/fr/debut", "twin"),
    ("https://www.canada.ca/en/tbs/pay/rates-pay.html#Toc476385558", "https://www.canada.ca/fr/sct/remuneration/taux.html#rates-ex", "twin"),
    # slips: one character, another id, another file type, another suffix
    ("http://www.nato.int/cps/en/natolive/recruit-hq-e.htm", "http://www.nato.int/cps/fr/natolive/recruit-hg-e.htm", "typo"),
    ("www.nato.int/recruitment", "www.nato.int/recruitement", "typo"),
    ("https://www.tbs-sct.canada.ca/agreements-conventions/view-visualiser-eng.aspx?id=15",
     "https://www.tbs-sct.canada.ca/agreements-conventions/view-visualiser-fra.aspx?id=16", "typo"),
    ("https://www.canada.ca/en/public-health/covid-alert.html", "https://www.canada.ca/fr/sante-publique/alerte-covid.htm", "typo"),
    ("http://www.opennorth.ca/", "http://www.nordouvert.xa/", "typo"),
])
def test_link_verdicts(en, fr, verdict):
    assert X.compare_urls(en, fr) == verdict


def test_hosts_and_mailboxes_learned_from_the_notice():
    hosts = X.learn_hosts([("http://www.opennorth.ca/team/", "http://www.nordouvert.ca/equipe/"),
                           ("http://www.citizenbudget.com/", "http://budgetcitoyen.com"),
                           ("https://represent.opennorth.ca/", "https://represent.opennorth.ca/")])
    assert hosts["opennorth.ca"] == "nordouvert.ca" and hosts["citizenbudget.com"] == "budgetcitoyen.com"
    assert X.compare_urls("https://represent.opennorth.ca/", "https://represent.opennorth.ca/", hosts=hosts) == "same"
    assert X.compare_urls("http://www.opennorth.ca/", "http://www.nordouvert.ca/", hosts=hosts) == "same"
    assert X.compare_urls("http://citizenbudget.con/", "http://budgetcitoyen.com", hosts=hosts) == "typo"
    assert X.compare_emails("info@opennorth.ca", "info@nordouvert.ca", hosts) == "twin"
    assert X.compare_emails("info@opennorth.ca", "infos@nordouvert.ca", hosts) == "typo"
    assert X.compare_emails("info@opennorth.ca", "info@nordouvert.ca", {}) == "typo"


def test_markdown_link_target_is_not_glued_to_its_text():
    # a target that repeats its anchor text is one link (read from the anchor, as a reader reads it)
    urls = [q.value for q in X.find_urls("[www.opennorth.ca](http://www.opennorth.ca/)")]
    assert urls == ["www.opennorth.ca"]
    urls = [q.value for q in X.find_urls("[our site](http://www.opennorth.ca/) and www.x.ca")]
    assert urls == ["http://www.opennorth.ca", "www.x.ca"]


# ------------------------------------------------------------------------------ the real notices

MORE = ("cds-admin-officer-2023", "cds-ceo-2022", "cds-localization-specialist-2024", "lehub-quebec-lead-2024",
        "opennorth-marketing-lead-2013", "tonic-assistant-to-management-2025")

# (notice, line, English text, line, French text): values that agree, read from both versions
AGREE = [
    ("opennorth-marketing-lead-2013", 3, "June 24th, 2013", 3, "24 juin 2013"),
    ("opennorth-marketing-lead-2013", 38, "$32,000 to $38,000", 38, "32 000$ à 38 000$"),
    ("lehub-quebec-lead-2024", 7, "$28.85 per hour", 7, "28,85 $ de l'heure"),
    ("lehub-quebec-lead-2024", 5, "April - December 2024", 6, "avril à décembre 2024"),
    ("cds-localization-specialist-2024", 14, "IT-03", 14, "IT-03"),
    ("cds-admin-officer-2023", 7, "four other members", 7, "quatre autres membres"),
    ("tonic-assistant-to-management-2025", 32, "37.5 hours/week", 32, "37,5 h/semaine"),
]


@pytest.mark.parametrize("name, en_line, en, fr_line, fr", AGREE, ids=lambda v: v if isinstance(v, str) else None)
def test_real_values_are_on_their_lines_and_read_equal(name, en_line, en, fr_line, fr):
    folder = shared("notices-more")
    en_text = (folder / f"{name}.en.txt").read_text("utf-8").split("\n")[en_line - 1]
    fr_text = (folder / f"{name}.fr.txt").read_text("utf-8").split("\n")[fr_line - 1]
    assert en in en_text and fr in fr_text

    def typed(text, lang):
        return [(q.kind, q.value) for q in X.find_all(text, lang) if q.kind not in ("number",) or not
                any(d.start <= q.start < d.end for d in X.find_durations(text, lang))]

    a, b = typed(en, "en"), typed(fr, "fr")
    assert a and len(a) == len(b)
    for (ka, va), (kb, vb) in zip(a, b):
        assert ka == kb and (va == vb or (ka == "date" and same_date(va, vb))), (a, b)


# Real inconsistencies, confirmed by reading both versions (rule, en line, fr line); the NL2xx
# facts, links and e-mails of these notices otherwise agree: twin pages and per-language
# mailboxes are not findings.
REAL = {
    "cds-ceo-2022": {("NL303", 41, 35)},  # the bilingual-imperative bullet is in the English only
    "cds-localization-specialist-2024": {("NL404", 4, 3)},  # untranslated English in the French (FR 3-6): one stretch
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
def test_real_notice_mutants_are_found_at_their_line(name, side, old, new, code, rules_only, tmp_path):
    folder = shared("notices-more")
    texts = {s: (folder / f"{name}.{s}.txt").read_text("utf-8") for s in ("en", "fr")}
    line = next(i for i, ln in enumerate(texts[side].split("\n"), 1) if old in ln)
    texts[side] = texts[side].replace(old, new, 1)
    for s, t in texts.items():
        (tmp_path / f"n.{s}.txt").write_text(t, "utf-8")
    r = rules_only.lint(str(tmp_path / "n.en.txt"), str(tmp_path / "n.fr.txt"))
    hits = [d for d in r.diagnostics if d.rule == code and getattr(d, side) and getattr(d, side).line == line]
    assert hits, [f"{d.rule} {d.message}" for d in r.diagnostics]
