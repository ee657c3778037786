"""Typing faster than the app draws, driven with Pilot: every key goes where the user aimed
it, and every command acts on the article the user sees selected.

A terminal hands the app the keys typed in one go together; :func:`typed_together` does
the same (Pilot's ``press`` waits for each key's work to finish before the next).
"""

from __future__ import annotations

import pytest
from conftest import hold_reads, previewed, settle
from textual import events

from reader.app import make_app
from reader.app.screens.main import SearchBox
from reader.app.screens.note_editor import NoteEditor
from reader.app.screens.people import PeopleScreen
from reader.app.widgets.people_list import PeopleSearch
from reader.app.widgets.reading_pane import ReadingPane

WIDE = (160, 48)
NARROW = (80, 24)
#: The characters of keys that are not their own character.
CHARS = {
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "ctrl+s": "\x13",
    "down": None,
    "alt+j": "j",  # Escape then j, read together
}
NAMES = {"/": "slash", " ": "space", "@": "at", "=": "equals_sign"}


def typed_together(app, *keys: str) -> None:
    """``keys`` as the terminal hands them on when typed quickly: all at once."""
    for key in keys:
        event = events.Key(NAMES.get(key, key), CHARS.get(key, key))
        event.set_sender(app)
        app.post_message(event)


def typed_text(app, text: str) -> None:
    typed_together(app, *text)


def nothing_ran(app, store) -> None:
    """No letter of the text ran as a command: no editor, no bookmark, no selection."""
    assert not any(isinstance(s, NoteEditor) for s in app.screen_stack)
    assert store.bookmark_count() == 0
    assert app.screen_stack[0].query_one(ReadingPane).selection is None


@pytest.mark.parametrize("when", ["at-start", "after-preview", "after-enter", "after-escape"])
async def test_letters_typed_right_after_slash_go_into_the_search_box(seeded, when) -> None:
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        keys = ["/", "v", "e", "r", "a"]
        if when != "at-start":
            await previewed(pilot)
        if when == "after-enter":
            keys.insert(0, "enter")
        if when == "after-escape":
            await pilot.press("enter")
            await settle(pilot)
            keys.insert(0, "escape")
        typed_together(app, *keys)
        await settle(pilot)
        assert app.screen.query_one(SearchBox).value == "vera"
        assert isinstance(app.focused, SearchBox)
        nothing_ran(app, seeded)


@pytest.mark.parametrize("start", ["list", "panel-list"])
async def test_a_name_typed_right_after_at_goes_into_the_people_search(seeded, start) -> None:
    """In the panel, h hides, m merges, r renames and t picks a theme: none of them runs."""
    app = make_app(seeded)
    theme = app.theme
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        if start == "list":
            keys = ["@"]
        else:  # in the panel's list, / goes back to its search box
            await pilot.press("@")
            await settle(pilot)
            await pilot.press("down")
            keys = ["/"]
        typed_together(app, *keys, *"martha stewart")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.query_one(PeopleSearch).value == "martha stewart"
        assert isinstance(app.focused, PeopleSearch)
        assert app.theme == theme
        assert len(app.screen_stack) == 2  # no question (hide? merge?), no picker


async def test_a_note_typed_right_after_j_goes_on_the_article_under_the_cursor(
    seeded, monkeypatch
) -> None:
    """The reading pane is still reading the article under the cursor when ``a`` comes."""
    first, second = seeded.page(0, 2)
    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        release = hold_reads(monkeypatch, seeded, only=second.id)
        typed_together(app, "j", "a")
        await pilot.pause(0.1)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.heading == f"New note on: {second.title}"
        typed_text(app, "race test note")
        typed_together(app, "ctrl+s")
        release.set()
        await settle(pilot)
        assert [n.text for n in seeded.notes(second.id)] == ["race test note"]
        assert seeded.notes(first.id) == []


