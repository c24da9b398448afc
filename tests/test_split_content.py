"""The split of a combined file is found by content and shown (issue 20, item 6).

The test notices under tests/data/split/ were written for these tests: a NATO-like plain-text notice whose
French labels differ from the English ones (`Heures :` for `Hours:`; main split it at line 3 and reported
9 false findings and none of its planted defects), the same French first, and a Markdown notice with a
language marker or a rule between its versions (the French leaving its first section untranslated).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.read import InputError, read_source
from linter.split import is_separator, split

from .conftest import ROOT, notice, schema

DATA = ROOT / "tests" / "data" / "split"
runner = CliRunner()


def first_text(lines) -> str:
    return next(ln.text for ln in lines if ln.text.strip())


def found(result) -> set[tuple[str, int | None, int | None]]:
    return {(d.rule, d.en and d.en.line, d.fr and d.fr.line) for d in result.diagnostics if d.severity >= 2}


# The three planted defects: the salary (98,450 against 89 450), the length of the written exercise (90
# against 60 minutes), and the "Data management" paragraph missing from the French (found with the model).
PLANTED = {"hydrologist.txt": {("NL101", 13, 63), ("NL205", 51, 99)},
           "hydrologist-fr-first.txt": {("NL101", 61, 13), ("NL205", 99, 49)}}


@pytest.mark.parametrize("name, first, second_line", [("hydrologist.txt", "en", 53), ("hydrologist-fr-first.txt", "fr", 51)])
def test_a_differing_french_label_does_not_move_the_split(name, first, second_line):
    h = split(read_source(DATA / name))
    assert (h.first, h.line, h.by, h.doubt) == (first, second_line, "content", None)
    assert first_text(h.en).startswith(("Senior Hydrologist", "VACANCY")) and first_text(h.fr).startswith(("Hydrologue", "VACANCY"))


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_defects_found_and_nothing_else_rules_only(name, rules_only):
    r = rules_only.lint(str(DATA / name))
    assert r.error is None and r.split is not None
    assert found(r) == PLANTED[name], [f"{d.rule} {d.message}" for d in r.diagnostics]


@pytest.mark.model
def test_planted_missing_paragraph_found_with_the_model(real_model_linter):
    r = real_model_linter.lint(str(DATA / "hydrologist.txt"))
    got = found(r)
    assert PLANTED["hydrologist.txt"] <= got
    assert ("NL401", 43, None) in got, got
    # Nothing a wrong split makes (sections, sub-headings or paragraphs missing, text in the wrong language),
    # and no other error. (NL406 gives an info about 'Senior Hydrologist' rendered as 'Le ou la titulaire'.)
    extra = got - PLANTED["hydrologist.txt"] - {("NL401", 43, None)}
    assert not [x for x in extra if x[0][:3] == "NL3" or x[0] in ("NL401", "NL404")], got
    assert not [d for d in r.diagnostics if d.severity == 3 and (d.rule, d.en and d.en.line, d.fr and d.fr.line) in extra], got


def test_separator_lines():
    for line in ("---", "* * *", "=====", "___", "English version follows", "Version française", "FRANÇAIS",
                 "— La version française suit —", "French version below:"):
        assert is_separator(line), line
    for line in ("", "Version", "The English version of the policy applies.", "- item", "-- ", "Français : C1"):
        assert not is_separator(line), line


def test_language_marker_between_the_versions(rules_only):
    h = split(read_source(DATA / "ux-writer.md"))
    assert (h.first, h.line, h.by) == ("fr", 29, "separator")
    assert first_text(h.en) == "# UX Writer" and all("version follows" not in ln.text for ln in h.fr)
    r = rules_only.lint(str(DATA / "ux-writer.md"))
    assert found(r) == set(), [d.message for d in r.diagnostics]


def test_rule_between_versions_among_rules_between_sections(rules_only):
    """`* * *` between the versions, `---` between the sections; the French leaves "Who we are" untranslated:
    it stays in the French (it matches the top of the English word for word) and is one NL404 finding."""
    h = split(read_source(DATA / "ux-writer-en-first.md"))
    assert (h.first, h.line, h.by) == ("en", 29, "separator")
    r = rules_only.lint(str(DATA / "ux-writer-en-first.md"))
    assert found(r) == {("NL404", 9, 37)}, [d.message for d in r.diagnostics]  # against the English heading it copies
    (d,) = r.diagnostics
    assert d.fr.end_line == 39 and "1 heading and 1 paragraph" in d.message


@pytest.mark.parametrize("nid, second", [("000", 171), ("001", 167), ("002", 500), ("003", 169)])
def test_nato_notices_split_where_they_did(nid, second):
    h = split(read_source(notice(nid)))
    assert (h.first, h.line, h.by, h.doubt) == ("en", second, "content", None)


def test_split_at_overrides_and_is_reported(tmp_path):
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", "--split-at", "53", str(DATA / "hydrologist.txt")])
    doc = json.loads(r.stdout)
    from jsonschema import validate

    validate(doc, schema())
    assert doc["files"][0]["split"] == {"line": 53, "first": "en", "second": "fr", "by": "option", "doubt": None}
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", "--split-at", "3", str(DATA / "hydrologist.txt")])
    doc = json.loads(r.stdout)
    f = doc["files"][0]
    assert f["split"]["line"] == 3 and f["split"]["doubt"]
    # In doubt: one NL304 finding, the structure cascade folded into it as notes.
    assert [d["rule"] for d in f["diagnostics"] if d["rule"][:3] in ("NL3", "NL4")] == ["NL304"]
    assert len(next(d for d in f["diagnostics"] if d["rule"] == "NL304")["notes"]) >= 5


def test_split_is_said_in_the_text_reports():
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "concise", str(DATA / "hydrologist.txt")])
    assert r.stdout.splitlines()[0] == (f"{DATA / 'hydrologist.txt'}: English first, French from line 53 "
                                        "(split where the two halves align best)")
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "concise", str(DATA / "ux-writer.md")])
    assert "French first, English from line 29 (split at the separator line)" in r.stdout.splitlines()[0]


@pytest.mark.parametrize("args, reason", [
    (["--split-at", "999"], "--split-at 999: not a line with text on both sides"),
    (["--split-at", "1"], "--split-at 1: not a line with text on both sides"),
    (["--split-at", "20", "--en", "a.txt", "--fr", "b.txt"], "--split-at LINE: give one file"),
])
def test_split_at_refusals_are_one_line_exit_2(args, reason):
    paths = [] if "--en" in args else [str(DATA / "hydrologist.txt")]
    r = runner.invoke(app, ["check", "--no-embeddings", *args, *paths])
    assert r.exit_code == 2
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and reason in err[0], r.stderr


def test_split_at_a_line_outside_the_file_is_an_input_error():
    with pytest.raises(InputError, match="--split-at 500"):
        split(read_source(DATA / "hydrologist.txt"), 500)


def test_every_report_says_where_a_combined_file_was_split():
    """Text and JSON say it in their own way (above); SARIF as a tool notification at the split line, GitHub in
    the debug log (an annotation only when the split is in doubt)."""
    path = str(DATA / "ux-writer-en-first.md")
    sarif = json.loads(runner.invoke(app, ["check", "--no-embeddings", "--format", "sarif", path]).stdout)
    (note,) = [n for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"] if n["descriptor"]["id"] == "split"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 29 and note["level"] == "note"
    gh = runner.invoke(app, ["check", "--no-embeddings", "--format", "github", path]).stdout.splitlines()
    assert any(ln.startswith("::debug::") and ":29: English first, French from line 29" in ln for ln in gh), gh
    doubt = runner.invoke(app, ["check", "--no-embeddings", "--format", "github", "--split-at", "3",
                                str(DATA / "hydrologist.txt")]).stdout.splitlines()
    assert any(ln.startswith("::notice ") and "line=3," in ln and "in doubt" in ln for ln in doubt), doubt
