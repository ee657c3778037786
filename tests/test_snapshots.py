"""SVG snapshots of the main screens at fixed sizes (pytest-textual-snapshot).

Update them after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

import pytest
from conftest import SEEDS, settle

from reader.app import make_app
from reader.core import Store
from reader.ingest import import_paths


@pytest.fixture
def app():
    store = Store.open()
    import_paths(store, [SEEDS])
    yield make_app(store)
    store.close()


def test_main_screen_80x24(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_reading_an_article_80x24(app, snap_compare) -> None:
    async def open_second(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_second)


def test_main_screen_160x48(app, snap_compare) -> None:
    async def preview(pilot) -> None:
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=preview)


def test_help_screen_80x24(app, snap_compare) -> None:
    async def help_open(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=help_open)


def test_search_results_80x24(app, snap_compare) -> None:
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"kardashain fox")
        pilot.app.screen.query_one("#search").cursor_blink = False
        await settle(pilot)
        await pilot.pause(0.5)  # past the pause after which the reading pane follows
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=search)


@pytest.fixture
def annotated_app():
    from conftest import SEED_000

    from reader.ingest import article_id

    store = Store.open()
    import_paths(store, [SEEDS])
    target = article_id(SEED_000.resolve())
    store.add_note(target, "Where did they go next?", quote="a trip to the Asian Art Museum")
    store.add_note(target, "Worth following up.\n\n- the co-parenting\n- the ranch")
    store.set_bookmark(target)
    # fixed times, so the picture does not change from run to run
    fixed = "2026-11-21T09:30"
    store._conn.execute("UPDATE notes SET created = ?, edited = ?", (fixed, fixed))
    yield make_app(store)
    store.close()


def test_article_with_a_quoted_passage_and_notes_120x70(annotated_app, snap_compare) -> None:
    async def open_annotated(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        pane = pilot.app.screen.query_one("#reader")
        # The notes and quote marks arrive after the text: scroll to the end once the
        # pane's height has stopped changing, and again if it grew meanwhile.
        for _ in range(20):
            pane.scroll_end(animate=False, immediate=True)
            await settle(pilot)
            await pilot.pause(0.05)
            if pane.scroll_y == pane.max_scroll_y > 0:
                break

    assert snap_compare(annotated_app, terminal_size=(120, 70), run_before=open_annotated)


def test_notes_screen_80x24(annotated_app, snap_compare) -> None:
    async def notes(pilot) -> None:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(annotated_app, terminal_size=(80, 24), run_before=notes)


def test_people_panel_filtered_with_one_chosen_80x24(app, snap_compare) -> None:
    async def panel(pilot) -> None:
        await settle(pilot)
        await pilot.press("@")
        await settle(pilot)
        pilot.app.screen.query_one("#people-search").cursor_blink = False
        await pilot.press(*"ka", "down", "space")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=panel)


def test_main_screen_with_a_person_filter_160x48(app, snap_compare) -> None:
    async def filtered(pilot) -> None:
        await settle(pilot)
        await pilot.press("@")
        await settle(pilot)
        await pilot.press(*"julia", "enter")
        await settle(pilot)
        await pilot.pause(0.2)  # past the pause after which the reading pane follows
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=filtered)


@pytest.fixture
def feeds_app(monkeypatch):
    """Four feeds in every state, their times fixed against a fixed clock."""
    from datetime import UTC, datetime, timedelta

    from reader.app.screens import feeds

    now = datetime(2026, 12, 3, 14, 30, tzinfo=UTC)
    monkeypatch.setattr(feeds, "clock", lambda: now)
    store = Store.open()
    import_paths(store, [SEEDS])
    store.set_setting("feeds.refresh_minutes", "0")

    def feed(url: str, title: str, fetched: timedelta | None, next_in: timedelta, **more):
        made, _ = store.add_feed(url)
        state = {
            "title": title,
            "last_success": (now - fetched).isoformat() if fetched is not None else None,
            "next_fetch": (now + next_in).isoformat(),
            **more,
        }
        columns = ", ".join(f"{name} = ?" for name in state)
        store._conn.execute(f"UPDATE feeds SET {columns} WHERE id = ?", (*state.values(), made.id))
        return made.id

    tech = feed(
        "https://tech.example/rss", "Tech Daily", timedelta(minutes=12), timedelta(minutes=48)
    )
    world = feed(
        "https://world.example/feed.xml", "World News", timedelta(hours=3), -timedelta(minutes=5)
    )
    feed(
        "https://bugle.example/broken.xml",
        "Zebra Bugle",
        timedelta(days=2),
        timedelta(hours=3),
        failures=3,
        last_status=500,
        last_error="HTTP 500 Internal Server Error",
    )
    feed(
        "https://gazette.example/gone.rss",
        "Gone Gazette",
        None,
        timedelta(days=1),
        failures=1,
        dead=1,
        last_status=410,
        last_error="HTTP 410 Gone: the feed is gone, and is no longer fetched",
    )
    first, second = (summary.id for summary in store.page(0, 2))
    store._conn.execute("UPDATE articles SET feed_id = ? WHERE id = ?", (tech, first))
    store._conn.execute("UPDATE articles SET feed_id = ? WHERE id = ?", (world, second))
    yield make_app(store)
    store.close()


def test_feeds_screen_80x24(feeds_app, snap_compare) -> None:
    async def feeds_open(pilot) -> None:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)

    assert snap_compare(feeds_app, terminal_size=(80, 24), run_before=feeds_open)


@pytest.fixture
def sources_app():
    """Imported folders "politics" and "sport", the feeds "World News" and "Tech Daily" in
    the folder "News", and the broken "Zebra Bugle" in none; 30 articles, some read, one
    bookmarked with a note."""
    from conftest import article_row, write_articles

    from reader.storage import feeds as feed_rows
    from reader.storage.connection import writing
    from reader.storage.feeds import FetchRecord

    store = Store.open()
    store.set_setting("feeds.refresh_minutes", "0")
    world, _ = store.add_feed("https://world.example/feed.xml", title="World News", folder="News")
    tech, _ = store.add_feed("https://tech.example/rss", title="Tech Daily", folder="News")
    bugle, _ = store.add_feed("https://bugle.example/broken.xml", title="Zebra Bugle")
    plan = [("politics", None), ("sport", None), ("World News", world.id)]
    plan += [("Tech Daily", tech.id), ("Zebra Bugle", bugle.id)]
    headlines = (
        "Minister defends the budget",
        "Late goal sends the champions through",
        "Floods close roads across the north",
        "A chip that sips power, tested",
        "The bugle's last post before the silence",
    )
    rows = []
    for n in range(30):
        source, feed_id = plan[n % len(plan)]
        title = f"{headlines[n % len(plan)]} ({n})"
        row = article_row(f"{n:016x}", title, date=f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}")
        row.source, row.feed_id = source, feed_id
        rows.append(row)
    write_articles(store, rows)
    store.set_read([f"{n:016x}" for n in range(0, 30, 3)], True)
    store.set_bookmark(f"{28:016x}")
    store.add_note(f"{28:016x}", "Worth following up.")
    failed = FetchRecord(
        bugle.id, "2026-01-01T00:00", "2026-01-01T01:00", 500, "HTTP 500 Server Error"
    )
    with store._lock, writing(store._conn) as conn:
        feed_rows.record_fetch(conn, failed)
    yield make_app(store)
    store.close()


def test_sources_column_with_a_source_chosen_160x48(sources_app, snap_compare) -> None:
    async def chosen(pilot) -> None:
        await settle(pilot)
        await pilot.press("s", "j", "j", "enter")  # sport
        await settle(pilot)
        await pilot.pause(0.2)  # past the pause after which the reading pane follows
        await pilot.press("s")  # back to the column, which keeps its place
        await settle(pilot)

    assert snap_compare(sources_app, terminal_size=(160, 48), run_before=chosen)


def test_sources_screen_80x24(sources_app, snap_compare) -> None:
    async def sources(pilot) -> None:
        await settle(pilot)
        await pilot.press("s", "j", "j", "j")  # the broken feed: its error below
        await settle(pilot)

    assert snap_compare(sources_app, terminal_size=(80, 24), run_before=sources)


def test_compact_list_80x24(sources_app, snap_compare) -> None:
    async def compact(pilot) -> None:
        await settle(pilot)
        await pilot.press("c", "j")
        await settle(pilot)

    assert snap_compare(sources_app, terminal_size=(80, 24), run_before=compact)