async def test_p_right_after_j_names_the_people_of_the_article_under_the_cursor(
    seeded, monkeypatch
) -> None:
    """The reading pane is still reading the article under the cursor when ``P`` comes."""
    from textual.widgets import OptionList

    from reader.app.dialogs.chooser import PersonChooser
    from reader.app.screens.person import PersonScreen

    first, second = seeded.page(0, 2)
    wanted = [person.name for person, _ in seeded.article_people(second.id)]
    assert wanted != [person.name for person, _ in seeded.article_people(first.id)]
    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        release = hold_reads(monkeypatch, seeded, only=second.id)
        typed_together(app, "j", "P")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PersonChooser)
        chooser = app.screen.query_one(OptionList)
        shown = [str(chooser.get_option_at_index(i).prompt) for i in range(chooser.option_count)]
        assert [row.split("  ")[-1] for row in shown] == wanted
        release.set()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        typed_together(app, "k", "j", "P", "down", "enter")  # the keys after P: the chooser's
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person.name == wanted[1]


@pytest.mark.parametrize("opened", [False, True], ids=["list", "opened"])
async def test_b_right_after_j_bookmarks_the_article_under_the_cursor(
    seeded, monkeypatch, opened
) -> None:
    """In the list, or in the article Enter opened, still being read when ``b`` comes
    (typed 50 ms after Enter)."""
    second = seeded.page(0, 2)[1].id
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await previewed(pilot)
        release = hold_reads(monkeypatch, seeded, only=second)
        if opened:
            typed_together(app, "j", "enter")
            await pilot.pause(0.05)
        else:
            typed_together(app, "j")
        typed_together(app, "b")
        await pilot.pause(0.1)
        release.set()
        await settle(pilot)
        assert [s.id for s in seeded.bookmark_page(0, 10)] == [second]
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is not None and pane.article.id == second
        if opened:
            assert app.focused is pane


async def test_keys_typed_while_an_article_opens_act_on_that_article(seeded, monkeypatch) -> None:
    """``j``, Enter, ``v``, ``a`` in one go while the second article is being read: the
    passage selected and the note are the second article's, once it is up."""
    second = seeded.page(0, 2)[1]
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await previewed(pilot)
        release = hold_reads(monkeypatch, seeded, only=second.id)
        typed_together(app, "j", "enter", "v", "a")
        await pilot.pause(0.2)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.heading == f"New note on: {second.title}"
        body = seeded.article(second.id).body
        assert app.screen.quote and app.screen.quote in body


async def test_a_note_on_the_next_article_does_not_quote_a_passage_of_this_one(
    seeded, monkeypatch
) -> None:
    """A passage selected (v) in the first article, back to the list, ``j a``: the note is
    on the second article, and the first one's passage is no quote for it."""
    second = seeded.page(0, 2)[1]
    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        await pilot.press("enter", "v", "tab")
        assert app.screen.query_one(ReadingPane).selection is not None
        release = hold_reads(monkeypatch, seeded, only=second.id)
        typed_together(app, "j", "a")
        await pilot.pause(0.1)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.heading == f"New note on: {second.title}"
        assert app.screen.quote is None
        release.set()


@pytest.mark.parametrize(("key", "then"), [("alt+j", "j"), ("alt+shift+g", "G"), ("alt+1", "1")])
def test_alt_and_a_key_is_read_as_escape_then_the_key(key, then) -> None:
    from reader.app.keys import _after_escape

    assert _after_escape(key) == then


@pytest.mark.parametrize("key", ["j", "escape", "alt+delete", "alt+left", "ctrl+j", "alt+"])
def test_other_keys_are_left_as_they_are(key) -> None:
    from reader.app.keys import _after_escape

    assert _after_escape(key) is None


def slowed(monkeypatch, store, method: str, seconds: float = 0.3) -> None:
    """Each call of ``store.method`` (``view_count`` for each list the app loads,
    ``search_results`` for each search) takes ``seconds`` longer: a big archive on a busy
    machine, where the keys typed after the one that asked for it arrive before it."""
    import time

    real = getattr(store, method)

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, method, slow)


async def searched(pilot, *keys: str):  # type: ignore[no-untyped-def]
    """The app up, ``/`` and ``keys`` typed together and handled: the article list."""
    await previewed(pilot)
    typed_together(pilot.app, "/", *keys)
    await settle(pilot)
    return pilot.app.screen.query_one("ArticleList")


