"""A refresh against every kind of bad feed, served for real on 127.0.0.1: each bad feed
is one line naming it and saying why, a good feed refreshed beside it still comes in,
and nothing hangs. (What the parser and the client make of each case in detail is in
tests/test_feed_parse.py and tests/test_feed_http.py; here it is the whole refresh.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from reader.core import Store
from reader.feeds import refresh as refreshing
from reader.feeds.http import Fetcher, Limits
from tests import feed_servers
from tests.feed_servers import FeedServer, Handler, document, endless, redirect, silent, status
from tests.test_feed_refresh import item, rss

feed_server = feed_servers.feed_server

GOOD = rss(item("g1", "A good story"), title="Good News").encode()

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<rss version="2.0"><channel><title>Bomb</title>
<item><guid>b1</guid><title>Boom &h;</title><description>x</description></item>
</channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Sneaky</title>
<item><guid>s1</guid><title>Look &secret;</title><description>x</description></item>
</channel></rss>"""

MALFORMED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
    b"<item><guid>m1</guid><title>Kept one</title><description>a</description></item>"
    b"<item><guid>m2</guid><title>Kept two</title><description>b</description></item>"
    b"<item><guid>m3</guid><title>Cut <b>here</title></item></channel>"
)

LATIN1 = (
    '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
    "<title>Caf\u00e9</title><item><guid>l1</guid><title>Cr\u00e8me br\u00fbl\u00e9e</title>"
    "<description>\u00a3 10</description></item></channel></rss>"
).encode("latin-1")

LATIN1_HTTP_ONLY = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Bar</title>'
    "<item><guid>h1</guid><title>Na\u00efve</title><description>x</description></item>"
    "</channel></rss>"
).encode("latin-1")

ODD_ENTRIES = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>'
    b"<item><guid>same</guid><title>One of two</title><description>first</description></item>"
    b"<item><guid>same</guid><title>Two of two</title><description>second</description></item>"
    b"<item><description>No id, no link, no date, no title: only this text.</description></item>"
    b"<item><guid>future</guid><title>From the future</title>"
    b"<pubDate>Sat, 01 Jan 2101 00:00:00 GMT</pubDate><description>x</description></item>"
    b"<item><guid>baddate</guid><title>Bad date</title><pubDate>the day after</pubDate>"
    b"<description>x</description></item></channel></rss>"
)

SMALL = Limits(connect=1.0, read=0.5, total=1.5, max_bytes=2 * 1024 * 1024)


