"""The fast reader of plain RSS and Atom (reader.feeds._fastxml, through parse_feed) gives
exactly what feedparser gives, for the parse tests' well-formed fixtures, the refresh
bench's feeds and many generated ones; and hostile or unusual documents still go to
feedparser. Each document is read both ways and the two FeedData compared whole."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from reader.errors import FeedError
from reader.feeds.parse import parse_feed
from tests import test_feed_parse as fixtures

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from feed_site import FeedSet  # bench/feed_site.py: the refresh bench's feeds

URL = "https://news.example.org/feed.xml"


def _same_both_ways(body: bytes, url: str = URL, headers: dict[str, str] | None = None) -> None:
    fast = parse_feed(body, url, headers, xml="fast")
    assert fast == parse_feed(body, url, headers, xml="feedparser")
    assert parse_feed(body, url, headers) == fast  # and the default path takes it


@pytest.mark.parametrize(
    ("body", "url"),
    [
        (fixtures.RSS2, URL),
        (fixtures.RSS1, "https://rdf.example.org/index.rdf"),
        (fixtures.ATOM, "https://blog.example.net/atom.xml"),
    ],
    ids=["rss2", "rss1", "atom"],
)
def test_the_parse_fixtures_read_the_same(body: bytes, url: str) -> None:
    _same_both_ways(body, url)


def test_the_refresh_bench_feeds_read_the_same() -> None:
    feeds = FeedSet(6, 8)  # feed 0 is summary-only, the rest carry content:encoded
    for number in range(feeds.feeds):
        _same_both_ways(feeds.document(number), feeds.url(number))


# --- generated documents: the fields feedparser has rules for, in many combinations -----

_WORDS = ["storm", "Café", "naïve", "Ã©t", "a\x85b", "x &amp; y", "€", "<b>bold</b>", "[red]"]
_DATES = [
    "Tue, 03 Mar 2026 09:30:00 +0200",
    "2026-02-28T08:00:00-05:00",
    "2026-02-01",
    "Sat, 01 Jan 2099 00:00:00 GMT",
    "the day after tomorrow",
    "",
]
_LINKS = ["https://a.example/x?a=1&b=2", "/rel/path", "sharp", "https://a.example/&amp;amp;z", ""]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 4)))


def _maybe(rng: random.Random, text: str) -> str:
    return text if rng.random() < 0.6 else ""


def _mixed(rng: random.Random, parts: list[str]) -> str:
    """``parts`` in a random order: feedparser's rules depend on the order of elements."""
    rng.shuffle(parts)
    return "".join(parts)


def _base(rng: random.Random) -> str:
    choice = rng.choice(["", "", "", "https://base.example/dir/", "sub/", "/root/"])
    return f" xml:base={quoteattr(choice)}" if choice else ""


def _rss_item(rng: random.Random) -> str:
    parts = [
        _maybe(rng, f"<title>{escape(_text(rng))}</title>"),
        _maybe(rng, f"<link>{escape(rng.choice(_LINKS))}</link>"),
        _maybe(
            rng,
            f'<guid isPermaLink="{rng.choice(["true", "false", "TRUE"])}">'
            f"{escape(rng.choice([*_LINKS, 'id-1']))}</guid>",
        ),
        _maybe(rng, f"<pubDate>{rng.choice(_DATES)}</pubDate>"),
        _maybe(rng, f"<dc:date>{rng.choice(_DATES)}</dc:date>"),
        _maybe(rng, f"<author>{escape(_text(rng))}</author>"),
        _maybe(rng, f"<description>{escape('<p>' + _text(rng) + '</p>')}</description>"),
        _maybe(rng, f"<content:encoded><![CDATA[<p>{_text(rng)}</p>]]></content:encoded>"),
        _maybe(rng, '<category domain="d">news</category><comments>/c</comments>'),
        _maybe(rng, '<enclosure url="https://a.example/a.mp3" length="1" type="audio/mpeg"/>'),
        _maybe(rng, f'<atom:link rel="{rng.choice(["alternate", "self"])}" href="/alt"/>'),
    ]
    return f"<item{_base(rng)}>{_mixed(rng, parts)}</item>"


def _rss2(rng: random.Random) -> str:
    items = "".join(_rss_item(rng) for _ in range(rng.randint(0, 4)))
    head = [
        f"<title>{escape(_text(rng))}</title>",
        _maybe(rng, f"<title>{escape(_text(rng))}</title>"),
        _maybe(rng, f"<link>{escape(rng.choice(_LINKS))}</link>"),
        _maybe(rng, f"<ttl>{rng.choice(['60', ' 90 ', 'soon', '-5'])}</ttl>"),
        _maybe(rng, "<image><url>/i.png</url><title>Logo</title><link>/home</link></image>"),
        _maybe(rng, '<atom:link rel="self" href="https://news.example.org/feed.xml"/>'),
        _maybe(rng, "<language>en</language><sy:updatePeriod>hourly</sy:updatePeriod>"),
    ]
    rng.shuffle(head)
    split = rng.randint(0, len(head))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
        f"<channel{_base(rng)}>{''.join(head[:split])}{items}{''.join(head[split:])}"
        "</channel></rss>"
    )


