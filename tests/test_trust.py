"""The trust benchmark (benchmarks/trust.py): its gold is valid, its matching is the one it documents, its
mutants are deterministic and change one value, and it skips cleanly without ../shared/.

The gold files (benchmarks/trust/gold/NAME.json) are checked against ../shared/corpus/ when it is there:
schema, split, line counts, ranges within the files, quoted texts on the lines they name. Matching
and adding up are checked on small synthetic gold; the mutants on examples/good.md. No test runs the
benchmark over the real notices (it takes minutes).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks import trust_mutants as M
from benchmarks.realnotices import (GOLD_DIR, Defect, Gold, Input, gold_files, gold_from_json, gold_problems,
                                    nato_gold, split_info, trust_inputs)
from benchmarks.trust import main as trust_main
from benchmarks.trust_score import Found, Verdicts, at, score, summarise

from .conftest import EXAMPLES, ROOT, SHARED, shared

GOLD = gold_files() + gold_files(GOLD_DIR.parent / "second")  # second/: an independent second reading, same format


@pytest.mark.parametrize("path", GOLD or [pytest.param(None, marks=pytest.mark.skip(reason="no gold file yet"))],
                         ids=[f"{p.parent.name}/{p.stem}" for p in GOLD] or ["none"])
def test_gold_file_is_valid(path):
    corpus = shared("corpus")
    d = json.loads(path.read_text("utf-8"))
    assert d["notice"] == path.stem
    assert gold_problems(d, corpus.parent) == []


def test_gold_covers_both_parts_and_names_only_corpus_pairs():
    split = split_info()
    names = {p.stem for p in gold_files()}
    assert len(names) >= 40
    assert names <= set(split["publishers"])
    assert set(split["heldout"]) | set(split["tuned"]) == set(split["publishers"])
    assert not set(split["heldout"]) & set(split["tuned"])


def test_inputs_are_every_real_notice_with_its_part():
    shared("corpus")
    inputs = trust_inputs(SHARED)
    split = split_info()
    groups = {g: [i for i in inputs if i.group == g] for g in ("tuned", "heldout", "ten")}
    assert len(groups["tuned"]) == len(split["tuned"]) and len(groups["heldout"]) == len(split["heldout"])
    assert {i.form for i in groups["ten"]} <= {"nato", "combined"}
    # notices-more pairs read their corpus twin's gold, their French lines moved below the English
    more = [i for i in groups["ten"] if i.form == "combined"]
    assert all(i.gold_name in split["publishers"] for i in more)
    assert all(i.fr_offset == len(i.en_text.rstrip("\n").split("\n")) + 1 for i in more)


def test_nato_gold_is_the_hand_read_gold():
    path = shared("notices/002_8542048b83191d74.txt")
    g = nato_gold(path.stem, path.read_text("utf-8"))
    assert g.complete
    esb = [d for d in g.defects if d.kind == "fact" and d.fact_kind == "acronym"]
    assert len(esb) == 1 and esb[0].en[0] <= 50 <= esb[0].en[1] and esb[0].fr[0] <= 555 <= esb[0].fr[1]


# ---------------------------------------------------------------------------------- gold checks on synthetic files

NAME = "tonic-diver-2025"  # a name of split.json; its files here are synthetic


def _synthetic(tmp_path, **over):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{NAME}.en.txt").write_text("Title\n\nSalary: $50,000 a year.\nSend it to a@b.ca\n", "utf-8")
    (corpus / f"{NAME}.fr.txt").write_text("Titre\n\nSalaire : 55 000 $ par an.\n", "utf-8")
    d = {"notice": NAME, "publisher": "tonic", "part": "heldout" if NAME in split_info()["heldout"] else "tuned",
         "reader": "test", "en_lines": 4, "fr_lines": 3, "complete": True,
         "defects": [{"id": f"{NAME}#1", "kind": "fact", "side": "unknown", "en": [3, 3], "fr": [3, 3],
                      "en_text": "$50,000", "fr_text": "55 000 $", "what": "", "minor": False, "fact_kind": "amount"},
                     {"id": f"{NAME}#2", "kind": "missing-sentence", "side": "fr", "en": [4, 4], "fr": None,
                      "where": {"fr": 3}, "en_text": "Send it ... a@b.ca", "fr_text": "", "what": "", "minor": True}],
         "not_counted": [{"en": [1, 1], "fr": [1, 1], "why": "title"}]}
    d.update(over)
    return d


def test_a_valid_synthetic_gold_has_no_problem(tmp_path):
    assert gold_problems(_synthetic(tmp_path), tmp_path) == []


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.update(en_lines=5), "en_lines 5, wc -l says 4"),
    (lambda d: d["defects"][0].update(en=[3, 9]), "not within the file"),
    (lambda d: d["defects"][0].update(fr_text="56 000 $"), "is not on fr lines 3-3"),
    (lambda d: d["defects"][0].update(kind="typo"), "kind 'typo'"),
    (lambda d: d["defects"][0].update(fact_kind=None), "fact_kind None"),
    (lambda d: d["defects"][1].update(where={"de": 2}), "where.de: a side is en or fr"),
    (lambda d: d["defects"][1].update(where={"fr": 4}), "where.fr 4 is not a line of the file"),
    (lambda d: d["defects"][1].update(id=f"{NAME}#1"), "id repeated"),
    (lambda d: d.update(publisher="cds"), "publisher 'cds'"),
    (lambda d: d["not_counted"][0].update(fr=[0, 1]), "not_counted[0]: fr range"),
])
def test_gold_problems_are_named(tmp_path, change, expected):
    d = _synthetic(tmp_path)
    change(d)
    problems = gold_problems(d, tmp_path)
    assert len(problems) == 1 and expected in problems[0], problems


# ---------------------------------------------------------------------------------- matching

def _f(rule="NL210", sev=2, en=None, fr=None, msg="amount differs: English $50,000, French 55 000 $"):
    return Found(rule, sev, en, fr, msg)


DEF = Defect("x#1", "fact", "unknown", (3, 4), (7, 7), {}, False, "amount")
MISSING = Defect("x#2", "missing-paragraph", "fr", (10, 12), None, {"fr": 20}, False)


@pytest.mark.parametrize("finding, defect, expected", [
    (_f(en=(4, 5)), DEF, True),           # EN lines overlap the EN range
    (_f(fr=(7, 7)), DEF, True),
    (_f(en=(5, 6), fr=(8, 8)), DEF, False),
    (_f(en=(2, 2), fr=(7, 9)), DEF, True),  # one side is enough
    (_f(en=(12, 12)), MISSING, True),     # the present side's range
    (_f(fr=(21, 21)), MISSING, True),     # the lacking side's `where`, one line either way
    (_f(fr=(19, 19)), MISSING, True),
    (_f(fr=(22, 22)), MISSING, False),
])
def test_a_finding_is_at_a_defect_by_its_lines(finding, defect, expected):
    assert at(finding, defect) is expected


def _gold(complete=True):
    return Gold("x", complete, (DEF, MISSING), (((30, 30), (40, 40), "twin page"),))


def test_statuses_and_recall_of_one_notice():
    verdicts = Verdicts([{"notice": "x", "rule": "NL209", "en": 51, "fr": None, "text": "link in English only",
                          "verdict": "right"},
                         {"notice": "x", "rule": "NL402", "en": 60, "fr": 70, "text": "pair differs", "verdict": "false"}])
    found = [_f(en=(3, 3), fr=(7, 7)),                                           # at DEF
             _f("NL401", 1, en=(10, 12)),                                        # info at MISSING
             _f("NL209", 2, en=(53, 53), msg="link in English only: https://x"),  # right by verdict (line moved by 2)
             _f("NL209", 2, en=(54, 54), msg="link in English only: https://x"),  # moved by 3: unjudged
             _f("NL402", 2, en=(60, 60), fr=(70, 70), msg="pair differs too much"),  # judged false
             _f("NL211", 3, en=(30, 30), fr=(40, 40)),                           # at a not-counted place: judged false
             _f("NL211", 3, en=(30, 30), fr=(41, 41)),                           # FR outside it: unjudged
             _f("NL301", 2, fr=(80, 80))]                                        # unjudged
    s = score("x", found, _gold(), verdicts)
    assert [st for _, st in s["rows"]] == ["at-defect", "info", "right", "unjudged", "judged-false", "judged-false",
                                          "unjudged", "unjudged"]
    assert s["defects"] == {"x#1": {"found": True, "found_any": True}, "x#2": {"found": False, "found_any": True}}
    total = summarise([{"name": "x", "publisher": "p", "gold": _gold(), "score": s}])
    assert total["recall"] == {"n": 2, "found": 1, "found_any": 2, "n_major": 2, "found_major": 1, "found_any_major": 2}
    assert total["statuses"] == {"at-defect": 1, "right": 1, "unjudged": 3, "judged-false": 2}
    assert total["not_right"] == 5 and total["not_right_per_notice"] == 5.0
    assert total["not_right_by_rule"] == {"NL211": 2, "NL209": 1, "NL402": 1, "NL301": 1}
    assert total["not_right_by_severity"] == {"warning": 3, "error": 2}
    assert total["worst"][0] == {"notice": "x", "error_warning": 7, "not_right": 5}


def test_findings_of_a_notice_without_complete_gold_are_no_gold():
    s = score("x", [_f(fr=(7, 7)), _f(en=(90, 90))], _gold(complete=False), Verdicts())
    assert [st for _, st in s["rows"]] == ["at-defect", "no-gold"]
    total = summarise([{"name": "x", "publisher": "p", "gold": None, "score": score("x", [_f(en=(1, 1))], None, Verdicts())}])
    assert total["complete_gold"] == 0 and total["no_gold"] == {"notices": 1, "error_warning_findings": 1}
    assert total["not_right_per_notice"] is None


def test_a_verdict_must_say_right_or_false():
    with pytest.raises(ValueError, match="right or false"):
        Verdicts([{"notice": "x", "rule": "NL101", "verdict": "maybe"}])


def test_gold_lines_move_with_a_combined_file():
    g = gold_from_json({"notice": "x", "complete": True, "defects": [
        {"id": "x#1", "kind": "missing-bullet", "side": "fr", "en": [3, 3], "fr": None, "where": {"fr": 5}}],
        "not_counted": [{"en": None, "fr": [2, 2], "why": ""}]}).shifted(10)
    assert g.defects[0].en == (3, 3) and g.defects[0].where == {"fr": 15} and g.not_counted[0][1] == (12, 12)


# ---------------------------------------------------------------------------------- mutants

def _good_input():
    lines = (EXAMPLES / "good.md").read_text("utf-8").split("\n")
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("Analyste"))
    return Input("good", "pair", "\n".join(lines[:cut]), "\n".join(lines[cut:]), group="tuned")


def test_one_value_changed():
    assert M.one_value_changed("Salary: 6,204.10 EUR on 15-Mar-2026", "Salary: 6,205.10 EUR on 15-Mar-2026", "en")
    assert not M.one_value_changed("6,204.10 EUR on 15-Mar-2026", "6,205.10 EUR on 16-Mar-2026", "en")
    assert not M.one_value_changed("6,204.10 EUR", "6,204.10 EUR", "en")
    assert M.one_value_changed("at least 2 years of experience", "at least 3 years of experience", "en")


def test_mutants_are_seeded_and_found_at_the_change(rules_only, tmp_path):
    inp = _good_input()
    a, b = M.ordered(inp, 3), M.ordered(inp, 3)
    assert {k: [m[:3] for m in v] for k, v in a.items()} == {k: [m[:3] for m in v] for k, v in b.items()}
    assert {"amount", "date", "bullet-deleted"} <= set(a)
    for m in a["amount"] + a["date"]:
        assert m[3][m[2]] != inp.lines(m[1])[0][m[2]]
    args, off = inp.write(tmp_path)
    base = rules_only.lint(*args)
    res = M.run(rules_only, inp, base, off, a["amount"][0], tmp_path)
    assert res["found"] and res["unrelated"] == [], res
    res = M.run(rules_only, inp, base, off, a["bullet-deleted"][0], tmp_path)
    assert res["found"] and "NL303" in res["by"] and res["unrelated"] == [], res


# ---------------------------------------------------------------------------------- the command

def test_without_shared_it_says_so_and_exits_0(tmp_path, capsys):
    assert trust_main(["--shared", str(tmp_path / "none"), "--no-embeddings"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "absent" in out[0]


def test_the_script_runs_on_its_own(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "trust.py"), "--shared", str(tmp_path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.count("\n") == 1 and "absent" in r.stdout, r.stderr


def test_the_gold_dir_is_in_the_repository():
    assert GOLD_DIR.parent.is_dir() and (GOLD_DIR.parent / "split.json").exists()
