"""The pipeline, in order: read → extract → fingerprint → dedup → store. Start reading here.

Each stage is a function over one ``Document`` (or a generator of them); dedup and store run in
the single writer process, in batches of ``config.batch_size`` documents per transaction, so a
killed run loses at most the batch in flight and a re-run picks up where it stopped.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from ingest import dedup, read
from ingest.config import DEFAULT_CONFIG, Config
from ingest.document import Document, RawPage
from ingest.extract import extractor_for
from ingest.fingerprint import Fingerprinter
from ingest.parallel import Workers
from ingest.store import Store

T = TypeVar("T")


@dataclass
class Summary:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    """Time spent in each stage: read, extract, fingerprint, dedup, store."""

    def timing(self) -> str:
        total = sum(self.seconds.values()) or 1.0
        return ", ".join(f"{k} {v:.2f}s ({v / total:.0%})" for k, v in self.seconds.items())

    def fetch_line(self) -> str:
        c = self.counts
        return (
            f"fetched {c['fetched']}, not modified {c['not-modified']}, skipped by robots {c['skipped-robots']}, "
            f"skipped (not HTML or text) {c['skipped-type']}, not http(s) {c['skipped-scheme']}, "
            f"fetch errors {c['error']}"
        )

    def line(self) -> str:
        c = self.counts
        text = (
            f"new {c['new']}, unchanged {c['unchanged']}, changed {c['changed']}, "
            f"duplicates {c['duplicates']}, errors {c['errors']}"
        )
        text += f", reprocessed {c['reprocessed']}" if c["reprocessed"] else ""
        return text + (f", older versions {c['older-version']}" if c["older-version"] else "")


def run(
    paths: Iterable[str | Path] = ("seeds",),
    db: str | Path = "db/corpus.db",
    config: Config = DEFAULT_CONFIG,
    *,
    reprocess: bool = False,
    progress: bool = False,
) -> Summary:
    """Ingest every new or changed input under ``paths`` into the database ``db``."""
    paths = [str(p) for p in paths]
    with Store.open(db) as store, _recorded(store, config, paths) as summary:
        _ingest(store, summary, paths, config, reprocess=reprocess, progress=progress)
    return summary


@contextmanager
def _recorded(store: Store, config: Config, inputs: list[str]) -> Iterator[Summary]:
    """A run row for the block: finished with its counts and stage times, or failed."""
    summary = Summary(store.start_run(str(config), inputs))
    try:
        yield summary
    except BaseException:
        store.finish_run(summary.run_id, summary.counts, "failed", summary.seconds)
        raise
    store.finish_run(summary.run_id, summary.counts, "finished", summary.seconds)


def fetch(
    urls: Iterable[str] = (),
    raw_dir: str | Path = "seeds/fetched",
    db: str | Path = "db/corpus.db",
    config: Config = DEFAULT_CONFIG,
    *,
    sitemaps: Iterable[str] = (),
    feeds: Iterable[str] = (),
    progress: bool = False,
    transport: Any = None,
) -> Summary:
    """Fetch URLs (and the pages of sitemaps and feeds), archive them under ``raw_dir`` and ingest
    them, in one run. Every fetch is recorded in ``fetches``; failures also in ``errors``."""
    from ingest.fetch import Fetcher, archive

    urls, sitemaps, feeds = list(urls), list(sitemaps), list(feeds)
    with Store.open(db) as store, _recorded(store, config, [*urls, *sitemaps, *feeds]) as summary:
        counts = summary.counts
        with Fetcher(config.fetch, transport) as fetcher:
            found: list[Any] = []
            for sitemap in sitemaps:
                links, failures = fetcher.sitemap_urls(sitemap)
                urls += links
                found += failures
            for feed in feeds:
                links, failures = fetcher.feed_urls(feed)
                urls += links
                found += failures
            previous = {u: store.last_fetch(u) for u in dict.fromkeys(urls)}  # read here, not in threads
            fetched = _timed(fetcher.fetch_all(urls, previous.get), "fetch", summary.seconds)
            paths = []
            for result in chain(found, _progress(fetched, progress)):
                counts[result.outcome] += 1
                path = archive(result, Path(raw_dir)) if result.outcome == "fetched" else None
                before = (previous.get(result.url) or {}).get("raw_path")
                with store.transaction():
                    store.record_fetch(summary.run_id, result.provenance(), str(path) if path else None)
                    if path is not None and before and Path(before).resolve() != path.resolve():
                        # changed, maybe back to a copy archived before: that file is read again
                        store.forget_source(read.source_name(path))
                if path is not None:
                    paths.append(str(path))
                elif result.outcome == "not-modified" and before and Path(before).is_file():
                    paths.append(before)  # the copy fetched before: ingested if a killed run never got to it
        counts["errors"] += counts["error"] + counts["skipped-scheme"]
        if paths:
            _ingest(store, summary, paths, config, reprocess=False, progress=False, stored=False)
    return summary


def _ingest(
    store: Store,
    summary: Summary,
    paths: list[str],
    config: Config,
    *,
    reprocess: bool,
    progress: bool,
    stored: bool = True,
) -> None:
    """The pipeline proper, inside an open store and run."""
    extractors = {kind: extractor_for(kind, config.extract) for kind in ("text", "html")}
    fp = Fingerprinter(config.dedup)
    counts = summary.counts
    scanned: set[str] = set()
    work = _noted(read.scan(paths, store.sources(), extractors, config.read, counts), scanned)
    if stored:
        work = chain(work, _stored(store, extractors, reprocess, scanned))
    work = _timed(work, "read", summary.seconds)
    with Workers(
        config, close_fds=(store.lock_fd,) if store.lock_fd is not None else ()
    ) as workers:  # extraction and fingerprints in parallel, results in order
        for batch in batched(_progress(workers.map(work), progress), config.batch_size):
            with store.transaction():
                for item in batch:
                    doc = _resolve(item, store)
                    if doc is not None:
                        for stage, seconds in doc.seconds.items():
                            summary.seconds[stage] += seconds
                        _store(doc, store, fp, summary.run_id, extractors, counts, summary.seconds)
    _refresh_fingerprints(store, fp, summary.run_id, config.batch_size)


def _resolve(item: Document | read.Failed | read.Touched, store: Store) -> Document | None:
    """A document from the workers, or the bookkeeping for an item that needed no extraction."""
    if isinstance(item, read.Touched):
        store.touch_source(item.candidate.source, item.candidate.size, item.candidate.mtime)
        return None
    if isinstance(item, read.Failed):
        c = item.candidate
        doc = Document(raw=RawPage(c.source, b"", c.kind, "", 0, c.mtime, c.size))
        doc.error = item.error
        return doc
    return item


def _noted(items: Iterator[T], sources: set[str]) -> Iterator[T]:
    """``items``, adding the source of each page read (or failed) to ``sources``."""
    for item in items:
        if isinstance(item, RawPage):
            sources.add(item.source)
        elif isinstance(item, read.Failed):
            sources.add(item.candidate.source)
        yield item


def _stored(
    store: Store, extractors: dict[str, str], everything: bool, scanned: set[str]
) -> Iterator[RawPage]:
    """Stored documents whose extractor is outdated (or all): re-extracted from their raw bytes,
    unless this run read their file again (``scanned``, complete once the scan is over: the file's
    bytes are extracted instead, once).

    The ids are read now; the bytes through a read-only connection of the thread that consumes
    the pages (the worker pool's feeder)."""
    ids = store.outdated(extractors, everything)

    def pages() -> Iterator[RawPage]:
        if not ids:
            return
        with Store.open(store.path, write=False) as reader:
            for doc_id in ids:
                row = reader.raw_page(doc_id)
                if row is not None and row["source"] not in scanned:
                    yield read.from_stored(row)

    return pages()


def _store(
    doc: Document,
    store: Store,
    fp: Fingerprinter,
    run_id: int,
    extractors: dict[str, str],
    counts: Counter[str],
    seconds: Counter[str],
) -> None:
    t0 = time.perf_counter()
    if not doc.ok:
        store.record_error(doc, run_id, extractors[doc.raw.kind])
        counts["errors"] += 1
        seconds["store"] += time.perf_counter() - t0
        return
    before = store.cluster_of({doc.id})
    status = store.save(doc, run_id)
    counts[status] += 1
    t1 = time.perf_counter()
    if status == "older-version":  # kept as a version only: the document, its pairs and cluster stay
        seconds["store"] += t1 - t0
        return
    matches = dedup.find_matches(doc, store, fp)
    store.save_matches(doc.id, matches, run_id)
    if status == "new" and not matches:  # a new document like no other: its own cluster of one
        store.set_cluster(doc.id, doc.id, 1, None, None)
    elif status == "new" and dedup.join_cluster(doc, matches, store):
        counts["duplicates"] += 1
    else:
        dedup.recluster(before | {doc.id} | {m.other_id for m in matches}, store)
        counts["duplicates"] += store.is_duplicate(doc.id)
    t2 = time.perf_counter()
    seconds["store"] += t1 - t0
    seconds["dedup"] += t2 - t1


def _timed(items: Iterable[T], stage: str, seconds: Counter[str]) -> Iterator[T]:
    """Yield from ``items``, adding the time spent producing each item to ``seconds[stage]``."""
    it = iter(items)
    while True:
        t0 = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            seconds[stage] += time.perf_counter() - t0
            return
        seconds[stage] += time.perf_counter() - t0
        yield item


def _refresh_fingerprints(store: Store, fp: Fingerprinter, run_id: int, batch_size: int) -> None:
    """Signatures made with other dedup parameters are never compared: re-make them from the stored
    text (no re-extraction), then re-match those documents once all are re-made. Each document
    waits in ``pending_rematch`` from the transaction that re-makes its signature to the one that
    re-matches it, so a run killed in between leaves the rest for the next run."""
    for batch in batched(store.stale_signatures(fp.config.key), batch_size):
        with store.transaction():
            for doc_id in batch:
                store.save_fingerprint(fp(store.stored_document(doc_id)))
            store.add_pending_rematch(batch)
    for batch in batched(store.pending_rematch(), batch_size):
        with store.transaction():
            for doc_id in batch:
                doc = fp(store.stored_document(doc_id))
                matches = dedup.find_matches(doc, store, fp)
                store.save_matches(doc.id, matches, run_id)
                dedup.recluster({doc.id} | {m.other_id for m in matches}, store)
                store.rematched(doc_id)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _progress(items: Iterator[T], enabled: bool) -> Iterator[T]:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, unit=" pages", desc="ingest", leave=False))
