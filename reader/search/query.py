"""What a search asks for: the :class:`Query` that a search text is read into, and its words.

The search box's language, and the parser that reads it into a :class:`Query`, are
:mod:`reader.search.syntax`'s. This module holds what the parser makes, with the bounds
it keeps to: at most :data:`MAX_QUERY_CHARS` characters are read, and at most
:data:`MAX_ITEMS` words, phrases and exclusions, holding at most :data:`MAX_TERMS` words
in all, are kept. It is pure: no database, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.types import SourceFilter

__all__ = ["MAX_ITEMS", "MAX_QUERY_CHARS", "MAX_TERMS", "Query", "Word", "other_forms"]

#: Words plus phrases plus exclusions kept from one query (the rest is ignored).
MAX_ITEMS = 32
#: Words kept from one query, counting each word of a phrase (the rest is ignored).
MAX_TERMS = 64
#: Characters of a query that are read (the rest is ignored).
MAX_QUERY_CHARS = 1_000


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the query as an index term (folded, see :func:`reader.terms.fold`)."""

    term: str
    #: The word being typed: it also matches words that start with it.
    prefix: bool = False
    #: Words joined to this one by ``OR`` (``virus OR worm``): any of them will do.
    either: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The other number of these words (``oscar`` for ``oscars``), to be found after
        the form typed (see :func:`other_forms`)."""
        terms = (self.term, *self.either)
        return tuple(dict.fromkeys(f for t in terms for f in other_forms(t) if f not in terms))


@dataclass(frozen=True, slots=True)
class Query:
    """What a search text asks for. Every field is already folded and bounded.

    An article matches when it has every one of ``words`` (allowing typos) and
    every phrase of ``phrases`` (exactly), none of ``excluded``, an author
    matching every one of ``authors``, and a date inside the bounds.
    """

    #: The text as typed.
    text: str = ""
    words: tuple[Word, ...] = ()
    #: Quoted phrases: terms in order; the last may be a prefix while being typed.
    phrases: tuple[tuple[Word, ...], ...] = ()
    #: Words (one term) and phrases (several) that must not occur.
    excluded: tuple[tuple[str, ...], ...] = ()
    #: ``author:`` terms; each must start a word of the author's name.
    authors: tuple[str, ...] = ()
    #: ``before:`` as ``2022``, ``2022-01`` or ``2022-01-25`` (of several, the earliest):
    #: the date is earlier.
    before: str | None = None
    #: ``after:`` likewise (of several, the latest): the date is later than the whole
    #: year, month or day.
    after: str | None = None
    #: ``is:bookmarked`` (True), ``-is:bookmarked`` (False), or no such filter (None).
    bookmarked: bool | None = None
    #: ``has:note`` (True), ``-has:note`` (False), or no such filter (None).
    has_note: bool | None = None
    #: ``is:read`` or ``-is:unread`` (True), ``is:unread`` or ``-is:read`` (False), or
    #: no such filter (None).
    read: bool | None = None
    #: ``person:`` names (matched exactly) and ``@`` names (matched loosely): articles
    #: must mention every one of them.
    persons: tuple[str, ...] = ()
    fuzzy_persons: tuple[str, ...] = ()
    #: Not parsed: the engine fills it with the ids of the people above, one group per
    #: name (a name may be an alias of several people).
    person_ids: tuple[tuple[int, ...], ...] = ()
    #: Filled by the engine too: how many articles each group's people are in (their
    #: cached counts), which decides how the index is read.
    person_articles: tuple[int, ...] = ()
    #: ``source:`` values (an article's source is one of the sources they name) and
    #: ``-source:`` values (it is none of them); ``feed:`` and ``-feed:`` likewise.
    sources: tuple[str, ...] = ()
    not_sources: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    not_feeds: tuple[str, ...] = ()
    #: Filled by the engine: the source names and feed ids that those name.
    source_names: tuple[str, ...] = ()
    not_source_names: tuple[str, ...] = ()
    feed_ids: tuple[int, ...] = ()
    not_feed_ids: tuple[int, ...] = ()
    #: Not parsed: the source the caller keeps the search to (the app's chosen source).
    within: SourceFilter | None = None
    #: Filled by the engine: the first and last article num of the sources kept to (not
    #: of those left out), so that the full-text index is read over that span alone.
    source_span: tuple[int, int] | None = None
    #: Filled by the engine: the ``source:``, ``feed:``, ``person:`` and ``@`` values that
    #: name nothing in the archive, as ``(kind, value)`` with kind ``source``, ``feed`` or
    #: ``person``: why a search found nothing, when it did not.
    unmatched: tuple[tuple[str, str], ...] = ()
    #: Reserved filters, ``(key, value)``, with ``"@"`` as the key of ``@name`` and a
    #: ``-`` before a negated key. Ignored today.
    reserved: tuple[tuple[str, str], ...] = ()

    @property
    def has_terms(self) -> bool:
        """True if the full-text index has something to look for."""
        return bool(self.words or self.phrases or self.authors)

    @property
    def has_filters(self) -> bool:
        """True if the query narrows by date, bookmark, notes, read state, people or source
        (these work without words)."""
        return (
            self.before is not None
            or self.after is not None
            or self.bookmarked is not None
            or self.has_note is not None
            or self.read is not None
            or bool(self.persons or self.fuzzy_persons)
            or self.has_sources
        )

    @property
    def has_sources(self) -> bool:
        """True if the query keeps to sources or feeds, or leaves some out."""
        named = self.sources or self.not_sources or self.feeds or self.not_feeds
        return bool(named) or self.within is not None

    @property
    def is_empty(self) -> bool:
        """True if nothing usable is left: such a query finds nothing."""
        return not (self.has_terms or self.has_filters)


# -- the other number of a word -------------------------------------------------------

#: Words ending in ``s`` that are no plural of a word without it.
_NOT_PLURAL = frozenset(
    {"news", "series", "species", "means", "always", "perhaps", "whereas", "thus", "this"}
    | {"yes", "has", "was", "does", "goes", "his", "its", "hers", "ours", "yours", "theirs"}
    | {"less", "unless", "across", "plus"}
)


def other_forms(term: str) -> tuple[str, ...]:
    """The singular of an English plural, or the plurals of a singular: a light rule on
    the query side (the index is not stemmed), for plain words of 3 letters or more.

    ``oscars``: ``oscar``; ``grammy``: ``grammies``, ``grammys``; ``matches``:
    ``match``, ``matche``. Forms that are no word find nothing (the plan drops the
    ones the archive does not hold).
    """
    if not (term.isascii() and term.isalpha()) or len(term) < 3 or term in _NOT_PLURAL:
        return ()
    if term.endswith("s"):
        if len(term) < 4 or term.endswith(("ss", "us", "is")):
            return ()
        if term.endswith("ies"):  # parties, movies
            return (term[:-3] + "y", term[:-1])
        if term.endswith(("ches", "shes", "sses", "xes", "zes")):  # matches, caches
            return (term[:-2], term[:-1])
        return (term[:-1],)
    if term.endswith("y") and term[-2] not in "aeiou":  # party, and names: Grammys
        return (term[:-1] + "ies", term + "s")
    if term.endswith(("s", "x", "z", "ch", "sh")):
        return (term + "es",)
    return (term + "s",)
