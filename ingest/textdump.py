"""The text-dump stripper: a plain-text dump of a whole page → title, article lines, metadata,
and every removed line with the reason it was removed.

How it decides, in four passes (each removed line records the rule that removed it):

1. **Line signals.** Each non-blank line is matched against the multilingual chrome vocabulary
   (``vocab.py``: bylines, share bars, related headings, ad labels...), date lines (``dates.py``)
   and breadcrumb shape. Unmatched lines are *prose* (long, sentence-like, with function words)
   or *short* (headings, labels, list items).
2. **Main region.** Prose lines weigh their word count, short lines a little below zero, chrome
   lines well below, lines that closes articles (tags, comment form...) most. The article is the
   contiguous run of lines with the largest total weight (maximum subarray): menus, teasers and
   footers around it fall away, subheadings and lists inside it stay.
3. **Article end.** Inside the region, a closing line (source, tags, comment form...) with more
   prose before it than after ends the article; a related or "read also" heading ends it when the
   prose after it is about the teaser's title rather than the article (title words reappear), so
   an inline "اقرأ أيضا" box is cut out while the article goes on.
4. **Title and labels.** The title is the line around the top of the article that reads most
   like its headline (``title_line``: its words open the article, it stands above it, it does
   not end like a sentence), or the page's first line when the page was saved from its headline
   down; a one- or two-word line above it is the section label. Metadata (author, dates, source,
   tags, section) comes from the removed lines.

Then the learned line model (``linemodel``) reviews the lines the rules kept and removes those it
takes for chrome (reason ``line-model``); ``model=False`` leaves the rules alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, repeat
from sys import intern
from typing import Any

from ingest import dates, linemodel, vocab
from ingest.document import Removed
from ingest.language import all_stopwords
from ingest.normalize import fold

REVISION = "9"

PROSE_MIN_WORDS = 8
LONG_LINE_WORDS = 16
HEAD_WORDS = 12
TITLE_CASE_MAX_WORDS = 20
END_WEIGHT = -25.0
CHROME_WEIGHT = -4.0
SHORT_WEIGHT = -1.0
REPEATED_WEIGHT = -4.0
RUN_PENALTY = 0.0
RUN_CAP = 4
MENU_WORDS = 3
DEDUP_WORDS = 6
MAX_GAP = 15
MIN_JOIN_WORDS = 20
MIN_BODY_WORDS_BEFORE_END = 30
COHESION = 0.3
CARD_SUMMARY_WORDS = 30
TABLE_MIN_ROWS = 3
TABLE_MAX_COLUMNS = 8
TABLE_CELL_WORDS = 8
TABLE_AGREEMENT = 0.85

_BULLET = re.compile(r"^\s*(?:[•·▪◦●○■□►▸\-–—*+]|\d{1,2}[.)])\s+")
_BULLET_FIRST = frozenset("•·▪◦●○■□►▸-–—*+ \t")
_SENTENCE_END = re.compile(r"(?:[.!?؟…。۔:;]|[.!?؟…][\"'”’»)\]]+)\s*$")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{3,}")
_NOT_TITLE_END = re.compile(r"[.…:;،,]\s*$")
_TOKEN = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_CRUMB_SEP = re.compile(r"\s*(?:»|›|>|/|\||\\|→|·)\s*|\s+[-–—]\s*|\s*[-–—]\s+")
_META_REASONS = frozenset(
    {"byline", "dateline", "source-line", "tags-line", "section-label", "section-line", "section-breadcrumb"}
)
_CRUMB_CHAR = re.compile(r"[»›>/|\\→·\-–—]")
_TAG_SPLIT = re.compile(r"\s*(?:[,،;|#•·/]|\s{2,})\s*")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_ITEM_BUTTONS = frozenset({"share", "follow"})
"""Buttons a live blog or a list article repeats under every item: when they recur
``ITEM_BUTTON_REPEATS`` times, they weigh as light chrome, not as the end of an article."""
ITEM_BUTTON_REPEATS = 3
_DATA_ROW = re.compile(r"^(?:[-•*]\s*)?[^:：\d]{2,60}[:：]\s*[^:：]{0,40}\d[^:：]{0,40}$")
_CRUMB_ENDS = ("›", "»", ">", "/", "|", "→")
_CRUMB_END = re.compile(f"[{''.join(_CRUMB_ENDS)}]")
_KEY = re.compile(r"[^\W\d_]\s*[:：]")
_ITEM_SEPS = ("|", "::", " • ", " · ")
_ITEM_SEP = re.compile(r"\s*(?:" + "|".join(map(re.escape, _ITEM_SEPS)) + r")\s*")
_CELL_NUMBER = re.compile(r"^[(\[]?[-+−–]?[$€£¥]?\s?\d[\d.,:/\s]*\s?(?:%|[^\W\d_]{1,3}\.?|[$€£¥])?[)\]]?$")
_COMMENT_KINDS = frozenset({"comment-author", "dateline", "form-field", "comment-form", "comment-count"})
CLOSING_WINDOW = 10
_DATED = frozenset({"dateline", "byline"})
"""After a related heading, one title then a date or byline line, then prose: a whole other article."""
_BLOCK_ENDS = vocab.END_KINDS | vocab.HEADING_KINDS | vocab.ALWAYS_END_KINDS
_STRONG_END = vocab.END_KINDS - vocab.HEADING_KINDS - {"share", "follow"}


@dataclass(slots=True)
class Line:
    no: int
    text: str
    folded: str
    words: int
    bullet: bool
    kind: str | None = None
    prose: bool = False
    head: tuple[str, ...] = ()
    """The first ``HEAD_WORDS`` word tokens (for the line model)."""
    titlecase: bool = False
    repeated: bool = False
    item_button: bool = False
    """A bare "Share" button repeated under every item of a live blog or list (``_signals``)."""
    cell: bool = False
    """A cell of a data table dumped one cell per line (``_tables``)."""

    @property
    def weight(self) -> float:
        if self.kind is not None:
            return END_WEIGHT if self.kind in vocab.HEAVY_KINDS and not self.item_button else CHROME_WEIGHT
        if self.prose:
            return float(self.words)
        return REPEATED_WEIGHT if self.repeated else SHORT_WEIGHT


@dataclass(slots=True)
class Stripped:
    title: str | None = None
    body: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Decision:
    """What the rules decided for each line of a page (``strip`` before the line model)."""

    lines: list[Line]
    kept: list[bool]
    reasons: dict[int, str]
    title_at: int = -1
    start: int = -1
    end: int = -1
    region: tuple[int, int] = (-1, -1)
    """The article's lines before the edges were trimmed (where the title was looked for)."""


