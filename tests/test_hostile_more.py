"""Hostile inputs, second round (issue 13), black-box through the command line.

Each case runs `python -m linter check ...` in a fresh process, from a temporary folder, under a
2 GiB address-space cap and a 60 s hang guard (a guard, not a speed assert). Super-linear cases are
judged by growth: the child's CPU time and peak memory for an input of size n and 4n, net of a run on
a good notice, must grow well under quadratically (< 8x for 4x the input).

Every run checks what issue 13 asks of any run: no input and no device changed (bytes, mtime, file
type; symlinks stay symlinks), nothing left in the cache or temp folders, no traceback, one stderr
line per bad input naming it, exit 2 only for bad inputs, the good notices beside them reported.

The tests drive the CLI only, so they do not depend on the package's module layout. The repository
is the folder above this file's (tests/..), or $NOTICELINT_REPO.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(os.environ.get("NOTICELINT_REPO") or Path(__file__).resolve().parents[1])
PYTHON = os.environ.get("NOTICELINT_PYTHON") or sys.executable
GOOD_TEXT = (REPO / "examples" / "good.md").read_text("utf-8")
FR_START = GOOD_TEXT.index("Analyste de données")
EN_TEXT, FR_TEXT = GOOD_TEXT[:FR_START], GOOD_TEXT[FR_START:]
EN_SUMMARY = next(ln for ln in GOOD_TEXT.splitlines() if ln.startswith("The Data Analytics Section"))
FR_SUMMARY = next(ln for ln in GOOD_TEXT.splitlines() if ln.startswith("La Section Analyse des données"))

MEM_CAP = 2 << 30  # RLIMIT_AS of every child
# onnxruntime (the model's runtime) keeps a 51-byte session marker in the temp dir; not our temporary file.
THIRD_PARTY_TMP = {".ses"}
HANG = 60  # seconds: a run past this is killed and the test fails
GROWTH = 8.0  # allowed ratio for 4x the input (quadratic would be 16x)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- running the command line ---------------------------------------------------------------------

@dataclass
class Run:
    args: list
    rc: int
    out: str
    err: str
    cpu: float  # user + system seconds of the child and its waited-for children
    rss_mb: float  # peak resident set of the child (or a waited-for child)
    timed_out: bool

    @property
    def err_lines(self) -> list[str]:
        return [ln for ln in self.err.splitlines() if ln.strip()]

    def json(self) -> dict:
        assert self.out.strip(), f"no JSON on stdout; rc={self.rc} stderr={self.err[-2000:]!r}"
        return json.loads(self.out)

    def files(self) -> dict:
        return {f["path"]: f for f in self.json()["files"]}

    def __str__(self) -> str:
        return (f"args={self.args} rc={self.rc} cpu={self.cpu:.2f}s rss={self.rss_mb:.0f}MB "
                f"timed_out={self.timed_out}\nstderr: {self.err[-3000:]}\nstdout: {self.out[:1500]}")


def _vm_hwm(pid: int) -> int:
    """The process's peak resident size in KiB (VmHWM), 0 when it cannot be read.

    Not ru_maxrss: a child forked from this test process (which may hold the real model, 1 GB)
    counts the pages it shared before exec, so ru_maxrss would report the parent's size.
    VmHWM belongs to the memory image the child got at exec: the linter's own."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _limit_memory(cap: int = MEM_CAP):
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


