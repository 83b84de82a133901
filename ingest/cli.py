"""The ``ingest`` command line: a thin shell over the library (see ``pipeline.py``)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any

import click

from ingest import __version__
from ingest.config import DEFAULT_CONFIG, Config, ExtractConfig, FetchConfig, ReadConfig
from ingest.errors import StoreError

DB_OPTION = click.option(
    "--db",
    "db",
    default="db/corpus.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite database file.",
)
LINE_MODEL_OPTION = click.option(
    "--line-model/--no-line-model",
    default=True,
    show_default=True,
    help="Let the learned line models remove lines the rules kept (off: the rules alone, faster).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ingest")
def cli() -> None:
    """Strip boilerplate from raw news pages and store them, near-duplicates marked, in SQLite.

    Inputs are plain-text dumps (.txt) and HTML files (.html, .htm), gzipped or not.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@DB_OPTION
@click.option("--reprocess", is_flag=True, help="Re-extract every stored document from its stored raw bytes.")
@click.option(
    "--max-bytes",
    type=int,
    default=ReadConfig.max_bytes,
    show_default=True,
    help="Inputs larger than this are recorded as errors.",
)
@click.option(
    "--jaccard",
    type=float,
    default=DEFAULT_CONFIG.dedup.jaccard,
    show_default=True,
    help="Word-shingle Jaccard at which two documents are near-duplicates.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal)."
)
@click.option("--timings", is_flag=True, help="Also print the time spent in each stage.")
@click.option(
    "--workers", type=int, default=0, show_default=True, help="Extraction processes (0: one per CPU core)."
)
@LINE_MODEL_OPTION
def run(
    paths: tuple[str, ...],
    db: str,
    reprocess: bool,
    max_bytes: int,
    jaccard: float,
    progress: bool | None,
    timings: bool,
    workers: int,
    line_model: bool,
) -> None:
    """Ingest PATHS (files or folders; default: seeds/) into the database.

    Only new and changed inputs are processed; unchanged ones are skipped. Inputs that fail are
    recorded in the `errors` table and the run goes on. Ends with a one-line summary.
    """
    from ingest.pipeline import run as run_pipeline

    config = replace(
        Config(read=ReadConfig(max_bytes=max_bytes), extract=ExtractConfig(line_model=line_model)),
        dedup=replace(DEFAULT_CONFIG.dedup, jaccard=jaccard),
        workers=workers,
    )
    if progress is None:
        progress = sys.stderr.isatty()
    try:
        summary = run_pipeline(paths or ("seeds",), db, config, reprocess=reprocess, progress=progress)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary.counts["errors"]:
        _echo_errors(db, summary.run_id)
    click.echo(f"run {summary.run_id} → {db}: {summary.line()}")
    if timings:
        click.echo(f"stages: {summary.timing()}")


def _echo_errors(db: str, run_id: int) -> None:
    """The first 20 errors of a run, on stderr."""
    from ingest.store import Store

    with Store.open(db, write=False) as store:
        for row in store.query("SELECT source, message FROM errors WHERE run_id = ? LIMIT 20", [run_id]):
            click.echo(f"error: {row['source']}: {row['message']}", err=True)