async def test_escape_then_j_typed_quickly_clears_the_search_and_moves_down(seeded) -> None:
    """A terminal hands Escape and a letter typed within its escape delay on as one key,
    Alt and the letter: the app takes them as the two keys typed."""
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        listing = await searched(pilot, *"kim")
        assert app.screen.query_one(SearchBox).value == "kim"
        typed_together(app, "alt+j")
        await settle(pilot)
        assert app.screen.query_one(SearchBox).value == ""  # Escape cleared it
        assert app.focused is listing and listing.cursor == 1  # and j moved down


async def test_j_typed_right_after_escape_moves_in_the_list_that_comes_back(
    seeded, monkeypatch
) -> None:
    """Escape ends the search and brings the whole list back, loaded in a worker; a ``j``
    typed before it arrived moved in the search results, and then the list came back
    with its cursor where it was before the search: the ``j`` was lost."""
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        listing = await searched(pilot, *"kim")
        assert listing.total == 2  # both seeds are about her
        slowed(monkeypatch, seeded, "view_count")
        typed_together(app, "escape", "j")
        await settle(pilot)
        assert app.screen.query_one(SearchBox).value == ""
        assert not app.screen.searching
        assert app.focused is listing and listing.cursor == 1


async def test_k_typed_right_after_equals_moves_in_the_list_sorted_anew(
    seeded, monkeypatch
) -> None:
    """``=`` sorts the list again (newest first to oldest first), in a worker, keeping
    the article under the cursor; a ``k`` typed before the sorted list arrived moved in
    the old one, and the sorted list then put the cursor back on that article."""
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await previewed(pilot)
        listing = app.screen.query_one("ArticleList")
        await pilot.press("j")
        await settle(pilot)
        chosen = listing.current.id
        slowed(monkeypatch, seeded, "view_count")
        typed_together(app, "=", "k")
        await settle(pilot)
        assert app.screen.prefs.order == "oldest"
        place = [listing.row_at(i).id for i in range(listing.total)].index(chosen)
        assert place >= 1  # (the undated seed is last in both orders)
        assert listing.cursor == place - 1


async def test_j_typed_right_after_choosing_a_person_moves_in_the_search_kept_to_them(
    seeded, monkeypatch
) -> None:
    """Enter in the people panel keeps the search under way to that person: it runs
    again, in the search thread; a ``j`` typed before its results arrived moved in the
    old ones, and the new results then put the cursor back on their first."""
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        listing = await searched(pilot, *"kim", "enter")
        assert app.focused is listing and listing.total == 2
        typed_together(app, "@", *"kanye")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        slowed(monkeypatch, seeded, "search_results")
        typed_together(app, "enter", "j")
        await settle(pilot)
        main = app.screen
        assert [p.name for p in main.people_filter] == ["Kanye West"]
        assert main.searching and listing.total == 2
        assert app.focused is listing and listing.cursor == 1


def _keys(parsed) -> list[str]:
    return [event.key for event in parsed if isinstance(event, events.Key)]


def test_an_escape_whose_wait_ran_out_before_the_next_key_is_an_escape(monkeypatch) -> None:
    """Escape, then ``/`` 30 ms later: two keys (Textual's own parser read ``/`` alone);
    a key's sequence read at once is still one key."""
    import time

    from textual import constants
    from textual._xterm_parser import XTermParser

    from reader.app.keys import TimelyParser

    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.01)
    for parser_class, wanted in ((TimelyParser, ["escape", "slash"]), (XTermParser, [])):
        parser = parser_class()
        assert _keys(parser.feed("\x1b")) == []
        time.sleep(0.03)
        assert _keys(parser.feed("/")) == wanted  # Textual's: still part of the Escape
    assert _keys(TimelyParser().feed("\x1b[A")) == ["up"]


async def test_j_typed_right_after_enter_in_the_search_box_moves_in_its_results(
    seeded, monkeypatch
) -> None:
    """Enter takes the focus from the search box to the results. Typed before the last
    key's results arrived, a ``j`` after it moved in the rows they replaced, and the
    results then put the cursor back on their first: the keys now wait for them."""
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await previewed(pilot)
        slowed(monkeypatch, seeded, "search_results")
        typed_together(app, "/", *"kardashian", "enter", "j")
        await settle(pilot)
        listing = app.screen.query_one("ArticleList")
        assert app.focused is listing and listing.total == 2
        assert listing.cursor == 1
