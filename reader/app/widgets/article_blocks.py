"""What the reading pane shows of an article, as blocks: label, title, standfirst,
byline, the people it names, where its text came from, its other files, the caption,
the body's paragraphs (each knowing where it starts in the body, for marks) and the
author's bio. Every run is cleaned text, never markup
(:mod:`reader.app.text`); :class:`~reader.app.widgets.article_text.ArticleText` sets
the blocks in lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.app.text import line_text, long_date, on_screen, paragraph_text, reading_time
from reader.app.widgets.article_text import Block
from reader.links import footnotes
from reader.types import Article, Person

#: The pane sets at most this much of a body (some 25,000 words): breaking text into
#: lines takes time in proportion to its length, and a 5 MB article would hold the
#: screen. What is left out is named (``reader show`` prints it all).
MAX_SHOWN_CHARS = 150_000
#: People named under the byline; the others are counted ("+3 more"; P lists them all).
PEOPLE_SHOWN = 6
PLACEHOLDER = Block("placeholder", "Select an article to read it here.")
#: Above the footnotes that close an article's text.
LINKS_HINT = "Links  (L opens one by its number)"


def article_blocks(
    article: Article, people: Sequence[tuple[Person, int]] = (), *, feed_text: bool = False
) -> list[Block]:
    """The blocks of ``article``, with the line of its ``people`` (each with how often it
    names them); ``feed_text``: the body is the feed's own text, not the web page's."""
    blocks: list[Block] = []
    if article.label:
        blocks.append(Block("label", line_text(article.label.upper())))
    blocks.append(Block("title", line_text(article.title)))
    if article.dek:
        blocks.append(Block("dek", paragraph_text(article.dek)))
    blocks.append(Block("byline", byline(article)))
    if people:
        blocks.append(people_line(people))
    if article.fulltext_url:
        blocks.append(text_source(feed_text))
    if len(article.paths) > 1:  # the same bytes in several files: one article
        blocks.append(Block("hint", line_text("Also at " + " · ".join(article.paths[1:]))))
    if article.caption:
        blocks.append(Block("caption", line_text(f"Pictured: {article.caption}")))
    blocks.append(Block("rule", "─" * 12))
    blocks.extend(body_blocks(article))
    if article.author_bio:
        blocks.append(Block("bio", paragraph_text(article.author_bio)))
    return blocks


def text_source(feed_text: bool) -> Block:
    """Which text is shown, of an article whose full text came from its web page."""
    if feed_text:
        return Block("hint", "The feed's own text  (F: the full text from the web page)")
    return Block("hint", "Full text from the web page  (F: the feed's own text)")


def byline(article: Article) -> str:
    """``By AUTHOR, ROLE · DATE · N min read`` (the source where no author is named)."""
    parts = []
    if article.author:
        who = article.author
        if article.author_role:
            who += f", {article.author_role}"
        parts.append(f"By {who}")
    else:
        parts.append(article.source)
    if article.date:
        parts.append(long_date(article.date))
    parts.append(f"{reading_time(article.words)} read")
    return line_text(" · ".join(parts))


def people_line(people: Sequence[tuple[Person, int]]) -> Block:
    """``People: Kim Kardashian (12) · Kanye West (9) · +3 more  (P)``."""
    text, marks = "People: ", []
    for i, (person, count) in enumerate(people[:PEOPLE_SHOWN]):
        if i:
            text += " · "
        name = line_text(person.name)
        marks.append((len(text), len(text) + len(name), "person"))
        text += f"{name} ({count})"
    rest = len(people) - PEOPLE_SHOWN
    if rest > 0:
        text += f" · +{rest} more"
    marks.append((len(text), len(text) + 5, "hint"))
    text += "  (P)"
    return Block("people", text, marks=tuple(marks))


def body_blocks(article: Article) -> list[Block]:
    """Paragraph blocks, each knowing its start in the body.

    A body longer than :data:`MAX_SHOWN_CHARS` is cut at a paragraph break (or a
    space) before it, and a last line says how much was left out.
    """
    body, cut = article.body, ""
    if len(body) > MAX_SHOWN_CHARS:
        end = body.rfind("\n\n", 0, MAX_SHOWN_CHARS)
        if end < MAX_SHOWN_CHARS // 2:
            end = body.rfind(" ", 0, MAX_SHOWN_CHARS)
        end = end if end > 0 else MAX_SHOWN_CHARS
        cut = (
            f"… {len(body) - end:,} more characters are not shown here; "
            f"reader show {article.id} prints the whole article."
        )
        body = body[:end]
    blocks, start = [], 0
    for raw in body.split("\n\n"):
        text = paragraph_text(raw)
        # Offsets only hold while cleaning changed nothing (stored text is clean);
        # on_screen swaps characters one for one.
        kept = text == on_screen(raw)
        blocks.append(Block("paragraph", text, start if kept else None))
        start += len(raw) + 2
    if cut:
        blocks.append(Block("cut", line_text(cut)))
    elif len(blocks) > 1 and footnotes(body):
        # The links of the text, numbered as it numbers them: L opens one.
        blocks.insert(-1, Block("hint", LINKS_HINT))
    return blocks
