"""Budgets (issue 23): one budget counts every decoded byte of a PDF (every filter and filter chain,
LZW and RunLength included) and of a Word package (every member inflated in bounded chunks, whatever
size the zip declares); the PDF drawing itself (content operations, shapes, Form XObjects and their
nesting) has a budget; memory stays in proportion to the text for a notice on one long line.

Black-box through the command line in the sandbox of tests/test_hostile_more.py (a 2 GiB address
space cap, a hang guard): each hostile file is refused in one line naming it and the limit, beside a
good notice that is still reported, well under 1 GB and quickly.
"""

from __future__ import annotations

import zlib

import pytest

from tests.test_hostile_more import (EN_TEXT, FR_TEXT, MB, Box, assert_bad_and_good, doc_xml, docx_members, good_file,
                                     good_paragraphs, page_stream, raw_pdf, zip_bytes)


@pytest.fixture
def box(tmp_path) -> Box:
    return Box(tmp_path)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(first_page: bytes, first_extra: bytes = b"", xobjects: list[bytes] = ()) -> bytes:
    """Two pages: the first's content stream given (with its filters in first_extra) after the English
    text, the second the French; xobjects become /X1.. in the first page's resources (objects 6..)."""
    en = page_stream(EN_TEXT.splitlines()[:60])
    fr = page_stream(FR_TEXT.splitlines()[:60])
    xo = b" ".join(b"/X%d %d 0 R" % (k + 1, 8 + k) for k in range(len(xobjects)))
    res = b"<< /Font << /F1 3 0 R >> /XObject << %s >> >>" % xo
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 2 /Kids [4 0 R 5 0 R] >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents [6 0 R 7 0 R] >>" % res,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
        % (res, 8 + len(xobjects)),
        stream(en),
        stream(first_page, first_extra),
        *xobjects,
        stream(fr),
    ]
    return raw_pdf(objs)


def _flate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def lzw_encode_run(byte: int, tables: int) -> bytes:
    """LZW (PDF's, early change) codes that decode to long runs of one byte: the table filled with ever
    longer runs, cleared and filled again `tables` times (each table ~7.5 MB of output from ~6 KB)."""
    bits, acc, out = 0, 0, bytearray()

    def put(code: int, width: int):
        nonlocal bits, acc
        acc = ((acc << width) | code) & 0xFFFFFF
        bits += width
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)

    width = 9
    for _ in range(tables):
        put(256, width)  # clear, at the width in force
        width = 9
        put(byte, width)
        table, code = 258, 258
        while table < 4000:
            put(code, width)  # the run one longer than the last
            table += 1
            code += 1
            if table + 1 >= (1 << width) and width < 12:
                width += 1
    put(257, width)  # end of data
    if bits:
        out.append((acc << (8 - bits)) & 0xFF)
    return bytes(out)


def _refused(box: Box, name: str, data: bytes, *words: str):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    (d / name).write_bytes(data)
    r = box.check("notices", timeout=90)
    assert_bad_and_good(r, [f"notices/{name}"], ["notices/good.md"])
    line = r.err_lines[0]
    for w in words:
        assert w in line, (w, line)
    assert r.rss_mb < 1024, str(r)
    return r


# -- PDF: every filter under one budget -------------------------------------------------------------

def test_lzw_decoder_matches_pdfminer():
    from pdfminer.lzw import lzwdecode

    assert lzwdecode(lzw_encode_run(0x20, 1)) == b" " * sum(range(1, 4000 - 258 + 2))


def test_lzw_bomb_is_refused(box):
    data = lzw_encode_run(0x20, 160)  # ~1.2 GB of spaces from ~1 MB
    r = _refused(box, "lzw.pdf", text_pdf(data, b"/Filter /LZWDecode"), "64 MiB")
    assert r.cpu < 30, str(r)


@pytest.mark.parametrize("chain", ["runlength", "flate-runlength", "flate-asciihex-runlength"])
def test_runlength_bomb_in_any_chain_is_refused(box, chain):
    runs = bytes([129, 0x20]) * (12 * MB)  # 1.5 GB of spaces
    if chain == "runlength":
        data, extra = runs[: 4 * MB], b"/Filter /RunLengthDecode"  # 4 MB -> 256 MB
    elif chain == "flate-runlength":
        data, extra = _flate(runs), b"/Filter [/FlateDecode /RunLengthDecode]"
    else:
        data, extra = _flate(runs[: 2 * MB].hex().encode() + b">"), b"/Filter [/FlateDecode /ASCIIHexDecode /RunLengthDecode]"
    _refused(box, "rl.pdf", text_pdf(data, extra), "64 MiB")


