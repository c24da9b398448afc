"""How reports read: the concise lines of logs and pipes, the side-by-side view of a terminal, hints, notes."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.snippet import clip

from .conftest import EXAMPLES, good_pair_with_salary_changed

runner = CliRunner()
RULES = EXAMPLES / "rules"
BAD = RULES / "NL101-salary-mismatch" / "bad.md"
URL = RULES / "NL206-url-mismatch" / "bad.md"
GOOD = EXAMPLES / "good.md"
HEAD = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>NL\d{3}) (?P<sev>error|warning|info) (?P<msg>.+) \[(?P<name>[a-z-]+)\]$")


def check(*args):
    return runner.invoke(app, ["check", "--no-embeddings", *map(str, args)])


# -- concise: one line per finding, never wrapped ----------------------------------------------------

@pytest.mark.parametrize("fmt", [None, "concise", "text"])
def test_piped_report_is_one_line_per_finding_with_indented_sides(fmt):
    """Piped (CliRunner is no terminal), `text` and `concise` give the same plain lines."""
    r = check(*(["--format", fmt] if fmt else []), BAD)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    # A combined file: where its versions were split, said once above its findings.
    assert lines.pop(0) == f"{BAD}: English first, French from line 46 (split where the two halves align best)"
    m = HEAD.match(lines[0])
    assert m and (m["path"], m["line"], m["col"], m["code"], m["sev"], m["name"]) == (
        str(BAD), "11", "21", "NL101", "error", "salary-mismatch"), lines[0]
    assert lines[1] == "    EN line 11:21  6,204.10Euro (EUR)"
    assert lines[2] == "    FR line 56:26  6 240,10Euro (EUR)"
    assert lines[3].startswith("    fix: ")
    assert "\x1b[" not in r.stdout  # no colour codes in a log


def test_concise_never_wraps_a_value_or_a_url():
    """Every message and every URL of the JSON report stands whole on one line of the concise report."""
    files = [p for p in sorted(RULES.glob("*/bad.md"))]
    doc = json.loads(check("--format", "json", *files).stdout)
    out = check("--format", "concise", *files).stdout.splitlines()
    heads = [ln for ln in out if HEAD.match(ln)]
    diags = [d for f in doc["files"] for d in f["diagnostics"]]
    assert len(heads) == len(diags) > 20
    for d in diags:
        assert any(f" {d['rule']} {d['severity']} {d['message']} [{d['name']}]" in ln for ln in heads), d["message"]
    for url in ("https://www.nato.int/cps/en/natolive/recruit-hq-e.htm", "https://www.nato.int/cps/fr/natolive/recruit-hg-e.htm"):
        assert any(url in ln for ln in out)
    assert max(map(len, out)) > 120  # long lines stay long: the log viewer wraps, not us


def test_concise_names_the_other_file_for_a_pair(tmp_path):
    en, fr = good_pair_with_salary_changed(tmp_path)
    out = runner.invoke(app, ["check", "--no-embeddings", "--en", str(en), "--fr", str(fr)]).stdout.splitlines()
    assert out[0].startswith(f"{en}:11:") and out[1].startswith("    EN line 11:")
    assert out[2].startswith(f"    FR {fr}:11:")


def test_summary_line_and_rules_only_note():
    r = check(BAD, GOOD)
    out = r.stdout.splitlines()
    from rules import all_rules

    off = [r.code for r in all_rules() if r.needs_embeddings]
    assert {"NL401", "NL402", "NL403", "NL405"} <= set(off)
    note = f"similarity checks {', '.join(off)} not run: --no-embeddings"
    assert f"{GOOD}: no inconsistencies found ({note})" in out
    assert "Found 1 error in 2 files." in out and out[-1] == f"note: {note}"
    r = check("--select", "NL1", GOOD)  # the similarity checks were not asked for: nothing to say
    assert r.stdout.splitlines()[1:] == [f"{GOOD}: no inconsistencies found", "No inconsistencies found in 1 file."]


def test_an_error_is_printed_once_on_stderr(tmp_path):
    missing = tmp_path / "missing.txt"
    r = check(missing, GOOD)
    assert r.exit_code == 2
    assert [ln for ln in r.stderr.splitlines() if ln] == [f"noticelint: error: {missing}: no such file"]
    assert str(missing) not in r.stdout and "could not be linted" in r.stdout


@pytest.mark.parametrize("fmt", ["html", "json", "sarif"])
def test_output_file_says_where_it_wrote(fmt, tmp_path):
    out = tmp_path / f"r.{fmt}"
    r = check("--format", fmt, "-o", out, BAD)
    assert r.exit_code == 1 and r.stdout == "" and out.is_file()
    assert r.stderr.splitlines() == [f"noticelint: wrote the {fmt} report to {out}"]


# -- the terminal view --------------------------------------------------------------------------------

def _terminal(paths, width=100):
    """The rich side-by-side report as a terminal of `width` columns gets it (colour codes stripped)."""
    import io

    from rich.console import Console

    from linter.config import Config
    from linter.engine import Linter
    from linter.report.text import render_text

    linter = Linter(Config(embeddings=False))
    buf = io.StringIO()
    render_text([linter.lint(str(p)) for p in paths], Console(file=buf, width=width, force_terminal=False,
                                                                 highlight=False))
    return buf.getvalue()


def test_terminal_view_is_side_by_side_and_leaks_no_markup():
    out = _terminal([BAD, RULES / "NL108-location-mismatch" / "bad.md", RULES / "NL208-acronym-mismatch" / "bad.md"],
                    width=200)
    row = next(ln for ln in out.splitlines() if "EN line 11:21" in ln)
    assert "FR line 56:26" in row  # both sides on one row
    assert "[tool.noticelint.rules.location-mismatch]" in out and "\\[" not in out
    # The acronym hint names where to declare the pair, as the file spells it.
    assert re.search(r'declare it: \[tool\.noticelint\.rules\.acronym-mismatch\] pairs = \["[A-Z]+ = [A-Z]+"\]', out), out


def test_cli_uses_the_terminal_view_only_on_a_terminal(monkeypatch):
    from linter import cli

    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    r = check(BAD)
    assert "noticelint summary" in r.stdout and not HEAD.match(r.stdout.splitlines()[0])
    r = check("--format", "concise", BAD)
    assert HEAD.match(r.stdout.splitlines()[1])


# -- snippets ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, limit, expected", [
    ("Applicants living with disabilities are encouraged to apply", 30, "Applicants living with…"),
    ("Connaissance des langues (anglais/français) requise", 38, "Connaissance des langues…"),
    ("short enough", 40, "short enough"),
    ("https://www.nato.int/cps/en/natolive/recruit-hq-e.htm", 20, "https://www.nato.in…"),
    ("two\n  lines", 40, "two lines"),
])
def test_clip_cuts_at_a_word_boundary(text, limit, expected):
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit


def test_no_quote_in_a_report_ends_inside_a_word():
    """Every "…" of the report follows a whole word of the notice text it quotes."""
    files = sorted(RULES.glob("*/bad.md"))
    words = {w for p in files for w in re.findall(r"\w+", p.read_text("utf-8"))}
    out = check("--format", "concise", *files).stdout
    cuts = re.findall(r"(\w+)…", out)
    assert cuts and all(w in words for w in cuts), [w for w in cuts if w not in words]


def test_github_annotation_goes_on_the_side_the_defect_is_in(tmp_path):
    """English left in the French: the annotation is on the French line; a number in the French only too."""
    r = check("--format", "github", RULES / "NL404-wrong-language" / "bad.md")
    (line,) = [ln for ln in r.stdout.splitlines() if "NL404" in ln and not ln.startswith("::debug::")]
    assert ",line=81," in line and line.endswith("(English: line 36)")
    text = GOOD.read_text("utf-8")
    fr_at = text.index("Analyste")
    para = text.index("\n\n", text.index("La Section", fr_at))
    p = tmp_path / "extra.md"
    p.write_text(text[:para] + " Elle compte 12 personnes." + text[para:], "utf-8")
    r = check("--format", "github", p)
    (line,) = [ln for ln in r.stdout.splitlines() if "NL205" in ln and not ln.startswith("::debug::")]
    fr_line = text[:para].count("\n") + 1
    assert f",line={fr_line}," in line and "(English: line" in line, line


# -- hints --------------------------------------------------------------------------------------------

def _diag(path, code):
    doc = json.loads(check("--format", "json", path).stdout)
    return next(d for f in doc["files"] for d in f["diagnostics"] if d["rule"] == code)


def test_salary_hint_both_ways_in_each_sides_own_style_and_message_says_each_value_once():
    d = _diag(BAD, "NL101")
    assert d["message"] == "salary differs: English 6,204.10Euro (EUR), French 6 240,10Euro (EUR)"
    assert d["suggestion"] == ("if the English is right, write 6 204,10Euro (EUR) in the French; "
                               "if the French is right, write 6,240.10Euro (EUR) in the English")


def test_url_hint_offers_each_side_the_other_url_in_its_own_localisation():
    d = _diag(URL, "NL206")
    assert d["suggestion"] == (
        "if the English is right, use https://www.nato.int/cps/fr/natolive/recruit-hq-e.htm in the French; "
        "if the French is right, use https://www.nato.int/cps/en/natolive/recruit-hg-e.htm in the English")


@pytest.mark.parametrize("code, fr_fix, en_fix", [
    ("NL105", "15-mars-2026", "16-Mar-2026"),
    ("NL106", "23:59:00", "12:00:00 PM"),
    ("NL109", "'Temps plein'", "'Part-time'"),
    ("NL110", "'NS'", "'NC'"),  # each side writes the code: the fix is the code, not the vocabulary's first spelling
    # Facts in the text: each value as the side it goes into writes its own (currency place, date and time
    # shape, percent spacing, phone layout), not "check which is right".
    ("NL210", "38 000 $", "$36,000"),
    ("NL211", "13 juillet 2021", "2021-07-12"),
    ("NL212", "23 h 59", "10:59 p.m."),
    ("NL213", "IT-01", "IT-02"),
    ("NL214", "50 %", "40%"),
    ("NL215", "613-555-0100", "+1 613 555 0101"),
    # Counts in the text: a count in words written back in words, digits in digits, a level's own quotes kept.
    ("NL201", "'2'", "'3'"),
    ("NL202", "'trois ans'", "'4 years'"),
    ("NL204", "II (« élémentaire »)", 'I ("Elementary")'),
])
def test_other_hints_go_both_ways(code, fr_fix, en_fix):
    d = _diag(next(RULES.glob(f"{code}-*")) / "bad.md", code)
    assert d["suggestion"] == f"if the English is right, write {fr_fix} in the French; if the French is right, write {en_fix} in the English"


def test_reports_hint_writes_none_as_that_side_does(tmp_path):
    text = (RULES / "NL201-reports-mismatch" / "bad.md").read_text("utf-8")
    p = tmp_path / "reports.md"
    p.write_text(text.replace("Direct reports: 2", "Direct reports: N/A", 1), "utf-8")
    d = _diag(p, "NL201")
    assert d["suggestion"] == "if the English is right, write 'sans objet' in the French; if the French is right, write '3' in the English"


@pytest.mark.parametrize("en, fr, fr_fix, en_fix", [
    ("NATO SECRET", "OTAN CONFIDENTIEL", "'OTAN SECRET'", "'NATO CONFIDENTIAL'"),  # the French's "OTAN" kept
    ("NS", "NATO CONFIDENTIEL", "'NATO SECRET'", "'NC'"),
    ("Enhanced Reliability", "fiabilité", "'fiabilité approfondie'", "'Reliability'"),  # its letter case
])
def test_clearance_hint_in_each_sides_own_spelling(tmp_path, en, fr, fr_fix, en_fix):
    text = (RULES / "NL110-clearance-mismatch" / "bad.md").read_text("utf-8")
    text = text.replace("Clearance Level: NS", f"Clearance Level: {en}", 1)
    text = text.replace("Niveau de l'habilitation de sécurité : NC", f"Niveau de l'habilitation de sécurité : {fr}", 1)
    p = tmp_path / "clearance.md"
    p.write_text(text, "utf-8")
    d = _diag(p, "NL110")
    assert d["suggestion"] == f"if the English is right, write {fr_fix} in the French; if the French is right, write {en_fix} in the English"


@pytest.mark.parametrize("en, fr, fr_fix, en_fix", [
    ("in April 2026", "en mai 2026", "avril 2026", "May 2026"),  # a month and a year, each side's month name
    ("by December 1st", "d'ici le 15 décembre", "1er décembre", "December 15th"),  # a day without a year
])
def test_partial_date_hint_in_each_sides_own_words(tmp_path, en, fr, fr_fix, en_fix):
    p = tmp_path / "partial-date.md"
    p.write_text(f"# Policy Analyst\n\nThe assignment starts {en} in our Ottawa office, with a team of four analysts.\n\n"
                 f"# Analyste des politiques\n\nL'affectation commence {fr} dans notre bureau d'Ottawa, avec une équipe "
                 "de quatre analystes.\n", "utf-8")
    d = _diag(p, "NL211")
    assert d["suggestion"] == f"if the English is right, write {fr_fix} in the French; if the French is right, write {en_fix} in the English"


@pytest.mark.parametrize("value, lang, like, expected", [
    ((2026, 4, None), "fr", "mai 2026", "avril 2026"),
    ((None, 5, 3), "en", "April 25th", "May 3rd"),
    ((None, 5, 1), "fr", "25 avril", "1er mai"),
    ((None, 2, 29), "en", "March 3", "February 29"),
    ((2026, 4, None), "fr", "3 mai", "avril 2026"),  # the example gives a day, the date a year: Babel's own shape
    ((None, 4, 3), "en", None, "April 3"),
])
def test_format_partial_date(value, lang, like, expected):
    from linter.extract import format_date

    assert format_date(value, lang, like=like) == expected


@pytest.mark.parametrize("url, like, lang, expected", [
    ("https://www.nato.int/cps/en/natolive/recruit-hq-e.htm", "https://www.nato.int/cps/fr/natolive/recruit-hg-e.htm", "fr",
     "https://www.nato.int/cps/fr/natolive/recruit-hq-e.htm"),
    ("https://x.gc.ca/fra/page-fra.html?lang=fr", "https://x.gc.ca/eng/pages-eng.html?lang=en", "en",
     "https://x.gc.ca/eng/page-eng.html?lang=en"),
    ("https://example.org/jobs", "https://example.org/emplois", "fr", "https://example.org/jobs"),  # nothing to localise
])
def test_localise_url_like(url, like, lang, expected):
    from rules.common import localise_url_like

    assert localise_url_like(url, like, lang) == expected


def test_html_renders_markdown_links_and_links_each_finding_to_the_next(tmp_path):
    text = (RULES / "NL206-url-mismatch" / "bad.md").read_text("utf-8")
    p = tmp_path / "links.md"
    p.write_text(text.replace("The incumbent", "See [the recruitment site](https://www.nato.int/cps/en/natolive/82705.htm). The incumbent", 1)
                 .replace("6,204.10", "6,240.10", 1), "utf-8")
    out = tmp_path / "r.html"
    r = check("--format", "html", "-o", out, p)
    page = out.read_text("utf-8")
    assert r.exit_code == 1 and '<a class="link" href="https://www.nato.int/cps/en/natolive/82705.htm"' in page
    assert ">the recruitment site</a>" in page and "](https://www.nato.int/cps/en/natolive/82705.htm)" not in page
    ids = re.findall(r'<li class="[a-z]+ finding" id="(f\d+-d\d+)"', page)
    assert len(ids) >= 2
    assert f'class="next" href="#{ids[1]}"' in page and f'class="prev" href="#{ids[0]}"' in page
    assert "addEventListener('keydown'" in page
