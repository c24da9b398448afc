"""Split a bilingual file into its English and French versions: where the two halves align best.

Language evidence (function words) finds the turn from one language to the other; the content then
chooses the split near it where the two halves align best: the opening of the second half repeats the
opening of the first (its title, fields, names, numbers, links, cognates, in order), and the end of
the first half matches the end of the second. A French label that differs (`Heures :`) or an
untranslated English section at the top of the French no longer moves the split: an untranslated
section matches the top of the English word for word, so it stays in the French (and is reported
there as wrong-language). A separator line (`---`, `===`, `* * *`, "Version française", "English
version follows") is taken when the halves it makes align about as well as the best split; `at`
(`--split-at LINE`) overrides all of it. Every split says where it was made (`Halves.line`, `.by`)
and whether it is in doubt (`Halves.doubt`: halves of very different size, or sharing almost no
content), so a report can say so once instead of a cascade of findings.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from . import lang as L
from .model import Line
from .read import InputError, Source

# Below this much evidence a side is not a version of the notice but a stray line or two.
MIN_SIDE_EVIDENCE = 6
# How far (in non-blank lines) the content may move the split that language evidence found.
WINDOW = 40
# Tokens compared at each end of the two halves (a version's opening and its end).
ENDS = 200
# A token more frequent than this in a half is ignored by the alignment (common words, and the cost).
MAX_REPEATS = 8
# A separator line is taken when its halves align at least this well relative to the best split
# (the best may be a line or two off it: a title whose words come in another order).
SEPARATOR_SHARE = 0.9
# Weight of a token shared by the halves' first lines (titles) or last lines, beside the LCS's 1.
EDGE_WEIGHT = 2
# Doubt: on the real pairs (52 tuned corpus pairs, notices-more, NATO) the smaller version has at
# least 0.77 of the larger one's content words; half or less means the split is wrong or half the
# notice is missing. And the halves of a real pair share at least 0.20 of the smaller one's tokens in
# order (0.14-0.28 for two different notices of one publisher: boilerplate); under 0.10 they share
# nothing.
DOUBT_SIZE = 0.5
DOUBT_SHARED = 0.10

RULE_CHARS = frozenset("-=*_~")
# Separators further than this from the language split are not considered (a long Markdown notice may
# rule off every section).
MAX_SEPARATORS = 16
MARKER = re.compile(
    r"^\W*(?:(?:the\s+)?(?:english|french)(?:\s+version)?(?:\s+(?:follows|below|to follow))?"
    r"|(?:la\s+)?version\s+(?:française|francaise|anglaise)(?:\s+(?:suit|ci-dessous|à suivre))?"
    r"|(?:le\s+)?(?:français|francais|anglais)(?:\s+(?:suit|ci-dessous))?|en français|in english)\W*$", re.I)
# Linear: an address is matched from the start of its token only (as in lang._URL).
_TOKEN = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@\S+|\w+")
_STOP = L.EN_WORDS | L.FR_WORDS | L._EN_ALL | L._FR_ALL


@dataclass(frozen=True)
class Halves:
    """The two versions' lines, and where and how the file was split (combined files)."""

    en: tuple[Line, ...]
    fr: tuple[Line, ...]
    first: str  # "en" or "fr": which version comes first in the file
    line: int | None = None  # file line where the second version starts (None: a pair of files)
    by: str = ""  # content | separator | option
    doubt: str | None = None  # why the split is in doubt, when it is


def is_separator(text: str) -> bool:
    """A line that separates the two versions: a rule (`---`, `===`, `* * *`) or a language marker."""
    t = text.strip()
    if not t or len(t) > 80:
        return False
    marks = t.replace(" ", "")
    if len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in RULE_CHARS:
        return True  # ---, ===, * * *, ___, ~~~
    return sum(any(c.isalpha() for c in w) for w in t.split()) <= 5 and bool(MARKER.match(t))


def tokens(text: str) -> list[str]:
    """The language-neutral content of a line, in order: numbers (digits), links and addresses, acronyms,
    and the first five letters of each longer word that is not a function word (names, cognates)."""
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        if "@" in w or "/" in w or w[:4].lower() == "www.":
            out.append(w.lower().rstrip(".,;:)>]"))
        elif w.isdigit():
            out.append(w)
        elif len(w) >= 4 or (len(w) >= 2 and w.isupper()):
            low = w.lower()
            if low not in _STOP:
                out.append(_stem(low))
    return out


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word[:5]


