"""NL210-NL218: the typed values of every aligned pair that no older rule compares: amounts, dates,
times, classification codes, percentages, phone numbers, and facts written in words (a part of a
month, a position's status, the items of an enumeration).

Each kind has one extractor in linter.extract, shared with the header rules; the pairs are the
Context's `pairs_with`, as for every NL2xx rule (paragraphs, bullets, headings, titles, fields not
checked by a NL1xx rule). A value of
one side with an equal on the other, in the pair or in the blocks next to it, in any writing
(`$32,000` = `32 000 $`, `11:59 p.m.` = `23 h 59`, `June 24th, 2013` = `24 juin 2013`), agrees.

Severity (each rule's docstring says it too): an error when both versions state a value of the kind and
they differ; a warning ("could not find …") when one version's value has no counterpart, since the other
may write it in a form the extractor does not read. Before that warning, the value's numbers are looked for in the other version
in any writing (`X.stated_otherwise`: a count, an ordinal, a date's day, an amount without its
currency); found there, it is no finding.
"""

from __future__ import annotations

import datetime as _dt
import re
from itertools import zip_longest

from linter import extract as X
from linter.model import Finding
from linter.extract.dates import same_date

from .base import ERROR, INFO, WARNING, rule
from .common import both_ways, differences, in_pair, span_in


def _fact_mismatches(ctx, find, what, same, show=lambda q: q.text, skip_keys=(), write=None):
    """Findings for the values of one kind that one side of a pair states and the other does not
    (the header field a NL1xx rule compares for this kind, `skip_keys`, is left to it)."""
    for p, en_text, fr_text in ctx.pairs_with(skip_keys=skip_keys):
        ea, fa = find(en_text, "en"), find(fr_text, "fr")
        if not ea and not fa:
            continue
        if len(ea) * len(fa) > _PAIRWISE_LIMIT:  # a hostile pair: compare exact values only
            va, vb = {q.value for q in ea}, {q.value for q in fa}
            yield from _lone(p, [a for a in ea if a.value not in vb], [b for b in fa if b.value not in va], what, show,
                             write)
            continue
        left_en = [a for a in ea if not any(same(a, b) for b in fa)]
        left_fr = [b for b in fa if not any(same(a, b) for a in ea)]
        if left_en:
            near = find(ctx.nearby(p, "fr"), "fr")
            left_en = [a for a in left_en if not any(same(a, b) for b in near)]
        if left_fr:
            near = find(ctx.nearby(p, "en"), "en")
            left_fr = [b for b in left_fr if not any(same(a, b) for a in near)]
        # a value left without a partner may be written there in a form this kind's extractor does
        # not read ("24 heures sur 24", "the 21st", "38 000" without its currency): look for its
        # numbers in any form before saying that it is missing
        k = min(len(left_en), len(left_fr))
        left_en = left_en[:k] + [a for a in left_en[k:] if not _stated(ctx, p, a, fr_text, "fr")]
        left_fr = left_fr[:k] + [b for b in left_fr[k:] if not _stated(ctx, p, b, en_text, "en")]
        yield from _lone(p, left_en, left_fr, what, show, write)


def _stated(ctx, p, q, other_text, other_lang) -> bool:
    return X.stated_otherwise(q, other_text, other_lang) or X.stated_otherwise(q, ctx.nearby(p, other_lang), other_lang)


_PAIRWISE_LIMIT = 10_000


def _lone(p, left_en, left_fr, what, show, write=None):
    """Findings for the values left on each side, paired in order (a changed value is one pair).

    `write(q, lang, like)`: the value q written in `lang` the way `like` (that side's own value) is
    written, for the hint both ways; None when it cannot be (the other side's text is then shown)."""
    return differences(zip_longest(left_en, left_fr), what, in_pair(p), show,
                       suggest=lambda a, b: _both_ways(a, b, write, show), lone_severity=WARNING)


