"""What two or more rule families share: the text of a pair's side and spans inside it, the pairing of
unequal values and the findings for those left on each side (`differences`), the fixes both ways, the
links and e-mails of a side, a term spelled as a side spells it."""

from __future__ import annotations

import re
from itertools import zip_longest
from typing import Callable, Iterable, Sequence

from linter.model import Block, Finding, Notice, Pair, Severity, Span
from linter.vocab import fold


def joined(blocks: Sequence[Block]) -> str:
    return " ".join(b.text for b in blocks)


def span_in(blocks: Sequence[Block], start: int = 0, end: int | None = None) -> Span | None:
    """The Span of [start, end) in the blocks' joined text (blocks are joined by one space)."""
    if not blocks:
        return None
    offset = 0
    for b in blocks:
        if start <= offset + len(b.text) or b is blocks[-1]:
            s = max(0, start - offset)
            e = None if end is None else max(s, min(len(b.text), end - offset))
            return Span(b, s, e)
        offset += len(b.text) + 1
    return Span(blocks[-1])


def both_sides(notice: Notice, kinds: Iterable[str] | None = None) -> Iterable[Pair]:
    """Linked pairs (both sides present), optionally of some block kinds only."""
    wanted = set(kinds) if kinds else None
    for p in notice.pairs:
        if p.en and p.fr and (wanted is None or p.kind in wanted):
            yield p


def unmatched(en_items: Sequence, fr_items: Sequence, same: Callable[[object, object], bool]):
    """Items of each side with no equal item on the other (multiset difference), paired in order.

    Yields (en_item | None, fr_item | None): a changed value comes out as one pair, a value present
    on one side only as a pair with None.
    """
    fr_left = list(fr_items)
    en_left = []
    for a in en_items:
        for i, b in enumerate(fr_left):
            if same(a, b):
                del fr_left[i]
                break
        else:
            en_left.append(a)
    yield from zip_longest(en_left, fr_left)


def in_section(number: int | None) -> str:
    """Where a block stands, for messages: "in section 3", or before the first heading."""
    return f"in section {number}" if number is not None else "before the first section"


def field_pair(notice: Notice, key: str) -> Pair | None:
    for p in notice.pairs:
        block = (p.en or p.fr)[0]
        if block.kind == "field" and block.key == key:
            return p
    return None


def title_pair(notice: Notice) -> Pair | None:
    for p in notice.pairs:
        if (p.en or p.fr)[0].kind == "title":
            return p
    return None


def both_ways(for_fr: str | None, for_en: str | None, verb: str = "write") -> str | None:
    """The fix for whichever side is wrong, each in its own side's style, when the tool cannot know which:
    "if the English is right, write X in the French; if the French is right, write Y in the English"."""
    parts = []
    if for_fr:
        parts.append(f"if the English is right, {verb} {for_fr} in the French")
    if for_en:
        parts.append(f"if the French is right, {verb} {for_en} in the English")
    return "; ".join(parts) or None


def _is_abbreviation(s: str) -> bool:
    s = s.strip()
    return bool(s) and " " not in s and s.isupper() and len(s) <= 5


def spelled_like(spellings: list[str], written: str) -> str | None:
    """The spelling among a term's `spellings` closest to how the side wrote its own term: an
    abbreviation for an abbreviation (`NS` → `NC`), the same words (`OTAN CONFIDENTIEL` → `OTAN SECRET`),
    the same letter case; the vocabulary's first spelling when nothing tells."""
    if not spellings:
        return None
    w = written.strip()
    if not w:
        return spellings[0]
    words = set(fold(w).split())
    best = max(spellings, key=lambda c: (_is_abbreviation(c) == _is_abbreviation(w), len(set(fold(c).split()) & words)))
    if not _is_abbreviation(w) and not _is_abbreviation(best):
        if w.isupper():
            best = best.upper()
        elif w.islower():
            best = best.lower()
    return best


def localise_url_like(url: str, like: str, to_lang: str, patterns=None) -> str:
    """`url` (written for the other language) with the language markers `like` uses for `to_lang`.

    localise_url_like("https://x.int/cps/en/recruit-hq-e.htm", "https://x.int/cps/fr/recruit-hg-e.htm", "fr")
    → "https://x.int/cps/fr/recruit-hq-e.htm": the French URL's localisation of the English one (its /fr/,
    and its -e kept, as the French wrote it), so the hint is the URL the French side should hold.
    """
    import re

    from linter import extract as X

    m = re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?", url)
    head, rest = url[:m.end()], url[m.end():]
    like_rest = re.sub(r"(?i)^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?", "", like)
    for en_p, fr_p in (*(patterns or ()), *X.DEFAULT_URL_LOCALISATIONS):
        try:
            src, dst = (re.compile(en_p, re.I), re.compile(fr_p, re.I))
        except (re.error, TypeError):
            continue
        if to_lang == "en":
            src, dst = dst, src
        target = dst.search(like_rest)
        if target and src.search(rest) and not dst.search(rest):
            rest = src.sub(lambda _m: target.group(0), rest, count=1)
    return head + rest


def url_fix(en_url: str, fr_url: str, patterns=None) -> str | None:
    """Both ways, each URL as the other side should hold it, in that side's own localisation."""
    return both_ways(localise_url_like(en_url, fr_url, "fr", patterns), localise_url_like(fr_url, en_url, "en", patterns),
                     verb="use")


