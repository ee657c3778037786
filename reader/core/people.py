"""The facade's people: lists, look-ups, filters and the user's edits, a part of
:class:`reader.core.Store` (the SQL is in the ``reader.storage.people_*`` modules)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.core.base import StoreBase
from reader.storage import people_edit, people_fuzzy, people_read, people_search
from reader.storage.rows import SUMMARY_COLUMNS
from reader.types import ArticleSummary, EditResult, Person, PersonEdit, SplitAlias


class People(StoreBase):
    """The people the articles mention, and the user's edits of them."""

    def people(
        self,
        query: str = "",
        include_hidden: bool = False,
        limit: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Person]:
        """People mentioned in the articles, most articles first.

        With ``query``, only those whose name or an alias fits it, typos allowed
        (``"kardashain"``), best fit first, then most articles; none once ``cancelled()``
        is true (a newer query supersedes this one: scoring every name takes a while).
        """
        if not query.strip():
            with self._read() as conn:
                return people_read.list_people(conn, include_hidden=include_hidden, limit=limit)
        with self._read() as conn:
            index = people_fuzzy.fuzzy_index(conn)
            ranked = people_fuzzy.fuzzy_match(
                index, query, include_hidden=include_hidden, limit=limit, cancelled=cancelled
            )
            ids = [pid for pid, _ in ranked]
            found = people_read.people_by_ids(conn, ids)
        return [found[pid] for pid in ids if pid in found]

    def prepare_people(self) -> None:
        """Make the index of names and aliases that :meth:`people` with a query and the
        search's ``@name`` read (made again only after people change), so that the first
        letter typed is answered as fast as the next ones. The people panel calls it once
        its list is shown, ``@`` in the search box as it is typed.

        It is made on a connection of its own (at 140,000 people it takes 0.3 s), so that
        the store's other reads (a person chosen at once, the list scrolled) do not wait
        for it; on the store's own for a database in memory or one that cannot be written.
        """
        with self._read() as conn:
            if people_fuzzy.cached_fuzzy_index(conn) is not None:
                return
        apart = self._storage.another()
        if apart is None:
            with self._read() as conn:
                people_fuzzy.fuzzy_index(conn)
            return
        try:
            state, index = people_fuzzy.made_fuzzy_index(apart.conn)
        finally:
            apart.close()
        with self._read() as conn:
            people_fuzzy.keep_fuzzy_index(conn, state, index)

    def person(self, name_or_key: str) -> Person:
        """The person with this name, key or alias (any case; hidden ones too).

        Raises :class:`~reader.errors.PersonNotFound` or :class:`~reader.errors.AmbiguousPerson`.
        """
        with self._read() as conn:
            return people_read.find_person(conn, name_or_key)

    def person_by_id(self, person_id: int) -> Person:
        with self._read() as conn:
            return people_read.person_by_id(conn, person_id)

    def resolve_people(self, names: Sequence[str]) -> list[Person]:
        """The visible person each of ``names`` names (for filters); an error for any other."""
        with self._read() as conn:
            return [people_read.find_person(conn, name, include_hidden=False) for name in names]

    def article_people(self, article_id: str) -> list[tuple[Person, int]]:
        """Who an article mentions and how often: most mentioned first (hidden people left out)."""
        with self._read() as conn:
            return people_read.article_people(conn, article_id)

    def person_page(
        self, person_ids: Sequence[int], offset: int, limit: int
    ) -> list[ArticleSummary]:
        """Articles mentioning every one of ``person_ids``, in list order (as :meth:`page`)."""
        if not person_ids:
            return self.page(offset, limit)
        with self._read() as conn:
            rows = people_search.person_page_rows(conn, person_ids, offset, limit, SUMMARY_COLUMNS)
        return [ArticleSummary(*row) for row in rows]

    def person_count(self, person_ids: Sequence[int]) -> int:
        """How many articles mention every one of ``person_ids``."""
        if not person_ids:
            return self.count()
        with self._read() as conn:
            return people_search.person_count(conn, person_ids)

    def co_mentioned(self, person_id: int, limit: int = 10) -> list[tuple[Person, int]]:
        """The people most often mentioned in the same articles, with how many articles."""
        with self._read() as conn:
            return people_read.co_mentioned(conn, person_id, limit)

    def rename_person(self, old: str, new: str) -> Person:
        """Show a person under a new name (kept through every re-import)."""
        return self._edit_people(people_edit.rename, old, new)

    def merge_people(self, from_: str, into: str) -> Person:
        """Make ``from_`` and ``into`` one person, named as ``into``; returns that person."""
        return self._edit_people(people_edit.merge, from_, into)

    def add_alias(self, person: str, alias: str) -> Person:
        """``alias`` (e.g. "Ye") means ``person`` from now on, also as a word in bodies."""
        return self._edit_people(people_edit.add_alias, person, alias)

    def split_alias(self, alias: str) -> Person:
        """Undo an alias or a merge; returns the person it was an alias of."""
        return self._edit_people(people_edit.split_alias, alias)

    def hide_person(self, name: str, hidden: bool = True) -> Person:
        """Hide a person from lists and filters (``hidden=False`` shows them again)."""
        return self._edit_people(people_edit.set_hidden, name, hidden)

    def edit_person(self, edit: PersonEdit) -> EditResult:
        """Make one edit of people as one change :meth:`undo` can take back.

        Raises a :class:`~reader.errors.ReaderError` (one line) when it cannot be made.
        """
        with self.undoable(edit.verb, "people") as step:
            person, message = self._edit_people(people_edit.apply, edit)
            step.description = message
        edited = None if isinstance(edit, SplitAlias) else edit.person
        return EditResult(person, message, edited and self.filterable(edited))

    def filterable(self, person: Person) -> Person | None:
        """``person`` as they are now, for a filter: renamed, or the one they are part of
        (merged, or made an alias); None when hidden or gone."""
        with self._read() as conn:
            return people_edit.filterable(conn, person)
