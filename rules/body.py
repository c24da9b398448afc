"""NL2xx: facts in every aligned pair: reports, years of experience, durations, language levels,
numbers (acronyms: rules.acronyms; links and e-mails: rules.links; amounts, dates, times, codes,
percentages and phone numbers: rules.facts).

Every linked paragraph, bullet, heading, title and field pair is compared (a header field that a
NL1xx rule checks is left to that rule: one finding per value). Values come from linter.extract,
the one extractor per kind; a value on one side counts as stated by the other when it appears
there in any writing, in the pair or in the blocks right next to it (alignment split differently).
Values of both sides that differ are an error (NL205: a warning); a value with no counterpart at all is a
warning that says the tool could not find it, since the other side may write it in a form not read.
"""

from __future__ import annotations

import re

from linter import extract as X
from linter.model import Finding, Span
from linter.vocab import fold

from .base import ERROR, WARNING, rule
from .common import both_ways, differences, in_pair, joined, span_in, spelled_like, unmatched
from .context import HEADER_RULE_KEYS

_EXPERIENCE = re.compile(r"\bexp[ée]rience", re.I)


def _all_numbers(text: str, lang: str) -> set:
    """Every number the text states, however written: the test for 'the other side says it too'.

    Counts, durations and levels, ordinals ("premier échelon" states the 1 of "step 1", "6e Sud"
    the 6 of "6 South"), approximate numbers ("une quarantaine de" states the forty of "about forty") and the digits of codes and reference numbers ("CORE-2022" states the 2022
    of "FER 2022": the extractor reads such a code as one value, not as a count).
    """
    values = {q.value for q in X.find_numbers(text, lang)}
    values |= {q.value for q in X.find_durations(text, lang)}
    values |= {q.value for q in X.find_levels(text, lang)}
    values |= {q.value for q in X.find_ordinals(text, lang)}
    values |= {q.value for q in X.find_approximate(text, lang)}  # une quarantaine de = about forty
    for q in X.find_post_numbers(text, lang):  # not a grade's level: IT-01 states no count of 1
        values.update(int(d) for d in _DIGITS.findall(q.text))
    if X.states_one_unit(text, lang):
        values.add(1)  # "a week per month" states the one of "une semaine par mois"
    if _TWO.search(text):
        values.add(2)  # "both languages" = "les deux langues", "either of" = "l'une des deux"
    return {_num(v) for v in values}


_DIGITS = re.compile(r"[0-9]+")
_TWO = re.compile(r"(?i)\b(?:both|either|neither|twice|pair|bilingual|bilingue|deux|English/French|anglais/français"
                  r"|official languages|langues officielles)\b")


def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return v


def _stray(ctx, pair, lang, extract, keep, other_values, like=None):
    """A value of the wanted kind in the blocks near the pair that the other side does not state:
    the likely counterpart of a value changed on the other side."""
    for b in ctx.nearby_blocks(pair, lang):
        if b in getattr(pair, lang):
            continue
        for q in extract(b.text, lang):
            if keep(q, b.text) and _num(q.value) not in other_values and (like is None or q.unit == like.unit) \
                    and not _stated_in_own_pair(ctx, b, lang, q):
                return Span(b, q.start, q.end), q
    return None


def _stated_in_own_pair(ctx, block, lang, q) -> bool:
    """Is the value also stated by the other side of the block's own pair (then it is no stray)?"""
    other = "fr" if lang == "en" else "en"
    p = ctx.pair_of(block)
    if p is None:
        return False
    blocks = getattr(p, other)
    return bool(blocks) and _num(q.value) in _all_numbers(joined(blocks), other)


def _value_mismatches(ctx, extract, what, keep=lambda q, text: True, fmt=lambda q: q.text, lone=lambda q: True,
                      skip_keys=HEADER_RULE_KEYS):
    """Findings for values of one kind that one side states and the other does not.

    A value counts as stated by the other side when it appears there in any form (digits or
    words, inside another construction): "the first three years" vs "les trois premières années".
    """
    for p, en_text, fr_text in ctx.pairs_with(skip_keys=skip_keys):
        ea = [q for q in extract(en_text, "en") if keep(q, en_text)]
        fa = [q for q in extract(fr_text, "fr") if keep(q, fr_text)]
        if not ea and not fa:
            continue
        en_all, fr_all = _all_numbers(en_text, "en"), _all_numbers(fr_text, "fr")
        left_en = [q for q in ea if _num(q.value) not in fr_all]
        left_fr = [q for q in fa if _num(q.value) not in en_all]
        if left_en:
            fr_near = _all_numbers(ctx.nearby(p, "fr"), "fr")
            left_en = [q for q in left_en if _num(q.value) not in fr_near]
        if left_fr:
            en_near = _all_numbers(ctx.nearby(p, "en"), "en")
            left_fr = [q for q in left_fr if _num(q.value) not in en_near]
        left = unmatched(left_en, left_fr, lambda a, b: a.value == b.value and a.unit == b.unit)
        strays: dict = {}
        in_p = in_pair(p)

        def at(q, lang, strays=strays, in_p=in_p):  # a stray is not in the pair: its own place
            hit = strays.get(id(q))
            return hit[1] if hit is not None and hit[0] is q else in_p(q, lang)

        yield from differences(_with_strays(ctx, p, left, extract, keep, (en_all, fr_all), lone, strays), what, at,
                               show=lambda q: repr(fmt(q)), suggest=_count_fix, lone_severity=WARNING)


