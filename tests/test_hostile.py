"""Hostile inputs through the command line: never crash, never hang, never lose a good notice.

Every refused input must give exit 2, exactly one stderr line `noticelint: error: <input>: <reason>`
naming it, no traceback; the good notices given alongside it (as arguments, or in the same folder)
must still be linted and reported in the JSON.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import random
import shutil
import signal
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app

from .conftest import EXAMPLES, SCHEMA, notices

runner = CliRunner()
GOOD = EXAMPLES / "good.md"
GOOD_TEXT = GOOD.read_text("utf-8")
MB = 1024 * 1024


# -- guard: no test may hang ----------------------------------------------------------------------

class Hang(BaseException):
    """Raised by SIGALRM; a BaseException so CliRunner (which catches Exception) lets it through."""


@pytest.fixture(autouse=True)
def no_hang():
    def on_alarm(signum, frame):
        raise Hang("no answer within 60 s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# -- helpers ------------------------------------------------------------------------------------

def check(*args, config: Path | None = None):
    extra = ["--config", str(config)] if config else []
    return runner.invoke(app, ["check", "--no-embeddings", "--format", "json", *extra, *map(str, args)])


def validate(doc):
    """Against the contract's schema when ../shared/ is there (test_cli's schema tests skip, with the reason, when
    it is not; here the schema is a side check of tests about robustness, which still run in a fresh clone)."""
    import jsonschema

    if SCHEMA.is_file():
        jsonschema.validate(doc, json.loads(SCHEMA.read_text("utf-8")))


def files_by_path(r) -> dict:
    doc = json.loads(r.stdout)
    validate(doc)
    return {f["path"]: f for f in doc["files"]}


def assert_clean_run(r):
    """No exception escaped the command (a SystemExit from typer.Exit is the normal way out)."""
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output and "Traceback" not in r.stderr


def assert_refused(r, bad: Path | str, reason: str, goods: list[Path]):
    assert_clean_run(r)
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err) == 1, err
    assert err[0].startswith(f"noticelint: error: {bad}: "), err
    assert reason.lower() in err[0].lower(), err
    by_path = files_by_path(r)
    assert by_path[str(bad)]["error"] and reason.lower() in by_path[str(bad)]["error"].lower()
    for g in goods:
        assert str(g) in by_path, (g, list(by_path))
        assert by_path[str(g)]["error"] is None
    assert json.loads(r.stdout)["summary"]["failed_inputs"] == 1


def good_folder(folder: Path, n: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"good{i}.md"
        shutil.copy(GOOD, p)
        out.append(p)
    return out


def _randbytes(n: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(n)


# -- the hostile inputs: name -> (builder(dir) -> path, reason in the message) ----------------------

def _empty(d: Path) -> Path:
    p = d / "empty.md"
    p.write_bytes(b"")
    return p


def _whitespace(d: Path) -> Path:
    p = d / "blank.txt"
    p.write_bytes(b"  \n\t\t\n\r\n \xc2\xa0 \n\f\n" * 50)
    return p


def _binary(d: Path) -> Path:
    p = d / "binary.md"
    p.write_bytes(_randbytes(8192, 1))
    return p


def _binary_no_nul(d: Path) -> Path:
    p = d / "controls.txt"
    p.write_bytes(bytes(b for b in _randbytes(8192, 2) if 0 < b < 32) * 4)
    return p


def _corrupt_pdf(d: Path) -> Path:
    p = d / "corrupt.pdf"
    p.write_bytes(_randbytes(20000, 3))
    return p


def _corrupt_pdf_header(d: Path) -> Path:
    p = d / "truncated.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R" + _randbytes(20000, 4))
    return p


def _corrupt_docx(d: Path) -> Path:
    p = d / "corrupt.docx"
    p.write_bytes(_randbytes(20000, 5))
    return p


def _corrupt_docx_zip(d: Path) -> Path:
    p = d / "damaged.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types")
        z.writestr("word/document.xml", _randbytes(5000, 6))
    p.write_bytes(buf.getvalue())
    return p


def _invalid_utf8(d: Path) -> Path:
    # 0x81 is undefined in cp1252 too, so no legacy decoding can rescue it.
    p = d / "invalid_utf8.md"
    p.write_bytes(GOOD.read_bytes().replace(b"builds reports", b"builds \x81\x8d reports"))
    return p


def _one_language(d: Path) -> Path:
    p = d / "english_only.md"
    p.write_text(GOOD_TEXT[: GOOD_TEXT.index("Analyste de données")], "utf-8")
    return p


def _huge(d: Path) -> Path:
    p = d / "huge.txt"
    chunk = (GOOD_TEXT * 64).encode("utf-8")
    with open(p, "wb") as fh:
        while fh.tell() < 50 * MB:
            fh.write(chunk)
    return p


def _missing(d: Path) -> Path:
    return d / "missing.md"


def _symlink_self_loop(d: Path) -> Path:
    p = d / "loop.md"
    os.symlink(p.name, p)  # loop.md -> loop.md: ELOOP on open
    return p


HOSTILE = {
    "empty": (_empty, "file is empty"),
    "whitespace-only": (_whitespace, "file is empty"),
    "binary": (_binary, "binary"),
    "binary-control-chars": (_binary_no_nul, "binary"),
    "corrupt-pdf": (_corrupt_pdf, "not a PDF"),
    "corrupt-pdf-with-header": (_corrupt_pdf_header, "not a PDF"),
    "corrupt-docx": (_corrupt_docx, "not a Word document"),
    "corrupt-docx-zip": (_corrupt_docx_zip, "not a Word document"),
    "invalid-utf8": (_invalid_utf8, "not UTF-8"),
    "one-language": (_one_language, "only one language found (English)"),
    "50MB": (_huge, "limit"),
    "missing": (_missing, "no such file"),
    "symlink-to-itself": (_symlink_self_loop, "symbolic link"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_argument_beside_a_good_notice(kind, tmp_path):
    """The hostile input first: it is also the one the configuration is looked up from."""
    build, reason = HOSTILE[kind]
    bad = build(tmp_path)
    r = check(bad, GOOD)
    assert_refused(r, bad, reason, [GOOD])


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_argument_after_a_good_notice(kind, tmp_path):
    build, reason = HOSTILE[kind]
    bad = build(tmp_path)
    r = check(GOOD, bad)
    assert_refused(r, bad, reason, [GOOD])


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_in_a_folder_of_good_notices(kind, tmp_path):
    build, reason = HOSTILE[kind]
    folder = tmp_path / "notices"
    goods = good_folder(folder)
    bad = build(folder)
    if kind == "missing":
        bad = folder / "sub" / "dangling.md"  # a file that is missing inside a folder: a broken link
        bad.parent.mkdir()
        os.symlink(tmp_path / "nowhere.md", bad)
        reason = "broken symbolic link"
    r = check(folder)
    assert_refused(r, bad, reason, goods)


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    """The size limit is checked on stat: a 50 MB file is never read into memory."""
    bad = _huge(tmp_path)
    real_open = builtins.open
    opened = []

    def spy_open(file, *a, **k):
        if str(file) == str(bad):
            opened.append(file)
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", spy_open)
    r = check(bad, GOOD)
    assert_refused(r, bad, "limit", [GOOD])
    assert not opened


# -- the size limit is configurable (max-file-size in noticelint.toml) ------------------------------

def test_lower_limit_in_config_refuses_a_small_notice(tmp_path):
    folder = tmp_path / "n"
    (good,) = good_folder(folder, 1)
    (folder / "noticelint.toml").write_text(f"max-file-size = {good.stat().st_size // 2}\n", "utf-8")
    r = check(good)
    assert_clean_run(r)
    assert r.exit_code == 2 and "limit" in r.stderr and str(good) in r.stderr


def test_raised_limit_in_config_admits_a_file_over_the_default(tmp_path):
    """A notice padded to 21 MB (one long line of spaces) is refused by default, linted at 32 MB."""
    folder = tmp_path / "n"
    folder.mkdir()
    big = folder / "padded.md"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(GOOD_TEXT + "\n")
        fh.write(" " * (21 * MB) + "\n")
    other = tmp_path / "other"
    (small,) = good_folder(other, 1)
    r = check(big, small)
    assert_refused(r, big, "limit", [small])
    (folder / "noticelint.toml").write_text(f"max-file-size = {32 * MB}\n", "utf-8")
    r = check(big)
    assert_clean_run(r)
    assert r.exit_code == 0, r.stderr
    assert files_by_path(r)[str(big)]["error"] is None


def test_raised_limit_admits_a_smaller_file_refused_by_a_lower_one(tmp_path):
    folder = tmp_path / "n"
    (good,) = good_folder(folder, 1)
    cfg = folder / "noticelint.toml"
    cfg.write_text("max-file-size = 1024\n", "utf-8")
    assert check(good).exit_code == 2
    cfg.write_text("max-file-size = 65536\n", "utf-8")
    r = check(good)
    assert r.exit_code == 0 and files_by_path(r)[str(good)]["error"] is None


def test_size_limit_message_names_the_config_key_as_written(tmp_path):
    bad = _huge(tmp_path)
    r = check(bad)
    assert "max-file-size" in r.stderr, r.stderr


def test_size_limit_message_states_the_configured_limit(tmp_path):
    folder = tmp_path / "n"
    (good,) = good_folder(folder, 1)
    (folder / "noticelint.toml").write_text("max-file-size = 1000\n", "utf-8")
    r = check(good)
    assert r.exit_code == 2
    assert "0 MB limit" not in r.stderr and "0.0 MB" not in r.stderr, r.stderr
    r = check(_huge(tmp_path))
    assert "20 MB" in r.stderr or "20 MiB" in r.stderr or "20971520" in r.stderr, r.stderr


# -- inputs that must be linted, not refused -----------------------------------------------------

def test_utf16_with_bom_is_decoded_and_lints_clean(tmp_path):
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        p = tmp_path / f"{enc}.md"
        p.write_bytes(bom + GOOD_TEXT.replace("\n", "\r\n").encode(enc))
        r = check(p, GOOD)
        assert_clean_run(r)
        assert r.exit_code == 0, r.stderr
        assert all(f["error"] is None for f in files_by_path(r).values())


def test_utf16_with_bom_in_a_folder(tmp_path):
    goods = good_folder(tmp_path)
    p = tmp_path / "utf16.txt"
    p.write_bytes(b"\xff\xfe" + GOOD_TEXT.encode("utf-16-le"))
    r = check(tmp_path)
    assert_clean_run(r)
    assert r.exit_code == 0 and set(files_by_path(r)) == {str(x) for x in (*goods, p)}


def _no_numbered_sections(d: Path) -> Path:
    p = d / "unnumbered.md"
    lines = [ln for ln in GOOD_TEXT.splitlines() if not (ln[:1].isdigit() and ln[1:3] == ". ")]
    p.write_text("\n".join(lines) + "\n", "utf-8")
    return p


def test_notice_without_numbered_sections_lints(tmp_path):
    p = _no_numbered_sections(tmp_path)
    r = check(p, GOOD)
    assert_clean_run(r)
    assert r.exit_code in (0, 1), r.stderr
    assert r.stderr.strip() == ""
    by_path = files_by_path(r)
    assert by_path[str(p)]["error"] is None and by_path[str(GOOD)]["error"] is None


def test_notice_without_numbered_sections_still_finds_a_salary_change(tmp_path):
    p = _no_numbered_sections(tmp_path)
    p.write_text(p.read_text("utf-8").replace("6 204,10", "6 240,10"), "utf-8")
    r = check(p)
    assert r.exit_code == 1
    assert any(d["rule"] == "NL101" for d in files_by_path(r)[str(p)]["diagnostics"])


def test_crlf_bom_and_nbsp_notice_lints_clean(tmp_path):
    p = tmp_path / "windows.txt"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    r = check(p)
    assert_clean_run(r)
    assert r.exit_code == 0, r.stdout


# -- folders -----------------------------------------------------------------------------------

def test_symlink_loop_in_a_folder_terminates_and_lints_each_notice_once(tmp_path):
    folder = tmp_path / "notices"
    goods = good_folder(folder)
    sub = folder / "sub"
    goods += good_folder(sub, 1)
    os.symlink(folder, folder / "loop")  # notices/loop -> notices
    os.symlink(folder, sub / "up")  # notices/sub/up -> notices
    r = check(folder)
    assert_clean_run(r)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert sorted(f["path"] for f in doc["files"]) == sorted(map(str, goods))


def test_symlink_loop_given_as_the_folder(tmp_path):
    folder = tmp_path / "notices"
    goods = good_folder(folder, 2)
    os.symlink(folder, folder / "loop")
    r = check(folder / "loop" / "loop" / "loop")
    assert_clean_run(r)
    assert r.exit_code == 0
    assert len(json.loads(r.stdout)["files"]) == len(goods)


def test_folder_with_no_notices_beside_a_good_one(tmp_path):
    empty = tmp_path / "empty_folder"
    empty.mkdir()
    (empty / "notes.rst").write_text("nothing")
    (empty / "data.csv").write_text("a,b\n")
    r = check(empty, GOOD)
    assert_refused(r, empty, "folder holds no notices", [GOOD])


def test_folder_of_only_hostile_files_reports_each(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    bads = [_empty(folder), _binary(folder), _corrupt_pdf(folder), _corrupt_docx(folder), _one_language(folder)]
    r = check(folder, GOOD)
    assert_clean_run(r)
    assert r.exit_code == 2
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err) == len(bads)
    assert all(any(ln.startswith(f"noticelint: error: {b}: ") for ln in err) for b in bads), err
    assert files_by_path(r)[str(GOOD)]["error"] is None


def test_empty_folder(tmp_path):
    empty = tmp_path / "nothing"
    empty.mkdir()
    r = check(empty)
    assert_clean_run(r)
    assert r.exit_code == 2 and "folder holds no notices" in r.stderr and str(empty) in r.stderr


# -- unreadable paths (we run as root: permissions are simulated) ------------------------------------

def _deny(monkeypatch, *paths: Path):
    denied = {str(p) for p in paths}
    real_open = builtins.open

    def fake_open(file, *a, **k):
        if str(file) in denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)


@pytest.mark.parametrize("suffix", [".md", ".txt", ".docx", ".pdf"])
def test_unreadable_file_beside_a_good_one(tmp_path, monkeypatch, suffix):
    p = tmp_path / f"secret{suffix}"
    p.write_bytes(b"x" * 100)
    _deny(monkeypatch, p)
    r = check(p, GOOD)
    assert_refused(r, p, "permission denied", [GOOD])


def test_unreadable_file_in_a_folder(tmp_path, monkeypatch):
    goods = good_folder(tmp_path)
    p = tmp_path / "secret.md"
    shutil.copy(GOOD, p)
    _deny(monkeypatch, p)
    r = check(tmp_path)
    assert_refused(r, p, "permission denied", goods)


def _deny_stat(monkeypatch, path: Path):
    real_stat = Path.stat

    def fake_stat(self, *a, **k):
        if str(self) == str(path):
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *a, **k)

    monkeypatch.setattr(Path, "stat", fake_stat)


def test_unstatable_file_first(tmp_path, monkeypatch):
    """Permission refused on stat (e.g. a folder on the way without search permission), given first."""
    p = tmp_path / "hidden.md"
    shutil.copy(GOOD, p)
    _deny_stat(monkeypatch, p)
    r = check(p, GOOD)
    assert_refused(r, p, "permission denied", [GOOD])


def test_unstatable_file_after_a_good_one(tmp_path, monkeypatch):
    p = tmp_path / "hidden.md"
    shutil.copy(GOOD, p)
    _deny_stat(monkeypatch, p)
    r = check(GOOD, p)
    assert_refused(r, p, "permission denied", [GOOD])


def test_unstatable_file_as_en_is_refused_by_the_reader(tmp_path, monkeypatch):
    """read_source itself handles EACCES on stat (--en/--fr skip the folder walk)."""
    from linter.config import Config
    from linter.engine import Linter

    p = tmp_path / "hidden.md"
    shutil.copy(GOOD, p)
    _deny_stat(monkeypatch, p)
    res = Linter(Config(embeddings=False)).lint(str(p))
    assert res.error == f"{p}: permission denied"


# -- a file that changes while it is read -------------------------------------------------------------

def _change_on_open(monkeypatch, path: Path, change):
    """Run `change()` on the file after noticelint has stat()ed it, just before it opens it."""
    real_open = builtins.open
    done = []

    def fake_open(file, *a, **k):
        if str(file) == str(path) and not done:
            done.append(1)
            change()
        return real_open(file, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)


def test_file_truncated_to_nothing_while_read(tmp_path, monkeypatch):
    p = tmp_path / "shrinking.md"
    shutil.copy(GOOD, p)
    _change_on_open(monkeypatch, p, lambda: p.write_bytes(b""))
    r = check(p, GOOD)
    assert_refused(r, p, "file is empty", [GOOD])


def test_file_truncated_halfway_while_read(tmp_path, monkeypatch):
    p = tmp_path / "half.md"
    shutil.copy(GOOD, p)
    data = GOOD.read_bytes()
    _change_on_open(monkeypatch, p, lambda: p.write_bytes(data[: len(data) // 2]))
    r = check(p, GOOD)
    assert_clean_run(r)
    # Half of good.md is the English version only: refused, and said so in one line.
    assert_refused(r, p, "only one language", [GOOD])


def test_file_grown_over_the_limit_while_read(tmp_path, monkeypatch):
    folder = tmp_path / "n"
    folder.mkdir()
    p = folder / "growing.md"
    shutil.copy(GOOD, p)
    (folder / "noticelint.toml").write_text("max-file-size = 16384\n", "utf-8")

    def grow():
        with open(p, "ab") as fh:
            fh.write(b"x" * 20000)

    _change_on_open(monkeypatch, p, grow)
    r = check(p, config=folder / "noticelint.toml")
    assert_clean_run(r)
    assert r.exit_code == 2
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and err[0].startswith(f"noticelint: error: {p}: ") and "while being read" in err[0], err


def test_file_replaced_by_binary_while_read(tmp_path, monkeypatch):
    p = tmp_path / "swapped.md"
    shutil.copy(GOOD, p)
    _change_on_open(monkeypatch, p, lambda: p.write_bytes(_randbytes(4096, 9)))
    r = check(p, GOOD)
    assert_refused(r, p, "binary", [GOOD])


def test_fifo_is_not_waited_on_when_in_a_folder(tmp_path):
    """A named pipe with a notice suffix must not block the run (nobody writes to it)."""
    goods = good_folder(tmp_path, 2)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    signal.alarm(2)  # a hang is the bug: give up sooner than the 60 s guard
    r = check(tmp_path)
    assert_clean_run(r)
    assert all(files_by_path(r)[str(g)]["error"] is None for g in goods)
    assert r.exit_code in (0, 2)
    if r.exit_code == 2:
        err = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(err) == 1 and str(fifo) in err[0]


def test_character_device_given_as_a_file_is_refused(tmp_path):
    """/dev/zero has size 0 on stat and never ends: the read stops at the size limit."""
    r = check("/dev/zero", GOOD)
    assert_refused(r, "/dev/zero", "", [GOOD])


# -- a directory where a file is expected --------------------------------------------------------

def test_directory_given_as_en(tmp_path):
    d = tmp_path / "a_folder"
    d.mkdir()
    fr = tmp_path / "fr.md"
    fr.write_text(GOOD_TEXT[GOOD_TEXT.index("Analyste de données"):], "utf-8")
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", "--en", str(d), "--fr", str(fr), str(GOOD)])
    assert_refused(r, d, "is a directory", [GOOD])


def test_directory_given_as_fr(tmp_path):
    d = tmp_path / "a_folder"
    d.mkdir()
    en = tmp_path / "en.md"
    en.write_text(GOOD_TEXT[: GOOD_TEXT.index("Analyste de données")], "utf-8")
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", "json", "--en", str(en), "--fr", str(d), str(GOOD)])
    assert_clean_run(r)
    assert r.exit_code == 2
    err = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and f"{d}: is a directory" in err[0], err
    assert files_by_path(r)[str(GOOD)]["error"] is None


# -- mojibake: invalid UTF-8 inside a UTF-8 file must not be read as cp1252 ----------------------------

def test_one_bad_byte_in_a_utf8_file_is_refused_not_decoded_as_cp1252(tmp_path):
    p = tmp_path / "broken_utf8.md"
    p.write_bytes(GOOD.read_bytes().replace(b"The incumbent builds", b"The incumbent \xc3 builds"))
    r = check(p, GOOD)
    assert_refused(r, p, "not UTF-8", [GOOD])


# -- size within the limit must still be linted in bounded time -------------------------------------

def test_two_million_blank_lines_lint_quickly(tmp_path):
    import time

    p = tmp_path / "blank_lines.md"
    p.write_text(GOOD_TEXT + "\n" * 2_000_000, "utf-8")
    t = time.perf_counter()
    r = check(p)
    elapsed = time.perf_counter() - t
    assert_clean_run(r)
    # A guard against per-line blow-ups (it took 56 s and 3 GB), not a speed target: see benchmarks/.
    assert elapsed < 15, f"{elapsed:.1f} s for a 2 MB file"


# -- the real notices are never written to ----------------------------------------------------------

def _snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "html", "github"])
def test_linting_real_notices_writes_nothing_next_to_them(fmt, tmp_path, monkeypatch):
    real = notices()
    folder = real[0].parent
    before = _snapshot(folder)
    monkeypatch.chdir(tmp_path)
    if fmt == "json":
        r = runner.invoke(app, ["check", "--no-embeddings", "--format", fmt, *map(str, real)])
        assert_clean_run(r)
        assert r.exit_code in (0, 1), r.stderr
    r = runner.invoke(app, ["check", "--no-embeddings", "--format", fmt, str(folder)])
    assert_clean_run(r)
    assert r.exit_code in (0, 1), r.stderr
    assert _snapshot(folder) == before
    assert list(tmp_path.iterdir()) == []  # nor in the working directory


def test_linting_real_notices_with_embeddings_writes_only_to_the_cache(tmp_path, monkeypatch):
    """With embeddings on (a fake model, cached on disk), only the cache directory is written."""
    from linter import engine
    from linter.embed import CachedEmbedder, FakeEmbedder
    from linter.similarity import EmbeddingSimilarity

    cache = tmp_path / "cache"
    monkeypatch.setenv("NOTICELINT_CACHE_DIR", str(cache))
    monkeypatch.setattr(engine, "embedding_similarity", lambda config: EmbeddingSimilarity(CachedEmbedder(FakeEmbedder, "fake", cache)))
    real = notices()
    folder = real[0].parent
    before = _snapshot(folder)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    r = runner.invoke(app, ["check", "--format", "json", *map(str, real)])
    assert_clean_run(r)
    assert r.exit_code in (0, 1), r.stderr
    assert _snapshot(folder) == before
    assert list(work.iterdir()) == []
    assert any(cache.iterdir())
