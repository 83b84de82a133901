"""HTML pages through trafilatura, with encodings decoded by BOM, <meta charset> or detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import encoding, pagemeta, webpage
from ingest.extract import extract_path

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>الحكومة تعلن موازنة جديدة - موقع الأخبار</title>
<meta name="author" content="ليلى حسن"><meta property="article:published_time" content="2024-02-10T09:00:00+03:00">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/a">اقتصاد</a></li><li><a href="/b">رياضة</a></li></ul></nav>
<article><h1>الحكومة تعلن موازنة جديدة</h1>
<p>أعلنت الحكومة اليوم عن موازنة جديدة للعام المقبل تتضمن زيادة كبيرة في الإنفاق على التعليم والصحة والبنية التحتية في جميع المحافظات.</p>
<p>وقال وزير المالية في مؤتمر صحفي إن العجز المتوقع سينخفض إلى ثلاثة في المئة من الناتج المحلي بفضل ارتفاع الإيرادات الضريبية.</p>
<p>وأضاف أن الحكومة ستواصل برنامج الإصلاح الاقتصادي بالتعاون مع المؤسسات الدولية خلال السنوات الثلاث المقبلة.</p>
</article>
<footer><p>جميع الحقوق محفوظة</p></footer>
</body></html>
"""


def test_arabic_html_in_windows_1256(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(charset="windows-1256").encode("cp1256"))
    doc = extract_path(path)
    assert doc.ok, doc.error
    assert doc.meta["encoding"] == "cp1256"
    assert "أعلنت الحكومة اليوم عن موازنة جديدة" in doc.text
    assert "الرئيسية" not in doc.text
    assert doc.title and doc.title.startswith("الحكومة تعلن موازنة جديدة")
    assert doc.meta["author"] == "ليلى حسن"
    assert doc.meta["published"].startswith("2024-02-10")
    assert doc.meta["lang"] == "ar"
    assert doc.extractor.startswith("trafilatura ")


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.format(charset="utf-16").encode("utf-16"))
    doc = extract_path(path)
    assert doc.ok and "وزير المالية" in doc.text


def test_gzipped_html(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.format(charset="utf-8").encode("utf-8")))
    doc = extract_path(path)
    assert doc.ok and doc.raw.kind == "html" and "وزير المالية" in doc.text


def test_truncated_gzip_is_an_error(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.format(charset="utf-8").encode("utf-8"))[:120])
    doc = extract_path(path)
    assert not doc.ok and "truncated" in doc.error.message


def test_text_split_by_html_comments_is_kept_whole(tmp_path: Path) -> None:
    """Server-rendered pages leave empty comments inside links; the words after them are the
    article too (trafilatura, given a tree with comments, cut the paragraph there), and a
    comment's own text is never shown."""
    split = "".join(
        f'<p>\n  <span>Paragraph {i} of the report on the </span><span><a href="/c{i}">city council<!----></a>'
        f"</span><span> says the members met on Monday and voted to fund {i} new schools<!-- editor note --> "
        f"across the district this year.</span></p>"
        for i in (1, 2)
    )
    plain = "".join(
        f"<p>The budget line number {i} covers teachers, buildings and buses for the coming school year, "
        f"and the mayor said the money would come from the sale of old municipal land near the river.</p>"
        for i in range(3, 9)
    )
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><title>Council funds schools</title></head><body><article><h1>Council funds "
        f"schools</h1>{split}{plain}</article></body></html>",
        "utf-8",
    )
    doc = extract_path(path)
    assert doc.ok, doc.error
    for i in (1, 2):
        assert f"Paragraph {i} of the report on the city council says the members met on Monday" in doc.text
        assert f"fund {i} new schools across the district this year." in doc.text
    assert "The budget line number 8 covers" in doc.text
    assert "editor note" not in doc.text


def test_trafilatura_leaves_the_parsed_tree_as_it_was() -> None:
    """The page's blocks are read from the tree trafilatura was given (and the baseline fallback)."""
    from lxml import etree

    from ingest import webpage

    tree = webpage.parse(PAGE.format(charset="utf-8"))
    before = etree.tostring(tree)
    assert "وزير المالية" in webpage._trafilatura(tree, None, 200_000)
    assert etree.tostring(tree) == before


