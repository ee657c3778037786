"""reader.links: an article's numbered links, and opening one in the browser without
blocking and without a byte reaching the terminal (fake browsers, run for real)."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
from conftest import article_row, fake_browser, wait_for, write_articles

from reader.errors import BrowserError
from reader.links import (
    Link,
    article_links,
    footnotes,
    link_url,
    open_in_browser,
    own_link,
    web_url,
)
from reader.records import replace
from reader.types import Article

URL = "https://example.org/news/story?id=1&b=2"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="shell-script browsers")


def env(folder: Path, **values: str) -> dict[str, str]:
    """An environment whose PATH holds only ``folder`` and the shell's tools."""
    return {"PATH": f"{folder}:/usr/bin:/bin", "HOME": str(folder), **values}


# -- $BROWSER -------------------------------------------------------------------------


def test_browser_gets_the_url_and_the_call_neither_waits_nor_prints(tmp_path, capfd) -> None:
    """The browser sleeps 5 s after it starts: the call is back long before (the log has
    no ``done``), and what the browser printed went nowhere."""
    script, log = fake_browser(tmp_path)
    open_in_browser(URL, env(tmp_path, BROWSER=str(script)))
    lines = wait_for(log)
    assert lines[0] == URL
    assert "done" not in log.read_text()  # still sleeping: the call did not wait for it
    assert int(lines[1]) != os.getsid(0)  # a session of its own: no terminal to take
    assert capfd.readouterr() == ("", "")


def test_percent_s_in_browser_is_replaced_by_the_url(tmp_path) -> None:
    script, log = fake_browser(tmp_path)
    open_in_browser(URL, env(tmp_path, BROWSER=f"{script.name} --new-tab %s --private"))
    assert wait_for(log)[:3] == ["--new-tab", URL, "--private"]


def test_the_first_command_of_browser_that_exists_is_used(tmp_path) -> None:
    script, log = fake_browser(tmp_path)
    open_in_browser(URL, env(tmp_path, BROWSER=f"no-such-browser{os.pathsep}{script.name}"))
    assert wait_for(log)[0] == URL


def test_a_url_is_one_argument_and_never_reaches_a_shell(tmp_path) -> None:
    script, log = fake_browser(tmp_path)
    odd = "https://example.org/a;touch${IFS}pwned'$(id)`id`"
    open_in_browser(odd, env(tmp_path, BROWSER=str(script)))
    assert wait_for(log)[0] == odd
    assert not (tmp_path / "pwned").exists()


def test_a_browser_command_not_found_is_one_line(tmp_path, capfd) -> None:
    with pytest.raises(BrowserError, match="no-such-browser was not found"):
        open_in_browser(URL, env(tmp_path, BROWSER="no-such-browser --x"))
    assert capfd.readouterr() == ("", "")


def test_a_browser_that_fails_at_once_is_one_line(tmp_path, capfd) -> None:
    script, _ = fake_browser(tmp_path, exit_code=3, sleep=0)
    with pytest.raises(BrowserError, match=r"browser failed \(exit status 3\)"):
        open_in_browser(URL, env(tmp_path, BROWSER=str(script)))
    assert capfd.readouterr() == ("", "")


def test_an_unreadable_browser_variable_is_one_line(tmp_path) -> None:
    with pytest.raises(BrowserError, match="cannot be read as a command"):
        open_in_browser(URL, env(tmp_path, BROWSER="firefox 'unclosed"))


# -- Python's webbrowser, when $BROWSER is not set ------------------------------------


def test_without_browser_pythons_webbrowser_chooses_and_prints_nothing(tmp_path, capfd) -> None:
    _, log = fake_browser(tmp_path, "xdg-open")
    open_in_browser(URL, env(tmp_path, DISPLAY=":99", TERM="xterm"))
    assert wait_for(log)[0] == URL
    assert capfd.readouterr() == ("", "")


