"""Pairs found by name: a notice kept as two files, one per language, is linted as one notice.

The usual conventions (case-insensitive), tried in this order after the configuration's own `pairs`:

    NAME.en.EXT / NAME.fr.EXT        job-123.en.md, job-123.fr.md
    NAME-e.EXT / NAME-f.EXT          job-123-e.txt, job-123-f.txt
    NAME_en.EXT / NAME_fr.EXT        job_123_en.docx, job_123_fr.docx
    NAME-en.EXT / NAME-fr.EXT        job-123-EN.md, job-123-FR.md
    en/PATH / fr/PATH                site/en/jobs/123.md, site/fr/jobs/123.md (mirrored trees)

A template is a path ending: `{name}` stands for any text inside one file or folder name, `{path}` for
any text across folders, `{ext}` for the file's extension (`.md`); both templates of a pair hold the same
placeholders. A file that matches a template is a half; its twin is the other template filled with the
same text, looked for among the files of the run first, then on disk (so a pre-commit hook given one
staged half lints the pair), in any case (`JOB-EN.md` finds `job-fr.md`).

A half whose twin is nowhere is linted alone (it may hold both versions); when it holds one language
only, it becomes one finding, NL901 twin-missing (a warning by default), instead of an input that could
not be linted: a commit of an English draft whose French is not written yet is not refused whole.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

__all__ = ["BUILTIN", "TWIN_MISSING", "Half", "compile_pairs", "check_template_pair", "plan", "twin_missing"]

BUILTIN: tuple[tuple[str, str], ...] = (
    ("{name}.en{ext}", "{name}.fr{ext}"),
    ("{name}-e{ext}", "{name}-f{ext}"),
    ("{name}_en{ext}", "{name}_fr{ext}"),
    ("{name}-en{ext}", "{name}-fr{ext}"),
    ("en/{path}", "fr/{path}"),
)

# A finding about the run's inputs, not about a notice's text (as NL900 internal-error): not a rule of
# the registry, but selectable, ignorable and given a severity like one (config.py, cli.py).
TWIN_MISSING = ("NL901", "twin-missing")
TWIN_MISSING_SEVERITY = "warning"

_PLACEHOLDERS = {"name": r"[^/]+?", "path": r".+?", "ext": r"\.[^./]+"}
_FIELD = re.compile(r"\{(\w*)\}")


def check_template_pair(en: str, fr: str) -> str | None:
    """Why an [EN, FR] pair of templates cannot be used, or None."""
    for t in (en, fr):
        if not t.strip():
            return "a template is empty"
        unknown = [f for f in _FIELD.findall(t) if f not in _PLACEHOLDERS]
        if unknown:
            return f"unknown placeholder {{{unknown[0]}}} in {t!r} (use {{name}}, {{path}} or {{ext}})"
        if not any(f in ("name", "path") for f in _FIELD.findall(t)):
            return f"{t!r} holds neither {{name}} nor {{path}}"
        if len(_FIELD.findall(t)) != len(set(_FIELD.findall(t))):
            return f"a placeholder is repeated in {t!r}"
    if sorted(_FIELD.findall(en)) != sorted(_FIELD.findall(fr)):
        return f"{en!r} and {fr!r} do not hold the same placeholders"
    if en.casefold() == fr.casefold():
        return f"the English and French templates are the same ({en!r})"
    return None


@dataclass(frozen=True)
class _Template:
    regex: re.Pattern
    other: str  # the twin's template

    def twin(self, path: str) -> str | None:
        m = self.regex.match(path)
        if not m:
            return None
        fields = m.groupdict()
        return fields.pop("_prefix") + _FIELD.sub(lambda f: fields[f.group(1)], self.other)


def _compile(template: str, other: str) -> _Template:
    body, pos = [], 0
    for m in _FIELD.finditer(template):
        body.append(re.escape(template[pos:m.start()]))
        body.append(f"(?P<{m.group(1)}>{_PLACEHOLDERS[m.group(1)]})")
        pos = m.end()
    body.append(re.escape(template[pos:]))
    return _Template(re.compile(r"(?P<_prefix>(?:.*/)?)" + "".join(body) + r"\Z", re.IGNORECASE | re.DOTALL), other)


def compile_pairs(custom=()) -> list[tuple[_Template, _Template]]:
    """(English half, French half) matchers: the configuration's pairs first, then the built-in ones."""
    return [(_compile(en, fr), _compile(fr, en)) for en, fr in (*map(tuple, custom), *BUILTIN)]


