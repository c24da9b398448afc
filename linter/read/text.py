"""Plain text in: bytes decoded (UTF-8, UTF-16/32 with a BOM, cp1252 when that reads as plain text) into lines as editors number them."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..model import Line
from ..limits import DEFAULT_MAX_BYTES
from .source import InputError, Source, size_text

__all__ = ["read_text", "decode", "split_lines"]

# A notice is a few hundred lines: past this it is a log or a dump, and every later stage would pay
# (characters are bounded by max-file-size already).
MAX_TEXT_LINES = 200_000
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_text(p: Path, name: str, max_bytes: int) -> Source:
    """Read a plain-text or Markdown notice: bytes decoded, lines as editors number them."""
    try:
        with open(p, "rb") as fh:
            # In chunks: read(n) allocates n bytes first (max-file-size = 1 TiB made a 27 KB notice
            # "out of memory"); one byte past the limit is enough to tell it grew over.
            chunks, got = [], 0
            while got <= max_bytes:
                b = fh.read(min(1 << 20, max_bytes + 1 - got))
                if not b:
                    break
                chunks.append(b)
                got += len(b)
            data = b"".join(chunks)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise InputError(name, f"file grew over the {size_text(max_bytes)} limit while being read (max-file-size in the configuration)")
    text, encoding = decode(data, name)
    # A max-file-size raised in the configuration raises these in proportion.
    scale = max(1, -(-max_bytes // DEFAULT_MAX_BYTES))
    if text.count("\n") + text.count("\r") > MAX_TEXT_LINES * scale:
        raise InputError(name, f"text has over {MAX_TEXT_LINES * scale} lines (the limit for a notice)")
    lines = split_lines(text)
    # Markdown or plain layout is decided from the text, whatever the suffix: .txt notices are often
    # Markdown, and many .md files are laid out as plain text (see looks_like_markdown).
    from .layout import looks_like_markdown

    fmt = "markdown" if looks_like_markdown(lines) else "text"
    return Source(name, lines, fmt, encoding)


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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            try:
                text, enc = data.decode(utf16), utf16
            except UnicodeDecodeError:
                text = None
            if text is not None and _control_ratio(text) <= 0.01 and text.strip():
                return text, enc
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


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit at every other position (text mostly in Latin
    script saved as UTF-16 without a byte-order mark), else None."""
    head = data[:8192]
    if len(head) < 4 or len(head) % 2 and len(head) == len(data):
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.4 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.4 and z_odd < 0.05:
        return "utf-16-be"
    return None


# Line ends Python's str.splitlines() knows: editors show them as line breaks, so they are no
# control characters (\f stays inside its line, as before).
_LINE_ENDS = "\x0b\x1c\x1d\x1e\x85\u2028\u2029"


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    bad = sum(1 for c in sample if ((ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0)
              and c not in _LINE_ENDS)
    return bad / max(1, len(sample))


_LINE_SPLIT = re.compile("\r\n|[\r\n\x0b\x1c\x1d\x1e\x85\u2028\u2029]")
# Invisible format characters an editor may leave at a line's start (BOM, zero-width space and
# joiners, word joiner, soft hyphen): they would hide a heading, field label or bullet from the
# segmenter. Each becomes a space, so columns stay as on disk.
_LEADING_INVISIBLE = re.compile(r"^[\s\ufeff\u200b-\u200f\u2060\u00ad]+")
_INVISIBLE = re.compile("[\ufeff\u200b-\u200f\u2060\u00ad]")


def split_lines(text: str) -> tuple[Line, ...]:
    """Lines as editors number them: \\r\\n, \\r and \\n all end a line; form feeds become blank lines."""
    out: list[Line] = []
    blank = False
    pieces = _LINE_SPLIT.split(text)
    ends = _LINE_SPLIT.findall(text)
    for i, raw in enumerate(pieces, start=1):
        m = _LEADING_INVISIBLE.match(raw)
        if m and _INVISIBLE.search(m.group()):
            raw = _INVISIBLE.sub(" ", m.group()) + raw[m.end():]
        if not raw.strip():
            # One blank line says all a run of them does; keeping one keeps huge blank runs cheap.
            if not blank:
                out.append(Line(i, ""))
            blank = True
            continue
        blank = False
        out.append(Line(i, raw.replace("\f", " ")))
        if i <= len(ends) and ends[i - 1] == "\u2029":  # a paragraph separator: a paragraph break
            out.append(Line(i, ""))
            blank = True
    # A trailing line end does not make a last empty line in an editor.
    if out and out[-1].text == "" and ends and text.endswith(ends[-1]):
        out.pop()
    return tuple(out)
