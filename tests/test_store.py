"""The store on its own: schema, ordering, lookups, settings (in memory unless a file matters)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import pytest
from conftest import article_row, refresh_spelling, write_articles

from reader.core import SCHEMA_VERSION, Store
from reader.errors import AmbiguousId, ArticleNotFound, StoreError
from reader.ingest import import_paths
from reader.records import replace


def row(article_id: str, title: str, date: str | None, body: str = "Body text here.") -> tuple:
    return article_row(article_id, title, body, date=date)


def test_schema_version_matches_the_migrations() -> None:
    from reader.storage.migrations import MIGRATIONS

    assert len(MIGRATIONS.applied(Store.open()._db)) == SCHEMA_VERSION


def test_file_database_uses_wal_and_foreign_keys(file_store: Store) -> None:
    conn = sqlite3.connect(file_store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert file_store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_list_order_is_newest_first_and_undated_last(store: Store) -> None:
    write_articles(
        store,
        [
            row("a1", "Old", "2020-01-01"),
            row("b2", "Undated", None),
            row("c3", "New", "2024-05-01"),
        ],
    )
    assert [s.title for s in store.page(0, 10)] == ["New", "Old", "Undated"]
    assert [s.title for s in store.page(1, 1)] == ["Old"]
    assert [store.index_of(i) for i in ("c3", "a1", "b2")] == [0, 1, 2]
    assert store.index_of("nope") is None


def test_article_by_id_or_unique_prefix(store: Store) -> None:
    write_articles(store, [row("abc123", "One", None), row("abd456", "Two", None)])
    assert store.article("abc123").title == "One"
    assert store.article("abd").title == "Two"
    with pytest.raises(AmbiguousId):
        store.article("ab")
    with pytest.raises(ArticleNotFound):
        store.article("zzz")
    with pytest.raises(ArticleNotFound):
        store.article("  ")


def test_upsert_keeps_num_and_updates_the_search_index(store: Store) -> None:
    write_articles(store, [row("a1", "Title", None, body="zebras graze")])
    num = store._conn.execute("SELECT num FROM articles WHERE id = 'a1'").fetchone()[0]
    write_articles(store, [row("a1", "Title", None, body="lions hunt")])
    assert store.count() == 1
    assert store._conn.execute("SELECT num FROM articles WHERE id = 'a1'").fetchone()[0] == num

    def hits(word: str) -> int:
        sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
        return store._conn.execute(sql, (word,)).fetchone()[0]

    assert hits("lions") == 1
    assert hits("zebras") == 0
    store._conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_writing_a_row_already_stored_changes_nothing(store: Store) -> None:
    """Two copies importing the same files at once: the second write of a row is a no-op
    (not re-indexed, not queued for the spelling index, its dates kept)."""
    first = row("a1", "Title", None, body="zebras graze")
    write_articles(store, [first])
    refresh_spelling(store)
    again = replace(first, updated_at="2030-01-01T00:00:00+00:00")
    write_articles(store, [again])
    conn = store._conn
    assert conn.execute("SELECT updated_at FROM articles").fetchone()[0] == first.updated_at
    assert conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0


def test_settings_round_trip(store: Store) -> None:
    assert store.get_setting("theme") is None
    store.set_setting("theme", "nord")
    store.set_setting("theme", "gruvbox")
    assert store.get_setting("theme") == "gruvbox"
    assert store.settings() == {"theme": "gruvbox"}


def test_a_newer_schema_is_refused_with_one_line(db_path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer version") as info:
        Store.open(db_path)
    assert "\n" not in str(info.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path) -> None:
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite at all, just some text" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        Store.open(bad)


def test_opening_an_up_to_date_database_does_not_import_sqlite_utils(db_path) -> None:
    import subprocess
    import sys

    Store.open(db_path).close()
    code = (
        "import sys; from reader.core import Store; s = Store.open(sys.argv[1]); s.count(); "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_new_and_updated_rows_of_one_batch_are_all_indexed(store: Store) -> None:
    write_articles(store, [row("a1", "Old", None, body="zebras graze")])
    write_articles(
        store,
        [
            row("a1", "Old", None, body="lions hunt"),  # an update
            row("b2", "New", None, body="zebras run"),
            row("c3", "Newer", None, body="giraffes eat"),
        ],
    )
    store._conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")

    def hits(word: str) -> list[str]:
        sql = (
            "SELECT a.id FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY a.id"
        )
        return [r[0] for r in store._conn.execute(sql, (word,))]

    assert hits("zebras") == ["b2"]
    assert hits("lions") == ["a1"]
    assert hits("giraffes") == ["c3"]


@contextlib.contextmanager
def seeds_imported_into(db_path) -> Iterator[sqlite3.Connection]:
    """The seeds imported into the file ``db_path``, and another connection to it."""
    from conftest import SEEDS

    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
    other = sqlite3.connect(db_path)
    try:
        yield other
    finally:
        other.close()


def test_an_import_lets_the_index_gather_16_mib_before_it_writes_a_segment(db_path) -> None:
    from reader.storage.articles import INDEX_PENDING_BYTES

    with seeds_imported_into(db_path) as conn:
        rows = conn.execute("SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchall()
    assert rows == [(INDEX_PENDING_BYTES,)]
    assert INDEX_PENDING_BYTES >= 16 * 1024 * 1024


def test_a_reimport_of_unchanged_files_writes_nothing(db_path) -> None:
    from conftest import SEEDS

    with seeds_imported_into(db_path) as watcher:
        before = watcher.execute("PRAGMA data_version").fetchone()
        with Store.open(db_path) as store:
            report = import_paths(store, [SEEDS])
        after = watcher.execute("PRAGMA data_version").fetchone()
    assert report.unchanged == 2
    assert after == before  # no other connection wrote to the file
