"""Feed documents read into FeedData (reader.feeds.parse): RSS 2.0 and 1.0, Atom, JSON
Feed, broken and hostile documents, encodings declared in the XML or only in HTTP, and
entry keys that never merge two entries. The fixtures are written here, all our own."""

from __future__ import annotations

import json
import urllib.request

import pytest
from conftest import inputs_of
from pytest_httpserver import HTTPServer

from reader.errors import FeedError
from reader.feeds.html import html_to_text
from reader.feeds.parse import MAX_TTL_MINUTES, entry_keys, parse_feed

URL = "https://news.example.org/feed.xml"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour News</title><link>https://news.example.org/</link><ttl>90</ttl>
  <item>
    <title>Storm closes the &lt;b&gt;road&lt;/b&gt; [bold]x[/bold]</title>
    <link>https://news.example.org/storm</link>
    <guid isPermaLink="false">storm-1</guid>
    <dc:creator>Jane Morris</dc:creator>
    <pubDate>Tue, 03 Mar 2026 09:30:00 +0200</pubDate>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Heavy rain. See <a href="/map">the map</a>.</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>Second</title><link>https://news.example.org/second</link>
    <guid>https://news.example.org/second</guid>
    <description>&lt;p&gt;Only a summary.&lt;/p&gt;</description>
  </item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.org/"><title>RDF News</title>
    <link>https://rdf.example.org/</link></channel>
  <item rdf:about="https://rdf.example.org/a">
    <title>RDF item</title><link>https://rdf.example.org/a</link>
    <description>The description.</description>
    <content:encoded><![CDATA[<p>The full text of the item, longer.</p>]]></content:encoded>
    <dc:date>2026-02-01T10:00:00Z</dc:date>
  </item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.net/">
  <title type="html">Blog &amp;amp; more</title>
  <link href="https://blog.example.net/"/>
  <id>urn:uuid:feed</id><updated>2026-03-01T12:00:00Z</updated>
  <entry xml:base="posts/">
    <title>Sharpening</title><id>urn:uuid:1</id>
    <link href="sharpening"/>
    <updated>2026-03-01T12:00:00Z</updated><published>2026-02-28T08:00:00-05:00</published>
    <author><name>Ann Lee</name></author>
    <content type="html" xml:base="https://cdn.example.net/a/"
      >&lt;p&gt;A &lt;a href="b"&gt;link&lt;/a&gt;.&lt;/p&gt;</content>
  </entry>
</feed>"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON News",
    "home_page_url": "https://json.example.org/",
    "items": [
        {
            "id": "1",
            "url": "https://json.example.org/1",
            "title": "First",
            "content_html": "<p>Hello <a href='/x'>x</a></p>",
            "summary": "A short one",
            "date_published": "2026-01-02T03:04:05-01:00",
            "authors": [{"name": "Ada"}],
        },
        {"id": 2, "content_text": "Plain <text>\n\nsecond para", "date_modified": "junk"},
        "not an item",
    ],
}


def test_rss2_fields_dates_ttl_and_content() -> None:
    feed = parse_feed(RSS2, URL)
    assert (feed.title, feed.site_url, feed.ttl_minutes, feed.problem) == (
        "Harbour News",
        "https://news.example.org/",
        90,
        None,
    )
    first, second = feed.entries
    assert first.key == first.guid == "storm-1"
    # RSS titles are HTML (feedparser says so): the tags go, the text that looks like markup stays.
    assert first.title == "Storm closes the road [bold]x[/bold]"
    assert first.link == "https://news.example.org/storm"
    assert first.author == "Jane Morris"
    assert (first.published, first.updated) == ("2026-03-03T07:30:00+00:00", None)
    assert first.summary_html == "Short summary."
    assert first.content_html == '<p>Heavy rain. See <a href="/map">the map</a>.</p>'
    assert html_to_text(first.content_html, first.base).endswith("[1] https://news.example.org/map")
    assert second.key == "https://news.example.org/second"
    assert second.content_html is None and second.summary_html == "<p>Only a summary.</p>"
    assert second.published is None and second.updated is None


def test_rss1_takes_content_encoded_over_the_description() -> None:
    feed = parse_feed(RSS1, "https://rdf.example.org/index.rdf")
    (entry,) = feed.entries
    assert feed.title == "RDF News"
    assert entry.content_html == "<p>The full text of the item, longer.</p>"
    assert entry.summary_html == "The description."
    assert entry.key == "https://rdf.example.org/a"
    assert entry.updated == "2026-02-01T10:00:00+00:00"


