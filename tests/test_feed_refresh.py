"""Refreshing feeds end to end, against a real HTTP server on 127.0.0.1: subscribing
(a web page's feed found), new entries stored as articles with their people, a 304 that
costs nothing, an edited entry updated in place with its notes kept, a feed that swaps
its ids, a failing feed that fails nobody else, a feed that is gone, and the CLI's
commands and lines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.cli import main
from reader.core import Store
from reader.errors import FeedError

BODY = (
    "<p>Kim Kardashian spoke on Tuesday about the new show. "
    "Kanye West did not comment, his spokesman said.</p><p>More follows.</p>"
)


def item(guid: str, title: str, body: str = BODY, link: str | None = None) -> str:
    link = link or f"https://news.example/{guid}"
    return (
        f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[{body}]]></description></item>"
    )


def rss(*items: str, title: str = "Example News") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example/</link>"
        + "".join(items)
        + "</channel></rss>"
    )


class Feed:
    """A feed the server serves, with an ETag, answering 304 when it has not changed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.version = 1
        self.requests = 0
        self.conditional = 0

    def set(self, text: str) -> None:
        self.text = text
        self.version += 1

    def handler(self, request: Request) -> Response:
        self.requests += 1
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            self.conditional += 1
            return Response(status=304, headers={"ETag": etag})
        return Response(
            self.text, content_type="application/rss+xml; charset=utf-8", headers={"ETag": etag}
        )


@pytest.fixture
def served(httpserver: HTTPServer) -> Iterator[tuple[HTTPServer, Feed]]:
    feed = Feed(rss(item("a1", "First story"), item("a2", "Second story")))
    httpserver.expect_request("/feed.xml").respond_with_handler(feed.handler)
    yield httpserver, feed


def test_subscribing_fetches_the_feed_at_once(store: Store, served) -> None:
    server, served_feed = served
    feed, report = store.subscribe(server.url_for("/feed.xml"))
    assert (report.fetched, report.new, report.failed) == (1, 2, 0)
    assert served_feed.requests == 1  # read once to know it is a feed, and stored from that
    assert store.refresh_feeds([feed.id]).not_modified == 1  # its ETag was kept
    assert feed.name == "Example News" and feed.articles == 2 and feed.last_error is None
    titles = {a.title for a in store.page(0, 10)}
    assert titles == {"First story", "Second story"}
    article = store.article(store.page(0, 10)[0].id)
    assert article.url and article.url.startswith("https://news.example/")
    assert article.feed_title == "Example News" and article.source == "Example News"
    assert "Kim Kardashian" in article.body
    names = {p.name for p in store.people()}
    assert {"Kim Kardashian", "Kanye West"} <= names
    assert store.search("kardashian")


def test_a_web_page_that_links_to_its_feed_subscribes_to_the_feed(store: Store, served) -> None:
    server, _ = served
    page = (
        "<html><head><title>Example</title>"
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        "<body>Hello</body></html>"
    )
    server.expect_request("/").respond_with_data(page, content_type="text/html")
    feed, report = store.subscribe(server.url_for("/"))
    assert feed.url == server.url_for("/feed.xml") and report.new == 2
    assert served[1].requests == 1


