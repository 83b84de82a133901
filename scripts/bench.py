#!/usr/bin/env python3
"""The speed benchmark: every figure side by side in one run (ratios, since machines are noisy).

    scripts/bench.py [--html DIR] [--text DIR] [--pages 300] [--repeat 3] [--scale 10000] [--out DIR]

1. HTML: a bare single-process ``trafilatura.extract`` loop against ``ingest run`` (fresh database,
   all cores) on the same ``--pages`` pages of ``--html`` (pages/s, ratio, stage shares, peak memory),
   ``--repeat`` times in turn (the ratio is of the total times), with the same bare loop split
   over all cores in turn too: what parallel trafilatura alone reaches on this machine.
2. Text dumps: extraction pages/s in one process over ``--text`` (cold line cache), and the floor:
   what reading, splitting, folding and tokenizing the lines alone allow.
3. A re-run with nothing new over the same HTML pages.
4. Scale: ``--scale`` synthetic text pages (distinct stories built from the seeds' sentences
   under varied chrome) ingested, then one more file added: seconds end to end, database bytes per
   document, peak memory.

Without ``--html``/``--text``, pages are generated too. `make bench` runs it with the WCXB pages
when ../shared is there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INGEST = [str(Path(sys.executable).with_name("ingest"))]


def run_ingest(args: list[str]) -> tuple[float, str]:
    """Seconds and output of one ``ingest`` command; its CPU time and peak memory (with its worker
    processes') are added to ``INGEST_USAGE``."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([*INGEST, *args], stdout=subprocess.PIPE, stderr=err, text=True)
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)  # this command's own usage, not other children's
        proc.returncode = os.waitstatus_to_exitcode(status)
        took = time.perf_counter() - t0
        if proc.returncode:
            err.seek(0)
            raise subprocess.CalledProcessError(proc.returncode, proc.args, out, err.read().decode())
    INGEST_USAGE.append(usage)
    return took, out


INGEST_USAGE: list[resource.struct_rusage] = []


def timed(fn: Callable[[Any], object], arg: Any) -> float:
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


def _extract_all(raws: list[bytes]) -> None:
    """The bare loop: ``trafilatura.extract`` on each page, in one process."""
    import trafilatura

    for raw in raws:
        trafilatura.extract(raw)


def bare_on_all_cores(raws: list[bytes], cores: int) -> float:
    """Seconds for the bare ``trafilatura.extract`` loop split over ``cores`` forked processes (the
    pages dealt in turn): the most parallel extraction reaches on this machine, with no other work."""
    import multiprocessing

    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(_extract_all, [raws[i::cores] for i in range(cores)])
        pool.close()
        pool.join()
    return time.perf_counter() - t0


def cpu_seconds(usage: resource.struct_rusage) -> float:
    """CPU seconds (user + system) of a finished command and the processes it waited for."""
    return usage.ru_utime + usage.ru_stime


