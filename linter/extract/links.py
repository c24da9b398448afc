"""Links: URLs (with a scheme, www., bare domains, hard-wrapped), their normal form, and EN/FR localisations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .common import _Mask, Quantity, _lazy, _q, defuse, lower_keep_length
from .emails import _scan_emails


_TRAIL = ".,;:!?'\"*»”’"
_URL_BODY = _lazy(r"[^\s<>\"'`\[\]]+")  # "]" ends it: "[www.x.ca](http://www.x.ca/)"
_TLDS = "int|org|com|net|gov|edu|eu|ca|fr|be|ch|uk|de|lu|nl|it|es|us|info|io|jobs|ngo|coop"
_BARE_RE = _lazy(
    r"(?<![\w.@/:-])(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.)+(?:" + _TLDS + r")(?:/[^\s<>\"'`\[\]]*)?(?![\w@-])",
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


@lru_cache(maxsize=8192)
def _links(text: str) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """(urls, emails) of a text."""
    text = defuse(text)  # linear time whatever the text: see common.defuse
    mask = _Mask(len(text))
    urls: list[Quantity] = []
    if "." not in text:
        return (), ()
    low = lower_keep_length(text)
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
    if "](" in text:
        urls, emails = _without_repeated_targets(text, urls, emails)
    return tuple(urls), tuple(emails)


# Markdown written in a text read as plain text: "[anchor](target)" and "![alt](file)". What a
# reader reads is the anchor; the target is the link (rules.common.side_urls), and a target that
# repeats its anchor ("[info@x.ca](mailto:info@x.ca)") is one address, not two.
MD_LINK = _lazy(r"(?P<img>!?)\[(?P<a>[^\]\n]{0,300})\]\([ \t]*<?(?P<t>[^()\s<>]{1,1000})>?(?:[ \t]+\"[^\"\n]{0,200}\")?[ \t]*\)")


def _without_repeated_targets(text: str, urls: list, emails: list) -> tuple[list, list]:
    drop = set()
    for m in MD_LINK.finditer(text):
        (a0, a1), (t0, t1) = m.span("a"), m.span("t")
        inside = [q for q in urls + emails if a0 <= q.start and q.end <= a1]
        for q in urls + emails:
            if t0 <= q.start and q.end <= t1 and any(_same_place(q, o) for o in inside):
                drop.add(id(q))
    return [q for q in urls if id(q) not in drop], [q for q in emails if id(q) not in drop]


def _same_place(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "email":
        return a.value == b.value
    return _url_core(a.value).rstrip("/") == _url_core(b.value).rstrip("/")


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
    (r"(?<=/)en-(?:us|ca|gb)(?=/|$|[?#])", r"(?<=/)fr-(?:ca|fr|be|ch)(?=/|$|[?#])"),
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
    if _url_core(en_url) == _url_core(fr_url):
        return True
    a, b = _localised_core(en_url, fr_url, patterns)
    return a == b


# --- twin pages: the same place in the other language, or a typo? -------------------------------

_URL_TOKENS = _lazy(r"[^\W_]+")


def _edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Edit distance with transpositions (optimal string alignment), stopping at `cap`.

    Banded: only cells within `cap` of the diagonal are computed, so two long tokens cost
    O(len * cap), never O(len²)."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    # a common prefix and suffix cost nothing: compare what lies between
    k = 0
    while k < len(a) and k < len(b) and a[k] == b[k]:
        k += 1
    a, b = a[max(0, k - 1):], b[max(0, k - 1):]  # keep one letter for a swap at the edge
    k = 0
    while k < len(a) and k < len(b) and a[-1 - k] == b[-1 - k]:
        k += 1
    if k > 1:
        a, b = a[:len(a) - k + 1], b[:len(b) - k + 1]
    if len(a) > 64 + cap or len(b) > 64 + cap:
        return cap  # long different middles: not a slip
    big = cap + 1
    n = len(b)
    prev2: list[int] = []
    prev = [j if j <= cap else big for j in range(n + 1)]
    for i in range(1, len(a) + 1):
        cur = [big] * (n + 1)
        cur[0] = i if i <= cap else big
        ca = a[i - 1]
        for j in range(max(1, i - cap), min(n, i + cap) + 1):
            cb = b[j - 1]
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, prev2[j - 2] + 1)  # two letters swapped: one slip ("exmaple")
            cur[j] = d
        if min(cur) >= cap:
            return cap
        prev2, prev = prev, cur
    return min(prev[-1], cap)


def _near(a: str, b: str) -> bool:
    """Two different tokens that look like a slip of the keyboard, not a translation: one or two
    edits in a word (hq/hg, recruitment/recruitement), or different digits (id=15 / id=16)."""
    if a == b:
        return False
    if any(c.isdigit() for c in a) and any(c.isdigit() for c in b):
        return True
    limit = max(1, min(len(a), len(b)) // 5)
    return _edit_distance(a, b, limit + 1) <= limit


def _localised_core(en_url: str, fr_url: str, patterns) -> tuple[str, str]:
    a, b = _url_core(en_url), _url_core(fr_url)
    try:
        key = tuple(tuple(p) if isinstance(p, (list, tuple)) else p for p in patterns)
    except TypeError:
        key = DEFAULT_URL_LOCALISATIONS
    for i, (en_re, fr_re) in enumerate(_compiled_localisations(key)):
        ph = f"\x00{i}\x00"
        a = en_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, a)
        b = fr_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, b)
        b = en_re.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) else "") + ph, b)
    return a, b


def _token_verdict(a: str, b: str) -> str:
    """'same', 'typo' (a small unexplained difference) or 'twin' (different words: translated)."""
    if a == b:
        return "same"
    from difflib import SequenceMatcher

    ta, tb = _URL_TOKENS.findall(a.lower()), _URL_TOKENS.findall(b.lower())
    if ta == tb:
        return "typo"  # same words, different punctuation (recruit-hq-e / recruit_hq_e)
    # a typo: every difference is a slip (one or two edits in a word, other digits); one
    # difference in whole other words (a translated slug) makes the pair a twin page
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        xs, ys = ta[i1:i2], tb[j1:j2]
        if op == "replace" and len(xs) == len(ys):
            if not all(_near(x, y) for x, y in zip(xs, ys)):
                return "twin"
        elif xs and ys:
            if not _near("".join(xs), "".join(ys)):
                return "twin"  # "recruithq" / "recruit-hq" is near
        elif not any(c.isdigit() for t in xs + ys for c in t):
            return "twin"  # words added or dropped; a number added or dropped (an id) is a slip
    return "typo"


def compare_urls(en_url: str, fr_url: str,
                 patterns: Sequence[tuple[str, str]] = DEFAULT_URL_LOCALISATIONS,
                 hosts: dict[str, str] | None = None) -> str:
    """How the English and the French link of the same place in an aligned pair relate.

    'same': equal after the known EN↔FR localisations (`urls_equivalent`); 'twin': the French
    page of the English one — the path or host differs by whole translated words
    (`canada.ca/en/public-health/…` ↔ `canada.ca/fr/sante-publique/…`,
    `digital.canada.ca/our-values` ↔ `numerique.canada.ca/nos-valeurs`, `#Toc476385558` ↔
    `#rates-ex`); 'typo': a small unexplained difference (`recruit-hq-e` ↔ `recruit-hg-e`,
    `id=15` ↔ `id=16`). `hosts` maps English hosts to the French hosts the notice uses for them
    (`learn_hosts`): a learned host pair is replaced before comparing.
    """
    a, b = _localised_core(en_url, fr_url, patterns)
    if a == b:
        return "same"
    ha, _, ra = a.partition("/")
    hb, _, rb = b.partition("/")
    if hosts and hosts.get(_bare_host(ha)) == _bare_host(hb):
        ha = hb
        a = hb + ("/" + ra if ra or "/" in a else "")
        if a == b:
            return "same"
    ba, bb = _bare_host(ha), _bare_host(hb)
    if ba != bb and ba.rsplit(".", 1)[-1] != bb.rsplit(".", 1)[-1]:
        return "typo"  # a per-language host keeps its suffix (opennorth.ca / nordouvert.ca)
    if ba != bb and hosts and (any(_near(ba, k) for k in hosts if k != ba)
                               or any(_near(bb, v) for v in hosts.values() if v != bb)):
        return "typo"  # a slip in a host the notice uses elsewhere (citizenbudget.con)
    pa, _, fa = a.partition("#")
    pb, _, fb = b.partition("#")
    verdict = _token_verdict(pa, pb)
    if verdict == "twin":
        # a twin page keeps its file type and its query: a slip there is still an error
        ea, eb = _EXT_RE.search(pa.split("?")[0]), _EXT_RE.search(pb.split("?")[0])
        if ea and eb and "/" in pa and "/" in pb and ea.group().lower() != eb.group().lower():
            return "typo"
        qa, qb = pa.partition("?")[2], pb.partition("?")[2]
        if qa and qb and qa != qb and _token_verdict(qa, qb) == "typo":
            return "typo"
    if verdict == "same" and fa != fb:
        # only the fragment differs: the same page, another place in it (`fragment_slip` says
        # whether that can be a slip at all)
        return "fragment"
    if verdict == "twin" and fa and fb and fa != fb and _token_verdict(fa, fb) == "typo":
        return "typo"
    return verdict


def fragment_slip(en_url: str, fr_url: str) -> bool:
    """Two links to the same page whose fragments (`#…`) differ: can that be a slip?

    Not when one side has no fragment (its reader lands at the top of the right page), nor when the
    two pages are each language's own page and the fragments are opaque ids (`#toc12259212260`):
    the other language's page has other anchors, which the tool cannot know. A slip when the page
    is the very same one (its anchors are the same for both readers), or when both fragments are
    words that differ by a keystroke (`#how-to-apply` / `#how-to-aply`)."""
    pa, _, fa = _url_core(en_url).partition("#")
    pb, _, fb = _url_core(fr_url).partition("#")
    if not fa or not fb or fa == fb:
        return False
    if pa == pb:
        return True
    opaque = any(c.isdigit() for c in fa + fb)
    return not opaque and _token_verdict(fa, fb) == "typo"


def _bare_host(h: str) -> str:
    h = h.lower().split(":")[0]
    return h[4:] if h.startswith("www.") else h


def url_host(u: str) -> str:
    """The host of a URL or the domain of an e-mail address, without "www."."""
    if "@" in u and "/" not in u:
        return u.rsplit("@", 1)[1].lower()
    return _bare_host(_url_core(u).partition("/")[0])


def learn_hosts(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Per-language hosts learned from the notice: from (English URL or address, French URL or
    address) pairs found at the same place, the English host → French host pairs used for twins
    (`opennorth.ca` → `nordouvert.ca`, `citizenbudget.com` → `budgetcitoyen.com`). A host the
    notice maps to two different French hosts is kept with the more frequent one; identical
    pairs (`represent.opennorth.ca` on both sides) teach nothing and undo nothing.
    """
    from collections import Counter

    seen: Counter = Counter()
    for en, fr in pairs:
        ha, hb = url_host(en), url_host(fr)
        if ha and hb and ha != hb and _token_verdict(ha, hb) == "twin" and ha.rsplit(".", 1)[-1] == hb.rsplit(".", 1)[-1]:
            seen[(ha, hb)] += 1
            # the registered domain too: www.opennorth.ca/team teaches info@opennorth.ca
            da, db = ".".join(ha.split(".")[-2:]), ".".join(hb.split(".")[-2:])
            if da != db:
                seen[(da, db)] += 1
    out: dict[str, str] = {}
    for (ha, hb), n in seen.most_common():
        out.setdefault(ha, hb)
    return out