def differences(left: Iterable[tuple], what: str, at: Callable, show=lambda q: q.text, suggest=None,
                lone_severity: Severity | None = None):
    """Findings for the values left on each side once the equal ones are set aside, in one wording for
    every rule: "amount differs: English $38,000, French 36 000 $" for a value changed (one on each
    side), "could not find the English amount $500 in the French" for a value on one side only.

    `left` yields (English value or None, French value or None): `unmatched`'s pairs, or the values
    left on each side paired in order; `at(value, lang)` gives the Span of a value, or of that side as
    a whole for None (`in_field`, `in_pair`); `show(value)` quotes a value; `suggest(a, b)` is the fix
    for a changed value; `lone_severity` the severity of a value on one side only, when it is below the
    rule's (the other side may write it in a form the extractor does not read).
    """
    for a, b in left:
        if a is not None and b is not None:
            yield Finding(f"{what} differs: English {show(a)}, French {show(b)}", at(a, "en"), at(b, "fr"),
                          suggestion=suggest(a, b) if suggest else None)
        elif a is not None:
            yield Finding(f"could not find the English {what} {show(a)} in the French", at(a, "en"), at(None, "fr"),
                          severity=lone_severity)
        elif b is not None:
            yield Finding(f"could not find the French {what} {show(b)} in the English", at(None, "en"), at(b, "fr"),
                          severity=lone_severity)


def in_field(en: Block, fr: Block) -> Callable:
    """`differences`' places for the values of a pair of header fields: the value inside its field, or the
    whole field."""
    def at(q, lang: str) -> Span:
        block = en if lang == "en" else fr
        return Span(block) if q is None else Span(block, q.start, q.end)

    return at


def in_pair(p: Pair) -> Callable:
    """`differences`' places for the values of a pair's joined texts: the value inside its block, or the
    side as a whole."""
    def at(q, lang: str) -> Span | None:
        blocks = getattr(p, lang)
        return span_in(blocks) if q is None else span_in(blocks, q.start, q.end)

    return at


def _offsets(blocks: Sequence[Block]):
    offset = 0
    for b in blocks:
        yield offset, b
        offset += len(b.text) + 1


def side_urls(blocks: Sequence[Block]) -> list:
    """The links of one side of a pair, with offsets in its joined text: the URLs written in the
    text and the hyperlinks of `Block.links` (Markdown `[text](url)`: the span is the anchor
    text). A hyperlink whose anchor text is its own URL is counted once; placeholder and
    in-page links (`#`, `#section`) and relative links are not links to compare."""
    from linter import extract as X

    out = []
    for off, b in _offsets(blocks):
        found = [q for q in X.find_urls(b.text) if "." in q.value.split("/")[0] or "://" in q.value]
        cores = {X.url_host(q.value) + "|" + _path(q.value) for q in found}
        out.extend(X.Quantity("url", q.value, q.start + off, q.end + off, q.text) for q in found)
        for ln in getattr(b, "links", ()) or ():
            url = (ln.url or "").strip()
            low = url.lower()
            if low.startswith("mailto:") or not re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)", url):
                continue
            value = X.normalise_url(url)
            if X.url_host(value) + "|" + _path(value) in cores:
                continue
            out.append(X.Quantity("url", value, ln.start + off, ln.end + off, b.text[ln.start:ln.end]))
    out.sort(key=lambda q: q.start)
    return out


def side_emails(blocks: Sequence[Block]) -> list:
    """The e-mail addresses of one side: in the text and in `mailto:` hyperlinks (once each)."""
    from linter import extract as X

    out = []
    for off, b in _offsets(blocks):
        found = X.find_emails(b.text)
        values = {q.value for q in found}
        out.extend(X.Quantity("email", q.value, q.start + off, q.end + off, q.text) for q in found)
        for ln in getattr(b, "links", ()) or ():
            url = (ln.url or "").strip()
            if url.lower().startswith("mailto:"):
                value = url[7:].split("?")[0].lower()
                if value and value not in values:
                    values.add(value)
                    out.append(X.Quantity("email", value, ln.start + off, ln.end + off, b.text[ln.start:ln.end]))
    out.sort(key=lambda q: q.start)
    return out


def _path(u: str) -> str:
    u = re.sub(r"(?i)^[a-z][a-z0-9+.-]*://", "", u)
    return u.partition("/")[2].rstrip("/")


def extended_by_next_words(short: re.Match, text: str, long_acr: str) -> bool:
    """`(JIS) Division` against `(JISD)`: the longer acronym is the shorter one (group 1 of `short`,
    a match in `text`) plus the initials of the words right after it, so both name the same unit."""
    a, b = (re.sub(r"[^a-z]", "", fold(x)) for x in (short.group(1), long_acr))
    if len(b) <= len(a) or not b.startswith(a):
        return False
    extra = b[len(a):]
    after = [w for w in re.findall(r"[^\W\d_]+", fold(text[short.end():short.end() + 80]))
             if w not in ("of", "and", "the", "de", "des", "du", "la", "le", "et")]
    return len(after) >= len(extra) and "".join(w[0] for w in after[:len(extra)]) == extra
