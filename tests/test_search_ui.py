"""Searching in the app, driven with Pilot: type, read the ranked results, jump, clear."""

from __future__ import annotations

import json
import threading

import pytest
from conftest import SEEDS, TITLE_000, TITLE_003, article_row, inputs_of, settle, write_articles
from textual.widgets import Input

from reader.app import make_app
from reader.app.widgets.article_list import HIT_ROW_HEIGHT, ArticleList
from reader.app.widgets.reading_pane import ReadingPane
from reader.cli import main
from reader.core import Store
from reader.ingest import import_paths

WIDE = (160, 48)


@pytest.fixture
def store(db_path):
    with Store.open(db_path) as s:
        import_paths(s, [SEEDS])
        yield s


async def type_query(pilot, text: str) -> None:
    await pilot.press("slash")
    if text:
        await pilot.press(*text)
    await settle(pilot)


def titles(listing: ArticleList) -> list[str]:
    return [listing.summary_at(i).title for i in range(listing.total)]


async def test_typing_shows_ranked_results_with_highlights(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "julia fox")
        listing = app.screen.query_one(ArticleList)
        assert isinstance(app.focused, Input)
        assert titles(listing) == [TITLE_003]
        assert listing.row_height == HIT_ROW_HEIGHT
        hit = listing.current_hit
        assert hit is not None and "Julia" in hit.snippet
        snippet_words = [hit.snippet[a:b].lower() for a, b in hit.snippet_spans]
        assert "julia" in snippet_words
        assert "1 result" in app.screen.query_one("#count").render().plain


async def test_typos_are_forgiven_as_you_type(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "kardashain")
        listing = app.screen.query_one(ArticleList)
        assert sorted(titles(listing)) == sorted([TITLE_000, TITLE_003])
        first = listing.current_hit
        spans = [first.summary.title[a:b] for a, b in first.title_spans]
        assert "Kardashian" in spans


async def test_enter_opens_a_result_with_matches_to_jump_between(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "julia")
        await pilot.press("enter")  # to the results
        assert isinstance(app.focused, ArticleList)
        await pilot.press("enter")  # open
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert app.focused is pane
        assert len(pane.matches) >= 3
        await pilot.press(">")
        assert pane.match_index == 0
        await pilot.press(">")
        assert pane.match_index == 1
        await pilot.press("<", "<")
        assert pane.match_index == len(pane.matches) - 1
        assert f"match {len(pane.matches)}/{len(pane.matches)}" in (
            app.screen.query_one("#count").render().plain
        )


async def test_a_first_previous_match_key_goes_to_the_last_match(store) -> None:
    """``<`` in an article opened at no match goes to its last match, as ``>`` goes to
    its first (before, to the one before the last)."""
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "julia")
        await pilot.press("enter", "enter")  # to the results, and open the first
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert app.focused is pane and pane.match_index == -1 and len(pane.matches) >= 3
        await pilot.press("<")
        assert pane.match_index == len(pane.matches) - 1
        await pilot.press("<")
        assert pane.match_index == len(pane.matches) - 2


async def test_on_a_narrow_screen_a_match_key_in_the_list_shows_the_article_at_it(
    store,
) -> None:
    """At 80x24 the list hides the reading pane, where the matches are: ``>`` there used
    to say "match 1/N" of an article out of sight. It shows the article, at its first
    match, as Enter shows it; ``q`` goes back to the results."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "julia")
        await pilot.press("enter")  # to the results
        await pilot.pause(0.4)  # the preview, loaded into the hidden pane
        await settle(pilot)
        listing, pane = app.screen.query_one(ArticleList), app.screen.query_one(ReadingPane)
        assert app.focused is listing and pane.region.width == 0  # out of sight
        assert pane.article is not None and len(pane.matches) >= 3
        await pilot.press(">")
        await settle(pilot)
        assert app.focused is pane and pane.region.width == 80
        assert pane.match_index == 0
        assert "match 1/" in app.screen.query_one("#count").render().plain
        await pilot.press(">")
        assert pane.match_index == 1
        await pilot.press("q")  # back to the results, not out of the app
        await settle(pilot)
        assert app.focused is listing and app.is_running


async def test_on_a_narrow_screen_a_match_key_before_the_preview_opens_the_current_article(
    store,
) -> None:
    """``j`` then ``>`` at once: the hidden pane still holds the article before, whose
    matches are not the current one's. ``>`` opens the current article (as Enter) at its
    first match once it is loaded, as when it was in the pane already; the next ``>``
    goes to its second."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, "kardashian")
        await pilot.press("enter")  # to the results
        await pilot.pause(0.4)
        await settle(pilot)
        listing, pane = app.screen.query_one(ArticleList), app.screen.query_one(ReadingPane)
        assert listing.total == 2 and pane.article.id == listing.current.id
        await pilot.press("j", ">")
        await settle(pilot)
        assert app.focused is pane and pane.region.width == 80
        assert pane.article.id == listing.summary_at(1).id and pane.match_index == 0
        assert "match 1/" in app.screen.query_one("#count").render().plain
        await pilot.press(">")
        assert pane.match_index == 1


