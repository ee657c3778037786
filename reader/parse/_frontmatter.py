"""YAML-like front matter at the top of a Markdown file, read as flat ``key: value``
pairs (no YAML library: a list gives its first item, a mapping gives nothing), and
applied to the draft."""

from __future__ import annotations

import re

from reader.clean import clean_line
from reader.links import web_url
from reader.parse._dates import _date_from_value
from reader.parse._references import _decode_references
from reader.parse._shapes import _Draft, _split_name_role

FrontMatter = dict[str, str | list[str]]


_FM_FENCE = "---"
# Each pattern matches in time linear in the line (a value's trailing spaces are
# stripped in code, not by a lazy ``.*?`` racing ``\s*$`` over a run of spaces).
_FM_KEY = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)\s*:(?:\s+(?P<value>.*))?$")
_FM_ITEM = re.compile(r"\s*-(?:\s+(?P<value>.*))?$")
_FM_DOUBLE = re.compile(r'"(?P<text>(?:[^"\\]|\\.)*)"')
_FM_SINGLE = re.compile(r"'(?P<text>(?:[^']|'')*)'")
_FM_COMMENT = re.compile(r"\s#")
_FM_BLOCK_SCALAR = re.compile(r"[|>][+-]?")
_FM_FLOW_OPEN = ("[", "{")
_FM_DEK_KEYS = ("dek", "subtitle", "description", "summary")


def _fm_scalar(value: str) -> str:
    """One YAML scalar, quotes stripped; an unquoted one loses its comment."""
    value = value.strip()
    if m := _FM_DOUBLE.match(value):
        return re.sub(r"\\(.)", r"\1", m["text"])
    if m := _FM_SINGLE.match(value):
        return m["text"].replace("''", "'")
    if m := _FM_COMMENT.search(value):
        value = value[: m.start()]
    return value.strip()


def _fm_value(value: str) -> str | list[str]:
    """A scalar, or a flow list ``[a, b]`` as a list of its scalars.

    A flow mapping ``{…}`` has no value, and nor has an item of a flow list
    that is itself a list or a mapping: ``[[b, c], a]`` gives ``["a"]``.
    """
    if value.startswith("{"):
        return []
    if not (value.startswith("[") and value.endswith("]")):
        return _fm_scalar(value)
    items: list[str] = []
    depth, start, quote = 0, 1, ""
    for i, char in enumerate(value[1:-1], start=1):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(value[start:i])
            start = i + 1
    items.append(value[start:-1])
    return [
        _fm_scalar(item)
        for item in items
        if item.strip() and not item.lstrip().startswith(_FM_FLOW_OPEN)
    ]


class _FmNested:
    """The indented lines under a key given no value on its own line.

    They make a list (``- item`` lines), a block of text (after ``|`` or ``>``, or
    a plain scalar over several lines), or a mapping (``name: value`` lines), which
    gives the key no value. Only the items at the first line's indent count: what is
    deeper belongs to an item or key of a mapping, never to this key.
    """

    def __init__(self, block: bool) -> None:
        self.block = block
        self.mapping = False
        self.indent: int | None = None
        self.items: list[str] = []
        self.text: list[str] = []

    def add(self, line: str) -> None:
        if self.block:
            self.text.append(line.strip())
            return
        indent = len(line) - len(line.lstrip(" \t"))
        if self.indent is None:
            self.indent = indent
        if self.mapping or indent > self.indent:
            return
        item = _FM_ITEM.match(line)
        if item is None:
            if _FM_KEY.match(line.strip()):
                self.mapping = True
            else:
                self.text.append(line.strip())
            return
        value = (item["value"] or "").strip()
        if value and not _FM_KEY.match(value) and not value.startswith(_FM_FLOW_OPEN):
            self.items.append(_fm_scalar(value))

    def value(self) -> list[str]:
        if self.mapping:
            return []
        if self.block or not self.items:
            return [" ".join(self.text)] if self.text else []
        return self.items


def _parse_front_matter(lines: list[str]) -> FrontMatter | None:
    """Flat ``key: value`` pairs; None if the lines are not YAML-like at all."""
    data: FrontMatter = {}
    key: str | None = None  # a key still open to the indented lines under it
    nested = _FmNested(block=False)
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-":
            if key is not None:
                nested.add(line)
            continue
        m = _FM_KEY.match(line)
        if m is None:
            return None
        if key is not None:
            data[key] = nested.value()
        key, value = m["key"].lower(), (m["value"] or "").strip()
        if value and not _FM_BLOCK_SCALAR.fullmatch(value):
            data[key] = _fm_value(value)
            key = None
        else:
            data[key] = []  # filled by the lines that follow
            nested = _FmNested(block=bool(value))
    if key is not None:
        data[key] = nested.value()
    return data or None


def _fm_get(data: FrontMatter, *keys: str) -> str | None:
    """The first non-empty value among ``keys`` (a list gives its first item)."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value and (text := clean_line(_decode_references(value))):
            return text
    return None


def _take_front_matter(lines: list[str]) -> tuple[FrontMatter | None, list[str]]:
    """Split a leading ``---`` … ``---`` block off ``lines``, if there is one."""
    if not lines or lines[0].rstrip() != _FM_FENCE:
        return None, lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in (_FM_FENCE, "..."):
            data = _parse_front_matter(lines[1:end])
            if data is None:
                return None, lines
            return data, lines[end + 1 :]
    return None, lines


def _apply_front_matter(data: FrontMatter, draft: _Draft) -> None:
    draft.title = _fm_get(data, "title")
    date = _fm_get(data, "date", "published", "pubdate")
    draft.date = _date_from_value(date) if date else None
    author = _fm_get(data, "author", "authors")
    if author:
        draft.set_author(*_split_name_role(author))
    draft.label = _fm_get(data, "label", "category", "categories")
    draft.dek = _fm_get(data, *_FM_DEK_KEYS)
    draft.url = web_url(_fm_get(data, "url", "link"))
