"""Article files with the same bytes are one article with several files
(reader.storage.copies): the list, search, people and person views show it once, and
the user's data under either file's id stays and shows on it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import article_row, insert_as_then, settle, write

from reader.cli import main
from reader.core import Store
from reader.core.base import COPIES_SINCE
from reader.ingest import article_id, import_paths
from reader.types import ArticleRow, Draft

STORY = (
    "Minister defends the harbour plan\n\n"
    "Harriet Dunmore said on Monday that the harbour plan would go ahead, whatever the "
    "council decided about the road.\n\n"
    "Harriet Dunmore told reporters that Oswald Pennington had seen the figures first.\n"
)
OTHER = (
    "Ferry strike ends after talks\n\n"
    "The ferry strike ended on Friday after talks led by Oswald Pennington.\n"
)
EDIT = "\nA paragraph added later, about the tide.\n"


def files(folder: Path) -> tuple[Path, Path, Path]:
    """``a.txt`` and ``b.txt`` with the same bytes, and ``c.txt`` another story."""
    a = write(folder / "a.txt", STORY)
    b = write(folder / "b.txt", STORY)
    c = write(folder / "c.txt", OTHER)
    return a.resolve(), b.resolve(), c.resolve()


def ids(*paths: Path) -> list[str]:
    return [article_id(path) for path in paths]


def people_counts(store: Store) -> dict[str, int]:
    return {person.name: person.articles for person in store.people()}


def integrity_ok(store: Store) -> None:
    conn: sqlite3.Connection = store._conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_two_files_with_the_same_bytes_are_one_article_with_both_paths(
    store: Store, tmp_path: Path
) -> None:
    a, b, c = files(tmp_path / "news")
    report = import_paths(store, [tmp_path / "news"])
    assert (report.added, report.skipped) == (3, 0)
    ida, idb, idc = ids(a, b, c)
    assert store.count() == 2
    # Three files added, two articles: the summary says why.
    assert report.copies == 1
    assert report.summary() == (
        "3 added, 0 updated, 0 unchanged, 0 skipped; "
        "1 was the same as another file and joined its article"
    )
    assert sorted(s.id for s in store.page(0, 10)) == sorted([ida, idc])
    article = store.article(ida)
    assert article.path == str(a) and article.paths == (str(a), str(b))
    assert store.article(idb) == article  # the copy's id names the article
    assert [h.summary.id for h in store.search("harbour")] == [ida]
    assert people_counts(store)["Harriet Dunmore"] == 1
    assert people_counts(store)["Oswald Pennington"] == 2  # this story and the ferry's
    dunmore = store.person("Harriet Dunmore")
    assert [s.id for s in store.person_page([dunmore.id], 0, 10)] == [ida]
    assert store.person_count([dunmore.id]) == 1
    integrity_ok(store)
    # Imported again, nothing changes: both files are known.
    again = import_paths(store, [tmp_path / "news"])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert again.copies == 0 and again.summary() == "0 added, 0 updated, 3 unchanged, 0 skipped"


def test_the_first_file_the_walk_finds_keeps_its_id_however_the_batches_fall(
    tmp_path: Path,
) -> None:
    """Within one import the first file found (each folder in name order, its files
    before its folders) gives the article its id, in one batch or in several."""
    first = write(tmp_path / "news" / "z.txt", STORY).resolve()
    later = write(tmp_path / "news" / "a" / "copy.txt", STORY).resolve()
    for batch_size in (1, 2, 100):
        with Store.open() as store:
            import_paths(store, [tmp_path / "news"], batch_size=batch_size, workers=1)
            assert store.count() == 1
            article = store.article(article_id(first))
            assert article.id == article_id(first)
            assert article.paths == (str(first), str(later))


def test_a_copy_found_by_a_later_import_joins_the_article(store: Store, tmp_path: Path) -> None:
    a = write(tmp_path / "one" / "a.txt", STORY).resolve()
    import_paths(store, [tmp_path / "one"])
    ida = article_id(a)
    store.add_note(ida, "on the first")
    store.set_read([ida])
    copy = write(tmp_path / "two" / "0.txt", STORY).resolve()  # a smaller path: no matter
    report = import_paths(store, [tmp_path / "two"])
    assert report.added == 1 and report.copies == 1
    assert store.count() == 1
    article = store.article(article_id(copy))
    assert article.id == ida and article.paths == (str(a), str(copy))
    assert article.read and article.notes == 1
    assert people_counts(store)["Harriet Dunmore"] == 1
    integrity_ok(store)


def test_a_copys_id_given_is_taken_as_its_articles(store: Store, tmp_path: Path) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    assert store.resolve_id(idb) == ida == store.resolve_id(idb[:10])
    note = store.add_note(idb, "written on the copy", quote="the harbour plan")
    assert (note.article_id, note.detached) == (ida, False)
    assert store.set_bookmark(idb)
    assert not store.set_bookmark(ida)  # bookmarked already
    assert store.set_read([idb, ida]) == 1 and store.set_read([ida]) == 0
    store.set_place(idb, 0.5)
    assert store.place(ida) == 0.5 and store.place(idb) == 0.5
    summary = next(s for s in store.page(0, 10) if s.id == ida)
    assert (summary.bookmarked, summary.notes, summary.read) == (True, 1, True)
    assert [n.text for n in store.notes(idb)] == ["written on the copy"]
    assert store.is_bookmarked(idb) and store.is_read(idb)
    assert [s.id for s in store.bookmark_page(0, 10)] == [ida]
    assert [h.summary.id for h in store.search("is:bookmarked has:note harbour")] == [ida]
    assert [h.summary.id for h in store.search("written copy")] == [ida]  # through the note
    exported = store.export_notes()
    assert [(n["article_id"], n["path"]) for n in exported["notes"]] == [(ida, str(a))]
    markdown = store.export_markdown()
    assert markdown.count("## Minister defends") == 1 and "written on the copy" in markdown
    assert store.set_bookmark(idb, False) and not store.is_bookmarked(ida)
    assert store.set_read([idb], False) == 1 and not store.is_read(ida)


def test_an_export_made_before_the_copies_are_imported_shows_on_the_one_article(
    store: Store, tmp_path: Path
) -> None:
    """Notes and bookmarks exported under each file's id, imported into a new database,
    then the files: one article, with the data of both."""
    a, b, _ = files(tmp_path / "news")
    ida, idb = ids(a, b)
    with Store.open() as first:
        import_paths(first, [tmp_path / "news" / "a.txt"])
        first.add_note(ida, "on a")
        first.set_read([ida])
        exported = first.export_notes()
    with Store.open() as second:
        import_paths(second, [tmp_path / "news" / "b.txt"])
        second.add_note(idb, "on b")
        second.set_bookmark(idb)
        exported["notes"] += second.export_notes()["notes"]
        exported["bookmarks"] = second.export_notes()["bookmarks"]
    assert store.import_notes(exported).elsewhere == 3
    import_paths(store, [tmp_path / "news"])
    article = store.article(ida)
    assert article.paths == (str(a), str(b))
    assert (article.notes, article.bookmarked, article.read) == (2, True, True)
    assert sorted(n.text for n in store.notes(idb)) == ["on a", "on b"]


def test_both_ids_bookmarked_in_an_import_are_one_bookmark(store: Store, tmp_path: Path) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    store.import_notes(
        {
            "version": 1,
            "bookmarks": [
                {"article_id": ida, "bookmarked_at": "2026-01-01T00:00:00+00:00"},
                {"article_id": idb, "bookmarked_at": "2026-01-02T00:00:00+00:00"},
            ],
        }
    )
    assert store.bookmark_count() == 1
    assert [s.id for s in store.bookmark_page(0, 10)] == [ida]
    assert [(m.article_id, m.bookmarked_at) for m in store.bookmarks()] == [
        (ida, "2026-01-01T00:00:00+00:00")  # the earlier
    ]


def test_data_put_back_under_an_id_made_a_copys_since_goes_to_its_article(
    store: Store, tmp_path: Path
) -> None:
    """A bookmark removed, then its article found to be a copy of another (its file
    edited to match), then the removal undone: the bookmark is the article's."""
    a, b, _ = files(tmp_path / "news")
    b.write_text(OTHER + EDIT, encoding="utf-8")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    store.set_bookmark(idb)
    store.add_note(idb, "on b", quote="ferry strike")
    with store.undoable("Bookmark removed", "bookmark", idb):
        store.set_bookmark(idb, False)
    b.write_text(STORY, encoding="utf-8")
    import_paths(store, [tmp_path / "news"])
    assert store.article(idb).id == ida and [n.article_id for n in store.notes(ida)] == [ida]
    assert store.undo() is not None
    assert store.is_bookmarked(ida) and [s.id for s in store.bookmark_page(0, 10)] == [ida]


