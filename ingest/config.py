"""Configuration: small frozen dataclasses with defaults. ``str(config)`` is stored with each run.

Everything a stored result depends on lives here, so every row can be explained later:
``runs.config`` holds ``str(Config)``, and each signature row holds ``DedupConfig.key``
so that signatures made with other parameters are never compared (they are re-made instead).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ingest.normalize import NORMALIZER_VERSION

FINGERPRINT_VERSION = "f2"
"""How shingles are hashed; part of every signature key."""

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class ReadConfig:
    """Which files are inputs and how much of them is read."""

    max_bytes: int = 16 * 1024 * 1024
    """Inputs larger than this (after gunzip) are recorded as errors, not read."""


@dataclass(frozen=True)
class ExtractConfig:
    """Extraction limits."""

    max_lines: int = 50_000
    """Text dumps with more lines are cut to this many before stripping."""
    html_max_tree: int = 200_000
    """HTML pages with more elements than this are reduced by trafilatura before extraction."""
    timeout: float = 60.0
    """Seconds one page may take to extract and fingerprint; over it, the page is recorded as an error."""
    line_model: bool = True
    """Let the learned line models remove lines that the rules kept but they take for chrome, in
    text dumps and in trafilatura's output for HTML (the rules alone when False)."""


@dataclass(frozen=True)
class FetchConfig:
    """How ``ingest fetch`` treats servers."""

    user_agent: str = ""
    """Identifying User-Agent; empty means ``ingest/VERSION (+project URL)``."""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    """A download that takes longer than this is stopped."""
    retries: int = 2
    """Retries on connect errors, 429 and 5xx, with exponential backoff."""
    backoff: float = 1.0
    max_retry_after: float = 60.0
    """A Retry-After longer than this is not waited for: the URL is recorded as an error."""
    max_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 10
    concurrency: int = 8
    """Requests in flight at once, over all hosts."""
    per_host: int = 2
    """Requests in flight at once to one host."""
    delay: float = 1.0
    """Seconds between the starts of two requests to one host."""
    robots: bool = True


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate detection parameters (MinHash over word shingles of normalized text).

    A candidate pair (sharing at least one LSH band) is a duplicate when its exact word-shingle
    Jaccard reaches ``jaccard``, or when the shorter document is contained in the longer one
    at ``containment`` or more (truncated copies, updates) and has at least ``min_shingles``.
    """

    normalizer: str = NORMALIZER_VERSION
    shingle: int = 3
    num_perm: int = 128
    bands: int = 64
    """LSH bands × rows: 64 × 2 makes a pair with Jaccard 0.3 a candidate 99.8 % of the time
    (0.2: 93 %), so lightly edited copies are found; candidates are verified exactly."""
    rows: int = 2
    seed: int = 1
    hash: str = "xxh32"
    scheme: str = "affine32"
    jaccard: float = 0.5
    containment: float = 0.6
    min_shingles: int = 20

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands × rows ({self.bands}×{self.rows}) exceeds num_perm ({self.num_perm})")

    @property
    def key(self) -> str:
        """Every parameter, as stored with each signature: signatures and pairs made with another
        key are never compared; they are re-made from the stored text instead."""
        return (
            f"{FINGERPRINT_VERSION}/{self.normalizer}/k{self.shingle}/p{self.num_perm}/s{self.seed}/{self.hash}/{self.scheme}"
            f"/b{self.bands}r{self.rows}/j{self.jaccard}/c{self.containment}/m{self.min_shingles}"
        )


@dataclass(frozen=True)
class Config:
    """All settings of a run."""

    read: ReadConfig = field(default_factory=ReadConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    batch_size: int = 200
    """Documents written per transaction."""
    workers: int = 0
    """Processes extracting in parallel; 0 means one per CPU core."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)

    def with_dedup(self, **changes: Any) -> Config:
        return replace(self, dedup=replace(self.dedup, **changes))


DEFAULT_CONFIG = Config()
