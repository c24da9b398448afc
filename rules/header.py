"""NL1xx: the facts of the notice header (title and post number, salary, deadline, grade...)."""

from __future__ import annotations

import re

from linter import extract as X
from linter.model import Finding, Span
from linter.vocab import fold, place_key

from .base import ERROR, WARNING, rule
from .common import both_ways, differences, field_pair, in_field, spelled_like, title_pair, unmatched


def _fields(notice, key):
    p = field_pair(notice, key)
    if p and p.en and p.fr:
        return p.en[0], p.fr[0]
    return None


def _q_span(block, q):
    return Span(block, q.start, q.end)


@rule("NL101", "salary-mismatch", ERROR)
def salary_mismatch(notice, ctx):
    """The salary amount differs between the English and French versions.

    Why it matters: the salary is what candidates read first; two amounts in one notice is a
    published error that has to be corrected and re-announced. Amounts are compared as numbers,
    so `5,043.00` (English) and `5 043,00` (French) are the same.

    Severity: an error when both salary fields state an amount and they differ; a warning ("could not
    find …") for an amount of one field that the other does not state, since it may write it in a form
    the extractor does not read.
    """
    pair = _fields(notice, "salary")
    if not pair:
        return
    en, fr = pair
    ea, fa = X.find_amounts(en.text, "en"), X.find_amounts(fr.text, "fr")
    # the fix both ways, each amount as the side it goes into writes its own
    yield from differences(unmatched(ea, fa, lambda a, b: a.value == b.value), "salary", in_field(en, fr),
                           show=lambda q: q.text.strip(),
                           suggest=lambda a, b: both_ways(X.format_amount(a.value, a.unit, "fr", like=b.text),
                                                          X.format_amount(b.value, b.unit, "en", like=a.text)),
                           lone_severity=WARNING)


@rule("NL102", "currency-mismatch", ERROR)
def currency_mismatch(notice, ctx):
    """The salary currency differs between the two versions (EUR in one, CAD in the other).

    Why it matters: the same amount in another currency is another salary.

    Severity: an error: it is reported only when both fields name a currency and they differ (one side
    adding a currency the other lacks is not reported).
    """
    pair = _fields(notice, "salary")
    if not pair:
        return
    en, fr = pair
    ea = [q for q in X.find_amounts(en.text, "en") if q.unit]
    fa = [q for q in X.find_amounts(fr.text, "fr") if q.unit]
    ec, fc = {q.unit for q in ea}, {q.unit for q in fa}
    if ec and fc and ec != fc:
        a = next((q for q in ea if q.unit not in fc), None)
        b = next((q for q in fa if q.unit not in ec), None)
        if a is None or b is None:  # one side only adds a currency (an indicative USD amount): not a change
            return
        yield Finding(f"currency differs: English {a.unit}, French {b.unit}", _q_span(en, a), _q_span(fr, b))


@rule("NL103", "pay-basis-mismatch", ERROR)
def pay_basis_mismatch(notice, ctx):
    """The pay basis differs (monthly in one version, yearly in the other), or is given on one side only.

    Why it matters: 5,000 a month and 5,000 a year are different offers. `Monthly` and
    `Mensuelle` are the same basis.

    Severity: an error when both fields name a basis and they differ; a warning for a basis on one side
    only, since the other may word it in a way the vocabulary does not know.
    """
    pair = _fields(notice, "salary")
    if not pair:
        return
    en, fr = pair
    a = ctx.vocab.find_term("pay_basis", en.text)
    b = ctx.vocab.find_term("pay_basis", fr.text)
    if a and b and a[0] != b[0]:
        yield Finding(
            f"pay basis differs: English {en.text[a[1]:a[2]]!r} ({a[0]}), French {fr.text[b[1]:b[2]]!r} ({b[0]})",
            Span(en, a[1], a[2]), Span(fr, b[1], b[2]),
            suggestion=_term_fix(ctx, "pay_basis", a[0], b[0], en.text[a[1]:a[2]], fr.text[b[1]:b[2]]),
        )
    elif bool(a) != bool(b):
        side, blk, t = ("English", en, a) if a else ("French", fr, b)
        yield Finding(f"pay basis {blk.text[t[1]:t[2]]!r} is given in the {side} only",
                      Span(en, *(a[1:] if a else (0, None))), Span(fr, *(b[1:] if b else (0, None))), severity=WARNING)


