"""What the steps of a refresh hand each other: a feed's parsed entries and a fetch's
outcome. Plain frozen values, picklable (parsing may run in another process)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntryData:
    """One entry of a feed, as parsed: nothing cleaned or rendered yet.

    ``key`` is the entry's identity inside its feed (:func:`reader.feeds.parse.entry_keys`):
    its guid or id, else its link, else a hash of its title and date; unique inside
    one parse. ``published`` and ``updated`` are ISO 8601 strings (UTC) or None.
    ``content_html`` is the entry's full content, ``summary_html`` its summary; either
    may be plain text. ``base`` is the URL its relative links are read against.
    """

    key: str
    title: str
    link: str | None = None
    guid: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    summary_html: str | None = None
    content_html: str | None = None
    base: str | None = None


@dataclass(frozen=True, slots=True)
class FeedData:
    """A parsed feed: its own title and site, how long it asks to be left alone
    (``ttl_minutes``, RSS ``<ttl>``), its entries in document order, and ``problem``:
    why the document was only partly read (malformed XML after some items), or None."""

    title: str | None
    site_url: str | None
    entries: tuple[EntryData, ...] = ()
    ttl_minutes: int | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one HTTP fetch of a feed came to (:func:`reader.feeds.http.fetch`).

    Exactly one of these holds: ``body`` is the document (status 200), ``not_modified``
    (304: nothing to parse), or ``error`` is the one-line reason it failed.

    ``final_url`` is where the body came from after redirects; ``moved_to`` is set when
    a redirect on the way was permanent (301/308), to the URL it named last.
    ``etag`` and ``last_modified`` are the validators to send next time.
    ``retry_after`` is how many seconds a 429/503 (or any answer) asked us to wait;
    ``max_age`` the seconds ``Cache-Control: max-age`` or ``Expires`` allow the answer
    to be reused. ``headers`` are the response headers the parser may need
    (content type, content location), lower-cased.
    """

    url: str
    status: int | None = None
    final_url: str | None = None
    body: bytes | None = None
    not_modified: bool = False
    error: str | None = None
    moved_to: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    max_age: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