def named_hosts(pairs: Sequence[tuple[str, str]], en_text: str, fr_text: str) -> dict[str, str]:
    """English host → French host for the (English, French) URL or address pairs whose domains are
    the publisher's name in each language, written in that version's own text: `opennorth.ca` where
    the English says "Open North", `nordouvert.ca` where the French says "Nord Ouvert". The evidence a
    short notice gives when no link teaches its per-language domain."""
    out: dict[str, str] = {}
    en_words, fr_words = _prose_words(en_text), _prose_words(fr_text)
    for en, fr in pairs:
        ha, hb = url_host(en), url_host(fr)
        if not ha or not hb or ha == hb or ha.rsplit(".", 1)[-1] != hb.rsplit(".", 1)[-1]:
            continue
        la, lb = ha.split(".")[-2] if "." in ha else ha, hb.split(".")[-2] if "." in hb else hb
        if la != lb and _named(la, en_words) and _named(lb, fr_words):
            out.setdefault(ha, hb)
    return out


def _prose_words(text: str) -> tuple[str, ...]:
    """The words of a text outside its links and addresses, lower case, without accents."""
    import unicodedata

    urls, emails = _links(text)
    chars = list(text)
    for q in urls + emails:
        chars[q.start:q.end] = " " * (q.end - q.start)
    flat = "".join(c for c in unicodedata.normalize("NFD", "".join(chars).lower()) if not unicodedata.combining(c))
    return tuple(re.findall(r"[a-z0-9]+", flat))


def _named(label: str, words: tuple[str, ...]) -> bool:
    """Is the domain label one to four consecutive words of the text ("opennorth" = "Open North")?"""
    if len(label) < 4:
        return False
    for i, w in enumerate(words):
        if not label.startswith(w):
            continue
        joined = w
        for k in range(i + 1, min(i + 4, len(words)) + 1):
            if joined == label:
                return True
            if k < len(words):
                joined += words[k]
            if not label.startswith(joined):
                break
    return False


def compare_emails(en: str, fr: str, hosts: dict[str, str] | None = None) -> str:
    """'same', 'twin' (the same mailbox at the French domain the notice uses: `info@opennorth.ca`
    ↔ `info@nordouvert.ca`) or 'typo' (any other difference: a mailbox must be exact)."""
    en, fr = en.lower(), fr.lower()
    if en == fr:
        return "same"
    la, _, da = en.rpartition("@")
    lb, _, db = fr.rpartition("@")
    if la == lb and da != db and (hosts or {}).get(da) == db:
        return "twin"
    return "typo"
