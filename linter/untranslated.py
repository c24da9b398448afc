"""Text in the other language, for NL404 (rules/similarity.py): untranslated blocks, runs of them, and sentences.

Each heading, sub-heading, paragraph and bullet of a version gets a verdict from its language evidence
(linter/lang.py: function words, elisions, accents): "wrong" (clearly the other language), "weak" (a
word of the other language and none of its own: a short heading such as "About the team"), "right",
or "" (no evidence: names, numbers, links). A run of wrong blocks, with the weak or empty ones between
them or just before them, is one untranslated stretch: one finding, at its lines, not one per bullet.
Inside a block that is not wrong as a whole, a sentence that is clearly the other language (a French
paragraph ending in an English sentence) is a finding of its own, at the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from linter import lang as L
from linter.model import Block
from linter.sentences import split_sentences

BODY = ("heading", "subheading", "paragraph", "bullet")
# A short text is the other language when it has this many of its function words and none of its own
# language's (words, elisions, accents): "Expertise in English and writing." has two (in, and).
SHORT_EVIDENCE = 2


def verdict(text: str, want: str, min_words: int, margin: float) -> str:
    """'wrong', 'weak', 'right' or '' for a text that should be in language `want`."""
    e, f = L.evidence(text)
    own, other = (e, f) if want == "en" else (f, e)
    if len(text.split()) >= min_words:
        got = L.guess(text, margin=margin)
        if got is not None:
            return "right" if got == want else "wrong"
    if own == 0 and other >= SHORT_EVIDENCE:
        return "wrong"
    if own == 0 and other >= 1:
        return "weak"
    return "right" if own else ""


@dataclass
class Stretch:
    """What NL404 reports: untranslated blocks (a run of them) or one sentence inside a block."""

    blocks: list[Block]
    start: int = 0  # for a sentence: its offsets in blocks[0].text
    end: int | None = None

    @property
    def sentence(self) -> bool:
        return self.end is not None


def body_blocks(version) -> list[Block]:
    out = []
    for sec in version.sections:
        if sec.heading is not None:
            out.append(sec.heading)
        out.extend(b for b in sec.blocks if b.kind in BODY)
    return out


def stretches(version, want: str, min_words: int, margin: float, paired=None) -> list[Stretch]:
    """The untranslated stretches of one version, in file order. `paired(block)`: whether the block has a
    counterpart in the other version; a stretch does not run from blocks that have one into a block that
    has none (untranslated there, and missing from the other version too: a defect of its own)."""
    blocks = body_blocks(version)
    marks = [verdict(b.text, want, min_words, margin) for b in blocks]

    def status(b: Block):
        return paired(b) if paired is not None and b.kind in ("paragraph", "bullet") else None

    out: list[Stretch] = []
    i = 0
    while i < len(blocks):
        if marks[i] != "wrong":
            i += 1
            continue
        first = i
        while first > 0 and marks[first - 1] in ("weak", "") and blocks[first - 1].kind in ("heading", "subheading"):
            first -= 1  # the heading above an untranslated block: "About the team" has too few words to tell alone
        last = i
        own = status(blocks[i])
        j = i + 1
        while j < len(blocks) and marks[j] != "right":
            if marks[j] == "wrong":
                other = status(blocks[j])
                if own is not None and other is not None and other != own:
                    break
                own = own if own is not None else other
                last = j
            j += 1
        out.append(Stretch(blocks[first:last + 1]))
        i = last + 1
    inside = {id(b) for s in out for b in s.blocks}
    for b in blocks:
        if id(b) in inside:
            continue
        spans = split_sentences(b.text)
        if len(spans) < 2:
            continue
        for s, e in spans:
            if verdict(b.text[s:e], want, min_words, margin) == "wrong":
                out.append(Stretch([b], s, e))
    out.sort(key=lambda st: (st.blocks[0].line, st.start))
    return out


def joined(blocks: list[Block]) -> Block:
    """One block spanning a run of blocks (its text joined by spaces, every character still at its file place)."""
    if len(blocks) == 1:
        return blocks[0]
    text, pieces = "", []
    for b in blocks:
        if text:
            text += " "
        base = len(text)
        pieces.extend((base + off, line, col) for off, line, col in (b.pieces or ((0, b.line, 1),)))
        text += b.text
    first = blocks[0]
    return Block(first.lang, first.kind, text, first.line, blocks[-1].end_line, tuple(pieces),
                 places=tuple(p for b in blocks for p in b.places))


def describe(blocks: list[Block]) -> str:
    """'3 paragraphs and 2 bullets' / 'this paragraph'."""
    if len(blocks) == 1:
        return f"this {blocks[0].kind}"
    counts: dict[str, int] = {}
    for b in blocks:
        counts[b.kind] = counts.get(b.kind, 0) + 1
    parts = [f"{n} {k}s" if n > 1 else f"1 {k}" for k, n in counts.items()]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
