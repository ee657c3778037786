"""The whole article behind a summary-only entry: fetched from its web page (served here
on 127.0.0.1), stored beside the feed's own text, searchable, its people found; a feed
set to full text gets it at each refresh; without the extractor, one line says how to
install it; in the app F fetches it, and F again shows the feed's own text."""

from __future__ import annotations

import pytest
from conftest import settle

from reader.app import make_app
from reader.cli import main
from reader.core import Store
from reader.errors import FeedError
from reader.feeds import fulltext
from tests import feed_servers
from tests.feed_servers import FeedServer, document

feed_server = feed_servers.feed_server

PAGE = (
    "<html><head><title>Harbour road closed</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>Harbour road closed after the storm</h1>"
    + "".join(
        f"<p>Paragraph {n}: the council said the harbour road would stay closed while "
        "engineers from the county checked the sea wall, and Jane Morris, who runs the "
        "bakery by the quay, said trade had halved since the water came over.</p>"
        for n in range(6)
    )
    + "<p>The zephyrine barrier is to be rebuilt by the spring.</p></article>"
    "<footer>Copyright the Example Gazette</footer></body></html>"
).encode()


def feed_linking_to(page_url: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        f"<item><guid>h1</guid><title>Harbour road closed</title><link>{page_url}</link>"
        "<description>The harbour road is closed.</description></item></channel></rss>"
    ).encode()


@pytest.fixture
def gazette(feed_server: FeedServer) -> str:
    page = feed_server.route("/story", document(PAGE, content_type="text/html"))
    return feed_server.route("/feed.xml", document(feed_linking_to(page)))


def test_the_full_text_is_fetched_and_kept_beside_the_feed_s_own(
    store: Store, gazette: str
) -> None:
    store.subscribe(gazette)
    (summary,) = store.page(0, 10)
    assert store.search("zephyrine") == []
    article = store.fetch_fulltext(summary.id)
    assert "zephyrine barrier" in article.body and "Copyright" not in article.body
    assert article.feed_body == "The harbour road is closed."
    assert article.fulltext_url and article.fulltext_url.endswith("/story")
    assert article.fulltext_extractor == "trafilatura" and article.fulltext_at
    assert [h.summary.id for h in store.search("zephyrine")] == [summary.id]
    assert "Jane Morris" in {p.name for p in store.people()}


def test_a_feed_set_to_full_text_gets_it_at_each_refresh(store: Store, gazette: str) -> None:
    feed, _ = store.add_feed(gazette)
    store.set_feed_options(str(feed.id), fulltext=True)
    report = store.refresh_feeds([feed.id])
    assert report.new == 1 and not report.issues
    (summary,) = store.page(0, 10)
    article = store.article(summary.id)
    assert "zephyrine" in article.body and article.feed_body == "The harbour road is closed."


def test_without_the_extractor_one_line_says_how_to_install_it(
    store: Store, gazette: str, feed_server: FeedServer, monkeypatch
) -> None:
    store.subscribe(gazette)
    monkeypatch.setattr(fulltext, "available", lambda: False)
    (summary,) = store.page(0, 10)
    asked = len(feed_server.requests)
    with pytest.raises(FeedError, match=r"pip install 'termnews-reader\[fulltext\]'"):
        store.fetch_fulltext(summary.id)
    assert len(feed_server.requests) == asked  # not fetched for nothing
    assert store.article(summary.id).body == "The harbour road is closed."


def test_the_cli_fetches_the_full_text(tmp_path, gazette: str, capsys) -> None:
    db = str(tmp_path / "news.db")
    assert main(["--db", db, "feed", "add", gazette]) == 0
    with Store.open(db) as store:
        article_id = store.page(0, 1)[0].id
    capsys.readouterr()
    assert main(["--db", db, "fulltext", article_id[:6]]) == 0
    out = capsys.readouterr().out
    assert out.startswith(article_id) and "words from" in out and "/story" in out


async def test_f_fetches_the_full_text_and_f_again_shows_the_feed_s(db_path, gazette: str) -> None:
    with Store.open(db_path) as store:
        store.subscribe(gazette)
        app = make_app(store)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            pane = app.screen.reading_pane
            await pilot.press("F")
            await settle(pilot)
            await pilot.pause(0.1)
            await settle(pilot)
            shown = "\n".join(b.text for b in pane.blocks)
            assert "zephyrine barrier" in shown and "Full text from the web page" in shown
            await pilot.press("F")
            await settle(pilot)
            shown = "\n".join(b.text for b in pane.blocks)
            assert "zephyrine" not in shown and "The feed's own text" in shown


def test_a_full_text_that_cannot_be_saved_is_a_note_not_a_failed_feed(
    store: Store, gazette: str, monkeypatch
) -> None:
    from reader.errors import StoreError
    from reader.session import ImportSession

    def full_disk(self, *args):  # type: ignore[no-untyped-def]
        raise StoreError("the disk is full")

    monkeypatch.setattr(ImportSession, "write_fulltext", full_disk)
    feed, _ = store.add_feed(gazette)
    store.set_feed_options(str(feed.id), fulltext=True)
    report = store.refresh_feeds([feed.id])
    assert (report.fetched, report.failed, report.new) == (1, 0, 1)
    (note,) = report.issues
    assert not note.failed and "the disk is full" in note.reason
    assert store.feed(str(feed.id)).last_error is None
