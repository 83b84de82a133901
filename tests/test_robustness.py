"""Bad input, crashes and concurrent readers lose nothing."""

from __future__ import annotations

import gzip
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import parallel
from ingest.config import DEFAULT_CONFIG
from ingest.document import RawPage
from ingest.extract import extract
from ingest.fetch import Fetched, archive

from .conftest import SEEDS, rows

INGEST = str(Path(sys.executable).with_name("ingest"))
SEED_TEXT = (SEEDS / "001_f620078d46cd92dc.txt").read_text("utf-8")


def hostile_inputs(folder: Path) -> dict[str, str]:
    """Every kind of bad input the issue lists, and what it must become ('doc' or an error class)."""
    folder.mkdir(parents=True, exist_ok=True)
    arabic = (SEEDS / "004_377a96dd035cca65.txt").read_text("utf-8")
    latin_safe = "".join(ch for ch in arabic if ch not in "٠١٢٣٤٥٦٧٨٩“”")
    files = {
        "empty.txt": (b"", "EmptyInput"),
        "binary.html": (b"\x7fELF" + bytes(range(256)) * 50, "BinaryInput"),
        "binary.txt": (bytes(range(256)) * 50, "BinaryInput"),
        "utf16.txt": (SEED_TEXT.encode("utf-16"), "doc"),
        "cp1256.txt": (latin_safe.encode("cp1256"), "doc"),
        "iso8859-6.txt": (latin_safe.encode("iso-8859-6"), "doc"),
        "meta1256.html": (
            f'<html><head><meta charset="windows-1256"></head><body><article>'
            f"{''.join(f'<p>{p}</p>' for p in latin_safe.split(chr(10)) if len(p) > 40)}"
            f"</article></body></html>".encode("cp1256"),
            "doc",
        ),
        "undecodable.txt": (b"\x81\x8d\x8f\x90\x9d" * 3000 + b"\xff\xfe\x00" * 10, "DecodeFailed"),
        "deep.html": (
            ("<html><body>" + "<div>" * 30000 + "<p>deep text</p>" + "</div>" * 30000).encode(),
            "NothingExtracted",
        ),
        "huge.html": (b"<html><body>" + b"<p>" + b"x " * 10_500_000 + b"</p></body></html>", "TooLarge"),
        "truncated.html.gz": (
            gzip.compress(("<html><body><p>" + " ".join(map(str, range(20000)))).encode())[:2000],
            "CorruptInput",
        ),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: outcome for name, (_, outcome) in files.items()}


