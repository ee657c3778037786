"""Typing faster than searches answer, driven with Pilot: the results on screen at the
end are those of the text in the box, whatever order the searches finished in.

A terminal hands the app the keys typed in one go together; :func:`typed_together`
does the same (Pilot's ``press`` waits for each key's work to finish before the next).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from conftest import SEEDS, TITLE_003, previewed, settle
from textual import events

from reader.app import make_app
from reader.app.screens.main import SearchBox
from reader.app.widgets.article_list import ArticleList
from reader.core import Store
from reader.ingest import import_paths

QUERY = "julia fox"


@pytest.fixture
def store(db_path):
    with Store.open(db_path) as s:
        import_paths(s, [SEEDS])
        yield s


def typed_together(app, text: str) -> None:
    for char in text:
        event = events.Key({"/": "slash", " ": "space"}.get(char, char), char)
        event.set_sender(app)
        app.post_message(event)


def searches_after(monkeypatch, wait: Callable[[str], object]) -> None:
    """Each search (in the search thread) first calls ``wait`` with its text."""
    real = Store.search_results

    def waiting(self, text: str, limit: int = 50, within=None):  # type: ignore[no-untyped-def]
        wait(text)
        return real(self, text, limit, within)

    monkeypatch.setattr(Store, "search_results", waiting)


def slow_searches(monkeypatch) -> None:
    """Each search takes longer the shorter its text: the older ones finish last."""
    searches_after(monkeypatch, lambda text: time.sleep(0.01 * max(0, 12 - len(text))))


@pytest.mark.parametrize(
    "start",
    [
        "in-the-box",
        "slash-typed-with-it",
    ],
)
async def test_a_query_typed_fast_while_searches_are_slow_ends_with_its_own_results(
    store, monkeypatch, start
) -> None:
    slow_searches(monkeypatch)
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await previewed(pilot)
        if start == "in-the-box":
            await pilot.press("slash")
            await settle(pilot)
            typed_together(app, QUERY)
        else:
            typed_together(app, "/" + QUERY)
        await settle(pilot)
        await pilot.pause(0.3)  # the slowest search (one letter) has long finished
        await settle(pilot)
        assert app.screen.query_one(SearchBox).value == QUERY
        listing = app.screen.query_one(ArticleList)
        assert [listing.summary_at(i).title for i in range(listing.total)] == [TITLE_003]
        assert "1 result" in app.screen.query_one("#count").render().plain


def frames_drawn(app) -> list[tuple[str, list[str]]]:
    """Each frame the app draws from now on, as the search box's text and the list's titles
    at that moment."""
    frames: list[tuple[str, list[str]]] = []
    draw = app._display

    def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None and not app._batch_count:  # a frame that reaches the screen
            box = screen.query_one(SearchBox)
            listing = screen.query_one(ArticleList)
            titles = [listing.summary_at(i).title for i in range(listing.total)]
            frames.append((box.value, titles))
        draw(screen, renderable)

    app._display = display
    return frames


async def test_a_keys_echo_and_its_results_are_drawn_in_one_frame(store, monkeypatch) -> None:
    # The searches take 30 ms each, well within the hold (made long here, so that a slow
    # machine holds too): no frame shows the letters typed over the results of before.
    monkeypatch.setattr("reader.app.screens.main_search.HOLD_ECHO", 2.0)
    searches_after(monkeypatch, lambda _: time.sleep(0.03))
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await previewed(pilot)
        await pilot.press("slash")
        await settle(pilot)
        before = app.screen.query_one(ArticleList).total
        frames = frames_drawn(app)
        typed_together(app, "julia")
        await settle(pilot)
        await pilot.pause(0.1)
        typed = [frame for frame in frames if frame[0]]
        assert typed, "no frame showed the query"
        assert before == 2
        assert typed[0] == ("julia", [TITLE_003])


async def test_a_slow_search_does_not_hold_the_keys_echo_back(store, monkeypatch) -> None:
    # A search that takes a second: the letter shows within the hold, long before it.
    monkeypatch.setattr("reader.app.screens.main_search.HOLD_ECHO", 0.05)
    release = threading.Event()
    searches_after(monkeypatch, lambda _: release.wait(5))
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await previewed(pilot)
        await pilot.press("slash")
        await settle(pilot)
        frames = frames_drawn(app)
        typed_together(app, "julia")
        deadline = time.monotonic() + 3
        while not any(value == "julia" for value, _ in frames) and time.monotonic() < deadline:
            await pilot.pause(0.02)
        assert any(value == "julia" for value, _ in frames), "the echo waited for the search"
        assert not release.is_set()
        release.set()
        await settle(pilot)
        await pilot.pause(0.1)
        listing = app.screen.query_one(ArticleList)
        assert [listing.summary_at(i).title for i in range(listing.total)] == [TITLE_003]
