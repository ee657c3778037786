"""The types the facade takes and gives: frozen values for reads (an article, a note,
a person, a search hit), and the typed writes (:class:`ArticleRow`, a
:data:`PersonEdit`). Shared by the data side, the CLI and the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from reader.clean import clean_line, clean_path


@dataclass(frozen=True, slots=True)
class ParsedArticle:
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


@dataclass(slots=True)
class ArticleRow:
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


@dataclass(frozen=True, slots=True)
class ArticleSummary:
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


@dataclass(frozen=True, slots=True)
class Article(ArticleSummary):
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


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription, as ``reader feed list`` and the app show it.

    Times are ISO 8601 (UTC). ``last_error`` is the last failure's one-line reason,
    kept until a fetch succeeds; ``failures`` counts them in a row. ``dead``: the
    server said the feed is gone (410), and it is no longer fetched. ``redirect_url``:
    where a permanent redirect has pointed since ``redirect_since``, not yet taken on.
    """

    id: int
    url: str
    title: str | None
    user_title: str | None
    site_url: str | None
    folder: str | None
    created: str
    last_fetch: str | None
    last_success: str | None
    next_fetch: str | None
    interval_minutes: int | None
    last_status: int | None
    last_error: str | None
    failures: int
    dead: bool
    redirect_url: str | None
    redirect_since: str | None
    fulltext: bool
    #: How many of its articles are stored, and how many of those are unread.
    articles: int = 0
    unread: int = 0

    @property
    def name(self) -> str:
        """The title to show: the user's own, else the feed's, else its URL."""
        return clean_line(self.user_title or self.title or self.url)

    @property
    def broken(self) -> bool:
        """Whether its last fetch failed, or it is gone."""
        return self.dead or self.failures > 0

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.name,
            "feed_title": self.title,
            "user_title": self.user_title,
            "site_url": self.site_url,
            "folder": self.folder,
            "articles": self.articles,
            "unread": self.unread,
            "created": self.created,
            "last_fetch": self.last_fetch,
            "last_success": self.last_success,
            "next_fetch": self.next_fetch,
            "interval_minutes": self.interval_minutes,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "failures": self.failures,
            "dead": self.dead,
            "redirect_url": self.redirect_url,
            "fulltext": self.fulltext,
        }


#: The orders the article list can be in: newest first (the default), oldest first
#: (undated articles last in both), or by source (its name, then newest first).
NEWEST, OLDEST, BY_SOURCE = "newest", "oldest", "source"
ORDERS = (NEWEST, OLDEST, BY_SOURCE)

#: The kinds of source: a folder articles were imported from (or a site pages were
#: saved from), a feed, and a folder of feeds (an OPML folder).
FOLDER, FEED, FEED_FOLDER = "folder", "feed", "feed folder"


@dataclass(frozen=True, slots=True)
class SourceFilter:
    """A source the list is kept to: a folder of imported files (by its name), a feed
    (by its id) or a folder of feeds (by the folder's name)."""

    kind: str
    name: str
    feed_id: int | None = None

    @property
    def shown(self) -> str:
        """The name as the screen shows it: one clean line."""
        return clean_line(self.name)


@dataclass(frozen=True, slots=True)
class Source:
    """One source with its article and unread counts: a folder that articles were
    imported from (``kind`` :data:`FOLDER`, its name as stored on the articles), or a
    feed (:data:`FEED`: its id, title, folder and URL; ``broken`` when its last fetch
    failed or it is gone, with the reason)."""

    kind: str
    name: str
    articles: int
    unread: int
    feed_id: int | None = None
    folder: str | None = None
    url: str | None = None
    broken: bool = False
    last_error: str | None = None

    @property
    def filter(self) -> SourceFilter:
        """What keeps the list to this source."""
        return SourceFilter(self.kind, self.name, self.feed_id)


@dataclass(frozen=True, slots=True)
class ListPrefs:
    """How the user likes the article list: its order (one of :data:`ORDERS`), one line
    per article (``compact``), and whether the sources column is shown on a wide screen."""

    order: str = NEWEST
    compact: bool = False
    sources_shown: bool = False


@dataclass(frozen=True, slots=True)
class FeedIssue:
    """A feed that failed to refresh, or was read with a caveat, and why (one line)."""

    feed: str
    reason: str
    failed: bool = True

    def __str__(self) -> str:
        verb = "failed" if self.failed else "note"
        return f"{verb}: {clean_line(self.feed)}: {clean_line(self.reason)}"