def decide(text: str, max_lines: int = 50_000) -> Decision:
    """Run the rules on a text dump (passes 1 to 4 of the module docstring)."""
    lines = _signals(text, max_lines)
    kept = [False] * len(lines)
    reasons: dict[int, str] = {}
    if not lines:
        return Decision(lines, kept, reasons)
    start, end = _region(lines)
    if start < 0:
        return Decision(lines, kept, {i: line.kind or "no-article" for i, line in enumerate(lines)})
    _table_of_contents(lines, reasons)
    end = _article_end(lines, start, end, reasons)
    title_at = _title(lines, start, end, reasons)
    region = (start, end)
    start, end = _trim(lines, start, end, title_at, reasons)
    for i in _tables(lines, start, end):
        lines[i].cell, lines[i].kind = True, None
        reasons.pop(i, None)
    for i in _data_rows(lines, start, end):
        lines[i].cell = True
    _stray_labels(lines, start, end, reasons)
    for i in range(start, end + 1):
        kept[i] = i != title_at and lines[i].kind is None and i not in reasons
    _drop_repeats(lines, kept, reasons)
    return Decision(lines, kept, reasons, title_at, start, end, region)


def strip(text: str, *, max_lines: int = 50_000, model: bool | linemodel.LineModel = True) -> Stripped:
    """Strip a text dump. Never raises on any string; the output lines are input lines.

    ``model``: let the learned line model (the shipped one, or this one) remove kept lines it
    takes for chrome (reason ``line-model``); ``False``: the rules alone.
    """
    d = decide(text, max_lines)
    lines, kept, reasons, title_at, start, end = d.lines, d.kept, d.reasons, d.title_at, d.start, d.end
    out = Stripped()
    if start < 0:
        out.removed = [Removed(line.no, line.text, reasons[i]) for i, line in enumerate(lines)]
        return out
    _review(d, model, "text")
    after_heading: str | None = None
    menu = _menu_lines(lines)
    for i, line in enumerate(lines):
        if i == title_at:
            out.title = line.text
        elif kept[i]:
            out.body.append(line.text)
        else:
            if line.kind in vocab.HEADING_KINDS and i > start:
                after_heading = "related-article" if line.kind == "read-also-heading" else "related-list"
            reason = reasons.get(i) or line.kind
            if reason is None:
                reason = after_heading if (after_heading and i > end) else _outside(i, start, menu)
            out.removed.append(Removed(line.no, line.text, reason))
    out.meta = meta_of(out.removed)
    return out


def _review(d: Decision, model: bool | linemodel.LineModel, kind: str) -> None:
    """Let the line model (``model``, or the shipped one for pages of ``kind`` when True) remove
    the kept lines it takes for chrome."""
    reviewer = model if isinstance(model, linemodel.LineModel) else linemodel.load(kind) if model else None
    if reviewer is not None:
        for i in reviewer.review(d.lines, d.kept, d.title_at):
            if d.lines[i].cell:
                continue  # table cells: short and numeric, which the model was not shown
            d.kept[i] = False
            d.reasons[i] = "line-model"


