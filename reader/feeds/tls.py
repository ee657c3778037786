"""The certificates HTTPS servers are checked against: chosen as httpx chooses them
(``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else certifi's bundle), loaded once a process
(httpx would load them again for every transport it makes, one more for each proxy in
the environment).

Loading certifi's bundle takes 20-30 ms, which a refresh used to spend before its first
request went out. OpenSSL reads the file without holding Python's lock, so
:func:`load_soon` starts it in a thread of its own as a refresh begins, and the refresh's
imports and database reads go on meanwhile; :func:`context` waits for it (or loads it,
when nothing started it). Only https connections ask for it, and the parse processes
are forked once it has ended (:func:`wait`): a refresh of feeds that all answer 304, or
are all plain http, never waits for it. Imports no HTTP client: the thread starts before
one is loaded.
"""

from __future__ import annotations

import os
import ssl
import threading

_lock = threading.Lock()
_context: ssl.SSLContext | None = None
_thread: threading.Thread | None = None


def context() -> ssl.SSLContext:
    """The context HTTPS fetches verify servers with; the same object every call."""
    global _context
    with _lock:  # a load under way in the thread of load_soon: wait for it
        if _context is None:
            _context = _load()
        return _context


def load_soon() -> None:
    """Start loading :func:`context` in a thread, if it is not loaded or loading."""
    global _thread
    if _context is None and _thread is None:
        _thread = threading.Thread(target=context, name="tls-certificates", daemon=True)
        _thread.start()


def loading() -> threading.Thread | None:
    """The thread of :func:`load_soon`, while it runs."""
    thread = _thread
    return thread if thread is not None and thread.is_alive() else None


def wait() -> None:
    """Return once the thread of :func:`load_soon`, if any, has ended: worker processes
    are forked only from a process that runs no other thread (see
    :func:`reader.processes.process_context`)."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def _load() -> ssl.SSLContext:
    # What httpx.create_ssl_context(trust_env=True) makes (httpx 0.28).
    if cafile := os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=cafile)
    if capath := os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=capath)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())
