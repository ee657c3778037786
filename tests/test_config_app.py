"""The config file in the app: its keys are the keys (in help, the palette and the footer
too), its theme and refresh interval are used, and what is wrong in it is one
notification while the app works on with the defaults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS, settle
from pytest_httpserver import HTTPServer
from test_app import named, palette_hits, screen_text

from reader.app import make_app
from reader.app.screens.help import HelpScreen
from reader.app.screens.main import MainScreen
from reader.app.widgets.article_list import ArticleList
from reader.config import Config, load, loads
from reader.core import Store
from reader.ingest import import_paths
from tests.test_feed_refresh import Feed, item, rss

WIDE = (160, 48)
TALL = (160, 130)
FILE = Path("/tmp/reader-test/config.toml")


@pytest.fixture
def store():
    with Store.open() as s:
        import_paths(s, [SEEDS])
        yield s


def config(text: str) -> Config:
    return loads(text, FILE)


def bookmarked(store: Store) -> list[bool]:
    return [bool(summary.bookmarked) for summary in store.page(0, 2)]


def help_rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The words of each row of the help box."""
    lines = screen_text(app).splitlines()
    return [line.split("│")[1].split() for line in lines if line.count("│") >= 2]


async def test_a_key_remapped_in_the_file_does_the_work_and_the_old_one_nothing(store) -> None:
    app = make_app(store, config=config('[keys]\nmain.bookmark = "z"'))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert bookmarked(store) == [False, False]
        await pilot.press("j", "z")  # no pause between them
        await settle(pilot)
        assert bookmarked(store) == [False, True]
        assert not [n for n in app._notifications if n.severity == "warning"]


async def test_help_the_palette_and_the_footer_show_the_keys_in_force(store) -> None:
    app = make_app(store, config=config('[keys]\nmain.bookmark = "z"\nmain.notes = "M"'))
    async with app.run_test(size=TALL) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "z Bookmark" in footer and "b Bookmark" not in footer
        hits = named(await palette_hits(pilot, "bookmark"), "Bookmark (everywhere)")
        assert hits == ["Bookmark (everywhere)\nz"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = help_rows(app)
        assert ["z", "Bookmark"] in [row[:2] for row in shown]
        assert ["b", "Bookmark"] not in [row[:2] for row in shown]
        assert ["M", "All", "notes"] in [row[:3] for row in shown]
        assert "Notes list (M)" in screen_text(app)  # the section named by its key


async def test_moving_quit_off_q_leaves_q_going_back_from_an_article(store) -> None:
    """On a narrow screen q goes back from the article and quits from the list: with quit
    moved to Q, q still goes back (Textual alone would take q from both)."""
    app = make_app(store, config=config('[keys]\nmain.quit = "Q"\napp.quit = "Q"'))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, type(app.screen.reading_pane))
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and isinstance(app.focused, ArticleList)
        await pilot.press("Q")
        await settle(pilot)
        assert not app.is_running


async def test_a_bad_file_is_one_notification_and_the_app_works_on(store) -> None:
    app = make_app(
        store,
        config=config('theme = "nrod"\n[keys]\nmain.bookmarkk = "z"\nmain.bookmark = "m"'),
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        (notice,) = list(app._notifications)
        assert notice.severity == "warning"
        assert notice.message.splitlines() == [
            f"{FILE}: [keys] main.bookmarkk: no such key binding (did you mean main.bookmark?)",
            f'{FILE}: [keys] main.bookmark: "m" is already the key of main.notes (All notes); '
            "its default key (b) is used",
            f'{FILE}: theme: no such theme "nrod" (did you mean nord?); the default is used',
        ]
        assert app.theme == "textual-dark"
        await pilot.press("b")
        await settle(pilot)
        assert bookmarked(store) == [True, False]


async def test_a_file_that_is_not_toml_is_named_with_its_line_and_the_defaults_used(
    store, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nmain.bookmark = "z\n', encoding="utf-8")
    app = make_app(store, config=load(path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        (notice,) = list(app._notifications)
        assert notice.message.startswith(f"{path}:2: not TOML (")
        assert "\n" not in notice.message
        await pilot.press("b")
        await settle(pilot)
        assert bookmarked(store) == [True, False]


async def test_the_files_theme_wins_at_start_and_t_changes_it_until_you_quit(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        store.set_setting("theme", "dracula")
        app = make_app(store, config=config('theme = "nord"'))
        assert app.theme == "nord"
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            app.theme = "gruvbox"  # what t's picker does
            await settle(pilot)
            app.theme = "monokai"
            await settle(pilot)
            messages = [n.message for n in app._notifications]
            assert messages == [
                f"gruvbox until you quit: the config file starts the reader in nord ({FILE})"
            ]
        assert store.get_setting("theme") == "monokai"  # remembered, as without a file
        assert make_app(store, config=config('theme = "nord"')).theme == "nord"
        assert make_app(store).theme == "monokai"


@pytest.fixture
def feed(httpserver: HTTPServer) -> Feed:
    served = Feed(rss(item("a1", "Older story one")))
    httpserver.expect_request("/feed.xml").respond_with_handler(served.handler)
    return served


@pytest.fixture
def subscribed(
    db_path: Path, httpserver: HTTPServer, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """A database with a feed due, in an app whose refresh starts 50 ms after launch."""
    from reader.app import app as app_module

    monkeypatch.setattr(app_module, "AUTO_REFRESH_DELAY", 0.05)
    with Store.open(db_path) as store:
        store.add_feed(httpserver.url_for("/feed.xml"))
        yield store


async def test_the_files_refresh_interval_is_the_one_the_app_uses(
    subscribed: Store, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribed.set_setting("feeds.refresh_minutes", "5")  # the file's comes first
    app = make_app(subscribed, config=config("refresh_minutes = 30"))
    intervals = []
    set_interval = app.set_interval

    def spy(interval, callback, **kwargs):  # type: ignore[no-untyped-def]
        intervals.append((interval, getattr(callback, "__name__", "")))
        return set_interval(interval, callback, **kwargs)

    monkeypatch.setattr(app, "set_interval", spy)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(40):
            await pilot.pause(0.05)
            if feed.requests:
                break
        await settle(pilot)
        assert (1800, "_refresh_due") in intervals
        assert app.refresh_every == 1800
        assert feed.requests == 1  # and the due feed at start


async def test_refresh_minutes_0_in_the_file_refreshes_nothing_on_its_own(
    subscribed: Store, feed: Feed
) -> None:
    app = make_app(subscribed, config=config("refresh_minutes = 0"))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause(0.5)
        await settle(pilot)
        assert feed.requests == 0 and app.refresh_every is None
        assert isinstance(app.screen, MainScreen)
