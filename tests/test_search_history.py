"""The search box's history: Up brings back the searches the user went to the results of,
most recent first, and Down walks back to what was typed, then goes to the results, as
a shell's history does. It is kept in the database: it outlasts a restart and every
re-import."""

from __future__ import annotations

import sqlite3
import time

import pytest
from conftest import SEEDS, settle

from reader.app import make_app
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.search_box import SearchBox
from reader.config import loads
from reader.core import Store
from reader.ingest import import_paths
from reader.storage import searches

SIZE = (100, 30)


def test_the_history_holds_each_search_once_most_recent_first(store: Store) -> None:
    for text in ("kim", "kanye", "  ", "", "kim", "person:kim west"):
        store.remember_search(text)
    assert store.search_history() == ["person:kim west", "kim", "kanye"]


def test_the_oldest_searches_go_past_the_limit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searches, "KEEP", 3)
    for text in "abcd":
        store.remember_search(text)
    store.remember_search("b")
    assert store.search_history() == ["b", "d", "c"]


def test_the_history_outlasts_a_re_import(seeded: Store) -> None:
    seeded.remember_search("kardashian")
    import_paths(seeded, [SEEDS])
    assert seeded.search_history() == ["kardashian"]


def _box(app) -> SearchBox:  # type: ignore[no-untyped-def]
    return app.screen.query_one(SearchBox)


async def test_up_brings_back_the_searches_gone_to_and_down_walks_back(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Enter, and Down, go to the results: both searches are kept.
        await pilot.press("slash", *"kim", "enter", "slash", *"kanye", "down", "escape")
        await settle(pilot)
        assert seeded.search_history() == ["kanye", "kim"]
        assert not app.screen.searching

        await pilot.press("slash", "up")
        await settle(pilot)
        box = _box(app)
        assert app.focused is box and box.value == "kanye" and app.screen.searching
        assert box.cursor_position == len("kanye")
        await pilot.press("up", "up")  # the oldest stays
        await settle(pilot)
        assert box.value == "kim"
        await pilot.press("down")
        await settle(pilot)
        assert box.value == "kanye"
        await pilot.press("down")  # what was typed: nothing
        await settle(pilot)
        assert box.value == "" and not app.screen.searching and app.focused is box
        await pilot.press("down")  # then the results (here, the list)
        await settle(pilot)
        assert isinstance(app.focused, ArticleList)
        assert seeded.search_history() == ["kanye", "kim"]


async def test_a_search_brought_back_and_edited_is_a_search_of_its_own(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kim", "enter", "slash", *"west", "enter")
        await settle(pilot)
        # `/` leaves "west" in the box: Up skips it, to the search before.
        await pilot.press("slash", "up", "end", "backspace")
        await settle(pilot)
        box = _box(app)
        assert box.value == "ki"
        await pilot.press("up")  # a walk from the top again
        await settle(pilot)
        assert box.value == "west"
        await pilot.press("down")
        await settle(pilot)
        assert box.value == "ki"  # what was typed
        await pilot.press("enter")
        await settle(pilot)
        assert seeded.search_history() == ["ki", "west", "kim"]


async def test_the_history_is_there_at_the_next_start(seeded: Store) -> None:
    async with make_app(seeded).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kardashian", "enter")
        await settle(pilot)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "up")
        await settle(pilot)
        assert _box(app).value == "kardashian"


@pytest.mark.parametrize("file", ["", "search_history = true"], ids=["unset", "true"])
async def test_a_config_file_keeps_the_history_unless_it_says_false(
    seeded: Store, file: str
) -> None:
    app = make_app(seeded, config=loads(file))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kim", "enter")
        await settle(pilot)
    assert seeded.search_history() == ["kim"]


async def test_search_history_false_keeps_none_and_forgets_those_kept(seeded: Store) -> None:
    seeded.remember_search("kardashian")
    app = make_app(seeded, config=loads("search_history = false"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert seeded.search_history() == []  # forgotten at the start
        await pilot.press("slash", *"kim", "enter", "slash", "up")
        await settle(pilot)
        assert _box(app).value == "kim"  # only what `/` left in the box
        assert seeded.search_history() == []


async def test_up_typed_as_the_app_starts_waits_for_the_history(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is read once the first screen is up: Up typed before it came takes
    effect when it comes, and the keys after it wait for it."""
    seeded.remember_search("kim")
    seeded.remember_search("kanye")
    read = seeded.search_history

    def slow() -> list[str]:
        time.sleep(0.3)
        return read()

    monkeypatch.setattr(seeded, "search_history", slow)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "up", "up", "enter")
        await settle(pilot)
        assert _box(app).value == "kim" and isinstance(app.focused, ArticleList)
        assert app.screen.searching
    assert read() == ["kim", "kanye"]


def test_forgetting_an_empty_history_takes_no_write_lock(db_path) -> None:  # type: ignore[no-untyped-def]
    """``search_history = false`` forgets the history at every start: with none kept,
    that must not wait for the write lock another copy holds (an import, say)."""
    with Store.open(db_path) as store:
        store._conn.execute("PRAGMA busy_timeout = 200")  # a lock waited for fails soon
        other = sqlite3.connect(db_path)
        other.execute("BEGIN IMMEDIATE")  # another process writing
        try:
            store.forget_searches()
        finally:
            other.rollback()
            other.close()
        store.remember_search("kim")
        store.forget_searches()
        assert store.search_history() == []