class Box:
    """A private working folder (the run's cwd), cache, temp and home; snapshots inputs around runs."""

    def __init__(self, root: Path):
        self.root = root
        self.cwd = root / "work"
        self.cache = root / "cache"
        self.tmp = root / "tmp"
        self.home = root / "home"
        self.outdir = root / "out"  # outputs go here, never next to inputs
        for d in (self.cwd, self.cache, self.tmp, self.home, self.outdir):
            d.mkdir()
        self._n = 0

    def run(self, *args, timeout: float = HANG, env: dict | None = None, cwd: Path | None = None,
            check_unchanged: bool = True, stdin=subprocess.DEVNULL, mem_cap: int = MEM_CAP) -> Run:
        args = [os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a) for a in args]
        before = snapshot(self.cwd) if check_unchanged else None
        self._n += 1
        so, se = self.root / f"stdout{self._n}", self.root / f"stderr{self._n}"
        e = dict(os.environ)
        e.update(PYTHONPATH=str(REPO), NOTICELINT_CACHE_DIR=str(self.cache), TMPDIR=str(self.tmp),
                 HOME=str(self.home), XDG_CACHE_HOME=str(self.home / ".cache"), PYTHONDONTWRITEBYTECODE="1",
                 COLUMNS="120", TERM="dumb")
        e.pop("PYTHONWARNINGS", None)
        e.update(env or {})
        with open(so, "wb") as fo, open(se, "wb") as fe:
            p = subprocess.Popen([PYTHON, "-m", "linter", *args], cwd=cwd or self.cwd, stdin=stdin,
                                 stdout=fo, stderr=fe, env=e, preexec_fn=lambda: _limit_memory(mem_cap),
                                 start_new_session=True)
            deadline = time.monotonic() + timeout
            timed_out = False
            peak = 0  # KiB: the child's own high-water mark since exec, sampled while it runs
            while True:
                peak = max(peak, _vm_hwm(p.pid))
                pid, status, ru = os.wait4(p.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    timed_out = True
                    os.killpg(p.pid, signal.SIGKILL)
                    pid, status, ru = os.wait4(p.pid, 0)
                    break
                time.sleep(0.02)
            p.returncode = os.waitstatus_to_exitcode(status)
        try:  # pool workers or a grandchild left running: never outlive the test
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        r = Run(args, p.returncode, so.read_bytes().decode("utf-8", "replace"),
                se.read_bytes().decode("utf-8", "replace"), ru.ru_utime + ru.ru_stime,
                (peak or ru.ru_maxrss) / 1024, timed_out)
        assert not r.timed_out, f"hang guard: no answer within {timeout} s\n{r}"
        assert "Traceback" not in r.err and "Traceback" not in r.out, str(r)
        assert r.rc in (0, 1, 2), f"exit {r.rc} (a crash or a signal)\n{r}"
        if check_unchanged:
            assert snapshot(self.cwd) == before, f"inputs changed or files left beside them\n{r}"
        left_tmp = [x for x in self.tmp.iterdir() if x.name not in THIRD_PARTY_TMP]
        assert not left_tmp, f"left in TMPDIR: {left_tmp}\n{r}"
        left = [p for p in self.cache.rglob("*") if "tmp" in p.name.lower() or p.name.startswith(".")]
        assert not left, f"temporary files left in the cache: {left}\n{r}"
        return r

    def check(self, *args, **kw) -> Run:
        return self.run("check", "--no-embeddings", "--format", "json", *args, **kw)


def snapshot(*roots: Path) -> dict:
    """Every entry below roots: type, and bytes + mtime for files, target for symlinks."""
    out = {}
    for root in roots:
        for dirpath, dirs, names in os.walk(root):
            for n in dirs + names:
                p = os.path.join(dirpath, n)
                st = os.lstat(p)
                if stat.S_ISLNK(st.st_mode):
                    out[p] = ("link", os.readlink(p))
                elif stat.S_ISREG(st.st_mode):
                    try:
                        with open(p, "rb") as fh:
                            h = hashlib.sha256(fh.read()).hexdigest()
                    except OSError:
                        h = "unreadable"
                    out[p] = ("file", h, st.st_mtime_ns, st.st_mode)
                else:
                    out[p] = (stat.S_IFMT(st.st_mode), st.st_mode, getattr(st, "st_rdev", 0))
    return out


@pytest.fixture
def box(tmp_path) -> Box:
    return Box(tmp_path)


@pytest.fixture(scope="session")
def floor(tmp_path_factory) -> Run:
    """CPU and memory of linting one good notice: subtracted before judging growth."""
    b = Box(tmp_path_factory.mktemp("floor"))
    g = good_file(b.cwd)
    runs = [b.check(g.name) for _ in range(2)]
    return min(runs, key=lambda r: r.cpu)


# -- what a run must show --------------------------------------------------------------------------

def assert_bad_and_good(r: Run, bads: list[str], goods: list[str]):
    """Exit 2, one stderr line per bad input naming it, every good notice linted without error."""
    assert r.rc == 2, str(r)
    lines = r.err_lines
    assert all(ln.startswith("noticelint: error: ") for ln in lines), str(r)
    assert len(lines) == len(bads), str(r)
    for b in bads:
        assert any(b in ln for ln in lines), (b, str(r))
    files = r.files()
    for g in goods:
        assert g in files and files[g]["error"] is None, (g, str(r))
    assert r.json()["summary"]["failed_inputs"] == len(bads), str(r)


def assert_all_good(r: Run, goods: list[str], findings: bool | None = False):
    assert r.rc in (0, 1), str(r)
    assert not r.err_lines, str(r)
    files = r.files()
    for g in goods:
        assert g in files and files[g]["error"] is None, (g, str(r))
        if findings is False:
            assert files[g]["diagnostics"] == [], (g, [d.get("message") for d in files[g]["diagnostics"]])


def assert_one_error(r: Run, *names: str):
    """A usage or configuration error: exit 2, one line naming what was wrong, nothing else."""
    assert r.rc == 2, str(r)
    lines = r.err_lines
    assert len(lines) == 1 and lines[0].startswith("noticelint: error: "), str(r)
    for n in names:
        assert n in lines[0], (n, str(r))


def assert_growth(small: Run, big: Run, base: Run, what: str, limit: float = GROWTH):
    """Net CPU and peak memory for 4x the input under `limit` times those for the input."""
    c1 = max(small.cpu - base.cpu, 0.25)
    c4 = big.cpu - base.cpu
    assert c4 / c1 < limit, f"{what}: CPU {small.cpu:.2f}s -> {big.cpu:.2f}s for 4x the input (floor {base.cpu:.2f}s)"
    m1 = max(small.rss_mb - base.rss_mb, 25.0)
    m4 = big.rss_mb - base.rss_mb
    assert m4 / m1 < limit, f"{what}: peak RSS {small.rss_mb:.0f} -> {big.rss_mb:.0f} MB for 4x the input"


# -- building inputs ----------------------------------------------------------------------------

def good_file(folder: Path, name: str = "good.md") -> Path:
    p = folder / name
    p.write_text(GOOD_TEXT, "utf-8")
    return p


def inject(en: str | None = None, fr: str | None = None, both: str | None = None) -> str:
    """good.md with a paragraph added after the summary on each side."""
    en = en if en is not None else both
    fr = fr if fr is not None else both
    t = GOOD_TEXT
    if en is not None:
        t = t.replace(EN_SUMMARY, EN_SUMMARY + "\n\n" + en, 1)
    if fr is not None:
        t = t.replace(FR_SUMMARY, FR_SUMMARY + "\n\n" + fr, 1)
    return t


def write(folder: Path, name: str, text: str | bytes) -> Path:
    p = folder / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


# Zip (docx) with members given as bytes, or as ("repeat", prefix, chunk, count, suffix): a member that
# inflates to prefix + chunk*count + suffix, written from one compressed chunk (small on disk, fast).

def _deflate_repeat(prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> tuple[bytes, int, int]:
    def part(data: bytes, final: bool) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    unit = part(chunk, False)
    raw = part(prefix, False) + unit * count + part(suffix, True)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return raw, crc, len(prefix) + len(chunk) * count + len(suffix)


def zip_bytes(members: list[tuple[str, object]], declared: dict[str, int] | None = None,
              method: dict[str, int] | None = None, version: int = 20) -> bytes:
    """A zip of `members` (name, text or bytes, or ("repeat", ...) for _deflate_repeat), deflated; a hostile
    archive may declare other sizes (`declared`, by name), another method (`method`: 12 is bzip2) and the
    version needed to extract it."""
    declared, method = declared or {}, method or {}
    out = io.BytesIO()
    central = []
    for name, data in members:
        if isinstance(data, tuple):
            raw, crc, size = _deflate_repeat(*data[1:])
        else:
            data = data.encode("utf-8") if isinstance(data, str) else data
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw, crc, size = c.compress(data) + c.flush(), zlib.crc32(data), len(data)
        assert size < 1 << 32
        size = declared.get(name, size)
        m = method.get(name, 8)
        if m == 12:
            import bz2

            raw = bz2.compress(data if not isinstance(data, tuple) else b"")
        fn = name.encode("utf-8")
        off = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, m, 0, 0x21, crc, len(raw), size, len(fn), 0))
        out.write(fn)
        out.write(raw)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, 0, m, 0, 0x21, crc, len(raw),
                                   size, len(fn), 0, 0, 0, 0, 0, off) + fn)
    cd = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - cd, cd, 0))
    return out.getvalue()


