"""Sources on the store: every folder and feed with its article and unread counts, the
list kept to one of them, the list's three orders, and the list's preferences."""

from __future__ import annotations

import itertools

import pytest
from conftest import SEEDS, article_row, write_articles

from reader.core import Store
from reader.ingest import import_paths
from reader.storage import feeds as feed_rows
from reader.storage.connection import writing
from reader.storage.feeds import FetchRecord
from reader.types import (
    BY_SOURCE,
    FEED,
    FEED_FOLDER,
    FOLDER,
    NEWEST,
    OLDEST,
    ORDERS,
    ArticleRow,
    ListPrefs,
    SourceFilter,
)

NOW, LATER = "2026-01-01T00:00:00+00:00", "2026-01-01T01:00:00+00:00"


def row(n: int, source: str, date: str | None, feed_id: int | None = None) -> ArticleRow:
    made = article_row(f"{n:016x}", f"Story {n}", date=date)
    made.source = source
    made.feed_id = feed_id
    return made


@pytest.fixture
def mixed(store: Store) -> Store:
    """Files in folders "alpha" and "beta", and three feeds: "Tech Daily" in folder "Tech"
    (broken), "alpha" (the same name as a folder) and "Empty" (no article yet)."""
    tech, _ = store.add_feed("https://tech.example/rss", title="Tech Daily", folder="Tech")
    same, _ = store.add_feed("https://alpha.example/rss", title="alpha")
    store.add_feed("https://empty.example/rss", title="Empty", folder="Tech")
    rows = [
        row(1, "alpha", "2024-01-03"),
        row(2, "alpha", None),
        row(3, "beta", "2024-01-01"),
        row(4, "beta", "2024-01-05"),
        row(5, "Tech Daily", "2024-01-02", tech.id),
        row(6, "Tech Daily", "2024-01-04", tech.id),
        row(7, "alpha", "2024-01-06", same.id),
        row(8, "beta", None),
    ]
    write_articles(store, rows)
    fail = FetchRecord(tech.id, NOW, LATER, 404, "HTTP 404 Not Found")
    with store._lock, writing(store._conn) as conn:
        feed_rows.record_fetch(conn, fail)
    store.set_read([f"{4:016x}", f"{6:016x}"])
    return store


def test_every_folder_and_feed_is_listed_with_its_article_and_unread_counts(mixed: Store) -> None:
    listed = [(s.kind, s.name, s.articles, s.unread, s.folder, s.broken) for s in mixed.sources()]
    assert listed == [
        (FOLDER, "alpha", 2, 2, None, False),
        (FOLDER, "beta", 3, 2, None, False),
        (FEED, "alpha", 1, 1, None, False),  # a feed of a folder's name is a source apart
        (FEED, "Empty", 0, 0, "Tech", False),  # feeds by folder, then title
        (FEED, "Tech Daily", 2, 1, "Tech", True),
    ]
    broken = mixed.sources()[-1]
    assert broken.last_error == "HTTP 404 Not Found" and broken.url == "https://tech.example/rss"
    tech_daily = mixed.feed("Tech Daily").id
    assert broken.feed_id == tech_daily
    assert broken.filter == SourceFilter(FEED, "Tech Daily", tech_daily)


def test_the_counts_follow_what_is_read_imported_and_renamed(mixed: Store) -> None:
    mixed.mark_view_read(source=SourceFilter(FOLDER, "beta"))
    mixed.rename_feed("Tech Daily", "Gadgets")
    write_articles(mixed, [row(9, "gamma", "2024-02-01")])
    counts = {(s.kind, s.name): (s.articles, s.unread) for s in mixed.sources()}
    assert counts[FOLDER, "beta"] == (3, 0)
    assert counts[FEED, "Gadgets"] == (2, 1)
    assert counts[FOLDER, "gamma"] == (1, 1)
    assert (FEED, "Tech Daily") not in counts


def test_a_gone_feed_is_broken_with_a_reason(mixed: Store) -> None:
    empty = mixed.feed("Empty")
    gone = FetchRecord(empty.id, NOW, LATER, 410, None, dead=True)
    with mixed._lock, writing(mixed._conn) as conn:
        feed_rows.record_fetch(conn, gone)
    (listed,) = [s for s in mixed.sources() if s.name == "Empty"]
    assert listed.broken and listed.last_error == "gone (HTTP 410)"


def titles(store: Store, **view: object) -> list[str]:
    return [s.title for s in store.view_page(0, 100, **view)]  # type: ignore[arg-type]


ALPHA = SourceFilter(FOLDER, "alpha")
TECH = SourceFilter(FEED_FOLDER, "Tech")


