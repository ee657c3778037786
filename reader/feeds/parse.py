"""A fetched feed document read into :class:`~reader.feeds.model.FeedData`: RSS (0.9x, 1.0
and 2.0) and Atom through feedparser, JSON Feed 1.0/1.1 by hand, and each entry given a
key that is unique inside its document (:func:`entry_keys`).

Plain, well-formed UTF-8 RSS 2.0, RSS 1.0 and Atom 1.0 are first offered to
:mod:`reader.feeds._fastxml`, which reads them with ElementTree to the same fields five
times faster; whatever it is not sure of, it declines, and feedparser reads as below.

feedparser only ever sees bytes we fetched (it has no timeout of its own), with its HTML
sanitising and link resolving off: the walker in :mod:`reader.feeds.html` drops what is
unsafe and resolves links against each block's base, and the two flags cost four times the
parse. Its strict (expat) parser refuses entity declarations and external entities, and
its loose fallback keeps the entries of a broken document; either way nothing expands.
What is not a feed raises :class:`~reader.errors.FeedError` with a one-line reason that
does not name the feed (the caller does).
"""

from __future__ import annotations

import hashlib
import html as html_entities
import json
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal

from reader.clean import clean_line
from reader.errors import FeedError
from reader.feeds._fastxml import read_fast
from reader.feeds.html import html_line, iso_utc
from reader.feeds.model import EntryData, FeedData
from reader.links import join_url

__all__ = ["MAX_TTL_MINUTES", "XmlReader", "entry_keys", "parse_feed", "untitled_title"]

#: A ``<ttl>`` longer than a year is read as a year.
MAX_TTL_MINUTES = 366 * 24 * 60
UNTITLED = "(untitled)"
_TITLE_WORDS = 12
_BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n")
# What a body that is not a feed starts with, to say what it is instead.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip-compressed data",
}


#: Which reader an RSS or Atom document goes to: the fast one when it takes the document
#: (``"any"``), only feedparser, or only the fast one (FeedError when it declines).
XmlReader = Literal["any", "feedparser", "fast"]


def parse_feed(
    data: bytes, url: str, headers: Mapping[str, str] | None = None, *, xml: XmlReader = "any"
) -> FeedData:
    """The feed in ``data``, fetched from ``url`` (after redirects). ``headers`` are the
    response's (their content type's charset is honoured). Raises FeedError when the bytes
    hold no feed; a feed broken part way keeps its entries and says so in ``problem``.
    ``xml`` chooses the reader of an RSS or Atom document (both give the same result)."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise FeedError("empty feed document")
    if start[:1] in (b"{", b"["):
        return _parse_json_feed(data, url)
    return _parse_xml_feed(data, start, url, headers or {}, xml)


# --- RSS and Atom -------------------------------------------------------------------


def _parse_xml_feed(
    data: bytes, start: bytes, url: str, headers: Mapping[str, str], xml: XmlReader
) -> FeedData:
    # The document's URL is not given to feedparser: it would read a relative guid ("123")
    # against it, and an entry's key would change when its feed moves. Links and bases
    # are read against it here instead.
    response_headers = {k.lower(): v for k, v in headers.items()}
    location = response_headers.pop("content-location", "")
    url = _absolute(location, url) or url
    fast = read_fast(data, response_headers) if xml != "feedparser" else None
    if fast is not None:
        feed, raw_entries = fast
        return _feed_data(feed, [_xml_entry(e, url) for e in raw_entries], url)
    if xml == "fast":
        raise FeedError("not a document the fast reader takes")

    import feedparser  # type: ignore[import-untyped]  # (0.2 s to import: only when parsing)

    try:
        parsed = feedparser.parse(
            _without_entity_declarations(data),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # feedparser is not expected to raise; never let it out
        raise FeedError(f"not a feed: the parser failed ({type(error).__name__})") from error
    feed = parsed.get("feed", {})
    raw_entries = parsed.get("entries", [])
    if not parsed.get("version") and not raw_entries:
        raise FeedError(f"not a feed: {_what_it_is(start, response_headers)}")
    entries = [_xml_entry(e, url) for e in raw_entries]
    return _feed_data(feed, entries, url, _problem(parsed, len(entries)))


def _feed_data(
    feed: Mapping[str, Any], entries: list[EntryData], url: str, problem: str | None = None
) -> FeedData:
    return FeedData(
        title=clean_line(feed.get("title") or "") or None,
        site_url=_web_url(feed.get("link"), url),
        entries=_keyed(entries),
        ttl_minutes=_ttl(feed.get("ttl")),
        problem=problem,
    )


def _without_entity_declarations(data: bytes) -> bytes:
    """``data`` without its DOCTYPE when that declares entities. feedparser strips only
    declarations that begin a line, and expat then expands the rest (a billion laughs:
    8 MB and half a second before its own guard stops it); undeclared, ``&lol9;`` stays
    text in the loose parser's reading."""
    doctype = data.find(b"<!DOCTYPE")
    if doctype < 0 or data.find(b"<!ENTITY", doctype) < 0:
        return data
    first_element = doctype
    while first_element >= 0 and not data[first_element + 1 : first_element + 2].isalpha():
        first_element = data.find(b"<", first_element + 1)
    if 0 <= first_element < data.find(b"<!ENTITY", doctype):
        return data  # the declaration is inside the document, where it means nothing
    subset_end = data.find(b"]>", doctype)
    end = subset_end + 2 if subset_end >= 0 else data.find(b">", doctype) + 1
    return data[:doctype] + data[end:] if end > 0 else data


