"""The certificates fetches verify servers with (reader.feeds.tls): the ones httpx would
choose, loaded once, in a thread of their own when a refresh starts."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import certifi
import httpx
import pytest
from pytest_httpserver import HTTPServer

from reader.core import Store
from reader.feeds import tls


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No context loaded yet in this process (the module's own is put back after)."""
    monkeypatch.setattr(tls, "_context", None)
    monkeypatch.setattr(tls, "_thread", None)


def _roots(context: ssl.SSLContext) -> list[dict[str, object]]:
    return sorted(context.get_ca_certs(), key=repr)


@pytest.mark.parametrize("env", ["", "SSL_CERT_FILE", "SSL_CERT_DIR"])
def test_the_certificates_are_those_httpx_chooses(
    fresh: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: str
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    one = tmp_path / "one.pem"  # one root of certifi's bundle, apart
    bundle = Path(certifi.where()).read_text()
    one.write_text(bundle[bundle.index("-----BEGIN") : bundle.index("-----END") + 60])
    if env == "SSL_CERT_FILE":
        monkeypatch.setenv(env, str(one))
    elif env == "SSL_CERT_DIR":
        monkeypatch.setenv(env, str(tmp_path))
    ours = tls.context()
    theirs = httpx.create_ssl_context(trust_env=True)
    assert _roots(ours) == _roots(theirs)
    assert ours.cert_store_stats() == theirs.cert_store_stats()
    assert ours.verify_mode == theirs.verify_mode == ssl.CERT_REQUIRED
    assert ours.check_hostname and ours.minimum_version == theirs.minimum_version
    # A folder's certificates are read as servers need them: none listed up front.
    expected = {"SSL_CERT_FILE": range(1, 2), "SSL_CERT_DIR": range(0, 1), "": range(100, 1000)}
    assert len(_roots(ours)) in expected[env]
    assert tls.context() is ours  # once a process


def test_load_soon_loads_them_in_a_thread_of_their_own(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_in: list[str] = []
    load = tls._load

    def spy() -> ssl.SSLContext:
        made_in.append(threading.current_thread().name)
        return load()

    monkeypatch.setattr(tls, "_load", spy)
    tls.load_soon()
    context = tls.context()  # waits for the thread's load, does not load again
    assert made_in == ["tls-certificates"]
    tls.load_soon()  # loaded: no other thread
    assert tls.context() is context and made_in == ["tls-certificates"]


def test_a_refresh_starts_loading_them_first(
    fresh: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(tls, "load_soon", lambda: started.append(True))
    store = Store.open(tmp_path / "news.db")
    try:
        report = store.refresh_feeds()  # no feeds: nothing is fetched
    finally:
        store.close()
    assert started == [True] and report.fetched == 0


@pytest.fixture
def slow_load(fresh: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Loading the certificates takes until the event is set (or 3 s); ended after."""
    gate = threading.Event()
    load = tls._load

    def slow() -> ssl.SSLContext:
        gate.wait(3)
        return load()

    monkeypatch.setattr(tls, "_load", slow)
    yield gate
    gate.set()
    tls.wait()


def _refresh_feeds(tmp_path: Path, httpserver: HTTPServer, answer: str | None) -> int:
    """Subscribe to as many http feeds as make worker processes, each answering with
    ``answer`` (None: 304 Not Modified), and refresh them: how many were fetched."""
    from reader.feeds import workers

    for n in range(workers.PARALLEL_FEEDS):
        feed = httpserver.expect_request(f"/feed{n}.xml")
        if answer is None:
            feed.respond_with_data("", status=304)
        else:
            feed.respond_with_data(answer, content_type="application/rss+xml")
    store = Store.open(tmp_path / "news.db")
    try:
        for n in range(workers.PARALLEL_FEEDS):
            store.add_feed(httpserver.url_for(f"/feed{n}.xml"))
        report = store.refresh_feeds()
    finally:
        store.close()
    return report.fetched + report.not_modified


def test_http_feeds_never_wait_for_the_certificates(
    slow_load: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    httpserver: HTTPServer,
) -> None:
    """Plain http needs no certificates, and no document to parse needs no worker
    process: a refresh whose feeds all answer 304 is done before they load."""
    from reader.feeds import workers

    monkeypatch.setattr(workers, "usable_cores", lambda: 2)
    assert _refresh_feeds(tmp_path, httpserver, None) == workers.PARALLEL_FEEDS
    assert tls.loading() is not None  # still loading


def test_the_parse_processes_are_forked_once_the_thread_has_ended(
    slow_load: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    httpserver: HTTPServer,
) -> None:
    """Forked, not made by a fork server, though the certificates' thread still ran when
    the refresh began: it is joined before the first process starts (a forked copy of a
    threaded process can hold a lock for ever)."""
    from concurrent.futures import ProcessPoolExecutor

    from reader.feeds import workers

    started: list[tuple[str, bool]] = []  # (start method, certificates still loading)
    launch = ProcessPoolExecutor._launch_processes  # type: ignore[attr-defined]

    def spy(pool: ProcessPoolExecutor) -> None:
        method = pool._mp_context.get_start_method()  # type: ignore[attr-defined]
        started.append((method, tls.loading() is not None))
        launch(pool)

    monkeypatch.setattr(ProcessPoolExecutor, "_launch_processes", spy)
    monkeypatch.setattr(workers, "usable_cores", lambda: 2)
    # As in the command line: no thread but this one and the certificates' (here, the
    # test server's too).
    monkeypatch.setattr(threading, "active_count", lambda: 1 + (tls.loading() is not None))
    threading.Timer(0.2, slow_load.set).start()
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert _refresh_feeds(tmp_path, httpserver, rss) == workers.PARALLEL_FEEDS
    assert started == [("fork", False)]
