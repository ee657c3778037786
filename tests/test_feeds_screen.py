"""The feeds screen (S), against feeds on a real HTTP server on 127.0.0.1: every feed
with its state, the broken ones first with their errors; r and R refresh through the
app's one refresh and the screen shows the new times and errors; d removes a feed after
asking (bookmarked articles stay); q and Esc go back; feed text is shown as text."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import settle
from feed_servers import FeedServer, Handler, Reply, Request, document, status
from test_app import named, palette_hits, run_from_palette, screen_text
from test_feed_refresh import item, rss
from test_job_failures import errors, settle_failures

from reader.app import make_app
from reader.app.dialogs.confirm import ConfirmScreen
from reader.app.screens.feeds import FeedsScreen
from reader.app.screens.help import HelpScreen
from reader.app.screens.main import MainScreen
from reader.app.widgets.article_list import ArticleList
from reader.core import Store
from reader.errors import StoreError

SMALL = (80, 24)
WIDE = (160, 48)
#: A next fetch an hour away (the interval, plus up to 10% jitter), seen a moment later.
IN_AN_HOUR = r"in (1 h|59 min)"


def serve(text: str, content_type: str = "application/rss+xml; charset=utf-8") -> Handler:
    return document(text.encode(), content_type=content_type)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as served:
        served.route(
            "/world.xml",
            serve(rss(item("w1", "World one"), item("w2", "World two"), title="World News")),
        )
        served.route("/tech.xml", serve(rss(item("t1", "Tech one"), title="Tech Daily")))
        served.route("/broken.xml", status(404))
        yield served


@pytest.fixture
def feeds_db(db_path: Path, server: FeedServer) -> Path:
    """Two feeds that work and one that answers 404 (its title sorts it last)."""
    with Store.open(db_path) as store:
        store.set_setting("feeds.refresh_minutes", "0")  # no refresh of its own meanwhile
        store.subscribe(server.url("/world.xml"))
        store.subscribe(server.url("/tech.xml"))
        store.add_feed(server.url("/broken.xml"), title="Zebra Broken")
        store.refresh_feeds()
    return db_path


def set_times(db_path: Path, url: str, *, fetched_ago: timedelta, next_in: timedelta) -> None:
    """Make a feed's last fetch ``fetched_ago`` ago and its next ``next_in`` from now."""
    now = datetime.now(UTC)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE feeds SET last_fetch = ?, last_success = ?, next_fetch = ? WHERE url = ?",
            (
                (now - fetched_ago).isoformat(),
                (now - fetched_ago).isoformat(),
                (now + next_in).isoformat(),
                url,
            ),
        )
    conn.close()


def rows(app) -> list[str]:
    """The feeds screen's lines under its column heads, as shown."""
    lines = screen_text(app).splitlines()
    return [line.rstrip() for line in lines[2:-1] if line.strip()]


def row_of(app, title: str) -> str:
    return next(line for line in rows(app) if title in line)


def dialog_text(app) -> str:
    """The words inside the dialog's box, as one line."""
    inside = [line.split("│")[1] for line in screen_text(app).splitlines() if line.count("│") == 2]
    return " ".join(" ".join(inside).split())


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_feeds(pilot) -> FeedsScreen:
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FeedsScreen)
    return screen


async def test_s_lists_every_feed_the_broken_one_first_with_its_error(
    feeds_db: Path, server: FeedServer
) -> None:
    with Store.open(feeds_db) as store:
        world = [a for a in store.page(0, 10) if a.source == "World News"]
        store.set_read([world[0].id])
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await open_feeds(pilot)
            lines = screen_text(app).splitlines()
            assert "3 feeds, 1 broken" in lines[0]
            assert lines[1].split() == ["Feed", "Articles", "Unread", "Fetched", "Next"]
            shown = rows(app)
            assert re.fullmatch(rf" ✗ Zebra Broken +0 +0 +never +{IN_AN_HOUR}", shown[0]), shown
            assert shown[1] == f"   {server.url('/broken.xml')}"
            assert shown[2] == "   HTTP 404 Not Found"
            assert re.fullmatch(rf"   Tech Daily +1 +1 +just now +{IN_AN_HOUR}", shown[3]), shown
            assert shown[4] == f"   {server.url('/tech.xml')}"
            assert re.fullmatch(rf"   World News +2 +1 +just now +{IN_AN_HOUR}", shown[5]), shown
            assert shown[6] == f"   {server.url('/world.xml')}"
            assert len(shown) == 7


