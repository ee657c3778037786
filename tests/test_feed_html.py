"""A feed entry's HTML read as the reading pane's plain text, a page's feed links found,
and a web page read as one entry (reader.feeds.html)."""

from __future__ import annotations

import pytest
from conftest import inputs_of

import reader.feeds.html as feed_html
from reader.clean import clean_text
from reader.feeds.html import (
    CUT_NOTE,
    MAX_TAGS,
    find_feed_links,
    html_line,
    html_to_text,
    iso_utc,
    page_entry,
)

BASE = "https://news.example.org/2026/storm/"

STORY = """
<h2>STORM CLOSES THE HARBOUR ROAD</h2>
<p>Heavy rain closed the coast road on Tuesday,
   the council said.<br>Drivers were told to use the <b>A39</b>.</p>
<ul>
  <li>Jane Morris, who runs the bakery</li>
  <li>Tom Reyes, a fisherman
    <ol><li>first nested point</li><li>second nested point</li></ol>
  </li>
</ul>
<blockquote><p>“Never this high,” said <a href="/people/jane">Jane Morris</a>.</p>
<p>She left at noon.</p></blockquote>
<p>Read the <a href="live">live blog</a>, then the <a href="../../people/jane">profile</a>.</p>
<p><img src="quay.jpg" alt="Flooded road by the quay"><img src="spacer.gif"></p>
<pre>def level(x):
    return x * 2

print(level(3))</pre>
<table><tr><th>Town</th><th>Rain</th></tr><tr><td><p>Minehead</p></td><td>41 mm</td></tr></table>
<hr>
<p>A <a href="javascript:alert(1)">script link</a>, a <a href="data:text/html,x">data link</a>
and <a href="mailto:desk@example.org">mail the desk</a>.</p>
"""


def test_a_story_becomes_paragraphs_lists_quotes_pre_tables_and_footnotes() -> None:
    assert html_to_text(STORY, BASE) == (
        "STORM CLOSES THE HARBOUR ROAD\n\n"
        "Heavy rain closed the coast road on Tuesday, the council said. "
        "Drivers were told to use the A39.\n\n"
        "• Jane Morris, who runs the bakery\n"
        "• Tom Reyes, a fisherman\n"
        "  1. first nested point\n"
        "  2. second nested point\n\n"
        "> “Never this high,” said Jane Morris[1].\n"
        "> She left at noon.\n\n"
        "Read the live blog[2], then the profile[1].\n\n"
        "[image: Flooded road by the quay]\n\n"
        "def level(x):\n"
        "    return x * 2\n"
        "print(level(3))\n\n"
        "Town | Rain\n"
        "Minehead | 41 mm\n\n"
        "A script link, a data link and mail the desk[3].\n\n"
        "[1] https://news.example.org/people/jane\n"
        "[2] https://news.example.org/2026/storm/live\n"
        "[3] mailto:desk@example.org"
    )


def test_the_result_is_never_more_than_one_blank_line_apart_and_has_no_blank_paragraph() -> None:
    text = html_to_text(STORY + "<p>&nbsp;</p><div><p> </p></div><p>end</p>", BASE)
    assert "\n\n\n" not in text
    assert all(p.strip() for p in text.split("\n\n"))
    assert "\nend\n" in text


def test_code_styles_forms_and_navigation_are_dropped_with_their_content() -> None:
    html = (
        "<p>kept</p><script>var leak = 1;</script><style>p { color: red }</style>"
        "<noscript>enable js</noscript><template><p>tpl</p></template>"
        "<iframe>frame text</iframe><object>obj</object><svg><text>svg text</text></svg>"
        "<form><label>Email</label><input></form><nav>Home | About</nav><!-- a comment -->"
    )
    assert html_to_text(html, None) == "kept"


