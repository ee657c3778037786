"""The people the articles mention (:class:`Person`) and the user's edits of them: the
typed writes of :data:`PersonEdit`, and what one did (:class:`EditResult`)."""

from __future__ import annotations

from typing import ClassVar

from reader.records import Record


class Person(Record):
    """A person the articles mention: one canonical name, with the user's edits applied.

    ``key`` is the folded name that identifies the person across articles and
    imports (``reader.people.name_key``); ``name`` is how it is shown (as first
    written, or as the user renamed it). ``aliases`` are the other names that mean
    this person (merged people and added aliases), ``articles`` how many articles
    mention them, ``hidden`` whether the user hid them from lists and filters.
    """

    id: int
    key: str
    name: str
    aliases: tuple[str, ...]
    articles: int
    hidden: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "key": self.key,
            "name": self.name,
            "aliases": list(self.aliases),
            "articles": self.articles,
            "hidden": self.hidden,
        }


# -- edits of people (:meth:`reader.core.Store.edit_person`) -----------------------------


class Rename(Record):
    """Show ``person`` under ``name`` from now on."""

    person: Person
    name: str
    verb: ClassVar[str] = "rename"


class Merge(Record):
    """Make ``person`` part of ``into``, named as ``into``."""

    person: Person
    into: Person
    verb: ClassVar[str] = "merge"


class AddAlias(Record):
    """``alias`` means ``person`` from now on, also as a word in bodies."""

    person: Person
    alias: str
    verb: ClassVar[str] = "add the alias"


class SplitAlias(Record):
    """``alias`` is its own person again (undoes an alias or a merge)."""

    alias: str
    verb: ClassVar[str] = "split off the alias"


class Hide(Record):
    """Hide ``person`` from lists and filters, or (``hidden=False``) show them again."""

    person: Person
    hidden: bool = True

    @property
    def verb(self) -> str:
        """The edit as named when it cannot be made: "Could not hide: …"."""
        return "hide" if self.hidden else "show them again"


#: One edit of people, as the user makes it.
PersonEdit = Rename | Merge | AddAlias | SplitAlias | Hide


class EditResult(Record):
    """What an edit of people did."""

    #: The person the edit leaves (renamed, merged into, aliased, split from, hidden).
    person: Person
    #: A sentence saying what was done ("Merged Kim K. into Kim Kardashian.").
    message: str
    #: The person to keep filtering by in place of the one edited: renamed, or the one
    #: they are now part of; None when hidden or gone.
    filter_by: Person | None
