"""HTML pages → article text and metadata, with trafilatura as the engine. The only module that
imports trafilatura.

1. Parse once with lxml; read metadata from the tree (``pagemeta``).
2. Prune related and "read also" blocks by their *heading and shape*, in any language, not by
   class names: a heading the chrome vocabulary knows ("مقالات ذات صلة", "Related Stories",
   "À lire aussi"...) together with the block of links it introduces.
3. trafilatura (comments off, tables on, favouring precision) on the pruned tree.
4. The text-dump stripper's line rules on trafilatura's lines (``textdump.refine``): share and
   newsletter lines, inline teasers, comment sections and related lists it let through; then the
   HTML line model (``linemodel``) on the lines the rules kept. When trafilatura kept much less
   than the page's running text, the text-dump stripper over the page's blocks may replace it.

A change to what this module extracts bumps ``extract.HTML_REVISION``: stored pages are then
extracted again from their raw bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from configparser import ConfigParser
from dataclasses import dataclass
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

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_EARLY_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_BLOCK_TAGS = {"div", "section", "aside", "ul", "ol", "nav", "article", "figure", "table", "footer", "dl"}


@cache
def _settings(max_tree: int) -> ConfigParser:
    config = use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(max_tree)
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"  # signal-based timeouts break in worker threads
    return config


# lxml.html's own parser picks each element's class in Python (form elements get their own), a
# call every time any code touches an element; this one picks HtmlElement in C for all of them.
# It reads UTF-8 bytes (``parse`` encodes the decoded text): libxml2 parses those ~20 % faster than
# a Python string, which lxml hands over in its internal encoding for libxml2 to convert.
_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, encoding="utf-8"
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)


def parse(html: str) -> lxml_html.HtmlElement:
    """Parse HTML text; raises ``CorruptInput`` when there is no document in it.

    A page that closes ``</body>`` or ``</html>`` early (a template's header does, then the
    article follows) is read as a browser reads it: what follows still belongs to the body
    (libxml2 drops it)."""
    end = _EARLY_END.search(html)
    if end is not None and _EARLY_END.sub("", html[end.end() :]).strip():  # (mostly: nothing after)
        html = _EARLY_END.sub("", html)
    try:
        data = _XML_DECLARATION.sub("", html, count=1).encode("utf-8", "replace")
        tree = lxml_html.fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptInput(f"the HTML could not be parsed ({exc}): check the file is a web page") from exc
    if tree is None:
        raise CorruptInput("the HTML holds no document: check the file is a web page")
    return tree


def extract_html(
    html: str, *, url: str | None = None, max_tree: int = 200_000, model: bool = True
) -> dict[str, Any]:
    """``{"title", "text", "meta", "removed"}``. Raises ``NothingExtracted`` or ``CorruptInput``.
    ``model``: let the HTML line model review the lines the rules kept (``textdump.refine``)."""
    page = article(html, url=url, max_tree=max_tree)
    refined = textdump.refine(page.text, model=model)
    second = _second_opinion(page, refined.body, model)
    if second is not None:
        refined = second
        page.meta["extracted_by"] = "ingest.textdump over the page's blocks (trafilatura kept too little)"
    elif not page.text:
        text = _baseline(html)
        if not text:
            raise NothingExtracted(
                "trafilatura found no article text in this HTML page (it may be a front page, a form, or "
                "rendered by JavaScript): check the page in a browser; save the article's own page"
            )
        refined = textdump.refine(text, model=model)
        page.meta["fallback"] = "trafilatura.baseline"
    for key, value in _visible_meta(page, refined).items():
        page.meta.setdefault(key, value)
    title = page.meta.pop("title", None)
    return {
        "title": title,
        "text": "\n".join(refined.body),
        "meta": page.meta,
        "removed": page.removed + refined.removed,
    }


def _visible_meta(page: Article, refined: textdump.Stripped) -> dict[str, Any]:
    """Author and date as the reader sees them (for pages whose tags name none): a byline or
    dateline among trafilatura's lines, else the nearest ones around the article's first line (a
    byline under the post for the author)."""
    found = _author_and_date(refined.removed)
    if all(k in page.meta or k in found for k in _AUTHOR_AND_DATE):
        return found
    first = _key(refined.body[0]) if refined.body else None
    at = next((i for i, b in enumerate(page.blocks) if b.key == first), None)
    if at is None:
        return found
    last = _key(refined.body[-1])
    end = next((i for i in range(len(page.blocks) - 1, at - 1, -1) if page.blocks[i].key == last), at)
    around = range(max(0, at - VISIBLE_META_BLOCKS), min(at + 3, end))  # (the first line may be the headline)
    near = [page.blocks[i] for i in sorted(around, key=lambda i: abs(i - at)) if i != at]
    below = page.blocks[end + 1 : end + 1 + VISIBLE_META_BLOCKS]  # "Posted by X at 11:20" under a post
    seen = []
    for blocks, kinds in ((near, ("byline", "dateline")), (below, ("byline",))):
        for b in blocks:
            kind = textdump.line_signals(b.text)[3] if b.words <= VISIBLE_META_WORDS else None
            if kind in kinds:
                seen.append(Removed(0, b.text, kind))
    return {**_author_and_date(seen), **found}


_AUTHOR_AND_DATE = ("author", "published")


def _author_and_date(removed: list[Removed]) -> dict[str, Any]:
    return {k: v for k, v in textdump.meta_of(removed).items() if k in _AUTHOR_AND_DATE}


VISIBLE_META_BLOCKS = 12
VISIBLE_META_WORDS = 20


@dataclass
class Article:
    """What steps 1 to 3 make of a page: trafilatura's text (structure restored), the page's
    blocks and the words of its running text (``_prose_words``), its metadata, what was pruned,
    and whether trafilatura kept too little of the running text (``_too_little``)."""

    text: str
    blocks: list[Block]
    prose_words: int
    meta: dict[str, Any]
    removed: list[Removed]
    thin: bool = False


def article(html: str, *, url: str | None = None, max_tree: int = 200_000) -> Article:
    """Steps 1 to 3 of the module docstring. Raises ``CorruptInput``. The text may be empty: then,
    as when it is ``thin``, ``extract_html`` looks for the article among the page's blocks."""
    tree = parse(html)
    meta = pagemeta.extract(tree)
    removed = prune_related(tree)
    removed += prune_cards(tree)
    unwrap_layout_tables(tree)
    blocks = dom_blocks(tree)
    prose_words = _prose_words(blocks)
    text = _trafilatura(tree, url, max_tree)
    thin = _too_little(text, prose_words)
    text = "\n".join(restore_structure(text.split("\n"), blocks)) if text else ""
    return Article(text, blocks, prose_words, meta, removed, thin)