def _with_strays(ctx, p, left, extract, keep, stated, lone, strays):
    """`unmatched`'s pairs of values, a value on one side only paired with its likely counterpart near the
    pair when there is one (`_stray`: a value changed on the other side of a paragraph split differently),
    its place kept in `strays` (id → (value, Span)). A value on one side only that `lone` refuses is dropped;
    `stated` is (every number of the English, of the French)."""
    for a, b in left:
        if a is not None and b is not None:
            yield a, b
            continue
        q, other, values = (a, "fr", stated[0]) if a is not None else (b, "en", stated[1])
        if not lone(q):
            continue
        stray = _stray(ctx, p, other, extract, keep, values, like=q)
        if stray:
            strays[id(stray[1])] = (stray[1], stray[0])
        partner = stray[1] if stray else None
        yield (q, partner) if other == "fr" else (partner, q)


@rule("NL201", "reports-mismatch", ERROR)
def reports_mismatch(notice, ctx):
    """The number of direct or indirect reports differs between the versions.

    Why it matters: it tells candidates whether the post manages people. `N/A` = `sans objet`,
    `3` = `3`.

    Severity: an error when both fields were read as a count (digits, a count in words, or `N/A`) and
    the counts differ; a warning ("may differ") when a side's value is neither.
    """
    for p in notice.pairs:
        if not (p.en and p.fr) or p.en[0].kind != "field" or p.en[0].key not in ("direct_reports", "indirect_reports"):
            continue
        en, fr = p.en[0], p.fr[0]
        a, b = _reports_value(ctx, en.text, "en"), _reports_value(ctx, fr.text, "fr")
        if a is not None and b is not None and a != b:
            what = en.key.replace("_", " ")
            read = isinstance(a, float) and isinstance(b, float)
            yield Finding(f"{what} {'differ' if read else 'may differ'}: English {en.text!r}, French {fr.text!r}",
                          Span(en), Span(fr), suggestion=_reports_fix(ctx, en.text, fr.text, a, b),
                          severity=None if read else WARNING)


# Counts in words as notices write them (a count the other side wrote in words is written back in words).
_COUNT_WORDS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty".split(),
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept "
          "dix-huit dix-neuf vingt".split(),
}
_NUMBER_IN = re.compile(r"\d+(?:[.,]\d+)?")


def _count_like(value, lang: str, like) -> str | None:
    """`value` written into `like` (that side's own count, a Quantity) in its place and shape: a
    word for a word (`quatre ans` → `trois ans`), digits for digits (`2-year` → `3-year`)."""
    text = like.text
    if like.word:
        if not (isinstance(value, int) and 0 <= value < len(_COUNT_WORDS[lang])):
            return None
        word = _COUNT_WORDS[lang][value]
        m = re.match(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)
        if not m:
            return None
        word = word.capitalize() if m.group()[:1].isupper() else word
        return word + text[m.end():]
    m = _NUMBER_IN.search(text)
    if not m:
        return None
    return text[:m.start()] + X.format_number(value, lang, like=m.group()) + text[m.end():]


def _count_fix(a, b) -> str | None:
    """Both ways, each count in the other side's own shape; none when the units differ (`3 years` / `36 mois`)."""
    if a.unit != b.unit:
        return None
    try:
        for_fr, for_en = _count_like(a.value, "fr", b), _count_like(b.value, "en", a)
    except (ValueError, ArithmeticError):
        return None
    return both_ways(for_fr and repr(for_fr), for_en and repr(for_en))


def _reports_fix(ctx, en_text: str, fr_text: str, a, b) -> str | None:
    """'write '2' in the French' / 'write 'N/A' in the English', each as that side writes its own value."""
    none = ctx.vocab.term_words.get("reports", {}).get("none", {})

    def write(value, lang, like):
        if value == 0.0:
            return spelled_like(none.get(lang) or [], like)
        if isinstance(value, float):
            nums = X.find_numbers(like, lang)
            shown = X.format_number(int(value) if value == int(value) else value, lang)
            return like[:nums[0].start] + shown + like[nums[0].end:] if nums else shown
        return None

    for_fr, for_en = write(a, "fr", fr_text), write(b, "en", en_text)
    return both_ways(for_fr and repr(for_fr), for_en and repr(for_en))