def _term_fix(ctx, category, en_concept, fr_concept, en_written: str = "", fr_written: str = ""):
    """Each side's fix in that side's own style: the other concept's spelling shaped like what it wrote."""
    words = ctx.vocab.term_words.get(category, {})
    fr_word = spelled_like(words.get(en_concept, {}).get("fr") or [], fr_written)
    en_word = spelled_like(words.get(fr_concept, {}).get("en") or [], en_written)
    return both_ways(fr_word and repr(fr_word), en_word and repr(en_word))


@rule("NL104", "grade-mismatch", ERROR)
def grade_mismatch(notice, ctx):
    """The grade or grade range differs between the two versions (`G8-G10` against `G8-G9`).

    Why it matters: the grade sets the pay scale and who may apply.

    Severity: an error: it is reported only when both fields were read as grades and they differ.
    """
    pair = _fields(notice, "grade")
    if not pair:
        return
    en, fr = pair
    a, b = X.parse_grade(en.text), X.parse_grade(fr.text)
    if a and b and a.value != b.value:
        yield Finding(f"grade differs: English {a.text}, French {b.text}", _q_span(en, a), _q_span(fr, b),
                      suggestion=both_ways(a.text, b.text))


@rule("NL105", "deadline-date-mismatch", ERROR)
def deadline_date_mismatch(notice, ctx):
    """The application deadline date differs between the two versions.

    Why it matters: candidates reading one language would apply late or be turned away.
    `05-Jan-2025` and `05-janv.-2025` are the same date.

    Severity: an error when both deadline fields state a date and they differ; a warning ("could not
    find …") for a date of one field that the other does not state in a form the extractor reads.
    """
    pair = _fields(notice, "deadline")
    if not pair:
        return
    en, fr = pair
    da, db = X.find_dates(en.text, "en"), X.find_dates(fr.text, "fr")
    yield from differences(unmatched(da, db, lambda a, b: a.value == b.value), "deadline date", in_field(en, fr),
                           show=lambda q: f"{q.text} ({q.value:%d %B %Y})",
                           suggest=lambda a, b: both_ways(X.format_date(a.value, "fr", like=b.text),
                                                          X.format_date(b.value, "en", like=a.text)),
                           lone_severity=WARNING)


@rule("NL106", "deadline-time-mismatch", ERROR)
def deadline_time_mismatch(notice, ctx):
    """The deadline time differs, or is given in one version only.

    Why it matters: `11:59 PM` and `23:59` are the same minute; `11:59 PM` and `12:00` are not,
    and a deadline with a time on one side only leaves half the candidates guessing.

    Severity: an error when both deadline fields state a time and they differ; a warning ("could not
    find …") for a time on one side only, since the other may write it in a form not read (`midnight`).
    """
    pair = _fields(notice, "deadline")
    if not pair:
        return
    en, fr = pair
    ta, tb = X.find_times(en.text, "en"), X.find_times(fr.text, "fr")
    yield from differences(unmatched(ta, tb, lambda a, b: a.value == b.value), "deadline time", in_field(en, fr),
                           show=lambda q: f"{q.text} ({q.value:%H:%M})",
                           suggest=lambda a, b: both_ways(X.format_time(a.value, "fr", like=b.text),
                                                          X.format_time(b.value, "en", like=a.text)),
                           lone_severity=WARNING)


