"""Fetching feeds over HTTP, politely and without ever hanging: the only module that
imports the HTTP client (httpcore, the connections and HTTP/1.1 underneath httpx).

A :class:`Fetcher` holds the connections of a whole refresh. :meth:`Fetcher.fetch` makes a
conditional GET, follows redirects itself (so every hop's status is seen and a permanent
move can be recorded), caps the body at :data:`MAX_BYTES` after decoding (so a gzip or
brotli bomb is caught as well as a huge or endless body), keeps at most 16 requests in
flight and 2 per host, puts a deadline on the whole fetch, and turns every failure into
one line in :attr:`Fetched.error` instead of raising. Callers can ``asyncio.gather``
hundreds of fetches on one Fetcher.

httpcore's pools are driven directly, over asyncio's own sockets (:class:`_Stream`): what
httpx adds on top (its URL, header and request objects, cookies, auth, event hooks) and
anyio's streams under httpcore were about half of the event loop's CPU an answer, most of
a refresh of 304s. Proxies come from the environment as httpx takes them (``http_proxy``,
``https_proxy``, ``all_proxy``, ``no_proxy``, read as :mod:`urllib.request` reads them).
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import socket
import ssl
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self
from urllib.parse import SplitResult, quote, unquote, urlsplit

import brotli  # type: ignore[import-untyped]
import httpcore

from reader import __version__
from reader.clean import clean_line
from reader.feeds import tls
from reader.feeds.model import Fetched
from reader.feeds.schedule import parse_cache_control, parse_retry_after
from reader.links import join_url

__all__ = [
    "ACCEPT",
    "FALLBACK_USER_AGENT",
    "MAX_BYTES",
    "USER_AGENT",
    "Fetcher",
    "Limits",
]

USER_AGENT = f"termnews-reader/{__version__} (+https://github.com/termnews/termnews-reader)"
#: Tried once after a 403: some hosts turn away anything that does not look like a browser.
FALLBACK_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
MAX_BYTES = 15 * 1024 * 1024

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_MB = 1024 * 1024
#: An unused body up to this size is read anyway, to keep its connection open.
_DRAIN_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How far one fetch may go. Seconds for the timeouts: ``connect`` to open a
    connection, ``read`` to wait for any next bytes, ``total`` for the whole fetch
    (redirects and body included, counted from when it got its turn)."""

    max_bytes: int = MAX_BYTES
    connect: float = 10.0
    read: float = 30.0
    total: float = 60.0
    max_redirects: int = 5
    overall: int = 16
    per_host: int = 2


class _Refused(Exception):
    """A fetch given up on for a reason that is already its one-line message."""


