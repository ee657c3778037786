"""The main screen's search as you type: each key's search, its results, and more of them.

Every change of the search box's text runs a search in the search thread (one at a time:
searches share the store's connection); a newer key supersedes an older search, whose
results are then dropped (a generation number says which is the latest). A search
fetches a screenful of results and a few more; more are fetched when the cursor reaches
the last one, or all of them (up to :data:`SEARCH_LIMIT_MAX`) on ``G``. A person filter
keeps the results to the articles that mention every chosen person, a chosen source to
that source's.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its handlers
and workers run on the screen, as Textual's ``@on`` and ``@work`` need.
"""

from __future__ import annotations

import asyncio
import math
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from textual import on, work
from textual.timer import Timer
from textual.widgets import Input

from reader.app.screens.main_base import MainBase
from reader.app.widgets.article_list import HIT_ROW_HEIGHT, ArticleList
from reader.app.widgets.search_box import SearchBox
from reader.clean import clean_line
from reader.types import Person, SearchHit

if TYPE_CHECKING:
    from reader.core import SearchResults

#: What the keys typed after a key that runs the search again wait for.
RESULTS = "search results"
#: Results fetched per search: a screenful and a few more, in tens, at least this many;
#: more are fetched when the cursor reaches the last one. Each result costs its snippet,
#: which is two fifths of a key's search: results nobody sees yet are not worth it.
SEARCH_LIMIT_MIN = 20
SEARCH_LIMIT_MAX = 1_000
#: The cursor a search puts on the last of its results.
LAST = -1
#: How long the screen waits, after a key changes the query, for the key's results
#: before it shows the key's echo in the box alone (seconds). Most searches answer
#: within it: the echo and the results are then drawn in one frame, rather than the
#: echo's frame first and the results after it, a frame's drawing later
#: (bench/search_keys.py). A slower search never delays the echo by more.
HOLD_ECHO = 0.02
#: The hints for no results fit a list 36 columns wide (its narrowest), and name only
#: keys that work from the search box, where a letter or "?" is typed into the query.
HINT_KEYS = "Esc clears the search.\nF1 shows the search syntax."
NO_RESULTS = "No articles match.\n" + HINT_KEYS
NO_PEOPLE_RESULTS = "No articles match among those\nmentioning the chosen people.\n" + HINT_KEYS
NO_SOURCE_RESULTS = "No articles match among those\nof the chosen source.\n" + HINT_KEYS
#: Above the hint when a ``source:``, ``feed:``, ``person:`` or ``@`` names nothing.
NAMES_NOTHING = "No {kind} is named “{value}”."


def nothing_named(unmatched: tuple[tuple[str, str], ...]) -> str:
    """The lines that say which of a query's names name nothing (none: "")."""
    return "".join(
        NAMES_NOTHING.format(kind=kind, value=clean_line(value)) + "\n" for kind, value in unmatched
    )


def person_terms(people: list[Person]) -> str:
    """``person:"Name"`` for each person: how the search is kept to their articles."""
    return " ".join(f'person:"{" ".join(p.name.replace(chr(34), " ").split())}"' for p in people)


