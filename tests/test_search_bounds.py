"""Search stays bounded and the import keeps working, whatever one article or query holds.

A word longer than the index keeps (a run of CJK characters without punctuation,
a run of one letter) is indexed by its first letters; a spelling refresh that fails
never loses the articles and is done again by the next import; a long query, or one
that repeats what an article repeats, costs one pass over the text.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core import Store
from reader.ingest import import_paths
from reader.search import highlight_spans, parse_query
from reader.search.match import Matcher
from reader.search.query import MAX_QUERY_CHARS, MAX_TERMS
from reader.search.rank import _titled
from reader.search.snippet import SNIPPET_MATCHES, make_snippet
from reader.storage.schema import migrate
from reader.terms import MAX_TERM_LEN, index_text, term_set, words
from tests.conftest import (
    SEEDS,
    TITLE_000,
    TITLE_003,
    article_row,
    insert_as_then,
    refresh_spelling,
    write,
    write_articles,
)

#: 11,000 CJK characters: 33,000 bytes, cut by FTS5 at 32,768, inside a character.
CJK_WORD = "東" * 11_000


def vocabulary(store: Store) -> list[bytes]:
    return [
        bytes(r[0]) for r in store._conn.execute("SELECT CAST(term AS BLOB) FROM articles_vocab")
    ]


def seed_titles(store: Store, text: str) -> set[str]:
    return {h.summary.title for h in store.search(text)}


# -- an over-long word ----------------------------------------------------------------


def test_a_cjk_word_over_32_kb_does_not_break_later_imports(tmp_path: Path, capsys) -> None:
    db = tmp_path / "news.db"
    write(tmp_path / "wide" / "cjk.txt", f"Wide word\n\n{CJK_WORD}\n")
    assert main(["--db", str(db), "ingest", str(tmp_path / "wide")]) == 0
    assert main(["--db", str(db), "ingest", str(SEEDS)]) == 0
    out, err = capsys.readouterr()
    assert "spelling" not in out + err and "2 added" in out
    with Store.open(db) as store:
        assert seed_titles(store, "kardashain") == {TITLE_000, TITLE_003}
        assert not store._conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
        assert max(map(len, vocabulary(store))) <= 3 * MAX_TERM_LEN
        # The word is found by what the index keeps of it, pasted whole or not.
        assert [h.summary.title for h in store.search(CJK_WORD)] == ["Wide word"]
        assert [h.summary.title for h in store.search(CJK_WORD[:300] + " ")] == ["Wide word"]


def test_the_index_terms_are_the_python_terms_for_long_words() -> None:
    """What SQLite indexes from index_text equals term_set: the spelling index, the
    query and the highlighter cut a long word where the index does."""
    texts = [
        CJK_WORD,
        "a" * 5_000,
        "x " + "Ünïcødé" * 60 + " y",
        "a\u0301" * 300,  # accents continue a word
        " \u0301" + "b" * 300,  # but never start one
        "snake_" + "c" * 300 + "_case",
        "İ" * 300,  # lower-cases to two characters
    ]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(b, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row')")
    for num, text in enumerate(texts):
        conn.execute("INSERT INTO f (rowid, b) VALUES (?, ?)", (num, index_text(text)))
    indexed = {row[0] for row in conn.execute("SELECT term FROM v")}
    assert indexed == set().union(*map(term_set, texts))
    assert max(map(len, indexed)) == MAX_TERM_LEN
    assert index_text("short words only") == "short words only"


def test_updating_and_deleting_an_article_with_a_long_word_keeps_the_index_whole(
    store: Store,
) -> None:
    write_articles(store, [article_row("a1", "Wide", f"zebras {CJK_WORD}")])
    write_articles(store, [article_row("a1", "Wide", f"lions {CJK_WORD}x")])  # the trigger
    store._conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    assert [h.summary.id for h in store.search("lions")] == ["a1"]
    assert store.search("zebras") == []
    store._conn.execute("DELETE FROM articles")
    assert vocabulary(store) == []


def test_a_batch_with_a_long_word_is_indexed_cut_and_one_without_is_indexed_as_stored(
    store: Store,
) -> None:
    calls = []

    def counted(text: str | None) -> str | None:
        calls.append(text)
        return index_text(text)

    store._conn.create_function("reader_index_text", 1, counted, deterministic=True)
    write_articles(store, [article_row("a1", "Plain", "zebras and lions")])
    assert calls == []  # no column needed cutting: no call into Python for each
    write_articles(
        store, [article_row("a2", "Tame", "giraffes"), article_row("a3", "Wide", CJK_WORD)]
    )
    assert len(calls) == 2 * 4  # both new rows, each indexed column
    store._conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    assert max(map(len, vocabulary(store))) <= 3 * MAX_TERM_LEN
    assert [h.summary.id for h in store.search("giraffes")] == ["a2"]
    assert [h.summary.id for h in store.search(CJK_WORD)] == ["a3"]


def _v6_database_with_a_cut_term(path: Path) -> None:
    """A database left by the version before: the CJK word indexed in full (FTS5 cut
    it inside a character) and the failed refresh's articles still pending."""
    from sqlite_utils import Database

    db = Database(path)
    assert migrate(db, 6) == 6
    insert_as_then(db.conn, [article_row("cjk", "Wide word", CJK_WORD)])
    db.conn.execute(
        "INSERT INTO articles_fts (rowid, title, dek, body, author) "
        "SELECT num, title, dek, body, author FROM articles"
    )
    db.conn.commit()
    bad = [t for (t,) in db.conn.execute("SELECT CAST(term AS BLOB) FROM articles_vocab")]
    assert any(len(t) == 32_768 for t in bad)
    db.close()


