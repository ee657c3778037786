"""Web HTML read as the reader's plain text: an entry's body for the reading pane, the
feed links a web page names, and a whole page as one entry.

It owns the one HTML walker of the feeds: Lexbor (selectolax) parses, and an iterative
walk (no recursion, so no nesting is too deep for it) writes the project's plain format:
paragraphs separated by one blank line, lists as ``• item`` lines, quotes as ``> `` lines,
``<pre>`` kept line by line, tables as ``a | b`` rows, images as ``[image: alt]``, and links
as ``text[1]`` with a closing block of ``[1] URL`` footnotes. Only http, https and mailto
links are kept. Nothing here is markup: every line goes through :func:`reader.clean.clean_text`.
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.clean import clean_line, clean_text
from reader.feeds.model import EntryData

__all__ = ["MAX_TAGS", "find_feed_links", "html_to_text", "iso_utc", "page_entry"]

#: Lexbor's tree building slows down faster than the square of the nesting of blocks
#: (10,000 nested ``<div>`` take 0.06 s, 20,000 take 0.4 s, 40,000 take 3 s), so a body is
#: read up to its 20,000th ``<``: a long article has 2,000 to 6,000.
MAX_TAGS = 20_000
#: A whole page (``reader add-url``) is allowed more before its content is picked.
MAX_PAGE_TAGS = 40_000
CUT_NOTE = "[the rest of this text was cut: it is too long]"

# Dropped with all they hold: code, styles, embedded things, forms, navigation.
_DROP = frozenset(
    "script style noscript template iframe object embed svg math form nav head title "  # noqa: SIM905
    "button select textarea audio video canvas".split()
)
# Elements whose start and end end the line (paragraph) being written.
_BLOCK = frozenset(
    "p div section article header footer aside main figure figcaption address details "  # noqa: SIM905
    "summary center dl dt dd fieldset legend caption hr html body h1 h2 h3 h4 h5 h6 "
    "ul ol li blockquote pre table thead tbody tfoot tr td th".split()
)
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)
# HTML's own whitespace, plus the line and paragraph separators clean_text would make
# into line breaks: inside a paragraph all of it is one space.
_SPACE = re.compile(r"[ \t\n\r\f\u2028\u2029]+")
# A tag opening: only to tell HTML from plain text before parsing, never to read HTML.
_TAG_START = re.compile(r"<[A-Za-z!/?]")
_BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n")
# Indentation and quote marks stop growing past these depths (so output stays linear).
_MAX_LIST_INDENT = 8
_MAX_QUOTE_MARKS = 6

_Markup = TypeVar("_Markup", str, bytes)


@dataclass
class _List:
    ordered: bool
    number: int


@dataclass
class _Writer:
    """The text being written: finished blocks, the open line's pieces, and what encloses it."""

    base: str | None
    blocks: list[str] = field(default_factory=list)
    #: Lines of the open group (a list, quote, table or pre: one block), or None.
    group: list[str] | None = None
    group_depth: int = 0
    parts: list[str] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    #: The bullet owed to the next line of the open list item ("" once written).
    bullet: str = ""
    quotes: int = 0
    pre: int = 0
    table: int = 0
    cell: list[str] | None = None
    row: list[str] | None = None
    #: Characters of text written so far: a link that added none gets no number.
    written: int = 0
    links: dict[str, int] = field(default_factory=dict)
    open_links: list[tuple[str | None, int]] = field(default_factory=list)

    # --- text ------------------------------------------------------------------

    def text(self, value: str) -> None:
        if self.cell is not None:
            self.cell.append(value)
        else:
            self.parts.append(value)
        self.written += len(value.strip())

    def end_line(self) -> None:
        """Close the open line: a paragraph, or a line of the open group."""
        if self.cell is not None:  # blocks inside a table cell run on in the cell
            self.cell.append(" ")
            return
        if not self.parts:
            return
        raw = "".join(self.parts)
        self.parts = []
        line = _SPACE.sub(" ", clean_text(raw)).strip()
        if not line:  # nothing but spaces (a lone &nbsp;, say)
            return
        self.add_line(self.prefix() + line)

    def prefix(self) -> str:
        quote = "> " * min(self.quotes, _MAX_QUOTE_MARKS)
        if not self.lists:
            return quote
        indent = "  " * min(len(self.lists) - 1, _MAX_LIST_INDENT)
        bullet, self.bullet = self.bullet, ""
        return quote + indent + (bullet or "  ")

    def add_line(self, line: str) -> None:
        if self.group is not None:
            self.group.append(line)
        else:
            self.blocks.append(line)

    # --- groups: lists, quotes, tables and pre are one block each ------------------

    def open_group(self) -> None:
        self.end_line()
        if self.group_depth == 0:
            self.group = []
        self.group_depth += 1

    def close_group(self) -> None:
        self.end_line()
        self.group_depth -= 1
        if self.group_depth == 0 and self.group is not None:
            if self.group:
                self.blocks.append("\n".join(self.group))
            self.group = None

    # --- tables: one row a line, its cells joined by " | " -------------------------

    def end_cell(self) -> None:
        if self.cell is None:
            return
        cell = _SPACE.sub(" ", clean_text("".join(self.cell))).strip()
        self.cell = None
        if cell:
            if self.row is None:
                self.row = []
            self.row.append(cell)

    def end_row(self) -> None:
        if self.row:
            self.end_line()
            self.parts = [" | ".join(self.row)]
            self.end_line()
        self.row = None

    # --- links ------------------------------------------------------------------

    def open_link(self, href: str | None) -> None:
        url = _absolute(href, self.base) if href else None
        self.open_links.append((url, self.written))

    def close_link(self) -> None:
        url, written_before = self.open_links.pop()
        if url is None or self.written == written_before:
            return
        number = self.links.setdefault(url, len(self.links) + 1)
        pieces = self.cell if self.cell is not None else self.parts
        mark = f"[{number}]"
        if pieces and pieces[-1] != pieces[-1].rstrip(" \t\n\r\f"):
            pieces[-1] = pieces[-1].rstrip(" \t\n\r\f") + mark + " "
        else:
            pieces.append(mark)

    def result(self) -> str:
        self.end_line()
        blocks = self.blocks
        if self.links:
            blocks.append("\n".join(f"[{n}] {url}" for url, n in self.links.items()))
        return clean_text("\n\n".join(blocks))


