"""Split a bilingual file into its English and French versions by language evidence, then by structure.

Language evidence finds the turn from one language to the other; structure then places it where the
second version starts again as the first one did (its title, then the same header fields or the
same first headings), so an untranslated English section at the top of the French stays in the
French (and is reported there as wrong-language) instead of being glued to the English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lang as L
from .model import Line
from .read import InputError, Source
from .read.layout import ATX, numbered_heading

# Below this much evidence a side is not a version of the notice but a stray line or two.
MIN_SIDE_EVIDENCE = 6


@dataclass(frozen=True)
class Halves:
    """The two versions' lines; `preamble` is a shared letterhead before the first version."""

    en: tuple[Line, ...]
    fr: tuple[Line, ...]
    first: str  # "en" or "fr": which version comes first in the file


def split(source: Source) -> Halves:
    """Find the one point where the file turns from one language to the other.

    Each line scores + for French evidence and - for English; the split is the change point that
    best separates a run of one sign from a run of the other (either order). Lines with no evidence
    at the turn (the second version's title, often just a job name and a number) go with the
    second version.
    """
    lines = source.lines
    scores = [L.score(ln.text) if ln.text.strip() else 0 for ln in lines]
    n = len(lines)
    if n == 0:
        raise InputError(source.path, "file is empty")
    # prefix[k] = sum of scores of lines[:k]
    prefix = [0]
    for s in scores:
        prefix.append(prefix[-1] + s)
    total = prefix[-1]
    best = None  # (gain, k, first)
    for k in range(1, n):
        left, right = prefix[k], total - prefix[k]
        en_first = right - left  # English (negative) before, French after
        fr_first = left - right
        for gain, first in ((en_first, "en"), (fr_first, "fr")):
            if best is None or gain > best[0]:
                best = (gain, k, first)
    en_total = sum(-s for s in scores if s < 0)
    fr_total = sum(s for s in scores if s > 0)
    if best is None:
        raise InputError(source.path, "not a bilingual notice: too short")
    _, k, first = best
    left_ev = -prefix[k] if first == "en" else prefix[k]
    right_ev = (total - prefix[k]) if first == "en" else -(total - prefix[k])
    # Each side needs evidence of its own, and not a sliver of the other's: a bilingual letterhead
    # above an English-only notice is not a French version.
    floor = max(MIN_SIDE_EVIDENCE, 0.08 * max(left_ev, right_ev))
    if left_ev < floor or right_ev < floor:
        found = "English" if en_total >= fr_total else "French"
        if max(en_total, fr_total) < MIN_SIDE_EVIDENCE:
            raise InputError(source.path, "not a notice: no English or French text found")
        other = "French" if found == "English" else "English"
        raise InputError(source.path, f"only one language found ({found}); no {other} version to compare")
    k = _move_to_version_start(lines, scores, k, first)
    k = _move_to_structure_start(lines, k)
    a, b = lines[:k], lines[k:]
    return Halves(en=a if first == "en" else b, fr=b if first == "en" else a, first=first)


def _move_to_version_start(lines, scores, k: int, first: str) -> int:
    """Pull the split back over neutral lines (a title with no function words) before it."""
    sign_first = -1 if first == "en" else 1
    j = k - 1
    while j >= 0 and (scores[j] == 0 or not lines[j].text.strip()):
        j -= 1
    # j: last line with evidence before k. If it belongs to the first version, the neutral lines
    # between it and k open the second version.
    if j >= 0 and scores[j] * sign_first > 0:
        start = j + 1
        while start < k and not lines[start].text.strip():
            start += 1
        k = start
    # ...and push it forward over the neutral tail of the first version's last sentence
    # ("...For more info please click" / "here.").
    while True:
        i = k
        while i < len(lines) and not lines[i].text.strip():
            i += 1
        if i < len(lines) and scores[i] == 0 and lines[i].text.strip()[:1].islower():
            k = i + 1
        else:
            return k


RULE = re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")
MARKUP = re.compile(r"\*\*|__|^\s*[-*+]\s+")
SENTENCE_END = re.compile(r"[.!?;,]\s*$")
# How far (in non-blank lines) the structure may move the split that language evidence found,
# and how many skeleton items (title, fields, headings) it compares.
STRUCTURE_WINDOW = 40
SKELETON = 4
SKELETON_SPAN = 120


