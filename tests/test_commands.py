"""Help and the command palette, made from the same registry of the reader's keys: every
described key is a command with an id, runs where it works, and the notes list's keys
are in both."""

from __future__ import annotations

import pytest
from conftest import SEEDS, settle
from test_app import named, palette_hits, run_from_palette, screen_text

from reader.app import make_app
from reader.app.commands import registry
from reader.app.screens.help import HelpScreen
from reader.app.screens.main import MainScreen
from reader.app.screens.notes import NotesScreen
from reader.core import Store
from reader.ingest import import_paths

WIDE = (160, 48)


@pytest.fixture
def store():
    with Store.open() as s:
        import_paths(s, [SEEDS])
        yield s


def test_every_command_names_an_action_of_what_runs_it(store) -> None:
    app = make_app(store)
    for binding_id, command in registry(app).items():
        assert command.binding.id == binding_id
        target = command.target
        runs = target.widget or target.screen or type(app)
        namespace, _, method = command.binding.action.split("(", 1)[0].rpartition(".")
        owner = {"app": type(app), "screen": target.screen, "": runs}[namespace]
        assert hasattr(owner, f"action_{method}"), binding_id


async def test_cancel_selection_from_the_palette_does_not_end_the_app(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "v")  # a passage selected in the article read
        await settle(pilot)
        await run_from_palette(pilot, "cancel selection")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert app.screen.reading_pane.selected_text() is None


async def test_the_notes_lists_keys_are_in_help_and_the_palette(store) -> None:
    article = store.page(0, 1)[0]
    store.add_note(article.id, "Remember the museum")
    app = make_app(store)
    async with app.run_test(size=(160, 130)) as pilot:
        await settle(pilot)
        assert not named(await palette_hits(pilot, "open the note"), "Open the note")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        opening = named(await palette_hits(pilot, "open the note"), "Open the note")
        assert opening == ["Open the note's article (notes list (m))\nEnter"], opening
        back = named(await palette_hits(pilot, "back"), "Back (notes list (m))")
        assert len(back) == 1 and back[0].endswith("Esc q m"), back
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Notes list (m)" in shown and "Open the note's article" in shown
        await pilot.press("escape")
        await pilot.pause()
        await run_from_palette(pilot, "open the note")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.reading_pane.article.id == article.id


def test_marking_a_person_leaves_textuals_own_toggle_action_alone(store) -> None:
    """Space marks a person in the people panel; Textual's ``toggle(attribute)`` action,
    which every widget has, still means what Textual means by it."""
    from textual.dom import DOMNode

    from reader.app.widgets.people_list import PeopleList

    assert PeopleList.action_toggle is DOMNode.action_toggle
    assert registry(make_app(store))["people.toggle"].binding.action == "mark"
