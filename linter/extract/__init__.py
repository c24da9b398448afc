"""Extract, the one place where text becomes comparable values, in English and in French.

Rules never compare strings: they ask this package for the amounts, dates, times, numbers,
durations, language levels, links, e-mails, grades and post numbers of the English text and of
the French text of an aligned pair, and compare the normalised `Quantity.value`s.

One module per value kind, each holding its patterns and its scanner: money.py, dates.py,
times.py, numbers.py (digits and words, and ordinals), durations.py, levels.py, links.py, emails.py, codes.py
(grades, post numbers, codes), phones.py, wording.py (facts in words: parts of months, a
position's status, enumerations); common.py holds what they share. analyse.py runs the
scanners over one text in priority order on one mask (characters taken by a link, a date, an
amount or a code are not read again as a number) and holds the finders; format.py writes values
back in a language's style for suggestions. This module is the package's interface.

Data come from libraries, not hand-written tables: Babel (CLDR) gives the number formats, the
month names (wide and abbreviated, several en/fr locales) and the currency names and symbols;
text2num reads numbers written in words. dateparser is not used: the notice formats are few and
regular, and it would cost ~75 ms of import and ~1 ms per date.

Cost: importing this package loads only the standard library (Babel and text2num are imported on
first use). Each analysis of a (text, lang) is computed once and cached, so a rule asking for the
numbers after another asked for the durations of the same text pays nothing.

Offsets are into the text given; every returned `Quantity` has `text[start:end] == q.text`.
"""

from __future__ import annotations

from .analyse import (find_all, find_amounts, find_approximate, find_dates, find_durations, find_emails, find_levels,
                      find_codes, find_numbers, find_ordinals, find_percentages, find_phones, find_post_numbers,
                      find_times, find_urls, key_numbers, numbers_stated, stated_otherwise)
from .codes import parse_grade
from .common import Quantity
from .durations import same_duration, states_one_unit
from .format import format_amount, format_date, format_number, format_time
from .links import (DEFAULT_URL_LOCALISATIONS, compare_emails, compare_urls, fragment_slip, learn_hosts,
                    named_hosts, normalise_url, url_host, urls_equivalent)
from .money import same_currency
from .numbers import parse_decimal_any
from .stated import stated_in_text, stated_links
from .wording import find_enumerations, find_month_parts, find_status, same_month_part, unmatched_items

__all__ = [
    "Quantity", "find_amounts", "find_approximate", "find_dates", "find_times", "find_numbers", "find_ordinals", "find_durations",
    "find_levels", "find_urls", "find_emails", "parse_grade", "find_post_numbers", "find_all",
    "urls_equivalent", "DEFAULT_URL_LOCALISATIONS", "parse_decimal_any", "format_amount",
    "format_number", "format_date", "format_time", "same_currency", "same_duration",
    "normalise_url", "find_codes", "find_phones", "find_percentages", "compare_urls", "compare_emails",
    "learn_hosts", "url_host", "numbers_stated", "key_numbers", "stated_otherwise",
    "states_one_unit", "fragment_slip", "named_hosts", "stated_in_text", "stated_links",
    "find_month_parts", "same_month_part", "find_status", "find_enumerations", "unmatched_items",
]
