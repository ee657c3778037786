"""Properties of everything that reads untrusted text, over hostile generated input.

The parser (reader/parse.py), the cleaner (reader/clean.py) and the search query
parser (reader/search/syntax.py, and a whole search on a store) never raise on any
text; cleaning is idempotent; nothing dangerous survives it, not even the payload
of an escape sequence. Input mixes arbitrary Unicode (no surrogates) with the
pieces most likely to hurt: escape sequences, C0/C1 controls, bidi controls,
markup, quotes, Markdown and header lines, FTS5 operators and search filters.

``READER_HYPOTHESIS_EXAMPLES`` raises the number of examples for a deeper run.
"""

from __future__ import annotations

import datetime
import os
import unicodedata
from functools import lru_cache

from hostile import DANGEROUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.clean import clean_line, clean_path, clean_text
from reader.core import Store
from reader.errors import ParseError
from reader.parse import MAX_FIELD_CHARS, parse_article
from reader.search.query import MAX_ITEMS
from reader.search.syntax import parse_query
from reader.terms import words
from reader.types import ParsedArticle
from tests.conftest import article_row, refresh_spelling, write_articles

settings.register_profile(
    "hostile",
    max_examples=int(os.environ.get("READER_HYPOTHESIS_EXAMPLES", "120")),
    deadline=None,  # a loaded machine is not a bug
    suppress_health_check=[HealthCheck.too_slow],
)
HOSTILE_SETTINGS = settings.get_profile("hostile")

ESC = "\x1b"
PIECES = [
    # escape sequences, whole and broken
    f"{ESC}[31m", f"{ESC}[1;38;5;196m", f"{ESC}[2J", f"{ESC}[?1049h", f"{ESC}[", "\x9b0m",
    f"{ESC}]8;;https://evil.example{ESC}\\", f"{ESC}]8;;\x07", f"{ESC}]52;c;aGk=\x07",
    f"{ESC}]0;title", "\x9d2;x\x9c", f"{ESC}Pq#0{ESC}\\", f"{ESC}_apc", "\x90", f"{ESC}(B",
    f"{ESC}c", ESC, "\x9c",
    # controls
    "\x00", "\x07", "\x08", "\x7f", "\x85", "\r", "\r\n", "\t", "\n", "\n\n", "\x0c",
    # bidi controls and invisible characters
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\ufeff", "\u2028", "\u2029", "\u200b", "\u200c", "\u200d",
    "\u2060", "\u00ad", "\ufe0f", "\u0301", "\u0327", "\u20e3", "\u00a0",
    # wide and right-to-left text
    "東京", "한국어", "👨\u200d👩\u200d👧", "🇯🇵", "👍🏽", "עברית", "العربية",
    # markup
    "[bold]", "[/]", "[/bold]", "[@click=app.quit]", "[link=https://x]", "[$accent]", "\\[",
    "**", "*", "_", "`", "# ", "## ", "- ", "> ", "![a](b)", "---", "---\n", "...",
    # header and article lines
    "title: ", "Title: ", "date: 2022-01-25", " date 2022-02-30 Exclusive", "Author: ",
    "By Jane Doe", "— Jane Doe", "Jane Doe", "Senior Editor", "He writes.",
    # quotes and search syntax
    '"', "'", "“", "”", "‘", "’", "AND", "OR", "NOT", "NEAR", "NEAR(", "^", "(", ")", ":",
    "-", "--", "@", "author:", "before:", "after:2022", "is:bookmarked", "has:note",
    "person:", "kim", "kanye", "word", " ", "  ",
]  # fmt: skip
UNICODE = st.text(max_size=8)  # any code point but surrogates
HOSTILE = st.lists(st.one_of(st.sampled_from(PIECES), UNICODE), max_size=40).map("".join)
FILENAMES = st.sampled_from(["", "story.txt", "story.md"])

ONE_LINE_FIELDS = ("title", "label", "author", "author_role", "caption")


def unsafe(text: str) -> set[str]:
    return DANGEROUS & set(text)


# -- the cleaner ------------------------------------------------------------------------------


