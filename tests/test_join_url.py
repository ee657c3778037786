"""reader.links.join_url: urljoin, taken without urljoin for plain links, the same in every
case (its result, or its ValueError)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.links import join_url

# Pieces that urljoin reads, rewrites or refuses: dot segments, doubled slashes, empty
# and full queries and fragments, ;parameters, brackets, spaces and controls, ports,
# user names, upper case, other schemes, letters beyond ASCII.
PIECES = [
    "a", "b", "Z", "0", "9", "/", "//", ".", "..", "./", "../", "?", "?q=1", "#", "#f",
    ";p", ":", ":80", "@", "user@", "[", "]", "[::1]", " ", "\t", "\n", "\x00", "\x7f",
    "%20", "é", "ﬁ", "\\", "~", "-", "_", "&", "=", "+", "!", "*", "'", "(", ")", ",",
]  # fmt: skip
SCHEMES = ["", "http://", "https://", "HTTP://", "ftp://", "mailto:", "//", "/", " http://"]
text = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
urls = st.tuples(st.sampled_from(SCHEMES), text).map("".join)
# Links most feeds hold (the quick way's), with a few odd pieces among them.
hosts = st.sampled_from(["news.example", "u@h.example:80", "[::1]", "h", "xn--n3h.example"])
plain = st.tuples(
    st.sampled_from(["http://", "https://", "/", "/", ""]), hosts, st.sampled_from(["", "/"]), text
).map(lambda parts: parts[0] + (parts[1] if "//" in parts[0] else "") + parts[2] + parts[3])
links = st.one_of(urls, plain)


def both(base: str | None, url: str) -> tuple[str, str]:
    try:
        ours = join_url(base, url)
    except ValueError:
        ours = "ValueError"
    try:
        theirs = urljoin(base, url) if base else url
    except ValueError:
        theirs = "ValueError"
    return ours, theirs


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(base=links, url=links)
def test_it_is_urljoin_for_any_base_and_link(base: str, url: str) -> None:
    ours, theirs = both(base, url)
    assert ours == theirs


@pytest.mark.parametrize(
    ("base", "url", "joined"),
    [
        ("https://news.example/feed.xml", "https://other.example/a/b", "https://other.example/a/b"),
        ("https://news.example/feed.xml", "/posts/12", "https://news.example/posts/12"),
        ("http://u@news.example:8080/a/b?x#y", "/p", "http://u@news.example:8080/p"),
        ("https://news.example/a/feed", "/a/./b", "https://news.example/a/b"),
        ("https://news.example/a/feed", "/a/../b", "https://news.example/b"),
        ("https://news.example/a/feed", "//cdn.example/x", "https://cdn.example/x"),
        ("https://news.example/a/feed", "b/c", "https://news.example/a/b/c"),
        ("https://news.example/a/feed", "https://x.example/?", "https://x.example/"),
        ("https://news.example/a/feed", "/x#", "https://news.example/x"),
        ("https://[::1/feed", "/x", "ValueError"),
        (None, "/x", "/x"),
    ],
)
def test_the_plain_links_and_the_others(base: str | None, url: str, joined: str) -> None:
    assert both(base, url) == (joined, joined)