def _absolute(href: str, base: str | None) -> str | None:
    """``href`` read against ``base``, if it is an http, https or mailto URL."""
    href = href.strip()
    try:
        url = urljoin(base, href) if base else href
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket, say)
        return None
    if scheme not in _LINK_SCHEMES:
        return None
    url = clean_line(url).replace(" ", "%20")
    return url or None


def _enter(w: _Writer, node: LexborNode, tag: str) -> None:
    """What the start of element ``tag`` writes."""
    if tag == "a":
        w.open_link(node.attributes.get("href"))
    elif tag == "img":
        alt = node.attributes.get("alt")
        if alt and alt.strip():
            w.text(f" [image: {alt.strip()}] ")
    elif tag == "br":
        w.text("\n" if w.pre else " ")
    elif tag == "table":
        if w.table == 0:
            w.open_group()
        else:  # a table in a cell runs on in that cell
            w.text(" ")
        w.table += 1
    elif w.table == 1 and tag == "tr":
        w.end_cell()
        w.row = []
    elif w.table == 1 and tag in ("td", "th"):
        w.end_cell()
        w.cell = []
    elif tag not in _BLOCK:
        return
    elif w.cell is not None:  # any other block in a cell is a space in it
        w.text(" ")
    elif tag in ("ul", "ol"):
        w.open_group()
        start = node.attributes.get("start") if tag == "ol" else None
        number = int(start) if start and start.strip().isdigit() else 1
        w.lists.append(_List(ordered=tag == "ol", number=min(number, 10**9)))
    elif tag == "li":
        w.end_line()
        if w.lists:
            current = w.lists[-1]
            w.bullet = f"{current.number}. " if current.ordered else "• "
            current.number += 1
    elif tag == "blockquote":
        w.open_group()
        w.quotes += 1
    elif tag == "pre":
        w.open_group()
        w.pre += 1
    else:
        w.end_line()


def _leave(w: _Writer, tag: str) -> None:
    """What the end of element ``tag`` writes (the mirror of :func:`_enter`)."""
    if tag == "a":
        w.close_link()
    elif tag == "table":
        w.table -= 1
        if w.table == 0:
            w.end_cell()
            w.end_row()
            w.close_group()
    elif w.table == 1 and tag in ("td", "th"):
        w.end_cell()
    elif w.table == 1 and tag == "tr":
        w.end_cell()
        w.end_row()
    elif tag not in _BLOCK or w.cell is not None:
        return
    elif tag in ("ul", "ol"):
        w.close_group()
        w.lists.pop()
    elif tag == "li":
        w.end_line()
        w.bullet = ""
    elif tag == "blockquote":
        w.close_group()
        w.quotes -= 1
    elif tag == "pre":
        _leave_pre(w)
    else:
        w.end_line()


def _leave_pre(w: _Writer) -> None:
    """A ``<pre>``'s lines as they are (blank ones dropped: a block holds no blank line)."""
    raw = clean_text("".join(w.parts))
    w.parts = []
    w.pre -= 1
    quote = "> " * min(w.quotes, _MAX_QUOTE_MARKS)
    for line in raw.expandtabs(4).split("\n"):
        if line.strip():
            w.add_line(quote + line.rstrip())
    w.close_group()


def _walk(root: LexborNode, w: _Writer) -> None:
    """Visit every node under ``root`` in document order, without recursion."""
    root_id = root.mem_id  # (== on nodes compares their HTML: far too slow)
    node = root.child
    while node is not None:
        tag = node.tag or ""
        descend = False
        if node.is_text_node:
            w.text(node.text_content or "")
        elif node.is_element_node and tag not in _DROP:
            _enter(w, node, tag)
            descend = True
        # Next: the first child, else the next sibling, else the next sibling of the
        # nearest ancestor that has one, leaving each element on the way up.
        child = node.child if descend else None
        if child is not None:
            node = child
            continue
        if descend:
            _leave(w, tag)
        while node is not None:
            following = node.next
            if following is not None:
                node = following
                break
            parent = node.parent
            if parent is None or parent.mem_id == root_id:
                node = None
                break
            _leave(w, parent.tag or "")
            node = parent


def _plain_text(text: str) -> str:
    """Text with no tags: its paragraphs are split on blank lines, entities decoded."""
    paragraphs = (
        _SPACE.sub(" ", clean_text(html_entities.unescape(p))).strip()
        for p in _BLANK_LINE.split(text)
    )
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
        return urljoin(base, href.strip()) if base else href.strip()
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
    writer = _Writer(base=_base_of(tree, base))
    if tree.body is not None:
        _walk(tree.body, writer)
    if was_cut:
        writer.end_line()
        writer.add_line(CUT_NOTE)
    return writer.result()


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
        url = _absolute(attrs.get("href") or "", page_base)
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
