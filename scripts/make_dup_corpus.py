#!/usr/bin/env python3
"""Build a labelled near-duplicate corpus of raw text-dump pages from any set of articles.

    scripts/make_dup_corpus.py OUT --articles SRC [SRC ...] [--lang en|ar] [--n 100] [--seed 1]
        [--negatives DIR ...]

SRC may be a WCXB-style ``gold/`` folder (``main_content``), a folder of annotated ``.ann`` pages
(their ``B|`` lines), or a folder of ``.txt`` articles (paragraphs separated by blank lines).
For each of ``--n`` articles it writes the original under one site's chrome and five copies:

- ``syndicated``: the same story under another site's chrome (menu, byline, footer);
- ``edited``: a word or two changed in every paragraph and one paragraph dropped;
- ``truncated``: the first 70-80 % of the story and a "read more" line;
- ``updated``: a new paragraph on top of the story;
- ``exact``: the original bytes under another file name.

Hard negatives: every article also appears once more as a *different* story from the same site
as another article (same big chrome blocks: menu, related list, footer), and ``--negatives DIR``
adds pages that are independent write-ups of one event (each its own cluster), e.g. ``seeds/``.

``OUT/pages/*.txt`` are the pages; ``OUT/labels.json`` maps each file name to its cluster label.
Score an ingested corpus with ``scripts/score_dups.py DB OUT/labels.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SITES = {
    "en": [
        {
            "menu": ["Home", "World", "Business", "Tech", "Sport", "Culture", "Opinion", "Subscribe"],
            "byline": "By Staff Reporter",
            "related": "Related Stories",
            "footer": [
                "About us",
                "Contact",
                "Privacy Policy",
                "Terms of Use",
                "© 2025 The Daily Ledger. All rights reserved.",
            ],
        },
        {
            "menu": ["News", "Politics", "Economy", "Science", "Health", "Video", "Log in"],
            "byline": "By Wire Service",
            "related": "You may also like",
            "footer": ["Advertise with us", "Careers", "Cookie settings", "Copyright 2025 Metro Herald"],
        },
        {
            "menu": ["Latest", "Local", "National", "International", "Markets", "Lifestyle"],
            "byline": "Posted by the newsroom",
            "related": "More from this section",
            "footer": ["Newsletter", "Follow us on Facebook", "Follow us on X", "All rights reserved"],
        },
    ],
    "ar": [
        {
            "menu": ["الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات"],
            "byline": "كتب: محرر الشؤون الدولية",
            "related": "مقالات ذات صلة",
            "footer": ["من نحن", "اتصل بنا", "سياسة الخصوصية", "جميع الحقوق محفوظة © 2025"],
        },
        {
            "menu": ["الصفحة الرئيسية", "محليات", "عربي ودولي", "مال وأعمال", "صحة", "تكنولوجيا"],
            "byline": "المصدر: وكالات",
            "related": "أخبار متعلقة",
            "footer": ["أعلن معنا", "شروط الاستخدام", "حمل تطبيق الموقع", "كل الحقوق محفوظة"],
        },
        {
            "menu": ["الأخبار", "العالم", "الاقتصاد", "الرياضة", "الفن", "فيديو"],
            "byline": "بقلم: فريق التحرير",
            "related": "قد يهمك أيضا",
            "footer": ["تابعونا على فيسبوك", "النشرة البريدية", "حقوق النشر محفوظة 2025"],
        },
    ],
}
READ_MORE = {"en": "Read the full story on our partner's site", "ar": "اقرأ المزيد على موقع الشريك"}
UPDATE = {
    "en": "Update: officials gave new figures on Monday evening and said the review would take several more weeks.",
    "ar": "تحديث: أعلن المسؤولون أرقاما جديدة مساء الاثنين وقالوا إن المراجعة ستستغرق عدة أسابيع أخرى.",
}
FILLER = {
    "en": ["significant", "major", "several", "recent", "new", "local", "senior", "large", "early", "key"],
    "ar": ["كبير", "جديد", "عدة", "مهم", "أخير", "محلي", "رئيسي", "واسع", "سريع", "عام"],
}


def load_articles(sources: list[Path]) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) for every article found in the sources."""
    out = []
    for src in sources:
        for path in sorted(src.glob("*.json")):
            gold = json.loads(path.read_text("utf-8"))
            lines = (
                gold["body"]
                if isinstance(gold.get("body"), list)
                else gold.get("main_content", "").split("\n")
            )
            paras = [p.strip() for p in lines if len(p.split()) >= 8]
            if len(paras) >= 4:
                out.append((gold.get("title") or paras[0][:60], paras))
        for path in sorted(src.glob("*.ann")):
            lines = path.read_text("utf-8").split("\n")
            title = next((ln[2:].strip() for ln in lines if ln.startswith("T|")), "")
            paras = [ln[2:].strip() for ln in lines if ln.startswith("B|") and len(ln.split()) >= 8]
            if len(paras) >= 4:
                out.append((title or paras[0][:60], paras))
        for path in sorted(src.glob("*.txt")):
            paras = [p.strip() for p in re.split(r"\n\s*\n", path.read_text("utf-8")) if len(p.split()) >= 8]
            if len(paras) >= 4:
                out.append((paras[0][:60], paras))
    return out


