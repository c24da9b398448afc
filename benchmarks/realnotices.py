"""The real notices of ../shared/ for the benchmarks: which there are, how to lint one in-process, their gold.

Shared by mutation_eval.py and trust.py (tests/test_trust.py checks the gold with it):

- `Input`: one notice as the linter reads it (a pair as --en/--fr, a pair combined into one file
  English then French, a NATO file), its lines per side, and a way to write it, changed or not,
  for the linter;
- `trust_inputs(shared)`: every real notice: the 80 corpus pairs as --en/--fr (part `tuned` or
  `heldout` as benchmarks/trust/split.json says), and the ten notices the rules were tuned on in
  their own shapes (group `ten`): the 4 NATO files and the 6 pairs of notices-more/ combined into
  one file (they are six corpus pairs under other names, so the combined file exercises the split);
- `Gold`/`Defect`: the reading gold of one input in the format of benchmarks/trust/gold/NAME.json,
  its line ranges moved to where the input has them (a combined file's French starts further
  down); the NATO files' gold is read from the hand-read benchmarks/gold/word_diffs.json and
  facts.json (one line each there, widened here to the paragraph holding it);
- `gold_problems(gold, shared)`: what does not hold in a gold file (schema, lines, quotes).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRUST = ROOT / "benchmarks" / "trust"
GOLD_DIR = TRUST / "gold"
OLD_GOLD = ROOT / "benchmarks" / "gold"

PAIRS = ("cds-admin-officer-2023", "cds-ceo-2022", "cds-localization-specialist-2024",
         "lehub-quebec-lead-2024", "opennorth-marketing-lead-2013", "tonic-assistant-to-management-2025")

KINDS = ("fact", "missing-section", "missing-paragraph", "missing-bullet", "missing-sentence",
         "dropped-phrase", "untranslated", "changed-name")
FACT_KINDS = ("amount", "date", "time", "code", "count", "duration", "language-level", "url", "email",
              "phone", "percentage", "acronym", "other")


def default_shared() -> Path:
    return Path(os.environ.get("NOTICELINT_TEST_SHARED") or ROOT.parent / "shared")


# ---------------------------------------------------------------------------------- the notices

class Input:
    """One notice as the linter reads it: files, and where each language's lines are."""

    def __init__(self, name, form, en_text, fr_text, nato_file=None, fr_start=None,
                 group="ten", part="tuned", publisher="", gold_name=None):
        self.name, self.form = name, form
        self.en_text, self.fr_text = en_text, fr_text
        self.nato_file = nato_file
        self.fr_start = fr_start  # NATO: first line (0-based) of the French in the one file
        self.group, self.part, self.publisher = group, part, publisher
        self.gold_name = gold_name or name  # the corpus pair whose gold this is

    def lines(self, side):
        if self.nato_file is not None:
            ls = self.nato_file.split("\n")
            return (ls[:self.fr_start], 0) if side == "en" else (ls[self.fr_start:], self.fr_start)
        return (self.en_text if side == "en" else self.fr_text).split("\n"), 0

    @property
    def fr_offset(self) -> int:
        """How far down the linted file the French pair file's line 1 is (combined: after the English)."""
        return len(self.en_text.rstrip("\n").split("\n")) + 1 if self.form == "combined" else 0

    def write(self, d: Path, side=None, new_lines=None):
        """Files for the linter, with `side`'s lines replaced; returns (args, line offset of each side)."""
        if self.nato_file is not None:
            ls = self.nato_file.split("\n")
            if side == "en":
                ls = new_lines + ls[self.fr_start:]
            elif side == "fr":
                ls = ls[:self.fr_start] + new_lines
            p = d / f"{self.name}.txt"
            p.write_text("\n".join(ls), "utf-8")
            return (str(p), None), {"en": 0, "fr": 0}
        en = "\n".join(new_lines) if side == "en" else self.en_text
        fr = "\n".join(new_lines) if side == "fr" else self.fr_text
        if self.form == "pair":
            pe, pf = d / f"{self.name}.en.txt", d / f"{self.name}.fr.txt"
            pe.write_text(en, "utf-8")
            pf.write_text(fr, "utf-8")
            return (str(pe), str(pf)), {"en": 0, "fr": 0}
        p = d / f"{self.name}.txt"
        en_lines = en.rstrip("\n").split("\n")
        p.write_text("\n".join(en_lines) + "\n\n" + fr, "utf-8")
        return (str(p), None), {"en": 0, "fr": len(en_lines) + 1}


