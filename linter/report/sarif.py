"""SARIF 2.1.0 out: one run, every rule in the driver, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from ..model import Severity
from ..safeio import json_safe

__all__ = ["to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> tuple[str, bool]:
    """(URI reference, is relative) of a path as given on the command line."""
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        return Path(path).as_uri(), False
    return quote(os.fsencode(p), safe="/-._~!$&'()*+,;=@"), True  # bytes: a name that is not UTF-8 too


def _sarif_location(loc, message: str | None = None, loc_id: int | None = None) -> dict:
    uri, relative = _uri(loc.path)
    artifact = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "SRCROOT"
    region = {"startLine": loc.line, "startColumn": loc.column,
              "endLine": loc.end_line or loc.line}
    if loc.end_column:
        region["endColumn"] = loc.end_column
    if loc.text:
        region["snippet"] = {"text": loc.text}
    out: dict = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    if loc_id is not None:
        out["id"] = loc_id
    if message:
        out["message"] = {"text": message}
    if loc.place:  # the page, Word paragraph or table cell the text is in
        out["properties"] = loc.place.json()
    return out


def to_sarif(results, tool: dict) -> str:
    """One SARIF 2.1.0 run: every rule in the driver, one result per diagnostic (EN location first,
    FR as a related location), inputs that could not be linted and where a combined file was split as tool
    execution notifications."""
    from rules import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver_rules = []
    for r in rules:
        d = {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary or r.name},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
            "properties": {"tags": ["bilingual", r.family]},
        }
        if r.doc:
            d["fullDescription"] = {"text": r.doc}
            d["help"] = {"text": r.doc, "markdown": r.doc}
        if r.needs_embeddings:
            d["properties"]["needsEmbeddings"] = True
        driver_rules.append(d)

    sarif_results = []
    notifications = []
    for res in results:
        if res.error:
            uri, relative = _uri(res.path)
            artifact = {"uri": uri, **({"uriBaseId": "SRCROOT"} if relative else {})}
            notifications.append({
                "level": "error",
                "message": {"text": res.error},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                "descriptor": {"id": "input-error"},
            })
        if res.split is not None:  # a combined file: where its versions were split, as every report says
            uri, relative = _uri(res.path)
            artifact = {"uri": uri, **({"uriBaseId": "SRCROOT"} if relative else {})}
            notifications.append({
                "level": "warning" if res.split.doubt else "note",
                "message": {"text": res.split.describe()},
                "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": res.split.line}}}],
                "descriptor": {"id": "split"},
                "properties": {"split": res.split.json()},
            })
        for d in res.diagnostics:
            primary, other = (d.en, d.fr) if d.en is not None else (d.fr, None)
            if primary is None:
                continue
            text = d.message + (f" Suggestion: {d.suggestion}" if d.suggestion else "")
            r = {
                "ruleId": d.rule,
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": text},
                "locations": [_sarif_location(primary, "English version" if d.en is not None else "French version")],
            }
            if d.rule in index:
                r["ruleIndex"] = index[d.rule]
            if other is not None:
                r["relatedLocations"] = [_sarif_location(other, "French version", 1)]
            key = "\x1f".join((d.rule, d.message, d.en.text if d.en else "", d.fr.text if d.fr else ""))
            r["partialFingerprints"] = {"noticelint/v1": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]}
            props = {"name": d.name}
            if d.suggestion:
                props["suggestion"] = d.suggestion
            if d.score is not None:
                props["score"] = d.score
            if d.en is None:
                props["englishMissing"] = True
            if d.fr is None:
                props["frenchMissing"] = True
            r["properties"] = props
            sarif_results.append(r)

    driver = {"name": "noticelint", "rules": driver_rules}
    if tool.get("version"):
        driver["version"] = str(tool["version"])
        driver["semanticVersion"] = str(tool["version"])
    if tool.get("model"):
        driver["properties"] = {"model": tool["model"]}
    run = {
        "tool": {"driver": driver},
        "invocations": [{
            "executionSuccessful": not any(r.error for r in results),
            "toolExecutionNotifications": notifications,
        }],
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
