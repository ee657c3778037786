"""Sources in the app, pressed as a user would: ``s`` shows the sources column (at 80x24
their screen), Enter keeps the list to a source, ``x`` clears it, ``A`` marks only its
articles read, a search keeps to it; ``=`` sorts and ``c`` makes the list compact, both
remembered, as is the column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article_row, settle, write_articles
from textual.widgets import Input

from reader.app import make_app, read_listing
from reader.app.commands import palette_commands
from reader.app.dialogs.confirm import ConfirmScreen
from reader.app.screens.sources import SourcesScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.filter_bar import FilterBar
from reader.app.widgets.source_list import SourceList
from reader.config import loads
from reader.core import Store
from reader.storage import feeds as feed_rows
from reader.storage.connection import writing
from reader.storage.feeds import FetchRecord
from reader.types import FEED_FOLDER, FOLDER, OLDEST, ListPrefs, SourceFilter

WIDE = (160, 48)
NARROW = (80, 24)


@pytest.fixture
def sourced(store: Store) -> Store:
    """Folders "alpha" (3 articles) and "beta" (2), and in folder "Tech" the feeds "Tech
    Daily" (2 articles; its last fetch failed) and "Gadgets" (1)."""
    tech, _ = store.add_feed("https://tech.example/rss", title="Tech Daily", folder="Tech")
    gadgets, _ = store.add_feed("https://gadgets.example/rss", title="Gadgets", folder="Tech")
    made = []
    plan = [("alpha", None)] * 3 + [("beta", None)] * 2
    plan += [("Tech Daily", tech.id)] * 2 + [("Gadgets", gadgets.id)]
    for n, (source, feed_id) in enumerate(plan):
        row = article_row(f"{n:016x}", f"{source} story {n}", date=f"2024-01-{n + 1:02d}")
        row.source, row.feed_id = source, feed_id
        made.append(row)
    write_articles(store, made)
    fail = FetchRecord(tech.id, "2026-01-01T00:00:00", "2026-01-01T01:00:00", 404, "HTTP 404")
    with store._lock, writing(store._conn) as conn:
        feed_rows.record_fetch(conn, fail)
    store.set_setting("feeds.refresh_minutes", "0")  # no refresh of their own here
    return store


def main_screen(app):  # type: ignore[no-untyped-def]
    return app.get_default_screen_instance()


def titles(app) -> list[str]:  # type: ignore[no-untyped-def]
    listing = main_screen(app).query_one(ArticleList)
    return [s.title for i in range(listing.total) if (s := listing.summary_at(i))]


def count_text(app) -> str:  # type: ignore[no-untyped-def]
    return main_screen(app).query_one("#count").render().plain


def rows_text(source_list: SourceList) -> str:
    lines = []
    for y in range(source_list.size.height):
        lines.append(source_list.render_line(y).text.rstrip())
    return "\n".join(lines)


async def test_s_shows_the_sources_and_enter_keeps_the_list_to_one(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not main_screen(app).sources_shown
        await pilot.press("s")
        await settle(pilot)
        column = main_screen(app).sources_panel.source_list
        assert main_screen(app).sources_shown and column.has_focus
        shown = rows_text(column)
        for line in ("✓ All articles", "alpha", "beta", "▾ Tech", "Gadgets"):
            assert line in shown, shown
        assert "✗ Tech Daily" in shown and "HTTP 404" in shown  # broken: marked and said
        assert "8/8" in shown and "3/3" in shown  # unread / articles
        await pilot.press("j", "j", "enter")  # Folders is a heading: j goes to alpha, beta
        await settle(pilot)
        assert titles(app) == ["beta story 4", "beta story 3"]
        assert "Source: beta" in main_screen(app).query_one(FilterBar).render().plain
        assert count_text(app) == "2 articles · 2 unread"
        assert main_screen(app).query_one(ArticleList).has_focus
        assert "✓ beta" in rows_text(column)
        await pilot.press("x")
        await settle(pilot)
        assert len(titles(app)) == 8 and not main_screen(app).query_one(FilterBar).display


async def test_a_folder_of_feeds_is_chosen_whole_and_folds(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "j", "j")  # no pauses: the keys wait for the sources
        await settle(pilot)
        column = main_screen(app).sources_panel.source_list
        assert column.highlighted_row is not None and column.highlighted_row.name == "Tech"
        await pilot.press("space")
        await settle(pilot)
        assert "▸ Tech" in rows_text(column) and "Gadgets" not in rows_text(column)
        await pilot.press("space", "enter")
        await settle(pilot)
        assert main_screen(app).source_filter == SourceFilter(FEED_FOLDER, "Tech")
        assert sorted(titles(app)) == [
            "Gadgets story 7",
            "Tech Daily story 5",
            "Tech Daily story 6",
        ]
        assert "Feeds in: Tech" in main_screen(app).query_one(FilterBar).render().plain


async def test_A_marks_only_the_chosen_sources_articles_and_the_counts_follow(
    sourced: Store,
) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "enter")  # alpha
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert sourced.unread_count(source=SourceFilter(FOLDER, "alpha")) == 0
        assert sourced.unread_count() == 5
        assert count_text(app) == "3 articles · 0 unread"
        column = main_screen(app).sources_panel.source_list
        assert "5/8" in rows_text(column) and "0/3" in rows_text(column)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("g", "N")  # the newest (Gadgets) read: its count goes down
        await settle(pilot)
        assert "4/8" in rows_text(column) and "0/1" in rows_text(column)


