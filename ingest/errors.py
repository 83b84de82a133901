"""Errors, one small hierarchy. Every message says what went wrong and what to do.

    IngestError                      base class; ``source`` names the file or URL at fault
    ├── InputError                   one input could not become a document; recorded in ``errors``
    │   ├── EmptyInput               zero bytes, or nothing but whitespace
    │   ├── BinaryInput              bytes that are not text (images, archives, executables)
    │   ├── DecodeFailed             text whose encoding could not be determined
    │   ├── TooLarge                 over the configured size limit
    │   ├── CorruptInput             e.g. a truncated gzip file
    │   ├── NothingExtracted         the extractor found no article text
    │   └── ExtractTimeout           extraction took longer than the per-page limit
    ├── FetchError                   a URL could not be fetched (network, status, robots, type)
    └── StoreError                   the database cannot be used; the run stops before writing
        ├── NotADatabase             the --db file is not SQLite, or is corrupted
        ├── SchemaTooNew             the database was written by a newer ingest
        └── DatabaseBusy             another ingest run holds the database

Per-input errors (``InputError``, ``FetchError``) never stop a run: the pipeline stores
them in the ``errors`` table and goes on. ``StoreError`` stops the run with a clear
message and changes nothing.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class. ``source`` is the path or URL the error is about, when there is one."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return self.message


class InputError(IngestError):
    """One input could not become a document."""


class EmptyInput(InputError):
    """The input has no content."""


class BinaryInput(InputError):
    """The input is binary data, not text or HTML."""


class DecodeFailed(InputError):
    """The input's character encoding could not be determined."""


class TooLarge(InputError):
    """The input is over the configured size limit."""


class CorruptInput(InputError):
    """The input is damaged (e.g. a truncated gzip stream)."""


class NothingExtracted(InputError):
    """The extractor found no article text in the input."""


class ExtractTimeout(InputError):
    """Extracting the page took longer than ``ExtractConfig.timeout``."""


class FetchError(IngestError):
    """A URL could not be fetched."""


class StoreError(IngestError):
    """The database cannot be used."""


class NotADatabase(StoreError):
    """The database file is not an SQLite database."""


class SchemaTooNew(StoreError):
    """The database schema is newer than this version of ingest understands."""


class DatabaseBusy(StoreError):
    """Another process is writing to the database."""
