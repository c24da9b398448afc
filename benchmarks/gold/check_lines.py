"""Re-check that every quoted string in word_diffs.json and facts.json is on the line it names.

Usage: python check_lines.py [SHARED_DIR]   (default: ../shared relative to the current directory)
Exit 1 and list the entries that do not hold.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared")
NATO_SPLIT = {"000_687783deaa102177": (169, 171), "001_6a422d70331aaf78": (165, 167),
              "002_8542048b83191d74": (499, 500), "003_f59c0566d952bd4c": (167, 169)}


def lines_of(notice, side):
    if notice in NATO_SPLIT:
        p = os.path.join(SHARED, "notices", notice + ".txt")
    else:
        p = os.path.join(SHARED, "notices-more", f"{notice}.{side}.txt")
    with open(p, encoding="utf-8") as f:
        return f.read().split("\n")


def norm(s):
    return " ".join(s.replace("\u2019", "'").split())


def holds(notice, side, line, text):
    if text is None or line is None or "..." in text:
        return True
    if notice in NATO_SPLIT:
        last_en, first_fr = NATO_SPLIT[notice]
        if (side == "en" and line > last_en) or (side == "fr" and line < first_fr):
            return False
    ls = lines_of(notice, side)
    first = norm(ls[line - 1])
    window = norm(" ".join(ls[line - 1: line + 5]))  # a value may run on over hard-wrapped lines
    pos = window.find(norm(text))
    return bool(first) and 0 <= pos < len(first)


def main():
    bad = []
    wd = json.load(open(os.path.join(HERE, "word_diffs.json"), encoding="utf-8"))
    for key, a, b in (("differences", "en_words", "fr_words"), ("faithful_examples", "en", "fr"), ("borderline", "en", "fr")):
        for i, d in enumerate(wd[key]):
            for side, field in (("en", a), ("fr", b)):
                if not holds(d["notice"], side, d[side + "_line"], d[field]):
                    bad.append(f"word_diffs.{key}[{i}] {d['notice']} {side}:{d[side + '_line']} {d[field]!r}")
    facts = json.load(open(os.path.join(HERE, "facts.json"), encoding="utf-8"))
    n = 0
    for notice, f in facts["notices"].items():
        for key in ("agree", "inconsistencies", "twin_links", "not_errors", "uncertain"):
            for i, d in enumerate(f.get(key, [])):
                for side in ("en", "fr"):
                    n += 1
                    if not holds(notice, side, d.get(side + "_line"), d.get(side)):
                        bad.append(f"facts.{notice}.{key}[{i}] {side}:{d.get(side + '_line')} {d.get(side)!r}")
    print("\n".join(bad) or f"ok: every quoted string is on its line ({len(wd['differences'])} differences, {n} fact sides)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