class MainSearch(MainBase):
    """The main screen's search: starts, shows and ends it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Whether the list shows a search's results.
        self.searching = False
        #: The article selected in the whole list when a search began, to return to.
        self._browse_id: str | None = None
        self._search_generation = 0
        #: The thread searches run in, one at a time (they share the store's connection).
        self._searcher: ThreadPoolExecutor | None = None
        #: ``(query, limit)`` of the shown results when more articles match.
        self._more: tuple[str, int] | None = None
        #: ``(query, limit)`` of the shown results: what a change to the database runs again.
        self._shown_search: tuple[str, int] | None = None
        #: The generation of the search whose results the list shows.
        self._shown_generation = 0
        #: The timer that ends the hold on the screen's updates (None: no hold).
        self._echo_hold: Timer | None = None

    def action_search(self) -> None:
        self._set_reading(False)
        self.wait_to_preview()
        box = self.query_one(SearchBox)
        box.focus()
        box.select_all()  # as in less and vim: typing starts a new query, an arrow edits it

    def query_changed(self, text: str) -> None:
        """The search box now holds ``text``: search for it (or end the search)."""
        self._search_generation += 1
        if not text.strip():
            if self.searching:
                self._end_search()
            return
        if not self.searching:
            current = self.article_list.current
            self._browse_id = current.id if current else None
            self.searching = True
        self._hold_echo()
        self.run_search(self._search_query(text), self._search_generation, self.search_limit)
        if text.endswith("@") and self._searcher is not None:
            # A name follows: the index of names it is looked up in (0.3 s to make at
            # 140,000 people, the first time and after people change) is made while it
            # is typed, in the search thread, before the name's first search.
            self._searcher.submit(self.store.prepare_people)

    def _hold_echo(self) -> None:
        """Hold the screen's updates (the key's echo) until the key's results are shown,
        for at most :data:`HOLD_ECHO` from the first key held.

        Textual's batch of updates (what ``App.batch_update`` holds for a block of code)
        is begun here and ended by :meth:`_release_echo`: when the results are shown,
        or by the app's timer, which runs whatever becomes of this screen."""
        if self._echo_hold is not None:
            return  # keys typed together: the first one's bound holds for all
        self.app._begin_batch()
        self._echo_hold = self.app.set_timer(HOLD_ECHO, self._release_echo, name="hold_echo")

    def _release_echo(self) -> None:
        """End the hold on the screen's updates, if there is one: the next frame shows
        everything that changed meanwhile."""
        hold, self._echo_hold = self._echo_hold, None
        if hold is not None:
            hold.stop()
            self.app._end_batch()

    @property
    def search_limit(self) -> int:
        """How many results a search fetches first: a screenful and five, in tens."""
        shown = max(self.article_list.size.height, 1) // HIT_ROW_HEIGHT + 1
        return max(SEARCH_LIMIT_MIN, math.ceil((shown + 5) / 10) * 10)

    def _search_query(self, text: str) -> str:
        """The search box's text, kept to the filter's people (not shown in the box).

        The people go first, so that the word being typed is still the query's last
        one, which is matched as the start of a word ("kan" finds "kanye")."""
        terms = person_terms(self.people_filter)
        return f"{terms} {text}" if terms else text

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        """Enter: to the results. Typed before the last key's results came, the keys after
        it wait for them, so that they act on those results, not on the ones they replace."""
        if self.searching and self._shown_generation != self._search_generation:
            self.keys.hold_for(RESULTS)
        self._keep_search(event.value)
        self.article_list.focus()

    @on(SearchBox.WentToResults)
    def _went_to_results(self, event: SearchBox.WentToResults) -> None:
        self._keep_search(event.text)

    def _keep_search(self, text: str) -> None:
        """The user went to the results of ``text``: the most recent search of the box's
        history (Up brings it back), in the database too, for the next start."""
        if not text.strip() or not self.keeps_searches():
            return
        self.query_one(SearchBox).keep(text)
        if not self.store.read_only:
            self._write_search(text)

    def keeps_searches(self) -> bool:
        """Whether the box keeps a history: the config file's ``search_history``."""
        from reader.config import SEARCH_HISTORY

        config = getattr(self.app, "config", None)
        return config is None or bool(config.in_force(SEARCH_HISTORY)[0])

    @work(thread=True, group="user-data", exit_on_error=False)
    def _write_search(self, text: str) -> None:
        self.store.remember_search(text)

    @work(thread=True, group="prepare", exit_on_error=False)
    def _read_search_history(self) -> None:
        """Give the search box its history, once the first screen is up (with the config
        file's ``search_history = false``: none, and the database forgets it)."""
        history: list[str] = []
        try:
            if self.keeps_searches():
                history = self.store.search_history()
            elif not self.store.read_only:
                self.store.forget_searches()
        finally:  # whatever happened, Up waits for it no longer
            self.app.call_from_thread(self._give_history, history)

    def _give_history(self, history: list[str]) -> None:
        self.query_one(SearchBox).take_history(history)

    def run_search(
        self, text: str, generation: int, limit: int, cursor: int = 0, keep_id: str | None = None
    ) -> None:
        """Search in the search thread; the cursor goes to ``keep_id``'s result if it is
        among them.

        The search starts at once: a thread worker's thread starts only once the event
        loop comes round to it, after the frame being drawn (the key's echo in the box),
        which cost each key a frame. A worker waits for the answer, so that a newer
        search cancels it (and the search itself, if not begun) and a failure is
        reported as any job's is.
        """
        if self._searcher is None:
            self._searcher = ThreadPoolExecutor(1, thread_name_prefix="search")
        future = self._searcher.submit(self.store.search_results, text, limit, self.source_filter)
        self._await_search(future, generation, text, limit, cursor, keep_id)

    @work(exclusive=True, group="search", exit_on_error=False, name="run_search")
    async def _await_search(
        self,
        future: Future[SearchResults],
        generation: int,
        text: str,
        limit: int,
        cursor: int,
        keep_id: str | None,
    ) -> None:
        try:
            results = await asyncio.wrap_future(future)
        except Exception:
            self.keys.came(RESULTS)  # none are coming (the failure is reported)
            raise
        ids = [hit.summary.id for hit in results.hits]
        if keep_id in ids:
            cursor = ids.index(keep_id)
        unmatched = results.query.unmatched
        hits = list(results.hits)
        self._show_hits(generation, hits, results.more, text, limit, cursor, unmatched)

    def _show_hits(
        self,
        generation: int,
        hits: list[SearchHit],
        more: bool,
        text: str,
        limit: int,
        cursor: int,
        unmatched: tuple[tuple[str, str], ...] = (),
    ) -> None:
        if not self.searching:
            self.keys.came(RESULTS)  # none will be shown: the list is
            return
        if generation != self._search_generation:
            return  # a newer key press already asked for another search
        self.keys.came(RESULTS)  # the keys go on after this, with the results shown
        self._more = (text, limit) if more else None
        self._shown_search = (text, limit)
        self._shown_generation = generation
        if not hits:
            self.reading_pane.clear_matches()  # they belong to a query that is gone
            # The preview of the last query's first result is not due any more: no row
            # of the list is highlighted now (and it would lay the pane out while the
            # user types on).
            self.stop_preview()
        if self.source_filter is not None:
            empty = NO_SOURCE_RESULTS
        else:
            empty = NO_PEOPLE_RESULTS if self.people_filter else NO_RESULTS
        if unmatched:  # "No articles match" says less than why not
            empty = nothing_named(unmatched) + HINT_KEYS
        self.article_list.empty_message = empty
        self.article_list.show_hits(hits, cursor=len(hits) - 1 if cursor == LAST else cursor)
        self._release_echo()  # the echo and the results go in one frame
        self.unread = sum(1 for hit in hits if not hit.summary.read)
        # The count goes in the frame after the results. Textual redraws the box that
        # holds every changed region: the list and the count at the far right of the
        # top bar together span the screen, and the reading pane was redrawn with
        # them, doubling the time from a key to its results (bench/search_keys.py).
        self.call_after_refresh(self._update_topbar)

    @on(ArticleList.LastWanted)
    def _fetch_all_results(self) -> None:
        """G in results of which only the first are shown: fetch them all (as many as a
        search returns), in the worker, and put the cursor on the last one."""
        if not self.searching or self._more is None:
            return
        text, _ = self._more
        self._more = None  # the cursor's move to the last loaded one asks for no more
        self.run_search(text, self._search_generation, SEARCH_LIMIT_MAX, LAST)

    def _fetch_more_results(self, index: int) -> None:
        """The cursor reached the last result and more match: fetch a bigger page."""
        if self._more is None or index < self.article_list.total - 1:
            return
        text, limit = self._more
        self._more = None
        bigger = min(limit * 4, SEARCH_LIMIT_MAX)
        self.run_search(text, self._search_generation, bigger, index)

    @on(SearchBox.Cleared)
    def _search_cleared(self) -> None:
        self.action_clear_search()

    def action_clear_search(self) -> None:
        search = self.query_one(SearchBox)
        if search.value:
            search.value = ""  # Input.Changed ends the search
        self.article_list.focus()

    def _end_search(self) -> None:
        self.searching = False
        self._release_echo()
        self.reading_pane.clear_matches()
        self._update_topbar()
        self.reload(self._browse_id, held=True)

    def restart_search(self) -> None:
        """Run the search in the box again from its first results (the people or the
        source it is kept to changed, by a key): the keys typed after that key wait for
        these results, as they do for a list (see ``reload``)."""
        self.keys.hold_for(RESULTS)
        text = self.query_one(SearchBox).value
        self._search_generation += 1
        self.run_search(self._search_query(text), self._search_generation, self.search_limit)

    def repeat_search(self, keep_id: str | None) -> None:
        """Run the search under way again (the database changed): with its words and as
        many results, the cursor on ``keep_id``'s."""
        # The query in the box: the results shown may be of a key before it.
        text = self._search_query(self.query_one(SearchBox).value)
        shown = self._shown_search
        limit = shown[1] if shown is not None and shown[0] == text else self.search_limit
        self.run_search(text, self._search_generation, limit, keep_id=keep_id)

    def stop_searching(self) -> None:
        """The screen is going: the search thread ends (a search not begun is dropped)."""
        self._release_echo()
        if self._searcher is not None:
            self._searcher.shutdown(wait=False, cancel_futures=True)
