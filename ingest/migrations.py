"""The database schema, as named sqlite-utils migrations: the only place the schema changes.

Applied migrations are recorded in ``_sqlite_migrations``; a database that records a migration
this version does not know was written by a newer ingest and is refused (``SchemaTooNew``).
Add a migration at the end to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("ingest")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db["runs"].create(
        {
            "id": int,
            "started_at": str,
            "ended_at": str,
            "status": str,
            "version": str,
            "config": str,
            "inputs": str,
            "new": int,
            "changed": int,
            "unchanged": int,
            "reprocessed": int,
            "duplicates": int,
            "errors": int,
            "counts": str,
        },
        pk="id",
    )
    db["raw_pages"].create(
        {"sha256": str, "size": int, "compression": str, "content": bytes, "stored_at": str}, pk="sha256"
    )
    db["documents"].create(
        {
            "id": str,
            "seq": int,
            "source": str,
            "url": str,
            "kind": str,
            "sha256": str,
            "title": str,
            "text": str,
            "duplicate_of": str,
            "similarity": float,
            "cluster_id": str,
            "cluster_size": int,
            "author": str,
            "published": str,
            "updated": str,
            "site": str,
            "section": str,
            "source_name": str,
            "tags": str,
            "lang": str,
            "canonical_url": str,
            "meta": str,
            "words": int,
            "removed_count": int,
            "text_hash": str,
            "extractor": str,
            "run_id": int,
            "first_run_id": int,
            "fetched_at": str,
            "ingested_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"seq", "source", "sha256", "text", "extractor", "run_id"},
        foreign_keys=[("sha256", "raw_pages", "sha256"), ("run_id", "runs", "id")],
    )
    db["documents"].create_index(["seq"], unique=True)
    db["documents"].create_index(["source"])
    db["documents"].create_index(["sha256"])
    db["documents"].create_index(["text_hash"])
    db["documents"].create_index(["cluster_id"])
    db["documents"].create_index(["duplicate_of"])
    db["document_versions"].create(
        {
            "document_id": str,
            "sha256": str,
            "source": str,
            "url": str,
            "fetched_at": str,
            "title": str,
            "text_hash": str,
            "extractor": str,
            "first_run_id": int,
            "last_run_id": int,
            "created_at": str,
        },
        pk=("document_id", "sha256"),
        foreign_keys=[("document_id", "documents", "id"), ("sha256", "raw_pages", "sha256")],
    )
    db["sources"].create(
        {
            "source": str,
            "url": str,
            "kind": str,
            "size": int,
            "mtime": float,
            "sha256": str,
            "document_id": str,
            "status": str,
            "extractor": str,
            "run_id": int,
            "updated_at": str,
        },
        pk="source",
    )
    db["removed_lines"].create(
        {"id": int, "document_id": str, "line": int, "text": str, "reason": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["removed_lines"].create_index(["document_id", "line"])
    db["removed_lines"].create_index(["reason"])
    db["signatures"].create(
        {"document_id": str, "key": str, "n_shingles": int, "signature": bytes},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.execute(
        "CREATE TABLE lsh_bands (key INTEGER NOT NULL, document_id TEXT NOT NULL, "
        "PRIMARY KEY (key, document_id)) WITHOUT ROWID"
    )
    db["lsh_bands"].create_index(["document_id"])
    db["duplicates"].create(
        {
            "document_id": str,
            "other_id": str,
            "jaccard": float,
            "containment": float,
            "method": str,
            "run_id": int,
            "created_at": str,
        },
        pk=("document_id", "other_id"),
        foreign_keys=[("document_id", "documents", "id"), ("other_id", "documents", "id")],
    )
    db["duplicates"].create_index(["other_id"])
    db["errors"].create(
        {"id": int, "run_id": int, "source": str, "url": str, "error": str, "message": str, "at": str},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["errors"].create_index(["source"])
    db["documents"].enable_fts(
        ["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    db.create_view(
        "unique_documents",
        "SELECT * FROM documents WHERE duplicate_of IS NULL",
    )
    db.create_view(
        "clusters",
        "SELECT cluster_id, cluster_size, group_concat(id, ' ') AS members, min(seq) AS first_seq "
        "FROM documents WHERE cluster_size > 1 GROUP BY cluster_id",
    )


@MIGRATIONS()
def m002_lsh_bands_by_seq(db: Database) -> None:
    """LSH band keys point to documents by their integer ``seq`` (half the size of text ids);
    signatures are dropped so that the next run re-makes them from the stored text."""
    db.execute("DROP TABLE lsh_bands")
    db.execute(
        "CREATE TABLE lsh_bands (key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX idx_lsh_bands_seq ON lsh_bands (seq)")
    db.execute("DELETE FROM signatures")


@MIGRATIONS()
def m003_shingle_hashes(db: Database) -> None:
    """Each signature row keeps the document's sorted shingle hashes, so candidate pairs are
    verified exactly without re-reading and re-normalizing stored texts."""
    db["signatures"].add_column("shingles", bytes)
    db.execute("DELETE FROM signatures")


@MIGRATIONS()
def m004_fts_trigger_on_text_only(db: Database) -> None:
    """Re-index full text only when the title or text change, not when dedup marks a document."""
    db.execute("DROP TRIGGER IF EXISTS documents_au")
    db.execute(
        'CREATE TRIGGER "documents_au" AFTER UPDATE OF "title", "text" ON "documents" BEGIN\n'
        '  INSERT INTO "documents_fts" ("documents_fts", rowid, "title", "text") '
        'VALUES(\'delete\', old.rowid, old."title", old."text");\n'
        '  INSERT INTO "documents_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");\n'
        "END"
    )


@MIGRATIONS()
def m005_fetches(db: Database) -> None:
    """One row per fetch of a URL: what was asked, what came back, and what was done with it."""
    db["fetches"].create(
        {
            "id": int,
            "run_id": int,
            "url": str,
            "final_url": str,
            "outcome": str,
            "status": int,
            "sha256": str,
            "size": int,
            "etag": str,
            "last_modified": str,
            "content_type": str,
            "redirects": str,
            "headers": str,
            "message": str,
            "attempts": int,
            "fetched_at": str,
            "raw_path": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["fetches"].create_index(["url"])


@MIGRATIONS()
def m006_folded_full_text(db: Database) -> None:
    """Full-text search over *folded* title and text (``normalize.fold``: Arabic hamza and letter
    variants, diacritics, tatweel, case, digits), so spelling variants find each other. The index
    is kept by ``store.py`` (no triggers: a write from another tool never fails on a missing
    function). Queries are folded the same way (``ingest search``, the Datasette plugin)."""
    from ingest.normalize import fold

    for trigger in ("documents_ai", "documents_ad", "documents_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('delete-all')")
    rows = db.execute("SELECT rowid, title, text FROM documents").fetchall()
    db.conn.executemany(
        "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
        [(rowid, fold(title or ""), fold(text or "")) for rowid, title, text in rows],
    )


@MIGRATIONS()
def m007_indexes_for_every_run(db: Database) -> None:
    """Two questions every run asks, answered from indexes alone instead of reading every document
    row: which documents have an outdated extractor, and which signatures were made with other
    dedup parameters."""
    db["documents"].create_index(["kind", "extractor"], if_not_exists=True)
    db["signatures"].create_index(["key", "document_id"], if_not_exists=True)


@MIGRATIONS()
def m008_pending_rematch(db: Database) -> None:
    """Documents whose signature was re-made with new dedup parameters and that still have to be
    matched again: a run killed between the two steps leaves them here for the next run."""
    db.execute("CREATE TABLE pending_rematch (document_id TEXT PRIMARY KEY) WITHOUT ROWID")


@MIGRATIONS()
def m009_errors_extractor(db: Database) -> None:
    """Each error says which extractor met it and, for a stored document re-extracted from its raw
    bytes, which document: that document is not tried again until the extractor changes."""
    db["errors"].add_column("extractor", str)
    db["errors"].add_column("document_id", str)
    db["errors"].create_index(["document_id", "extractor"])


def known_names() -> set[str]:
    return {m.name for m in MIGRATIONS._migrations}
