"""Articles written by another process (an import in another shell) show up in the running
app: the list and a search under way take them in, where the user is."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from conftest import article_row, settle, write_articles
from textual.widgets import Input

from reader.app import make_app
from reader.app.screens import main
from reader.app.widgets.article_list import ArticleList
from reader.core import Store

WIDE = (160, 48)


@pytest.fixture(autouse=True)
def watch_often(monkeypatch) -> None:
    monkeypatch.setattr(main, "WATCH_EVERY", 0.05)


def zebras(first: int, count: int, year: int) -> list[tuple]:
    return [
        article_row(f"z{i:03}", f"Story {i} about zebras", f"Zebras graze, {i}.", date=f"{year}")
        for i in range(first, first + count)
    ]


async def written_elsewhere(pilot, db_path, rows: list[tuple]) -> None:
    """Write ``rows`` on a connection of their own, then wait for the app to look."""
    with Store.open(db_path) as other:
        write_articles(other, rows)
    await pilot.pause(0.3)
    await settle(pilot)


def count_shown(app) -> str:
    return app.screen.query_one("#count").render().plain


@asynccontextmanager
async def five_zebras(db_path):
    """The app on a database of five articles about zebras, up and settled."""
    with Store.open(db_path) as store:
        write_articles(store, zebras(0, 5, 2020))
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            yield pilot, app.screen.query_one(ArticleList)


async def test_articles_imported_by_another_process_appear_where_the_cursor_is(db_path) -> None:
    async with five_zebras(db_path) as (pilot, listing):
        await pilot.press("j", "j")
        await settle(pilot)
        chosen = listing.current.id
        assert count_shown(pilot.app).endswith("5 articles · 5 unread")
        await written_elsewhere(pilot, db_path, zebras(5, 3, 2024))  # newer: listed above
        assert count_shown(pilot.app).endswith("8 articles · 8 unread")
        assert listing.current.id == chosen and listing.cursor == 5
        assert listing.summary_at(0).title == "Story 7 about zebras"


async def test_a_search_under_way_takes_in_new_articles_and_keeps_its_words(db_path) -> None:
    async with five_zebras(db_path) as (pilot, listing):
        await pilot.press("slash", *"zebras", "enter", "j")
        await settle(pilot)
        chosen = listing.current.id
        assert listing.total == 5 and pilot.app.focused is listing
        await written_elsewhere(pilot, db_path, zebras(5, 3, 2024))
        assert pilot.app.screen.query_one(Input).value == "zebras"
        assert listing.total == 8 and listing.row_height == 3  # results, not the list
        assert count_shown(pilot.app).endswith("8 results · 8 unread")
        assert listing.current.id == chosen and pilot.app.focused is listing


async def test_a_database_that_cannot_be_looked_at_raises_no_stream_of_errors(
    db_path, monkeypatch
) -> None:
    from reader.errors import StoreError

    def fails(self) -> int:
        raise StoreError("the database is damaged")

    monkeypatch.setattr(Store, "data_version", fails)
    async with five_zebras(db_path) as (pilot, listing):
        await pilot.pause(0.3)  # several looks
        await settle(pilot)
        assert not pilot.app._notifications
        assert listing.total == 5


async def test_a_person_renamed_by_another_process_is_renamed_in_the_article_being_read(
    db_path,
) -> None:
    """``reader people rename`` in another shell, or an import that found more mentions:
    the article in the reading pane shows the people as they are now."""
    from conftest import SEEDS

    from reader.app.widgets.reading_pane import ReadingPane
    from reader.ingest import import_paths

    def people_line(app) -> str:
        return app.screen.query_one(ReadingPane).article_text.find("people").text

    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert people_line(app).startswith("People: Kanye West (")
            with Store.open(db_path) as other:
                other.rename_person("Kanye West", "Ye")
            await pilot.pause(0.3)
            await settle(pilot)
            assert people_line(app).startswith("People: Ye (")


async def test_a_list_kept_to_a_person_is_loaded_once_after_another_process_writes(
    db_path, monkeypatch
) -> None:
    """The watch's look loads the list again and reads the pane's people again; the
    people's reading does not load the list a second time."""
    from conftest import SEEDS

    from reader.ingest import import_paths

    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            screen = app.screen
            screen.set_people_filter([store.person("Kanye West")])
            await settle(pilot)
            assert screen.query_one(ArticleList).total == 2
            loads: list[object] = []
            reload = screen.reload
            monkeypatch.setattr(
                screen, "reload", lambda *a, **k: (loads.append(a), reload(*a, **k))
            )
            with Store.open(db_path) as other:
                other.rename_person("Kim Kardashian", "Kim K")
            await pilot.pause(0.3)
            await settle(pilot)
            assert len(loads) == 1