class _Decoder:
    """Undoes one ``Content-Encoding`` without ever making more than ``room + 1`` bytes
    from one chunk: a few kilobytes of a compression bomb must not become gigabytes in
    memory before they can be counted."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding.strip().lower()
        self._zlib: zlib._Decompress | None = None
        self._brotli: brotli.Decompressor | None = None
        self._first = True
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self.encoding == "deflate":
            self._zlib = zlib.decompressobj()
        elif self.encoding == "br":
            self._brotli = brotli.Decompressor()
        elif self.encoding not in ("", "identity"):
            raise _Refused(f"unknown content encoding {self.encoding!r}")

    def decode(self, data: bytes, room: int) -> bytes:
        try:
            if self._zlib is not None:
                return self._inflate(data, room)
            if self._brotli is not None:
                return bytes(self._brotli.process(data, output_buffer_limit=room + 1))
        except (zlib.error, brotli.error) as exc:
            raise _Refused(f"bad {self.encoding} encoding: {exc}") from exc
        return data

    def _inflate(self, data: bytes, room: int) -> bytes:
        assert self._zlib is not None
        first, self._first = self._first, False
        try:
            # Output stops at room + 1 bytes: anything short of that used all the input.
            return self._zlib.decompress(data, room + 1)
        except zlib.error:
            if not (first and self.encoding == "deflate"):
                raise
            # "deflate" is sent both with and without its zlib header.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._zlib.decompress(data, room + 1)


@dataclass
class _Trail:
    """What the hops of one fetch have shown so far, kept for the answer even when a
    later hop fails."""

    asked: str  # the URL the caller gave
    url: str  # the URL of the hop being made
    status: int | None = None
    moved_to: str | None = None
    # Only an unbroken run of permanent redirects from the feed's own URL moves it.
    permanent: bool = True
    seen: set[str] = field(default_factory=set)


class Fetcher:
    """One HTTP client for many fetches; use it as ``async with Fetcher() as f``."""

    def __init__(self, limits: Limits | None = None, *, user_agent: str = USER_AGENT) -> None:
        self.limits = limits or Limits()
        self.user_agent = user_agent
        lim = self.limits
        self._timeouts = {
            "timeout": {"connect": lim.connect, "read": lim.read, "write": lim.read, "pool": None}
        }
        #: The pools requests go through, by proxy (None: direct) and whether they are
        #: https, each made when first needed (a refresh of plain http through one proxy
        #: makes one, and never waits for the certificates to load).
        self._pools: dict[tuple[str | None, bool], httpcore.AsyncConnectionPool] = {}
        self._proxies = _environment_proxies()
        self._routes: dict[tuple[str, str], str | None] = {}
        self._overall = asyncio.Semaphore(lim.overall)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._primed: dict[str, Fetched] = {}

    def prime(self, fetched: Fetched) -> None:
        """Answer the next fetch of ``fetched.url`` with ``fetched``, a response had a
        moment ago (subscribing reads a new feed once, not once to find it and again to
        store it)."""
        self._primed[fetched.url] = fetched

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client's connections."""
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """Fetch ``url``, sending ``etag`` and ``last_modified`` back (conditional GET).

        Never raises (except when cancelled): a failure is :attr:`Fetched.error`, with
        ``status`` the last HTTP status seen, if any."""
        if (ready := self._primed.pop(url, None)) is not None:
            return ready
        trail = _Trail(url, url)
        try:
            return await self._follow(trail, etag, last_modified)
        except Exception as exc:  # every failure becomes one line
            return Fetched(
                url=url,
                status=trail.status,
                final_url=trail.url,
                moved_to=trail.moved_to,
                error=_one_line(_describe(exc, self.limits, trail.url)),
            )

    async def _follow(self, trail: _Trail, etag: str | None, last_modified: str | None) -> Fetched:
        loop = asyncio.get_running_loop()
        user_agent = self.user_agent
        validators: list[tuple[bytes, bytes]] = []
        cookies: dict[str, dict[str, str]] = {}
        async with asyncio.timeout(None) as deadline:
            while True:
                parts = urlsplit(trail.url)
                if parts.scheme.lower() not in ("http", "https"):
                    raise _Refused("not an http or https URL")
                # A slot on the host first, then one of the overall slots: fetches queued
                # behind one busy host do not hold slots that other hosts could use. The
                # request is made once they are had: hundreds of fetches wait here at
                # once as a refresh starts, and the first requests go out after them all.
                per_host = self._hosts.get(host := parts.hostname or "")
                if per_host is None:
                    per_host = self._hosts[host] = asyncio.Semaphore(self.limits.per_host)
                async with per_host, self._overall:
                    if deadline.when() is None:  # the clock starts when the fetch gets its turn
                        deadline.reschedule(loop.time() + self.limits.total)
                        if etag:
                            validators.append((b"If-None-Match", _header_bytes(etag)))
                        if last_modified:
                            validators.append((b"If-Modified-Since", _header_bytes(last_modified)))
                    request = self._request(parts, user_agent, validators, cookies)
                    response = await self._pool(parts).handle_async_request(request)
                    try:
                        trail.status = status = response.status
                        head = _headers(response.headers)
                        if not 200 <= status < 300:
                            await _drain(response, head)
                            _keep_cookies(cookies, request.url.host, response.headers)
                        if status == 403 and user_agent != FALLBACK_USER_AGENT:
                            user_agent = FALLBACK_USER_AGENT
                            continue
                        target = self._redirect(trail, status, head)
                        if target is None:
                            return await self._answer(trail, response, head, etag, last_modified)
                    finally:
                        await response.aclose()
                trail.url = target

    def _request(
        self,
        parts: SplitResult,
        user_agent: str,
        validators: list[tuple[bytes, bytes]],
        cookies: dict[str, dict[str, str]],
    ) -> httpcore.Request:
        """The GET of one hop, to the URL ``parts``."""
        scheme = parts.scheme.lower()
        try:
            name, port = parts.hostname, parts.port
        except ValueError as exc:  # a port that is not a number
            raise _Refused(f"not a usable URL: {exc}") from None
        if not name:
            raise _Refused("not a usable URL: no host")
        host = _host_bytes(name)
        target = _target(parts)
        shown = b"[%b]" % host if b":" in host else host
        if port is not None and port != _DEFAULT_PORTS[scheme]:
            shown += b":%d" % port
        headers = [(b"Host", shown), *_HEADERS, (b"User-Agent", _header_bytes(user_agent))]
        headers += validators
        if parts.username is not None:  # credentials in the URL: HTTP basic auth, as httpx
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            headers.append((b"Authorization", b"Basic " + base64.b64encode(pair)))
        if jar := cookies.get(host.decode("ascii")):
            cookie = "; ".join(f"{key}={value}" for key, value in jar.items())
            headers.append((b"Cookie", _header_bytes(cookie)))
        url = httpcore.URL(scheme=scheme.encode(), host=host, port=port, target=target)
        return httpcore.Request(b"GET", url, headers=headers, extensions=self._timeouts)

    def _pool(self, parts: SplitResult) -> httpcore.AsyncConnectionPool:
        """The pool a request to ``parts`` goes through: straight, or the proxy the
        environment names for its scheme (unless ``no_proxy`` names its host)."""
        proxy = None
        scheme = parts.scheme.lower()
        if self._proxies:
            route = (scheme, parts.netloc)
            if route in self._routes:
                proxy = self._routes[route]
            else:
                proxy = self._routes[route] = _proxy_for(self._proxies, *route)
        kind = (proxy, scheme == "https")
        pool = self._pools.get(kind)
        if pool is None:
            pool = self._pools[kind] = _make_pool(*kind, self.limits)
        return pool

    def _redirect(self, trail: _Trail, status: int, head: dict[str, str]) -> str | None:
        """The URL a redirect sends us on to (recorded in ``trail``), or None if this is
        the answer."""
        location = head.get("location")
        if status not in _REDIRECTS or not location:
            return None
        target = join_url(trail.url, location.strip())
        if urlsplit(target).scheme not in ("http", "https"):
            raise _Refused("redirected to a URL that is not http or https")
        trail.seen.add(trail.url)
        if target in trail.seen:
            raise _Refused("redirect loop")
        if len(trail.seen) > self.limits.max_redirects:
            raise _Refused("too many redirects")
        if status in _PERMANENT and trail.permanent:
            trail.moved_to = target
        else:
            trail.permanent = False
        return target

    async def _answer(
        self,
        trail: _Trail,
        response: httpcore.Response,
        head: dict[str, str],
        etag: str | None,
        last_modified: str | None,
    ) -> Fetched:
        """The outcome of the last hop: its body, a 304, or the error its status means."""
        status = response.status
        done = Fetched(url=trail.asked, status=status, final_url=trail.url, moved_to=trail.moved_to)
        if status == 304:
            # A 304 need not repeat the validators; the ones sent are still good.
            return replace(
                done,
                not_modified=True,
                etag=head.get("etag") or etag,
                last_modified=head.get("last-modified") or last_modified,
                max_age=parse_cache_control(head),
            )
        if not 200 <= status < 300:
            retry_after = None
            if status in (429, 503) and "retry-after" in head:
                retry_after = parse_retry_after(head["retry-after"], datetime.now(UTC))
            return replace(done, error=_status_line(status), retry_after=retry_after)
        body = await self._read_body(response, head)
        location = head.get("content-location")
        return replace(
            done,
            body=body,
            etag=head.get("etag"),
            last_modified=head.get("last-modified"),
            max_age=parse_cache_control(head),
            headers={
                "content-type": head.get("content-type", ""),
                "content-location": join_url(trail.url, location) if location else trail.url,
            },
        )

    async def _read_body(self, response: httpcore.Response, head: dict[str, str]) -> bytes:
        """The decoded body, refused as soon as it (or its compressed form) passes the limit."""
        limit = self.limits.max_bytes
        too_large = _Refused(f"larger than {_size(limit)}")
        declared = head.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        decoder = _Decoder(head.get("content-encoding", ""))
        parts: list[bytes] = []
        raw = size = 0
        async for chunk in response.aiter_stream():
            raw += len(chunk)
            piece = decoder.decode(chunk, limit - size)
            size += len(piece)
            if raw > limit or size > limit:
                raise too_large
            parts.append(piece)
        return b"".join(parts)


