"""The text-dump stripper on the seeds and on our own fixtures (other sites' conventions)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import textdump
from ingest.document import Removed
from ingest.textdump import strip

from .conftest import FIXTURES, SEEDS, SHARED

# Per seed: title, body line count, first words of first/last body line, removed (line, reason), meta.
SEED_EXPECTED = {
    "000_f51720080421909e.txt": (
        "كيم جونغ أون يغادر روسيا ومعه بعض هدايا الوداع المتفجرة",
        11,
        "غادر الدكتاتور",
        "وتعهد كيم",
        [(3, "byline"), (4, "comment-count"), (28, "related-heading"), (30, "comment-form")],
        {"author": "hayatnews"},
    ),
    "001_f620078d46cd92dc.txt": (
        "سترة مضادة للرصاص وطائرات بدون طيار هدية “كيم” أثناء مغادرته روسيا",
        22,
        "تلقى الزعيم",
        "وفي الوقت نفسه",
        [(1, "section-label"), (49, "related-heading"), (51, "back-to-top"), (52, "widget-credit")],
        {"section": "تقارير"},
    ),
    "002_a1f66a99b40bb683.txt": (None, 17, "(موسكو) – وصل", "وناقشت موسكو", [], {}),
    "003_a0e9d82ca56d1e7c.txt": (
        None,
        11,
        "وصل الزعيم",
        "وينفي البلدان",
        [(17, "source-line"), (19, "tags-line"), (21, "read-also-heading")]
        + [(n, "related-article") for n in range(23, 36, 2)]
        + [(37, "ad-label"), (39, "related-heading")]
        + [(n, "related-list") for n in range(41, 51)],
        {"source": "صحيفة الأيام البحرينية"},
    ),
    "004_377a96dd035cca65.txt": (
        "زعيم كوريا الشمالية يستعرض اسلحة نووية روسيه فماذا قال له وزير الدفاع الروسي؟",
        19,
        "استعرض زعيم",
        "كما اتهمت واشنطن",
        [(1, "video-teaser-label"), (5, "dateline"), (9, "section-breadcrumb")],
        {"published": "2023-09-16T12:59:00+00:00"},
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_extraction(name: str) -> None:
    title, n_body, first, last, removed, meta = SEED_EXPECTED[name]
    result = strip((SEEDS / name).read_text("utf-8"))
    assert result.title == title
    assert len(result.body) == n_body
    assert result.body[0].startswith(first)
    assert result.body[-1].startswith(last)
    assert [(r.line, r.reason) for r in result.removed] == removed
    assert {k: result.meta.get(k) for k in meta} == meta


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.json").exists(), reason="../shared gold not available")
def test_seeds_equal_shared_gold() -> None:
    for gold in json.loads((SHARED / "gold" / "seeds.json").read_text("utf-8")):
        result = strip((SEEDS / gold["file"]).read_text("utf-8"))
        assert result.title == gold["title"]
        assert result.body == gold["body"]
        assert [(r.line, r.reason) for r in result.removed] == [
            (r["line"], r["kind"]) for r in gold["removed"]
        ]
        for key, value in gold["meta"].items():
            assert result.meta[key] == value


def fixture(name: str):
    return strip((FIXTURES / "text" / name).read_text("utf-8"))


def test_inline_read_also_teaser_removed_article_continues() -> None:
    r = fixture("ar_inline_teaser.txt")
    reasons = {x.text: x.reason for x in r.removed}
    assert reasons["اقرأ أيضا: ارتفاع أسعار الطماطم في الأسواق المحلية بنسبة 30%"] == "read-also-teaser"
    assert any(b.startswith("وأضاف الوزير") for b in r.body)  # the paragraph after the teaser stays
    assert (
        r.body[-1] == "وتبلغ قيمة الصادرات الزراعية المصرية نحو تسعة مليارات دولار سنويا."
    )  # one-line paragraph


def test_body_material_that_looks_like_chrome_stays() -> None:
    r = fixture("ar_inline_teaser.txt")
    assert "أهداف الخطة" in r.body  # subheading
    assert sum(1 for b in r.body if b.startswith("•")) == 3  # bullet list that is part of the story
    assert any("the quality of Egyptian produce" in b for b in r.body)  # quote in another language
    assert r.meta["author"] == "أحمد السيد"
    assert r.meta["published"] == "2023-11-12T10:30:00"
    assert r.meta["section"] == "عربي ودولي"
    assert {"الأكثر قراءة", "فيسبوك", "واتساب", "جميع الحقوق محفوظة © 2023"} <= {x.text for x in r.removed}


def test_read_also_heading_followed_by_other_article_goes_entirely() -> None:
    r = fixture("ar_read_also_article.txt")
    assert len(r.body) == 4
    assert not any("الذهب" in b for b in r.body)
    assert [x.reason for x in r.removed if "الذهب" in x.text] == ["related-article"] * 4


def test_read_also_list_mid_article_is_cut_out_and_article_goes_on() -> None:
    r = fixture("ar_related_midarticle.txt")
    assert any(b.startswith("وقالت مديرة") for b in r.body)
    assert r.body[-1].startswith("وختمت بأن")
    assert '"نريد أن يكون التعلم متاحا في كل وقت ومكان"' in r.body
    assert not any("نتيجة الثانوية" in b or "رواتب المعلمين" in b for b in r.body)
    assert r.meta["tags"] == ["التعليم", "الثانوية العامة", "التعليم الإلكتروني"]
    assert r.meta["updated"] == "2024-03-03T14:05:00"  # Levantine month name


@pytest.mark.parametrize("name", ["en_blog_page.txt", "fr_article.txt"])
def test_latin_pages(name: str) -> None:
    r = fixture(name)
    assert r.title and r.title[0].isupper()
    text = "\n".join(r.body)
    for chrome in ("Facebook", "Twitter", "Related", "lire aussi", "Leave a Reply", "droits", "Accueil"):
        assert chrome not in text
    assert r.meta["author"] in ("Jane Doe", "Marie Dupont")


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_never_raises_and_output_lines_come_from_input(text: str) -> None:
    r = strip(text)
    lines = {ln.strip() for ln in text.splitlines()}
    assert all(b in lines for b in r.body)
    assert r.title is None or r.title in lines
    assert all(x.text in lines for x in r.removed)


@given(
    st.lists(
        st.sampled_from(
            [
                "مقالات ذات صلة",
                "• عنوان خبر آخر عن الاقتصاد",
                "شارك",
                "",
                "وقال المتحدث إن الحكومة ستعلن عن حزمة جديدة من الإجراءات الاقتصادية خلال الأسبوع المقبل.",
                "Leave a Comment",
                "إعلان",
                "The minister said the plan would be published next week, officials added.",
            ]
        ),
        max_size=30,
    )
)
@settings(max_examples=200, deadline=None)
def test_every_input_line_is_kept_or_removed_exactly_once(lines: list[str]) -> None:
    text = "\n".join(lines)
    r = strip(text)
    kept = len(r.body) + (r.title is not None) + len(r.removed)
    assert kept == sum(1 for ln in lines if ln.strip())


# -- data, cards, lists and other article shapes ----------------------------------------------------

_P1 = (
    "The council published the figures on Monday, after a month of delays that opposition members "
    "had called unacceptable for a matter of such public interest."
)
_P2 = (
    "Officials said the numbers would be reviewed again next spring, when the new budget comes into "
    "force and the first results of the programme are known to everyone."
)
_P3 = (
    "Residents who want to know more about the plan can write to the council until the end of the "
    "month, and a public meeting is planned for the second week of June."
)


def _page(*middle: str) -> str:
    return "\n".join(
        [
            "Home",
            "News",
            "Sport",
            "Council publishes its budget figures",
            _P1,
            *middle,
            _P2,
            _P3,
            "© 2024 The Daily",
        ]
    )


def test_table_dumped_one_cell_per_line_stays_inside_the_article() -> None:
    cells = ["District", "Budget", "Change"] + [
        x for i in range(1, 6) for x in (f"Ward {i}", f"${i}20,000", f"+{i}.5%")
    ]
    r = strip(_page(*cells))
    assert "Ward 3" in r.body and "$320,000" in r.body and "+5.5%" in r.body
    assert r.body[-1] == _P3


def test_rank_list_is_not_a_table() -> None:
    from ingest.textdump import decide

    ranks = [x for i in range(1, 6) for x in (str(i), f"Most read story number {i} of the week")]
    assert not any(line.cell for line in decide(_page(*ranks)).lines)


def test_related_card_mid_article_does_not_end_it() -> None:
    card = [
        "Related",
        "Five budget tools that save councils money",
        "Save time and money with the help of these tools for local government.",
        "Posts",
        "2",
        "By Jane Roe",
    ]
    r = strip(_page(*card))
    assert r.body[-1] == _P3 and _P2 in r.body
    assert "Save time and money with the help of these tools for local government." not in r.body


def test_lines_of_items_between_separators_are_chrome_but_spec_rows_are_not() -> None:
    from ingest.textdump import line_signals

    assert line_signals("Home | World | Business | Sport | Culture")[3] == "menu"
    assert (
        line_signals("Live: Ajax 1-1 PSV (FT) | Feyenoord 0-2 AZ (78') | Twente - Utrecht (20:30)")[3]
        == "ticker"
    )
    assert line_signals("CPU: Intel Core i5 | RAM: 16GB | Storage: 512GB SSD")[3] is None
    assert line_signals("| 2023 | 4.5 | 6.1 |")[3] not in ("menu", "ticker")  # a table row


def test_published_and_updated_dateline_with_hijri_date() -> None:
    from ingest.textdump import line_signals

    line = "نُشر في: ١٤ ربيع الآخر ١٤٤٥ هـ الموافق ٢٩ أكتوبر ٢٠٢٣ م | آخر تحديث: ١١:٤٠ ص"
    assert line_signals(line)[3] == "dateline"


def test_disclaimers_are_chrome() -> None:
    from ingest.textdump import line_signals

    for line in (
        "المقالات المنشورة تعبّر عن آراء كتّابها ولا تعبّر بالضرورة عن رأي الموقع.",
        "The views expressed in this article are the author's own and do not necessarily reflect ours.",
        "Les propos tenus dans cette tribune n’engagent que leur auteur.",
    ):
        assert line_signals(line)[3] == "disclaimer", line


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Purchases made through our links may earn us a commission.", "disclosure"),
        ("This post is sponsored by Acme Insurance; all opinions are our own.", "disclosure"),
        ("If you buy through a link in this article, we may earn an affiliate commission.", "disclosure"),
        ("By using the affiliate links in this post you support my work.", "disclosure"),
        ("قد نحصل على عمولة عند الشراء عبر الروابط في هذه الصفحة.", "disclosure"),
        ("Page 2 of 8", "prev-next"),
        ("الصفحة ٢ من ٥", "prev-next"),
        ("Advertisement: New AI Strategy Course", "ad-label"),
        ("إعلان: عروض الصيف على الرحلات", "ad-label"),
        ("This article is exclusive to STAT+ subscribers", "paywall"),
        ("Subscribe to continue reading", "paywall"),
        ("La suite de cet article est réservée aux abonnés.", "paywall"),
        ("هذا المقال حصري للمشتركين", "paywall"),
        ("Did you make this recipe? Please leave a star rating below!", "call-to-action"),
        (
            "Acme Weekly is made by two editors. If you liked this article, please consider sharing it.",
            "call-to-action",
        ),
        ("Si vous avez aimé cet article, partagez-le autour de vous.", "call-to-action"),
        ("إذا أعجبك هذا المقال، شاركه مع أصدقائك", "call-to-action"),
        ("Featured image via Unsplash", "photo-credit"),
        ("Follow @citypaper", "follow"),
        ("Follow the author on Instagram for more recipes", "follow"),
        ("Hotjar sets this cookie to detect a user's first pageview session.", "cookie"),
    ],
)
def test_disclosures_paywalls_ad_labels_pagination_follow_and_cookie_lines_are_chrome(
    line: str, kind: str
) -> None:
    assert textdump.line_signals(line)[3] == kind


def test_folding_a_rule_keeps_its_regex_syntax() -> None:
    """Rules are folded like the lines they match (NFKC: "…" becomes "..."): that must not turn a
    literal into regex syntax ("..." matches any three characters)."""
    from collections import Counter

    from ingest import vocab
    from ingest.normalize import fold

    def syntax(s: str) -> Counter[str]:
        return Counter(c for c in s if c in r".^$*+?{}[]\|()")

    for rule in vocab.RULES:
        if isinstance(rule.pattern, vocab.Whole):
            continue
        source = rule.pattern.regex if isinstance(rule.pattern, vocab.Prefix) else rule.pattern
        assert syntax(fold(source, lower=False)) == syntax(source), rule.kind


@pytest.mark.parametrize(
    "line",
    [
        "The bill, sponsored by Senator Jane Smith of Iowa, passed by a vote of 62 to 38.",
        "Recent research sponsored by the coffee association found the filter's shape changes the taste.",
        "Readers who subscribe to continue reading the paper tend to be older, the survey found.",
        "Cover image of the first edition shows a lighthouse by the sea.",
        "The broker earns a commission on every trade, which critics say creates a conflict of interest.",
        "The board said the paper's editorial independence would be protected after the sale.",
        "Critics say the company's affiliate links program pays creators too little for their traffic.",
        "وقال البنك المركزي إن المصارف لن تفرض أي عمولة على التحويلات الصغيرة حتى نهاية العام.",
        "More than half of the departments are understaffed, the survey found.",
        "More specifically, the plan can help small firms in three ways:",
        "Read the label to find foods low in sodium.",
        "Follow these steps to file the form before the deadline.",
        "The spokesman said the remarks do not necessarily reflect government policy.",
        "وقال المتحدث إن التصريحات لا تعكس بالضرورة موقف الحكومة.",
        "Sandwiches, cookies and bagels sold over the counter must be packaged before they are used.",
        "Voters who liked the plan said it would cut their bills.",
    ],
)
def test_news_sentences_with_those_words_stay(line: str) -> None:
    assert textdump.line_signals(line)[3] is None


def test_label_and_figure_rows_stay_with_their_heading() -> None:
    rows = ["Top sectors (in millions)", "Chemicals: 25.8", "Plastics: 19.1", "Metals: 9.6"]
    r = strip(_page(*rows))
    assert all(row in r.body for row in rows)


def test_share_button_under_every_live_update_does_not_end_the_article() -> None:
    updates = []
    for t, p in (("11:52", _P2), ("11:20", _P3), ("10:45", _P1.replace("Monday", "Tuesday"))):
        updates += ["Share", f"{t} am", p]
    r = strip("\n".join(["Live: storm hits the coast", _P1, *updates, "Share", "© 2024 The Daily"]))
    assert _P3 in r.body and r.body[-1].startswith("The council published the figures on Tuesday")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By DAVID KAMAU, Associated Press · Sept. 18, 2024, 6:14 AM ET · 4 min read", "David Kamau"),
        ("نشر بواسطة محمود عبد الرحيم في ١١:٢٠ ص", "محمود عبد الرحيم"),
        ("متابعة: عادل الزين | عدد المشاهدات: ٣٬٤٥٦", "عادل الزين"),
        ("Posted by Sam Lee at 9:15 AM", "Sam Lee"),
        ("Reporting by John Smith; Editing by Bob Jones", "John Smith"),
        ("By Hardtail Canada August 12, 2021", "Hardtail Canada"),
        ("By Mary June Sept. 3, 2024", "Mary June"),
        ("Posted by David at December 16, 2025 11:15 AM", "David"),
    ],
)
def test_bylines_and_their_author(line: str, author: str) -> None:
    """Bylines with a time, a reading time or a counter beside the name: the name alone is the author."""
    assert textdump.line_signals(line)[3] == "byline"
    assert textdump.author_of(line) == author


def test_a_byline_gives_its_date_too() -> None:
    meta = textdump.meta_of([Removed(0, "By Ana Ruiz · Sept. 18, 2024, 6:14 AM ET · 4 min read", "byline")])
    assert meta["author"] == "Ana Ruiz" and meta["published"].startswith("2024-09-18")


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Jane Doe - 12 March 2024", "Jane Doe", "2024-03-12"),
        ("By Haley Hoekstra • March 12, 2025", "Haley Hoekstra", "2025-03-12"),
        ("Par Jean Dupont, Le Monde | 12 mars 2024", "Jean Dupont", "2024-03-12"),
        ("بقلم أحمد علي - ١٢ مارس ٢٠٢٤", "أحمد علي", "2024-03-12"),
    ],
)
def test_a_byline_then_a_date(line: str, author: str, published: str) -> None:
    """A name after a byline label, then a separator and a date: a byline of more than five
    words without a colon, with its author and date."""
    assert textdump.line_signals(line)[3] == "byline"
    assert textdump.meta_of([Removed(0, line, "byline")]) == {"author": author, "published": published}


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, 5 people had died in the floods",
        "By 2030, 40 % of cars",
        "By 2030 - the plan, 2031",
        "By 1.5 %, says the bank",
        "By the Numbers",
        "• By the way",
    ],
)
def test_a_sentence_starting_with_by_is_not_a_dated_byline(line: str) -> None:
    assert textdump.line_signals(line)[3] is None


def test_a_newsletter_is_not_a_byline() -> None:
    """ "نشرة" (a newsletter) folds like "نشره" (he published it): not a byline label."""
    assert textdump.line_signals("نشرة الرصد العلمية الأسبوعية")[3] != "byline"


def test_charts_source_lines_inside_an_article_do_not_end_it() -> None:
    """A source line under each chart: the next chart's source line is not the closing chrome
    that would make the first one the article's end."""
    days = ("Monday", "Sunday", "Friday", "Tuesday", "Thursday", "Saturday", "Wednesday", "1 May", "2 May")
    before = [_P1.replace("Monday", day) for day in days]
    data = [f"• {year}: {year - 1919} mm" for year in range(2019, 2025)]  # the chart's
    after = [_P3.replace("June", month) for month in ("June", "July", "May", "March", "April")]
    page = [
        "Storm hits the coast",
        *before,
        "Source: Pew Research Center",
        _P2,
        "Source: Gallup",
        *data,
        *after,
    ]
    r = strip("\n".join([*page, "© 2024 The Daily"]))
    assert "Source: Gallup" not in r.body and _P2 in r.body and after[-1] in r.body