@cli.command()
@click.argument("urls", nargs=-1)
@click.option(
    "--urls",
    "url_file",
    type=click.File("r", encoding="utf-8-sig", errors="replace"),
    help="A file of URLs, one per line (# starts a comment).",
)
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap URL whose pages to fetch (repeatable).")
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    help="An RSS, Atom or JSON feed URL whose articles to fetch (repeatable).",
)
@click.option(
    "--raw-dir",
    default="seeds/fetched",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where fetched pages are archived (one file per URL and content, with a JSON sidecar).",
)
@DB_OPTION
@click.option(
    "--user-agent", default="", help="User-Agent header (default: ingest/VERSION with a project URL)."
)
@click.option(
    "--delay",
    type=float,
    default=FetchConfig.delay,
    show_default=True,
    help="Seconds between requests to one host.",
)
@click.option(
    "--concurrency",
    type=int,
    default=FetchConfig.concurrency,
    show_default=True,
    help="Requests in flight at once.",
)
@click.option(
    "--timeout",
    type=float,
    default=FetchConfig.read_timeout,
    show_default=True,
    help="Read timeout in seconds.",
)
@click.option(
    "--max-bytes", type=int, default=FetchConfig.max_bytes, show_default=True, help="Largest body read."
)
@click.option("--no-robots", is_flag=True, help="Do not honour robots.txt (only for your own sites).")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal)."
)
@LINE_MODEL_OPTION
def fetch(
    urls: tuple[str, ...],
    url_file: Any,
    sitemaps: tuple[str, ...],
    feeds: tuple[str, ...],
    raw_dir: str,
    db: str,
    user_agent: str,
    delay: float,
    concurrency: int,
    timeout: float,
    max_bytes: int,
    no_robots: bool,
    progress: bool | None,
    line_model: bool,
) -> None:
    """Fetch URLs (given, listed in --urls, or found in sitemaps and feeds) and ingest them.

    Pages are fetched politely (robots.txt, per-host delay, identifying User-Agent), archived under
    --raw-dir and ingested into the database in the same run; `make ingest` later reprocesses them
    from the raw folder, keeping their URLs. Re-fetching a known URL sends a conditional request.
    Failed URLs are recorded in `errors` and the run goes on.
    """
    from ingest.pipeline import fetch as fetch_pipeline

    all_urls = list(urls) + (
        [u for u in map(str.strip, url_file) if u and not u.startswith("#")] if url_file else []
    )
    if not (all_urls or sitemaps or feeds):
        raise click.UsageError("give URLs, --urls FILE, --sitemap URL or --feed URL")
    fetch_config = replace(
        FetchConfig(),
        user_agent=user_agent,
        delay=delay,
        concurrency=concurrency,
        read_timeout=timeout,
        max_bytes=max_bytes,
        robots=not no_robots,
    )
    config = replace(DEFAULT_CONFIG, fetch=fetch_config, extract=ExtractConfig(line_model=line_model))
    try:
        summary = fetch_pipeline(
            all_urls,
            raw_dir,
            db,
            config,
            sitemaps=sitemaps,
            feeds=feeds,
            progress=sys.stderr.isatty() if progress is None else progress,
        )
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary.counts["error"] or summary.counts["errors"]:
        _echo_errors(db, summary.run_id)
    click.echo(f"run {summary.run_id} → {db}: {summary.fetch_line()}; ingested: {summary.line()}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="text: title and clean body; json: one array; jsonl: one object per input.",
)
@LINE_MODEL_OPTION
def extract(paths: tuple[str, ...], fmt: str, line_model: bool) -> None:
    """Extract PATHS and print the result; nothing is stored.

    JSON objects have: path, kind (text or html), title, text (one paragraph per line),
    meta (author, published, source, site, section, tags, lang when known) and removed
    (every removed line with its reason). Exits 1 if any input failed.
    """
    from ingest.extract import extract_path

    failed = 0
    objects = []
    for i, path in enumerate(paths):
        doc = extract_path(path, ExtractConfig(line_model=line_model))
        obj: dict[str, Any] = doc.as_json()
        if doc.error is not None:
            failed += 1
            obj["error"] = doc.error.message
            click.echo(f"error: {path}: {doc.error.message}", err=True)
        if fmt == "jsonl":
            click.echo(json.dumps(obj, ensure_ascii=False))
        elif fmt == "json":
            objects.append(obj)
        elif doc.error is None:
            if len(paths) > 1:
                click.echo(("\n" if i else "") + f"==> {path} <==")
            if doc.title:
                click.echo(f"{doc.title}\n")
            click.echo(doc.text)
    if fmt == "json":
        click.echo(json.dumps(objects, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("key")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def show(key: str, db: str, as_json: bool) -> None:
    """Show document KEY (id, id prefix, source path or URL): provenance, removed lines, near-duplicates."""
    from ingest.report import document_report

    try:
        report = document_report(db, key)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if report is None:
        raise click.ClickException(f"no document {key!r} in {db}: try `ingest stats` or a source path")
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else report_text(report))


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", type=int, default=20, show_default=True, help="Most results shown.")
def search(query: str, db: str, limit: int) -> None:
    """Full-text search over titles and texts. Spelling variants match: Arabic hamza forms, alef
    maqsura / ya, ta marbuta / ha, diacritics, tatweel, case and digits are folded."""
    from ingest.store import Store

    try:
        with Store.open(db, write=False) as store:
            hits = store.search(query, limit)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    for h in hits:
        dup = f"  (near-duplicate of {h['duplicate_of']})" if h["duplicate_of"] else ""
        click.echo(f"{h['id']}  {h['title'] or '(no title)'}  {h['url'] or h['source']}{dup}")
    if not hits:
        click.echo("no match", err=True)


@cli.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def stats(db: str, as_json: bool) -> None:
    """Counts: documents, near-duplicate clusters, removed lines by reason, errors, runs."""
    from ingest.report import corpus_stats

    try:
        data = corpus_stats(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")


def report_text(r: dict[str, Any]) -> str:
    d = r["document"]
    out = [f"{d['id']}  {d['title'] or '(no title)'}"]
    for key in (
        "source",
        "url",
        "kind",
        "sha256",
        "fetched_at",
        "ingested_at",
        "extractor",
        "run_id",
        "author",
        "published",
        "site",
        "section",
        "source_name",
        "lang",
        "words",
    ):
        if d.get(key) not in (None, ""):
            out.append(f"  {key}: {d[key]}")
    if d.get("duplicate_of"):
        out.append(f"  duplicate of {d['duplicate_of']} (similarity {d['similarity']})")
    if r["cluster"]:
        out.append(f"\nnear-duplicate cluster {d['cluster_id']} ({len(r['cluster'])} documents):")
        for m in r["cluster"]:
            mark = "canonical" if m["id"] == d["cluster_id"] else f"jaccard {m['similarity']}"
            out.append(f"  {m['id']}  {mark}  {m['source']}")
    if r["pairs"]:
        out.append("\nverified pairs:")
        for p in r["pairs"]:
            out.append(
                f"  {p['other']}  jaccard {p['jaccard']}  containment {p['containment']}  ({p['method']})"
            )
    if len(r["versions"]) > 1:
        out.append("\nversions:")
        for v in r["versions"]:
            out.append(
                f"  {v['sha256'][:16]}  runs {v['first_run_id']}-{v['last_run_id']}  {v['created_at']}"
            )
    out.append(f"\nremoved lines ({len(r['removed'])}):")
    for x in r["removed"]:
        out.append(f"  {x['line']:>4}  [{x['reason']}]  {x['text'][:100]}")
    out.append("\ntext:\n" + d["text"])
    return "\n".join(out)


if __name__ == "__main__":
    cli()
