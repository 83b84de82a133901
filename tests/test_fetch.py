"""`ingest fetch` against a real HTTP server on 127.0.0.1 (no other address is contacted)."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ingest.config import DEFAULT_CONFIG, FetchConfig
from ingest.pipeline import fetch

from .conftest import rows

ARTICLE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{title}</h1>
{paras}</article><footer>© 2025 Test Site. All rights reserved.</footer></body></html>"""


def page(title: str, n: int = 5, lang: str = "en", salt: str = "") -> bytes:
    paras = "".join(
        f"<p>{salt}Paragraph {i} of the story about {title}: officials said on Tuesday that the new plan would "
        f"take effect next month, after a long debate in parliament and several rounds of talks.</p>"
        for i in range(n)
    )
    return ARTICLE.format(title=title, paras=paras, lang=lang).encode("utf-8")


class Site:
    """The test server's state: what it serves and what it was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.flaky = 0
        self.limited = 0
        self.busy = 0
        self.version = "one"


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send(
            self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up: expected
                    self.wfile.write(body)

        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers)))
            p = self.path
            if p == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif p.startswith("/article/"):
                self.send(200, page(f"Story {p.rsplit('/', 1)[1]}"))
            elif p == "/arabic":
                self.send(
                    200, page("خطة جديدة للنقل العام", lang="ar").replace(b"Paragraph", "فقرة".encode())
                )
            elif p.startswith("/private/"):
                self.send(200, page("Secret"))
            elif p == "/slow":
                time.sleep(2)
                self.send(200, page("Slow"))
            elif p == "/missing":
                self.send(404, b"not here")
            elif p == "/flaky":
                site.flaky += 1
                self.send(500, b"oops") if site.flaky == 1 else self.send(200, page("Flaky"))
            elif p == "/limited":
                site.limited += 1
                self.send(429, b"slow down", Retry_After="1") if site.limited == 1 else self.send(
                    200, page("Limited")
                )
            elif p == "/busy":  # an HTTP date without a zone ("-0000"), in the past: retry at once
                site.busy += 1
                self.send(
                    503, b"busy", Retry_After="Wed, 21 Oct 2015 07:28:00 -0000"
                ) if site.busy == 1 else self.send(200, page("Busy"))
            elif p == "/nowhere":
                self.send(302, b"moved")  # a redirect without a Location
            elif p == "/redirect/1":
                self.send(302, Location="/redirect/2")
            elif p == "/redirect/2":
                self.send(301, Location="/article/final")
            elif p == "/huge":
                self.send(200, page("Huge", n=2000))
            elif p == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
            elif p == "/etag":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send(304, ETag='"v1"')
                else:
                    self.send(200, page("Tagged"), ETag='"v1"')
            elif p in ("/changing", "/mirror"):  # /mirror: the same bytes under another URL
                self.send(200, page("Changing story", salt=f"[{site.version}] "))
            elif p == "/sitemap.xml":
                base = f"http://news.example:{self.server.server_address[1]}"
                body = (
                    f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<url><loc>{base}/article/s1</loc></url><url><loc>{base}/article/s2</loc></url></urlset>"
                )
                self.send(200, body.encode(), "application/xml")
            elif p == "/feed.xml":
                base = f"http://news.example:{self.server.server_address[1]}"
                items = "".join(
                    f"<item><title>t</title><link>{base}/article/f{i}</link></item>" for i in (1, 2)
                )
                body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
                self.send(200, body.encode(), "application/rss+xml")
            else:
                self.send(404, b"no route")

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Site]]:
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        httpd.shutdown()
        httpd.server_close()


FAST = replace(
    DEFAULT_CONFIG,
    fetch=FetchConfig(
        delay=0.0,
        backoff=0.2,
        read_timeout=0.5,
        connect_timeout=1.0,
        total_timeout=5,
        max_bytes=100_000,
        concurrency=4,
    ),
)


def run_fetch(urls: list[str], tmp_path: Path, **kwargs: object):
    return fetch(urls, tmp_path / "raw", tmp_path / "corpus.db", FAST, **kwargs)


def test_every_behaviour_in_one_run(server: tuple[str, Site], tmp_path: Path) -> None:
    base, site = server
    urls = [
        f"{base}/{p}"
        for p in (
            "article/1",
            "arabic",
            "private/secret",
            "slow",
            "missing",
            "flaky",
            "redirect/1",
            "huge",
            "image.png",
            "limited",
        )
    ] + ["ftp://example.org/x"]
    summary = run_fetch(urls, tmp_path)
    c = summary.counts
    assert (c["fetched"], c["skipped-robots"], c["skipped-type"], c["skipped-scheme"], c["error"]) == (
        5,
        1,
        1,
        1,
        3,
    )
    db = tmp_path / "corpus.db"
    # robots: the disallowed URL was never requested, robots.txt once per host
    paths = [p for p, _ in site.requests]
    assert "/private/secret" not in paths and paths.count("/robots.txt") == 1
    # an identifying User-Agent
    assert all(h.get("User-Agent", "").startswith("ingest/") for _, h in site.requests)
    outcome = dict(rows(db, "SELECT url, outcome FROM fetches"))
    assert outcome[f"{base}/private/secret"] == "skipped-robots"
    assert outcome[f"{base}/image.png"] == "skipped-type"
    errors = dict(rows(db, "SELECT source, message FROM errors"))
    assert "timed out" in errors[f"{base}/slow"]
    assert errors[f"{base}/missing"].startswith("HTTP 404")
    assert "only http and https" in errors["ftp://example.org/x"]  # not a web address: the list needs a fix
    assert "limit" in errors[f"{base}/huge"]
    # retries: 500 then 200, and 429 with Retry-After then 200
    assert rows(db, "SELECT attempts, outcome FROM fetches WHERE url = ?", (f"{base}/flaky",)) == [
        (2, "fetched")
    ]
    assert rows(db, "SELECT attempts, outcome FROM fetches WHERE url = ?", (f"{base}/limited",)) == [
        (2, "fetched")
    ]
    # redirects followed and recorded; the final URL kept
    final, redirects = rows(
        db, "SELECT final_url, redirects FROM fetches WHERE url = ?", (f"{base}/redirect/1",)
    )[0]
    assert final == f"{base}/article/final" and [r["status"] for r in json.loads(redirects)] == [302, 301]
    # ingested in the same command, with URLs and provenance
    docs = dict(rows(db, "SELECT url, title FROM documents"))
    assert docs[f"{base}/article/1"] == "Story 1" and docs[f"{base}/article/final"] == "Story final"
    assert docs[f"{base}/arabic"] == "خطة جديدة للنقل العام"
    assert rows(db, "SELECT count(*) FROM documents") == [(5,)]
    # raw bytes archived content-addressed with a JSON sidecar
    raw = sorted((tmp_path / "raw").rglob("*.html"))
    assert len(raw) == 5 and all(p.parent.name == p.name[:2] for p in raw)
    side = json.loads(raw[0].with_name(raw[0].name + ".json").read_text("utf-8"))
    assert side["url"].startswith(base) and side["http"]["status"] == 200


def test_conditional_get_and_changed_page_versions(server: tuple[str, Site], tmp_path: Path) -> None:
    base, site = server
    run_fetch([f"{base}/etag", f"{base}/changing"], tmp_path)
    db = tmp_path / "corpus.db"
    before = rows(db, "SELECT id, sha256, text FROM documents ORDER BY id")
    site.version = "two"
    summary = run_fetch([f"{base}/etag", f"{base}/changing"], tmp_path)
    assert summary.counts["not-modified"] == 1 and summary.counts["changed"] == 1
    assert [h.get("If-None-Match") for p, h in site.requests if p == "/etag"] == [None, '"v1"']
    after = rows(db, "SELECT id, sha256, text FROM documents ORDER BY id")
    assert len(after) == 2 and {r[0] for r in after} == {r[0] for r in before}  # same documents
    (doc_id,) = rows(db, "SELECT id FROM documents WHERE url = ?", (f"{base}/changing",))[0]
    versions = rows(
        db, "SELECT sha256, url FROM document_versions WHERE document_id = ? ORDER BY created_at", (doc_id,)
    )
    assert len(versions) == 2 and all(v[1] == f"{base}/changing" for v in versions)
    assert "[two]" in rows(db, "SELECT text FROM documents WHERE id = ?", (doc_id,))[0][0]
    # Reprocessing the raw folder later keeps the URL and the newest version.
    from ingest.pipeline import run

    run([tmp_path / "raw"], db, FAST, reprocess=True)
    assert "[two]" in rows(db, "SELECT text FROM documents WHERE id = ?", (doc_id,))[0][0]
    assert rows(db, "SELECT count(*) FROM documents") == [(2,)]


def test_same_bytes_under_two_urls_and_a_page_that_changes_back(
    server: tuple[str, Site], tmp_path: Path
) -> None:
    """Two URLs serving the same bytes are two documents (the second an exact duplicate of the
    first), each with its own archived copy; a page that changes and then changes back to a copy
    archived before becomes that version again."""
    base, site = server
    run_fetch([f"{base}/changing", f"{base}/mirror"], tmp_path)
    db = tmp_path / "corpus.db"
    docs = dict(rows(db, "SELECT url, id FROM documents"))
    assert set(docs) == {f"{base}/changing", f"{base}/mirror"}
    assert rows(db, "SELECT duplicate_of FROM documents WHERE url = ?", (f"{base}/mirror",)) == [
        (docs[f"{base}/changing"],)
    ]
    assert len(list((tmp_path / "raw").rglob("*.html"))) == 2

    def text() -> str:
        return rows(db, "SELECT text FROM documents WHERE url = ?", (f"{base}/changing",))[0][0]

    site.version = "two"
    assert run_fetch([f"{base}/changing"], tmp_path).counts["changed"] == 1 and "[two]" in text()
    site.version = "one"
    summary = run_fetch([f"{base}/changing"], tmp_path)
    assert summary.counts["changed"] == 1 and "[one]" in text() and "[two]" not in text()
    assert run_fetch([f"{base}/changing"], tmp_path).counts["changed"] == 0  # and it stays so
    assert "[one]" in text() and rows(db, "SELECT count(*) FROM documents") == [(2,)]


class Loopback(httpx.HTTPTransport):
    """Sends requests for the host alias ``news.example`` to 127.0.0.1 (trafilatura's sitemap and
    feed helpers drop links on bare IP hosts); no other address is ever contacted."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "news.example":
            raise httpx.ConnectError(f"test transport: refusing {request.url.host}", request=request)
        request.url = request.url.copy_with(host="127.0.0.1")
        return super().handle_request(request)