# -- the title ------------------------------------------------------------------------------------

_PORTS_BODY = [
    "Small ports along the coast have seen their traffic fall by a third since the new shipping rules "
    "took effect, harbour masters told regulators on Monday.",
    "The rules require every vessel to file its cargo manifest two days before arrival, which owners of "
    "small boats say they cannot do.",
    "Regulators said they would review the cost of the rules for small ports before the summer.",
]


def test_title_is_the_headline_far_above_the_article_not_a_label_next_to_it() -> None:
    """A whole-page dump: the headline, then a byline, share buttons, a photo credit and a label
    stand between it and the first paragraph; the headline's words open the article."""
    page = [
        "Skip to content", "Home", "World", "Business", "Technology", "Sport", "Subscribe",
        "Small ports count the cost of new shipping rules",
        "By Jane Porter", "March 3, 2025", "Share on Facebook", "Share on X", "Share by email",
        "Copy link", "Listen to this article", "Photo: Reuters", "Most popular today",
        *_PORTS_BODY,
        "Related Stories", "• Fishing fleets brace for a quiet season",
    ]  # fmt: skip
    r = strip("\n".join(page))
    assert r.title == "Small ports count the cost of new shipping rules"
    assert r.body == _PORTS_BODY


def test_title_of_a_page_saved_from_its_headline_down() -> None:
    """No candidate reads like the headline (its words hardly open the article): a dump that opens
    with a headline-like line has it for a title."""
    r = strip("\n\n".join(["A long night on Harbour Street", *_PORTS_BODY]))
    assert r.title == "A long night on Harbour Street"
    assert r.body == _PORTS_BODY


def test_no_title_when_no_line_reads_like_one() -> None:
    r = strip("\n".join(_PORTS_BODY))
    assert r.title is None
    assert r.body == _PORTS_BODY


def test_title_candidates_compare_stems_and_not_the_line_with_itself() -> None:
    """Arabic words take prefixes ("ال", "وال"): the headline's words are found in the article's
    under them; a paragraph's own words do not make it look like its headline."""
    lines = [
        "الموانئ الصغيرة تدفع ثمن قواعد الشحن الجديدة",
        "وقالت سلطات الموانئ إن حركة الشحن في الموانئ الصغيرة تراجعت بمقدار الثلث منذ بدء تطبيق القواعد الجديدة.",
        "وتفرض القواعد على كل سفينة تقديم بيان حمولتها قبل يومين من وصولها إلى الميناء.",
    ]
    d = textdump.decide("\n".join(lines))
    found = dict(textdump.title_candidates(d.lines, *d.region))
    opening = textdump.TITLE_FEATURES.index("opening")
    assert found[0][opening] >= 0.5
    assert found[1][opening] < 0.5  # (its words, once its own are set aside)
    assert strip("\n".join(lines)).title == lines[0]
