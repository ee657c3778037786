"""The article's links in the app, driven with Pilot: ``o`` opens the article's web page
(else its file) in a fake browser, ``y`` copies it, ``L`` lists its links to open one by
its number; each on the article under the cursor when the key was pressed, however fast
the keys come."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import (
    article_row,
    fake_browser,
    hold_reads,
    previewed,
    settle,
    write,
    write_articles,
)
from test_people_ui import options
from test_typing import typed_together
from textual.widgets import OptionList

from reader.app import make_app
from reader.app.dialogs.links import LinkChooser
from reader.app.widgets.article_blocks import LINKS_HINT
from reader.app.widgets.reading_pane import ReadingPane
from reader.core import Store
from reader.ingest import import_paths
from reader.records import replace

WIDE = (160, 48)
NARROW = (80, 24)
FIRST_URL = "https://news.example/first-story"
SECOND_URL = "https://news.example/second-story"
LINKS = [f"https://site{n}.example/page" for n in range(1, 13)]
BODY = "The minister said[1] the plan was sound, and the report[2] agreed.\n\n" + "\n".join(
    f"[{n}] {url}" for n, url in enumerate(LINKS, start=1)
)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch) -> Path:
    """A fake ``$BROWSER``: the file it writes its arguments to, once it has run."""
    script, log = fake_browser(tmp_path)
    monkeypatch.setenv("BROWSER", str(script))
    return log


@pytest.fixture
def linked(store: Store) -> Store:
    """Two articles with web pages: the first (newest) with twelve links in its text."""
    first = replace(article_row("a" * 16, "First story", BODY, date="2026-02-02"), url=FIRST_URL)
    second = replace(article_row("b" * 16, "Second story", date="2026-02-01"), url=SECOND_URL)
    write_articles(store, [first, second])
    return store


async def opened(pilot, log: Path, seconds: float = 10) -> list[str]:
    """The arguments the fake browser was given, once it has run (the app goes on)."""
    end = time.monotonic() + seconds
    while not log.exists():
        assert time.monotonic() < end, "the browser was never started"
        await pilot.pause(0.02)
    await settle(pilot)
    return log.read_text().splitlines()[:-1]  # the last line is its session id


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


# -- o ------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["list", "reading pane"])
async def test_o_opens_the_article_in_the_browser(linked, browser, where, capfd) -> None:
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        if where == "reading pane":
            await pilot.press("j", "enter")
            await settle(pilot)
            assert isinstance(app.focused, ReadingPane)
        await pilot.press("o")
        url = SECOND_URL if where == "reading pane" else FIRST_URL
        assert await opened(pilot, browser) == [url]
        assert f"Opened {url}" in messages(app)
    out, err = capfd.readouterr()
    assert "the browser prints this" not in out + err
    assert "and complains here" not in out + err


async def test_o_opens_a_file_article_with_no_web_page_as_its_file(
    store, browser, tmp_path
) -> None:
    story = write(tmp_path / "files" / "story.md", "# A story\n\nIts text.\n")
    import_paths(store, [story.parent])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("o")
        assert await opened(pilot, browser) == [story.as_uri()]
        await pilot.press("y")
        assert app.clipboard == str(story)
        assert f"Copied {story}" in messages(app)


async def test_o_says_in_one_line_when_no_browser_can_be_started(linked, monkeypatch) -> None:
    monkeypatch.setenv("BROWSER", "no-such-browser")
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("o")
        await settle(pilot)
        said = app._notifications
        assert [(n.message, n.severity) for n in said][-1] == (
            "Not opened: the browser command no-such-browser was not found ($BROWSER)",
            "error",
        )


async def test_o_never_holds_up_the_keys_while_the_browser_starts(linked, browser) -> None:
    """The browser takes 5 s to finish; keys typed right after ``o`` act at once."""
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        typed_together(app, "o", "j", "b")
        await opened(pilot, browser)
        assert "done" not in browser.read_text()
        assert [s.id for s in linked.bookmark_page(0, 10)] == ["b" * 16]


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
async def test_o_right_after_j_opens_the_article_under_the_cursor(
    linked, browser, monkeypatch, size
) -> None:
    """The reading pane is still reading the second article when ``o`` comes."""
    app = make_app(linked)
    async with app.run_test(size=size) as pilot:
        await previewed(pilot)
        release = hold_reads(monkeypatch, linked, only="b" * 16)
        typed_together(app, "j", "o")
        await pilot.pause(0.1)
        release.set()
        assert await opened(pilot, browser) == [SECOND_URL]


# -- y ------------------------------------------------------------------------------------


async def test_y_copies_the_web_address_of_the_article_under_the_cursor(
    linked, monkeypatch
) -> None:
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == FIRST_URL
        assert f"Copied {FIRST_URL}" in messages(app)
        release = hold_reads(monkeypatch, linked, only="b" * 16)
        typed_together(app, "j", "y")
        await pilot.pause(0.1)
        release.set()
        await settle(pilot)
        assert app.clipboard == SECOND_URL


# -- L ------------------------------------------------------------------------------------


def rows(app) -> list[str]:
    return options(app.screen.query_one(OptionList))


async def test_l_lists_the_page_then_the_numbered_links(linked) -> None:
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LinkChooser)
        shown = rows(app)
        assert shown[0] == f" 0  {FIRST_URL}  (this article's web page)"
        assert shown[1:] == [f"{n:>2}  {url}" for n, url in enumerate(LINKS, start=1)]


async def test_the_reading_pane_names_the_key_above_the_numbered_links(linked) -> None:
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        hint, links = app.screen.query_one(ReadingPane).blocks[-2:]
        assert (hint.kind, hint.text) == ("hint", LINKS_HINT)
        assert links.text.split("\n")[0] == f"[1] {LINKS[0]}"


@pytest.mark.parametrize(
    ("keys", "url"),
    [
        (["2"], LINKS[1]),
        (["0"], FIRST_URL),
        (["1", "2"], LINKS[11]),
        (["1", "enter"], LINKS[0]),
        (["j", "j", "enter"], LINKS[1]),
    ],
    ids=["2", "0", "12", "1-enter", "moved"],
)
async def test_l_then_a_number_opens_that_link(linked, browser, keys, url) -> None:
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        typed_together(app, "L", *keys)  # as fast as one can type
        assert await opened(pilot, browser) == [url]
        assert not isinstance(app.screen, LinkChooser)
        assert f"Opened {url}" in messages(app)


async def test_l_then_y_copies_the_link_under_the_cursor(linked) -> None:
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("L", "j", "j", "j", "y")
        await settle(pilot)
        assert app.clipboard == LINKS[2]
        assert isinstance(app.screen, LinkChooser)  # still there, to open one too
        await pilot.press("escape", "9")
        await settle(pilot)
        assert not isinstance(app.screen, LinkChooser)


async def test_l_right_after_j_lists_the_links_of_the_article_under_the_cursor(
    linked, browser, monkeypatch
) -> None:
    """The second article is still being read when ``L 0`` comes: the keys after ``L``
    wait for its dialog."""
    app = make_app(linked)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        release = hold_reads(monkeypatch, linked, only="b" * 16)
        typed_together(app, "j", "L", "0")
        await pilot.pause(0.1)
        release.set()
        assert await opened(pilot, browser) == [SECOND_URL]


async def test_markdown_links_of_a_file_are_its_numbered_links(store, browser, tmp_path) -> None:
    text = (
        "---\ntitle: A story\nurl: https://news.example/a-story\n---\n\n"
        "It [began](https://one.example/x) and [ended](https://two.example/y).\n"
    )
    write(tmp_path / "files" / "story.md", text)
    import_paths(store, [tmp_path / "files"])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert [row.split("  ")[1] for row in rows(app)] == [
            "https://news.example/a-story",
            "https://one.example/x",
            "https://two.example/y",
        ]
        await pilot.press("2")
        assert await opened(pilot, browser) == ["https://two.example/y"]
