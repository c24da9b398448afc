"""Read, the first stage: an input file in, one `Source` out (decoded lines and where each came from),
or an `InputError` naming the input and the reason it cannot be a notice.

One reader per input format: text.py (plain text and Markdown: bytes to lines, format decided by
layout.looks_like_markdown, which needs no Markdown parser), markdown.py (CommonMark structure with file positions, used by the
segmenter), docx.py (Word), pdf.py. Readers never import a
reporter; the Word and PDF readers (and their libraries) are imported only for such inputs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..limits import DEFAULT_MAX_BYTES
from .source import InputError, Source, size_text
from .text import read_text

__all__ = ["read_source", "Source", "InputError", "STANDARD_INPUT"]

# Standard input, spooled by linter/stdin.py to a temporary file: the name it is linted under (`-`, or
# --stdin-filename) -> that file. A notice read under such a name is read from its spool.
STANDARD_INPUT: dict[str, str] = {}


def read_source(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a notice file. Raises InputError with the reason when it cannot be linted."""
    name = str(path)
    p = Path(STANDARD_INPUT.get(name, path))
    suffix = p.suffix.lower()
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a file")
        st = p.stat()
        size = st.st_size
        if not stat.S_ISREG(st.st_mode):
            # A FIFO, socket or device (a pty blocks on read; /dev/zero never ends): never opened.
            raise InputError(name, "not a regular file (named pipe, socket or device)")
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except RuntimeError:
        raise InputError(name, "symbolic link loop") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e})") from None
    if size > max_bytes:
        raise InputError(name, f"file is {size_text(size)}, over the {size_text(max_bytes)} limit (max-file-size in the configuration)")
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(p, name)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(p, name)
    return read_text(p, name, max_bytes)