@rule("NL107", "post-number-mismatch", ERROR)
def post_number_mismatch(notice, ctx):
    """The post or reference number in the title (or reference field) differs between versions.

    Why it matters: candidates apply by this number; a wrong one sends them to another vacancy.

    Severity: an error when both sides state a number and they differ; a warning ("could not find …")
    for a number on one side only.
    """
    for pair in (title_pair(notice), field_pair(notice, "reference")):
        if not pair or not pair.en or not pair.fr:
            continue
        en, fr = pair.en[0], pair.fr[0]
        pa, pb = X.find_post_numbers(en.text), X.find_post_numbers(fr.text)
        yield from differences(unmatched(pa, pb, lambda a, b: a.value == b.value), "post number", in_field(en, fr),
                               suggest=lambda a, b: both_ways(a.text, b.text), lone_severity=WARNING)


_PLACE_SPLIT = re.compile(r"\s*[-–,/|;]\s*|\s+\(|\)\s*")


def _places(text: str, equivalents: dict[str, str]) -> list[str]:
    """Language-neutral keys of the places in a location ("Pays-Bas-La Haye" → Netherlands, The Hague).

    Names themselves contain hyphens (Pays-Bas, Bosnie-Herzégovine), so the parts between
    separators are joined back, longest first, whenever the joined name is a known place.
    """
    parts = [x.strip(" .()") for x in _PLACE_SPLIT.split(text)]
    parts = [x for x in parts if x]

    def known(name: str) -> str | None:
        # CLDR writes "Bosnia & Herzegovina", "Trinité-et-Tobago"; drafters write "and"/"et".
        return (equivalents.get(fold(name)) or place_key(name)
                or place_key(name.replace(" and ", " & ")) or place_key(name.replace(" et ", "-et-")))

    out, i = [], 0
    while i < len(parts):
        # No place name has more than 8 hyphen-joined parts (Sainte-Hélène-Ascension-et-Tristan-da-Cunha
        # has 7): trying longer joins only made a long hyphenated line cubic.
        for j in range(min(len(parts), i + 8), i, -1):
            name = "-".join(parts[i:j])
            key = known(name) or (known(" ".join(parts[i:j])) if j - i > 1 else None)
            if key or j == i + 1:
                out.append(key or fold(name))
                i = j
                break
    return out


def _shipped_places() -> list[list[str]]:
    import tomllib
    from linter.vocab import DATA

    return tomllib.loads((DATA / "places.toml").read_text("utf-8"))["equivalents"]


@rule("NL108", "location-mismatch", ERROR, equivalents=[])
def location_mismatch(notice, ctx):
    """The duty location differs between the two versions.

    Why it matters: the place of work is a condition of the offer. Country and city names are
    compared through CLDR (Belgium = Belgique, Brussels = Bruxelles) and the duty stations CLDR
    lacks through linter/data/places.toml (The Hague = La Haye); declare others with the rule
    option `equivalents = [["Mons", "Bergen"]]`.

    Severity: an error when every place that differs is a known place on both sides (Brussels against
    Mons); a warning when a side names something neither CLDR nor the equivalents know, which may be
    the same place written another way.
    """
    pair = _fields(notice, "location")
    if not pair:
        return
    en, fr = pair
    eq = {}
    for i, names in enumerate([*_shipped_places(), *ctx.options.get("equivalents", [])]):
        for name in names:
            eq[fold(name)] = f"place:{fold(names[0])}"
    a, b = _places(en.text, eq), _places(fr.text, eq)
    if max(len(en.text.split()), len(fr.text.split())) > 3:
        # A location written as prose ("Remote within Québec", "Open North is based in Montreal"):
        # only the places both can name are compared; the words around them are translated.
        a, b = [k for k in a if ":" in k], [k for k in b if ":" in k]
    if a != b:
        known = all(":" in k for k in set(a) ^ set(b)) and set(a) != set(b)
        yield Finding(f"location differs: English {en.text!r}, French {fr.text!r}", Span(en), Span(fr),
                      suggestion="if both name the same place, declare it in [tool.noticelint.rules.location-mismatch] equivalents",
                      severity=None if known else WARNING)


