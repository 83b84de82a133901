"""`ingest run` end to end through the real CLI on real SQLite files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import SEEDS, dump, rows, write


def test_seeds_become_five_documents_with_provenance(ingest, seeds: Path, db_path: Path) -> None:
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 5, unchanged 0, changed 0, duplicates 0, errors 0" in result.output
    docs = rows(
        db_path,
        "SELECT source, url, sha256, title, duplicate_of, cluster_size, extractor, run_id "
        "FROM documents ORDER BY source",
    )
    assert [Path(d[0]).name for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(d[0].startswith("seeds/") for d in docs)  # relative to the working directory
    assert all(d[1] is None and len(d[2]) == 64 for d in docs)
    assert [d[4] for d in docs] == [None] * 5  # five write-ups of one event stay apart
    assert [d[5] for d in docs] == [1] * 5
    assert all(d[6].startswith("ingest.textdump") and d[7] == 1 for d in docs)
    # raw bytes kept, content-addressed
    raw = rows(db_path, "SELECT count(*) FROM raw_pages r JOIN documents d ON d.sha256 = r.sha256")
    assert raw == [(5,)]
    removed = rows(db_path, "SELECT reason, count(*) FROM removed_lines GROUP BY reason")
    assert dict(removed)["related-list"] == 10
    run = rows(db_path, "SELECT status, new, errors, config FROM runs")[0]
    assert run[:3] == ("finished", 5, 0)
    assert json.loads(run[3])["dedup"]["jaccard"] == 0.5
    # full-text search
    hits = rows(db_path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'بوتين'")
    assert hits == [(5,)]


def test_rerun_with_nothing_new_changes_no_row(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    before = dump(db_path)
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 0, unchanged 5, changed 0, duplicates 0, errors 0" in result.output
    assert dump(db_path) == before
    assert rows(db_path, "SELECT count(*), max(id) FROM runs") == [(2, 2)]


def test_touched_but_unchanged_file_is_not_reextracted(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    p = next(seeds.glob("000_*.txt"))
    p.write_bytes(p.read_bytes())  # new mtime, same bytes
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 0, unchanged 5, changed 0" in result.output
    assert rows(db_path, "SELECT count(*) FROM document_versions") == [(5,)]


def test_new_file_adds_exactly_its_document(ingest, seeds: Path, db_path: Path, tmp_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    ids_before = rows(db_path, "SELECT id FROM documents ORDER BY id")
    (seeds / "extra").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "text" / "fr_article.txt", seeds / "extra" / "fr.txt")
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 1, unchanged 5, changed 0, duplicates 0, errors 0" in result.output
    ids_after = rows(db_path, "SELECT id FROM documents ORDER BY id")
    assert set(ids_before) < set(ids_after) and len(ids_after) == 6


def test_changed_file_keeps_id_and_old_version_provenance(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    p = next(seeds.glob("002_*.txt"))
    ((old_id, old_sha, old_text),) = rows(
        db_path, "SELECT id, sha256, text FROM documents WHERE source LIKE ?", ("%002_%",)
    )
    p.write_text(
        p.read_text("utf-8") + "\n\nوأضافت المصادر أن المحادثات ستستأنف الأسبوع المقبل في موسكو "
        "بمشاركة وفود من البلدين.\n",
        "utf-8",
    )
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 0, unchanged 4, changed 1" in result.output
    ((new_id, new_sha, new_text),) = rows(
        db_path, "SELECT id, sha256, text FROM documents WHERE source LIKE ?", ("%002_%",)
    )
    assert new_id == old_id and new_sha != old_sha
    assert new_text.endswith("بمشاركة وفود من البلدين.") and not old_text.endswith("البلدين.")
    versions = rows(
        db_path,
        "SELECT sha256, first_run_id FROM document_versions WHERE document_id = ? ORDER BY first_run_id",
        (old_id,),
    )
    assert versions == [(old_sha, 1), (new_sha, 2)]
    assert rows(db_path, "SELECT count(*) FROM raw_pages WHERE sha256 IN (?, ?)", (old_sha, new_sha)) == [
        (2,)
    ]
    # The new version is not a near-duplicate of its own old version.
    assert rows(db_path, "SELECT duplicate_of FROM documents WHERE id = ?", (old_id,)) == [(None,)]


def syndicated_copy(text: str) -> str:
    """The same story under another site's chrome, with light edits and a dropped paragraph."""
    paras = [p for p in text.split("\n\n") if len(p) > 80]
    paras[1] = paras[1].replace("الرئيس الروسي", "زعيم الكرملين")
    paras[3] = paras[3].replace("أول", "أولى")
    del paras[5]
    chrome_top = "الرئيسية\n\nأخبار العالم\n\nكيم يعود إلى بلاده محملا بهدايا روسية\n\nبقلم: فريق التحرير\n\n"
    chrome_bottom = (
        "\n\nشارك\n\nفيسبوك\n\nتويتر\n\nالأكثر قراءة\n\n• خبر آخر لا علاقة له\n\nجميع الحقوق محفوظة"
    )
    return chrome_top + "\n\n".join(paras) + chrome_bottom


