"""The main screen's people: the person filter, and the person view of an article's people.

A person filter (chosen in the people panel, ``@``) keeps the list, the bookmarks and the
search results to articles mentioning every chosen person; the filter bar names them
while it is on, and ``x`` clears it (with the source: :mod:`.main_sources`). ``P`` opens
the articles of a person the article mentions (asking which, if several).

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its handlers
and workers run on the screen, as Textual's ``@on`` and ``@work`` need.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from reader.app.jobs import show_from_thread
from reader.app.screens.main_base import MainBase
from reader.app.widgets.filter_bar import FilterBar
from reader.types import Article, Person


class MainPeople(MainBase):
    """The main screen's person filter and person view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The people every listed article must mention (empty: no filter).
        self.people_filter: list[Person] = []
        #: Whether the people refresh under way loads the list kept to them again too.
        self._people_list_due = False

    def action_people(self) -> None:
        from reader.app.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen(self.store, self.people_filter))

    def set_people_filter(self, people: list[Person]) -> None:
        """Keep the list (and a search) to articles mentioning every one of ``people``."""
        if [p.id for p in people] == [p.id for p in self.people_filter]:
            if [p.name for p in people] != [p.name for p in self.people_filter]:
                self.people_filter = list(people)
                self.query_one(FilterBar).show(self.people_filter, self.source_filter)  # renamed
            return
        self.people_filter = list(people)
        self.query_one(FilterBar).show(self.people_filter, self.source_filter)
        if self.searching:
            self.restart_search()
        else:
            current = self.article_list.current
            self.reload(current.id if current else None, held=True)

    def refresh_people(self, *, list_too: bool = True) -> None:
        """After people were renamed, merged or hidden: the article's people, and the list
        if it is kept to people (``list_too``: not when the caller loads it anyway)."""
        self._people_list_due = self._people_list_due or list_too
        self._refresh_people(self.reading_pane.article)

    @work(thread=True, exclusive=True, group="people-refresh", exit_on_error=False)
    def _refresh_people(self, article: Article | None) -> None:
        people = self.store.article_people(article.id) if article is not None else None
        show_from_thread(self.app, self._people_refreshed, article, people)

    async def _people_refreshed(
        self, article: Article | None, people: list[tuple[Person, int]] | None
    ) -> None:
        pane = self.reading_pane
        if people is not None and article is not None and pane.article is article:
            await pane.show_people(people)
        list_due, self._people_list_due = self._people_list_due, False
        if list_due and self.people_filter and not self.searching:
            current = self.article_list.current
            self.reload(current.id if current else None)  # a merge may have added articles

    def action_person(self) -> None:
        """The articles of a person the article under the cursor (or being read) mentions
        (asks which, if several)."""
        pane = self.reading_pane
        target = self._target()
        if target is None:
            self.notify("Open an article first, then press P for the people in it.")
            return
        if pane.article is not None and pane.article.id == target.id:
            self._choose_person(pane.people)
            return
        # The reading pane has not caught up with the cursor yet (its preview is due):
        # the people of the article under the cursor are read for P, and the keys typed
        # after P wait for the chooser they are meant for.
        self._people_of(target.id, self.keys.hold())

    @work(thread=True, exclusive=True, group="people-of", exit_on_error=False)
    def _people_of(self, article_id: str, release: Callable[[], None]) -> None:
        try:
            people = self.store.article_people(article_id)
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            self.app.call_from_thread(release)
            raise
        self.app.call_from_thread(self._choose_person, people, release)

    def _choose_person(
        self, people: list[tuple[Person, int]], release: Callable[[], None] | None = None
    ) -> None:
        from reader.app.dialogs.chooser import PersonChooser
        from reader.app.screens.person import PersonScreen

        if not people:
            self.notify("No people are named in this article.")
        elif len(people) == 1:
            self.app.push_screen(PersonScreen(self.store, people[0][0]))
        else:

            def chosen(person: Person | None) -> None:
                if person is not None:
                    self.app.push_screen(PersonScreen(self.store, person))

            self.app.push_screen(
                PersonChooser(self.store, "Whose articles?", people=people), chosen
            )
        if release is not None:
            self.call_after_refresh(release)  # once the screen pushed is up
