"""NL208: acronyms in parentheses that differ between the versions where they name the same unit.

An acronym is a regular translation when it spells its own side's name (initials, a compound word
giving two letters) or has the same letters in another order; `_initials_before` reads the name
written before it. Pairs come from the Context's `pairs_with` (the same linked pairs every NL2xx
rule reads), header lines under labels noticelint does not know included.
"""

from __future__ import annotations

import functools
import itertools
import re

from linter.model import Finding
from linter.vocab import fold

from .base import WARNING, rule
from .common import extended_by_next_words, span_in


_ACRONYM = re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,9}s?)\s*\)")
_STOP = frozenset("""of and the for to in on at by with a an de des du la le les l d et en pour au aux à sur
                    par s qu""".split())
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def _inner_letters(w: str) -> str:
    """The letters a word may give an acronym after its first: the first letter of each element
    after a combining form's linking `o` ("cardiopulmonary" gives C then P, "autoévaluation" A then
    E, "cardiorespiratoire" C then R; "Division" gives only D)."""
    return "".join(w[k] for k in range(3, len(w) - 2) if w[k - 1] == "o")


def _is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


def _name_words(text: str, end: int) -> list[tuple[str, bool]]:
    """The words before `end` (folded), each with whether it is written as an acronym (CIO, NATO)."""
    return [(fold(w), len(w) > 1 and w.isupper()) for w in _WORDS.findall(text[max(0, end - 200):end])]


def _initials_before(text: str, end: int, letters: str, acronyms: bool = False) -> bool:
    """Does the acronym spell the words just before it ("Secrétariat international (SI)",
    "réanimation cardiorespiratoire (RCR)")? With `acronyms`, an acronym inside the name gives all
    its letters ("Office of the NATO CIO" spells OCIO): used to tell that a name spells another
    order, not to accept an acronym (a name holding an acronym is too loose a spelling: "Bureau du
    CIO" would make any (BCIO) regular)."""
    words = _name_words(text, end)[-(2 * len(letters) + 3):]
    i = len(letters) - 1
    skipped = 0
    for w, caps in reversed(words):
        if i < 0:
            break
        if acronyms and caps and len(w) <= i + 1 and letters[i - len(w) + 1:i + 1] == w:
            i -= len(w)  # an acronym inside the name gives all its letters
            continue
        inner = _inner_letters(w)
        # the most letters the word gives, ending at letter i and starting with its first letter
        took = next((j for j in range(min(len(inner), i), -1, -1)
                     if letters[i - j] == w[0] and _is_subsequence(letters[i - j + 1:i + 1], inner)), None)
        if took is not None:
            i -= took + 1  # a stop word may give its letter too ("statement of merit criteria (SOMC)")
        elif w in _STOP:
            continue
        elif skipped < 1 and i < len(letters) - 1:
            skipped += 1  # one unabbreviated word inside the name ("État-major" gives only E)
        else:
            return False
    return i < 0


def _spells_another_order(text: str, end: int, letters: str, other: str) -> bool:
    """Does the name written before the acronym spell its letters in another order? Then the acronym
    contradicts its own name: "Division de la résilience et des solutions (DSR)" spells DRS. Every
    order is tried up to four letters; a longer acronym is tried in the other side's order and reversed
    (bounded work for a paragraph full of acronyms)."""
    orders = {"".join(p) for p in itertools.permutations(letters)} if len(letters) <= 4 else {other, letters[::-1]}
    return any(_initials_before(text, end, o, acronyms=True) for o in orders - {letters})


def _initials_anywhere(text: str, letters: str) -> bool:
    """Is there a run of words in the text whose initials spell the acronym (stop words skipped)?"""
    return letters in _initial_runs(text)


@functools.lru_cache(maxsize=8)
def _initial_runs(text: str) -> frozenset:
    """Every run of up to 10 initials of the text's words (an acronym has at most 10 letters): read once
    per text, where searching the initials again for each acronym was quadratic."""
    initials = "".join(w[0] for w in _WORDS.findall(fold(text)) if w not in _STOP)
    return frozenset(initials[i:i + k] for i in range(len(initials)) for k in range(1, 11) if i + k <= len(initials))


@functools.lru_cache(maxsize=8)
def _alnum_runs(text: str) -> frozenset:
    return frozenset(re.findall(r"[A-Za-z0-9]+", text))


def _present(acr: str, text: str) -> bool:
    """The acronym written on its own in the text: a whole run of letters and digits (one set per text),
    or, with an `&`, found by a search."""
    if acr.isalnum() and acr.isascii():
        return acr in _alnum_runs(text)
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(acr) + r"(?![A-Za-z0-9])", text) is not None


LINK_BUDGET = 1024  # pairs of unmatched acronyms ranked all together; past it, by neighbours (_nearest_pairs)


