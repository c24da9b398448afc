"""The CLDR tables every notice's scan reads: month names (en/fr, wide and abbreviated) and currency
symbols, names and ISO codes, the number symbols of en, fr and de, country and city names.

They are computed from Babel (`build()`) and stored in linter/data/cldr.json, read at run time: building
them imports Babel and loads the en, fr, en_GB, fr_CA and en_CA locale data and Babel's global data,
about 0.04-0.05 CPU s per process, as much as the rest of a short notice's checks. Babel itself is
still used to write values back in hints (extract/format.py). tests/test_cldr.py checks the stored
tables against the installed Babel (a Babel upgrade with new CLDR data fails it); rewrite the file
with `python -m linter.extract.cldr`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "cldr.json"

_COMMON_CURRENCIES = ("EUR", "USD", "CAD", "GBP", "CHF", "AUD", "NZD", "JPY", "SEK", "NOK", "DKK",
                      "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "ISK", "CNY", "INR", "ZAR")


def _build_months() -> dict[str, int]:
    from .common import _locale, _strip_accents

    table: dict[str, int] = {}
    for code in ("en", "fr", "en_GB", "fr_CA"):  # en_GB: "Sept"; fr_CA: "juill."
        loc = _locale(code)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for m, name in loc.months[ctx][width].items():
                    for v in (name, _strip_accents(name)):
                        table.setdefault(v.lower().rstrip("."), m)
    return table


def _build_currencies() -> tuple[dict[str, str], dict[str, str], list[str]]:
    from babel.numbers import get_currency_name, list_currencies

    from .common import _locale, _strip_accents

    codes = sorted(list_currencies())
    symbols: dict[str, set] = {}
    names: dict[str, str] = {}
    for loc_code in ("en", "fr", "en_CA", "fr_CA", "en_GB"):
        loc = _locale(loc_code)
        for code in _COMMON_CURRENCIES:
            sym = loc.currency_symbols.get(code)
            if sym and not sym.isalpha() and sym != code:
                symbols.setdefault(sym, set()).add(code)
                if "\u00a0" in sym:
                    symbols.setdefault(sym.replace("\u00a0", " "), set()).add(code)
            for count in (1, 2):
                try:
                    name = get_currency_name(code, count, loc_code)
                except Exception:
                    continue
                if name and name != code:
                    for v in (name, _strip_accents(name)):
                        names.setdefault(v.lower(), code)
    sym_map = {s: (next(iter(c)) if len(c) == 1 else ("$" if "$" in s else "")) for s, c in symbols.items()}
    sym_map["$"] = "$"  # a bare dollar sign: USD for en, CAD for en_CA and fr_CA
    for s, c in (("US$", "USD"), ("$US", "USD"), ("$ US", "USD"), ("CA$", "CAD"), ("$CA", "CAD"),
                 ("$ CA", "CAD"), ("C$", "CAD"), ("CAN$", "CAD")):
        sym_map.setdefault(s, c)
    sym_map = {s: c for s, c in sym_map.items() if c}
    for w in ("dollar", "dollars"):
        names[w] = "$"
    return sym_map, names, codes


def _build_number_symbols() -> dict[str, dict[str, str]]:
    """Group and decimal symbols and the decimal pattern of the locales numbers are read in."""
    from .common import _locale

    out = {}
    for code in NUMBER_LOCALES:
        loc = _locale(code)
        out[code] = {"group": loc.number_symbols["latn"]["group"], "decimal": loc.number_symbols["latn"]["decimal"],
                     "pattern": loc.decimal_formats[None].pattern}
    return out


NUMBER_LOCALES = ("en", "fr", "de")  # de: 1.234.567,89


def _build_places() -> dict:
    """Country names and time-zone cities of en and fr, in CLDR's order (vocab.py folds them)."""
    from babel import Locale

    en, fr = Locale("en"), Locale("fr")
    return {
        "territories": {lg: dict(loc.territories.items()) for lg, loc in (("en", en), ("fr", fr))},
        "zone_cities": {lg: {tz: info["city"] for tz, info in loc.time_zones.items() if info.get("city")}
                        for lg, loc in (("en", en), ("fr", fr))},
        "fr_zones": list(fr.time_zones),
    }


def build() -> dict:
    """The tables from the installed Babel, in the shape cldr.json stores."""
    sym_map, names, codes = _build_currencies()
    return {"months": _build_months(), "currency_symbols": sym_map, "currency_names": names, "currency_codes": codes,
            "number_symbols": _build_number_symbols(), "places": _build_places()}


@lru_cache(maxsize=None)
def tables() -> dict:
    """The stored tables (built from Babel when the file is missing)."""
    try:
        with open(DATA, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return build()


def months() -> dict[str, int]:
    """Month name (lower case, without trailing dot) → month, from CLDR: en/fr, wide and abbreviated."""
    return tables()["months"]


def number_symbols() -> dict[str, dict[str, str]]:
    """locale → {"group", "decimal", "pattern"} (the standard decimal pattern) for en, fr and de."""
    return tables()["number_symbols"]


def places() -> dict:
    """{"territories": {lang: {code: name}}, "zone_cities": {lang: {zone: city}}, "fr_zones": [zone]}."""
    return tables()["places"]


@lru_cache(maxsize=None)
def currencies() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(symbol → code or "$", name → code or "$", every ISO currency code)."""
    t = tables()
    return t["currency_symbols"], t["currency_names"], frozenset(t["currency_codes"])


if __name__ == "__main__":
    DATA.write_text(json.dumps(build(), ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {DATA}")
