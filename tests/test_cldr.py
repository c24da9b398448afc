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