def refine_decide(text: str) -> Decision:
    """The rules of ``refine``, before the line model."""
    lines = _signals(text, 50_000)
    for line in lines:  # rows of tables trafilatura kept are data, not datelines or breadcrumbs
        if line.kind == "section-breadcrumb" or (line.kind is not None and _TABLE_ROW.match(line.text)):
            line.kind = None
    reasons: dict[int, str] = {}
    _table_of_contents(lines, reasons)
    end = _article_end(lines, 0, len(lines) - 1, reasons)
    kept = [i <= end and line.kind is None and i not in reasons for i, line in enumerate(lines)]
    _drop_repeats(lines, kept, reasons)
    return Decision(lines, kept, reasons, -1, 0, end)


def _drop_repeats(lines: list[Line], kept: list[bool], reasons: dict[int, str]) -> None:
    """A paragraph kept twice is kept once (a page that prints its article twice, for two screen
    sizes; a box that repeats a paragraph)."""
    emitted: set[str] = set()
    for i, line in enumerate(lines):
        if not kept[i] or line.words < DEDUP_WORDS:
            continue
        if line.folded in emitted:
            kept[i] = False
            reasons[i] = "repeated-line"
        emitted.add(line.folded)


def refine(text: str, *, model: bool | linemodel.LineModel = False) -> Stripped:
    """Line rules for text another extractor already reduced to the article (trafilatura's output):
    chrome lines, inline teasers, tables of contents and the article's end (related lists,
    comments) go; no region is chosen and no title is looked for. ``model``: let the HTML line
    model (or this one) remove kept lines it takes for chrome."""
    d = refine_decide(text)
    lines, kept, reasons, end = d.lines, d.kept, d.reasons, d.end
    _review(d, model, "html")
    out = Stripped()
    after_heading: str | None = None
    for i, line in enumerate(lines):
        if kept[i]:
            out.body.append(line.text)
            continue
        if line.kind in vocab.HEADING_KINDS:
            after_heading = "related-article" if line.kind == "read-also-heading" else "related-list"
        reason = (
            reasons.get(i) or line.kind or (after_heading if after_heading and i > end else "after-article")
        )
        out.removed.append(Removed(line.no, line.text, reason))
    return out


def _menu_lines(lines: list[Line]) -> list[bool]:
    """Lines that stand among short lines: at least 3 of the 5 around them have ≤ 4 words."""
    short = [not ln.prose and ln.words <= 4 for ln in lines]
    cum = [0]
    for flag in short:
        cum.append(cum[-1] + flag)
    n = len(lines)
    return [short[i] and cum[min(n, i + 3)] - cum[max(0, i - 2)] >= 3 for i in range(n)]


def _outside(i: int, start: int, menu: list[bool]) -> str:
    """Reason for an unclassified line outside the article: a menu item when it stands among
    short lines (navigation lists), else plain header or footer material."""
    if menu[i]:
        return "menu"
    return "header" if i < start else "footer"


def _signals(text: str, max_lines: int) -> list[Line]:
    lines: list[Line] = []
    for no, raw in enumerate(text.splitlines()[:max_lines], start=1):
        s = raw.strip()
        if s:
            lines.append(Line(no, s, *line_signals(s)))
    counts = Counter(line.folded for line in lines)
    for line in lines:
        line.repeated = line.words <= 12 and counts[line.folded] > 1
        if line.kind in _ITEM_BUTTONS and counts[line.folded] >= ITEM_BUTTON_REPEATS:
            line.item_button = _button(line)  # not the page's share bars (network names, once or twice)
        if line.kind is None and line.words > 3 and _crumb_to(line, counts):
            line.kind, line.prose = "section-breadcrumb", False
    return lines


@lru_cache(maxsize=1 << 16)
def line_signals(s: str) -> tuple[str, int, bool, str | None, bool, tuple[str, ...], bool]:
    """What one stripped line says on its own: (folded text, words, bullet, chrome kind, prose,
    first words, title case). A pure function of the line, cached: site chrome repeats across
    the pages of a site."""
    m = _BULLET.match(s) if s[0] in _BULLET_FIRST or s[0].isdigit() else None
    core = s[m.end() :] if m else s
    folded = fold(core)
    n = folded.count(" ") + 1
    if n > LONG_LINE_WORDS:  # long lines are prose unless a chrome rule for long lines fires
        bare = list(map(str.strip, folded.split(), repeat(vocab.WORD_PUNCTUATION)))
        title = len(bare) < TITLE_CASE_MAX_WORDS and _title_case(core)
        kind = vocab.classify_prose(folded, bare) or _item_list(core)
        if kind is None and "|" in core and dates.looks_like_dateline(core):  # "Published … | Updated …"
            kind = "dateline"
        head = tuple(map(intern, filter(None, bare[:HEAD_WORDS])))
        return folded, len(bare), m is not None, kind, kind is None and not title, head, title
    toks = vocab.tokens(folded)
    n = len(toks)
    title = n < TITLE_CASE_MAX_WORDS and _title_case(core)
    kind = vocab.classify(folded, toks)
    if (
        kind is None
        and (n <= 14 or "|" in core)
        and _DIGIT.search(folded)
        and dates.looks_like_dateline(core)
    ):
        kind = "dateline"
    if kind is None and 4 <= n <= 16 and toks[0] in vocab.BYLINE_FIRST and _dated_byline(core):
        kind = "byline"  # "By Jane Doe - 12 March 2024"
    if kind is None and n >= 3:
        kind = _item_list(core)
        if kind is not None and vocab.classify(fold(_ITEM_SEP.split(core, 1)[0])) == "byline":
            kind = "byline"  # "By X · Sept. 18, 2024 · 4 min read"
    if kind is None and n <= 9 and _CRUMB_CHAR.search(core) and _is_breadcrumb(core, toks, all_stopwords()):
        kind = "section-breadcrumb"
    prose = False
    if kind is None and n >= PROSE_MIN_WORDS and not title:
        prose = n >= 15 or bool(_SENTENCE_END.search(core))
        if not prose and n >= 10:
            prose = sum(map(all_stopwords().__contains__, toks)) >= 0.25 * n
    return folded, n, m is not None, kind, prose, tuple(map(intern, toks[:HEAD_WORDS])), title


