"""Metadata of an HTML page, read from its parsed tree: JSON-LD (schema.org NewsArticle and kin),
Open Graph / article / Dublin Core / Twitter meta tags, ``<title>``, ``<h1>``, ``<html lang>``,
the canonical link, and the publication date (htmldate, fast mode, when no tag gives it).

Cheaper than trafilatura's full metadata pass, which re-parses and searches the whole page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from ingest import dates
from ingest.normalize import fold

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "webpage",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "report",
}
_TITLE_SEPARATORS = re.compile(r"\s+[|｜–—\-:·•»]\s+")


def extract(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """``{"title", "author", "published", "updated", "site", "section", "tags", "lang", "url", "description"}``,
    keys present only when known."""
    metas = _meta_tags(tree)
    ld = _json_ld(tree)
    out: dict[str, Any] = {}
    h1 = _h1(tree)
    title = ld.get("headline") or metas.get("og:title") or metas.get("twitter:title") or h1
    page_title = _text(tree.find(".//title"))
    site = _name(ld.get("publisher")) or metas.get("og:site_name") or metas.get("application-name")
    canonical = tree.xpath('//link[@rel="canonical"]/@href') or [metas.get("og:url")]
    url = canonical[0] if canonical else None
    if title:
        out["title"] = headline(_clean(title), site, h1, url)
    elif page_title:  # "<title>" alone: of what is left with several parts, the longest
        out["title"] = max(_TITLE_SEPARATORS.split(headline(_clean(page_title), site, None, url)), key=len)
    authors = (
        _name(ld.get("author")),
        metas.get("author"),
        metas.get("article:author"),
        metas.get("dc.creator"),
    )
    if author := _first(_author, authors):  # (the first that is a name: not "undefined" or a web address)
        out["author"] = author
    published = _first(
        dates.machine,
        (
            ld.get("datePublished"),
            metas.get("article:published_time"),
            metas.get("date"),
            metas.get("pubdate"),
            metas.get("dc.date"),
            metas.get("publishdate"),
        ),
    ) or _first(dates.machine, (_time_tag(tree),))
    if published:
        out["published"] = published
    modified = (ld.get("dateModified"), metas.get("article:modified_time"), metas.get("og:updated_time"))
    if updated := _first(dates.machine, modified):
        out["updated"] = updated
    if "published" not in out:
        from htmldate import find_date

        try:
            found = find_date(tree, extensive_search=False, original_date=True)
        except Exception:  # htmldate raises on odd trees; a missing date is not an error
            found = None
        if found:
            out["published"] = found
    if site:
        out["site"] = _clean(site)
    section = ld.get("articleSection") or metas.get("article:section")
    if isinstance(section, list):
        section = section[0] if section else None
    if section:
        out["section"] = _clean(str(section))
    tags = ld.get("keywords") or metas.get("news_keywords") or metas.get("keywords")
    tag_list = (
        tags if isinstance(tags, list) else re.split(r"\s*[,،;]\s*", tags) if isinstance(tags, str) else []
    )
    tag_list = [_clean(str(t)) for t in tag_list if str(t).strip()]
    if tag_list:
        out["tags"] = tag_list[:30]
    lang = tree.get("lang") or tree.get("xml:lang") or metas.get("og:locale") or ld.get("inLanguage")
    if isinstance(lang, str) and lang.strip():
        out["lang"] = lang.strip().replace("_", "-").split("-")[0].lower()
    if canonical and canonical[0]:
        out["url"] = canonical[0].strip()
    description = metas.get("description") or metas.get("og:description")
    if description:
        out["description"] = _clean(description)
    return out


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = el.get("content")
        if key and value and key not in out:
            out[key] = value.strip()
    return out


def _json_ld(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object of an article type (searching @graph and lists)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        for obj in _walk(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and obj.get("headline"):
                return obj
    return {}


def _walk(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [o for item in data for o in _walk(item)]
    if isinstance(data, dict):
        return [data, *(_walk(data["@graph"]) if "@graph" in data else [])]
    return []


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        return _name(value.get("name"))
    return value.strip() if isinstance(value, str) and value.strip() else None


def _h1(tree: lxml_html.HtmlElement) -> str | None:
    for h1 in tree.iter("h1"):
        text = _text(h1)
        if text and len(text.split()) >= 2:
            return text
    return None


def _time_tag(tree: lxml_html.HtmlElement) -> str | None:
    for el in tree.iter("time"):
        value = el.get("datetime")
        if value:
            return value
    return None


def _text(el: Any) -> str | None:
    if el is None:
        return None
    text = " ".join(el.text_content().split())
    return text or None


def headline(title: str, site: str | None, h1: str | None, url: str | None) -> str:
    """The headline in a page's title, without the site's name: "Headline | Site", "Site - Headline"
    → "Headline". The headline is the part that is the page's ``<h1>``; else the parts naming the
    site (its name, or its web address: "The Motley Fool" on fool.com) are dropped. A title that is
    one part stays whole."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if h1 and _is_headline(h1, title, parts):
        return _clean(h1)
    kept = [p for p in parts if not _names_site(p, site, url)]
    if not kept or len(kept) == len(parts):
        return title
    rest = title
    for p in parts:
        if p not in kept:  # cut the site's part and its separator at either end
            rest = re.sub(
                rf"^{re.escape(p)}{_TITLE_SEPARATORS.pattern}|{_TITLE_SEPARATORS.pattern}{re.escape(p)}$",
                "",
                rest,
            )
    return rest.strip()