def test_a_source_keeps_the_list_to_its_articles(mixed: Store) -> None:
    tech_daily = mixed.feed("Tech Daily").id
    assert titles(mixed, source=ALPHA) == ["Story 1", "Story 2"]  # not the feed "alpha"
    assert titles(mixed, source=SourceFilter(FEED, "Tech Daily", tech_daily)) == [
        "Story 6",
        "Story 5",
    ]
    assert titles(mixed, source=TECH) == ["Story 6", "Story 5"]
    assert mixed.view_count(source=ALPHA) == 2 and mixed.view_count(source=TECH) == 2
    assert mixed.view_count(source=SourceFilter(FOLDER, "nowhere")) == 0
    assert mixed.unread_count(source=TECH) == 1
    assert mixed.unread_count(source=SourceFilter(FOLDER, "beta")) == 2


def test_marking_a_source_read_marks_only_its_articles(mixed: Store) -> None:
    with mixed.undoable("mark", "read"):
        assert mixed.mark_view_read(source=ALPHA) == 2
    assert mixed.unread_count(source=ALPHA) == 0
    assert mixed.unread_count() == 4  # the feed "alpha"'s, beta's and Tech Daily's are not
    mixed.undo()
    assert mixed.unread_count(source=ALPHA) == 2


def test_the_three_orders(mixed: Store) -> None:
    assert titles(mixed) == [f"Story {n}" for n in (7, 4, 6, 1, 5, 3, 8, 2)]
    assert titles(mixed, order=NEWEST) == titles(mixed)
    # Oldest first: undated articles last here too, the first imported first.
    assert titles(mixed, order=OLDEST) == [f"Story {n}" for n in (3, 5, 1, 6, 4, 7, 2, 8)]
    # By source: folder "alpha", feed "alpha", "beta", "Tech Daily" (as stored: capitals
    # first), each newest first.
    assert titles(mixed, order=BY_SOURCE) == [f"Story {n}" for n in (6, 5, 1, 2, 7, 4, 3, 8)]
    assert titles(mixed, order=OLDEST, source=SourceFilter(FOLDER, "beta")) == [
        "Story 3",
        "Story 4",
        "Story 8",
    ]
    with pytest.raises(ValueError, match="no such order"):
        mixed.page(0, 10, "sideways")


def test_pages_and_places_agree_in_every_order_and_view(mixed: Store) -> None:
    """Cut in pages of every size, each view in each order is the same list, and each
    article's place in it is where it is."""
    import_paths(mixed, [SEEDS])
    kim = mixed.person("Kim Kardashian").id
    views = [
        {},
        {"source": ALPHA},
        {"source": TECH},
        {"source": SourceFilter(FOLDER, "seeds")},
        {"person_ids": [kim]},
        {"person_ids": [kim], "source": SourceFilter(FOLDER, "seeds")},
        {"person_ids": [kim], "source": ALPHA},
    ]
    for view, order in itertools.product(views, ORDERS):
        whole = mixed.view_page(0, 100, order=order, **view)  # type: ignore[arg-type]
        assert len(whole) == mixed.view_count(**view), (view, order)  # type: ignore[arg-type]
        for size in (1, 2, 3):
            paged = [
                s
                for start in range(0, len(whole) + size, size)
                for s in mixed.view_page(start, size, order=order, **view)  # type: ignore[arg-type]
            ]
            assert paged == whole, (view, order, size)
        for place, summary in enumerate(whole):
            found = mixed.view_index_of(summary.id, order=order, **view)  # type: ignore[arg-type]
            assert found in (place, None), (view, order, summary.title)
            if order != NEWEST or "person_ids" not in view or "source" in view:
                assert found == place
    assert mixed.view_index_of(f"{1:016x}", source=TECH) is None  # not in that view


def test_bookmarks_keep_their_order_within_a_source(mixed: Store) -> None:
    for n in (1, 3, 2):
        mixed.set_bookmark(f"{n:016x}")
    assert titles(mixed, bookmarks=True) == ["Story 2", "Story 3", "Story 1"]
    assert titles(mixed, bookmarks=True, source=ALPHA, order=OLDEST) == ["Story 2", "Story 1"]
    assert mixed.view_count(bookmarks=True, source=ALPHA) == 2
    assert mixed.unread_count(bookmarks=True, source=ALPHA) == 2


def test_the_lists_preferences_are_remembered(store: Store) -> None:
    assert store.list_prefs() == ListPrefs(NEWEST, compact=False, sources_shown=False)
    store.save_list_prefs(ListPrefs(OLDEST, compact=True, sources_shown=True))
    assert store.list_prefs() == ListPrefs(OLDEST, compact=True, sources_shown=True)
    store.set_setting("list.order", "sideways")  # a value not understood: the default
    store.set_setting("list.compact", "maybe")
    assert store.list_prefs() == ListPrefs(NEWEST, compact=False, sources_shown=True)
    with pytest.raises(ValueError):
        store.save_list_prefs(ListPrefs("sideways"))