async def test_a_search_keeps_to_the_chosen_source(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "enter", "slash", *"story")
        await settle(pilot)
        assert sorted(titles(app)) == ["alpha story 0", "alpha story 1", "alpha story 2"]
        await pilot.press("escape", "x")
        await settle(pilot)
        assert len(titles(app)) == 8


async def test_s_in_the_column_folds_it_away_and_it_is_remembered(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert sourced.list_prefs().sources_shown
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.sources_shown and screen.query_one(ArticleList).has_focus
        assert "alpha" in rows_text(screen.sources_panel.source_list)  # counted at start
        await pilot.press("s")  # to the column
        await pilot.press("s")  # from it: folded away
        await settle(pilot)
        assert not screen.sources_shown and screen.query_one(ArticleList).has_focus
        assert not sourced.list_prefs().sources_shown
        await pilot.press("s", "escape")  # Esc goes back to the list, the column stays
        await settle(pilot)
        assert screen.sources_shown and screen.query_one(ArticleList).has_focus


async def test_at_80x24_s_opens_the_sources_screen(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        assert not main_screen(app).sources_shown  # the column never shows at 80 columns
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, SourcesScreen) and len(titles(app)) == 8
        await pilot.press("s", "j", "enter")  # no pauses
        await settle(pilot)
        assert not isinstance(app.screen, SourcesScreen)
        assert titles(app) == ["alpha story 2", "alpha story 1", "alpha story 0"]
        await pilot.press("s")
        await settle(pilot)
        assert "✓ alpha" in rows_text(app.screen.query_one(SourceList))
        await pilot.press("k", "enter")  # All articles
        await settle(pilot)
        assert len(titles(app)) == 8 and main_screen(app).source_filter is None


async def test_equals_sorts_and_the_order_is_remembered(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert titles(app)[0] == "Gadgets story 7"
        await pilot.press("equals_sign")
        await settle(pilot)
        assert titles(app)[0] == "alpha story 0" and titles(app)[-1] == "Gadgets story 7"
        assert "oldest first" in main_screen(app).query_one("#order").render().plain
        cursor = main_screen(app).query_one(ArticleList)
        assert cursor.current is not None and cursor.current.title == "Gadgets story 7"
        await pilot.press("equals_sign")
        await settle(pilot)
        assert titles(app)[:2] == ["Gadgets story 7", "Tech Daily story 6"]  # by source
        await pilot.press("equals_sign", "equals_sign")  # newest first, then oldest again
        await settle(pilot)
    assert sourced.list_prefs().order == OLDEST
    total, first = read_listing(sourced)  # what the next start shows first
    assert total == 8 and first[0].title == "alpha story 0"
    app = make_app(sourced, listing=(total, first))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert titles(app)[0] == "alpha story 0"
        assert main_screen(app).query_one("#order").display


async def test_c_shows_twice_as_many_articles_at_80x24_and_is_remembered(
    store: Store,
) -> None:
    rows = [article_row(f"{n:016x}", f"Story {n}", date=f"2024-01-{n + 1:02d}") for n in range(30)]
    write_articles(store, rows)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        listing = main_screen(app).query_one(ArticleList)
        shown = listing.size.height // listing.row_height
        assert shown == 11
        await pilot.press("j", "c")
        await settle(pilot)
        assert listing.size.height // listing.row_height == 22
        assert listing.current is not None and listing.current.title == "Story 28"
        line = listing.render_line(1).text
        assert line.startswith("● Story 28") and line.rstrip().endswith("Jan 2024")
        assert store.list_prefs() == ListPrefs(compact=True)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        listing = main_screen(app).query_one(ArticleList)
        assert listing.row_height == 1
        await pilot.press("slash", *"story")  # search results keep their three lines
        await settle(pilot)
        assert listing.row_height == 3
        await pilot.press("escape", "escape", "c")
        await settle(pilot)
        assert listing.row_height == 2 and not store.list_prefs().compact


async def test_esc_and_q_leave_a_source_for_every_source_then_q_quits(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "j", "enter", "enter")  # beta, and its newest opened
        await settle(pilot)
        screen = main_screen(app)
        assert screen.source_filter == SourceFilter(FOLDER, "beta") and screen.reading
        await pilot.press("q")  # the article that fills the screen: back to beta's list
        await settle(pilot)
        assert not screen.reading and screen.source_filter is not None
        await pilot.press("q")  # beta's list: back to every source, on the same article
        await settle(pilot)
        assert screen.source_filter is None and len(titles(app)) == 8
        assert not screen.query_one(FilterBar).display
        listing = screen.query_one(ArticleList)
        assert listing.current is not None and listing.current.title == "beta story 4"
        await pilot.press("s", "j", "enter", "escape")  # alpha, then Esc: every source
        await settle(pilot)
        assert screen.source_filter is None and app.is_running
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


async def test_compact_rows_keep_the_unread_bookmark_and_note_marks(store: Store) -> None:
    rows = [article_row(f"{n:016x}", f"Story {n}", date=f"2024-01-{n + 1:02d}") for n in range(3)]
    write_articles(store, rows)
    store.set_bookmark(f"{2:016x}")
    store.add_note(f"{2:016x}", "a thought")
    store.set_read([f"{1:016x}"], True)
    store.save_list_prefs(ListPrefs(compact=True))
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        listing = main_screen(app).query_one(ArticleList)
        first, second = (listing.render_line(y).text.rstrip() for y in (0, 1))
        assert first.startswith("● Story 2") and first.endswith("★ ✎1 3 Jan 2024")
        assert second.startswith("  Story 1") and second.endswith(" 2 Jan 2024")


async def test_the_config_files_sort_and_compact_list_set_the_list_at_start(
    sourced: Store,
) -> None:
    sourced.save_list_prefs(ListPrefs(compact=True))  # chosen before; the file comes first
    config = loads('sort = "oldest"\ncompact_list = false\n', Path("/tmp/config.toml"))
    total, first = read_listing(sourced, config)
    assert first[0].title == "alpha story 0"
    app = make_app(sourced, listing=(total, first), config=config)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert titles(app)[0] == "alpha story 0"
        assert main_screen(app).query_one(ArticleList).row_height == 2
        await pilot.press("equals_sign")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("Until you quit: the config file sets sort" in m for m in said), said
        assert titles(app)[:2] == ["Gadgets story 7", "Tech Daily story 6"]  # by source


async def test_below_120_columns_the_column_gives_way_to_the_screen(sourced: Store) -> None:
    sourced.save_list_prefs(ListPrefs(sources_shown=True))
    app = make_app(sourced)
    async with app.run_test(size=(110, 30)) as pilot:  # two panes, but no room for three
        await settle(pilot)
        assert not main_screen(app).sources_shown
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert main_screen(app).sources_shown  # the column, as it was left
        await pilot.press("s")
        await pilot.resize_terminal(110, 30)  # the column folds away with the focus in it
        await settle(pilot)
        assert main_screen(app).query_one(ArticleList).has_focus


@pytest.fixture
def twice(tmp_path: Path, store: Store) -> Store:
    """The seed articles imported twice, from folders "a" and "b" (each copy a line
    longer, so not the same file); a's copy of the one naming Julia Fox is read."""
    from conftest import SEEDS, TITLE_003

    for folder in ("a", "b"):
        for seed in sorted(SEEDS.glob("*.txt")):
            copy = tmp_path / folder / seed.name
            copy.parent.mkdir(exist_ok=True)
            copy.write_text(seed.read_text("utf-8") + f"\nFiled in {folder}.\n", "utf-8")
    store.import_files([tmp_path / "a", tmp_path / "b"], workers=1)
    read = store.search("source:a julia")[0].summary
    assert read.title == TITLE_003
    store.set_read([read.id], True)
    return store


def sources_listed(app) -> list[str]:  # type: ignore[no-untyped-def]
    listing = main_screen(app).query_one(ArticleList)
    return [s.source for i in range(listing.total) if (s := listing.summary_at(i))]


async def test_a_chosen_source_a_person_is_unread_and_words_combine(twice: Store) -> None:
    from conftest import TITLE_003

    app = make_app(twice)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(app).set_people_filter(twice.resolve_people(["Julia Fox"]))  # both 003s
        await pilot.press("s", "j", "enter")  # source a: its copy, read
        await settle(pilot)
        assert titles(app) == [TITLE_003] and count_text(app) == "1 article · 0 unread"
        await pilot.press("slash")
        main_screen(app).query_one("#search", Input).value = "is:unread kanye"  # pasted
        await settle(pilot)
        assert sources_listed(app) == []
        await pilot.press("escape", "s", "j", "enter")  # source b: its copy, unread
        await settle(pilot)
        await pilot.press("slash")
        main_screen(app).query_one("#search", Input).value = "is:unread kanye"
        await settle(pilot)
        assert sources_listed(app) == ["b"] and titles(app) == [TITLE_003]


async def test_source_typed_in_a_search_combines_with_a_person_and_is_unread(
    twice: Store,
) -> None:
    app = make_app(twice)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main_screen(app).set_people_filter(twice.resolve_people(["Julia Fox"]))
        await pilot.press("slash", *"source:b")
        await settle(pilot)
        assert sources_listed(app) == ["b"]
        main_screen(app).query_one("#search", Input).value = "-source:b is:read kanye"
        await settle(pilot)
        assert sources_listed(app) == ["a"]
        main_screen(app).query_one("#search", Input).value = "feed:anything kanye"
        await settle(pilot)
        assert sources_listed(app) == []  # no feed of that name: nothing, and no error


async def test_a_click_on_a_source_chooses_it(sourced: Store) -> None:
    sourced.save_list_prefs(ListPrefs(sources_shown=True))
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.click(SourceList, offset=(6, 3))  # All, "Folders", alpha, beta
        await settle(pilot)
        assert main_screen(app).source_filter == SourceFilter(FOLDER, "beta")
        assert titles(app) == ["beta story 4", "beta story 3"]


async def test_A_in_the_sources_marks_a_source_read_and_u_undoes_it(sourced: Store) -> None:
    app = make_app(sourced)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "A")  # alpha: 3 unread, fewer than a screenful
        await settle(pilot)
        column = main_screen(app).sources_panel.source_list
        assert "5/8" in rows_text(column) and "0/3" in rows_text(column)
        assert sourced.unread_count(source=SourceFilter(FOLDER, "alpha")) == 0
        assert count_text(app) == "8 articles · 5 unread"  # the list, every source's
        await pilot.press("escape", "u")
        await settle(pilot)
        assert sourced.unread_count() == 8 and "8/8" in rows_text(column)


async def test_A_on_all_articles_in_the_sources_screen_asks_first(store: Store) -> None:
    rows = [article_row(f"{n:016x}", f"Story {n}", date=f"2024-01-{n + 1:02d}") for n in range(30)]
    write_articles(store, rows)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("s", "A")  # All articles: 30 unread, more than a screenful
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and store.unread_count() == 30
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen) and store.unread_count() == 0
        assert "0/30" in rows_text(app.screen.query_one(SourceList))  # counted again


async def test_the_palette_opens_the_sources_and_sorts(sourced: Store) -> None:
    from test_app import run_from_palette

    app = make_app(sourced)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "sort: newest")
        await settle(pilot)
        assert sourced.list_prefs().order == OLDEST
        await run_from_palette(pilot, "sources: folders")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        names = [c.name for c in palette_commands(app) if c.target.usable(app.screen)]
        for start in ("Keep the list to this source", "Mark every article", "Fold or unfold"):
            assert any(name.startswith(start) for name in names), names
