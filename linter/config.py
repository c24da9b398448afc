"""Configuration: `[tool.noticelint]` in pyproject.toml or a noticelint.toml, found by walking up from the input."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Severity
from .limits import DEFAULT_MAX_BYTES

KNOWN_KEYS = {
    "select": list, "ignore": list, "fail-on": str, "severity": dict, "rules": dict, "fields": dict,
    "terms": dict, "include": list, "exclude": list, "max-file-size": int, "embeddings": bool,
    "model": str, "cache-dir": str,
}


class ConfigError(Exception):
    """A configuration file that cannot be used; str() names the file, the key and the reason."""


@dataclass(frozen=True)
class Config:
    path: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    severity: dict = field(default_factory=dict)  # code -> Severity
    rules: dict = field(default_factory=dict)  # code -> options
    fields: dict = field(default_factory=dict)
    terms: dict = field(default_factory=dict)
    include: tuple[str, ...] = ("*.txt", "*.md", "*.markdown", "*.docx", "*.pdf")
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_BYTES
    embeddings: bool = True
    model: str | None = None
    cache_dir: str | None = None

    def with_cli(self, **overrides) -> "Config":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def find_config(start: Path) -> Path | None:
    """The nearest noticelint.toml, or pyproject.toml with a [tool.noticelint] table, at or above start."""
    try:
        start = start.resolve()
        d = start if start.is_dir() else start.parent
    except (OSError, RuntimeError):  # a symlink loop, a folder we may not search
        import os

        d = Path(os.path.abspath(start)).parent
    for folder in (d, *d.parents):
        nl = folder / "noticelint.toml"
        if nl.is_file():
            return nl
        pp = folder / "pyproject.toml"
        if pp.is_file():
            try:
                if "noticelint" in tomllib.loads(pp.read_text("utf-8")).get("tool", {}):
                    return pp
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read ({e})") from None
    if Path(path).name == "pyproject.toml":
        table = data.get("tool", {}).get("noticelint", {})
        where = "[tool.noticelint]"
    else:
        table = data.get("tool", {}).get("noticelint", data)
        where = "[tool.noticelint]" if "tool" in data else "the top level"
    return parse_table(table, f"{path}", where)


def parse_table(table: dict, name: str, where: str) -> Config:
    from rules import REGISTRY

    def err(key, reason):
        return ConfigError(f"{name}: {key!r} in {where}: {reason}")

    for key, value in table.items():
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(sorted(KNOWN_KEYS))})"
            raise err(key, "unknown key" + hint)
        want = KNOWN_KEYS[key]
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise err(key, f"expected {want.__name__}, got {type(value).__name__}")
    by_name = {r.name: r.code for r in REGISTRY.values()}

    def code_of(key: str, ctx: str) -> str:
        if key in REGISTRY:
            return key
        if key in by_name:
            return by_name[key]
        close = difflib.get_close_matches(key, [*REGISTRY, *by_name], n=1)
        raise err(ctx, f"unknown rule {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))

    def selectors(key):
        out = []
        for s in table.get(key, []):
            if not isinstance(s, str):
                raise err(key, "expected a list of rule codes, prefixes or names")
            if not (s in by_name or any(code.startswith(s) for code in REGISTRY)):
                raise err(key, f"{s!r} matches no rule")
            out.append(by_name.get(s, s))
        return tuple(out)

    kw: dict = {"path": name, "select": selectors("select"), "ignore": selectors("ignore")}
    if "fail-on" in table:
        try:
            kw["fail_on"] = Severity.parse(table["fail-on"])
        except ValueError as e:
            raise err("fail-on", str(e)) from None
    sev = {}
    for k, v in table.get("severity", {}).items():
        try:
            sev[code_of(k, "severity")] = Severity.parse(str(v))
        except ValueError as e:
            raise err(f"severity.{k}", str(e)) from None
    kw["severity"] = sev
    rules_opts = {}
    for k, v in table.get("rules", {}).items():
        code = code_of(k, f"rules.{k}")
        if not isinstance(v, dict):
            raise err(f"rules.{k}", "expected a table of options")
        known = REGISTRY[code].options
        for opt, val in v.items():
            if opt not in known:
                raise err(f"rules.{k}.{opt}", f"unknown option (options of {REGISTRY[code].name}: {', '.join(known) or 'none'})")
            if known[opt] is not None and not isinstance(val, type(known[opt])) and not (
                    isinstance(known[opt], float) and isinstance(val, int)):
                raise err(f"rules.{k}.{opt}", f"expected {type(known[opt]).__name__}, got {type(val).__name__}")
        rules_opts[code] = v
    kw["rules"] = rules_opts
    for k in ("fields", "terms"):
        if k in table:
            kw[k] = table[k]
    for k in ("include", "exclude"):
        if k in table:
            kw[k] = tuple(table[k])
    if "max-file-size" in table:
        if table["max-file-size"] <= 0:
            raise err("max-file-size", "must be a positive number of bytes")
        kw["max_file_size"] = table["max-file-size"]
    for k, attr in (("embeddings", "embeddings"), ("model", "model"), ("cache-dir", "cache_dir")):
        if k in table:
            kw[attr] = table[k]
    return Config(**kw)


def selected(code: str, name: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """ruff's convention: a rule runs when selected (or nothing is), unless a longer ignore matches."""
    def match(sel):
        return sel == name or code.startswith(sel)

    s = max((len(x) for x in select if match(x)), default=0 if not select else -1)
    i = max((len(x) for x in ignore if match(x)), default=-1)
    if select and s < 0:
        return False
    return not (i >= 0 and i >= s)