def test_a_copy_edited_parts_from_the_article_which_keeps_the_notes(
    store: Store, tmp_path: Path
) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    store.add_note(ida, "on a", quote="the harbour plan")
    store.add_note(idb, "on b")
    store.set_bookmark(idb)
    assert [n.text for n in store.notes(ida)] == ["on a", "on b"]
    assert [n.article_id for n in store.notes(ida)] == [ida, ida]
    b.write_text(STORY + EDIT, encoding="utf-8")
    report = import_paths(store, [tmp_path / "news"])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    assert store.count() == 3
    first, second = store.article(ida), store.article(idb)
    assert (first.id, first.paths, EDIT.strip() in first.body) == (ida, (str(a),), False)
    assert (second.id, second.paths, EDIT.strip() in second.body) == (idb, (str(b),), True)
    assert [(n.text, n.detached) for n in store.notes(ida)] == [("on a", False), ("on b", False)]
    assert store.notes(idb) == []
    assert (first.bookmarked, second.bookmarked) == (True, False)
    assert people_counts(store)["Harriet Dunmore"] == 2
    integrity_ok(store)
    # Made the same again, they are one again, under the first id.
    b.write_text(STORY, encoding="utf-8")
    import_paths(store, [tmp_path / "news"])
    assert store.count() == 2 and store.article(idb).id == ida
    assert [n.text for n in store.notes(idb)] == ["on a", "on b"]
    assert people_counts(store)["Harriet Dunmore"] == 1
    integrity_ok(store)


