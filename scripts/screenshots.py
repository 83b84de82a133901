#!/usr/bin/env python3
"""Render the main Datasette pages of a corpus in headless Chromium, to look at them as a reader would.

    scripts/screenshots.py [--db db/corpus.db] [--out /tmp/ingest-shots] [--chromium /usr/bin/chromium]

Starts Datasette like `make serve` on a free local port, saves PNGs of the database page, the
documents table, an Arabic document's row page and two stored queries, then stops it.
Needs Debian's `chromium` package.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "db" / "corpus.db")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ingest-shots"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    datasette = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen(
        [
            str(datasette),
            "serve",
            "-i",
            str(args.db),
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    name = args.db.stem
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        doc_id = (
            sqlite3.connect(args.db)
            .execute("SELECT id FROM documents WHERE lang = 'ar' ORDER BY length(text) DESC LIMIT 1")
            .fetchone()[0]
        )
        pages = {
            "database": f"/{name}",
            "documents": f"/{name}/documents",
            "document": f"/{name}/documents/{doc_id}",
            "clusters": f"/{name}/near_duplicate_clusters",
            "removed": f"/{name}/removed_from_document?document={doc_id}",
            "search": f"/{name}/documents?_search=%D8%A7%D9%84%D8%B4%D9%85%D8%A7%D9%84%D9%8A%D9%87",
        }
        for label, path in pages.items():
            png = args.out / f"{label}.png"
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(
                    [
                        args.chromium,
                        *FLAGS,
                        f"--user-data-dir={profile}",
                        f"--screenshot={png}",
                        "--window-size=1280,1400",
                        base + path,
                    ],
                    capture_output=True,
                    timeout=60,
                )
            print(png, "ok" if png.exists() else "missing")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
