"""NL206, NL207, NL209: links and e-mail addresses in every aligned pair, localisation learned from the notice.

A link of one version and the link at the same place in the other are the same page after the
language markers are undone, or the other language's twin page (translated slug, a per-language
host the notice uses throughout), or a slip (one character, another id): only a slip is an error
(NL206, NL207). A link or address in one version only is a warning (NL209). Links come from the
text and from `Block.links` (Markdown `[text](url)`), see rules.common.side_urls.

Warnings, not errors, where the tool guesses: two links to the same page whose anchors (`#…`) differ by
a slip (NL206; a fragment missing on one side, or each language's page with its own opaque anchors, is
no finding), and the same mailbox at a domain of other words that nothing else in the notice vouches
for (NL207; the publisher's name written in each version, "Open North" / "Nord Ouvert", or the notice's
links do).
"""

from __future__ import annotations

import re

from linter import extract as X
from linter.model import Finding

from .base import ERROR, WARNING, rule
from .common import both_ways, joined, localise_url_like, side_emails, side_urls, span_in


def _url_patterns(ctx):
    extra = ctx.options.get("localisations")
    if extra is None:  # NL207 and NL209 follow NL206's option
        extra = ctx.options_of("NL206").get("localisations", [])
    return tuple(X.DEFAULT_URL_LOCALISATIONS) + tuple(tuple(x) for x in extra)


# Past this many comparisons in one pair (a pasted list of hundreds of links: 1,000 a side took 84 s),
# each value is compared only with the values of its index key and those at its place (_Candidates).
PAIR_BUDGET = 1024
WINDOW = 8


def _index_key(q) -> str:
    """What a value and its counterpart share whatever the localisation: the numbers in a link
    (ids, years, page numbers), the local part of an address."""
    v = q.value.lower()
    if "@" in v and "/" not in v:
        return v.split("@", 1)[0]
    return "/".join(re.findall(r"[0-9]+", v.split("//", 1)[-1].partition("/")[2]))


class _Candidates:
    """The values of one side a value of the other is compared with when all pairs would be too many:
    the first unused ones under its index key, then the unused ones around its place: O(WINDOW) each."""

    def __init__(self, values):
        self.values, self.used = list(values), [False] * len(values)
        self.by_key: dict = {}
        for j, b in enumerate(self.values):
            self.by_key.setdefault(_index_key(b), []).append(j)
        self.start = {k: 0 for k in self.by_key}

    def around(self, q, place: float):
        k = _index_key(q)
        bucket, given = self.by_key.get(k, ()), 0
        while bucket and self.start[k] < len(bucket) and self.used[bucket[self.start[k]]]:
            self.start[k] += 1  # used ones leave the front for good: linear over the run
        for j in bucket[self.start.get(k, 0):]:
            if given >= WINDOW:
                break
            if not self.used[j]:
                given += 1
                yield j
        centre = int(place * len(self.values))
        for j in range(max(0, centre - WINDOW), min(len(self.values), centre + WINDOW + 1)):
            if not self.used[j]:
                yield j


def _pair_up(ea, fa, same, corresponds):
    """(en, fr) pairs of the values left after removing the equal ones, and the values left
    unpaired on each side. Equal counts pair by position (the same place in the pair); otherwise
    a value pairs with the first one on the other side that `corresponds` to it."""
    if len(ea) * len(fa) > PAIR_BUDGET:
        return _pair_up_indexed(list(ea), list(fa), same, corresponds)
    ea, fa = list(ea), list(fa)
    for a in list(ea):
        for j, b in enumerate(fa):
            if same(a, b):
                ea.remove(a)
                del fa[j]
                break
    if len(ea) == len(fa):
        return list(zip(ea, fa)), [], []
    pairs, left_en = [], []
    for a in ea:
        j = next((j for j, b in enumerate(fa) if corresponds(a, b)), None)
        if j is None:
            left_en.append(a)
        else:
            pairs.append((a, fa.pop(j)))
    return pairs, left_en, fa


def _pair_up_indexed(ea, fa, same, corresponds):
    """_pair_up over many values: each compared with its _Candidates only (linear in the values)."""
    cand = _Candidates(fa)
    left = []
    for i, a in enumerate(ea):
        j = next((j for j in cand.around(a, i / len(ea)) if same(a, fa[j])), None)
        if j is None:
            left.append((i, a))
        else:
            cand.used[j] = True
    rest = [j for j in range(len(fa)) if not cand.used[j]]
    if len(left) == len(rest):
        return [(a, fa[j]) for (_, a), j in zip(left, rest)], [], []
    pairs, left_en = [], []
    for i, a in left:
        j = next((j for j in cand.around(a, i / len(ea)) if corresponds(a, fa[j])), None)
        if j is None:
            left_en.append(a)
        else:
            cand.used[j] = True
            pairs.append((a, fa[j]))
    return pairs, left_en, [fa[j] for j in range(len(fa)) if not cand.used[j]]


