"""Bookmarks and notes as one Markdown document, ready to paste into a notes app."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reader.dates import day_month_year
from reader.models import ArticleSummary, Note


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines() or [""])


def to_markdown(
    articles: Iterable[ArticleSummary], notes: Iterable[Note], bookmarked: set[str]
) -> str:
    """Per article (in list order): title, date and author, then each quote and its note."""
    by_article: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        by_article[note.article_id].append(note)
    parts = ["# Bookmarks and notes", ""]
    for article in articles:
        parts.append(f"## {article.title}")
        parts.append("")
        meta = [day_month_year(article.date), article.author or ""]
        if article.id in bookmarked:
            meta.append("bookmarked")
        line = " · ".join(m for m in meta if m)
        if line:
            parts.extend([f"*{line}*", ""])
        for note in by_article.get(article.id, []):
            if note.quote:
                parts.append(_quote(note.quote))
                if note.detached:
                    parts.extend([">", "> *(this passage is no longer in the article)*"])
                parts.append("")
            parts.extend([note.text.rstrip(), ""])
    return "\n".join(parts).rstrip() + "\n"