def _trafilatura(tree: lxml_html.HtmlElement, url: str | None, max_tree: int) -> str:
    """trafilatura's text of ``tree`` (which it copies: the tree is left as it was), in fast mode:
    without its fallbacks (readability, jusText), which take ~4× as long and on the pages fast
    mode keeps too little of do worse than the text-dump stripper over the page's blocks.
    ``favor_precision``: its stricter link-density tests and the pruning of trailing headings
    and link-heavy blocks let less chrome through; it keeps too little of more pages (84 of the
    711 WCXB pages against 48), which the text-dump stripper then decides. Whole pipeline, line
    model cross-validated on the WCXB tuning pages: word F1 0.952 against 0.950, leak 0.018
    against 0.023."""
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        with_metadata=False,
        include_tables=True,
        fast=True,
        favor_precision=True,
        deduplicate=False,
        config=_settings(max_tree),
    )
    return (getattr(result, "text", None) or "").strip() if result is not None else ""


def _baseline(html: str) -> str:
    """trafilatura's last resort (every paragraph-like element's text), for pages where neither
    trafilatura nor the text-dump stripper finds an article."""
    return (trafilatura.baseline(parse(html))[1] or "").strip()


def _too_little(text: str, prose_words: int) -> bool:
    """Less than a third of the page's prose, or under 150 words: trafilatura may have kept a
    fragment (a caption, one section), so the text-dump stripper over the blocks is asked too."""
    words = len(text.split())
    return words < RETRY_WORDS or words * RETRY_RATIO < prose_words


def _prose_words(blocks: list[Block]) -> int:
    """Words in the page's blocks of 8 words or more (its running text, not menus and labels)."""
    return sum(b.words for b in blocks if b.words >= 8)


RETRY_WORDS = 150
RETRY_RATIO = 3.0


# Short text nodes: headings are at most 60 characters once spaces are collapsed; XPath collapses
# only ASCII whitespace, so its bound is looser (a superset, filtered again below).
_SHORT_TEXT = etree.XPath(
    "//body//text()[string-length(normalize-space()) > 1][string-length(normalize-space()) <= 120]"
)


