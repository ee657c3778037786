"""The article types: one as the parser reads it (:class:`ParsedArticle`), as an import
or a feed writes it (:class:`ArticleRow`), as the list shows it (:class:`ArticleSummary`),
whole (:class:`Article`), and as a search finds it (:class:`SearchHit`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from reader.records import Record


class ParsedArticle(Record):
    """What the parser read from one article file, already cleaned.

    ``body`` holds the paragraphs separated by one blank line (``"\\n\\n"``).
    ``date`` is an ISO ``YYYY-MM-DD`` string or ``None``: a date is never invented.
    """

    title: str
    body: str
    dek: str | None = None
    date: str | None = None
    label: str | None = None
    author: str | None = None
    author_role: str | None = None
    author_bio: str | None = None
    caption: str | None = None
    #: The web page the file names (a ``URL:`` or ``Link:`` header, front matter's
    #: ``url``/``link``): an http or https URL, cleaned.
    url: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]

    @property
    def words(self) -> int:
        return len(self.body.split())


class ArticleRow(Record, frozen=False):
    """One article as an import writes it (the storage keeps its columns in this order).

    Not frozen: one is made for every file an import reads, and a frozen dataclass
    sets each field through a Python call (2 µs an article rather than 0.2).
    """

    id: str
    path: str
    source: str
    content_hash: str
    parser_version: int
    title: str
    dek: str | None
    date: str | None
    label: str | None
    author: str | None
    author_role: str | None
    author_bio: str | None
    caption: str | None
    body: str
    words: int
    imported_at: str
    updated_at: str
    #: The web page the article came from (a feed entry's link, a saved page's URL).
    url: str | None = None
    #: The feed it came from (``feeds.id``); None for a file or a saved page.
    feed_id: int | None = None


class ArticleSummary(Record):
    """One article without its body: a row of the list, or of ``reader list --json``."""

    id: str
    title: str
    date: str | None
    author: str | None
    source: str
    words: int
    label: str | None
    dek: str | None
    author_role: str | None
    path: str
    bookmarked: bool
    #: How many notes the user has on this article.
    notes: int
    #: The user has read it (opened it, or marked it read).
    read: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "dek": self.dek,
            "date": self.date,
            "label": self.label,
            "author": self.author,
            "author_role": self.author_role,
            "source": self.path,
            "words": self.words,
            "read": bool(self.read),
        }


class Article(ArticleSummary, Record):
    """A whole stored article: its summary fields and what only the reading pane needs."""

    body: str
    content_hash: str
    author_bio: str | None
    caption: str | None
    imported_at: str | None
    #: The web page it came from, if any.
    url: str | None = None
    #: The feed it came from (``feeds.id``) and that feed's title, if any.
    feed_id: int | None = None
    feed_title: str | None = None
    #: The feed's own text, when ``body`` is the full text from the web page
    #: ``fulltext_url``, extracted at ``fulltext_at`` by ``fulltext_extractor``.
    feed_body: str | None = None
    fulltext_url: str | None = None
    fulltext_at: str | None = None
    fulltext_extractor: str | None = None
    #: Every file the article was read from (files with the same bytes are one
    #: article): ``path`` first, then the others by path; none for a feed entry or a saved
    #: web page.
    paths: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]

    def to_json(self) -> dict[str, object]:
        data = ArticleSummary.to_json(self)
        data["caption"] = self.caption
        data["author_bio"] = self.author_bio
        data["url"] = self.url
        data["feed"] = self.feed_id
        data["feed_title"] = self.feed_title
        data["body"] = self.body
        data["paths"] = list(self.paths)
        if self.fulltext_url:
            data["fulltext"] = {
                "url": self.fulltext_url,
                "at": self.fulltext_at,
                "extractor": self.fulltext_extractor,
                "feed_body": self.feed_body,
            }
        return data


Span = tuple[int, int]
"""A ``[start, end)`` character range inside a string, to highlight."""


class HitMarks(NamedTuple):
    """What a search marks in one article it found: see :class:`SearchHit`."""

    snippet: str
    snippet_spans: tuple[Span, ...]
    title_spans: tuple[Span, ...]
    terms: tuple[str, ...]


class SearchHit:
    """One search result: the article, why it matched, and how well.

    Its marks (:class:`HitMarks`: the excerpt, where the matched words stand, the terms
    matched) can be given, or made from the article's text the first time one is read
    (:meth:`later`): a list reads those of the rows it shows, and a search does not make
    them for the rows nobody sees (a third of a search's time at 20 hits)."""

    __slots__ = ("_make", "_marks", "score", "summary")

    summary: ArticleSummary
    score: float

    def __init__(
        self,
        summary: ArticleSummary,
        score: float,
        snippet: str = "",
        snippet_spans: tuple[Span, ...] = (),
        title_spans: tuple[Span, ...] = (),
        terms: tuple[str, ...] = (),
    ) -> None:
        self.summary = summary
        self.score = score
        self._marks: HitMarks | None = HitMarks(snippet, snippet_spans, title_spans, terms)
        self._make: Callable[[], HitMarks] | None = None

    @classmethod
    def later(
        cls, summary: ArticleSummary, score: float, make: Callable[[], HitMarks]
    ) -> SearchHit:
        """A hit whose marks ``make`` makes when one of them is first read."""
        hit = cls(summary, score)
        hit._marks, hit._make = None, make
        return hit

    def with_summary(self, summary: ArticleSummary) -> SearchHit:
        """The same hit of the article as ``summary`` now has it (a bookmark, a note)."""
        hit = SearchHit(summary, self.score)
        hit._marks, hit._make = self._marks, self._make
        return hit

    @property
    def marks(self) -> HitMarks:
        """The hit's marks, made now if they were not yet (then kept, and the text they
        were made from let go). Two threads reading them at once make the same ones."""
        marks = self._marks
        if marks is None:
            make = self._make
            assert make is not None
            marks = self._marks = make()
            self._make = None
        return marks

    @property
    def snippet(self) -> str:
        """A short excerpt of the body around the best match ("…" where it was cut),
        plain text."""
        return self.marks.snippet

    @property
    def snippet_spans(self) -> tuple[Span, ...]:
        """Where the matched words stand in :attr:`snippet`."""
        return self.marks.snippet_spans

    @property
    def title_spans(self) -> tuple[Span, ...]:
        """Where the matched words stand in ``summary.title``."""
        return self.marks.title_spans

    @property
    def terms(self) -> tuple[str, ...]:
        """The index terms this query matched (after typo correction and prefix
        expansion), for highlighting the opened article."""
        return self.marks.terms

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SearchHit):
            return NotImplemented
        return (self.summary, self.score, self.marks) == (other.summary, other.score, other.marks)

    def __hash__(self) -> int:
        return hash((self.summary, self.score, self.marks))

    def __repr__(self) -> str:
        return f"SearchHit(summary={self.summary!r}, score={self.score!r}, marks={self.marks!r})"
