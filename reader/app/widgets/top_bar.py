"""The main screen's top bar: the brand, the read-only mark, the search box, a refresh's
progress, the list's order when it is not the default, and the count of what the list
shows."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from reader.app.widgets.search_box import SearchBox


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

    def show_count(
        self,
        total: int | None,
        *,
        searching: bool = False,
        more: bool = False,
        bookmarks: bool = False,
        position: str = "",
        unread: int | None = None,
    ) -> None:
        """Say how many articles (``None``: not known yet), results (``more``: and more
        match) or bookmarks the list holds, after the reading pane's ``position`` among
        its matches, if any, and how many of them are ``unread`` (``None``: not known)."""
        if total is None:
            count = ""
        elif searching:
            plus = "+" if more else ""
            count = f"{total:,}{plus} result{'s' if total != 1 else ''}" if total else "no results"
        elif bookmarks:
            count = f"{total:,} bookmark{'s' if total != 1 else ''}"
        else:
            count = f"{total:,} article{'s' if total != 1 else ''}"
        if total and unread is not None:
            count = f"{count} · {unread:,}{'+' if searching and more else ''} unread"
        if position:
            count = f"{position} · {count}"
        self.query_one("#count", Static).update(Text(count, end=""), layout=False)

    def show_refresh(self, done: int | None, total: int = 0) -> None:
        """Show a refresh's progress (``done`` of ``total`` feeds), or hide it (None)."""
        status = self.query_one("#refreshing", Static)
        if done is None:
            status.display = False
            return
        status.update(Text(f"⟳ feeds {done}/{total}", end=""))
        status.display = True

    def show_order(self, order: str) -> None:
        """Say the list's order ("" when it is the default, or does not apply: hidden)."""
        shown = self.query_one("#order", Static)
        if order:
            shown.update(Text(order, end=""))
        shown.display = bool(order)