def _is_headline(h1: str, title: str, parts: list[str]) -> bool:
    """The ``<h1>`` is a part of the title (or opens it, across a separator: "Paris : la Seine …
    | Le Parisien"), and no other part is longer (an ``<h1>`` naming the site or a section)."""
    key = fold(h1)
    if len(h1.split()) < max((len(p.split()) for p in parts if fold(p) != key), default=0):
        return False
    return key in map(fold, parts) or fold(title).startswith(key + " ")


def _names_site(part: str, site: str | None, url: str | None) -> bool:
    """Whether a part of a title is the site's name, or its web address written out (at most four
    words: "Help Net Security" for helpnetsecurity.com, "MIT Sloan" for mitsloan.mit.edu)."""
    if site and fold(part) == fold(site):
        return True
    letters = "".join(ch for ch in fold(part) if ch.isalnum())
    host = (urlsplit(url or "").hostname or "").split(".")[:-1]  # (not the top-level domain)
    labels = ["".join(filter(str.isalnum, x)) for x in host if x not in _GENERIC_HOST_LABELS]
    labels = [x for x in labels if len(x) >= 4]
    return (
        len(part.split()) <= 4
        and len(letters) >= 4
        and any(letters in label or label in letters for label in labels)
    )


_GENERIC_HOST_LABELS = frozenset({"www", "blog", "blogs", "news", "amp", "mobile", "com", "org", "net"})
"""Parts of web addresses that say nothing of the site's name ("news.example.com")."""


def _first(read: Callable[[str], str | None], values: Iterable[Any]) -> str | None:
    """What ``read`` makes of the first of ``values`` it can read (strings only)."""
    for value in values:
        if isinstance(value, str) and (found := read(value)):
            return found
    return None


def _author(value: str) -> str | None:
    """An author's name as a tag gives it, without the punctuation around it (", USA TODAY",
    '"David Kim"'); none for a web address or a placeholder ("undefined", "admin")."""
    name = _clean(value).strip(_NAME_EDGES)
    if not name or name.startswith(("http:", "https:", "www.")) or fold(name) in _NOT_NAMES:
        return None
    return name


_NAME_EDGES = " ,;:|/\\-–—\"'“”‘’«»"
_NOT_NAMES = frozenset({"undefined", "null", "none", "nan", "admin", "administrator", "unknown", "author"})
"""What templates write where the author's name was missing: programming placeholders, the
content system's default account."""


def _clean(text: str) -> str:
    """Whitespace collapsed, and entities a page escaped twice ("&amp;#8217;") decoded."""
    text = " ".join(text.split())
    return html.unescape(text) if "&" in text else text