def test_every_hostile_input_ends_as_document_or_clear_error(ingest, tmp_path: Path) -> None:
    expected = hostile_inputs(tmp_path / "in")
    shutil.copy(SEEDS / "000_f51720080421909e.txt", tmp_path / "in" / "good.txt")
    started = time.monotonic()
    result = ingest("run", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"))
    assert time.monotonic() - started < 60
    assert result.exit_code == 0
    docs = {Path(s).name for (s,) in rows(tmp_path / "c.db", "SELECT source FROM documents")}
    errors = {
        Path(s).name: (e, m)
        for s, e, m in rows(tmp_path / "c.db", "SELECT source, error, message FROM errors")
    }
    assert "good.txt" in docs
    for name, outcome in expected.items():
        if outcome == "doc":
            assert name in docs, (name, errors.get(name))
        else:
            assert errors[name][0] == outcome, (name, errors.get(name))
            assert ":" in errors[name][1]  # what went wrong: what to do
    texts = dict(rows(tmp_path / "c.db", "SELECT source, text FROM documents"))
    arabic = [t for s, t in texts.items() if "1256" in s or "8859" in s]
    assert len(arabic) == 3 and all("الزعيم الكوري" in t for t in arabic)  # not mojibake
    # Run again: a bad file is not tried again until it changes, but for one too large (its fix,
    # a higher --max-bytes, leaves the file as it is)
    again = ingest("run", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"))
    assert "new 0" in again.output and "errors 1" in again.output
    last = rows(tmp_path / "c.db", "SELECT source, error FROM errors WHERE run_id = 2")
    assert [(Path(s).name, e) for s, e in last] == [("huge.html", "TooLarge")]


def test_per_page_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(page, config):
        time.sleep(5)

    monkeypatch.setattr(parallel, "extract", slow)
    parallel._init(replace(DEFAULT_CONFIG, extract=replace(DEFAULT_CONFIG.extract, timeout=0.3)))
    started = time.monotonic()
    doc = parallel.process(RawPage("x.txt", b"text", "text", "0", 4))
    assert time.monotonic() - started < 2
    assert type(doc.error).__name__ == "ExtractTimeout" and "took over 0 s" in doc.error.message


def make_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    words = SEED_TEXT.split()
    for i in range(n):
        body = "\n\n".join(
            " ".join(words[(i * 7 + j * 13) % 400 : (i * 7 + j * 13) % 400 + 40]) + f" {i}." for j in range(8)
        )
        (folder / f"p{i:04d}.txt").write_text(f"عنوان الخبر رقم {i}\n\n{body}\n", "utf-8")


def invariants(db: Path, folder: Path) -> None:
    names = {p.name for p in folder.glob("*.txt")}
    sources = rows(db, "SELECT source FROM documents")
    assert len(sources) == len({s for (s,) in sources})  # each source stored once
    assert {Path(s).name for (s,) in sources} == names
    assert rows(
        db,
        "SELECT count(*) FROM documents d LEFT JOIN raw_pages r ON r.sha256 = d.sha256 "
        "WHERE r.sha256 IS NULL OR d.text = ''",
    ) == [(0,)]  # no half-written document
    assert rows(
        db,
        "SELECT count(*) FROM documents d LEFT JOIN signatures s ON s.document_id = d.id "
        "WHERE s.document_id IS NULL",
    ) == [(0,)]
    fts = rows(db, "SELECT count(*) FROM documents_fts")
    assert fts == rows(db, "SELECT count(*) FROM documents")


@pytest.mark.parametrize("after", [0.8, 1.6, 2.4])
def test_killed_run_then_rerun_loses_nothing(tmp_path: Path, after: float) -> None:
    folder = tmp_path / "pages"
    make_corpus(folder, 600)
    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        [INGEST, "run", str(folder), "--db", str(db), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = subprocess.run([INGEST, "run", str(folder), "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    invariants(db, folder)
    statuses = [s for (s,) in rows(db, "SELECT status FROM runs ORDER BY id")]
    assert statuses[-1] == "finished" and set(statuses[:-1]) <= {"interrupted", "finished"}


def test_second_writer_exits_with_a_clear_message_and_readers_read(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    make_corpus(folder, 800)
    db = tmp_path / "c.db"
    first = subprocess.Popen(
        [INGEST, "run", str(folder), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(100):  # wait until the first run has committed something
            time.sleep(0.1)
            if db.exists() and os.path.getsize(db) > 0:
                try:
                    if sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] > 0:
                        break
                except sqlite3.OperationalError:
                    pass
        second = subprocess.run([INGEST, "run", str(folder), "--db", str(db)], capture_output=True, text=True)
        assert second.returncode == 1
        assert "another ingest process" in second.stderr and "wait for it to finish" in second.stderr
        # a reader (like Datasette or sqlite3) reads while the writer writes (WAL)
        reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        counts = [reader.execute("SELECT count(*) FROM documents").fetchone()[0] for _ in range(3)]
        assert counts[0] > 0
    finally:
        first.wait(120)
    assert first.returncode == 0
    invariants(db, folder)


@given(data=st.binary(max_size=3000), kind=st.sampled_from(["text", "html"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extractors_never_raise_on_random_bytes(data: bytes, kind: str) -> None:
    doc = extract(RawPage("fuzz", data, kind, "0", len(data)))
    assert doc.error is None or doc.error.message


def test_archived_file_names_cannot_leave_the_raw_dir(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    for url in (
        "http://evil.example/../../etc/passwd",
        "http://x/%2e%2e/%2e%2e/x",
        "http://x/a?name=../../y",
    ):
        path = archive(Fetched(url, "fetched", final_url=url, status=200, data=b"<p>hi</p>"), raw_dir)
        assert path.resolve().is_relative_to(raw_dir.resolve())
        assert path.parent.parent == raw_dir


def test_sql_is_parameterized() -> None:
    """No value is ever formatted into SQL: f-strings in SQL only build placeholders and names."""
    root = Path(__file__).resolve().parent.parent / "ingest"
    for path in root.glob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            if "execute(f" in line or "execute(\n" in line:
                assert (
                    "{" not in line
                    or "marks" in line
                    or "sets" in line
                    or "cols" in line
                    or "trigger" in line
                ), line


def test_broken_install_is_named_as_such_and_text_pages_still_stored(tmp_path: Path) -> None:
    """A dependency that fails to import (here trafilatura, shadowed by a package that raises as a
    half-installed one does) is an environment problem: the error says to reinstall, not "a bug
    in ingest", and pages that do not need it are stored."""
    broken = tmp_path / "site" / "trafilatura"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError(\"No module named 'lxml_html_clean'\")\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(f"<html><body><p>{SEED_TEXT[:2000]}</p></body></html>", "utf-8")
    (folder / "page.txt").write_text(SEED_TEXT, "utf-8")
    db = tmp_path / "c.db"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run(
        [INGEST, "run", str(folder), "--db", str(db)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert [Path(s).name for (s,) in rows(db, "SELECT source FROM documents")] == ["page.txt"]
    ((source, message),) = rows(db, "SELECT source, message FROM errors")
    assert Path(source).name == "page.html"
    assert "lxml_html_clean" in message and "reinstall" in message and "bug" not in message


def test_a_file_name_that_is_not_utf8_is_stored_under_an_escaped_name(ingest, tmp_path: Path) -> None:
    """A name in another system's encoding (Latin-1 "café.txt") cannot be stored as it is: the run
    stores the page under the name with the odd byte written out, and the next run finds it."""
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0].read_bytes()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as fh:
        fh.write(seed)
    db = tmp_path / "c.db"
    assert "new 1," in ingest("run", str(folder), "--db", str(db)).output
    ((source,),) = rows(db, "SELECT source FROM documents")
    assert source.endswith("caf\\xe9.txt")
    assert "unchanged 1," in ingest("run", str(folder), "--db", str(db)).output


def test_an_error_in_the_writer_ends_the_run_instead_of_hanging_it(tmp_path: Path) -> None:
    """With pages still queued for the workers, an exception in the single writer (a full disk)
    ends the run with that exception: the feeder waiting for a free slot must not keep the worker
    pool from shutting down."""
    folder = tmp_path / "in"
    folder.mkdir()
    words = sorted(SEEDS.glob("*.txt"))[0].read_text("utf-8").split()
    for i in range(1000):  # distinct stories, so the workers stay ahead of the writer
        r = random.Random(i)
        body = "\n".join(" ".join(r.choice(words) for _ in range(40)) + "." for _ in range(8))
        (folder / f"p{i:04d}.txt").write_text(f"الرئيسية\nأخبار\n{body}\n", "utf-8")
    script = f"""
import sqlite3
from ingest import pipeline, store
from ingest.config import Config
saved = []
def save(self, doc, run_id):
    saved.append(doc.id)
    if len(saved) == 50:
        raise sqlite3.OperationalError("database or disk is full")
    return original(self, doc, run_id)
original, store.Store.save = store.Store.save, save
try:
    pipeline.run([{str(folder)!r}], {str(tmp_path / "c.db")!r}, Config(workers=2))
except sqlite3.OperationalError as exc:
    print("raised:", exc)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "raised: database or disk is full" in done.stdout, done.stderr
    ((status,),) = rows(tmp_path / "c.db", "SELECT status FROM runs")
    assert status == "failed"