def _term_rule(notice, ctx, key, category, what):
    pair = _fields(notice, key)
    if not pair:
        return
    en, fr = pair
    a = ctx.vocab.find_term(category, en.text)
    b = ctx.vocab.find_term(category, fr.text)
    if a and b:
        if a[0] != b[0]:
            yield Finding(f"{what} differs: English {en.text[a[1]:a[2]]!r}, French {fr.text[b[1]:b[2]]!r}",
                          Span(en, a[1], a[2]), Span(fr, b[1], b[2]),
                          suggestion=_term_fix(ctx, category, a[0], b[0], en.text[a[1]:a[2]], fr.text[b[1]:b[2]]))
    elif fold(en.text) != fold(fr.text) and not (not a and not b and _same_value(en, fr)):
        # A value outside the vocabulary on either side: the same words are fine (codes such as NS),
        # and so are the same quantities when neither side names a term ("15 hours per week" =
        # "15 heures par semaine"); anything else cannot be shown to agree.
        yield Finding(f"{what} may differ: English {en.text!r}, French {fr.text!r} (not a known {what})",
                      Span(en), Span(fr), severity=WARNING)


@rule("NL109", "schedule-mismatch", ERROR)
def schedule_mismatch(notice, ctx):
    """The work schedule differs (full-time in one version, part-time in the other).

    Why it matters: the schedule is a condition of the offer. `Full-time` = `Temps plein`.

    Severity: an error when both fields name a known schedule and they differ; a warning ("may
    differ") when a side's value is not in the vocabulary, which cannot show that they agree.
    """
    yield from _term_rule(notice, ctx, "schedule", "schedule", "schedule")


@rule("NL110", "clearance-mismatch", ERROR)
def clearance_mismatch(notice, ctx):
    """The security clearance level differs between the two versions.

    Why it matters: the clearance decides who can be appointed; `NS` = `NATO SECRET`, and
    `COSMIC TOP SECRET` = `COSMIC TRÈS SECRET`.

    Severity: an error when both fields name a known level and they differ; a warning ("may differ")
    when a side's value is not in the vocabulary.
    """
    yield from _term_rule(notice, ctx, "clearance", "clearance", "clearance level")


_LABELLED = re.compile(r"^[^:]{1,45}?\s*:\s+(?=\S)")


def _header_value(block) -> str:
    """What a header line states: a field's value, or the part after "Label:" of a banner."""
    if block.kind == "field":
        return block.text
    m = _LABELLED.match(block.text)
    return block.text[m.end():] if m else block.text


def _values(text: str, lang: str) -> list:
    return sorted((q.kind, str(q.value)) for q in X.find_all(text, lang))


def _same_value(a, b) -> bool:
    """Two header lines, one per language, stating the same thing: the same words (codes such as
    P-3 or UNHCR/NBI/2027/041), or the same amounts, dates, numbers and codes."""
    va, vb = _header_value(a), _header_value(b)
    if fold(va) == fold(vb):
        return True
    qa, qb = _values(va, a.lang), _values(vb, b.lang)
    return bool(qa) and qa == qb


def _header_counterparts(header, lang: str) -> list:
    """The `lang` header lines that may state what a one-sided field or banner states: the fields
    without a counterpart, and every banner (banners pair by order, which a banner more on one side
    shifts)."""
    return [b for p in header for b in getattr(p, lang)
            if (b.kind == "field" and not (p.en and p.fr)) or b.kind == "banner"]


def _header_lines(header, lang: str) -> list:
    """The `lang` header's field and banner lines, in file order."""
    return sorted((b for p in header for b in getattr(p, lang) if b.kind in ("field", "banner")), key=lambda b: b.line)


