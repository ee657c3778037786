"""OPML in and out: our own export reads back the same, the files other readers write
are read with their titles and folders, and anything that is not OPML (a feed, a web
page, an entity bomb) gets one clear reason and never an exception of another kind."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from reader.errors import FeedError
from reader.feeds.opml import Outline, read_opml, write_opml
from reader.types import Feed


def feed(url: str, title: str | None = None, folder: str | None = None, site: str | None = None):  # type: ignore[no-untyped-def]
    return Feed(
        id=1,
        url=url,
        title=title,
        user_title=None,
        site_url=site,
        folder=folder,
        created="2026-12-03T10:00:00+00:00",
        last_fetch=None,
        last_success=None,
        next_fetch=None,
        interval_minutes=None,
        last_status=None,
        last_error=None,
        failures=0,
        dead=False,
        redirect_url=None,
        redirect_since=None,
        fulltext=False,
    )


FEEDS = [
    feed("https://a.example/feed.xml", "Plain", site="https://a.example/"),
    feed("https://b.example/rss", 'Tom & "Jerry" <b>[bold]x[/]</b>', "Tech/Linux"),
    feed("https://c.example/atom?x=1&y=2", None, "Tech"),
    feed("https://d.example/f", "Elsewhere", "News"),
    feed("https://e.example/f", "Deep in Tech", "Tech/Linux"),
]


def test_our_export_reads_back_with_titles_folders_and_sites() -> None:
    text = write_opml(FEEDS)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>termnews-reader subscriptions</title>" in text
    assert read_opml(text.encode()) == [
        Outline("https://a.example/feed.xml", "Plain", None, "https://a.example/"),
        Outline("https://b.example/rss", 'Tom & "Jerry" <b>[bold]x[/]</b>', "Tech/Linux", None),
        Outline("https://e.example/f", "Deep in Tech", "Tech/Linux", None),
        # A feed with no title of its own is written under its URL (its name).
        Outline("https://c.example/atom?x=1&y=2", "https://c.example/atom?x=1&y=2", "Tech", None),
        Outline("https://d.example/f", "Elsewhere", "News", None),
    ]


def test_folders_are_parent_outlines_written_once_where_their_first_feed_comes() -> None:
    text = write_opml(FEEDS, title="Mine")
    assert "<title>Mine</title>" in text
    assert text.count('text="Tech"') == 1 and text.count('text="Linux"') == 1
    assert text.index('text="Tech"') < text.index('text="Linux"') < text.index('text="News"')
    assert '<outline type="rss" text="Plain" title="Plain" xmlUrl=' in text


def test_a_title_cannot_break_out_of_its_attribute_or_carry_a_control() -> None:
    hostile = feed("https://x.example/f", 'a"><outline xmlUrl="https://evil.example/"/>\x1b[31m')
    (read,) = read_opml(write_opml([hostile]).encode())
    assert read.url == "https://x.example/f"
    assert read.title == 'a"><outline xmlUrl="https://evil.example/"/>'  # ESC [31m gone whole


NEWSBOAT = b"""<?xml version="1.0"?>
<opml version="1.0">
  <head>
    <title>newsboat - Exported Feeds</title>
  </head>
  <body>
    <outline type="rss" xmlUrl="https://example.com/a.xml" htmlUrl="" title="My A"/>
    <outline type="rss" xmlUrl="https://example.com/b.xml" htmlUrl="" title=""/>
    <outline type="rss" xmlUrl="query:Unread:unread = &quot;yes&quot;" htmlUrl="" title=""/>
    <outline type="rss" xmlUrl="exec:~/bin/make-feed" htmlUrl="" title=""/>
  </body>
</opml>
"""

MINIFLUX = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
    <head>
        <title>Miniflux</title>
        <dateCreated>Sun, 28 Jan 2024 10:00:00 UTC</dateCreated>
    </head>
    <body>
        <outline text="All">
            <outline title="LWN" text="LWN" xmlUrl="https://lwn.net/headlines/rss" htmlUrl="https://lwn.net" description=""></outline>
        </outline>
        <outline text="Science">
            <outline title="" text="Nature" xmlUrl="https://www.nature.com/nature.rss" htmlUrl="https://www.nature.com" description=""></outline>
        </outline>
    </body>
</opml>
"""  # noqa: E501 (their shape, as written)

FRESHRSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:frss="https://freshrss.org/opml">
\t<head>
\t\t<title>FreshRSS</title>
\t\t<dateCreated>Sat, 02 Dec 2026 10:00:00 +0000</dateCreated>
\t</head>
\t<body>
\t\t<outline text="Uncategorized">
\t\t\t<outline text="FreshRSS releases" type="rss" xmlUrl="https://github.com/FreshRSS/FreshRSS/releases.atom" htmlUrl="https://github.com/FreshRSS/FreshRSS/" description="FreshRSS releases @ GitHub" frss:cssFullContent="article"/>
\t\t</outline>
\t</body>
</opml>
"""  # noqa: E501 (their shape, as written)

FEEDLY = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head>
    <title>Feedly subscriptions</title>
  </head>
  <body>
    <outline text="Tech" title="Tech">
      <outline type="rss" text="Ars Technica" title="Ars Technica" xmlUrl="http://feeds.arstechnica.com/arstechnica/index" htmlUrl="https://arstechnica.com"/>
    </outline>
  </body>
</opml>
"""  # noqa: E501 (their shape, as written)

INOREADER = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
    <head>
        <title>Subscriptions of Ana from Inoreader [https://www.inoreader.com]</title>
    </head>
    <body>
        <outline text="Actualité" title="Actualité">
            <outline text="Le Monde" title="Le Monde" type="rss" xmlUrl="https://www.lemonde.fr/rss/une.xml" htmlUrl="https://www.lemonde.fr"/>
        </outline>
        <outline text="Top level" title="Top level" type="rss" xmlUrl="https://top.example/feed" htmlUrl="https://top.example"/>
    </body>
</opml>
""".encode()  # noqa: E501 (their shape, as written)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            NEWSBOAT,
            [
                Outline("https://example.com/a.xml", "My A", None, None),
                Outline("https://example.com/b.xml", None, None, None),
            ],
        ),
        (
            MINIFLUX,
            [
                Outline("https://lwn.net/headlines/rss", "LWN", "All", "https://lwn.net"),
                Outline(
                    "https://www.nature.com/nature.rss",
                    "Nature",
                    "Science",
                    "https://www.nature.com",
                ),
            ],
        ),
        (
            FRESHRSS,
            [
                Outline(
                    "https://github.com/FreshRSS/FreshRSS/releases.atom",
                    "FreshRSS releases",
                    "Uncategorized",
                    "https://github.com/FreshRSS/FreshRSS/",
                )
            ],
        ),
        (
            FEEDLY,
            [
                Outline(
                    "http://feeds.arstechnica.com/arstechnica/index",
                    "Ars Technica",
                    "Tech",
                    "https://arstechnica.com",
                )
            ],
        ),
        (
            INOREADER,
            [
                Outline(
                    "https://www.lemonde.fr/rss/une.xml",
                    "Le Monde",
                    "Actualité",
                    "https://www.lemonde.fr",
                ),
                Outline("https://top.example/feed", "Top level", None, "https://top.example"),
            ],
        ),
    ],
    ids=["newsboat", "miniflux", "freshrss", "feedly", "inoreader"],
)
def test_other_readers_files_are_read_with_titles_and_folders(data: bytes, expected) -> None:  # type: ignore[no-untyped-def]
    assert read_opml(data) == expected


def test_attribute_names_in_any_case_odd_urls_and_repeats() -> None:
    data = b"""<opml version="1.1"><body>
      <outline text="Outer"><outline text=""><outline TEXT="Inner">
        <outline XMLURL=" https://a.example/f " HTMLURL="javascript:alert(1)" TEXT="A"/>
        <outline xmlurl="feed://b.example/rss" htmlurl="https://b.example/"/>
        <outline xmlUrl="feed:https://c.example/rss"/>
      </outline></outline></outline>
      <outline xmlUrl="https://a.example/f" title="again"/>
      <outline xmlUrl="file:///etc/passwd"/>
      <outline xmlUrl="javascript:alert(1)"/>
      <outline xmlUrl=""/>
      <outline xmlUrl="https://d.example/with space"/>
    </body></opml>"""
    assert read_opml(data) == [
        Outline("https://a.example/f", "A", "Outer/Inner", None),
        Outline("http://b.example/rss", None, "Outer/Inner", "https://b.example/"),
        Outline("https://c.example/rss", None, "Outer/Inner", None),
    ]


def test_titles_are_cleaned_to_one_line_in_any_declared_encoding() -> None:
    body = '<opml><body><outline text="{}" xmlUrl="http://a.example/"/></body></opml>'
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?>' + body.format("Café\n  &#x202e;noir")
    cyrillic = '<?xml version="1.0" encoding="windows-1251"?>' + body.format("Новости")
    assert read_opml(latin.encode("latin-1"))[0].title == "Café noir"
    assert read_opml(cyrillic.encode("cp1251"))[0].title == "Новости"
    bom = b"\xef\xbb\xbf" + NEWSBOAT
    assert len(read_opml(bom)) == 2
    assert read_opml(b"<opml version='2.0'><head/><body/></opml>") == []


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<opml version="2.0"><body><outline text="&f;" xmlUrl="http://a.example/"/></body></opml>
"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="http://a.example/"/></body></opml>
"""


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "the file is empty"),
        (b"  \n\t", "the file is empty"),
        (BOMB, "it declares a DOCTYPE (OPML has none; entities are never read)"),
        (EXTERNAL, "it declares a DOCTYPE (OPML has none; entities are never read)"),
        (
            b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>hi<br></body></html>",
            "it is an HTML page",
        ),
        (b"<!-- c -->\n<HTML lang=en><body><p>unclosed", "it is an HTML page"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html/>', "it is an HTML page"),
        (
            b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>",
            "its root element is <rss>, not <opml>",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "not XML (not well-formed (invalid token), line 1, column 1)",
        ),
        (
            b"<opml><body><outline text='&nbsp;' xmlUrl='http://a/'/></body></opml>",
            "not XML (undefined entity, line 1, column 13)",
        ),
        (
            b"<opml><body><outline xmlUrl='http://a.example/'>",
            "not XML (no element found, line 1, column 49)",
        ),
        (
            b"<?xml version='1.0' encoding='x-no-such'?><opml/>",
            "not XML (unknown encoding: x-no-such)",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "bomb",
        "external",
        "html5",
        "html",
        "xhtml",
        "rss",
        "png",
        "entity",
        "cut",
        "encoding",
    ],
)
def test_what_is_not_opml_is_refused_with_one_line_saying_why(data: bytes, why: str) -> None:
    started = time.perf_counter()
    with pytest.raises(FeedError) as refused:
        read_opml(data)
    assert str(refused.value) == f"not an OPML file: {why}"
    assert time.perf_counter() - started < 2.0