def _dated_byline(core: str) -> bool:
    """A byline, then a separator and a date: "By Jane Doe - 12 March 2024", "Par Jean Dupont,
    Le Monde | 12 mars 2024" (what precedes the first separator is a byline; what follows one of
    the separators is a date)."""
    seps = list(_BYLINE_SEP.finditer(core))
    name = core[: seps[0].start()] if seps else ""
    if not name.rstrip(".")[-1:].isalpha() or vocab.classify(fold(name)) != "byline":
        return False  # (a name ends with a letter: not "by user ( 5754788 ) writes: on …")
    return any(dates.looks_like_dateline(core[sep.end() :]) for sep in seps)


_DATE_START = r"(?:" + "|".join(sorted(map(re.escape, dates.MONTHS), key=len, reverse=True)) + r")\.?\s+\d|\d"
_DATE_AHEAD = rf"\s+(?:(?:في|at|le|on|am)\s+)?(?={_DATE_START})"
"""Where a date starts after a name ("X 12 March", "X at December 16"): a month name and a
number, or a number."""
_BYLINE_SEP = re.compile(r"\s*[,،|·•]\s*|\s+[-–—]\s+|" + _DATE_AHEAD, re.IGNORECASE)


def _crumb_to(line: Line, lines: Counter[str]) -> bool:
    """A breadcrumb ending with a line of the page ("Home › Economy › <the headline>"): two
    sections or more of at most three words, then the text of another line."""
    folded = line.folded
    if not _CRUMB_END.search(folded):
        return False
    if not any(sep in folded and folded.rpartition(sep)[2].strip() in lines for sep in _CRUMB_ENDS):
        return False  # (cheap test first: no separator is followed by the text of a line)
    parts = [p for p in _CRUMB_SEP.split(folded) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts[:-1])


def _button(line: Line) -> bool:
    """A bare "Share" button (a verb, no network names)."""
    toks = line.folded.split()
    return len(toks) <= 2 and all(t.strip(vocab.WORD_PUNCTUATION) in vocab.SHARE_VERBS for t in toks)


def _item_list(core: str) -> str | None:
    """A line of items between separators ("Home | Sport | Culture", a ticker of scores or
    headlines): ``"menu"`` when there are four items or more of at most three words, ``"ticker"``
    for three or more of at most eight words, none ending a sentence. A table row written
    ``| a | b |`` is data, not a list."""
    if sum(map(core.count, _ITEM_SEPS)) < 2 or _TABLE_ROW.match(core):
        return None  # (the cheap test first: most lines have no separator at all)
    items = [p for p in _ITEM_SEP.split(core) if p.strip()]
    if len(items) < 3 or any(_SENTENCE_END.search(p) for p in items):
        return None
    if sum(bool(_KEY.search(p)) for p in items) * 2 >= len(items):  # "CPU: … | RAM: …": a spec row
        return None
    sizes = [len(_TOKEN.findall(p)) for p in items]
    if len(items) >= 4 and max(sizes) <= 3:
        return "menu"
    return "ticker" if max(sizes) <= 8 else None


def _title_case(core: str) -> bool:
    """Most longer Latin-script words capitalized: a headline or a link title, not a sentence."""
    if len(core) < 14:  # three words of four letters and two spaces at the least
        return False
    long = _LATIN_WORD.findall(core, 0, 200)
    return len(long) >= 3 and sum(1 for w in long if w[0].isupper()) >= 0.75 * len(long)


def _is_breadcrumb(core: str, toks: list[str], stop: frozenset[str]) -> bool:
    if len(toks) > 9 or (_SENTENCE_END.search(core) and not core.endswith(("»", ">"))):
        return False
    parts = [p for p in _CRUMB_SEP.split(core) if p.strip()]
    if len(parts) < 2 or len(_CRUMB_SEP.findall(core)) < 1:
        return False
    if any(not 1 <= len(_TOKEN.findall(p)) <= 3 for p in parts):
        return False
    return not any(t in stop for t in toks)