def write_zip(path: Path, members: list[tuple[str, object]]) -> Path:
    path.write_bytes(zip_bytes(members))
    return path


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def doc_xml(paragraphs: list[str], numbered: set[int] = frozenset()) -> str:
    body = []
    for i, t in enumerate(paragraphs):
        ppr = ('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
               if i in numbered else "")
        body.append(f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{_xml_escape(t)}</w:t></w:r></w:p>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:body>{"".join(body)}</w:body></w:document>')


def docx_members(paragraphs: list[str], *, numbering: str | None = None, media: object = None,
                 main_name: str = "word/document.xml", main: object = None) -> list:
    ct = ['<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          f'<Override PartName="/{main_name}" ContentType="{MAIN_CT}"/>']
    rels = []
    if numbering is not None:
        ct.append('<Override PartName="/word/numbering.xml" ContentType='
                  '"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>')
        rels.append(f'<Relationship Id="rId1" Type="{R}/numbering" Target="numbering.xml"/>')
    if media is not None:
        rels.append(f'<Relationship Id="rId2" Type="{R}/image" Target="media/image1.png"/>')
    ct.append("</Types>")
    folder = main_name.rsplit("/", 1)[0]
    base = main_name.rsplit("/", 1)[1]
    members = [
        ("[Content_Types].xml", "".join(ct)),
        ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_R}">'
                        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="{main_name}"/></Relationships>'),
        (f"{folder}/_rels/{base}.rels",
         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_R}">{"".join(rels)}</Relationships>'),
        (main_name, main if main is not None else doc_xml(paragraphs)),
    ]
    if numbering is not None:
        members.append(("word/numbering.xml", numbering))
    if media is not None:
        members.append(("word/media/image1.png", media))
    return members


def good_paragraphs() -> list[str]:
    return [ln for ln in GOOD_TEXT.splitlines() if ln.strip()]


def numbering_xml(start: int, fmt: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
            f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


# A minimal PDF writer: standard Helvetica, WinAnsi text, one content stream per page (or shared).

def _pdf_str(s: str) -> bytes:
    b = s.encode("cp1252", "replace")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_stream(lines: list[str], extra: bytes = b"") -> bytes:
    ops = [b"BT /F1 10 Tf 12 TL 40 800 Td"]
    for ln in lines:
        ops.append(_pdf_str(ln) + b" Tj T*")
    ops.append(b"ET")
    return extra + b"\n".join(ops)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1; object 1 the catalog), with its xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for o in offsets:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def write_pdf(path: Path, pages: list[bytes | int], streams: list[bytes | tuple] = ()) -> Path:
    """pages: a content stream (bytes) each, or an index into `streams` (shared, or pre-deflated)."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    def stream_obj(data) -> int:
        if isinstance(data, tuple):  # ("flate", raw deflate bytes already zlib-wrapped)
            raw = data[1]
            return add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(raw) + raw + b"\nendstream")
        return add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")

    catalog = add(b"")  # 1
    pages_id = add(b"")  # 2
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    shared = [stream_obj(s) for s in streams]
    kids = []
    for pg in pages:
        content = shared[pg] if isinstance(pg, int) else stream_obj(pg)
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >>"
                        b" /Contents %d 0 R >>" % (font, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[pages_id - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                          + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    path.write_bytes(raw_pdf(objs))
    return path


def good_pdf(path: Path, extra: bytes = b"") -> Path:
    lines = [ln for ln in GOOD_TEXT.splitlines()]
    # EN and FR on their own pages, ~60 lines a page.
    en = [ln for ln in EN_TEXT.splitlines()]
    fr = [ln for ln in FR_TEXT.splitlines()]
    assert lines
    return write_pdf(path, [page_stream(en[:60], extra), page_stream(en[60:]), page_stream(fr[:60]),
                            page_stream(fr[60:])])


def zlib_repeat(prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> bytes:
    """A zlib stream (header + deflate + adler32) inflating to prefix + chunk*count + suffix."""
    raw, _, _ = _deflate_repeat(prefix, chunk, count, suffix)
    a = zlib.adler32(prefix)
    for _ in range(count):
        a = zlib.adler32(chunk, a)
    a = zlib.adler32(suffix, a)
    return b"\x78\xda" + raw + struct.pack(">I", a)


MB = 1 << 20


# =================================================================================================
# 1. Outputs that name an input, devices, symlinks: never replaced, refused before writing
# =================================================================================================

OUTPUT_OPTIONS = [("--output", ("--format", "json")), ("--output", ("--format", "html")),
                  ("--output", ("--format", "sarif")), ("--write-baseline", ())]


def _run_to(box: Box, opt: str, fmt: tuple, target: str, *inputs: str) -> Run:
    return box.run("check", "--no-embeddings", *fmt, opt, target, *inputs)


@pytest.mark.parametrize("opt,fmt", OUTPUT_OPTIONS, ids=lambda v: v if isinstance(v, str) else "-".join(v) or "-")
def test_output_naming_the_notice_is_refused(box, opt, fmt):
    g = good_file(box.cwd)
    r = _run_to(box, opt, fmt, g.name, g.name)
    assert_one_error(r, g.name)


@pytest.mark.parametrize("spelling", ["./good.md", "sub/../good.md", "ABS", "hardlink", "symlink"])
def test_output_naming_the_notice_by_another_path_is_refused(box, spelling):
    g = good_file(box.cwd)
    (box.cwd / "sub").mkdir()
    if spelling == "ABS":
        target = str(g)
    elif spelling == "hardlink":
        os.link(g, box.cwd / "other.md")
        target = "other.md"
    elif spelling == "symlink":
        os.symlink("good.md", box.cwd / "alias.md")
        target = "alias.md"
    else:
        target = spelling
    r = box.check("--output", target, "good.md")
    assert_one_error(r, target)


@pytest.mark.parametrize("opt,fmt", OUTPUT_OPTIONS[::3], ids=["output", "write-baseline"])
@pytest.mark.parametrize("which", ["en", "fr"])
def test_output_naming_a_file_of_a_pair_is_refused(box, opt, fmt, which):
    write(box.cwd, "en.md", EN_TEXT)
    write(box.cwd, "fr.md", FR_TEXT)
    r = box.run("check", "--no-embeddings", *fmt, opt, f"{which}.md", "--en", "en.md", "--fr", "fr.md")
    assert_one_error(r, f"{which}.md")


@pytest.mark.parametrize("opt,fmt", OUTPUT_OPTIONS[::3], ids=["output", "write-baseline"])
def test_output_naming_a_file_inside_the_linted_folder_is_refused(box, opt, fmt):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d, "a.md")
    good_file(d, "b.md")
    r = _run_to(box, opt, fmt, "notices/b.md", "notices")
    assert_one_error(r, "notices/b.md")


def test_output_naming_a_new_file_inside_the_linted_folder_is_allowed_or_refused_cleanly(box):
    """A report written into the folder being linted is not an input (it did not exist): either way,
    the notices stay as they were."""
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d, "a.md")
    r = box.check("--output", "notices/report.json", "notices", check_unchanged=False)
    assert r.rc in (0, 2), str(r)
    assert (d / "a.md").read_text("utf-8") == GOOD_TEXT


@pytest.mark.parametrize("which", ["config", "baseline"])
def test_output_naming_the_config_or_baseline_is_refused(box, which):
    g = good_file(box.cwd)
    write(box.cwd, "noticelint.toml", 'ignore = ["NL205"]\n')
    b = box.outdir / "base.json"
    r0 = box.run("check", "--no-embeddings", "--write-baseline", str(b), "good.md", check_unchanged=False)
    assert r0.rc == 0, str(r0)
    shutil.copy(b, box.cwd / "base.json")
    target = "noticelint.toml" if which == "config" else "base.json"
    r = box.check("--config", "noticelint.toml", "--baseline", "base.json", "--output", target, g.name)
    assert_one_error(r, target)


def _mknod(path: Path, major: int, minor: int) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a character device here ({e}); the real /dev is never touched")
    return path


@pytest.mark.parametrize("opt", ["--output", "--write-baseline"])
def test_output_to_a_null_device_keeps_the_device(box, opt):
    """A private clone of /dev/null (1,3): the run must write through it, never rename over it."""
    g = good_file(box.cwd)
    dev = _mknod(box.outdir / "null", 1, 3)
    r = box.run("check", "--no-embeddings", "--format", "json", opt, str(dev), g.name)
    st = os.lstat(dev)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3), f"device replaced: {oct(st.st_mode)}\n{r}"
    assert r.rc == 0, str(r)
    assert sorted(p.name for p in box.outdir.iterdir()) == ["null"], list(box.outdir.iterdir())


@pytest.mark.parametrize("opt", ["--output", "--write-baseline"])
def test_output_to_a_full_device_is_an_error_and_keeps_the_device(box, opt):
    """A private clone of /dev/full (1,7): ENOSPC is one line naming it, exit 2, the device stays."""
    g = good_file(box.cwd)
    dev = _mknod(box.outdir / "full", 1, 7)
    r = box.run("check", "--no-embeddings", "--format", "json", opt, str(dev), g.name)
    st = os.lstat(dev)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 7), f"device replaced: {oct(st.st_mode)}\n{r}"
    assert_one_error(r, str(dev))
    assert sorted(p.name for p in box.outdir.iterdir()) == ["full"], list(box.outdir.iterdir())


def test_output_to_a_stdout_symlink_writes_through_it(box):
    """Like /dev/stdout (a symlink to /proc/self/fd/1): the report reaches stdout, the link stays."""
    g = good_file(box.cwd)
    link = box.outdir / "stdout"
    os.symlink("/proc/self/fd/1", link)
    r = box.check("--output", str(link), g.name)
    assert os.path.islink(link) and os.readlink(link) == "/proc/self/fd/1", f"symlink replaced\n{r}"
    assert r.rc == 0, str(r)
    assert r.files()["good.md"]["error"] is None
    assert sorted(p.name for p in box.outdir.iterdir()) == ["stdout"]


def test_output_to_a_symlink_to_a_report_writes_through_and_keeps_the_link(box):
    g = good_file(box.cwd)
    real = box.outdir / "real.json"
    real.write_text("old", "utf-8")
    link = box.outdir / "link.json"
    os.symlink("real.json", link)
    r = box.check("--output", str(link), g.name)
    assert r.rc == 0, str(r)
    assert os.path.islink(link), "the symlink was replaced by a regular file"
    assert json.loads(real.read_text("utf-8"))["files"][0]["path"] == "good.md"


def test_output_to_a_fifo_does_not_block_or_replace_it(box):
    g = good_file(box.cwd)
    fifo = box.outdir / "pipe"
    os.mkfifo(fifo)
    r = box.check("--output", str(fifo), g.name, timeout=20)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert r.rc in (0, 2), str(r)


# =================================================================================================
# 2. Memory bombs and blocking inputs
# =================================================================================================

@pytest.fixture(scope="session")
def bombs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bombs")
    paras = good_paragraphs()
    # a media part inflating to 2.5 GB (the .xml/.rels-only size cap does not count it)
    write_zip(d / "media_bomb.docx", docx_members(paras, media=("repeat", b"\x89PNG\r\n\x1a\n", b"\0" * MB, 2500, b"")))
    # the main part renamed (not .xml): a small decoy word/document.xml, the real one inflating to 2.5 GB
    head = doc_xml(paras).encode()
    cut = head.index(b"</w:body>")
    members = docx_members(paras, main_name="word/main.bin",
                           main=("repeat", head[:cut], b" " * MB, 2500, head[cut:]))
    members.append(("word/document.xml", doc_xml(["decoy"])))
    write_zip(d / "renamed_main.docx", members)
    # a PDF page whose FlateDecode content inflates to 2.5 GB of spaces
    en = page_stream(EN_TEXT.splitlines()[:60])
    write_pdf(d / "flate_bomb.pdf", [0], streams=[("flate", zlib_repeat(en, b" " * MB, 2500, b""))])
    return d


def _bomb_case(box: Box, src: Path):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    shutil.copy(src, d / src.name)
    assert (d / src.name).stat().st_size < 4 * MB
    r = box.check("notices")
    assert_bad_and_good(r, [f"notices/{src.name}"], ["notices/good.md"])
    # refused by a budget, not by running into the cap
    assert r.rss_mb < 1024 and "out of memory" not in r.err, str(r)
    return r


@pytest.mark.parametrize("name", ["media_bomb.docx", "renamed_main.docx", "flate_bomb.pdf"])
def test_decompression_bomb_is_refused_in_a_folder(box, bombs, name):
    _bomb_case(box, bombs / name)


@pytest.mark.parametrize("fmt", ["decimal", "lowerLetter", "upperRoman"])
def test_docx_list_numbering_starting_at_260_million(box, fmt):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    # 200 numbered items: a label costs what it expands to (upperRoman: 260,000 'M's a label)
    paras = good_paragraphs() + [f"Item {i}." for i in range(200)]
    numbered = set(range(len(paras) - 200, len(paras)))
    members = docx_members(paras, numbering=numbering_xml(260_000_000, fmt))
    members[3] = ("word/document.xml", doc_xml(paras, numbered))
    write_zip(d / "numbered.docx", members)
    r = box.check("notices")
    # Either a numbered notice is read (the labels are whatever Word shows) or refused with the limit.
    assert r.rc in (0, 1, 2), str(r)
    assert r.files()["notices/good.md"]["error"] is None
    assert len(r.err_lines) <= 1


def test_docx_list_numbering_260_million_does_not_grow_the_paragraphs(box, floor):
    """1 vs 4 numbered items starting at 260 million (lowerLetter: 10 M letters a label)."""
    runs = []
    for n in (1, 4):
        d = box.cwd / f"n{n}"
        d.mkdir()
        paras = good_paragraphs() + [f"Item {i}." for i in range(n)]
        numbered = set(range(len(paras) - n, len(paras)))
        members = docx_members(paras, numbering=numbering_xml(260_000_000, "lowerLetter"))
        members[3] = ("word/document.xml", doc_xml(paras, numbered))
        write_zip(d / "numbered.docx", members)
        runs.append(box.check(str(d / "numbered.docx")))
    for r in runs:
        assert r.rc in (0, 1, 2) and r.rss_mb < 600, str(r)


def test_pdf_with_one_two_million_character_string(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    content = page_stream(EN_TEXT.splitlines()[:20]) + b"\nBT /F1 1 Tf 0 0 Td (" + b"x" * 2_000_000 + b") Tj ET"
    write_pdf(d / "long_string.pdf", [0], streams=[("flate", zlib.compress(content, 9))])
    r = box.check("notices")
    assert_bad_and_good(r, ["notices/long_string.pdf"], ["notices/good.md"])
    assert r.rss_mb < 1024 and "out of memory" not in r.err, str(r)


def test_pdf_with_20000_pages(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    shared = page_stream(["Page of a very long report."])
    write_pdf(d / "many_pages.pdf", [0] * 20_000, streams=[shared])
    r = box.check("notices")
    assert_bad_and_good(r, ["notices/many_pages.pdf"], ["notices/good.md"])
    assert r.rss_mb < 1024 and "out of memory" not in r.err, str(r)


def test_pdf_pages_grow_linearly(box, floor):
    runs = []
    for n in (250, 1000):
        p = write_pdf(box.cwd / f"pages{n}.pdf", [0] * n, streams=[page_stream(["Page of a very long report."])])
        runs.append(box.check(p.name))
    assert_growth(*runs, floor, "PDF pages")


def test_pdfminer_warnings_do_not_flood_stderr(box):
    """A content stream full of invalid colour operands: pdfminer logs a warning for each."""
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    good_pdf(d / "noisy.pdf", extra=b"/P0 g\n" * 2000)
    r = box.check("notices")
    assert r.rc in (0, 1, 2), str(r)
    assert len(r.err_lines) <= 1, f"{len(r.err_lines)} stderr lines, e.g. {r.err_lines[:3]}"
    assert all(ln.startswith("noticelint: ") for ln in r.err_lines), r.err_lines[:3]
    assert r.files()["notices/good.md"]["error"] is None


@pytest.mark.parametrize("opt", ["--config", "--baseline"])
def test_dev_zero_as_config_or_baseline_is_refused(box, opt):
    g = good_file(box.cwd)
    r = box.check(opt, "/dev/zero", g.name)
    assert_one_error(r, "/dev/zero")
    assert r.rss_mb < 500, str(r)


@pytest.mark.parametrize("opt", ["--config", "--baseline"])
def test_fifo_as_config_or_baseline_is_refused_without_blocking(box, opt):
    g = good_file(box.cwd)
    os.mkfifo(box.cwd / "pipe")
    r = box.check(opt, "pipe", g.name, timeout=20)
    assert_one_error(r, "pipe")


@pytest.mark.parametrize("opt", ["--config", "--baseline"])
def test_directory_or_huge_file_as_config_or_baseline_is_refused(box, opt):
    g = good_file(box.cwd)
    (box.cwd / "adir").mkdir()
    r = box.check(opt, "adir", g.name)
    assert_one_error(r, "adir")
    big = box.outdir / "big"  # outside the snapshot folder: hashing 3 GiB twice a run cost a minute
    with open(big, "wb") as fh:
        fh.truncate(3 << 30)  # sparse: 3 GiB on paper, nothing on disk
    r = box.check(opt, str(big), g.name)
    assert_one_error(r, "big")


def test_ptmx_as_a_notice_does_not_block(box):
    g = good_file(box.cwd)
    if not os.path.exists("/dev/ptmx"):
        pytest.skip("no /dev/ptmx")
    r = box.check("/dev/ptmx", g.name, timeout=20)
    assert_bad_and_good(r, ["/dev/ptmx"], ["good.md"])


@pytest.mark.parametrize("dev", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_character_devices_as_notices(box, dev):
    g = good_file(box.cwd)
    r = box.check(dev, g.name, timeout=20)
    assert_bad_and_good(r, [dev], ["good.md"])


# =================================================================================================
# 3. Super-linear time on one line or block: growth for n and 4n
# =================================================================================================

def _b64(n):
    return "![logo](data:image/png;base64," + ("iVBORw0KGgoAAAANSUhEUg" * (n // 22 + 1))[:n] + ")"


TEXT_GROWTH = {
    # name: (n, builder(n) -> notice text)
    "long-token-with-at": (12_500, lambda n: inject(both="Contact " + "a" * n + "@")),
    "long-token-at-signs": (12_500, lambda n: inject(both="Contact " + "@" * n)),
    "long-token-alternating-at": (12_500, lambda n: inject(both="a@" * (n // 2))),
    "inline-base64-image": (12_500, lambda n: inject(en=_b64(n))),
    "heading-then-spaces": (25_000, lambda n: GOOD_TEXT.replace("2. QUALIFICATIONS AND EXPERIENCE",
                                                                "2. QUALIFICATIONS AND EXPERIENCE" + " " * n, 1)),
    "heading-spaces-then-text": (5_000, lambda n: GOOD_TEXT.replace(
        "2. QUALIFICATIONS AND EXPERIENCE", "2. QUALIFICATIONS AND EXPERIENCE" + " " * n + "x", 1)),
    "md-heading-spaces-then-text": (5_000, lambda n: inject(en="## Note" + " " * n + "x")),
    "suppression-comment-unclosed": (1_000, lambda n: inject(en="<!-- noticelint: disable=" + " " * n + "x")),
    "suppression-comment-padded": (1_000, lambda n: inject(en="<!--" + " " * n + "noticelint:" + " " * n
                                                              + "disable=NL205" + " " * n + "-->")),
    "digit-run": (25_000, lambda n: inject(both="Reference " + "1" * n + ".")),
    "digit-run-with-separators": (25_000, lambda n: inject(both="Amount " + "1," * (n // 2) + ".")),
    "hex-run": (25_000, lambda n: inject(both="Key " + ("deadbeef" * (n // 8 + 1))[:n] + ".")),
    "x-com-com": (25_000, lambda n: inject(both="See x" + ".com" * (n // 4) + " now.")),
    "number-then-spaces": (25_000, lambda n: inject(both="Salary 5" + " " * n + "x")),
    "amount-then-spaces": (25_000, lambda n: inject(both="6,204.10" + " " * n + "Euro")),
    "date-then-spaces": (25_000, lambda n: inject(both="15" + " " * n + "March 2026")),
    "many-urls": (250, lambda n: inject(both=" ".join(f"https://ex{i}.org/p{i}" for i in range(n)))),
    "many-emails": (250, lambda n: inject(both=" ".join(f"a{i}@ex{i}.org" for i in range(n)))),
    "many-acronyms": (1_000, lambda n: inject(both=" ".join(
        "".join(chr(65 + (i // 26 ** k) % 26) for k in range(3)) for i in range(n)))),
    "many-acronyms-differing": (1_000, lambda n: inject(
        en=" ".join("".join(chr(65 + (i // 26 ** k) % 26) for k in range(3)) for i in range(n)),
        fr=" ".join("".join(chr(65 + (i // 26 ** k) % 26) for k in range(3))[::-1] + "X" for i in range(n)))),
    "many-numbers": (1_000, lambda n: inject(both=" ".join(str(i) for i in range(n)))),
    "parentheses-nest": (5_000, lambda n: inject(both="(" * n + "x" + ")" * n)),
    "markdown-emphasis": (5_000, lambda n: inject(both="*a " * n)),
    "markdown-brackets": (5_000, lambda n: inject(both="[" * n + "x")),
    "hyphen-location": (150, lambda n: GOOD_TEXT.replace("Primary Location: Belgium-Brussels",
                                                         "Primary Location: " + "-".join(["Brussels"] * n), 1)),
    "hyphen-location-fr": (150, lambda n: GOOD_TEXT.replace("Emplacement principal : Belgique-Bruxelles",
                                                            "Emplacement principal : " + "-".join(["Bruxelles"] * n), 1)),
    "bullets": (400, lambda n: inject(en="\n".join(f"- have skill number {i} in data;" for i in range(n)),
                                      fr="\n".join(f"- avoir la compétence numéro {i} en données ;" for i in range(n)))),
    "sections": (200, lambda n: EN_TEXT + "".join(f"\n{i}. SECTION {i}\n\nThe incumbent does task {i} well.\n"
                                                  for i in range(5, 5 + n)) + "\n" + FR_TEXT
                 + "".join(f"\n{i}. SECTION {i}\n\nLa personne titulaire fait la tâche {i}.\n" for i in range(5, 5 + n))),
    "paragraphs-one-side": (800, lambda n: inject(en="\n\n".join(f"The incumbent does task {i}." for i in range(n)))),
    "long-line-of-words": (25_000, lambda n: inject(both=" ".join(["data"] * n))),
}


@pytest.mark.parametrize("name", list(TEXT_GROWTH))
def test_text_pattern_grows_linearly(box, floor, name):
    n, build = TEXT_GROWTH[name]
    runs = []
    for k in (n, 4 * n):
        d = box.cwd / f"n{k}"
        d.mkdir()
        good_file(d)
        write(d, "hostile.md", build(k))
        r = box.check(str(d.relative_to(box.cwd)))
        files = r.files()
        assert files[f"n{k}/good.md"]["error"] is None, str(r)
        assert r.rc in (0, 1) or (r.rc == 2 and len(r.err_lines) == 1 and "hostile.md" in r.err_lines[0]), str(r)
        runs.append(r)
    assert_growth(*runs, floor, name)


def _docx_paragraphs(path: Path, n: int) -> Path:
    en = [t for t in EN_TEXT.splitlines() if t.strip()]
    fr = [t for t in FR_TEXT.splitlines() if t.strip()]
    paras = en[:12] + [f"Task {i}." for i in range(n)] + en[12:] + fr[:12] + [f"Tâche {i}." for i in range(n)] + fr[12:]
    return write_zip(path, docx_members(paras))


def test_many_short_word_paragraphs_grow_linearly(box, floor):
    runs = []
    for n in (2_500, 10_000):
        p = _docx_paragraphs(box.cwd / f"p{n}.docx", n)
        runs.append(box.check(p.name))
    assert_growth(*runs, floor, "short Word paragraphs")


def test_twenty_thousand_short_word_paragraphs_in_a_folder(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    _docx_paragraphs(d / "long.docx", 10_000)
    r = box.check("notices")
    assert r.files()["notices/good.md"]["error"] is None, str(r)


# =================================================================================================
# 4. Tracebacks that end the whole run
# =================================================================================================

BAD_CONFIGS = {
    # name: (file name, text, words the one-line error must hold besides the file)
    "tool-is-int": ("pyproject.toml", "tool = 5\n", ["tool"]),
    "noticelint-is-int": ("pyproject.toml", "[tool]\nnoticelint = 5\n", ["noticelint"]),
    "noticelint-is-list": ("noticelint.toml", "[tool]\nnoticelint = [1]\n", ["noticelint"]),
    "include-ints": ("noticelint.toml", "include = [5]\n", ["include"]),
    "exclude-ints": ("noticelint.toml", "exclude = [5]\n", ["exclude"]),
    "include-nested": ("noticelint.toml", "include = [[\"*.md\"]]\n", ["include"]),
    "select-ints": ("noticelint.toml", "select = [5]\n", ["select"]),
    "fields-deadline-int": ("noticelint.toml", "[fields]\ndeadline = 5\n", ["deadline"]),
    "fields-deadline-en-int": ("noticelint.toml", "[fields.deadline]\nen = 5\n", ["deadline"]),
    "fields-deadline-en-string": ("noticelint.toml", "[fields.deadline]\nen = \"Closing date\"\n", ["deadline"]),
    "fields-deadline-en-ints": ("noticelint.toml", "[fields.deadline]\nen = [5]\n", ["deadline"]),
    "fields-unknown": ("noticelint.toml", "[fields.nosuchfield]\nen = [\"X\"]\n", ["nosuchfield"]),
    "terms-int": ("noticelint.toml", "[terms]\nx = 5\n", ["terms"]),
    "pairs-ints": ("noticelint.toml", "[rules.acronym-mismatch]\npairs = [5]\n", ["pairs"]),
    "pairs-string": ("noticelint.toml", "[rules.acronym-mismatch]\npairs = \"CNAD = CDNA\"\n", ["pairs"]),
    "pairs-no-equals": ("noticelint.toml", "[rules.acronym-mismatch]\npairs = [\"CNAD\"]\n", ["pairs"]),
    "equivalents-ints": ("noticelint.toml", "[rules.location-mismatch]\nequivalents = [[5, 6]]\n", ["equivalents"]),
    "equivalents-flat": ("noticelint.toml", "[rules.location-mismatch]\nequivalents = [\"The Hague\"]\n", ["equivalents"]),
    "equivalents-string": ("noticelint.toml", "[rules.location-mismatch]\nequivalents = \"The Hague\"\n", ["equivalents"]),
    "rules-table-int": ("noticelint.toml", "[rules]\nacronym-mismatch = 5\n", ["acronym-mismatch"]),
    "severity-int": ("noticelint.toml", "[severity]\nacronym-mismatch = 5\n", ["acronym-mismatch"]),
    "severity-table": ("noticelint.toml", "[severity.acronym-mismatch]\nx = 1\n", ["acronym-mismatch"]),
    "max-file-size-2-70": ("noticelint.toml", f"max-file-size = {2 ** 70}\n", ["max-file-size"]),
    "max-file-size-2-63": ("noticelint.toml", f"max-file-size = {2 ** 63 - 1}\n", None),  # allowed or refused
    "max-file-size-float": ("noticelint.toml", "max-file-size = 1e9\n", ["max-file-size"]),
    "link-threshold-nan": ("noticelint.toml", "[rules.missing-translation]\nlink_threshold = nan\n", ["link_threshold"]),
    "link-threshold-inf": ("noticelint.toml", "[rules.missing-translation]\nlink_threshold = inf\n", ["link_threshold"]),
    "link-threshold-out-of-range": ("noticelint.toml", "[rules.missing-translation]\nlink_threshold = 7.5\n", ["link_threshold"]),
    "threshold-nan": ("noticelint.toml", "[rules.low-similarity]\nthreshold = nan\n", ["threshold"]),
    "threshold-negative": ("noticelint.toml", "[rules.low-similarity]\nthreshold = -1.0\n", ["threshold"]),
    "min-chars-negative": ("noticelint.toml", "[rules.low-similarity]\nmin_chars = -5\n", ["min_chars"]),
    "deep-array-own-table": ("noticelint.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n", None),
    "deep-array-other-tool": ("pyproject.toml", "[tool.noticelint]\n\n[tool.other]\nx = " + "[" * 5000 + "]" * 5000 + "\n", None),
    "deep-inline-table": ("noticelint.toml", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", None),
    "model-empty": ("noticelint.toml", "model = \"\"\n", ["model"]),
    "cache-dir-nul": ("noticelint.toml", "cache-dir = \"a\\u0000b\"\n", ["cache-dir"]),
    "not-utf8": ("noticelint.toml", b"ignore = [\"\xff\"]\n", None),
    "broken-toml": ("noticelint.toml", "ignore = [\n", None),
}


def _config_case(box: Box, name: str, discover: bool) -> tuple[Run, str]:
    fname, text, words = BAD_CONFIGS[name]
    d = box.cwd / "proj"
    d.mkdir()
    good_file(d)
    write(d, fname, text)
    if discover:
        r = box.check("proj/good.md")
    else:
        r = box.check("--config", f"proj/{fname}", "proj/good.md")
    return r, fname, words


@pytest.mark.parametrize("name", [n for n in BAD_CONFIGS if BAD_CONFIGS[n][2] is not None or "max-file-size" not in n])
def test_bad_config_is_one_line_exit_2(box, name):
    r, fname, words = _config_case(box, name, discover=False)
    assert_one_error(r, fname, *(words or []))


@pytest.mark.parametrize("name", ["tool-is-int", "noticelint-is-int", "include-ints", "fields-deadline-int",
                                  "pairs-ints", "equivalents-ints", "max-file-size-2-70", "deep-array-other-tool",
                                  "link-threshold-nan", "broken-toml", "not-utf8"])
def test_bad_config_found_by_the_search_is_one_line_exit_2(box, name):
    r, fname, words = _config_case(box, name, discover=True)
    assert_one_error(r, fname, *(words or []))


def test_max_file_size_at_64_bits_is_refused_or_works(box):
    r, fname, _ = _config_case(box, "max-file-size-2-63", discover=False)
    assert r.rc in (0, 2), str(r)
    if r.rc == 2:
        assert_one_error(r, fname, "max-file-size")


@pytest.mark.parametrize("text", ["[tool.noticelint\nignore = [\n", "[tool.black]\nline-length = \n",
                                  b"[tool.noticelint]\nignore = [\"\xff\"]\n"], ids=["broken-own", "broken-other", "not-utf8"])
def test_broken_pyproject_in_the_search_path_is_an_error(box, text):
    d = box.cwd / "proj"
    d.mkdir()
    good_file(d)
    write(d, "pyproject.toml", text)
    r = box.check("proj/good.md")
    assert_one_error(r, "pyproject.toml")


def test_unreadable_pyproject_in_the_search_path_is_an_error(box):
    if IS_ROOT:
        pytest.skip("runs as root: chmod 000 does not stop root from reading")
    d = box.cwd / "proj"
    d.mkdir()
    good_file(d)
    p = write(d, "pyproject.toml", "[tool.noticelint]\n")
    p.chmod(0)
    try:
        r = box.check("proj/good.md", check_unchanged=False)
    finally:
        p.chmod(0o644)
    assert_one_error(r, "pyproject.toml")


def test_pyproject_that_is_a_directory_or_fifo_in_the_search_path(box):
    d = box.cwd / "proj"
    d.mkdir()
    good_file(d)
    os.mkfifo(d / "pyproject.toml")
    r = box.check("proj/good.md", timeout=20)
    assert r.rc in (0, 2), str(r)
    if r.rc == 2:
        assert_one_error(r, "pyproject.toml")


def test_config_search_through_an_unsearchable_folder(box):
    if IS_ROOT:
        pytest.skip("runs as root: a chmod 000 folder is still searchable by root")
    d = box.cwd / "a" / "b"
    d.mkdir(parents=True)
    g = good_file(d)
    (box.cwd / "a").chmod(0o311)  # searchable for the path given, not listable; then 000 on a parent
    try:
        os.chmod(box.cwd / "a", 0)
        r = box.run("check", "--no-embeddings", "--format", "json", "good.md", cwd=d, check_unchanged=False)
    finally:
        os.chmod(box.cwd / "a", 0o755)
    assert r.rc in (0, 2) and "Traceback" not in r.err, str(r)
    assert g.read_text("utf-8") == GOOD_TEXT


BAD_BASELINES = {
    "fingerprint-lists": '{"version": 1, "tool": "noticelint", "fingerprints": [[1]]}',
    "fingerprint-objects": '{"version": 1, "tool": "noticelint", "fingerprints": [{"a": 1}]}',
    "fingerprint-ints": '{"version": 1, "tool": "noticelint", "fingerprints": [5]}',
    "fingerprints-object": '{"version": 1, "tool": "noticelint", "fingerprints": {"a": 1}}',
    "version-list": '{"version": [1], "tool": "noticelint", "fingerprints": []}',
    "version-true": '{"version": true, "tool": "noticelint", "fingerprints": []}',
    "top-list": "[1, 2]",
    "deep-nesting": "[" * 200_000 + "]" * 200_000,
    "nan": '{"version": NaN, "fingerprints": []}',
    "huge-number": '{"version": 1' + "0" * 5000 + ', "fingerprints": []}',
    "not-utf8": b'{"version": 1, "fingerprints": ["\xff"]}',
}


@pytest.mark.parametrize("name", list(BAD_BASELINES))
def test_baseline_of_the_wrong_shape(box, name):
    g = good_file(box.cwd)
    write(box.cwd, "base.json", BAD_BASELINES[name])
    r = box.check("--baseline", "base.json", g.name)
    assert_one_error(r, "base.json")


def test_write_baseline_into_a_missing_folder(box):
    g = good_file(box.cwd)
    r = box.check("--write-baseline", str(box.outdir / "missing" / "base.json"), g.name)
    assert_one_error(r, "missing")


@pytest.mark.parametrize("opt", ["--write-baseline", "--output"])
def test_write_into_a_read_only_place(box, opt):
    """/proc refuses new files for root too; nothing is created there."""
    g = good_file(box.cwd)
    r = box.check(opt, "/proc/noticelint-out.json", g.name)
    assert_one_error(r, "/proc/noticelint-out.json")


@pytest.mark.parametrize("opt", ["--write-baseline", "--output"])
def test_write_into_a_path_that_is_a_directory(box, opt):
    g = good_file(box.cwd)
    r = box.check(opt, str(box.outdir), g.name)
    assert_one_error(r, str(box.outdir))
    assert box.outdir.is_dir()


@pytest.mark.parametrize("opt", ["--write-baseline", "--output"])
def test_non_utf8_output_name(box, opt):
    g = good_file(box.cwd)
    name = os.fsdecode(b"rep\xff.json")
    r = box.check(opt, name, g.name, check_unchanged=False)
    assert r.rc == 0, str(r)
    assert (box.cwd / os.fsdecode(b"rep\xff.json")).exists()
    os.unlink(box.cwd / os.fsdecode(b"rep\xff.json"))


def test_non_utf8_file_name_in_a_folder_with_an_error(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    bad = os.fsencode(d) + b"/bad\xff.md"
    with open(bad, "wb"):
        pass  # empty: refused, and its name must be printable in the one-line error
    r = box.check("notices")
    assert r.rc == 2, str(r)
    assert len(r.err_lines) == 1 and r.err_lines[0].startswith("noticelint: error: notices/bad"), str(r)
    assert r.files()["notices/good.md"]["error"] is None


def test_non_utf8_file_name_with_output(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    shutil.copy(d / "good.md", os.fsencode(d) + b"/g\xe9.md")
    r = box.check("--output", str(box.outdir / "r.json"), "notices")
    assert r.rc == 0, str(r)
    assert len(json.loads((box.outdir / "r.json").read_text("utf-8"))["files"]) == 2


SALARY_FR = "Salaire (Base de paie) : 6 204,10Euro (EUR) Mensuelle"
SALARY_EN = "Salary (Pay Basis): 6,204.10Euro (EUR) Monthly"


@pytest.mark.parametrize("fr_line", [
    SALARY_FR + " (environ 6 700 USD)",
    "Salaire (Base de paie) : 6 700 USD (6 204,10 EUR) Mensuelle",
    "Salaire (Base de paie) : 6 204,10 $ US Mensuelle",
    "Salaire (Base de paie) : 6 204,10Euro (EUR) / 6 700,00 dollars US Mensuelle",
], ids=["usd-after", "usd-first", "dollar-sign", "dollars-words"])
def test_french_salary_line_with_a_usd_amount(box, fr_line):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "usd.md", GOOD_TEXT.replace(SALARY_FR, fr_line))
    r = box.check("notices")
    assert r.rc in (0, 1), str(r)
    assert r.files()["notices/usd.md"]["error"] is None and r.files()["notices/good.md"]["error"] is None


@pytest.mark.parametrize("en_line", [SALARY_EN + " (about 6,700 USD)", "Salary (Pay Basis): 6,700 USD Monthly"])
def test_english_salary_line_with_a_usd_amount(box, en_line):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "usd.md", GOOD_TEXT.replace(SALARY_EN, en_line))
    r = box.check("notices")
    assert r.rc in (0, 1), str(r)
    assert r.files()["notices/usd.md"]["error"] is None


@pytest.mark.parametrize("prefix", ["İ", "İİİ ", "İstanbul office: ", "ẞ ", "ǅ ", "ﬁ ", "\u0130\u0307 "],
                         ids=["dotted-I", "three", "word", "capital-sharp-s", "titlecase-dz", "fi-ligature", "I-combining"])
def test_case_mapping_that_changes_length_before_a_link(box, prefix):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    t = GOOD_TEXT.replace("More information about", prefix + "More information about", 1)
    t = t.replace("On trouvera de plus", prefix + "On trouvera de plus", 1)
    write(d, "turkish.md", t)
    r = box.check("notices")
    assert r.rc in (0, 1), str(r)
    assert r.files()["notices/turkish.md"]["error"] is None


@pytest.mark.parametrize("prefix", ["İ" * 20 + " ", "İ" * 200, "ẞ" * 20 + " "], ids=["20-dotted-I", "200-dotted-I", "20-sharp-s"])
def test_case_mapping_that_changes_length_before_a_www_link(box, prefix):
    """str.lower() turns each İ into two characters: positions found in the lowered text are off."""
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "turkish.md", inject(en=prefix + "See www.nato.int/recruit today.",
                                  fr=prefix + "Voir www.nato.int/recruit aujourd'hui."))
    r = box.check("notices")
    assert r.rc in (0, 1), str(r)
    assert r.files()["notices/turkish.md"]["error"] is None


@pytest.mark.parametrize("prefix", ["İ", "ﬁ"])
def test_case_mapping_before_an_email_and_an_acronym(box, prefix):
    t = GOOD_TEXT.replace("recruitment@hq.nato.int", prefix + "recruitment@hq.nato.int")
    t = t.replace("(DAS)", f"({prefix}DAS)")
    g = good_file(box.cwd)
    write(box.cwd, "case.md", t)
    r = box.check("case.md", g.name)
    assert r.rc in (0, 1), str(r)


def test_worker_killed_loses_only_its_notices(box):
    """A pool worker killed (SIGKILL, as the OOM killer would) on one file: every other notice is still
    linted; the file that kills a fresh worker again is reported as not linted."""
    d = box.cwd / "notices"
    d.mkdir()
    goods = [good_file(d, f"g{i:02d}.md") for i in range(20)]
    good_file(d, "killer.md")
    r = box.check("--jobs", "2", "notices", env={"NOTICELINT_TEST_KILL_WORKER": "killer.md"})
    assert_bad_and_good(r, ["notices/killer.md"], [f"notices/{g.name}" for g in goods])
    assert "worker" in r.err_lines[0], str(r)


def test_no_dev_shm_falls_back_to_one_process(box):
    """Where a process pool cannot start (no /dev/shm: simulated by making the pool's start raise),
    the run goes on in one process with the same report."""
    d = box.cwd / "notices"
    d.mkdir()
    for i in range(12):
        good_file(d, f"g{i:02d}.md")
    write(d, "bad.md", GOOD_TEXT.replace("6 204,10", "6 240,10"))
    one = box.check("--jobs", "1", "notices")
    r = box.check("--jobs", "2", "notices", env={"NOTICELINT_TEST_NO_POOL": "1"})
    assert r.rc == one.rc == 1, str(r)
    assert r.files() == one.files()


def test_many_files_with_a_pool_and_a_bad_one(box):
    """The pool path (>= 8 files): a hostile file among good ones still gives every good result."""
    d = box.cwd / "notices"
    d.mkdir()
    goods = [good_file(d, f"g{i}.md") for i in range(10)]
    write(d, "usd.md", GOOD_TEXT.replace(SALARY_FR, SALARY_FR + " (environ 6 700 USD)"))
    write(d, "empty.md", "")
    r = box.check("--jobs", "2", "notices")
    assert_bad_and_good(r, ["notices/empty.md"], [f"notices/{g.name}" for g in goods] + ["notices/usd.md"])


# =================================================================================================
# 5. Wrong results, silently
# =================================================================================================

@pytest.mark.parametrize("name", ["NOTICE.TXT", "Notice.Md", "notice.DOCX", "NOTICE.PDF"])
def test_extensions_in_any_case_are_walked(box, name):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    p = d / name
    if name.lower().endswith(".docx"):
        write_zip(p, docx_members(good_paragraphs()))
    elif name.lower().endswith(".pdf"):
        good_pdf(p)
    else:
        p.write_text(GOOD_TEXT, "utf-8")
    r = box.check("notices")
    assert f"notices/{name}" in r.files(), str(r)
    assert r.files()[f"notices/{name}"]["error"] is None, str(r)


def test_empty_path_argument_is_a_usage_error(box):
    good_file(box.cwd)
    r = box.check("")
    assert_one_error(r)
    assert not r.out.strip() or "good.md" not in r.out, "`check \"\"` linted the current folder"


def test_empty_path_beside_a_real_one_is_a_usage_error(box):
    g = good_file(box.cwd)
    r = box.check(g.name, "")
    assert r.rc == 2, str(r)
    assert "good.md" not in r.out or len(r.files()) == 1


def test_empty_en_or_fr_is_a_usage_error(box):
    write(box.cwd, "en.md", EN_TEXT)
    r = box.check("--en", "", "--fr", "en.md")
    assert_one_error(r)


LOCK_FILES = {
    "~$good.docx": b"\x05Owner" + b"\x00" * 150,  # Word owner file
    "._good.docx": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 64,  # AppleDouble
    "._good.md": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 64,
    "~$good.md": b"\x05Owner" + b"\x00" * 150,
    "good.md~": GOOD_TEXT.encode(),  # editor backup
    "#good.md#": GOOD_TEXT.encode(),  # Emacs auto-save
    ".good.md.swp": b"b0VIM 8.2" + b"\x00" * 1000,  # Vim swap
    ".hidden.md": GOOD_TEXT.encode(),  # a hidden file
}


@pytest.mark.parametrize("name", list(LOCK_FILES) + [".#good.md"])
def test_editor_and_office_lock_files_are_skipped(box, name):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    if name == ".#good.md":
        os.symlink("root@host.12345:1700000000", d / name)  # Emacs lock: a dangling symlink
    else:
        write(d, name, LOCK_FILES[name])
    r = box.check("notices")
    assert r.rc == 0, str(r)
    assert list(r.files()) == ["notices/good.md"], list(r.files())


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(box, enc):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "u16.md", GOOD_TEXT.encode(enc))
    r = box.check("notices")
    assert_all_good(r, ["notices/u16.md", "notices/good.md"])


@pytest.mark.parametrize("sep", ["\u0085", "\u2028", "\u2029", "\u000b", "\u001c", "\u001e"],
                         ids=["NEL", "LS", "PS", "VT", "FS", "RS"])
def test_unicode_line_ends_lint_clean(box, sep):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "sep.md", GOOD_TEXT.replace("\n", sep))
    r = box.check("notices")
    assert_all_good(r, ["notices/sep.md", "notices/good.md"])


def test_paragraph_separators_between_paragraphs_lint_clean(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "ps.md", GOOD_TEXT.replace("\n\n", "\u2029"))
    r = box.check("notices")
    assert_all_good(r, ["notices/ps.md", "notices/good.md"])


@pytest.mark.parametrize("where", ["heading-en", "heading-fr", "field", "bullet", "each-line"])
@pytest.mark.parametrize("ch", ["\ufeff", "\u200b", "\u2060", "\u00ad"], ids=["BOM", "ZWSP", "WJ", "SHY"])
def test_invisible_character_before_a_heading_lints_clean(box, where, ch):
    t = GOOD_TEXT
    if where == "heading-en":
        t = t.replace("2. QUALIFICATIONS AND EXPERIENCE", ch + "2. QUALIFICATIONS AND EXPERIENCE")
    elif where == "heading-fr":
        t = t.replace("2. QUALIFICATIONS ET EXPÉRIENCE", ch + "2. QUALIFICATIONS ET EXPÉRIENCE")
    elif where == "field":
        t = t.replace("Grade: NATO", ch + "Grade: NATO")
    elif where == "bullet":
        t = t.replace("- have 3 years", ch + "- have 3 years")
    else:
        t = "\n".join(ch + ln if ln else ln for ln in t.split("\n"))
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "inv.md", t)
    r = box.check("notices")
    assert_all_good(r, ["notices/inv.md", "notices/good.md"])


def test_newline_in_a_file_name_does_not_forge_an_error_line(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "bad\nnoticelint: error: forged.md: fake.md", "")
    write(d, "bad\rname.md", "")
    r = box.check("notices")
    assert r.rc == 2, str(r)
    assert len(r.err_lines) == 2, r.err_lines
    assert not any("forged.md: fake" in ln and ln.startswith("noticelint: error: forged") for ln in r.err_lines)
    assert all(ln.startswith("noticelint: error: notices/bad") for ln in r.err_lines), r.err_lines
    assert r.files()["notices/good.md"]["error"] is None


def test_newline_in_a_file_name_in_text_and_github_formats(box):
    d = box.cwd / "notices"
    d.mkdir()
    good_file(d)
    write(d, "x\n::error file=forged::forged.md", GOOD_TEXT.replace("6 204,10", "6 240,10"))
    r = box.run("check", "--no-embeddings", "--format", "github", "notices")
    assert r.rc == 1, str(r)
    assert not any(ln.startswith("::error file=forged") for ln in r.out.splitlines()), r.out


def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("pattern,bad", [("ignored/\n", "ignored/empty.md"), ("*.draft.md\n", "x.draft.md"),
                                         ("/build\n", "build/a/empty.md")])
def test_gitignore_is_honoured_in_a_git_repository(box, pattern, bad):
    repo = box.cwd / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    good_file(repo)
    write(repo, ".gitignore", pattern)
    p = repo / bad
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"")
    r = box.check("repo")
    assert r.rc == 0, str(r)
    assert list(r.files()) == ["repo/good.md"], list(r.files())


def test_gitignore_outside_a_git_repository_is_not_needed(box):
    """Outside a repository .gitignore has no authority; either way the run is clean (no traceback)."""
    d = box.cwd / "plain"
    d.mkdir()
    good_file(d)
    write(d, ".gitignore", "[\n\\\n**/\n")
    r = box.check("plain")
    assert r.rc == 0, str(r)


@pytest.mark.model
def test_interrupted_model_conversion_leaves_nothing_in_the_cache(box):
    """Kill the first-use model conversion half-way; the next run must clean up what it left."""
    g = good_file(box.cwd)
    e = dict(os.environ, PYTHONPATH=str(REPO), NOTICELINT_CACHE_DIR=str(box.cache), TMPDIR=str(box.tmp),
             HOME=str(box.home))
    p = subprocess.Popen([PYTHON, "-m", "linter", "check", "--format", "json", g.name], cwd=box.cwd, env=e,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        if any(box.cache.rglob("*")) and sum(f.stat().st_size for f in box.cache.rglob("*") if f.is_file()) > 20 * MB:
            break
        time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    # The next run builds the model again: the one-time ONNX build (in a child process) needs about
    # 2.5 GB, over the 2 GiB cap of the input cases.
    r = box.run("check", "--format", "json", g.name, timeout=240, mem_cap=8 << 30)
    assert r.rc == 0, str(r)
    assert not [x for x in box.tmp.iterdir() if x.name not in THIRD_PARTY_TMP]
    names = [str(x.relative_to(box.cache)) for x in box.cache.rglob("*")]
    assert not [n for n in names if "tmp" in n.lower() or n.split("/")[-1].startswith(".")], names
