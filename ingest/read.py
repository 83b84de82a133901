"""Inputs → ``RawPage``: local files and folders (recursive), gzip-compressed or not.

``.txt`` files are text dumps, ``.html``/``.htm`` files are HTML, and ``X.gz`` is X compressed.
A JSON sidecar ``X.json`` next to a file (written by ``ingest fetch``) carries its URL and
fetch provenance, so fetched pages keep their URL when reprocessed from the raw folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingest.config import HTML_SUFFIXES, TEXT_SUFFIXES, ReadConfig
from ingest.document import RawPage
from ingest.errors import CorruptInput, InputError, TooLarge


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def kind_of(path: Path | str) -> str | None:
    """``"text"``, ``"html"`` or ``None`` (not an input) from the file name."""
    name = os.path.basename(str(path)).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


def source_name(path: Path) -> str:
    """How a path is recorded: relative to the working directory when inside it, else absolute."""
    return storable(_relative(str(path.resolve()), str(Path.cwd().resolve())))


def storable(name: str) -> str:
    """A file name as text that can be stored and printed: bytes of a name that are not UTF-8 (a
    file named in another system's encoding) written ``\\xe9``, the rest as it is."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _relative(resolved: str, cwd: str) -> str:
    if resolved == cwd:
        return "."
    if resolved.startswith(cwd.rstrip("/") + "/"):
        return resolved[len(cwd.rstrip("/")) + 1 :]
    return resolved


@dataclass(slots=True, frozen=True)
class Candidate:
    """A file found on disk, before it is read."""

    path: str
    source: str
    kind: str
    size: int
    mtime: float


def discover(paths: Iterable[str | Path]) -> Iterator[Candidate]:
    """Every input file under ``paths`` (files as given, folders recursively in sorted order; hidden
    files and folders inside them skipped). Paths are resolved once per argument, not per file."""
    seen: set[str] = set()
    cwd = str(Path.cwd().resolve())
    for arg in paths:
        root = Path(arg)
        if root.is_file():
            entries: Iterable[tuple[str, os.stat_result]] = [(str(root.resolve()), root.stat())]
        else:
            entries = _walk(str(root.resolve()))
        for resolved, st in entries:
            kind = kind_of(resolved)
            if kind is None:
                continue
            source = storable(_relative(resolved, cwd))
            if source in seen:
                continue
            seen.add(source)
            yield Candidate(resolved, source, kind, st.st_size, st.st_mtime)


def _walk(top: str) -> Iterator[tuple[str, os.stat_result]]:
    """Files under ``top`` with their stat, sorted, skipping names that start with a dot."""
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.is_file():
            yield entry.path, entry.stat()


def sidecar(path: Path) -> dict:
    """The JSON sidecar of a fetched page, or ``{}``."""
    side = path.with_name(path.name + ".json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load(cand: Candidate, config: ReadConfig) -> RawPage:
    """Read one candidate into a ``RawPage``. Raises ``InputError`` subclasses."""
    if cand.size > config.max_bytes:
        raise TooLarge(_too_large(cand.size, config.max_bytes), cand.source)
    try:
        data = Path(cand.path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror}): check its permissions", cand.source
        ) from exc
    if cand.path.lower().endswith(".gz"):
        data = gunzip(data, config.max_bytes, cand.source)
    side = sidecar(Path(cand.path))
    return RawPage(
        source=cand.source,
        data=data,
        kind=cand.kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        mtime=cand.mtime,
        file_size=cand.size,
        url=side.get("url"),
        fetched_at=side.get("fetched_at") or now_iso(),
        http={**side.get("http", {}), "final_url": side.get("final_url")} if side else None,
        encoding=side.get("encoding"),
    )


def gunzip(data: bytes, limit: int, source: str) -> bytes:
    """Decompress gzip data, refusing truncated streams and outputs over ``limit`` bytes."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise CorruptInput(
            f"not valid gzip data ({exc}): re-download or re-compress the file", source
        ) from exc
    if len(out) > limit:
        raise TooLarge(_too_large(len(out), limit, "decompressed "), source)
    if not d.eof:
        raise CorruptInput("the gzip file is truncated: re-download or re-compress it", source)
    return out


def _too_large(size: int, limit: int, what: str = "") -> str:
    return (
        f"the {what}file is {size:,} bytes, over the {limit:,}-byte limit: "
        f"raise it with --max-bytes if this page is really an article"
    )


@dataclass(slots=True, frozen=True)
class Failed:
    """An input that could not be read."""

    candidate: Candidate
    error: InputError


@dataclass(slots=True, frozen=True)
class Touched:
    """An input whose bytes are unchanged but whose mtime moved: only its record is updated."""

    candidate: Candidate


def scan(
    paths: Iterable[str | Path],
    known: dict[str, dict],
    extractors: dict[str, str],
    config: ReadConfig,
    counts: dict[str, int],
) -> Iterator[RawPage | Failed | Touched]:
    """New and changed inputs under ``paths``; unchanged ones are only counted.

    A file is unchanged when its size and mtime match what the database recorded (then it is not
    even read), or when its bytes hash the same; either way only if the extractor is current.
    """
    for cand in discover(paths):
        k = known.get(cand.source)
        current = k is not None and k["extractor"] == extractors[cand.kind]
        if current and k["size"] == cand.size and k["mtime"] == cand.mtime:
            counts["unchanged"] += 1
            continue
        try:
            page = load(cand, config)
        except InputError as exc:
            exc.source = exc.source or cand.source
            yield Failed(cand, exc)
            continue
        if current and k["sha256"] == page.sha256:
            counts["unchanged"] += 1
            yield Touched(cand)
            continue
        yield page


def from_stored(row: dict) -> RawPage:
    """A ``RawPage`` rebuilt from the ``raw_pages`` table (reprocessing without the original file)."""
    data: bytes = row["data"]
    return RawPage(
        source=row["source"],
        data=data,
        kind=row["kind"],
        sha256=row["sha256"],
        size=len(data),
        url=row["url"],
        fetched_at=row["fetched_at"],
        http={"final_url": row["final_url"]} if row.get("final_url") not in (None, row["url"]) else None,
        stored=True,
    )
