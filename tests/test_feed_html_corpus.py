"""Entry text kept byte for byte: a corpus of generated, varied feed HTML (news paragraphs
with links and emphasis, headings, nested lists, quotes, pre, tables, images, dropped
elements, entities, odd whitespace, controls, malformed markup) read by
:func:`reader.feeds.html.html_to_text`, :func:`~reader.feeds.html.html_line` and
:func:`reader.feeds.entries.entry_row`, against the outputs frozen in
``tests/feed_html_corpus.json``.

A faster reading of HTML must never change what a stored article says: rows whose text
changed would all be rewritten on the next refresh. The frozen outputs were made once
by running this file as a script (``python tests/test_feed_html_corpus.py``); do that
again only when the text of entries is meant to change (and bump FEED_PARSER_VERSION).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path

import pytest

from reader.clean import clean_text
from reader.feeds._walker import is_clean
from reader.feeds.entries import entry_row
from reader.feeds.html import html_line, html_to_text
from reader.feeds.model import EntryData

FIXTURE = Path(__file__).with_name("feed_html_corpus.json")
NOW = "2026-03-05T12:00:00+00:00"
CASES = 200

_WORDS = (  # noqa: SIM905
    "the council said on Tuesday that harbour road would stay closed while crews cleared "
    "mud and fallen trees from quay drivers were told to use A39 instead"
).split()
_ODD_WORDS = [
    "“quoted”",
    "café",
    "naïve",
    "e\u0301clair",
    "Ελλάδα",
    "東京",
    "emoji🙂",
    "&amp;",
    "&#233;t&#233;",
    "&nbsp;",
    "&lt;b&gt;",
    "[bold]x[/]",
    "[@click=app.quit]",
    "\x1b[31mred\x1b[0m",
    "&#27;[2J",
    "&#x202e;evil",
    "\u2028sep",
    "tab\there",
    "cr\r\nlf",
    "form\ffeed",
    "a\u00a0b",
    "\u00a0",
    "zero\u200bwidth",
    "\ufeffbom",
    "\x9b31m",
    "&#xFFFE;",
    "…",
    "...",
]
_INLINE = ["em", "strong", "b", "i", "span", "code", "small", "sup", "abbr", "u", "mark", "q"]
_HREFS = [
    "/people/jane",
    "live",
    "../up",
    "https://example.com/a?b=1&amp;c=2",
    "http://other.example/x y",
    "mailto:desk@example.org",
    "javascript:alert(1)",
    "data:text/html,x",
    "#top",
    "",
    "  https://example.com/spaced  ",
    "http://[::1",
    "ftp://files.example/f",
]
_BASES = [None, "https://news.example.org/2026/storm/", "http://x/", "not a url"]


def _words(rng: random.Random, low: int, high: int) -> str:
    words = []
    for _ in range(rng.randint(low, high)):
        words.append(rng.choice(_ODD_WORDS) if rng.random() < 0.06 else rng.choice(_WORDS))
    space = rng.choice([" ", " ", " ", "\n    ", "  ", "\t", " \n"])
    return space.join(words)


def _inline(rng: random.Random, depth: int = 0) -> str:
    """A run of text with inline elements: links, emphasis, images, breaks, comments."""
    out = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.45 or depth > 1:
            out.append(_words(rng, 1, 7))
        elif roll < 0.62:
            href = rng.choice(_HREFS)
            out.append(f'<a href="{href}">{_inline(rng, depth + 1)}</a>')
        elif roll < 0.8:
            tag = rng.choice(_INLINE)
            out.append(f"<{tag}>{_inline(rng, depth + 1)}</{tag}>")
        elif roll < 0.85:
            out.append(rng.choice(['<img src="a.jpg" alt="A flooded quay">', '<img src="s.gif">']))
        elif roll < 0.9:
            out.append(rng.choice(["<br>", "<br/>", " <br> "]))
        elif roll < 0.93:
            out.append("<!-- a comment <p>not text</p> -->")
        elif roll < 0.96:
            out.append(rng.choice(["<script>var x = '<p>';</script>", "<style>p{}</style>"]))
        else:
            out.append("<a>no href</a>" if rng.random() < 0.5 else '<a href="/e"></a>')
        out.append(rng.choice(["", " ", "\n", ""]))
    return "".join(out)


def _block(rng: random.Random, depth: int = 0) -> str:
    """One block: mostly paragraphs and headings, sometimes lists, quotes, pre, tables."""
    roll = rng.random()
    if roll < 0.45 or depth > 2:
        return f"<p>{_inline(rng)}</p>"
    if roll < 0.55:
        level = rng.randint(1, 6)
        return f"<h{level}>{_inline(rng)}</h{level}>"
    if roll < 0.67:
        tag = rng.choice(["ul", "ol", "ol start=3", "ol start=x"])
        items = []
        for _ in range(rng.randint(1, 4)):
            inner = _inline(rng)
            if rng.random() < 0.25:
                inner += _block(rng, depth + 1)
            items.append(f"<li>{inner}</li>" if rng.random() < 0.9 else f"<li>{inner}")
        return f"<{tag}>{''.join(items)}</{tag.split()[0]}>"
    if roll < 0.75:
        inner = "".join(_block(rng, depth + 1) for _ in range(rng.randint(1, 3)))
        return f"<blockquote>{inner}</blockquote>"
    if roll < 0.8:
        return f"<pre>  {_words(rng, 2, 8)}\n\n\tindented <b>bold</b>\n</pre>"
    if roll < 0.86:
        rows = []
        for _ in range(rng.randint(1, 3)):
            cells = "".join(
                f"<td>{_inline(rng) if rng.random() < 0.8 else _block(rng, depth + 1)}</td>"
                for _ in range(rng.randint(1, 3))
            )
            rows.append(f"<tr>{cells}</tr>")
        return f"<table>{''.join(rows)}</table>"
    if roll < 0.92:
        tag = rng.choice(["div", "section", "figure", "aside", "article"])
        inner = "".join(_block(rng, depth + 1) for _ in range(rng.randint(1, 3)))
        return f"<{tag}>{inner}</{tag}>"
    if roll < 0.95:
        return rng.choice(["<hr>", "<nav><a href='/'>Home</a></nav>", "<form>x</form>"])
    if roll < 0.98:
        return f'<a href="{rng.choice(_HREFS)}"><p>{_inline(rng)}</p></a>'
    return f"<p>{_inline(rng)}"  # unclosed


def _document(rng: random.Random) -> str:
    """A whole entry: usually a news story's flat run of blocks, sometimes odder."""
    roll = rng.random()
    if roll < 0.06:  # plain text, no tags
        return "\n\n".join(_words(rng, 3, 20) for _ in range(rng.randint(1, 4)))
    if roll < 0.1:  # deep nesting
        depth = rng.randint(20, 60)
        tag = rng.choice(["div", "blockquote", "ul><li", "span", "a href='/d'"])
        close = tag.split()[0].split(">")[0]
        return f"<{tag}>" * depth + _words(rng, 2, 6) + f"</{close}>" * depth
    blocks = [_block(rng) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.08:
        blocks.insert(0, '<base href="https://elsewhere.example/dir/">')
    if rng.random() < 0.1:
        blocks.insert(rng.randint(0, len(blocks)), _words(rng, 2, 8))  # loose text
    return rng.choice(["", "\n", "  "]).join(blocks)


def _entry(rng: random.Random, html: str, base: str | None) -> EntryData:
    summary = None
    roll = rng.random()
    if roll < 0.3:
        summary = html[: rng.randint(10, 200)]  # the body's opening, maybe cut mid-tag
    elif roll < 0.5:
        summary = _inline(rng) + rng.choice(["", "…", " [...]", "..."])
    elif roll < 0.6:
        summary = _words(rng, 70, 90)
    return EntryData(
        key=f"k{rng.random()}",
        title=_words(rng, 0, 8),
        link=rng.choice([None, "https://news.example.org/s", " http://x/y ", "ftp://z"]),
        author=rng.choice([None, "Jane Morris", " \x1b[1mbold\x1b[0m "]),
        published=rng.choice([None, "2026-03-01T10:00:00+00:00", "2027-01-01T00:00:00+00:00"]),
        summary_html=summary,
        content_html=html if rng.random() < 0.9 else None,
        base=base,
    )


def _outputs(html: str, base: str | None, entry: EntryData) -> dict[str, object]:
    text = html_to_text(html, base)
    row = entry_row(entry, feed_id=3, source="Corpus", now=NOW)
    outputs: dict[str, object] = {"text": text, "line": html_line(html)}
    if row.body != text:  # (an entry without content: its body is its summary's)
        outputs["body"] = row.body
    outputs.update(dek=row.dek, words=row.words, hash=row.content_hash)
    return outputs


def _cases() -> list[dict[str, object]]:
    """The corpus, each case's input with what the reader made of it."""
    rng = random.Random("feed-html-corpus")
    cases = []
    for _ in range(CASES):
        html, base = _document(rng), rng.choice(_BASES)
        entry = _entry(rng, html, base)
        case: dict[str, object] = {"html": html, "base": base}
        # The entry's content is the case's HTML, or it has none.
        case["entry"] = asdict(replace(entry, content_html=None, base=None))
        case["content"] = entry.content_html is not None
        case["expected"] = _outputs(html, base, entry)
        cases.append(case)
    return cases


@cache
def _frozen() -> list[dict[str, object]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_text_said_to_be_clean_is_what_clean_text_gives_back() -> None:
    # is_clean lets a line skip clean_text: it must never say so of a character (of the
    # Basic Multilingual Plane, or a noncharacter of another plane) clean_text would
    # remove or change, nor of text that is not in NFC.
    astral = [chr(plane + last) for plane in range(0x10000, 0x110000, 0x10000) for last in (-2, -1)]
    for char in [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000] + astral:
        if is_clean(char):
            assert clean_text(char) == char, hex(ord(char))
    assert not is_clean("e\u0301")  # NFC makes it é
    assert is_clean("“Quoted”, café, 東京 🙂")
    assert not is_clean("a\xa0b")  # a no-break space goes to clean_text, which keeps it


@pytest.mark.parametrize("number", range(CASES))
def test_the_text_made_of_varied_feed_html_is_unchanged(number: int) -> None:
    case = _frozen()[number]
    html, base = case["html"], case["base"]
    assert isinstance(html, str)
    assert base is None or isinstance(base, str)
    entry = replace(
        EntryData(**case["entry"]),  # type: ignore[arg-type]
        content_html=html if case["content"] else None,
        base=base,
    )
    assert _outputs(html, base, entry) == case["expected"]


if __name__ == "__main__":  # freeze the current outputs (see the module doc)
    FIXTURE.write_text(json.dumps(_cases(), ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {CASES} cases to {FIXTURE}", file=sys.stderr)
