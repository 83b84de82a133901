"""Fetch pages by URL with httpx: polite, bounded, resumable. The only module that imports httpx.

- Only ``http`` and ``https``. robots.txt is honoured per host (RFC 9309: a robots.txt that
  answers 4xx allows everything, one that cannot be fetched or answers 5xx disallows for now).
- Per-host politeness: at most ``per_host`` requests at once to a host and ``delay`` seconds
  between the starts of two of them; an identifying User-Agent.
- Timeouts (connect, read, total), retries with exponential backoff on connect errors, 429 and
  5xx (``Retry-After`` honoured up to ``max_retry_after``), a maximum body size (reading stops),
  redirects followed and recorded, content types other than HTML and text skipped.
- Conditional GET (``If-None-Match`` / ``If-Modified-Since``) when an earlier fetch gave an ETag or
  Last-Modified; 304 means nothing changed.

``archive`` writes a fetched body under the raw folder, named by its SHA-256 and the URL's
(``ab/abcd…-0123….html``: one copy per URL and content), with a JSON sidecar holding the URL and
the fetch provenance; ``read.py`` picks both up.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from ingest import __version__
from ingest.config import FetchConfig

_UNREACHABLE = "could not connect to"
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "etag",
    "last-modified",
    "date",
    "server",
    "retry-after",
    "content-language",
    "location",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass
class Fetched:
    """The outcome of fetching one URL."""

    url: str
    outcome: str
    """``fetched``, ``not-modified``, ``skipped-robots``, ``skipped-type``, ``skipped-scheme`` or ``error``."""
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[dict[str, Any]] = field(default_factory=list)
    fetched_at: str = ""
    data: bytes = b""
    message: str = ""
    attempts: int = 0

    @property
    def kind(self) -> str:
        ctype = self.headers.get("content-type", "").lower()
        return "text" if ctype.startswith(TEXT_TYPES) else "html"

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None

    def provenance(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("data")
        out["sha256"] = hashlib.sha256(self.data).hexdigest() if self.data else None
        out["size"] = len(self.data)
        return out


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Fetcher:
    """Fetches URLs with one ``httpx.Client``; a transport can be injected (tests, proxies)."""

    def __init__(
        self, config: FetchConfig | None = None, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.config = config or FetchConfig()
        c = self.config
        self.user_agent = c.user_agent or f"ingest/{__version__} (+https://github.com/ingest-corpus/ingest)"
        self.client = httpx.Client(
            timeout=httpx.Timeout(c.read_timeout, connect=c.connect_timeout),
            follow_redirects=True,
            max_redirects=c.max_redirects,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            },
            transport=transport or httpx.HTTPTransport(retries=c.retries),
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._robot_locks: dict[str, threading.Lock] = {}
        self._hosts: dict[str, tuple[threading.Semaphore, threading.Lock, list[float]]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- many URLs ------------------------------------------------------------------------------

    def fetch_all(
        self, urls: Iterable[str], previous: Callable[[str], dict[str, Any] | None] = lambda u: None
    ) -> Iterator[Fetched]:
        """Fetch ``urls`` concurrently (results in input order). ``previous(url)`` gives the ETag and
        Last-Modified of an earlier fetch, for conditional requests."""
        todo = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=self.config.concurrency) as pool:
            yield from pool.map(lambda u: self.fetch(u, previous(u)), todo)

    # -- one URL --------------------------------------------------------------------------------

    def fetch(self, url: str, previous: dict[str, Any] | None = None) -> Fetched:
        """Fetch one URL. Never raises: whatever goes wrong is the result's ``message``."""
        try:
            return self._fetch(url, previous)
        except (
            httpx.InvalidURL,
            httpx.HTTPError,
            ValueError,
            UnicodeError,
        ) as exc:  # malformed: "http://[::1"
            return Fetched(
                url,
                "error",
                fetched_at=now(),
                message=f"the URL cannot be requested ({type(exc).__name__}: {exc}): check how it is written",
            )
        except Exception as exc:  # one URL never stops the others
            return Fetched(
                url,
                "error",
                fetched_at=now(),
                message=f"fetching failed ({type(exc).__name__}: {exc}); this is a bug in ingest: please "
                f"report it with this URL",
            )

    def _fetch(self, url: str, previous: dict[str, Any] | None) -> Fetched:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return Fetched(
                url,
                "skipped-scheme",
                fetched_at=now(),
                message=f"only http and https URLs are fetched, not {parts.scheme or 'this'}: check the URL",
            )
        allowed, why = self.allowed(url)
        if not allowed:
            outcome = "error" if why.startswith(_UNREACHABLE) else "skipped-robots"
            return Fetched(url, outcome, fetched_at=now(), message=why)
        headers = {}
        if previous:
            if previous.get("etag"):
                headers["If-None-Match"] = previous["etag"]
            if previous.get("last_modified"):
                headers["If-Modified-Since"] = previous["last_modified"]
        result = Fetched(url, "error")
        for attempt in range(self.config.retries + 1):
            result = self._attempt(url, headers)
            result.attempts = attempt + 1
            wait = self._retry_wait(result, attempt)
            if wait is None:
                break
            time.sleep(wait)
        return result

    def _retry_wait(self, result: Fetched, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the result is final."""
        if attempt >= self.config.retries:
            return None
        retriable = result.status in (429, 500, 502, 503, 504) or (
            result.status is None and result.outcome == "error" and "connect" in result.message
        )
        if not retriable:
            return None
        backoff = self.config.backoff * (2**attempt)
        retry_after = _retry_after(result.headers.get("retry-after"))
        if retry_after is not None:
            if retry_after > self.config.max_retry_after:
                result.message += (
                    f" (the server asked to retry after {retry_after:.0f} s: run fetch again later)"
                )
                return None
            backoff = max(backoff, retry_after)
        return backoff

    def _attempt(self, url: str, headers: dict[str, str]) -> Fetched:
        host = urlsplit(url).netloc.lower()
        started = now()
        with self._politely(host):
            t0 = time.monotonic()
            try:
                with self.client.stream("GET", url, headers=headers) as resp:
                    result = Fetched(
                        url,
                        "error",
                        final_url=str(resp.url),
                        status=resp.status_code,
                        fetched_at=started,
                        headers={k: v for k, v in resp.headers.items() if k.lower() in KEPT_HEADERS},
                        redirects=[
                            {
                                "status": r.status_code,
                                "url": str(r.url),
                                "location": r.headers.get("location"),
                            }
                            for r in resp.history
                        ],
                    )
                    return self._read(resp, result, t0)
            except httpx.TimeoutException as exc:
                return Fetched(
                    url,
                    "error",
                    fetched_at=started,
                    message=f"timed out ({type(exc).__name__}): the server is slow or unreachable; "
                    f"try again later or raise the timeouts",
                )
            except httpx.TooManyRedirects:
                return Fetched(
                    url,
                    "error",
                    fetched_at=started,
                    message=f"more than {self.config.max_redirects} redirects: the URL loops; check it in a browser",
                )
            except httpx.ConnectError as exc:
                return Fetched(
                    url,
                    "error",
                    fetched_at=started,
                    message=f"could not connect ({exc}): check the host name and your network",
                )
            except httpx.HTTPError as exc:
                return Fetched(
                    url,
                    "error",
                    fetched_at=started,
                    message=f"request failed ({type(exc).__name__}: {exc}): check the URL",
                )

    def _read(self, resp: httpx.Response, result: Fetched, t0: float) -> Fetched:
        c = self.config
        if resp.status_code == 304:
            result.outcome = "not-modified"
            return result
        if 300 <= resp.status_code < 400:  # (the redirects that could be followed were)
            result.message = (
                f"HTTP {resp.status_code} without a place to go (no usable Location header): "
                f"the server's redirect is broken; check the URL in a browser"
            )
            return result
        if resp.status_code >= 400 or resp.status_code < 200:
            reason = resp.reason_phrase or "error"
            hint = (
                "the page does not exist: check the URL"
                if resp.status_code in (404, 410)
                else (
                    "the server refused: check access rights"
                    if resp.status_code in (401, 403)
                    else "the server failed: try again later"
                )
            )
            result.message = f"HTTP {resp.status_code} {reason}: {hint}"
            return result
        ctype = resp.headers.get("content-type", "").lower()
        if ctype and not ctype.startswith(HTML_TYPES + TEXT_TYPES):
            result.outcome = "skipped-type"
            result.message = f"content type {ctype.split(';')[0]} is not HTML or text: not ingested"
            return result
        length = resp.headers.get("content-length")
        if length and length.isdigit() and int(length) > c.max_bytes:
            result.message = (
                f"the body is {int(length):,} bytes, over the {c.max_bytes:,}-byte limit: not read "
                f"(raise --max-bytes if this page is really an article)"
            )
            return result
        chunks, size = [], 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > c.max_bytes:
                result.message = (
                    f"the body is over the {c.max_bytes:,}-byte limit: reading stopped "
                    f"(raise --max-bytes if this page is really an article)"
                )
                return result
            if time.monotonic() - t0 > c.total_timeout:
                result.message = f"the download took over {c.total_timeout:.0f} s: stopped; try again later"
                return result
            chunks.append(chunk)
        result.data = b"".join(chunks)
        result.outcome = "fetched"
        return result

    # -- politeness -----------------------------------------------------------------------------

    def _host(self, host: str) -> tuple[threading.Semaphore, threading.Lock, list[float]]:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = (threading.Semaphore(self.config.per_host), threading.Lock(), [0.0])
            return self._hosts[host]

    def _politely(self, host: str) -> Any:
        semaphore, lock, last = self._host(host)
        delay = self.config.delay

        class _Slot:
            def __enter__(self_inner) -> None:
                semaphore.acquire()
                with lock:
                    wait = last[0] + delay - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    last[0] = time.monotonic()

            def __exit__(self_inner, *exc: object) -> None:
                semaphore.release()

        return _Slot()

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets us fetch ``url``, and why not."""
        if not self.config.robots:
            return True, ""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robot_locks.setdefault(base, threading.Lock())
        with lock:  # one fetch of robots.txt per host, however many threads ask at once
            rules = self._robots.get(base)
            if rules is None:
                rules = self._robots[base] = self._load_robots(base)
        if isinstance(rules, str):
            return False, rules
        if rules.can_fetch(self.user_agent, url):
            return True, ""
        return False, f"robots.txt of {base} disallows this URL for our user agent: not fetched"

    def _load_robots(self, base: str) -> urllib.robotparser.RobotFileParser | str:
        parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
        try:
            with self._politely(urlsplit(base).netloc.lower()):
                resp = self.client.get(base + "/robots.txt")
        except httpx.HTTPError as exc:
            return f"{_UNREACHABLE} {base} to read robots.txt ({type(exc).__name__}): check the host name and your network"
        if resp.status_code >= 500:
            return f"robots.txt of {base} answered HTTP {resp.status_code}: not fetching this host for now"
        if resp.status_code >= 400:
            parser.allow_all = True
            return parser
        parser.parse(resp.text.splitlines())
        return parser

    # -- sitemaps and feeds ---------------------------------------------------------------------

    def sitemap_urls(self, url: str, limit: int = 10_000) -> tuple[list[str], list[Fetched]]:
        """Page URLs listed in a sitemap (and the sitemaps it points to), parsed by trafilatura."""
        from trafilatura.sitemaps import SitemapObject

        parts = urlsplit(url)
        sitemap = SitemapObject(f"{parts.scheme}://{parts.netloc}", parts.netloc, [url])
        failures: list[Fetched] = []
        seen: set[str] = set()
        while sitemap.sitemap_urls and len(sitemap.urls) < limit and len(seen) < 100:
            current = sitemap.sitemap_urls.pop()
            if current in seen:
                continue
            seen.add(current)
            got = self._document(current)
            if got.outcome != "fetched":
                failures.append(got)
                continue
            sitemap.current_url, sitemap.content = current, got.data.decode("utf-8", "replace")
            sitemap.process()
        return list(dict.fromkeys(sitemap.urls))[:limit], failures

    def feed_urls(self, url: str) -> tuple[list[str], list[Fetched]]:
        """Article URLs of an RSS, Atom or JSON feed, parsed by trafilatura."""
        from trafilatura.feeds import FeedParameters, extract_links

        got = self._document(url)
        if got.outcome != "fetched":
            return [], [got]
        parts = urlsplit(url)
        params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.netloc, url)
        links = extract_links(got.data.decode("utf-8", "replace"), params)
        return [urljoin(url, link) for link in links], []

    def _document(self, url: str) -> Fetched:
        """Fetch a sitemap or feed (any content type)."""
        allowed, why = self.allowed(url)
        if not allowed:
            return Fetched(url, "skipped-robots", fetched_at=now(), message=why)
        try:
            resp = self.client.get(url)
        except httpx.HTTPError as exc:
            return Fetched(
                url,
                "error",
                fetched_at=now(),
                message=f"could not fetch ({type(exc).__name__}): check the URL",
            )
        if resp.status_code >= 400:
            return Fetched(
                url,
                "error",
                status=resp.status_code,
                fetched_at=now(),
                message=f"HTTP {resp.status_code}: check the sitemap or feed URL",
            )
        return Fetched(
            url,
            "fetched",
            final_url=str(resp.url),
            status=resp.status_code,
            fetched_at=now(),
            data=resp.content[: self.config.max_bytes],
        )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" or no zone: HTTP dates are in GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def archive(result: Fetched, raw_dir: Path) -> Path:
    """Write a fetched body under ``raw_dir`` with its JSON sidecar; return the path.

    The file name is the body's SHA-256 and the first 16 hex digits of the URL's (hashes only, so
    it cannot leave ``raw_dir``): the same bytes fetched again from the URL are one file, the same
    bytes served under two URLs are two, each with its own sidecar and document.
    """
    sha = hashlib.sha256(result.data).hexdigest()
    url = hashlib.sha256(result.url.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    suffix = ".txt" if result.kind == "text" else ".html"
    path = raw_dir / sha[:2] / f"{sha}-{url}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(result.data)
        tmp.replace(path)
    side = {
        "url": result.url,
        "final_url": result.final_url,
        "fetched_at": result.fetched_at,
        "encoding": result.charset,
        "http": {"status": result.status, "headers": result.headers, "redirects": result.redirects},
    }
    path.with_name(path.name + ".json").write_text(json.dumps(side, indent=1, ensure_ascii=False), "utf-8")
    return path
