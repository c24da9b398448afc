"""One fact changed on one side of a real notice: flagged at the changed line, and nothing else new.

Each mutation is a regular expression applied once inside one language version of a real notice
(the same edits a drafter makes by mistake); the test lints the original and the changed file
with rules only and compares.
"""

from __future__ import annotations

import re

import pytest

from linter.config import Config
from linter.engine import Linter
from linter.read import read_source
from linter.segment import URL_ONLY
from linter.split import split

from .conftest import NOTICES, absent

# (id, side, pattern, replacement, expected rule codes)
MUTATIONS = [
    ("salary-en", "en", r"(Salary[^\n]*?\d)(\d)(\.\d\d)", lambda m: m[1] + str((int(m[2]) + 1) % 10) + m[3], {"NL101"}),
    ("salary-fr", "fr", r"(Salaire[^\n]*?\d)(\d)(,\d\d)", lambda m: m[1] + str((int(m[2]) + 1) % 10) + m[3], {"NL101"}),
    ("currency-fr", "fr", r"Euro \(EUR\)", "Dollar (USD)", {"NL102"}),
    ("pay-basis-en", "en", r"\bMonthly\b", "Yearly", {"NL103"}),
    ("pay-basis-fr", "fr", r"\bMensuelle\b", "Annuelle", {"NL103"}),
    ("grade-en", "en", r"(NATO Grade G)(\d+)", lambda m: m[1] + str(int(m[2]) + 1), {"NL104"}),
    ("grade-fr", "fr", r"(NATO Grade G)(\d+)", lambda m: m[1] + str(int(m[2]) + 1), {"NL104"}),
    ("date-en", "en", r"(Deadline: ?)(\d\d)", lambda m: m[1] + f"{int(m[2]) % 27 + 1:02d}", {"NL105"}),
    ("date-fr", "fr", r"(retrait : ?)(\d\d)", lambda m: m[1] + f"{int(m[2]) % 27 + 1:02d}", {"NL105"}),
    ("time-en", "en", r"11:59:00 PM", "10:59:00 PM", {"NL106"}),
    ("time-fr", "fr", r"23:59:00", "12:00:00", {"NL106"}),
    ("post-en", "en", r"(\d{5})(\d)(\)?\s*\n)", lambda m: m[1] + str((int(m[2]) + 1) % 10) + m[3], {"NL107"}),
    ("post-fr", "fr", r"(\d{5})(\d)(\)?\s*\n)", lambda m: m[1] + str((int(m[2]) + 1) % 10) + m[3], {"NL107"}),
    ("location-en", "en", r"Belgium-Brussels", "Belgium-Mons", {"NL108"}),
    ("location-fr", "fr", r"Belgique-Bruxelles", "Pays-Bas-La Haye", {"NL108"}),
    ("schedule-en", "en", r"Full-time", "Part-time", {"NL109"}),
    ("schedule-fr", "fr", r"Temps plein", "Temps partiel", {"NL109"}),
    ("clearance-en", "en", r"(Clearance Level:? )NS", r"\1NC", {"NL110"}),
    ("clearance-fr", "fr", r"(sécurité:? )NS", r"\1CTS", {"NL110"}),
    ("reports-en", "en", r"(Direct reports: )(N/[Aa]|\d+)", r"\g<1>4", {"NL201"}),
    ("reports-fr", "fr", r"(indirect\(e\)s : )(sans objet|\d+)", r"\g<1>2", {"NL201"}),
    ("experience-en", "en", r"(have (?:at least )?)(\d)( years)", lambda m: m[1] + str(int(m[2]) + 1) + m[3], {"NL202"}),
    ("experience-fr", "fr", r"(avoir (?:au moins )?)(deux|2|six|quatre)( ans)", lambda m: m[1] + {"deux": "trois", "2": "3", "six": "sept", "quatre": "cinq"}[m[2]] + m[3], {"NL202"}),
    ("duration-en", "en", r"(The maximum period of service in the post as a seconded staff member is )six", r"\1five", {"NL203"}),
    ("duration-fr", "fr", r"(la durée de service d'un agent détaché n'excède pas )six", r"\1huit", {"NL203"}),
    ("level-en", "en", r"\bV (\(.Advanced.\))", r"IV \1", {"NL204"}),
    ("level-fr", "fr", r"(le niveau )(I|II)( \(« )", lambda m: m[1] + ("II" if m[2] == "I" else "III") + m[3], {"NL204"}),
    ("url-fr", "fr", r"recruit-hq-e\.htm", "recruit-hg-e.htm", {"NL206"}),
    ("url-en", "en", r"www\.nato\.int/recruitment", "www.nato.int/recruitement", {"NL206"}),
    ("count-en", "en", r"providing 6 tips", "providing 5 tips", {"NL205"}),
    ("count-fr", "fr", r"proposant six conseils", "proposant sept conseils", {"NL205"}),
    ("acronym-en", "en", r"\(OCIO\)", "(OICO)", {"NL208"}),
    ("acronym-fr", "fr", r"\(OCIO\)", "(BCIO)", {"NL208"}),
]


