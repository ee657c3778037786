"""Feed entries made article rows (reader.feeds.entries): stable ids that never depend on
the feed's URL, the body and dek, dates clamped, fields cleaned and cut, and a content
hash that changes when the entry is edited."""

from __future__ import annotations

from dataclasses import replace

from reader.clean import clean_text
from reader.feeds.entries import FEED_PARSER_VERSION, article_id_for, entry_row
from reader.feeds.model import EntryData
from reader.feeds.parse import parse_feed
from reader.parse import MAX_FIELD_CHARS
from reader.types import ArticleRow

NOW = "2026-03-05T12:00:00.000000+00:00"

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour News</title><link>https://news.example.org/</link>
  <item>
    <title>Storm closes the road</title>
    <link>https://news.example.org/storm</link><guid isPermaLink="false">storm-1</guid>
    <author>desk@example.org (Jane Morris)</author>
    <pubDate>Tue, 03 Mar 2026 23:30:00 -0200</pubDate>
    <description>Drivers are told to use the A39 while the council clears the quay.</description>
    <content:encoded><![CDATA[<p>Heavy rain closed the coast road on Tuesday.</p>
      <p>See <a href="/map">the map</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title>Summary only</title><link>https://news.example.org/short</link>
    <guid isPermaLink="false">short-1</guid>
    <description>Just a few words of summary.</description>
  </item>
</channel></rss>"""


def _rows() -> list[ArticleRow]:
    feed = parse_feed(FEED, "https://news.example.org/feed.xml")
    return [entry_row(e, feed_id=7, source="Harbour News", now=NOW) for e in feed.entries]


def test_a_parsed_entry_becomes_a_row_as_the_store_takes_it() -> None:
    storm, short = _rows()
    assert storm.id == article_id_for(7, "storm-1")
    assert len(storm.id) == 16 and int(storm.id, 16) >= 0
    assert storm.title == "Storm closes the road"
    assert storm.body == (
        "Heavy rain closed the coast road on Tuesday.\n\n"
        "See the map[1].\n\n"
        "[1] https://news.example.org/map"
    )
    assert storm.dek == "Drivers are told to use the A39 while the council clears the quay."
    assert storm.date == "2026-03-04"  # 23:30 at -02:00 is the next day in UTC
    assert storm.author == "desk@example.org (Jane Morris)"
    assert (storm.url, storm.path) == ("https://news.example.org/storm",) * 2
    assert (storm.source, storm.feed_id) == ("Harbour News", 7)
    assert storm.words == len(storm.body.split())
    assert storm.parser_version == FEED_PARSER_VERSION
    assert storm.imported_at == storm.updated_at == NOW
    assert short.body == "Just a few words of summary." and short.dek is None


def test_ids_depend_on_the_feed_row_and_key_only() -> None:
    entry = EntryData(key="k", title="t", link="https://old.example/a")
    moved = replace(entry, link="https://new.example/a", base="https://new.example/")
    first = entry_row(entry, feed_id=1, source="s", now=NOW)
    assert first.id == entry_row(moved, feed_id=1, source="s", now=NOW).id
    assert first.id != entry_row(entry, feed_id=2, source="s", now=NOW).id
    assert first.id != entry_row(replace(entry, key="k2"), feed_id=1, source="s", now=NOW).id
    assert article_id_for(1, "a\0b") != article_id_for(1, "a") != article_id_for(10, "a")


def test_a_saved_page_is_keyed_by_its_url() -> None:
    page = EntryData(key="https://a.example/p", title="Page", link="https://a.example/p")
    row = entry_row(page, feed_id=None, source="web", now=NOW)
    again = entry_row(replace(page, title="Page, edited"), feed_id=None, source="web", now=NOW)
    assert row.id == again.id and row.feed_id is None
    assert (
        row.id
        != entry_row(
            replace(page, link="https://a.example/q"), feed_id=None, source="web", now=NOW
        ).id
    )


def test_an_edited_entry_gets_a_new_hash_and_an_unchanged_one_the_same() -> None:
    entry = EntryData(key="k", title="T", link="https://a.example/", content_html="<p>one</p>")
    row = entry_row(entry, feed_id=1, source="s", now=NOW)
    assert (
        row.content_hash == entry_row(entry, feed_id=1, source="s", now="2027-01-01").content_hash
    )
    for edited in (
        replace(entry, content_html="<p>two</p>"),
        replace(entry, title="T2"),
        replace(entry, author="A"),
        replace(entry, published="2026-01-01T00:00:00+00:00"),
        replace(entry, link="https://a.example/2"),
    ):
        assert entry_row(edited, feed_id=1, source="s", now=NOW).content_hash != row.content_hash


def test_dates_fall_back_to_updated_and_a_future_one_is_clamped_to_today() -> None:
    entry = EntryData(key="k", title="T")
    assert entry_row(entry, feed_id=1, source="s", now=NOW).date is None
    updated = replace(entry, updated="2026-02-01T10:00:00+00:00")
    assert entry_row(updated, feed_id=1, source="s", now=NOW).date == "2026-02-01"
    future = replace(entry, published="2099-01-01T00:00:00+00:00")
    assert entry_row(future, feed_id=1, source="s", now=NOW).date == "2026-03-05"


def test_the_dek_is_left_out_when_it_is_the_bodys_opening_or_too_long() -> None:
    body = "<p>Heavy rain closed the <a href='https://a.example/'>coast road</a> on Tuesday.</p>"
    entry = EntryData(key="k", title="T", content_html=body)
    for opening in ("Heavy rain closed the coast road…", "Heavy rain closed [...]", "heavy RAIN"):
        row = entry_row(replace(entry, summary_html=opening), feed_id=1, source="s", now=NOW)
        assert row.dek is None, opening
    long_summary = " ".join(["word"] * 61)
    assert (
        entry_row(replace(entry, summary_html=long_summary), feed_id=1, source="s", now=NOW).dek
        is None
    )
    other = replace(entry, summary_html="<p>The <b>council</b> warns drivers.</p>")
    assert entry_row(other, feed_id=1, source="s", now=NOW).dek == "The council warns drivers."


def test_an_entry_with_no_text_and_no_title_still_makes_a_row() -> None:
    row = entry_row(
        EntryData(key="k", title="", link="https://a.example/x"), feed_id=1, source="s", now=NOW
    )
    assert (row.title, row.body, row.words) == ("(untitled)", "https://a.example/x", 1)
    bare = entry_row(EntryData(key="k2", title="  "), feed_id=1, source="s", now=NOW)
    assert (bare.title, bare.body, bare.url, bare.path) == ("(untitled)", "", None, "")


def test_fields_are_cleaned_and_cut_and_only_web_links_are_urls() -> None:
    entry = EntryData(
        key="k",
        title="Breaking\x1b[2J [bold]news[/bold]\u202e " + "long " * 100,
        author="\x1b]8;;https://evil/\x07Jane\nMorris",
        link="javascript:alert(1)",
        content_html="<p>text\x1b[31m</p>",
    )
    row = entry_row(entry, feed_id=1, source="Feed\x1b[2J", now=NOW)
    assert row.title.startswith("Breaking [bold]news[/bold] long")
    assert len(row.title) <= MAX_FIELD_CHARS and row.title.endswith("…")
    assert row.author == "Jane Morris"
    assert row.source == "Feed"
    assert row.url is None
    for text in (row.title, row.author, row.body, row.source, row.path):
        assert text is not None and clean_text(text) == text and "\x1b" not in text
