#!/usr/bin/env python3
"""Score the text-dump stripper on annotated pages (``.ann`` files, see tests/fixtures/arabic/README.md).

    scripts/evaluate_annotated.py [DIR ...] [-v]

For each page: body word-F1 against the ``B|`` lines, whether the title is the ``T|`` line, and which
``X:kind|`` chrome lines leaked (stand as a whole line in the output). Prints per-page lines with
``-v`` and the totals: mean body F1, title accuracy, chrome lines leaked / chrome lines.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.textdump import strip

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "arabic"
_LABEL = re.compile(r"^(T|B|X(?::[\w-]+)?)\|\s?(.*)$")
_TOKEN = re.compile(r"\w+")


@dataclass
class Annotated:
    name: str
    text: str
    title: str | None = None
    body: list[str] = field(default_factory=list)
    chrome: list[tuple[str, str]] = field(default_factory=list)


def parse(path: Path) -> Annotated:
    page = Annotated(path.name, "")
    lines = []
    for raw in path.read_text("utf-8").split("\n"):
        m = _LABEL.match(raw)
        if not m:
            lines.append(raw)
            continue
        label, text = m.groups()
        lines.append(text)
        if label == "T":
            page.title = text.strip()
        elif label == "B":
            page.body.append(text.strip())
        else:
            page.chrome.append((label[2:] or "chrome", text.strip()))
    page.text = "\n".join(lines)
    return page


def f1(pred: str, ref: str) -> float:
    p, r = _TOKEN.findall(pred.lower()), _TOKEN.findall(ref.lower())
    if not p or not r:
        return float(p == r)
    overlap = sum((Counter(p) & Counter(r)).values())
    return 2 * overlap / (len(p) + len(r))


def score(pages: list[Annotated], verbose: bool = False) -> dict[str, float]:
    f1s, titles, leaked, chrome = [], 0, 0, 0
    for page in pages:
        result = strip(page.text)
        score_ = f1("\n".join(result.body), "\n".join(page.body))
        out = {ln.strip() for ln in result.body}
        leaks = [(kind, text) for kind, text in page.chrome if text in out]
        f1s.append(score_)
        titles += result.title == page.title
        leaked += len(leaks)
        chrome += len(page.chrome)
        if verbose:
            missing = [b for b in page.body if b not in out]
            print(
                f"{page.name:28s} F1={score_:.3f} title={'ok' if result.title == page.title else result.title!r}"
                f" leaked={leaks} missing={[m[:40] for m in missing]}"
            )
    n = len(pages) or 1
    return {
        "pages": len(pages),
        "f1": sum(f1s) / n,
        "min_f1": min(f1s, default=0.0),
        "titles": titles / n,
        "leaked": leaked,
        "chrome": chrome,
        "leak_rate": leaked / max(chrome, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT_DIR])
    ap.add_argument("-v", action="store_true", help="one line per page")
    args = ap.parse_args()
    pages = [parse(p) for d in args.dirs for p in sorted(d.glob("*.ann"))]
    s = score(pages, args.v)
    print(
        f"pages={s['pages']} body F1={s['f1']:.3f} (min {s['min_f1']:.3f}) titles={s['titles']:.2f} "
        f"chrome leaked={s['leaked']}/{s['chrome']} ({s['leak_rate']:.1%})"
    )


if __name__ == "__main__":
    main()
