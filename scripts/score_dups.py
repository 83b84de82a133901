#!/usr/bin/env python3
"""Score the near-duplicate marks of an ingested corpus against cluster labels.

    scripts/score_dups.py DB LABELS.json [-v]

LABELS maps a page's file name to its cluster label (``make_dup_corpus.py`` writes one). Two
documents are predicted duplicates when they share a ``cluster_id`` in ``documents``. Prints
pairwise precision and recall, and the number of true and predicted clusters.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import defaultdict
from itertools import combinations
from pathlib import Path


def pairs(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in combinations(sorted(members), 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("labels", type=Path)
    ap.add_argument("-v", action="store_true", help="list false merges and missed pairs")
    args = ap.parse_args()
    labels: dict[str, str] = json.loads(args.labels.read_text("utf-8"))
    conn = sqlite3.connect(args.db)
    rows = conn.execute("SELECT source, cluster_id FROM documents").fetchall()
    predicted: dict[str, list[str]] = defaultdict(list)
    truth: dict[str, list[str]] = defaultdict(list)
    for source, cluster in rows:
        name = Path(source).name
        if name in labels:
            predicted[cluster].append(name)
            truth[labels[name]].append(name)
    p_pairs, t_pairs = pairs(predicted), pairs(truth)
    tp = len(p_pairs & t_pairs)
    precision = tp / len(p_pairs) if p_pairs else 1.0
    recall = tp / len(t_pairs) if t_pairs else 1.0
    print(
        f"documents={sum(len(v) for v in truth.values())} true clusters={len(truth)} "
        f"predicted clusters={len(predicted)} true pairs={len(t_pairs)} predicted pairs={len(p_pairs)}"
    )
    print(f"pairwise precision={precision:.4f} recall={recall:.4f}")
    if args.v:
        for p in sorted(p_pairs - t_pairs, key=sorted)[:30]:
            print("  false merge:", *sorted(p))
        for p in sorted(t_pairs - p_pairs, key=sorted)[:30]:
            print("  missed:", *sorted(p))


if __name__ == "__main__":
    main()
