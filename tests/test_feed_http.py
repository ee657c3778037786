"""Fetching feeds against real servers on 127.0.0.1: conditional GET, encodings, size and
time limits, redirects, statuses, and the failures of the network itself."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import formatdate

import feed_servers
import pytest
from feed_servers import (
    FeedServer,
    Reply,
    Request,
    document,
    endless,
    redirect,
    silent,
    status,
)

from reader.feeds.http import (
    USER_AGENT,
    Fetcher,
    Limits,
    parse_cache_control,
    parse_retry_after,
)
from reader.feeds.model import Fetched

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
feed_server = feed_servers.feed_server  # the fixture
FAST = Limits(connect=0.5, read=0.3, total=0.6)


async def fetch(url: str, limits: Limits | None = None, **validators: str) -> Fetched:
    async with Fetcher(limits) as fetcher:
        return await fetcher.fetch(url, **validators)


async def test_body_validators_and_headers_come_back(feed_server: FeedServer) -> None:
    url = feed_server.route(
        "/feed.xml",
        document(
            RSS, etag='"v1"', last_modified=1_700_000_000, headers={"Cache-Control": "max-age=900"}
        ),
    )
    async with Fetcher() as fetcher:
        got = await fetcher.fetch(url)
    assert got.body == RSS and got.status == 200 and got.error is None
    assert got.etag == '"v1"' and got.last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert got.final_url == url and got.moved_to is None and not got.not_modified
    assert got.max_age == 900.0
    assert got.headers == {
        "content-type": "application/rss+xml; charset=utf-8",
        "content-location": url,
    }
    sent = feed_server.seen("/feed.xml")[0].headers
    assert sent["user-agent"] == USER_AGENT and sent["a-im"] == "feed"
    assert sent["accept"].startswith("application/atom+xml, application/rss+xml")


async def test_conditional_get_sends_validators_back_and_gets_304(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", document(RSS, etag='"v1"', last_modified=1_700_000_000))
    async with Fetcher() as fetcher:
        first = await fetcher.fetch(url)
        again = await fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.status == 304 and again.body is None and again.error is None
    assert again.etag == '"v1"' and again.last_modified == first.last_modified
    sent = feed_server.seen("/feed.xml")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert "if-none-match" not in feed_server.seen("/feed.xml")[0].headers


async def test_a_304_without_validators_keeps_the_ones_sent(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", status(304))
    got = await fetch(url, etag='"old"', last_modified="Tue, 14 Nov 2023 22:13:20 GMT")
    assert got.not_modified and got.etag == '"old"'
    assert got.last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
async def test_compressed_bodies_are_decoded(feed_server: FeedServer, encoding: str) -> None:
    big = RSS + b"<!--" + b"words " * 10_000 + b"-->"
    url = feed_server.route("/feed.xml", document(big, encoding=encoding))
    got = await fetch(url)
    assert got.body == big and got.error is None
    assert feed_server.seen("/feed.xml")[0].headers["accept-encoding"] == "gzip, deflate, br"


async def test_a_declared_100_mb_body_is_refused_before_reading(feed_server: FeedServer) -> None:
    url = feed_server.route("/big.xml", endless(100 * 1024 * 1024, declare=100 * 1024 * 1024))
    started = time.perf_counter()
    got = await fetch(url)
    assert got.error == "larger than 15 MB" and got.body is None and got.status == 200
    assert time.perf_counter() - started < 0.5  # did not read 15 MB first


@pytest.mark.parametrize("size", [100 * 1024 * 1024, None], ids=["100 MB", "endless"])
async def test_a_streamed_body_is_cut_off_past_the_limit(
    feed_server: FeedServer, size: int | None
) -> None:
    url = feed_server.route("/big.xml", endless(size))
    got = await fetch(url, Limits(max_bytes=1024 * 1024))
    assert got.error == "larger than 1 MB" and got.body is None


async def test_the_15_mb_limit_holds_for_a_real_stream(feed_server: FeedServer) -> None:
    url = feed_server.route("/big.xml", endless())
    got = await fetch(url)
    assert got.error == "larger than 15 MB"


async def test_a_body_at_the_limit_is_kept(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", document(b"x" * 4096))
    got = await fetch(url, Limits(max_bytes=4096))
    assert got.body == b"x" * 4096


async def test_a_server_that_never_answers_times_out(feed_server: FeedServer) -> None:
    url = feed_server.route("/hang", silent())
    started = time.perf_counter()
    got = await fetch(url, FAST)
    assert got.error == "timed out after 0.3 s" and got.body is None
    assert time.perf_counter() - started < 0.9


async def test_a_trickling_body_hits_the_whole_request_deadline(feed_server: FeedServer) -> None:
    def trickle(request: Request) -> Reply:
        def chunks():
            while True:
                yield b"<item/>"
                time.sleep(0.05)  # each read arrives in time; the whole never does

        return Reply(200, {}, chunks())

    url = feed_server.route("/slow", trickle)
    started = time.perf_counter()
    got = await fetch(url, FAST)
    assert got.error == "timed out after 0.6 s" and got.status == 200
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("codes", "moved"),
    [
        ((301,), "/b"),
        ((308, 301), "/c"),
        ((302,), None),
        ((307,), None),
        ((301, 302), "/b"),  # moved to /b, which is only visiting /c
        ((302, 301), None),  # the feed's own URL was never moved
    ],
)
async def test_redirects_are_followed_and_only_permanent_ones_move_the_feed(
    feed_server: FeedServer, codes: tuple[int, ...], moved: str | None
) -> None:
    paths = ["/a", "/b", "/c", "/d"]
    for here, there, code in zip(paths, paths[1:], codes, strict=False):
        feed_server.route(here, redirect(there, code))
    end = paths[len(codes)]
    feed_server.route(end, document(RSS))
    got = await fetch(feed_server.url("/a"))
    assert got.body == RSS and got.status == 200
    assert got.final_url == feed_server.url(end)
    assert got.moved_to == (feed_server.url(moved) if moved else None)


async def test_a_redirect_loop_is_an_error(feed_server: FeedServer) -> None:
    feed_server.route("/a", redirect("/b"))
    feed_server.route("/b", redirect("/a"))
    got = await fetch(feed_server.url("/a"))
    assert got.error == "redirect loop" and got.status == 301 and got.body is None


async def test_more_than_five_hops_are_too_many(feed_server: FeedServer) -> None:
    for n in range(7):
        feed_server.route(f"/{n}", redirect(f"/{n + 1}", 302))
    feed_server.route("/7", document(RSS))
    got = await fetch(feed_server.url("/0"))
    assert got.error == "too many redirects"
    assert len(feed_server.requests) == 6
    five = await fetch(feed_server.url("/2"))
    assert five.body == RSS


@pytest.mark.parametrize(
    ("code", "line"),
    [
        (404, "HTTP 404 Not Found"),
        (410, "HTTP 410 Gone"),
        (500, "HTTP 500 Internal Server Error"),
        (599, "HTTP 599"),
    ],
)
async def test_error_statuses_are_one_line(feed_server: FeedServer, code: int, line: str) -> None:
    url = feed_server.route("/feed.xml", status(code, body=b"<html>\x1b[31m</html>"))
    got = await fetch(url)
    assert got.error == line and got.status == code and got.body is None


async def test_429_says_how_long_to_wait_in_seconds(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", status(429, {"Retry-After": "120"}))
    got = await fetch(url)
    assert got.error == "HTTP 429 Too Many Requests" and got.retry_after == 120.0


async def test_503_says_how_long_to_wait_as_a_date(feed_server: FeedServer) -> None:
    in_an_hour = time.time() + 3600
    url = feed_server.route(
        "/feed.xml", status(503, {"Retry-After": formatdate(in_an_hour, usegmt=True)})
    )
    got = await fetch(url)
    assert got.error == "HTTP 503 Service Unavailable"
    assert got.retry_after is not None and 3590 < got.retry_after <= 3600


def test_retry_after_values() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("0", now) == 0.0
    assert parse_retry_after(" 3600 ", now) == 3600.0
    assert parse_retry_after("99999999", now) == 30 * 24 * 3600.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:10:00 GMT", now) == 600.0
    assert parse_retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now) == 0.0
    assert parse_retry_after("Fri, 01 Jan 2027 00:00:00 GMT", now) == 30 * 24 * 3600.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("-5", now) is None


def test_cache_lifetimes() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_cache_control({"Cache-Control": "public, max-age=600"}) == 600.0
    assert parse_cache_control({"cache-control": 'max-age="60", must-revalidate'}) == 60.0
    assert parse_cache_control({"cache-control": "max-age=soon"}) is None
    dated = {"Date": "Thu, 01 Jan 2026 00:00:00 GMT", "Expires": "Thu, 01 Jan 2026 01:00:00 GMT"}
    assert parse_cache_control(dated) == 3600.0
    assert parse_cache_control({"Expires": "Thu, 01 Jan 2026 00:30:00 GMT"}, now) == 1800.0
    assert parse_cache_control({"Expires": "0"}, now) == 0.0
    assert parse_cache_control({"Cache-Control": "no-cache"}) is None
    assert parse_cache_control({}) is None