_DEFAULT_PORTS = {"http": 80, "https": 443}
#: What every request says beside its host, agent and validators.
_HEADERS = (
    (b"Accept", ACCEPT.encode()),
    (b"A-IM", b"feed"),
    (b"Accept-Encoding", b"gzip, deflate, br"),
)
#: The characters a request target is sent with as they are; any other is %-encoded
#: (UTF-8), as httpx does (a space, a letter beyond ASCII).
_TARGET_OK = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%\[\]]*")


def _target(parts: SplitResult) -> bytes:
    """The request target of a URL: its path (``/`` if none) and query, %-encoded where
    a character may not go on the wire as it is."""
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    if not _TARGET_OK.fullmatch(target):
        target = quote(target, safe="-._~!$&'()*+,;=:@/?%[]")
    return target.encode("ascii")


def _host_bytes(name: str) -> bytes:
    """A host name as it goes on the wire: a name beyond ASCII in its IDNA form."""
    if name.isascii():
        return name.encode("ascii")
    try:
        return name.encode("idna")
    except UnicodeError as exc:
        raise _Refused(f"not a usable URL: {exc}") from None


def _header_bytes(value: str) -> bytes:
    # Headers come back decoded as UTF-8 where they can be (else Latin-1): sent back so.
    return value.encode("utf-8", "surrogateescape")


