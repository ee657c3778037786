"""Real HTTP servers on loopback for feed tests and benches: well-behaved and hostile.

:class:`FeedServer` is a threaded ``http.server`` on ``127.0.0.1`` (or another loopback
address) and port 0, answering each path with a handler of your own: a function from
:class:`Request` to :class:`Reply`. It records every request it saw, how many connections
were opened, how many requests it was answering at once (:class:`Gauge`, which several
servers may share), and can add latency to every answer. Ready-made handlers:

* :func:`document`: a body with ETag and Last-Modified, answering 304 to a request that
  sends either back, and gzip or brotli on request;
* :func:`redirect`, :func:`status`: a redirect, any status with headers;
* :func:`endless`: a body that never ends (or one of a given size, streamed);
* :func:`silent`: accepts the request and never answers until the server stops.

Use it as a context manager, or through the :func:`feed_server` fixture (import it into
a test module)::

    def test_x(feed_server):
        feed_server.route("/feed.xml", document(b"<rss/>", etag='"v1"'))
        url = feed_server.url("/feed.xml")

A reply's body may be bytes or an iterable of chunks; chunks are sent as they come with
``Connection: close`` (no length unless the handler set one), so a body can be endless
or lie about its length. A client that goes away mid-body ends the handler quietly.
"""

from __future__ import annotations

import email.utils
import gzip
import http.server
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import brotli
import pytest

__all__ = [
    "FeedServer",
    "Gauge",
    "Handler",
    "Reply",
    "Request",
    "document",
    "endless",
    "feed_server",
    "redirect",
    "silent",
    "status",
]


@dataclass(frozen=True)
class Request:
    """One request as the server saw it; header names lower-cased."""

    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class Reply:
    """An answer: status, headers, and a body of bytes or an iterable of chunks."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""


Handler = Callable[[Request], Reply]


class Gauge:
    """How many requests are being answered now, and the most there ever were at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.most = 0

    def __enter__(self) -> Gauge:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.now -= 1


class FeedServer:
    """A threaded HTTP server with per-path handlers (see the module doc).

    ``latency`` seconds are waited before each answer. ``gauge`` counts requests from
    their arrival until their answer starts (pass one :class:`Gauge` to several servers
    to count across them)."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        latency: float = 0.0,
        gauge: Gauge | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.latency = latency
        self.gauge = gauge or Gauge()
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        #: How many connections clients opened (keep-alive makes it fewer than requests).
        self.connections = 0
        self._lock = threading.Lock()
        #: Set when the server stops: handlers that wait (``silent``) return then.
        self.stopping = threading.Event()
        self._httpd = _Server((host, 0), _make_handler(self))
        #: With ``tls`` (a server-side context), HTTPS on the same kind of server.
        self.scheme = "http"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        # A short poll so that stopping takes milliseconds, not the default half second.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path

    def route(self, path: str, handler: Handler) -> str:
        """Answer ``path`` (no query) with ``handler``; returns the path's URL."""
        self.routes[path] = handler
        return self.url(path)

    def seen(self, path: str) -> list[Request]:
        """The requests made for ``path`` so far, in order."""
        return [r for r in self.requests if r.path == path]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a silent handler must not keep the test process alive

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up (a refused body, a timeout) is what these tests do.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _make_handler(server: FeedServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Answer(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real feed hosts do
        # Headers and body go out in two writes: without this, a short body waits for
        # the client's delayed ACK (40 ms), which would be timed as the client's.
        disable_nagle_algorithm = True

        def setup(self) -> None:
            super().setup()
            with server._lock:
                server.connections += 1

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            request = Request(
                self.command,
                parts.path,
                parts.query,
                {k.lower(): v for k, v in self.headers.items()},
            )
            server.requests.append(request)
            # The gauge counts a request until its answer starts. A client frees its slot
            # once it has the answer, and may send the next request before this thread has
            # finished writing; counted to the end, the two would overlap here and nowhere else.
            with server.gauge:
                if server.latency:
                    time.sleep(server.latency)
                handler = server.routes.get(parts.path, status(404))
                reply = handler(request)
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client went away: fine

        do_HEAD = do_GET

        def _send(self, reply: Reply) -> None:
            if reply.status == _SILENT:
                server.stopping.wait()
                self.close_connection = True
                return
            self.send_response(reply.status)
            headers = dict(reply.headers)
            streamed = not isinstance(reply.body, bytes)
            if streamed:
                headers["Connection"] = "close"
                self.close_connection = True
            elif reply.status not in (204, 304):  # those have no body, and most servers
                # send them without a length (nginx, Python's http.server)
                headers.setdefault("Content-Length", str(len(reply.body)))  # type: ignore[arg-type]
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            if isinstance(reply.body, bytes):
                self.wfile.write(reply.body)
                return
            for chunk in reply.body:
                if server.stopping.is_set():
                    break
                self.wfile.write(chunk)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: tests read ``server.requests`` instead

    return Answer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started :class:`FeedServer` with no latency, stopped after the test."""
    with FeedServer() as server:
        yield server


# --- ready-made handlers ------------------------------------------------------------

_SILENT = -1
_COMPRESS: dict[str, Callable[[bytes], bytes]] = {"gzip": gzip.compress, "br": brotli.compress}


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Handler:
    """Always answer ``code`` with these headers and body."""
    return lambda request: Reply(code, dict(headers or {}), body)


def redirect(location: str, code: int = 301) -> Handler:
    """Redirect to ``location`` (absolute or relative) with ``code``."""
    return status(code, {"Location": location})


def silent() -> Handler:
    """Accept the request and never answer (until the server stops)."""
    return lambda request: Reply(_SILENT)


def endless(size: int | None = None, *, declare: int | None = None, chunk: int = 65536) -> Handler:
    """A 200 whose body never ends, or ends after ``size`` bytes; ``declare`` sends that
    ``Content-Length`` (true or not)."""

    def chunks() -> Iterator[bytes]:
        block = b"<item>" + b"x" * (chunk - 6)
        sent = 0
        while size is None or sent < size:
            yield block
            sent += len(block)

    def handle(request: Request) -> Reply:
        headers = {"Content-Type": "application/rss+xml"}
        if declare is not None:
            headers["Content-Length"] = str(declare)
        return Reply(200, headers, chunks())

    return handle


def document(
    body: bytes,
    *,
    content_type: str = "application/rss+xml; charset=utf-8",
    etag: str | None = None,
    last_modified: float | None = None,
    headers: dict[str, str] | None = None,
    encoding: str = "",
) -> Handler:
    """Serve ``body`` with an ETag and a Last-Modified (seconds since the epoch), both
    honoured for 304; compressed with ``encoding`` ("gzip" or "br") when the request
    accepts it."""
    modified = email.utils.formatdate(last_modified, usegmt=True) if last_modified else None
    # Compressed once, not per request: a server's own cost must not swamp a client's.
    packed = _COMPRESS[encoding](body) if encoding else body

    def handle(request: Request) -> Reply:
        head = {"Content-Type": content_type, **(headers or {})}
        if etag:
            head["ETag"] = etag
        if modified:
            head["Last-Modified"] = modified
        match_etag = etag and request.headers.get("if-none-match") == etag
        match_date = modified and request.headers.get("if-modified-since") == modified
        if match_etag or match_date:
            return Reply(304, {k: v for k, v in head.items() if k != "Content-Type"})
        if encoding and encoding in request.headers.get("accept-encoding", ""):
            return Reply(200, {**head, "Content-Encoding": encoding}, packed)
        return Reply(200, head, body)

    return handle