def _read(p: Path) -> str:
    return p.read_text("utf-8")


def load_inputs(shared: Path) -> list[Input]:
    """mutation_eval's ten: the 6 notices-more pairs as --en/--fr and combined, the 4 NATO files."""
    out = []
    more = shared / "notices-more"
    for name in PAIRS:
        en, fr = more / f"{name}.en.txt", more / f"{name}.fr.txt"
        if en.exists() and fr.exists():
            e, f = _read(en), _read(fr)
            out.append(Input(name, "pair", e, f))
            out.append(Input(name, "combined", e, f))
    out.extend(nato_inputs(shared, short=True))
    return out


def nato_inputs(shared: Path, short: bool = False) -> list[Input]:
    """The NATO files, named by their file stem (`short`: its first three characters, `000`)."""
    return [Input(p.stem[:3] if short else p.stem, "nato", None, None, _read(p), None, publisher="nato",
                  gold_name=p.stem) for p in sorted((shared / "notices").glob("*.txt"))]


def split_info() -> dict:
    return json.loads((TRUST / "split.json").read_text("utf-8"))


def corpus_names(shared: Path) -> list[str]:
    return sorted(p.name[: -len(".en.txt")] for p in (shared / "corpus").glob("*.en.txt")
                  if p.with_name(p.name.replace(".en.txt", ".fr.txt")).exists())


def twin_names(shared: Path) -> dict[str, str]:
    """notices-more name -> the corpus pair holding the same two files."""
    out = {}
    corpus = {(_read(shared / "corpus" / f"{n}.en.txt"), _read(shared / "corpus" / f"{n}.fr.txt")): n
              for n in corpus_names(shared)}
    for name in PAIRS:
        en, fr = shared / "notices-more" / f"{name}.en.txt", shared / "notices-more" / f"{name}.fr.txt"
        if en.exists() and fr.exists() and (_read(en), _read(fr)) in corpus:
            out[name] = corpus[(_read(en), _read(fr))]
    return out


def trust_inputs(shared: Path) -> list[Input]:
    """Every real notice: corpus pairs (parts tuned/heldout), then the ten (NATO, notices-more combined)."""
    split = split_info()
    heldout = set(split["heldout"])
    pubs = split["publishers"]
    out = []
    for n in corpus_names(shared):
        part = "heldout" if n in heldout else "tuned"
        out.append(Input(n, "pair", _read(shared / "corpus" / f"{n}.en.txt"), _read(shared / "corpus" / f"{n}.fr.txt"),
                         group=part, part=part, publisher=pubs.get(n, "?")))
    twins = twin_names(shared)
    for name in PAIRS:
        en, fr = shared / "notices-more" / f"{name}.en.txt", shared / "notices-more" / f"{name}.fr.txt"
        if en.exists() and fr.exists():
            twin = twins.get(name)
            out.append(Input(name, "combined", _read(en), _read(fr), publisher=pubs.get(twin, "?"),
                             gold_name=twin or name))
    out.extend(nato_inputs(shared))
    return out


def lint(linter, args):
    """Lint the files `Input.write` gave; an input that cannot be linted stops the benchmark."""
    r = linter.lint(*args)
    if r.error:
        raise SystemExit(f"{args[0]}: {r.error}")
    return r


# ---------------------------------------------------------------------------------- gold

@dataclass(frozen=True)
class Defect:
    id: str
    kind: str
    side: str
    en: tuple[int, int] | None
    fr: tuple[int, int] | None
    where: dict = field(default_factory=dict)
    minor: bool = False
    fact_kind: str | None = None
    what: str = ""

    def shifted(self, fr_offset: int) -> "Defect":
        if not fr_offset:
            return self
        w = {k: (v + fr_offset if k == "fr" else v) for k, v in self.where.items()}
        return replace(self, fr=_shift(self.fr, fr_offset), where=w)

    @property
    def label(self) -> str:
        return f"fact:{self.fact_kind}" if self.kind == "fact" and self.fact_kind else self.kind


@dataclass(frozen=True)
class Gold:
    notice: str
    complete: bool
    defects: tuple[Defect, ...]
    not_counted: tuple[tuple, ...]  # (en range or None, fr range or None, why)
    source: str = ""

    def shifted(self, fr_offset: int) -> "Gold":
        if not fr_offset:
            return self
        return replace(self, defects=tuple(d.shifted(fr_offset) for d in self.defects),
                       not_counted=tuple((e, _shift(f, fr_offset), w) for e, f, w in self.not_counted))


