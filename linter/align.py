"""Align the two versions by content: one monotonic alignment over the whole of both bodies.

Every heading, sub-heading, paragraph and bullet of both versions takes part in one monotonic dynamic
programme over a similarity (as vecalign and bertalign do), with 1-1, 1-0, 0-1, 1-2, 2-1, 1-3 and 3-1
links, so a paragraph split in one language and merged in the other is one link, not a finding.
Markup is evidence, never a wall: a heading facing a heading of the same section number scores higher,
a heading facing a plain line or a list item lower, but they may link when their texts translate each
other (the French writes a section heading as a plain line, or opens a paragraph with it). Sections are
then paired through the links of the blocks they hold (`pair_sections`): a section is on one side
only when none of its content has a counterpart. The similarity is injected: lexical (length ratio,
shared anchors and cognates) without a model, cross-lingual embeddings otherwise (linter/similarity.py).
The links are then repaired for text split or merged in translation (linter/merges.py) and for
paragraphs moved out of order (`link_moved`).
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import zip_longest
from typing import Sequence

from . import thresholds as T
from .merges import attach_covered
from .model import Block, Notice, Pair, Section, SectionPair, Version
from .similarity import LexicalSimilarity, Similarity, merged_vector

ALIGNABLE = ("subheading", "paragraph", "bullet")
HEADS = ("heading", "subheading")
BODY = ("paragraph", "bullet")
# A list in one language written as prose in the other: a paragraph facing list items costs this much.
PROSE_AS_LIST = 0.15


def _kind_penalty(sim: Similarity, en: Sequence[Block], fr: Sequence[Block]) -> float:
    """What a difference of part between the two sides of a link costs: nothing between headings (a
    section heading and a sub-heading, or a heading and a line that plays one: versions format headings
    differently), a little between a paragraph and a list item (a list in one language written as prose
    in the other), and a share of the similarity's headroom between a heading and body text
    (thresholds.HEAD_AS_TEXT): evidence against the link, not a bar."""
    ra, rb = {b.heading_like for b in en}, {b.heading_like for b in fr}
    if ra == rb == {True}:
        return 0.0
    if ra == rb == {False}:
        ka, kb = {b.kind for b in en}, {b.kind for b in fr}
        return 0.0 if ka == kb else PROSE_AS_LIST
    return T.HEAD_AS_TEXT * (1 - sim.cut)


def _number_evidence(sim: Similarity, en: Sequence[Block], fr: Sequence[Block], numbers: dict[int, int]) -> float:
    """Two section headings with numbers: the same number is evidence for the link, another against it
    (a fifth of the similarity's headroom each way: e5 scores live in a narrow band, lexical in a wide one)."""
    if len(en) != 1 or len(fr) != 1:
        return 0.0
    a, b = numbers.get(id(en[0])), numbers.get(id(fr[0]))
    if a is None or b is None:
        return 0.0
    return (1 if a == b else -1) * T.SAME_NUMBER * (1 - sim.cut)


# A heading stands for the text under it: this many body blocks after it (fewer before the next heading).
UNDER = 4


def _under(blocks: Sequence[Block]) -> dict[int, tuple[Block, ...]]:
    """The body blocks under each heading and sub-heading (by id), up to UNDER, until the next one."""
    out: dict[int, tuple[Block, ...]] = {}
    for k, b in enumerate(blocks):
        if b.heading_like:
            run = []
            for x in blocks[k + 1:k + 1 + UNDER]:
                if x.heading_like:
                    break
                run.append(x)
            out[id(b)] = tuple(run)
    return out


def _with_content(sim: Similarity, en: Sequence[Block], fr: Sequence[Block], s: float, under) -> float:
    """A link of two headings scored by their texts and by the texts under them, half each: a heading is
    a few words (little evidence, none at all without a model), the text it heads says which one it is."""
    if len(en) != 1 or len(fr) != 1 or not (en[0].heading_like and fr[0].heading_like):
        return s
    ua, ub = under.get(id(en[0])), under.get(id(fr[0]))
    if not ua or not ub:
        return s
    return (s + sim.score(ua, ub)) / 2


def _mergeable(heads: Sequence[bool], other: Sequence[bool]) -> bool:
    """May these blocks (given as whether each plays a heading's part) be one side of a link of several?
    Body blocks may (split or merged in translation); a heading only as the first, facing one body block
    (the other version opens that paragraph with the heading's words, as a bold lead-in)."""
    if len(heads) == 1:
        return True
    if any(heads[1:]):
        return False
    return not heads[0] or (len(other) == 1 and not other[0])


def _cut(sim: Similarity, en: Sequence[Block], fr: Sequence[Block]) -> float:
    """The link threshold, eased for short blocks and for headings facing headings.

    Short texts carry little evidence either way, and headings are the skeleton both versions share:
    when unsure, linking them is the better guess. A heading facing body text gets no leniency: the
    markup says they differ, so only a similarity as high as a true translation's links them.
    """
    if len(en) == 1 and len(fr) == 1 and en[0].heading_like and fr[0].heading_like:
        return sim.cut - 0.3
    if len(en) == 1 and len(fr) == 1 and en[0].heading_like != fr[0].heading_like:
        return sim.cut  # a heading facing text: no leniency, only a true translation links them
    return _cut_for(sim.cut, sum(len(b.text) for b in (*en, *fr)), sim.floor)


def _cut_for(cut: float, chars: int, floor: float = 0.0) -> float:
    """`cut` eased for a link of `chars` characters in all (short texts carry little evidence), never
    below `floor` (the similarity's score under which no link is plausible at all)."""
    return max(floor, cut * min(1.0, 0.3 + chars / 400))


# Up to this many cells the programme fills the whole table (a short notice); past it, only a band
# around the diagonal, so time and memory grow linearly with a notice longer than any real one. BAND blocks
# either side of the diagonal is more drift than a translation shows (blocks keep their order; merges and
# splits move the path a few cells), plus the difference in length of the two versions: a stretch one
# version lacks (a truncated translation, a section added on one side) moves the path off the diagonal
# by at most that many blocks.
FULL_TABLE = 2_500
BAND = 20


def _band(n: int, m: int) -> tuple[list[int], list[int]]:
    """For each row i of an (n+1) x (m+1) table, the first and last column the programme visits."""
    if (n + 1) * (m + 1) <= FULL_TABLE or n == 0 or m == 0:
        return [0] * (n + 1), [m] * (n + 1)
    # Narrower for thousands of blocks (no translation drifts that far): cells stay ~20 k rows' worth.
    w = max(4, min(BAND + abs(n - m), 20_000 // max(n, m))) * max(n, m)
    lo = [max(0, -((w - i * m) // n)) for i in range(n + 1)]  # ceil((i*m - w) / n)
    hi = [min(m, (i * m + w) // n) for i in range(n + 1)]
    return lo, hi


def _monotonic(n: int, m: int, moves, value):
    """The best monotonic path from (0, 0) to (n, m) over `moves`, within the band: a list of
    (i, j, ni, nj, score) steps in order. value(i, j, di, dj) -> (gain, score) or None (move barred)."""
    NEG = -1e18
    lo, hi = _band(n, m)
    best = [[NEG] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back: list[list] = [[None] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    best[0][0 - lo[0]] = 0.0
    for i in range(n + 1):
        row, l0 = best[i], lo[i]
        for j in range(lo[i], hi[i] + 1):
            cur = row[j - l0]
            if cur == NEG:
                continue
            for di, dj in moves:
                ni, nj = i + di, j + dj
                if ni > n or nj > m or nj < lo[ni] or nj > hi[ni]:
                    continue
                v = value(i, j, di, dj)
                if v is None:
                    continue
                gain, score = v
                k = nj - lo[ni]
                if cur + gain > best[ni][k]:
                    best[ni][k] = cur + gain
                    back[ni][k] = (i, j, score)
    steps = []
    i, j = n, m
    while i or j:
        pi, pj, score = back[i][j - lo[i]]
        steps.append((pi, pj, i, j, score))
        i, j = pi, pj
    steps.reverse()
    return steps


def align_blocks(en: Sequence[Block], fr: Sequence[Block], sim: Similarity, section: int | None = None,
                 numbers: dict[int, int] | None = None) -> list[Pair]:
    """Monotonic alignment of two block sequences (1-1, 1-0, 0-1, 1-2, 2-1, 1-3, 3-1). `numbers`: the
    section number of each section heading (by id), evidence for linking headings of the same number."""
    n, m = len(en), len(fr)
    if n == 0 and m == 0:
        return []
    numbers = numbers or {}
    under = _under(en) | _under(fr)
    # 1-3 and 3-1 as well: PDF extractions break paragraphs where the other language does not.
    moves = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1))

    head_en, head_fr = [b.heading_like for b in en], [b.heading_like for b in fr]
    # Prefix sums of the blocks' lengths: a link's length in characters without summing it every time.
    len_en, len_fr = [0], [0]
    for b in en:
        len_en.append(len_en[-1] + len(b.text))
    for b in fr:
        len_fr.append(len_fr[-1] + len(b.text))

    def value(i, j, di, dj):
        if not (di and dj):
            return 0.0, None
        ha, hb = head_en[i:i + di], head_fr[j:j + dj]
        if (di > 1 or dj > 1) and not (_mergeable(ha, hb) and _mergeable(hb, ha)):
            return None
        a, b = en[i:i + di], fr[j:j + dj]
        s = sim.score(a, b)
        if any(ha) or any(hb):  # markup as evidence: only where a heading takes part
            v = _with_content(sim, a, b, s, under) - _cut(sim, a, b) - _kind_penalty(sim, a, b) \
                + _number_evidence(sim, a, b, numbers)
        else:  # body text: the same as _cut and _kind_penalty give, without rebuilding sets
            v = s - _cut_for(sim.cut, len_en[i + di] - len_en[i] + len_fr[j + dj] - len_fr[j], sim.floor)
            kinds_differ = a[0].kind != b[0].kind if di == dj == 1 else {x.kind for x in a} != {x.kind for x in b}
            if kinds_differ:
                v -= PROSE_AS_LIST
        if di + dj > 2:
            v -= 0.02 * (di + dj - 2)  # prefer 1-1 when a merge explains no more
        return v, s

    return [Pair(tuple(en[pi:i]), tuple(fr[pj:j]), score, section)
            for pi, pj, i, j, score in _monotonic(n, m, moves, value)]


def sentence_gaps(sim: Similarity, a: Sequence[Block], b: Sequence[Block]) -> set[int]:
    """Indices of the sentences of `a` left without a counterpart when the sentences of the two sides
    are aligned in order: the blocks' monotonic programme (1-1, 1-2, 2-1, 1-0, 0-1, a link worth its
    score minus the eased cut) over the sentence vectors `sim` already has for coverage; a merged span
    is the length-weighted mean of its sentences' vectors, so nothing new is encoded.

    Unlike the blocks' programme, a merge pays no penalty: a sentence is left alone only when joining it
    to its neighbour's link lowers that link's score. A sentence added on one side takes its best match
    from a sentence that has its own counterpart, and joining them lowers the score; a sentence
    translated inside a longer sentence of the other side raises it.
    """
    sentences = sim.sentences()
    ta, va = sentences.sentence_vectors(a)
    tb, vb = sentences.sentence_vectors(b)

    def merged(texts, vecs, i, n):
        return vecs[i] if n == 1 else merged_vector(vecs[i:i + n], texts[i:i + n])

    def value(i, j, di, dj):
        if not (di and dj):
            return 0.0, None
        s = float(merged(ta, va, i, di) @ merged(tb, vb, j, dj))
        chars = sum(len(t) for t in ta[i:i + di]) + sum(len(t) for t in tb[j:j + dj])
        return s - _cut_for(sim.cut, chars), s

    steps = _monotonic(len(ta), len(tb), ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1)), value)
    return {i for i, j, ni, nj, _ in steps if ni - i == 1 and nj == j}


def body(version: Version) -> list[Block]:
    """The blocks of a version's body that take part in the alignment, in file order: each section's
    heading, then its sub-headings, paragraphs and bullets."""
    return [b for s in version.sections for b in s.content if b.kind == "heading" or b.kind in ALIGNABLE]


def _section_of(version: Version) -> dict[int, int]:
    """Index of the section each block of the body is in (by block id)."""
    return {id(b): k for k, s in enumerate(version.sections) for b in s.content}


def pair_sections(en: Version, fr: Version, pairs: Sequence[Pair],
                  where: tuple[dict[int, int], dict[int, int]] | None = None) -> list[SectionPair]:
    """Sections paired through the links of the blocks they hold: a monotonic programme whose link of an
    English and a French section is worth the number of links between their blocks. A section that
    shares no link with any section of the other version stays on its side alone; one whose blocks are
    linked into several sections of the other (sections merged or split in translation) is paired with
    the one it shares most with, and the others stay alone while their content is linked. `where`: each
    version's `_section_of`, when the caller has them."""
    a, b = list(en.sections), list(fr.sections)
    where_en, where_fr = where or (_section_of(en), _section_of(fr))
    shared: dict[tuple[int, int], int] = {}
    for p in pairs:
        if not (p.en and p.fr):
            continue
        for x in p.en:
            for y in p.fr:
                i, j = where_en.get(id(x)), where_fr.get(id(y))
                if i is not None and j is not None:
                    shared[i, j] = shared.get((i, j), 0) + 1

    def value(i, j, di, dj):
        if not (di and dj):
            return 0.0, None
        k = shared.get((i, j), 0)
        return (k, None) if k else None

    return [SectionPair(a[pi] if i > pi else None, b[pj] if j > pj else None)
            for pi, pj, i, j, _ in _monotonic(len(a), len(b), ((1, 1), (1, 0), (0, 1)), value)]


def _pair_fields(en_fields: list[Block], fr_fields: list[Block], section: int | None) -> list[Pair]:
    """Fields pair by what they are (salary with salaire), whatever their order."""
    pairs = []
    used: set[int] = set()
    for b in en_fields:
        match = next((f for f in fr_fields if f.key == b.key and id(f) not in used), None)
        if match is not None:
            used.add(id(match))
        pairs.append(Pair((b,), (match,) if match else (), None, section))
    pairs.extend(Pair((), (f,), None, section) for f in fr_fields if id(f) not in used)
    return pairs


def header_pairs(en: Version, fr: Version) -> list[Pair]:
    pairs = []
    if en.title or fr.title:
        pairs.append(Pair(tuple(x for x in (en.title,) if x), tuple(x for x in (fr.title,) if x), None, 0))
    pairs.extend(_pair_fields([b for b in en.header if b.kind == "field"],
                              [b for b in fr.header if b.kind == "field"], 0))
    en_b = [b for b in en.header if b.kind == "banner"]
    fr_b = [b for b in fr.header if b.kind == "banner"]
    for a, b in zip_longest(en_b, fr_b):
        pairs.append(Pair((a,) if a else (), (b,) if b else (), None, 0))
    return pairs


def _number_of(b: Block, en: Version, fr: Version, where) -> int | None:
    """The number of the section block `b` is in (`where`: each version's `_section_of`)."""
    version, index = (en, where[0]) if b.lang == "en" else (fr, where[1])
    k = index.get(id(b))
    return version.sections[k].number if k is not None else None


def _numbered(pairs: list[Pair], en: Version, fr: Version, where) -> list[Pair]:
    """The links with their section number: the English block's section's (the French one's when the
    English side is empty)."""
    return [Pair(p.en, p.fr, p.score, _number_of((p.en or p.fr)[0], en, fr, where), p.moved) for p in pairs]


def _with_fields(pairs: list[Pair], en: Version, fr: Version, where) -> list[Pair]:
    """The body's header-like fields (a `Salary:` line inside a section) paired by what they are, each
    placed after the last link that comes before it in the English (or French) file."""
    fen = [b for s in en.sections for b in s.blocks if b.kind == "field"]
    ffr = [b for s in fr.sections for b in s.blocks if b.kind == "field"]
    if not fen and not ffr:
        return pairs
    # The furthest line reached on each side by the links so far (monotonic, so searchable).
    reach = {"en": [], "fr": []}
    for p in pairs:
        for side in ("en", "fr"):
            line = max((x.line for x in getattr(p, side)), default=0)
            reach[side].append(max(line, reach[side][-1] if reach[side] else 0))
    after: dict[int, list[Pair]] = {}
    for fp in _pair_fields(fen, ffr, None):
        b = (fp.en or fp.fr)[0]
        at = bisect_left(reach[b.lang], b.line)
        after.setdefault(at, []).append(Pair(fp.en, fp.fr, None, _number_of(b, en, fr, where)))
    out: list[Pair] = []
    for k in range(len(pairs) + 1):
        out.extend(after.get(k, ()))
        if k < len(pairs):
            out.append(pairs[k])
    return out


def align(path: str, en: Version, fr: Version, sim: Similarity | None = None, fr_path: str | None = None) -> Notice:
    sim = sim or LexicalSimilarity()
    a, b = body(en), body(fr)
    sim.prepare(a + b)
    numbers = {id(s.heading): s.number for v in (en, fr) for s in v.sections
               if s.heading and s.number is not None and s.written}
    links = align_blocks(a, b, sim, None, numbers)
    if sim.sentences() is not None:
        links = attach_covered(links, sim)
    if sim.name:
        links = link_moved(links, sim)
    where = (_section_of(en), _section_of(fr))
    links = _numbered(links, en, fr, where)
    sections = pair_sections(en, fr, links, where)
    pairs = header_pairs(en, fr) + _with_fields(links, en, fr, where)
    return Notice(path, en, fr, tuple(sections), tuple(pairs), fr_path)


def link_moved(pairs: list[Pair], sim: Similarity) -> list[Pair]:
    """Link blocks left unmatched on both sides that translate each other: moved, not missing.

    The block alignment is monotonic, so a paragraph moved elsewhere (even to another section)
    leaves a gap on each side; a strong match between two gaps is one moved paragraph.
    """
    gaps_en = [i for i, p in enumerate(pairs) if p.en and not p.fr and p.en[0].kind in ("paragraph", "bullet")]
    gaps_fr = [i for i, p in enumerate(pairs) if p.fr and not p.en and p.fr[0].kind in ("paragraph", "bullet")]
    if not gaps_en or not gaps_fr:
        return pairs
    cands = sorted(((sim.score(pairs[i].en, pairs[j].fr), i, j) for i in gaps_en for j in gaps_fr), reverse=True)
    used, drop = set(), set()
    out = list(pairs)
    for score, i, j in cands:
        if score < T.MOVED:
            break
        if i in used or j in used:
            continue
        used |= {i, j}
        out[i] = Pair(pairs[i].en, pairs[j].fr, score, pairs[i].section, moved=True)
        drop.add(j)
    return [p for k, p in enumerate(out) if k not in drop]