def _atom_entry(rng: random.Random) -> str:
    kind = rng.choice(["", ' type="html"', ' type="text"'])
    parts = [
        _maybe(rng, f"<title{kind}>{escape(_text(rng))}</title>"),
        _maybe(rng, f"<id>{escape(rng.choice([*_LINKS, 'urn:uuid:1']))}</id>"),
        _maybe(rng, f'<link href="{escape(rng.choice(_LINKS) or "x")}"/>'),
        _maybe(rng, '<link rel="replies" type="application/atom+xml" href="/r"/>'),
        _maybe(rng, '<link rel="alternate" type="text/html" href="/html"/>'),
        _maybe(rng, f"<updated>{rng.choice(_DATES)}</updated>"),
        _maybe(rng, f"<published>{rng.choice(_DATES)}</published>"),
        _maybe(
            rng,
            "<author>"
            + _maybe(rng, f"<name>{escape(_text(rng))}</name>")
            + _maybe(rng, "<email>a@b.example</email>")
            + _maybe(rng, "<uri>/me</uri>")
            + "</author>",
        ),
        _maybe(rng, f"<summary{kind}>{escape(_text(rng))}</summary>"),
        _maybe(rng, f"<content{kind}{_base(rng)}>{escape(_text(rng))}</content>"),
        _maybe(rng, '<category term="t"/>'),
    ]
    return f"<entry{_base(rng)}>{_mixed(rng, parts)}</entry>"


def _atom(rng: random.Random) -> str:
    entries = "".join(_atom_entry(rng) for _ in range(rng.randint(0, 4)))
    head = [
        f"<title>{escape(_text(rng))}</title>",
        _maybe(rng, f"<id>{escape(rng.choice(_LINKS))}</id>"),
        _maybe(rng, '<link rel="self" href="/feed"/>'),
        _maybe(rng, f'<link href="{escape(rng.choice(_LINKS) or "x")}"/>'),
        _maybe(rng, "<updated>2026-03-01T12:00:00Z</updated><author><name>N</name></author>"),
    ]
    return (
        f'<feed xmlns="http://www.w3.org/2005/Atom"{_base(rng)}>{_mixed(rng, head)}{entries}</feed>'
    )


def _rdf(rng: random.Random) -> str:
    items = "".join(
        f'<item rdf:about="{escape(rng.choice(_LINKS) or "a")}">'
        + _maybe(rng, f"<title>{escape(_text(rng))}</title>")
        + _maybe(rng, f"<link>{escape(rng.choice(_LINKS))}</link>")
        + _maybe(rng, f"<description>{escape(_text(rng))}</description>")
        + _maybe(rng, f"<dc:creator>{escape(_text(rng))}</dc:creator>")
        + _maybe(rng, f"<dc:date>{rng.choice(_DATES)}</dc:date>")
        + "</item>"
        for _ in range(rng.randint(0, 3))
    )
    channel = (
        f'<channel rdf:about="x"><title>{escape(_text(rng))}</title><link>/site</link>'
        '<items><rdf:Seq><rdf:li rdf:resource="a"/></rdf:Seq></items></channel>'
    )
    body = channel + items if rng.random() < 0.7 else items + channel
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"{body}</rdf:RDF>"
    )


@pytest.mark.parametrize("make", [_rss2, _atom, _rdf])
def test_generated_documents_read_the_same(make: object) -> None:
    assert callable(make)
    rng = random.Random(f"fastparse:{make.__name__}")
    taken = 0
    for _ in range(150):
        body = make(rng).encode()
        try:
            fast = parse_feed(body, URL, xml="fast")
        except FeedError:
            continue  # declined: feedparser reads it, as the default path does
        taken += 1
        assert fast == parse_feed(body, URL, xml="feedparser"), body.decode()
    assert taken >= 100  # and the fast reader takes most of them


# --- what goes to feedparser ------------------------------------------------------------

_DECLINED = {
    "a DOCTYPE": b'<?xml version="1.0"?><!DOCTYPE rss><rss version="2.0"><channel/></rss>',
    "Latin-1": fixtures._rss_with("Caf\xe9", declaration=' encoding="ISO-8859-1"').encode(
        "iso-8859-1"
    ),
    "broken XML": b'<rss version="2.0"><channel><item><title>a & b</title></item></channel></rss>',
    "RSS 0.91": b'<rss version="0.91"><channel><title>t</title></channel></rss>',
    "Atom 0.3": b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title></feed>',
    "XHTML content": (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">'
        b'<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>'
    ),
    "an unknown namespace": (
        b'<rss version="2.0" xmlns:m="http://search.yahoo.com/mrss/"><channel><item>'
        b"<m:title>t</m:title></item></channel></rss>"
    ),
    "two descriptions": (
        b'<rss version="2.0"><channel><item><description>a</description>'
        b"<description>b</description></item></channel></rss>"
    ),
}


@pytest.mark.parametrize("body", _DECLINED.values(), ids=_DECLINED.keys())
def test_what_the_fast_reader_is_not_sure_of_goes_to_feedparser(body: bytes) -> None:
    with pytest.raises(FeedError, match="fast reader"):
        parse_feed(body, URL, xml="fast")
    try:
        expected: object = parse_feed(body, URL, xml="feedparser")
    except FeedError as error:
        expected = str(error)
    try:
        got: object = parse_feed(body, URL)
    except FeedError as error:
        got = str(error)
    assert got == expected


def test_hostile_documents_are_all_declined() -> None:
    for body in (fixtures._billion_laughs(), fixtures._billion_laughs(newlines=True)):
        with pytest.raises(FeedError, match="fast reader"):
            parse_feed(body, URL, xml="fast")


def test_a_charset_in_http_decides() -> None:
    body = fixtures._rss_with("Æble").encode()
    _same_both_ways(body, URL, {"Content-Type": "application/rss+xml; charset=utf-8"})
    for content_type in ("text/xml", "application/xml; charset=iso-8859-1", "text/html"):
        with pytest.raises(FeedError, match="fast reader"):
            parse_feed(body, URL, {"Content-Type": content_type}, xml="fast")
