"""Rules-only runs over many files in a process pool, isolated: a worker that dies costs only the
file that kills it, and a pool that cannot start (no /dev/shm, no fork) means one process."""

from __future__ import annotations

import os

from .config import Config

__all__ = ["pooled"]


def _lint_one(args):
    """Worker for a process pool: a rules-only linter per process, built once."""
    global _WORKER
    config, path, keep = args
    from .engine import Linter

    if _WORKER is None or _WORKER.config != config:
        _WORKER = Linter(config, None)
    _test_worker_hook(path[0] if isinstance(path, tuple) else path)
    r = _WORKER.lint(*path) if isinstance(path, tuple) else _WORKER.lint(path)
    if not keep:
        r.notice = None
    return r


def _lint_chunk(args):
    config, paths, keep = args
    return [_lint_one((config, p, keep)) for p in paths]


def _test_worker_hook(path: str) -> None:
    """Test-only: NOTICELINT_TEST_KILL_WORKER=<name> makes a pool worker die (as the OOM killer
    would kill it) when it reaches a file with that name. Never set outside the test suite."""
    name = os.environ.get("NOTICELINT_TEST_KILL_WORKER")
    if name and _IN_WORKER and os.path.basename(path) == name:
        os.kill(os.getpid(), 9)


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


_WORKER = None
_IN_WORKER = False
_POOL_START_ERRORS = (OSError, NotImplementedError, ImportError, ValueError)


def _make_pool(workers: int):
    """A process pool, or None where one cannot start (no /dev/shm, no fork, sandboxed)."""
    try:
        from concurrent.futures import ProcessPoolExecutor

        if os.environ.get("NOTICELINT_TEST_NO_POOL"):  # test-only: a machine without /dev/shm
            raise FileNotFoundError(2, "No such file or directory: '/dev/shm' (simulated)")

        return ProcessPoolExecutor(max_workers=workers, initializer=_mark_worker)
    except _POOL_START_ERRORS:
        return None


def pooled(files: list[str], config: Config, workers: int, keep: bool, advance):
    """Results of `files` in order, linted by a pool in chunks. A chunk whose worker died is re-run
    one file per fresh worker, so only a file that kills its worker again is lost ("not linted");
    a pool that cannot start (or breaks at once) means one process (None is returned)."""
    from concurrent.futures.process import BrokenProcessPool

    from .model import Result

    pool = _make_pool(min(workers, len(files)))
    if pool is None:
        return None
    chunks = [files[i:i + 4] for i in range(0, len(files), 4)]
    done: dict[int, list] = {}
    retry: list[int] = []
    try:
        try:
            futures = [pool.submit(_lint_chunk, (config, c, keep)) for c in chunks]
        except (BrokenProcessPool, *_POOL_START_ERRORS, RuntimeError):
            return None
        for i, fut in enumerate(futures):
            try:
                done[i] = fut.result()
                for _ in chunks[i]:
                    advance()
            except BrokenProcessPool:
                retry.append(i)
            except _POOL_START_ERRORS:
                if not done:
                    return None
                retry.append(i)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for i in retry:
        out = []
        for p in chunks[i]:
            single = _make_pool(1)
            r = None
            if single is not None:
                try:
                    r = single.submit(_lint_one, (config, p, keep)).result()
                except BrokenProcessPool:
                    en = p[0] if isinstance(p, tuple) else p
                    r = Result(en, [], f"{en}: not linted: its worker process died (out of memory or killed)")
                except _POOL_START_ERRORS:
                    r = None
                finally:
                    single.shutdown(wait=True, cancel_futures=True)
            if r is None:
                r = _lint_one((config, p, keep))
            out.append(r)
            advance()
        done[i] = out
    return [r for i in range(len(chunks)) for r in done[i]]
