"""The pipeline: read → split → segment → align → rules → diagnostics, for one input."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from . import align as A
from .config import Config, selected
from .group import fold
from .model import Diagnostic, Finding, Location, Notice, Result, Severity, Span, Split, Version
from .read import InputError, Source, read_source
from .segment import segment
from .similarity import LexicalSimilarity, Similarity
from .split import pair_files, split
from .vocab import Vocabulary

# Linear: the codes and their separators are disjoint classes, so no run is scanned twice per start.
DIRECTIVE = re.compile(r"<!--\s*noticelint:\s*(disable-file|disable-next|disable)\s*=\s*"
                       r"([A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*)[\s,]*-->")


def _places(source: Source) -> dict | None:
    """Line → its places in the document (see Source.places), None for a source without places."""
    return dict(zip((ln.number for ln in source.lines), source.places)) if source.places else None


def rule_options(rule, config: Config) -> dict:
    """A rule's options: its defaults (the measured ones from linter/thresholds.py), then the configuration's."""
    return {**rule.options, **config.rules.get(rule.code, {})}


def embedding_similarity(config: Config):
    """The configuration's embedding model as the alignment's similarity. Its link threshold is NL401's
    `link_threshold` option (default thresholds.LINK): the one rule option a stage follows, passed here."""
    from rules import REGISTRY

    from .similarity import EmbeddingSimilarity

    return EmbeddingSimilarity.from_config(config, float(rule_options(REGISTRY["NL401"], config)["link_threshold"]))


class Linter:
    """Lints inputs with one configuration; the similarity (embeddings) is built on first need."""

    def __init__(self, config: Config, similarity_factory: Callable[[], Similarity] | None = None,
                 split_at: int | None = None):
        from rules import all_rules

        self.config = config
        self.vocab = Vocabulary(config.fields, config.terms)
        self.similarity_factory = similarity_factory
        self._similarity = None
        self.split_at = split_at  # --split-at: the line where a combined file's second version starts
        self.rules = [r for r in all_rules() if selected(r.code, r.name, config.select, config.ignore)]
        if not similarity_factory:
            self.rules = [r for r in self.rules if not r.needs_embeddings]

    @classmethod
    def for_config(cls, config: Config, like: Linter | None = None) -> Linter:
        """The linter a configuration asks for: with its embedding model when `config.embeddings` (loaded on
        first need; `like`'s own when that linter has the same model in the same cache: loaded once), rules
        only otherwise."""
        if not config.embeddings:
            return cls(config)
        if like is not None and like.embeddings and (config.model, config.cache_dir) == (like.config.model,
                                                                                        like.config.cache_dir):
            return cls(config, lambda: like.similarity)
        return cls(config, lambda: embedding_similarity(config))

    @property
    def embeddings(self) -> bool:
        """Does this linter align with a model (and run the similarity rules)?"""
        return self.similarity_factory is not None

    @property
    def model_name(self) -> str | None:
        """The name of the model loaded so far; None when none was (rules only, or no input needed it)."""
        return self._similarity.name if self._similarity is not None else None

    @property
    def similarity(self) -> Similarity:
        if self._similarity is None:
            self._similarity = self.similarity_factory() if self.similarity_factory else LexicalSimilarity()
        return self._similarity

    # -- stages ---------------------------------------------------------------------------------
    def versions(self, source: Source, fr_source: Source | None = None) -> tuple[Version, Version]:
        """Split (or pair) and segment: the English and French versions of an input."""
        return self._versions(source, fr_source)[:2]

    def _versions(self, source: Source, fr_source: Source | None = None) -> tuple[Version, Version, Split | None]:
        where = None
        if fr_source is None:
            halves = split(source, self.split_at)
            where = Split(halves.line, halves.first, halves.by, halves.doubt)
            md = source.format == "markdown"
            en = segment(halves.en, "en", source.path, self.vocab, _places(source), markdown=md)
            fr = segment(halves.fr, "fr", source.path, self.vocab, _places(source), markdown=md)
        else:
            if self.split_at is not None:
                raise InputError(source.path, "--split-at is for a file that holds both versions, not a pair of files")
            halves = pair_files(source, fr_source)
            en = segment(halves.en, "en", source.path, self.vocab, _places(source),
                         markdown=source.format == "markdown")
            fr = segment(halves.fr, "fr", fr_source.path, self.vocab, _places(fr_source),
                         markdown=fr_source.format == "markdown")
        if not any(s.blocks for s in en.sections) and not en.header:
            raise InputError(source.path, "no English notice text found (no header fields, sections or paragraphs)")
        if not any(s.blocks for s in fr.sections) and not fr.header:
            raise InputError((fr_source or source).path, "no French notice text found (no header fields, sections or paragraphs)")
        return en, fr, where

    def parse(self, source: Source, fr_source: Source | None = None) -> Notice:
        en, fr, where = self._versions(source, fr_source)
        return replace(A.align(source.path, en, fr, self.similarity, fr_source.path if fr_source else None), split=where)

    def check(self, notice: Notice, sources: list[Source]) -> list[Diagnostic]:
        from rules import REGISTRY, Context

        out: list[Diagnostic] = []
        findings: dict[int, Finding] = {}
        # One Context per notice (its views are shared by every rule); the similarity only when it is a model's.
        sim = self.similarity
        ctx = Context(notice, self.vocab, sim if sim.name else None,
                      options_of=lambda code: rule_options(REGISTRY[code], self.config))
        for r in self.rules:
            configured = self.config.severity.get(r.code)
            try:
                for f in r.func(notice, ctx.for_rule(rule_options(r, self.config))):
                    severity = configured or (min(f.severity, r.severity) if f.severity else r.severity)
                    d = Diagnostic(r.code, r.name, severity, f.message, self._loc(f.en, notice.path),
                                   self._loc(f.fr, notice.fr_path or notice.path), f.suggestion, f.score,
                                   f.side or _side_of(f))
                    findings[id(d)] = f
                    out.append(d)
            except (MemoryError, RecursionError, KeyboardInterrupt):
                raise
            except Exception as e:  # a bug in one rule: report it on this notice, run the other rules
                out.append(_internal_error(r, e, notice))
        out = _suppress(out, notice, sources)
        out.sort(key=_order)
        out = _dedupe(out)
        return fold(notice, [(d, findings.get(id(d))) for d in out])  # one finding per defect (linter/group.py)

    @staticmethod
    def _loc(span: Span | None, path: str) -> Location | None:
        if span is None:
            return None
        b = span.block
        line, col = b.position(span.start)
        end = span.end if span.end is not None else len(b.text)
        end_line, end_col = b.position(max(span.start, end - 1))
        text = span.text if span.end is not None else b.text[:120]
        return Location(path, line, col, end_line, end_col + 1, text, b.place_at(line, col))

    def _stage(self, path: str, fr_path: str | None = None) -> _Staged:
        src = read_source(path, self.config.max_file_size)
        fr_src = read_source(fr_path, self.config.max_file_size) if fr_path else None
        if fr_src is not None:
            src, fr_src = _same_layout(src, fr_src)
        return _Staged(src, fr_src, *self._versions(src, fr_src))

    def _finish(self, path: str, st: _Staged) -> Result:
        fr_path = st.fr_source.path if st.fr_source else None
        notice = replace(A.align(st.source.path, st.en, st.fr, self.similarity, fr_path), split=st.split)
        diags = self.check(notice, [s for s in (st.source, st.fr_source) if s])
        return Result(path, diags, None, notice, fr_path, split=st.split)

    def lint(self, path: str, fr_path: str | None = None) -> Result:
        return _of_pair(_guarded(path, lambda: self._finish(path, self._stage(path, fr_path))), fr_path)

    def lint_many(self, paths: list, chunk: int = 16):
        """Lint files in order (a path, or an (English, French) pair of paths, for each notice); with
        embeddings, encode each chunk of files' blocks in one batch.

        Each file is read and segmented once; batching across files feeds the model full
        batches; forgetting the vectors after each chunk keeps memory flat however many files
        there are (the disk cache keeps them).
        """
        for i in range(0, len(paths), chunk):
            staged = [(p, _of_pair(_guarded(p, lambda p=p, fr=fr: self._stage(p, fr)), fr))
                      for p, fr in map(_halves, paths[i:i + chunk])]
            if self.similarity_factory is not None:
                blocks = [b for _, st in staged if isinstance(st, _Staged)
                          for v in (st.en, st.fr) for b in A.body(v)]
                if blocks:
                    # Blocks only: sentences are encoded where a check needs them (attach_covered's
                    # unmatched paragraphs, NL403's pairs short enough to be missing a sentence).
                    self.similarity.prepare(blocks)
            for p, st in staged:
                yield st if isinstance(st, Result) else _guarded(p, lambda p=p, st=st: self._finish(p, st))
            if self._similarity is not None:
                self._similarity.forget()


def _halves(item) -> tuple[str, str | None]:
    """(path, French path or None) of an item of lint_many: a path, or an (English, French) pair."""
    return (item[0], item[1]) if isinstance(item, tuple) else (item, None)


def _of_pair(r, fr_path: str | None):
    """A result that failed for a pair of files names the French file too (its headline counts both)."""
    if isinstance(r, Result) and r.error and fr_path:
        r.fr_path = fr_path
    return r


@dataclass
class _Staged:
    """An input read and segmented, waiting to be aligned and checked."""

    source: Source
    fr_source: Source | None
    en: Version
    fr: Version
    split: Split | None = None


INTERNAL_ERROR = ("NL900", "internal-error")


def _same_layout(en: Source, fr: Source) -> tuple[Source, Source]:
    """The two files of a pair are the same notice in the same markup: when one text file looks like
    Markdown (its headings or bold labels) and the other has too few such marks to tell, both are
    read as Markdown, so a `[text](target)` link or a `**Label:**` field is read alike on both sides."""
    from dataclasses import replace

    from .read.layout import numbered_heading

    kinds = {en.format, fr.format}
    plain = en if en.format == "text" else fr
    if kinds == {"markdown", "text"} and sum(1 for ln in plain.lines if numbered_heading(ln.text)) < 2:
        return (replace(en, format="markdown") if en.format == "text" else en,
                replace(fr, format="markdown") if fr.format == "text" else fr)
    return en, fr


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text[:200]}" if text else type(e).__name__


def _internal_error(r, e: Exception, notice: Notice) -> Diagnostic:
    """NL900 internal-error: rule `r` raised on this notice (a noticelint bug, reported, not fatal)."""
    first = next(iter(notice.en.blocks()), None) or next(iter(notice.fr.blocks()), None)
    loc = Location(notice.path, first.line if first else 1, 1) if first else Location(notice.path, 1, 1)
    return Diagnostic(INTERNAL_ERROR[0], INTERNAL_ERROR[1], Severity.ERROR,
                      f"internal error: rule {r.code} {r.name} failed on this notice ({_one_line(e)}); "
                      "please report it", loc, None)


def _guarded(path: str, step):
    """Run a stage; an input that cannot be linted becomes a Result with its one-line reason."""
    try:
        return step()
    except InputError as e:
        return Result(path, [], str(e))
    except RecursionError:
        return Result(path, [], f"{path}: too deeply nested to lint")
    except MemoryError:
        return Result(path, [], f"{path}: out of memory while linting")
    except KeyboardInterrupt:
        raise
    except Exception as e:  # a bug in a stage: this input is not linted, the others are
        return Result(path, [], f"{path}: internal error while linting ({_one_line(e)})")


def _side_of(f) -> str | None:
    """The side a finding is about when its rule did not say: the one that points at a value, where the
    other points at a whole block ("12 in the French has no equal in the English"), or the only side."""
    en_value = f.en is not None and f.en.end is not None
    fr_value = f.fr is not None and f.fr.end is not None
    if (fr_value and not en_value) or (f.en is None and f.fr is not None):
        return "fr"
    if en_value and not fr_value or (f.fr is None and f.en is not None):
        return "en"
    return None


def _order(d: Diagnostic):
    loc = d.en or d.fr
    return (loc.line if loc else 0, d.fr.line if d.fr else 0, d.rule)


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen = set()
    out = []
    for d in diags:
        key = (d.rule, d.message, d.en and d.en.line, d.fr and d.fr.line)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _suppress(diags: list[Diagnostic], notice: Notice, sources: list[Source]) -> list[Diagnostic]:
    """Honour `<!-- noticelint: disable=CODES -->` (next block) and `disable-file=CODES` comments."""
    file_off: set[str] = set()
    ranges: list[tuple[str, int, int, set[str]]] = []  # (path, first, last line, codes)
    blocks = sorted((b for v in (notice.en, notice.fr) for b in v.blocks()), key=lambda b: (b.lang, b.line))
    for src in sources:
        for ln in src.lines:
            for m in DIRECTIVE.finditer(ln.text):
                codes = {c.strip() for c in m.group(2).split(",") if c.strip()}
                if m.group(1) == "disable-file":
                    file_off |= codes
                    continue
                nxt = min((b for b in blocks if b.line > ln.number and (notice.fr_path is None or
                           (b.lang == "fr") == (src.path == notice.fr_path))), key=lambda b: b.line, default=None)
                if nxt is not None:
                    ranges.append((src.path, nxt.line, nxt.end_line, codes))
    if not file_off and not ranges:
        return diags

    def off(d: Diagnostic, codes: set[str]) -> bool:
        return "all" in codes or d.rule in codes or d.name in codes or any(d.rule.startswith(c) for c in codes if len(c) >= 3)

    out = []
    for d in diags:
        if off(d, file_off):
            continue
        hit = False
        for path, first, last, codes in ranges:
            for loc in (d.en, d.fr):
                if loc and loc.path == path and first <= loc.line <= last and off(d, codes):
                    hit = True
        if not hit:
            out.append(d)
    return out


def worst(diags: list[Diagnostic]) -> Severity | None:
    return max((d.severity for d in diags), default=None)
