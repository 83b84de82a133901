#!/usr/bin/env python3
"""Score ingest's extraction on a labelled dataset (WCXB layout) and report tuning vs held-out pages.

    scripts/evaluate.py DATASET --mode text|html [--baseline] [--rules-only] [--worst N] [--jsonl OUT]

DATASET holds ``text/ID.txt`` (text dumps) or ``html/ID.html`` and ``gold/ID.json`` with
``main_content``, ``with`` (snippets that must appear) and ``without`` (chrome that must not).
Metric (as in WCXB): bag-of-words precision / recall / F1 over lowercased ``\\w+`` tokens, mean over
pages; "with" = share of must-have snippets found; "leak" = share of must-not snippets found;
"title" = share of pages with a gold ``title`` whose extracted title has the same words.

Pages are split deterministically by a hash of their id: one in five is *held out* (never look at
them while tuning); the rest are the *tuning* set. Both are reported, with the total.
``--baseline`` adds bare trafilatura on the same pages in the same run (for HTML, and for text
dumps wrapped as paragraphs), with pages/s for each.
"""

from __future__ import annotations

import argparse
import hashlib
import html as htmlmod
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.config import ExtractConfig
from ingest.extract import extract
from ingest.read import Candidate, load

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def prf(pred: str, ref: str) -> tuple[float, float, float]:
    p, r = tokens(pred), tokens(ref)
    if not r:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(p) & Counter(r)).values())
    pr, rc = overlap / len(p), overlap / len(r)
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def same_title(found: str | None, gold: str | None) -> bool:
    """The same words, in the same order (case and punctuation aside)."""
    return bool(found and gold) and tokens(found) == tokens(gold)


def held_out(page_id: str) -> bool:
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 5 == 0


def load_pages(dataset: Path, mode: str) -> list[tuple[str, Path, dict]]:
    sub, ext = ("html", ".html") if mode == "html" else ("text", ".txt")
    pages = []
    for path in sorted((dataset / sub).glob("*" + ext)):
        gold_path = dataset / "gold" / (path.name[: -len(ext)] + ".json")
        if gold_path.exists():
            pages.append((path.name[: -len(ext)], path, json.loads(gold_path.read_text("utf-8"))))
    return pages


def ours(path: Path) -> str:
    st = path.stat()
    kind = "html" if path.suffix in (".html", ".htm") else "text"
    doc = extract(load(Candidate(str(path), str(path), kind, st.st_size, st.st_mtime), _READ), _EXTRACT)
    _TITLES[str(path)] = doc.title if doc.ok else None
    return doc.text if doc.ok else ""


_TITLES: dict[str, str | None] = {}
"""The title ``ours`` extracted from each page (by path)."""


def trafilatura_alone(mode: str) -> Callable[[Path], str]:
    import trafilatura

    def run(path: Path) -> str:
        raw = path.read_bytes()
        if mode == "text":
            body = "".join(
                f"<p>{htmlmod.escape(ln)}</p>" for ln in raw.decode("utf-8").split("\n") if ln.strip()
            )
            raw = f"<html><body>{body}</body></html>".encode()
        return trafilatura.extract(raw) or ""

    return run


def score(
    pages: list[tuple[str, Path, dict]], preds: dict[str, str], titles: dict[str, str | None] | None = None
) -> dict[str, float]:
    n = len(pages) or 1
    p = r = f = 0.0
    with_hits = with_n = leak_hits = leak_n = title_hits = title_n = 0.0
    for page_id, _, gold in pages:
        if titles is not None and gold.get("title"):
            title_hits += same_title(titles.get(page_id), gold["title"])
            title_n += 1
        text = preds.get(page_id, "")
        a, b, c = prf(text, gold.get("main_content", ""))
        p, r, f = p + a, r + b, f + c
        low = text.lower()
        if gold.get("with"):
            with_hits += sum(s.lower() in low for s in gold["with"]) / len(gold["with"])
            with_n += 1
        if gold.get("without"):
            leak_hits += sum(s.lower() in low for s in gold["without"]) / len(gold["without"])
            leak_n += 1
    return {
        "pages": len(pages),
        "P": p / n,
        "R": r / n,
        "F1": f / n,
        "with": with_hits / max(with_n, 1),
        "leak": leak_hits / max(leak_n, 1),
        "title": title_hits / title_n if title_n else float("nan"),
    }


def report(
    label: str,
    pages: list,
    preds: dict[str, str],
    seconds: float | None = None,
    titles: dict[str, str | None] | None = None,
) -> None:
    for part, subset in (
        ("tuning", [x for x in pages if not held_out(x[0])]),
        ("held-out", [x for x in pages if held_out(x[0])]),
        ("all", pages),
    ):
        s = score(subset, preds, titles)
        rate = f"  {len(pages) / seconds:7.1f} pages/s" if seconds and part == "all" else ""
        title = f" title={s['title']:.3f}" if titles is not None else ""
        print(
            f"{label:28s} {part:9s} n={s['pages']:4d}  P={s['P']:.3f} R={s['R']:.3f} F1={s['F1']:.3f}  "
            f"with={s['with']:.3f} leak={s['leak']:.3f}{title}{rate}"
        )


_READ = None
_EXTRACT = None


def main() -> None:
    global _READ, _EXTRACT
    from ingest.config import ReadConfig

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--mode", choices=["text", "html"], required=True)
    ap.add_argument("--baseline", action="store_true", help="also run bare trafilatura on the same pages")
    ap.add_argument("--worst", type=int, default=0, help="list the N tuning pages with the lowest F1")
    ap.add_argument("--jsonl", type=Path, help="write our output as JSON lines (path, text)")
    ap.add_argument(
        "--rules-only", action="store_true", help="the rules without the line models (text dumps and HTML)"
    )
    args = ap.parse_args()
    _READ, _EXTRACT = ReadConfig(), ExtractConfig(line_model=not args.rules_only)
    pages = load_pages(args.dataset, args.mode)
    systems: list[tuple[str, Callable[[Path], str]]] = [("ingest", ours)]
    if args.baseline:
        systems.append(("trafilatura alone", trafilatura_alone(args.mode)))
    for label, fn in systems:
        fn(pages[0][1])  # warm up imports outside the timing
        t0 = time.perf_counter()
        preds = {page_id: fn(path) for page_id, path, _ in pages}
        seconds = time.perf_counter() - t0
        titles = {page_id: _TITLES.get(str(path)) for page_id, path, _ in pages} if fn is ours else None
        report(label, pages, preds, seconds, titles)
        if label == "ingest" and args.jsonl:
            with args.jsonl.open("w", encoding="utf-8") as fh:
                for page_id, path, _ in pages:
                    fh.write(
                        json.dumps({"path": str(path), "text": preds[page_id]}, ensure_ascii=False) + "\n"
                    )
        if label == "ingest" and args.worst:
            tuning = [x for x in pages if not held_out(x[0])]
            worst = sorted(tuning, key=lambda x: prf(preds[x[0]], x[2].get("main_content", ""))[2])[
                : args.worst
            ]
            for page_id, _, gold in worst:
                p, r, f = prf(preds[page_id], gold.get("main_content", ""))
                print(f"  {page_id}  P={p:.2f} R={r:.2f} F1={f:.2f}")


if __name__ == "__main__":
    main()