def _both_ways(a, b, write, show):
    """'if the English is right, write A' in the French; if the French is right, write B' in the English',
    each value in the style of the side it goes into."""
    def one(q, lang, like):
        try:
            return write(q, lang, like) if write else None
        except (ValueError, ArithmeticError):  # a value the writer cannot spell: show it as written
            return None

    for_fr = one(a, "fr", b.text) or show(a)
    for_en = one(b, "en", a.text) or show(b)
    return both_ways(for_fr, for_en)


def _write_amount(q, lang, like):
    return X.format_amount(q.value, q.unit, lang, like=like)


def _write_date(q, lang, like):
    return X.format_date(q.value, lang, like=like) if isinstance(q.value, (_dt.date, tuple)) else None


def _write_time(q, lang, like):
    return X.format_time(q.value, lang, like=like) if isinstance(q.value, _dt.time) else None


_LEADING_NUMBER = re.compile(r"^\d(?:[\d\s.,\u00a0\u202f']*\d)?")


def _write_percentage(q, lang, like):
    """50 written like "40 %" → "50 %"; like "40 per cent" → "50 per cent"."""
    m = _LEADING_NUMBER.match(like)
    if not m or q.word:
        return None
    return X.format_number(q.value, lang, like=m.group()) + like[m.end():]


def _write_phone(q, lang, like):
    """The other side's number (its last ten digits) in this side's layout: "613-555-0101" → "613-555-0100"."""
    digits = iter(q.value)
    slots = [i for i, c in enumerate(like) if c.isdigit()]
    if len(slots) < len(q.value):
        return None
    out = list(like)
    for i in slots[len(slots) - len(q.value):]:
        out[i] = next(digits)
    return "".join(out)


def _same_amount(a, b):
    return a.value == b.value and (not a.unit or not b.unit or X.same_currency(a.unit, b.unit))


@rule("NL210", "amount-mismatch", ERROR)
def amount_mismatch(notice, ctx):
    """An amount of money in a paragraph, bullet or field differs between the versions.

    Why it matters: pay, allowances and fees stated in prose are as binding as the salary field.
    `$32,000 to $38,000` = `32 000 $ à 38 000 $`, `$28.85 per hour` = `28,85 $ de l'heure`,
    `5,043.00Euro (EUR)` = `5 043,00Euro (EUR)`; `$38,000` against `36 000 $` is reported. The
    salary header field is NL101.

    Severity: an error when both sides state an amount and they differ; a warning ("could not find …") for
    an amount on one side only, which the other may write in a form the extractor does not read.
    """
    yield from _fact_mismatches(ctx, X.find_amounts, "amount", _same_amount, skip_keys=("salary",), write=_write_amount)


@rule("NL211", "date-mismatch", ERROR)
def date_mismatch(notice, ctx):
    """A date in a paragraph, bullet or field differs between the versions.

    Why it matters: start dates, closing dates and interview dates in prose decide what a
    candidate does and when. `June 24th, 2013` = `24 juin 2013`, `2021-07-12` = `12 juillet 2021`,
    `April - December 2024` = `avril à décembre 2024`, `December 25-December 31st` =
    `du 25 au 31 décembre`. The deadline header field is NL105.

    Severity: an error when both sides state a date and they differ; a warning ("could not find …") for
    a date on one side only, which the other may write in a form the extractor does not read.
    """
    yield from _fact_mismatches(ctx, X.find_dates, "date", lambda a, b: same_date(a.value, b.value),
                                skip_keys=("deadline",), write=_write_date)


@rule("NL212", "time-mismatch", ERROR)
def time_mismatch(notice, ctx):
    """A time of day in a paragraph, bullet or field differs between the versions.

    Why it matters: a closing time of `11:59 p.m.` against `23 h 00` makes one language's readers
    miss the deadline. `11:59 p.m.` = `23 h 59` = `23:59`. The deadline header field is NL106.

    Severity: an error when both sides state a time and they differ; a warning ("could not find …") for
    a time on one side only, which the other may write in a form the extractor does not read.
    """
    yield from _fact_mismatches(ctx, X.find_times, "time", lambda a, b: a.value == b.value, skip_keys=("deadline",),
                                write=_write_time)


