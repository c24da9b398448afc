"""Provinces, states and regions in English and French (ISO 3166-2, from pycountry), which CLDR lacks.

CLDR names countries and time-zone cities; a Canadian notice names its province too ("Moncton, New
Brunswick" = "Moncton (Nouveau-Brunswick)"). pycountry carries ISO 3166-2 with its French translation;
loading all of it costs ~0.7 s, so the top-level subdivisions' English and French names are stored in
linter/data/subdivisions.json (~100 KB, read in under a millisecond when a location is compared).
tests/test_fact_forms.py checks the stored table against the installed pycountry; rewrite the file with
`python -m linter.extract.subdivisions`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "subdivisions.json"


def build() -> dict[str, str]:
    """English and French name of every top-level ISO 3166-2 subdivision → its code (first code wins)."""
    import gettext

    import pycountry

    fr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    out: dict[str, str] = {}
    for s in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if s.parent_code:
            continue
        for name in (s.name, fr.gettext(s.name)):
            out.setdefault(name, s.code)
    return out


@lru_cache(maxsize=1)
def subdivisions() -> dict[str, str]:
    return json.loads(DATA.read_text("utf-8"))


if __name__ == "__main__":
    DATA.write_text(json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