def _region(lines: list[Line]) -> tuple[int, int]:
    """The contiguous run of lines with the largest total weight (Kadane)."""
    best, best_span = 0.0, (-1, -1)
    total, begin, run = 0.0, 0, 0
    for i, line in enumerate(lines):
        w = line.weight
        run = run + 1 if (line.kind is not None or line.words <= MENU_WORDS) and not line.prose else 0
        if run > 1:  # long runs of menu-like lines (navigation, card grids) separate blocks
            w -= RUN_PENALTY * min(run - 1, RUN_CAP)
        if total <= 0:
            total, begin = w, i
        else:
            total += w
        if total > best:
            best, best_span = total, (begin, i)
    if best_span[0] >= 0:
        return _extend(lines, *best_span)
    # No prose at all: a one-paragraph page. Take its longest plain line.
    plain = [i for i, line in enumerate(lines) if line.kind is None and line.words >= 3]
    if not plain:
        return -1, -1
    i = max(plain, key=lambda k: lines[k].words)
    return i, i


def _trim(lines: list[Line], start: int, end: int, title_at: int, reasons: dict[int, str]) -> tuple[int, int]:
    """Short lines at the very edges of the article are labels, names and calls to action, not text."""
    while end > start and not lines[end].prose and not _sentence_like(lines[end]):
        end -= 1
    while start < end and (
        start == title_at or (not lines[start].prose and not _heading_of_next(lines, start))
    ):
        start += 1
    return start, end


def _tables(lines: list[Line], start: int, end: int) -> list[int]:
    """Lines of ``lines[start : end + 1]`` that are cells of a data table dumped one cell per line:
    a run of short lines whose shape (a number or not) repeats with a period of 2 to
    ``TABLE_MAX_COLUMNS`` lines for ``TABLE_MIN_ROWS`` rows or more (a header row may lead), with a
    column of numbers that is not just a rank (1, 2, 3...)."""
    cells: list[int] = []
    i = start
    while i <= end:
        j = i
        while j <= end and not lines[j].prose and lines[j].words <= TABLE_CELL_WORDS and not lines[j].bullet:
            j += 1
        if j - i >= 2 * TABLE_MIN_ROWS:
            cells += _table_in(lines, i, j)
        i = j + 1
    return cells


def _data_rows(lines: list[Line], start: int, end: int) -> list[int]:
    """Runs of two or more "label: figure" lines inside the article ("Chemicals: 25.8",
    "الدولار: ١٣٫٥٠٠ ليرة"): data the story lists, not labels."""
    rows: list[int] = []
    run: list[int] = []
    for i in range(start, end + 2):
        if i <= end and lines[i].kind is None and not lines[i].prose and _DATA_ROW.match(lines[i].text):
            run.append(i)
            continue
        if len(run) >= 2:
            rows += run
        run = []
    return rows


def _table_in(lines: list[Line], lo: int, hi: int) -> range:
    """The longest table in ``lines[lo:hi]`` that runs to its end (see ``_tables``)."""
    texts = [ln.text for ln in lines[lo:hi]]
    numeric = [bool(_CELL_NUMBER.match(t)) for t in texts]
    best = range(0)
    for p in range(2, TABLE_MAX_COLUMNS + 1):
        for skip in range(p + 1):  # header lines before the first row
            body = numeric[skip:]
            rows = len(body) // p
            if rows < TABLE_MIN_ROWS or rows * p <= len(best):
                continue
            same = sum(body[k] == body[k + p] for k in range(len(body) - p))
            if same < TABLE_AGREEMENT * (len(body) - p):
                continue
            cells = texts[skip:]
            if any(_data_column(body[c::p][:rows], cells[c::p][:rows]) for c in range(p)):
                best = range(lo, lo + skip + rows * p)  # the header lines with the table
    return best


def _data_column(numeric: list[bool], texts: list[str]) -> bool:
    """Mostly numbers, and not a rank (consecutive integers: 1, 2, 3... or 4, 5, 6...)."""
    if sum(numeric) < 0.8 * len(numeric):
        return False
    ranks = [t.rstrip(".)") for t in texts]
    if all(r.isdigit() for r in ranks):
        return any(int(b) != int(a) + 1 for a, b in pairwise(ranks))
    return True


def _stray_labels(lines: list[Line], start: int, end: int, reasons: dict[int, str]) -> None:
    """Short lines inside the article that neither head the text after them (subheadings) nor sit
    in a list, nor read as a sentence: buttons, labels, calls to action, widget leftovers."""
    for i in range(start, end + 1):
        line = lines[i]
        if (
            line.kind is not None
            or line.prose
            or line.bullet
            or line.cell
            or i in reasons
            or _heading_of_next(lines, i)
        ):
            continue
        if _sentence_like(line) or line.text.endswith((":", "：")):
            continue
        reasons[i] = "stray-label"


