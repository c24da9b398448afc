"""The per-notice Context every rule reads: the notice and the similarity it was aligned with, the
vocabulary, the rule's own options (and any rule's), and views of the notice that several rules need.

The engine builds one Context per notice and hands each rule `ctx.for_rule(options)`: the same views
with that rule's options. A view is computed by the first rule that asks for it and kept for the
others (the linked pairs with their texts, the blocks around a pair, the pair a block is in, the
link checks NL206, NL207 and NL209 share); nothing outlives the notice, so no rule module keeps a
cache of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, TypeVar

from .common import both_sides, field_pair, joined

if TYPE_CHECKING:
    from linter.model import Block, Notice, Pair
    from linter.similarity import Similarity
    from linter.vocab import Vocabulary

V = TypeVar("V")

# The block kinds whose linked pairs the fact rules (NL2xx) compare.
FACT_KINDS = ("paragraph", "bullet", "subheading", "heading", "title", "field")
# Header fields whose values a NL1xx rule compares (the first field of each key: `field_pair`).
HEADER_RULE_KEYS = ("salary", "grade", "deadline", "reference", "location", "schedule", "clearance",
                    "direct_reports", "indirect_reports")


@dataclass
class Context:
    """What a rule may consult besides the notice it is given (see the module docstring)."""

    notice: Notice | None
    vocab: Vocabulary | None
    # the model's similarity the notice was aligned with; None for rules only (a lexical alignment)
    similarity: Similarity | None = None
    options: dict = field(default_factory=dict)  # the rule's options: its defaults, then the configuration's
    options_of: Callable[[str], dict] = lambda code: {}  # any rule's options, by code
    views: dict = field(default_factory=dict, repr=False)  # key -> view of this notice, shared by every rule

    def for_rule(self, options: dict) -> Context:
        """This notice's context with one rule's options (the views are the same object: shared)."""
        return replace(self, options=options)

    def view(self, key, make: Callable[[], V]) -> V:
        """The view `key` of this notice: `make()` the first time any rule asks, the same value after."""
        try:
            return self.views[key]
        except KeyError:
            value = self.views[key] = make()
            return value

    # -- views --------------------------------------------------------------------------------------
    def pairs_with(self, kinds=FACT_KINDS, skip_keys=HEADER_RULE_KEYS) -> list[tuple[Pair, str, str]]:
        """The linked pairs (both sides present) of these block kinds, each with its joined English and
        French texts; the header fields of `skip_keys` that a NL1xx rule checks are left out (a rule
        comparing another kind of value passes fewer keys: the hours of a salary field are a duration,
        which NL101 does not compare)."""
        def make():
            skip = self._header_checked(skip_keys) if "field" in kinds else ()
            return [(p, joined(p.en), joined(p.fr)) for p in both_sides(self.notice, kinds) if id(p) not in skip]

        return self.view(("pairs with", tuple(kinds), tuple(skip_keys)), make)

    def _header_checked(self, keys) -> set[int]:
        out = set()
        for key in keys:
            p = field_pair(self.notice, key)
            if p is not None:
                out.add(id(p))
        return out

    def nearby_blocks(self, pair: Pair, lang: str) -> list[Block]:
        """The other side's blocks around a pair: its neighbours in the section, and unmatched blocks there.

        A value missing from a pair's counterpart but present right next to it is an alignment
        question (a paragraph split differently), not a fact that differs.
        """
        def make():
            pairs = self.notice.pairs
            where, one_sided = self._pair_index()
            i = where[id(pair)]
            blocks = []
            for k in range(max(0, i - 3), min(len(pairs), i + 4)):
                # a neighbour of the same section, or a block of one version only close to the pair
                # (a title or field the other version writes as a paragraph)
                if (abs(k - i) <= 2 and pairs[k].section == pair.section) or not (pairs[k].en and pairs[k].fr):
                    blocks.extend(getattr(pairs[k], lang))
            seen = {id(b) for b in blocks}
            blocks.extend(b for b in one_sided.get((pair.section, lang), ()) if id(b) not in seen)
            return blocks

        return self.view(("nearby blocks", id(pair), lang), make)

    def nearby(self, pair: Pair, lang: str) -> str:
        """The text of `nearby_blocks`, joined."""
        return joined(self.nearby_blocks(pair, lang))

    def _pair_index(self):
        """Each pair's position and each section's one-sided blocks (not a scan per pair)."""
        def make():
            one_sided: dict = {}
            for p in (p for p in self.notice.pairs if not (p.en and p.fr)):
                for lang in ("en", "fr"):
                    one_sided.setdefault((p.section, lang), {}).update((id(b), b) for b in getattr(p, lang))
            return ({id(p): k for k, p in enumerate(self.notice.pairs)},
                    {k: list(v.values()) for k, v in one_sided.items()})

        return self.view("pair index", make)

    def pair_of(self, block: Block) -> Pair | None:
        """The pair a block is in."""
        owner = self.view("pair of", lambda: {id(b): p for p in self.notice.pairs for b in (*p.en, *p.fr)})
        return owner.get(id(block))