def _same_place(b, lang: str, header) -> bool:
    """Does the other version's header hold, at this line's place among its field and banner lines,
    a one-sided line of the other kind with a label of its own: a field under a label noticelint
    knows in one language only ("Employment tenure: Indeterminate" against "Durée d'emploi :
    Indéterminée")? Both headers must list as many lines, so that places correspond."""
    other = "fr" if lang == "en" else "en"
    mine, theirs = _header_lines(header, lang), _header_lines(header, other)
    if len(mine) != len(theirs) or b not in mine:
        return False
    o = theirs[mine.index(b)]
    one_sided = any(o in getattr(p, other) and not getattr(p, lang) for p in header)
    if not (one_sided and o.kind != b.kind and (o.kind == "field" or _LABELLED.match(o.text))):
        return False
    # values that can be compared must agree: a changed code under an unknown label stays a finding
    qa, qb = _values(_header_value(b), b.lang), _values(_header_value(o), o.lang)
    return not (qa and qb) or qa == qb


def _one_sided(notice, kind: str):
    """(block, lang) of each header line of `kind` in one version only whose value the other
    version's header does not state: not on a line of its own under another label (`_same_value`),
    nor on the one-sided line at its place (`_same_place`; for a banner, only a "Label: value" one)."""
    header = [p for p in notice.pairs if p.section == 0]
    for p in header:
        if p.en and p.fr:
            continue
        b = (p.en or p.fr)[0]
        lang = "en" if p.en else "fr"
        if b.kind != kind:
            continue
        if any(_same_value(b, o) for o in _header_counterparts(header, "fr" if lang == "en" else "en")):
            continue
        if (kind == "field" or _LABELLED.match(b.text)) and _same_place(b, lang, header):
            continue
        yield b, lang


def _lines_alone(header, lang: str) -> list:
    """The `lang` header's fields and "Label: value" banners that have no counterpart."""
    return [b for p in header if not (p.en and p.fr) for b in getattr(p, lang)
            if b.kind == "field" or (b.kind == "banner" and _LABELLED.match(b.text))]


@rule("NL111", "header-field-missing", ERROR)
def header_field_missing(notice, ctx):
    """A header field (deadline, salary, grade, clearance...) is present in one version only.

    Why it matters: a fact stated in one language only is a fact half the readers never see.
    A field is not missing when the other version's header states the same value on a line of its
    own under a label noticelint does not know ("Minimum gross annual salary: €47,820.51" against
    "Salaire : 47 820,51 €", "Vacancy notice number: UNHCR/NBI/2027/041"): the same words, or the
    same amounts, dates, numbers and codes; nor when both headers list as many lines and the other
    version has a "Label: value" line of its own at the field's place ("Employment tenure:
    Indeterminate" against "Durée d'emploi : Indéterminée") whose amounts, dates, numbers and codes,
    if both have some, are the same.

    Severity: an error when every header line of the other version has its counterpart (nothing there
    can be the missing field: a whole field is absent); a warning when the other header has a line of
    its own without counterpart, a field or banner that may state the value in a way not read.
    """
    header = [p for p in notice.pairs if p.section == 0]
    for b, lang in _one_sided(notice, "field"):
        side, other = ("English", "French") if lang == "en" else ("French", "English")
        unsure = bool(_lines_alone(header, "fr" if lang == "en" else "en"))
        yield Finding(f"header field {b.label!r} ({b.key}) is in the {side} only; the {other} has none",
                      Span(b) if lang == "en" else None, Span(b) if lang == "fr" else None,
                      severity=WARNING if unsure else None)


@rule("NL112", "banner-missing", WARNING)
def banner_missing(notice, ctx):
    """A banner line under the header ("PENDING BUDGET APPROVAL") is in one version only.

    Why it matters: banners carry conditions on the whole vacancy. A "Label: value" line under a
    label noticelint does not know is a banner too; it is not missing when the other version's
    header states the same value, or holds a one-sided field at its place (see NL111).

    Severity: a warning: a banner is free text, which the other version may word so that no value
    or label shows it is the same line.
    """
    for b, lang in _one_sided(notice, "banner"):
        side = "English" if lang == "en" else "French"
        yield Finding(f"banner {b.text!r} is in the {side} only", Span(b) if lang == "en" else None,
                      Span(b) if lang == "fr" else None)
