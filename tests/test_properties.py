"""Property tests (Hypothesis): read/split/segment never crash, and every position maps back to the file.

For any bytes or text: `read_source`, `split` and `segment` either succeed or raise
`linter.read.InputError`, never anything else. For every successful segmentation, each block's lines
exist and each of its pieces (offset, line, column) is exactly the file line's content from that
column, so `Block.position()` points into the file. For the whole engine, no exception escapes
`Linter.lint()`, and every diagnostic points at a line of its file whose text holds the value shown.

The texts are built from the real notices and the examples: lines shuffled, cut, duplicated, with
garbage inserted, CRLF/CR line ends, a BOM, UTF-16, tabs, NBSP and hostile tokens.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.engine import Linter
from linter.read import InputError, read_source
from linter.read.markdown import looks_like_markdown
from linter.segment import COMMENT, LABEL_ONLY, PAGE_NUMBER, segment
from linter.split import split

from .conftest import EXAMPLES, NOTICES

SETTINGS = dict(deadline=None, derandomize=False, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
FAST = settings(max_examples=200, **SETTINGS)
MEDIUM = settings(max_examples=120, **SETTINGS)


# -- material: lines of the real notices and the examples, split into their two versions ------------

def _halves(path: Path) -> tuple[list[str], list[str]]:
    src = read_source(path)
    h = split(src)
    return [ln.text for ln in h.en], [ln.text for ln in h.fr]


EXAMPLE_FILES = [EXAMPLES / "good.md", *sorted(EXAMPLES.glob("rules/*/bad.md"))]
SMALL_TEXTS = [p.read_text("utf-8") for p in EXAMPLE_FILES]
REAL_HALVES = [_halves(p) for p in NOTICES]
ALL_LINES = sorted({ln for t in SMALL_TEXTS for ln in t.splitlines()} |
                   {ln for en, fr in REAL_HALVES for ln in (*en, *fr)})

HOSTILE_TOKENS = [
    "1. ", "12) ", "# ", "## 3. CONTRACT", "- ", "• ", "o ", "a) ", "(b) ", "* ", "> ",
    "<!-- noticelint: disable=NL101 -->", "<!-- noticelint: disable-file=NL2 -->", "<!--", "-->",
    "http://", "https://www.nato.int/cps/en/natolive/recruit-hq-e.htm", "www.", "<", ">", "[x](#)", "**",
    "Salary (Pay Basis): ", "Salaire (Base de paie) : ", "Grade: ", "Application Deadline: ", "Date de retrait : ",
    "5,043.00", "5 043,00", "6 204,10", "11-May-2025", "11-mai-2025", "11:59:00 PM", "23:59:00", "N/A", "sans objet",
    "V (\"Advanced\")", "V (« avancé »)", "3 years", "trois ans", "ESB", "ESRAT", "OTAN", "NATO",
    "\t", "\u00a0", "\u202f", "\u200b", "\ufeff", "\u2028", "\u0085", "\x0b", "\f", "\u0301", "\u200f",
    "é", "É", "œ", "’", "«", "»", "…", "–", "—", "-", ":", ";", ".", ",", "(", ")", "\"", "'",
    "Page 2 of 5", "- 3 -", "2", "Description:", "ESSENTIAL", "DESIRABLE", "ACQUIS ESSENTIELS",
    "🙂", "𝔘", "ﬁ", "İ", "ß", "\\", "%", "{", "}", "$", "€", "0x", "١٢٣",
]

# Characters a file may hold. Soft hyphens are left out here: split_lines drops them, which shifts
# columns (see test_soft_hyphen_does_not_shift_columns).
# Control characters other than tabs and line ends are kept rare (HOSTILE_TOKENS): a text made of them
# is refused as binary before it reaches the stages worth testing.
CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u00ad", include_characters="\t\n\r\f")
garbage = st.one_of(st.sampled_from(HOSTILE_TOKENS), st.text(CHARS, max_size=12))
line_text = st.one_of(st.sampled_from(ALL_LINES), st.text(CHARS, max_size=40),
                      st.lists(garbage, max_size=6).map("".join))


@st.composite
def mutate(draw, lines: list[str]) -> list[str]:
    """Apply a few edits: delete a run, duplicate, swap, insert garbage lines, edit inside a line, blank lines."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["delete", "dup", "swap", "insert", "edit", "blank", "respace", "wrap"]))
        n = len(lines)
        i = draw(st.integers(0, max(0, n - 1)))
        if op == "delete" and n:
            del lines[i: i + draw(st.integers(1, 6))]
        elif op == "dup" and n:
            lines.insert(i, lines[i])
        elif op == "swap" and n > 1:
            j = draw(st.integers(0, n - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(line_text))
        elif op == "edit" and n:
            s = lines[i]
            k = draw(st.integers(0, len(s)))
            lines[i] = s[:k] + draw(garbage) + s[k + draw(st.integers(0, 3)):]
        elif op == "blank":
            lines.insert(i, draw(st.sampled_from(["", " ", "\t", "\u00a0", "   \t "])))
        elif op == "respace" and n:
            lines[i] = lines[i].replace(" ", draw(st.sampled_from(["\u00a0", "\t", "  ", "\u202f"])))
        elif op == "wrap" and n and len(lines[i]) > 20:
            k = draw(st.integers(5, len(lines[i]) - 5))
            lines[i: i + 1] = [lines[i][:k], lines[i][k:]]  # a hard wrap, as in PDF extractions
    return lines


@st.composite
def notice_lines(draw) -> list[str]:
    """Lines of a notice-like text: an example, or an excerpt of both versions of a real notice."""
    if not REAL_HALVES or draw(st.booleans()):  # the real notices are absent in a fresh clone
        lines = draw(st.sampled_from(SMALL_TEXTS)).splitlines()
    else:
        en, fr = draw(st.sampled_from(REAL_HALVES))
        k = draw(st.integers(10, 70))
        i = draw(st.integers(0, max(0, len(en) - k)))
        j = draw(st.integers(0, max(0, len(fr) - k)))
        lines = en[i: i + k] + fr[j: j + k]
        if draw(st.integers(0, 9)) == 0:
            lines = fr[j: j + k] + en[i: i + k]  # French first
    return draw(mutate(lines))


@st.composite
def encoded(draw, lines: list[str]) -> bytes:
    """Join with \\n, \\r\\n, \\r (or a mix), maybe a final newline, in UTF-8 (BOM or not) or UTF-16."""
    eol = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if eol == "mixed":
        text = "".join(ln + draw(st.sampled_from(["\n", "\r\n", "\r"])) for ln in lines)
    else:
        text = eol.join(lines) + (eol if draw(st.booleans()) else "")
    enc = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(enc, "surrogatepass")


def notice_bytes():
    return notice_lines().flatmap(encoded)


# -- helpers --------------------------------------------------------------------------------------

class Scratch:
    """One temporary folder for the whole module; each example writes its own file name."""

    dir = Path(tempfile.mkdtemp(prefix="nl-props-"))
    n = 0

    @classmethod
    def write(cls, data: bytes, suffix: str = ".md") -> Path:
        cls.n += 1
        p = cls.dir / f"ex{cls.n}{suffix}"
        p.write_bytes(data)
        return p


INVISIBLE = re.compile("[\ufeff\u200b-\u200f\u2060\u00ad]")  # no text on their own


def file_lines(path: Path, encoding: str) -> list[str]:
    """The file's lines as an editor numbers them (\\r\\n, \\r, \\n, and the other line ends of
    str.splitlines() but \\f: VT, FS, GS, RS, NEL, LS, PS), decoded independently of the linter."""
    text = path.read_bytes().decode(encoding)
    lines = re.split("\r\n|[\r\n\x0b\x1c\x1d\x1e\x85\u2028\u2029]", text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def read_split_segment(path: Path):
    """The first three stages; returns (source, [versions]) or raises InputError.

    Versions segmented as Markdown (their lines look like it) are recorded in MARKDOWN_VERSIONS.
    """
    src = read_source(path)
    versions = [segment(src.lines, "en", src.path), segment(src.lines, "fr", src.path)]
    halves = split(src)
    versions += [segment(halves.en, "en", src.path), segment(halves.fr, "fr", src.path)]
    for v, lines in zip(versions, (src.lines, src.lines, halves.en, halves.fr)):
        if looks_like_markdown(lines):
            MARKDOWN_VERSIONS.add(id(v))
    return src, versions


MARKDOWN_VERSIONS: set[int] = set()


def all_blocks(version):
    yield from version.header
    for s in version.sections:
        if s.heading is not None:
            yield s.heading
        yield from s.blocks


def check_markdown_blocks_map_to_file(version, lines: list[str]):
    """Markdown blocks: each piece of rendered text is the file's text at its line and column (markup
    such as `**` or `](url)` lies between pieces; a decoded entity is a piece at the entity)."""
    for b in all_blocks(version):
        assert 1 <= b.line <= b.end_line <= len(lines), (b.kind, b.line, b.end_line, len(lines))
        assert b.pieces, b
        offsets = [p[0] for p in b.pieces]
        assert offsets[0] == 0 and offsets == sorted(offsets), b.pieces
        assert [p[1] for p in b.pieces] == sorted(p[1] for p in b.pieces), b.pieces
        for k, (off, line, col) in enumerate(b.pieces):
            end = b.pieces[k + 1][0] if k + 1 < len(b.pieces) else len(b.text)
            piece = b.text[off:end].rstrip(" ")
            at = lines[line - 1].replace("\f", " ")[col - 1:]
            if len(piece) == 1 and at.startswith("&") and ";" in at:
                assert html.unescape(at[: at.index(";") + 1]) == piece, (piece, at[:12])
            else:
                assert at.startswith(piece), (b.kind, line, col, piece, at[: len(piece) + 5])
            assert b.position(off) == (line, col)
        for k in b.links:
            assert 0 <= k.start <= k.end <= len(b.text), k
            assert 1 <= k.line <= len(lines) and k.column >= 1, k


def check_blocks_map_to_file(version, lines: list[str]):
    if id(version) in MARKDOWN_VERSIONS:
        return check_markdown_blocks_map_to_file(version, lines)
    for b in all_blocks(version):
        assert 1 <= b.line <= b.end_line <= len(lines), (b.kind, b.line, b.end_line, len(lines))
        assert b.pieces, b
        offsets = [p[0] for p in b.pieces]
        assert offsets[0] == 0 and offsets == sorted(offsets), b.pieces
        assert b.pieces[0][1] == b.line and b.pieces[-1][1] == b.end_line, (b.line, b.end_line, b.pieces)
        assert [p[1] for p in b.pieces] == sorted(p[1] for p in b.pieces), b.pieces
        for k, (off, line, col) in enumerate(b.pieces):
            end = b.pieces[k + 1][0] if k + 1 < len(b.pieces) else len(b.text)
            piece = b.text[off:end].rstrip()
            assert col >= 1
            # A piece runs to the end of its line, or to the next piece on the same line (pieces
            # restart after each soft hyphen, which the text leaves out).
            stop = b.pieces[k + 1][2] - 1 if k + 1 < len(b.pieces) and b.pieces[k + 1][1] == line else None
            in_file = lines[line - 1].replace("\f", " ")[col - 1:stop].replace("\u00ad", "").rstrip()
            assert piece == in_file, (b.kind, line, col, piece, in_file)
            # position() agrees with the piece table at both ends of the piece
            assert b.position(off) == (line, col)
            if piece:
                assert b.position(off + len(piece) - 1) == (line, col + len(piece) - 1)


def check_no_line_lost(version, lines: list[str]):
    """Inside the span the blocks cover, every line of text is in exactly one block, or is skipped on purpose."""
    if id(version) in MARKDOWN_VERSIONS:
        return  # Markdown lines of pure markup (rules, table borders, `\\`) are in no block, by design
    owner: dict[int, int] = {}
    for b in all_blocks(version):
        for _, line, _ in b.pieces:
            assert line not in owner, f"line {line} is in two blocks"
            owner[line] = 1
    if not owner:
        return
    first, last = min(owner), max(owner)
    for n in range(first, last + 1):
        t = lines[n - 1].replace("\f", " ")
        # A line of invisible characters only (U+200B, U+FEFF...) is blank to the reader, as to a reader.
        if n in owner or not INVISIBLE.sub("", t).strip() or COMMENT.match(t) or PAGE_NUMBER.match(t) or LABEL_ONLY.match(t):
            continue
        raise AssertionError(f"line {n} {t!r} is in no block")


# -- read / split / segment on anything ------------------------------------------------------------

def _stages_never_crash(data: bytes, suffix: str):
    p = Scratch.write(data, suffix)
    try:
        src, versions = read_split_segment(p)
    except InputError as e:
        assert str(e).startswith(str(p) + ": ") and "\n" not in str(e)
        event("refused: " + e.reason.split("(")[0][:30])
        return None
    event("segmented")
    lines = file_lines(p, src.encoding)
    # Every line with text is kept with its own number; a run of blank lines may be kept as one.
    # (A paragraph separator, U+2029, also ends its paragraph: a blank line under the same number.)
    numbers = [ln.number for ln in src.lines if ln.text]
    assert numbers == sorted(set(numbers)) and (not numbers or numbers[-1] <= len(lines))
    assert [ln.number for ln in src.lines] == sorted(ln.number for ln in src.lines)
    kept = {ln.number: ln.text for ln in src.lines if ln.text}
    for n, t in enumerate(lines, start=1):
        if INVISIBLE.sub("", t).strip():
            assert n in kept, f"line {n} {t!r} lost"
    for v in versions:
        check_blocks_map_to_file(v, lines)
    return src, versions, lines


@FAST
@given(st.text(CHARS))
def test_any_text(text):
    _stages_never_crash(text.encode("utf-8"), ".md")


@FAST
@given(st.binary(max_size=2000), st.sampled_from([".md", ".txt", ".pdf", ".docx"]))
def test_any_bytes(data, suffix):
    p = Scratch.write(data, suffix)
    try:
        src = read_source(p)
        h = split(src)
        segment(h.en, "en", src.path)
        segment(h.fr, "fr", src.path)
    except InputError:
        pass


@FAST
@given(st.lists(line_text, max_size=60).flatmap(encoded))
def test_lines_of_anything(data):
    _stages_never_crash(data, ".md")


@FAST
@given(notice_bytes())
def test_notice_like_texts_map_back_to_the_file(data):
    out = _stages_never_crash(data, ".md")
    if out is not None:
        _, versions, lines = out
        for v in versions[2:]:
            check_no_line_lost(v, lines)


def test_soft_hyphen_lines_stay_numbered():
    """Soft hyphens are dropped from the text; line numbers must not move."""
    text = (EXAMPLES / "good.md").read_text("utf-8").replace("Analyst", "Ana\u00adlyst")
    p = Scratch.write(text.encode("utf-8"))
    src = read_source(p)
    lines = file_lines(p, "utf-8")
    assert all(lines[ln.number - 1] == ln.text for ln in src.lines if ln.text)


def test_soft_hyphen_does_not_shift_columns():
    text = (EXAMPLES / "good.md").read_text("utf-8").replace("Salary (Pay Basis)", "Sal\u00adary (Pay Ba\u00adsis)")
    p = Scratch.write(text.encode("utf-8"))
    src = read_source(p)
    h = split(src)
    check_blocks_map_to_file(segment(h.en, "en", src.path), file_lines(p, "utf-8"))


# -- generated Markdown: every piece maps back to its file line and column ------------------------------

MD_WORDS = ["Salary", "Lieu", "Montréal", "$28.85", "28,85 $", "IT-03", "24 juin 2013", "June 24th, 2013",
            "a", "the", "équipe", "é", "’", "(x)", "1.", "#", "*", "_", "`code`", "&amp;", "&nbsp;", "&#233;",
            "\\*", "<span>", "</span>", "<br>", "<br/>", "[x](https://e.org/a_(b))", "<https://e.org/y>",
            "**bold**", "*em*", "~~s~~", "mailto:a@b.ca", "\u00ad", "\t", "\u00a0", "|", ":", "---", "![i](p.png)"]
md_inline = st.lists(st.sampled_from(MD_WORDS), min_size=1, max_size=8).map(" ".join)


@st.composite
def md_block(draw) -> str:
    kind = draw(st.sampled_from(["heading", "field", "bold", "para", "list", "table", "rule", "quote"]))
    text = draw(md_inline)
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(st.sampled_from(["", "1. ", "2) "])) + text
    if kind == "field":
        label = draw(st.sampled_from(["Location", "Closing date", "Date limite", "Rémunération", "Reports to", "X"]))
        shape = draw(st.integers(0, 4))
        return [f"{label}: {text}", f"**{label}:** {text}", f"**{label}: {text}**", f"**{label}:**\n{text}",
                f"- {label}: {text}"][shape]
    if kind == "bold":
        return f"**{text}**" + draw(st.sampled_from(["", "\\", "<br>"])) + "\n" + draw(md_inline)
    if kind == "para":
        return "\n".join(draw(st.lists(md_inline, min_size=1, max_size=3))) + draw(st.sampled_from(["", "\\", "  "]))
    if kind == "list":
        items = draw(st.lists(st.tuples(st.integers(0, 2), md_inline), min_size=1, max_size=5))
        marker = draw(st.sampled_from(["-", "*", "+", "1."]))
        return "\n".join("  " * (d if marker != "1." else 0) + f"{marker} {t}" for d, t in items)
    if kind == "table":
        rows = draw(st.lists(st.tuples(md_inline, md_inline), min_size=1, max_size=3))
        return "| A | B |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    if kind == "quote":
        return "> " + text
    return "---"


@FAST
@given(st.lists(md_block(), min_size=1, max_size=10), st.booleans())
def test_generated_markdown_maps_back_to_the_file(blocks, front):
    text = ("---\ntitle: Job\n---\n\n" if front else "") + "\n\n".join(blocks) + "\n"
    p = Scratch.write(text.encode("utf-8"), ".md")
    if not text.strip():  # a tab or a no-break space alone: the file is refused as empty, nothing to map
        with pytest.raises(InputError, match="file is empty"):
            read_source(p)
        return
    src = read_source(p)
    lines = file_lines(p, "utf-8")
    for lang in ("en", "fr"):
        v = segment(src.lines, lang, src.path, markdown=True)
        check_markdown_blocks_map_to_file(v, lines)


# -- the whole engine ----------------------------------------------------------------------------------

class _Recording(Linter):
    """A Linter that remembers which Span became which Location."""

    seen: list = []

    @staticmethod
    def _loc(span, path):
        loc = Linter._loc(span, path)
        if loc is not None:
            _Recording.seen.append((span, loc))
        return loc


LINTER = _Recording(Config(embeddings=False))


def _compact(s: str) -> str:
    return "".join(s.replace("\u00ad", "").split())


def _fake_embedding_linter():
    from linter.embed import FakeEmbedder
    from linter.similarity import EmbeddingSimilarity

    sim = EmbeddingSimilarity(FakeEmbedder())  # one memo for all examples: texts repeat a lot
    return _Recording(Config(embeddings=True), lambda: sim)


FAKE_LINTER = _fake_embedding_linter()


def _engine_never_crashes(data: bytes, suffix: str = ".md", linter: Linter = LINTER):
    p = Scratch.write(data, suffix)
    _Recording.seen = []
    res = linter.lint(str(p))  # any exception here fails the test
    if res.error is not None:
        assert res.error.startswith(f"{p}: ") and "\n" not in res.error and not res.diagnostics
        event("refused: " + res.error[len(str(p)) + 2:].split("(")[0][:30])
        return
    event("linted, with diagnostics" if res.diagnostics else "linted, clean")
    event("rules fired: " + ",".join(sorted({d.rule[:3] for d in res.diagnostics})))
    src = read_source(p)
    by_number = {ln.number: ln.text for ln in src.lines}
    src_lines = [by_number.get(n, "") for n in range(1, len(file_lines(p, src.encoding)) + 1)]
    for d in res.diagnostics:
        for loc in (d.en, d.fr):
            if loc is None:
                continue
            assert loc.path == str(p)
            assert 1 <= loc.line <= len(src_lines), (d.rule, loc)
            assert loc.end_line is None or loc.line <= loc.end_line <= len(src_lines), (d.rule, loc)
            assert 1 <= loc.column <= len(src_lines[loc.line - 1]) + 1, (d.rule, loc, src_lines[loc.line - 1])
    for span, loc in _Recording.seen:
        if span.end is None:
            assert loc.text == span.block.text[:120]
            continue
        # The offending value: it is in the file from line:column on, through end_line.
        here = src_lines[loc.line - 1][loc.column - 1:] + "".join(src_lines[loc.line: loc.end_line])
        assert _compact(here).startswith(_compact(loc.text)), (loc, here)


@MEDIUM
@given(notice_bytes())
def test_engine_on_notice_like_texts(data):
    _engine_never_crashes(data)


@settings(max_examples=80, **SETTINGS)
@given(notice_bytes())
def test_engine_with_embedding_alignment_on_notice_like_texts(data):
    """The embedding path (1-2 links, sentence coverage, NL402/NL404) with the deterministic fake model."""
    _engine_never_crashes(data, linter=FAKE_LINTER)


@MEDIUM
@given(st.lists(line_text, max_size=50).flatmap(encoded))
def test_engine_on_lines_of_anything(data):
    _engine_never_crashes(data)


@MEDIUM
@given(st.text(CHARS, max_size=3000))
def test_engine_on_any_text(text):
    _engine_never_crashes(text.encode("utf-8"))


@MEDIUM
@given(notice_lines(), notice_lines(), st.sampled_from(["\n", "\r\n"]))
def test_engine_on_pairs_of_files(en_lines, fr_lines, eol):
    """--en/--fr inputs: each side is any notice-like text."""
    en = Scratch.write(eol.join(en_lines).encode("utf-8"))
    fr = Scratch.write(eol.join(fr_lines).encode("utf-8"))
    res = LINTER.lint(str(en), str(fr))
    if res.error is not None:
        assert res.error.startswith((f"{en}: ", f"{fr}: ")) and "\n" not in res.error
        return
    for d in res.diagnostics:
        for loc, path in ((d.en, en), (d.fr, fr)):
            if loc is not None:
                n = len(file_lines(Path(loc.path), read_source(loc.path).encoding))
                assert 1 <= loc.line <= n, (d.rule, loc)


def teardown_module(module):
    import shutil

    shutil.rmtree(Scratch.dir, ignore_errors=True)
