#!/usr/bin/env python3
"""Score HTML extraction on pages with gold files (tests/fixtures/html_ar layout), ingest next to
trafilatura alone in the same run.

    scripts/evaluate_html_fixtures.py [DIR] [-v]

Each ``NAME.html`` has ``NAME.json`` with ``title``, ``author``, ``published`` (YYYY-MM-DD),
``body`` (the article's lines) and ``without`` (chrome snippets that must not be extracted).
Prints mean body word-F1, the share of "without" snippets leaked, and metadata accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import prf

from ingest.extract import extract_path

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "html_ar"


def trafilatura_alone(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(path.read_bytes()) or ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    pages = sorted(args.folder.glob("*.html"))
    for label in ("ingest", "trafilatura alone"):
        f1 = leak = meta_ok = 0.0
        for path in pages:
            gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
            if label == "ingest":
                doc = extract_path(path)
                text = doc.text if doc.ok else ""
                checks = [
                    doc.title == gold["title"],
                    (doc.meta.get("author") or None) == gold.get("author"),
                    (doc.meta.get("published") or "")[:10] == (gold.get("published") or ""),
                ]
                meta_ok += sum(checks) / 3
            else:
                text, checks = trafilatura_alone(path), []
            score = prf(text, "\n".join(gold["body"]))[2]
            leaked = [w for w in gold["without"] if w.lower() in text.lower()]
            f1 += score
            leak += len(leaked) / max(len(gold["without"]), 1)
            if args.v:
                print(f"  {label:18s} {path.name:28s} F1={score:.3f} leaked={leaked} meta={checks}")
        n = len(pages) or 1
        extra = f" metadata={meta_ok / n:.2f}" if label == "ingest" else ""
        print(f"{label:18s} pages={len(pages)} body F1={f1 / n:.3f} leak={leak / n:.3f}{extra}")


if __name__ == "__main__":
    main()
