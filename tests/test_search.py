"""Search: what it finds, in which order, why, and that no text makes it fail.

On the two seeds (imported the real way) and on small articles written here.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import Store
from reader.ingest import import_paths
from reader.search import highlight_spans
from reader.search.engine import MAX_LIMIT
from reader.types import SearchHit
from tests.conftest import (
    SEEDS,
    TITLE_000,
    TITLE_003,
    article_row,
    insert_as_then,
    refresh_spelling,
    write_articles,
)

BOTH = {TITLE_000, TITLE_003}


def titles(hits: list[SearchHit]) -> list[str]:
    return [h.summary.title for h in hits]


def row(
    article_id: str,
    title: str,
    body: str,
    date: str | None = None,
    author: str | None = None,
    dek: str | None = None,
) -> tuple:
    return article_row(article_id, title, body, date=date, author=author, dek=dek)


def add(store: Store, *rows: tuple) -> Store:
    write_articles(store, list(rows))
    refresh_spelling(store)
    return store


# -- the examples, on the seeds -------------------------------------------------------


def test_a_misspelt_name_finds_both_seeds(seeded: Store) -> None:
    hits = seeded.search("kardashain")
    assert set(titles(hits)) == BOTH
    assert all("kardashian" in h.terms for h in hits)


def test_julia_fox_ranks_the_article_about_her_first(seeded: Store) -> None:
    assert titles(seeded.search("julia fox")) == [TITLE_003]


def test_three_words_from_the_body(seeded: Store) -> None:
    assert titles(seeded.search("asian art museum")) == [TITLE_000]


def test_a_typo_in_the_first_of_two_words(seeded: Store) -> None:
    hits = seeded.search("speking terms")
    assert set(titles(hits)) == BOTH
    assert all("speaking" in h.terms for h in hits)


def test_an_excluded_word(seeded: Store) -> None:
    assert titles(seeded.search("-julia kanye")) == [TITLE_000]


@pytest.mark.parametrize("text", ["!!!", "...", "—", "“”’", "*", "()", ":", '"', "-", "- -", "^"])
def test_only_punctuation_finds_nothing(seeded: Store, text: str) -> None:
    assert seeded.search(text) == []


# -- as you type --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["k", "ka", "kar", "kard", "kardash", "kardashia", "Kardashian"])
def test_every_prefix_of_a_word_being_typed_finds_it(seeded: Store, text: str) -> None:
    hits = seeded.search(text)
    assert set(titles(hits)) == BOTH
    for hit in hits:
        assert hit.terms == (text.lower() + "*",)
        spans = [hit.summary.title[s:e] for s, e in hit.title_spans]
        assert "Kardashian" in spans


def test_a_finished_word_no_longer_matches_as_a_prefix(seeded: Store) -> None:
    # "kardashians" is in 003 only: typed "kardashian" finds it, "kardashian " does not.
    hits = seeded.search("kardashian")
    assert set(titles(hits)) == BOTH
    assert {h.terms for h in hits} == {("kardashian*",)}
    hits = seeded.search("kardashian ")
    assert set(titles(hits)) == BOTH
    assert all(h.terms == ("kardashian",) for h in hits)


def test_the_last_word_of_several_is_the_prefix(seeded: Store) -> None:
    assert titles(seeded.search("julia f")) == [TITLE_003]
    assert seeded.search("julia fx ") == []  # finished, too short for a typo
    assert titles(seeded.search("asian art mus")) == [TITLE_000]


# -- ranking -----------------------------------------------------------------------------------


def test_exact_matches_rank_above_corrected_ones(store: Store) -> None:
    add(
        store,
        row("a1", "Physics notes", "The electron was measured again.", date="2001-01-01"),
        row("b2", "Election night", "The election was close.", date="2024-01-01"),
    )
    hits = store.search("electron ")
    assert [h.summary.id for h in hits] == ["a1", "b2"]
    assert hits[0].terms == ("electron",)
    assert hits[1].terms == ("election",)


def test_title_matches_rank_above_body_matches(store: Store) -> None:
    add(
        store,
        row("a1", "Zebras cross the road", "Traffic stopped.", date="2001-01-01"),
        row("b2", "Traffic news", "Zebras, zebras and more zebras.", date="2024-01-01"),
        row("c3", "Other news", "Nothing about it."),
    )
    assert [h.summary.id for h in store.search("zebras")] == ["a1", "b2"]


def test_a_title_holding_every_word_beats_one_holding_some(store: Store) -> None:
    add(
        store,
        row("a1", "Budget talks", "The minister spoke about the budget.", date="2024-01-01"),
        row("b2", "Minister and budget", "Talks went on.", date="2001-01-01"),
    )
    assert [h.summary.id for h in store.search("minister budget")] == ["b2", "a1"]


def test_recency_breaks_ties_newest_first_and_undated_last(store: Store) -> None:
    body = "Parliament met to discuss the harbour."
    add(
        store,
        row("a1", "Harbour", body, date="2020-05-01"),
        row("b2", "Harbour", body, date=None),
        row("c3", "Harbour", body, date="2023-05-01"),
        row("d4", "Harbour", body, date="2021-05-01"),
    )
    assert [h.summary.id for h in store.search("harbour")] == ["c3", "d4", "a1", "b2"]


def test_two_typos_are_allowed_from_eight_letters(store: Store) -> None:
    add(store, row("a1", "Vote", "The presidential election was held.", date="2020-01-01"))
    assert [h.summary.id for h in store.search("presidnetial elction")] == ["a1"]
    assert [h.summary.id for h in store.search("prseidentail")] == ["a1"]  # two swaps
    assert store.search("prseidentailx ") == []  # three typos
    assert store.search("elcton ") == []  # two typos in seven letters


def test_tony_blare_finds_tony_blair(store: Store) -> None:
    # "blare" is two edits from "blair" in five letters (one typo allowed there), but it
    # sounds the same: a name typed as it was heard.
    add(
        store,
        row("a1", "Tony Blair visits Paris", "The prime minister met the president."),
        row("b2", "Tony blames the weather", "The match was called off."),
    )
    assert "a1" in [h.summary.id for h in store.search("tony blare")]
    assert "a1" in [h.summary.id for h in store.search("tony blare ")]
    hit = next(h for h in store.search("tony blare") if h.summary.id == "a1")
    assert "blair" in hit.terms


def test_barosso_finds_barroso(store: Store) -> None:
    add(store, row("a1", "Barroso names his commission", "Jose Manuel Barroso spoke."))
    assert [h.summary.id for h in store.search("barosso ")] == ["a1"]
    assert [h.summary.id for h in store.search("jose barosso")] == ["a1"]


def test_a_word_two_edits_away_that_sounds_different_is_not_found(store: Store) -> None:
    add(store, row("a1", "Harbour", "The harbour was closed.", date="2020-01-01"))
    assert store.search("hrabor ") == []  # two edits in six letters, and no "harbour" sound
    assert store.search("elcton ") == []


def test_one_typo_is_allowed_from_four_letters_and_none_below(store: Store) -> None:
    add(store, row("a1", "Cats", "The cat sat on the mats.", date="2020-01-01"))
    assert [h.summary.id for h in store.search("mast ")] == ["a1"]  # a swap of "mats"
    assert store.search("cta ") == []
    assert store.search("cat ") != []


def test_a_rare_word_also_finds_its_neighbours_after_the_exact_matches(seeded: Store) -> None:
    # "kardashians" is in one seed: that one first, then the other through "kardashian".
    assert titles(seeded.search("kardashians ")) == [TITLE_003, TITLE_000]


def test_common_words_are_not_corrected(store: Store) -> None:
    rows = [row(f"a{i}", f"Story {i}", "The state budget.", date="2020-01-01") for i in range(3)]
    add(store, *rows, row("z9", "Odd one", "A stats report.", date="2020-01-01"))
    assert {h.summary.id for h in store.search("state ")} == {"a0", "a1", "a2"}


# -- why it matched --------------------------------------------------------------------------


def test_the_snippet_is_cut_around_the_match_with_ellipses(store: Store) -> None:
    before = " ".join(f"early{i}" for i in range(60))
    after = " ".join(f"late{i}" for i in range(60))
    body = f"{before} The Kardashian family met.\n\nAnother {after}"
    add(store, row("a1", "Family news", body, date="2020-01-01"))
    hit = store.search("kardashain")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "\n" not in hit.snippet
    assert 20 <= len(hit.snippet.split()) <= 30
    assert "early59 The Kardashian family met." in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["Kardashian"]
    assert hit.title_spans == ()
    assert hit.terms == ("kardashian",)


def test_the_snippet_prefers_the_place_where_the_words_meet(store: Store) -> None:
    filler = " ".join(f"filler{i}" for i in range(80))
    body = f"Kanye spoke. {filler} Later Kanye and Julia were seen together. {filler}"
    add(store, row("a1", "News", body, date="2020-01-01"))
    hit = store.search("kanye julia")[0]
    marked = [hit.snippet[s:e] for s, e in hit.snippet_spans]
    assert marked == ["Kanye", "Julia"]
    assert hit.snippet.startswith("…")


def test_a_short_body_is_the_whole_snippet(store: Store) -> None:
    add(store, row("a1", "Short", "Only a museum here.", date="2020-01-01"))
    hit = store.search("museum")[0]
    assert hit.snippet == "Only a museum here."
    assert hit.snippet_spans == ((7, 13),)


def test_title_spans_point_at_the_matched_words(seeded: Store) -> None:
    hit = next(h for h in seeded.search("kanye west") if h.summary.title == TITLE_000)
    assert [TITLE_000[s:e] for s, e in hit.title_spans] == ["Kanye", "West"]
    assert hit.terms == ("kanye", "west*")


def test_terms_highlight_the_opened_article(seeded: Store) -> None:
    hit = seeded.search("speking terms ")[0]
    body = seeded.article(hit.summary.id).body
    marked = {body[s:e].lower() for s, e in highlight_spans(body, hit.terms)}
    assert marked == {"speaking", "terms"}


# -- the query syntax ---------------------------------------------------------------------------


def test_a_quoted_phrase_matches_those_words_in_that_order(seeded: Store) -> None:
    assert titles(seeded.search('"asian art"')) == [TITLE_000]
    assert seeded.search('"art asian"') == []
    assert set(titles(seeded.search('"speaking terms"'))) == BOTH
    assert seeded.search('"speking terms"') == []  # no typos inside quotes


def test_an_unclosed_phrase_runs_to_the_end_and_its_last_word_is_typed(seeded: Store) -> None:
    assert titles(seeded.search('"asian art mu')) == [TITLE_000]
    assert set(titles(seeded.search('"speaking ter'))) == BOTH
    assert set(titles(seeded.search('"kim kard'))) == BOTH
    assert seeded.search('"kim kardz') == []


def test_a_typed_phrase_completes_its_last_word_from_the_vocabulary(store: Store) -> None:
    # Several completions, one of them side by side with the first word.
    add(
        store,
        row("a1", "Harbour", "The harbour master spoke.", date="2020-01-03"),
        row("a2", "Harbour", "The harbour masterclass began.", date="2020-01-02"),
        row("a3", "Harbour", "A master of the harbour.", date="2020-01-01"),
    )
    assert [h.summary.id for h in store.search('"harbour mas')] == ["a1", "a2"]
    assert [h.summary.id for h in store.search("harbour mas")][:2] == ["a1", "a2"]


def test_an_excluded_phrase(seeded: Store) -> None:
    assert titles(seeded.search('-"julia fox" kanye')) == [TITLE_000]
    assert set(titles(seeded.search('-"fox julia" kanye'))) == BOTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("author:swann", [TITLE_000]),
        ("author:swa", [TITLE_000]),
        ("author:Swann kanye", [TITLE_000]),
        ('author:"erik swann"', [TITLE_000]),
        ("author:julia", []),
        ("author:swann julia", []),
    ],
)
def test_author_filter(seeded: Store, text: str, expected: list[str]) -> None:
    assert titles(seeded.search(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kanye after:2022-01-24", [TITLE_003]),
        ("kanye after:2022-01-25", []),  # after that day
        ("kanye after:2021", [TITLE_003]),
        ("kanye after:2022", []),  # after the whole of 2022
        ("kanye after:2021-12", [TITLE_003]),
        ("kanye after:2022-01", []),
        ("kanye before:2022-01-26", [TITLE_003]),
        ("kanye before:2022-01-25", []),
        ("kanye before:2022", []),
        ("kanye before:2023", [TITLE_003]),
        ("kanye before:2022-02", [TITLE_003]),
        ("kanye after:2021-12-31 before:2022-02", [TITLE_003]),
    ],
)
def test_date_filters(seeded: Store, text: str, expected: list[str]) -> None:
    assert titles(seeded.search(text)) == expected


def test_filters_alone_list_the_dated_articles_newest_first(store: Store) -> None:
    add(
        store,
        row("a1", "Old", "Body one.", date="2019-03-01"),
        row("b2", "New", "Body two.", date="2023-03-01"),
        row("c3", "Undated", "Body three."),
        row("d4", "Middle", "Body four.", date="2021-03-01"),
    )
    assert [h.summary.id for h in store.search("after:2019")] == ["b2", "d4"]
    assert [h.summary.id for h in store.search("before:2024")] == ["b2", "d4", "a1"]
    assert [h.summary.id for h in store.search("before:2024 -four")] == ["b2", "a1"]
    hit = store.search("after:2022")[0]
    assert hit.snippet == "Body two." and hit.terms == ()


def test_an_unknown_key_is_plain_words(seeded: Store) -> None:
    assert titles(seeded.search("museum:asian")) == [TITLE_000]


def test_a_date_that_is_not_a_date_is_plain_words(store: Store) -> None:
    add(store, row("a1", "Budget", "Published before 2022 13 times.", date="2020-01-01"))
    assert [h.summary.id for h in store.search("before:2022-13")] == ["a1"]


@pytest.mark.parametrize("reserved", ["-@kim", "-person:x"])
def test_reserved_filters_are_read_and_ignored(seeded: Store, reserved: str) -> None:
    results = seeded.search_results(f"{reserved} julia")
    assert titles(list(results.hits)) == [TITLE_003]
    assert results.query.reserved


@pytest.mark.parametrize(
    "text",
    [
        "kanye AND julia",
        "NOT julia",
        "NEAR(kanye julia)",
        "kanye^ julia*",
        'kanye" "julia',
        "{title}: julia",
        "julia:",
        "a:b:c julia",
        "(((julia",
    ],
)
def test_fts_operators_are_plain_words(seeded: Store, text: str) -> None:
    hits = seeded.search(text)  # must not raise
    assert set(titles(hits)) <= {TITLE_003}


def test_very_long_and_strange_queries(seeded: Store) -> None:
    assert seeded.search("x" * 10_000) == []
    assert seeded.search("julia " * 2_000)  # 2,000 words: the first ones are used
    assert titles(seeded.search("\x00\x01\x1b julia \x7f\u202e")) == [TITLE_003]
    assert seeded.search("julia", limit=0) == []
    assert len(seeded.search("k", limit=10**9)) == 2
    assert MAX_LIMIT >= 200


def test_more_says_whether_more_articles_match(seeded: Store) -> None:
    assert seeded.search_results("kanye", limit=1).more
    assert not seeded.search_results("kanye", limit=2).more
    assert len(seeded.search("kanye", limit=1)) == 1


# -- never raises -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _seeded_once() -> Store:
    store = Store.open()
    import_paths(store, [SEEDS])
    return store


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query(text: str) -> None:
    hits = _seeded_once().search(text)
    assert isinstance(hits, list)
    assert all(isinstance(h, SearchHit) for h in hits)


_QUERYISH = st.text(alphabet=st.sampled_from(list('kanyejuliafox "-:*^()@AND OR NEAR é’')))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUERYISH)
def test_any_query_made_of_syntax_pieces_is_valid(text: str) -> None:
    hits = _seeded_once().search(text)
    for hit in hits:
        for start, end in (*hit.title_spans, *hit.snippet_spans):
            assert 0 <= start < end


# -- the spelling index ---------------------------------------------------------------------


def test_an_import_refreshes_the_spelling_index(seeded: Store) -> None:
    conn = seeded._conn
    assert conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
    docs = conn.execute("SELECT docs FROM search_terms WHERE term = 'kardashian'").fetchone()
    assert docs == (2,)


def test_new_articles_add_their_words_incrementally(seeded: Store) -> None:
    add(seeded, row("n1", "Zanzibar", "Quokkas everywhere.", date="2020-01-01"))
    assert [h.summary.id for h in seeded.search("quokas")] == ["n1"]
    counts = dict(seeded._conn.execute("SELECT term, docs FROM search_terms").fetchall())
    assert counts["quokkas"] == 1 and counts["kardashian"] == 2


def test_an_edited_article_is_found_by_its_new_words(store: Store, tmp_path) -> None:
    add(store, row("a1", "Wildlife", "Zebras graze.", date="2020-01-01"))
    add(store, row("a1", "Wildlife", "Lions hunt.", date="2020-01-01"))
    assert store.count() == 1
    assert [h.summary.id for h in store.search("lions ")] == ["a1"]
    assert [h.summary.id for h in store.search("lins ")] == ["a1"]  # a typo of a new word
    assert store.search("zebras ") == []
    path = tmp_path / "news" / "story.txt"
    path.parent.mkdir()
    path.write_text("Harbour news\n\nThe ferry left.\n", encoding="utf-8")
    import_paths(store, [path.parent])
    path.write_text("Harbour news\n\nThe hovercraft left.\n", encoding="utf-8")
    assert import_paths(store, [path.parent]).updated == 1
    assert [h.summary.title for h in store.search("hovercraft")] == ["Harbour news"]


def test_search_finds_articles_written_before_the_refresh(store: Store) -> None:
    write_articles(store, [row("a1", "Ferry", "The ferry to Zanzibar.", date="2020-01-01")])
    assert [h.summary.id for h in store.search("zanzibar ")] == ["a1"]
    assert [h.summary.id for h in store.search("zanz")] == ["a1"]


def test_an_old_database_gets_its_spelling_index_on_open(tmp_path) -> None:
    from sqlite_utils import Database

    from reader.storage.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    db = Database(conn)
    MIGRATIONS.apply(db, stop_before="0002_search")
    conn.execute("PRAGMA user_version = 1")
    insert_as_then(conn, [row("a1", "Kardashian news", "Kim spoke.", date="2022-01-01")])
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert [h.summary.id for h in store.search("kardashain")] == ["a1"]


def test_a_database_with_the_old_prefix_index_is_rebuilt_without_it(tmp_path) -> None:
    from sqlite_utils import Database

    from reader.storage.migrations import MIGRATIONS

    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path)
    MIGRATIONS.apply(Database(conn), stop_before="0006_no_prefix_index")
    conn.execute("PRAGMA user_version = 5")
    insert_as_then(
        conn, [row("a1", "Kardashian news", "Kim spoke at the harbour.", date="2022-01-01")]
    )
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        sql = store._conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'")
        assert "prefix" not in sql.fetchone()[0]
        assert [h.summary.id for h in store.search('"spoke at the har')] == ["a1"]
        assert [h.summary.id for h in store.search("kardash")] == ["a1"]


def test_no_search_module_loads_the_ui() -> None:
    import subprocess
    import sys

    names = ["choices", "engine", "filters", "fts", "hits", "match", "notes", "plan", "query"]
    names += ["rank", "snippet", "sound", "spelling", "syntax"]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module('reader.search.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_is_bookmarked_and_has_note_filter_results(seeded: Store) -> None:
    first, second = seeded.page(0, 2)  # 003, then 000
    seeded.set_bookmark(second.id)
    seeded.add_note(first.id, "a thought")
    assert titles(seeded.search("kardashian is:bookmarked")) == [TITLE_000]
    assert titles(seeded.search("kardashian -is:bookmarked")) == [TITLE_003]
    assert titles(seeded.search("kardashian has:note")) == [TITLE_003]
    assert titles(seeded.search("is:bookmarked")) == [TITLE_000]  # filters alone, undated too
    assert titles(seeded.search("has:note")) == [TITLE_003]
    assert seeded.search("-has:note -is:bookmarked") == []


def test_words_also_find_articles_through_their_notes(seeded: Store) -> None:
    _first, second = seeded.page(0, 2)
    seeded.add_note(second.id, "Reminds me of the zeppelin exhibition")
    hits = seeded.search("zeppelin")
    assert titles(hits) == [TITLE_000]
    assert titles(seeded.search("zeppelin has:note")) == [TITLE_000]
    assert seeded.search("zeppelin -has:note") == []
    # the article's own matches come first, then those found through notes
    seeded.add_note(second.id, "and julia")
    assert titles(seeded.search("julia")) == [TITLE_003, TITLE_000]
    seeded.delete_note(seeded.notes(second.id)[0].id, undoable=True)
    assert titles(seeded.search("zeppelin")) == []


def test_person_filters_find_the_articles_that_mention_them(seeded: Store) -> None:
    assert titles(seeded.search('person:"Julia Fox"')) == [TITLE_003]
    assert titles(seeded.search('person:"julia fox" kanye')) == [TITLE_003]
    assert titles(seeded.search('person:"Irina Shayk" person:"Kim Kardashian"')) == [TITLE_000]
    assert sorted(titles(seeded.search('person:"Kim Kardashian"'))) == sorted(
        [TITLE_000, TITLE_003]
    )
    assert titles(seeded.search("@irena kardashian")) == [TITLE_000]  # loose, typo and all
    assert seeded.search('person:"Nobody Atall" kanye') == []
    assert seeded.search('person:"Julia Fox" person:"Irina Shayk"') == []
    seeded.hide_person("Julia Fox")
    assert seeded.search('person:"Julia Fox"') == []  # hidden people filter nothing


def test_a_person_alias_works_in_the_search_box(seeded: Store) -> None:
    seeded.add_alias("Kanye West", "Ye")
    assert titles(seeded.search('person:Ye "hollywood unlocked"')) == [TITLE_003]


def test_preparing_the_search_works_on_any_archive(store: Store) -> None:
    store.prepare_search()  # empty
    import_paths(store, [SEEDS])
    store.prepare_search()
    assert set(titles(store.search("kardashain"))) == BOTH


# -- people filters: how the index is read ----------------------------------------------------

#: How SQLite shows FTS5 looking each rowid up (``=`` in the index string): with a person
#: filter, one full-text lookup per article of the person.
_FTS_PER_ROWID = re.compile(r"VIRTUAL TABLE INDEX \d+:\S*=")


def _statements(store: Store, text: str) -> tuple[list[SearchHit], list[str]]:
    """The hits of ``text``, and the SQL the search ran (values filled in)."""
    ran: list[str] = []
    store._conn.set_trace_callback(ran.append)
    try:
        hits = store.search(text)
    finally:
        store._conn.set_trace_callback(None)
    return hits, ran


@pytest.mark.parametrize(
    "text",
    [
        'kanye person:"Kim Kardashian"',
        'person:"Kim Kardashian" kany',  # typing, as the app sends it with a filter set
        'person:"Kim Kardashian" person:"Irina Shayk" speaking',
        'kanye "speaking terms" person:"Julia Fox" after:2020',
        "kanye @kardashain",
        'kardashain person:"Kanye West" -julia',
    ],
)
def test_a_person_filter_reads_short_lists_once_not_article_by_article(
    seeded: Store, text: str
) -> None:
    # Without the "+" of people.restrict_sql SQLite drives the full-text query from the
    # person's articles: one lookup each, weighed each time (34 s at 100,000 articles).
    hits, ran = _statements(seeded, text)
    assert hits
    filtered = [sql for sql in ran if "articles_fts MATCH" in sql and "article_people" in sql]
    assert filtered
    for sql in filtered:
        plan = [row[3] for row in seeded._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert any("VIRTUAL TABLE" in step for step in plan), plan
        assert not any(_FTS_PER_ROWID.search(step) for step in plan), (sql, plan)


@pytest.mark.parametrize("typed", ["the", "t", "th"])
def test_a_near_stopword_with_a_person_filter_lists_their_articles(
    seeded: Store, monkeypatch, typed: str
) -> None:
    # In a big archive "the" (or "t", while typing: "the" is among its completions)
    # narrows nothing that the person does not: their articles, without reading the
    # word's huge list in the index.
    monkeypatch.setattr("reader.search.choices.STOPWORD_MIN_ARTICLES", 1)
    add(seeded, *(row(f"f{i}", f"Filler {i}", "The weather was mild.") for i in range(5)))
    alone = titles(seeded.search('person:"Julia Fox"'))
    hits, ran = _statements(seeded, f'person:"Julia Fox" {typed}')
    assert titles(hits) == alone == [TITLE_003]
    assert not any("articles_fts" in sql for sql in ran)
    assert titles(seeded.search(typed)) != []  # without a person it is searched for
    hits, ran = _statements(seeded, 'person:"Kim Kardashian" the julia ')
    assert titles(hits) == [TITLE_003]  # another word remains: that is searched for
    assert any('articles_fts MATCH \'"julia"' in sql for sql in ran)


@pytest.fixture
def budget(store: Store, tmp_path) -> Store:
    """Eight articles that name Gordon Brown, "budget" in some titles and every body;
    Tony Blair in three."""
    for i in range(8):
        title = f"Budget talks day {i}" if i % 2 else f"Talks day {i}"
        blair = " Tony Blair agreed with the plan." if i % 3 == 0 else ""
        text = f"Chancellor Gordon Brown spoke about the budget and the plan {i}.{blair}"
        (tmp_path / f"{i}.txt").write_text(
            f"Date: 2020-01-{i + 1:02d}\n\n{title}\n\n{text}\n", encoding="utf-8"
        )
    import_paths(store, [tmp_path])
    return store


BUDGET_QUERIES = [
    'budget person:"Gordon Brown"',
    'person:"Gordon Brown" budg',  # typing, as the app sends it with a filter set
    'budgte person:"Gordon Brown"',
    'talks budget person:"Tony Blair"',
    'plan person:"Gordon Brown" person:"Tony Blair"',
]
#: Each way the engine can read a people-filtered tier, forced: how much a lookup and
#: a title check cost, in index entries read.
WAYS = {
    "read": (10**12, 10**12, 10**12),  # the lists read once, kept to the people's articles
    "look up": (0, 10**12, 10**12),  # the index looked up for each article (and pooled row)
    "titles": (10**12, 0, 10**12),  # title tiers of words checked on the titles, the rest read
    "scan": (10**12, 10**12, 0),  # the people's articles read and their text checked
}


def _force(monkeypatch, way: str, bounded: bool) -> None:
    import reader.search.plan as plan
    import reader.search.rank as rank

    monkeypatch.setattr(rank, "LOOKUP_ENTRIES", WAYS[way][0])
    monkeypatch.setattr(rank, "TITLE_ENTRIES", WAYS[way][1])
    monkeypatch.setattr(rank, "SCAN_ENTRIES", WAYS[way][2])
    monkeypatch.setattr(rank, "BOUNDED_WEIGH_BUDGET", -1)  # every list too long to weigh
    if bounded:  # every level cut to its newest matches, then ranked
        monkeypatch.setattr(rank, "RANK_ALL_LIMIT", -1)
    else:  # every tier ranked whole, weighed by its cheap parts
        monkeypatch.setattr(plan, "WEIGH_BUDGET", -1)


def _fts_plans(store: Store, statements: list[str]) -> list[tuple[str, list[str]]]:
    return [
        (sql, [row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")])
        for sql in statements
        if "articles_fts MATCH" in sql
    ]


#: The statement that reads the people's articles to check their text (rank._scanned).
SCANNED = "SELECT a.num, a.title, a.date, a.dek, a.body, a.author FROM articles AS a"


@pytest.mark.parametrize(
    ("way", "bounded"),
    [
        ("look up", True),
        ("look up", False),
        ("titles", True),
        ("titles", False),
        ("scan", True),  # only a pool is ever scanned: a tier ranked whole is weighed
    ],
    ids=[
        "look up-newest pool",
        "look up-ranked whole",
        "titles-newest pool",
        "titles-ranked whole",
        "scan-newest pool",
    ],
)
def test_every_way_of_reading_a_people_filtered_search_finds_the_same(
    budget: Store, monkeypatch, way: str, bounded: bool
) -> None:
    with monkeypatch.context() as read_once:
        _force(read_once, "read", bounded)
        expected = {text: titles(budget.search(text)) for text in BUDGET_QUERIES}
    _force(monkeypatch, way, bounded)
    looked_up = titled = scanned = 0
    for text in BUDGET_QUERIES:
        hits, ran = _statements(budget, text)
        assert titles(hits) == expected[text] != [], text
        scanned += any(sql.startswith(SCANNED) for sql in ran)
        for sql, plan in _fts_plans(budget, ran):
            if any(_FTS_PER_ROWID.search(step) for step in plan):
                looked_up += 1
                assert "bm25" not in sql  # weighed per lookup: it reads every list again
        titled += any(sql.startswith("SELECT num, title FROM articles") for sql in ran)
    if way == "look up":
        assert looked_up >= len(BUDGET_QUERIES)
    elif way == "scan":
        assert scanned == len(BUDGET_QUERIES)  # every query here is of words alone
    elif bounded:
        assert titled >= 3  # the title tiers of words alone
    ranked = titles(budget.search('budget person:"Gordon Brown"'))
    in_title = [f"Budget talks day {i}" for i in (7, 5, 3, 1)]  # newest first
    assert (ranked[:4] if bounded else sorted(ranked[:4], reverse=True)) == in_title


def test_a_people_filtered_search_checked_on_the_text_finds_what_the_index_finds(
    store: Store, tmp_path, monkeypatch
) -> None:
    # The text checked word by word as the index reads it: a word inside a longer one,
    # one with a digit or an underscore, accents, hyphens, capitals, a word in the title only.
    texts = [
        ("Talks", "Gordon Brown spoke about the budgetary rules."),
        ("Talks", "Gordon Brown spoke about the pre-budget report."),
        ("Talks", "Gordon Brown spoke about the BUDGÉT at length."),
        ("Talks", "Gordon Brown spoke about budget2 and budget_x."),
        ("Budget day", "Gordon Brown spoke at length."),
        ("Talks", "Gordon Brown spoke about the plan; the budget was not mentioned."),
        ("Talks", "Gordon Brown spoke about nothing in particular."),
    ]
    for i, (title, text) in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(
            f"Date: 2020-01-{i + 1:02d}\n\n{title} {i}\n\nChancellor {text}\n", encoding="utf-8"
        )
    import_paths(store, [tmp_path])
    queries = [
        'person:"Gordon Brown" budget',
        'person:"Gordon Brown" budg',
        'person:"Gordon Brown" budgte',
        'person:"Gordon Brown" plan budget',
        'person:"Gordon Brown" x',
    ]
    with monkeypatch.context() as read_once:
        _force(read_once, "read", bounded=True)
        expected = {text: titles(store.search(text)) for text in queries}
    _force(monkeypatch, "scan", bounded=True)
    for text in queries:
        hits, ran = _statements(store, text)
        assert any(sql.startswith(SCANNED) for sql in ran), text
        assert titles(hits) == expected[text], text
    # The title first, then the exact word anywhere, newest first; then the corrections.
    # (An underscore parts words, a digit does not: "budget_x" holds it, "budget2" not.)
    exact = ["Budget day 4", "Talks 5", "Talks 3", "Talks 2", "Talks 1"]
    assert expected['person:"Gordon Brown" budget'][:5] == exact


def test_one_letter_searches_the_four_most_used_words_it_begins(store: Store) -> None:
    # "c" alone: the first key of a search, where each more completion costs time and
    # hardly changes what is found. Two letters search ten.
    rows, n = [], 0
    for word, count in (("cab", 6), ("cad", 5), ("cam", 4), ("can", 3), ("cap", 2), ("car", 1)):
        for _ in range(count):
            n += 1
            rows.append(row(f"c{n:02}", f"Story {n}", f"The {word} story.", date=f"2020-01-{n:02}"))
    add(store, *rows)
    found = {h.summary.id for h in store.search("c", limit=100)}
    assert found == {f"c{i:02}" for i in range(1, 19)}  # cab, cad, cam, can
    assert len(store.search("ca", limit=100)) == 21


def test_fts5s_own_prefix_search_is_never_looked_up_article_by_article() -> None:
    # With no prefix index, "kard" * merges every term of the prefix again for each
    # article looked up: 86 ms against 7 for reading its lists once (a stale index, 100k).
    from reader.search import fts
    from reader.search.rank import _lookups

    assert _lookups(fts.prefix("kard")) == float("inf")
    assert _lookups(fts.any_of([fts.quote("kanye"), fts.prefix("kard")])) == float("inf")
    assert _lookups(fts.any_of([fts.quote("kanye"), fts.quote("kardashian")])) == 2


# -- the word being typed, short words, plurals, OR, scores ---------------------------------------


def ids(store: Store, text: str) -> list[str]:
    return [h.summary.id for h in store.search(text)]


def stories(store: Store, *texts: tuple[str, str]) -> None:
    """One article for each ``(title, body)``, ids a1, b2, c3 …, a day apart."""
    rows = [
        row(f"{chr(97 + i)}{i + 1}", title, body, date=f"2020-01-{i + 1:02d}")
        for i, (title, body) in enumerate(texts)
    ]
    add(store, *rows)


def test_a_typo_is_corrected_while_the_word_also_starts_other_words(store: Store) -> None:
    stories(
        store,
        ("Rapper on tour", "Eminem played two nights."),
        ("Old colleges", "The pre-eminence of the old colleges."),
        ("New gadget", "It is eminently expandable."),
    )
    # As typed, with no space: the completions first (no typo), then the correction.
    assert ids(store, "eminen") == ["c3", "b2", "a1"]
    assert ids(store, "eminen ") == ["a1"]


def test_a_three_letter_word_finds_the_word_it_is_a_letter_short_of(store: Store) -> None:
    stories(
        store,
        ("Foundation gift", "Bill Gates gave a grant."),
        ("Farm news", "A big gates order for the farm."),
    )
    assert ids(store, "bil gates") == ["a1"]
    assert ids(store, "gates bil") == ["a1"]
    assert store.search("bgi gates ") == []  # a 3-letter word has no other typo


def test_plural_and_singular_find_each_other_the_form_typed_first(store: Store) -> None:
    stories(
        store,
        ("Film night", "The Oscars were handed out."),
        ("Film prize", "She won an Oscar for it."),
        ("Music night", "The Grammys were handed out."),
        ("Music prize", "She won a Grammy for it."),
        ("Town hall", "The parties met."),
    )
    assert ids(store, "oscars ") == ["a1", "b2"]
    assert ids(store, "oscar ") == ["b2", "a1"]
    assert ids(store, "grammys") == ["c3", "d4"]
    assert ids(store, "grammy ") == ["d4", "c3"]
    assert ids(store, "party meeting OR met") == ["e5"]
    assert "parties" in store.search("party ")[0].terms


def test_or_finds_articles_with_either_word(store: Store) -> None:
    stories(
        store,
        ("Flu season", "A virus spreads in town."),
        ("Garden pests", "A worm ate the roots."),
        ("Both", "A virus and a worm."),
        ("Neither", "Nothing or nobody here."),
    )
    assert set(ids(store, "virus OR worm")) == {"a1", "b2", "c3"}
    assert set(ids(store, "virus OR worm OR nothing ")) == {
        "a1",
        "b2",
        "c3",
        "d4",
    }
    assert ids(store, "virus worm ") == ["c3"]
    assert store.search("virus or worm ") == []  # lower-case "or" is a word
    assert set(ids(store, "virsu OR worm ")) == {"a1", "b2", "c3"}


def test_a_letter_followed_by_marks_is_that_letter_not_every_word_it_starts(
    store: Store,
) -> None:
    stories(
        store,
        ("Languages", "Code in C++ and C# runs fast."),
        ("Cars", "Cars and cats and cities."),
    )
    assert ids(store, "c++") == ["a1"]
    assert ids(store, "c#") == ["a1"]
    assert set(ids(store, "c")) == {"a1", "b2"}  # being typed


def test_scores_go_down_with_the_order_and_name_the_tier(store: Store) -> None:
    common = [
        row(f"a{i}", f"Story {i}", "The harbour opened.", date="2020-01-01") for i in range(6)
    ]
    add(
        store,
        *common,
        row("t1", "Harbour news", "Ships.", date="2019-01-01"),
        row("z9", "Odd one", "The rare harbours of a far zzzland.", date="2020-01-01"),
    )
    hits = store.search("harbour ")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0].summary.id == "t1" and int(hits[0].score) == 9  # every word in the title
    assert int(hits[1].score) == 7  # anywhere
    assert hits[-1].summary.id == "z9" and int(hits[-1].score) == 4  # the other number


def test_scores_go_down_with_the_order_though_a_later_tier_weighs_more(store: Store) -> None:
    filler = " ".join(f"filler{i}" for i in range(300))
    add(
        store,
        row("p1", "Port", f"The dock reopened today. {filler}", date="2020-01-01"),
        row("q2", "Quay", "Dock dock dock. It reopened, reopened.", date="2020-01-01"),
    )
    hits = store.search("dock reopened ")
    assert [h.summary.id for h in hits] == ["p1", "q2"]  # side by side first
    assert hits[0].score > hits[1].score


def test_names_heard_alike_have_one_sound_and_others_do_not() -> None:
    from reader.search.sound import sound_key

    assert sound_key("blare") == sound_key("Blair")
    assert sound_key("barosso") == sound_key("barroso")
    assert sound_key("filip") == sound_key("philip")
    assert sound_key("elcton") != sound_key("election")  # "-tion" sounds as "sh"
    assert sound_key("hrabor") != sound_key("harbour")
    assert sound_key("josé") is None  # plain ASCII letters only


def test_highlights_treat_every_character_alike_in_short_and_long_texts() -> None:
    from reader.search.match import SHORT_TEXT, _needs_words

    pad = "a" * SHORT_TEXT
    points = [*range(0x80, 0xD800), *range(0xE000, 0x30000), *range(0x30000, 0x110000, 101)]
    differ = [hex(p) for p in points if _needs_words(chr(p)) != _needs_words(pad + chr(p))]
    assert differ == []


@pytest.mark.parametrize("text", ["budget", "budg", "talks budget", "budget -blair"])
def test_a_pool_of_newest_matches_is_checked_and_ordered_on_its_own_titles_and_dates(
    budget: Store, monkeypatch, text: str
) -> None:
    import reader.search.rank as rank

    monkeypatch.setattr(rank, "RANK_ALL_LIMIT", -1)  # every level cut to its newest matches
    newest = rank._newest
    with monkeypatch.context() as searched:  # titles and dates not read with the pool
        searched.setattr(rank, "_newest", lambda *args: (newest(*args)[0], None, None))
        searched.setattr(rank, "TITLE_ENTRIES", 10**12)
        expected, ran = _statements(budget, text)
    assert [sql for sql in ran if "title :" in sql]
    hits, ran = _statements(budget, text)
    assert hits == expected and any(h.title_spans for h in hits)
    assert not [sql for sql in ran if "title :" in sql]  # no second search of the index
    assert not [sql for sql in ran if "search_article_dates" in sql]  # nor of the dates


def test_a_search_filled_by_its_exact_words_reads_no_spelling_suggestions(
    budget: Store, monkeypatch
) -> None:
    from reader.search import spelling

    asked: list[str] = []
    suggestions = spelling.suggestions
    monkeypatch.setattr(
        spelling, "suggestions", lambda conn, term: asked.append(term) or suggestions(conn, term)
    )
    assert len(budget.search("budg", 3)) == 3  # "budget" fills the page
    assert asked == []
    assert len(budget.search("budg", 50)) == 8  # then the corrections are searched too
    assert asked == ["budg"]


def test_a_word_of_silent_letters_sounds_like_no_other() -> None:
    from reader.search.sound import sound_key

    assert sound_key("hwyh") is None and sound_key("whyh") is None
    assert sound_key("blare") == sound_key("blair") is not None


# -- a hit's marks are made when first read ---------------------------------------------------


def test_a_hits_marks_are_made_when_first_read_and_only_then(seeded: Store, monkeypatch) -> None:
    from reader.search import hits as hit_module

    made: list[str] = []
    real = hit_module.make_snippet

    def counted(body, *args):  # type: ignore[no-untyped-def]
        made.append(body[:20])
        return real(body, *args)

    monkeypatch.setattr(hit_module, "make_snippet", counted)
    hits = seeded.search("kanye", 20)
    assert len(hits) == 2
    assert made == []  # nobody has read a snippet yet: none was made
    first = hits[0].snippet
    assert len(made) == 1 and "Kanye" in first
    assert hits[0].snippet_spans and hits[0].terms == ("kanye*",)
    assert len(made) == 1  # made once, kept
    # The same marks as a hit made all at once from the same parts.
    span = hits[0].snippet_spans[0]
    assert first[span[0] : span[1]].lower() == "kanye"
    assert hits[0] == SearchHit(hits[0].summary, hits[0].score, *hits[0].marks)


def test_a_hit_changed_by_a_bookmark_keeps_its_marks(seeded: Store) -> None:
    from reader.records import replace

    hit = seeded.search("kanye", 20)[0]
    again = hit.with_summary(replace(hit.summary, bookmarked=True))
    assert again.summary.bookmarked and not hit.summary.bookmarked
    assert again.marks == hit.marks
    assert again.score == hit.score
