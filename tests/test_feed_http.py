"""Fetching feeds against real servers on 127.0.0.1: conditional GET, encodings, size and
time limits, redirects, statuses, and the failures of the network itself."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterable, Iterator
from email.utils import formatdate
from pathlib import Path
from typing import cast

import brotli
import feed_servers
import pytest
from feed_servers import (
    FeedServer,
    Gauge,
    Reply,
    Request,
    document,
    endless,
    redirect,
    silent,
    status,
)

from reader.feeds import http, tls
from reader.feeds.http import (
    FALLBACK_USER_AGENT,
    USER_AGENT,
    Fetcher,
    Limits,
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


async def test_answers_without_a_body_leave_the_connection_open(feed_server: FeedServer) -> None:
    feed_server.route("/feed.xml", document(RSS, etag='"v1"'))
    feed_server.route("/gone.xml", status(404, body=b"<html>Not here</html>"))
    feed_server.route("/old.xml", redirect("/feed.xml", 302))
    async with Fetcher() as fetcher:
        for path in ("/feed.xml", "/gone.xml", "/old.xml", "/feed.xml"):
            got = await fetcher.fetch(feed_server.url(path), etag='"v1"')
            assert got.status in (304, 404)
    assert len(feed_server.requests) == 5 and feed_server.connections == 1


async def test_a_304_with_no_length_leaves_the_connection_open(feed_server: FeedServer) -> None:
    # A 304 has no body, and servers send it with no Content-Length (the test server too).
    url = feed_server.route("/feed.xml", status(304))
    async with Fetcher() as fetcher:
        for _ in range(3):
            assert (await fetcher.fetch(url, etag='"v1"')).not_modified
    assert len(feed_server.requests) == 3 and feed_server.connections == 1


async def test_an_address_is_connected_to_without_a_thread(feed_server: FeedServer) -> None:
    # A name is looked up in the event loop's threads; an IP address needs no lookup
    # (as asyncio connects): a refresh through a local proxy hands no thread a connection.
    url = feed_server.route("/feed.xml", document(RSS))
    async with Fetcher() as fetcher:
        assert (await fetcher.fetch(url)).body == RSS
    assert [t.name for t in threading.enumerate() if t.name.startswith("asyncio")] == []


async def test_a_path_with_a_space_or_letters_beyond_ascii_is_sent_percent_encoded(
    feed_server: FeedServer,
) -> None:
    feed_server.route("/a%20feed/caf%C3%A9.xml", document(RSS))
    got = await fetch(feed_server.url("/a feed/café.xml?q=ü"))
    assert got.body == RSS
    request = feed_server.requests[0]
    assert request.path == "/a%20feed/caf%C3%A9.xml" and request.query == "q=%C3%BC"


async def test_credentials_in_the_url_are_sent_as_basic_auth(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", document(RSS))
    got = await fetch(url.replace("http://", "http://me:s%40cret@"))
    assert got.body == RSS
    expected = "Basic " + base64.b64encode(b"me:s@cret").decode()
    assert feed_server.requests[0].headers["authorization"] == expected


async def test_a_cookie_set_on_the_way_is_sent_on_the_next_hops(feed_server: FeedServer) -> None:
    def check(request: Request) -> Reply:  # a site that sends a client round for a cookie
        if "seen=1" in request.headers.get("cookie", ""):
            return Reply(200, {}, RSS)
        return Reply(302, {"Location": "/feed.xml?again", "Set-Cookie": "seen=1; Path=/"}, b"")

    url = feed_server.route("/feed.xml", check)
    got = await fetch(url)
    assert got.body == RSS and got.error is None
    assert len(feed_server.requests) == 2


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
    size = 100 * 1024 * 1024
    served = endless(size, declare=size)
    sent: list[int] = []

    def counted(request: Request) -> Reply:
        reply = served(request)

        def chunks() -> Iterator[bytes]:
            for chunk in cast(Iterable[bytes], reply.body):
                sent.append(len(chunk))
                yield chunk

        return Reply(reply.status, reply.headers, chunks())

    url = feed_server.route("/big.xml", counted)
    got = await fetch(url)
    assert got.error == "larger than 15 MB" and got.body is None and got.status == 200
    # Refused on its Content-Length: what the server got out before the client hung up
    # is what the sockets' buffers took, not the 15 MB a read up to the limit needs.
    assert sum(sent) < 8 * 1024 * 1024


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
    assert time.perf_counter() - started < 2.0  # it never answers: any bound shows it


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
    assert time.perf_counter() - started < 3.0  # the body never ends: any bound shows it


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
    assert got.url == feed_server.url("/a") and got.final_url == feed_server.url(end)
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


# --- the network failing --------------------------------------------------------------


async def test_a_closed_port_is_connection_refused() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    got = await fetch(f"http://127.0.0.1:{port}/feed.xml", FAST)
    assert got.error == "connection refused" and got.status is None


async def test_https_to_a_plain_http_port_is_a_tls_error(feed_server: FeedServer) -> None:
    feed_server.route("/feed.xml", document(RSS))
    got = await fetch(feed_server.url("/feed.xml").replace("http://", "https://"), FAST)
    assert got.error is not None and got.error.startswith("TLS error: ")
    assert "\n" not in got.error and got.body is None


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@contextlib.contextmanager
def https_server(certificate: tuple[Path, Path]) -> Iterator[FeedServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with FeedServer(tls=context) as server:
        yield server


async def test_https_is_fetched_over_one_connection_verified_against_the_roots(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # the roots: this one alone
    monkeypatch.setattr(tls, "_context", None)
    monkeypatch.setattr(tls, "_thread", None)
    with https_server(certificate) as server:
        url = server.route("/feed.xml", document(RSS, etag='"v1"'))
        assert url.startswith("https://127.0.0.1:")
        async with Fetcher() as fetcher:
            got = await fetcher.fetch(url.replace("127.0.0.1", "localhost"))
            again = await fetcher.fetch(url, etag='"v1"')
    assert got.body == RSS and got.error is None and again.not_modified
    assert server.connections == 2  # one a host name: localhost, then 127.0.0.1


async def test_a_certificate_no_root_vouches_for_is_a_tls_error(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setattr(tls, "_context", None)
    monkeypatch.setattr(tls, "_thread", None)
    with https_server(certificate) as server:
        got = await fetch(server.route("/feed.xml", document(RSS)), FAST)
    assert got.error == "TLS error: self-signed certificate"
    assert got.body is None and server.requests == []


async def test_a_name_that_does_not_resolve_is_a_dns_failure() -> None:
    got = await fetch("http://no-such-feed.invalid/feed.xml", FAST)
    assert got.error == "DNS lookup failed for no-such-feed.invalid"


async def test_a_url_that_is_not_http_is_refused_without_a_request() -> None:
    for url in ("ftp://example.org/feed.xml", "file:///etc/passwd", "feed.xml"):
        assert (await fetch(url)).error == "not an http or https URL"


async def test_a_redirect_off_the_web_is_refused(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", redirect("file:///etc/passwd"))
    got = await fetch(url)
    assert got.error == "redirected to a URL that is not http or https"
    assert got.moved_to is None and got.status == 301


def _only_proxy(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)


async def test_a_host_no_proxy_names_is_fetched_straight(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FeedServer() as proxy:
        proxy.route("/feed.xml", status(502))
        _only_proxy(monkeypatch, http_proxy=proxy.base, no_proxy="localhost,127.0.0.1")
        url = feed_server.route("/feed.xml", document(RSS))
        got = await fetch(url, FAST)
        assert got.body == RSS and proxy.requests == []
        _only_proxy(monkeypatch, http_proxy=proxy.base, no_proxy="example.org")
        got = await fetch(url, FAST)
        assert got.error == "HTTP 502 Bad Gateway" and len(proxy.requests) == 1


async def test_all_proxy_is_the_proxy_of_every_scheme(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _only_proxy(monkeypatch, ALL_PROXY=feed_server.base.removeprefix("http://"))
    feed_server.route("/feed.xml", document(RSS))
    got = await fetch("http://feeds.example/feed.xml", FAST)  # only the proxy knows it
    assert got.body == RSS


async def test_an_unusable_proxy_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    _only_proxy(monkeypatch, http_proxy="gopher://127.0.0.1:70")
    got = await fetch("http://feeds.example/feed.xml", FAST)
    assert got.error == "the proxy gopher://127.0.0.1:70 is not one that can be used"


@pytest.mark.parametrize("setting", ["::bad::", "http://proxy:port", "http://:8080"])
async def test_a_proxy_with_no_usable_address_is_one_line(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _only_proxy(monkeypatch, http_proxy=setting)
    got = await fetch("http://feeds.example/feed.xml", FAST)
    assert got.error is not None and got.error.startswith("the proxy http://"), got.error
    assert got.error.endswith("is not a usable address"), got.error


@pytest.mark.parametrize(
    "env",
    [
        {"http_proxy": "http://p:1", "HTTP_PROXY": "http://q:2"},
        {"HTTP_PROXY": "q:2", "https_proxy": "http://s:3", "ALL_PROXY": "http://a:4"},
        {"HTTP_PROXY": "http://q:2", "REQUEST_METHOD": "GET", "all_proxy": "a:4"},
        {"http_proxy": "", "HTTP_PROXY": "http://q:2"},
        {"http_proxy": "http://p:1", "ftp_proxy": "http://f:5", "no_proxy": "example.org"},
        {"http_proxy": "http://p:1", "NO_PROXY": "*"},
        {"no_proxy": "example.org"},
        {"HTTP_proxy": "http://p:1", "Https_Proxy": "s:3", "ALL_proxy": ""},
        {"http_proxy": "http://p:1", "REQUEST_METHOD": "GET"},
        {"HTTPS_PROXY": "http://s:3", "https_proxy": ""},
        {},
    ],
)
def test_the_environments_proxies_are_read_as_urllib_reads_them(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    import urllib.request

    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name == "REQUEST_METHOD":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    theirs = urllib.request.getproxies_environment()
    expected = {
        k: v if "://" in v else f"http://{v}"
        for k, v in theirs.items()
        if k in ("http", "https", "all")
    }
    if expected and theirs.get("no"):
        expected["no"] = theirs["no"]
    if theirs.get("no") == "*":
        expected = {}
    assert http._environment_proxies() == expected


def test_a_proxy_in_the_environment_loads_no_urllib() -> None:
    """urllib.request is some 9 ms of imports before a refresh's first request."""
    code = (
        "import os, sys; os.environ['http_proxy'] = 'http://p:1'\n"
        "from reader.feeds.http import Fetcher\n"
        "from urllib.parse import urlsplit\n"
        "fetcher = Fetcher()\n"
        "assert fetcher._proxies == {'http': 'http://p:1'}\n"
        "fetcher._pool(urlsplit('http://example.org/feed'))\n"
        "assert fetcher._routes == {('http', 'example.org'): 'http://p:1'}\n"
        "print('urllib.request' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "False", run.stderr


@pytest.mark.parametrize(
    "no_proxy", ["example.org", ".example.org, localhost", "EXAMPLE.org:8080", "x,,y"]
)
@pytest.mark.parametrize(
    "hostport",
    ["example.org", "feeds.example.org", "feeds.example.org:8080", "example.org:8080",
     "badexample.org", "localhost", "LOCALHOST:80", "x", "[::1]:80", "org"],
)  # fmt: skip
def test_no_proxy_names_the_hosts_urllib_lets_through(no_proxy: str, hostport: str) -> None:
    import urllib.request

    theirs = urllib.request.proxy_bypass_environment(hostport, {"no": no_proxy})  # type: ignore[attr-defined]
    assert http._bypassed(no_proxy, hostport) == bool(theirs)


async def test_proxies_come_from_the_environment(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", feed_server.base)
    feed_server.route("/feed.xml", document(RSS))
    got = await fetch("http://feeds.example/feed.xml", FAST)  # only the proxy knows it
    assert got.body == RSS


# --- hostile answers ------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gzip", "br"])
async def test_a_compression_bomb_is_cut_off_without_filling_memory(
    feed_server: FeedServer, encoding: str
) -> None:
    zeros = bytes(64 * 1024 * 1024)
    bomb = gzip.compress(zeros) if encoding == "gzip" else brotli.compress(zeros, quality=5)
    del zeros
    assert len(bomb) < 100 * 1024
    url = feed_server.route("/bomb", status(200, {"Content-Encoding": encoding}, bomb))
    tracemalloc.start()
    try:
        got = await fetch(url, Limits(max_bytes=1024 * 1024))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got.error == "larger than 1 MB" and got.body is None
    assert peak < 8 * 1024 * 1024  # decoded a little past the limit, not 64 MB


async def test_a_bad_encoding_is_one_line(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", status(200, {"Content-Encoding": "gzip"}, b"not gzip"))
    got = await fetch(url)
    assert got.error is not None and got.error.startswith("bad gzip encoding: ")
    odd = feed_server.route("/odd.xml", status(200, {"Content-Encoding": "\x1b[31mzz"}, RSS))
    got = await fetch(odd)
    assert got.error == r"unknown content encoding '\x1b[31mzz'"  # the ESC as text


async def test_deflate_with_or_without_its_header_is_read(feed_server: FeedServer) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    bare = raw.compress(RSS) + raw.flush()
    for body in (zlib.compress(RSS), bare):
        url = feed_server.route("/feed.xml", status(200, {"Content-Encoding": "deflate"}, body))
        assert (await fetch(url)).body == RSS


async def test_a_403_is_tried_once_more_as_a_browser(feed_server: FeedServer) -> None:
    def picky(request: Request) -> Reply:
        if request.headers["user-agent"] == FALLBACK_USER_AGENT:
            return Reply(200, {}, RSS)
        return Reply(403, {}, b"Just a moment...")

    url = feed_server.route("/feed.xml", picky)
    got = await fetch(url)
    assert got.body == RSS and got.status == 200
    agents = [r.headers["user-agent"] for r in feed_server.seen("/feed.xml")]
    assert agents == [USER_AGENT, FALLBACK_USER_AGENT]


async def test_a_403_to_both_agents_is_an_error_after_two_requests(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", status(403))
    got = await fetch(url)
    assert got.error == "HTTP 403 Forbidden" and len(feed_server.seen("/feed.xml")) == 2


async def test_a_cancelled_fetch_is_cancelled(feed_server: FeedServer) -> None:
    url = feed_server.route("/hang", silent())
    async with Fetcher() as fetcher:
        task = asyncio.create_task(fetcher.fetch(url))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# --- politeness -----------------------------------------------------------------------


async def test_at_most_two_requests_at_once_go_to_one_host() -> None:
    with FeedServer(latency=0.1) as server:
        url = server.route("/feed.xml", document(RSS))
        async with Fetcher() as fetcher:
            got = await asyncio.gather(*(fetcher.fetch(url) for _ in range(6)))
    assert all(g.body == RSS for g in got)
    assert server.gauge.most == 2


async def test_at_most_sixteen_requests_at_once_overall() -> None:
    gauge = Gauge()
    # Nine loopback addresses are nine hosts: 18 could go at once but for the overall cap.
    servers = [FeedServer(host=f"127.0.0.{n}", latency=0.1, gauge=gauge) for n in range(1, 10)]
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(s).route("/feed.xml", document(RSS)) for s in servers]
        async with Fetcher() as fetcher:
            got = await asyncio.gather(*(fetcher.fetch(u) for u in urls * 4))
    assert all(g.body == RSS for g in got)
    assert gauge.most == 16
    assert max(len(s.seen("/feed.xml")) for s in servers) == 4


async def test_waiting_for_a_turn_does_not_count_against_the_deadline() -> None:
    with FeedServer(latency=0.2) as server:
        url = server.route("/feed.xml", document(RSS))
        async with Fetcher(Limits(read=0.5, total=0.5)) as fetcher:
            got = await asyncio.gather(*(fetcher.fetch(url) for _ in range(6)))
    assert [g.error for g in got] == [None] * 6  # three rounds of 0.2 s, each within 0.5 s
