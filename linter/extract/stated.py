"""Links a version writes as plain text ("democracy.example.dev" for https://democracy.example.dev/): the
places of all the links a pair leaves unpaired, found in the other version's text in one pass."""

from __future__ import annotations

from collections import deque
from functools import lru_cache

from .links import _url_core

__all__ = ["stated_in_text", "stated_links"]


def _core(url: str) -> str | None:
    """The link's place as it would be written (no scheme, www., fragment or trailing slash), or None
    when it is too short or has no dot to be told apart from a word."""
    core = _url_core(url).partition("#")[0].rstrip("/").lower()
    return core if len(core) >= 4 and "." in core else None


def stated_in_text(url: str, text: str) -> bool:
    """Does the text write the link's place as plain text, in a form the link extractor did not read as
    a link?"""
    return url in stated_links([url], text)


def stated_links(urls, text: str) -> set[str]:
    """The urls whose place (see _core) the text holds, anywhere (`core in text.lower()`). One pass of an
    Aho-Corasick automaton of all the places over the text's words that hold a dot (a place has no
    space and a dot): time linear in the text and the links, where a search of the text per link made
    a pair of thousands of unpaired links quadratic."""
    cores = {}
    for u in urls:
        c = _core(u)
        if c is not None:
            cores.setdefault(c, []).append(u)
    if not cores:
        return set()
    words = [c for c in cores if not any(ch.isspace() for ch in c)]
    found = _find_all(words, _dotted_words(text)) if words else set()
    if len(words) < len(cores):  # a place with a space (never from a URL): searched as it was
        found |= {c for c in set(cores) - set(words) if c in text.lower()}
    return {u for c in found for u in cores[c]}


@lru_cache(maxsize=4)
def _dotted_words(text: str) -> str:
    """The distinct runs of non-space characters of the lower-cased text that hold a dot, one a line."""
    return "\n".join(sorted({w for w in text.lower().split() if "." in w}))


def _find_all(words: list[str], text: str) -> set[str]:
    """The words that occur in text (Aho-Corasick; each state reports its words once)."""
    goto: list[dict] = [{}]
    ends: list[int] = [-1]  # the word ending at a state, or -1
    for k, w in enumerate(words):
        s = 0
        for ch in w:
            t = goto[s].get(ch)
            if t is None:
                t = len(goto)
                goto.append({})
                ends.append(-1)
                goto[s][ch] = t
            s = t
        ends[s] = k
    fail = [0] * len(goto)
    out = [0] * len(goto)  # the nearest state on the failure chain (itself excluded) that ends a word
    queue = deque(goto[0].values())
    while queue:
        s = queue.popleft()
        for ch, t in goto[s].items():
            f = fail[s]
            while f and ch not in goto[f]:
                f = fail[f]
            g = goto[f].get(ch, 0)
            fail[t] = g if g != t else 0
            out[t] = fail[t] if ends[fail[t]] >= 0 else out[fail[t]]
            queue.append(t)
    found: set[str] = set()
    seen = [False] * len(goto)
    s = 0
    for ch in text:
        while s and ch not in goto[s]:
            s = fail[s]
        s = goto[s].get(ch, 0)
        v = s if ends[s] >= 0 else out[s]
        while v and not seen[v]:
            seen[v] = True
            if ends[v] >= 0:
                found.add(words[ends[v]])
            v = out[v]
    return found