def _what_it_is(start: bytes, headers: Mapping[str, str]) -> str:
    head = start[:1024].lower()
    if b"<!doctype html" in head or b"<html" in head or "html" in headers.get("content-type", ""):
        return "an HTML page"
    for magic, kind in _MAGIC.items():
        if start.startswith(magic):
            return kind
    return "no RSS, Atom or JSON Feed document in it"


def _problem(parsed: Any, kept: int) -> str | None:
    """Why the document was only partly read: its XML broke (a feed in the wrong encoding
    or content type is read whole, so is not a problem)."""
    error = parsed.get("bozo_exception")
    if not parsed.get("bozo") or error is None or not hasattr(error, "getLineNumber"):
        return None
    message = error.getMessage() if hasattr(error, "getMessage") else str(error)
    return clean_line(
        f"malformed XML at line {error.getLineNumber()}: {message};"
        f" {kept} {'entry' if kept == 1 else 'entries'} kept"
    )


def _xml_entry(e: Any, url: str) -> EntryData:
    contents = [c for c in e.get("content") or [] if c.get("value")]
    content = max(contents, key=lambda c: len(c["value"]), default=None)
    summary = e.get("summary") or None
    content_html = content["value"] if content is not None else None
    if summary is not None and summary == content_html:  # feedparser copies one to the other
        summary = None
    link = _absolute(e.get("link"), url)
    block_base = (content or e.get("summary_detail") or {}).get("base")
    base = _absolute(block_base, url) or link or url
    title = e.get("title") or ""
    title_type = (e.get("title_detail") or {}).get("type", "")
    return EntryData(
        key="",  # given by _keyed, once every entry is read
        guid=(e.get("id") or "").strip() or None,
        link=link,
        title=html_line(title) if "html" in title_type else clean_line(title),
        author=e.get("author") or None,
        # dict.get: FeedParserDict.get would give the published date for a missing updated
        published=_utc_from_struct(dict.get(e, "published_parsed")),
        updated=_utc_from_struct(dict.get(e, "updated_parsed")),
        summary_html=summary,
        content_html=content_html,
        base=base,
    )