def test_the_kept_file_edited_keeps_the_id_and_the_copies_keep_the_old_text(
    store: Store, tmp_path: Path
) -> None:
    a, b, _ = files(tmp_path / "news")
    third = write(tmp_path / "news" / "d.txt", STORY).resolve()
    import_paths(store, [tmp_path / "news"])
    ida, idb, idd = ids(a, b, third)
    store.add_note(ida, "on a")
    store.add_note(idd, "on d", quote="the harbour plan")
    store.set_read([idb])
    store.set_bookmark(idd)
    a.write_text(STORY + EDIT, encoding="utf-8")
    import_paths(store, [tmp_path / "news"])
    edited, kept = store.article(ida), store.article(idb)
    assert EDIT.strip() in edited.body and edited.paths == (str(a),)
    # The other two files keep the old text, under the id of the first of them by path.
    assert kept.id == idb and store.article(idd).id == idb
    assert kept.paths == (str(b), str(third)) and EDIT.strip() not in kept.body
    # The user's data stays with the id; the old text, read before, is read.
    assert [(n.text, n.detached) for n in store.notes(ida)] == [("on a", False), ("on d", False)]
    assert store.notes(idb) == []
    assert (edited.read, kept.read) == (True, True)
    assert (edited.bookmarked, kept.bookmarked) == (True, False)
    assert people_counts(store)["Harriet Dunmore"] == 2  # found again for the new article
    assert [h.summary.id for h in store.search("tide")] == [ida]
    assert sorted(h.summary.id for h in store.search("harbour")) == sorted([ida, idb])
    integrity_ok(store)


def test_both_files_edited_alike_stay_one_article(store: Store, tmp_path: Path) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    for path in (a, b):
        path.write_text(STORY + EDIT, encoding="utf-8")
    import_paths(store, [tmp_path / "news"], batch_size=100)
    assert store.count() == 2
    article = store.article(idb)
    assert article.id == ida and article.paths == (str(a), str(b))
    assert EDIT.strip() in article.body
    assert people_counts(store)["Harriet Dunmore"] == 1
    integrity_ok(store)


def test_the_kept_file_deleted_leaves_the_article_to_the_other_with_the_same_id(
    store: Store, tmp_path: Path
) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    store.add_note(ida, "on the article")
    a.unlink()
    import_paths(store, [tmp_path / "news"])
    article = store.article(ida)
    assert (article.id, article.path, article.paths) == (ida, str(b), (str(b),))
    assert store.article(idb).id == ida and article.notes == 1
    # The other file, alone now, edited: the article follows it, its id kept.
    b.write_text(STORY + EDIT, encoding="utf-8")
    import_paths(store, [tmp_path / "news"])
    assert store.count() == 2
    article = store.article(idb)
    assert article.id == ida and EDIT.strip() in article.body
    # The kept file back as it was: an article of its own again, under its own id.
    a.write_text(STORY, encoding="utf-8")
    import_paths(store, [tmp_path / "news"])
    assert store.count() == 3
    assert store.article(ida).paths == (str(a),) and store.article(idb).id == idb
    assert [n.text for n in store.notes(ida)] == ["on the article"]
    integrity_ok(store)