def test_parse_keeps_the_text_after_a_lone_surrogate() -> None:
    # lxml cut a Python string's text at an unpaired surrogate; the UTF-8 bytes parse carries on.
    tree = webpage.parse("<html><body><p>before\udc80after</p></body></html>")
    assert "after" in tree.text_content()


def test_a_page_closed_early_keeps_the_article_after_the_closing_tags(tmp_path: Path) -> None:
    """A template that closes ``</body></html>`` after its header, then prints the article: a
    browser shows the article (libxml2 alone, and so trafilatura alone, drops it)."""
    header = '<html><head><title>Dam levels fall again</title></head><body><nav><a href="/">Home</a></nav>'
    page = _story("").replace(
        "<html><head><title>Dam levels fall again</title></head><body>", header + "</body></html>\n"
    )
    (tmp_path / "early.html").write_text(page, "utf-8")
    doc = extract_path(tmp_path / "early.html")
    assert doc.error is None
    assert "farmers downstream" in doc.text and "eighth week" in doc.text
    assert "Home" not in doc.text
    ordinary = webpage.parse(_story(""))  # the usual ending is left as it is
    assert ordinary.findtext(".//h1") == "Dam levels fall again"


def test_an_article_printed_once_per_screen_size_is_kept_once(tmp_path: Path) -> None:
    """A site builder's page renders the article three times (desktop, tablet, phone), one copy
    shown at a time by CSS: trafilatura keeps all three, each paragraph goes in once."""
    story = _story("")
    paragraphs = story[story.index("<p>") : story.rindex("</p>") + 4]
    variant = (
        '<div class="ssr-variant hidden-{}"><div class="rich-text"><h2>Why the levels fall</h2>{}</div></div>'
    )
    copies = "".join(variant.format(n, paragraphs) for n in ("a", "b", "c"))
    page = story.replace(paragraphs, f'<div class="page-body">{copies}</div>')
    (tmp_path / "variants.html").write_text(page, "utf-8")
    doc = extract_path(tmp_path / "variants.html")
    assert doc.text.count("farmers downstream") == 6  # six paragraphs, once each
    assert any(r.reason == "repeated-line" for r in doc.removed)


def test_when_trafilatura_keeps_a_fragment_the_article_comes_from_the_page_blocks(tmp_path: Path) -> None:
    """trafilatura settles on a summary box the theme marks as the post's content and leaves the
    story beside it: the text-dump stripper over the page's blocks finds the whole article."""
    story = [
        "The council met on Monday evening and voted seven to two to build three primary schools in "
        "the eastern district, where classes have grown past forty pupils.",
        "Two members voted against the plan, saying the city should first repair the schools it already "
        "has, several of which still wait for new roofs after last winter's storms.",
        "The mayor said the money would come from selling two old bus depots by the river, which a "
        "housing cooperative has offered to buy for a little over twelve million.",
        "Building should start next spring if the regional government approves the sale, and the first "
        "school could open its doors to pupils in September of the following year.",
        "Parents who had filled the public gallery applauded the vote, and the head of the teachers' "
        "union called it the best news the district had heard in a decade.",
        "The opposition asked for an independent estimate of the costs before any contract is signed, "
        "which the council agreed to publish on its website within a month.",
    ]
    summary = (
        "<p>In short: the council will build three new primary schools in the eastern district, paid "
        "for by the sale of two old bus depots, after a long debate about costs.</p>"
        "<p>Two members voted against, and the opposition wants an independent estimate of what the "
        "buildings and the teachers will cost the city over the next ten years.</p>"
    )
    page = (
        "<html><head><title>Council votes for three new schools</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/city">City</a> <a href="/schools">Schools</a></nav>'
        f'<div class="wrap"><h1>Council votes for three new schools</h1><div class="post-content">{summary}</div>'
        '<div class="story">' + "".join(f"<p>{p}</p>" for p in story) + "</div></div>"
        "<footer><p>Copyright 2025 City Paper. All rights reserved.</p></footer></body></html>"
    )
    assert "bus depots by the river" not in webpage._trafilatura(webpage.parse(page), None, 200_000)
    (tmp_path / "fragment.html").write_text(page, "utf-8")
    doc = extract_path(tmp_path / "fragment.html")
    assert doc.error is None
    for paragraph in story:
        assert paragraph in doc.text
    assert "Copyright" not in doc.text and "Schools" not in doc.text
    assert "the page's blocks" in doc.meta["extracted_by"]