def _nearest_pairs(xs: list[float], ys: list[float]) -> list[tuple[int, int]]:
    """(i, j) pairs taken closest first, each index once, as ranking every pair by |x - y| (then i, j)
    does: on a line the closest remaining pair is always two neighbours of the merged order, so only
    neighbours are ranked (a heap), O(n log n) where all pairs took 2 GB for 4,000 a side."""
    import heapq

    pts = sorted([(x, 0, i) for i, x in enumerate(xs)] + [(y, 1, j) for j, y in enumerate(ys)])
    prev = list(range(-1, len(pts) - 1))
    nxt = list(range(1, len(pts) + 1))
    gone = [False] * len(pts)
    heap: list = []

    def push(a: int, b: int):
        if 0 <= a < len(pts) and 0 <= b < len(pts) and pts[a][1] != pts[b][1]:
            ea, eb = (pts[a], pts[b]) if pts[a][1] == 0 else (pts[b], pts[a])
            heapq.heappush(heap, (abs(ea[0] - eb[0]), ea[2], eb[2], a, b))

    for k in range(len(pts) - 1):
        push(k, k + 1)
    out = []
    while heap:
        _, i, j, a, b = heapq.heappop(heap)
        if gone[a] or gone[b]:
            continue
        gone[a] = gone[b] = True
        out.append((i, j))
        lo, hi = prev[min(a, b)], nxt[max(a, b)]
        if lo >= 0:
            nxt[lo] = hi
        if hi < len(pts):
            prev[hi] = lo
        push(lo, hi)
    return out


def _letters(acr: str) -> str:
    a = acr[:-1] if acr.endswith("s") and len(acr) > 2 else acr
    return "".join(c for c in fold(a) if c.isalpha())


@rule("NL208", "acronym-mismatch", WARNING, pairs=[])
def acronym_mismatch(notice, ctx):
    """An acronym in parentheses differs between the versions where it names the same unit.

    Why it matters: `Enterprise Strategy Branch (ESB)` against `Branche Stratégie d'entreprise
    (ESRAT)` leaves readers unsure which body is meant. Regular translations are accepted: each
    acronym spells its own side's name (`Secrétariat international (SI)`, `(TIC)`, `(CDNA)`; a
    compound word may give two letters: `réanimation cardiorespiratoire (RCR)`, `autoévaluation
    des risques et des contrôles (AERC)`), or the two have the same letters in another order,
    each language ordering its nouns and adjectives (`Regulation (EU)` = `règlement (UE)`), unless
    a side's own name spells another order (`Division de la résilience et des solutions (DSR)`
    spells DRS, so (DSR) is reported) or only one of the two spells its own name (`European
    Policy Office (EPO)` against `Bureau de politique européenne (EOP)`). Header lines under a label
    noticelint does not know ("Administrative unit: … (DCSLSD)") are read too. Other pairs can be declared with the option
    `pairs = ["CNAD = CDNA"]`.

    Severity: a warning: both acronyms are read, but that the other version's acronym is not its
    official translation is a guess (an official acronym need not spell the name beside it).
    """
    declared = set()
    for item in ctx.options.get("pairs", []):
        if "=" in item:
            a, b = (x.strip() for x in item.split("=", 1))
            declared.add((a, b))
    for p, en_text, fr_text in ctx.pairs_with(("paragraph", "bullet", "title", "banner")):
        ea = list(_ACRONYM.finditer(en_text))
        fa = list(_ACRONYM.finditer(fr_text))
        if not ea or not fa:
            continue

        present = _present

        en_missing = [m for m in ea if not present(m.group(1), fr_text)
                      and not any(a == m.group(1) and present(b, fr_text) for a, b in declared)]
        fr_missing = [m for m in fa if not present(m.group(1), en_text)
                      and not any(b == m.group(1) and present(a, en_text) for a, b in declared)]

        def explained(m, own, other):
            letters = _letters(m.group(1))
            return _initials_before(own, m.start(), letters) or _initials_anywhere(other, letters)

        def reordered(a, b):
            """EU / UE: the same letters in another order (each language orders its nouns and
            adjectives), unless a side's own name, written before it, spells another order, or one
            side's acronym spells its own name and the other's does not (European Policy Office (EPO)
            against Bureau de politique européenne (EOP): the French letters are the English ones
            shuffled, not the French name's)."""
            la, lb = _letters(a.group(1)), _letters(b.group(1))
            if la == lb or sorted(la) != sorted(lb):
                return False
            if _initials_before(en_text, a.start(), la) != _initials_before(fr_text, b.start(), lb):
                return False
            return not _spells_another_order(en_text, a.start(), la, lb) and not _spells_another_order(fr_text, b.start(), lb, la)

        # Pair the acronyms each side has and the other lacks by where they stand in the text
        # (IS with SI, ESB with ESRAT), then report the pairs one of which spells nothing.
        if len(en_missing) * len(fr_missing) <= LINK_BUDGET:
            links = [(i, j) for _, i, j in sorted((abs(a.start() / len(en_text) - b.start() / len(fr_text)), i, j)
                                                  for i, a in enumerate(en_missing) for j, b in enumerate(fr_missing))]
        else:
            links = _nearest_pairs([a.start() / len(en_text) for a in en_missing],
                                   [b.start() / len(fr_text) for b in fr_missing])
        used_a, used_b = set(), set()
        for i, j in links:
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            a, b = en_missing[i], fr_missing[j]
            if (explained(a, en_text, fr_text) and explained(b, fr_text, en_text)) or reordered(a, b) or \
                    extended_by_next_words(a, en_text, b.group(1)) or extended_by_next_words(b, fr_text, a.group(1)):
                continue
            yield Finding(f"acronym differs: English ({a.group(1)}), French ({b.group(1)})",
                          span_in(p.en, a.start(1), a.end(1)), span_in(p.fr, b.start(1), b.end(1)),
                          suggestion=f"if ({b.group(1)}) is the official French acronym, declare it: "
                                     f"[tool.noticelint.rules.acronym-mismatch] pairs = [\"{a.group(1)} = {b.group(1)}\"]")