def test_sitemap_and_feed(server: tuple[str, Site], tmp_path: Path) -> None:
    base = server[0].replace("127.0.0.1", "news.example")
    summary = run_fetch(
        [], tmp_path, sitemaps=[f"{base}/sitemap.xml"], feeds=[f"{base}/feed.xml"], transport=Loopback()
    )
    assert summary.counts["fetched"] == 4
    db = tmp_path / "corpus.db"
    asked = {u for (u,) in rows(db, "SELECT url FROM fetches WHERE outcome = 'fetched'")}
    assert asked == {f"{base}/article/{x}" for x in ("s1", "s2", "f1", "f2")}
    assert rows(db, "SELECT count(*) FROM documents") == [(4,)]


def test_cli_fetch_then_make_ingest_keeps_urls(server: tuple[str, Site], tmp_path: Path, ingest) -> None:
    base, _ = server
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# articles\n{base}/article/a\n{base}/article/b\n", "utf-8")
    db = tmp_path / "db" / "corpus.db"
    result = ingest(
        "fetch", "--urls", str(url_file), "--db", str(db), "--delay", "0", "--raw-dir", "seeds/fetched"
    )
    assert "fetched 2, not modified 0, skipped by robots 0" in result.output and "new 2" in result.output
    again = ingest("run", "seeds", "--db", str(db))  # the raw folder is under seeds/: nothing new
    assert "new 0, unchanged 2" in again.output
    conn = sqlite3.connect(db)
    assert {u for (u,) in conn.execute("SELECT url FROM documents")} == {
        f"{base}/article/a",
        f"{base}/article/b",
    }
    shown = ingest("show", f"{base}/article/a", "--db", str(db))
    assert "Story a" in shown.output