def _shift(r, off):
    return None if r is None else (r[0] + off, r[1] + off)


def _range(v):
    return None if v is None else (int(v[0]), int(v[1]))


def gold_from_json(d: dict, source: str = "") -> Gold:
    defects = tuple(Defect(x["id"], x["kind"], x.get("side", "unknown"), _range(x.get("en")), _range(x.get("fr")),
                           dict(x.get("where") or {}), bool(x.get("minor")), x.get("fact_kind"), x.get("what", ""))
                    for x in d.get("defects", []))
    nc = tuple((_range(x.get("en")), _range(x.get("fr")), x.get("why", "")) for x in d.get("not_counted", []))
    return Gold(d["notice"], bool(d.get("complete")), defects, nc, source)


def gold_files(gold_dir: Path = GOLD_DIR) -> list[Path]:
    return sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []


def load_gold(gold_dir: Path = GOLD_DIR) -> dict[str, Gold]:
    """The reading gold of the corpus pairs, by pair name."""
    out = {}
    for f in gold_files(gold_dir):
        d = json.loads(f.read_text("utf-8"))
        out[d["notice"]] = gold_from_json(d, str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f))
    return out


def _paragraph(lines: list[str], n: int) -> tuple[int, int]:
    """The run of non-blank lines holding 1-based line n."""
    a = b = n
    while a > 1 and lines[a - 2].strip():
        a -= 1
    while b < len(lines) and lines[b].strip():
        b += 1
    return a, b


OLD_KINDS = {"paragraph-missing": "missing-paragraph", "bullet-missing": "missing-bullet",
             "sentence-missing": "missing-sentence", "phrase-dropped": "dropped-phrase",
             "phrase-added": "dropped-phrase", "parenthetical-added": "dropped-phrase",
             "meaning-changed": "dropped-phrase", "name-changed": "changed-name", "untranslated": "untranslated"}


def nato_gold(name: str, text: str) -> Gold:
    """A NATO file's gold from benchmarks/gold/ (word_diffs.json differences and borderline, facts.json
    inconsistencies; their twin links, not-errors and faithful examples as not counted): complete, as
    its reader says (benchmarks/gold/README.md). Lines are the combined file's."""
    lines = text.split("\n")
    words = json.loads((OLD_GOLD / "word_diffs.json").read_text("utf-8"))
    facts = json.loads((OLD_GOLD / "facts.json").read_text("utf-8"))["notices"].get(name, {})

    def rng(n):
        return None if n is None else _paragraph(lines, n)

    defects, seen = [], set()
    for i, x in enumerate(w for w in words["differences"] if w["notice"] == name):
        kind, fk = OLD_KINDS.get(x["kind"], "dropped-phrase"), None
        if x["kind"] == "acronym-changed":
            kind, fk = "fact", "acronym"
        defects.append(Defect(f"{name}#w{i + 1}", kind, x.get("side_missing") or "unknown", rng(x["en_line"]),
                              rng(x["fr_line"]), {}, x.get("severity") == "minor", fk, x.get("note", "")[:200]))
        seen.add((x["en_line"], x["fr_line"]))
    for i, x in enumerate(facts.get("inconsistencies", [])):
        if (x["en_line"], x["fr_line"]) in seen:
            continue
        defects.append(Defect(f"{name}#f{i + 1}", "fact", "unknown", rng(x["en_line"]), rng(x["fr_line"]), {},
                              x.get("severity") == "warning", x["kind"] if x["kind"] in FACT_KINDS else "other",
                              x.get("what", "")[:200]))
    for i, x in enumerate(b for b in words["borderline"] if b.get("notice") == name):
        defects.append(Defect(f"{name}#b{i + 1}", "dropped-phrase", "unknown", rng(x["en_line"]), rng(x["fr_line"]),
                              {}, True, None, x.get("note", "")))
    nc = []
    for key in ("twin_links", "not_errors"):
        for x in facts.get(key, []):
            nc.append((_one(x.get("en_line")), _one(x.get("fr_line")), x.get("why") or x.get("how") or key))
    for x in words.get("faithful_examples", []):
        if x.get("notice") == name:
            nc.append((_one(x.get("en_line")), _one(x.get("fr_line")), x.get("note", "faithful")))
    return Gold(name, True, tuple(defects), tuple(nc), "benchmarks/gold/word_diffs.json, facts.json")