async def test_on_a_narrow_screen_enter_then_match_keys_typed_at_once_reach_the_match(
    store,
) -> None:
    """``/julia``, Enter, ``>``, ``>`` with no pause: the keys after Enter wait for the
    results; the first ``>`` opens the article (before: nothing shown) at its first
    match, whether its preview was in the hidden pane already or had to be loaded, and
    the keys after it wait for the article; so the second ``>`` is at the second match."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"julia", "enter", "greater_than_sign", "greater_than_sign")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert app.focused is pane and pane.region.width == 80
        assert pane.match_index == 1


async def test_enter_then_match_keys_typed_at_once_reach_the_match_beside_the_list(
    store,
) -> None:
    """``/julia``, Enter, ``>``, ``>`` with no pause on a wide screen: the result's
    preview is still on its way when the first ``>`` comes; the steps wait for it, and
    end at the second match (before, they rang the bell on the empty pane)."""
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"julia", "enter", "greater_than_sign", "greater_than_sign")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert isinstance(app.focused, ArticleList)
        assert pane.match_index == 1
        assert "match 2/" in app.screen.query_one("#count").render().plain


async def test_escape_clears_the_search_and_returns_to_the_same_article(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.press("j")  # the second article, 000
        await type_query(pilot, "julia")
        assert listing.total == 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(Input).value == ""
        assert listing.total == 2 and listing.row_height == 2
        assert listing.current.title == TITLE_000
        assert app.focused is listing


async def test_no_results_and_hostile_queries_do_not_break_anything(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        for query in ['!!! ((( """', "[@click=app.quit]x[/]", 'NEAR(a b) OR "', "*:^-"]:
            search = app.screen.query_one(Input)
            search.value = ""
            await type_query(pilot, query)
            assert app.is_running
            assert listing.total == 0
        lines = [listing.render_line(y).text for y in range(3)]
        assert any("No articles match" in line for line in lines)


