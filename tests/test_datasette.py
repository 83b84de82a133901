"""Datasette on a real port against an ingested corpus: search folds Arabic, stored queries run."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from .conftest import ROOT

DATASETTE = Path(sys.executable).with_name("datasette")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(ingest, seeds: Path, tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "corpus.db"
    shutil.copy(next(seeds.glob("004_*.txt")), seeds / "copy.txt")  # a near-duplicate cluster
    ingest("run", str(seeds), "--db", str(db))
    port = free_port()
    log = (tmp_path / "datasette.log").open("wb")
    proc = subprocess.Popen(
        [
            str(DATASETTE),
            "serve",
            "-i",
            str(db),
            "--metadata",
            str(ROOT / "db" / "metadata.yml"),
            "--plugins-dir",
            str(ROOT / "db" / "plugins"),
            "--template-dir",
            str(ROOT / "db" / "templates"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/-/versions.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("datasette did not start: " + (tmp_path / "datasette.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def test_search_finds_arabic_with_spelling_variants(served: str) -> None:
    # six documents: the seeds and a copy of seed 004; "الشماليه" and "نوويه" spell ta marbuta as ha
    for query, n in (("بوتين", 6), ("الشماليه", 6), ("اسلحه نوويه", 2)):
        rows = httpx.get(
            f"{served}/corpus/documents.json", params={"_search": query, "_shape": "array"}
        ).json()
        assert len(rows) == n, (query, rows)
    hits = httpx.get(f"{served}/corpus/search.json", params={"q": "يَسْتَعْرِض", "_shape": "array"}).json()
    assert len(hits) == 2  # diacritics in the query are folded away


def test_stored_queries_run(served: str) -> None:
    metadata = yaml.safe_load((ROOT / "db" / "metadata.yml").read_text("utf-8"))
    queries = metadata["databases"]["corpus"]["queries"]
    params = {"q": "روسيا", "document": "seeds/003_a0e9d82ca56d1e7c.txt"}
    for name in queries:
        resp = httpx.get(f"{served}/corpus/{name}.json", params={**params, "_shape": "array"})
        assert resp.status_code == 200, (name, resp.text[:300])
        assert isinstance(resp.json(), list)
    clusters = httpx.get(f"{served}/corpus/near_duplicate_clusters.json", params={"_shape": "array"}).json()
    assert len(clusters) == 2 and {r["cluster_size"] for r in clusters} == {2}
    removed = httpx.get(
        f"{served}/corpus/removed_from_document.json", params={**params, "_shape": "array"}
    ).json()
    assert {r["reason"] for r in removed} >= {"read-also-heading", "related-article", "related-list"}


def test_read_only_and_fts_table_hidden(served: str) -> None:
    tables = {t["name"]: t for t in httpx.get(f"{served}/corpus.json").json()["tables"]}
    assert tables["documents_fts"]["hidden"] and not tables["documents"]["hidden"]
    resp = httpx.post(f"{served}/corpus/-/query", data={"sql": "delete from documents"})
    assert resp.status_code in (403, 405, 400)
