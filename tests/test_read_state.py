"""Read state, on the store and the command line: every article is unread until opened or
marked; the state is the user's own data, so it survives re-import, an edited file, an
article removed and imported again, an export and import, undo, and a second copy."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import SEED_000, SEEDS, TITLE_000, TITLE_003, article_row, write, write_articles

from reader.cli import main
from reader.core import Store
from reader.ingest import import_paths
from reader.storage.schema import migrate


def ids(store: Store) -> list[str]:
    return [s.id for s in store.page(0, 100)]


def unread_titles(store: Store) -> list[str]:
    return [s.title for s in store.page(0, 100) if not s.read]


def test_articles_come_in_unread_and_are_marked_read_and_unread(seeded: Store) -> None:
    assert seeded.unread_count() == 2
    assert all(not s.read for s in seeded.page(0, 10))
    newest, oldest = ids(seeded)
    assert seeded.set_read([newest]) == 1
    assert seeded.set_read([newest]) == 0  # a state, not a toggle
    assert seeded.is_read(newest) and not seeded.is_read(oldest)
    assert seeded.unread_count() == 1
    assert unread_titles(seeded) == [TITLE_000]
    assert seeded.article(newest).read
    assert seeded.set_read([newest], False) == 1
    assert seeded.unread_count() == 2


def test_an_id_prefix_marks_its_article_and_an_unknown_id_says_so(seeded: Store) -> None:
    from reader.errors import ArticleNotFound

    newest = ids(seeded)[0]
    assert seeded.set_read([newest[:6]]) == 1
    assert seeded.is_read(newest)
    with pytest.raises(ArticleNotFound):
        seeded.set_read(["ffffffffffffffff"])


def test_unread_ones_come_in_list_order_and_are_counted_by_source(store: Store) -> None:
    rows = [article_row(f"{i:016x}", f"Story {i}", date=f"2024-01-{i + 1:02d}") for i in range(6)]
    rows[4].source = "elsewhere"
    write_articles(store, rows)
    store.set_read([f"{1:016x}", f"{3:016x}"])
    assert store.unread_ids() == [f"{i:016x}" for i in (5, 4, 2, 0)]
    assert [s.title for s in store.unread_page(1, 2)] == ["Story 4", "Story 2"]
    assert store.unread_by_source() == {"news": 3, "elsewhere": 1}


def test_read_state_survives_a_reimport_an_edit_and_a_removal(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    text = SEED_000.read_text(encoding="utf-8")
    path = write(folder / "story.txt", text)
    with Store.open(tmp_path / "news.db") as store:
        import_paths(store, [folder])
        (article_id,) = ids(store)
        store.set_read([article_id])
        import_paths(store, [folder])  # unchanged
        assert store.is_read(article_id) and store.unread_count() == 0
        path.write_text(text.replace("Kanye", "Ye", 1), encoding="utf-8")  # edited
        assert import_paths(store, [folder]).updated == 1
        assert store.article(article_id).read and store.unread_count() == 0
        with store._lock:  # the article goes (a feed removed), then comes back
            store._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        assert store.count() == 0
        import_paths(store, [folder])
        assert store.article(article_id).read and store.unread_count() == 0


def test_read_state_is_undone_as_one_change(seeded: Store) -> None:
    with seeded.undoable("Marked all read", "read"):
        assert seeded.mark_all_read() == 2
    assert seeded.unread_count() == 0
    step = seeded.undo()
    assert step is not None and step.description == "Marked all read"
    assert seeded.unread_count() == 2
    assert all(not s.read for s in seeded.page(0, 10))


def test_a_view_is_marked_read_whole(seeded: Store) -> None:
    newest, oldest = ids(seeded)
    seeded.set_bookmark(oldest)
    assert seeded.unread_count(bookmarks=True) == 1
    assert seeded.mark_view_read(bookmarks=True) == 1
    assert seeded.is_read(oldest) and not seeded.is_read(newest)
    julia = seeded.person("Julia Fox")  # only the newest seed names her
    assert seeded.unread_count(person_ids=[julia.id]) == 1
    assert seeded.mark_view_read(person_ids=[julia.id]) == 1
    assert seeded.unread_count() == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:unread", [TITLE_000]),
        ("is:read", [TITLE_003]),
        ("-is:unread", [TITLE_003]),
        ("kanye is:unread", [TITLE_000]),
        ("kanye -is:read", [TITLE_000]),
        ("kanye is:read", [TITLE_003]),
        ('person:"Julia Fox" is:unread', []),
        ('person:"Kim Kardashian" is:unread', [TITLE_000]),
        ("is:unread -has:note", [TITLE_000]),
        ("is:unread is:bookmarked", []),
    ],
)
def test_is_unread_and_is_read_combine_with_words_people_and_filters(
    seeded: Store, query: str, expected: list[str]
) -> None:
    seeded.set_read([ids(seeded)[0]])  # the newest: TITLE_003
    assert [h.summary.title for h in seeded.search(query)] == expected


def test_a_second_copy_sees_what_the_first_marked(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with Store.open(db) as first, Store.open(db) as second:
        import_paths(first, [SEEDS])
        newest = ids(first)[0]
        second.set_read([newest])
        assert first.is_read(newest) and first.unread_count() == 1
        first.set_read([newest], False)
        assert second.unread_count() == 2


def test_export_and_import_carry_read_state(seeded: Store, tmp_path: Path) -> None:
    newest = ids(seeded)[0]
    seeded.set_read([newest])
    data = seeded.export_notes()
    assert [r["article_id"] for r in data["read"]] == [newest]
    with Store.open() as other:
        import_paths(other, [SEEDS])
        assert other.import_notes(data).read == 1
        assert other.is_read(newest) and other.unread_count() == 1
        assert other.import_notes(data).read == 0  # already read
    older = {k: v for k, v in data.items() if k != "read"}  # an export made before read state
    with Store.open() as other:
        assert other.import_notes(older).read == 0


def test_a_bad_read_entry_in_an_export_is_named(seeded: Store) -> None:
    data = seeded.export_notes()
    data["read"] = [{"article_id": "not an id", "read_at": "2026-01-01T00:00:00+00:00"}]
    with pytest.raises(ValueError, match="read entry 1"):
        seeded.import_notes(data)


def test_a_database_from_before_read_state_is_updated_all_unread(tmp_path: Path) -> None:
    from conftest import insert_as_then
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    db = Database(path)
    migrate(db, 8)
    insert_as_then(db.conn, [article_row(f"{i:016x}", f"Story {i}") for i in range(3)])
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert store.count() == 3 and store.unread_count() == 3
        store.set_read([f"{0:016x}"])
        assert store.unread_count() == 2


def test_marking_read_does_not_reindex_the_article(seeded: Store) -> None:
    """The read flag is on the article's row; its text is not indexed again for it."""
    conn: sqlite3.Connection = seeded._conn
    pending = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    seeded.mark_all_read()
    assert conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == pending
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    assert [h.summary.title for h in seeded.search("kardashian")]


