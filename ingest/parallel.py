"""Extraction and fingerprinting across processes, in order.

Worker processes turn raw pages into fingerprinted documents (``process``); results come back in
input order (``Pool.imap``), so runs are deterministic, and the main process stays the single
writer to SQLite. With one worker (or one page) nothing is forked.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from ingest.config import Config
from ingest.document import RawPage
from ingest.extract import extract
from ingest.fingerprint import Fingerprinter

_STATE: dict[str, Any] = {}


def _init(config: Config) -> None:
    _STATE["config"] = config
    _STATE["fp"] = Fingerprinter(config.dedup)


def process(item: Any) -> Any:
    """A ``RawPage`` → an extracted, fingerprinted ``Document`` (with its stage seconds); anything
    else passes through untouched."""
    if not isinstance(item, RawPage):
        return item
    config: Config = _STATE["config"]
    t0 = time.perf_counter()
    doc = extract(item, config.extract)
    t1 = time.perf_counter()
    doc = _STATE["fp"](doc)
    doc.seconds = {"extract": t1 - t0, "fingerprint": time.perf_counter() - t1}
    return doc


def workers_for(config: Config) -> int:
    return config.workers or os.cpu_count() or 1


class Workers:
    """``with Workers(config) as w: for result in w.map(items): ...``"""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.n = workers_for(config)
        self.pool: Any = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
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
        context = multiprocessing.get_context("fork")  # workers inherit the loaded modules: no start-up cost
        self.pool = context.Pool(self.n, initializer=_init, initargs=(self.config,))
        yield from self.pool.imap(process, chain(first, it), chunksize=2)


def _take_until_page(it: Iterator[Any]) -> Iterator[Any]:
    """Items up to and including the first raw page (so a run with no work never forks)."""
    for item in it:
        yield item
        if isinstance(item, RawPage):
            return
