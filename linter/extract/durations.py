"""Durations: a number and a time unit (years, months, weeks, days, hours) in both languages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .common import Quantity, _lazy


_DUR_UNITS = {
    "en": {"year": "year", "years": "year", "yr": "year", "yrs": "year", "month": "month", "months": "month",
           "week": "week", "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour",
           "hr": "hour", "hrs": "hour", "h": "hour"},
    "fr": {"an": "year", "ans": "year", "année": "year", "années": "year", "annee": "year", "annees": "year",
           "mois": "month", "semaine": "week", "semaines": "week", "jour": "day", "jours": "day",
           "heure": "hour", "heures": "hour", "h": "hour"},
}
_DUR_RE = {
    "en": _lazy(
        r"(?:[ \t\u00a0\u202f]*\([ \t]*[0-9]+[ \t]*\))?[ \t\u00a0\u202f]*[-\u2010\u2011]?[ \t\u00a0\u202f]*"
        r"(?:(?i:working|business|calendar|full|consecutive|additional|extra|further|paid|unpaid|academic|fiscal|full-time|part-time)[ \t]+)?"
        r"(?P<u>(?i:years?|yrs?|months?|weeks?|days?|hours?|hrs?|h(?=[ \t]?/[ \t]?(?:week|wk|day)\b)))(?![\w])(?:['’](?![\w]))?"),
    "fr": _lazy(
        r"(?:[ \t\u00a0\u202f]*\([ \t]*[0-9]+[ \t]*\))?[ \t\u00a0\u202f]*[-\u2010\u2011]?[ \t\u00a0\u202f]*"
        r"(?:(?i:premi[èe]re?s?|derni[èe]re?s?|prochaine?s?|pleine?s?|bonne?s?)[ \t\u00a0]+)?"
        r"(?P<u>(?i:ans?|ann[ée]es?|mois|semaines?|jours?|heures?|h(?=[ \t]?/[ \t]?(?:semaine|sem|jour)\b)))(?![\w])"),
}
# "a week", "an hour", "une semaine": the article is the number one of a duration. The French
# "un"/"une" is read as a number inside a duration (find_durations); the English article is not a
# number word, so "a week per month" states the one of "une semaine par mois" through this test.
_ARTICLE_UNIT = {
    "en": _lazy(r"(?i)(?<![\w-])(?:a|an|one)[ \t\u00a0]+(?:years?|months?|weeks?|days?|hours?)(?![\w])"),
    "fr": _lazy(r"(?i)(?<![\w-])(?:un|une)[ \t\u00a0]+(?:an|année|annee|mois|semaine|jour|heure)(?![\w])"),
}


def states_one_unit(text: str, lang: str) -> bool:
    """Does the text state one unit of time with an article ("a week", "une semaine")?"""
    return bool(_ARTICLE_UNIT["fr" if lang == "fr" else "en"].search(text))


_DUR_MONTHS = {"year": 12, "month": 1}
_DUR_HOURS = {"week": 168, "day": 24, "hour": 1}


def same_duration(a: Quantity, b: Quantity) -> bool:
    """Equal durations, converting years↔months and weeks↔days↔hours (36 months = 3 years)."""
    if a.unit == b.unit:
        return a.value == b.value
    for table in (_DUR_MONTHS, _DUR_HOURS):
        if a.unit in table and b.unit in table:
            try:
                return Decimal(str(a.value)) * table[a.unit] == Decimal(str(b.value)) * table[b.unit]
            except (InvalidOperation, ValueError):
                return False
    return False