# -- the command line ----------------------------------------------------------------------------


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_the_command_line_marks_lists_and_shows_read_state(db_path: Path, capsys) -> None:
    assert run(db_path, "ingest", str(SEEDS)) == 0
    assert run(db_path, "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert [r["read"] for r in rows] == [False, False]
    newest = rows[0]["id"]
    assert run(db_path, "mark-read", newest[:8]) == 0
    assert capsys.readouterr().out == "1 article marked read\n"
    assert run(db_path, "list", "--unread", "--json") == 0
    assert [r["title"] for r in json.loads(capsys.readouterr().out)] == [TITLE_000]
    assert run(db_path, "list", "--unread", "--person", "Julia Fox") == 0
    assert capsys.readouterr().out == ""
    assert run(db_path, "show", newest, "--json") == 0
    assert json.loads(capsys.readouterr().out)["read"] is True
    assert run(db_path, "mark-unread", newest) == 0
    assert capsys.readouterr().out == "1 article marked unread\n"
    assert run(db_path, "mark-read", "--query", "erik swann") == 0
    assert capsys.readouterr().out == "1 article marked read\n"
    assert run(db_path, "mark-read", "--all") == 0
    assert capsys.readouterr().out == "1 article marked read\n"
    assert run(db_path, "list", "--unread") == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["mark-read"], "mark-read: give article ids, --all or --query"),
        (["mark-read", "--all", "--query", "x"], "one of them"),
        (["mark-read", "--query", "  "], "the query is empty"),
        (["mark-read", "0123456789abcdef"], "no article with id '0123456789abcdef'"),
    ],
)
def test_the_command_line_says_what_is_wrong_in_one_line(
    db_path: Path, capsys, args: list[str], said: str
) -> None:
    assert run(db_path, "ingest", str(SEEDS)) == 0
    capsys.readouterr()
    assert run(db_path, *args) != 0
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


def test_the_next_and_previous_unread_follow_the_list_order(store: Store) -> None:
    dated = [article_row(f"{i:016x}", f"Story {i}", date=f"2024-01-{i + 1:02d}") for i in range(5)]
    undated = [article_row(f"{i:016x}", f"Undated {i}") for i in range(5, 8)]
    write_articles(store, [*dated, *undated])
    order = [s.id for s in store.page(0, 100)]  # 4 3 2 1 0, then undated newest import first
    store.set_read([order[1], order[2], order[6]])
    unread = [i for i in order if not store.is_read(i)]
    for here in order:
        at = order.index(here)
        after = [i for i in unread if order.index(i) > at]
        before = [i for i in unread if order.index(i) < at]
        assert store.next_unread(here) == (after[0] if after else None), here
        assert store.next_unread(here, forward=False) == (before[-1] if before else None), here
