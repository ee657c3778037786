"""Search as you type: fuzzy, typo-tolerant, ranked, instant at 100,000 articles.

The data side of search; it never imports the UI. The pieces, in the order a
search goes through them:

* :mod:`.syntax` reads the search box's text into a :class:`Query` (the syntax
  is documented there; :data:`SYNTAX` is the help screen's version), which
  :mod:`.query` defines;
* :mod:`reader.terms` is the Python copy of the index's tokenizer (what a word
  is, how it is folded);
* :mod:`.spelling` keeps the spelling index (terms, their counts, SymSpell
  deletes) and finds suggestions for typos and completions for prefixes;
* :mod:`.sound` says what a word sounds like (names misspelt by ear);
* :mod:`.choices` decides what each word may match, and :mod:`.plan` lays out
  the tiers;
* :mod:`.fts` writes the FTS5 ``MATCH`` expressions (always from terms, quoted);
* :mod:`.engine` runs a search through the modules below, and sets the order
  of the hits;
* :mod:`.filters` writes the SQL of the filters (people, sources, dates,
  bookmarks, notes, read state);
* :mod:`.rank` runs the tiers of each level and ranks their matches;
* :mod:`.notes` finds articles through the text of their notes;
* :mod:`.hits` makes the hits, with :mod:`.match` and :mod:`.snippet`, which
  find the matched words in titles and bodies and cut the excerpt.

The app reaches search through :meth:`reader.core.Store.search`; it may
use :func:`highlight_spans` on any text with the ``terms`` of a
:class:`~reader.types.SearchHit`. Those terms are index terms: a plain term
(``kardashian``) marks words equal to it, a term with a trailing ``*``
(``kard*``, the word being typed) marks words starting with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.types import Span

if TYPE_CHECKING:
    from reader.search.query import Query, Word
    from reader.search.syntax import SYNTAX, parse_query

__all__ = ["SYNTAX", "Query", "Word", "highlight_spans", "parse_query"]


def __getattr__(name: str) -> object:
    """The query's names, imported when first asked for: the app's first screen need
    not wait for the query's modules."""
    if name in ("Query", "Word"):
        from reader.search import query

        return getattr(query, name)
    if name in ("SYNTAX", "parse_query"):
        from reader.search import syntax

        return getattr(syntax, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def highlight_spans(text: str, terms: Sequence[str], prefixes: Sequence[str] = ()) -> list[Span]:
    """Where the given index terms stand in ``text``: sorted, non-overlapping ``[start, end)``.

    A word of ``text`` (as the index splits it: letters and digits) is marked
    when, lower-cased and without accents the way the index folds it, it
    equals one of ``terms`` or starts with one of ``prefixes``; a term written
    with a trailing ``*`` is a prefix. Terms are folded too, so
    ``"Kardashian"`` works like ``"kardashian"``. Whole words only: ``"art"``
    marks ``Art`` and ``art’s``, not ``party``.
    """
    from reader.search.match import matcher_for

    exact = tuple(t for t in terms if not t.endswith("*"))
    starts = tuple(t.rstrip("*") for t in terms if t.endswith("*")) + tuple(prefixes)
    return matcher_for(exact, starts).spans(text)