def test_a_very_deep_or_long_file_is_read_without_recursion() -> None:
    depth = 20_000
    deep = (
        b"<opml><body>"
        + b'<outline text="f">' * depth
        + b'<outline xmlUrl="http://deep.example/"/>'
        + b"</outline>" * depth
        + b"</body></opml>"
    )
    (only,) = read_opml(deep)
    assert only.folder == "/".join(["f"] * depth)
    long = (
        b"<opml><body>"
        + b"".join(b'<outline xmlUrl="http://x.example/%d"/>' % i for i in range(20_000))
        + b"</body></opml>"
    )
    assert len(read_opml(long)) == 20_000


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed")
def test_newsboat_reads_our_export_and_we_read_its_export_back(tmp_path: Path) -> None:
    mine = tmp_path / "mine.opml"
    mine.write_text(write_opml(FEEDS), encoding="utf-8")
    urls, cache = tmp_path / "urls", tmp_path / "cache.db"
    urls.touch()
    base = ["newsboat", "-u", str(urls), "-c", str(cache), "-C", "/dev/null"]
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    run = subprocess.run([*base, "-i", str(mine)], env=env, capture_output=True, timeout=30)
    assert run.returncode == 0, run.stderr
    exported = subprocess.run([*base, "-e"], env=env, capture_output=True, timeout=30)
    assert exported.returncode == 0, exported.stderr
    # newsboat keeps the feeds and their folders (as its tags), in our document's order.
    assert [o.url for o in read_opml(exported.stdout)] == [
        o.url for o in read_opml(mine.read_bytes())
    ]
    assert (tmp_path / "urls").read_text().splitlines()[1] == 'https://b.example/rss "Tech/Linux"'
