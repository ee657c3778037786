"""Typing faster than searches answer, driven with Pilot: the results on screen at the
end are those of the text in the box, whatever order the searches finished in.

A terminal hands the app the keys typed in one go together; :func:`typed_together`
does the same (Pilot's ``press`` waits for each key's work to finish before the next).
"""

from __future__ import annotations

import time

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


def slow_searches(monkeypatch) -> None:
    """Each search takes longer the shorter its text: the older ones finish last."""
    real = Store.search_results

    def slow(self, text: str, limit: int = 50, within=None):  # type: ignore[no-untyped-def]
        time.sleep(0.01 * max(0, 12 - len(text)))
        return real(self, text, limit, within)

    monkeypatch.setattr(Store, "search_results", slow)


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
