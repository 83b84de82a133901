"""The one type that flows through the pipeline: a ``RawPage`` read from disk or the web
becomes a ``Document``; every later stage only adds to it.

    read      → RawPage(source, data, sha256, url, fetched_at, ...)
    extract   → Document.title / lines / meta / removed / extractor
    fingerprint → Document.shingles / signature / text_hash
    dedup     → Document.duplicate_of / similarity / matches
    (worker)  → Document.raw_zlib (the raw bytes compressed for storage)
    store     → rows in SQLite
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ingest.errors import IngestError


def document_id(source: str, url: str | None = None) -> str:
    """Stable id of the document behind a source: the URL when there is one, else the path.

    A changed file (same path, new bytes) keeps its id; its earlier versions stay in
    ``document_versions``. 16 hex digits of SHA-256.
    """
    key = f"url:{url}" if url else f"path:{source}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class RawPage:
    """Raw bytes of one input and where they came from."""

    source: str
    """The input's path (POSIX, relative to the working directory when inside it)."""
    data: bytes
    kind: str
    """``"text"`` for plain-text dumps, ``"html"`` for HTML."""
    sha256: str
    size: int
    mtime: float | None = None
    file_size: int | None = None
    """Size of the file on disk (compressed, for .gz), for the unchanged-file check."""
    url: str | None = None
    fetched_at: str | None = None
    """When the bytes were read from disk or fetched (ISO 8601, UTC)."""
    http: dict[str, Any] | None = None
    """For fetched pages: status, final URL, selected headers."""
    encoding: str | None = None
    """Charset from the HTTP header, when known."""
    stored: bool = False
    """The bytes were read back from ``raw_pages`` (re-extraction): they need not be stored again."""


@dataclass(slots=True)
class Removed:
    """A line the extractor removed, and why."""

    line: int
    """1-based line number in the decoded input (text dumps) or in trafilatura's output (HTML)."""
    text: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Match:
    """A verified near-duplicate pair: this document and an earlier one."""

    other_id: str
    jaccard: float
    containment: float
    method: str
    """``same-bytes``, ``same-text`` or ``minhash``."""


@dataclass(slots=True)
class Document:
    """A raw page and everything the stages learned about it."""

    raw: RawPage
    id: str = ""
    status: str = "new"
    """``new``, ``changed`` or ``reprocessed`` (relative to what the database held)."""
    # extract
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    extractor: str = ""
    # fingerprint
    text_hash: str = ""
    signature: bytes = b""
    signature_key: str = ""
    bands: list[int] = field(default_factory=list)
    n_shingles: int = 0
    shingles: Any = None
    """Sorted distinct shingle hashes (numpy uint32), for verifying candidate pairs exactly."""
    # dedup
    matches: list[Match] = field(default_factory=list)
    # store
    raw_zlib: bytes | None = None
    """The raw bytes zlib-compressed for ``raw_pages``, made in the worker process so the single
    writer does not spend its time on it (``None``: the store compresses them)."""
    # failure: set by any stage; later stages pass the document on untouched
    error: IngestError | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    """Time its stages took (extraction runs in worker processes)."""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.raw.source, self.raw.url)

    @property
    def text(self) -> str:
        """The clean body, one paragraph per line."""
        return "\n".join(self.lines)

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_json(self) -> dict[str, Any]:
        """The ``ingest extract --format json|jsonl`` shape."""
        return {
            "path": self.raw.source,
            "url": self.raw.url,
            "kind": self.raw.kind,
            "title": self.title,
            "text": self.text,
            "meta": self.meta,
            "removed": [r.as_dict() for r in self.removed],
            "extractor": self.extractor,
        }
