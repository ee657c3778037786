"""An article's links, and opening one in the browser.

Which links count: a link in the text is an http, https or mailto URL
(:func:`link_url`); an article's own web page is an http or https URL with a host
(:func:`web_url`), from a feed entry's link or a file's ``URL:``/``Link:`` header or
front matter. Both come back cleaned (:func:`reader.clean.clean_line`, spaces as
``%20``), so a URL can be shown, stored and handed to a browser as it is.

An article's links (:func:`article_links`) are numbered as the reading pane shows them:
0 is the article's own page (else its file, as a ``file://`` URL), and 1, 2, … the
footnotes that close its text (``[1] https://…`` lines: the form feeds and Markdown
files are read into).

:func:`open_in_browser` opens a URL in the command ``$BROWSER`` names (``%s`` replaced
by the URL, else the URL added at the end; several commands separated by ``:`` are
tried in turn), else in the browser Python's :mod:`webbrowser` finds. It returns once
the browser is started, without waiting for it to finish, and nothing the browser or
:mod:`webbrowser` writes reaches the terminal: their input and output are
``/dev/null``, and they run in a session of their own, with no terminal to take over
(a text browser that needs one is not chosen). Usable without the app (``reader
open``): nothing here imports Textual.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from reader.clean import clean_line, clean_path
from reader.errors import BrowserError
from reader.records import Record
from reader.types import Article

__all__ = [
    "Link",
    "article_links",
    "footnotes",
    "join_url",
    "link_url",
    "open_in_browser",
    "own_link",
    "web_url",
]

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})
#: How long a browser started is watched for a failure (exiting at once with an error)
#: before it is taken as opened. It is not waited for beyond this.
SETTLE = 0.2
#: How long Python's webbrowser, run in a process of its own, may take to say whether
#: it found a browser; past this it is taken as still starting one.
FALLBACK_WAIT = 5.0

# One footnote line as feeds and Markdown files are written: "[3] https://…".
_FOOTNOTE = re.compile(r"\[(?P<number>[1-9][0-9]{0,4})\] (?P<url>\S+)")

# Run in a process of its own: Python's webbrowser, told nothing of a terminal.
_WEBBROWSER = (
    "import sys, webbrowser\n"
    "try:\n"
    "    webbrowser.get()\n"
    "except webbrowser.Error:\n"
    "    sys.exit(3)\n"
    "sys.exit(0 if webbrowser.open(sys.argv[1]) else 4)\n"
)
_NO_BROWSER, _BROWSER_FAILED = 3, 4


class Link(Record):
    """One of an article's links: its number, its URL and what it is (``"page"``, the
    article's own web page; ``"file"``, its file; ``"link"``, a link in its text)."""

    number: int
    url: str
    kind: str

    @property
    def text(self) -> str:
        """The link as it is shown and copied: its URL, or a file's path."""
        if self.kind == "file":
            return unquote(urlsplit(self.url).path)
        return self.url


# What join_url takes without urljoin. A base: an http(s) URL, all printable ASCII, whose
# host part (up to the first / ? or #) has no bracket (urlsplit's one refusal) ...
# (The host's characters are written as the ASCII they are, "!" to "~" but for / ? # [ ]
# (and ; below): the same set as "none of controls, space, those, and all past ASCII",
# which took 5 ms to compile, at every start of the program.)
_PLAIN_BASE = re.compile(r'(https?://[!-"$-.0->@-Z\\^-~]+)(?:[/?#][!-~]*)?')
# ... and a link that is an http(s) URL with a host and such a path, or a path from the
# host's root ("/a/b", not "//host"), with nothing urljoin rewrites: no space or control,
# no query, fragment or ;parameters (an empty one is dropped), no . or .. segment.
_PLAIN_ABSOLUTE = re.compile(r'https?://[!-"$-.0-:<->@-Z\\^-~]+(?:/[!-"$-:<->@-~]*)?')
_PLAIN_PATH = re.compile(r"/(?!/)[!-\"$-:<->@-~]*")


def join_url(base: str | None, url: str) -> str:
    """``urljoin(base, url)`` (``url`` itself when there is no base), the same in every
    case, taken without urljoin for the plain links most feeds and pages hold: an
    absolute http(s) URL is itself, and a path from the root is the base's scheme and
    host before it. An entry's text and link each need one; urljoin takes some 5 µs.
    Raises ``ValueError`` as urljoin does."""
    if not base:
        return url
    if (found := _PLAIN_BASE.fullmatch(base)) is not None:
        if _PLAIN_ABSOLUTE.fullmatch(url) is not None:
            return url
        if _PLAIN_PATH.fullmatch(url) is not None and "/." not in url:
            return found[1] + url
    return urljoin(base, url)


