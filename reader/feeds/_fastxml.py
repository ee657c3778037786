"""A fast reading of plain, well-formed RSS 2.0, RSS 1.0 and Atom 1.0 documents with the
standard library's C-accelerated ElementTree, giving what feedparser would give for them.

:func:`read_fast` returns the feed's and entries' fields as feedparser's dictionaries
would hold them (only the keys :mod:`reader.feeds.parse` reads), so the same code turns
either into :class:`~reader.feeds.model.FeedData`. It reproduces feedparser's own rules
for those keys: the first title at a depth wins, a permalink guid is the link until a
``<link>`` says otherwise, ``xml:base`` is carried as feedparser carries it, text is
stripped, re-read when it is UTF-8 read as Latin-1 and has its C1 characters mapped to
Windows-1252, and dates go through feedparser's own date parser.

Whatever it is not sure of it declines (returns None) and feedparser reads the document
as before: an encoding other than UTF-8, a DOCTYPE or entity declaration, any XML error,
an element or namespace it has no rule for, markup inside a text element, content that is
XHTML, base64 or elsewhere, a repeated summary. The hostile documents are all declined.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any
from xml.etree.ElementTree import Element, ParseError, fromstring

__all__ = ["read_fast"]

Dictionary = dict[str, Any]
Read = tuple[Dictionary, list[Dictionary]]

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_RDF_ROOT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = "http://purl.org/rss/1.0/"
# Namespaces feedparser reads as the core one (its prefix ""), lower-cased as it matches them.
_CORE = {_RSS1, _ATOM.lower(), "http://backend.userland.com/rss"}
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://wellformedweb.org/commentapi/": "wfw",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
}
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_TEXT_TYPES = {"text/plain", "text/html"}
_HTML_LINK_TYPES = {"text/html", "application/xhtml+xml", "html", "xhtml"}
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")

# Elements whose text or attributes never reach a field we read, in feed and entry.
_FEED_IGNORED = {
    "description", "subtitle", "tagline", "language", "copyright", "rights", "pubdate",
    "lastbuilddate", "updated", "published", "generator", "docs", "webmaster", "category",
    "cloud", "icon", "logo", "rating", "sy_updateperiod", "sy_updatefrequency",
    "sy_updatebase", "dc_language", "dc_rights", "dc_publisher", "dc_date", "dc_creator",
    "managingeditor",
}  # fmt: skip
_ENTRY_IGNORED = {
    "category", "dc_subject", "comments", "enclosure", "wfw_commentrss", "wfw_comment",
    "slash_comments", "feedburner_origlink", "dc_language", "dc_rights", "rights",
}  # fmt: skip
_IMAGE_CHILDREN = {"title", "link", "description", "url", "width", "height"}
_TEXTINPUT_CHILDREN = {"title", "link", "description", "name"}
_PUBLISHED = {"pubdate", "published", "issued", "dcterms_issued"}
_UPDATED = {"updated", "modified", "dc_date", "dcterms_modified", "lastbuilddate"}
_SUMMARIES = {"description", "summary", "dc_description"}
_AUTHORS = {"author", "dc_creator", "dc_author"}


class _Declined(Exception):
    """The document holds something this reader has no rule for."""


def read_fast(data: bytes, headers: Mapping[str, str]) -> Read | None:
    """The feed's fields and its entries' as feedparser would give them, or None when the
    document is not one this reader is sure to read as feedparser does. ``headers`` are
    the response's, lower-cased."""
    if not _plain_utf8(data, headers.get("content-type", "")):
        return None
    try:
        root = fromstring(data)
    except (ParseError, ValueError):
        return None
    try:
        return _Reader().read(root)
    except _Declined:
        return None


def _plain_utf8(data: bytes, content_type: str) -> bool:
    """Whether feedparser would read ``data`` as UTF-8 XML with nothing declared in it."""
    if b"<!D" in data or b"<!E" in data:  # a DOCTYPE or entity declaration: feedparser's
        return False
    media, _, params = content_type.lower().partition(";")
    charset = params.partition("charset=")[2].strip().strip("\"'")
    if charset not in ("", "utf-8", "utf8") or (media and "xml" not in media):
        return False
    if not charset and media.strip().startswith("text/"):
        return False  # RFC 3023 reads a text/* body with no charset as US-ASCII
    declared = _ENCODING.match(data.removeprefix(b"\xef\xbb\xbf")[:200])
    return declared is None or declared[1].lower() in (b"utf-8", b"utf8")


