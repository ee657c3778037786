"""Fetching feeds over HTTP, politely and without ever hanging: the only module that
imports httpx.

A :class:`Fetcher` holds one client for a whole refresh. :meth:`Fetcher.fetch` makes a
conditional GET, follows redirects itself (so every hop's status is seen and a permanent
move can be recorded), caps the body at :data:`MAX_BYTES` after decoding (so a gzip or
brotli bomb is caught as well as a huge or endless body), keeps at most 16 requests in
flight and 2 per host, puts a deadline on the whole fetch, and turns every failure into
one line in :attr:`Fetched.error` instead of raising. Callers can ``asyncio.gather``
hundreds of fetches on one Fetcher.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import sys
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import brotli  # type: ignore[import-untyped]

# httpx's package imports its command-line tool, and with it Rich, Click and Pygments
# whenever they are installed (Textual brings Rich). The data side loads no Rich, and we
# never use that tool: make its import fail, which httpx expects and handles.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx

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
        self._client = httpx.AsyncClient(
            trust_env=True,  # proxies from the environment
            verify=tls.context(),  # loaded once a process (see reader.feeds.tls)
            follow_redirects=False,  # followed by hand, so each hop's status is seen
            timeout=httpx.Timeout(connect=lim.connect, read=lim.read, write=lim.read, pool=None),
            limits=httpx.Limits(max_connections=lim.overall, max_keepalive_connections=lim.overall),
            headers={"Accept": ACCEPT, "A-IM": "feed", "Accept-Encoding": "gzip, deflate, br"},
        )
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
        await self._client.aclose()

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
        async with asyncio.timeout(None) as deadline:
            while True:
                if urlsplit(trail.url).scheme not in ("http", "https"):
                    raise _Refused("not an http or https URL")
                async with self._turn(trail.url):
                    if deadline.when() is None:  # the clock starts when the fetch gets its turn
                        deadline.reschedule(loop.time() + self.limits.total)
                    headers = {"User-Agent": user_agent}
                    if etag:
                        headers["If-None-Match"] = etag
                    if last_modified:
                        headers["If-Modified-Since"] = last_modified
                    async with self._client.stream("GET", trail.url, headers=headers) as response:
                        trail.status = response.status_code
                        if not 200 <= response.status_code < 300:
                            await _drain(response)
                        if response.status_code == 403 and user_agent != FALLBACK_USER_AGENT:
                            user_agent = FALLBACK_USER_AGENT
                            continue
                        target = self._redirect(trail, response)
                        if target is None:
                            return await self._answer(trail, response, etag, last_modified)
                trail.url = target

    def _redirect(self, trail: _Trail, response: httpx.Response) -> str | None:
        """The URL a redirect sends us on to (recorded in ``trail``), or None if this is
        the answer."""
        location = response.headers.get("location")
        if response.status_code not in _REDIRECTS or not location:
            return None
        target = join_url(trail.url, location.strip())
        if urlsplit(target).scheme not in ("http", "https"):
            raise _Refused("redirected to a URL that is not http or https")
        trail.seen.add(trail.url)
        if target in trail.seen:
            raise _Refused("redirect loop")
        if len(trail.seen) > self.limits.max_redirects:
            raise _Refused("too many redirects")
        if response.status_code in _PERMANENT and trail.permanent:
            trail.moved_to = target
        else:
            trail.permanent = False
        return target

    async def _answer(
        self,
        trail: _Trail,
        response: httpx.Response,
        etag: str | None,
        last_modified: str | None,
    ) -> Fetched:
        """The outcome of the last hop: its body, a 304, or the error its status means."""
        status = response.status_code
        head = response.headers
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
        body = await self._read_body(response)
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

    async def _read_body(self, response: httpx.Response) -> bytes:
        """The decoded body, refused as soon as it (or its compressed form) passes the limit."""
        limit = self.limits.max_bytes
        too_large = _Refused(f"larger than {_size(limit)}")
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        decoder = _Decoder(response.headers.get("content-encoding", ""))
        parts: list[bytes] = []
        raw = size = 0
        async for chunk in response.aiter_raw():
            raw += len(chunk)
            piece = decoder.decode(chunk, limit - size)
            size += len(piece)
            if raw > limit or size > limit:
                raise too_large
            parts.append(piece)
        return b"".join(parts)

    @contextlib.asynccontextmanager
    async def _turn(self, url: str) -> AsyncIterator[None]:
        """Wait for a free slot on the URL's host, then for one of the overall slots.

        The host slot comes first so that fetches queued behind one busy host do not
        hold overall slots that fetches to other hosts could use."""
        host = (urlsplit(url).hostname or "").lower()
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host))
        async with per_host, self._overall:
            yield


async def _drain(response: httpx.Response) -> None:
    """Read a short body (a 304's, a redirect's, an error page) to its end, unused, so
    the connection goes back to the pool instead of being closed; a longer one is left."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) <= _DRAIN_BYTES:
        async for _chunk in response.aiter_raw():
            pass


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
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"timed out connecting after {limits.connect:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {limits.read:g} s"
    if isinstance(exc, httpx.ConnectError):
        return _connect_failure(exc, url)
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the connection: {exc}"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"not a usable URL: {exc}"
    if isinstance(exc, httpx.HTTPError):
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