def test_a_page_with_no_feed_subscribes_to_nothing(store: Store, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(
        "<html><p>hi</p></html>", content_type="text/html"
    )
    with pytest.raises(FeedError, match="links to no feed"):
        store.subscribe(httpserver.url_for("/"))
    assert store.feeds() == []


def test_an_unchanged_feed_is_asked_for_with_its_etag_and_costs_no_parse(
    store: Store, served
) -> None:
    server, feed = served
    store.subscribe(server.url_for("/feed.xml"))
    report = store.refresh_feeds([server.url_for("/feed.xml")])
    assert (report.fetched, report.not_modified, report.new) == (0, 1, 0)
    assert feed.conditional == 1


def test_a_refresh_of_304s_leaves_the_spelling_index_alone_unless_articles_wait_for_it(
    store: Store, served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import article_row, write_articles

    from reader.session import ImportSession

    server, _ = served
    store.subscribe(server.url_for("/feed.xml"))
    refreshed: list[int] = []
    spelling = ImportSession.refresh_spelling

    def spy(session: ImportSession):  # type: ignore[no-untyped-def]
        refreshed.append(1)
        return spelling(session)

    monkeypatch.setattr(ImportSession, "refresh_spelling", spy)
    store.refresh_feeds([server.url_for("/feed.xml")])
    assert refreshed == []  # nothing written, nothing waits: not even loaded
    write_articles(store, [article_row("waiting", "Zeppelinesque words")])  # waits for it
    report = store.refresh_feeds([server.url_for("/feed.xml")])
    assert report.not_modified == 1 and refreshed == [1]
    assert store.search("zeppelinesqe")  # a typo of the waiting article's word: found


def test_an_edited_entry_is_updated_in_place_and_keeps_its_note_bookmark_and_read_state(
    store: Store, served
) -> None:
    server, feed = served
    store.subscribe(server.url_for("/feed.xml"))
    first = next(a for a in store.page(0, 10) if a.title == "First story")
    store.set_bookmark(first.id)
    store.set_read([first.id])
    store.add_note(first.id, "watch this", quote="More follows.")
    feed.set(
        rss(
            item("a1", "First story, updated", BODY + "<p>An update.</p>"),
            item("a2", "Second story"),
        )
    )
    report = store.refresh_feeds(["Example News"])
    assert (report.fetched, report.new, report.updated) == (1, 0, 1)
    article = store.article(first.id)
    assert article.title == "First story, updated" and "An update." in article.body
    assert store.is_bookmarked(first.id)
    assert store.is_read(first.id) and article.read and store.unread_count() == 1
    (note,) = store.notes()
    assert note.article_id == first.id and not note.detached


def test_a_feed_that_swaps_its_ids_keeps_one_article_a_story(store: Store, served) -> None:
    server, feed = served
    store.subscribe(server.url_for("/feed.xml"))
    before = sorted(a.id for a in store.page(0, 10))
    # A new system: every guid changed, the links did not.
    feed.set(
        rss(
            item("new-1", "First story", link="https://news.example/a1"),
            item("new-2", "Second story", link="https://news.example/a2"),
        )
    )
    report = store.refresh_feeds(["Example News"])
    assert report.new == 0
    assert sorted(a.id for a in store.page(0, 10)) == before


def test_entries_that_leave_the_feed_stay_in_the_archive(store: Store, served) -> None:
    server, feed = served
    store.subscribe(server.url_for("/feed.xml"))
    feed.set(rss(item("a3", "Third story")))
    report = store.refresh_feeds(["Example News"])
    assert report.new == 1 and store.count() == 3


def test_one_failing_feed_fails_nobody_else_and_is_remembered(store: Store, served) -> None:
    server, _ = served
    server.expect_request("/broken.xml").respond_with_data("oops", status=500)
    store.add_feed(server.url_for("/broken.xml"))
    store.add_feed(server.url_for("/feed.xml"))
    report = store.refresh_feeds()
    assert (report.fetched, report.failed, report.new) == (1, 1, 2)
    (issue,) = report.issues
    assert issue.feed == server.url_for("/broken.xml") and "500" in issue.reason
    broken = store.feed(server.url_for("/broken.xml"))
    assert broken.failures == 1 and "500" in (broken.last_error or "")
    assert broken.next_fetch and broken.next_fetch > (broken.last_fetch or "")
    # Not due again at once: a second refresh of what is due leaves it alone.
    assert store.refresh_feeds().failed == 0


def test_a_feed_that_is_gone_is_marked_dead_and_no_longer_fetched(
    store: Store, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone.xml").respond_with_data("", status=410)
    store.add_feed(httpserver.url_for("/gone.xml"))
    report = store.refresh_feeds()
    assert report.failed == 1 and "no longer fetched" in report.issues[0].reason
    assert store.feed(httpserver.url_for("/gone.xml")).dead
    assert store.refresh_feeds().failed == 0


def test_a_slow_feed_is_retried_after_what_its_server_asked(store: Store, httpserver) -> None:
    later = format_datetime(datetime(2030, 1, 1, tzinfo=UTC), usegmt=True)
    httpserver.expect_request("/busy.xml").respond_with_data(
        "busy", status=429, headers={"Retry-After": later}
    )
    store.add_feed(httpserver.url_for("/busy.xml"))
    store.refresh_feeds()
    feed = store.feed(httpserver.url_for("/busy.xml"))
    assert feed.last_status == 429 and feed.next_fetch and feed.next_fetch > "2026-12-20"


def test_removing_a_feed_keeps_what_the_user_marked(store: Store, served) -> None:
    server, _ = served
    store.subscribe(server.url_for("/feed.xml"))
    kept = store.page(0, 10)[0].id
    store.set_bookmark(kept)
    assert store.remove_feed("Example News") == (1, 1)
    assert [a.id for a in store.page(0, 10)] == [kept]


# -- the command line --------------------------------------------------------------------


def test_the_cli_subscribes_refreshes_and_lists(tmp_path, served, capsys) -> None:
    server, _ = served
    db = str(tmp_path / "news.db")
    assert main(["--db", db, "feed", "add", server.url_for("/feed.xml")]) == 0
    out = capsys.readouterr().out
    assert "subscribed to Example News" in out and "2 new articles" in out
    assert main(["--db", db, "refresh", "--all"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "1 feed: 0 fetched, 1 not modified, 0 failed; 0 new articles, 0 updated"
    assert main(["--db", db, "feed", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["title"] == "Example News" and listed["articles"] == 2
    assert listed["unread"] == 2
    assert listed["last_error"] is None and listed["next_fetch"]
    assert main(["--db", db, "list", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]["id"]
    assert main(["--db", db, "mark-read", first]) == 0
    capsys.readouterr()
    assert main(["--db", db, "feed", "list"]) == 0
    assert "Example News  (2 articles, 1 unread, ok)" in capsys.readouterr().out


def test_the_cli_names_each_failed_feed_on_one_line(tmp_path, httpserver, capsys) -> None:
    httpserver.expect_request("/nope.xml").respond_with_data("", status=404)
    db = str(tmp_path / "news.db")
    with Store.open(db) as store:
        store.add_feed(httpserver.url_for("/nope.xml"))
    assert main(["--db", db, "refresh"]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith(f"failed: {httpserver.url_for('/nope.xml')}: ")
    assert "404" in err
    assert "1 failed" in out


def test_feed_list_says_when_each_feed_was_fetched_and_will_be(tmp_path, served, capsys) -> None:
    server, _ = served
    server.expect_request("/gone.xml").respond_with_data("", status=410)
    server.expect_request("/nope.xml").respond_with_data("", status=404)
    db = str(tmp_path / "news.db")
    with Store.open(db) as store:
        store.subscribe(server.url_for("/feed.xml"))
        store.add_feed(server.url_for("/gone.xml"))
        store.add_feed(server.url_for("/nope.xml"))
        store.refresh_feeds()
    assert main(["--db", db, "feed", "list"]) == 0
    blocks = re.split(r"\n(?= *\d+  )", capsys.readouterr().out)
    fine = next(b for b in blocks if "Example News" in b)
    gone = next(b for b in blocks if "/gone.xml" in b)
    broken = next(b for b in blocks if "/nope.xml" in b)
    assert re.search(r"last fetched just now \(\d{4}-\d\d-\d\d \d\d:\d\d\)", fine)
    assert re.search(r"next fetch in (5\d min|1 h) \(", fine)  # the hour, less its jitter
    assert "last fetched never" in gone and "next fetch never (gone)" in gone
    assert "last fetched never" in broken and "next fetch in " in broken
    assert "error: HTTP 404" in broken


def test_removing_without_a_terminal_asks_for_yes(tmp_path, served, capsys) -> None:
    server, _ = served
    db = str(tmp_path / "news.db")
    assert main(["--db", db, "feed", "add", server.url_for("/feed.xml")]) == 0
    assert main(["--db", db, "feed", "remove", "Example News"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["--db", db, "feed", "remove", "Example News", "--yes"]) == 0
    assert "2 removed" in capsys.readouterr().out


def test_show_json_names_the_url_and_the_feed(tmp_path, served, capsys) -> None:
    server, _ = served
    db = str(tmp_path / "news.db")
    main(["--db", db, "feed", "add", server.url_for("/feed.xml")])
    with Store.open(db) as store:
        article_id = store.page(0, 1)[0].id
    capsys.readouterr()
    assert main(["--db", db, "show", article_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (
        shown["url"].startswith("https://news.example/") and shown["feed_title"] == "Example News"
    )
    assert isinstance(shown["feed"], int)


# -- moves -------------------------------------------------------------------------------


def test_a_moved_feed_is_followed_once_the_move_has_held_for_a_week(store: Store, served) -> None:
    from datetime import timedelta

    server, _ = served
    server.expect_request("/old.xml").respond_with_data(
        "", status=301, headers={"Location": server.url_for("/feed.xml")}
    )
    feed, _ = store.add_feed(server.url_for("/old.xml"))
    start = datetime(2026, 12, 1, tzinfo=UTC)
    refresh_at(store, feed.id, start)
    moving = store.feed(str(feed.id))
    assert moving.url == server.url_for("/old.xml")
    assert moving.redirect_url == server.url_for("/feed.xml") and store.count() == 2
    ids = sorted(a.id for a in store.page(0, 10))
    refresh_at(store, feed.id, start + timedelta(days=8))
    moved = store.feed(str(feed.id))
    assert moved.url == server.url_for("/feed.xml") and moved.redirect_url is None
    assert sorted(a.id for a in store.page(0, 10)) == ids  # the articles kept their ids


def refresh_at(store: Store, feed_id: int, when: datetime):  # type: ignore[no-untyped-def]
    from reader.feeds.refresh import refresh

    return refresh(store, [feed_id], now=when)


# -- a saved page, and OPML on the command line -------------------------------------------


def serve_story(httpserver: HTTPServer, title: str, paragraph: str) -> str:
    """Serve a web page holding one article at /story; its URL."""
    page = (
        f"<html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{paragraph}</p></article></body></html>"
    )
    httpserver.expect_request("/story").respond_with_data(page, content_type="text/html")
    return httpserver.url_for("/story")


def test_add_url_saves_one_page_and_again_updates_it(tmp_path, httpserver, capsys) -> None:
    serve_story(httpserver, "Storm closes the harbour road", "Jane Morris said the sea came over.")
    db = str(tmp_path / "news.db")
    assert main(["--db", db, "add-url", httpserver.url_for("/story")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("saved ") and "Storm closes the harbour road" in out
    assert main(["--db", db, "add-url", httpserver.url_for("/story")]) == 0
    assert capsys.readouterr().out.startswith("updated ")
    with Store.open(db) as store:
        (article,) = store.page(0, 10)
        full = store.article(article.id)
        assert full.url == httpserver.url_for("/story") and full.feed_id is None
        assert "Jane Morris" in full.body and store.feeds() == []


def test_a_saved_page_knows_the_people_the_archive_found_from_context(
    tmp_path, httpserver, capsys
) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "spoke.txt").write_text(
        "Title: Safin wins\n\nSafin wins\n\nMarat Safin said he was tired. Safin won.\n",
        encoding="utf-8",
    )
    url = serve_story(
        httpserver, "Safin loses", "Marat Safin suffered a shock loss. Safin showed some touches."
    )
    db = str(tmp_path / "news.db")
    assert main(["--db", db, "ingest", str(tmp_path / "news")]) == 0
    assert main(["--db", db, "add-url", url]) == 0
    capsys.readouterr()
    with Store.open(db) as store:
        assert store.person("Marat Safin").articles == 2


def test_opml_goes_out_and_comes_back_in(tmp_path, served, capsys) -> None:
    server, _ = served
    db, other = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert main(["--db", db, "feed", "add", server.url_for("/feed.xml"), "--folder", "Daily"]) == 0
    out = tmp_path / "subs.opml"
    assert main(["--db", db, "opml", "export", "--output", str(out)]) == 0
    capsys.readouterr()
    assert main(["--db", other, "opml", "import", str(out)]) == 0
    assert capsys.readouterr().out.startswith("1 feed added, 0 already there")
    with Store.open(other) as store:
        (feed,) = store.feeds()
        assert (feed.url, feed.folder, feed.name) == (
            server.url_for("/feed.xml"),
            "Daily",
            "Example News",
        )


def test_a_file_that_is_not_opml_is_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n")
    assert main(["--db", str(tmp_path / "n.db"), "opml", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an OPML file" in err and "notes.txt" in err


# Run in a fresh interpreter: multiprocessing's helper processes, once started by an
# earlier test, would hide a failure to start them.
PARSERS_UNDER_THE_APP = """
import os, sys, threading
from reader.feeds import workers


class Captured:  # Textual's capture of stderr while the app runs: no file number
    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def fileno(self):
        return -1


def parse_in_a_worker_thread():
    with workers.parsers(workers.PARALLEL_FEEDS) as pool:
        found.append(pool.submit(os.getpid).result() if pool is not None else None)


if __name__ == "__main__":
    sys.stderr = Captured()
    found = []
    worker = threading.Thread(target=parse_in_a_worker_thread)
    worker.start()
    worker.join()
    print(found[0] not in (None, os.getpid()), file=sys.stdout)
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="parses in processes from 2 cores")
def test_a_refresh_in_the_app_parses_in_processes_though_stderr_is_captured(tmp_path) -> None:
    script = tmp_path / "parsers.py"
    script.write_text(PARSERS_UNDER_THE_APP)
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert run.stdout.strip() == "True", run.stdout + run.stderr


def test_adding_a_feed_twice_says_it_is_there_already(tmp_path, served, capsys) -> None:
    server, feed = served
    db = str(tmp_path / "news.db")
    assert main(["--db", db, "feed", "add", server.url_for("/feed.xml")]) == 0
    capsys.readouterr()
    assert main(["--db", db, "feed", "add", server.url_for("/feed.xml")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "already subscribed to Example News" in err
    assert feed.requests == 1  # read once, when it was added; not again


def test_a_search_during_a_refresh_does_not_wait_for_its_writes(
    tmp_path, served, monkeypatch
) -> None:
    """The refresh writes on a connection of its own: while it holds a write transaction
    open, the store still answers a search (the app's keys during ``R``)."""
    import threading

    from reader.storage import feeds as feed_rows

    server, served_feed = served
    with Store.open(tmp_path / "news.db") as store:
        feed, _ = store.subscribe(server.url_for("/feed.xml"))
        served_feed.set(rss(item("a3", "Third story"), item("a1", "First story")))
        writing, searched = threading.Event(), threading.Event()
        record = feed_rows.record_fetch

        def held(conn, fetch):  # inside the refresh's write transaction
            record(conn, fetch)
            writing.set()
            searched.wait(10)

        monkeypatch.setattr(feed_rows, "record_fetch", held)
        refresh = threading.Thread(target=store.refresh_feeds, args=([feed.id],))
        refresh.start()
        try:
            assert writing.wait(10), "the refresh never wrote"
            found: list[list[str]] = []
            search = threading.Thread(
                target=lambda: found.append([h.summary.title for h in store.search("story")])
            )
            search.start()
            search.join(5)
            assert found, "the search waited for the refresh's write"
            assert sorted(found[0]) == ["First story", "Second story"]  # not the third yet
        finally:
            searched.set()
            refresh.join(10)
        assert {a.title for a in store.page(0, 10)} >= {"Third story"}


def test_someone_found_from_context_in_a_feed_is_a_person_in_its_other_entries(
    tmp_path, httpserver: HTTPServer, capsys
) -> None:
    """No list knows "Marat Safin": the entry where he speaks makes him someone, and the
    refresh finds him again in the entry that only names him. A database made by
    `opml import` notes its finder at its first refresh, so that nothing else is read
    again (every article was, once something asked for people to be found again)."""
    feed = Feed(
        rss(
            item("s1", "Safin wins", "<p>Marat Safin said he was tired. Safin won.</p>"),
            item("s2", "Safin loses", "<p>Marat Safin suffered a loss. Safin showed touch.</p>"),
            item("s3", "Other news", "<p>Nothing else happened.</p>"),
        )
    )
    httpserver.expect_request("/feed.xml").respond_with_handler(feed.handler)
    db, opml = str(tmp_path / "a.db"), tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline type="rss" text="News" xmlUrl="{httpserver.url_for("/feed.xml")}"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    assert main(["--db", db, "opml", "import", str(opml)]) == 0
    written = []
    from reader.storage import people_write

    real = people_write.PeopleWriter.write

    def write(self, conn, articles):  # type: ignore[no-untyped-def]
        written.append(len(articles))
        return real(self, conn, articles)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(people_write.PeopleWriter, "write", write)
        assert main(["--db", db, "refresh"]) == 0
    capsys.readouterr()
    with Store.open(db) as store:
        assert store.person("Marat Safin").articles == 2
        assert store.people_pending() == 0
    assert sum(written) == 3 + 1  # the three entries, then the one that names him again
