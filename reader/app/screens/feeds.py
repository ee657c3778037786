"""The feeds screen (``S``): every feed and how it is doing, the broken ones first.

Each feed is a few lines of a list: a ✗ when its last fetch failed or it is gone, its
title, its articles, when it was last fetched and when it will be next (moments from
:func:`reader.dates.moment`, seen from :func:`clock`); its URL; its last error. ``r``
refreshes the feed under the cursor and ``R`` every feed, through the app's refresh
(one at a time); ``d`` removes the feed after asking. The feeds are read in a worker,
again when a refresh ends. Titles, URLs and errors come from the web: they are only
ever ``Text``, cleaned (:mod:`reader.app.text`), never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.screens.base import ReaderScreen
from reader.app.text import plain
from reader.app.widgets.footer import Footer
from reader.app.widgets.people_options import message_option
from reader.dates import moment
from reader.types import Feed

if TYPE_CHECKING:
    from reader.app.keys import KeyQueue
    from reader.core import Store

#: The columns right of the title, each with its width; the first ones give way first
#: on a narrow screen.
COLUMNS = (("Articles", 8), ("Unread", 6), ("Fetched", 11), ("Next", 11))
GAP = 2
#: A title keeps at least this many cells before a column gives way.
MIN_TITLE = 16
BROKEN = "✗"
#: Seconds between two redraws of the moments ("12 min ago" becomes "13 min ago").
REDRAW_EVERY = 30.0
NO_FEEDS = "No feeds yet: `reader feed add URL` subscribes to one."


def clock() -> datetime:
    """The time the moments are seen from (a test fixes it)."""
    return datetime.now(UTC)


def broken_first(feeds: Sequence[Feed]) -> list[Feed]:
    """The broken feeds first, then the others; by title within each (as given)."""
    return sorted(feeds, key=lambda feed: not feed.broken)


def columns_for(width: int) -> tuple[tuple[str, int], ...]:
    """The columns that fit beside a title of at least :data:`MIN_TITLE` cells."""
    for first in range(len(COLUMNS) + 1):
        shown = COLUMNS[first:]
        if width - 2 - sum(w + GAP for _, w in shown) >= MIN_TITLE:
            return shown
    return ()


def row_line(width: int, mark: Text, title: Text, cells: Sequence[Text]) -> Text:
    """``mark`` and ``title`` on the left, cut to what is left of ``width``, then as many
    ``cells`` as fit (the last ones kept), each right-aligned in its column."""
    shown = columns_for(width)
    right = Text(end="")
    for (_, cell_width), cell in zip(shown, cells[len(cells) - len(shown) :], strict=True):
        cell = cell.copy()
        cell.truncate(cell_width, overflow="ellipsis")
        right.append(" " * (GAP + cell_width - cell.cell_len))
        right.append_text(cell)
    line = Text(end="")
    line.append_text(mark)
    title = title.copy()
    title.truncate(max(width - mark.cell_len - right.cell_len, 0), overflow="ellipsis", pad=True)
    line.append_text(title)
    line.append_text(right)
    line.truncate(width, overflow="ellipsis")
    return line


def _indented(width: int, text: Text) -> Text:
    line = Text("  ", end="")
    line.append_text(text)
    line.truncate(width, overflow="ellipsis")
    return line


@dataclass(frozen=True)
class Looks:
    """The styles of a feed's row, from the screen's CSS."""

    broken: Style
    muted: Style


@dataclass(frozen=True)
class FeedRow:
    """One feed as lines laid out to the width they are drawn at."""

    feed: Feed
    now: datetime
    looks: Looks

    def lines(self, width: int) -> list[Text]:
        feed, looks = self.feed, self.looks
        mark = Text(f"{BROKEN} " if feed.broken else "  ", style=looks.broken, end="")
        last = moment(feed.last_success, self.now)
        after = "never" if feed.dead else moment(feed.next_fetch, self.now, overdue="due now")
        cells = [Text(f"{feed.articles:,}"), Text(f"{feed.unread:,}"), Text(last), Text(after)]
        lines = [row_line(width, mark, plain(feed.name, "bold"), cells)]
        lines.append(_indented(width, plain(feed.url, looks.muted)))
        if feed.last_error:
            error = plain(feed.last_error, looks.broken)
            if feed.failures > 1:
                error.append(f" ({feed.failures} failures in a row)", style=looks.muted)
            lines.append(_indented(width, error))
        if feed.redirect_url:
            lines.append(_indented(width, plain(f"moving to {feed.redirect_url}", looks.muted)))
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Ended by a line break: Textual counts a renderable's lines by its breaks.
        yield Text("\n").join(self.lines(options.max_width))


@dataclass(frozen=True)
class ColumnHeads:
    """The columns' names, laid out as the rows are."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        cells = [Text(name) for name, _ in COLUMNS]
        yield row_line(options.max_width, Text("  ", end=""), Text("Feed"), cells)


