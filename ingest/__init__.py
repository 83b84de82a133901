"""ingest: strip boilerplate from raw news pages and store them, near-duplicates marked, in SQLite.

The public API is small::

    from ingest import run_pipeline, extract_file, Document
    summary = run_pipeline(["seeds"], "db/corpus.db")

Read `pipeline.py` first: every other module is one stage of it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ingest.document import Document, RawPage, Removed
from ingest.errors import IngestError


def run_pipeline(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Run the whole pipeline; see :func:`ingest.pipeline.run`."""
    from ingest.pipeline import run

    return run(*args, **kwargs)


def extract_file(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Extract one file without storing it; see :func:`ingest.extract.extract_path`."""
    from ingest.extract import extract_path

    return extract_path(*args, **kwargs)


__all__ = ["Document", "IngestError", "RawPage", "Removed", "__version__", "extract_file", "run_pipeline"]
