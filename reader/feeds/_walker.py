"""The walk behind :mod:`reader.feeds.html`: a parsed HTML tree written out, node by node,
as the reader's plain text (see that module for the format).

The walk is iterative (first child, next sibling, up to the parent's next sibling), so
no nesting is too deep for it, and it does a fixed amount of work per node and per line:
indentation and quote marks stop growing past a few levels, so the text stays linear in
the input. Every line goes through :func:`reader.clean.clean_text` as it is closed
(unless :func:`is_clean` shows at a glance that clean_text would change nothing: most
paragraphs of a news story), so the lines are joined as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborNode

from reader.clean import clean_text
from reader.links import join_url, link_url

# Dropped with all they hold: code, styles, embedded things, forms, navigation.
DROP = frozenset(
    "script style noscript template iframe object embed svg math form nav head title "  # noqa: SIM905
    "button select textarea audio video canvas".split()
)
# Elements whose start and end end the line (paragraph) being written.
_BLOCK = frozenset(
    "p div section article header footer aside main figure figcaption address details "  # noqa: SIM905
    "summary center dl dt dd fieldset legend caption hr html body h1 h2 h3 h4 h5 h6 "
    "ul ol li blockquote pre table thead tbody tfoot tr td th".split()
)
# Elements that write something where they start or end (see _enter and _leave).
_ACTIVE = _BLOCK | {"a", "img", "br"}
# Runs of whitespace with a newline, and of spaces, folded to one space inside a
# paragraph (see clean_run).
_NEWLINE_RUNS = re.compile("\n[ \n]*")
_RUNS = re.compile("  +")
# Indentation and quote marks stop growing past these depths (so output stays linear).
_MAX_LIST_INDENT = 8
_MAX_QUOTE_MARKS = 6


@dataclass
class _List:
    ordered: bool
    number: int


@dataclass
class Writer:
    """The text being written: finished blocks, the open line's pieces, and what encloses it."""

    base: str | None
    footnotes: bool = True
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
    #: Pieces of text (not only whitespace) written so far: a link that added none gets
    #: no number.
    written: int = 0
    links: dict[str, int] = field(default_factory=dict)
    open_links: list[tuple[str | None, int]] = field(default_factory=list)

    # --- text ------------------------------------------------------------------

    def text(self, value: str) -> None:
        if self.cell is not None:
            self.cell.append(value)
        else:
            self.parts.append(value)
        if value and not value.isspace():
            self.written += 1

    def end_line(self) -> None:
        """Close the open line: a paragraph, or a line of the open group."""
        if self.cell is not None:  # blocks inside a table cell run on in the cell
            self.cell.append(" ")
            return
        if not self.parts:
            return
        raw = "".join(self.parts)
        self.parts = []
        line = clean_run(raw)
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
        cell = clean_run("".join(self.cell))
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
        url = absolute(href, self.base) if href and self.footnotes else None
        self.open_links.append((url, self.written))

    def close_link(self) -> None:
        url, written_before = self.open_links.pop()
        if url is None or self.written == written_before:
            return
        number = self.links.setdefault(url, len(self.links) + 1)
        pieces = self.cell if self.cell is not None else self.parts
        mark = f"[{number}]"
        last = pieces[-1] if pieces else ""
        if last and last[-1] in " \t\n\r\f":
            pieces[-1] = last.rstrip(" \t\n\r\f") + mark + " "
        else:
            pieces.append(mark)

    def result(self) -> str:
        self.end_line()
        blocks = self.blocks
        if self.links:
            blocks.append("\n".join(f"[{n}] {url}" for url, n in self.links.items()))
        # Every line is clean already, and so is what joins them: spaces and newlines
        # neither compose with nor reorder around the text they stand next to.
        return "\n\n".join(blocks)


def clean_run(raw: str) -> str:
    """``raw`` through :func:`reader.clean.clean_text`, its whitespace folded into single
    spaces (HTML's whitespace, and the line and paragraph separators: inside a paragraph
    all of it is one space), its ends stripped."""
    # clean_text keeps newlines and spaces as they are: ask about the text without the
    # newlines, which are :func:`is_clean`'s to refuse.
    text = raw if is_clean(raw.replace("\n", " ") if "\n" in raw else raw) else clean_text(raw)
    # Of that whitespace clean_text leaves only spaces and newlines (tabs become spaces;
    # CR, U+2028 and U+2029 newlines; form feeds go). Patterns that open with a literal
    # are searched for quickly, and match only where there is something to change.
    if "\n" in text:
        text = _NEWLINE_RUNS.sub(" ", text)
    if "  " in text:
        text = _RUNS.sub(" ", text)
    return text.strip()


def is_clean(text: str) -> bool:
    """Whether :func:`reader.clean.clean_text` would give ``text`` back as it is (and its
    newlines made spaces, the same): a quick test, false for any text with a control,
    a separator other than the space, a format character or a noncharacter (all that
    clean_text removes or changes but the two Hangul fillers, looked for apart), and
    for text not in NFC. Most of a news story's paragraphs pass, at a fraction of
    clean_text's cost."""
    if not text.isprintable():
        return False
    return text.isascii() or (
        "\u3164" not in text and "\uffa0" not in text and unicodedata.is_normalized("NFC", text)
    )


@lru_cache(maxsize=1024)
def absolute(href: str, base: str | None) -> str | None:
    """``href`` read against ``base``, if it is an http, https or mailto URL (remembered:
    a story links the same page more than once, and urljoin is the dearest step)."""
    href = href.strip()
    try:
        url = join_url(base, href)
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket, say)
        return None
    return link_url(url)


def _enter(w: Writer, node: LexborNode, tag: str) -> None:
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


def _leave(w: Writer, tag: str) -> None:
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


def _leave_pre(w: Writer) -> None:
    """A ``<pre>``'s lines as they are (blank ones dropped: a block holds no blank line)."""
    raw = clean_text("".join(w.parts))
    w.parts = []
    w.pre -= 1
    quote = "> " * min(w.quotes, _MAX_QUOTE_MARKS)
    for line in raw.expandtabs(4).split("\n"):
        if line.strip():
            w.add_line(quote + line.rstrip())
    w.close_group()


def walk(root: LexborNode, w: Writer) -> None:
    """Visit every node under ``root`` in document order, without recursion."""
    root_id = root.mem_id  # (== on nodes compares their HTML: far too slow)
    node = root.child
    while node is not None:
        child = None
        if node.is_text_node:
            w.text(node.text_content or "")
        elif node.is_element_node:
            tag = node.tag or ""
            if tag not in DROP:
                # Other elements (em, strong, span ...) write nothing of their own.
                active = tag in _ACTIVE
                if active:
                    _enter(w, node, tag)
                child = node.child
                if child is None and active:
                    _leave(w, tag)
        # Next: the first child, else the next sibling, else the next sibling of the
        # nearest ancestor that has one, leaving each element on the way up.
        if child is not None:
            node = child
            continue
        while node is not None:
            following = node.next
            if following is not None:
                node = following
                break
            parent = node.parent
            if parent is None or parent.mem_id == root_id:
                node = None
                break
            tag = parent.tag or ""
            if tag in _ACTIVE:
                _leave(w, tag)
            node = parent