def _show_code(q):
    return q.text


@rule("NL213", "code-mismatch", ERROR)
def code_mismatch(notice, ctx):
    """A classification code or grade range in a paragraph, bullet or field differs between the versions.

    Why it matters: the group and level (`IT-01`, `AS-02`, `EX-05`, `P-4`, `G17-G20`) set the
    pay and who may apply. `IT-03` = `IT-03`, `G8-G10` = `G8 à G10`; `IT-01` against `IT-02` is
    reported. The grade header field is NL104.

    Severity: an error when both sides state a code and they differ; a warning ("could not find …") for
    a code on one side only, which the other may write in a form the extractor does not read.
    """
    yield from _fact_mismatches(ctx, X.find_codes, "classification", lambda a, b: a.value == b.value, _show_code,
                                skip_keys=("grade",))


@rule("NL214", "percentage-mismatch", ERROR)
def percentage_mismatch(notice, ctx):
    """A percentage differs between the versions (`50%` against `40 %`).

    Why it matters: a share of time, of a pension or of a workload is a term of the offer.
    `50%` = `50 %` = `50 per cent`.

    Severity: an error when both sides state a percentage and they differ; a warning ("could not find …") for
    a percentage on one side only, which the other may write in a form the extractor does not read.
    """
    yield from _fact_mismatches(ctx, X.find_percentages, "percentage", lambda a, b: a.value == b.value,
                                write=_write_percentage)


@rule("NL215", "phone-mismatch", ERROR)
def phone_mismatch(notice, ctx):
    """A phone number differs between the versions.

    Why it matters: a wrong digit sends one language's candidates to a stranger. `+1 613 555 0100`
    = `613-555-0100` (the last ten digits are compared).

    Severity: an error when both sides state a number and they differ; a warning ("could not find …") for
    a number on one side only, which the other may write in a form the extractor does not read.
    """
    yield from _fact_mismatches(ctx, X.find_phones, "phone number", lambda a, b: a.value == b.value,
                                write=_write_phone)


def _months_dated(text: str, lang: str) -> set[int]:
    """The months of the dates a text states ("by January 31" states January)."""
    return {q.value.month if isinstance(q.value, _dt.date) else q.value[1] for q in X.find_dates(text, lang)}


@rule("NL216", "month-part-mismatch", ERROR)
def month_part_mismatch(notice, ctx):
    """A part of a month stated in words (`by the end of January`, `mi-mars`) differs between the
    versions, or one version lacks it.

    Why it matters: a deadline or start written in words is as binding as a date. `by the end of
    January` = `avant la fin du mois de janvier` = `fin janvier`, `mid-March` = `d'ici la mi-mars`;
    a version that states a date of that month instead (`by January 31` / `avant le 31 janvier`) states
    it too. `the end of January` against `la fin février` is reported. Month names come from CLDR.

    Severity: an error when both sides state a part of a month and they differ; a warning ("could not
    find …") for one on one side only, which the other may word in a way not read.
    """
    show = lambda q: repr(q.text)  # noqa: E731
    for p, en_text, fr_text in ctx.pairs_with(skip_keys=()):
        ea, fa = X.find_month_parts(en_text, "en"), X.find_month_parts(fr_text, "fr")
        if not ea and not fa:
            continue
        left_en = [a for a in ea if not any(X.same_month_part(a.value, b.value) for b in fa)]
        left_fr = [b for b in fa if not any(X.same_month_part(a.value, b.value) for a in ea)]
        if left_en:
            near = X.find_month_parts(ctx.nearby(p, "fr"), "fr")
            dated = _months_dated(fr_text + " " + ctx.nearby(p, "fr"), "fr")
            left_en = [a for a in left_en if a.value[1] not in dated
                       and not any(X.same_month_part(a.value, b.value) for b in near)]
        if left_fr:
            near = X.find_month_parts(ctx.nearby(p, "en"), "en")
            dated = _months_dated(en_text + " " + ctx.nearby(p, "en"), "en")
            left_fr = [b for b in left_fr if b.value[1] not in dated
                       and not any(X.same_month_part(a.value, b.value) for a in near)]
        # no fix is written: a part of a month is worded, not formatted
        yield from differences(zip_longest(left_en, left_fr), "part of a month", in_pair(p), show, lone_severity=WARNING)


