"""The CLDR tables stored in linter/data/cldr.json are those the installed Babel gives.

A Babel upgrade whose CLDR data changes a month name or a currency symbol fails here: rewrite the
file with `python -m linter.extract.cldr` (and look at what changed)."""

from __future__ import annotations

import json

from linter.extract import cldr


def test_stored_tables_are_babels():
    stored = json.loads(cldr.DATA.read_text(encoding="utf-8"))
    built = cldr.build()
    assert stored.keys() == built.keys()
    for key in built:
        assert stored[key] == built[key], f"{key} differs from Babel's: run python -m linter.extract.cldr"


def test_tables_hold_the_regional_forms():
    months = cldr.months()
    assert months["sept"] == 9 and months["juill"] == 7 and months["décembre"] == months["decembre"] == 12
    symbols, names, codes = cldr.currencies()
    assert symbols["€"] == "EUR" and symbols["$"] == "$" and names["euros"] == "EUR" and "CAD" in codes


def test_strict_number_reading_is_babels():
    """extract/numbers.py reads numbers as Babel's strict parse_decimal does (without loading a locale):
    every short string of digits, separators and spaces, and random longer ones, in en, fr and de."""
    import itertools
    import random
    from decimal import InvalidOperation

    from babel.numbers import parse_decimal

    from linter.extract.numbers import _strict_decimal

    symbols = cldr.number_symbols()

    def outcome(f):
        try:
            return str(f())
        except (InvalidOperation, ValueError):
            return "error"

    texts = ["".join(t) for n in range(1, 6) for t in itertools.product("05.,\u202f ", repeat=n)]
    rnd = random.Random(12)
    texts += ["".join(rnd.choice("0123456789" * 2 + ".,\u202f ") for _ in range(rnd.randint(6, 36))) for _ in range(3000)]
    texts += [f"{rnd.randint(0, 10 ** rnd.randint(1, 31)):,}" + rnd.choice(["", ".5", ".00", ".250", ".1234"]) for _ in range(1000)]
    texts += [t.replace(",", "\u202f").replace(".", ",") for t in texts[-1000:]]
    for t in texts:
        if not (t[0].isdigit() and t[-1].isdigit()):
            continue
        for loc in ("en", "fr", "de"):
            g, d = symbols[loc]["group"], symbols[loc]["decimal"]
            assert outcome(lambda: _strict_decimal(t, g, d)) == outcome(lambda: parse_decimal(t, locale=loc, strict=True)), (t, loc)

