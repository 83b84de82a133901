"""HTML pages → article text and metadata, with trafilatura as the engine. The only module that
imports trafilatura.

1. Parse once with lxml; read metadata from the tree (``pagemeta``).
2. Prune related and "read also" blocks by their *heading and shape*, in any language, not by
   class names: a heading the chrome vocabulary knows ("مقالات ذات صلة", "Related Stories",
   "À lire aussi"...) together with the block of links it introduces.
3. trafilatura (comments off, tables on) on the pruned tree.
4. The text-dump stripper's line rules on trafilatura's lines (``textdump.refine``): share and
   newsletter lines, inline teasers, comment sections and related lists it let through.
"""

from __future__ import annotations

import re
from configparser import ConfigParser
from functools import cache
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import use_config

from ingest import pagemeta, textdump, vocab
from ingest.document import Removed
from ingest.errors import CorruptInput, NothingExtracted
from ingest.normalize import fold

ENGINE = f"trafilatura {trafilatura.__version__}"

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HEADING_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "span",
    "p",
    "div",
    "header",
    "section",
    "li",
}
_BLOCK_TAGS = {"div", "section", "aside", "ul", "ol", "nav", "article", "figure", "table", "footer", "dl"}


@cache
def _settings(max_tree: int) -> ConfigParser:
    config = use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(max_tree)
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"  # signal-based timeouts break in worker threads
    return config


def parse(html: str) -> lxml_html.HtmlElement:
    """Parse HTML text; raises ``CorruptInput`` when there is no document in it."""
    try:
        tree = lxml_html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise CorruptInput(f"the HTML could not be parsed ({exc}): check the file is a web page") from exc
    if tree is None:
        raise CorruptInput("the HTML holds no document: check the file is a web page")
    return tree


def extract_html(html: str, *, url: str | None = None, max_tree: int = 200_000) -> dict[str, Any]:
    """``{"title", "text", "meta", "removed"}``. Raises ``NothingExtracted`` or ``CorruptInput``."""
    tree = parse(html)
    meta = pagemeta.extract(tree)
    removed = prune_related(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        with_metadata=False,
        include_tables=True,
        deduplicate=False,
        config=_settings(max_tree),
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        text = (trafilatura.baseline(parse(html))[1] or "").strip()
        meta["fallback"] = "trafilatura.baseline"
    if not text:
        raise NothingExtracted(
            "trafilatura found no article text in this HTML page (it may be a front page, a form, or "
            "rendered by JavaScript): check the page in a browser; save the article's own page"
        )
    refined = textdump.refine(text)
    title = meta.pop("title", None)
    return {
        "title": title,
        "text": "\n".join(refined.body),
        "meta": meta,
        "removed": removed + refined.removed,
    }


def prune_related(tree: lxml_html.HtmlElement) -> list[Removed]:
    """Remove related-article and "read also" blocks found by their heading; return what went."""
    removed: list[Removed] = []
    for el in list(tree.iter(*_HEADING_TAGS)):
        if el.getparent() is None or _in_removed(el):
            continue
        own = " ".join((el.text_content() or "").split())
        if not own or len(own) > 60:
            continue
        folded = fold(own)
        kind = vocab.classify(folded)
        if kind not in vocab.HEADING_KINDS:
            continue
        block = _block_of(el)
        if block is None:
            continue
        text = " ".join(block.text_content().split())
        removed.append(Removed(0, text[:500], f"{kind}-block"))
        block.drop_tree()
    return removed


def _in_removed(el: lxml_html.HtmlElement) -> bool:
    root = el.getroottree().getroot()
    node = el
    while node is not None and node is not root:
        node = node.getparent()
    return node is None


def _block_of(heading: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The smallest ancestor that holds the heading and the links it introduces, if that block is
    mostly links (a list of other articles), not running text."""
    node = heading
    for _ in range(5):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        node = parent
        if node.tag not in _BLOCK_TAGS:
            continue
        links = [a for a in node.iter("a") if len((a.text_content() or "").split()) >= 2]
        if not links:
            continue
        text = " ".join(node.text_content().split())
        link_text = sum(len(" ".join(a.text_content().split())) for a in links)
        heading_text = len(" ".join(heading.text_content().split()))
        if len(text) > 3000:
            return None
        if link_text >= 0.5 * max(len(text) - heading_text, 1):
            return node
        return None
    return None
