"""The search language, word folding and highlighting: pure functions, no database
(except one test that checks the tokenizer copy against SQLite's own)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search import SYNTAX, Query, Word, highlight_spans, parse_query
from reader.search.fts import phrase, quote, without
from reader.search.query import MAX_ITEMS
from reader.search.spelling import deletes, query_keys, stored_keys, typo_budget
from reader.terms import fold, words

# -- parsing ------------------------------------------------------------------------------------


def test_words_and_the_word_being_typed() -> None:
    q = parse_query("Kim Kard")
    assert q.words == (Word("kim"), Word("kard", prefix=True))
    assert parse_query("Kim Kard ").words == (Word("kim"), Word("kard"))
    assert q.text == "Kim Kard"


def test_phrases_closed_and_open() -> None:
    assert parse_query('"speaking terms"').phrases == ((Word("speaking"), Word("terms")),)
    assert parse_query('"speaking ter').phrases == ((Word("speaking"), Word("ter", prefix=True)),)
    assert parse_query('"speaking ter ').phrases == ((Word("speaking"), Word("ter")),)
    assert parse_query('""').is_empty


def test_exclusions() -> None:
    q = parse_query('-julia -"julia fox" kanye')
    assert q.excluded == (("julia",), ("julia", "fox"))
    assert q.words == (Word("kanye", prefix=True),)
    assert parse_query("kanye -jul").excluded == (("jul",),)  # never a prefix


def test_author_filter_words() -> None:
    assert parse_query("author:Swann").authors == ("swann",)
    assert parse_query('author:"Erik Swann" kim').authors == ("erik", "swann")
    assert parse_query("author:").words == (Word("author"),)  # a mark ends the word


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("before:2022-01-25", "2022-01-25", None),
        ("before:2022", "2022", None),
        ("before:2022-1", "2022-01", None),
        ("after:2022/01/05", None, "2022-01-05"),
        ("after:2020 after:2021 before:2024 before:2023", "2023", "2021"),
    ],
)
def test_date_filters(text: str, before: str | None, after: str | None) -> None:
    q = parse_query(text)
    assert (q.before, q.after) == (before, after)
    assert q.has_filters and not q.has_terms and not q.is_empty


@pytest.mark.parametrize("text", ["before:2022-13", "after:2022-02-30", "before:22", "after:soon"])
def test_a_date_filter_without_a_date_is_words(text: str) -> None:
    q = parse_query(text)
    assert q.before is None and q.after is None
    assert q.words[0] == Word(text.split(":")[0])


def test_unknown_keys_are_words_and_reserved_ones_are_kept_apart() -> None:
    assert parse_query("foo:bar").words == (Word("foo"), Word("bar", prefix=True))
    q = parse_query('person:"Kim Kardashian" is:read has:notes @Kanye -person:x west')
    assert q.reserved == (("-person", "x"),) and q.read is True
    assert q.words == (Word("west", prefix=True),)
    assert q.has_note is True and q.bookmarked is None
    assert q.persons == ("Kim Kardashian",) and q.fuzzy_persons == ("Kanye",)
    assert q.has_filters and not q.is_empty


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("is:unread", False),
        ("is:new", False),
        ("-is:unread", True),
        ("is:read", True),
        ("-is:read", False),
        ("is:UNREAD", False),
        ("is:unred", None),
    ],
)
def test_read_filters(text: str, read: bool | None) -> None:
    q = parse_query(text)
    assert q.read is read
    assert q.has_filters is (read is not None)


def test_bookmark_and_note_filters() -> None:
    q = parse_query("is:bookmarked -has:note")
    assert (q.bookmarked, q.has_note) == (True, False)
    assert q.has_filters and not q.has_terms and not q.is_empty
    assert parse_query("-is:Bookmarks").bookmarked is False
    assert parse_query("is:shiny").bookmarked is None


def test_operators_and_punctuation_are_words_or_nothing() -> None:
    q = parse_query("kim AND (kanye OR NOT julia) NEAR* ^x")
    assert [w.term for w in q.words] == ["kim", "and", "not", "julia", "near", "x"]
    assert q.words[2].either == ("kanye",)  # OR is the one operator: "NOT" is a word
    assert parse_query("*** ^^^ ((( ::: ---").is_empty


def test_words_are_split_and_folded_like_the_index() -> None:
    assert [w.term for w in parse_query("Co-Parenting Kardashian’s CAFÉ ").words] == [
        "co",
        "parenting",
        "kardashian",
        "cafe",
    ]
    assert [w.term for w in parse_query("U.S. ").words] == ["u", "s"]


def test_the_number_of_items_is_bounded() -> None:
    q = parse_query(" ".join(f"w{i}" for i in range(500)) + ' "a b" -c')
    assert len(q.words) == MAX_ITEMS
    assert q.phrases == () and q.excluded == ()


def test_the_query_is_a_frozen_dataclass_and_the_syntax_is_documented() -> None:
    q = parse_query("kim")
    with pytest.raises(AttributeError):
        q.words = ()  # type: ignore[misc]
    assert isinstance(q, Query)
    assert {example.split(":")[0] for example, _ in SYNTAX} >= {"author", "before", "after"}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text: str) -> None:
    q = parse_query(text)
    assert len(q.words) + len(q.phrases) + len(q.excluded) <= MAX_ITEMS
    for word in q.words:
        assert word.term and word.term == fold(word.term)


# -- FTS5 expressions ---------------------------------------------------------------------------


def test_terms_are_always_quoted_for_fts5() -> None:
    assert quote('say"hi') == '"say""hi"'
    assert phrase(["near", "and"]) == '"near and"'
    assert phrase(["kim", "kard"], last_is_prefix=True) == '"kim kard" *'
    assert without('"a"', ['"b"', '"c d"']) == '("a") NOT ("b" OR "c d")'


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_a_quoted_term_is_a_valid_fts5_string(term: str) -> None:
    conn = _fts()
    conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (quote(term),)).fetchone()


# -- folding: the same words as SQLite ---------------------------------------------------------


def _fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(a, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    return conn


def _sqlite_words(conn: sqlite3.Connection, text: str) -> list[str]:
    conn.execute("DELETE FROM f")
    conn.execute("INSERT INTO f (rowid, a) VALUES (1, ?)", (text,))
    return [row[0] for row in conn.execute("SELECT term FROM v ORDER BY offset")]


#: Letters of the scripts news is written in, accents, digits and punctuation.
_ALPHABET = (
    "abcxyzABCXYZ0129 .,;:'\"’“”-–—_/()&£€%…\n\t"
    "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÇÈÉÑÖØÜßẞĀăĄćČďĐęĚğĞıİłŁńŇőŒœřŘśŠşţŤůŰźŻžŽǅǆ"
    "ΑΒΓΣσςάέήίόύώΪϊ" + "АБВЁёЖжЯяЇї" + "中文日本語한국어" + "\u0301\u0308\ue000"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_ALPHABET)), max_size=40))
def test_words_are_the_ones_sqlite_indexes(text: str) -> None:
    assert words(text) == _sqlite_words(_fts(), text)


def test_folding_examples() -> None:
    assert fold("Kardashian") == "kardashian"
    assert fold("Ünïcødé") == "unicøde"
    assert fold("ΟΔΟΣ") == fold("οδος") == "οδοσ"
    assert fold("İstanbul") == "istanbul"
    assert fold("Straße") == "straße"


# -- highlighting -------------------------------------------------------------------------------


def marked(text: str, terms: list[str], prefixes: tuple[str, ...] = ()) -> list[str]:
    return [text[s:e] for s, e in highlight_spans(text, terms, prefixes)]


def test_highlight_whole_words_ignoring_case_and_accents() -> None:
    text = "Café society: the CAFE, a cafés party at the Art Museum (art’s)."
    assert marked(text, ["cafe"]) == ["Café", "CAFE"]
    assert marked(text, ["art"]) == ["Art", "art"]
    assert marked(text, ["Museum"]) == ["Museum"]


def test_highlight_prefixes_with_a_star_or_apart() -> None:
    text = "Kardashian and the Kardashians, not Kard-ashian."
    assert marked(text, ["kard*"]) == ["Kardashian", "Kardashians", "Kard"]
    assert marked(text, [], ("kardashian",)) == ["Kardashian", "Kardashians"]
    assert marked(text, ["kardashian"]) == ["Kardashian"]


def test_highlight_edge_cases() -> None:
    assert highlight_spans("", ["a"]) == []
    assert highlight_spans("text", []) == []
    assert highlight_spans("text", ["*", ""]) == []
    assert marked("ΟΔΟΣ οδος", ["οδοσ"]) == ["ΟΔΟΣ", "οδος"]
    assert marked("e\u0301te ETE", ["ete"]) == ["e\u0301te", "ETE"]
    assert marked("a_b ab", ["b"]) == ["b"]  # "_" separates words
    assert marked("overlap", ["over*", "overlap"]) == ["overlap"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list(_ALPHABET)), max_size=50),
    st.lists(
        st.text(alphabet=st.sampled_from(list(_ALPHABET)), min_size=1, max_size=4), max_size=3
    ),
)
def test_highlight_marks_exactly_the_words_that_fold_to_a_term(text: str, raw: list[str]) -> None:
    import re

    from reader.terms import word_spans

    terms = [w for t in raw for w in words(t)]
    expected = [(s, e) for s, e, w in word_spans(text) if w in terms]
    got = highlight_spans(text, terms)
    assert got == expected, (text, terms)
    assert re  # the import keeps the example readable


# -- typo arithmetic ---------------------------------------------------------------------------


def test_typo_budget() -> None:
    assert [typo_budget(w) for w in ("cat", "cats", "electio", "election", "2022", "x" * 30)] == [
        0,
        1,
        1,
        2,
        0,
        0,
    ]


def test_deletes() -> None:
    assert deletes("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert "a" in deletes("abc", 2) and "" not in deletes("ab", 2)


def test_stored_keys_find_every_typo_within_the_budget() -> None:
    """The SymSpell prefix trick loses nothing: random words, random typos."""
    from rapidfuzz.distance import OSA

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyzé"
    for _ in range(3_000):
        term = "".join(rng.choice(letters) for _ in range(rng.randint(4, 14)))
        typo = term
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(typo))
            kind = rng.randrange(4)
            if kind == 0 and i < len(typo) - 1:
                typo = typo[:i] + typo[i + 1] + typo[i] + typo[i + 2 :]
            elif kind == 1 and len(typo) > 1:
                typo = typo[:i] + typo[i + 1 :]
            elif kind == 2:
                typo = typo[:i] + rng.choice(letters) + typo[i:]
            else:
                typo = typo[:i] + rng.choice(letters) + typo[i + 1 :]
        budget = typo_budget(typo)
        if budget and OSA.distance(typo, term) <= budget:
            assert query_keys(typo, budget) & stored_keys(term), (typo, term)


def test_source_and_feed_filters() -> None:
    q = parse_query('kanye source:bbc source:"BBC News" -source:sport feed:3 -feed:x.org')
    assert q.words == (Word("kanye"),)
    assert q.sources == ("bbc", "BBC News") and q.not_sources == ("sport",)
    assert q.feeds == ("3",) and q.not_feeds == ("x.org",)
    assert q.has_sources and q.has_filters and not q.reserved
    assert parse_query("-source:sport").has_filters  # a negation alone still filters
    assert not parse_query("source:").has_sources  # no value: nothing to keep to
    assert parse_query("source:bbc source:bbc").sources == ("bbc",)
