"""A look-up that fails in the background is said in one line, on every screen, and the
app carries on: the people panel, the person chooser, a person's view, the notes list,
the main screen, and the article list's pages (read again once the database is back)."""

from __future__ import annotations

import pytest
from conftest import SEEDS, article_row, settle, write_articles
from textual.worker import WorkerFailed

from reader.app import make_app
from reader.app.dialogs.chooser import PersonChooser
from reader.app.screens.main import MainScreen
from reader.app.screens.notes import NotesScreen
from reader.app.screens.people import PeopleScreen
from reader.app.screens.person import PersonScreen
from reader.app.widgets.article_list import PAGE_SIZE, ArticleList
from reader.core import Store
from reader.errors import StoreError
from reader.ingest import import_paths

WIDE = (160, 48)


def store_error() -> Exception:
    return StoreError("x.db: the database is damaged (test)")


def plain_error() -> Exception:
    return RuntimeError("disk on fire")


#: A database error says itself what went wrong; any other error is named with what
#: the user was doing.
FAILURES = {
    "store error": (store_error, "x.db: the database is damaged (test)"),
    "other error": (plain_error, "disk on fire"),
}


@pytest.fixture(params=list(FAILURES))
def failure(request):
    return FAILURES[request.param]


@pytest.fixture
def store():
    with Store.open() as s:
        import_paths(s, [SEEDS])
        yield s


def fail(monkeypatch, store: Store, method: str, make_error) -> None:
    """Make ``store.method`` raise ``make_error()`` from now on."""

    def failing(*args, **kwargs):
        raise make_error()

    monkeypatch.setattr(store, method, failing)


async def settle_failures(pilot) -> None:
    """:func:`settle`, where a failed job is expected (the app reports it)."""
    for _ in range(5):
        try:
            await settle(pilot)
            return
        except WorkerFailed:
            continue
    raise AssertionError("the app's jobs never settled")


def errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def said_once(app, words: str) -> None:
    """One error notification, of one line, saying ``words``; the app still runs."""
    shown = errors(app)
    assert len(shown) == 1, shown
    assert words in shown[0] and "\n" not in shown[0], shown
    assert app.is_running


#: Per screen: the keys that open it, the store's method that then fails, the keys that
#: make the screen call it, and the screen that stays open.
SCREENS = {
    "people panel": ((), "people", ("@",), PeopleScreen),
    "person chooser": (("@",), "people", ("down", "m"), PersonChooser),  # merge into whom?
    "person view": (("enter", "P"), "person_count", ("enter",), PersonScreen),
    "notes list": ((), "notes", ("m",), NotesScreen),
    "main screen": ((), "set_bookmark", ("b",), MainScreen),
}


@pytest.mark.parametrize("where", list(SCREENS))
async def test_a_failed_store_call_is_said_in_one_line_on_every_screen(
    store, monkeypatch, failure, where
) -> None:
    make_error, words = failure
    opening, method, keys, screen = SCREENS[where]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(*opening)
        await settle(pilot)
        fail(monkeypatch, store, method, make_error)
        await pilot.press(*keys)
        await settle_failures(pilot)
        assert isinstance(app.screen, screen)
        said_once(app, words)


async def test_a_bookmark_that_failed_is_shown_as_it_was(store, monkeypatch, failure) -> None:
    make_error, _ = failure
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        fail(monkeypatch, store, "set_bookmark", make_error)
        await pilot.press("b")
        await settle_failures(pilot)
        assert not app.screen.query_one(ArticleList).current.bookmarked


def failing_second_page(store: Store, broken: list[bool], tries: list[int]) -> None:
    """A list of two pages in ``store``: its second fails to read while ``broken`` holds
    something (each try noted in ``tries``)."""
    write_articles(store, [article_row(f"a{i:04}", f"Story {i}") for i in range(PAGE_SIZE + 50)])
    read_page = store.view_page

    def page(offset: int, limit: int, **view):  # type: ignore[no-untyped-def]
        if broken and offset >= PAGE_SIZE:  # the first page reads, the second fails
            tries.append(offset)
            raise plain_error()
        return read_page(offset, limit, **view)

    store.view_page = page  # type: ignore[method-assign]


async def test_a_failed_page_is_said_once_however_often_the_list_is_drawn() -> None:
    """Drawing the list, or scrolling it, does not read a page that failed again (each
    try said the failure again: two notices in a run of the whole suite); moving the
    cursor does."""
    with Store.open() as store:
        tries: list[int] = []
        failing_second_page(store, [True], tries)
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            await pilot.press("G")
            await settle_failures(pilot)
            assert len(tries) == 1
            for _ in range(3):
                listing.refresh()
                listing.scroll_relative(y=1, animate=False)
                await settle_failures(pilot)
            assert len(tries) == 1
            said_once(app, "disk on fire")
            await pilot.press("k")  # the user moves on: read again
            await settle_failures(pilot)
            assert len(tries) == 2


async def test_a_failed_page_of_the_list_is_said_and_read_again_later() -> None:
    with Store.open() as store:
        broken = [True]
        failing_second_page(store, broken, [])
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            await pilot.press("G")  # the last article: its page is read as it scrolls in
            await settle_failures(pilot)
            said_once(app, "disk on fire")
            assert listing.current is None  # not read
            broken.clear()  # the database is back
            await pilot.press("k")
            await settle(pilot)
            assert listing.cursor == PAGE_SIZE + 48
            assert listing.current is not None and listing.current.title.startswith("Story")
            assert len(errors(app)) == 1
