"""Files the run reads besides notices (configuration, baseline) and the files it writes (reports,
baselines): bounded reads of regular files only, outputs that can never overwrite an input or replace a
device, symlink or FIFO, and temporary files that never outlive the process.
"""

from __future__ import annotations

import atexit
import errno
import os
import re
import signal
import stat

__all__ = ["OutputError", "SmallFileError", "display", "git_top", "json_safe", "inside", "leaves_repository", "read_small_file",
           "same_file_as_input", "write_output"]

SMALL_FILE_LIMIT = 4 * 1024 * 1024  # a configuration or baseline file is a few KiB


class SmallFileError(Exception):
    """A configuration/baseline file that cannot be read; str() is the reason (without the path)."""


class OutputError(Exception):
    """An output that cannot (or must not) be written; str() is the reason (without the path)."""


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# What must never reach a terminal or a log as itself: C0 and C1 controls and DEL (escape sequences,
# carriage returns, bells), line and paragraph separators (a forged second line), bidirectional
# embeddings, overrides, isolates and marks (text shown in another order than it is: "Trojan
# Source"), and lone surrogates (the bytes of a file name that is not UTF-8, which a strict UTF-8
# stream cannot encode). Every report and stderr escape these, and only these, through display().
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(c: str) -> str:
    o = ord(c)
    if c in _ESCAPES:
        return _ESCAPES[c]
    if 0xDC80 <= o <= 0xDCFF:  # a byte os.fsdecode could not decode: shown as that byte
        return f"\\x{o - 0xDC00:02x}"
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def display(text: str, keep: str = "") -> str:
    """Text safe on one terminal line, in a log or a report: every UNSAFE character written as a visible
    escape (\\n, \\x1b, \\u202e, \\xff for an undecodable byte of a file name), so no name or notice
    text can move the cursor, set a window title, forge a line or reorder what is shown.
    `keep`: characters the caller's format carries itself (the HTML report keeps tabs and newlines)."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _visible(m.group()), text)


def _json_escape(m) -> str:
    c = m.group()
    if c == "\n":  # the document's own layout (json.dumps escapes every newline inside a string)
        return c
    if "\ud800" <= c <= "\udfff":  # not encodable: the same visible form as display() (a backslash escaped)
        return _visible(c).replace("\\", "\\\\")
    return f"\\u{ord(c):04x}"


def json_safe(document: str) -> str:
    """A JSON document (json.dumps with ensure_ascii=False) with the UNSAFE characters inside its strings
    written as \\u escapes: the same data for a JSON reader, nothing raw for a terminal or a log.
    Lone surrogates (undecodable bytes of a file name) become display()'s visible \\xff."""
    if not UNSAFE.search(document):
        return document
    return UNSAFE.sub(_json_escape, document)


def _flags(*names: str) -> int:
    """The os.open flags of these names that this system has (O_NONBLOCK, O_CLOEXEC and O_NOCTTY are
    POSIX only, O_BINARY Windows only: without it Windows translates line ends), or-ed together."""
    out = 0
    for name in names:
        out |= getattr(os, name, 0)
    return out