def test_per_host_delay_and_connection_refused(server: tuple[str, Site], tmp_path: Path) -> None:
    base, _ = server
    polite = replace(FAST, fetch=replace(FAST.fetch, delay=0.4, retries=0))
    import socket

    with socket.socket() as s:  # a port on 127.0.0.1 nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/x"
    started = time.monotonic()
    summary = fetch(
        [f"{base}/article/a", f"{base}/article/b", f"{base}/article/c", closed],
        tmp_path / "raw",
        tmp_path / "c.db",
        polite,
    )
    assert summary.counts["fetched"] == 3 and summary.counts["error"] == 1
    assert time.monotonic() - started >= 3 * 0.4  # robots.txt + 3 pages, 0.4 s apart on one host
    errors = dict(rows(tmp_path / "c.db", "SELECT source, message FROM errors"))
    assert errors[closed].startswith("could not connect to")


def test_urls_that_cannot_be_requested_are_errors_and_the_run_goes_on(
    server: tuple[str, Site], tmp_path: Path
) -> None:
    base, _ = server
    bad = ["http://[::1", "http://xn--/", f"{base}/a\tb"]  # (no other host is contacted)
    summary = run_fetch([*bad, f"{base}/nowhere", f"{base}/busy", f"{base}/article/ok"], tmp_path)
    assert (summary.counts["fetched"], summary.counts["error"]) == (2, 4)
    errors = dict(rows(tmp_path / "corpus.db", "SELECT source, message FROM errors"))
    assert all("cannot be requested" in errors[u] and "check" in errors[u] for u in bad)
    assert errors[f"{base}/nowhere"].startswith("HTTP 302 without a place to go")
    docs = dict(rows(tmp_path / "corpus.db", "SELECT url, title FROM documents"))
    assert docs == {f"{base}/busy": "Busy", f"{base}/article/ok": "Story ok"}


