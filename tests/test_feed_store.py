"""Subscriptions in the database: added once, found by URL, id or title, their fetch
outcomes stored, and removed without losing an article the user marked."""

from __future__ import annotations

import pytest

from reader.errors import FeedNotFound
from reader.records import replace
from reader.storage import connection, feeds
from reader.storage.feeds import FetchRecord
from tests.conftest import article_row, write_articles

NOW = "2026-12-03T10:00:00+00:00"
LATER = "2026-12-03T11:00:00+00:00"


def add(store, url: str, **kw) -> int:  # type: ignore[no-untyped-def]
    with connection.writing(store._conn) as conn:
        feed_id, added = feeds.add(conn, url, NOW, **kw)
    assert added
    return feed_id


def test_a_feed_is_subscribed_once_and_due_at_once(store) -> None:
    feed_id = add(store, "http://example.org/feed.xml", folder="News")
    with connection.writing(store._conn) as conn:
        assert feeds.add(conn, "http://example.org/feed.xml", NOW) == (feed_id, False)
    (feed,) = feeds.every(store._conn)
    assert (feed.url, feed.folder, feed.name, feed.articles) == (
        "http://example.org/feed.xml",
        "News",
        "http://example.org/feed.xml",
        0,
    )
    assert [s.id for s in feeds.states(store._conn, due_by=NOW)] == [feed_id]


def test_a_feed_is_found_by_url_id_or_title(store) -> None:
    feed_id = add(store, "http://a.example/rss")
    add(store, "http://b.example/rss", title="Tech")
    assert feeds.find(store._conn, "http://a.example/rss").id == feed_id
    assert feeds.find(store._conn, str(feed_id)).id == feed_id
    assert feeds.find(store._conn, "tech").url == "http://b.example/rss"
    with pytest.raises(FeedNotFound, match="no feed 'nothing'"):
        feeds.find(store._conn, "nothing")


def test_a_failed_fetch_is_counted_and_a_success_clears_it(store) -> None:
    feed_id = add(store, "http://a.example/rss")
    fail = FetchRecord(feed_id, NOW, LATER, 500, "HTTP 500 Internal Server Error")
    with connection.writing(store._conn) as conn:
        feeds.record_fetch(conn, fail)
        feeds.record_fetch(conn, fail)
    feed = feeds.get(store._conn, feed_id)
    assert (feed.failures, feed.last_status, feed.last_error) == (
        2,
        500,
        "HTTP 500 Internal Server Error",
    )
    assert feeds.states(store._conn, due_by=NOW) == []  # next fetch is later
    ok = replace(fail, status=200, error=None, etag='"v1"', title="A news")
    with connection.writing(store._conn) as conn:
        feeds.record_fetch(conn, ok)
    feed = feeds.get(store._conn, feed_id)
    assert (feed.failures, feed.last_error, feed.name, feed.last_success) == (
        0,
        None,
        "A news",
        NOW,
    )
    (state,) = feeds.states(store._conn, due_by=LATER)
    assert state.etag == '"v1"'


def test_removing_a_feed_keeps_its_bookmarked_and_annotated_articles(store) -> None:
    feed_id = add(store, "http://a.example/rss")
    rows = [article_row(f"a{i}", f"Story {i}") for i in range(4)]
    rows = [replace(row, feed_id=feed_id) for row in rows]
    write_articles(store, rows)
    store.set_bookmark("a1", True)
    store.add_note("a2", "keep this")
    assert feeds.kept_on_removal(store._conn, feed_id) == (2, 2)
    with connection.writing(store._conn) as conn:
        assert feeds.remove(conn, feed_id) == (2, 2)
    assert feeds.every(store._conn) == []
    assert sorted(a.id for a in store.page(0, 10)) == ["a1", "a2"]
    assert store.article("a1").feed_id is None


def test_a_feed_moves_to_its_new_url_unless_another_subscription_has_it(store) -> None:
    first = add(store, "http://a.example/rss")
    add(store, "http://b.example/rss")
    moved = FetchRecord(first, NOW, LATER, 200, None, new_url="http://c.example/rss")
    with connection.writing(store._conn) as conn:
        feeds.record_fetch(conn, moved)
    assert feeds.get(store._conn, first).url == "http://c.example/rss"
    clash = replace(moved, new_url="http://b.example/rss")
    with connection.writing(store._conn) as conn:
        feeds.record_fetch(conn, clash)
    assert feeds.get(store._conn, first).url == "http://c.example/rss"


def test_feeds_named_for_a_refresh_are_found_by_url_id_or_title(store) -> None:
    from reader.errors import FeedNotFound

    one = store.add_feed("https://example.org/one.xml")[0].id
    two = store.add_feed("https://example.org/two.xml")[0].id
    store.rename_feed("https://example.org/two.xml", "Second")
    assert store.feed_ids(
        ["https://example.org/one.xml", " https://example.org/two.xml ", str(one), "second"]
    ) == [one, two, one, two]
    with pytest.raises(FeedNotFound, match="nowhere"):
        store.feed_ids(["https://example.org/one.xml", "nowhere"])
