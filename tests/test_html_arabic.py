"""Arabic HTML pages (written blind, see tests/fixtures/html_ar/README.md): body, metadata, encodings."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.extract import extract_path

from .conftest import FIXTURES

PAGES = sorted((FIXTURES / "html_ar").glob("*.html"))


def f1(pred: str, ref: str) -> float:
    p, r = re.findall(r"\w+", pred.lower()), re.findall(r"\w+", ref.lower())
    overlap = sum((Counter(p) & Counter(r)).values())
    return 2 * overlap / (len(p) + len(r)) if p and r else float(p == r)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_arabic_html_page(path: Path) -> None:
    gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
    doc = extract_path(path)
    assert doc.ok, doc.error
    assert doc.meta["encoding"].replace("_", "-") in (gold["encoding"].lower(), "cp1256", "iso8859-6")
    assert f1(doc.text, "\n".join(gold["body"])) >= 0.85
    assert doc.title == gold["title"]
    assert (doc.meta.get("author") or None) == gold.get("author")
    assert (doc.meta.get("published") or "")[:10] == (gold.get("published") or "")
    assert doc.meta["lang"] == "ar"


def test_arabic_html_quality_bar() -> None:
    scores, leaks = [], []
    for path in PAGES:
        gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
        text = extract_path(path).text
        scores.append(f1(text, "\n".join(gold["body"])))
        leaks.append(sum(w.lower() in text.lower() for w in gold["without"]) / len(gold["without"]))
    assert sum(scores) / len(scores) >= 0.97
    assert sum(leaks) / len(leaks) <= 0.05