def synthetic(out: Path, n: int, seed: int = 1) -> None:
    """``n`` distinct text-dump pages: sentences of the seeds and fixtures, shuffled, under chrome."""
    rng = random.Random(seed)
    sentences = []
    for path in [
        *sorted((ROOT / "seeds").glob("*.txt")),
        *sorted((ROOT / "tests" / "fixtures").rglob("*.ann")),
    ]:
        for line in path.read_text("utf-8").split("\n"):
            line = line.split("|", 1)[-1].strip()
            sentences += [s.strip() + "." for s in line.split(".") if len(s.split()) >= 6]
    menus = [
        ["الرئيسية", "أخبار", "اقتصاد", "رياضة"],
        ["Home", "News", "World", "Sport"],
        ["الصفحة الرئيسية", "محليات"],
    ]
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = []
        for _ in range(rng.randint(6, 12)):
            words = rng.choice(sentences).split()
            rng.shuffle(words)
            body.append(" ".join(words).rstrip(".") + f" ({i}.{len(body)}).")  # a sentence, as in a story
        menu = rng.choice(menus)
        text = "\n".join(
            [*menu, "", f"خبر رقم {i}: {body[0][:60]}", "", *body, "", "مقالات ذات صلة", "جميع الحقوق محفوظة"]
        )
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"page-{i:06d}.txt").write_text(text + "\n", "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", type=Path)
    ap.add_argument("--text", type=Path)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument(
        "--repeat", type=int, default=3, help="HTML: pairs of bare loop and ingest run (totals compared)"
    )
    ap.add_argument("--scale", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ingest-bench"))
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be 1 or more")
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    report: dict[str, object] = {}

    # 1. HTML against bare trafilatura
    if args.html:
        html_dir = args.out / "html"
        html_dir.mkdir()
        for path in sorted(args.html.glob("*.html"))[: args.pages]:
            shutil.copy(path, html_dir / path.name)
        import trafilatura

        raws = [p.read_bytes() for p in sorted(html_dir.glob("*.html"))]
        trafilatura.extract(raws[0])
        cores = os.cpu_count() or 1
        bare = ours = bare_cpu = ours_cpu = spread = 0.0
        for rep in range(args.repeat):  # in turn, so machine noise hits all alike; the totals decide
            t0, c0 = time.perf_counter(), time.process_time()
            _extract_all(raws)
            bare_rep = time.perf_counter() - t0
            bare_cpu += time.process_time() - c0
            spread_rep = bare_on_all_cores(raws, cores)
            spread += spread_rep
            (args.out / "html.db").unlink(missing_ok=True)
            for extra in args.out.glob("html.db-*"):
                extra.unlink()
            ours_rep, out = run_ingest(["run", str(html_dir), "--db", str(args.out / "html.db"), "--timings"])
            ours_cpu += cpu_seconds(INGEST_USAGE[-1])
            bare, ours = bare + bare_rep, ours + ours_rep
            if args.repeat > 1:
                print(
                    f"  round {rep + 1}: bare loop {bare_rep:.1f} s, on {cores} processes {spread_rep:.1f} s, "
                    f"ingest run {ours_rep:.1f} s → {bare_rep / ours_rep:.2f}x"
                )
        print(
            f"HTML, {len(raws)} pages: bare trafilatura.extract loop {args.repeat * len(raws) / bare:.1f} pages/s, "
            f"ingest run {args.repeat * len(raws) / ours:.1f} pages/s → {bare / ours:.2f}x"
        )
        print(
            f"  the same bare loop split over {cores} processes: {args.repeat * len(raws) / spread:.1f} pages/s → "
            f"{bare / spread:.2f}x (what {cores} processes of trafilatura alone reach on this machine, in this run)"
        )
        print(
            f"  CPU time: bare loop {bare_cpu / args.repeat:.1f} s, ingest run {ours_cpu / args.repeat:.1f} s in all "
            f"its processes ({ours_cpu / bare_cpu:.2f}x the work): on {cores} cores the ratio is at most "
            f"{cores * bare_cpu / ours_cpu:.2f}x"
        )
        print("  " + out.strip().replace("\n", "\n  "))
        again, out = run_ingest(["run", str(html_dir), "--db", str(args.out / "html.db")])
        print(f"re-run with nothing new ({len(raws)} documents): {again:.2f} s  [{out.strip()}]")
        report.update(
            html_ratio=bare / ours,
            html_bare_parallel_ratio=bare / spread,
            html_cpu_ratio=ours_cpu / bare_cpu,
            noop_seconds=again,
        )

        # 1b. One process, page by page, interleaved (so machine noise hits both alike), each going
        # first on every other page (whichever runs second on a page runs a little faster).
        sys.path.insert(0, str(ROOT))
        from ingest.document import RawPage
        from ingest.extract import extract

        pages = [RawPage(f"{i}.html", raw, "html", "", len(raw)) for i, raw in enumerate(raws)]
        extract(pages[0])
        theirs = mine = 0.0
        for i, (raw, page) in enumerate(zip(raws, pages, strict=True)):
            if i % 2:
                mine += timed(extract, page)
                theirs += timed(trafilatura.extract, raw)
            else:
                theirs += timed(trafilatura.extract, raw)
                mine += timed(extract, page)
        print(
            f"HTML, one process, page by page: trafilatura.extract {1000 * theirs / len(raws):.1f} ms, "
            f"ingest extract (decode, metadata, extraction) {1000 * mine / len(raws):.1f} ms "
            f"→ {theirs / mine:.2f}x trafilatura's speed"
        )
        report["html_single_process_speed"] = theirs / mine

    # 2. Text dumps in one process
    if args.text:
        sys.path.insert(0, str(ROOT))
        from ingest import textdump
        from ingest.config import ExtractConfig
        from ingest.extract import extract_path

        paths = sorted(args.text.glob("*.txt"))
        for label, key, config in (
            ("", "text_pages_per_s", ExtractConfig()),
            (", rules alone", "text_pages_per_s_rules_alone", ExtractConfig(line_model=False)),
        ):
            extract_path(paths[0], config)
            textdump.line_signals.cache_clear()  # cold: each configuration starts from nothing
            t0 = time.perf_counter()
            for path in paths:
                extract_path(path, config)
            rate = len(paths) / (time.perf_counter() - t0)
            print(
                f"text dumps, one process, {len(paths)} pages (read, decode, strip, metadata{label}): "
                f"{rate:.0f} pages/s"
            )
            report[key] = rate
        from ingest import vocab
        from ingest.normalize import fold

        t0 = time.perf_counter()
        for path in paths:  # what any per-line stripper in Python pays before it decides anything
            for line in path.read_bytes().decode("utf-8", "replace").splitlines():
                if line := line.strip():
                    vocab.tokens(fold(line))
        floor = len(paths) / (time.perf_counter() - t0)
        print(
            f"  the floor: reading, splitting, folding and tokenizing the lines, nothing decided: {floor:.0f} pages/s"
        )
        report["text_floor_pages_per_s"] = floor

    # 4. Scale
    if args.scale:
        corpus = args.out / "scale"
        t0 = time.perf_counter()
        synthetic(corpus, args.scale)
        made = time.perf_counter() - t0
        took, out = run_ingest(["run", str(corpus), "--db", str(args.out / "scale.db"), "--timings"])
        print(
            f"scale: {args.scale:,} synthetic pages (made in {made:.0f} s) ingested in {took:.0f} s "
            f"({args.scale / took:.0f} pages/s)"
        )
        print("  " + out.strip().replace("\n", "\n  "))
        extra = corpus / "999" / "one-more.txt"
        extra.parent.mkdir(exist_ok=True)
        extra.write_text((ROOT / "seeds" / "000_f51720080421909e.txt").read_text("utf-8"), "utf-8")
        added, out = run_ingest(["run", str(corpus), "--db", str(args.out / "scale.db")])
        size = sum(p.stat().st_size for p in args.out.glob("scale.db*"))
        print(f"adding one file to {args.scale:,} documents: {added:.2f} s end to end  [{out.strip()}]")
        print(f"database: {size / 1e6:.0f} MB, {size / (args.scale + 1):,.0f} bytes per document")
        report.update(add_one_seconds=added, bytes_per_document=size / (args.scale + 1))
    peak_mb = max((u.ru_maxrss for u in INGEST_USAGE), default=0) / 1024
    print(f"peak memory of any ingest process: {peak_mb:.0f} MB")
    report["peak_mb"] = peak_mb
    (args.out / "report.json").write_text(json.dumps(report, indent=1), "utf-8")


if __name__ == "__main__":
    main()
