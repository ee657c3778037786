"""Web HTML read as the reader's plain text: an entry's body for the reading pane, the
feed links a web page names, and a whole page as one entry.

Lexbor (selectolax) parses, never regexes, and the iterative walk of
:mod:`reader.feeds._walker` (no recursion: no nesting is too deep for it) writes the
project's plain format:
paragraphs separated by one blank line, lists as ``• item`` lines, quotes as ``> `` lines,
``<pre>`` kept line by line, tables as ``a | b`` rows, images as ``[image: alt]``, and links
as ``text[1]`` with a closing block of ``[1] URL`` footnotes. Only http, https and mailto
links are kept. Nothing here is markup: every line goes through :func:`reader.clean.clean_text`.
"""

from __future__ import annotations

import html as html_entities
import re
from datetime import UTC, datetime
from typing import TypeVar

from selectolax.lexbor import LexborHTMLParser

from reader.clean import clean_line
from reader.feeds._walker import Writer, absolute, clean_run, walk
from reader.feeds.model import EntryData
from reader.links import join_url

__all__ = ["MAX_TAGS", "find_feed_links", "html_line", "html_to_text", "iso_utc", "page_entry"]

#: Lexbor's tree building slows down faster than the square of the nesting of blocks
#: (10,000 nested ``<div>`` take 0.06 s, 20,000 take 0.4 s, 40,000 take 3 s), so a body is
#: read up to its 20,000th ``<``: a long article has 2,000 to 6,000.
MAX_TAGS = 20_000
#: A whole page (``reader add-url``) is allowed more before its content is picked.
MAX_PAGE_TAGS = 40_000
CUT_NOTE = "[the rest of this text was cut: it is too long]"

_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)
# A tag opening: only to tell HTML from plain text before parsing, never to read HTML.
_TAG_START = re.compile(r"<[A-Za-z!/?]")
_BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n")
# Where a ``<base>`` element may stand: the parsed tree is asked for one only then (the
# question costs about as much as a tenth of the whole entry's reading, and few entries
# have one).
_BASE_TAG = re.compile(r"<base[\s/>]", re.IGNORECASE)

_Markup = TypeVar("_Markup", str, bytes)


def _plain_text(text: str) -> str:
    """Text with no tags: its paragraphs are split on blank lines, entities decoded."""
    paragraphs = (clean_run(html_entities.unescape(p)) for p in _BLANK_LINE.split(text))
    return "\n\n".join(p for p in paragraphs if p.strip())


def _cut(markup: _Markup, max_tags: int) -> tuple[_Markup, bool]:
    """``markup`` up to (not including) its ``max_tags + 1``-th ``<``, and whether it was cut."""
    lt = b"<" if isinstance(markup, bytes) else "<"
    if markup.count(lt) <= max_tags:
        return markup, False
    at = -1
    for _ in range(max_tags + 1):
        at = markup.find(lt, at + 1)
    return markup[:at], True


def _base_of(tree: LexborHTMLParser, base: str | None) -> str | None:
    """``base`` as the document's own ``<base href>`` changes it."""
    element = tree.css_first("base[href]")
    href = element.attributes.get("href") if element is not None else None
    if not href:
        return base
    try:
        return join_url(base, href.strip())
    except ValueError:
        return base


def html_to_text(html: str, base: str | None) -> str:
    """The reading pane's text for ``html`` (an entry's content), relative links read
    against ``base`` (and the document's ``<base href>``): see the module doc. Plain text
    (no tags) comes back as its paragraphs."""
    if not _TAG_START.search(html):
        return _plain_text(html)
    html, was_cut = _cut(html, MAX_TAGS)
    tree = LexborHTMLParser(html)
    writer = Writer(base=_base_of(tree, base) if _BASE_TAG.search(html) else base)
    if tree.body is not None:
        walk(tree.body, writer)
    if was_cut:
        writer.end_line()
        writer.add_line(CUT_NOTE)
    return writer.result()


def html_line(html: str) -> str:
    """The text of an HTML fragment on one line (a title marked up, the start of an
    entry), without link numbers."""
    if not _TAG_START.search(html):
        return clean_line(html_entities.unescape(html))
    tree = LexborHTMLParser(_cut(html, MAX_TAGS)[0])
    writer = Writer(base=None, footnotes=False)
    if tree.body is not None:
        walk(tree.body, writer)
    writer.end_line()
    return clean_line(" ".join(writer.blocks))


def find_feed_links(html: bytes | str, base: str) -> list[str]:
    """The absolute URLs of the feeds a web page names with ``<link rel="alternate">``
    (RSS, Atom or JSON Feed), in the page's order, each once."""
    if isinstance(html, str):
        tree = LexborHTMLParser(_cut(html, MAX_PAGE_TAGS)[0])
    else:  # bytes: the page's own <meta charset> says how to read them
        tree = LexborHTMLParser(_cut(html, MAX_PAGE_TAGS)[0], encoding=True)
    page_base = _base_of(tree, base)
    found: list[str] = []
    for link in tree.css("link[rel][href][type]"):
        attrs = link.attributes
        rel = (attrs.get("rel") or "").lower().split()
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in _FEED_TYPES:
            continue
        url = absolute(attrs.get("href") or "", page_base)
        if url and not url.lower().startswith("mailto:") and url not in found:
            found.append(url)
    return found


def iso_utc(value: str | None) -> str | None:
    """An ISO 8601 / RFC 3339 date-time as UTC (``YYYY-MM-DDTHH:MM:SS+00:00``), a date
    alone as its midnight; None when it does not parse. No zone given: read as UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).replace(microsecond=0).isoformat()
    except (OverflowError, ValueError):  # year 1 or 9999 shifted past the calendar
        return None


def _meta(tree: LexborHTMLParser, attribute: str, name: str) -> str | None:
    for element in tree.css(f"meta[{attribute}]"):
        attrs = element.attributes
        if (attrs.get(attribute) or "").strip().lower() == name:
            content = clean_line(attrs.get("content") or "")
            if content:
                return content
    return None


def page_entry(html: bytes, url: str) -> EntryData:
    """A web page as one entry (``reader add-url``): its title (``og:title``, else
    ``<title>``, else the URL), author, date, and the HTML of its ``<article>``, else its
    ``<main>``, else its ``<body>``, keyed by the URL."""
    tree = LexborHTMLParser(_cut(html, MAX_PAGE_TAGS)[0], encoding=True)
    title_node = tree.css_first("title")
    title = (
        _meta(tree, "property", "og:title")
        or (clean_line(title_node.text()) if title_node is not None else "")
        or clean_line(url)
    )
    time_node = tree.css_first("time[datetime]")
    published = iso_utc(_meta(tree, "property", "article:published_time")) or (
        iso_utc(time_node.attributes.get("datetime")) if time_node is not None else None
    )
    content = tree.css_first("article") or tree.css_first("main") or tree.body
    return EntryData(
        key=url,
        title=title,
        link=url,
        author=_meta(tree, "name", "author"),
        published=published,
        content_html=content.html if content is not None else None,
        base=_base_of(tree, url),
    )