def prune_related(tree: lxml_html.HtmlElement) -> list[Removed]:
    """Remove related-article and "read also" blocks found by their heading; return what went.

    Headings are found through the page's short text nodes (one dictionary lookup each)."""
    removed: list[Removed] = []
    root = _top(tree)
    for node in _SHORT_TEXT(tree):
        kind = vocab.heading_kind(node)
        if kind is None or len(" ".join(node.split())) > 60:
            continue
        el = node.getparent()
        if el is None or node.is_tail or el.getparent() is None or _top(el) is not root:
            continue  # inside a block already removed
        block = _block_of(el)
        if block is None:
            continue
        removed.append(Removed(0, " ".join(block.text_content().split())[:500], f"{kind}-block"))
        block.drop_tree()
    return removed


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)", re.IGNORECASE)
_PICTURE_LINKS = etree.XPath("//body//a[@href][.//img]")
CARD_MAX_WORDS = 25
CARD_OTHER_WORDS = 5
LISTING_SHARE = 0.2


def prune_cards(tree: lxml_html.HtmlElement) -> list[Removed]:
    """Remove teaser cards: a thumbnail and a headline that link to the same other page, with at
    most a date or a label beside them ("ناشئة تجمع 3 ملايين دولار" under its picture, between two
    paragraphs). A row of cards goes as one block. An article's own pictures link to image
    files or nowhere, and a product or list item has text of its own besides its link."""
    cards: list[lxml_html.HtmlElement] = []
    for link in _PICTURE_LINKS(tree):
        if cards and (link is cards[-1] or any(a is cards[-1] for a in link.iterancestors())):
            continue  # another link of the card just found
        href = link.get("href", "").strip()
        if not href or href.startswith(("#", "javascript:")) or _IMAGE_FILE.search(href):
            continue
        card = _card_of(link, href)
        if card is not None:
            cards.append(card)
    if not cards or sum(len(c.text_content().split()) for c in cards) > LISTING_SHARE * _page_words(tree):
        return []  # a page made mostly of cards is a listing: its cards are its content
    removed: list[Removed] = []
    found, done = set(cards), set()
    for card in cards:
        if card in done or card.getparent() is None:
            continue
        block = card.getparent()
        siblings = [c for c in block if c in found]
        if len(siblings) >= 2 and len(block) == len(siblings) and block.tag != "body":
            done.update(siblings)
            card = block  # a row of cards, nothing else
        else:
            done.add(card)
        removed.append(Removed(0, " ".join(card.text_content().split())[:500], "teaser-card"))
        card.drop_tree()
    return removed


def _page_words(tree: lxml_html.HtmlElement) -> int:
    body = tree.find(".//body")
    root = body if body is not None else tree
    words = len(root.text_content().split())
    return words - sum(len((el.text or "").split()) for el in root.iter("script", "style", "noscript"))


def _card_of(link: lxml_html.HtmlElement, href: str) -> lxml_html.HtmlElement | None:
    """The smallest element around ``link`` (itself, or up to two levels up) whose text is a
    headline of 3 to 25 words linking to ``href``, and at most a few words besides."""
    node = link
    for _ in range(3):
        words = node.text_content().split()
        if len(words) > CARD_MAX_WORDS:
            return None
        linked = sum(
            len(a.text_content().split()) for a in node.iter("a") if (a.get("href") or "").strip() == href
        )
        if linked >= 3 and len(words) - linked <= CARD_OTHER_WORDS:
            return node
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html", "p", "li", "td"):
            return None
        node = parent
    return None


def _top(el: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    while (parent := el.getparent()) is not None:
        el = parent
    return el


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


def _second_opinion(page: Article, kept: list[str], model: bool) -> textdump.Stripped | None:
    """The text-dump stripper over the page's blocks, when it finds much more of the article:
    trafilatura sometimes keeps one section of a long article, or a fragment beside it.

    When trafilatura kept too little of the page (``page.thin``), the length decides; otherwise
    the stripper's text must also cover most of what trafilatura kept."""
    ours_words = sum(len(line.split()) for line in kept)
    if page.prose_words < SECOND_OPINION_RATIO * max(ours_words, 1):
        return None  # the page has not enough text for a much longer article: skip the work
    dump = "\n".join(("• " if b.tag == "li" else "") + b.text for b in page.blocks)
    stripped = textdump.strip(dump, model=model)
    theirs = [w for line in stripped.body for w in _key(line).split()]
    if len(theirs) < SECOND_OPINION_RATIO * max(ours_words, 1) or len(theirs) < SECOND_OPINION_WORDS:
        return None
    if page.thin:
        return stripped
    mine = [w for line in kept for w in _key(line).split()]
    covered = sum((Counter(mine) & Counter(theirs)).values()) / max(len(mine), 1)
    return stripped if covered >= SECOND_OPINION_COVER else None


SECOND_OPINION_WORDS = 100
SECOND_OPINION_RATIO = 2.5
SECOND_OPINION_COVER = 0.6


# -- recall repair ------------------------------------------------------------------------------

_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "head",
    "iframe",
    "select",
    "option",
    "textarea",
    "button",
    "form",
    "input",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
    "br",
    "details",
    "summary",
    "caption",
    "center",
    "body",
}
_RESTORABLE = {"h2", "h3", "h4", "h5", "h6", "li", "dt", "dd"}