def test_cli_search_json(db_path, capsys) -> None:
    assert main(["--db", str(db_path), "ingest", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "search", "kardashain", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2
    assert set(rows[0]) == {"id", "title", "date", "score", "snippet"}
    assert main(["--db", str(db_path), "search", "-julia kanye", "--json", "--limit", "5"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == [TITLE_000]
    assert main(["--db", str(db_path), "search", "julia fox"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(TITLE_003)


def zebras(count: int) -> Store:
    """A store of ``count`` articles about zebras."""
    store = Store.open()
    rows = [
        article_row(f"z{i:03}", f"Story {i} about zebras", f"Zebras graze, {i}.")
        for i in range(count)
    ]
    write_articles(store, rows)
    return store


async def test_more_results_are_fetched_at_the_end_of_the_list() -> None:
    with zebras(60) as store:
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await type_query(pilot, "zebras")
            listing = app.screen.query_one(ArticleList)
            first = app.screen.search_limit
            visible = listing.size.height // HIT_ROW_HEIGHT
            assert visible + 5 <= first < 60  # a screenful and more, not all of them
            assert listing.total == first
            assert f"{first}+ results" in app.screen.query_one("#count").render().plain
            await pilot.press("enter", *"j" * (first - 1))  # down to the last one shown
            await settle(pilot)
            assert listing.total == 60 and listing.cursor == first - 1
            assert "60 results" in app.screen.query_one("#count").render().plain


async def test_G_in_search_results_goes_to_the_last_result_and_says_how_many() -> None:
    with zebras(150) as store:
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await type_query(pilot, "zebras")
            listing = app.screen.query_one(ArticleList)
            count = app.screen.query_one("#count")
            assert listing.total < 150 and "+ results" in count.render().plain
            await pilot.press("enter", "G")
            await settle(pilot)
            assert listing.total == 150 and listing.cursor == 149
            assert count.render().plain.endswith("150 results · 150 unread")
            await pilot.press("G")  # already at the end: it stays there
            await settle(pilot)
            assert listing.cursor == 149


async def test_the_search_is_made_ready_once_the_first_screen_is_up(store, monkeypatch) -> None:
    """The first key typed must not wait for the search modules to load."""
    calls: list[bool] = []
    monkeypatch.setattr(Store, "prepare_search", lambda self: calls.append(True))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert calls == [True]


async def test_the_names_are_made_ready_when_at_is_typed_before_the_name(
    store, monkeypatch
) -> None:
    """``@`` then a name: the index of names (0.3 s at 140,000 people) is made while the
    name is typed, not when its first letter is searched."""
    made = threading.Event()
    monkeypatch.setattr(Store, "prepare_people", lambda self: made.set())
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kanye")
        await settle(pilot)
        assert not made.is_set()  # no name asked for
        await pilot.press("space", "@")
        await settle(pilot)
        assert made.wait(5)


async def test_a_search_that_fails_says_so_and_the_next_key_searches_again(
    store, monkeypatch
) -> None:
    """Searches run in a thread of their own, started as the key is handled: a failure
    in it is reported as any background job's is, and does not stop the next one."""
    real = Store.search_results
    threads: list[str] = []

    def failing_once(self, text: str, limit: int = 50, within=None):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        if text == "julia":
            raise RuntimeError("no luck")
        return real(self, text, limit, within)

    monkeypatch.setattr(Store, "search_results", failing_once)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "julia")
        assert any(
            "The search failed" in n.message and "no luck" in n.message for n in app._notifications
        )
        await pilot.press(*" fox")
        await settle(pilot)
        assert titles(app.screen.query_one(ArticleList)) == [TITLE_003]
        assert threads and all(name.startswith("search") for name in threads)


async def test_a_query_with_no_results_does_not_preview_the_last_one_that_had_some(
    store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        shown = pane.article.title
        assert shown == TITLE_003  # the newest article, previewed at start
        await type_query(pilot, "asian")  # finds only the other one: its preview is due
        assert titles(app.screen.query_one(ArticleList)) == [TITLE_000]
        await pilot.press(*"xqz")  # typed on before the preview: now nothing matches
        await settle(pilot)
        assert app.screen.query_one(ArticleList).total == 0
        await pilot.pause(0.6)  # longer than any preview delay
        await settle(pilot)
        assert pane.article.title == shown


async def test_results_that_stay_on_screen_from_one_key_to_the_next_are_not_drawn_again(
    store, monkeypatch
) -> None:
    drawn = inputs_of(monkeypatch, ArticleList, "render_line", arg=1)  # the lines' y
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "kardashia")
        listing = app.screen.query_one(ArticleList)
        before = [listing.current_hit, listing.summary_at(1)]
        drawn.clear()
        await pilot.press("n")  # "kardashian": the same two results, drawn the same
        await settle(pilot)
        assert [listing.current_hit.summary, listing.summary_at(1)] == [
            before[0].summary,
            before[1],
        ]
        # Only the cursor's row is drawn again (it is announced anew), not the screenful.
        assert drawn and set(drawn) <= set(range(HIT_ROW_HEIGHT))
        drawn.clear()
        await pilot.press(*" julia")  # one result, the other one's row now empty
        await settle(pilot)
        assert titles(listing) == [TITLE_003]
        assert set(drawn) == set(range(2 * HIT_ROW_HEIGHT))  # both rows, nothing below


async def test_the_results_frame_draws_the_list_without_the_count(store, monkeypatch) -> None:
    """A key's results are drawn first, the count in the top bar in a frame of its own:
    Textual draws the box around every changed region at once, and the two together span
    the screen. So the screen hears of the new rows as they are given to the list, before
    the count is asked for after the next frame."""
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "kanye")
        listing = app.screen.query_one(ArticleList)
        told: list[object] = []
        real = type(app.screen).post_message

        def noted(screen, message):  # type: ignore[no-untyped-def]
            told.append(getattr(message, "widget", None))
            return real(screen, message)

        monkeypatch.setattr(type(app.screen), "post_message", noted)
        listing.show_hits([])  # the next key's results: none
        assert listing in told  # before this turn of the event loop is over


async def test_slash_starts_a_new_query_with_the_old_one_selected(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "julia")
        box = app.screen.query_one("#search", Input)
        await pilot.press("enter")  # to the results
        await settle(pilot)
        await type_query(pilot, "kanye")  # "/" then typing replaces the old query
        assert box.value == "kanye"
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("slash", "right", "space", "w")  # an arrow keeps it, to edit
        await settle(pilot)
        assert box.value == "kanye w"
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("slash", "enter")  # Enter keeps it too
        await settle(pilot)
        assert box.value == "kanye w"


async def open_julia_with_matches(pilot) -> ReadingPane:
    """Search "julia" and open the result: its matches are counted in the top bar."""
    await settle(pilot)
    await type_query(pilot, "julia")
    await pilot.press("enter", "enter")
    await settle(pilot)
    pane = pilot.app.screen.query_one(ReadingPane)
    assert pane.matches and "matches (>/<)" in top_bar(pilot.app)
    return pane


def top_bar(app) -> str:
    return app.get_default_screen_instance().query_one("#count").render().plain


def check_no_matches_left(app, pane: ReadingPane) -> None:
    assert "match" not in top_bar(app)
    assert not pane.matches and pane.match_index == -1


@pytest.mark.parametrize(
    "keys",
    [
        ("escape", "escape"),  # back to the list, then the search cleared
        ("slash", "ctrl+u"),  # the box emptied
        ("slash", *"xqz"),  # a new query that finds nothing
    ],
    ids=["esc", "ctrl-u", "no-results"],
)
async def test_a_cleared_search_leaves_no_match_count_and_n_steps_through_no_old_match(
    store, keys
) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_julia_with_matches(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        check_no_matches_left(app, pane)  # at once, not when an article is loaded again
        await pilot.press("escape")  # to the list, where > is the screen's key
        await pilot.press(">")
        check_no_matches_left(app, pane)
        await pilot.pause(0.4)  # past any preview that was due
        await settle(pilot)
        check_no_matches_left(app, pane)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 30)])
async def test_the_no_results_hint_fits_and_its_keys_work_from_the_search_box(store, size) -> None:
    from reader.app.screens.help import HelpScreen

    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await type_query(pilot, "iphonxq")
        listing = app.screen.query_one(ArticleList)
        assert listing.total == 0
        lines = [listing.render_line(y).text.strip() for y in range(1, 4)]
        hint = [line for line in lines if line and line != "No articles match."]
        assert hint and not any("…" in line for line in hint), lines  # not cut off
        assert "F1" in " ".join(hint) and "Esc" in " ".join(hint)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # it ends with the search syntax
        await pilot.press("escape")
        await pilot.pause()
        search = app.screen.query_one(Input)
        assert search.value == "iphonxq" and app.focused is search  # nothing typed into it
        await pilot.press("escape")
        await settle(pilot)
        assert search.value == "" and listing.total == 2


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_a_source_or_person_that_names_nothing_is_said_where_the_results_would_be(
    store, size
) -> None:
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await type_query(pilot, "kim source:nosuch @zzqx")
        listing = app.screen.query_one(ArticleList)
        assert listing.total == 0
        lines = [listing.render_line(y).text.strip() for y in range(1, 6)]
        assert lines[:4] == [
            "No person is named “zzqx”.",
            "No source is named “nosuch”.",
            "Esc clears the search.",
            "F1 shows the search syntax.",
        ]
        app.screen.query_one(Input).value = ""
        await type_query(pilot, "kim source:seeds")  # a source there is
        assert listing.total == 2