class FeedsScreen(ReaderScreen[None]):
    """Every feed's state; refresh one or all, or remove one."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="feeds.back"),
        Binding("j", "cursor_down", "Next feed", id="feeds.next", show=False),
        Binding("k", "cursor_up", "Previous feed", id="feeds.previous", show=False),
        Binding("r", "refresh_one", "Refresh", id="feeds.refresh", tooltip="Refresh this feed now"),
        Binding(
            "R", "refresh_all", "Refresh all", id="feeds.refresh_all", tooltip="Refresh every feed"
        ),
        Binding(
            "d",
            "remove",
            "Remove",
            id="feeds.remove",
            tooltip="Remove this feed (asks first; bookmarked or annotated articles stay)",
        ),
    ]

    COMPONENT_CLASSES = {"feeds--broken", "feeds--muted"}

    DEFAULT_CSS = """
    FeedsScreen #feeds-topbar { height: 1; background: $panel; color: $text-muted; }
    FeedsScreen #feeds-title { width: auto; padding: 0 1; text-style: bold; color: $text; }
    FeedsScreen #feeds-summary { width: 1fr; padding: 0 1; }
    FeedsScreen #feeds-refreshing { width: auto; padding: 0 1; color: $text-accent; }
    FeedsScreen #feeds-columns { height: 1; padding: 0 2 0 1; color: $text-muted; }
    FeedsScreen OptionList {
        height: 1fr; border: none; padding: 0;
        scrollbar-gutter: stable; scrollbar-size-vertical: 1;
    }
    FeedsScreen OptionList:focus { border: none; }
    FeedsScreen OptionList > .option-list--option { padding: 0 1; }
    FeedsScreen > .feeds--broken { color: $text-error; text-style: bold; }
    FeedsScreen > .feeds--muted { text-style: dim; }
    """

    @dataclass
    class FeedRemoved(Message):
        """A feed was removed, and its articles but the bookmarked or annotated."""

    def __init__(self, store: Store, keys: KeyQueue | None = None) -> None:
        super().__init__(id="feeds-screen")
        self.store = store
        #: The app's keys: those typed before the feeds are shown wait for them.
        self.keys = keys
        #: The feeds as listed (broken first), one option each.
        self.feeds: list[Feed] = []
        self._generation = 0
        self._release_keys: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="feeds-topbar"):
            yield Static("Feeds", id="feeds-title")
            yield Static(id="feeds-summary")
            yield Static(id="feeds-refreshing")
        yield Static(ColumnHeads(), id="feeds-columns")
        yield OptionList(id="feeds-list")
        yield Footer()

    def on_mount(self) -> None:
        self.options.focus()
        if self.keys is not None:
            self._release_keys = self.keys.hold()
        self.show_refresh(0 if getattr(self.app, "refreshing", False) else None)
        self.load()
        self.set_interval(REDRAW_EVERY, self._redraw, name="feeds moments")

    @property
    def options(self) -> OptionList:
        return self.query_one("#feeds-list", OptionList)

    @property
    def current(self) -> Feed | None:
        """The feed under the cursor."""
        index = self.options.highlighted
        return self.feeds[index] if index is not None and index < len(self.feeds) else None

    # -- reading ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the feeds again (in a worker) and show them, the cursor on the same feed."""
        self._generation += 1
        self._load_feeds(self._generation)

    @work(thread=True, exclusive=True, group="feeds-load", exit_on_error=False)
    def _load_feeds(self, generation: int) -> None:
        try:
            feeds = self.store.feeds()
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            self.app.call_from_thread(self._let_keys_go)
            raise
        self.app.call_from_thread(self._show, generation, feeds)

    def _let_keys_go(self) -> None:
        if self._release_keys is not None:
            self._release_keys()
            self._release_keys = None

    def _looks(self) -> Looks:
        return Looks(
            self.get_component_rich_style("feeds--broken", partial=True),
            self.get_component_rich_style("feeds--muted", partial=True),
        )

    def _show(self, generation: int, feeds: list[Feed]) -> None:
        if generation == self._generation:
            self._fill(broken_first(feeds))
            self._update_summary()
        self._let_keys_go()

    def _fill(self, feeds: list[Feed]) -> None:
        options = self.options
        kept = self.current
        previous = options.highlighted
        self.feeds = feeds
        options.clear_options()
        if not feeds:
            options.add_option(message_option(NO_FEEDS))
            return
        now, looks = clock(), self._looks()
        options.add_options(Option(FeedRow(feed, now, looks), id=str(feed.id)) for feed in feeds)
        ids = [feed.id for feed in feeds]
        if kept is not None and kept.id in ids:
            options.highlighted = ids.index(kept.id)
        else:
            options.highlighted = min(previous or 0, len(feeds) - 1)

    def _redraw(self) -> None:
        """The moments as seen from now."""
        if self.feeds:
            self._fill(self.feeds)

    def _update_summary(self) -> None:
        count = len(self.feeds)
        broken = sum(feed.broken for feed in self.feeds)
        text = Text(f"{count} feed{'s' if count != 1 else ''}, {broken} broken", end="")
        self.query_one("#feeds-summary", Static).update(text)

    def show_refresh(self, done: int | None, total: int = 0) -> None:
        """A refresh's progress (``done`` of ``total`` feeds), or none (None)."""
        status = self.query_one("#feeds-refreshing", Static)
        status.display = done is not None
        if done is not None:
            status.update(Text(f"⟳ refreshing {done}/{total}" if total else "⟳ refreshing"))

    # -- keys ---------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.options.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.options.action_cursor_up()

    def action_refresh_one(self) -> None:
        feed = self.current
        if feed is None:
            self.app.bell()
            return
        self.app.refresh_feeds(only=[feed.id])  # type: ignore[attr-defined]

    def action_refresh_all(self) -> None:
        self.app.refresh_feeds()  # type: ignore[attr-defined]

    def action_remove(self) -> None:
        feed = self.current
        if feed is None:
            self.app.bell()
            return
        release = self.keys.hold() if self.keys is not None else None
        self._ask_removal(feed, release)

    @work(thread=True, exclusive=True, group="feeds-remove", exit_on_error=False)
    def _ask_removal(self, feed: Feed, release: Callable[[], None] | None) -> None:
        try:
            _, gone, kept = self.store.feed_removal(str(feed.id))
        except Exception:
            if release is not None:
                self.app.call_from_thread(release)
            raise
        self.app.call_from_thread(self._confirm_removal, feed, gone, kept, release)

    def _confirm_removal(
        self, feed: Feed, gone: int, kept: int, release: Callable[[], None] | None
    ) -> None:
        from reader.app.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove_feed(feed)

        articles = f"{gone} article{'s' if gone != 1 else ''} {'go' if gone != 1 else 'goes'}"
        question = (
            f"Remove the feed “{feed.name}”? {articles}; "
            f"bookmarked or annotated articles stay ({kept})."
        )
        self.app.push_screen(ConfirmScreen(question), answered)
        if release is not None:
            self.call_after_refresh(release)  # once the dialog is up

    @work(thread=True, group="feeds-remove", exit_on_error=False)
    def _remove_feed(self, feed: Feed) -> None:
        removed, kept = self.store.remove_feed(str(feed.id))
        self.app.call_from_thread(self._removed, feed, removed, kept)

    def _removed(self, feed: Feed, removed: int, kept: int) -> None:
        message = f"Removed “{feed.name}”: {removed} article{'s' if removed != 1 else ''} removed"
        if kept:
            message += f", {kept} kept (bookmarked or annotated)"
        self.notify(message, markup=False)
        self.post_message(self.FeedRemoved())
        self.load()
