"""The sources: every folder articles were imported from and every feed, each with its
unread and total counts, as a list to choose one from (the main screen's column on a
wide screen, the sources screen at 80x24).

"All articles" comes first, then the folders, then the feeds: those in no folder, then
each folder of feeds (an OPML folder) as a row of its own with its feeds under it,
which ``Space`` (or ``←`` / ``→``) folds and unfolds. A broken feed is marked ``✗``
(not by colour alone) with its last error on a line under it; the line under the list
says it whole for the highlighted row. ``Enter`` chooses the highlighted row
(:class:`SourceList.Chosen`), ``A`` asks for its articles to be marked read
(:class:`SourceList.MarkRead`); ``Esc`` or ``q`` leaves (:class:`SourceList.Left`).
Names are untrusted text: only ever shown as ``Text``.
"""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.text import plain
from reader.records import Record
from reader.types import FEED, FEED_FOLDER, FOLDER, Source, SourceFilter

#: The option id of "All articles".
ALL = "all"
BROKEN_MARK = "✗ "
CHOSEN_MARK = "✓ "


class Row(Record):
    """One choosable row: a source, a folder of feeds (its feeds' counts summed), or all."""

    id: str
    name: str
    articles: int
    unread: int
    chosen: SourceFilter | None
    source: Source | None = None
    depth: int = 0
    #: A folder of feeds: whether its feeds are shown.
    open: bool | None = None


def _counts(unread: int, articles: int) -> Text:
    text = Text(end="", no_wrap=True)
    text.append(f"{unread:,}", style="bold" if unread else "dim")
    text.append(f"/{articles:,}", style="dim")
    return text