def test_a_text_browser_is_never_chosen_it_would_need_the_apps_terminal(tmp_path, capfd) -> None:
    """No display: Python's webbrowser would run w3m in the terminal the app draws on."""
    _, log = fake_browser(tmp_path, "w3m")
    with pytest.raises(BrowserError, match=r"no browser found: set \$BROWSER"):
        open_in_browser(URL, env(tmp_path, TERM="xterm"))
    assert not log.exists()
    assert capfd.readouterr() == ("", "")


# -- files ----------------------------------------------------------------------------


def test_a_file_url_opens_the_file_if_it_is_there(tmp_path) -> None:
    script, log = fake_browser(tmp_path)
    story = tmp_path / "a story.md"
    story.write_text("# A story\n")
    open_in_browser(story.as_uri(), env(tmp_path, BROWSER=str(script)))
    assert wait_for(log)[0] == story.as_uri()
    with pytest.raises(BrowserError, match=r"gone\.md is not there any more"):
        open_in_browser((tmp_path / "gone.md").as_uri(), env(tmp_path, BROWSER=str(script)))


# -- an article's links ---------------------------------------------------------------


def article(
    store, path: str = "/news/a.md", url: str | None = None, body: str = "Text."
) -> Article:
    """An article as the store gives it back, from a row with this path, URL and text
    (its own: rows of the same content at two paths would be one article)."""
    article_id = hashlib.blake2b(path.encode(), digest_size=8).hexdigest()
    row = replace(article_row(article_id, "Title", body), path=path, url=url)
    write_articles(store, [replace(row, content_hash=f"{row.content_hash}:{path}")])
    return store.article(article_id)


FEED_BODY = (
    "Ministers said[1] the plan would go ahead, the report[2] found.\n\n"
    "[1] https://gov.example/statement\n[2] mailto:desk@example.org"
)


def test_footnotes_are_the_numbered_links_closing_the_text() -> None:
    assert footnotes(FEED_BODY) == [
        (1, "https://gov.example/statement"),
        (2, "mailto:desk@example.org"),
    ]
    assert footnotes("Just text.\n\n[1] not a url at all") == []
    assert footnotes("A list:\n\n[1] https://a.example\nand more text") == []
    assert footnotes("[1] javascript:alert(1)") == []
    assert footnotes("") == []


def test_an_articles_links_start_with_its_page_or_its_file(store) -> None:
    web = article(
        store, path="https://site.example/s", url="https://site.example/s", body=FEED_BODY
    )
    assert article_links(web) == [
        Link(0, "https://site.example/s", "page"),
        Link(1, "https://gov.example/statement", "link"),
        Link(2, "mailto:desk@example.org", "link"),
    ]
    file = article(store, path="/news/a story.md")
    assert article_links(file) == [Link(0, "file:///news/a%20story.md", "file")]
    assert article_links(file)[0].text == "/news/a story.md"  # shown and copied as a path
    named = replace(file, url="https://site.example/s")
    assert own_link(named) == Link(0, "https://site.example/s", "page")
    assert own_link(named).text == "https://site.example/s"
    no_link = article(store, path="tag:feed.example,2026:entry-1")
    assert own_link(no_link) is None and article_links(no_link) == []
    relative = article(store, path="news/a.md")
    assert own_link(relative) is None


@pytest.mark.parametrize(
    ("value", "link", "web"),
    [
        ("https://example.org/a", "https://example.org/a", "https://example.org/a"),
        (" HTTP://example.org ", "HTTP://example.org", "HTTP://example.org"),
        ("mailto:a@example.org", "mailto:a@example.org", None),
        ("javascript:alert(1)", None, None),
        ("ftp://example.org/f", None, None),
        ("https://[::1", None, None),
        (
            "https://example.org/a b\x1b[2J",
            "https://example.org/a%20b",
            "https://example.org/a%20b",
        ),
        ("<https://example.org/x>", None, "https://example.org/x"),
        ("", None, None),
    ],
)
def test_which_links_count(value: str, link: str | None, web: str | None) -> None:
    assert link_url(value) == link
    assert web_url(value) == web
