"""A learned second opinion on the line rules: which of the lines the rules kept are chrome after
all, in text dumps (after ``textdump.strip``'s rules) and in trafilatura's output for HTML pages
(after ``textdump.refine``'s rules).

The rules (``textdump``) choose the article and remove the chrome they recognize. What they keep
can still hold lines that only their context gives away: calls to action at the end of a post
("Get in touch today to see how we can help"), newsletter pitches without a telltale phrase,
author blurbs, lists of other posts without a heading. A small gradient-boosted tree ensemble
rates each kept line from its shape (length, punctuation, casing, function words), its words
(a learned table of how often each word is chrome, plus multilingual lists of call-to-action
verbs, marketing words and pronouns), its place in the article and what the rules made of the
lines around it. Lines it rates below the model's threshold are removed with the reason
``line-model``. It never restores a line the rules removed.

One model per kind of page is trained by ``scripts/train_line_model.py`` from pages with a gold
main text (the WCXB dev pages, tuning split) and shipped as ``data/line-model.npz`` (text dumps)
and ``data/line-model-html.npz`` (HTML); inference is numpy only.
The features are computed here, by the same code, for training and for use.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest import vocab
from ingest.language import all_stopwords
from ingest.normalize import fold

if TYPE_CHECKING:
    from ingest.textdump import Line

FEATURES_VERSION = 2
"""Bumped whenever how a feature is computed changes (names alone would not show it): a model
saved with another version is not loaded."""
MODEL_PATHS = {
    "text": Path(__file__).parent / "data" / "line-model.npz",
    "html": Path(__file__).parent / "data" / "line-model-html.npz",
}
"""One model per kind of page: text dumps (lines the rules kept of a whole page) and HTML
(lines of trafilatura's output the rules kept)."""
_SENTENCE_END = (".", "!", "?", "؟", "…", "。", "۔", ":", ";", '."', ".”", "!”", "?”", '!"', '?"', ".)")


def _folded(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for phrase in words for w in phrase.split())


# Verbs that open calls to action (imperatives and their Arabic / French forms).
CTA_VERBS = _folded(
    "subscribe sign join get contact request learn start browse explore download book try call register follow",
    "discover find shop buy order claim schedule see check read watch view visit click apply enroll save grab",
    "unlock upgrade create talk chat reach let need want ready looking",
    "abonnez-vous inscrivez-vous rejoignez téléchargez découvrez contactez suivez lisez regardez achetez",
    "commandez essayez réservez cliquez obtenez profitez demandez inscrivez abonnez",
    "اشترك اشتركوا سجل انضم تابع تابعوا تابعنا حمل حمّل نزل اقرأ شاهد اكتشف تواصل اتصل احصل اطلب تسوق",
    "اشتر جرب احجز زر اضغط انقر ابدأ تعرف اعرف سجّل",
)
# Words of marketing, accounts, support and legal boilerplate.
MARKETING = _folded(
    "free today now newsletter subscribe subscription email inbox sign contact demo quote offer discount",
    "off deal deals sale trial started login account cart shop buy pricing price plans plan services",
    "solutions customers clients team experts expert consultation consult help call support privacy",
    "policy terms cookies rights reserved copyright click here",
    "gratuit gratuitement offre abonnement inscription connexion compte panier boutique tarifs devis",
    "newsletter politique confidentialité droits réservés cliquez",
    "مجانا مجاني عرض خصم اشتراك النشرة البريد تسجيل الدخول حساب سلة متجر الأسعار خدمات عملاء فريق",
    "الخصوصية الشروط الحقوق محفوظة اضغط هنا",
)
YOU = _folded("you your you're yours vous votre vos tu ton ta tes أنت انت لك لكم يمكنك لديك")
WE = _folded("we our us ours nous notre nos نحن لدينا فريقنا موقعنا")

# Per-line features, in model order. Context features follow (see ``features``).
LINE_FEATURES = (
    "logw", "short3", "short6", "prose", "bullet", "repeated", "kind", "end_kind", "kept",
    "end_sent", "end_colon", "end_q", "end_excl", "titlecase", "allcaps", "digits", "stop",
    "cta_first", "mkt", "you", "we", "url", "tok_max", "tok_mean", "tok_min", "tok_known",
)  # fmt: skip
CONTEXT_FEATURES = (
    "frac_before", "frac_after", "pfrac_before", "pfrac_after", "first_kept", "last_kept",
    "prev_heading", "brun", "srun", "rel_pos", "title_overlap", "tok_cover",
)  # fmt: skip
NEIGHBOUR_FEATURES = (
    "logw", "prose", "bullet", "end_sent", "titlecase", "kept", "kind", "stop", "short3", "end_colon",
    "tok_max", "tok_mean",
)  # fmt: skip
NEIGHBOURS = (-2, -1, 1, 2)
FEATURES = (
    *LINE_FEATURES,
    *CONTEXT_FEATURES,
    *(f"{name}@{o:+d}" for o in NEIGHBOURS for name in NEIGHBOUR_FEATURES),
)
_LF = {name: i for i, name in enumerate(LINE_FEATURES)}
_TABLE_COLUMNS = [
    i
    for i, name in enumerate(FEATURES)
    if name.partition("@")[0] in {"tok_max", "tok_mean", "tok_min", "tok_known", "tok_cover"}
]
"""The columns that come from the word table: 0 in ``features(..., table=None)``."""
_COVER = FEATURES.index("tok_cover")
_NB = [_LF[name] for name in NEIGHBOUR_FEATURES]
_STOP, _TOK_MEAN, _TOK_KNOWN = _LF["stop"], _LF["tok_mean"], _LF["tok_known"]
_FIRST_TEXT = _LF["end_sent"]
_TF = {name: i for i, name in enumerate(LINE_FEATURES[_FIRST_TEXT:])}
"""Columns of ``text_features``: the line features from ``end_sent`` on."""
PREDICT_ROWS = 2_048


def text_features(lines: Sequence[Line], table: Table | None) -> np.ndarray:
    """The features of each line that depend on its text alone (``LINE_FEATURES`` from ``end_sent``,
    one row per line); ``table``: the learned word weights (``None``: no table, its features are
    0). Word features look at the line's first words only (``Line.head``): chrome says what it is
    early. The words of all the lines are looked up at once (``_lexicon``) and summed per line."""
    m = len(lines)
    flat, words, owner, lens = _head_words(lines, table)
    n = np.maximum(lens, 1)
    out = np.zeros((m, len(_TF)))
    texts = [ln.text for ln in lines]
    folded = [ln.folded for ln in lines]

    def each(test: Callable[..., object], items: list[str], *args: object) -> np.ndarray:
        return np.fromiter(map(test, items, *map(repeat, args)), bool, count=m)

    out[:, _TF["end_sent"]] = each(str.endswith, texts, _SENTENCE_END)
    out[:, _TF["end_colon"]] = each(str.endswith, texts, (":", "："))
    out[:, _TF["end_q"]] = each(str.endswith, texts, ("?", "؟"))
    out[:, _TF["end_excl"]] = each(str.endswith, texts, "!")
    out[:, _TF["titlecase"]] = np.fromiter((ln.titlecase for ln in lines), bool, count=m)
    out[:, _TF["allcaps"]] = each(str.isupper, texts) & each(str.__contains__, texts, " ")
    out[:, _TF["cta_first"]] = each(CTA_VERBS.__contains__, [ln.head[0] if ln.head else "" for ln in lines])
    out[:, _TF["url"]] = np.logical_or.reduce([each(str.__contains__, folded, mark) for mark in _URL_MARKS])
    alpha = np.bincount(owner, np.fromiter(map(str.isalpha, flat), float, count=len(flat)), m)
    out[:, _TF["digits"]] = (lens - alpha) / n
    for name, word_col in (
        ("stop", _STOP_COL), ("mkt", _MKT_COL), ("you", _YOU_COL), ("we", _WE_COL), ("tok_known", _KNOWN_COL)
    ):  # fmt: skip
        out[:, _TF[name]] = np.bincount(owner, words[:, word_col], m) / n
    known = words[:, _KNOWN_COL] > 0
    weight = words[:, _WEIGHT_COL]
    # Unknown words weigh 0: the sum is the known words'.
    out[:, _TF["tok_mean"]] = np.bincount(owner, weight, m) / n
    if known.any():
        most, least = np.full(m, -np.inf), np.full(m, np.inf)
        np.maximum.at(most, owner[known], weight[known])
        np.minimum.at(least, owner[known], weight[known])
        out[:, _TF["tok_max"]] = np.where(np.isfinite(most), most, 0.0)
        out[:, _TF["tok_min"]] = np.where(np.isfinite(least), least, 0.0)
    return out


def _head_words(
    lines: Sequence[Line], table: Table | None
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """All the lines' first words in a row, their ``_lexicon`` columns, the line each belongs to,
    and each line's number of first words."""
    heads = [ln.head for ln in lines]
    lens = np.fromiter(map(len, heads), np.intp, count=len(heads))
    flat = list(chain.from_iterable(heads))
    index, columns = _lexicon(table)
    words = columns[np.fromiter(map(index.get, flat, repeat(0)), np.intp, count=len(flat))]
    return flat, words, np.repeat(np.arange(len(heads)), lens), lens


_URL_MARKS = ("http", "www.", ".com")
_STOP_COL, _MKT_COL, _YOU_COL, _WE_COL, _KNOWN_COL, _WEIGHT_COL = range(6)


@cache
def _lexicon(table: Table | None) -> tuple[dict[str, int], np.ndarray]:
    """Every word a word feature knows → its row of ``columns`` (stop word, marketing, you, we, in the
    table, weight in the table); row 0 is every other word."""
    stop = all_stopwords()
    vocabulary = sorted(stop | MARKETING | YOU | WE | (table.keys() if table is not None else set()))
    columns = np.zeros((len(vocabulary) + 1, 6))
    for row, word in enumerate(vocabulary, start=1):
        weight = table.get(word) if table is not None else None
        columns[row] = (
            word in stop,
            word in MARKETING,
            word in YOU,
            word in WE,
            weight is not None,
            weight or 0.0,
        )
    return {word: row for row, word in enumerate(vocabulary, start=1)}, columns


class Table(dict[str, float]):
    """Word → log-odds that a line holding it is chrome (learned; hashable by identity)."""

    __hash__ = object.__hash__  # type: ignore[assignment]


def _runs(mask: np.ndarray) -> np.ndarray:
    """For each position, the length of the run of True values it belongs to (0 where False)."""
    out = np.zeros(len(mask))
    if not mask.any():
        return out
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        out[a:b] = b - a
    return out


def _shift(a: np.ndarray, offset: int) -> np.ndarray:
    """``a`` moved so that row ``i`` holds row ``i + offset`` (zeros past the ends)."""
    out = np.zeros_like(a)
    if offset > 0:
        out[:-offset] = a[offset:]
    elif offset < 0:
        out[-offset:] = a[:offset]
    return out


def features(lines: Sequence[Line], kept: Sequence[bool], title_at: int, table: Table | None) -> np.ndarray:
    """The feature matrix (one row per line, columns as ``FEATURES``) of a stripped page."""
    n = len(lines)
    keep = np.array(kept, dtype=bool)
    words = np.array([ln.words for ln in lines], dtype=float)
    prose = np.array([ln.prose for ln in lines], dtype=bool)
    bullet = np.array([ln.bullet for ln in lines], dtype=bool)
    kinds = [ln.kind for ln in lines]
    L = np.zeros((n, len(LINE_FEATURES)))
    L[:, 0] = np.log1p(words)
    L[:, 1] = words <= 3
    L[:, 2] = words <= 6
    L[:, 3] = prose
    L[:, 4] = bullet
    L[:, 5] = [ln.repeated for ln in lines]
    L[:, 6] = [k is not None for k in kinds]
    L[:, 7] = [k in vocab.END_KINDS for k in kinds]
    L[:, 8] = keep
    at = np.flatnonzero(keep)
    if len(at):  # text features where the model looks: the kept lines and two lines around them
        lo, hi = max(at[0] - 2, 0), min(at[-1] + 3, n)
        L[lo:hi, _FIRST_TEXT:] = text_features(lines[lo:hi], table)
        # Language-dependent measures, relative to the page's kept lines: function words per
        # line against the page's mean, word weights against the page's mean weight.
        L[lo:hi, _STOP] /= max(float(L[at, _STOP].mean()), 0.05)
        L[lo:hi, _TOK_MEAN] -= L[at, _TOK_MEAN].mean()
    kept_words = np.where(keep, words, 0.0)
    total = kept_words.sum()
    cum = np.cumsum(kept_words)
    prose_words = np.where(prose, words, 0.0)
    ptotal = prose_words.sum()
    pcum = np.cumsum(prose_words)
    title_words = {t for t in lines[title_at].head if t not in all_stopwords()} if title_at >= 0 else set()
    C = np.zeros((n, len(CONTEXT_FEATURES)))
    # Where the line stands, as shares of the page's words (never absolute counts: a long article
    # must not look like one with a long tail of chrome).
    C[:, 0] = (cum - kept_words) / max(total, 1.0)
    C[:, 1] = (total - cum) / max(total, 1.0)
    C[:, 2] = (pcum - prose_words) / max(ptotal, 1.0)
    C[:, 3] = (ptotal - pcum) / max(ptotal, 1.0)
    if len(at):
        C[at[0], 4] = 1.0
        C[at[-1], 5] = 1.0
    C[1:, 6] = [k in vocab.HEADING_KINDS for k in kinds[:-1]]
    C[:, 7] = np.log1p(_runs(bullet))
    C[:, 8] = np.where(prose, 0.0, np.log1p(_runs(~prose)))
    C[:, 9] = np.arange(n) / max(n, 1)
    if title_words:
        for i in at:
            C[i, 10] = len(title_words.intersection(lines[i].head)) / len(title_words)
    if len(at):
        C[:, 11] = L[at, _TOK_KNOWN].mean()  # the mean share of the kept lines' first words in the table
    nb = L[:, _NB]
    return np.hstack([L, C, *(_shift(nb, o) for o in NEIGHBOURS)])


@dataclass(frozen=True)
class Forest:
    """A gradient-boosted ensemble of binary trees as complete trees of one depth, for batch
    evaluation with numpy.

    Internal node ``k`` of a tree (heap order: children ``2k+1`` and ``2k+2``) sends a row left when
    ``row[feature[t, k]] <= threshold[t, k]``; shallower leaves are padded with nodes that always
    go left. A row's score is ``baseline`` plus the values of the leaves it reaches.
    """

    feature: np.ndarray  # (trees, 2**depth - 1) int
    threshold: np.ndarray  # (trees, 2**depth - 1) float
    value: np.ndarray  # (trees, 2**depth) float
    baseline: float

    @property
    def depth(self) -> int:
        return int(self.value.shape[1]).bit_length() - 1

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class (body text) for each row of ``X``."""
        if len(X) > PREDICT_ROWS:  # bound the (rows × trees) work arrays on huge pages
            return np.concatenate(
                [self.predict(X[k : k + PREDICT_ROWS]) for k in range(0, len(X), PREDICT_ROWS)]
            )
        trees = len(self.value)
        width = self.feature.shape[1]
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        offset, leaves = np.arange(trees) * width, np.arange(trees) * (width + 1) - width
        rows = np.arange(len(X))[:, None] * X.shape[1]
        flat = X.ravel()
        node = np.zeros((len(X), trees), dtype=np.intp)
        for _ in range(self.depth):
            at = node + offset
            node = 2 * node + 1 + (flat[rows + feature[at]] > threshold[at])
        raw = self.baseline + self.value.ravel()[node + leaves].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


@dataclass(frozen=True)
class LineModel:
    forest: Forest
    table: Table
    threshold: float
    """Kept lines rated below this probability of being body text are removed."""
    blind_threshold: float
    """The threshold on pages whose words the table hardly knows (other languages than the
    training pages'): the model is surer of less there, so it removes only what it is surest of."""
    min_cover: float
    """Below this share of a page's first words found in the table, ``blind_threshold`` applies."""
    name: str

    def review(self, lines: Sequence[Line], kept: Sequence[bool], title_at: int) -> list[int]:
        """Indexes of kept lines the model takes for chrome (never all of them)."""
        at = [i for i, k in enumerate(kept) if k]
        if not at:
            return []
        X = features(lines, kept, title_at, self.table)[at]
        known = X[0, _COVER] >= self.min_cover
        if not known:  # a language the table does not know: judge as trained for it, without the table
            X[:, _TABLE_COLUMNS] = 0.0  # = features(lines, kept, title_at, None)[at]
        p = self.forest.predict(X)
        threshold = self.threshold if known else self.blind_threshold
        out = [i for i, q in zip(at, p, strict=True) if q < threshold]
        return out if len(out) < len(at) else []  # all of it: not an article the model knows; the rules stand


def save(path: Path, model: LineModel) -> None:
    forest, table = model.forest, model.table
    words = sorted(table)
    np.savez_compressed(
        path,
        feature=forest.feature.astype(np.int16),
        threshold=forest.threshold,
        value=forest.value,
        meta=np.array([forest.baseline, model.threshold, model.blind_threshold, model.min_cover]),
        words=np.array(words, dtype=str),
        weights=np.array([table[w] for w in words], dtype=np.float32),
        names=np.array(FEATURES, dtype=str),
        version=np.array(FEATURES_VERSION),
        name=np.array(model.name),
    )


@cache
def load(kind: str = "text", path: Path | None = None) -> LineModel | None:
    """The shipped model for pages of ``kind`` (or the one at ``path``), or ``None`` when there is
    none or it was trained on other features."""
    path = path or MODEL_PATHS[kind]
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
            if (
                tuple(z["names"].tolist()) != FEATURES
                or "version" not in z
                or int(z["version"]) != FEATURES_VERSION
            ):
                return None
            baseline, threshold, blind_threshold, min_cover = z["meta"].tolist()
            forest = Forest(z["feature"].astype(np.intp), z["threshold"], z["value"], baseline)
            table = Table(zip(z["words"].tolist(), z["weights"].astype(float).tolist(), strict=True))
            _lexicon(table)  # made here, once: extraction processes forked after loading inherit it
            return LineModel(forest, table, threshold, blind_threshold, min_cover, str(z["name"]))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # damaged: the rules alone, said
        warnings.warn(
            f"the line model {path} cannot be read ({exc}); the rules alone are used: reinstall ingest "
            f"or run `make train`",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