def link_url(value: str) -> str | None:
    """``value`` as a link the reader keeps (http, https or mailto), cleaned; else None."""
    url = value.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket, say)
        return None
    if scheme not in LINK_SCHEMES:
        return None
    return clean_line(url).replace(" ", "%20") or None


def web_url(value: str | None) -> str | None:
    """``value`` as an article's web page, an http or https URL with a host, cleaned (an
    address written ``<https://…>`` loses its brackets); else None (``javascript:``,
    a relative path, anything else)."""
    if not value:
        return None
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    url = link_url(text)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url


def footnotes(body: str) -> list[tuple[int, str]]:
    """The numbered links that close ``body`` (its last paragraph, when every line of it
    is a ``[N] URL`` line of a link the reader keeps), in order; else none."""
    last = body.rstrip().rpartition("\n\n")[2]
    if not last.startswith("["):
        return []
    found: list[tuple[int, str]] = []
    for line in last.split("\n"):
        m = _FOOTNOTE.fullmatch(line.strip())
        url = link_url(m["url"]) if m else None
        if m is None or url is None:
            return []
        found.append((int(m["number"]), url))
    return found


def own_link(article: Article) -> Link | None:
    """Where the article itself can be opened, its link 0: its web page, else its file
    (a ``file://`` URL); None for an article with neither (a feed entry with no link)."""
    if article.url:
        return Link(0, article.url, "page")
    path = article.path
    if not path or "://" in path or not os.path.isabs(path):
        return None
    return Link(0, Path(path).as_uri(), "file")


def article_links(article: Article) -> list[Link]:
    """The article's links, numbered as shown: 0 its page (or file), then its footnotes."""
    own = own_link(article)
    links = [own] if own is not None else []
    links.extend(Link(n, url, "link") for n, url in footnotes(article.body))
    return links


# -- opening ------------------------------------------------------------------------


def open_in_browser(url: str, environ: Mapping[str, str] | None = None) -> None:
    """Open ``url`` in the browser (see the module doc); return once it is started.

    Raises :class:`BrowserError`, one line saying why, when no browser could be
    started, the one started failed at once, or a ``file://`` URL names no file.
    """
    env = dict(os.environ if environ is None else environ)
    if url.startswith("file:"):
        path = unquote(urlsplit(url).path)
        if not os.path.exists(path):
            raise BrowserError(f"the file {clean_path(path)} is not there any more")
    browser = env.get("BROWSER", "").strip()
    if browser:
        _open_with(browser, url, env)
    else:
        _open_with_webbrowser(url, env)


def _open_with(browser: str, url: str, env: dict[str, str]) -> None:
    """Try each command ``$BROWSER`` names, in turn, until one starts."""
    import shlex  # not needed until a link is opened

    problem = f"$BROWSER names no command that can be found ({clean_path(browser)})"
    for entry in browser.split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:  # an unclosed quote
            problem = f"$BROWSER cannot be read as a command ({clean_path(entry)})"
            continue
        if not words:
            continue
        program = shutil.which(words[0], path=env.get("PATH"))
        if program is None:
            problem = f"the browser command {clean_path(words[0])} was not found ($BROWSER)"
            continue
        args = [word.replace("%s", url) for word in words[1:]]
        if "%s" not in entry:
            args.append(url)
        try:
            _start([program, *args], env, SETTLE, words[0])
        except BrowserError as exc:
            problem = str(exc)
            continue
        return
    raise BrowserError(problem)


def _open_with_webbrowser(url: str, env: dict[str, str]) -> None:
    """Python's webbrowser, in a process of its own: what it prints goes nowhere, and
    without ``TERM`` it never picks a text browser, which would need the app's terminal."""
    env.pop("TERM", None)
    command = [sys.executable, "-I", "-c", _WEBBROWSER, url]
    code = _start(command, env, FALLBACK_WAIT, "Python's webbrowser", check=False)
    if code == _NO_BROWSER:
        raise BrowserError("no browser found: set $BROWSER to the command of one")
    if code == _BROWSER_FAILED or (code is not None and code != 0):
        raise BrowserError("the browser Python's webbrowser chose could not be started")


def _start(
    command: list[str], env: dict[str, str], wait: float, name: str, *, check: bool = True
) -> int | None:
    """Start ``command`` detached from the terminal; its exit code if it ends within
    ``wait`` seconds (with ``check``, an error if that code is not 0), else None."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise BrowserError(
            f"the browser {clean_path(name)} could not be started ({exc.strerror or exc})"
        ) from None
    try:
        code = process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        # Still running (a browser stays open): collected when it ends, not waited for.
        threading.Thread(target=process.wait, name="browser", daemon=True).start()
        return None
    if check and code != 0:
        raise BrowserError(f"the browser {clean_path(name)} failed (exit status {code})")
    return code
