"""The key bar at the bottom: the keys of the pane in use, one line, no layout when they
change, and the mouse on it as on Textual's footer."""

from __future__ import annotations

import pytest
from conftest import inputs_of, previewed, settle
from textual.screen import Screen

from reader.app import make_app
from reader.app.screens.help import HelpScreen
from reader.app.widgets.footer import EDGE, Footer
from reader.app.widgets.search_box import SearchBox

WIDE = (160, 48)
NARROW = (80, 24)


def footer_of(app) -> Footer:
    return app.screen.query_one(Footer)


def line_of(footer: Footer) -> str:
    return footer.render_line(0).text


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "160x48"])
async def test_the_footer_shows_the_keys_of_the_pane_in_use_drawn_once_for_each_change(
    seeded, monkeypatch, size
) -> None:
    """Opening an article and going back changes the keys shown twice: the footer's line
    is drawn again twice, and says the keys of the pane in use each time."""
    drawn = inputs_of(monkeypatch, Footer, "refresh")
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        on_the_list = footer.shown
        assert ("⏎", "Open") in on_the_list and ("/", "Search") in on_the_list
        assert "⏎ Open" in line_of(footer)
        drawn.clear()
        for _ in range(3):
            await pilot.press("enter")
            await settle(pilot)
            reading = footer.shown
            assert reading != on_the_list and ("v", "Select") in reading
            assert "v Select" in line_of(footer)
            await pilot.press("escape")
            await settle(pilot)
            assert footer.shown == on_the_list
        assert len(drawn) == 6, drawn


async def test_the_keys_shown_change_with_the_focus_and_nothing_is_laid_out_again(
    seeded, monkeypatch
) -> None:
    """`/` and Escape move the focus, and with it the keys shown. Textual's footer mounted
    a widget for each key again and laid the screen out twice, some 40 ms after the key,
    just when the first letter of the search came in. Here the footer's line changes and
    nothing is laid out."""
    layouts: list[int] = []
    refresh_layout = Screen._refresh_layout

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        layouts.append(1)
        return refresh_layout(self, *args, **kwargs)

    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)  # the first article is shown: a layout of its own
        footer = footer_of(app)
        on_the_list = footer.shown
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)
        searching = footer.shown
        assert searching != on_the_list and ("⏎", "Open") not in searching
        await pilot.press("escape")
        await settle(pilot)
        assert footer.shown == on_the_list
        assert not footer.children
        assert layouts == []


async def test_a_click_on_a_key_of_the_footer_presses_it(seeded) -> None:
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        line = line_of(footer)
        at = line.index(" ? Help")
        await pilot.click(Footer, offset=(at + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_key_under_the_pointer_is_highlighted_and_its_tooltip_shown(
    seeded,
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        at = line_of(footer).index(" / Search")

        def background(x: int) -> object:
            cells = 0
            for segment in footer.render_line(0):
                cells += len(segment.text)
                if cells > x:
                    return segment.style.bgcolor if segment.style else None
            raise AssertionError(x)

        before = background(at + 1)
        await pilot.hover(Footer, offset=(at + 1, 0))
        await pilot.pause()
        assert background(at + 1) != before
        assert background(at + 20) == before  # the other keys are not
        assert not footer.tooltip  # the search key has no more to say than its word
        await pilot.hover(Footer, offset=(line_of(footer).index("^p"), 0))
        await pilot.pause()
        assert background(at + 1) == before and footer.tooltip  # the palette's words
        await pilot.hover(Footer, offset=(0, -2))  # off the footer
        await pilot.pause()
        assert not footer.tooltip


async def test_keys_that_do_not_fit_are_cut_and_the_palette_key_stays_at_the_right(
    seeded,
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        line = line_of(footer)
        assert len(line) == 60
        assert line.endswith(f"{EDGE}^p Commands ")
        assert line.startswith(" ⏎ Open  tab Switch pane")
        assert "? Help" not in line  # cut: it would not fit