@pytest.mark.parametrize(
    "tag",
    [
        '<base href="https://cdn.example.net/a/">',
        '<BASE\n  HREF="https://cdn.example.net/a/">',  # however it is written
        "<Base\thref=https://cdn.example.net/a/ />",
        '<p>x</p><base href="https://cdn.example.net/a/">',  # the first one, anywhere
    ],
)
def test_a_document_base_href_moves_relative_links(tag: str) -> None:
    html = tag + '<p><a href="b">here</a></p>'
    assert html_to_text(html, "https://feed.example.org/").endswith(
        "here[1]\n\n[1] https://cdn.example.net/a/b"
    )


def test_a_tag_that_only_starts_like_base_moves_nothing() -> None:
    html = '<basefont href="https://cdn.example.net/a/"><p><a href="b">here</a></p>'
    assert html_to_text(html, "https://feed.example.org/") == (
        "here[1]\n\n[1] https://feed.example.org/b"
    )


def test_a_relative_link_with_no_base_keeps_its_text_and_gets_no_number() -> None:
    assert html_to_text('<p>See <a href="/x">this</a>.</p>', None) == "See this."


def test_a_link_with_no_text_gets_no_number() -> None:
    assert html_to_text('<p>Photo <a href="https://a.example/"></a>here</p>', None) == (
        "Photo here"
    )


def test_entities_are_decoded_and_text_that_looks_like_markup_stays_text() -> None:
    html = "<p>caf&#233; &amp; [bold red]not bold[/bold red] [@click=app.quit]x[/]</p>"
    assert html_to_text(html, None) == "café & [bold red]not bold[/bold red] [@click=app.quit]x[/]"


def test_escape_sequences_and_bidi_controls_are_removed() -> None:
    html = "<p>safe\x1b[2J\x1b]8;;https://evil/\x07text\u202e</p><p>\x1b[31m</p><p>end</p>"
    text = html_to_text(html, None)
    assert text == "safetext\n\nend"
    assert clean_text(text) == text


def test_line_separators_inside_a_paragraph_do_not_split_it() -> None:
    assert html_to_text("<p>one\u2028two\u2029three\r\nfour</p>", None) == "one two three four"


def test_plain_text_comes_back_as_its_paragraphs() -> None:
    text = "First line\nstill first  paragraph.\n\n\n  \nSecond &amp; last.\n"
    assert html_to_text(text, None) == "First line still first paragraph.\n\nSecond & last."


def test_the_same_url_twice_gets_the_same_number_and_footnotes_are_one_block() -> None:
    html = (
        '<p><a href="https://a.example/1">one</a> <a href="https://a.example/2">two</a> '
        '<a href="https://a.example/1">one again</a></p>'
    )
    assert html_to_text(html, None) == (
        "one[1] two[2] one again[1]\n\n[1] https://a.example/1\n[2] https://a.example/2"
    )


def test_ordered_list_start_and_quotes_holding_lists() -> None:
    html = '<blockquote><ol start="3"><li>c</li><li>d</li></ol></blockquote>'
    assert html_to_text(html, None) == "> 3. c\n> 4. d"