async def test_r_refreshes_the_feed_under_the_cursor_and_its_times_change(
    feeds_db: Path, server: FeedServer
) -> None:
    for path in ("/world.xml", "/tech.xml"):
        set_times(
            feeds_db,
            server.url(path),
            fetched_ago=timedelta(hours=3, minutes=5),
            next_in=timedelta(minutes=20, seconds=30),
        )
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await open_feeds(pilot)
            assert re.search(r" 3 h ago +in 20 min$", row_of(app, "Tech Daily"))
            asked = {path: len(server.seen(path)) for path in ("/world.xml", "/tech.xml")}
            await pilot.press("j", "r")  # Zebra Broken, then Tech Daily
            await settle(pilot)
            await settle(pilot)
            tech = row_of(app, "Tech Daily")
            assert re.search(rf"just now +{IN_AN_HOUR}$", tech), tech
            assert "3 h ago" in row_of(app, "World News")  # not fetched
            assert len(server.seen("/world.xml")) == asked["/world.xml"]
            assert len(server.seen("/tech.xml")) == asked["/tech.xml"] + 1
            assert isinstance(app.screen, FeedsScreen)
            assert app.screen.current is not None and app.screen.current.name == "Tech Daily"


async def test_capital_r_refreshes_every_feed_and_shows_the_new_error(
    feeds_db: Path, server: FeedServer
) -> None:
    set_times(
        feeds_db, server.url("/world.xml"), fetched_ago=timedelta(days=2), next_in=timedelta(0)
    )
    server.route("/broken.xml", status(500))
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await open_feeds(pilot)
            assert "2 d ago" in row_of(app, "World News")
            await pilot.press("R")
            await settle(pilot)
            await settle(pilot)
            assert "just now" in row_of(app, "World News")
            shown = rows(app)
            assert shown[0].startswith(" ✗ Zebra Broken")
            assert shown[2].strip() == "HTTP 500 Internal Server Error (2 failures in a row)"
            assert any("Refresh: 3 feeds" in m for m in notices(app))


async def test_a_refresh_asked_for_during_one_says_one_is_under_way(
    feeds_db: Path, server: FeedServer
) -> None:
    answer = serve(rss(item("t1", "Tech one"), title="Tech Daily"))

    def slow(request: Request) -> Reply:
        time.sleep(0.5)
        return answer(request)

    server.route("/tech.xml", slow)
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await open_feeds(pilot)
            before = len(server.seen("/tech.xml"))
            await pilot.press("j", "r")
            await pilot.pause(0.1)
            assert screen_text(app).splitlines()[0].rstrip().endswith("⟳ refreshing 0/1")
            await pilot.press("R")
            await settle(pilot)
            await settle(pilot)
            assert "A refresh is under way" in notices(app)
            assert len(server.seen("/tech.xml")) == before + 1  # r's, and no other
            assert "⟳" not in screen_text(app).splitlines()[0]


async def test_d_asks_then_removes_the_feed_and_its_bookmarked_article_stays(
    feeds_db: Path, server: FeedServer
) -> None:
    with Store.open(feeds_db) as store:
        kept = next(a for a in store.page(0, 10) if a.title == "World one")
        store.set_bookmark(kept.id)
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await open_feeds(pilot)
            await pilot.press("j", "j", "d")  # World News
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            asked = dialog_text(app)
            assert asked.startswith(
                "Remove the feed “World News”? 1 article goes; "
                "bookmarked or annotated articles stay (1)."
            ), asked
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, FeedsScreen) and len(store.feeds()) == 3
            await pilot.press("d", "y")  # no pause: y answers the dialog d opens
            await settle(pilot)
            await settle(pilot)
            assert isinstance(app.screen, FeedsScreen)
            assert not any("World News" in line for line in rows(app))
            assert "2 feeds, 1 broken" in screen_text(app).splitlines()[0]
            assert [feed.name for feed in store.feeds()] == ["Tech Daily", "Zebra Broken"]
            assert any("1 article removed, 1 kept" in m for m in notices(app))
            await pilot.press("q")
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            titles = {listing.summary_at(i).title for i in range(listing.total)}
            assert titles == {"World one", "Tech one"}  # "World two" went with its feed


async def test_q_and_esc_go_back_to_the_articles(feeds_db: Path) -> None:
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            for key in ("q", "escape"):
                await open_feeds(pilot)
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, MainScreen) and app.is_running


async def test_keys_typed_at_once_go_where_they_are_aimed(
    feeds_db: Path, server: FeedServer
) -> None:
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            world, tech = len(server.seen("/world.xml")), len(server.seen("/tech.xml"))
            await pilot.press("S", "j", "j", "r")  # the feeds are read before j moves
            await settle(pilot)
            await settle(pilot)
            assert len(server.seen("/world.xml")) == world + 1
            assert len(server.seen("/tech.xml")) == tech