def test_damaged_flate_stream_is_read_in_linear_time(box):
    """A Flate stream with a bad checksum is read byte by byte (what it holds is kept): pdfminer
    appended to one bytes object (quadratic); ours is linear and under the budget."""
    body = zlib.compress(b"0 0 m 1 1 l S\n" * (2 * MB // 14), 9)
    bad = body[:-4] + bytes(4)  # wrong adler32
    d = box.cwd / "n"
    d.mkdir()
    (d / "x.pdf").write_bytes(text_pdf(bad, b"/Filter /FlateDecode"))
    r = box.check("n/x.pdf", timeout=90)
    assert r.cpu < 40, str(r)


# -- PDF: drawing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("depth,fan,why", [(30, 2, "deep"), (10, 4, "over 10000 XObjects")])
def test_forms_drawing_each_other_twice_are_refused(box, depth, fan, why):
    """Form k draws form k+1 `fan` times: 2^30 or 4^10 drawings from a few KB."""
    forms = []
    for k in range(depth):
        nxt = b" ".join([b"/Y%d Do" % (k + 1)] * fan) if k + 1 < depth else b"0 0 1 1 re f"
        res = b"<< /XObject << /Y%d %d 0 R >> >>" % (k + 1, 9 + k) if k + 1 < depth else b"<< >>"
        forms.append(stream(nxt, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources %s" % res))
    r = _refused(box, "forms.pdf", text_pdf(b"/X1 Do", b"", forms), "XObjects", why)
    assert r.cpu < 60, str(r)


def test_millions_of_shapes_on_a_page_are_refused(box):
    ops = b"10 10 2 2 re f\n" * (3 * MB // 15)
    _refused(box, "shapes.pdf", text_pdf(_flate(ops), b"/Filter /FlateDecode"), "shapes")


def test_millions_of_operations_are_refused(box):
    ops = b"q Q " * (16 * MB // 4)
    r = _refused(box, "ops.pdf", text_pdf(_flate(ops), b"/Filter /FlateDecode"), "operations")
    assert r.cpu < 60, str(r)


# -- Word: members read in bounded chunks, declared sizes not trusted ----------------------------------

@pytest.mark.parametrize("declared", [1000, 60 * MB])
@pytest.mark.parametrize("part", ["word/document.xml", "word/media/image1.png"])
def test_docx_member_lying_about_its_size_is_refused(box, part, declared):
    paras = good_paragraphs()
    head = doc_xml(paras).encode()
    cut = head.index(b"</w:body>")
    if part == "word/document.xml":
        members = docx_members(paras, main=("repeat", head[:cut], b" " * MB, 2000, head[cut:]))
    else:
        members = docx_members(paras, media=("repeat", b"\x89PNG\r\n\x1a\n", b"\0" * MB, 2000, b""))
    data = zip_bytes(members, {part: declared}, version=46)
    assert len(data) < 4 * MB
    r = _refused(box, "lies.docx", data)  # inflated only as far as the declared size (then a CRC error), or the budget
    assert "corrupt" in r.err or "MB" in r.err, str(r)
    assert r.cpu < 30, str(r)


def test_docx_member_in_bzip2_is_refused(box):
    members = docx_members(good_paragraphs())
    data = zip_bytes(members, {}, {"word/document.xml": 12}, version=46)
    _refused(box, "bz.docx", data, "compression")


def test_max_file_size_of_one_tebibyte_reads_a_small_notice(box):
    """read(max-file-size + 1) allocated the whole limit first: 1 TiB made a 27 KB notice 'out of memory'."""
    good_file(box.cwd)
    (box.cwd / "noticelint.toml").write_text("max-file-size = 1099511627776\n", "utf-8")
    r = box.check("good.md")
    assert r.rc == 0 and not r.err_lines, str(r)
    assert r.files()["good.md"]["error"] is None


def _boxed_docx(path, paras: list[str], split: int):
    """The paragraphs before `split` in the body; the rest in text boxes anchored in the body's last
    paragraph: the English in a drawing text box (with its VML fallback, as Word writes both), the
    French in a VML one, each box one paragraph after another."""
    from tests.test_hostile_more import W, write_zip

    def ps(ts):
        return "".join(f'<w:p><w:r><w:t xml:space="preserve">{t.replace("&", "&amp;").replace("<", "&lt;")}</w:t></w:r></w:p>'
                       for t in ts)

    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    half = len(paras) // 2
    en_box, fr_box = paras[split:half], paras[half:]
    drawing = (f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{ps(en_box)}'
               f'</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{ps(en_box)}'
               '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>')
    vml = f'<w:pict><w:txbxContent>{ps(fr_box)}</w:txbxContent></w:pict>'
    main = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="{mc}" '
            f'xmlns:wps="{wps}"><w:body>{ps(paras[:split])}<w:p><w:r>{drawing}</w:r><w:r>{vml}</w:r></w:p>'
            '</w:body></w:document>')
    write_zip(path, docx_members(paras, main=main))


@pytest.mark.parametrize("split", [0, 6], ids=["all-in-boxes", "title-in-body"])
def test_word_notice_in_text_boxes_is_read_in_document_order(box, split):
    """Text boxes were skipped ('has no text'); their paragraphs are read where they are anchored, each
    box once, and lint as the same notice does in the body."""
    d = box.cwd / "n"
    d.mkdir()
    paras = good_paragraphs()
    _boxed_docx(d / "boxed.docx", paras, split)
    from tests.test_hostile_more import write_zip

    write_zip(d / "body.docx", docx_members(paras))
    r = box.check("n/boxed.docx", "n/body.docx")
    assert r.rc == 0 and not r.err_lines, str(r)
    files = r.files()
    assert files["n/boxed.docx"]["error"] is None and files["n/boxed.docx"]["diagnostics"] == []
    from linter.read.docx import read_docx

    lines = [ln.text for ln in read_docx(d / "boxed.docx", "boxed.docx").lines if ln.text.strip()]
    assert lines == [ln.text for ln in read_docx(d / "body.docx", "body.docx").lines if ln.text.strip()]


# -- memory in proportion to the text for a paragraph on one long line -------------------------------

def test_the_tokenizer_is_given_a_bounded_text():
    """A stand-in tokenizer and session in the default backend: a 19 MB paragraph reaches the tokenizer
    as its first 512 x 32 characters (the model reads 512 tokens; tokenizing the whole line took 2.3 GB)."""
    import threading

    import numpy as np

    from linter.embed.base import CHARS_PER_TOKEN
    from linter.embed.onnx import OnnxEmbedder

    seen = []

    class Tok:
        def encode(self, text, add_special_tokens=True):
            seen.append(len(text))
            n = min(512, len(text.split()))
            return type("Enc", (), {"ids": list(range(n)), "offsets": [(0, 1)] * n, "special_tokens_mask": [0] * n})()

    class Session:
        def run(self, _, feeds):
            return [np.ones((1, 4), np.float32) / 2]

    e = OnnxEmbedder.__new__(OnnxEmbedder)
    e.prefix, e._max_len, e._latin_ids, e._lock = "query: ", 512, None, threading.Lock()
    e._full = e.tok = Tok()
    e.session, e._outputs, e.dim, e._tokens, e.workers = Session(), ["embedding"], 4, {}, 1
    e.texts_encoded = e.tokens_encoded = 0
    long_line = "The analyst reports to the head. " * 600_000
    short = "Le titulaire rend compte au chef."
    e.encode([long_line, short])
    assert seen == [len("query: ") + 512 * CHARS_PER_TOKEN, len("query: ") + len(short)]


def test_sentences_of_a_paragraph_on_one_long_line_are_bounded():
    """NL403 compares sentences all against all: 120,000 a side asked for a 52 GiB matrix. Beyond
    MAX_SENTENCES, runs of consecutive sentences cover the whole text; a real paragraph (9 at most) is
    unchanged."""
    from linter.model import Block
    from linter.sentences import split_sentences
    from linter.similarity import MAX_SENTENCES, EmbeddingSimilarity

    def block(text):
        return Block(lang="en", kind="paragraph", text=text, line=1, end_line=1)

    real = block("We hire. The analyst reports to the head. Apply by 5 May.")
    assert EmbeddingSimilarity.sentence_texts([real]) == [real.text[a:b] for a, b in split_sentences(real.text)]
    long_block = block(" ".join(f"Sentence number {i} is here." for i in range(120_000)))
    texts = EmbeddingSimilarity.sentence_texts([long_block, real])
    assert len(texts) <= MAX_SENTENCES + 2
    assert texts[0].startswith("Sentence number 0 ") and texts[-2].endswith("Sentence number 119999 is here.")
    assert sum(len(t) for t in texts[:-1]) >= len(long_block.text) - 120_000  # the spaces between sentences


@pytest.mark.model
def test_a_notice_on_one_long_line_with_the_model_stays_under_1_gb(box, model_cache_dir):
    """19 MB in one paragraph a side, with the real model and an empty vector cache: 2.3 GB before."""
    from tests.test_hostile_more import inject

    good_file(box.cwd)  # the model built once (its build, not linting, needs more than the cap)
    r = box.run("check", "--format", "json", "good.md", env={"NOTICELINT_CACHE_DIR": str(model_cache_dir)}, mem_cap=8 << 30)
    assert r.rc == 0, str(r)
    fresh_cache = box.root / "vectors"
    fresh_cache.mkdir()
    (fresh_cache / "models").symlink_to(model_cache_dir / "models", target_is_directory=True)
    en = "The incumbent analyses data for the section and reports to the head of unit. " * 120_000
    fr = "La personne titulaire analyse les données de la section et rend compte au chef d'unité. " * 108_000
    (box.cwd / "long.md").write_text(inject(en=en, fr=fr), "utf-8")
    assert (box.cwd / "long.md").stat().st_size > 18 * MB
    r = box.run("check", "--format", "json", "long.md", env={"NOTICELINT_CACHE_DIR": str(fresh_cache)}, timeout=300)
    assert r.rc in (0, 1) and r.files()["long.md"]["error"] is None, str(r)
    assert r.rss_mb < 1024, str(r)