def test_atom_links_are_read_against_each_blocks_xml_base() -> None:
    feed = parse_feed(ATOM, "https://blog.example.net/atom.xml")
    (entry,) = feed.entries
    assert feed.title == "Blog &amp; more"
    assert entry.link == "https://blog.example.net/posts/sharpening"
    assert entry.base == "https://cdn.example.net/a/"
    assert entry.published == "2026-02-28T13:00:00+00:00"
    assert entry.author == "Ann Lee"
    assert entry.content_html is not None
    assert html_to_text(entry.content_html, entry.base) == (
        "A link[1].\n\n[1] https://cdn.example.net/a/b"
    )


def test_json_feed_1_1() -> None:
    feed = parse_feed(json.dumps(JSON_FEED).encode(), "https://json.example.org/feed.json")
    assert (feed.title, feed.site_url) == ("JSON News", "https://json.example.org/")
    first, second = feed.entries
    assert (first.key, first.author, first.published) == ("1", "Ada", "2026-01-02T04:04:05+00:00")
    assert first.summary_html == "<p>A short one</p>"
    assert first.content_html is not None
    assert html_to_text(first.content_html, first.base).endswith("[1] https://json.example.org/x")
    assert second.key == "2" and second.updated is None and second.link is None
    assert second.content_html is not None
    assert html_to_text(second.content_html, second.base) == "Plain <text>\n\nsecond para"
    assert second.title == "Plain <text> second para"


def test_json_feed_1_0_author_object() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "items": [{"id": "a", "title": "t", "author": {"name": "Bo"}, "content_text": "x"}],
    }
    assert parse_feed(json.dumps(doc).encode(), URL).entries[0].author == "Bo"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty feed document"),
        (b"  \r\n\t", "empty feed document"),
        (
            b"<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Hi</p></body></html>",
            "not a feed: an HTML page",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a feed: a PNG image"),
        (b"just some words", "not a feed: no RSS, Atom or JSON Feed document in it"),
        (b'{"version": "1", "items": []}', "not a feed: JSON that is not a JSON Feed"),
        (b"{" * 100_000, "not a feed: JSON that does not parse"),
    ],
)
def test_what_is_not_a_feed_raises_one_clear_line(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as raised:
        parse_feed(body, URL)
    assert str(raised.value) == reason


def test_malformed_xml_keeps_the_entries_before_the_break_and_says_why() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>one</title><guid>1</guid></item>"
        b"<item><title>two</title><guid>2</guid></item>"
        b"<item><title>Tom & Jerry</title><guid>3</guid></item>"
        b"<item><title>four"
    )
    feed = parse_feed(body, URL)
    assert [e.title for e in feed.entries][:3] == ["one", "two", "Tom & Jerry"]
    assert feed.problem is not None
    assert feed.problem.startswith("malformed XML at line 1: not well-formed")
    assert "\n" not in feed.problem


def _billion_laughs(newlines: bool = False) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    if newlines:  # each declaration on its own line, as feedparser expects them
        entities = entities.replace("<!ENTITY", "\n<!ENTITY")
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>Bomb &lol9;</title><item><guid>b</guid><title>&lol9;</title>"
        "<description>&lol9;&lol9;</description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("newlines", [False, True])
def test_a_billion_laughs_does_not_expand(newlines: bool, monkeypatch) -> None:
    import feedparser  # type: ignore[import-untyped]

    given = inputs_of(monkeypatch, feedparser, "parse")
    feed = parse_feed(_billion_laughs(newlines), URL)
    # Expanded, the bomb took 0.5 s and 8 MB: its declarations never reach the parser.
    assert given and not any(b"<!ENTITY" in data for data in given)
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert len(entry.title) < 100 and len(entry.summary_html or "") < 100
    assert "lollol" not in entry.title + (entry.summary_html or "") + (feed.title or "")


def test_an_external_entity_is_not_read(tmp_path: object) -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><guid>x</guid><title>a &xxe; b</title><description>&xxe;</description></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(body, URL)
    text = " ".join(f"{e.title} {e.summary_html}" for e in feed.entries)
    assert "root:" not in text


def _rss_with(title: str, *, declaration: str = "") -> str:
    return (
        f'<?xml version="1.0"{declaration}?><rss version="2.0"><channel><title>{title}</title>'
        f"<item><guid>1</guid><title>{title}</title></item></channel></rss>"
    )