def _lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists (Hunt-Szymanski); tokens more
    frequent than MAX_REPEATS in b are left out."""
    where = _positions(tuple(b))
    tails: list[int] = []
    for t in a:
        js = where.get(t)
        if not js:
            continue
        for j in js:
            i = bisect_left(tails, j)
            if i == len(tails):
                tails.append(j)
            else:
                tails[i] = j
    return len(tails)


@lru_cache(maxsize=8)
def _positions(b: tuple[str, ...]) -> dict[str, list[int]]:
    """Each token's positions in b, last first (one side of a split's LCS is the same for many splits)."""
    where: dict[str, list[int]] = {}
    for j, t in enumerate(b):
        where.setdefault(t, []).append(j)
    return {t: js[::-1] for t, js in where.items() if len(js) <= MAX_REPEATS}


def _overlap(toks, nonblank: list[int], k: int, end: int) -> int:
    """Tokens shared by the first (end=0) or last (end=-1) non-blank lines of the two halves."""
    pos = bisect_left(nonblank, k)
    left, right = nonblank[:pos], nonblank[pos:]
    if not left or not right:
        return 0
    return len(set(toks[left[end]]) & set(toks[right[end]]))


def split(source: Source, at: int | None = None) -> Halves:
    """The two versions of a combined file; `at`: the file line where the second version starts."""
    lines = source.lines
    scores = [L.score(ln.text) if ln.text.strip() else 0 for ln in lines]
    n = len(lines)
    if n == 0:
        raise InputError(source.path, "file is empty")
    prefix = [0]  # prefix[k] = sum of scores of lines[:k]
    for s in scores:
        prefix.append(prefix[-1] + s)
    total = prefix[-1]
    if at is not None:
        return _split_at(source, at, prefix)
    best = None  # (gain, k, first)
    for k in range(1, n):
        left, right = prefix[k], total - prefix[k]
        for gain, first in ((right - left, "en"), (left - right, "fr")):
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
    k, by = _best_by_content(lines, prefix, k, first)
    return _halves(lines, k, first, by)


def _split_at(source: Source, at: int, prefix: list[int]) -> Halves:
    lines = source.lines
    k = next((i for i, ln in enumerate(lines) if ln.number >= at), None)
    if k is None or k == 0 or not any(ln.text.strip() for ln in lines[:k]) or not any(ln.text.strip() for ln in lines[k:]):
        raise InputError(source.path, f"--split-at {at}: not a line with text on both sides of it "
                                      f"(the file has {len(lines)} lines)")
    left, right = prefix[k], prefix[-1] - prefix[k]
    return _halves(lines, k, "en" if left <= right else "fr", "option")


def _halves(lines, k: int, first: str, by: str) -> Halves:
    a, b = list(lines[:k]), list(lines[k:])
    # The separator line is neither version's text.
    j = len(a) - 1
    while j >= 0 and not a[j].text.strip():
        j -= 1
    if j >= 0 and is_separator(a[j].text):
        a[j] = Line(a[j].number, "")
    start = next((ln.number for ln in b if ln.text.strip()), b[0].number if b else lines[-1].number)
    ta = [t for ln in a for t in tokens(ln.text)]
    tb = [t for ln in b for t in tokens(ln.text)]
    doubt = None
    small, large = sorted((len(ta), len(tb)))
    if large and small < DOUBT_SIZE * large:
        names = ("English", "French") if first == "en" else ("French", "English")
        short, long_ = names if len(ta) < len(tb) else names[::-1]
        doubt = f"the {short} half has less than half the text of the {long_} half"
    elif small and _lcs(ta, tb) < DOUBT_SHARED * small:
        doubt = "the two versions share almost no names, numbers or links"
    a, b = tuple(a), tuple(b)
    return Halves(en=a if first == "en" else b, fr=b if first == "en" else a, first=first, line=start, by=by, doubt=doubt)


def _best_by_content(lines, prefix: list[int], k0: int, first: str) -> tuple[int, str]:
    """The split near k0 (and at any separator) where the halves align best: the opening of each half
    against the other's opening, the end of each against the other's end (LCS of their tokens), plus
    the language evidence on each side. (split index, "content" | "separator")."""
    toks = [tokens(ln.text) if ln.text.strip() else [] for ln in lines]
    nonblank = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if len(nonblank) < 2:
        return k0, "content"
    pos = bisect_left(nonblank, k0)
    cands = set(nonblank[max(1, pos - WINDOW): pos + WINDOW + 1])
    seps = set()
    for i in sorted((i for i in nonblank if is_separator(lines[i].text)), key=lambda i: abs(i - k0))[:MAX_SEPARATORS]:
        nxt = bisect_left(nonblank, i + 1)
        if nxt < len(nonblank):
            seps.add(nonblank[nxt])
    cands |= seps
    cands.add(k0)
    total = prefix[-1]

    def run(rows, limit: int = ENDS) -> list[str]:
        out: list[str] = []
        for ts in rows:
            out.extend(ts)
            if len(out) >= limit:
                break
        return out[:limit]

    scored = {}
    for k in cands:
        # The first half's opening against the second's, and its end against the second's end (read
        # backwards). The half that changes with k is read twice as far, so that where a window stops
        # does not score: the tokens a moved line pushes in at its far end match nothing.
        left_head, right_head = run(toks[:k]), run(toks[k:], 2 * ENDS)
        left_end = run((ts[::-1] for ts in reversed(toks[:k])), 2 * ENDS)
        right_end = run(ts[::-1] for ts in reversed(toks[k:]))
        shared = _lcs(right_head, left_head) + _lcs(left_end, right_end)
        # A version starts with its title and ends with its last line: the halves' first lines should
        # translate each other, and their last lines (the LCS alone is blind to where a title goes).
        shared += EDGE_WEIGHT * (_overlap(toks, nonblank, k, 0) + _overlap(toks, nonblank, k, -1))
        gain = (total - 2 * prefix[k]) if first == "en" else (2 * prefix[k] - total)
        scored[k] = (shared, shared + gain)
    best = max(scored, key=lambda k: (scored[k][1], -abs(k - k0)))
    sep = max(seps, key=lambda k: (scored[k][1], -abs(k - best)), default=None)
    if sep is not None and sep != best and scored[sep][0] >= SEPARATOR_SHARE * scored[best][0]:
        return sep, "separator"
    return best, ("separator" if best in seps else "content")


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
