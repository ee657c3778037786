"""News from the web: feeds subscribed to, fetched politely and in parallel, their
entries made articles like any other.

Cut by step, as the file import is: :mod:`~reader.feeds.http` (the one module that
imports the HTTP client: timeouts, size limit, conditional GET, redirects),
:mod:`~reader.feeds.schedule` (when each feed is fetched next), :mod:`~reader.feeds.parse`
(RSS, Atom and JSON Feed bytes to :class:`~reader.feeds.model.FeedData`),
:mod:`~reader.feeds.html` (an entry's HTML to the reading pane's text, links as numbered
footnotes), :mod:`~reader.feeds.entries` (an entry to the :class:`~reader.types.ArticleRow`
the store writes), :mod:`~reader.feeds.opml` (subscriptions in and out) and
:mod:`~reader.feeds.refresh` (a refresh: fetch, parse outside the event loop, write,
and every feed's outcome stored on it).
"""