def _utc_from_struct(value: time.struct_time | None) -> str | None:
    """feedparser's parsed date (a UTC struct_time) as ISO 8601, or None."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _ttl(value: object) -> int | None:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return None
    return max(0, min(minutes, MAX_TTL_MINUTES))


# --- JSON Feed ----------------------------------------------------------------------


def _parse_json_feed(data: bytes, url: str) -> FeedData:
    """A JSON Feed (1.0 or 1.1: https://jsonfeed.org/version/1.1)."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
        raise FeedError("not a feed: JSON that does not parse") from error
    if not isinstance(document, dict) or "jsonfeed.org/version/" not in _text(
        document.get("version")
    ):
        raise FeedError("not a feed: JSON that is not a JSON Feed")
    home = _web_url(document.get("home_page_url"), url)
    items = document.get("items")
    entries = [
        _json_entry(item, home or url)
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return FeedData(
        title=clean_line(_text(document.get("title"))) or None,
        site_url=home,
        entries=_keyed(entries),
    )


def _json_entry(item: dict[str, Any], base: str) -> EntryData:
    link = _absolute(_text(item.get("url")) or _text(item.get("external_url")), base)
    content = _text(item.get("content_html")) or _paragraphs_html(_text(item.get("content_text")))
    authors = item.get("authors")  # 1.1 has a list of authors, 1.0 one author
    people = [item.get("author"), *(authors if isinstance(authors, list) else [])]
    author = next((_text(a.get("name")) for a in people if isinstance(a, dict)), "")
    guid = item.get("id")
    return EntryData(
        key="",  # given by _keyed, once every entry is read
        guid=(str(guid).strip() or None) if isinstance(guid, str | int) else None,
        link=link,
        title=clean_line(_text(item.get("title"))),
        author=author or None,
        published=iso_utc(_text(item.get("date_published"))),
        updated=iso_utc(_text(item.get("date_modified"))),
        summary_html=_paragraphs_html(_text(item.get("summary"))),
        content_html=content,
        base=link or base,
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _paragraphs_html(text: str) -> str | None:
    """Plain text as HTML paragraphs (so a ``<`` in it stays text)."""
    paragraphs = [p.strip() for p in _BLANK_LINE.split(text) if p.strip()]
    return "".join(f"<p>{html_entities.escape(p)}</p>" for p in paragraphs) or None


# --- entries and their keys -----------------------------------------------------------


def _keyed(entries: list[EntryData]) -> tuple[EntryData, ...]:
    """``entries`` (read with an empty key) with their keys, and titles for the untitled."""
    keys = entry_keys((e.guid, e.link, e.title, e.published or e.updated) for e in entries)
    return tuple(
        replace(e, key=key, title=e.title or untitled_title(e.content_html or e.summary_html))
        for key, e in zip(keys, entries, strict=True)
    )


def entry_keys(
    entries: Iterable[tuple[str | None, str | None, str | None, str | None]],
) -> list[str]:
    """Each entry's key, from its ``(guid, link, title, date)``: the guid, else the link,
    else ``sha1:`` and a hash of title and date. A key already taken in this document
    becomes ``key|link``, and if that is taken too ``key#2``, ``key#3``…: two entries
    are never merged, whatever the feed repeats."""
    keys: list[str] = []
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    for guid, link, title, date in entries:
        key = guid or link
        if not key:
            digest = hashlib.sha1(f"{title or ''}|{date or ''}".encode(), usedforsecurity=False)
            key = "sha1:" + digest.hexdigest()
        if key in taken and link:
            key = f"{key}|{link}"
        if key in taken:
            number = next_number.get(key, 2)
            while f"{key}#{number}" in taken:
                number += 1
            next_number[key] = number + 1
            key = f"{key}#{number}"
        taken.add(key)
        keys.append(key)
    return keys


def untitled_title(html: str | None) -> str:
    """A title for an entry that has none: the first words of its text, else "(untitled)"."""
    words = html_line(html).split() if html else []
    if not words:
        return UNTITLED
    shown = " ".join(words[:_TITLE_WORDS])
    return shown + "…" if len(words) > _TITLE_WORDS else shown


def _absolute(link: object, base: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        return join_url(base, link.strip())
    except ValueError:
        return None


def _web_url(link: object, base: str) -> str | None:
    """``link`` made absolute, if it is an http or https URL."""
    url = _absolute(link, base)
    return url if url and url.lower().startswith(("http://", "https://")) else None
