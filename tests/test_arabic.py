"""Arabic (and mixed-language) text dumps in other sites' conventions: the quality bar of issue 3."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

spec = importlib.util.spec_from_file_location(
    "evaluate_annotated", ROOT / "scripts" / "evaluate_annotated.py"
)
assert spec and spec.loader
annotated = importlib.util.module_from_spec(spec)
sys.modules["evaluate_annotated"] = annotated
spec.loader.exec_module(annotated)

SETS = [
    d
    for d in (
        FIXTURES / "arabic",
        FIXTURES / "arabic_heldout",
        FIXTURES / "arabic_fresh",
        FIXTURES / "arabic_heldout2",
        FIXTURES / "fr_en_fresh",
    )
    if d.is_dir()
]


@pytest.mark.parametrize("folder", SETS, ids=[d.name for d in SETS])
def test_arabic_body_f1_and_chrome_leak(folder: Path) -> None:
    pages = [annotated.parse(p) for p in sorted(folder.glob("*.ann"))]
    assert pages
    s = annotated.score(pages)
    assert s["f1"] >= 0.97, s
    assert s["leak_rate"] <= 0.02, s


def test_each_annotated_page_keeps_its_body_lines() -> None:
    for path in sorted((FIXTURES / "arabic").glob("*.ann")):
        page = annotated.parse(path)
        s = annotated.score([page])
        assert s["f1"] >= 0.95, (path.name, s)
        assert s["titles"] == 1.0, path.name
