"""Datasette plugin shipped with the corpus (loaded by `make serve` with --plugins-dir db/plugins).

- Folds full-text search queries like the index (``ingest.normalize.fold``): a search for "إقرأ"
  finds "اقرأ" and "اقرا", "مدرسة" finds "مدرسه", diacritics and tatweel are ignored.
- Registers ``ingest_fold(text)`` so stored queries can fold their parameters too.
- Shows long and Arabic texts right-to-left when they are (``dir="auto"``), with their paragraphs.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from ingest.normalize import fold

_SEARCH_PARAMS = ("_search", "q")


@hookimpl
def prepare_connection(conn):  # type: ignore[no-untyped-def]
    conn.create_function("ingest_fold", 1, lambda v: fold(v) if isinstance(v, str) else v, deterministic=True)


@hookimpl
def asgi_wrapper(datasette):  # type: ignore[no-untyped-def]
    def wrap(app):  # type: ignore[no-untyped-def]
        async def folded(scope, receive, send):  # type: ignore[no-untyped-def]
            if scope.get("type") == "http" and scope.get("query_string"):
                pairs = parse_qsl(scope["query_string"].decode("utf-8", "replace"), keep_blank_values=True)
                if any(k in _SEARCH_PARAMS or k.startswith("_search_") for k, _ in pairs):
                    pairs = [
                        (k, fold(v) if (k in _SEARCH_PARAMS or k.startswith("_search_")) else v)
                        for k, v in pairs
                    ]
                    scope = dict(scope, query_string=urlencode(pairs).encode("utf-8"))
            await app(scope, receive, send)

        return folded

    return wrap


_ARABIC = re.compile(r"[\u0600-\u06ff]")


@hookimpl
def render_cell(value, column, table, database, datasette):  # type: ignore[no-untyped-def]
    """Long texts and Arabic texts: right-to-left when their first strong letter says so (dir=auto),
    paragraphs kept, a readable line length."""
    if not isinstance(value, str):
        return None
    if column == "sha256" and len(value) == 64:
        return Markup(f'<span title="{escape(value)}">{escape(value[:12])}…</span>')
    if not (len(value) > 120 or _ARABIC.search(value)):
        return None
    preview = column == "text" and table in ("documents", "unique_documents") and len(value) > _PREVIEW
    shown = value[:_PREVIEW].rsplit(" ", 1)[0] + " …" if preview else value
    width = "min-width: 16em; " if column == "title" else ""
    return Markup(
        f'<div dir="auto" style="{width}white-space: pre-wrap; max-width: 48em; line-height: 1.7; '
        f'unicode-bidi: plaintext">{escape(shown)}</div>'
    )


_PREVIEW = 400