def refresh_with(store: Store, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    ids = [feed.id for feed in store.feeds()]
    fetcher: Callable[[], Fetcher] = lambda: Fetcher(limits)  # noqa: E731
    return refreshing.refresh(store, ids, fetcher=fetcher)


def bad_and_good(store: Store, server: FeedServer, handler: Handler, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    """Subscribe to a bad feed and a good one, refresh both: the report, and the bad URL."""
    bad = server.route("/bad", handler)
    good = server.route("/good", document(GOOD))
    store.add_feed(bad)
    store.add_feed(good)
    started = time.monotonic()
    report = refresh_with(store, limits)
    assert time.monotonic() - started < 10
    assert any(a.title == "A good story" for a in store.page(0, 50)), "the good feed came in"
    return report, bad


FAILING: list[tuple[str, Handler, str]] = [
    (
        "an HTML page",
        document(b"<html><body><p>Hello</p></body></html>", content_type="text/html"),
        "HTML page",
    ),
    ("a PNG", document(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"), "not a feed"),
    ("404", status(404), "404"),
    ("410", status(410), "410"),
    ("500", status(500), "500"),
    ("429", status(429, {"Retry-After": "120"}), "429"),
    ("a redirect loop", redirect("/bad"), "redirect"),
    ("a body past the size limit", endless(declare=100 * 1024 * 1024), "larger than"),
    ("a body that never ends", endless(), "larger than"),
    ("an answer that never comes", silent(), "timed out"),
]


@pytest.mark.parametrize(("case", "handler", "said"), FAILING, ids=[c[0] for c in FAILING])
def test_a_bad_feed_is_one_line_and_the_rest_come_in(
    store: Store, feed_server: FeedServer, case: str, handler: Handler, said: str
) -> None:
    report, bad = bad_and_good(store, feed_server, handler, SMALL)
    assert report.failed == 1 and report.fetched == 1
    (issue,) = [i for i in report.issues if i.failed]
    assert issue.feed == bad and said.lower() in issue.reason.lower(), issue
    assert "\n" not in str(issue)
    feed = store.feed(bad)
    assert feed.failures == 1 and feed.last_error == issue.reason


def test_a_wrong_content_type_does_not_stop_a_real_feed(store: Store, feed_server) -> None:
    report, _bad = bad_and_good(store, feed_server, document(GOOD, content_type="text/plain"))
    assert report.failed == 0 and report.fetched == 2


def test_an_entity_bomb_is_not_expanded(store: Store, feed_server) -> None:
    _report, _bad = bad_and_good(store, feed_server, document(BOMB))
    titles = [a.title for a in store.page(0, 50)]
    assert all(len(t) < 200 for t in titles)


def test_an_external_entity_is_not_read(store: Store, feed_server) -> None:
    bad_and_good(store, feed_server, document(EXTERNAL))
    for summary in store.page(0, 50):
        assert "root:" not in store.article(summary.id).title + store.article(summary.id).body


def test_a_malformed_feed_keeps_the_entries_before_the_break(store: Store, feed_server) -> None:
    report, bad = bad_and_good(store, feed_server, document(MALFORMED))
    titles = {a.title for a in store.page(0, 50)}
    assert {"Kept one", "Kept two"} <= titles
    notes = [i for i in report.issues if not i.failed]
    assert notes and notes[0].feed == bad and "malformed" in notes[0].reason.lower()


def test_encodings_declared_in_the_xml_or_only_in_http_are_honoured(
    store: Store, feed_server
) -> None:
    feed_server.route("/latin1", document(LATIN1, content_type="application/rss+xml"))
    feed_server.route(
        "/http-only",
        document(LATIN1_HTTP_ONLY, content_type="application/rss+xml; charset=iso-8859-1"),
    )
    store.add_feed(feed_server.url("/latin1"))
    store.add_feed(feed_server.url("/http-only"))
    report = refresh_with(store)
    assert report.failed == 0
    titles = {a.title for a in store.page(0, 50)}
    assert {"Crème brûlée", "Naïve"} <= titles


def test_odd_entries_are_each_one_article(store: Store, feed_server) -> None:
    report, _bad = bad_and_good(store, feed_server, document(ODD_ENTRIES))
    assert report.failed == 0
    titles = sorted(a.title for a in store.page(0, 50))
    assert "One of two" in titles and "Two of two" in titles  # a repeated guid: two entries
    assert any(t.startswith("No id, no link") for t in titles)
    dates = {a.title: a.date for a in store.page(0, 50)}
    assert dates["Bad date"] is None
    assert dates["From the future"] is not None and dates["From the future"] <= "2027"


def test_a_tls_error_and_a_dns_failure_are_one_line_each(store: Store, feed_server) -> None:
    store.add_feed(feed_server.url("/x").replace("http://", "https://"))
    store.add_feed("http://no-such-host.invalid/feed.xml")
    report = refresh_with(store, SMALL)
    assert report.failed == 2
    reasons = " / ".join(i.reason for i in report.issues)
    assert "TLS" in reasons or "SSL" in reasons
    assert "DNS" in reasons or "no-such-host.invalid" in reasons


# -- a killed refresh ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_refresh_killed_midway_leaves_the_database_whole(tmp_path) -> None:
    """SIGKILL while the writer is at work: the database opens, is intact, and every feed
    is as it was or as fetched (its articles there exactly when its fetch is recorded)."""
    feeds = 60
    with FeedServer(latency=0.1) as server:  # 2 at a time from one host: 3 s in all
        for i in range(feeds):
            items = [item(f"k{i}-{n}", f"Story {n} of feed {i}") for n in range(30)]
            server.route(f"/f{i}", document(rss(*items, title=f"Feed {i}").encode()))
        db = tmp_path / "news.db"
        with Store.open(db) as store:
            for i in range(feeds):
                store.add_feed(server.url(f"/f{i}"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "--db", str(db), "refresh", "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(1.5)
        os.killpg(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL  # killed before it was done
        with Store.open(db) as store:
            assert store.integrity_ok()
            fetched = 0
            for feed in store.feeds():
                done = feed.last_success is not None
                fetched += done
                assert feed.articles == (30 if done else 0), feed
            assert fetched < feeds
            assert store.refresh_feeds().failed == 0  # the next refresh does the rest
            assert all(feed.articles == 30 for feed in store.feeds())
