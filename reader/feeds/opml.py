"""Subscriptions in and out as OPML: the list of feeds every other reader imports and
exports, with their titles and folders.

Reading is done with expat event by event (no tree, no recursion, so a deep or long
file costs only a stack of folder names). A document that declares a DOCTYPE is
refused before anything in it is read: OPML never needs one, and refusing it means no
entity is ever expanded (billion laughs) and no external file is ever loaded.

The files read are the shapes that newsboat (``newsboat -e``), Miniflux, FreshRSS,
Feedly and Inoreader write: feeds are the ``outline`` elements with an ``xmlUrl``
(any case of the attribute name), their title is ``title`` else ``text``, and the
named outlines around them are their folder ("Tech/Linux" for nested ones).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn
from xml.parsers import expat

from reader.clean import clean_line
from reader.errors import FeedError
from reader.types import Feed

#: The web schemes a subscription may use; newsboat's ``query:``, ``exec:`` and
#: ``filter:`` lines are commands of its own, not feeds, and are skipped.
WEB_SCHEMES = ("http://", "https://")

#: How an HTML page starts (after a BOM and blank space), to say so rather than
#: "not well-formed".
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file: its URL, its title if the file gives one, its folder
    (nested folders joined with "/") and the web site it belongs to, if given."""

    url: str
    title: str | None
    folder: str | None
    site_url: str | None


class _Refused(Exception):
    """Raised inside the expat handlers to stop at once; carries the reason."""


def _refuse(why: str) -> NoReturn:
    raise _Refused(why)


def _local(tag: str) -> str:
    """An element's name without any namespace prefix, lower-cased."""
    return tag.rpartition(":")[2].lower()


def _web_url(value: str | None) -> str | None:
    """``value`` as an http(s) URL, or None (empty, or another scheme). The old
    ``feed:`` scheme some exporters write is read as the URL it wraps."""
    url = (value or "").strip()
    lowered = url.lower()
    if lowered.startswith("feed:"):
        url = url[5:]
        url = "http:" + url if url.startswith("//") else url
        lowered = url.lower()
    if not lowered.startswith(WEB_SCHEMES) or len(url) <= len("https://"):
        return None
    return url if not any(c.isspace() or ord(c) < 32 for c in url) else None


def _name(attrs: dict[str, str]) -> str | None:
    """An outline's title: ``title``, else ``text``, cleaned to one line; None if empty."""
    for key in ("title", "text"):
        if text := clean_line(attrs.get(key) or ""):
            return text
    return None


def read_opml(data: bytes) -> list[Outline]:
    """The feeds listed in an OPML document, in document order, each URL once (the
    first outline with it wins).

    Raises :class:`~reader.errors.FeedError` ("not an OPML file: <why>") when the bytes
    are not an OPML document: empty, an HTML page, not XML, another root element, or a
    document that declares a DOCTYPE.
    """
    if not data.strip():
        raise FeedError("not an OPML file: the file is empty")
    if _HTML_START.match(data.removeprefix(b"\xef\xbb\xbf")):
        raise FeedError("not an OPML file: it is an HTML page")

    found: list[Outline] = []
    seen: set[str] = set()
    # One entry per open element: the folder name an outline opens, else None.
    stack: list[str | None] = []

    def start(tag: str, raw: dict[str, str]) -> None:
        name = _local(tag)
        if not stack and name != "opml":
            _refuse(f"its root element is <{name}>, not <opml>")
        folder: str | None = None
        if name == "outline":
            attrs = {key.rpartition(":")[2].lower(): value for key, value in raw.items()}
            if "xmlurl" not in attrs:
                folder = _name(attrs)
            elif (url := _web_url(attrs["xmlurl"])) is not None and url not in seen:
                seen.add(url)
                folders = "/".join(part for part in stack if part)
                site = _web_url(attrs.get("htmlurl"))
                found.append(Outline(url, _name(attrs), folders or None, site))
        stack.append(folder)

    def end(tag: str) -> None:
        stack.pop()

    def doctype(name: str, *_: object) -> None:
        if name.lower() == "html":
            _refuse("it is an HTML page")
        _refuse("it declares a DOCTYPE (OPML has none; entities are never read)")

    def entity(*_: object) -> None:
        _refuse("it declares entities (OPML has none; they are never read)")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise FeedError(f"not an OPML file: {refused}") from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        raise FeedError(
            f"not an OPML file: not XML ({reason}, line {exc.lineno}, column {exc.offset + 1})"
        ) from None
    except (LookupError, ValueError) as exc:  # an encoding Python does not know
        raise FeedError(f"not an OPML file: not XML ({clean_line(str(exc))})") from None
    return found


def write_opml(feeds: Sequence[Feed], *, title: str = "termnews-reader subscriptions") -> str:
    """The feeds as an OPML 2.0 document: each an ``outline`` with ``type="rss"``,
    ``text`` and ``title`` its name, ``xmlUrl`` and ``htmlUrl`` when known, inside the
    outlines of its folder ("Tech/Linux" is Linux inside Tech). Feeds keep their order;
    a folder sits where its first feed comes."""
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = clean_line(title)
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in feeds:
        path = tuple(part for part in (feed.folder or "").split("/") if clean_line(part))
        for depth in range(1, len(path) + 1):
            if path[:depth] not in folders:
                label = clean_line(path[depth - 1])
                parent = folders[path[: depth - 1]]
                folders[path[:depth]] = ET.SubElement(parent, "outline", text=label, title=label)
        attrs = {"type": "rss", "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        ET.SubElement(folders[path], "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
