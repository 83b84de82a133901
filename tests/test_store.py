"""The database refuses what it cannot use, with a clear message and no changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ingest.errors import DatabaseBusy, NotADatabase, SchemaTooNew
from ingest.store import Store

from .conftest import write


def test_not_a_database(ingest, seeds: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n")
    result = ingest("run", str(seeds), "--db", str(bogus), ok=False)
    assert result.exit_code == 1
    assert "is not an SQLite database" in result.output
    assert bogus.read_text() == "these are my notes, not a database\n"


def test_foreign_sqlite_database_is_not_touched(ingest, seeds: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    result = ingest("run", str(seeds), "--db", str(other), ok=False)
    assert "not an ingest corpus" in result.output
    assert [r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_newer_schema_is_refused(ingest, seeds: Path, db_path: Path) -> None:
    ingest("run", str(seeds), "--db", str(db_path))
    write(
        db_path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('ingest', 'm999_x', '')",
    )
    result = ingest("run", str(seeds), "--db", str(db_path), ok=False)
    assert result.exit_code == 1 and "newer version of ingest" in result.output
    with pytest.raises(SchemaTooNew):
        Store.open(db_path)


def test_second_writer_gets_a_clear_message(db_path: Path) -> None:
    with Store.open(db_path), pytest.raises(DatabaseBusy, match="another ingest process"):
        Store.open(db_path)
    with Store.open(db_path):  # released
        pass


def test_corrupted_database(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(NotADatabase, match="corrupted"):
        Store.open(db)


def test_missing_input_path_is_a_usage_error(ingest, db_path: Path) -> None:
    result = ingest("run", "no/such/folder", "--db", str(db_path), ok=False)
    assert result.exit_code == 2 and "does not exist" in result.output