def _sentence_like(line: Line) -> bool:
    return (
        line.prose
        or line.bullet
        or line.cell
        or (line.words >= 4 and line.text.endswith((".", ":", "：", "؟", "?", "!")))
    )


def _heading_of_next(lines: list[Line], i: int) -> bool:
    """A short line directly followed by text (prose, a list, a short sentence): a subheading."""
    return i + 1 < len(lines) and lines[i].words <= 20 and _sentence_like(lines[i + 1])


def _table_of_contents(lines: list[Line], reasons: dict[int, str]) -> None:
    """After a "Table of contents" heading, the entries: short lines that recur later in the page
    (as the article's own subheadings, which stay)."""
    last: dict[str, int] = {}
    for i, line in enumerate(lines):
        last[line.folded] = i
    for i, line in enumerate(lines):
        if line.kind != "table-of-contents":
            continue
        j = i + 1
        while j < len(lines) and not lines[j].prose and last[lines[j].folded] > j:
            if lines[j].kind is None:
                reasons[j] = "table-of-contents"
            j += 1


def _extend(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """Join neighbouring prose blocks across gaps that hold no hard chrome (a list, a caption,
    an ad label between two parts of the article), so long lists do not cut an article in two."""
    n = len(lines)
    while True:
        j = end + 1
        while j < n and not lines[j].prose:
            if lines[j].kind in vocab.END_KINDS or lines[j].kind in vocab.HEADING_KINDS or lines[j].repeated:
                break
            j += 1
        if j >= n or not lines[j].prose or j - end - 1 > MAX_GAP:
            break
        k = j
        while k + 1 < n and (lines[k + 1].prose or (lines[k + 1].kind is None and not lines[k + 1].repeated)):
            k += 1
        if sum(ln.words for ln in lines[j : k + 1] if ln.prose) < MIN_JOIN_WORDS:
            break
        end = k
    while True:
        j = start - 1
        while j >= 0 and not lines[j].prose:
            if lines[j].kind in vocab.END_KINDS or lines[j].kind in vocab.HEADING_KINDS or lines[j].repeated:
                break
            j -= 1
        if j < 0 or not lines[j].prose or start - j - 1 > MAX_GAP:
            break
        k = j
        while k - 1 >= 0 and (
            lines[k - 1].prose or (lines[k - 1].kind is None and not lines[k - 1].repeated)
        ):
            k -= 1
        if sum(ln.words for ln in lines[k : j + 1] if ln.prose) < MIN_JOIN_WORDS:
            break
        start = k
    return start, end


def _article_end(lines: list[Line], start: int, end: int, reasons: dict[int, str]) -> int:
    """Cut the region where the article ends (see pass 3 in the module docstring)."""
    cum = [0]  # cum[k] = prose words in lines[start : start + k]
    for line in lines[start : end + 1]:
        cum.append(cum[-1] + (line.words if line.prose and line.kind is None else 0))
    i = start
    while i <= end:
        line = lines[i]
        before = cum[i - start]
        if before >= MIN_BODY_WORDS_BEFORE_END:
            if line.kind in vocab.ALWAYS_END_KINDS and _closing_block(lines, i):
                return i - 1
            if (
                line.kind in _STRONG_END
                and cum[-1] - cum[i - start + 1] < before
                and _closing_block(lines, i, 1)
            ):
                return i - 1
        if line.kind in vocab.HEADING_KINDS and before >= MIN_BODY_WORDS_BEFORE_END:
            j = i + 1
            teasers: list[int] = []
            while (
                j <= end
                and (
                    not lines[j].prose
                    or (_headline_like(lines[j]) and (not teasers or lines[j].words <= LONG_LINE_WORDS))
                )
                and not (teasers and lines[j].kind in _BLOCK_ENDS)
            ):
                if lines[j].kind is None:
                    teasers.append(j)
                j += 1
            if j > end:  # the heading and its list close the region
                return i - 1
            label = "related-article" if line.kind == "read-also-heading" else "related-list"
            if lines[j].kind in _BLOCK_ENDS:  # the list ends at closing chrome or another heading
                for t in teasers:
                    reasons[t] = label
                i = j
                continue
            context = {t for ln in lines[start:i] for t in _TOKEN.findall(ln.folded)}
            dated = len(teasers) == 1 and any(lines[m].kind in _DATED for m in range(teasers[0] + 1, j))
            if dated or any(
                _coverage(lines[t].folded, lines[j].folded, context) >= COHESION for t in teasers
            ):
                card = _card_end(lines, j, end)
                if not card:
                    return i - 1  # the prose after the teaser is the teaser's own article
                teasers += card  # a card: the teaser's one-paragraph summary and its labels
                j = card[-1] + 1
            for t in teasers:
                reasons[t] = label
            i = j
            continue
        i += 1
    return end


def _card_end(lines: list[Line], j: int, end: int) -> list[int]:
    """The lines of a card when the prose at ``j`` (after a related heading and a teaser) is its
    summary, not the teaser's own article: one short paragraph, then labels (site, count, author:
    chrome or a few words), and the article goes on after them. Empty when it is an article."""
    if lines[j].words > CARD_SUMMARY_WORDS or j + 1 > end or lines[j + 1].prose:
        return []
    k = j + 1
    while k <= end and not lines[k].prose:
        k += 1
    labels = [m for m in range(j + 1, k) if lines[m].kind is not None or lines[m].words <= 3]
    return [j, *labels] if k <= end and len(labels) >= 2 else []


def _closing_block(lines: list[Line], i: int, needed: int = 2) -> bool:
    """Closing chrome followed by more of it (comment authors, dates, reply links, forms, related
    headings), as at the end of an article; not a byline above the body or a chart's source line."""
    window = lines[i + 1 : i + 1 + CLOSING_WINDOW]
    closing = sum(
        1
        for ln in window
        if (ln.kind in vocab.END_KINDS or ln.kind in _COMMENT_KINDS or ln.kind in vocab.HEADING_KINDS)
        and ln.kind != "source-line"  # charts' source lines follow one another through an article
    )
    return closing >= needed or (needed == 1 and i + 1 >= len(lines))


def _stem(tok: str) -> str:
    for pre in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if tok.startswith(pre) and len(tok) - len(pre) >= 3:
            tok = tok[len(pre) :]
            break
    return tok[:5]


def _coverage(title: str, para: str, context: set[str]) -> float:
    """Share of the title's distinctive words (absent from the article so far) found in ``para``."""
    words = _content([t for t in _TOKEN.findall(title) if t not in context])
    if len(words) < 2:
        return 0.0
    para_words = {_stem(t) for t in _TOKEN.findall(para)}
    return len(words & para_words) / len(words)


def _headline_like(line: Line) -> bool:
    return (
        line.kind is None
        and 2 <= line.words <= 30
        and not line.bullet
        and not line.text.endswith((":", "：", ".", "،", ","))
        and not line.repeated
    )


def _title(lines: list[Line], start: int, end: int, reasons: dict[int, str]) -> int:
    """Index of the title line (``title_line``), or -1; marks a section label above it in ``reasons``."""
    at = title_line(lines, start, end)
    if at > 0:
        above = lines[at - 1]
        if above.kind is None and above.words <= 3 and not above.bullet and (at - 1 == 0 or at - 1 < start):
            reasons[at - 1] = "section-label"
    return at


def title_line(lines: list[Line], start: int, end: int) -> int:
    """Index of the title of the article ``lines[start : end + 1]``, or -1.

    The title is the candidate (``title_candidates``) that reads most like the headline of this
    article (``title_score``). When none is likely to be, a page saved from its headline down has
    that line for a title: the article's first line, or the page's first line right above it, when
    it reads like a headline. Else there is none."""
    scored = [(title_score(f), i) for i, f in title_candidates(lines, start, end)]
    score, at = max(scored, default=(TITLE_MIN_SCORE, -1))
    if score >= TITLE_MIN_SCORE:
        return at
    for i in (start, 0) if start == 1 else (start,):
        line = lines[i]
        if _headline_like(line) and line.words <= 25 and not _NOT_TITLE_END.search(line.text):
            return i if end > i else -1
    return -1


TITLE_WINDOW = 40
"""Lines above the article searched for its title (whole-page dumps put menus, breadcrumbs, the
byline, share bars and captions between the headline and the first paragraph)."""
TITLE_INTO = 6
"""... and lines into the article (its region may begin above the headline)."""
TITLE_OPENING_WORDS = 150
"""The article's opening: its first content words, which a headline announces."""
TITLE_FEATURES = (
    "opening", "at_start", "inside", "titlecase", "log_words", "repeated", "prose",
    "crumb", "end_punct", "bullet", "short",
)  # fmt: skip
TITLE_WEIGHTS = (4.28, -0.34, -2.28, 0.61, 1.38, 0.17, -0.58, -2.19, -2.99, -2.54, -1.55)
TITLE_BIAS = -6.76
"""A logistic regression over the candidates of the WCXB dev pages (tuning split), the gold
title's line against the others: ``scripts/fit_title.py`` prints these. What weighs most: the
share of the line's words that open the article, then being above it, punctuation and length."""
TITLE_MIN_SCORE = -2.2
"""Below this score (a probability of 0.1) a page has no title rather than a wrong one."""


def title_candidates(lines: list[Line], start: int, end: int) -> list[tuple[int, tuple[float, ...]]]:
    """The lines that may be the title of the article ``lines[start : end + 1]`` with their
    ``TITLE_FEATURES``: lines of 2 to 30 words with content words, unclassified (or a breadcrumb
    ending with the headline), from ``TITLE_WINDOW`` lines above the article to ``TITLE_INTO``
    lines into it. A line of the opening does not count its own words as the opening's."""
    opening: Counter[str] = Counter()  # stem → the article's opening prose lines holding it
    opens: dict[int, set[str]] = {}  # the opening's lines → their words
    for i in range(start, end + 1):
        if len(opening) >= TITLE_OPENING_WORDS:
            break
        if lines[i].prose:
            opens[i] = _content(_TOKEN.findall(lines[i].folded))
            opening.update(opens[i])
    out = []
    for i in range(max(0, start - TITLE_WINDOW), min(end, start + TITLE_INTO)):
        line = lines[i]
        if not 2 <= line.words <= 30 or line.kind not in (None, "section-breadcrumb"):
            continue
        words = opens[i] if i in opens else _content(_TOKEN.findall(line.folded))
        if not words:
            continue
        n = len(words)
        features = (
            sum(opening[w] > (i in opens) for w in words) / n,
            float(i == start),
            float(i > start),
            float(line.titlecase),
            math.log1p(line.words),
            float(line.repeated),
            float(line.prose),
            float(line.kind is not None),
            float(bool(_NOT_TITLE_END.search(line.text))),
            float(line.bullet),
            float(line.words <= 3),
        )
        out.append((i, features))
    return out


def _content(tokens: list[str] | tuple[str, ...]) -> set[str]:
    """Content words, stemmed: not function words, three letters or more."""
    words = set(map(_content_stem, tokens))
    words.discard("")
    return words


@lru_cache(maxsize=1 << 16)
def _content_stem(token: str) -> str:
    return _stem(token) if len(token) > 2 and token not in all_stopwords() else ""


def title_score(features: tuple[float, ...]) -> float:
    """How much a candidate reads like the headline (log-odds; see ``TITLE_WEIGHTS``)."""
    return TITLE_BIAS + sum(w * f for w, f in zip(TITLE_WEIGHTS, features, strict=True))


def author_of(byline: str) -> str | None:
    """The name in a byline: "By DAVID KAMAU, Associated Press" → "David Kamau", "نشر بواسطة محمود
    عبد الرحيم في ١١:٢٠ ص" → "محمود عبد الرحيم"."""
    name = _BYLINE_LABEL.sub("", byline.strip(), count=1)
    name = _AUTHOR_END.split(name)[0].strip(" -–—:،,")
    if name.isascii() and name.isupper() and " " in name:
        name = name.title()  # wire bylines are in capitals (an agency's letters, "AFP", stay)
    return name or None


_BYLINE_LABEL = re.compile(
    r"^\W*(?:"
    + "|".join(sorted(map(re.escape, vocab.BYLINE_LABELS), key=len, reverse=True))
    + r")(?!\w)\s*[:：\-–—]?\s*",
    re.IGNORECASE,
)
_AUTHOR_END = re.compile(
    r"\s+[|•·]\s+|\s+[-–—]\s+(?=\S*\d)|[,،;]\s|" + _DATE_AHEAD,
    re.IGNORECASE,
)


def meta_of(removed: list[Removed]) -> dict[str, Any]:
    """Metadata read from removed lines: author and dates (bylines, datelines), source, tags,
    section and breadcrumb; the first line of each kind wins."""
    meta: dict[str, Any] = {}
    for r in removed:
        if r.reason not in _META_REASONS:
            continue
        text = _BULLET.sub("", r.text, count=1)
        if r.reason == "byline" and "author" not in meta:
            author = author_of(text)
            if author:
                meta["author"] = author
            # "By X · Sept. 18, 2024, 6:14 AM ET · 4 min read", "By X - 12 March 2024"
            parts = [text, *_ITEM_SEP.split(text)[1:], *(text[m.end() :] for m in _BYLINE_SEP.finditer(text))]
            when = next(
                filter(None, (dates.parse(p) for p in parts if dates.looks_like_dateline(p, max_words=40))),
                None,
            )
            if when and "published" not in meta:
                meta["published"] = when
        elif r.reason == "dateline":
            when = dates.parse(text)
            key = "updated" if re.search(r"updated|mis a jour|تحديث", fold(text)) else "published"
            if when and key not in meta:
                meta[key] = when
        elif r.reason == "source-line" and "source" not in meta:
            meta["source"] = re.split(r"\s*[:：]\s*", text, maxsplit=1)[-1].strip()
        elif r.reason == "tags-line" and "tags" not in meta:
            rest = re.split(r"\s*[:：]\s*", text, maxsplit=1)
            if len(rest) == 2 and rest[1]:
                meta["tags"] = [t for t in _TAG_SPLIT.split(rest[1]) if t]
        elif r.reason in ("section-label", "section-line") and "section" not in meta:
            meta["section"] = re.split(r"\s*[:：]\s*", text, maxsplit=1)[-1].strip()
        elif r.reason == "section-breadcrumb" and "breadcrumb" not in meta:
            meta["breadcrumb"] = [p.strip() for p in _CRUMB_SEP.split(text) if p.strip()]
    return meta
