#!/usr/bin/env python3
"""Train a line model (``ingest/linemodel.py``): for text dumps (``--mode text``, writes
``ingest/data/line-model.npz``) or for trafilatura's output on HTML pages (``--mode html``, writes
``ingest/data/line-model-html.npz``).

    pip install -e '.[train]'          # scikit-learn, for training only
    scripts/train_line_model.py DATASET [--mode text|html] [--annotated DIR] [--annotated-weight 5]
                                [--out PATH] [--threshold 0.5] [--blind-threshold 0.3] [--min-cover 0.5]
                                [--folds 5] [--pipeline-cv] [--sweep T ...] [--trees 200] [--depth 4]
                                [--learning-rate 0.1]

DATASET has the WCXB layout (``text/ID.txt`` or ``html/ID.html``, ``gold/ID.json`` with
``main_content``). Only the
*tuning* pages are used (``scripts/evaluate.py`` holds one page in five out by a hash of its id);
the held-out pages are never seen here, so ``scripts/evaluate.py DATASET --mode text|html`` reports
an honest held-out score for the shipped model.

1. The rules run on each page (``textdump.decide`` on text dumps; ``webpage.article`` then
   ``textdump.refine_decide`` on HTML, as ``webpage.extract_html`` does, leaving out the pages
   trafilatura keeps too little of, which the text-dump stripper decides); each line is labelled
   *body* when it is part of the gold main text (short lines: equal to a gold paragraph; longer
   ones: half their word trigrams in the gold text).
2. A word table (log-odds that a line holding the word is chrome, from the lines' first words)
   is counted over the training pages.
3. A gradient-boosted tree ensemble (scikit-learn ``HistGradientBoostingClassifier``) learns
   body vs chrome for the lines the rules kept, from ``linemodel.features``.
4. ``--folds``-fold cross-validation over the tuning pages prints rules alone vs rules + model
   (word F1 and leak, as in ``evaluate.py``), then the model is fitted on all tuning pages,
   flattened for numpy inference, checked against scikit-learn's own predictions, and saved.
5. ``--pipeline-cv``: the whole extraction cross-validated the same way (``pipeline_cv``), with
   the held-out pages extracted by the saved model: every page scored by a model that never
   saw it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate import held_out, load_pages, score, tokens  # noqa: E402

from ingest import encoding, linemodel, textdump  # noqa: E402
from ingest.errors import IngestError  # noqa: E402
from ingest.language import script  # noqa: E402

PARAMS = {"max_iter": 200, "max_depth": 4, "learning_rate": 0.1, "l2_regularization": 1.0}
MIN_COUNT = 3
MIN_WEIGHT = 0.2
NO_TABLE = 0.3


def labels(lines: list[textdump.Line], gold: str) -> np.ndarray:
    words = tokens(gold)
    joined = " " + " ".join(words) + " "
    trigrams = {tuple(words[k : k + 3]) for k in range(len(words) - 2)}
    paragraphs = {" ".join(tokens(p)) for p in gold.split("\n") if p.strip()}
    out = np.zeros(len(lines), dtype=int)
    for i, line in enumerate(lines):
        w = tokens(line.text)
        if not w:
            continue
        if len(w) <= 3:
            s = " ".join(w)
            out[i] = s in paragraphs or (len(w) == 3 and f" {s} " in joined)
        else:
            tri = [tuple(w[k : k + 3]) for k in range(len(w) - 2)]
            out[i] = sum(t in trigrams for t in tri) >= 0.5 * len(tri)
    return out


@dataclass
class Page:
    id: str
    gold: dict
    decision: textdump.Decision
    y: np.ndarray
    X: np.ndarray | None = None
    weight: float = 1.0

    @property
    def at(self) -> np.ndarray:
        return np.flatnonzero(self.decision.kept)

    def text(self, keep: np.ndarray | None = None) -> str:
        lines = self.decision.lines
        at = self.at if keep is None else self.at[keep]
        return "\n".join(lines[i].text for i in at)


def read_pages(dataset: Path, mode: str) -> list[Page]:
    from ingest import webpage

    pages = []
    for page_id, path, gold in load_pages(dataset, mode):
        if held_out(page_id):
            continue
        try:
            if mode == "html":
                html, _ = encoding.decode(path.read_bytes(), html=True)
                article = webpage.article(html)
                if article.thin:  # trafilatura kept a fragment: the text-dump stripper decides the page
                    continue
                d = textdump.refine_decide(article.text)
            else:
                text, _ = encoding.repair(encoding.decode(path.read_bytes())[0])
                d = textdump.decide(text)
        except IngestError:
            d = textdump.decide("")
        pages.append(Page(page_id, gold, d, labels(d.lines, gold.get("main_content", ""))))
    return pages


def read_annotated(folder: Path, weight: float) -> list[Page]:
    """Pages annotated line by line (``B|`` body, ``T|`` title, ``X…|`` chrome; see
    ``scripts/evaluate_annotated.py``): lines are labelled by their annotation."""
    from evaluate_annotated import parse

    pages = []
    for path in sorted(folder.glob("*.ann")):
        page = parse(path)
        body = set(page.body)
        d = textdump.decide(page.text)
        y = np.array([line.text in body for line in d.lines], dtype=int)
        pages.append(Page(f"{folder.name}/{path.stem}", {}, d, y, weight=weight))
    return pages


def word_table(pages: list[Page]) -> linemodel.Table:
    """Word weights from the training pages, for words of the script most of them are written in:
    the few words of other scripts there are language menus ("العربية", "Français"), chrome
    on these pages but the body of pages in those languages."""
    body, chrome = Counter(), Counter()
    for p in pages:
        for line, y in zip(p.decision.lines, p.y, strict=True):
            (body if y else chrome).update(set(line.head))
    nb, nc = sum(body.values()), sum(chrome.values())
    main = Counter(script(w) for w in body.elements()).most_common(1)[0][0] if body else "latin"
    table = linemodel.Table()
    for w in body.keys() | chrome.keys():
        if body[w] + chrome[w] >= MIN_COUNT and (script(w) == main or not any(map(str.isalpha, w))):
            weight = math.log((chrome[w] + 1) / (nc + 1)) - math.log((body[w] + 1) / (nb + 1))
            if abs(weight) >= MIN_WEIGHT:
                table[w] = round(weight, 3)
    return table


def without_table(page_id: str) -> bool:
    """Pages featurized as if the word table did not know their language (a deterministic
    ``NO_TABLE`` share), so the model learns to judge lines without it (other languages)."""
    return int(hashlib.sha256(f"no-table:{page_id}".encode()).hexdigest(), 16) % 100 < NO_TABLE * 100


def featurize(pages: list[Page], table: linemodel.Table | None, dropout: bool = False) -> None:
    for p in pages:
        d = p.decision
        t = None if dropout and without_table(p.id) else table
        p.X = linemodel.features(d.lines, d.kept, d.title_at, t)[p.at] if p.at.size else None


def fit(pages: list[Page]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    X = np.vstack([p.X for p in pages if p.X is not None])
    y = np.concatenate([p.y[p.at] for p in pages if p.X is not None])
    w = np.concatenate([np.full(p.at.size, p.weight) for p in pages if p.X is not None])
    return HistGradientBoostingClassifier(early_stopping=False, random_state=0, **PARAMS).fit(
        X, y, sample_weight=w
    )


def flatten(model) -> linemodel.Forest:
    """The scikit-learn ensemble as ``linemodel.Forest``: complete trees in heap order, shallower
    leaves padded with nodes that always go left (threshold +inf) down to the deepest level."""
    trees = [tree.nodes for (tree,) in model._predictors]
    depth = max(int(nodes["depth"].max()) for nodes in trees)
    width = 2**depth - 1
    feature = np.zeros((len(trees), width), dtype=np.intp)
    threshold = np.full((len(trees), width), np.inf)
    value = np.zeros((len(trees), width + 1))
    for t, nodes in enumerate(trees):
        stack = [(0, 0)]  # (sklearn node, heap position)
        while stack:
            k, pos = stack.pop()
            node = nodes[k]
            if node["is_leaf"]:
                while pos < width:  # pad: always left, down to the leaf level
                    pos = 2 * pos + 1
                value[t, pos - width] = node["value"]
            else:
                feature[t, pos] = node["feature_idx"]
                threshold[t, pos] = node["num_threshold"]
                stack += [(int(node["left"]), 2 * pos + 1), (int(node["right"]), 2 * pos + 2)]
    return linemodel.Forest(feature, threshold, value, float(np.ravel(model._baseline_prediction)[0]))


def report(label: str, pages: list[Page], probs: dict[str, np.ndarray] | None, threshold: float) -> dict:
    preds = {p.id: p.text(None if probs is None or p.X is None else probs[p.id] >= threshold) for p in pages}
    s = score([(p.id, None, p.gold) for p in pages], preds)
    print(
        f"{label:34s} n={s['pages']:4d}  P={s['P']:.3f} R={s['R']:.3f} F1={s['F1']:.3f}  "
        f"with={s['with']:.3f} leak={s['leak']:.3f}"
    )
    return s


def pipeline_cv(
    dataset: Path,
    mode: str,
    pages: list[Page],
    extra: list[Page],
    folds: int,
    settings: tuple[float, float, float],
    final: Path,
) -> None:
    """The whole pipeline (``scripts/evaluate.py``'s extraction), cross-validated on the tuning
    pages: each fold's pages are extracted with a model fitted on the other folds' pages, so
    every step a page goes through (rules, the line model, the pages the rules hand to the
    text-dump stripper, which never train the HTML model) is measured as on a page never seen.
    With the held-out pages extracted by ``final`` (the model fitted on all tuning pages), every
    page of the dataset is then scored as one its model never saw."""
    import tempfile

    import evaluate

    from ingest.config import ExtractConfig, ReadConfig

    everything = load_pages(dataset, mode)
    tuning = [x for x in everything if not held_out(x[0])]
    fold_of = {x[0]: k % folds for k, x in enumerate(tuning)}
    evaluate._READ, evaluate._EXTRACT = ReadConfig(), ExtractConfig(line_model=True)
    preds: dict[str, str] = {}
    shipped = linemodel.MODEL_PATHS[mode]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for i in range(folds):
                train = [p for p in pages if fold_of[p.id] != i]
                table = word_table(train)
                featurize(train + extra, table, dropout=True)
                model = linemodel.LineModel(flatten(fit(train + extra)), table, *settings, f"fold {i}")
                linemodel.MODEL_PATHS[mode] = Path(tmp) / f"fold-{i}.npz"
                linemodel.save(linemodel.MODEL_PATHS[mode], model)
                linemodel.load.cache_clear()
                preds.update({x[0]: evaluate.ours(x[1]) for x in tuning if fold_of[x[0]] == i})
            linemodel.MODEL_PATHS[mode] = final
            linemodel.load.cache_clear()
            preds.update({x[0]: evaluate.ours(x[1]) for x in everything if held_out(x[0])})
        finally:
            linemodel.MODEL_PATHS[mode] = shipped
            linemodel.load.cache_clear()
    for label, part in (
        (f"whole pipeline, {folds}-fold cross-val", tuning),
        ("  and held out, all pages unseen", everything),
    ):
        s = score(part, preds)
        print(
            f"{label:34s} n={s['pages']:4d}  P={s['P']:.3f} R={s['R']:.3f} F1={s['F1']:.3f}  "
            f"with={s['with']:.3f} leak={s['leak']:.3f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", type=Path)
    ap.add_argument(
        "--mode", choices=["text", "html"], default="text", help="the model for text dumps or HTML"
    )
    ap.add_argument("--out", type=Path, help="default: the shipped model of --mode")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument(
        "--blind-threshold",
        type=float,
        default=0.3,
        help="the threshold on pages the word table hardly knows (see linemodel.LineModel)",
    )
    ap.add_argument(
        "--min-cover", type=float, default=0.5, help="share of known first words below which it applies"
    )
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument(
        "--annotated",
        type=Path,
        action="append",
        default=[],
        help="also train on the line-annotated pages of this folder (*.ann), never scored here",
    )
    ap.add_argument("--annotated-weight", type=float, default=5.0, help="sample weight of their lines")
    ap.add_argument(
        "--pipeline-cv",
        action="store_true",
        help="also cross-validate the whole extraction (every page of a fold extracted with the fold's model)",
    )
    ap.add_argument("--sweep", type=float, nargs="*", default=[], help="also report these thresholds")
    ap.add_argument("--trees", type=int, default=PARAMS["max_iter"])
    ap.add_argument("--depth", type=int, default=PARAMS["max_depth"])
    ap.add_argument("--learning-rate", type=float, default=PARAMS["learning_rate"])
    args = ap.parse_args()
    PARAMS.update(max_iter=args.trees, max_depth=args.depth, learning_rate=args.learning_rate)
    t0 = time.perf_counter()
    args.out = args.out or linemodel.MODEL_PATHS[args.mode]
    pages = read_pages(args.dataset, args.mode)
    kept = sum(int(p.at.size) for p in pages)
    print(f"{len(pages)} tuning pages, {kept} lines kept by the rules ({time.perf_counter() - t0:.0f} s)")
    report("rules alone (tuning pages)", pages, None, args.threshold)
    extra = [p for folder in args.annotated for p in read_annotated(folder, args.annotated_weight)]
    if args.folds > 1:
        folds = [pages[i :: args.folds] for i in range(args.folds)]
        probs: dict[str, np.ndarray] = {}
        blind: dict[str, np.ndarray] = {}
        for i, test in enumerate(folds):
            train = [p for j, f in enumerate(folds) if j != i for p in f]
            table = word_table(train)
            train += extra
            featurize(train, table, dropout=True)
            model = fit(train)
            featurize(test, table)
            probs.update({p.id: model.predict_proba(p.X)[:, 1] for p in test if p.X is not None})
            featurize(test, None)
            blind.update({p.id: model.predict_proba(p.X)[:, 1] for p in test if p.X is not None})
        report(f"rules + model, {args.folds}-fold cross-val", pages, probs, args.threshold)
        report(f"  the same, word table unused, {args.blind_threshold}", pages, blind, args.blind_threshold)
        for t in args.sweep:
            report(f"  threshold {t}", pages, probs, t)
            report(f"  threshold {t}, word table unused", pages, blind, t)
    table = word_table(pages)
    featurize(pages + extra, table, dropout=True)
    model = fit(pages + extra)
    forest = flatten(model)
    X = np.vstack([p.X for p in pages if p.X is not None])
    gap = float(np.abs(forest.predict(X) - model.predict_proba(X)[:, 1]).max())
    if gap > 1e-6:
        sys.exit(f"the flattened forest disagrees with scikit-learn by {gap}: not saved")
    settings = [linemodel.FEATURES_VERSION, args.threshold, args.blind_threshold, args.min_cover]
    digest = hashlib.sha256(
        forest.feature.tobytes()
        + forest.threshold.tobytes()
        + forest.value.tobytes()
        + json.dumps([table, settings], sort_keys=True).encode()
    ).hexdigest()[:8]
    name = f"line-model {args.mode} {PARAMS['max_iter']}x{PARAMS['max_depth']}-{len(pages)}p-{digest}"
    linemodel.save(
        args.out,
        linemodel.LineModel(forest, table, args.threshold, args.blind_threshold, args.min_cover, name),
    )
    info = {"name": name, "pages": len(pages), "lines": kept, "words": len(table), "trees": len(forest.value)}
    print(f"saved {args.out} ({args.out.stat().st_size // 1024} KiB): {json.dumps(info)}")
    if args.pipeline_cv:
        thresholds = (args.threshold, args.blind_threshold, args.min_cover)
        pipeline_cv(args.dataset, args.mode, pages, extra, args.folds, thresholds, args.out)
    print(
        f"now run: scripts/evaluate.py {args.dataset} --mode {args.mode}   (held-out pages were not used here)"
    )


if __name__ == "__main__":
    main()