def _known_near(value, near, known, en_side: bool) -> bool:
    """Whether a value left unpaired is known among the values of the neighbouring blocks (all of
    them, or its _Candidates when all pairs would be too many)."""
    if len(near) <= PAIR_BUDGET // 8:
        return any(known(value, b) if en_side else known(b, value) for b in near)
    cand = _Candidates(near)
    return any(known(value, near[j]) if en_side else known(near[j], value) for j in cand.around(value, 0.5))


def _learned_hosts(ctx, patterns):
    """English host → French host, learned from the links and addresses at the same places."""
    return ctx.view(("learned hosts", patterns), lambda: _learn_hosts(ctx, patterns))


def _learn_hosts(ctx, patterns):
    notice = ctx.notice
    seen, mailboxes = [], []
    for p, _, _ in ctx.pairs_with(skip_keys=()):
        pairs, _, _ = _pair_up(side_urls(p.en), side_urls(p.fr),
                               lambda a, b: X.compare_urls(a.value, b.value, patterns) == "same", lambda a, b: False)
        seen.extend((a.value, b.value) for a, b in pairs)
        pairs, _, _ = _pair_up(side_emails(p.en), side_emails(p.fr), lambda a, b: a.value == b.value, lambda a, b: False)
        mailboxes.extend((a.value, b.value) for a, b in pairs if a.value.split("@")[0] == b.value.split("@")[0])
    hosts = X.learn_hosts(seen)
    # the same mailbox at two domains teaches the domains only with evidence beside it: the
    # notice's links use the pair too, or each domain is the publisher's name in its own version
    # ("Open North" / "Nord Ouvert"): an address pair does not vouch for itself
    by_mail = X.learn_hosts(mailboxes)
    named = X.named_hosts(mailboxes, *(" ".join(b.text for p in notice.pairs for b in getattr(p, lang))
                                       for lang in ("en", "fr"))) if by_mail else {}
    for ha, hb in by_mail.items():
        if hosts.get(ha) == hb or named.get(ha) == hb or any(X.url_host(a) == ha and X.url_host(b) == hb
                                                              for a, b in seen):
            hosts.setdefault(ha, hb)
    return hosts


def _link_checks(ctx, kind):
    """(what, pair, en value, fr value): "differs" for values that differ by a slip, "en-only" /
    "fr-only" for values present in one version only (after the neighbouring blocks are
    consulted). Computed once per notice for NL206/NL207 and NL209."""
    patterns = _url_patterns(ctx)
    return ctx.view(("link checks", kind, patterns), lambda: list(_link_checks_run(ctx, kind, patterns)))


def _link_checks_run(ctx, kind, patterns):
    hosts = _learned_hosts(ctx, patterns)
    if kind == "url":
        extract = side_urls

        def verdict(a, b):
            return X.compare_urls(a.value, b.value, patterns, hosts)

        def corresponds(a, b):
            ha, hb = X.url_host(a.value), X.url_host(b.value)
            return ha == hb or hosts.get(ha) == hb or verdict(a, b) == "typo"
    else:
        extract = side_emails

        def verdict(a, b):
            return X.compare_emails(a.value, b.value, hosts)

        def corresponds(a, b):
            return a.value.split("@")[0] == b.value.split("@")[0] or verdict(a, b) != "typo" or \
                X.url_host(a.value) == X.url_host(b.value)
    for p, _, _ in ctx.pairs_with(skip_keys=()):
        ea, fa = extract(p.en), extract(p.fr)
        if not ea and not fa:
            continue
        pairs, left_en, left_fr = _pair_up(ea, fa, lambda a, b: verdict(a, b) == "same", corresponds)
        for a, b in pairs:
            v = verdict(a, b)
            if v == "typo" and kind == "email" and X.learn_hosts([(a.value, b.value)]) \
                    and a.value.split("@")[0] == b.value.split("@")[0]:
                yield "domain", p, a, b  # the same mailbox at another domain of other words: unsure
            elif v == "typo":
                yield "differs", p, a, b
            elif v == "fragment" and X.fragment_slip(a.value, b.value):
                yield "fragment", p, a, b
        if left_en or left_fr:
            known = lambda a, b: verdict(a, b) != "typo" or a.value == b.value  # noqa: E731
            fr_near = [q for blk in ctx.nearby_blocks(p, "fr") for q in extract([blk])]
            en_near = [q for blk in ctx.nearby_blocks(p, "en") for q in extract([blk])]
            # a link the other version writes as plain text ("example.dev", a domain the link
            # extractor does not know) is stated there too
            fr_text = None if kind != "url" or not left_en else joined(p.fr) + " " + ctx.nearby(p, "fr")
            en_text = None if kind != "url" or not left_fr else joined(p.en) + " " + ctx.nearby(p, "en")
            # the places of all the pair's unpaired links found in one pass over the text (X.stated_links)
            fr_stated = X.stated_links([a.value for a in left_en], fr_text) if fr_text else set()
            en_stated = X.stated_links([b.value for b in left_fr], en_text) if en_text else set()
            for a in left_en:
                if not _known_near(a, fr_near, known, True) and a.value not in fr_stated:
                    yield "en-only", p, a, None
            for b in left_fr:
                if not _known_near(b, en_near, known, False) and b.value not in en_stated:
                    yield "fr-only", p, None, b


