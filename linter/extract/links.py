"""Links: URLs (with a scheme, www., bare domains, hard-wrapped), their normal form, and EN/FR localisations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .common import _Mask, Quantity, _lazy, _q
from .emails import _scan_emails


_TRAIL = ".,;:!?'\"*»”’"
_URL_BODY = _lazy(r"[^\s<>\"'`]+")
_TLDS = "int|org|com|net|gov|edu|eu|ca|fr|be|ch|uk|de|lu|nl|it|es|us|info|io|jobs|ngo|coop"
_BARE_RE = _lazy(
    r"(?<![\w.@/:-])(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.)+(?:" + _TLDS + r")(?:/[^\s<>\"'`]*)?(?![\w@-])",
    re.I,
)
_TLD_ANCHOR = _lazy(r"\.(?i:" + _TLDS + r")(?![\w@-])")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


_WRAP_RE = _lazy(r"\s{1,4}([a-z0-9][\w\-./?=&%#~+]*)")
_EXT_RE = _lazy(r"\.[A-Za-z0-9]{2,5}$")


def _strip_trailing(u: str) -> str:
    while u:
        c = u[-1]
        if c in _TRAIL:
            u = u[:-1]
        elif c == ")" and u.count("(") < u.count(")"):
            u = u[:-1]
        elif c == "]" and u.count("[") < u.count("]"):
            u = u[:-1]
        elif c == ">" and "<" not in u:
            u = u[:-1]
        else:
            break
    return u


def normalise_url(u: str) -> str:
    """Lower-case scheme and host, no trailing slash or dot, hard-wrap spaces removed."""
    u = re.sub(r"\s+", "", u.strip())
    m = re.match(r"(?i)^([a-z][a-z0-9+.-]*://)?([^/?#]*)(.*)$", u)
    if not m:
        return u
    scheme, host, rest = (m.group(1) or "").lower(), m.group(2).lower(), m.group(3)
    out = scheme + host + rest
    while out.endswith(("/", ".")) and len(out) > len(scheme) + 1:
        out = out[:-1]
    return out


@lru_cache(maxsize=512)
def _links(text: str) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """(urls, emails) of a text."""
    mask = _Mask(len(text))
    urls: list[Quantity] = []
    if "." not in text:
        return (), ()
    low = text.lower()
    starts = []  # URLs begin with a scheme or with www.
    i = text.find("://")
    while i >= 0:
        for scheme in ("https", "http", "ftp"):
            s = i - len(scheme)
            if s >= 0 and low.startswith(scheme, s) and not (s and (text[s - 1].isalnum() or text[s - 1] in "_@")):
                starts.append(s)
                break
        i = text.find("://", i + 3)
    i = low.find("www.")
    while i >= 0:
        if not (i and (text[i - 1].isalnum() or text[i - 1] in "_.@/-")):
            starts.append(i)
        i = low.find("www.", i + 4)
    for s in sorted(starts):
        m = _URL_BODY.match(text, s)
        raw = _strip_trailing(m.group()) if m else ""
        if "." not in raw:
            continue
        e = s + len(raw)
        if raw[-1] in "-_/" and not (s and text[s - 1] == "<"):
            w = _WRAP_RE.match(text, e)  # a hard wrap inside the URL ("recruit-hq-\ne.htm")
            if w:
                more = _strip_trailing(w.group(1))
                if more and ("/" in more or "=" in more or _EXT_RE.search(more)):
                    e = w.start(1) + len(more)
        if not mask.free(s, e):
            continue
        mask.take(s, e)
        urls.append(_q(text, "url", normalise_url(text[s:e]), s, e))
    emails = _scan_emails(text, mask)
    for a in _TLD_ANCHOR.finditer(text):
        s = a.start()
        while s > 0 and text[s - 1] in _DOMAIN_CHARS:
            s -= 1
        m = _BARE_RE.match(text, s)
        if not m:
            continue
        raw = _strip_trailing(m.group())
        e = s + len(raw)
        if "." not in raw or not mask.free(s, e):
            continue
        mask.take(s, e)
        urls.append(_q(text, "url", normalise_url(raw), s, e))
    urls.sort(key=lambda q: q.start)
    return tuple(urls), tuple(emails)


# URL localisations: (English form, French form), both regular expressions. Either side's token
# is replaced by the same placeholder before comparing; the French URL may also keep the English
# token (NATO's French notices link to ".../cps/fr/natolive/recruit-hq-e.htm").
DEFAULT_URL_LOCALISATIONS: tuple[tuple[str, str], ...] = (
    (r"(?<=/)en(?=/|$|[?#])", r"(?<=/)fr(?=/|$|[?#])"),
    (r"(?<=/)eng(?=/|$|[?#])", r"(?<=/)fra(?=/|$|[?#])"),
    (r"(?<=/)english(?=/|$|[?#])", r"(?<=/)(?:francais|français|french)(?=/|$|[?#])"),
    (r"(?<=[?&;])((?:lang|language|locale|selectedLocale|hl|lg|ln)=)en(?:g|glish)?(?=&|$|#)",
     r"(?<=[?&;])((?:lang|language|locale|selectedLocale|hl|lg|ln)=)(?:fr|fra|french)(?=&|$|#)"),
    (r"-eng(?=[./?#_-]|$)", r"-fra(?=[./?#_-]|$)"),
    (r"[_-]en(?=[./?#]|$)", r"[_-]fr(?=[./?#]|$)"),
    (r"-e(?=\.[a-z]{2,5}(?:[?#]|$))", r"-f(?=\.[a-z]{2,5}(?:[?#]|$))"),
    (r"^en\.", r"^fr\."),
)


def _url_core(u: str) -> str:
    u = normalise_url(u)
    u = re.sub(r"(?i)^[a-z][a-z0-9+.-]*://", "", u)
    return re.sub(r"(?i)^www\.", "", u)


@lru_cache(maxsize=64)
def _compiled_localisations(patterns: tuple) -> tuple:
    out = []
    for pair in patterns:
        try:
            en_p, fr_p = pair
            out.append((re.compile(en_p, re.I), re.compile(fr_p, re.I)))
        except (re.error, TypeError, ValueError):
            continue  # a malformed pattern from a configuration is ignored
    return tuple(out)


def urls_equivalent(en_url: str, fr_url: str,
                    patterns: Sequence[tuple[str, str]] = DEFAULT_URL_LOCALISATIONS) -> bool:
    """True when the two URLs are the same after undoing the known EN↔FR localisations.

    `patterns` are (English regex, French regex) pairs: "/en/"↔"/fr/", "lang=en"↔"lang=fr",
    "_en"↔"_fr", "-eng"↔"-fra", "-e.htm"↔"-f.htm", "/english/"↔"/francais/", "en."↔"fr.".
    The French URL may keep the English form (it links to an English-only page); the English URL
    pointing at the French page is not equivalent. http/https, a missing scheme and "www." are
    ignored: the patterns are applied to the URL without its scheme and "www." (so a host prefix
    is matched with "^en\\."). Invalid patterns are skipped. A typo (recruit-hq-e ↔ recruit-hg-e)
    is not equivalent.
    """
    a, b = _url_core(en_url), _url_core(fr_url)
    if a == b:
        return True
    try:
        key = tuple(tuple(p) if isinstance(p, (list, tuple)) else p for p in patterns)
    except TypeError:
        key = DEFAULT_URL_LOCALISATIONS
    for i, (en_re, fr_re) in enumerate(_compiled_localisations(key)):
        ph = f"\x00{i}\x00"
        a = en_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, a)
        b = fr_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, b)
        b = en_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, b)
    return a == b