def row_prompt(row: Row, chosen: bool) -> Table:
    """A row: a ✓ if it is the chosen one, its name (✗ before a broken feed's, ▾ or ▸
    before a folder of feeds'), its unread/total counts at the right, and under a broken
    feed its last error."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    name = Text(CHOSEN_MARK if chosen else "  ", style="bold", end="")
    name.append("  " * row.depth)
    source = row.source
    if row.open is not None:
        name.append("▾ " if row.open else "▸ ", style="bold")
    if source is not None and source.broken:
        name.append(BROKEN_MARK, style="bold")
    name.append_text(plain(row.name, "bold" if row.unread else ""))
    grid.add_row(name, _counts(row.unread, row.articles))
    if source is not None and source.broken and source.last_error:
        reason = Text("  " * (row.depth + 2), end="")
        reason.append_text(plain(source.last_error, "dim italic"))
        grid.add_row(reason, "")
    return grid


def make_rows(sources: list[Source], closed: set[str]) -> list[Row | str]:
    """The rows for ``sources``, with headings (plain strings) before the folders and
    the feeds; the folders of feeds named in ``closed`` folded."""
    folders = [s for s in sources if s.kind == FOLDER]
    feeds = [s for s in sources if s.kind == FEED]
    rows: list[Row | str] = [
        Row(
            ALL,
            "All articles",
            sum(s.articles for s in sources),
            sum(s.unread for s in sources),
            None,
        )
    ]
    if folders:
        rows.append("Folders")
        rows += [
            Row(f"folder:{s.name}", s.name, s.articles, s.unread, s.filter, s) for s in folders
        ]
    if feeds:
        rows.append("Feeds")
    for folder, members in groupby(feeds, key=lambda s: s.folder or ""):
        group = list(members)
        if not folder:
            rows += [_feed_row(s, 0) for s in group]
            continue
        is_open = folder not in closed
        total, unread = sum(s.articles for s in group), sum(s.unread for s in group)
        chosen = SourceFilter(FEED_FOLDER, folder)
        rows.append(Row(f"group:{folder}", folder, total, unread, chosen, open=is_open))
        if is_open:
            rows += [_feed_row(s, 1) for s in group]
    return rows


def _feed_row(source: Source, depth: int) -> Row:
    return Row(
        f"feed:{source.feed_id}",
        source.name,
        source.articles,
        source.unread,
        source.filter,
        source,
        depth,
    )


class SourceList(OptionList):
    """The sources to choose from; Enter chooses, Space folds a folder of feeds."""

    BINDINGS = [
        Binding(
            "enter", "select", "Choose", id="sources.choose", tooltip="Keep the list to this source"
        ),
        Binding(
            "space",
            "fold",
            "Fold",
            id="sources.fold",
            key_display="Space",
            tooltip="Fold or unfold a folder of feeds",
        ),
        Binding("left", "fold(True)", "Fold", id="sources.close", show=False),
        Binding("right", "fold(False)", "Unfold", id="sources.open", show=False),
        Binding(
            "A",
            "mark_read",
            "Mark read",
            id="sources.mark_read",
            tooltip="Mark every article of this source read (All articles: every one)",
        ),
        Binding("escape,q", "leave", "Back", id="sources.back", tooltip="Back to the articles"),
        Binding("j", "cursor_down", "Next source", id="sources.next", show=False),
        Binding("k", "cursor_up", "Previous source", id="sources.previous", show=False),
    ]

    DEFAULT_CSS = """
    SourceList { border: none; padding: 0; background: $surface; }
    SourceList:focus { border: none; background-tint: $foreground 0%; }
    SourceList > .option-list--option { padding: 0 1 0 0; }
    """

    class Chosen(Message):
        """The user chose a source (None: all articles)."""

        def __init__(self, source_list: SourceList, source: SourceFilter | None) -> None:
            self.source_list = source_list
            self.source = source
            super().__init__()

        @property
        def control(self) -> SourceList:
            return self.source_list

    class MarkRead(Message):
        """The user asks for every article of a row's source (or of all) to be read."""

        def __init__(self, source_list: SourceList, row: Row) -> None:
            self.source_list = source_list
            self.row = row
            super().__init__()

        @property
        def control(self) -> SourceList:
            return self.source_list

    class Left(Message):
        """The user leaves the list without choosing."""

        def __init__(self, source_list: SourceList) -> None:
            self.source_list = source_list
            super().__init__()

        @property
        def control(self) -> SourceList:
            return self.source_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sources: list[Source] = []
        #: The source the article list is kept to (None: all).
        self.chosen: SourceFilter | None = None
        #: The folders of feeds folded.
        self.closed: set[str] = set()
        self.rows: dict[str, Row] = {}
        #: Whether the sources were read at least once.
        self.filled = False

    def show_sources(self, sources: list[Source], chosen: SourceFilter | None) -> None:
        """List ``sources``, marking ``chosen``; the highlight stays on the row it was on."""
        self.sources, self.chosen, self.filled = list(sources), chosen, True
        self._fill()

    def _fill(self) -> None:
        highlighted = self.highlighted_row
        rows = make_rows(self.sources, self.closed)
        self.rows = {r.id: r for r in rows if isinstance(r, Row)}
        keep = highlighted.id if highlighted is not None else self._chosen_id()
        self.clear_options()
        self.add_options(
            Option(row_prompt(r, r.chosen == self.chosen), id=r.id)
            if isinstance(r, Row)
            else Option(Text(r, style="bold dim", end=""), disabled=True)
            for r in rows
        )
        self.highlighted = self.get_option_index(keep if keep in self.rows else ALL)

    def _chosen_id(self) -> str:
        return next((r.id for r in self.rows.values() if r.chosen == self.chosen), ALL)

    @property
    def highlighted_row(self) -> Row | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.rows.get(option.id or "")

    def action_fold(self, close: bool | None = None) -> None:
        """Fold (``close``) or unfold the highlighted folder of feeds, or the folder the
        highlighted feed is in; toggle it when not said which."""
        row = self.highlighted_row
        if row is None:
            return
        folder = row.name if row.open is not None else (row.source and row.source.folder)
        if not folder:
            return
        close = folder not in self.closed if close is None else close
        if close == (folder in self.closed):
            return
        (self.closed.add if close else self.closed.discard)(folder)
        self._fill()
        self.highlighted = self.get_option_index(f"group:{folder}")

    def action_mark_read(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.MarkRead(self, row))

    def action_leave(self) -> None:
        self.post_message(self.Left(self))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows.get(event.option.id or "")
        if row is not None:
            self.post_message(self.Chosen(self, row.chosen))


class SourcesPanel(Vertical):
    """The sources list under its title, with a line under it about the highlighted row."""

    DEFAULT_CSS = """
    SourcesPanel { background: $surface; }
    SourcesPanel > .sources-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    SourcesPanel > SourceList { height: 1fr; }
    SourcesPanel > .sources-detail {
        height: auto; max-height: 3; padding: 0 1; background: $panel; color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Sources", classes="sources-title")
        yield SourceList()
        yield Static(classes="sources-detail")

    @property
    def source_list(self) -> SourceList:
        return self.query_one(SourceList)

    def show_sources(self, sources: list[Source], chosen: SourceFilter | None) -> None:
        self.source_list.show_sources(sources, chosen)
        self._update_detail()

    @on(OptionList.OptionHighlighted)
    def _update_detail(self) -> None:
        row = self.source_list.highlighted_row
        detail = self.query_one(".sources-detail", Static)
        text = Text(end="")
        source = row.source if row is not None else None
        if source is not None and source.broken:
            text.append(BROKEN_MARK, style="bold")
            text.append_text(plain(source.name, "bold"))
            text.append(": ")
            text.append_text(plain(source.last_error or "failing", "italic"))
        elif row is not None:
            text.append(f"{row.unread:,} unread of {row.articles:,}", style="dim")
            if source is not None and source.url:
                text.append("  ")
                text.append_text(plain(source.url, "dim"))
        detail.update(text)