def test_a_fetch_interrupted_before_ingesting_is_ingested_by_the_next(
    server: tuple[str, Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the page was fetched and archived but before it was ingested: the next fetch
    gets "304 Not Modified" and ingests the archived copy (it is not lost for good)."""
    from ingest import pipeline

    base, _ = server

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(pipeline, "_ingest", interrupted)
        with pytest.raises(KeyboardInterrupt):
            run_fetch([f"{base}/etag"], tmp_path)
    db = tmp_path / "corpus.db"
    assert rows(db, "SELECT count(*) FROM documents") == [(0,)]
    summary = run_fetch([f"{base}/etag"], tmp_path)
    assert (summary.counts["not-modified"], summary.counts["new"]) == (1, 1)
    assert rows(db, "SELECT url, title FROM documents") == [(f"{base}/etag", "Tagged")]


def test_a_url_list_saved_with_a_bom_and_comments(server: tuple[str, Site], tmp_path: Path, ingest) -> None:
    base, _ = server
    listing = tmp_path / "urls.txt"
    listing.write_text(f"\ufeff{base}/article/one\n  # a comment\n\n{base}/article/two\n", "utf-8")
    result = ingest("fetch", "--urls", str(listing), "--db", "c.db", "--raw-dir", "raw", "--delay", "0")
    assert "fetched 2," in result.output and "not http(s) 0," in result.output


def test_a_redirected_page_reextracted_from_its_stored_bytes_stays_one_document(
    server: tuple[str, Site], tmp_path: Path
) -> None:
    """The document is named by the URL asked for; re-extracting it from the database (the raw
    folder gone) must not name it by the URL the redirects ended at, making a second document."""
    from ingest.pipeline import run

    base, _ = server
    run_fetch([f"{base}/redirect/1"], tmp_path)
    db = tmp_path / "corpus.db"
    before = rows(db, "SELECT id, url FROM documents")
    assert [url for _, url in before] == [f"{base}/article/final"]
    shutil.rmtree(tmp_path / "raw")
    run([], db, FAST, reprocess=True)
    assert rows(db, "SELECT id, url FROM documents") == before
