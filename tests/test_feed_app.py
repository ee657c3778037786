"""Feeds in the app: R refreshes in a worker, new articles arrive while the cursor stays on
the article it was on, the top bar shows the refresh, and a failed feed is named."""

from __future__ import annotations

import pytest
from conftest import settle
from pytest_httpserver import HTTPServer

from reader.app import make_app
from reader.app.widgets.article_list import ArticleList
from reader.core import Store
from tests.test_feed_refresh import Feed, item, rss

WIDE = (160, 48)


@pytest.fixture
def feed(httpserver: HTTPServer) -> Feed:
    served = Feed(rss(item("a1", "Older story one"), item("a2", "Older story two")))
    httpserver.expect_request("/feed.xml").respond_with_handler(served.handler)
    return served


async def test_r_brings_new_articles_and_the_cursor_stays_put(
    db_path, httpserver: HTTPServer, feed: Feed
) -> None:
    with Store.open(db_path) as store:
        store.subscribe(httpserver.url_for("/feed.xml"))
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            await pilot.press("j")
            await settle(pilot)
            chosen = listing.current.id
            feed.set(
                rss(
                    item("a3", "Fresh story three"),
                    item("a1", "Older story one"),
                    item("a2", "Older story two"),
                )
            )
            await pilot.press("R")
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
            titles = {listing.summary_at(i).title for i in range(3)}
            assert "Fresh story three" in titles
            assert listing.current.id == chosen
            assert not app.screen.query_one("#refreshing").display


async def test_the_refresh_count_is_drawn_in_place_without_laying_the_screen_out(
    store: Store, monkeypatch
) -> None:
    """The top bar says how far a refresh is four times a second. Each new count is drawn
    where the last one was: the screen is laid out again only when the count appears."""
    from textual.screen import Screen

    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        layouts = 0
        refresh_layout = Screen._refresh_layout

        def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal layouts
            layouts += 1
            return refresh_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        app._show_refresh(0, 500)
        await pilot.pause()
        assert layouts >= 1  # it appeared: the bar makes room for it
        shown = layouts
        status = app.screen.query_one("#refreshing")
        for done in (5, 42, 120, 499, 500):
            app._show_refresh(done, 500)
            await pilot.pause()
            assert str(status.render()).endswith(f"{done}/500")
        assert layouts == shown
        app._show_refresh(None)
        await pilot.pause()
        assert not status.display


async def test_r_with_no_feeds_says_how_to_add_one(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("reader feed add URL" in m for m in messages)


async def test_a_failed_feed_is_named_in_the_notification(db_path, httpserver) -> None:
    httpserver.expect_request("/down.xml").respond_with_data("", status=503)
    with Store.open(db_path) as store:
        store.add_feed(httpserver.url_for("/down.xml"))
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert any("1 failed" in m and "/down.xml" in m for m in messages)


async def test_due_feeds_refresh_on_their_own_once_the_first_screen_is_up(
    db_path, httpserver: HTTPServer, feed: Feed, monkeypatch
) -> None:
    from reader.app import app as app_module

    monkeypatch.setattr(app_module, "AUTO_REFRESH_DELAY", 0.05)
    with Store.open(db_path) as store:
        store.add_feed(httpserver.url_for("/feed.xml"))  # due at once, never fetched
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            listing = app.screen.query_one(ArticleList)
            assert listing.summary_at(0) is None  # the first screen: what the database had
            for _ in range(40):
                await pilot.pause(0.05)
                await settle(pilot)
                if listing.summary_at(0) is not None:
                    break
            assert {listing.summary_at(i).title for i in range(2)} == {
                "Older story one",
                "Older story two",
            }
            assert feed.requests == 1


async def test_no_refresh_on_its_own_when_the_setting_says_0(
    db_path, httpserver: HTTPServer, feed: Feed, monkeypatch
) -> None:
    from reader.app import app as app_module

    monkeypatch.setattr(app_module, "AUTO_REFRESH_DELAY", 0.05)
    with Store.open(db_path) as store:
        store.add_feed(httpserver.url_for("/feed.xml"))
        store.set_setting("feeds.refresh_minutes", "0")
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause(0.5)
            await settle(pilot)
            assert feed.requests == 0


async def test_r_during_a_refresh_says_one_is_under_way_and_starts_no_second(
    db_path, httpserver: HTTPServer, feed: Feed
) -> None:
    import threading

    slow = Feed(feed.text)
    answer = threading.Event()  # the server answers once the second R is in: no race

    def handler(request):  # type: ignore[no-untyped-def]
        answer.wait(10)
        return slow.handler(request)

    httpserver.expect_request("/slow.xml").respond_with_handler(handler)
    with Store.open(db_path) as store:
        store.set_setting("feeds.refresh_minutes", "0")  # no refresh of its own: R's alone
        store.add_feed(httpserver.url_for("/slow.xml"))
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await pilot.pause(0.1)
            await pilot.press("R")
            await pilot.pause()
            answer.set()
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert any("A refresh is under way" in m for m in messages)
            assert slow.requests == 1


async def test_small_r_refreshes_the_feed_of_the_article_under_the_cursor_alone(
    db_path, httpserver: HTTPServer, feed: Feed
) -> None:
    """newsboat's ``r``, typed right after the keys that move to the article; on an
    article from a file it says so and fetches nothing."""
    from conftest import SEEDS

    from reader.app.screens.main_updates import NOT_FROM_A_FEED

    other = Feed(rss(item("b1", "The other feed's story")))
    httpserver.expect_request("/other.xml").respond_with_handler(other.handler)
    with Store.open(db_path) as store:
        store.set_setting("feeds.refresh_minutes", "0")
        store.subscribe(httpserver.url_for("/feed.xml"))
        store.subscribe(httpserver.url_for("/other.xml"))
        store.import_files([SEEDS])
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            titles = [listing.summary_at(i).title for i in range(listing.total)]
            target = titles.index("The other feed's story")
            await pilot.press(*["j"] * target, "r")
            await settle(pilot)
            assert (other.requests, feed.requests) == (2, 1)
            from_a_file = next(i for i, t in enumerate(titles) if "Kardashian" in t)
            await pilot.press("g", *["j"] * from_a_file, "r")
            await settle(pilot)
            assert (other.requests, feed.requests) == (2, 1)
            assert NOT_FROM_A_FEED in [n.message for n in app._notifications]