def _story(middle: str, tail: str = "") -> str:
    paragraphs = [
        f"<p>The river authority said on Tuesday that water levels at the northern dam had fallen for the "
        f"{n} week in a row, and that farmers downstream should expect shorter irrigation turns.</p>"
        for n in ("third", "fourth", "fifth", "sixth", "seventh", "eighth")
    ]
    return (
        "<html><head><title>Dam levels fall again</title></head><body><article><h1>Dam levels fall again</h1>"
        + "".join(paragraphs[:3])
        + middle
        + "".join(paragraphs[3:])
        + "</article>"
        + tail
        + "</body></html>"
    )


def test_teaser_cards_inside_the_article_go(tmp_path: Path) -> None:
    """A thumbnail and a headline linking to another story, between two paragraphs: a row of
    cards with no heading, and a single linked card."""
    row = "".join(
        f'<div class="bx-i"><a href="/story/{i}"><img src="/t/{i}.jpg"></a>'
        f'<a href="/story/{i}">Headline number {i} about something else</a><span>2023/09/2{i}</span></div>'
        for i in range(3)
    )
    card = '<a href="/story/9"><div><img src="/t/9.jpg"></div><div>Farmers switch to drip irrigation kits</div></a>'
    path = tmp_path / "page.html"
    path.write_text(_story(f'<div class="box-x12">{row}</div>' + card), "utf-8")
    doc = extract_path(path)
    assert doc.ok, doc.error
    assert "fifth week in a row" in doc.text and "eighth week in a row" in doc.text
    assert "Headline number" not in doc.text and "drip irrigation" not in doc.text
    assert any(r.reason == "teaser-card" for r in doc.removed)


def test_a_picture_linking_to_its_file_or_an_item_with_its_own_text_is_not_a_card(tmp_path: Path) -> None:
    figure = '<figure><a href="/media/dam.jpg"><img src="/media/dam.jpg"></a><figcaption>The dam</figcaption></figure>'
    item = (
        '<div><a href="/shop/pump"><img src="/p.jpg"></a><a href="/shop/pump">Solar water pump kit</a>'
        "<span>moves two thousand litres an hour from a shallow well without fuel or grid power</span></div>"
    )
    path = tmp_path / "page.html"
    path.write_text(_story(figure + item), "utf-8")
    tree = webpage.parse(path.read_text("utf-8"))
    assert webpage.prune_cards(tree) == []


def test_author_and_date_seen_on_the_page_when_no_tag_names_them(tmp_path: Path) -> None:
    """A wire byline with its date and reading time above the story; a Blogger "posted by" under it."""
    path = tmp_path / "wire.html"
    path.write_text(
        _story("").replace(
            "</h1>",
            "</h1><div>By DAVID KAMAU, Associated Press · Sept. 18, 2024, 6:14 AM ET · 4 min read</div>",
        ),
        "utf-8",
    )
    doc = extract_path(path)
    assert doc.meta["author"] == "David Kamau"
    assert doc.meta["published"].startswith("2024-09-18")
    path = tmp_path / "blog.html"
    path.write_text(_story("", tail="<div>نشر بواسطة محمود عبد الرحيم في ١١:٢٠ ص</div>"), "utf-8")
    assert extract_path(path).meta["author"] == "محمود عبد الرحيم"


