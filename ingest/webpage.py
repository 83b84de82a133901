"""HTML pages → article text and metadata, with trafilatura as the engine.

trafilatura runs with comments off and metadata on. This is the only module that imports it.
"""

from __future__ import annotations

from configparser import ConfigParser
from functools import cache
from typing import Any

import trafilatura
from trafilatura.settings import use_config

from ingest.errors import NothingExtracted

ENGINE = f"trafilatura {trafilatura.__version__}"


@cache
def _settings(max_tree: int) -> ConfigParser:
    config = use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(max_tree)
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"  # signal-based timeouts break in worker threads
    return config


def extract_html(html: str, *, url: str | None = None, max_tree: int = 200_000) -> dict[str, Any]:
    """Run trafilatura; return ``{"title", "text", "meta"}``. Raises ``NothingExtracted``."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        with_metadata=True,
        include_tables=True,
        deduplicate=False,
        config=_settings(max_tree),
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        text = (trafilatura.baseline(html)[1] or "").strip()
    if not text:
        raise NothingExtracted(
            "trafilatura found no article text in this HTML page (it may be a front page, a form, or "
            "rendered by JavaScript): check the page in a browser; save the article's own page"
        )
    meta: dict[str, Any] = {}
    if result is not None:
        fields = {
            "author": result.author,
            "published": result.date,
            "site": result.sitename,
            "url": result.url,
            "description": result.description,
            "lang": getattr(result, "language", None),
        }
        meta = {k: v for k, v in fields.items() if v}
        if result.categories:
            meta["section"] = result.categories[0]
        if result.tags:
            meta["tags"] = list(result.tags)
    return {
        "title": getattr(result, "title", None) if result is not None else None,
        "text": text,
        "meta": meta,
    }
