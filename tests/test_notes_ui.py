"""Bookmarks and notes in the app, driven with Pilot, plus a kill -9 while writing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS, TITLE_000, TITLE_003, settle
from textual import events
from textual.widgets import Input, TextArea

from reader.app import make_app
from reader.app.dialogs.confirm import ConfirmScreen
from reader.app.screens.note_editor import NoteEditor
from reader.app.screens.notes import NotesScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.note_card import NoteCard
from reader.app.widgets.reading_pane import ReadingPane
from reader.core import Store
from reader.ingest import import_paths

WIDE = (160, 48)


@pytest.fixture
def store(db_path):
    with Store.open(db_path) as s:
        import_paths(s, [SEEDS])
        yield s


async def open_first(pilot) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one(ReadingPane)


async def write_note(pilot, text: str) -> None:
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteEditor)
    pilot.app.screen.query_one(TextArea).insert(text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_bookmark_toggles_and_the_bookmarks_view(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.press("j", "b")
        await settle(pilot)
        assert listing.current.bookmarked and store.is_bookmarked(listing.current.id)
        await pilot.press("B")
        await settle(pilot)
        assert listing.total == 1 and listing.current.title == TITLE_000
        assert "1 bookmark" in app.screen.query_one("#count").render().plain
        await pilot.press("b")  # unbookmark from the bookmarks view: the row stays, no ★
        await settle(pilot)
        assert store.bookmarks() == [] and listing.total == 1
        assert not listing.current.bookmarked
        await pilot.press("B")
        await settle(pilot)
        assert listing.total == 2


async def test_b_sets_the_state_opposite_to_the_one_shown(store: Store, db_path) -> None:
    """Another copy of the reader changes a bookmark after the screen was drawn: b still does
    what the screen offers (bookmark a row shown without ★, unbookmark one shown with it)."""
    app = make_app(store)
    other = Store.open(db_path)  # a second connection to the same file
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        shown = listing.current
        assert not shown.bookmarked
        other.set_bookmark(shown.id, True)  # the row still shows no ★
        await pilot.press("b")
        await settle(pilot)
        assert store.is_bookmarked(shown.id) and listing.current.bookmarked
        other.set_bookmark(shown.id, False)  # the row still shows ★
        await pilot.press("b")
        await settle(pilot)
        assert not store.is_bookmarked(shown.id) and not listing.current.bookmarked

        pane = await open_first(pilot)  # the same from the reading pane
        assert app.focused is pane and pane.article.id == shown.id
        other.set_bookmark(shown.id, True)
        await pilot.press("b")
        await settle(pilot)
        assert store.is_bookmarked(shown.id) and pane.bookmarked

        await pilot.press("escape", "B")  # and from the bookmarks view, where every row has ★
        await settle(pilot)
        assert listing.total == 1 and listing.current.bookmarked
        other.set_bookmark(shown.id, False)
        await pilot.press("b")
        await settle(pilot)
        assert not store.is_bookmarked(shown.id) and not listing.current.bookmarked
    other.close()


HOSTILE = (
    "esc \x1b]0;PWNED-LEAK\x07 title \x1b[2J clear \x1b]52;c;ZWNobyBoaQ==\x07 clip "
    "\x9b31m c1red \u202e bidi"
)
SHOWN = "esc  title  clear  clip  c1red  bidi"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def screen_segments(app) -> list[str]:
    """The text of every segment the terminal would be sent for the whole screen."""
    strips = app.screen._compositor.render_strips()
    return [segment.text for strip in strips for segment in strip]


async def test_the_editor_shows_a_note_s_escapes_cleaned_and_keeps_it_exact(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        note = store.add_note(pane.article.id, HOSTILE)
        await app.screen._notes_changed(note.article_id, store.notes(note.article_id))
        await pilot.press("right_square_bracket", "e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        assert area.text == SHOWN
        assert not any(UNSAFE.search(text) for text in screen_segments(app))
        await pilot.press("ctrl+s")  # saved unchanged: the stored text stays exact
        await settle(pilot)
        assert store.note(note.id).text == HOSTILE

        await pilot.press("right_square_bracket", "e")
        await settle(pilot)
        app.screen.query_one(TextArea).insert(" more")
        await pilot.press("ctrl+s")  # changed: the cleaned text as edited
        await settle(pilot)
        assert store.note(note.id).text == SHOWN + " more"


async def test_a_draft_offered_back_is_shown_cleaned(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        app.screen.open_editor(pane.article.id, pane.article.title, text=HOSTILE)
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == SHOWN
        assert not any(UNSAFE.search(text) for text in screen_segments(app))
        await pilot.press("ctrl+s")  # the draft as it was written
        await settle(pilot)
        assert [n.text for n in store.notes()] == [HOSTILE]


@pytest.mark.parametrize("box", ["search", "people", "rename", "merge", "editor"])
async def test_a_pasted_escape_sequence_never_reaches_the_screen(store: Store, box: str) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        if box == "search":
            await pilot.press("slash")
        elif box == "people":
            await pilot.press("@")
        elif box == "rename":
            await pilot.press("@")
            await settle(pilot)
            await pilot.press("down", "r")
        elif box == "merge":  # the chooser of whom to merge into, found by typing
            await pilot.press("@")
            await settle(pilot)
            await pilot.press("down", "m")
        else:
            await open_first(pilot)
            await pilot.press("a")
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, (Input, TextArea)), focused
        assert box != "rename" or type(app.screen).__name__ == "NameDialog"
        assert box != "merge" or type(app.screen).__name__ == "PersonChooser"
        focused.post_message(events.Paste(HOSTILE))
        await settle(pilot)
        value = focused.value if isinstance(focused, Input) else focused.text
        assert SHOWN in value and not UNSAFE.search(value)
        assert not any(UNSAFE.search(text) for text in screen_segments(app))


async def test_write_edit_delete_and_undo_a_note(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        await write_note(pilot, "A *first* note [@click=app.quit]")
        (note,) = store.notes()
        assert note.text == "A *first* note [@click=app.quit]" and note.article_title == TITLE_003
        cards = list(pane.query(NoteCard))
        assert len(cards) == 1 and "A *first* note [@click=app.quit]" in str(cards[0].render())
        assert app.screen.query_one(ArticleList).current.notes == 1

        await pilot.press("right_square_bracket")  # focus the note
        assert isinstance(app.focused, NoteCard)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        assert area.text == note.text
        area.insert(" Edited.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.note(note.id).text.endswith("Edited.")

        await pilot.press("right_square_bracket", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert store.notes() == [] and not list(pane.query(NoteCard))
        await pilot.press("u")
        await settle(pilot)
        assert [n.id for n in store.notes()] == [note.id]
        assert len(list(pane.query(NoteCard))) == 1


async def test_a_refused_note_goes_back_to_the_editor_and_stays_a_draft(
    store: Store, monkeypatch
) -> None:
    import reader.storage.notes as notes

    monkeypatch.setattr(notes, "MAX_NOTE_CHARS", 20)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_first(pilot)
        text = "A note far longer than the limit allows"
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(TextArea).insert(text)
        await pilot.press("ctrl+s")  # at once: no pause for the draft to be saved
        await settle(pilot)
        assert store.notes() == []
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == text
        assert [d.text for d in store.drafts()] == [text]
        assert any("at most 20 characters" in n.message for n in app._notifications)


async def test_a_note_on_a_passage_selected_with_the_keyboard(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        await pilot.press("v", "j")  # the first two sentences on screen
        quote = pane.selected_text()
        assert quote and quote.startswith("Kim Kardashian, 41,")
        await write_note(pilot, "About the interview")
        (note,) = store.notes()
        assert note.quote == quote and not note.detached
        assert pane.article.body[note.quote_start : note.quote_end] == quote
        assert pane.selection is None
        # the quoted passage is marked in the article, where it is drawn
        text = pane.article_text
        quote_style = text.get_component_rich_style("article-text--quote", partial=True)
        row = text.body_row(note.quote_start)
        marked = [s.text for s in text.render_line(row) if s.style.bgcolor == quote_style.bgcolor]
        assert marked and quote.startswith("".join(marked).strip())
        assert all(s.style.underline for s in text.render_line(row) if s.text in marked)


async def test_escape_cancels_a_selection_and_an_empty_editor(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        await pilot.press("v")
        assert pane.selection is not None
        await pilot.press("escape")
        assert pane.selection is None
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert store.notes() == [] and store.drafts() == []


async def test_notes_screen_opens_the_article_at_the_note(store: Store) -> None:
    other = next(s for s in store.page(0, 2) if s.title == TITLE_000)
    store.add_note(other.id, "Remember the museum", quote="Asian Art Museum")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.title == TITLE_000
        assert isinstance(app.focused, NoteCard) and app.focused.note.text == "Remember the museum"


async def test_a_note_opened_before_a_pending_preview_is_not_replaced_by_it(
    store: Store,
) -> None:
    first = next(s for s in store.page(0, 2) if s.title == TITLE_003)
    note = store.add_note(first.id, "Remember the party")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the next article's preview is due, not shown yet
        app.screen.open_note(note)
        await settle(pilot)
        await pilot.pause(0.3)  # past the preview's delay
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.title == TITLE_003
        assert isinstance(app.focused, NoteCard) and app.focused.note.id == note.id


async def type_a_draft(pilot, text: str) -> None:
    """On the first article: ``a``, ``text`` typed, and the pause after which the editor
    saves it as a draft (as a crash would leave it)."""
    await open_first(pilot)
    await pilot.press("a")
    await settle(pilot)
    pilot.app.screen.query_one(TextArea).insert(text)
    await pilot.pause(0.8)
    await settle(pilot)


async def test_an_unsaved_draft_is_offered_back_on_the_next_start(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await type_a_draft(pilot, "half a thought")
    assert [d.text for d in store.drafts()] == ["half a thought"]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "half a thought"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [n.text for n in store.notes()] == ["half a thought"]
    assert store.drafts() == []


async def test_a_draft_kept_with_esc_waits_for_its_editor_not_the_next_start(
    store: Store,
) -> None:
    """Esc keeps the draft; the next start does not ask about it as if the reader had
    stopped (where "no" deleted it): ``a`` on its article brings it back."""
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await type_a_draft(pilot, "half a thought")
        await pilot.press("escape")
        await settle(pilot)
    assert [(d.text, d.kept) for d in store.drafts()] == [("half a thought", True)]
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        await open_first(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "half a thought"
        app.screen.query_one(TextArea).insert(" and more")
        await pilot.pause(0.8)  # typed again: a crash now would leave it to the next start
        await settle(pilot)
        assert [d.kept for d in store.drafts()] == [False]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_kill_9_while_writing_keeps_the_draft(tmp_path: Path) -> None:
    from test_terminal import Tmux

    reader = Path(sys.executable).with_name("reader")
    db = tmp_path / "news.db"
    subprocess.run(
        [str(reader), "--db", str(db), "ingest", str(SEEDS)], check=True, capture_output=True
    )
    term = Tmux(100, 30, str(reader), "--db", str(db))
    try:
        term.wait_for("2 articles")
        term.keys("Enter")
        term.wait_for("Kim Kardashian, 41")
        term.keys("a")
        term.wait_for("Ctrl+S save")
        term.keys("-l", "never lose this")
        deadline = time.monotonic() + 10
        with Store.open(db) as store:
            while not store.drafts() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert [d.text for d in store.drafts()] == ["never lose this"]
        pid = int(
            subprocess.run(
                ["pgrep", "-f", f"{reader} --db {db}"], capture_output=True, text=True
            ).stdout.split()[0]
        )
        os.kill(pid, signal.SIGKILL)
    finally:
        term.close()
    term = Tmux(100, 30, str(reader), "--db", str(db))
    try:
        term.wait_for("when the reader stopped")
        term.keys("y")
        screen = term.wait_for("never lose this")
        assert "Ctrl+S save" in screen
    finally:
        term.close()


async def test_starting_keeps_another_copys_recent_deletion_and_exit_forgets_ours(
    store: Store,
) -> None:
    article = store.page(0, 1)[0].id
    theirs = store.add_note(article, "deleted by another running copy")
    store.delete_note(theirs.id, undoable=True)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        await write_note(pilot, "mine")
        assert len(list(pane.query(NoteCard))) == 1
        await pilot.press("right_square_bracket", "d", "y")
        await settle(pilot)
    store.restore_note(theirs.id)  # still there: the start left it alone
    assert [n.text for n in store.notes()] == ["deleted by another running copy"]
    row = "SELECT count(*) FROM notes WHERE text = 'mine'"
    assert store._conn.execute(row).fetchone()[0] == 0  # ours was forgotten at exit


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_b_twice_in_the_bookmarks_view_puts_the_bookmark_back_and_u_undoes(
    store: Store,
) -> None:
    """Removing a bookmark in the bookmarks view leaves its row (without ★) under the
    cursor, so a second b puts it back instead of removing the next one; u undoes a
    removal, the bookmark back where it was in the list."""
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.press("b", "j", "b", "B")  # both seeds bookmarked, then their view
        await settle(pilot)
        assert listing.total == 2
        order = [b.article_id for b in store.bookmarks()]
        first = listing.current.id
        await pilot.press("b")
        await settle(pilot)
        assert [b.article_id for b in store.bookmarks()] == order[1:]
        assert listing.current.id == first and not listing.current.bookmarked
        await pilot.press("b")  # the same row again: bookmarked again, the other kept
        await settle(pilot)
        assert {b.article_id for b in store.bookmarks()} == set(order)
        await pilot.press("escape", "B", "B")  # the view again: remove, then undo
        await settle(pilot)
        before = store.bookmarks()
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert store.bookmarks() == before and listing.current.bookmarked
        assert any(n.startswith("Undone: Bookmark removed: ") for n in notices(app))
        await pilot.press("u")  # and the bookmarking before it
        await settle(pilot)
        assert len(store.bookmarks()) == 1


async def test_u_undoes_a_note_deletion_then_says_there_is_nothing_left(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        await write_note(pilot, "Keep me")
        await pilot.press("right_square_bracket", "d", "y")
        await settle(pilot)
        assert store.notes() == []
        await pilot.press("u")
        await settle(pilot)
        assert [n.text for n in store.notes()] == ["Keep me"]
        assert len(list(pane.query(NoteCard))) == 1
        assert f"Undone: Note deleted on: {TITLE_003}" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert notices(app)[-1] == "Nothing to undo."


async def test_esc_in_the_note_editor_keeps_the_draft_for_next_time(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_first(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"half a thought")
        await pilot.press("escape")  # at once: before the typing pause saves a draft
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert [d.text for d in store.drafts()] == ["half a thought"]
        await pilot.press("a")  # the same article's editor: the text is back
        await settle(pilot)
        area = app.screen.query_one(TextArea)
        assert area.text == "half a thought"
        await pilot.press("escape")  # nothing typed, still kept
        await settle(pilot)
        assert [d.text for d in store.drafts()] == ["half a thought"]
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(TextArea).clear()
        await pilot.press("escape")  # emptied: the draft goes
        await settle(pilot)
        assert store.drafts() == [] and store.notes() == []
