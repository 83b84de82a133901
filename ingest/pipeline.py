"""The pipeline, in order: read → extract → fingerprint → dedup → store. Start reading here.

Each stage is a function over one ``Document`` (or a generator of them); dedup and store run in
the single writer process, in batches of ``config.batch_size`` documents per transaction, so a
killed run loses at most the batch in flight and a re-run picks up where it stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from ingest import dedup, read
from ingest.config import DEFAULT_CONFIG, Config
from ingest.document import Document, RawPage
from ingest.extract import extract, extractor_for
from ingest.fingerprint import Fingerprinter
from ingest.store import Store


@dataclass
class Summary:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        c = self.counts
        text = (
            f"new {c['new']}, unchanged {c['unchanged']}, changed {c['changed']}, "
            f"duplicates {c['duplicates']}, errors {c['errors']}"
        )
        return text + (f", reprocessed {c['reprocessed']}" if c["reprocessed"] else "")


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
    extractors = {kind: extractor_for(kind) for kind in ("text", "html")}
    fp = Fingerprinter(config.dedup)
    with Store.open(db) as store:
        summary = Summary(store.start_run(str(config), paths))
        counts = summary.counts
        try:
            work = chain(
                read.scan(paths, store.sources(), extractors, config.read, counts),
                _stored(store, extractors, reprocess),
            )
            docs = (fp(doc) for doc in (_extract(item, store, config) for item in work) if doc is not None)
            for batch in batched(_progress(docs, progress), config.batch_size):
                with store.transaction():
                    for doc in batch:
                        _store(doc, store, fp, summary.run_id, extractors, counts)
            _refresh_fingerprints(store, fp, summary.run_id, config.batch_size)
        except BaseException:
            store.finish_run(summary.run_id, counts, "failed")
            raise
        store.finish_run(summary.run_id, counts)
    return summary


def _extract(item: RawPage | read.Failed | read.Touched, store: Store, config: Config) -> Document | None:
    if isinstance(item, read.Touched):
        store.touch_source(item.candidate.source, item.candidate.size, item.candidate.mtime)
        return None
    if isinstance(item, read.Failed):
        c = item.candidate
        doc = Document(raw=RawPage(c.source, b"", c.kind, "", 0, c.mtime, c.size))
        doc.error = item.error
        return doc
    return extract(item, config.extract)


def _stored(store: Store, extractors: dict[str, str], everything: bool) -> Iterator[RawPage]:
    """Stored documents whose extractor is outdated (or all): re-extracted from their raw bytes."""
    for doc_id in store.outdated(extractors, everything):
        row = store.raw_page(doc_id)
        if row is not None:
            yield read.from_stored(row)


def _store(
    doc: Document,
    store: Store,
    fp: Fingerprinter,
    run_id: int,
    extractors: dict[str, str],
    counts: Counter[str],
) -> None:
    if not doc.ok:
        store.record_error(doc, run_id, extractors[doc.raw.kind])
        counts["errors"] += 1
        return
    before = store.cluster_of({doc.id})
    counts[store.save(doc, run_id)] += 1
    matches = dedup.find_matches(doc, store, fp)
    store.save_matches(doc.id, matches, run_id)
    dedup.recluster(before | {doc.id} | {m.other_id for m in matches}, store, fp)
    counts["duplicates"] += store.is_duplicate(doc.id)


def _refresh_fingerprints(store: Store, fp: Fingerprinter, run_id: int, batch_size: int) -> None:
    """Signatures made with other dedup parameters are never compared: re-make them from the stored
    text (no re-extraction), then re-match those documents."""
    stale = store.stale_signatures(fp.config.key)
    for batch in batched(stale, batch_size):
        with store.transaction():
            for doc_id in batch:
                store.save_fingerprint(fp(store.stored_document(doc_id)))
    for batch in batched(stale, batch_size):
        with store.transaction():
            for doc_id in batch:
                doc = store.stored_document(doc_id)
                doc.text_hash = fp(doc).text_hash
                matches = dedup.find_matches(doc, store, fp)
                store.save_matches(doc.id, matches, run_id)
                dedup.recluster({doc.id} | {m.other_id for m in matches}, store, fp)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _progress(docs: Iterator[Document], enabled: bool) -> Iterator[Document]:
    if not enabled:
        return docs
    from tqdm import tqdm

    return iter(tqdm(docs, unit=" pages", desc="ingest", leave=False))