def _shape(text: str, after_blank: bool) -> tuple | None:
    """A line's part in a notice's skeleton: heading (level), field (key), title-like line, or None."""
    from .vocab import vocabulary

    m = ATX.match(text)
    if m:
        return ("h", len(m.group(1)))
    if numbered_heading(text):
        return ("h", "n")
    plain = MARKUP.sub("", text).strip()
    fm = vocabulary().match_field(plain, None, colon=True)
    if fm:
        return ("f", fm.key)
    words = len(plain.split())
    if after_blank and 0 < words <= 20 and not SENTENCE_END.search(plain):
        return ("t",)
    return None


def _skeleton(shape, idx: list[int], n: int, stop: int | None = None) -> list[tuple]:
    """The first skeleton items from non-blank line idx[n]: its opening shape, then the headings and
    fields after it (before line index `stop`, and within SKELETON_SPAN lines)."""
    first = shape(n)
    if first is None:
        return []
    out = [first]
    for m in range(n + 1, min(len(idx), n + SKELETON_SPAN)):
        if len(out) >= SKELETON or (stop is not None and idx[m] >= stop):
            break
        sh = shape(m)
        if sh is not None and sh[0] in ("h", "f"):
            out.append(sh)
    return out


def _match(a: list[tuple], b: list[tuple]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _move_to_structure_start(lines, k: int) -> int:
    """Move the split to where the second version's structure starts as the first version's did.

    Only a start that repeats the first version's opening clearly better than the language split
    does (at least a title-like line plus one heading or field, in the same order) moves it.
    """
    from .read.layout import front_matter

    skip, _ = front_matter(lines)
    idx = [i for i, ln in enumerate(lines) if i >= skip and ln.text.strip() and not RULE.match(ln.text)]
    if len(idx) < 4:
        return k
    cache: dict[int, tuple | None] = {}

    def shape(n: int) -> tuple | None:
        if n not in cache:
            i = idx[n]
            after_blank = n == 0 or idx[n - 1] != i - 1 or bool(RULE.match(lines[i - 1].text))
            cache[n] = _shape(lines[i].text, after_blank)
        return cache[n]

    first = _skeleton(shape, idx, 0, k)
    if len(first) < 2:
        return k
    pos = next((n for n, i in enumerate(idx) if i >= k), len(idx))
    if pos < len(idx):
        # The language split is a boundary: its first line opens a block even without a blank before it.
        cache[pos] = _shape(lines[idx[pos]].text, True)
    here = _match(first, _skeleton(shape, idx, pos)) if pos < len(idx) else 0
    best, best_n, best_score = k, pos, here
    for n in range(max(1, pos - STRUCTURE_WINDOW), min(len(idx) - 1, pos + STRUCTURE_WINDOW) + 1):
        if shape(n) != first[0]:
            continue
        score = _match(first, _skeleton(shape, idx, n))
        if score < 2 or score <= here:
            continue
        if score > best_score or (score == best_score and abs(n - pos) < abs(best_n - pos)):
            best, best_n, best_score = idx[n], n, score
    return best


def pair_files(en_source: Source, fr_source: Source) -> Halves:
    """--en/--fr inputs: check each file has text of the language it was given as.

    A French file that is mostly English is a half-translated version, the defect to report (NL404, at
    each untranslated stretch), not an input to refuse. Refused: a file with no English or French at all;
    a pair whose two files are each in the other's language (--en and --fr swapped); and a file with no
    text of its language at all (no line that reads as it: an English copy given as the French).
    """
    seen = {}
    for src, want in ((en_source, "en"), (fr_source, "fr")):
        ev = {"en": 0, "fr": 0}
        own_lines = 0
        for ln in src.lines:
            e, f = L.evidence(ln.text)
            ev["en"] += e
            ev["fr"] += f
            own_lines += L.guess(ln.text) == want
        if max(ev.values()) < MIN_SIDE_EVIDENCE:
            raise InputError(src.path, "not a notice: no English or French text found")
        got = "en" if ev["en"] > ev["fr"] else "fr"
        seen[want] = (src, got, got == want or (own_lines and ev[want] >= MIN_SIDE_EVIDENCE))
    if seen["en"][1] == "fr" and seen["fr"][1] == "en":
        raise InputError(en_source.path, "given as the English version but it is in French (--en and --fr swapped?)")
    for want, (src, got, ok) in seen.items():
        if not ok:
            raise InputError(src.path, f"given as the {L.LANG_NAMES[want]} version but it is in {L.LANG_NAMES[got]}")
    return Halves(en=en_source.lines, fr=fr_source.lines, first="en")
