"""Plain text in: bytes decoded (UTF-8, UTF-16/32 with a BOM, cp1252 when that reads as plain text) into lines as editors number them."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..model import Line
from .source import InputError, Source, size_text

__all__ = ["read_text", "decode", "split_lines"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_text(p: Path, name: str, max_bytes: int) -> Source:
    """Read a plain-text (or, for now, Markdown) notice: bytes decoded, lines as editors number them."""
    suffix = p.suffix.lower()
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise InputError(name, f"file grew over the {size_text(max_bytes)} limit while being read (max-file-size in the configuration)")
    text, encoding = decode(data, name)
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return Source(name, split_lines(text), fmt, encoding)


# A valid multi-byte UTF-8 sequence: a file holding one is UTF-8 with damage, not cp1252.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed) or UTF-16 with a BOM; refuse binaries and other encodings."""
    if not data.strip():
        raise InputError(name, "file is empty")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(name, f"invalid {enc.upper()} at byte {e.start}") from None
            break
    else:
        if b"\x00" in data[:8192]:
            raise InputError(name, "binary file (contains NUL bytes), not a text notice")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            # Legacy Windows files are common among drafters; cp1252 is decoded only when the result is
            # plain text, so a mis-decode would show as control characters and is refused instead.
            try:
                text = "" if _UTF8_MULTIBYTE.search(data) else data.decode("cp1252")
            except UnicodeDecodeError:
                text = ""
            if not text or _control_ratio(text) > 0.001:
                raise InputError(name, f"not UTF-8 text (invalid byte 0x{data[e.start]:02X} on line {line}); save it as UTF-8") from None
            enc = "cp1252"
    if _control_ratio(text) > 0.01:
        raise InputError(name, "binary file (control characters), not a text notice")
    if not text.strip():
        raise InputError(name, "file is empty")
    return text, enc


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0)
    return bad / max(1, len(sample))


def split_lines(text: str) -> tuple[Line, ...]:
    """Lines as editors number them: \\r\\n, \\r and \\n all end a line; form feeds become blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[Line] = []
    blank = False
    for i, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            # One blank line says all a run of them does; keeping one keeps huge blank runs cheap.
            if not blank:
                out.append(Line(i, ""))
            blank = True
            continue
        blank = False
        out.append(Line(i, raw.replace("\f", " ")))
    # A trailing newline does not make a last empty line in an editor.
    if out and out[-1].text == "" and text.endswith("\n"):
        out.pop()
    return tuple(out)
