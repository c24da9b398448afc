"""NL4xx: what only meaning can tell: untranslated paragraphs, mistranslations, text in the wrong language."""

from __future__ import annotations

from linter import lang as L
from linter.model import Finding, Span

from .base import ERROR, WARNING, rule

PROSE = ("paragraph", "bullet")


@rule("NL401", "missing-translation", ERROR, needs_embeddings=True)
def missing_translation(notice, ctx):
    """A paragraph or bullet has no counterpart in the other version.

    Why it matters: text added in one language and never translated (or dropped from the
    translation) is the most common drift between versions. Alignment by cross-lingual embedding
    similarity tolerates paragraphs split or merged differently on each side, so those are not
    reported.
    """
    for i, p in enumerate(notice.pairs):
        if p.en and p.fr:
            continue
        b = (p.en or p.fr)[0]
        if b.kind not in PROSE:
            continue
        side, other = ("English", "French") if p.en else ("French", "English")
        where = _neighbour(notice.pairs, i, "fr" if p.en else "en")
        hint = f"; it belongs near line {where.line} of the {other}" if where is not None else ""
        yield Finding(f"{b.kind} in section {p.section} has no {other} counterpart: {b.text[:80]!r}{hint}",
                      Span(b) if p.en else None, Span(b) if p.fr else None,
                      suggestion=f"translate it into {other}" + (f" after line {where.end_line}" if where is not None else ""))


def _neighbour(pairs, i, lang):
    """The block on the other side just before the gap (or after it, at a section's start)."""
    sec = pairs[i].section
    for j in range(i - 1, -1, -1):
        if pairs[j].section != sec:
            break
        side = getattr(pairs[j], lang)
        if side:
            return side[-1]
    for j in range(i + 1, len(pairs)):
        if pairs[j].section != sec:
            break
        side = getattr(pairs[j], lang)
        if side:
            return side[0]
    return None


@rule("NL402", "low-similarity", WARNING, needs_embeddings=True, threshold=0.86, min_chars=60)
def low_similarity(notice, ctx):
    """A linked pair is too dissimilar to be a translation: a wrong paragraph, or a sentence dropped.

    Why it matters: a paragraph pasted from another section, or a translation that lost a
    sentence, reads fine in each language alone. The threshold comes from measured true pairs
    (multilingual-e5: true pairs score 0.93 on average, 5th percentile 0.89; unrelated paragraphs
    of the same notice 0.82) and is the option `threshold`.
    """
    threshold = float(ctx.options.get("threshold", 0.86))
    min_chars = int(ctx.options.get("min_chars", 60))
    for p in notice.pairs:
        if not (p.en and p.fr) or p.score is None or p.kind not in PROSE:
            continue
        if len(p.en_text) < min_chars and len(p.fr_text) < min_chars:
            continue
        if p.score < threshold:
            yield Finding(f"{p.kind} pair in section {p.section} is not similar enough to be a translation "
                          f"(similarity {p.score:.2f} < {threshold:.2f}): wrong paragraph, or part of it missing",
                          Span(p.en[0]), Span(p.fr[0]), score=round(p.score, 3))


@rule("NL404", "wrong-language", ERROR, min_words=8)
def wrong_language(notice, ctx):
    """A paragraph in one version is written in the other language (English left in the French).

    Why it matters: an untranslated paragraph inside the French version is a missing translation
    that no count of paragraphs will show.
    """
    min_words = int(ctx.options.get("min_words", 8))
    for version, want in ((notice.en, "en"), (notice.fr, "fr")):
        for sec in version.sections:
            for b in sec.blocks:
                if b.kind not in PROSE or b.words < min_words:
                    continue
                got = L.guess(b.text, margin=0.75)
                if got and got != want:
                    yield Finding(f"this {b.kind} of the {L.LANG_NAMES[want]} version is in {L.LANG_NAMES[got]}: {b.text[:70]!r}",
                                  Span(b) if want == "en" else None, Span(b) if want == "fr" else None,
                                  suggestion=f"translate it into {L.LANG_NAMES[want]}")