@dataclass(slots=True)
class RefreshReport:
    """The tally of one refresh: feeds fetched (a new document), not modified (304),
    failed; articles new and updated; one issue per failed feed."""

    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    new: int = 0
    updated: int = 0
    issues: list[FeedIssue] = field(default_factory=list)
    #: The articles written by this refresh (new or updated), by id.
    article_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The one line a refresh ends with."""
        feeds = self.fetched + self.not_modified + self.failed
        return (
            f"{feeds} feed{'s' if feeds != 1 else ''}: {self.fetched} fetched, "
            f"{self.not_modified} not modified, {self.failed} failed; "
            f"{self.new} new article{'s' if self.new != 1 else ''}, {self.updated} updated"
        )


@dataclass(frozen=True, slots=True)
class FileIssue:
    """A file that was skipped, or read with a caveat, and why.

    ``path`` is the path as found; printed, the issue is one safe line (the path's
    escapes and odd bytes written out, see :func:`reader.clean.clean_path`).
    """

    path: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        verb = "skipped" if self.skipped else "note"
        return f"{verb}: {clean_path(self.path)}: {clean_line(self.reason)}"


@dataclass(slots=True)
class ImportReport:
    """The tally of one import run."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[FileIssue] = field(default_factory=list)
    #: Articles whose file changed: their notes' quotes are looked for again.
    updated_ids: list[str] = field(default_factory=list)
    #: Why the spelling index could not be brought up to date ("" when it was).
    index_problem: str = ""

    @property
    def skipped(self) -> int:
        return sum(1 for i in self.issues if i.skipped)

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged + self.skipped

    def summary(self) -> str:
        tally = (
            f"{self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )
        return f"{tally}; {clean_line(self.index_problem)}" if self.index_problem else tally


Span = tuple[int, int]
"""A ``[start, end)`` character range inside a string, to highlight."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: the article, why it matched, and how well."""

    summary: ArticleSummary
    score: float
    #: A short excerpt of the body around the best match ("…" where it was cut), plain text.
    snippet: str
    #: Where the matched words stand in ``snippet`` and in ``summary.title``.
    snippet_spans: tuple[Span, ...]
    title_spans: tuple[Span, ...]
    #: The index terms this query matched (after typo correction and prefix expansion),
    #: for highlighting the opened article.
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A note on an article, or on one quoted passage of it.

    ``quote_start``/``quote_end`` locate the quote in the article's ``body``; when an
    edited article no longer contains the quote, the note is kept and ``detached``.
    """

    id: int
    uid: str
    article_id: str
    article_title: str | None
    text: str
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    detached: bool
    created: str
    edited: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uid": self.uid,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "text": self.text,
            "quote": self.quote,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "detached": self.detached,
            "created": self.created,
            "edited": self.edited,
        }


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked article and when it was bookmarked."""

    summary: ArticleSummary | None
    article_id: str
    bookmarked_at: str

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = (
            self.summary.to_json() if self.summary else {"id": self.article_id, "title": None}
        )
        data["bookmarked_at"] = self.bookmarked_at
        return data


@dataclass(frozen=True, slots=True)
class Draft:
    """A note being written, saved as it is typed, offered back after a crash."""

    key: str
    article_id: str
    note_id: int | None
    text: str
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    updated: str

    @staticmethod
    def key_for(article_id: str, note_id: int | None = None) -> str:
        """The key of the draft of a new note on the article, or of note ``note_id`` edited."""
        return f"edit:{note_id}" if note_id is not None else f"new:{article_id}"


@dataclass(frozen=True, slots=True)
class Person:
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


@dataclass(frozen=True, slots=True)
class Rename:
    """Show ``person`` under ``name`` from now on."""

    person: Person
    name: str
    verb: ClassVar[str] = "rename"


@dataclass(frozen=True, slots=True)
class Merge:
    """Make ``person`` part of ``into``, named as ``into``."""

    person: Person
    into: Person
    verb: ClassVar[str] = "merge"


@dataclass(frozen=True, slots=True)
class AddAlias:
    """``alias`` means ``person`` from now on, also as a word in bodies."""

    person: Person
    alias: str
    verb: ClassVar[str] = "add the alias"


@dataclass(frozen=True, slots=True)
class SplitAlias:
    """``alias`` is its own person again (undoes an alias or a merge)."""

    alias: str
    verb: ClassVar[str] = "split off the alias"


@dataclass(frozen=True, slots=True)
class Hide:
    """Hide ``person`` from lists and filters, or (``hidden=False``) show them again."""

    person: Person
    hidden: bool = True

    @property
    def verb(self) -> str:
        """The edit as named when it cannot be made: "Could not hide: …"."""
        return "hide" if self.hidden else "show them again"


#: One edit of people, as the user makes it.
PersonEdit = Rename | Merge | AddAlias | SplitAlias | Hide


@dataclass(frozen=True, slots=True)
class EditResult:
    """What an edit of people did."""

    #: The person the edit leaves (renamed, merged into, aliased, split from, hidden).
    person: Person
    #: A sentence saying what was done ("Merged Kim K. into Kim Kardashian.").
    message: str
    #: The person to keep filtering by in place of the one edited: renamed, or the one
    #: they are now part of; None when hidden or gone.
    filter_by: Person | None


@dataclass(slots=True)
class UndoStep:
    """One change that can be undone, in the user's words."""

    id: int
    #: What the change did, as a sentence ("Bookmark removed: …").
    description: str
    #: "bookmark", "note" or "people": what the screen shows again once it is undone.
    kind: str
    #: The article it was about, if any.
    article_id: str | None = None