def test_a_copy_deleted_and_back_is_a_file_of_the_article_again(
    store: Store, tmp_path: Path
) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    b.unlink()
    import_paths(store, [tmp_path / "news"])
    assert store.article(ida).paths == (str(a),)
    assert store.article(idb).id == ida  # its id still names the article
    b.write_text(STORY, encoding="utf-8")
    report = import_paths(store, [tmp_path / "news"])
    assert report.added == 1 and store.count() == 2
    assert store.article(ida).paths == (str(a), str(b))


def test_the_last_file_of_an_article_is_never_let_go(store: Store, tmp_path: Path) -> None:
    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    a.unlink()
    b.unlink()
    import_paths(store, [tmp_path / "news"])
    article = store.article(article_id(a))
    assert len(article.paths) == 1 and store.count() == 2


@pytest.mark.parametrize("version", range(9, COPIES_SINCE))  # read state on, copies not yet
def test_a_database_holding_both_copies_is_made_one_when_updated(
    tmp_path: Path, version: int
) -> None:
    """A database from before copies were known, with the user's data on both rows: the
    older row stays, and the data of both is folded into it."""
    from sqlite_utils import Database

    from reader.storage.schema import migrate

    path = tmp_path / "old.db"
    db = Database(path)
    assert migrate(db, version) == version
    first = article_row("aaaa000000000001", "Harbour plan", "Harriet Dunmore spoke.")
    second = article_row("bbbb000000000002", "Harbour plan", "Harriet Dunmore spoke.")
    other = article_row("cccc000000000003", "Ferry strike", "Harriet Dunmore again.")
    assert first.content_hash == second.content_hash != other.content_hash
    with db.conn as conn:
        insert_as_then(conn, [first, second, other])
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")  # as indexed
        conn.execute("INSERT INTO people (key, name, articles) VALUES ('harriet dunmore', "
                     "'Harriet Dunmore', 3)")  # fmt: skip
        conn.executemany("INSERT INTO article_people VALUES (1, '', ?, 1, 0)", [(1,), (2,), (3,)])
        conn.execute("INSERT INTO bookmarks VALUES (?, '2024-02-05T00:00:00+00:00')", (first.id,))
        conn.execute("INSERT INTO bookmarks VALUES (?, '2024-02-01T00:00:00+00:00')", (second.id,))
        conn.execute("INSERT INTO reads VALUES (?, '2024-02-01T00:00:00+00:00')", (second.id,))
        conn.executemany(
            "INSERT INTO notes (uid, article_id, text, quote, detached, created, edited) VALUES "
            "(?, ?, ?, 'Dunmore', 0, ?, ?)",
            [
                ("u1", second.id, "on the second", "2024-02-02", "2024-02-02"),
                ("u2", first.id, "on the first", "2024-02-03", "2024-02-03"),
            ],
        )
        conn.execute("INSERT INTO places VALUES (?, 0.7, '2024-02-01')", (first.id,))
        conn.execute("INSERT INTO places VALUES (?, 0.4, '2024-02-03')", (second.id,))
        conn.execute(
            "INSERT INTO drafts (key, article_id, text, updated) VALUES (?, ?, 'half a', '')",
            (f"new:{second.id}", second.id),
        )
        conn.execute("UPDATE people SET name = 'Harriet D.'")  # renamed, as people_edit does
        conn.execute("INSERT INTO person_overrides (key, name, name_key, updated) VALUES "
                     "('harriet dunmore', 'Harriet D.', 'harriet d.', '2024-02-04')")  # fmt: skip
    db.close()
    with Store.open(path) as store:
        assert store.count() == 2
        article = store.article(second.id)
        assert article.id == first.id
        assert article.paths == (first.path, second.path)
        assert (article.bookmarked, article.read, article.notes) == (True, True, 2)
        assert [(n.article_id, n.text, n.detached) for n in store.notes(first.id)] == [
            (first.id, "on the second", False),
            (first.id, "on the first", False),
        ]
        assert [(m.article_id, m.bookmarked_at) for m in store.bookmarks()] == [
            (first.id, "2024-02-01T00:00:00+00:00")  # the earlier of the two
        ]
        assert store.unread_count() == 1
        assert store.place(first.id) == 0.4  # the later
        for table in ("bookmarks", "reads", "places", "notes", "drafts"):
            sql = f"SELECT count(*) FROM {table} WHERE article_id = ?"
            assert store._conn.execute(sql, (second.id,)).fetchone()[0] == 0
        draft = store.draft(Draft.key_for(first.id))
        assert draft is not None and draft.text == "half a"
        assert people_counts(store) == {"Harriet D.": 2}
        assert store._conn.execute("SELECT count(*) FROM people_state").fetchone()[0] == 0
        assert [h.summary.id for h in store.search("harbour")] == [first.id]
        integrity_ok(store)


