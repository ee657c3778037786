"""The whole article behind a summary-only entry: its web page fetched and the article
in it extracted by trafilatura (the optional extra ``termnews-reader[fulltext]``), then
made the reading pane's text by the same walker as a feed's HTML.

Without the extra, :func:`extract` raises :class:`~reader.errors.FeedError` saying how
to install it. trafilatura is imported only here, and only when first needed.
"""

from __future__ import annotations

import importlib.util

from reader.errors import FeedError
from reader.feeds.html import html_to_text

#: What the stored full text says it was made by.
EXTRACTOR = "trafilatura"

INSTALL_HINT = (
    "full text needs the fulltext extra: pip install 'termnews-reader[fulltext]' "
    "(in the app's environment)"
)

#: Extracted text shorter than this many words is not an article (a cookie wall, a
#: paywall's teaser, a page of links): the feed's own text is kept.
MIN_WORDS = 40


def available() -> bool:
    """Whether trafilatura can be imported here."""
    return importlib.util.find_spec("trafilatura") is not None


def extract(page: bytes, url: str) -> str:
    """The article text of the web page ``page`` fetched from ``url``.

    Raises :class:`FeedError` when trafilatura is not installed, or when the page holds
    no article (the reason in one line, without the URL: the caller names it).
    """
    if not available():
        raise FeedError(INSTALL_HINT)
    import trafilatura

    try:
        found = trafilatura.extract(
            page,
            url=url,
            output_format="html",
            include_comments=False,
            include_links=True,
            include_formatting=True,
            include_tables=True,
            favor_precision=True,
        )
    except Exception as exc:  # a page that breaks the extractor is one page's problem
        raise FeedError(f"the web page could not be read ({type(exc).__name__})") from None
    text = html_to_text(found, url) if found else ""
    if len(text.split()) < MIN_WORDS:
        raise FeedError("the web page holds no article text that could be found")
    return text