@dataclass(frozen=True)
class Half:
    """A file named as one language's half whose twin was not found: the twin expected, and its language."""

    path: str
    lang: str  # the language of `path` by its name: "en" or "fr"
    twin: str


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _on_disk(candidate: str) -> str | None:
    """`candidate` as it is on disk, matched without regard to case where the exact name is absent (a
    regular file only), or None."""
    if os.path.isfile(candidate):
        return candidate
    head, parts = ("/" if candidate.startswith("/") else ""), [p for p in candidate.split("/") if p]
    cur = head
    for i, part in enumerate(parts):
        nxt = cur + part if cur in ("", "/") else f"{cur}/{part}"
        if not os.path.exists(nxt):
            try:
                names = os.listdir(cur or ".")
            except OSError:
                return None
            hit = sorted(n for n in names if n.casefold() == part.casefold())
            if not hit:
                return None
            nxt = cur + hit[0] if cur in ("", "/") else f"{cur}/{hit[0]}"
        cur = nxt
    return cur if os.path.isfile(cur) else None


def _role(path: str, matchers) -> list[tuple[str, str]]:
    """Each (language, twin) a file's name gives it, in the order of the conventions."""
    out = []
    p = _posix(path)
    for en, fr in matchers:
        for lang, m in (("en", en), ("fr", fr)):
            twin = m.twin(p)
            if twin is not None:
                out.append((lang, twin))
                break
    return out


def plan(files: list[str], custom=()) -> tuple[list, dict[str, Half]]:
    """The run's files as items to lint: a path, or an (English, French) pair of paths; and the halves
    whose twin is nowhere (each also an item, linted alone), by path. Order: as the files come; a pair
    where its first half comes. A file given twice, or given with its twin, is linted once."""
    matchers = compile_pairs(custom)
    given = {}
    for f in files:
        given.setdefault(_posix(f).casefold(), f)
    items: list = []
    lone: dict[str, Half] = {}
    done: set[str] = set()
    for f in files:
        key = _posix(f).casefold()
        if key in done:
            continue
        roles = _role(f, matchers)
        found = None
        for lang, twin in roles:
            partner = given.get(twin.casefold())
            if partner is None and twin.casefold() != key:
                partner = _on_disk(twin)
                if partner is not None and os.sep != "/":
                    partner = partner.replace("/", os.sep)
            if partner is not None and _posix(partner).casefold() != key:
                found = (lang, partner)
                break
        done.add(key)
        if found is None:
            items.append(f)
            if roles:
                lone[f] = Half(f, roles[0][0], roles[0][1])
            continue
        lang, partner = found
        done.add(_posix(partner).casefold())
        items.append((f, partner) if lang == "en" else (partner, f))
    return items, lone


_ONE_LANGUAGE = "only one language found"  # split.py's reason for a file that holds one version


def twin_missing(result, half: Half, config):
    """The result of a lone half: when it proved to hold one language only, one NL901 finding naming the
    twin expected (at the severity the configuration gives twin-missing, warning by default; none when
    it ignores NL901) instead of an input error; otherwise (it held both versions, or could not be read)
    unchanged."""
    from .model import Diagnostic, Location, Severity

    if not result.error or _ONE_LANGUAGE not in result.error:
        return result
    severity = config.severity.get(TWIN_MISSING[0], Severity.parse(TWIN_MISSING_SEVERITY))
    if any(x in TWIN_MISSING for x in config.ignore):
        result.error = None
        return result
    this, other = ("English", "French") if half.lang == "en" else ("French", "English")
    where = Location(half.path, 1, 1)
    message = (f"{other} version missing: this {this} half's twin {half.twin} is not there, so nothing was "
               f"compared (add it, or give the pair with --en/--fr)")
    d = Diagnostic(TWIN_MISSING[0], TWIN_MISSING[1], severity, message,
                   where if half.lang == "en" else None, where if half.lang == "fr" else None,
                   side=half.lang)
    result.error = None
    result.diagnostics = [d]
    return result