def plan(store: Store, sql: str, values: tuple[object, ...] = ()) -> str:
    rows = store._conn.execute(f"EXPLAIN QUERY PLAN {sql}", values).fetchall()
    return " / ".join(r[-1] for r in rows)


def test_the_counts_and_a_sources_pages_are_read_off_indexes(mixed: Store) -> None:
    from reader.storage import sources

    assert "COVERING INDEX articles_by_source" in plan(mixed, sources._TOTALS_SQL)
    assert "INDEX articles_unread_by_source" in plan(mixed, sources._UNREAD_SQL)
    for order_by in ("date DESC, num DESC", "date, num"):
        sql = (
            "SELECT title FROM articles WHERE source = ? AND feed_id IS NULL "
            f"AND date IS NOT NULL ORDER BY {order_by} LIMIT 10"
        )
        found = plan(mixed, sql, ("alpha",))
        assert "articles_by_source" in found and "TEMP B-TREE" not in found, found
    found = plan(mixed, "SELECT title FROM articles ORDER BY source, feed_id, date DESC, num DESC")
    assert "articles_by_source" in found and "TEMP B-TREE" not in found, found
    found = plan(mixed, "SELECT title FROM articles WHERE feed_id = ? ORDER BY date DESC", (1,))
    assert "articles_by_feed" in found and "TEMP B-TREE" not in found, found


def test_a_database_of_the_schema_before_gets_its_sources_counted(tmp_path) -> None:
    from conftest import insert_as_then
    from sqlite_utils import Database

    from reader.storage.schema import migrate

    path = tmp_path / "old.db"
    db = Database(path)
    migrate(db, 9)
    insert_as_then(db.conn, [row(1, "alpha", "2024-01-01"), row(2, "beta", None)])
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert [(s.name, s.articles, s.unread) for s in store.sources()] == [
            ("alpha", 1, 1),
            ("beta", 1, 1),
        ]
        assert titles(store, source=SourceFilter(FOLDER, "beta")) == ["Story 2"]


# -- source: and feed: in queries -------------------------------------------------------------


@pytest.fixture
def searchable(store: Store) -> Store:
    """The seeds (source "seeds"), files about the same people in "bbc-news" and
    "bbc-sport", and a feed "Gossip Wire" (in folder "Celebs") with one entry."""
    import_paths(store, [SEEDS])
    wire, _ = store.add_feed("https://wire.example/rss", title="Gossip Wire", folder="Celebs")
    rows = [
        row(1, "bbc-news", "2024-01-01"),
        row(2, "bbc-sport", "2024-01-02"),
        row(3, "Gossip Wire", "2024-01-03", wire.id),
    ]
    for made, words in zip(rows, ("kanye budget", "kanye match", "kanye party"), strict=True):
        made.body = f"Kim Kardashian said Kanye West was here. {words}."
        made.title = f"{made.title} {words}"
    write_articles(store, rows)
    from conftest import refresh_spelling

    refresh_spelling(store)
    with store._lock, writing(store._conn) as conn:  # their people, as an import finds them
        conn.execute("INSERT INTO people_todo SELECT num FROM articles WHERE source != 'seeds'")
    store.update_people()
    return store


def found(store: Store, text: str, within: SourceFilter | None = None) -> list[str]:
    return sorted(h.summary.source for h in store.search(text, within=within))


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("kanye source:bbc-news", ["bbc-news"]),
        ("kanye source:BBC", ["bbc-news", "bbc-sport"]),  # no "bbc": every one starting so
        ("kanye source:bbc-sport source:seeds", ["bbc-sport", "seeds", "seeds"]),
        ("kanye -source:bbc", ["Gossip Wire", "seeds", "seeds"]),
        ("kanye source:gossip", ["Gossip Wire"]),  # a feed's title is its articles' source
        ("kanye source:nowhere", []),
        ("source:bbc-news", ["bbc-news"]),  # no words: the source's articles
        ("kanye feed:wire.example", ["Gossip Wire"]),
        ('kanye feed:"gossip wire"', ["Gossip Wire"]),
        ("kanye -feed:gossip", ["bbc-news", "bbc-sport", "seeds", "seeds"]),
        ("kanye feed:nothing", []),
        ('person:"Kim Kardashian" source:bbc', ["bbc-news", "bbc-sport"]),
        ("@kardashian -source:seeds -source:bbc-news", ["Gossip Wire", "bbc-sport"]),
        ("kanye source:bbc is:unread", ["bbc-sport"]),
        ("source:bbc is:unread", ["bbc-sport"]),
        ("kanye source:bbc after:2024-01-01", ["bbc-sport"]),
    ],
)
def test_source_and_feed_filters_combine_with_everything(
    searchable: Store, text: str, sources: list[str]
) -> None:
    searchable.set_read([f"{1:016x}"])
    assert found(searchable, text) == sources


