"""The severity policy (issue 21; rules/base.py SEVERITY_POLICY): written once and published, stated by
every rule's documentation, and kept by the findings: a finding that rests on "could not find" (a value
or block of one version whose counterpart the tool did not find, where it may have missed another
writing) is never an error; an error is a value read on both sides that differs, or a whole block absent."""

from __future__ import annotations

import re

import pytest

from linter.docs import rules_markdown
from rules import all_rules
from rules.base import SEVERITY_POLICY

from .conftest import EXAMPLES, NOTICES, ROOT, SHARED, facts_notice

SAYS = {"error": "an error", "warning": "a warning", "info": "info"}
# The wordings of a finding that rests on not finding a counterpart (rules/common.py differences, the
# header rules' "may differ" and "given in ... only", NL209's "is in the English only").
UNSURE = re.compile(r"^could not find |\bmay differ\b| is given in the (?:English|French) only\b"
                    r"|^(?:link|e-mail) \S+ is in the (?:English|French) only")


def _severity_paragraph(doc: str) -> str | None:
    m = re.search(r"^Severity(?: \([^)]*\))?: (.*?)(?:\n\n|\Z)", doc, re.M | re.S)
    return " ".join(m.group(1).split()) if m else None


def test_policy_is_written_once_and_published():
    assert "`error`" in SEVERITY_POLICY and "`warning`" in SEVERITY_POLICY and "`info`" in SEVERITY_POLICY
    assert SEVERITY_POLICY.rstrip() in rules_markdown()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "could not find" in readme and "never an error" in readme


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_says_which_findings_are_errors_and_why(rule):
    said = _severity_paragraph(rule.doc)
    assert said, f"{rule.code}: no 'Severity:' paragraph in its docstring"
    assert said.startswith(SAYS[str(rule.severity)]), (rule.code, rule.severity, said[:60])
    assert len(said.split()) >= 8, (rule.code, "say why", said)
    if rule.severity == "error" and "warning" not in said:
        # an error rule whose findings are all errors says what makes each sure (both values, a whole block)
        assert re.search(r"both|whole|read", said), (rule.code, said)


def _versions(en_fields: str, fr_fields: str) -> tuple[str, str]:
    return ("PROGRAMME OFFICER\n\n" + en_fields + "\n\n1. CONTEXT\n\nThe office helps the refugees of "
            "the region and the communities that host them, with the partners and the government.\n",
            "ADMINISTRATEUR DE PROGRAMME\n\n" + fr_fields + "\n\n1. CONTEXTE\n\nLe bureau aide les réfugiés de "
            "la région et les communautés qui les accueillent, avec les partenaires et le gouvernement.\n")


# (rule, English, French, suffix): a value (or field) of one version that the other does not state in a
# form the tool reads.
ONE_SIDED = [
    ("NL101", *_versions("Salary: USD 54,000 to USD 61,000", "Salaire : 54 000 USD"), ".txt"),
    ("NL103", *_versions("Salary: USD 54,000 per year", "Salaire : 54 000 USD"), ".txt"),
    ("NL105", *_versions("Closing date: 15 March 2027", "Date de clôture : à la mi-mars"), ".txt"),
    ("NL106", *_versions("Closing date: 15 March 2027, 11:59 p.m.", "Date de clôture : 15 mars 2027"), ".txt"),
    ("NL109", *_versions("Schedule: Flexible", "Horaire : Souple"), ".txt"),
    # the French header has lines of its own that may state the schedule in a way not read
    ("NL111", *_versions("Closing date: 15 March 2027\nSchedule: Full-time",
                         "Date de clôture : 15 mars 2027\nModalités : sur place\nÉquipe : petite"), ".txt"),
    ("NL202", *facts_notice("You have 5 years of experience in data analysis.",
                            "Vous avez de l'expérience en analyse de données."), ".md"),
    ("NL203", *facts_notice("This is a 3-year contract.", "Il s'agit d'un contrat à durée déterminée."), ".md"),
    ("NL204", *facts_notice("The position requires the profiles CBC and BBB in the second official language.",
                            "Le poste exige le profil BBB en langue seconde officielle."), ".md"),
    ("NL210", *facts_notice("A travel allowance of $500 is paid.", "Une indemnité de déplacement est versée."), ".md"),
    ("NL211", *facts_notice("The position starts on October 3, 2029.", "Le poste commence à l'automne."), ".md"),
    ("NL212", *facts_notice("Interviews start at 9:30 a.m. on Monday.", "Les entrevues commencent lundi matin."), ".md"),
    ("NL213", *facts_notice("The position is classified IT-03.", "Le poste est classé au niveau voulu."), ".md"),
    ("NL214", *facts_notice("You will spend 35% of your time on travel.",
                            "Vous passerez une partie de votre temps en déplacement."), ".md"),
    ("NL215", *facts_notice("Call 613-555-0199 for questions.", "Appelez-nous pour toute question."), ".md"),
]

