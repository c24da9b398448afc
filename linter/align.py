"""Align the two versions: header fields by name, sections by number, blocks by similarity.

Blocks inside a pair of sections are aligned by a monotonic dynamic programme over a similarity
(as vecalign and bertalign do) with 1-1, 1-0, 0-1, 1-2 and 2-1 links, so a paragraph split in one
language and merged in the other is one link, not a finding. The similarity is injected: lexical
(length ratio and shared anchors: numbers, acronyms, names) when embeddings are off, cross-lingual
embeddings otherwise (linter/similarity.py). The block programme and the repairs of its links
(attach_covered, and item_merges and merge_explained for list items merged or split in translation)
read and rewrite the same links, hence one module.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Sequence

from . import thresholds as T
from .model import Block, Notice, Pair, Section, SectionPair, Version
from .similarity import LexicalSimilarity, Similarity, length_z, merged_vector

ALIGNABLE = ("subheading", "paragraph", "bullet")


def _kind_penalty(en: Sequence[Block], fr: Sequence[Block]) -> float:
    ka, kb = {b.kind for b in en}, {b.kind for b in fr}
    if ka == kb:
        return 0.0
    if ka | kb <= {"paragraph", "bullet"}:
        return 0.15  # a list in one language written as prose in the other
    return 1.0


def _cut(sim: Similarity, en: Sequence[Block], fr: Sequence[Block]) -> float:
    """The link threshold, eased for short blocks and for sub-headings facing sub-headings.

    Short texts carry little evidence either way, and sub-headings are the skeleton both
    versions share: when unsure, linking them is the better guess.
    """
    if len(en) == 1 and len(fr) == 1 and en[0].kind == fr[0].kind == "subheading":
        return sim.cut - 0.3
    return _cut_for(sim.cut, sum(len(b.text) for b in (*en, *fr)))


def _cut_for(cut: float, chars: int) -> float:
    """`cut` eased for a link of `chars` characters in all (short texts carry little evidence)."""
    return cut * min(1.0, 0.3 + chars / 400)


# Up to this many cells the programme fills the whole table (every real notice: a section holds a few
# dozen blocks); past it, only a band around the diagonal, so time and memory grow linearly with a
# notice longer than any real one. BAND blocks either side of the diagonal is far more drift than a
# translation shows (blocks keep their order; merges and splits move the path a few cells).
FULL_TABLE = 40_000
BAND = 20


def _band(n: int, m: int) -> tuple[list[int], list[int]]:
    """For each row i of an (n+1) x (m+1) table, the first and last column the programme visits."""
    if (n + 1) * (m + 1) <= FULL_TABLE or n == 0 or m == 0:
        return [0] * (n + 1), [m] * (n + 1)
    # Narrower still for thousands of blocks (no translation drifts that far): cells stay ~40 k rows' worth.
    w = max(4, min(BAND, 20_000 // max(n, m))) * max(n, m)
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


def align_blocks(en: Sequence[Block], fr: Sequence[Block], sim: Similarity, section: int | None = None) -> list[Pair]:
    """Monotonic alignment of two block sequences (1-1, 1-0, 0-1, 1-2, 2-1, 1-3, 3-1)."""
    n, m = len(en), len(fr)
    if n == 0 and m == 0:
        return []
    # 1-3 and 3-1 as well: PDF extractions break paragraphs where the other language does not.
    moves = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1))

    def value(i, j, di, dj):
        if not (di and dj):
            return 0.0, None
        a, b = en[i:i + di], fr[j:j + dj]
        if (di > 1 or dj > 1) and any(x.kind == "subheading" for x in (*a, *b)):
            return None
        s = sim.score(a, b)
        v = s - _cut(sim, a, b) - _kind_penalty(a, b)
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


def attach_covered(pairs: list[Pair], sim: Similarity) -> list[Pair]:
    """Give a block left unmatched to a neighbouring link when it is part of that link's translation.

    Paragraph vectors cannot tell a paragraph split differently in the other language from a
    paragraph missing there (their scores overlap); sentence coverage can: each sentence of a split
    paragraph has a close translation in the neighbour's counterpart, a missing one's do not.

    List items are not judged by coverage (items of one list resemble each other enough to pass for a
    neighbour's sentences) but by `item_merges`: an item the translator merged into the one before or
    after it (or split off it) is attached to that item's link, when the link it makes passes
    `merge_explained` as well (the item is not a better partner of the link's other side than the
    item linked there). The block alignment's own links of several items are first checked the same
    way and taken apart when they fail, so that every link of several items a rule sees is a merge or
    split the test accepts.
    """
    pairs = list(pairs)
    sentences = sim.sentences()
    if sim.word_aligner() is not None:
        pairs = _unmerge_items(pairs, sim)
    changed = True
    while changed:
        changed = False
        for i, p in enumerate(pairs):
            if p.en and p.fr:
                continue
            side, other = ("en", "fr") if p.en else ("fr", "en")
            blocks = getattr(p, side)
            kind = blocks[0].kind
            if kind not in ("paragraph", "bullet"):
                continue
            best = None
            for j in (_linked(pairs, i, -1), _linked(pairs, i, +1)):
                if j is None:
                    continue
                if kind == "bullet":
                    gain = item_merges(pairs[j], blocks, side, sim)
                    if gain is not None and (best is None or gain > best[0]) and \
                            merge_explained(_joined(pairs[j], blocks, side, sim), sim):
                        best = (gain, j)
                    continue
                cov = sentences.covered(blocks, getattr(pairs[j], other))
                if cov >= T.COVERED and (best is None or cov > best[0]):
                    best = (cov, j)
            if best is None:
                continue
            j = best[1]
            pairs[j] = _joined(pairs[j], blocks, side, sim)
            del pairs[i]
            changed = True
            break
    return pairs


def _joined(q: Pair, blocks: Sequence[Block], side: str, sim: Similarity) -> Pair:
    """Link `q` with `blocks` added to its `side`, in file order, and its new score."""
    merged = tuple(sorted((*getattr(q, side), *blocks), key=lambda b: b.line))
    en, fr = (merged, q.fr) if side == "en" else (q.en, merged)
    return Pair(en, fr, sim.score(en, fr), q.section)


def item_merges(q: Pair, items: Sequence[Block], side: str, sim: Similarity) -> float | None:
    """Is the list item `items` (left unmatched, on `side`) translated inside link `q`'s other side, as
    when a translator merges two items into one or splits one in two? Returns the gain in similarity of
    the merged link, or None.

    Three signs must agree: the link alone is too unbalanced in length to be a whole translation (one
    side more than T.LENGTH_Z standard deviations short) and with the item it is not; the merged link is
    more similar than the link alone; and the other side's words are better matched (word alignment:
    the sum of each word's similarity to the word it is aligned with rises). An item whose counterpart
    is missing rarely passes all three: its neighbour's link is already a whole translation. Measured
    by deleting each linked bullet of the twenty notices in turn, one side at a time: the list is still
    reported after 729 of 754 deletions (730 of 758 before this test), and the merges and splits the
    held-out writers made pass, but for a split into uneven halves whose longer half alone has a
    plausible length. Without a word aligner, nothing is attached.
    """
    other = "fr" if side == "en" else "en"
    own = getattr(q, side)
    if not own or q.score is None or any(b.kind != "bullet" or b.key != items[0].key for b in own):
        return None  # only items of the same list merge
    merged = tuple(sorted((*own, *items), key=lambda b: b.line))
    en, fr = (merged, q.fr) if side == "en" else (q.en, merged)
    if not (abs(length_z(q.en, q.fr)) > T.LENGTH_Z >= abs(length_z(en, fr))):
        return None
    gain = sim.score(en, fr) - q.score
    if gain <= 0:
        return None
    words = sim.word_aligner()
    if words is None:
        return None
    alone = words.align([b.text for b in q.en], [b.text for b in q.fr])
    joined = words.align([b.text for b in en], [b.text for b in fr])
    if alone is None or joined is None:
        return None

    def strength(wa) -> float:  # how well the other side's words are matched, summed over them
        return sum(w.match for w in getattr(wa, other) if w.content and not w.unmatched)

    return gain if strength(joined[2]) > strength(alone[2]) else None


def merge_explained(p: Pair, sim: Similarity) -> bool:
    """Does a link of several list items on one side hold a merge or split that `item_merges` accepts?

    The block alignment's own 1-2 and 2-1 links of items are no proof: an item deleted from one side
    often leaves its counterpart in a 2-1 link beside a whole translation. So the link is read as the
    alternative a missing item would give: its best link without its first or last item (the higher
    similarity), with that item left over; the merge is explained when `item_merges` attaches the item
    back. A link of one block on each side is explained."""
    for side in ("en", "fr"):
        items = getattr(p, side)
        if len(items) < 2:
            continue
        score, item, en, fr, _ = _without_end_item(p, side, sim)
        return item_merges(Pair(en, fr, score, p.section), (item,), side, sim) is not None
    return True


def _without_end_item(p: Pair, side: str, sim: Similarity):
    """(score, item, en, fr, first?) of the best link of `p` without its first or last item on `side`."""
    items = getattr(p, side)
    alternatives = []
    for first, item, rest in ((True, items[0], items[1:]), (False, items[-1], items[:-1])):
        en, fr = (rest, p.fr) if side == "en" else (p.en, rest)
        alternatives.append((sim.score(en, fr), item, en, fr, first))
    return max(alternatives, key=lambda a: a[0])


def _unmerge_items(pairs: list[Pair], sim: Similarity) -> list[Pair]:
    """The block alignment's links of several list items that `merge_explained` rejects, taken apart:
    the best link without the end item, and that item alone (attach_covered then judges it like any
    block left unmatched)."""
    out = []
    for p in pairs:
        multi = "en" if len(p.en) > 1 else "fr" if len(p.fr) > 1 else None
        if (multi is None or not (p.en and p.fr) or any(b.kind != "bullet" for b in (*p.en, *p.fr))
                or merge_explained(p, sim)):
            out.append(p)
            continue
        score, item, en, fr, first = _without_end_item(p, multi, sim)
        alone = Pair((item,), (), None, p.section) if multi == "en" else Pair((), (item,), None, p.section)
        out.extend([alone, Pair(en, fr, score, p.section)] if first else [Pair(en, fr, score, p.section), alone])
    return out


def _linked(pairs: list[Pair], i: int, step: int) -> int | None:
    """Index of the nearest pair with both sides, before (step -1) or after (+1) pair i."""
    j = i + step
    while 0 <= j < len(pairs):
        if pairs[j].en and pairs[j].fr:
            return j
        j += step
    return None


def pair_sections(en: Version, fr: Version, sim: Similarity | None = None) -> list[SectionPair]:
    """Sections by number when both versions number them alike; otherwise by content similarity.

    A French version renumbered after a dropped section (1-8 against 1-7) must not pair every
    later section with the wrong one, so when the numbers differ the sections are aligned by a
    monotonic programme over their content, with a bonus for equal numbers.
    """
    en_nums = [s.number for s in en.sections]
    fr_nums = [s.number for s in fr.sections]
    if sim is not None and en_nums != fr_nums and en.sections and fr.sections:
        return _align_sections(en, fr, sim)
    return _pair_sections_by_number(en, fr)


def _section_sample(sec: Section) -> list[Block]:
    blocks = [b for b in sec.blocks if b.kind in ALIGNABLE][:4]
    return blocks or ([sec.heading] if sec.heading else [])


def _align_sections(en: Version, fr: Version, sim: Similarity) -> list[SectionPair]:
    a, b = list(en.sections), list(fr.sections)
    sim.prepare([x for s in (*a, *b) for x in _section_sample(s)])

    def value(i, j, di, dj):
        if not (di and dj):
            return 0.0, None
        sa, sb = _section_sample(a[i]), _section_sample(b[j])
        s = sim.score(sa, sb) if sa and sb else 0.0
        # The bonus for equal numbers is a fifth of the similarity's headroom above its
        # cut: e5 scores live in a narrow band, lexical ones in a wide one.
        return s - sim.cut + (0.2 * (1 - sim.cut) if a[i].number == b[j].number else 0.0), None

    return [SectionPair(a[pi] if i > pi else None, b[pj] if j > pj else None)
            for pi, pj, i, j, _ in _monotonic(len(a), len(b), ((1, 1), (1, 0), (0, 1)), value)]


def _pair_sections_by_number(en: Version, fr: Version) -> list[SectionPair]:
    out: list[SectionPair] = []
    fr_by_num = {s.number: s for s in fr.sections if s.number is not None}
    en_nums = {s.number for s in en.sections if s.number is not None}
    en_unnum = [s for s in en.sections if s.number is None]
    fr_unnum = [s for s in fr.sections if s.number is None]
    for a, b in zip_longest(en_unnum, fr_unnum):
        out.append(SectionPair(a, b))
    for s in en.sections:
        if s.number is not None:
            out.append(SectionPair(s, fr_by_num.get(s.number)))
    for s in fr.sections:
        if s.number is not None and s.number not in en_nums:
            out.append(SectionPair(None, s))
    out.sort(key=lambda p: ((p.en or p.fr).number is not None, (p.en or p.fr).number or 0))
    return out


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


def align(path: str, en: Version, fr: Version, sim: Similarity | None = None, fr_path: str | None = None) -> Notice:
    sim = sim or LexicalSimilarity()
    sections = pair_sections(en, fr, sim)
    blocks = [b for s in (*en.sections, *fr.sections) for b in s.blocks if b.kind in ALIGNABLE]
    sim.prepare(blocks)
    pairs = header_pairs(en, fr)
    for sp in sections:
        a = [b for b in (sp.en.blocks if sp.en else ()) if b.kind in ALIGNABLE]
        b = [x for x in (sp.fr.blocks if sp.fr else ()) if x.kind in ALIGNABLE]
        number = (sp.en or sp.fr).number
        if sp.en is None or sp.fr is None:
            # A whole section on one side only is one finding (section missing), not one per block.
            continue
        links = align_blocks(a, b, sim, number)
        if sim.sentences() is not None:
            links = attach_covered(links, sim)
        pairs.extend(links)
        pairs.extend(_pair_fields([x for x in sp.en.blocks if x.kind == "field"],
                                  [x for x in sp.fr.blocks if x.kind == "field"], number))
    if sim.name:
        pairs = link_moved(pairs, sim)
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