class Block:
    """A block of visible text in document order, with its tag and how much of it is link text."""

    __slots__ = ("key", "link_chars", "tag", "text", "words")

    def __init__(self, text: str, tag: str, link_chars: int) -> None:
        self.text, self.tag, self.link_chars = text, tag, link_chars
        self.key = _key(text)
        self.words = text.count(" ") + 1  # text is whitespace-normalized: one space between words


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def dom_blocks(tree: lxml_html.HtmlElement) -> list[Block]:
    """Visible text blocks in document order (like a text dump of the page). ``tree`` comes from
    ``parse`` (no comments or processing instructions: ``iterwalk`` passes over them and their
    tails)."""
    out: list[Block] = []
    parts: list[str] = []
    block_tag, links, in_link = "p", 0, 0  # in_link: how many <a> elements we are inside

    def flush(tag: str) -> None:
        nonlocal block_tag, links
        if parts:
            text = " ".join("".join(parts).split())
            parts.clear()
            if text:
                out.append(Block(text, block_tag if block_tag in _RESTORABLE else tag, links))
        links, block_tag = 0, "p"

    body = tree.find(".//body")
    walk = etree.iterwalk(body if body is not None else tree, events=("start", "end"))
    for event, el in walk:  # comments and processing instructions are gone (see _PARSER)
        tag = el.tag
        if event == "start":
            if tag in _SKIP_TAGS:
                walk.skip_subtree()
                continue
            if tag in _BLOCKS:
                flush(tag)
                block_tag = tag
            if tag == "a":
                in_link += 1
            if el.text:
                parts.append(el.text)
                if in_link:
                    links += len(el.text.strip())
            continue
        if tag == "a":
            in_link -= 1
        elif tag in _BLOCKS:
            flush(tag)
        if el.tail:
            parts.append(el.tail)
            if in_link:
                links += len(el.tail.strip())
    flush("p")
    return out


def restore_structure(lines: list[str], blocks: list[Block]) -> list[str]:
    """Put back the subheadings and list items trafilatura skipped *inside* the article: blocks
    between the first and last block its paragraphs came from, unless chrome or link lists."""
    index: dict[str, int] = {}
    for i, b in enumerate(blocks):
        index.setdefault(b.key, i)
    found = [index.get(_key(_strip_markup(line)), -1) for line in lines]
    anchored = [i for i in found if i >= 0]
    if len(anchored) < 2:
        return lines
    used = set(anchored)
    out: list[str] = []
    last = -1
    for line, at in zip(lines, found, strict=True):
        if at > last:
            if last >= 0:
                out.extend(_restorable(blocks, last + 1, at, used))
            last = at
        out.append(line)
    return out


def _restorable(blocks: list[Block], lo: int, hi: int, used: set[int]) -> list[str]:
    """Headings and list items in ``blocks[lo:hi]`` that lead into text trafilatura kept."""
    got = []
    for i in range(lo, hi):
        b = blocks[i]
        if i in used or b.tag not in _RESTORABLE or len(b.text) > 400:
            continue
        nxt = next((j for j in range(i + 1, hi + 1) if blocks[j].tag not in _RESTORABLE), hi)
        if nxt not in used:
            continue
        if b.link_chars > 0.5 * len(b.text) or vocab.classify(fold(b.text)) is not None:
            continue
        got.append(("- " if b.tag == "li" else "") + b.text)
    return got


def _strip_markup(line: str) -> str:
    return re.sub(r"^\s*(?:[-*•]\s+|#+\s+|\d+[.)]\s+)", "", line)


def unwrap_layout_tables(tree: lxml_html.HtmlElement) -> None:
    """Tables used for page layout (cells holding paragraphs or headings) become plain blocks, so
    the article inside is not read as a data table."""
    for table in list(tree.iter("table")):
        if table.getparent() is None:
            continue
        if any(
            el.tag in ("p", "h1", "h2", "h3", "div", "ul", "table") for el in table.iter() if el is not table
        ):
            for el in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
                el.tag = "div"
