"""The list's cursor row shows where the focus is, and moving the focus draws that row
again, not the whole list."""

from __future__ import annotations

import pytest
from conftest import article_row, inputs_of, settle, write_articles

from reader.app import make_app
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.list_lines import ListLines
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.search_box import SearchBox

WIDE = (160, 48)


def cursor_background(listing: ArticleList) -> object:
    """The background of the cursor row's title line, as drawn now."""
    top = listing.cursor * listing.row_height - int(listing.scroll_offset.y)
    strip = listing.render_lines(listing.size.region)[top]
    styles = [segment.style for segment in strip if segment.style and segment.text.strip()]
    return styles[-1].bgcolor


@pytest.mark.parametrize("key", ["slash", "enter", "tab"])
async def test_moving_the_focus_draws_the_cursors_row_again_not_every_row(
    store, monkeypatch, key
) -> None:
    """`/`, Enter and Tab move the focus off the list, Escape or Tab back: the cursor's
    row changes its colours, and only its lines are drawn again (Textual drew every line
    of the list, 4-7 ms of each such key at 160x48)."""
    write_articles(store, [article_row(f"a{i}", f"Story {i}") for i in range(40)])
    drawn = inputs_of(monkeypatch, ListLines, "render_line", arg=1)  # the lines' y
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.press("j", "j")
        await settle(pilot)
        focused = cursor_background(listing)
        drawn.clear()
        await pilot.press(key)
        await settle(pilot)
        away = {"slash": SearchBox, "enter": ReadingPane, "tab": ReadingPane}[key]
        assert isinstance(app.focused, away)
        assert 0 < len(drawn) <= listing.row_height, drawn
        assert cursor_background(listing) != focused
        drawn.clear()
        await pilot.press("escape" if key != "tab" else "tab")
        await settle(pilot)
        assert app.focused is listing
        assert 0 < len(drawn) <= listing.row_height, drawn
        assert cursor_background(listing) == focused


async def test_moving_the_focus_does_not_draw_the_whole_screen_again(seeded, monkeypatch) -> None:
    """`/` changes the search box, the list's cursor row and the footer, which each draw
    themselves again: the screen is not drawn again whole (Textual did so on every move
    of the focus: the frame after `/` at 160x48 over a big archive took 10.5 ms, 5.8 ms
    without)."""
    from textual.screen import Screen

    whole: list[str] = []
    refresh = Screen.refresh

    def counted(self, *regions, **kwargs):  # type: ignore[no-untyped-def]
        if not regions and kwargs.get("repaint", True):
            whole.append(type(self).__name__)
        return refresh(self, *regions, **kwargs)

    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Screen, "refresh", counted)
        for key, focused in (("slash", SearchBox), ("escape", ArticleList)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.focused, focused)
        for key, focused in (("enter", ReadingPane), ("tab", ArticleList)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.focused, focused)
        assert whole == []
