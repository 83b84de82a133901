"""Extraction and fingerprinting across processes, in order.

Worker processes turn raw pages into fingerprinted documents (``process``); results come back in
input order (``Pool.imap``), so runs are deterministic, and the main process stays the single
writer to SQLite. With one worker (or one page) nothing is forked.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import chain
from typing import Any

from ingest.config import Config
from ingest.document import Document, RawPage
from ingest.errors import ExtractTimeout
from ingest.extract import extract, preload
from ingest.fingerprint import Fingerprinter
from ingest.store import compress_raw

_STATE: dict[str, Any] = {}
IN_FLIGHT_PER_WORKER = 16


def _init(config: Config, close_fds: tuple[int, ...] = ()) -> None:
    _STATE["config"] = config
    _STATE["fp"] = Fingerprinter(config.dedup)
    if close_fds:  # in a forked worker: let go of the parent's writer lock, and die with the parent
        for fd in close_fds:
            with suppress(OSError):
                os.close(fd)
        _die_with_parent()


def _die_with_parent() -> None:
    """Linux: ask the kernel to kill this worker when its parent dies (even by SIGKILL)."""
    with suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def process(item: Any) -> Any:
    """A ``RawPage`` → an extracted, fingerprinted ``Document`` with its raw bytes compressed for
    storage (and its stage seconds); anything else passes through untouched."""
    if not isinstance(item, RawPage):
        return item
    config: Config = _STATE["config"]
    t0 = time.perf_counter()
    try:
        with _time_limit(config.extract.timeout):
            doc = extract(item, config.extract)
            t1 = time.perf_counter()
            doc = _STATE["fp"](doc)
    except _Timeout:
        doc = Document(raw=item)
        doc.error = ExtractTimeout(
            f"extracting this page took over {config.extract.timeout:.0f} s and was stopped: the page may be "
            f"pathological (huge or deeply nested); raise the limit only if it is really an article",
            item.source,
        )
        t1 = time.perf_counter()
    t2 = time.perf_counter()
    if doc.error is None and not item.stored:
        doc.raw_zlib = compress_raw(item.data)
    doc.seconds = {"extract": t1 - t0, "fingerprint": t2 - t1, "store": time.perf_counter() - t2}
    return doc


class _Timeout(BaseException):
    """Raised by the timer signal; a BaseException so no ``except Exception`` in a library swallows it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (timer signal; only in a process's main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def workers_for(config: Config) -> int:
    return config.workers or os.cpu_count() or 1


class Workers:
    """``with Workers(config) as w: for result in w.map(items): ...``"""

    def __init__(self, config: Config, close_fds: tuple[int, ...] = ()) -> None:
        self.config = config
        self.n = workers_for(config)
        self.close_fds = close_fds
        self.pool: Any = None
        self._stop = threading.Event()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # a feeder waiting for a free slot gives up (else terminate() waits for it forever)
        if self.pool is not None:
            self.pool.terminate() if exc[0] is not None else self.pool.close()
            self.pool.join()

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        it = iter(items)
        first = list(_take_until_page(it))
        if self.n <= 1 or not first or not isinstance(first[-1], RawPage):
            _init(self.config)
            yield from map(process, chain(first, it))
            return
        preload(first[-1].kind)  # loaded once here, not once in each worker
        context = multiprocessing.get_context("fork")  # workers inherit the loaded modules: no start-up cost
        gc.freeze()  # what the workers inherit is never scanned by their collector (nor copied for it)
        try:
            self.pool = context.Pool(self.n, initializer=_init, initargs=(self.config, self.close_fds))
        finally:
            gc.unfreeze()
        # Pool.imap reads its input as fast as it can: bound the pages in flight so memory stays flat.
        slots = threading.Semaphore(IN_FLIGHT_PER_WORKER * self.n)

        def bounded() -> Iterator[Any]:
            for item in chain(first, it):
                while not slots.acquire(timeout=0.1):
                    if self._stop.is_set():  # the run stopped (an error in the writer, Ctrl-C)
                        return
                yield item

        for result in self.pool.imap(process, bounded(), chunksize=2):
            slots.release()
            yield result


def _take_until_page(it: Iterator[Any]) -> Iterator[Any]:
    """Items up to and including the first raw page (so a run with no work never forks)."""
    for item in it:
        yield item
        if isinstance(item, RawPage):
            return
