"""Read-only views of a corpus for ``ingest show`` and ``ingest stats``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.store import Store


def document_report(db: str | Path, key: str) -> dict[str, Any] | None:
    """A document with its provenance, removed lines, versions, verified pairs and cluster."""
    with Store.open(db, write=False) as store:
        doc = store.document(key)
        if doc is None:
            return None
        doc_id = doc["id"]
        removed = store.query(
            "SELECT line, text, reason FROM removed_lines WHERE document_id = ? ORDER BY line, id", [doc_id]
        )
        versions = store.query(
            "SELECT sha256, source, url, fetched_at, title, extractor, first_run_id, last_run_id, created_at "
            "FROM document_versions WHERE document_id = ? ORDER BY created_at",
            [doc_id],
        )
        pairs = store.query(
            "SELECT CASE WHEN document_id = ? THEN other_id ELSE document_id END AS other, jaccard, containment, "
            "method, run_id FROM duplicates WHERE document_id = ? OR other_id = ? ORDER BY jaccard DESC",
            [doc_id, doc_id, doc_id],
        )
        cluster = []
        if doc.get("cluster_size") and doc["cluster_size"] > 1:
            cluster = store.query(
                "SELECT id, source, url, title, similarity, seq FROM documents WHERE cluster_id = ? ORDER BY seq",
                [doc["cluster_id"]],
            )
        return {"document": doc, "removed": removed, "versions": versions, "pairs": pairs, "cluster": cluster}


def corpus_stats(db: str | Path) -> dict[str, Any]:
    with Store.open(db, write=False) as store:
        one = lambda sql: store.db.execute(sql).fetchone()[0]  # noqa: E731
        last = store.query("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "unique documents": one("SELECT count(*) FROM documents WHERE duplicate_of IS NULL"),
            "near-duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "clusters with duplicates": one(
                "SELECT count(DISTINCT cluster_id) FROM documents WHERE cluster_size > 1"
            ),
            "verified pairs": one("SELECT count(*) FROM duplicates"),
            "removed lines": one("SELECT count(*) FROM removed_lines"),
            "errors (all runs)": one("SELECT count(*) FROM errors"),
            "runs": one("SELECT count(*) FROM runs"),
            "by kind": {
                r["kind"]: r["n"]
                for r in store.query(
                    "SELECT kind, count(*) AS n FROM documents GROUP BY kind ORDER BY n DESC"
                )
            },
            "by language": {
                str(r["lang"]): r["n"]
                for r in store.query(
                    "SELECT lang, count(*) AS n FROM documents GROUP BY lang ORDER BY n DESC"
                )
            },
            "removed by reason": {
                r["reason"]: r["n"]
                for r in store.query(
                    "SELECT reason, count(*) AS n FROM removed_lines GROUP BY reason ORDER BY n DESC LIMIT 25"
                )
            },
            "last run": {k: v for k, v in (last[0] if last else {}).items() if k not in ("config", "counts")},
        }
