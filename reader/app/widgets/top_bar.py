"""The main screen's top bar: the brand, the read-only mark, the search box, a refresh's
progress, the list's order when it is not the default, and the count of what the list
shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from reader.app.widgets.search_box import SearchBox

#: The count's room when it is not laid out yet: the least it has (``#count`` in
#: styles/app.tcss: 34 columns on a narrow screen, with a column of padding on each side).
COUNT_WIDTH = 32


class ListCount(NamedTuple):
    """What the list holds, as the top bar says it."""

    #: Articles, results or bookmarks (None: not known yet).
    total: int | None
    searching: bool = False
    #: More results match than the list holds.
    more: bool = False
    bookmarks: bool = False
    #: The reading pane's place among its matches ("" if none).
    position: str = ""
    #: How many of them are unread (None: not known).
    unread: int | None = None


def count_line(shown: ListCount, width: int = COUNT_WIDTH) -> str:
    """The count in at most ``width`` columns, the first of these that fits: as it is;
    with numbers of five digits and more rounded ("100k"); without the unread count,
    exact, then rounded; without the reading pane's place. A word is never cut."""
    if shown.total is None:
        return ""
    forms = [
        _line(shown, number, unread) for unread in (True, False) for number in (_exact, _rounded)
    ]
    forms.append(_line(shown._replace(position=""), _rounded, False))
    return next((form for form in forms if cell_len(form) <= width), forms[-1])


def _line(shown: ListCount, number: Callable[[int], str], with_unread: bool) -> str:
    total, searching, more, bookmarks, position, unread = shown
    total = total or 0
    plus = "+" if searching and more else ""
    if searching:
        count = (
            f"{number(total)}{plus} result{'s' if total != 1 else ''}" if total else "no results"
        )
    elif bookmarks:
        count = f"{number(total)} bookmark{'s' if total != 1 else ''}"
    else:
        count = f"{number(total)} article{'s' if total != 1 else ''}"
    if with_unread and total and unread is not None:
        count = f"{count} · {number(unread)}{plus} unread"
    return f"{position} · {count}" if position else count


def _exact(number: int) -> str:
    return f"{number:,}"


def _rounded(number: int) -> str:
    """``number`` in at most four characters and a letter from 10,000 on: 12.3k, 100k, 1.5M."""
    if number < 10_000:
        return f"{number:,}"
    size, letter = (1_000, "k") if number < 999_500 else (1_000_000, "M")
    value = number / size
    text = f"{value:.1f}" if value < 99.95 else f"{value:.0f}"
    return f"{text.removesuffix('.0')}{letter}"


class TopBar(Horizontal):
    """One line above the panes; the count at its right end says what the list holds."""

    def __init__(
        self, on_query: Callable[[str], None], *, read_only: bool, id: str | None = None
    ) -> None:
        # The children are made here, not in a compose of its own, so that they are on
        # the screen as soon as the bar is: the screen writes the count once it mounts.
        children: list[Widget] = [Static("termnews", id="brand")]
        if read_only:
            children.append(Static("read-only", id="read-only"))
        children.append(SearchBox(on_query, placeholder="Search  (/)", id="search"))
        children.append(Static(id="refreshing"))
        children.append(Static(id="order"))
        children.append(Static(id="count"))
        super().__init__(*children, id=id)
        #: What :meth:`show_count` was last given.
        self._count = ListCount(None)

    def show_count(self, count: ListCount) -> None:
        """Say what the list holds (after the reading pane's place among its matches)."""
        self._count = count
        self._show_count()

    def _show_count(self) -> None:
        shown = self.query_one("#count", Static)
        width = shown.content_size.width or COUNT_WIDTH
        shown.update(Text(count_line(self._count, width), end=""), layout=False)

    def on_resize(self) -> None:
        # The count's room depends on the width (styles/app.tcss): said again to fit it.
        # After the layout: the count's new width is known then.
        self.call_after_refresh(self._show_count)

    def show_refresh(self, done: int | None, total: int = 0) -> None:
        """Show a refresh's progress (``done`` of ``total`` feeds), or hide it (None)."""
        status = self.query_one("#refreshing", Static)
        if done is None:
            status.display = False
            return
        # As wide all through a refresh ("  7/500", " 42/500"): a new count is then drawn
        # in place. A change of width lays the whole screen out again and draws it all,
        # which at 160x48 held the keys typed meanwhile back by a frame (tens of ms) four
        # times a second (bench/refresh_keys.py).
        text = f"⟳ feeds {done:>{len(str(total))}}/{total}"
        in_place = bool(status.display) and status.content_size.width == cell_len(text)
        status.update(Text(text, end=""), layout=not in_place)
        status.display = True

    def show_order(self, order: str) -> None:
        """Say the list's order ("" when it is the default, or does not apply: hidden)."""
        shown = self.query_one("#order", Static)
        if order:
            shown.update(Text(order, end=""))
        shown.display = bool(order)
