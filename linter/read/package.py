"""Zip packages (.docx) read under one budget: every member inflated in bounded chunks and every byte
that comes out counted, never trusting the sizes the zip declares.

zipfile reads a whole member by inflating all its compressed bytes at once (1 MB of deflate made
2 GB before the size and CRC checks), and bzip2/LZMA members inflate without any bound: Word writes
only stored and deflated members, the others are refused.
"""

from __future__ import annotations

import zipfile

__all__ = ["PackageBudget", "OverBudget", "read_member", "install_docx_hook"]

CHUNK = 1 << 16


class OverBudget(Exception):
    """A package budget exceeded or a member that cannot be read safely; str() is the reason."""


class PackageBudget:
    """Inflated bytes so far: per member and for the whole package."""

    def __init__(self, per_member: int, total: int):
        self.per_member, self.total, self.used = per_member, total, 0

    def add(self, member: str, so_far: int, n: int) -> None:
        self.used += n
        if so_far > self.per_member:
            raise OverBudget(f"Word document part {member!r} inflates past {self.per_member / 1e6:.0f} MB "
                             "(the limit per part)")
        if self.used > self.total:
            raise OverBudget(f"Word document inflates past {self.total / 1e6:.0f} MB (the limit)")


def read_member(zf: zipfile.ZipFile, name: str, budget: PackageBudget) -> bytes:
    """The member's bytes, inflated CHUNK by CHUNK and counted as they come (CRC checked by zipfile)."""
    info = zf.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise OverBudget(f"Word document part {name!r} uses a compression Word never writes "
                         f"(method {info.compress_type})")
    chunks, size = [], 0
    with zf.open(info) as fh:
        while True:
            b = fh.read(CHUNK)
            if not b:
                break
            size += len(b)
            budget.add(name, size, len(b))
            chunks.append(b)
    return b"".join(chunks)


_CURRENT: PackageBudget | None = None


def install_docx_hook(budget: PackageBudget | None) -> None:
    """python-docx's zip reader reads each part through read_member under `budget` (None: after the
    read, python-docx's own behaviour is left as it was for other callers)."""
    global _CURRENT
    from docx.opc import phys_pkg

    _CURRENT = budget
    reader = phys_pkg._ZipPkgReader
    if not getattr(reader.blob_for, "_noticelint", False):
        own = reader.blob_for

        def blob_for(self, pack_uri):
            if _CURRENT is None:
                return own(self, pack_uri)
            return read_member(self._zipf, pack_uri.membername, _CURRENT)

        blob_for._noticelint = True
        reader.blob_for = blob_for
