"""Read state in the app, pressed as a user would: unread rows marked, opening marks read,
N toggles, A marks the view read (asking when it is long), n/p go to the next/previous
unread article, J/K to the next/previous one, Space at the end goes on, u undoes, and a
long article keeps its place."""

from __future__ import annotations

import pytest
from conftest import article_row, settle, write_articles

from reader.app import make_app
from reader.app.dialogs.confirm import ConfirmScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.list_paint import UNREAD_MARK
from reader.app.widgets.reading_pane import ReadingPane
from reader.core import Store

WIDE = (160, 48)
NARROW = (80, 24)


def stories(store: Store, count: int, paragraphs: int = 1) -> list[str]:
    """``count`` articles, newest first in the list; their ids in list order."""
    paragraph = "Paragraph {} of the story, with words to read."
    body = "\n\n".join(paragraph.format(p) for p in range(paragraphs))
    rows = [
        article_row(f"{i:016x}", f"Story {i}", body, date=f"2024-01-{i + 1:02d}")
        for i in range(count)
    ]
    write_articles(store, rows)
    return [s.id for s in store.page(0, count)]


def count_text(app) -> str:
    return app.get_default_screen_instance().query_one("#count").render().plain


def title_line(listing: ArticleList, index: int) -> str:
    y = index * listing.row_height - int(listing.scroll_offset.y)
    return listing.render_line(y).text


def listing(app) -> ArticleList:
    return app.get_default_screen_instance().query_one(ArticleList)


async def test_unread_rows_are_marked_and_opening_one_reads_it(store: Store) -> None:
    ids = stories(store, 3)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = listing(app)
        assert title_line(rows, 0).startswith(UNREAD_MARK + "Story 2")
        assert count_text(app) == "3 articles · 3 unread"
        await pilot.press("j")  # a preview does not read it
        await pilot.pause(0.3)
        await settle(pilot)
        assert not store.is_read(ids[1])
        await pilot.press("enter")
        await settle(pilot)
        assert store.is_read(ids[1])
        assert title_line(rows, 1).startswith("  Story 1")
        assert title_line(rows, 0).startswith(UNREAD_MARK)
        assert count_text(app) == "3 articles · 2 unread"


async def test_N_toggles_the_article_under_the_cursor_and_u_undoes_it(store: Store) -> None:
    ids = stories(store, 3)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "N")  # no pause: N acts on the second row
        await settle(pilot)
        assert store.is_read(ids[1]) and not store.is_read(ids[0])
        assert count_text(app) == "3 articles · 2 unread"
        await pilot.press("N")
        await settle(pilot)
        assert not store.is_read(ids[1])
        await pilot.press("N", "u")
        await settle(pilot)
        assert not store.is_read(ids[1])
        assert title_line(listing(app), 1).startswith(UNREAD_MARK)
        assert count_text(app) == "3 articles · 3 unread"


async def test_A_marks_a_short_view_read_at_once_and_u_undoes_it(store: Store) -> None:
    stories(store, 3)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert store.unread_count() == 0
        assert count_text(app) == "3 articles · 0 unread"
        assert not title_line(listing(app), 0).startswith(UNREAD_MARK)
        await pilot.press("u")
        await settle(pilot)
        assert store.unread_count() == 3
        assert count_text(app) == "3 articles · 3 unread"
        assert title_line(listing(app), 0).startswith(UNREAD_MARK)


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_A_asks_first_when_the_view_is_longer_than_a_screen(store: Store, answer) -> None:
    stories(store, 30)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(answer)
        await settle(pilot)
        assert store.unread_count() == (0 if answer == "y" else 30)


async def test_A_in_search_results_marks_only_the_results(store: Store) -> None:
    ids = stories(store, 3)
    zebras = article_row("f" * 16, "Zebras escape", "Zebras ran.", date="2020-01-01")
    write_articles(store, [zebras])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zebras", "enter")
        await settle(pilot)
        assert count_text(app).endswith("1 result · 1 unread")
        await pilot.press("A")
        await settle(pilot)
        assert store.is_read("f" * 16)
        assert store.unread_count() == 3 and not any(store.is_read(i) for i in ids)