def test_a_feed_is_named_by_its_number(searchable: Store) -> None:
    wire = searchable.feed("Gossip Wire").id
    assert found(searchable, f"kanye feed:{wire}") == ["Gossip Wire"]


def test_a_search_is_kept_to_the_chosen_source(searchable: Store) -> None:
    assert found(searchable, "kanye", SourceFilter(FOLDER, "bbc-news")) == ["bbc-news"]
    assert found(searchable, "kanye", SourceFilter(FEED_FOLDER, "Celebs")) == ["Gossip Wire"]
    assert found(searchable, "kanye -source:bbc", SourceFilter(FOLDER, "bbc-news")) == []
    assert found(searchable, "is:unread", SourceFilter(FOLDER, "seeds")) == ["seeds", "seeds"]


@pytest.mark.parametrize(
    ("text", "within"),
    [
        ("kanye is:unread", None),
        ("kanye is:read", None),
        ("kanye source:bbc", None),
        ("kanye -source:seeds", None),
        ("kanye", SourceFilter(FOLDER, "bbc-news")),
    ],
)
def test_a_filtered_search_reads_the_index_once_not_once_per_kept_article(
    searchable: Store, text: str, within: SourceFilter | None
) -> None:
    """SQLite would drive the full-text query from a list of kept articles (the unread,
    a source's), searching the index once for each of them: 30 ms at 3,000 articles,
    seconds at 100,000. FTS5's plan then constrains the rowid (``INDEX 0:=M…``)."""
    searchable.set_read([f"{1:016x}"])
    statements: list[str] = []
    searchable._conn.set_trace_callback(statements.append)
    try:
        assert searchable.search(text, within=within)
    finally:
        searchable._conn.set_trace_callback(None)
    full_text = [s for s in statements if "articles_fts MATCH" in s]
    assert full_text
    for sql in full_text:
        assert ":=" not in plan(searchable, sql), sql


@pytest.mark.parametrize("text", ["kanye is:unread", "kanye is:read", "kanye -is:unread"])
def test_is_unread_with_words_looks_each_match_up_rather_than_listing_the_unread(
    searchable: Store, text: str
) -> None:
    """Listing every unread article for each statement cost 4 ms at 100,000 articles: a
    match's state is read off the narrow index the search reads its date from."""
    searchable.set_read([f"{1:016x}"])
    statements: list[str] = []
    searchable._conn.set_trace_callback(statements.append)
    try:
        assert searchable.search(text)
    finally:
        searchable._conn.set_trace_callback(None)
    for sql in [s for s in statements if "articles_fts MATCH" in s]:
        shown = plan(searchable, sql)
        assert "SCAN articles" not in shown and "search_article_dates" in shown, shown


@pytest.mark.parametrize(
    ("text", "within"),
    [("kanye source:bbc-news", None), ("kanye", SourceFilter(FOLDER, "bbc-news"))],
)
def test_a_search_kept_to_a_source_reads_the_index_over_its_articles_span_alone(
    searchable: Store, text: str, within: SourceFilter | None
) -> None:
    """A common word kept to a source of 200 articles read its whole list, newest first
    (27 ms at 100,000 articles); FTS5 now seeks the span of the source's articles."""
    statements: list[str] = []
    searchable._conn.set_trace_callback(statements.append)
    try:
        assert found(searchable, text, within) == ["bbc-news"]
    finally:
        searchable._conn.set_trace_callback(None)
    full_text = [s for s in statements if "articles_fts MATCH" in s]
    assert full_text
    for sql in full_text:
        assert "><" in plan(searchable, sql), sql  # FTS5's rowid range: from, to


@pytest.mark.parametrize(
    ("text", "unmatched"),
    [
        ("kanye source:nowhere", [("source", "nowhere")]),
        ("kanye source:bbc source:nowhere", [("source", "nowhere")]),  # only the one
        ("kanye feed:nothing", [("feed", "nothing")]),
        ('kanye person:"Nobody Atall" @zzzzq', [("person", "Nobody Atall"), ("person", "zzzzq")]),
        ('kanye source:bbc feed:wire.example person:"Kim Kardashian" @kardash', []),
        ("kanye -source:nowhere", []),  # leaves nothing out, but keeps nothing from matching
    ],
)
def test_a_search_says_which_of_its_names_name_nothing(
    searchable: Store, text: str, unmatched: list[tuple[str, str]]
) -> None:
    assert list(searchable.search_results(text, 20).query.unmatched) == unmatched