_NAMES: dict[str, str] = {}


def _name(tag: str) -> str:
    """An element's name as feedparser calls it: lower-cased, with its namespace's prefix."""
    name = _NAMES.get(tag)
    if name is not None:
        return name
    if tag[:1] != "{":
        name = tag.lower()
    else:
        uri, _, local = tag[1:].partition("}")
        uri = uri.lower()
        if uri in _CORE or "backend.userland.com/rss" in uri:
            name = local.lower()
        elif uri in _PREFIXES:
            name = f"{_PREFIXES[uri]}_{local.lower()}"
        else:
            raise _Declined
    _NAMES[tag] = name
    return name


def _finish(text: str | None) -> str:
    """feedparser's last steps for an element's text: stripped, UTF-8 that was read as
    Latin-1 read again, C1 control characters taken as Windows-1252."""
    output = (text or "").strip()
    if output.isascii():
        return output
    from feedparser.html import _cp1252  # type: ignore[import-untyped]

    with suppress(UnicodeEncodeError, UnicodeDecodeError):
        output = output.encode("iso-8859-1").decode("utf-8")
    # (translate looks every character up in a dict: only when there is one to map)
    return output.translate(_cp1252) if _C1.search(output) else output


def _leaf_text(elem: Element) -> str | None:
    if len(elem):
        raise _Declined  # markup inside a text element: feedparser reads it as XHTML
    return elem.text