def _reports_value(ctx, text, lang):
    nums = X.find_numbers(text, lang)
    if nums:
        return _num(nums[0].value)
    if ctx.vocab.find_term("reports", text) or not text.strip(" .-"):
        return 0.0
    return fold(text).strip(" .")


def _is_experience(q, text):
    return q.unit == "year" and bool(_EXPERIENCE.search(text))


@rule("NL202", "experience-mismatch", ERROR)
def experience_mismatch(notice, ctx):
    """The years of experience required differ (`2 years` against `trois ans`).

    Why it matters: it decides who is eligible. `2 years` = `deux ans`.

    Severity: an error when both sides state years of experience and they differ; a warning ("could
    not find …") for a value on one side only, which the other may state in a form not read.
    """
    yield from _value_mismatches(ctx, X.find_durations, "years of experience", keep=_is_experience, skip_keys=())


@rule("NL203", "duration-mismatch", ERROR)
def duration_mismatch(notice, ctx):
    """A contract or service duration differs between the versions (`3-year contract` against `deux ans`).

    Why it matters: the length of the contract and of the service limit are terms of employment.

    Severity: an error when both sides state a duration and they differ; a warning ("could not find
    …") for a duration on one side only (`24x7`, `a week per month` are looked for in any form first).
    """
    yield from _value_mismatches(ctx, X.find_durations, "duration",
                                 keep=lambda q, text: not _is_experience(q, text), skip_keys=())


@rule("NL204", "language-level-mismatch", ERROR)
def language_level_mismatch(notice, ctx):
    """The required language levels differ (`V ("Advanced")` against `IV (« avancé »)`).

    Why it matters: language requirements screen candidates out.

    Severity: an error when both sides state levels and a level of one differs from the other's; a
    warning when a side states a level more (a profile written once on one side, twice on the other).
    """
    for p, en_text, fr_text in ctx.pairs_with():
        ea, fa = X.find_levels(en_text, "en"), X.find_levels(fr_text, "fr")
        if not ea or not fa:
            continue
        if [q.value for q in ea] != [q.value for q in fa]:
            for a, b in unmatched(ea, fa, lambda a, b: a.value == b.value):
                yield Finding(
                    f"language levels differ: English {', '.join(q.text for q in ea)}; French {', '.join(q.text for q in fa)}",
                    span_in(p.en, a.start, a.end) if a else span_in(p.en),
                    span_in(p.fr, b.start, b.end) if b else span_in(p.fr),
                    suggestion=_level_fix(a, b) if a and b else None, severity=None if a and b else WARNING)
                break


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
_LEADING_ROMAN = re.compile(r"^(?:[IVX]+|[1-5])\b")


def _level_fix(a, b) -> str | None:
    """Each level's numeral written into the other side's own level (its quotes and word kept)."""
    def like(value, q):
        m = _LEADING_ROMAN.match(q.text)
        if not m or value not in _ROMAN:
            return None
        numeral = _ROMAN[value] if not m.group().isdigit() else str(value)
        return numeral + q.text[m.end():]

    return both_ways(like(a.value, b), like(b.value, a))


@rule("NL205", "number-mismatch", WARNING)
def number_mismatch(notice, ctx):
    """A number stated in one version is not in its translation (`6 tips` against `sept conseils`).

    Why it matters: counts in a notice (posts, tips, months) are facts too. Numbers written in
    words count (`six` = `6`, `four other members` against `cinq autres membres`); an ordinal or
    a reference code on the other side states the number too (`step 1` = `premier échelon`,
    `Unit 6 South` = `unité 6e Sud`, `CORE-2022` = `FER 2022`); durations, levels, dates and
    percentages have their own rules.

    Severity: a warning, also when both sides state a number and they differ: a bare number has no
    kind that ties it to its counterpart (which count of the paragraph is which is a guess), and a
    number on one side only may be written on the other in a form not read.
    """
    def keep(q, text):
        # digits, and counts in words from two up ("quatre autres membres"); "one" is an article
        return not q.word or (isinstance(q.value, int) and q.value >= 2)

    def bare_numbers(text, lang):
        covered = [(d.start, d.end) for d in X.find_durations(text, lang)]
        return [q for q in X.find_numbers(text, lang)
                if q.unit != "%" and not any(s <= q.start < e for s, e in covered)]  # percentages: NL214

    # a count in words on one side only ("l'une des deux langues" for "English/French") is
    # wording, not a fact: words are reported when the other side states another count
    yield from _value_mismatches(ctx, bare_numbers, "number", keep=keep, lone=lambda q: not q.word or q.value != 2)