@rule("NL206", "url-mismatch", ERROR, localisations=[])
def url_mismatch(notice, ctx):
    """A link differs between the versions by a small unexplained difference.

    Why it matters: a typo in one language's URL sends half the candidates to an error page.
    Expected, and not reported: the language markers (`/en/` ↔ `/fr/`, `en-us` ↔ `fr-ca`,
    `-eng` ↔ `-fra`, `-e` ↔ `-f`, `lang=en` ↔ `lang=fr`, `en.wikipedia` ↔ `fr.wikipedia`), the
    other language's twin page at the same place (a path of translated words, a per-language host
    such as `digital.canada.ca` ↔ `numerique.canada.ca`) and the host pairs the notice uses
    throughout (`opennorth.ca` ↔ `nordouvert.ca`). Reported: `recruit-hq-e` ↔ `recruit-hg-e`,
    `id=15` ↔ `id=16`. Extra localisation patterns: option `localisations = [["-eng\\\\.", "-fra."]]`.
    A link in one version only is NL209.

    Severity: an error when both links were read and differ by a small difference no localisation
    explains (a typo); a warning when they differ only after `#` (the anchor may be the other
    language's name of the same place in the page).
    """
    for what, p, a, b in _link_checks(ctx, "url"):
        if what == "differs":
            yield Finding(f"link differs: English {a.value}, French {b.value}",
                          span_in(p.en, a.start, a.end), span_in(p.fr, b.start, b.end),
                          suggestion=both_ways(localise_url_like(a.value, b.value, "fr", ctx.options.get("localisations")),
                                               localise_url_like(b.value, a.value, "en", ctx.options.get("localisations")),
                                               verb="use"))
        elif what == "fragment":
            yield Finding(f"link goes to another place in the same page: English {a.value}, French {b.value}",
                          span_in(p.en, a.start, a.end), span_in(p.fr, b.start, b.end),
                          suggestion="check that the anchor after # exists on the page each version links to",
                          severity=WARNING)


@rule("NL207", "email-mismatch", ERROR)
def email_mismatch(notice, ctx):
    """An e-mail address differs between the versions.

    Why it matters: applications and questions sent to a mistyped address are lost. The same
    mailbox at the domain each language uses throughout the notice (`info@opennorth.ca` ↔
    `info@nordouvert.ca`, learned from its links) is not a difference. An address in one version
    only is NL209.

    Severity: an error when both addresses were read and differ by a typo; a warning when only the
    domain differs and nothing in the notice says it is the other language's domain.
    """
    for what, p, a, b in _link_checks(ctx, "email"):
        if what == "differs":
            yield Finding(f"e-mail differs: English {a.value}, French {b.value}",
                          span_in(p.en, a.start, a.end), span_in(p.fr, b.start, b.end),
                          suggestion=both_ways(a.value, b.value))
        elif what == "domain":
            yield Finding(f"e-mail domain differs: English {a.value}, French {b.value} (a domain of the French "
                          "version? nothing else in the notice says so)",
                          span_in(p.en, a.start, a.end), span_in(p.fr, b.start, b.end),
                          suggestion=both_ways(a.value, b.value), severity=WARNING)


@rule("NL209", "link-missing", WARNING)
def link_missing(notice, ctx):
    """A link or e-mail address given in one version has no counterpart in the other.

    Why it matters: a reader of the other version cannot follow it (`[click here](…)` in one
    version, plain text in the other). It does not contradict the other version, hence a warning;
    a link that differs is NL206, an address that differs NL207.

    Severity: a warning: it rests on not finding the link on the other side, which may give it as
    plain text or in a block the alignment linked elsewhere.
    """
    for kind, what in (("url", "link"), ("email", "e-mail")):
        for side, p, a, b in _link_checks(ctx, kind):
            if side == "en-only":
                yield Finding(f"{what} {a.value} is in the English only", span_in(p.en, a.start, a.end), span_in(p.fr))
            elif side == "fr-only":
                yield Finding(f"{what} {b.value} is in the French only", span_in(p.en), span_in(p.fr, b.start, b.end))