def test_encodings_declared_in_the_xml() -> None:
    latin = _rss_with("Café crème", declaration=' encoding="ISO-8859-1"').encode("iso-8859-1")
    assert parse_feed(latin, URL).entries[0].title == "Café crème"
    cyrillic = _rss_with("Новости дня", declaration=' encoding="windows-1251"')
    feed = parse_feed(cyrillic.encode("windows-1251"), URL)
    assert feed.title == feed.entries[0].title == "Новости дня"


def test_an_encoding_declared_only_in_http_is_honoured(httpserver: HTTPServer) -> None:
    body = _rss_with("Æble à la carte").encode("iso-8859-1")
    httpserver.expect_request("/latin.xml").respond_with_data(
        body, content_type="application/rss+xml; charset=ISO-8859-1"
    )
    with urllib.request.urlopen(httpserver.url_for("/latin.xml"), timeout=5) as response:
        data = response.read()
        headers = {k.lower(): v for k, v in response.headers.items()}
    feed = parse_feed(data, httpserver.url_for("/latin.xml"), headers)
    assert feed.entries[0].title == "Æble à la carte"


def test_duplicate_guids_never_merge_two_entries() -> None:
    items = "".join(
        f'<item><guid isPermaLink="false">same</guid><title>t{i}</title>{link}</item>'
        for i, link in enumerate(
            ["<link>https://a.example/1</link>", "<link>https://a.example/2</link>", "", "", ""]
        )
    )
    body = f'<rss version="2.0"><channel><title>d</title>{items}</channel></rss>'.encode()
    keys = [e.key for e in parse_feed(body, URL).entries]
    assert keys == ["same", "same|https://a.example/2", "same#2", "same#3", "same#4"]


def test_a_relative_guid_does_not_depend_on_the_feeds_url() -> None:
    body = (
        b'<rss version="2.0"><channel><title>d</title><item><guid>123</guid></item></channel></rss>'
    )
    assert parse_feed(body, URL).entries[0].key == "123"
    moved = parse_feed(body, "https://other.example/rss", {"Content-Location": "/x.xml"})
    assert moved.entries[0].key == "123" and moved.entries[0].base == "https://other.example/123"


def test_entry_keys_fall_back_to_link_then_a_hash_and_stay_unique() -> None:
    keys = entry_keys(
        [
            (None, "https://a.example/x", "T", None),
            (None, None, "T", "2026-01-01T00:00:00+00:00"),
            (None, None, "T", "2026-01-01T00:00:00+00:00"),
            ("https://a.example/x", None, None, None),
            ("https://a.example/x", None, None, None),
        ]
    )
    assert keys[0] == "https://a.example/x"
    assert keys[1].startswith("sha1:") and len(keys[1]) == 45
    assert keys[2] == keys[1] + "#2"
    assert keys[3:] == ["https://a.example/x#2", "https://a.example/x#3"]
    many = entry_keys([("k", None, None, None)] * 5000)
    assert len(set(many)) == 5000


def test_entries_with_no_id_link_title_or_date() -> None:
    body = b"""<rss version="2.0"><channel><title>n</title>
      <item><description>&lt;p&gt;One two three four five six seven eight nine ten eleven
       twelve thirteen&lt;/p&gt;</description></item>
      <item><description>Short text</description></item>
      <item></item>
    </channel></rss>"""
    first, second, third = parse_feed(body, URL).entries
    assert first.title == "One two three four five six seven eight nine ten eleven twelve…"
    assert second.title == "Short text"
    assert third.title == "(untitled)"
    assert len({first.key, second.key, third.key}) == 3
    assert all(e.key.startswith("sha1:") for e in (first, second, third))
    assert first.base == URL


def test_future_and_unparseable_dates() -> None:
    body = b"""<rss version="2.0"><channel><title>d</title>
      <item><guid>f</guid><pubDate>Sat, 01 Jan 2099 00:00:00 GMT</pubDate></item>
      <item><guid>u</guid><pubDate>the day after tomorrow</pubDate></item>
    </channel></rss>"""
    future, unknown = parse_feed(body, URL).entries
    assert future.published == "2099-01-01T00:00:00+00:00"
    assert unknown.published is None


@pytest.mark.parametrize(
    ("ttl", "expected"), [("60", 60), ("-5", 0), ("99999999", MAX_TTL_MINUTES), ("soon", None)]
)
def test_ttl_is_bounded(ttl: str, expected: int | None) -> None:
    body = f'<rss version="2.0"><channel><title>t</title><ttl>{ttl}</ttl></channel></rss>'
    feed = parse_feed(body.encode(), URL)
    assert feed.ttl_minutes == expected and feed.entries == ()