def test_deep_nesting_is_walked_without_recursion() -> None:
    depth = 5000
    html = "<div>" * depth + "deep" + "</div>" * depth
    assert html_to_text(html, None) == "deep"
    lists = "<ul><li>" * 3000 + "bottom"
    assert html_to_text(lists, None).endswith("• bottom")
    quotes = "<blockquote>" * 3000 + "said"
    assert html_to_text(quotes, None).endswith("> said")
    # Indentation stops growing: the text does not grow with the square of the depth.
    assert len(html_to_text(lists, None)) < 100


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text handed to the HTML parser, in order (its cost grows faster than the
    square of the nesting, so what it is given is what bounds the time)."""
    return inputs_of(monkeypatch, feed_html, "LexborHTMLParser")


def test_hostile_nesting_is_cut_before_it_reaches_the_parser(parsed: list[str]) -> None:
    html = "<div>" * 200_000 + "never reached"
    text = html_to_text(html, None)
    assert [body.count("<") for body in parsed] == [MAX_TAGS]
    assert text == CUT_NOTE


def test_a_huge_flat_body_is_read_up_to_the_tag_limit(parsed: list[str]) -> None:
    html = "<p>word</p>" * (MAX_TAGS // 2 - 1) + "<p>last</p>" + "<p>cut</p>" * 1000
    text = html_to_text(html, None)
    assert [body.count("<") for body in parsed] == [MAX_TAGS]
    assert "last" in text and "cut" not in text.replace(CUT_NOTE, "")
    assert text.endswith(CUT_NOTE)


def test_find_feed_links_finds_every_feed_kind_in_order() -> None:
    page = b"""<html><head>
    <link rel="stylesheet" type="text/css" href="/s.css">
    <link rel="Alternate" type="application/RSS+XML; charset=utf-8" href="/feed.xml">
    <link rel="alternate" type="application/atom+xml" href="https://cdn.example.net/atom">
    <link rel="alternate home" type="application/feed+json" href="feed.json">
    <link rel="alternate" type="application/rss+xml" href="/feed.xml">
    <link rel="alternate" type="text/html" href="/fr/">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body><a rel="alternate" type="application/rss+xml" href="/no">no</a></body></html>"""
    assert find_feed_links(page, "https://blog.example.org/posts/") == [
        "https://blog.example.org/feed.xml",
        "https://cdn.example.net/atom",
        "https://blog.example.org/posts/feed.json",
    ]


def test_find_feed_links_reads_the_page_encoding_and_str_input() -> None:
    page = '<meta charset="windows-1251"><link rel=alternate type=application/json href="/лента">'
    found = find_feed_links(page.encode("windows-1251"), "https://example.ru/")
    assert found == find_feed_links(page, "https://example.ru/")
    assert len(found) == 1 and found[0].startswith("https://example.ru/")
    assert find_feed_links(b"<p>no feeds here</p>", "https://example.org/") == []


def test_page_entry_reads_title_author_date_and_article() -> None:
    page = b"""<html><head><title>Site | Storm</title>
    <meta property="og:title" content="Storm closes the road">
    <meta name="author" content="Jane Morris">
    <meta property="article:published_time" content="2026-03-03T09:30:00+02:00">
    </head><body><nav>Home</nav><article><p>The road is <a href="/map">closed</a>.</p>
    </article><footer>(c)</footer></body></html>"""
    entry = page_entry(page, "https://news.example.org/storm")
    assert entry.key == entry.link == "https://news.example.org/storm"
    assert entry.title == "Storm closes the road"
    assert entry.author == "Jane Morris"
    assert entry.published == "2026-03-03T07:30:00+00:00"
    assert entry.content_html is not None
    assert html_to_text(entry.content_html, entry.base) == (
        "The road is closed[1].\n\n[1] https://news.example.org/map"
    )


def test_page_entry_falls_back_to_title_time_main_body_and_url() -> None:
    page = b"<title> Plain  page </title><main><time datetime='2026-01-02'>2 Jan</time>x</main>"
    entry = page_entry(page, "https://a.example/p")
    assert entry.title == "Plain page"
    assert entry.published == "2026-01-02T00:00:00+00:00"
    assert entry.content_html is not None and entry.content_html.startswith("<main>")
    bare = page_entry(b"<p>just text</p>", "https://a.example/q")
    assert bare.title == "https://a.example/q"
    assert bare.author is None and bare.published is None
    assert bare.content_html is not None and "just text" in bare.content_html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-03T09:30:00Z", "2026-03-03T09:30:00+00:00"),
        ("2026-03-03T09:30:00.123-05:00", "2026-03-03T14:30:00+00:00"),
        ("2026-03-03", "2026-03-03T00:00:00+00:00"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_utc(value: str | None, expected: str | None) -> None:
    assert iso_utc(value) == expected


def test_html_line_is_the_text_on_one_line_without_link_numbers() -> None:
    html = '<p>Tom &amp; <a href="https://a.example/">Jerry</a></p><script>x()</script><p>again</p>'
    assert html_line(html) == "Tom & Jerry again"
    assert html_line("AT&amp;T \n said") == "AT&T said"
