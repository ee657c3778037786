"""Markdown links read as the reader's numbered footnotes, as feeds' links are written:
``[the report](https://…)`` is ``the report[1]``, ``<https://…>`` is the address with
its number, and a last paragraph lists them, one ``[1] https://…`` line each.

Only http, https and mailto links get a number (:func:`reader.links.link_url`); any
other (``javascript:``, a relative path) leaves its text alone. The same address has
one number wherever it is linked. Links in code spans, and paragraphs that are fenced
code, are left as written. An image (``![alt](src)``) is no link.
"""

from __future__ import annotations

import re

from reader.links import link_url
from reader.parse._references import outside_code_spans

# Each part is bounded or stops at a character the part before it cannot take, so a
# match is tried in constant time wherever it starts (a file of "[a](b " repeated is
# read in linear time): link text without brackets; a destination in <…>, or without
# spaces, with balanced parentheses one deep; an optional title in "…", '…' or (…).
_MD_LINK = (
    r"(?<!!)\[(?P<text>[^\[\]\n]{0,1000})\]\([ \t]*"
    r"(?:<(?P<angled>[^<>\n]{0,2048})>"
    r"|(?P<dest>[^\s()<>]{0,2048}(?:\([^\s()<>]{0,256}\)[^\s()<>]{0,256}){0,4}))"
    r"(?:[ \t]+(?:\"[^\"\n]{0,300}\"|'[^'\n]{0,300}'|\([^()\n]{0,300}\)))?[ \t]*\)"
)
_MD_AUTOLINK = r"<(?P<auto>(?:[Hh][Tt][Tt][Pp][Ss]?|[Mm][Aa][Ii][Ll][Tt][Oo]):[^\s<>]{1,2048})>"
#: Either kind of link, so that both are numbered in the order they come.
_LINKS = re.compile(f"{_MD_LINK}|{_MD_AUTOLINK}")
_FENCES = ("```", "~~~")


class Footnotes:
    """The links of one article's text, numbered in the order they are read."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def read(self, text: str) -> str:
        """``text`` (a paragraph, the dek, the bio) with its links as ``text[N]``."""
        if ("](" not in text and "<" not in text) or text.lstrip().startswith(_FENCES):
            return text
        return outside_code_spans(text, self._links)

    def _links(self, text: str) -> str:
        return _LINKS.sub(self._link, text)

    def _link(self, m: re.Match[str]) -> str:
        if m["auto"] is not None:  # <https://…>: the address, with its number
            url = link_url(m["auto"])
            return m.group() if url is None else f"{url}[{self._number(url)}]"
        words = m["text"]
        url = link_url(m["angled"] if m["angled"] is not None else m["dest"])
        if url is None or not words.strip():
            return words
        return f"{words}[{self._number(url)}]"

    def _number(self, url: str) -> int:
        return self.numbers.setdefault(url, len(self.numbers) + 1)

    def block(self) -> str | None:
        """The closing paragraph of footnotes, or None when there was no link."""
        if not self.numbers:
            return None
        return "\n".join(f"[{n}] {url}" for url, n in self.numbers.items())
