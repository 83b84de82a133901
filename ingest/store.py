"""SQLite storage with provenance (sqlite-utils, WAL). The only module that writes the database.

A ``Store`` is opened on a path; it refuses files that are not SQLite or carry a newer schema,
applies pending migrations, and takes an exclusive lock file (``DB.lock``) so that two ingest
runs never write the same database at once. Readers (Datasette, sqlite3) are never blocked:
the database is in WAL mode and writes are committed in batches.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ingest import __version__
from ingest.document import Document, Match, RawPage
from ingest.errors import (
    DatabaseBusy,
    IngestError,
    InputError,
    NotADatabase,
    SchemaTooNew,
    StoreError,
    TooLarge,
)
from ingest.migrations import MIGRATIONS, known_names
from ingest.normalize import fold

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Metadata keys that get their own column in `documents` (the rest stays in `meta` as JSON).
META_COLUMNS = {
    "author": "author",
    "published": "published",
    "updated": "updated",
    "site": "site",
    "section": "section",
    "source": "source_name",
    "lang": "lang",
    "url": "canonical_url",
}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def compress_raw(data: bytes) -> bytes:
    """Raw bytes as stored in ``raw_pages.content`` (``compression = 'zlib'``)."""
    return zlib.compress(data, 3)


class Store:
    """The corpus database. Use as a context manager; see ``Store.open``."""

    def __init__(self, db: Database, path: Path, lock_fd: int | None) -> None:
        self.db = db
        self.path = path
        self._lock_fd = lock_fd

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, write: bool = True) -> Store:
        """Open (creating if needed) the database at ``path``.

        ``write=True`` takes the writer lock and applies migrations; ``write=False`` opens an
        existing database for reading only. Raises ``StoreError`` subclasses.
        """
        p = Path(path)
        if p.exists():
            _check_sqlite_file(p)
        elif not write:
            raise StoreError(f"{p}: no such database; run `ingest run` first or check --db", str(p))
        lock_fd = None
        if write:
            p.parent.mkdir(parents=True, exist_ok=True)
            lock_fd = _lock(p)
        try:
            conn = sqlite3.connect(str(p), timeout=30) if write else _readonly(p)
            db = Database(conn)
            _check_schema(db, p, write)
            if write:
                db.enable_wal()
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA foreign_keys=ON")
                MIGRATIONS.apply(db)
        except sqlite3.DatabaseError as exc:
            if lock_fd is not None:
                os.close(lock_fd)
            raise NotADatabase(
                f"{p}: cannot use this database ({exc}); it may be corrupted: move it aside and run again",
                str(p),
            ) from exc
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        return cls(db, p, lock_fd)

    @property
    def lock_fd(self) -> int | None:
        """The writer lock's file descriptor (forked workers close their copy of it)."""
        return self._lock_fd

    def close(self) -> None:
        self.db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is committed together or not at all."""
        with self.db.atomic():
            yield

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, config: str, inputs: list[str]) -> int:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET status = 'interrupted' WHERE status = 'running'"
            )  # a run killed earlier: we hold the lock, so it is not running any more
            cur = self.db.execute(
                "INSERT INTO runs (started_at, status, version, config, inputs) VALUES (?, 'running', ?, ?, ?)",
                [now(), __version__, config, json.dumps(inputs, ensure_ascii=False)],
            )
        return int(cur.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        counts: dict[str, int],
        status: str = "finished",
        seconds: dict[str, float] | None = None,
    ) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET ended_at = ?, status = ?, new = ?, changed = ?, unchanged = ?, reprocessed = ?, "
                "duplicates = ?, errors = ?, counts = ? WHERE id = ?",
                [
                    now(),
                    status,
                    counts.get("new", 0),
                    counts.get("changed", 0),
                    counts.get("unchanged", 0),
                    counts.get("reprocessed", 0),
                    counts.get("duplicates", 0),
                    counts.get("errors", 0),
                    json.dumps(
                        {**counts, "seconds": {k: round(v, 3) for k, v in (seconds or {}).items()}},
                        sort_keys=True,
                    ),
                    run_id,
                ],
            )

    # -- what is already stored ----------------------------------------------------------------

    def sources(self) -> dict[str, dict[str, Any]]:
        """Every known input: source → its last state (size, mtime, sha256, extractor, status)."""
        rows = self.db.execute(
            "SELECT source, size, mtime, sha256, extractor, status, document_id FROM sources"
        ).fetchall()
        keys = ("source", "size", "mtime", "sha256", "extractor", "status", "document_id")
        return {r[0]: dict(zip(keys, r, strict=True)) for r in rows}

    def forget_source(self, source: str) -> None:
        """Let the next scan read ``source`` again, whatever its size and mtime."""
        self.db.execute("DELETE FROM sources WHERE source = ?", [source])

    def touch_source(self, source: str, size: int, mtime: float) -> None:
        self.db.execute("UPDATE sources SET size = ?, mtime = ? WHERE source = ?", [size, mtime, source])

    def outdated(self, extractors: dict[str, str], everything: bool = False) -> list[str]:
        """Ids of documents whose extractor is not the current one for their kind (or all), but
        for those the current extractor already failed on (``errors.document_id``): they keep
        their text until the extractor changes again."""
        if everything:
            return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY seq")]
        pairs = self.db.execute("SELECT DISTINCT kind, extractor FROM documents").fetchall()  # an index
        if all(extractors.get(kind) == ext for kind, ext in pairs):
            return []
        current = sorted(set(extractors.values()))
        failed = {
            r[0]
            for r in self.db.execute(
                f"SELECT document_id FROM errors WHERE document_id IS NOT NULL AND extractor IN "
                f"({', '.join('?' * len(current))})",
                current,
            )
        }
        rows = self.db.execute("SELECT id, kind, extractor FROM documents ORDER BY seq").fetchall()
        return [i for i, kind, ext in rows if extractors.get(kind) != ext and i not in failed]

    def raw_page(self, doc_id: str) -> dict[str, Any] | None:
        """The stored raw bytes and provenance of a document (for re-extraction): its ``url`` is the
        one asked for, which names the document (``documents.url`` is where redirects ended)."""
        row = self.db.execute(
            "SELECT d.source, coalesce(v.url, d.url), d.url, d.kind, d.sha256, d.fetched_at, r.compression, "
            "r.content FROM documents d JOIN raw_pages r ON r.sha256 = d.sha256 LEFT JOIN document_versions v "
            "ON v.document_id = d.id AND v.sha256 = d.sha256 WHERE d.id = ?",
            [doc_id],
        ).fetchone()
        if row is None:
            return None
        source, url, final_url, kind, sha, fetched_at, compression, content = row
        data = zlib.decompress(content) if compression == "zlib" else bytes(content)
        return {
            "source": source,
            "url": url,
            "final_url": final_url,
            "kind": kind,
            "sha256": sha,
            "fetched_at": fetched_at,
            "data": data,
        }

    # -- writing a document ----------------------------------------------------------------------

    def save(self, doc: Document, run_id: int) -> str:
        """Write a document with its raw bytes, version, removed lines and fingerprint.

        Returns ``new``, ``changed`` or ``reprocessed``.
        """
        raw = doc.raw
        stamp = now()
        self._save_raw(raw.sha256, raw.data, doc.raw_zlib)
        old = self.db.execute(
            "SELECT seq, sha256, first_run_id, fetched_at FROM documents WHERE id = ?", [doc.id]
        ).fetchone()
        if old is None:
            seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM documents").fetchone()[0]
            status, first_run = "new", run_id
        else:
            seq, first_run = old[0], old[2]
            status = "reprocessed" if old[1] == raw.sha256 else "changed"
            if raw.url and old[1] != raw.sha256 and old[3] and raw.fetched_at and raw.fetched_at < old[3]:
                # An older fetch of the same URL (reprocessed from the raw folder): keep it as a
                # version, do not let it replace the newer page (nor be read again next run).
                self._save_version(doc, run_id, now())
                self._record_source(doc, run_id)
                return "older-version"
        meta = dict(doc.meta)
        final_url = (raw.http or {}).get("final_url") if raw.http else None
        row: dict[str, Any] = {
            "id": doc.id,
            "seq": seq,
            "source": raw.source,
            "url": final_url or raw.url,
            "kind": raw.kind,
            "sha256": raw.sha256,
            "title": doc.title,
            "text": doc.text,
            "tags": json.dumps(meta["tags"], ensure_ascii=False) if meta.get("tags") else None,
            "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
            "words": len(doc.text.split()),
            "removed_count": len(doc.removed),
            "text_hash": doc.text_hash,
            "extractor": doc.extractor,
            "run_id": run_id,
            "first_run_id": first_run,
            "fetched_at": raw.fetched_at,
            "ingested_at": stamp if old is None else None,
            "updated_at": stamp,
        }
        for key, column in META_COLUMNS.items():
            value = meta.get(key)
            row[column] = value if isinstance(value, str) else None
        if old is not None:
            self._index(doc.id, delete=True)
            row.pop("ingested_at")
            sets = ", ".join(f"[{k}] = :{k}" for k in row if k != "id")
            self.db.execute(f"UPDATE documents SET {sets} WHERE id = :id", row)
        else:
            cols = ", ".join(f"[{k}]" for k in row)
            self.db.execute(f"INSERT INTO documents ({cols}) VALUES ({', '.join(':' + k for k in row)})", row)
        self._index(doc.id)
        self._save_version(doc, run_id, stamp)
        self.db.execute("DELETE FROM removed_lines WHERE document_id = ?", [doc.id])
        self.db.conn.executemany(
            "INSERT INTO removed_lines (document_id, line, text, reason) VALUES (?, ?, ?, ?)",
            [(doc.id, r.line, r.text, r.reason) for r in doc.removed],
        )
        self.save_fingerprint(doc)
        self._record_source(doc, run_id)
        return status

    def _record_source(self, doc: Document, run_id: int) -> None:
        """The file a document was read from, for the unchanged-file check (not for stored bytes)."""
        raw = doc.raw
        if raw.file_size is not None:
            self._save_source(
                raw.source,
                raw.url,
                raw.kind,
                raw.file_size,
                raw.mtime,
                raw.sha256,
                doc.id,
                "ok",
                doc.extractor,
                run_id,
            )

    def _index(self, doc_id: str, *, delete: bool = False) -> None:
        """Add a document's folded title and text to the full-text index, or remove them (``delete``:
        an external-content FTS5 index must be given back the values it indexed)."""
        rowid, title, text = self.db.execute(
            "SELECT rowid, title, text FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        sql = (
            "INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)"
            if delete
            else "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)"
        )
        self.db.execute(sql, [rowid, fold(title or ""), fold(text)])

    def _save_version(self, doc: Document, run_id: int, stamp: str) -> None:
        raw = doc.raw
        self.db.execute(
            "INSERT INTO document_versions (document_id, sha256, source, url, fetched_at, title, text_hash, "
            "extractor, first_run_id, last_run_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (document_id, sha256) DO UPDATE SET title = excluded.title, "
            "text_hash = excluded.text_hash, extractor = excluded.extractor, last_run_id = excluded.last_run_id",
            [
                doc.id,
                raw.sha256,
                raw.source,
                raw.url,
                raw.fetched_at,
                doc.title,
                doc.text_hash,
                doc.extractor,
                run_id,
                run_id,
                stamp,
            ],
        )

    def save_fingerprint(self, doc: Document) -> None:
        seq = self.db.execute("SELECT seq FROM documents WHERE id = ?", [doc.id]).fetchone()[0]
        self.db.execute("DELETE FROM lsh_bands WHERE seq = ?", [seq])
        shingles = doc.shingles.tobytes() if doc.shingles is not None else None
        self.db.execute(
            "INSERT OR REPLACE INTO signatures (document_id, key, n_shingles, signature, shingles) "
            "VALUES (?, ?, ?, ?, ?)",
            [doc.id, doc.signature_key, doc.n_shingles, doc.signature, shingles],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands (key, seq) VALUES (?, ?)", [(k, seq) for k in doc.bands]
        )
        self.db.execute(
            "UPDATE documents SET text_hash = ? WHERE id = ? AND text_hash IS NOT ?",
            [doc.text_hash, doc.id, doc.text_hash],
        )

    def _save_raw(self, sha256: str, data: bytes, packed: bytes | None = None) -> None:
        exists = self.db.execute("SELECT 1 FROM raw_pages WHERE sha256 = ?", [sha256]).fetchone()
        if exists:
            return
        self.db.execute(
            "INSERT INTO raw_pages (sha256, size, compression, content, stored_at) VALUES (?, ?, 'zlib', ?, ?)",
            [sha256, len(data), packed if packed is not None else compress_raw(data), now()],
        )

    def _save_source(
        self,
        source: str,
        url: str | None,
        kind: str,
        size: int | None,
        mtime: float | None,
        sha256: str,
        doc_id: str | None,
        status: str,
        extractor: str,
        run_id: int,
    ) -> None:
        self.db.execute(
            "INSERT INTO sources (source, url, kind, size, mtime, sha256, document_id, status, extractor, run_id, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (source) DO UPDATE SET url = excluded.url, "
            "kind = excluded.kind, size = excluded.size, mtime = excluded.mtime, sha256 = excluded.sha256, "
            "document_id = coalesce(excluded.document_id, document_id), status = excluded.status, "
            "extractor = excluded.extractor, run_id = excluded.run_id, updated_at = excluded.updated_at",
            [source, url, kind, size, mtime, sha256, doc_id, status, extractor, run_id, now()],
        )

    def record_error(self, doc: Document, run_id: int, extractor: str) -> None:
        """Store a failed input in ``errors`` and remember its size and mtime so an unchanged bad
        file is not retried until it changes or ingest is upgraded (but for the failures its fix
        does not change: too large, unreadable)."""
        err: IngestError = doc.error or IngestError("unknown error")
        raw = doc.raw
        # A file that could not be read for a reason its fix leaves it as it is (a higher
        # --max-bytes, permissions) is tried again every run; any other bad file once per version.
        retried = isinstance(err, TooLarge) or type(err) is InputError
        # The bytes of a stored document failed: it keeps its text and is not re-extracted from its
        # stored bytes with this extractor again (``outdated``).
        keeps_text = (
            not retried
            and self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc.id]).fetchone() is not None
        )
        self.db.execute(
            "INSERT INTO errors (run_id, source, url, error, message, at, extractor, document_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                err.source or raw.source,
                raw.url,
                type(err).__name__,
                err.message,
                now(),
                extractor,
                doc.id if keeps_text else None,
            ],
        )
        if raw.source and raw.file_size is not None and not retried:
            self._save_source(
                raw.source,
                raw.url,
                raw.kind,
                raw.file_size,
                raw.mtime,
                raw.sha256,
                None,
                "error",
                extractor,
                run_id,
            )

    # -- fetches --------------------------------------------------------------------------------------

    def last_fetch(self, url: str) -> dict[str, Any] | None:
        """The ETag and Last-Modified of the last successful fetch of ``url``, for a conditional GET."""
        row = self.db.execute(
            "SELECT etag, last_modified, sha256, raw_path FROM fetches WHERE url = ? AND outcome = 'fetched' "
            "ORDER BY id DESC LIMIT 1",
            [url],
        ).fetchone()
        return dict(zip(("etag", "last_modified", "sha256", "raw_path"), row, strict=True)) if row else None

    def record_fetch(self, run_id: int, prov: dict[str, Any], raw_path: str | None) -> None:
        """Store the provenance of one fetch; failed fetches also go to ``errors`` with the URL as source."""
        headers = prov.get("headers") or {}
        self.db.execute(
            "INSERT INTO fetches (run_id, url, final_url, outcome, status, sha256, size, etag, last_modified, "
            "content_type, redirects, headers, message, attempts, fetched_at, raw_path) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                run_id,
                prov["url"],
                prov.get("final_url"),
                prov["outcome"],
                prov.get("status"),
                prov.get("sha256"),
                prov.get("size"),
                headers.get("etag"),
                headers.get("last-modified"),
                headers.get("content-type"),
                json.dumps(prov.get("redirects") or []),
                json.dumps(headers),
                prov.get("message"),
                prov.get("attempts"),
                prov.get("fetched_at"),
                raw_path,
            ],
        )
        if prov["outcome"] in ("error", "skipped-scheme"):  # (not a web address: the user's list needs a fix)
            self.db.execute(
                "INSERT INTO errors (run_id, source, url, error, message, at) VALUES (?, ?, ?, 'FetchError', ?, ?)",
                [run_id, prov["url"], prov["url"], prov.get("message"), now()],
            )

    # -- near-duplicates ----------------------------------------------------------------------------

    def same_bytes(self, sha256: str, exclude: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM documents WHERE sha256 = ? AND id != ? ORDER BY seq", [sha256, exclude]
            )
        ]

    def same_text(self, text_hash: str, exclude: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM documents WHERE text_hash = ? AND id != ? ORDER BY seq", [text_hash, exclude]
            )
        ]

    def _rows_in(self, sql: str, values: Iterable[Any]) -> Iterator[tuple]:
        """Rows of ``sql`` (holding one ``IN ({marks})``) for all ``values``, queried in chunks
        (SQLite bounds the number of parameters)."""
        items = list(values)
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            yield from self.db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def band_candidates(self, bands: Iterable[int], exclude: str) -> list[str]:
        found = {
            r[0]
            for r in self._rows_in(
                "SELECT d.id FROM documents d WHERE d.seq IN (SELECT seq FROM lsh_bands WHERE key IN ({marks}))",
                bands,
            )
        }
        found.discard(exclude)
        return sorted(found)

    def shingles(self, ids: Iterable[str]) -> dict[str, tuple[int, Any]]:
        """id → (seq, sorted shingle hashes as a numpy uint32 array) for the given documents."""
        import numpy as np

        return {
            doc_id: (seq, np.frombuffer(blob, dtype=np.uint32) if blob else np.empty(0, np.uint32))
            for doc_id, seq, blob in self._rows_in(
                "SELECT d.id, d.seq, s.shingles FROM documents d LEFT JOIN signatures s ON s.document_id = d.id "
                "WHERE d.id IN ({marks})",
                ids,
            )
        }

    def save_matches(self, doc_id: str, matches: list[Match], run_id: int) -> None:
        """Replace the verified pairs of ``doc_id`` with ``matches``."""
        self.db.execute("DELETE FROM duplicates WHERE document_id = ? OR other_id = ?", [doc_id, doc_id])
        stamp = now()
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO duplicates (document_id, other_id, jaccard, containment, method, run_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, m.other_id, m.jaccard, m.containment, m.method, run_id, stamp) for m in matches],
        )

    def cluster_of(self, ids: Iterable[str]) -> set[str]:
        """All members of the clusters the given documents belong to."""
        ids = set(ids)
        cluster_ids = set()
        for doc_id in ids:
            row = self.db.execute("SELECT cluster_id FROM documents WHERE id = ?", [doc_id]).fetchone()
            if row and row[0]:
                cluster_ids.add(row[0])
        members = set(ids)
        for cid in cluster_ids:
            members.update(
                r[0] for r in self.db.execute("SELECT id FROM documents WHERE cluster_id = ?", [cid])
            )
        return members

    def clusters_of(self, ids: Iterable[str]) -> dict[str, tuple[str | None, int]]:
        """cluster_id → (its canonical id, its size) for the clusters of the given documents."""
        out: dict[str, tuple[str | None, int]] = {}
        for doc_id in set(ids):
            row = self.db.execute(
                "SELECT cluster_id, cluster_size FROM documents WHERE id = ?", [doc_id]
            ).fetchone()
            if row and row[0]:
                out[row[0]] = (row[0], row[1] or 1)
        return out

    def grow_cluster(self, cluster_id: str, size: int) -> None:
        self.db.execute("UPDATE documents SET cluster_size = ? WHERE cluster_id = ?", [size, cluster_id])

    def pairs_among(self, ids: set[str]) -> list[tuple[str, str, float]]:
        out = []
        for doc_id in ids:
            for other, jac in self.db.execute(
                "SELECT other_id, jaccard FROM duplicates WHERE document_id = ?", [doc_id]
            ):
                if other in ids:
                    out.append((doc_id, other, jac))
        return out

    def set_cluster(
        self, doc_id: str, cluster_id: str, size: int, duplicate_of: str | None, similarity: float | None
    ) -> None:
        self.db.execute(
            "UPDATE documents SET cluster_id = ?, cluster_size = ?, duplicate_of = ?, similarity = ? WHERE id = ? "
            "AND (cluster_id IS NOT ? OR cluster_size IS NOT ? OR duplicate_of IS NOT ? OR similarity IS NOT ?)",
            [cluster_id, size, duplicate_of, similarity, doc_id, cluster_id, size, duplicate_of, similarity],
        )

    def is_duplicate(self, doc_id: str) -> bool:
        row = self.db.execute("SELECT duplicate_of FROM documents WHERE id = ?", [doc_id]).fetchone()
        return bool(row and row[0])

    def stale_signatures(self, key: str) -> list[str]:
        """Ids of documents whose signature was made with other dedup parameters (or is missing), in
        ingestion order. Asked at the end of every run: answered from the ``documents.id`` and
        ``signatures(key, document_id)`` indexes alone (SQLite would otherwise pick the signatures'
        primary key and read their rows)."""
        stale = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM signatures "
                "INDEXED BY idx_signatures_key_document_id WHERE key = ? AND document_id = d.id)",
                [key],
            )
        ]
        if not stale:
            return []
        order = dict(self._rows_in("SELECT id, seq FROM documents WHERE id IN ({marks})", stale))
        return sorted(stale, key=order.__getitem__)

    def add_pending_rematch(self, doc_ids: list[str]) -> None:
        """Note documents to be matched again (their signatures were just re-made)."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO pending_rematch (document_id) VALUES (?)", [(d,) for d in doc_ids]
        )

    def pending_rematch(self) -> list[str]:
        """Ids of documents still to be matched again, in ingestion order. Asked at the end of every
        run: the pending rows are read, each document found by its id (``CROSS JOIN`` keeps SQLite
        from scanning the documents table in ``seq`` order)."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT d.id FROM pending_rematch p CROSS JOIN documents d ON d.id = p.document_id ORDER BY d.seq"
            )
        ]

    def rematched(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM pending_rematch WHERE document_id = ?", [doc_id])

    def stored_document(self, doc_id: str) -> Document:
        """A document rebuilt from its stored row (text, not raw bytes), for re-fingerprinting."""
        source, url, kind, sha, text = self.db.execute(
            "SELECT source, url, kind, sha256, text FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        raw = RawPage(source=source, data=b"", kind=kind, sha256=sha, size=0, url=url)
        return Document(raw=raw, id=doc_id, lines=text.split("\n") if text else [])

    # -- reading ------------------------------------------------------------------------------------

    def document(self, key: str) -> dict[str, Any] | None:
        """A document by id, unique id prefix, or source path."""
        cur = self.db.execute(
            "SELECT * FROM documents WHERE id = ? OR source = ? OR url = ?", [key, key, key]
        )
        row = cur.fetchone()
        if row is None and len(key) >= 4:
            cur = self.db.execute("SELECT * FROM documents WHERE id LIKE ? || '%' LIMIT 2", [key])
            rows = cur.fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row, strict=True))

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents matching a full-text query, folded like the index (spelling variants match)."""
        return self.query(
            "SELECT d.id, d.source, d.url, d.title, d.duplicate_of FROM documents_fts "
            "JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            [fts_query(query), limit],
        )

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cur = self.db.execute(sql, list(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query over the folded index: folded, each word quoted."""
    words = [w for w in fold(text).replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'


def _check_sqlite_file(p: Path) -> None:
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the database ({exc.strerror})", str(p)) from exc
    if head and head != _SQLITE_MAGIC:
        raise NotADatabase(
            f"{p} is not an SQLite database: pass another --db path, or move this file aside", str(p)
        )


def _check_schema(db: Database, p: Path, write: bool) -> None:
    """A corpus of a schema this version knows, or an empty database (which a writer makes one)."""
    if "_sqlite_migrations" not in db.table_names():
        if any(t for t in db.table_names() if t not in ("sqlite_sequence",)):
            names = ", ".join(db.table_names()[:5])
            raise NotADatabase(
                f"{p} is an SQLite database but not an ingest corpus (tables: {names}): pass another --db path",
                str(p),
            )
        if not write:  # (an empty file, say)
            raise StoreError(f"{p} holds no corpus yet: run `ingest run` (or fetch) into it first", str(p))
        return
    applied = {m.name for m in MIGRATIONS.applied(db)}
    unknown = applied - known_names()
    if unknown:
        raise SchemaTooNew(
            f"{p} was written by a newer version of ingest (schema {sorted(unknown)[-1]}): "
            f"upgrade ingest (pip install -U ingest) or use another --db",
            str(p),
        )


def _readonly(p: Path) -> sqlite3.Connection:
    # A reader may be handed from one thread to another (the worker pool feeds from its own thread);
    # it is only ever used by one at a time.
    return sqlite3.connect(f"file:{p}?mode=ro", uri=True, timeout=30, check_same_thread=False)


def _lock(p: Path) -> int:
    lock_path = p.with_name(p.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        try:
            holder = os.pread(fd, 32, 0).decode().strip() or "?"
        except OSError:
            holder = "?"
        os.close(fd)
        raise DatabaseBusy(
            f"another ingest process (pid {holder}) is writing to {p}: wait for it to finish, "
            f"or use another --db",
            str(p),
        ) from exc
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd
