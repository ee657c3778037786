"""A local web of news feeds for ``bench/refresh.py``: deterministic RSS documents and a
threaded HTTP server on 127.0.0.1 that serves them slowly, as the web does.

:class:`FeedSet` builds ``feeds`` RSS 2.0 documents of ``entries`` items each. Entry
text is real-length (about 600 words, log-normal) and made of paragraphs from
``bench/corpus.py``'s generator, drawn from a pool so that building 15,000 entries
takes a second or two, not a minute. Most feeds carry each entry's full text in
``content:encoded`` (HTML paragraphs, a heading and a link now and then) with a
one-sentence ``description``; every :data:`SUMMARY_ONLY_EVERY`-th feed carries only a
short ``description``, as summary-only feeds do. :meth:`FeedSet.change` gives a feed
a new version: two new entries on top (the two oldest drop out) and one entry edited.

Each feed has its own site name (``site<i>.bench.invalid``). :class:`FeedServer` is an
HTTP forward proxy and origin in one: clients are pointed at it as their HTTP proxy,
so every feed looks like its own host to them (as 500 subscriptions are, on the real
web: per-host connection limits then act as they would there), no name is ever looked
up, and nothing but 127.0.0.1 is touched. A request straight to the server, with the
feed's path, is answered too.

Every response waits :attr:`FeedServer.latency` seconds first (50 ms by default).
Responses carry ``ETag`` and ``Last-Modified`` and answer a matching
``If-None-Match`` (or, without it, ``If-Modified-Since``) with ``304 Not Modified``.
The server counts its answers by status, so a bench can check what each pass did.
"""

from __future__ import annotations

import math
import random
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ArticleMaker, build_vocabulary  # bench/corpus.py: the text generator

SUMMARY_ONLY_EVERY = 5  # one feed in five carries summaries only
MEDIAN_WORDS = 600
WORDS_SIGMA = 0.35
PARAGRAPH_POOL = 4_000
NEW_PER_CHANGE = 2  # entries a changed feed gains (and loses at the bottom)
EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


class FeedSet:
    """``feeds`` RSS documents of ``entries`` items, deterministic for a ``seed``."""

    def __init__(self, feeds: int, entries: int, seed: int = 1) -> None:
        self.feeds, self.entries = feeds, entries
        self._rng = random.Random(f"feeds:{seed}")
        self._maker = ArticleMaker(build_vocabulary(seed))
        self._pool = [
            self._maker.paragraph(self._rng, self._rng.randint(30, 90))
            for _ in range(PARAGRAPH_POOL)
        ]
        self.versions = [0] * feeds
        # Each feed's items, newest first: (number, title, paragraphs).
        self._items = [[self._item(i, n) for n in range(entries, 0, -1)] for i in range(feeds)]
        self._documents = [self._render(i) for i in range(feeds)]

    # -- text --------------------------------------------------------------------------------

    def _item(self, feed: int, number: int) -> tuple[int, str, list[str]]:
        rng = self._rng
        target = round(rng.lognormvariate(math.log(MEDIAN_WORDS), WORDS_SIGMA))
        paragraphs: list[str] = []
        words = 0
        while words < target:
            paragraphs.append(rng.choice(self._pool))
            words += paragraphs[-1].count(" ") + 1
        return number, self._maker.headline(rng), paragraphs

    @staticmethod
    def site(feed: int) -> str:
        return f"site{feed}.bench.invalid"

    def url(self, feed: int) -> str:
        """The feed's URL, on its own site."""
        return f"http://{self.site(feed)}/feed/{feed}.xml"

    def etag(self, feed: int) -> str:
        return f'"f{feed}-v{self.versions[feed]}"'

    def modified(self, feed: int) -> datetime:
        return EPOCH + timedelta(days=self.versions[feed], minutes=feed)

    def document(self, feed: int) -> bytes:
        return self._documents[feed]

    def _render(self, feed: int) -> bytes:
        summary_only = feed % SUMMARY_ONLY_EVERY == 0
        site = f"http://{self.site(feed)}"
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Bench feed {feed}</title><link>{site}/</link>"
            f"<description>Feed {feed} of the refresh bench</description>"
        ]
        for number, title, paragraphs in self._items[feed]:
            link = f"{site}/posts/{number}"
            date = format_datetime(EPOCH + timedelta(hours=number, minutes=feed), usegmt=True)
            out.append(
                f"<item><title>{escape(title)}</title><link>{link}</link>"
                f'<guid isPermaLink="false">bench-{feed}-{number}</guid><pubDate>{date}</pubDate>'
            )
            if summary_only:
                out.append(f"<description>{escape(paragraphs[0])}</description></item>")
                continue
            first = paragraphs[0].split(". ")[0] + "."
            html = [f"<p>{escape(p)}</p>" for p in paragraphs]
            html.insert(len(html) // 2, f"<h2>{escape(title)}</h2>")
            html.append(f'<p>Read <a href="/posts/{number - 1}">the one before</a>.</p>')
            body = "".join(html)
            out.append(
                f"<description>{escape(first)}</description>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
            )
        out.append("</channel></rss>\n")
        return "".join(out).encode()

    def change(self, feeds: list[int]) -> None:
        """A new version of each of ``feeds``: new entries on top, the oldest gone, the
        first of the entries kept edited (a sentence added to its first paragraph, which
        the summary-only feeds send as their summary: an edit every feed shows)."""
        for feed in feeds:
            self.versions[feed] += 1
            items = self._items[feed]
            top = items[0][0]
            new = [self._item(feed, top + k) for k in range(NEW_PER_CHANGE, 0, -1)]
            number, title, paragraphs = items[0]
            added = self._rng.choice(self._pool).split(". ")[0].rstrip(".") + "."
            edited = (number, title, [f"{paragraphs[0]} {added}", *paragraphs[1:]])
            self._items[feed] = [*new, edited, *items[1 : len(items) - NEW_PER_CHANGE]]
            self._documents[feed] = self._render(feed)

    def changed_every(self, share: float) -> list[int]:
        """A spread-out ``share`` of the feeds (at least one)."""
        step = max(1, round(1 / share)) if share > 0 else self.feeds + 1
        return list(range(0, self.feeds, step)) or [0]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers
    timeout = 10  # an idle kept-alive connection is let go
    server: FeedServer

    def do_GET(self) -> None:
        feeds = self.server.feeds
        parts = urlsplit(self.path)
        host = parts.hostname or (self.headers.get("Host") or "").partition(":")[0]
        feed = _feed_number(parts.path)
        time.sleep(self.server.latency)
        if feed is None or feed >= feeds.feeds or host not in (feeds.site(feed), "127.0.0.1"):
            self._answer(404, b"no such feed\n", {})
            return
        validators = {
            "ETag": feeds.etag(feed),
            "Last-Modified": format_datetime(feeds.modified(feed), usegmt=True),
        }
        sent_tag, sent_date = (
            self.headers.get("If-None-Match"),
            self.headers.get("If-Modified-Since"),
        )
        if (sent_tag is not None and feeds.etag(feed) in sent_tag) or (
            sent_tag is None and sent_date == validators["Last-Modified"]
        ):
            self._answer(304, b"", validators)
        else:
            validators["Content-Type"] = "application/rss+xml; charset=utf-8"
            self._answer(200, feeds.document(feed), validators)

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        # Counted before it is sent: a client that has read the answer finds it counted.
        self.server.count(status)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the bench prints its own figures


def _feed_number(path: str) -> int | None:
    name = path.removeprefix("/feed/").removesuffix(".xml")
    return int(name) if path.startswith("/feed/") and name.isdigit() else None


class FeedServer(ThreadingHTTPServer):
    """Serves a :class:`FeedSet` on 127.0.0.1 (a free port) in a thread of its own;
    a context manager that stops it and closes its socket."""

    daemon_threads = True
    request_queue_size = 256  # hundreds of connections at once must not be dropped

    def __init__(self, feeds: FeedSet, latency: float = 0.05) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.feeds, self.latency = feeds, latency
        self._counts: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def proxy(self) -> str:
        """The URL to give clients as their HTTP proxy."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, status: int) -> None:
        with self._lock:
            self._counts[status] += 1

    def take_counts(self) -> Counter[int]:
        """The answers given by status since the last call."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
        return counts

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