async def test_n_and_p_go_to_the_next_and_previous_unread_article(store: Store) -> None:
    ids = stories(store, 6)
    store.set_read([ids[1], ids[2], ids[4]])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("n")  # from the first row (unread) to the next unread: row 3
        await settle(pilot)
        assert listing(app).cursor == 3 and pane.article.id == ids[3]
        assert store.is_read(ids[3])  # opened
        assert app.focused is pane
        await pilot.press("n", "p")  # typed together, from the reading pane
        await settle(pilot)
        assert listing(app).cursor == 0 and pane.article.id == ids[0]
        await pilot.press("p")
        await settle(pilot)
        assert listing(app).cursor == 0
        assert any("No unread article before" in n.message for n in app._notifications)


async def test_n_in_a_person_or_bookmark_view_stays_in_the_view(store: Store) -> None:
    ids = stories(store, 5)
    store.set_bookmark(ids[0])
    store.set_bookmark(ids[3])
    store.set_read([ids[0]])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert listing(app).total == 2
        await pilot.press("n")
        await settle(pilot)
        assert listing(app).current.id in (ids[3],)
        assert app.screen.query_one(ReadingPane).article.id == ids[3]


async def test_J_and_K_step_through_articles_from_the_reading_pane(store: Store) -> None:
    ids = stories(store, 4)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("enter", "J", "J")
        await settle(pilot)
        assert pane.article.id == ids[2] and app.focused is pane
        await pilot.press("K")
        await settle(pilot)
        assert pane.article.id == ids[1]
        assert [store.is_read(i) for i in ids] == [True, True, True, False]


async def test_space_at_the_end_of_an_article_goes_on_to_the_next_unread(store: Store) -> None:
    ids = stories(store, 4, paragraphs=30)
    store.set_read([ids[1]])
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(30):
            if pane.scroll_y >= pane.max_scroll_y and pane.max_scroll_y:
                break
            await pilot.press("space")
            await pilot.pause()
        assert pane.article.id == ids[0]
        await pilot.press("space")
        await settle(pilot)
        assert pane.article.id == ids[2]  # ids[1] was read


async def test_a_long_article_keeps_its_place(store: Store) -> None:
    ids = stories(store, 2, paragraphs=80)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("enter", *["space"] * 3)
        await settle(pilot)
        where = pane.scroll_y
        assert where > 0
        await pilot.press("J")  # another article: the place in this one is kept
        await settle(pilot)
        assert pane.article.id == ids[1] and pane.scroll_y == 0
        await pilot.press("K")
        await settle(pilot)
        await pilot.pause(0.1)
        assert pane.article.id == ids[0]
        assert abs(pane.scroll_y - where) <= 2
    assert 0 < store.place(ids[0]) < 1


async def test_is_unread_in_the_search_box(store: Store) -> None:
    ids = stories(store, 3)
    store.set_read([ids[0]])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"is:unread")
        await settle(pilot)
        rows = listing(app)
        assert [rows.summary_at(i).id for i in range(rows.total)] == ids[1:]
        assert count_text(app).endswith("2 results · 2 unread")


@pytest.mark.parametrize("on", [True, False])
async def test_mark_read_on_preview_in_the_config_file_reads_what_the_cursor_rests_on(
    store: Store, tmp_path, on: bool
) -> None:
    from reader.config import load

    ids = stories(store, 3)
    path = tmp_path / "config.toml"
    path.write_text(f"mark_read_on_preview = {'true' if on else 'false'}\n", encoding="utf-8")
    app = make_app(store, config=load(path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen.query_one(ReadingPane).article.id == ids[1]
        assert store.is_read(ids[1]) is on
        assert app.focused is listing(app)  # previewed, not opened