async def test_feed_text_is_shown_as_text_markup_and_escapes_included(
    db_path: Path, server: FeedServer
) -> None:
    hostile = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "[b]x[/b] [@click=app.quit]Quit[/] \u001b[31mred\u001b[0m",
        "items": [{"id": "j1", "title": "Only item", "content_text": "Hello."}],
    }
    server.route("/hostile.json", serve(json.dumps(hostile), "application/feed+json"))
    with Store.open(db_path) as store:
        store.set_setting("feeds.refresh_minutes", "0")
        store.subscribe(server.url("/hostile.json"))
        store.add_feed(server.url("/broken.xml"))
        store.refresh_feeds()
        with sqlite3.connect(db_path) as conn:  # what a database may hold, from anywhere
            conn.execute(
                "UPDATE feeds SET user_title = ?, last_error = ? WHERE url = ?",
                (
                    "\x1b]8;;https://evil.example\x07[red]Linked[/red]\x1b]8;;\x07 \x1b[2J",
                    "boom [bold]not bold[/bold] \x1b[5mblink",
                    server.url("/broken.xml"),
                ),
            )
        conn.close()
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await open_feeds(pilot)
            shown = screen_text(app)
            assert "\x1b" not in shown
            assert "[b]x[/b] [@click=app.quit]Quit[/] red" in shown
            assert "✗ [red]Linked[/red]" in shown
            assert "boom [bold]not bold[/bold] blink" in shown
            # A click on "Quit" chooses the feed, and runs no action written in its title.
            await pilot.click("#feeds-list", offset=(shown.splitlines()[5].index("Quit"), 3))
            await pilot.press("d")
            await settle(pilot)
            assert "“[b]x[/b] [@click=app.quit]Quit[/] red”?" in dialog_text(app)
            assert app.is_running


async def test_a_long_title_is_cut_and_the_columns_stay_at_80_columns(
    db_path: Path, server: FeedServer
) -> None:
    long_title = "A feed whose title goes on " * 8
    server.route("/long.xml", serve(rss(item("l1", "One"), title=long_title)))
    with Store.open(db_path) as store:
        store.set_setting("feeds.refresh_minutes", "0")
        store.subscribe(server.url("/long.xml"))
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await open_feeds(pilot)
            title_line, url_line = rows(app)
            assert title_line.startswith("   A feed whose title goes on")
            assert "…" in title_line
            assert re.search(rf"…  +1 +1 +just now +{IN_AN_HOUR}$", title_line)
            assert len(title_line) <= 80 and url_line == f"   {server.url('/long.xml')}"
            await pilot.resize_terminal(*WIDE)
            await settle(pilot)
            wide_line = rows(app)[0]
            assert re.search(rf"…  +1 +1 +just now +{IN_AN_HOUR}$", wide_line)
            assert wide_line.count("goes on") > title_line.count("goes on") + 1


async def test_the_feeds_screen_is_in_help_and_the_palette(feeds_db: Path) -> None:
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=(160, 150)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = screen_text(app)
            assert "Feeds, broken ones first" in shown
            assert "Feeds (S)" in shown and "Remove this feed (asks first;" in shown
            await pilot.press("escape")
            await pilot.pause()
            hits = named(await palette_hits(pilot, "feeds broken"), "Feeds, broken ones first")
            assert len(hits) == 1 and hits[0].endswith("S"), hits
            await run_from_palette(pilot, "feeds broken")
            await settle(pilot)
            assert isinstance(app.screen, FeedsScreen)
            await run_from_palette(pilot, "feeds broken")  # over it: no second one
            await settle(pilot)
            assert sum(isinstance(s, FeedsScreen) for s in app.screen_stack) == 1


#: A store call that fails: the keys before it, the method, what makes its error, the
#: keys that call it, and what the app says.
FAILURES = {
    "reading the feeds": (
        (),
        "feeds",
        lambda: RuntimeError("disk on fire"),
        ("S", "j"),
        "Reading the feeds failed ({db}): disk on fire",
    ),
    "removing a feed": (
        ("S",),
        "remove_feed",
        lambda: StoreError("news.db: the disk is full (test)"),
        ("d", "y"),
        "news.db: the disk is full (test)",
    ),
}


@pytest.mark.parametrize("what", list(FAILURES))
async def test_a_failed_store_call_is_said_and_the_screen_and_feeds_stay(
    feeds_db: Path, monkeypatch, what: str
) -> None:
    opening, method, make_error, keys, said = FAILURES[what]
    with Store.open(feeds_db) as store:
        app = make_app(store)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.press(*opening)
            await settle(pilot)

            def failing(*args: object) -> None:
                raise make_error()  # a new one: a raised error holds the app through its frames

            monkeypatch.setattr(store, method, failing)
            await pilot.press(*keys)
            await settle_failures(pilot)
            assert errors(app) == [said.format(db=feeds_db)]
            assert isinstance(app.screen, FeedsScreen) and app.is_running
            monkeypatch.undo()
            assert len(store.feeds()) == 3
            await pilot.press("q")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
