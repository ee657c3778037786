"""The types the facade takes and gives: frozen values for reads (an article, a note,
a person, a search hit), and the typed writes (:class:`ArticleRow`, a
:data:`PersonEdit`). Shared by the data side, the CLI and the app.

One module a domain: :mod:`~reader.types.articles`, :mod:`~reader.types.sources` (feeds,
sources and the list's order), :mod:`~reader.types.reports` (of an import and a refresh),
:mod:`~reader.types.user_data` (notes, bookmarks, drafts, undo) and
:mod:`~reader.types.people`. Every name is imported from here: ``from reader.types import
Article``.
"""

from __future__ import annotations

from reader.types.articles import (
    Article,
    ArticleRow,
    ArticleSummary,
    HitMarks,
    ParsedArticle,
    SearchHit,
    Span,
)
from reader.types.people import (
    AddAlias,
    EditResult,
    Hide,
    Merge,
    Person,
    PersonEdit,
    Rename,
    SplitAlias,
)
from reader.types.reports import FeedIssue, FileIssue, ImportReport, RefreshReport
from reader.types.sources import (
    BY_SOURCE,
    FEED,
    FEED_FOLDER,
    FOLDER,
    NEWEST,
    OLDEST,
    ORDERS,
    Feed,
    ListPrefs,
    Source,
    SourceFilter,
)
from reader.types.user_data import Bookmark, Draft, Note, UndoStep

__all__ = [
    "BY_SOURCE",
    "FEED",
    "FEED_FOLDER",
    "FOLDER",
    "NEWEST",
    "OLDEST",
    "ORDERS",
    "AddAlias",
    "Article",
    "ArticleRow",
    "ArticleSummary",
    "Bookmark",
    "Draft",
    "EditResult",
    "Feed",
    "FeedIssue",
    "FileIssue",
    "Hide",
    "HitMarks",
    "ImportReport",
    "ListPrefs",
    "Merge",
    "Note",
    "ParsedArticle",
    "Person",
    "PersonEdit",
    "RefreshReport",
    "Rename",
    "SearchHit",
    "Source",
    "SourceFilter",
    "Span",
    "SplitAlias",
    "UndoStep",
]