def test_near_duplicate_pair_is_marked(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    original = next(seeds.glob("000_*.txt"))
    (seeds / "zz_syndicated.txt").write_text(syndicated_copy(original.read_text("utf-8")), "utf-8")
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 1, unchanged 5, changed 0, duplicates 1, errors 0" in result.output
    ((orig_id,),) = rows(db_path, "SELECT id FROM documents WHERE source LIKE '%000_%'")
    dup = rows(
        db_path,
        "SELECT duplicate_of, similarity, cluster_id, cluster_size FROM documents "
        "WHERE source LIKE '%zz_syndicated%'",
    )[0]
    assert dup[0] == orig_id and 0.5 <= dup[1] < 1.0
    assert dup[2:] == (orig_id, 2)
    assert rows(db_path, "SELECT cluster_size, duplicate_of FROM documents WHERE id = ?", (orig_id,)) == [
        (2, None)
    ]
    pair = rows(db_path, "SELECT method, jaccard, containment FROM duplicates")
    assert len(pair) == 1 and pair[0][0] == "minhash" and pair[0][2] > 0.8


def test_exact_copy_under_another_name(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    shutil.copy(next(seeds.glob("004_*.txt")), seeds / "copy-of-004.txt")
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "duplicates 1" in result.output
    assert rows(db_path, "SELECT method, jaccard FROM duplicates") == [("same-bytes", 1.0)]
    assert rows(db_path, "SELECT count(*) FROM raw_pages") == [(5,)]  # bytes stored once


def test_bad_inputs_become_error_rows_and_the_rest_is_stored(ingest, seeds: Path, db_path: Path) -> None:
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (seeds / "menu-only.txt").write_text("Home\n\nNews\n\nContact us\n", "utf-8")
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert result.exit_code == 0
    assert "new 5, unchanged 0, changed 0, duplicates 0, errors 3" in result.output
    errors = dict(rows(db_path, "SELECT source, error || ': ' || message FROM errors"))
    assert errors["seeds/empty.txt"].startswith("EmptyInput: the file is empty")
    assert "PNG image" in errors["seeds/image.html"]
    assert errors["seeds/menu-only.txt"].startswith("NothingExtracted")
    assert rows(db_path, "SELECT count(*) FROM documents") == [(5,)]
    # Unchanged bad files are not retried on the next run.
    again = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 0, unchanged 8, changed 0, duplicates 0, errors 0" in again.output


def test_new_extractor_version_reextracts_from_stored_raw_bytes(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    before = rows(db_path, "SELECT id, text FROM documents ORDER BY id")
    write(db_path, "UPDATE documents SET extractor = 'ingest.textdump 0.0.0', text = 'stale'")
    shutil.rmtree(seeds)  # the original files are gone: only the stored raw bytes remain
    seeds.mkdir()
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "reprocessed 5" in result.output
    assert rows(db_path, "SELECT id, text FROM documents ORDER BY id") == before


@pytest.mark.parametrize("files", ["gone", "kept"])
def test_a_stored_page_a_new_extractor_fails_on_is_tried_once_per_extractor(
    ingest, seeds: Path, db_path: Path, files: str
) -> None:
    """A new extractor version that fails on a stored page: the document keeps its text, the
    failure is recorded once (with the document and the extractor), and later runs do not try
    that page again until the extractor changes; whether the page is re-extracted from its stored
    bytes (its file gone) or read from its file."""
    import zlib

    ingest("run", str(seeds), "--db", str(db_path))
    (doc_id, sha, source) = rows(db_path, "SELECT id, sha256, source FROM documents WHERE seq = 2")[0]
    write(
        db_path,
        "UPDATE raw_pages SET content = ?, size = 64 WHERE sha256 = ?",
        (zlib.compress(bytes(64)), sha),
    )
    write(db_path, "UPDATE documents SET extractor = 'ingest.textdump 0.0.0'")
    if files == "gone":
        shutil.rmtree(seeds)  # only the stored raw bytes remain
        seeds.mkdir()
    else:  # the file holds the same bytes as the store, and a new version finds every file outdated
        (db_path.parent.parent / source).write_bytes(bytes(64))
        write(db_path, "UPDATE sources SET extractor = 'ingest.textdump 0.0.0'")
    first = ingest("run", str(seeds), "--db", str(db_path))
    assert "errors 1, reprocessed 4" in first.output
    errors = rows(db_path, "SELECT document_id, extractor, error FROM errors")
    assert len(errors) == 1 and errors[0][0] == doc_id and errors[0][1].startswith("ingest.textdump")
    assert errors[0][1] != "ingest.textdump 0.0.0" and errors[0][2] == "BinaryInput"
    assert rows(db_path, "SELECT text != '' FROM documents WHERE id = ?", (doc_id,)) == [(1,)]
    again = ingest("run", str(seeds), "--db", str(db_path))
    assert "errors 0" in again.output and "reprocessed" not in again.output
    assert rows(db_path, "SELECT count(*) FROM errors") == [(1,)]
    write(db_path, "UPDATE errors SET extractor = 'ingest.textdump 0.0.1'")  # (as a newer version finds it)
    assert "errors 1" in ingest("run", str(seeds), "--db", str(db_path)).output


def test_new_extractor_version_with_the_files_still_there_extracts_each_page_once(
    ingest, seeds: Path, db_path: Path
) -> None:
    """The files are read again and extracted; their stored raw bytes are not extracted a second time."""
    ingest("run", str(seeds), "--db", str(db_path))
    before = rows(db_path, "SELECT id, text FROM documents ORDER BY id")
    write(db_path, "UPDATE documents SET extractor = 'ingest.textdump 0.0.0', text = 'stale'")
    write(db_path, "UPDATE sources SET extractor = 'ingest.textdump 0.0.0'")  # (as a new version finds them)
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "new 0, unchanged 0, changed 0, duplicates 0, errors 0, reprocessed 5" in result.output
    assert rows(db_path, "SELECT reprocessed FROM runs ORDER BY id DESC LIMIT 1") == [(5,)]
    assert rows(db_path, "SELECT id, text FROM documents ORDER BY id") == before


def test_reprocess_flag(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    result = ingest("run", str(seeds), "--db", str(db_path), "--reprocess")
    assert "new 0, unchanged 5, changed 0, duplicates 0, errors 0, reprocessed 5" in result.output


def test_dedup_parameters_change_refingerprints_without_reextracting(
    ingest, seeds: Path, db_path: Path
) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    keys = {k for (k,) in rows(db_path, "SELECT DISTINCT key FROM signatures")}
    result = ingest("run", str(seeds), "--db", str(db_path), "--jaccard", "0.6")
    assert "unchanged 5" in result.output
    new_keys = {k for (k,) in rows(db_path, "SELECT DISTINCT key FROM signatures")}
    assert len(new_keys) == 1 and new_keys != keys and "/j0.6/" in next(iter(new_keys))


def _edited_copy(src: Path, dest: Path, every: int) -> None:
    """``src`` with one word in ``every`` of its long lines replaced (about 1 - 3 / every of its
    word 3-shingles survive)."""
    out = []
    for line in src.read_text("utf-8").split("\n"):
        words = line.split()
        if len(words) >= 12:
            line = " ".join(f"بدل{k}" if k % every == 3 else w for k, w in enumerate(words))
        out.append(line)
    dest.write_text("\n".join(out), "utf-8")


def test_a_dedup_refresh_killed_half_way_is_finished_by_the_next_run(
    ingest, seeds: Path, db_path: Path, monkeypatch
) -> None:
    """New dedup parameters: the signatures are re-made, then the documents re-matched. A run
    killed in between (here: the first re-match fails) leaves the re-matching pending, and the
    next run does it: the pair the new parameters make is found."""
    _edited_copy(seeds / "000_f51720080421909e.txt", seeds / "edited.txt", 7)
    ingest("run", str(seeds), "--db", str(db_path))
    assert rows(db_path, "SELECT count(*) FROM duplicates") == [(0,)]  # Jaccard ~0.4: apart at 0.5

    from ingest import dedup

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(dedup, "find_matches", killed)
        assert ingest("run", str(seeds), "--db", str(db_path), "--jaccard", "0.3", ok=False).exit_code != 0
    assert rows(db_path, "SELECT count(*) FROM duplicates") == [(0,)]
    result = ingest("run", str(seeds), "--db", str(db_path), "--jaccard", "0.3")
    assert "unchanged 6" in result.output
    dup = rows(
        db_path, "SELECT source, duplicate_of IS NOT NULL FROM documents WHERE duplicate_of IS NOT NULL"
    )
    assert [Path(d[0]).name for d in dup] == ["edited.txt"]
    assert rows(db_path, "SELECT count(*) FROM duplicates") == [(1,)]


def test_missing_signatures_are_remade_on_the_next_run(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    before = rows(db_path, "SELECT document_id, key, signature FROM signatures ORDER BY document_id")
    write(
        db_path, "DELETE FROM signatures WHERE document_id IN (SELECT id FROM documents WHERE seq IN (2, 4))"
    )
    assert len(rows(db_path, "SELECT * FROM signatures")) == 3
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "unchanged 5" in result.output
    assert rows(db_path, "SELECT document_id, key, signature FROM signatures ORDER BY document_id") == before


def test_hand_edited_signatures_do_not_stop_a_run(ingest, seeds: Path, db_path: Path) -> None:
    """A signature without a key, or left behind by a deleted document (foreign keys are off in the
    sqlite3 shell), is re-made or passed over: the run goes on."""
    ingest("run", str(seeds), "--db", str(db_path))
    before = rows(db_path, "SELECT document_id, key FROM signatures ORDER BY document_id")
    write(
        db_path,
        "UPDATE signatures SET key = NULL WHERE document_id = (SELECT id FROM documents WHERE seq = 1)",
    )
    write(
        db_path,
        "INSERT INTO signatures (document_id, key, n_shingles, signature) VALUES ('gone', 'old', 0, x'')",
    )
    result = ingest("run", str(seeds), "--db", str(db_path))
    assert "unchanged 5" in result.output
    after = rows(
        db_path, "SELECT document_id, key FROM signatures WHERE document_id != 'gone' ORDER BY document_id"
    )
    assert after == before


def test_folders_given_with_dotdot_and_hidden_files(
    ingest, seeds: Path, db_path: Path, tmp_path: Path
) -> None:
    (seeds / ".hidden").mkdir()
    shutil.copy(next(seeds.glob("000_*.txt")), seeds / ".hidden" / "x.txt")
    (seeds / ".draft.txt").write_text("not an input", "utf-8")
    sub = tmp_path / "work"
    sub.mkdir()
    result = ingest("run", str(Path("work") / ".." / "seeds"), "--db", str(db_path))
    assert "new 5," in result.output  # hidden files and folders skipped, "../" is not hidden


def test_a_run_that_breaks_is_recorded_as_failed(seeds: Path, db_path: Path, monkeypatch) -> None:
    import pytest

    from ingest import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "_ingest", broken)
    with pytest.raises(RuntimeError):
        pipeline.run([str(seeds)], db_path)
    assert rows(db_path, "SELECT status FROM runs") == [("failed",)]
    monkeypatch.undo()
    pipeline.run([str(seeds)], db_path)
    assert rows(db_path, "SELECT status FROM runs ORDER BY id") == [("failed",), ("finished",)]


def test_an_older_fetch_of_a_url_stays_a_version_and_leaves_the_document_alone(
    ingest, tmp_path: Path
) -> None:
    """Two fetched copies of one URL in the raw folder, the newer read first: the older is kept as a
    version of the document only. The document's near-duplicate pairs are its own text's (not the
    older text's, which a syndicated copy shares), and the next run reads neither file again."""
    folder = tmp_path / "raw"
    folder.mkdir()
    old_story, new_story = sorted(SEEDS.glob("*.txt"))[:2]

    def html(path: Path) -> str:
        paras = "".join(f"<p>{ln}</p>" for ln in path.read_text("utf-8").splitlines() if len(ln.split()) > 8)
        return f"<html><body><article>{paras}</article></body></html>"

    for name, story, when in (("a.html", new_story, "2024-02-01"), ("b.html", old_story, "2024-01-01")):
        (folder / name).write_text(html(story), "utf-8")
        side = {
            "url": "https://example.org/story",
            "fetched_at": f"{when}T00:00:00+00:00",
            "http": {"status": 200},
        }
        (folder / f"{name}.json").write_text(json.dumps(side), "utf-8")
    (folder / "copy.html").write_text(html(old_story), "utf-8")  # another site's copy of the older text
    first = ingest("run", str(folder), "--db", "c.db").output
    assert "new 2," in first and "older versions 1" in first
    assert rows("c.db", "SELECT count(*) FROM duplicates") == [(0,)]
    assert rows("c.db", "SELECT count(*) FROM document_versions") == [(3,)]
    assert "unchanged 3," in ingest("run", str(folder), "--db", "c.db").output
