"""``RawPage`` → ``Document``: decode the bytes, then strip the page with the extractor for its kind
(``textdump`` for plain-text dumps, ``webpage`` for HTML). Nothing here raises: a failure is
recorded on the document (``doc.error``) and the pipeline stores it in ``errors``.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from functools import cache
from importlib import metadata
from pathlib import Path

from ingest import __version__, encoding, language, linemodel, textdump
from ingest.config import ExtractConfig, ReadConfig
from ingest.document import Document, RawPage
from ingest.errors import IngestError, InputError, NothingExtracted
from ingest.read import Candidate, kind_of, load, source_name

TEXT_EXTRACTOR = f"ingest.textdump {__version__}.{textdump.REVISION}"
"""The text-dump extractor's name without the line model (``ExtractConfig.line_model`` off)."""
HTML_REVISION = "9"
"""Bumped whenever ``webpage`` changes what it extracts (stored HTML pages are then re-extracted);
kept here so that naming the extractor does not import trafilatura."""


@cache
def html_extractor(line_model: bool = True) -> str:
    """HTML pages go through the rules of both kinds, and both line models (the text-dump
    stripper gives a second opinion over the page's blocks): every part is named."""
    name = f"trafilatura {metadata.version('trafilatura')} + ingest {__version__}.{textdump.REVISION}.{HTML_REVISION}"
    models = (
        [m.name for m in (linemodel.load("html"), linemodel.load("text")) if m is not None]
        if line_model
        else []
    )
    return " + ".join([name, *models])


@cache
def text_extractor(line_model: bool = True) -> str:
    model = linemodel.load("text") if line_model else None
    return f"{TEXT_EXTRACTOR} + {model.name}" if model is not None else TEXT_EXTRACTOR


def extractor_for(kind: str, config: ExtractConfig | None = None) -> str:
    """The name + version string recorded in ``documents.extractor`` for pages of ``kind``
    (a page stored by another extractor is extracted again from its raw bytes)."""
    line_model = (config or ExtractConfig()).line_model
    return text_extractor(line_model) if kind == "text" else html_extractor(line_model)


def preload(kind: str) -> None:
    """Import the extractor for pages of ``kind`` now (before worker processes are forked, so
    they inherit it rather than each importing trafilatura on its first page). A broken install
    raises nothing here: ``extract`` records it on each page that needs the module."""
    if kind == "html":
        with suppress(ImportError):
            import ingest.webpage  # noqa: F401


def extract(page: RawPage, config: ExtractConfig | None = None) -> Document:
    """Extract one page. The returned document has ``error`` set when extraction failed."""
    config = config or ExtractConfig()
    doc = Document(raw=page)
    try:
        if page.kind == "html":
            _extract_html(doc, config)
        else:
            _extract_text(doc, config)
        if not doc.lines:
            raise NothingExtracted(
                "no article text was found: the page holds only navigation or chrome; "
                "check it is an article page (see `ingest extract` for what was removed)"
            )
    except IngestError as exc:
        exc.source = exc.source or page.source
        doc.error = exc
    except ImportError as exc:  # the environment, not the page: say how to repair it
        doc.error = InputError(
            f"a module the extractor needs is missing ({exc}); reinstall ingest's dependencies "
            f"(`make ingest` in its clone, or `pip install -e .` there), then run again",
            page.source,
        )
    except Exception as exc:  # a bug in an extractor must not stop a run
        doc.error = InputError(
            f"the extractor failed ({type(exc).__name__}: {exc}); this is a bug in ingest: "
            f"please report it with this file",
            page.source,
        )
    return doc


def _extract_text(doc: Document, config: ExtractConfig) -> None:
    text, enc = encoding.decode(doc.raw.data, declared=doc.raw.encoding)
    text, repaired = encoding.repair(text)
    result = textdump.strip(text, max_lines=config.max_lines, model=config.line_model)
    doc.title, doc.lines, doc.removed = result.title, result.body, result.removed
    doc.meta = {**result.meta, "encoding": enc}
    if repaired:
        doc.meta["mojibake_repaired"] = True
    lang = language.detect("\n".join(result.body))
    if lang:
        doc.meta["lang"] = lang
    doc.extractor = text_extractor(config.line_model)


def _extract_html(doc: Document, config: ExtractConfig) -> None:
    from ingest.webpage import extract_html

    html, enc = encoding.decode(doc.raw.data, html=True, declared=doc.raw.encoding)
    result = extract_html(html, url=doc.raw.url, max_tree=config.html_max_tree, model=config.line_model)
    doc.title = result["title"]
    doc.lines = [ln.strip() for ln in result["text"].split("\n") if ln.strip()]
    doc.removed = result["removed"]
    doc.meta = {**result["meta"], "encoding": enc}
    if "lang" not in doc.meta:
        lang = language.detect(doc.text)
        if lang:
            doc.meta["lang"] = lang
    doc.extractor = html_extractor(config.line_model)


def extract_path(
    path: str | Path, config: ExtractConfig | None = None, read: ReadConfig | None = None
) -> Document:
    """Read and extract one file, storing nothing (``ingest extract``)."""
    p = Path(path)
    kind = kind_of(p) or "text"
    source = source_name(p)
    try:
        st = p.stat()
        page = load(Candidate(str(p), source, kind, st.st_size, st.st_mtime), read or ReadConfig())
    except IngestError as exc:
        empty = RawPage(source, b"", kind, hashlib.sha256(b"").hexdigest(), 0)
        doc = Document(raw=empty)
        exc.source = exc.source or source
        doc.error = exc
        return doc
    except OSError as exc:
        empty = RawPage(source, b"", kind, hashlib.sha256(b"").hexdigest(), 0)
        doc = Document(raw=empty)
        doc.error = InputError(f"cannot read the file ({exc.strerror}): check the path", source)
        return doc
    return extract(page, config)
