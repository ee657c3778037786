"""The reading pane's text, drawn line by line: wrapped to the width (again after a
resize), only what is on screen drawn, no widget per paragraph, and the mouse selects
words in it as it does in any text."""

from __future__ import annotations

import pytest
from conftest import SEEDS, TITLE_003, article_row, inputs_of, previewed, settle, write_articles
from rich.cells import cell_len
from textual.widgets import TextArea

from reader.app import make_app
from reader.app.screens.note_editor import NoteEditor
from reader.app.widgets.article_text import ArticleText
from reader.app.widgets.reading_pane import ReadingPane
from reader.ingest import import_paths

WIDE = (160, 48)
#: A long read: 300 paragraphs of different lengths, some words too long for a line.
PARAGRAPHS = [
    f"Paragraph {i} " + " ".join(f"word{j}" for j in range(i % 41 + 3)) + " x" * (i % 7 * 15)
    for i in range(300)
]
PARAGRAPHS[5] = "Unbroken" + "o" * 200  # folded over lines


@pytest.fixture
def long_read(store):
    write_articles(store, [article_row("long", "A long read", "\n\n".join(PARAGRAPHS))])
    return store


def drawn_rows(text: ArticleText) -> list[str]:
    """Every row of the text as drawn, its trailing spaces dropped."""
    return [text.render_line(y).text.rstrip() for y in range(text.size.height)]


def check_wrapped(text: ArticleText) -> None:
    """Each row fits the width, and the rows of each paragraph give back its words."""
    width = text.size.width
    rows = [*drawn_rows(text), ""]
    assert all(cell_len(row) <= width for row in rows)
    assert max(cell_len(row) for row in rows) > width - 12  # lines are filled, not short
    for i, paragraph in enumerate(PARAGRAPHS):
        first = text.row_of(text.index_of("rule") + 1 + i)
        lines = rows[first : rows.index("", first)]
        if i == 5:  # a word longer than a line is folded, not cut
            assert "".join(lines) == paragraph
        else:
            assert " ".join(lines) == paragraph


async def open_first(pilot) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one(ReadingPane)


async def test_the_text_is_wrapped_to_the_width_and_again_after_a_resize(long_read) -> None:
    app = make_app(long_read)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        text = pane.article_text
        assert text.size.width == 78  # the comfortable measure
        check_wrapped(text)
        await pilot.resize_terminal(110, 30)
        await settle(pilot)
        assert text.size.width < 78
        check_wrapped(text)
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > text.size.height - 30


async def test_opening_draws_what_is_on_screen_and_mounts_nothing(long_read, monkeypatch) -> None:
    """An article is not a widget per paragraph, and its blocks are styled and cut into
    lines only when one of their lines is drawn."""
    made = inputs_of(monkeypatch, ArticleText, "_runs_of", arg=1)  # the blocks' index
    write_articles(long_read, [article_row("short", "A short one", "Two words.", date="2026")])
    app = make_app(long_read)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.title == "A short one"
        widgets = list(pane.query("*"))
        made.clear()
        await pilot.press("j", "enter")
        await settle(pilot)
        assert pane.article.title == "A long read" and len(pane.blocks) > 300
        assert list(pane.query("*")) == widgets
        on_screen = pane.size.height
        assert 0 < len(set(made)) <= on_screen
        made.clear()
        pane.scroll_end(animate=False)
        await settle(pilot)
        assert set(made) and min(made) > 250  # the last blocks, not the ones between


async def test_the_mouse_selects_words_and_a_note_quotes_them(store) -> None:
    import_paths(store, [SEEDS])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        pane = await open_first(pilot)
        assert pane.article.title == TITLE_003
        text = pane.article_text
        row = text.body_row(0)
        await pilot.mouse_down(ArticleText, offset=(0, row))
        await pilot.hover(ArticleText, offset=(8, row + 1))
        await pilot.mouse_up(ArticleText, offset=(8, row + 1))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected and pane.article.body.startswith(selected)
        assert selected.startswith("Kim Kardashian, 41,") and "\n" not in selected
        assert len(selected) > len(text.render_line(row).text.rstrip())  # into the next row
        selection = app.screen.get_component_rich_style("screen--selection")
        assert any(s.style.bgcolor == selection.bgcolor for s in text.render_line(row))
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("How it starts")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (note,) = store.notes()
        assert note.quote == " ".join(selected.split()) and not note.detached


async def burst(pilot, *keys: str) -> None:
    """Send ``keys`` all at once, as a fast typist or key repeat does: none waits for the
    screen (or an animation) to catch up with the one before it."""
    from textual import events

    driver = pilot.app._driver
    for key in keys:
        char = " " if key == "space" else key if len(key) == 1 else None
        driver.send_message(events.Key(key, char))
    await settle(pilot)


async def test_keys_pressed_quickly_in_the_reading_pane_each_scroll_their_full_distance(
    long_read,
) -> None:
    app = make_app(long_read)
    async with app.run_test(size=(110, 30)) as pilot:
        pane = await open_first(pilot)
        assert app.focused is pane and pane.scroll_y == 0
        await burst(pilot, *"j" * 10)
        assert pane.scroll_y == 10
        page = pane.scrollable_content_region.height
        await burst(pilot, "space", "space", "space")
        assert pane.scroll_y == 10 + 3 * page
        await burst(pilot, *"k" * 4)
        assert pane.scroll_y == 6 + 3 * page
        await burst(pilot, "G")
        assert pane.scroll_y == pane.max_scroll_y  # at once: no animation to wait for
        await burst(pilot, "j", "j")
        assert pane.scroll_y == pane.max_scroll_y  # j at the bottom goes nowhere ...
        await burst(pilot, "k")
        assert pane.scroll_y == pane.max_scroll_y - 1  # ... so one k comes back a line
        await burst(pilot, "g", "space", "space")
        assert pane.scroll_y == 2 * page
