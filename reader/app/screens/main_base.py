"""What the main screen's parts share: the list, the reading pane, the screen's state,
and the names by which one part asks another (:class:`~reader.app.screens.main.MainScreen`
is made of them: the list's loading, new articles from elsewhere, reading, search,
bookmarks and notes, people, read state, links, sources, and the list's order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.app.screens.base import ReaderScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from reader.app.keys import KeyQueue
    from reader.core import Store
    from reader.types import Article, ArticleSummary, ListPrefs, Person, SourceFilter


class MainBase(ReaderScreen[None]):
    """The base of the main screen's parts."""

    # Set by the parts that own them (the screen, or the part named).
    store: Store
    #: The app's keys, held while an article opened is read.
    keys: KeyQueue
    #: "all" articles, or only "bookmarks" (newest bookmark first).
    view: str
    #: The reading pane is the pane in use (on a narrow screen, the one shown).
    reading: bool
    #: The list shows a search's results (the search's).
    searching: bool
    #: The people every listed article must mention (the people's).
    people_filter: list[Person]
    #: The source every listed article is of, if any (the sources').
    source_filter: SourceFilter | None
    #: How the user likes the list: its order, compact rows, the sources column.
    prefs: ListPrefs
    #: The view's unread articles, if counted (the read state's).
    unread: int | None
    #: ``(query, limit)`` of the shown results when more articles match (the search's).
    _more: tuple[str, int] | None
    #: The reading pane follows the list's cursor when this goes off.
    _preview_timer: Timer | None

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reading_pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def _target(self) -> ArticleSummary | Article | None:
        """The article a command is about: the one being read, else the list's current one."""
        pane = self.reading_pane
        if pane.article is not None and (pane.has_focus_within or self.reading):
            return pane.article
        return self.article_list.current or pane.article

    if TYPE_CHECKING:  # one part's, asked for by another

        def reload(self, keep_id: str | None = None, *, held: bool = False) -> None: ...
        def _update_topbar(self) -> None: ...
        def _set_reading(self, reading: bool) -> None: ...
        def action_new_note(self) -> None: ...
        def action_clear_search(self) -> None: ...
        def restart_search(self) -> None: ...
        def refresh_people(self, *, list_too: bool = True) -> None: ...
        def mark_opened(self, article_id: str) -> None: ...
        def preview_marks_read(self) -> bool: ...
        def load_article(
            self,
            article_id: str,
            terms: tuple[str, ...] = (),
            focus: bool = False,
            note_id: int | None = None,
        ) -> None: ...
        def keep_place(self) -> None: ...
        def stop_preview(self) -> None: ...
        def wait_to_preview(self) -> None: ...
        def show_no_article(self) -> None: ...
        def go_to_place(self, article: Article, fraction: float) -> None: ...
        def read_state_changed(self) -> None: ...
        def repeat_search(self, keep_id: str | None) -> None: ...
        def set_people_filter(self, people: list[Person]) -> None: ...
        def refresh_sources(self, release: Callable[[], None] | None = None) -> None: ...
        def save_prefs(self) -> None: ...
        def view_filters(self) -> dict[str, Any]: ...
        def count_unread(self) -> None: ...
        def show_order(self) -> None: ...
        def _with_article(
            self, key: str, then: Callable[[Article], None], *, hold: bool = False
        ) -> None: ...