# (rule, English, French, suffix): a value read on both sides that differs, or a whole field absent with
# nothing in the other header that could be it: an error.
BOTH_READ = [
    ("NL101", *_versions("Salary: USD 54,000", "Salaire : 56 000 USD"), ".txt"),
    ("NL106", *_versions("Closing date: 15 March 2027, 11:59 p.m.", "Date de clôture : 15 mars 2027, 22 h 59"), ".txt"),
    ("NL111", *_versions("Closing date: 15 March 2027\nSchedule: Full-time", "Date de clôture : 15 mars 2027"), ".txt"),
    ("NL204", *facts_notice("The position requires the profile CBC in the second official language.",
                            "Le poste exige le profil BBB en langue seconde officielle."), ".md"),
    ("NL210", *facts_notice("A travel allowance of $500 is paid.", "Une indemnité de déplacement de 600 $ est versée."),
     ".md"),
    ("NL213", *facts_notice("The position is classified IT-03.", "Le poste est classé IT-04."), ".md"),
]


@pytest.mark.parametrize("code, en, fr, suffix", ONE_SIDED, ids=[c[0] for c in ONE_SIDED])
def test_a_value_on_one_side_only_is_a_warning(lint_pair, code, en, fr, suffix):
    got = [d for d in lint_pair(en, fr, suffix=suffix).diagnostics if d.rule == code]
    assert got, f"{code} found nothing"
    assert all(str(d.severity) == "warning" for d in got), [(d.severity, d.message) for d in got]


@pytest.mark.parametrize("code, en, fr, suffix", BOTH_READ, ids=[c[0] for c in BOTH_READ])
def test_a_value_read_on_both_sides_that_differs_is_an_error(lint_pair, code, en, fr, suffix):
    got = [d for d in lint_pair(en, fr, suffix=suffix).diagnostics if d.rule == code]
    assert got and all(str(d.severity) == "error" for d in got), [(d.severity, d.message) for d in got]


def _inputs():
    """Every notice the tests may read, as lint() arguments: NATO files, notices-more pairs, examples."""
    out = [(str(p),) for p in NOTICES]
    more = SHARED / "notices-more"
    out += [(str(en), str(en).replace(".en.", ".fr.")) for en in sorted(more.glob("*.en.txt"))] if more.is_dir() else []
    out += [(str(p),) for p in sorted(EXAMPLES.rglob("*")) if p.suffix in (".md", ".txt") and p.name != "README.md"
            and "ci" not in p.parts]
    return out


def test_no_finding_that_rests_on_could_not_find_is_an_error(rules_only):
    """Rules only, on the real notices and every example: the wordings of an unfound counterpart are
    never errors (nor any finding of a rule whose Severity paragraph says it only warns)."""
    seen = 0
    for args in _inputs():
        for d in rules_only.lint(*args).diagnostics:
            if UNSURE.search(d.message):
                seen += 1
                assert str(d.severity) != "error", (args, d.rule, d.message)
    assert seen, "no finding of that kind at all: the wordings changed?"
