"""Every bundled theme keeps the article list readable: the cursor's row included."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.terminal_theme import TerminalTheme
from textual.app import App, ComposeResult

from reader.app import make_app
from reader.app.widgets.article_list import HIT_ROW_HEIGHT, ArticleList
from reader.records import replace
from reader.types import SearchHit

#: WCAG AA for normal text.
AA = 4.5


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(color: RichColor | None, theme: TerminalTheme, foreground: bool) -> tuple[int, int, int]:
    """A segment's colour as the terminal shows it (the theme's default when unset)."""
    if color is None:
        color = RichColor.default()
    return tuple(color.get_truecolor(theme, foreground=foreground))  # type: ignore[return-value]


def low_contrast(segments: list[Segment], theme: TerminalTheme) -> list[tuple[str, float]]:
    """The text of each segment with letters in it below AA on its own background."""
    poor = []
    for text, style, _ in segments:
        if not text.strip() or style is None:
            continue
        fg = rgb(style.color, theme, True)
        bg = rgb(style.bgcolor, theme, False)
        if style.reverse:
            fg, bg = bg, fg
        ratio = contrast(fg, bg)
        if ratio < AA:
            poor.append((text, round(ratio, 2)))
    return poor


class ListApp(App[None]):
    """The article list alone: a theme changes in a fraction of the whole app's time."""

    def compose(self) -> ComposeResult:
        yield ArticleList()


async def test_the_cursor_row_is_readable_in_every_theme(seeded) -> None:
    """Title, highlighted words, meta line, ★ and ✎ marks and snippet of the row under the
    cursor, focused or not, reach 4.5:1 against its background in every registered theme."""
    themes = make_app(seeded).available_themes
    assert len(themes) > 10
    summary = replace(seeded.page(0, 1)[0], bookmarked=True, notes=2, label="Opinion")
    hit = SearchHit(summary, 1.0, "…a snippet with Kanye in it…", ((16, 21),), ((0, 5),), ())
    app = ListApp()
    poor: dict[str, list[tuple[str, float]]] = {}
    async with app.run_test(size=(100, 12)) as pilot:
        listing = app.query_one(ArticleList)
        listing.show_hits([hit, hit])
        for name in sorted(themes):
            app.theme = name
            for focused in (True, False):
                listing.focus() if focused else app.screen.set_focus(None)
                await pilot.pause()
                lines = [listing.render_line(y) for y in range(HIT_ROW_HEIGHT)]
                segments = [segment for line in lines for segment in line]
                assert "★ Opinion" in "".join(s.text for s in segments)
                found = low_contrast(segments, app.ansi_theme)
                if found:
                    poor[f"{name}{'' if focused else ' (unfocused)'}"] = found
    assert not poor, poor


async def test_the_rows_take_a_new_theme_and_focus_at_once(seeded) -> None:
    """The list keeps its parts' styles from one frame to the next: a theme or focus
    change draws its rows in the new look, as a list that never drew before would."""
    summary = replace(seeded.page(0, 1)[0], bookmarked=True, notes=2, label="Opinion")
    hit = SearchHit(summary, 1.0, "…a snippet with Kanye in it…", ((16, 21),), ((0, 5),), ())
    app = ListApp()
    async with app.run_test(size=(100, 12)) as pilot:
        listing = app.query_one(ArticleList)
        listing.show_hits([hit, hit])

        def drawn() -> list[list[Segment]]:
            return [list(listing.render_line(y)) for y in range(2 * HIT_ROW_HEIGHT)]

        steps = [("nord", True), ("nord", False), ("gruvbox", False), ("gruvbox", True)]
        for name, focused in steps:
            app.theme = name
            listing.focus() if focused else app.screen.set_focus(None)
            await pilot.pause()
            kept = drawn()
            listing._kept_styles.clear()
            assert kept == drawn(), (name, focused)
