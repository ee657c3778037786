"""The search box's language: any text in, a :class:`Query` out, never an error.

This module owns the query syntax (the app's help screen shows
:data:`SYNTAX`). It is pure: no database, no I/O.

=====================  ==========================================================
``kardashian kanye``   every word must match, in the title, dek, body or author;
                       a misspelt word also matches the word it was meant to be
                       (one typo from 4 letters, two from 8; none in numbers; a
                       3-letter word may be a 4-letter one short of a letter:
                       ``bil`` finds ``bill``; a word of 4 to 7 letters may
                       have two in a word that sounds the same: ``blare``
                       finds ``blair``, ``elcton`` not ``election``); a
                       plural also finds its singular and a singular its
                       plurals (``oscars``, ``oscar``), after the form typed
``virus OR worm``      either word (``OR`` in capitals, between single words)
``kard``               the last word, while it is being typed (no space or mark
                       after it: ``c++`` is the letter c), also matches as the
                       start of a word, and is still corrected as a whole word
                       (``eminen``: words starting so first, then ``eminem``)
``"speaking terms"``   these words, in this order, exactly (no typo allowance);
                       an unclosed quote runs to the end of the query
``-julia``             leave out articles with this word (exactly);
``-"julia fox"``       or with this phrase
``author:swann``       the author's name has a word starting with this;
                       ``author:"erik swann"`` for several words
``before:2022-01-25``  dated before that day (``before:2022``: before 2022,
                       ``before:2022-01``: before January 2022)
``after:2022-01``      dated after that month (``after:2022``: 2023 on);
                       undated articles never pass a date filter
``is:bookmarked``      bookmarked articles (``-is:bookmarked``: the others)
``has:note``           articles with notes (``-has:note``: without)
``is:unread``          articles not read yet (``is:read``: those read; ``-`` negates)
``person:"Kim K…"``   articles mentioning this person (name or alias, exactly);
                       several ``person:`` mean all of them
``@kim``               the same, with the person's name matched loosely (typos too)
                       (``-person:``, ``-author:``, ``-before:`` and
                       ``-after:`` are read and ignored)
``source:bbc``         from this source: a folder articles were imported from, or a
                       feed's title; ignoring case, the source spelt whole, else
                       every source whose name starts so (``source:bbc`` finds
                       ``bbc-news`` and ``bbc-sport`` when there is no ``bbc``);
                       several ``source:`` mean any of them; ``-source:`` leaves
                       them out
``feed:3``             from this feed: its number (``reader feed list``), its
                       address, or its title (as ``source:`` matches names), else
                       every feed whose address holds it (``feed:bbc.co.uk``);
                       several mean any of them; ``-feed:`` leaves them out
=====================  ==========================================================

Matches rank exact before corrected, every word in the title before the
rest, words side by side before apart, then by relevance and date (see
:mod:`reader.search.engine`). In a big archive a very common word (``the``,
``said``) is not required when other words remain.

Words also find articles through the text of their notes (after the articles
whose own text matches).

Anything else is words: ``AND``, ``NOT``, ``NEAR``, an ``OR`` not between two
single words, ``*``, ``^``,
``(``, an unknown ``key:value`` (``foo:bar`` is the words ``foo`` and ``bar``),
a date that is not a date. Words are split and folded the way the index does
it (:mod:`reader.terms`): ``co-parenting`` is ``co`` and ``parenting``;
one-letter pieces of a longer word (the ``s`` of ``Kardashian’s``) are dropped.
The query is bounded, so that no text typed or pasted makes a search slow:
only the first :data:`MAX_QUERY_CHARS` characters are read; at most
:data:`MAX_ITEMS` words, phrases and exclusions, holding at most
:data:`MAX_TERMS` words in all, are used; a word longer than
:data:`~reader.terms.MAX_TERM_LEN` characters counts by its first ones,
as in the index. What is cut off is ignored, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reader.terms import words as index_words
from reader.types import SourceFilter

__all__ = [
    "MAX_ITEMS",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "SYNTAX",
    "Query",
    "Word",
    "other_forms",
    "parse_query",
]

#: Words plus phrases plus exclusions kept from one query (the rest is ignored).
MAX_ITEMS = 32
#: Words kept from one query, counting each word of a phrase (the rest is ignored).
MAX_TERMS = 64
#: Characters of a query that are read (the rest is ignored).
MAX_QUERY_CHARS = 1_000
#: Filter keys with a meaning, and the reserved ones (parsed, ignored for now).
FILTER_KEYS = frozenset({"author", "before", "after", "is", "has", "person", "source", "feed"})
RESERVED_KEYS: frozenset[str] = frozenset()
#: ``is:`` and ``has:`` values with a meaning (plurals and spellings people use).
IS_BOOKMARKED = frozenset({"bookmarked", "bookmark", "bookmarks", "starred", "saved"})
HAS_NOTE = frozenset({"note", "notes", "annotation", "annotations"})
IS_UNREAD = frozenset({"unread", "new", "unseen"})
IS_READ = frozenset({"read", "seen", "old"})

SYNTAX: tuple[tuple[str, str], ...] = (
    ("word word", "articles with every word (typos, plurals forgiven)"),
    ("word OR word", "articles with either word"),
    ("wor", "the last word matches as you type it"),
    ('"exact phrase"', "these words in this order, exactly"),
    ('-word  -"a phrase"', "leave these out"),
    ("author:name", "by an author with a name starting so"),
    ("before:2022-01-25", "dated before (also before:2022, before:2022-01)"),
    ("after:2022-01-25", "dated after (also after:2022, after:2022-01)"),
    ("is:bookmarked", "bookmarked articles (-is:bookmarked: the others)"),
    ("is:unread", "articles not read yet (is:read: those read)"),
    ("has:note", "articles with notes; words also find an article's notes"),
    ('person:"Kim Kardashian"', "articles mentioning this person (several: all of them)"),
    ("@kim", "a person by a loose match of the name (typos too)"),
    ("source:bbc", "from a folder or feed of this name, or starting so (-source: not)"),
    ("feed:3", "from this feed: its number, address or title (-feed: not)"),
)
"""``(example, meaning)`` pairs for the help screen."""


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


# -- lexing ----------------------------------------------------------------------------

#: One item: an optional ``-``, then a quoted phrase (maybe unclosed), or a run of
#: other non-space characters, which may end in a quoted value (``author:"a b"``).
_ITEM_RE = re.compile(
    r"""
    (?P<neg>-+)?
    (?:
        "(?P<phrase>[^"]*)(?P<close>"?)
      | (?P<chunk>[^\s"\x00-\x1f\x7f-\x9f]+)(?:"(?P<value>[^"]*)(?P<vclose>"?))?
    )
    """,
    re.VERBOSE,
)
_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_KEY_RE = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_DATE_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


@dataclass(frozen=True, slots=True)
class _Item:
    negated: bool
    kind: str  # "words", "phrase", "filter"
    text: str
    key: str = ""
    closed: bool = True


def _lex(text: str) -> list[_Item]:
    items: list[_Item] = []
    pos = 0
    while pos < len(text):
        space = _SPACE_RE.match(text, pos)
        if space is not None:
            pos = space.end()
            continue
        match = _ITEM_RE.match(text, pos)
        if match is None or match.end() == pos:  # cannot happen; never loop forever
            pos += 1
            continue
        pos = match.end()
        items.append(_item(match))
    return items


def _item(match: re.Match[str]) -> _Item:
    negated = match.group("neg") is not None
    if match.group("phrase") is not None:
        return _Item(negated, "phrase", match.group("phrase"), closed=bool(match.group("close")))
    chunk = match.group("chunk")
    value = match.group("value")
    keyed = _KEY_RE.fullmatch(chunk)
    if keyed is not None:
        key = keyed.group(1).lower()
        if key in FILTER_KEYS or key in RESERVED_KEYS:
            quoted = value is not None and not keyed.group(2)
            filter_value = value if quoted else keyed.group(2)
            if filter_value:
                closed = bool(match.group("vclose")) if quoted else True
                return _Item(negated, "filter", filter_value, key=key, closed=closed)
    if chunk.startswith("@") and len(chunk) > 1 and value is None:
        return _Item(negated, "filter", chunk[1:], key="@")
    if value is not None:  # word"phrase...": the word, then the phrase
        return _Item(negated, "words", f"{chunk} {value}")
    return _Item(negated, "words", chunk)


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


#: ``OR`` between two words: either will do.
OR = "OR"


def _join_or(items: list[_Item]) -> list[_Item | tuple[_Item, ...]]:
    """``a OR b OR c`` as one group of items, when every one of them is a plain word
    (one index term, not left out); any other ``OR`` stays a word."""

    def plain(item: _Item) -> bool:
        return item.kind == "words" and not item.negated and len(_chunk_terms(item.text)) == 1

    out: list[_Item | tuple[_Item, ...]] = []
    i = 0
    while i < len(items):
        group = [items[i]]
        while (
            plain(group[-1])
            and i + 2 < len(items)
            and items[i + 1] == _Item(False, "words", OR)
            and plain(items[i + 2])
        ):
            group.append(items[i + 2])
            i += 2
        out.append(group[0] if len(group) == 1 else tuple(group))
        i += 1
    return out


# -- parsing ---------------------------------------------------------------------------


def _chunk_terms(text: str) -> list[str]:
    """The index terms of one typed chunk, without one-letter crumbs of longer words."""
    terms = index_words(text)
    if any(len(t) > 1 for t in terms):
        terms = [t for t in terms if len(t) > 1]
    return terms


def _date_bound(value: str) -> str | None:
    """``2022``, ``2022-01`` or ``2022-01-25`` (also with ``/`` or ``.``), or None."""
    match = _DATE_RE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            return f"{year}-{dt.date(int(year), int(month), 1).month:02d}"
    except ValueError:
        return None
    return year


class _Builder:
    """Collects items into a :class:`Query`, keeping at most :data:`MAX_ITEMS` holding
    at most :data:`MAX_TERMS` words."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.phrases: list[tuple[Word, ...]] = []
        self.excluded: list[tuple[str, ...]] = []
        self.authors: list[str] = []
        self.before: list[str] = []
        self.after: list[str] = []
        self.reserved: list[tuple[str, str]] = []
        self.bookmarked: bool | None = None
        self.has_note: bool | None = None
        self.read: bool | None = None
        self.persons: list[str] = []
        self.fuzzy_persons: list[str] = []
        #: ``source:`` and ``feed:`` values, by key with ``-`` before a negated one.
        self.places: dict[str, list[str]] = {}

    @property
    def room(self) -> int:
        """How many more words may be kept (0 when no more items may be)."""
        items = len(self.words) + len(self.phrases) + len(self.excluded)
        if items >= MAX_ITEMS:
            return 0
        used = sum(1 + len(w.either) for w in self.words)
        used += sum(map(len, self.phrases)) + sum(map(len, self.excluded))
        return max(0, MAX_TERMS - used)

    @property
    def full(self) -> bool:
        return self.room == 0

    def add(self, item: _Item | tuple[_Item, ...], typing: bool) -> None:
        if isinstance(item, tuple):
            self._add_either(item, typing)
        elif item.kind == "filter":
            self._add_filter(item)
        elif item.kind == "phrase":
            self._add_phrase(item, typing)
        else:
            self._add_words(item, typing)

    def _add_words(self, item: _Item, typing: bool) -> None:
        terms = _chunk_terms(item.text)
        if item.negated:
            for term in terms:
                self._exclude((term,))
            return
        for i, term in enumerate(terms):
            if not self.full:
                prefix = typing and i == len(terms) - 1
                self.words.append(Word(term, prefix=prefix))

    def _add_either(self, items: tuple[_Item, ...], typing: bool) -> None:
        """Words joined by ``OR``: one word that may be any of them (the last one typed
        is the word being typed, so it is the word's own term)."""
        terms = tuple(dict.fromkeys(_chunk_terms(i.text)[0] for i in items))[: self.room]
        if terms:
            either = terms[:-1]
            self.words.append(Word(terms[-1], typing, either))

    def _add_phrase(self, item: _Item, typing: bool) -> None:
        terms = index_words(item.text)
        if not terms or self.full:
            return
        if item.negated:
            self._exclude(tuple(terms))
            return
        # A phrase too long for the room left is cut: its first words still find it.
        typing = typing and len(terms) <= self.room
        terms = terms[: self.room]
        typing = typing and not item.closed and not item.text[-1:].isspace()
        last = len(terms) - 1
        self.phrases.append(
            tuple(Word(t, prefix=typing and i == last) for i, t in enumerate(terms))
        )

    def _exclude(self, terms: tuple[str, ...]) -> None:
        # Never cut: a shorter phrase would leave out more than was asked.
        if len(terms) <= self.room and terms not in self.excluded:
            self.excluded.append(terms)

    def _add_filter(self, item: _Item) -> None:
        if item.key == "author":
            if not item.negated:
                self.authors.extend(t for t in index_words(item.text) if t not in self.authors)
        elif item.key in ("before", "after"):
            bound = _date_bound(item.text)
            if bound is None:
                self._add_words(_Item(item.negated, "words", f"{item.key} {item.text}"), False)
            elif not item.negated:
                (self.before if item.key == "before" else self.after).append(bound)
        elif item.key == "is" and item.text.lower() in IS_BOOKMARKED:
            self.bookmarked = not item.negated
        elif item.key == "has" and item.text.lower() in HAS_NOTE:
            self.has_note = not item.negated
        elif item.key == "is" and item.text.lower() in IS_UNREAD | IS_READ:
            self.read = (item.text.lower() in IS_READ) != item.negated
        elif item.key in ("source", "feed") and item.text.strip():
            values = self.places.setdefault("-" * item.negated + item.key, [])
            if item.text.strip() not in values:
                values.append(item.text.strip())
        elif item.key in ("person", "@") and not item.negated and item.text.strip():
            names = self.persons if item.key == "person" else self.fuzzy_persons
            if item.text.strip() not in names:
                names.append(item.text.strip())
        else:
            self.reserved.append(("-" * item.negated + item.key, item.text))

    def build(self, text: str) -> Query:
        return Query(
            text=text,
            words=tuple(dict.fromkeys(self.words)),
            phrases=tuple(dict.fromkeys(self.phrases)),
            excluded=tuple(self.excluded),
            authors=tuple(self.authors[:MAX_ITEMS]),
            before=min(self.before, default=None),
            after=max(self.after, default=None),
            bookmarked=self.bookmarked,
            has_note=self.has_note,
            read=self.read,
            persons=tuple(self.persons[:MAX_ITEMS]),
            fuzzy_persons=tuple(self.fuzzy_persons[:MAX_ITEMS]),
            sources=tuple(self.places.get("source", [])[:MAX_ITEMS]),
            not_sources=tuple(self.places.get("-source", [])[:MAX_ITEMS]),
            feeds=tuple(self.places.get("feed", [])[:MAX_ITEMS]),
            not_feeds=tuple(self.places.get("-feed", [])[:MAX_ITEMS]),
            reserved=tuple(self.reserved),
        )


def parse_query(text: str) -> Query:
    """Read any search text (see the module doc); never raises.

    Only the first :data:`MAX_QUERY_CHARS` characters are read, and at most
    :data:`MAX_ITEMS` items of :data:`MAX_TERMS` words in all are kept.
    """
    read = text[:MAX_QUERY_CHARS]
    items = _join_or(_lex(read))
    # The last word is being typed until a space or a mark ends it: "c++" and "c#" are
    # the letter c, not every word starting with it.
    typing_at_end = bool(read) and bool(index_words(read[-1]))
    builder = _Builder()
    for index, item in enumerate(items):
        is_last = index == len(items) - 1
        negated = not isinstance(item, tuple) and item.negated
        builder.add(item, typing=typing_at_end and is_last and not negated)
    return builder.build(text)