@pytest.mark.parametrize(
    ("title", "site", "h1", "url", "expected"),
    [
        ("What is Cloud Computing? | Google Cloud", None, "What is Cloud Computing?", None, "What is Cloud Computing?"),
        ("Best Stocks of 2025 | The Motley Fool", None, None, "https://www.fool.com/x/", "Best Stocks of 2025"),
        ("Leadfeeder | State of SEO in 2026", "Leadfeeder", None, None, "State of SEO in 2026"),
        ("What do people love about Rust? | Rust Blog", "Rust Blog", "Rust Blog", "https://blog.rust-lang.org/a",
         "What do people love about Rust?"),  # (the <h1> names the blog, not the post)
        ("Good News Today | Help Net Security", None, None, "https://news.helpnetsecurity.com/a", "Good News Today"),
        ("Paris : la Seine ouvre ses baignades | Le Parisien", "Le Parisien", "Paris : la Seine ouvre ses baignades",
         None, "Paris : la Seine ouvre ses baignades"),
        ("الحكومة تعلن خطة جديدة للنقل - الجزيرة نت", "الجزيرة نت", None, None, "الحكومة تعلن خطة جديدة للنقل"),
        ("Lessons learned | What we got wrong", None, None, "https://example.com/", "Lessons learned | What we got wrong"),
    ],
)  # fmt: skip
def test_headline_without_the_site_name(
    title: str, site: str | None, h1: str | None, url: str | None, expected: str
) -> None:
    assert pagemeta.headline(title, site, h1, url) == expected


def test_title_escaped_twice_by_the_page_is_decoded() -> None:
    tree = webpage.parse(
        '<html><head><meta property="og:title" content="Budget Traveler&amp;#8217;s Guide &amp;amp; Tips">'
        "</head><body><p>x</p></body></html>"
    )
    assert pagemeta.extract(tree)["title"] == "Budget Traveler\u2019s Guide & Tips"


@pytest.mark.parametrize(
    ("tags", "author"),
    [
        ('<meta name="author" content=", USA TODAY">', "USA TODAY"),
        ('<meta name="author" content="&quot;David Kim&quot;">', "David Kim"),
        ('<meta name="author" content="Genevieve Carlton, Ph.D.">', "Genevieve Carlton, Ph.D."),
        ('<meta name="author" content="undefined"><meta name="dc.creator" content="Jane Roe">', "Jane Roe"),
        ('<meta name="author" content="admin">', None),
        ('<meta name="author" content="https://www.facebook.com/someone">', None),
    ],
)
def test_author_tags_give_names_not_placeholders(tags: str, author: str | None) -> None:
    tree = webpage.parse(f"<html><head>{tags}</head><body><p>x</p></body></html>")
    assert pagemeta.extract(tree).get("author") == author


def test_tag_dates_are_stored_in_one_form() -> None:
    tree = webpage.parse(
        '<html><head><meta property="article:published_time" content="2025-01-29T18:10:07.780602-0500">'
        '<meta property="article:modified_time" content="2025-12-19T11:15:56.012359519Z">'
        "</head><body><p>x</p></body></html>"
    )
    meta = pagemeta.extract(tree)
    assert (meta["published"], meta["updated"]) == ("2025-01-29T18:10:07-05:00", "2025-12-19T11:15:56+00:00")


@pytest.mark.parametrize(
    ("data", "header", "text", "codec"),
    [
        # Latin-1 as browsers read it: Windows-1252, whose quotes and dashes pages use.
        ("<p>said “we will act” – and</p>".encode("cp1252"), "ISO-8859-1", "said “we will act” – and", "cp1252"),
        ("<meta charset=latin1><p>it’s</p>".encode("cp1252"), None, "it’s", "cp1252"),
        # A page cannot declare UTF-16 in a <meta> read as ASCII: UTF-8.
        ('<meta charset="utf-16"><p>café</p>'.encode(), None, "café", "utf-8"),
        ("<p>مرحبا بكم</p>".encode("iso-8859-6"), "ISO-8859-6", "مرحبا بكم", "iso8859-6"),
    ],
)  # fmt: skip
def test_charset_labels_mean_what_they_mean_in_browsers(
    data: bytes, header: str | None, text: str, codec: str
) -> None:
    decoded, used = encoding.decode(data, html=True, declared=header)
    assert text in decoded and used == codec