def read_small_file(path: str, limit: int = SMALL_FILE_LIMIT) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Opened non-blocking (where the system has
    the flag: POSIX) and checked with fstat before any read, so a FIFO, a pty, /dev/zero or a huge file
    is refused at once."""
    try:
        fd = os.open(path, os.O_RDONLY | _flags("O_NONBLOCK", "O_CLOEXEC", "O_BINARY"))
    except FileNotFoundError:
        raise SmallFileError("no such file") from None
    except IsADirectoryError:
        raise SmallFileError("is a directory, not a file") from None
    except PermissionError:
        raise SmallFileError("permission denied") from None
    except OSError as e:
        raise SmallFileError(f"cannot read ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise SmallFileError("is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise SmallFileError("not a regular file (named pipe, socket or device)")
        if st.st_size > limit:
            raise SmallFileError(f"too large ({st.st_size} bytes; the limit is {limit})")
        chunks, total = [], 0
        while total <= limit:
            try:
                b = os.read(fd, min(1 << 16, limit + 1 - total))
            except OSError as e:
                raise SmallFileError(f"cannot read ({e.strerror or e})") from None
            if not b:
                break
            chunks.append(b)
            total += len(b)
        if total > limit:
            raise SmallFileError(f"too large (over {limit} bytes)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _identity(path: str):
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def same_file_as_input(out: str, inputs) -> str | None:
    """The input `out` would overwrite (same inode through any spelling, hardlink or symlink; or the
    same resolved path), or None."""
    try:
        out_real = os.path.realpath(out)
    except (OSError, ValueError):
        out_real = None
    out_id = _identity(out)
    for inp in inputs:
        if not inp:
            continue
        if out_id is not None and _identity(inp) == out_id:
            return inp
        try:
            if out_real is not None and os.path.realpath(inp) == out_real:
                return inp
        except (OSError, ValueError):
            continue
    return None


# -- the repository: what a committed symlink may reach ----------------------------------------------

def git_top(folder: str) -> str | None:
    """The top of the git work tree holding `folder` (lexically: its own symlinks are not followed), or None."""
    d = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def inside(path: str, root: str) -> bool:
    """`path` is `root` or below it (both resolved: symlinks followed)."""
    try:
        p, r = os.path.realpath(path), os.path.realpath(root)
    except (OSError, ValueError):
        return False
    return p == r or p.startswith(r.rstrip(os.sep) + os.sep)


# Our own open files (/dev/stdout -> /proc/self/fd/1) and devices: a link there writes where the
# caller already pointed this process, never into someone's file by way of the repository.
_OWN_STREAMS = ("/dev/", "/proc/self/fd/", "/proc/thread-self/fd/", f"/proc/{os.getpid()}/fd/")


def _through_own_stream(path: str) -> bool:
    p = os.path.abspath(path)
    for _ in range(40):  # symlink hops of the last component, as the kernel allows
        try:
            target = os.readlink(p)
        except (OSError, ValueError):
            return False
        p = os.path.normpath(os.path.join(os.path.dirname(p), target))
        if p.startswith(_OWN_STREAMS) or p + "/" in _OWN_STREAMS:
            return True
    return False


def leaves_repository(path: str) -> str | None:
    """Where an output `path` really leads when a symbolic link on it (the file itself, or a folder on
    the way) takes it out of its repository: the git work tree the path lies in, or, outside git,
    the folder it names. None when it stays inside, or ends at our own stdout/a device (/dev/...).

    A repository run in CI is written by whoever opened the pull request: `results.sarif ->
    ~/.bashrc` committed in it must not make `--output results.sarif` replace a file elsewhere."""
    try:
        lexical = os.path.abspath(path)
        real = os.path.realpath(lexical)
    except (OSError, ValueError):
        return None
    if real == lexical:
        return None
    folder = os.path.dirname(lexical)
    root = git_top(folder) or folder
    if inside(real, root):
        return None
    if _through_own_stream(lexical):
        return None
    try:
        st = os.stat(real)
    except OSError:
        st = None
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        return None  # a device or named pipe: written through, never replaced (as when named directly)
    return real


# -- temporary files: removed on exit, on SIGTERM/SIGHUP, and on any failure -----------------------

_TEMPS: set[str] = set()
_HANDLERS_SET = False


def _cleanup() -> None:
    for p in list(_TEMPS):
        try:
            os.unlink(p)
        except OSError:
            pass
        _TEMPS.discard(p)


def _on_signal(signum, frame):
    _cleanup()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _track(path: str) -> None:
    global _HANDLERS_SET
    if not _HANDLERS_SET:
        atexit.register(_cleanup)
        for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if s is not None:
                try:
                    if signal.getsignal(s) in (signal.SIG_DFL, None):
                        signal.signal(s, _on_signal)
                except (ValueError, OSError):  # not the main thread
                    pass
        _HANDLERS_SET = True
    _TEMPS.add(path)


STALE_AFTER = 30 * 60  # seconds: no write or model conversion takes that long


def remove_stale_temps(folder, prefix: str) -> None:
    """Remove temporary files or folders a killed run left in `folder`: `<prefix><pid>[-...]` whose
    process is gone, or any older than STALE_AFTER (no pid, or a pid reused)."""
    import shutil
    import time

    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return
    for e in entries:
        pid_text = e.name[len(prefix):].split("-", 1)[0]
        try:
            age = time.time() - e.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        dead = False
        # Probing a pid with signal 0 is POSIX: on Windows os.kill(pid, 0) terminates that process, so
        # there only the age says a temporary file is stale.
        if pid_text.isdigit() and int(pid_text) != os.getpid() and os.name != "nt":
            try:
                os.kill(int(pid_text), 0)
            except ProcessLookupError:
                dead = True
            except (PermissionError, OverflowError, OSError):
                pass
        if dead or age > STALE_AFTER:
            if e.is_dir(follow_symlinks=False):
                shutil.rmtree(e.path, ignore_errors=True)
            else:
                try:
                    os.unlink(e.path)
                except OSError:
                    pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def write_output(path: str, text: str) -> None:
    """Write `text` to `path`: a new or regular file atomically (temporary file + rename); an existing
    symlink, character device or FIFO is written through in place, never replaced; a directory,
    socket or block device is refused. Raises OutputError with the reason."""
    data = text.encode("utf-8", "backslashreplace")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(f"cannot write ({e.strerror or e})") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(path, data)
        return
    folder = os.path.dirname(path) or "."
    prefix = f".{os.path.basename(path)}.noticelint-tmp-"
    remove_stale_temps(folder, prefix)  # what a run killed mid-write (SIGKILL) left beside the output
    tmp = os.path.join(folder, f"{prefix}{os.getpid()}")
    _track(tmp)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _flags("O_CLOEXEC", "O_BINARY"),
                     (st.st_mode & 0o7777) if st is not None else 0o666)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except FileNotFoundError:
        raise OutputError("cannot write (no such folder)") from None
    except IsADirectoryError:
        raise OutputError("is a directory") from None
    except OSError as e:
        raise OutputError(f"cannot write ({e.strerror or e})") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _TEMPS.discard(tmp)


def _write_through(path: str, data: bytes) -> None:
    try:
        st = os.stat(path)  # follows a symlink
    except FileNotFoundError:
        raise OutputError("is a broken symbolic link") from None
    except OSError as e:
        raise OutputError(f"cannot write ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError("is a directory")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise OutputError("not a regular file, character device or named pipe")
    flags = os.O_WRONLY | _flags("O_CLOEXEC", "O_NOCTTY", "O_BINARY")
    if stat.S_ISREG(st.st_mode):
        flags |= os.O_TRUNC
    if stat.S_ISFIFO(st.st_mode):
        flags |= _flags("O_NONBLOCK")  # fails at once (ENXIO) when nobody reads, instead of waiting forever
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise OutputError("named pipe with no reader") from None
        raise OutputError(f"cannot write ({e.strerror or e})") from None
    try:
        if stat.S_ISFIFO(st.st_mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        _write_all(fd, data)
    except OSError as e:
        raise OutputError(f"cannot write ({e.strerror or e})") from None
    finally:
        os.close(fd)
