"""The main screen's list as the user likes it: its order (``=``: newest first, oldest
first, by source) and one line per article (``c``), both remembered, with whether the
sources column is shown (:meth:`reader.core.Store.list_prefs`).

The order is the list's and a person's articles'; the bookmarks stay newest bookmark
first and a search's results best first. The top bar names the order when it is not
newest first and it applies.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it).
"""

from __future__ import annotations

from typing import Any

from textual import work

from reader.app.screens.main_base import MainBase
from reader.app.widgets.top_bar import TopBar
from reader.config import COMPACT_LIST, SORT, Setting, literal
from reader.records import replace
from reader.types import BY_SOURCE, NEWEST, OLDEST, ORDERS, ListPrefs

#: How each order is named, in the top bar and when ``=`` changes it.
ORDER_NAMES = {NEWEST: "newest first", OLDEST: "oldest first", BY_SOURCE: "by source"}


class MainOrder(MainBase):
    """The main screen's order and compact rows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prefs = ListPrefs()
        self._order_shown: str | None = None
        #: The config file's settings already said to be overridden until the app quits.
        self._told: set[str] = set()

    @property
    def order_applies(self) -> bool:
        """Whether the list shown follows the order (not bookmarks, not a search)."""
        return self.view != "bookmarks" and not self.searching

    def action_sort(self) -> None:
        """The next order: newest first, oldest first, by source."""
        order = ORDERS[(ORDERS.index(self.prefs.order) + 1) % len(ORDERS)]
        self.prefs = replace(self.prefs, order=order)
        self.save_prefs()
        self.show_order()
        said = f"Sorted {ORDER_NAMES[order]}"
        if self.searching:
            said += " (search results stay best first; the list takes it on)"
        elif self.view == "bookmarks":
            said += " (bookmarks stay newest bookmark first; the list takes it on)"
        else:
            current = self.article_list.current
            self.reload(current.id if current else None, held=True)
        self.notify(said + self._until_quit(SORT, order), markup=False, timeout=3)

    def action_compact(self) -> None:
        """One line per article, or two again."""
        self.prefs = replace(self.prefs, compact=not self.prefs.compact)
        self.article_list.set_compact(self.prefs.compact)
        self.save_prefs()
        told = self._until_quit(COMPACT_LIST, self.prefs.compact)
        if told:
            self.notify(told.strip(), markup=False)

    def _until_quit(self, setting: Setting[Any], value: object) -> str:
        """What to say, the first time, when ``value`` differs from the config file's
        ``setting``: the file's comes back at the next start ("" if nothing to say)."""
        config = getattr(self.app, "config", None)
        chosen = config.get(setting) if config is not None else None
        if chosen is None or chosen == value or setting.name in self._told:
            return ""
        self._told.add(setting.name)
        return f"\nUntil you quit: the config file sets {setting.name} = {literal(chosen)}"

    def show_order(self) -> None:
        """Name the order in the top bar when it is not the default and applies."""
        order = self.prefs.order
        shown = f"⇅ {ORDER_NAMES[order]}" if order != NEWEST and self.order_applies else ""
        if shown != self._order_shown:
            self._order_shown = shown
            self.query_one(TopBar).show_order(shown)

    def save_prefs(self) -> None:
        """Remember the order, the compact rows and whether the sources column is shown."""
        self.prefs = replace(self.prefs, sources_shown=self.has_class("-sources"))
        if not self.store.read_only:
            self._save_prefs(self.prefs)

    @work(thread=True, exclusive=True, group="prefs", exit_on_error=False)
    def _save_prefs(self, prefs: ListPrefs) -> None:
        self.store.save_list_prefs(prefs)