def _decode(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """An answer's headers by lower-case name; repeated ones joined with commas, as
    httpx's ``headers.get`` gives them."""
    head: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        text = _decode(value)
        head[key] = f"{head[key]}, {text}" if key in head else text
    return head


def _keep_cookies(
    cookies: dict[str, dict[str, str]], host: bytes, raw: Iterable[tuple[bytes, bytes]]
) -> None:
    """Keep the cookies an answer on the way (a redirect, a 403) set for its host, for
    the fetch's next hops to the same host: a site that checks for a cookie by sending
    the client round to itself still lets the feed through."""
    for name, value in raw:
        if name.lower() == b"set-cookie":
            pair = _decode(value).split(";", 1)[0]
            key, equals, content = pair.partition("=")
            if equals and key.strip():
                cookies.setdefault(host.decode("ascii"), {})[key.strip()] = content.strip()


async def _drain(response: httpcore.Response, head: dict[str, str]) -> None:
    """Read a short body (a 304's, a redirect's, an error page) to its end, unused, so
    the connection goes back to the pool instead of being closed; a longer one is left."""
    declared = head.get("content-length", "").strip()
    if response.status in (204, 304) or (declared.isdigit() and int(declared) <= _DRAIN_BYTES):
        async for _chunk in response.aiter_stream():
            pass


# --- where requests go: straight, or through the environment's proxy ------------------


def _environment_proxies() -> dict[str, str]:
    """The proxies the environment names, by scheme (``http``, ``https``, ``all``), and
    ``no`` (the hosts that go straight), as :func:`urllib.request.getproxies_environment`
    reads them, which httpx used; empty when there are none, or when ``no_proxy`` is
    ``*``. Read here, not by :mod:`urllib.request` (some 9 ms of imports before a
    refresh's first request)."""
    found = _proxy_variables()
    proxies = {
        scheme: url if "://" in url else f"http://{url}"
        for scheme, url in found.items()
        if scheme in ("http", "https", "all")
    }
    if not proxies or found.get("no") == "*":
        return {}
    if "no" in found:
        proxies["no"] = found["no"]
    return proxies


def _proxy_variables() -> dict[str, str]:
    """Every ``<scheme>_proxy`` variable's value by scheme, as urllib reads them: the
    names in any case, then over them the names that end in a lower-case ``_proxy`` (an
    empty one unsets its scheme). Under CGI (``REQUEST_METHOD`` set), ``HTTP_PROXY`` may
    come from a request's header: only ``http_proxy`` counts."""
    found: dict[str, str] = {}
    for name, value in os.environ.items():
        if value and name[-6:].lower() == "_proxy":
            found[name[:-6].lower()] = value
    if "REQUEST_METHOD" in os.environ:
        found.pop("http", None)
    for name, value in os.environ.items():
        if name[-6:] == "_proxy":
            if value:
                found[name[:-6].lower()] = value
            else:
                found.pop(name[:-6].lower(), None)
    return found


def _proxy_for(proxies: dict[str, str], scheme: str, netloc: str) -> str | None:
    """The proxy a URL of ``scheme`` on ``netloc`` goes through, if any."""
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy is None or _bypassed(proxies.get("no", ""), netloc.rpartition("@")[2]):
        return None
    return proxy


def _bypassed(no_proxy: str, hostport: str) -> bool:
    """Whether ``no_proxy`` names ``host[:port]`` or a domain it is in, as urllib says
    (only asked when the environment names a proxy and ``no_proxy``: urllib is loaded
    then)."""
    if not no_proxy:
        return False
    import urllib.request

    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return bool(bypass(hostport, {"no": no_proxy}))


def _make_pool(proxy: str | None, secure: bool, limits: Limits) -> httpcore.AsyncConnectionPool:
    """A pool of HTTP/1.1 connections, straight or through ``proxy``, over asyncio's
    sockets; for https URLs if ``secure``, verifying servers with
    :func:`reader.feeds.tls.context` (a pool for http URLs only has no need of it)."""
    common: dict[str, Any] = {
        "ssl_context": tls.context() if secure else None,
        "max_connections": limits.overall,
        "max_keepalive_connections": limits.overall,
        "keepalive_expiry": 5.0,  # httpx's
        "http1": True,
        "http2": False,
        "network_backend": _Backend(),
    }
    if proxy is None:
        return httpcore.AsyncConnectionPool(**common)
    parts = urlsplit(proxy)
    scheme = parts.scheme.lower()
    auth = None
    if parts.username is not None:
        auth = (unquote(parts.username), unquote(parts.password or ""))
    hostport = parts.netloc.rpartition("@")[2]
    try:
        usable = bool(parts.hostname) and (parts.port or 1) > 0
    except ValueError:  # a port that is not a number
        usable = False
    if not usable:
        raise _Refused(f"the proxy {scheme}://{hostport} is not a usable address")
    if scheme in ("http", "https"):
        return httpcore.AsyncHTTPProxy(
            proxy_url=f"{scheme}://{hostport}/",
            proxy_auth=auth,
            proxy_ssl_context=tls.context() if scheme == "https" else None,
            **common,
        )
    if scheme in ("socks5", "socks5h"):
        try:
            return httpcore.AsyncSOCKSProxy(
                proxy_url=f"socks5://{hostport}/", proxy_auth=auth, **common
            )
        except ImportError:  # httpcore[socks] is not installed
            pass
    raise _Refused(f"the proxy {scheme}://{hostport} is not one that can be used")


# --- the network under httpcore: asyncio's own transports -----------------------------

#: A connection stops reading from its socket while this much is waiting to be read.
_HIGH_WATER = 256 * 1024


class _Stream(asyncio.Protocol):
    """One connection, for httpcore (its ``AsyncNetworkStream``), on an asyncio transport:
    what arrives waits in a buffer until httpcore reads it, with one timer a read.

    anyio's streams, httpcore's own choice under asyncio, put a cancel scope and a few
    checkpoints around every read and write, and resolved even an IP address in a
    thread: about a third of the CPU a request took."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._ended = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None
        self._paused = False

    # The protocol's side: called by the event loop.

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._wake()
        if len(self._buffer) > _HIGH_WATER and not self._paused and self._transport:
            self._paused = True
            self._transport.pause_reading()

    def eof_received(self) -> bool:
        self._ended = True
        self._wake()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._ended = True
        self._error = exc
        self._wake()
        self.resume_writing()

    def pause_writing(self) -> None:
        if self._writable is None:
            self._writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        writable, self._writable = self._writable, None
        if writable is not None and not writable.done():
            writable.set_result(None)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # httpcore's side.

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if not self._buffer and not self._ended:
            loop = asyncio.get_running_loop()
            waiter = self._waiter = loop.create_future()
            timer = loop.call_later(timeout, _expire, waiter) if timeout is not None else None
            try:
                await waiter
            except TimeoutError:
                raise httpcore.ReadTimeout("timed out reading") from None
            finally:
                self._waiter = None
                if timer is not None:
                    timer.cancel()
        buffer = self._buffer
        if buffer:
            data = bytes(buffer[:max_bytes])
            del buffer[:max_bytes]
            if self._paused and len(buffer) <= _HIGH_WATER // 4 and self._transport:
                self._paused = False
                self._transport.resume_reading()
            return data
        if self._error is not None:
            raise httpcore.ReadError(str(self._error) or type(self._error).__name__)
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        transport = self._transport
        if transport is None or transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        transport.write(buffer)
        if self._writable is not None:
            try:
                async with asyncio.timeout(timeout):
                    await self._writable
            except TimeoutError:
                raise httpcore.WriteTimeout("timed out writing") from None

    async def aclose(self) -> None:
        if self._transport is not None:
            self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _Stream:
        assert self._transport is not None
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError:
            self._transport.close()
            raise httpcore.ConnectTimeout("timed out in the TLS handshake") from None
        except OSError as exc:  # ssl.SSLError is one
            self._transport.close()
            raise httpcore.ConnectError(str(exc)) from exc
        if transport is None:
            raise httpcore.ConnectError("the connection closed in the TLS handshake")
        self._transport = transport
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # at rest: anything read or the end means it is done
            return bool(self._buffer) or self._ended
        transport = self._transport
        if transport is None:
            return None
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        return transport.get_extra_info(info)  # ssl_object, socket


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


def _is_address(host: str) -> bool:
    """Whether ``host`` is an IP address rather than a name."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, host)
        except OSError:
            continue
        return True
    return False


class _Backend:
    """httpcore's ``AsyncNetworkBackend`` on asyncio's transports (see :class:`_Stream`)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _Stream:
        loop = asyncio.get_running_loop()
        stream = _Stream()
        try:
            async with asyncio.timeout(timeout):
                transport, _ = await loop.create_connection(
                    lambda: stream,
                    host,
                    port,
                    local_addr=(local_address, 0) if local_address else None,
                    # anyio's, for a name with several addresses (a task each: not for one)
                    happy_eyeballs_delay=None if _is_address(host) else 0.25,
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout("timed out connecting") from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        for option in socket_options or ():
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(*option)
        return stream

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _Stream:
        raise httpcore.ConnectError("no Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _status_line(status: int) -> str:
    # The standard phrase, not the server's own: that one is untrusted text.
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _describe(exc: Exception, limits: Limits, url: str) -> str:
    """The one line a failed fetch is reported with."""
    if isinstance(exc, _Refused):
        return str(exc)
    if isinstance(exc, TimeoutError):  # the deadline of the whole fetch
        return f"timed out after {limits.total:g} s"
    if isinstance(exc, httpcore.ConnectTimeout | httpcore.PoolTimeout):
        return f"timed out connecting after {limits.connect:g} s"
    if isinstance(exc, httpcore.TimeoutException):
        return f"timed out after {limits.read:g} s"
    if isinstance(exc, httpcore.ConnectError):
        return _connect_failure(exc, url)
    if isinstance(exc, httpcore.RemoteProtocolError):
        return f"the server broke the connection: {exc}"
    if isinstance(exc, httpcore.UnsupportedProtocol):
        return f"not a usable URL: {exc}"
    if isinstance(exc, httpcore.ProxyError):
        return f"the proxy refused: {exc}"
    if isinstance(exc, httpcore.ProtocolError | httpcore.NetworkError):
        return f"HTTP failure: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _connect_failure(exc: Exception, url: str) -> str:
    """Why a connection could not be made, from the OS or TLS error underneath."""
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS error: {cause.verify_message or cause.reason}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {cause.reason or cause}"
        if isinstance(cause, socket.gaierror):
            return f"DNS lookup failed for {urlsplit(url).hostname}"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
    text = str(exc)
    if "Name or service not known" in text or "getaddrinfo" in text:
        return f"DNS lookup failed for {urlsplit(url).hostname}"
    return f"connection failed: {text or type(exc).__name__}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it was raised from, exception groups opened."""
    todo, seen = [exc], set()
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, BaseExceptionGroup):
            todo.extend(item.exceptions)
        todo.extend(e for e in (item.__cause__, item.__context__) if e is not None)


def _size(n: int) -> str:
    if n % _MB == 0:
        return f"{n // _MB} MB"
    if n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"


def _one_line(text: str) -> str:
    line = clean_line(text)
    return line if len(line) <= 300 else line[:299] + "…"
