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
    "model": str, "cache-dir": str, "pairs": list,
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
    pairs: tuple[tuple[str, str], ...] = ()  # [EN, FR] file-name templates of a pair (linter/pairs.py)

    def with_cli(self, **overrides) -> "Config":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _exists(p: Path) -> bool:
    try:
        return p.exists() or p.is_symlink()
    except OSError:  # a folder we may not search
        return False


def _read_toml(path: Path) -> dict:
    """A TOML file parsed: a regular file of bounded size (never a FIFO, device or huge file), UTF-8,
    valid TOML not nested absurdly deep. Raises ConfigError naming the file."""
    from .safeio import SmallFileError, read_small_file

    try:
        raw = read_small_file(str(path))
    except SmallFileError as e:
        raise ConfigError(f"{path}: {e}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM, as Windows editors save UTF-8
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 (byte {e.start})") from None
    depth = _nesting_depth(text)
    if depth > MAX_NESTING:
        raise ConfigError(f"{path}: arrays or tables nested {depth} deep (the limit is {MAX_NESTING})")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    except (RecursionError, ValueError) as e:
        raise ConfigError(f"{path}: not valid TOML ({e.__class__.__name__})") from None


MAX_NESTING = 50


def _nesting_depth(text: str) -> int:
    """Deepest [ / { nesting outside strings and comments (an upper bound is enough: a refusal says it)."""
    depth = best = 0
    quote = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c in "[{":
            depth += 1
            best = max(best, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
        elif c == "\n" and quote is None:
            pass
        i += 1
    return best


def find_config(start: Path) -> Path | None:
    """The nearest noticelint.toml, or pyproject.toml with a [tool.noticelint] table, at or above start.

    A pyproject.toml on the way that cannot be read or parsed is an error, never skipped: it may be
    the one holding [tool.noticelint]."""
    try:
        start = start.resolve()
        d = start if start.is_dir() else start.parent
    except (OSError, RuntimeError):  # a symlink loop, a folder we may not search
        import os

        d = Path(os.path.abspath(start)).parent
    for folder in (d, *d.parents):
        nl = folder / "noticelint.toml"
        if _exists(nl):
            return _not_leaving(nl)
        pp = folder / "pyproject.toml"
        if _exists(pp):
            try:
                if pp.is_dir():
                    continue
            except OSError:
                continue
            tool = _read_toml(_not_leaving(pp)).get("tool", {})
            if not isinstance(tool, dict):
                raise ConfigError(f"{pp}: 'tool': expected a table, got {type(tool).__name__}")
            if "noticelint" in tool:
                return pp
    return None


def _not_leaving(found: Path) -> Path:
    """A found configuration file, refused (ConfigError) when it is a symbolic link, or lies under one,
    that leads out of its repository: a committed `noticelint.toml -> ~/secret.toml` is never read."""
    from .safeio import leaves_repository

    away = leaves_repository(str(found))
    if away is not None:
        raise ConfigError(f"{found}: a symbolic link leads outside its repository (to {away}); refusing to read it")
    return found


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _read_toml(Path(path))
    if Path(path).name == "pyproject.toml":
        tool = data.get("tool", {})
        where = "[tool.noticelint]"
    else:
        tool = data.get("tool", {}) if "tool" in data else {"noticelint": data}
        where = "[tool.noticelint]" if "tool" in data else "the top level"
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool': expected a table, got {type(tool).__name__}")
    table = tool.get("noticelint", {} if Path(path).name == "pyproject.toml" else data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tool.noticelint': expected a table, got {type(table).__name__}")
    return parse_table(table, f"{path}", where)


_WHAT = {list: "a list", dict: "a table", str: "a string", int: "an integer", bool: "true or false"}
MAX_FILE_SIZE_LIMIT = 1 << 40  # 1 TiB: any more is a typo, and would overflow the readers


def _type(v) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "a boolean", list: "a list",
            dict: "a table"}.get(type(v), type(v).__name__)


def _str_list(value, key, err, nonempty: bool = True) -> None:
    if not isinstance(value, list):
        raise err(key, f"expected a list of strings, got {_type(value)}")
    for k, x in enumerate(value):
        if not isinstance(x, str):
            raise err(key, f"expected a list of strings, item {k + 1} is {_type(x)}")
        if nonempty and not x.strip():
            raise err(key, f"expected a list of non-empty strings, item {k + 1} is empty")


def _check_shapes(table: dict, err) -> None:
    """What every key holds, inside its lists and tables (the top-level types are checked already):
    one error naming the dotted key and what was expected."""
    import math

    from .vocab import _load

    for key in ("include", "exclude", "select", "ignore"):
        if key in table:
            _str_list(table[key], key, err)
    if "fields" in table:
        known = _load("fields.toml")
        for name, langs in table["fields"].items():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                raise err(f"fields.{name}", "unknown field" + (f" (did you mean {close[0]!r}?)" if close
                                                               else f" (fields: {', '.join(known)})"))
            if not isinstance(langs, dict):
                raise err(f"fields.{name}", f"expected a table with en and fr label lists, got {_type(langs)}")
            for lang, labels in langs.items():
                if lang not in ("en", "fr"):
                    raise err(f"fields.{name}.{lang}", "expected en or fr")
                _str_list(labels, f"fields.{name}.{lang}", err)
    if "terms" in table:
        for cat, concepts in table["terms"].items():
            if not isinstance(concepts, dict):
                raise err(f"terms.{cat}", f"expected a table of concepts, got {_type(concepts)}")
            for concept, langs in concepts.items():
                if not isinstance(langs, dict):
                    raise err(f"terms.{cat}.{concept}", f"expected a table with en and fr word lists, got {_type(langs)}")
                for lang, words in langs.items():
                    if lang not in ("en", "fr"):
                        raise err(f"terms.{cat}.{concept}.{lang}", "expected en or fr")
                    _str_list(words, f"terms.{cat}.{concept}.{lang}", err)
    for k, v in table.get("severity", {}).items():
        if not isinstance(v, str):
            raise err(f"severity.{k}", f"expected error, warning, info or off, got {_type(v)}")
    for rule, opts in table.get("rules", {}).items():
        if not isinstance(opts, dict):
            continue  # reported with the rule's name below
        for opt, val in opts.items():
            key = f"rules.{rule}.{opt}"
            if isinstance(val, float) and not math.isfinite(val):
                raise err(key, "expected a finite number")
            if isinstance(val, (int, float)) and not isinstance(val, bool) and val < 0:
                raise err(key, f"expected a number of at least 0, got {val}")
            if isinstance(val, float) and val > 1 and opt.endswith(("threshold", "coverage")):
                raise err(key, f"expected a similarity between 0 and 1, got {val}")
            if opt == "pairs":
                _str_list(val, key, err)
                bad = next((x for x in val if x.count("=") != 1 or not all(p.strip() for p in x.split("="))), None)
                if bad is not None:
                    raise err(key, f"expected \"EN = FR\" acronym pairs, got {bad!r}")
            if opt in ("equivalents", "localisations"):
                if not isinstance(val, list):
                    raise err(key, f"expected a list of lists of names, got {_type(val)}")
                for k, group in enumerate(val):
                    want = 2 if opt == "localisations" else None
                    if not isinstance(group, list) or len(group) < 2 or (want and len(group) != want):
                        raise err(key, f"item {k + 1}: expected a list of {'two patterns' if want else 'two or more names'}, "
                                       f"got {group!r}"[:200])
                    _str_list(group, f"{key}[{k + 1}]", err)
    for k, pair in enumerate(table.get("pairs", [])):
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(t, str) for t in pair):
            raise err(f"pairs[{k + 1}]", f"expected [\"EN template\", \"FR template\"], got {pair!r}"[:200])
        from .pairs import check_template_pair

        why = check_template_pair(*pair)
        if why:
            raise err(f"pairs[{k + 1}]", why)
    if "max-file-size" in table and table["max-file-size"] > MAX_FILE_SIZE_LIMIT:
        raise err("max-file-size", f"expected at most {MAX_FILE_SIZE_LIMIT} bytes (1 TiB)")
    if "model" in table and not table["model"].strip():
        raise err("model", "expected a model name or path, got an empty string")
    if "cache-dir" in table and (not table["cache-dir"].strip() or "\0" in table["cache-dir"]):
        raise err("cache-dir", "expected a folder path (not empty, no NUL character)")


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
            raise err(key, f"expected {_WHAT.get(want, want.__name__)}, got {_type(value)}")
    _check_shapes(table, err)
    by_name = {r.name: r.code for r in REGISTRY.values()}
    run_codes = _run_codes()  # NL901 twin-missing: a finding about the inputs, ignorable and given a severity

    def code_of(key: str, ctx: str) -> str:
        if key in REGISTRY:
            return key
        if key in by_name:
            return by_name[key]
        if key in run_codes:
            return run_codes[key]
        close = difflib.get_close_matches(key, [*REGISTRY, *by_name], n=1)
        raise err(ctx, f"unknown rule {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))

    def selectors(key):
        out = []
        for s in table.get(key, []):
            if not isinstance(s, str):
                raise err(key, "expected a list of rule codes, prefixes or names")
            if not (s in by_name or any(code.startswith(s) for code in REGISTRY) or s in run_codes):
                raise err(key, f"{s!r} matches no rule")
            out.append(by_name.get(s, run_codes.get(s, s)))
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
    if "pairs" in table:
        kw["pairs"] = tuple(tuple(p) for p in table["pairs"])
    return Config(**kw)


def _run_codes() -> dict[str, str]:
    """Codes of findings about the run's inputs rather than a notice's text, by code and name: NL901."""
    from .pairs import TWIN_MISSING

    return {TWIN_MISSING[0]: TWIN_MISSING[0], TWIN_MISSING[1]: TWIN_MISSING[0]}


def confine(config: Config, found: Path | None, model_given: bool = False) -> tuple[Config, list[str]]:
    """A repository's configuration (one found by the search up from a linted file, never one given
    with --config) without a `model`, and with its `cache-dir` kept only when it stays inside the
    repository (the git work tree holding the file, else its folder); a note for each one ignored.

    In CI the repository is written by whoever opened the pull request: its configuration must not
    choose where noticelint writes (a cache folder elsewhere, 600 MB of model files) nor which model
    is loaded (files of its own or elsewhere, a named model, another engine): the default runs.
    --config, --model and NOTICELINT_CACHE_DIR choose freely (with `model_given`, --model overrides
    the repository's model: no note)."""
    import os

    from .safeio import git_top, inside

    if found is None or (config.cache_dir is None and config.model is None):
        return config, []
    folder = os.path.dirname(os.path.abspath(found))
    root = git_top(folder) or folder
    drop, notes = {}, []

    def away(value: str) -> bool:
        try:
            p = os.path.abspath(os.path.expanduser(value))
        except (OSError, ValueError):
            return True
        return not inside(p, root)

    if config.cache_dir is not None and away(config.cache_dir):
        drop["cache_dir"] = None
        notes.append(f"{found}: 'cache-dir' {config.cache_dir!r} is outside the repository ({root}): ignored "
                     "(a repository's configuration may only choose a folder inside it; use NOTICELINT_CACHE_DIR or --config)")
    if config.model is not None:
        drop["model"] = None
        if not model_given:
            notes.append(f"{found}: 'model' {config.model!r} ignored, the default model runs (a repository's "
                         "configuration may not choose the model; use --model or --config)")
    return (replace(config, **drop) if drop else config), notes


def selected(code: str, name: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """ruff's convention: a rule runs when selected (or nothing is), unless a longer ignore matches."""
    def match(sel):
        return sel == name or code.startswith(sel)

    s = max((len(x) for x in select if match(x)), default=0 if not select else -1)
    i = max((len(x) for x in ignore if match(x)), default=-1)
    if select and s < 0:
        return False
    return not (i >= 0 and i >= s)