@HOSTILE_SETTINGS
@given(HOSTILE)
def test_cleaning_is_idempotent_and_leaves_nothing_dangerous(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not unsafe(cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    line = clean_line(text)
    assert clean_line(line) == line
    assert not unsafe(line) and "\n" not in line and line == line.strip()


@HOSTILE_SETTINGS
@given(HOSTILE)
def test_a_shown_path_is_one_safe_line(text: str) -> None:
    shown = clean_path(text)
    assert not unsafe(shown) and "\n" not in shown
    assert clean_path(shown) == shown


# Text that cleaning leaves alone and that nothing can join to: letters, digits, spaces.
PLAIN = st.text(alphabet="abc xyz 123 .,é東", max_size=12)
PARAMS = st.text(alphabet="0123456789;:?", max_size=8)
PAYLOAD = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)
SEQUENCES = st.one_of(
    st.builds(lambda p, f: f"{ESC}[{p}{f}", PARAMS, st.sampled_from("mHJKhlABCDsu@~")),
    st.builds(lambda p, f: f"\x9b{p}{f}", PARAMS, st.sampled_from("mHJK")),
    # OSC 8 links, OSC 52 clipboard writes, window titles: ended by BEL or ST
    st.builds(
        lambda code, payload, end: f"{ESC}]{code};{payload}{end}",
        st.sampled_from(["8;;", "52;c", "0", "2", "1337"]),
        PAYLOAD,
        st.sampled_from(["\x07", f"{ESC}\\", "\x9c"]),
    ),
    st.builds(lambda payload: f"\x9d0;{payload}\x9c", PAYLOAD),
    # DCS, SOS, PM, APC strings
    st.builds(
        lambda kind, payload: f"{ESC}{kind}{payload}{ESC}\\", st.sampled_from("PX^_"), PAYLOAD
    ),
)


@HOSTILE_SETTINGS
@given(PLAIN, SEQUENCES, PLAIN)
def test_an_escape_sequence_goes_whole_payload_and_all(before: str, seq: str, after: str) -> None:
    assert clean_text(before + seq + after) == before + after


# -- the article parser ----------------------------------------------------------------------


def parsed(text: str, filename: str) -> ParsedArticle | None:
    try:
        return parse_article(text, filename=filename)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return None


def check_article(article: ParsedArticle) -> None:
    for field in ("title", "dek", "label", "author", "author_role", "author_bio", "caption"):
        value = getattr(article, field)
        assert value is None or (value and value == value.strip()), field
        assert not unsafe(value or ""), (field, value)
    for field in ONE_LINE_FIELDS:
        value = getattr(article, field) or ""
        assert "\n" not in value and len(value) <= MAX_FIELD_CHARS, (field, value)
    assert not unsafe(article.body)
    assert all(p and p == p.strip() for p in article.paragraphs)
    assert "\n\n".join(article.paragraphs) == article.body
    assert article.words == len(article.body.split())
    if article.date is not None:
        datetime.date.fromisoformat(article.date)


# Whole lines of the pieces above, of hostile text and of long plain text.
LINES = st.lists(
    st.one_of(st.sampled_from(PIECES), HOSTILE, st.text(max_size=300)), max_size=14
).map("\n".join)


@HOSTILE_SETTINGS
@given(st.one_of(HOSTILE, LINES), FILENAMES)
def test_the_parser_reads_any_text_or_says_why_not(text: str, filename: str) -> None:
    article = parsed(text, filename)
    if article is not None:
        check_article(article)
    # The parser cleans first: the same text cleaned beforehand reads the same.
    assert parsed(clean_text(text), filename) == article


# -- the search query ------------------------------------------------------------------------


@HOSTILE_SETTINGS
@given(HOSTILE)
def test_any_query_parses_into_bounded_folded_terms(text: str) -> None:
    query = parse_query(text)
    assert query.text == text
    assert len(query.words) + len(query.phrases) + len(query.excluded) <= MAX_ITEMS
    terms = [w.term for w in query.words] + [w.term for p in query.phrases for w in p]
    for term in terms:
        assert term and not unsafe(term) and words(term) == [term]


@lru_cache(maxsize=1)
def hostile_store() -> Store:
    """An in-memory store of a few articles read from hostile text."""
    store = Store.open()
    texts = [
        f"{ESC}[31mKanye{ESC}[0m [@click=app.quit]speaks[/] \u202eevil\u202c\n\nKim Kardashian"
        ' said "NEAR(a b)" AND OR NOT * ^ about 東京 and 👨\u200d👩\u200d👧.\n',
        "Title: [bold]Bold[/] \u200bclaims\nAuthor: Jane Doe\n\nA \x9b2Jclear\x07 body about"
        " kim's author:swann -julia before:2022.\n",
    ]
    rows = []
    for i, text in enumerate(texts):
        article = parse_article(text)
        rows.append(article_row(f"h{i}", article.title, article.body, author=article.author))
    write_articles(store, rows)
    refresh_spelling(store)
    return store


@HOSTILE_SETTINGS
@given(HOSTILE)
def test_any_query_runs_on_a_store_and_its_hits_are_safe(text: str) -> None:
    results = hostile_store().search_results(text, limit=10)
    for hit in results.hits:
        assert not unsafe(hit.snippet)
        for start, end in hit.title_spans:
            assert 0 <= start < end <= len(hit.summary.title)
        for start, end in hit.snippet_spans:
            assert 0 <= start < end <= len(hit.snippet)


# SQLite's tokenizer knows Unicode 6.1: a newer character (an emoji such as 🙂 or 🏽)
# joins the word it touches into one index term, which the word alone then cannot find
# (see reader/terms.py). Titles here keep to characters both agree on.
AGREED = st.text(alphabet="abcxyz ABC 0129 .,;:'\"’“”-–—_/()&£€%…àéîõüçßΣσςЖжЯ中文日本語한국어🎉")
AGREED_HOSTILE = st.lists(
    st.one_of(st.sampled_from([p for p in PIECES if "🏽" not in p]), AGREED), max_size=30
).map("".join)


@HOSTILE_SETTINGS
@given(AGREED_HOSTILE, AGREED_HOSTILE)
def test_a_hostile_article_is_found_by_each_word_of_its_title(title: str, body: str) -> None:
    article = parsed(f"{title}\n\n{body}", "")
    if article is None:
        return
    store = hostile_store()
    write_articles(store, [article_row("probe", article.title, article.body or "-")])
    refresh_spelling(store)
    for term in words(article.title)[:5]:
        found = {hit.summary.id for hit in store.search(f'"{term}"', limit=1000)}
        assert "probe" in found, (article.title, term)