def page(site: dict, title: str, paras: list[str], related: list[str], lang: str) -> str:
    lines = [*site["menu"], "", title, "", site["byline"], ""]
    lines += [p + "\n" for p in paras]
    lines += ["", site["related"], *("• " + r for r in related), "", *site["footer"]]
    return "\n".join(lines) + "\n"


def edit(paras: list[str], rng: random.Random, lang: str) -> list[str]:
    out = []
    for p in paras:
        words = p.split()
        for _ in range(rng.choice((1, 2))):
            i = rng.randrange(len(words))
            words[i] = rng.choice(FILLER[lang])
        out.append(" ".join(words))
    if len(out) > 4:
        del out[rng.randrange(1, len(out))]
    return out


def truncate(paras: list[str], rng: random.Random) -> list[str]:
    total = sum(len(p.split()) for p in paras)
    keep, words = [], 0
    target = total * rng.uniform(0.7, 0.8)
    for p in paras:
        if words + len(p.split()) > target:
            cut = p.split()[: max(8, int(target - words))]
            keep.append(" ".join(cut) + " …")
            break
        keep.append(p)
        words += len(p.split())
    return keep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=Path, nargs="+", required=True)
    ap.add_argument("--lang", choices=["en", "ar"], default="en")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--negatives", type=Path, nargs="*", default=[])
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = load_articles(args.articles)
    rng.shuffle(articles)
    chosen = articles[: args.n]
    label_of = {id(a): f"story-{k:04d}" for k, a in enumerate(chosen)}  # one label per article
    pages_dir = args.out / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    labels: dict[str, str] = {}
    sites = SITES[args.lang]
    titles = [t for t, _ in articles]

    def write(name: str, text: str, label: str) -> None:
        (pages_dir / name).write_text(text, "utf-8")
        labels[name] = label

    for k, (title, paras) in enumerate(chosen):
        a, b = rng.sample(range(len(sites)), 2)
        related = rng.sample(titles, 4)
        label = f"story-{k:04d}"
        original = page(sites[a], title, paras, related, args.lang)
        write(f"{k:04d}-original.txt", original, label)
        write(
            f"{k:04d}-syndicated.txt", page(sites[b], title, paras, rng.sample(titles, 4), args.lang), label
        )
        write(
            f"{k:04d}-edited.txt",
            page(sites[b], title, edit(paras, rng, args.lang), related, args.lang),
            label,
        )
        truncated = [*truncate(paras, rng), READ_MORE[args.lang]]
        write(f"{k:04d}-truncated.txt", page(sites[a], title, truncated, related, args.lang), label)
        write(
            f"{k:04d}-updated.txt",
            page(sites[a], title, [UPDATE[args.lang], *paras], related, args.lang),
            label,
        )
        write(f"{k:04d}-exact.txt", original, label)
        # Hard negative: another story from the same site, sharing its menu, related list and footer.
        other = articles[(k + 1 + rng.randrange(len(articles) - 1)) % len(articles)]
        other_title, other_paras = other
        write(
            f"{k:04d}-samesite.txt",
            page(sites[a], other_title, other_paras, related, args.lang),
            label_of.setdefault(id(other), f"other-{len(label_of):04d}"),
        )
    for d in args.negatives:
        for path in sorted(d.glob("*.txt")):
            name = f"neg-{d.name}-{path.name}"
            write(name, path.read_text("utf-8"), f"neg-{d.name}-{path.stem}")
    (args.out / "labels.json").write_text(json.dumps(labels, indent=1, ensure_ascii=False), "utf-8")
    print(f"{len(labels)} pages, {len(set(labels.values()))} clusters → {args.out}")


if __name__ == "__main__":
    main()