def _text_type(attrib: Mapping[str, str], default: str) -> str:
    """A text element's type as feedparser maps it, when it is plain text or HTML."""
    if any(not k.islower() for k in attrib if k[:1] != "{"):
        raise _Declined  # feedparser lower-cases attribute names
    given = attrib.get("type", default).lower()
    kind = {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(given, given)
    if kind not in _TEXT_TYPES or "mode" in attrib or "src" in attrib:
        raise _Declined  # XHTML, base64 or out-of-line content
    return kind


class _Reader:
    """One document's walk, keeping the state feedparser keeps while it reads."""

    def __init__(self) -> None:
        import feedparser.urls  # type: ignore[import-untyped]

        self._join: Callable[[str, str], str] = feedparser.urls._urljoin
        self._safe_join: Callable[[str, str], str] = feedparser.urls.make_safe_absolute_uri
        self.baseuri = ""
        self.basestack: list[str] = []
        self.title_depth = -1
        self.feed: Dictionary = {}
        self.entries: list[Dictionary] = []
        self.atom = False

    def read(self, root: Element) -> Read:
        if root.tag == "rss":
            if not root.get("version", "").startswith("2."):
                raise _Declined
            self._walk(root, 1, self._rss)
        elif root.tag == _RDF_ROOT:
            self._walk(root, 1, self._rdf)
        elif root.tag == f"{{{_ATOM}}}feed":
            self.atom = True
            self._walk(root, 1, self._channel)
        else:
            raise _Declined
        return self.feed, self.entries

    # -- the walk: xml:base kept as feedparser keeps it ------------------------------------

    def _walk(self, elem: Element, depth: int, handle: Callable[[Element, int], None]) -> None:
        attrib = elem.attrib
        given = attrib.get(_XML_BASE) if attrib else None
        if attrib and any(k.lower() == "base" for k in attrib):
            raise _Declined  # feedparser reads a plain base attribute as xml:base too
        if given or self.baseuri:
            uri = given or self.baseuri
            if self.baseuri:
                self.baseuri = self._safe_join(self.baseuri, uri) or self.baseuri
            else:
                self.baseuri = self._join(self.baseuri, uri)
        self.basestack.append(self.baseuri)
        handle(elem, depth)
        self.basestack.pop()
        if self.basestack and self.basestack[-1]:
            self.baseuri = self.basestack[-1]

    def _children(self, elem: Element, depth: int, handle: Callable[[Element, int], None]) -> None:
        for child in elem:
            self._walk(child, depth + 1, handle)

    def _rss(self, elem: Element, depth: int) -> None:
        for child in elem:
            if _name(child.tag) != "channel":
                raise _Declined
            self._walk(child, depth + 1, self._channel)

    def _rdf(self, elem: Element, depth: int) -> None:
        for child in elem:
            if not child.tag.startswith(f"{{{_RSS1}}}"):
                raise _Declined  # without RSS 1.0's namespace feedparser sees no version
            name = _name(child.tag)
            if name == "channel":
                self._walk(child, depth + 1, self._channel)
            elif name == "item":
                self._walk(child, depth + 1, self._entry)
            elif name in ("image", "textinput"):
                self._walk(child, depth + 1, self._image)
            else:
                raise _Declined

    # -- the feed --------------------------------------------------------------------------

    def _channel(self, elem: Element, depth: int) -> None:
        if "lastmod" in elem.attrib or "href" in elem.attrib:
            raise _Declined
        self._children(elem, depth, self._feed_child)

    def _feed_child(self, elem: Element, depth: int) -> None:
        name = _name(elem.tag)
        if name in ("item", "entry"):
            self._entry(elem, depth)
        elif name == "title":
            kind, value = self._title(elem, depth)
            if kind is not None:
                self.feed["title"] = value
        elif name == "link":
            self._link(elem, self.feed, entry=False)
        elif name == "id" and self.atom:
            self._guid(elem, self.feed)
        elif name == "ttl" and not self.atom and not elem.attrib:
            self.feed["ttl"] = _finish(_leaf_text(elem))
        elif name in ("image", "textinput"):
            self._image(elem, depth)
        elif name == "items" and not self.atom:
            self._children(elem, depth, self._anything)
        elif name in ("author", "contributor") and self.atom:
            self._children(elem, depth, self._person_part)
        elif name in _FEED_IGNORED:
            _leaf_text(elem)
        else:
            raise _Declined

    def _anything(self, elem: Element, depth: int) -> None:
        if _name(elem.tag) in ("title", "link", "image", "textinput", "item", "entry"):
            raise _Declined
        self._children(elem, depth, self._anything)

    def _person_part(self, elem: Element, depth: int) -> None:
        if _name(elem.tag) not in ("name", "email", "uri"):
            raise _Declined
        _leaf_text(elem)

    def _image(self, elem: Element, depth: int) -> None:
        """An image or text input: its title and link are its own, but a title in it
        still counts for feedparser's rule that the first title at a depth wins."""
        allowed = _IMAGE_CHILDREN if _name(elem.tag) == "image" else _TEXTINPUT_CHILDREN
        self.title_depth = -1
        for child in elem:
            name = _name(child.tag)
            if name not in allowed or _XML_BASE in child.attrib:
                raise _Declined  # it would end the image, and what follows be the feed's
            if name == "title":
                _text_type(child.attrib, "text/plain")
                if _finish(_leaf_text(child)):
                    self.title_depth = depth + 1
            else:
                _leaf_text(child)

    def _title(self, elem: Element, depth: int) -> tuple[str | None, str]:
        """A title's (type, text), or (None, text) when an earlier one stands."""
        kind = _text_type(elem.attrib, "text/plain")
        raw = (_leaf_text(elem) or "").strip()
        if not self.atom and kind == "text/plain" and ("</" in raw or "&" in raw):
            from feedparser.mixin import _FeedParserMixin  # type: ignore[import-untyped]

            if _FeedParserMixin.looks_like_html(raw):
                kind = "text/html"
        value = _finish(raw)
        standing = -1 < self.title_depth <= depth
        if value:
            self.title_depth = depth
        return (None if standing else kind), value

    def _link(self, elem: Element, context: Dictionary, *, entry: bool) -> None:
        attrib = {k.lower(): v for k, v in elem.attrib.items()}
        if "url" in attrib or "uri" in attrib or attrib.get("href") == "":
            raise _Declined
        if "href" not in attrib:
            value = (_leaf_text(elem) or "").strip()
            value = _finish(self._join(self.baseuri, value) if value else value)
            if entry:
                value = _LINK_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))
            else:
                value = _LINK_ENTITY.sub(r"&\g<1>", value)
            context["link"] = value
            return
        if len(elem):
            raise _Declined
        rel = attrib.get("rel", "alternate")
        kind = attrib.get("type", "application/atom+xml" if rel == "self" else "text/html")
        if rel == "alternate" and kind.lower() in _HTML_LINK_TYPES:
            context["link"] = self._join(self.baseuri, attrib["href"])

    def _guid(self, elem: Element, context: Dictionary) -> None:
        attrib = {k.lower(): v for k, v in elem.attrib.items()}
        is_link = attrib.get("ispermalink", "true") == "true"
        value = (_leaf_text(elem) or "").strip()
        if value and is_link:
            value = self._join(self.baseuri, value)
        value = _finish(value)
        context["id"] = value
        if is_link:
            context.setdefault("link", value)

    # -- an entry --------------------------------------------------------------------------

    def _entry(self, elem: Element, depth: int) -> None:
        attrib = elem.attrib
        if "lastmod" in attrib or "href" in attrib:
            raise _Declined
        entry: Dictionary = {}
        about = attrib.get(_RDF_ABOUT)
        if about:
            entry["id"] = about
        self.entries.append(entry)
        self.title_depth = -1
        state = {"summaries": 0, "has_content": False}
        for child in elem:
            self._walk(child, depth + 1, lambda e, d: self._entry_child(e, d, entry, state))

    def _entry_child(self, elem: Element, depth: int, entry: Dictionary, state: Dictionary) -> None:
        name = _name(elem.tag)
        if name == "title":
            kind, value = self._title(elem, depth)
            if kind is not None:
                entry["title"], entry["title_detail"] = value, {"type": kind}
        elif name == "link":
            self._link(elem, entry, entry=True)
        elif name in ("guid", "id"):
            self._guid(elem, entry)
        elif name in _SUMMARIES:
            state["summaries"] += 1
            if state["summaries"] > 1 or (name != "summary" and elem.attrib):
                raise _Declined  # feedparser would read a second one as content
            _text_type(elem.attrib, "text/plain" if name == "summary" else "text/html")
            entry["summary"] = _finish(_leaf_text(elem))
            entry["summary_detail"] = {"base": self.baseuri}
        elif name in ("content_encoded", "content"):
            if name == "content_encoded" and elem.attrib:
                raise _Declined
            _text_type(elem.attrib, "text/plain" if name == "content" else "text/html")
            state["has_content"] = True
            value = _finish(_leaf_text(elem))
            entry.setdefault("content", []).append({"value": value, "base": self.baseuri})
            entry.setdefault("summary", value)
        elif name in _AUTHORS:
            self._author(elem, depth, entry)
        elif name in _PUBLISHED or name in _UPDATED:
            from feedparser.datetimes import _parse_date  # type: ignore[import-untyped]

            key = "published_parsed" if name in _PUBLISHED else "updated_parsed"
            entry[key] = _parse_date(_finish(_leaf_text(elem)))
        elif name == "contributor":
            self._children(elem, depth, self._person_part)
        elif name in _ENTRY_IGNORED:
            _leaf_text(elem)
        else:
            raise _Declined

    def _author(self, elem: Element, depth: int, entry: Dictionary) -> None:
        """An author: its text, or its name and email as feedparser puts them together."""
        if "authors" in entry:
            raise _Declined  # a second author: feedparser's merging of the two is its own
        detail: Dictionary = {}
        entry["authors"] = [detail]
        for child in elem:
            name = _name(child.tag)
            if name not in ("name", "email", "uri"):
                raise _Declined
            if _XML_BASE in child.attrib:
                raise _Declined
            detail["href" if name == "uri" else name] = (_leaf_text(child) or "").strip()
        direct = (elem.text or "") + "".join(child.tail or "" for child in elem)
        entry["author"] = _finish(direct)
        who, email = detail.get("name"), detail.get("email")
        if who and email:
            entry["author"] = f"{who} ({email})"
        elif who or email:
            entry["author"] = who or email