def test_feed_entries_and_saved_pages_with_the_same_text_are_never_made_one(
    store: Store,
) -> None:
    from conftest import write_articles

    from reader.records import replace

    def page(article_id: str, url: str, feed_id: int | None = None) -> ArticleRow:
        row = article_row(article_id, "Same", "Same text.")
        return replace(row, url=url, path=url, feed_id=feed_id)

    store.add_feed("https://a.example/feed")
    saved = [page("p1", "https://a.example/1"), page("p2", "https://b.example/2")]
    entries = [page("e1", "https://a.example/1", 1), page("e2", "https://a.example/1", 1)]
    write_articles(store, [*saved, *entries])
    assert store.count() == 4 and store.article("e1").paths == ()


def test_files_naming_their_web_page_are_made_one(store: Store, tmp_path: Path) -> None:
    """A file may name its page in a ``URL:`` header: a file still, its copies one with it."""
    text = "URL: https://news.example/harbour\n\n" + STORY
    a = write(tmp_path / "news" / "a.txt", text).resolve()
    b = write(tmp_path / "news" / "b.txt", text).resolve()
    import_paths(store, [tmp_path / "news"])
    article = store.article(article_id(b))
    assert store.count() == 1 and article.url == "https://news.example/harbour"
    assert article.paths == (str(a), str(b))


# -- the command line ------------------------------------------------------------------------


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_the_command_line_shows_one_article_with_every_path(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, _ = files(tmp_path / "news")
    ida, idb = ids(a, b)
    assert run(db_path, "ingest", str(tmp_path / "news")) == 0
    assert capsys.readouterr().out == (
        "3 added, 0 updated, 0 unchanged, 0 skipped; "
        "1 was the same as another file and joined its article\n"
    )
    assert run(db_path, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 2 and ida in [row["id"] for row in listed]
    assert run(db_path, "show", idb, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["id"], shown["source"], shown["paths"]) == (ida, str(a), [str(a), str(b)])
    assert run(db_path, "show", idb) == 0
    assert f"Files: {a}\n       {b}\n" in capsys.readouterr().out
    assert run(db_path, "note", "add", idb, "on the copy") == 0
    assert capsys.readouterr().out == f"added note 1 to {ida}\n"  # the copy's: its article's
    assert run(db_path, "notes", "--json") == 0
    (note,) = json.loads(capsys.readouterr().out)
    assert (note["article_id"], note["article_title"]) == (ida, "Minister defends the harbour plan")
    assert run(db_path, "mark-read", idb, ida) == 0
    assert capsys.readouterr().out == "1 article marked read\n"
    assert run(db_path, "people", "--json") == 0
    people = {p["name"]: p["articles"] for p in json.loads(capsys.readouterr().out)}
    assert people["Harriet Dunmore"] == 1


# -- the app --------------------------------------------------------------------------------


async def test_the_app_lists_the_article_once_and_says_where_else_it_is(
    store: Store, tmp_path: Path
) -> None:
    from reader.app import make_app
    from reader.app.widgets.article_list import ArticleList
    from reader.app.widgets.reading_pane import ReadingPane

    a, b, _ = files(tmp_path / "news")
    import_paths(store, [tmp_path / "news"])
    ida, idb = ids(a, b)
    store.add_note(idb, "written under the copy's id")
    store.set_bookmark(idb)
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        assert listing.total == 2
        titles = [listing.summary_at(i).title for i in range(listing.total)]
        assert titles.count("Minister defends the harbour plan") == 1
        row = titles.index("Minister defends the harbour plan")
        for _ in range(row):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None and pane.article.id == ida
        assert f"Also at {b}" in pane.article_text.plain
        assert [n.text for n in pane.notes] == ["written under the copy's id"]
        await pilot.press("B")  # bookmarks only: the article once
        await settle(pilot)
        assert listing.total == 1 and listing.summary_at(0).id == ida
        await pilot.press("B", "slash", *"harbour")  # a search finds it once
        await settle(pilot)
        assert listing.total == 1 and listing.summary_at(0).id == ida
