"""JSON out, per shared/contracts/diagnostics.schema.json: the machine-readable contract."""

from __future__ import annotations

import json
from dataclasses import fields

from ..model import Diagnostic, Location, Result
from ..safeio import json_safe
from .common import summary

__all__ = ["to_json", "diagnostic_json"]


def _loc_json(loc: Location | None):
    if loc is None:
        return None
    d = {f.name: getattr(loc, f.name) for f in fields(loc) if f.name != "place"}
    d = {k: v for k, v in d.items() if v is not None}
    if loc.place:  # page, paragraph; the Word table cell is an addition the schema allows
        d.update(loc.place.json())
    return d


def diagnostic_json(d: Diagnostic) -> dict:
    out = {
        "rule": d.rule, "name": d.name, "severity": str(d.severity), "message": d.message,
        "en": _loc_json(d.en), "fr": _loc_json(d.fr), "suggestion": d.suggestion, "score": d.score,
    }
    if d.side:  # additions the schema allows: the side the defect is in, findings folded into this one
        out["side"] = d.side
    if d.notes:
        out["notes"] = list(d.notes)
    return out


def _file_json(r: Result) -> dict:
    out = {"path": r.path, "error": r.error, "diagnostics": [diagnostic_json(d) for d in r.diagnostics]}
    if getattr(r, "fr_path", None):  # an addition the schema allows: the French file of a pair
        out["fr_path"] = r.fr_path
    if r.split is not None:  # an addition the schema allows: where a combined file was split
        out["split"] = r.split.json()
    return out


def to_json(results: list[Result], tool: dict) -> str:
    doc = {
        "version": 1,
        "tool": tool,
        "files": [_file_json(r) for r in results],
        "summary": summary(results),
    }
    return json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
