"""`ingest extract`, `show` and `stats` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import FIXTURES, SEEDS


def test_extract_jsonl_contract(ingest) -> None:
    paths = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = ingest("extract", *paths, "--format", "jsonl")
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert len(objects) == 5
    for obj in objects:
        assert {"path", "kind", "title", "text", "meta", "removed"} <= obj.keys()
        assert obj["kind"] == "text"
        assert all({"text", "reason"} <= r.keys() for r in obj["removed"])
        assert obj["meta"]["lang"] == "ar"
    by_name = {Path(o["path"]).name: o for o in objects}
    assert by_name["004_377a96dd035cca65.txt"]["meta"]["published"] == "2023-09-16T12:59:00+00:00"
    assert by_name["000_f51720080421909e.txt"]["meta"]["author"] == "hayatnews"
    assert "You may also like" not in by_name["000_f51720080421909e.txt"]["text"]


def test_extract_text_and_json_formats(ingest) -> None:
    path = str(FIXTURES / "text" / "fr_article.txt")
    text = ingest("extract", path).output
    assert text.startswith("La France annonce un plan")
    assert "Partager" not in text
    data = json.loads(ingest("extract", path, "--format", "json").output)
    assert data[0]["meta"]["author"] == "Marie Dupont"


def test_extract_reports_bad_input_and_exits_1(ingest, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = ingest(
        "extract", str(bad), str(FIXTURES / "text" / "fr_article.txt"), "--format", "jsonl", ok=False
    )
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines[0]["error"].startswith("the file is empty") and lines[1]["text"]


def test_show_prints_provenance_removed_lines_and_cluster(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    out = ingest("show", "seeds/003_a0e9d82ca56d1e7c.txt", "--db", str(db_path)).output
    assert "sha256:" in out and "extractor: ingest.textdump" in out
    assert "[read-also-heading]  إقرأ أيضاً:" in out
    assert "removed lines (22):" in out
    data = json.loads(ingest("show", "seeds/003_a0e9d82ca56d1e7c.txt", "--db", str(db_path), "--json").output)
    doc_id = data["document"]["id"]
    by_prefix = json.loads(ingest("show", doc_id[:6], "--db", str(db_path), "--json").output)
    assert by_prefix["document"]["id"] == doc_id
    missing = ingest("show", "nope", "--db", str(db_path), ok=False)
    assert missing.exit_code == 1 and "no document 'nope'" in missing.output


def test_stats(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    data = json.loads(ingest("stats", "--db", str(db_path), "--json").output)
    assert data["documents"] == 5 and data["near-duplicates"] == 0
    assert data["by language"] == {"ar": 5}
    assert data["removed by reason"]["related-list"] == 10


def test_line_model_can_be_turned_off(ingest, tmp_path: Path) -> None:
    from ingest import linemodel

    from .conftest import rows
    from .test_linemodel import ARTICLE, PROMO

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "garden.txt").write_text(ARTICLE + PROMO + "\n", "utf-8")
    path = str(folder / "garden.txt")
    on = json.loads(ingest("extract", path, "--format", "json").output)[0]
    off = json.loads(ingest("extract", path, "--format", "json", "--no-line-model").output)[0]
    assert [r["reason"] for r in on["removed"]] == ["line-model"] and PROMO not in on["text"]
    assert off["removed"] == [] and PROMO in off["text"]
    db = tmp_path / "corpus.db"
    ingest("run", str(folder), "--db", str(db), "--no-line-model")
    model = linemodel.load("text")
    assert model is not None
    ((extractor,),) = rows(db, "SELECT extractor FROM documents")
    assert model.name not in extractor
    # Turning it on later re-extracts the stored page with the model (another extractor).
    ingest("run", str(folder), "--db", str(db))
    ((extractor, text),) = rows(db, "SELECT extractor, text FROM documents")
    assert model.name in extractor and PROMO not in text


def test_reading_an_empty_database_file_says_there_is_no_corpus_yet(ingest, tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    for args in (["stats"], ["show", "abc"], ["search", "word"]):
        result = ingest(*args, "--db", str(db), ok=False)
        assert result.exit_code == 1 and "no corpus yet" in result.output and "Traceback" not in result.output