@rule("NL217", "position-status-mismatch", ERROR)
def position_status_mismatch(notice, ctx):
    """A version says the position is filled (or not yet filled) and the other does not say so.

    Why it matters: a notice marked `filled` in one language only keeps the other language's
    candidates applying. `has been filled` = `a été pourvu`, `until the position is filled` =
    `jusqu'à ce que le poste soit pourvu`; `not yet filled` against `a été pourvu` is reported.

    Severity: an error when both versions state a status and they differ (filled against not
    filled); a warning ("could not find …") for a status in one version only, which the other may word
    in a way not read (`comblé`, `occupé`).
    """
    for p, en_text, fr_text in ctx.pairs_with(skip_keys=()):
        ea, fa = X.find_status(en_text, "en"), X.find_status(fr_text, "fr")
        if not ea and not fa:
            continue
        left_en = [a for a in ea if not any(a.value == b.value for b in fa + X.find_status(ctx.nearby(p, "fr"), "fr"))]
        left_fr = [b for b in fa if not any(a.value == b.value for a in ea + X.find_status(ctx.nearby(p, "en"), "en"))]
        yield from differences(zip_longest(left_en, left_fr), "position status", in_pair(p), lambda q: repr(q.text),
                               lone_severity=WARNING)


@rule("NL218", "enumeration-mismatch", ERROR)
def enumeration_mismatch(notice, ctx):
    """An enumeration inside a sentence has a different number of items in the two versions.

    Why it matters: a list of grounds, duties or conditions written in a sentence (`race, colour,
    religion, … and family status`) that loses an item in translation tells one language's readers
    less; no bullet count sees it. Lists of four items or more (`a, b, c and d`; `et`, `ou`) are
    compared when each side of a paragraph or bullet pair holds as many lists; the item without a
    counterpart is named when the items can be told apart by their spelling (`colour` = `couleur`).

    Severity: an error when both lists read cleanly (no item holding a conjunction of its own) and
    spelling names the item without a counterpart; info when an item holds a conjunction ("religion or
    belief"), so that where items end is a guess. A difference whose item spelling cannot name, or
    names as the list's first item (where the sentence before the list ends is a guess), is not
    reported: translators often restructure lists (on the real notices, every such difference was a
    faithful translation).
    """
    for p, en_text, fr_text in ctx.pairs_with(("paragraph", "bullet")):
        ea, fa = X.find_enumerations(en_text, "en"), X.find_enumerations(fr_text, "fr")
        if not ea or len(ea) != len(fa):
            continue
        for a, b in zip(ea, fa):
            if len(a.value) == len(b.value):
                continue
            longer, name = (a, "English") if len(a.value) > len(b.value) else (b, "French")
            extra = X.unmatched_items(longer.value, (b if longer is a else a).value)
            named = extra is not None and len(extra) == abs(len(a.value) - len(b.value))
            where = (f"; the {name} item{'s' if len(extra) > 1 else ''} without a counterpart: "
                     + ", ".join(repr(longer.value[i]) for i in extra)) if named else ""
            # the first item's start is where the sentence before the list ends: an item without a
            # counterpart there is more likely a boundary read wrongly than an item dropped; a difference
            # whose item cannot be named is a list restructured in translation more often than not
            if not named or 0 in extra:
                continue
            sure = a.word and b.word
            yield Finding(f"enumeration has {len(a.value)} items in English, {len(b.value)} in French{where}",
                          span_in(p.en, a.start, a.end), span_in(p.fr, b.start, b.end),
                          severity=None if sure else INFO)