def test_a_database_broken_by_a_long_word_heals_at_the_next_import(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    _v6_database_with_a_cut_term(path)
    with Store.open(path) as store:
        report = import_paths(store, [SEEDS])
        assert report.added == 2 and not report.index_problem, report.summary()
        assert seed_titles(store, "kardashain") == {TITLE_000, TITLE_003}
        assert max(map(len, vocabulary(store))) <= 3 * MAX_TERM_LEN
        assert [h.summary.id for h in store.search(CJK_WORD)] == ["cjk"]


def test_a_vocabulary_term_that_is_not_utf8_is_skipped_by_the_refresh(store: Store) -> None:
    """The same bad state made by hand on the current schema: the refresh reads past it."""
    write_articles(store, [article_row("cjk", "Wide word", "wide")])
    store._conn.execute(
        "INSERT INTO articles_fts (rowid, body) VALUES ((SELECT num FROM articles), ?)",
        (CJK_WORD,),
    )
    write_articles(store, [article_row("k1", "Kardashian news", "Kim spoke.")])
    assert refresh_spelling(store).rebuilt
    assert [h.summary.id for h in store.search("kardashain")] == ["k1"]
    assert (
        max(map(len, (t.encode() for (t,) in store._conn.execute("SELECT term FROM search_terms"))))
        < 100
    )


# -- a refresh that fails -------------------------------------------------------------


def test_a_failed_spelling_refresh_keeps_the_articles_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import reader.search.spelling as spelling

    db = tmp_path / "news.db"
    real = spelling.refresh

    def broken(conn: sqlite3.Connection) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    Store.open(db).close()  # made (its migrations refresh too) before the refresh breaks
    monkeypatch.setattr(spelling, "refresh", broken)
    assert main(["--db", str(db), "ingest", str(SEEDS)]) == 0
    out, err = capsys.readouterr()
    assert "nothing was saved" not in out + err
    line = out.strip()
    assert line.startswith("2 added, 0 updated, 0 unchanged, 0 skipped; "), line
    assert "spelling index could not be updated (disk I/O error)" in line
    assert "articles are saved" in line and "next import" in line
    with Store.open(db) as store:
        assert store.count() == 2
        assert store._conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 2

    monkeypatch.setattr(spelling, "refresh", real)
    assert main(["--db", str(db), "ingest", str(SEEDS)]) == 0
    assert capsys.readouterr().out.strip() == "0 added, 0 updated, 2 unchanged, 0 skipped"
    with Store.open(db) as store:
        assert seed_titles(store, "kardashain") == {TITLE_000, TITLE_003}


# -- long and repetitive queries ----------------------------------------------------------

RUN = "a" * 200_000


def test_a_long_query_on_a_long_run_of_one_letter_is_quick(store: Store) -> None:
    """Before, each place in the run cost a comparison as long as the query: 23 s here."""
    write_articles(store, [article_row("run", "Long word", f"before {RUN} after")])
    refresh_spelling(store)
    began = time.perf_counter()
    hits = store.search("a" * 10_000)
    assert time.perf_counter() - began < 5
    assert [h.summary.id for h in hits] == ["run"]


@pytest.mark.parametrize(
    ("query", "marked"),
    [("a" * 255, False), ("a" * 255 + "*", True), ("a" * 2_000, True)],
)
def test_finding_a_query_in_long_runs_takes_one_pass(query: str, marked: bool) -> None:
    """The reading pane's n/N and the snippets use this; before, each place in a run cost
    a comparison as long as the term: 10 s here for 255 letters, and with a 2,000-letter
    query open, the app froze for a minute."""
    text = f"x {RUN} y " * 40
    began = time.perf_counter()
    spans = highlight_spans(text, [query])
    assert time.perf_counter() - began < 5
    # A 255-letter word is not the run; the index knows the run by its first 256 letters.
    runs = [(2 + i * (len(RUN) + 5), 2 + i * (len(RUN) + 5) + len(RUN)) for i in range(40)]
    assert spans == (runs if marked else [])


def test_matches_keep_their_meaning() -> None:
    matcher = Matcher(["art", "aa"], ["kard"])
    text = "Art party art’s aaa aa Kardashian kard xkard ART"
    assert [text[s:e] for s, e in matcher.spans(text)] == [
        "Art",
        "art",
        "aa",
        "Kardashian",
        "kard",
        "ART",
    ]
    assert Matcher(["art"]).find("art art art art", per_key=2) == [(0, 3, "art"), (4, 7, "art")]


@pytest.mark.parametrize(
    "body",
    [
        "Plain words before. " * 20 + "Art and kardashian art here. " + "More after it. " * 20,
        "One.\n\nArt  party  art.\n\nKardashian after a break " + "word " * 40,
        "art " * 30 + "middle kard " + "art " * 30,  # art is found 12 times, then no more
        "Café art Kardashian, naïve art " * 3,
    ],
)
def test_a_snippets_spans_are_those_found_in_the_snippet_itself(body: str) -> None:
    matcher = Matcher(["art"], ["kard"])
    matches, known = matcher.find_known(body, per_key=SNIPPET_MATCHES)
    text, spans = make_snippet(body, matches, matcher, known)
    assert spans == tuple(matcher.spans(text))
    assert spans


def test_a_snippet_cut_from_the_body_as_it_stands_is_not_searched_again(monkeypatch) -> None:
    body = "Plain words before. " * 20 + "Art and kardashian art here. " + "More after it. " * 20
    matcher = Matcher(["art"], ["kard"])
    matches, known = matcher.find_known(body, per_key=SNIPPET_MATCHES)
    monkeypatch.setattr(Matcher, "spans", lambda self, text: pytest.fail("searched again"))
    text, spans = make_snippet(body, matches, matcher, known)
    assert [text[s:e] for s, e in spans] == ["Art", "kardashian", "art"]


_TITLE_TEXT = st.text(alphabet="abcAB1 ’'-\nçéİΣσ_\u0301", max_size=30)


@given(
    st.dictionaries(st.integers(0, 99), _TITLE_TEXT, min_size=1, max_size=8),
    st.lists(st.lists(_TITLE_TEXT.map(words).filter(bool).map(lambda w: w[0])), max_size=3),
)
@settings(max_examples=300, deadline=None)
def test_titles_searched_together_hold_the_words_their_terms_hold(
    titles: dict[int, str], alternatives: list[list[str]]
) -> None:
    terms = {num: term_set(title) for num, title in titles.items()}
    expected = {n for n in titles if all(not terms[n].isdisjoint(a) for a in alternatives)}
    assert _titled(titles, alternatives) == expected


def test_a_query_is_capped_and_the_rest_ignored() -> None:
    many = " ".join(f"w{i:03d}" for i in range(500))
    query = parse_query(f'"{many}"')
    assert len(query.phrases[0]) == MAX_TERMS
    query = parse_query('"' + " ".join(["alpha"] * 40) + '" "' + " ".join(["beta"] * 40) + '"')
    assert sum(map(len, query.phrases)) == MAX_TERMS
    # An exclusion is never cut (a shorter one would leave out more): it is dropped.
    query = parse_query('"' + " ".join(["alpha"] * 40) + '" -"' + " ".join(["beta"] * 40) + '"')
    assert query.excluded == ()
    assert parse_query("x" * 10_000).words[0].term == "x" * MAX_TERM_LEN
    assert [w.term for w in parse_query("a" * MAX_QUERY_CHARS + " zebra").words] == [
        "a" * MAX_TERM_LEN
    ]


RUNS = st.lists(
    st.tuples(
        st.sampled_from([1, 5, 128, 129, 200, 255, 256, 257, 300, 600]),
        st.sampled_from(["x", "東", "é", "_", "a-b"]),
        st.sampled_from([" ", "\n", "\n\n", "  ", ".", "\u00a0"]),
    ),
    max_size=30,
).map(lambda runs: "".join(ch * (n // len(ch) or 1) + sep for n, ch, sep in runs))


@settings(max_examples=300, deadline=None)
@given(RUNS)
def test_the_quick_test_for_a_long_word_misses_none(text: str) -> None:
    import re

    from reader.terms import _long_word_re

    # The cut applied to every text, with no quick test first: what the index must get.
    long = any(len(piece) > MAX_TERM_LEN for piece in re.split(r"\s+", text))
    cut = _long_word_re().sub(r"\1", text.replace("_", " ")) if long else text
    assert index_text(text) == cut