def _apply(text: str, side: str, pattern: str, repl, halves_cut: int):
    """Apply the edit once inside one version; return the new text and the changed line, or None."""
    region = (0, halves_cut) if side == "en" else (halves_cut, len(text))
    rx = re.compile(pattern)
    pos = region[0]
    while True:
        m = rx.search(text, pos, region[1])
        if not m:
            return None
        line_text = text[text.rfind("\n", 0, m.start()) + 1: text.find("\n", m.end())]
        if not URL_ONLY.match(line_text):
            break
        pos = m.end()  # a PDF's dump of link targets is not the notice's text
    new = rx.sub(repl, text[m.start():m.end()], count=1)
    line = text.count("\n", 0, m.start()) + 1
    return text[:m.start()] + new + text[m.end():], line


def _cut(path) -> int:
    """Character offset where the French version starts."""
    src = read_source(path)
    h = split(src)
    first_fr = h.fr[0].number
    text = path.read_text("utf-8")
    return sum(len(x) + 1 for x in text.split("\n")[: first_fr - 1])


def _key(d):
    return (d.rule, d.en and d.en.line, d.fr and d.fr.line)


@pytest.fixture(scope="module")
def linter():
    return Linter(Config(embeddings=False))


CASES = [(n, m) for n in NOTICES for m in MUTATIONS]
IDS = [f"{n.name[:3]}-{m[0]}" for n, m in CASES]
if not CASES:  # a fresh clone: one skipped case saying why
    CASES, IDS = [pytest.param(None, None, marks=pytest.mark.skip(reason=absent("notices")))], ["no-shared"]


@pytest.mark.parametrize("notice,mutation", CASES, ids=IDS)
def test_one_fact_changed_is_flagged_at_its_line(notice, mutation, linter, tmp_path):
    mid, side, pattern, repl, expected = mutation
    text = notice.read_text("utf-8")
    applied = _apply(text, side, pattern, repl, _cut(notice))
    if applied is None:
        pytest.skip(f"{notice.name} has nothing for {mid} to change")
    new_text, line = applied
    if new_text == text:
        pytest.skip("no change")
    changed = tmp_path / notice.name
    changed.write_text(new_text, "utf-8")
    before = {_key(d) for d in linter.lint(str(notice)).diagnostics}
    after = linter.lint(str(changed)).diagnostics
    new = [d for d in after if _key(d) not in before]
    hits = [d for d in new if d.rule in expected and getattr(d, side) and getattr(d, side).line == line]
    assert hits, f"{mid} at line {line}: expected {expected}; new findings: " + \
        "; ".join(f"{d.rule} en:{d.en and d.en.line} fr:{d.fr and d.fr.line} {d.message}" for d in new)
    noise = [d for d in new if d not in hits and not (d.rule in expected or d.rule == "NL205")]
    assert not noise, "; ".join(f"{d.rule} en:{d.en and d.en.line} fr:{d.fr and d.fr.line} {d.message}" for d in noise)
