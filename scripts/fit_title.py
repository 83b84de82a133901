#!/usr/bin/env python3
"""Fit the weights with which the text-dump stripper picks a page's title (``textdump.TITLE_WEIGHTS``
and ``TITLE_BIAS``): a logistic regression over each page's title candidates
(``textdump.title_candidates``), the line that is the gold title against the others.

    pip install -e '.[train]'          # scikit-learn, for fitting only
    scripts/fit_title.py DATASET [--c 1.0]

DATASET has the WCXB layout (``text/ID.txt``, ``gold/ID.json`` with ``title``). Only the *tuning*
pages are used (``scripts/evaluate.py`` holds one page in five out by a hash of its id); pages whose
gold title is none of their candidates teach nothing and are left out. Prints the weights to paste
into ``ingest/textdump.py``, and the share of tuning pages whose title they get right, next to the
shipped weights'. ``scripts/evaluate.py DATASET --mode text`` reports title accuracy on the
held-out pages too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate import held_out, load_pages, same_title  # noqa: E402

from ingest import encoding, textdump  # noqa: E402
from ingest.errors import IngestError  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularization strength")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    pages = []
    for page_id, path, gold in load_pages(args.dataset, "text"):
        if held_out(page_id) or not gold.get("title"):
            continue
        try:
            text, _ = encoding.repair(encoding.decode(path.read_bytes())[0])
        except IngestError:
            continue
        d = textdump.decide(text)
        if d.region[0] >= 0:
            pages.append((gold["title"], d, textdump.title_candidates(d.lines, *d.region)))
    X, y, taught = [], [], 0
    for title, d, found in pages:
        labels = [same_title(d.lines[i].text, title) for i, _ in found]
        if any(labels):
            X += [f for _, f in found]
            y += labels
            taught += 1
    model = LogisticRegression(C=args.c, max_iter=5000).fit(np.array(X), np.array(y))
    weights = tuple(round(float(w), 2) for w in model.coef_[0])
    bias = round(float(model.intercept_[0]), 2)

    def accuracy(w: tuple[float, ...], b: float) -> str:
        """Title accuracy with these weights, through ``textdump.title_line`` itself."""
        shipped = textdump.TITLE_WEIGHTS, textdump.TITLE_BIAS
        textdump.TITLE_WEIGHTS, textdump.TITLE_BIAS = w, b
        try:
            found = [(title, d, textdump.title_line(d.lines, *d.region)) for title, d, _ in pages]
        finally:
            textdump.TITLE_WEIGHTS, textdump.TITLE_BIAS = shipped
        right = sum(at >= 0 and same_title(d.lines[at].text, title) for title, d, at in found)
        none = sum(at < 0 for _, _, at in found)
        return f"right {right / len(pages):.3f}, none {none / len(pages):.3f}"

    print(f"{len(pages)} tuning pages with a gold title, {taught} with it among their candidates")
    print(f"shipped weights: {accuracy(textdump.TITLE_WEIGHTS, textdump.TITLE_BIAS)}")
    print(f"fitted weights:  {accuracy(weights, bias)}")
    print(f"TITLE_WEIGHTS = {weights}\nTITLE_BIAS = {bias}")


if __name__ == "__main__":
    main()
