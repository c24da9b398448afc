"""`.gitignore` patterns matched without backtracking: pathspec's translation of each pattern into a
regular expression, with every `*` of a path segment but the last made atomic (`a*a*a*b` took minutes
on a long name: each star backtracked over the others), and patterns of more than MAX_DOUBLE_STARS
`**` not honoured (each one is a backtracking `.+`).

Within a segment the pieces between stars have a fixed length, so matching each middle piece at its
leftmost place and never going back (an atomic lazy group) finds a match whenever one exists:
the same files are ignored, in time linear in the name for each pattern. (A negated class `[!a]`
never matches a slash, as in git; pathspec's let it.)
"""

from __future__ import annotations

import re

__all__ = ["safe_regex", "gitignore_spec"]

MAX_DOUBLE_STARS = 2
STAR = "[^/]*"


def _tokens(rx: str):
    """pathspec's regular expression as (kind, text): "star" for [^/]*, "fixed" for one character or
    class, "edge" for anything that ends a segment (a slash, a group, an anchor)."""
    i, n = 0, len(rx)
    while i < n:
        if rx.startswith(STAR, i):
            yield "star", STAR
            i += len(STAR)
        elif rx[i] == "\\":
            yield "fixed", rx[i:i + 2]
            i += 2
        elif rx[i] == "[":
            j = i + 1
            if j < n and rx[j] == "^":
                j += 1
            if j < n and rx[j] == "]":
                j += 1
            while j < n and rx[j] != "]":
                j += 2 if rx[j] == "\\" else 1
            cls = rx[i:j + 1]
            if cls.startswith("[^") and cls != "[^/]" and "/" not in cls:
                cls = cls[:-1] + "/]"  # [!a] never matches a slash in git (pathspec let it cross segments)
            yield "fixed", cls
            i = j + 1
        elif rx[i] == "(":
            depth, j = 0, i
            while j < n:
                if rx[j] == "\\":
                    j += 2
                    continue
                depth += rx[j] == "("
                depth -= rx[j] == ")"
                j += 1
                if depth == 0:
                    break
            if j < n and rx[j] in "?*+":
                j += 1
            yield "edge", rx[i:j]
            i = j
        elif rx[i] in "/^$":
            yield "edge", rx[i]
            i += 1
        else:
            yield "fixed", rx[i]
            i += 1


def safe_regex(rx: str) -> str:
    """The same language as `rx` (a pathspec gitignore regex), without backtracking between stars."""
    out: list[str] = []
    seg: list[tuple[str, str]] = []

    def flush():
        stars = [k for k, (kind, _) in enumerate(seg) if kind == "star"]
        last = stars[-1] if stars else -1
        k = 0
        while k < len(seg):
            kind, text = seg[k]
            if kind == "star" and k != last:
                nxt = next(m for m in stars if m > k)
                out.append("(?>[^/]*?" + "".join(t for _, t in seg[k + 1:nxt]) + ")")
                k = nxt
                continue
            out.append(text)
            k += 1
        seg.clear()

    for kind, text in _tokens(rx):
        if kind == "edge":
            flush()
            out.append(text)
        else:
            seg.append((kind, text))
    flush()
    return "".join(out)


def gitignore_spec(lines: list[str]):
    """A pathspec GitIgnoreSpec of the lines, each pattern's regex made safe (see safe_regex)."""
    import pathspec
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    class _SafePattern(GitIgnoreSpecPattern):
        @classmethod
        def pattern_to_regex(cls, pattern):
            rx, include = super().pattern_to_regex(pattern)
            if rx is None:
                return rx, include
            if pattern.count("**") > MAX_DOUBLE_STARS:
                return None, None  # not honoured: each ** backtracks over the whole path
            return safe_regex(rx), include

    return pathspec.GitIgnoreSpec.from_lines(lines, _SafePattern)