def _one(n):
    return None if n is None else (n, n)


def gold_for(inp: Input, corpus_gold: dict[str, Gold]) -> Gold | None:
    """The gold of an input, its lines where the linted file has them; None when nobody has read it."""
    if inp.form == "nato":
        return nato_gold(inp.gold_name, inp.nato_file)
    g = corpus_gold.get(inp.gold_name)
    return g.shifted(inp.fr_offset) if g else None


# ---------------------------------------------------------------------------------- gold checks

def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _quote_found(quote: str, text: str) -> bool:
    """Every piece of a quote (pieces cut at '...' or '…') is in the text, spaces normalised."""
    t = _norm(text)
    return all(_norm(p) in t for p in re.split(r"\.\.\.|…", quote) if _norm(p))


def gold_problems(d: dict, shared: Path) -> list[str]:
    """What does not hold in one gold file's data (empty when it is valid): the schema, the split, the
    line counts, the ranges within the files, the quoted texts on the lines they name."""
    p = []
    name = d.get("notice", "?")
    split = split_info()
    for k in ("notice", "publisher", "part", "reader", "en_lines", "fr_lines", "complete", "defects", "not_counted"):
        if k not in d:
            p.append(f"{name}: no {k!r}")
    if p:
        return p
    if split["publishers"].get(name) != d["publisher"]:
        p.append(f"{name}: publisher {d['publisher']!r}, split.json says {split['publishers'].get(name)!r}")
    part = "heldout" if name in split["heldout"] else "tuned"
    if d["part"] != part:
        p.append(f"{name}: part {d['part']!r}, split.json says {part!r}")
    texts = {}
    for side in ("en", "fr"):
        f = shared / "corpus" / f"{name}.{side}.txt"
        if not f.exists():
            p.append(f"{name}: {f} is absent")
            return p
        text = _read(f)
        texts[side] = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")  # cat -n's lines
        n = text.count("\n")
        if d[f"{side}_lines"] != n:
            p.append(f"{name}: {side}_lines {d[f'{side}_lines']}, wc -l says {n}")
    ids = set()
    for x in d["defects"]:
        i = x.get("id", "?")
        if i in ids or not str(i).startswith(name + "#"):
            p.append(f"{i}: id repeated or not {name}#N")
        ids.add(i)
        if x.get("kind") not in KINDS:
            p.append(f"{i}: kind {x.get('kind')!r}")
        if x.get("side") not in ("en", "fr", "unknown"):
            p.append(f"{i}: side {x.get('side')!r}")
        if not isinstance(x.get("minor"), bool):
            p.append(f"{i}: minor is not true or false")
        if x.get("kind") == "fact" and x.get("fact_kind") not in FACT_KINDS:
            p.append(f"{i}: fact_kind {x.get('fact_kind')!r}")
        if x.get("en") is None and x.get("fr") is None:
            p.append(f"{i}: neither an EN nor an FR range")
        for side in ("en", "fr"):
            r = x.get(side)
            if r is not None:
                p.extend(_range_problems(i, side, r, texts[side], x.get(f"{side}_text") or ""))
            w = (x.get("where") or {}).get(side)
            if w is not None and not (isinstance(w, int) and 1 <= w <= len(texts[side])):
                p.append(f"{i}: where.{side} {w!r} is not a line of the file")
        for side in (x.get("where") or {}):
            if side not in ("en", "fr"):
                p.append(f"{i}: where.{side}: a side is en or fr")
    for j, x in enumerate(d["not_counted"]):
        for side in ("en", "fr"):
            if x.get(side) is not None:
                p.extend(_range_problems(f"{name} not_counted[{j}]", side, x[side], texts[side], ""))
    return p


def _range_problems(i, side, r, lines, quote) -> list[str]:
    if not (isinstance(r, list) and len(r) == 2 and all(isinstance(v, int) for v in r)
            and 1 <= r[0] <= r[1] <= len(lines)):
        return [f"{i}: {side} range {r!r} is not within the file's {len(lines)} lines"]
    if quote and not _quote_found(quote, " ".join(lines[r[0] - 1:r[1]])):
        return [f"{i}: {side}_text {quote[:60]!r} is not on {side} lines {r[0]}-{r[1]}"]
    return []
