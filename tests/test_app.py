"""The app driven with Pilot, the way a person uses it: keys, mouse, help, palette, themes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    BBC_STYLE,
    SEEDS,
    TITLE_000,
    TITLE_003,
    article_row,
    hold_reads,
    previewed,
    settle,
    write,
    write_articles,
)
from rich.cells import cell_len
from textual.widgets import Static

from reader.app import make_app
from reader.app import text as app_text
from reader.app.commands import palette_commands
from reader.app.screens.help import HelpScreen
from reader.app.widgets import article_blocks, list_paint
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.list_paint import CHARS_PER_CELL
from reader.app.widgets.reading_pane import ReadingPane
from reader.clean import clean_line
from reader.core import Store
from reader.ingest import import_paths

WIDE = (160, 48)
NARROW = (80, 24)


def screen_text(app) -> str:
    """What a person sees on the whole screen, as plain lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def pane_text(app) -> str:
    """The reading pane's text: the article's blocks, then the notes."""
    pane = app.screen.query_one(ReadingPane)
    notes = [str(s.render()) for s in pane.query(Static)]
    return "\n".join([pane.article_text.plain, *notes])


@pytest.fixture
def seeded_file_store(db_path: Path):
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        yield store


async def test_list_shows_the_seeds_newest_first(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        assert listing.total == 2
        assert [listing.summary_at(i).title for i in range(2)] == [TITLE_003, TITLE_000]
        assert app.focused is listing


async def test_moving_through_the_list_previews_each_article(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.pause(0.2)
        await settle(pilot)
        assert TITLE_003 in pane_text(app)
        await pilot.press("j")
        await pilot.pause(0.2)
        await settle(pilot)
        assert listing.cursor == 1
        assert TITLE_000 in pane_text(app)
        assert "By Erik Swann, Senior Content Producer" in pane_text(app)
        await pilot.press("k")
        assert listing.cursor == 0
        await pilot.press("G")
        assert listing.cursor == 1
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("down", "down", "down")  # stops at the end
        assert listing.cursor == 1


async def test_an_empty_view_shows_no_article_beside_it_but_one_being_read_stays(
    seeded_file_store,
) -> None:
    """``B`` with no bookmarks: the list says so, and the pane no longer shows the article
    previewed in the view before; back in all articles, the first is previewed again.
    An article opened and being read stays in the pane, whatever the list shows."""
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await previewed(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert TITLE_003 in pane_text(app)
        await pilot.press("B")
        await settle(pilot)
        await pilot.pause(0.3)  # a preview timer set before would have fired by now
        await settle(pilot)
        assert app.screen.query_one(ArticleList).total == 0
        assert pane.article is None and pane_text(app).strip() == ""
        await pilot.press("B")
        await previewed(pilot)
        assert TITLE_003 in pane_text(app)
        await pilot.press("enter")  # opened: the pane has the focus
        await settle(pilot)
        assert app.focused is pane
        await pilot.press("B")
        await settle(pilot)
        assert app.screen.query_one(ArticleList).total == 0
        assert pane.article is not None and TITLE_003 in pane_text(app)


async def test_enter_opens_the_article_and_tab_switches_panes(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert app.focused is pane
        text = pane_text(app)
        assert "EXCLUSIVE" in text
        assert "Kim Kardashian’s feelings revealed" in text
        assert "25 January 2022" in text
        assert "Kim Kardashian, 41," in text
        await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert pane.scroll_y == 0
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert app.focused is pane


async def test_narrow_terminal_shows_one_pane_at_a_time(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        pane = app.screen.query_one(ReadingPane)
        assert listing.display and not pane.display
        await pilot.press("j", "enter")
        await settle(pilot)
        assert pane.display and not listing.display
        assert TITLE_000 in pane_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert listing.display and not pane.display
        assert app.focused is listing


async def test_q_on_a_narrow_screen_goes_back_from_the_article_and_quits_from_the_list(
    seeded_file_store,
) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("enter")
        await settle(pilot)
        assert pane.display
        await pilot.press("q")  # the article fills the screen: q leaves it, not the app
        await settle(pilot)
        assert app.is_running and listing.display and app.focused is listing
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


async def test_a_terminal_made_narrow_while_reading_keeps_the_article(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        panes = [app.screen.query_one(ArticleList), app.screen.query_one(ReadingPane)]
        for key, in_use in (("enter", panes[1]), ("escape", panes[0])):
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            await pilot.resize_terminal(*NARROW)
            await settle(pilot)
            assert app.focused is in_use
            assert [pane.display for pane in panes] == [pane is in_use for pane in panes]
            await pilot.resize_terminal(*WIDE)


async def test_mouse_click_selects_then_opens(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.click(ArticleList, offset=(5, 2))  # second row (two lines each)
        assert listing.cursor == 1
        await pilot.click(ArticleList, offset=(5, 2))
        await settle(pilot)
        assert TITLE_000 in pane_text(app)
        assert isinstance(app.focused, ReadingPane)


async def test_help_lists_every_key_and_closes(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=(160, 200)) as pilot:  # tall enough to show it all
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for command in palette_commands(app):
            assert command.name.split(" (")[0] in shown
            assert command.keys in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_runs_reader_actions(seeded_file_store) -> None:
    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "last article")
        await pilot.pause()
        assert app.screen.query_one(ArticleList).cursor == 1


async def test_theme_choice_is_remembered(db_path: Path) -> None:
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            app.theme = "nord"
            await settle(pilot)
    with Store.open(db_path) as store:
        app = make_app(store)
        assert app.theme == "nord"


async def test_markup_in_an_article_is_shown_as_text_and_does_nothing(tmp_path, db_path) -> None:
    write(
        tmp_path / "in" / "trap.txt",
        "Trap [@click=app.quit]quit[/] [bold]bold[/bold]\n\n"
        "Body [@click=app.quit]click me[/] and \x1b]8;;http://x\x07link\x1b]8;;\x07 end.\n",
    )
    with Store.open(db_path) as store:
        import_paths(store, [tmp_path / "in"])
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            text = pane_text(app)
            assert "Trap [@click=app.quit]quit[/] [bold]bold[/bold]" in text
            assert "Body [@click=app.quit]click me[/] and link end." in text
            await pilot.click(ReadingPane, offset=(10, 4))
            await pilot.pause()
            assert app.is_running


@pytest.mark.parametrize("named", [False, True])
async def test_empty_database_says_how_to_import(db_path: Path, monkeypatch, named) -> None:
    """The command shown fills this database: with --db when reader would fill another."""
    if not named:
        monkeypatch.setenv("READER_DB", str(db_path))  # what `reader ingest` fills anyway
    with Store.open(db_path) as store:
        app = make_app(store)
        async with app.run_test(size=(200, 24)) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            assert listing.total == 0
            text = " ".join(listing.render_line(y).text.strip() for y in range(8))
            # (a long path is cut at the list's edge, on its own line)
            wanted = f"reader --db \\ {str(db_path)[:40]}" if named else "reader ingest PATH"
            assert wanted in text and "ingest PATH" in text and ("--db" in text) == named, text
            await pilot.press("j", "enter", "G")  # nothing to move to; no crash


async def test_first_run_imports_seeds_with_a_progress_bar(db_path: Path, tmp_path) -> None:
    for i in range(30):
        write(tmp_path / "many" / f"{i:02}.txt", BBC_STYLE.replace("Ad sales", f"Story {i}"))
    with Store.open(db_path) as store:
        app = make_app(store, seed_paths=[tmp_path / "many"])
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
            assert app.screen.query_one(ArticleList).total == 30
            assert not app.screen.query_one("#import-status").display


async def test_a_long_list_pages_rows_in_as_it_scrolls(db_path: Path, tmp_path) -> None:
    for i in range(450):
        write(tmp_path / "many" / f"{i:03}.txt", BBC_STYLE.replace("Ad sales", f"Story {i}"))
    with Store.open(db_path) as store:
        import_paths(store, [tmp_path / "many"])
        app = make_app(store)
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            await pilot.press("G")
            await settle(pilot)
            assert listing.cursor == 449
            assert listing.current is not None
            visible = [listing.render_line(y).text for y in range(listing.size.height)]
            assert any(line.strip("● ").startswith("Story") for line in visible)
            assert listing._pages.keys() <= {0, 1, 2}


async def test_a_huge_title_costs_a_list_row_no_more_than_its_width(store, monkeypatch) -> None:
    """A database may hold a title of megabytes (an older import): a row reads only what
    it can show, so every redraw does not clean and measure the whole title."""
    huge = "Budget " + "x" * 2_000_000
    write_articles(store, [article_row("a1", huge, "Body.", author="Jane " + "Doe" * 300_000)])
    read: list[int] = []

    def spy(text):
        read.append(len(text or ""))
        return clean_line(text)

    monkeypatch.setattr(list_paint, "clean_line", spy)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        width = listing.scrollable_content_region.width
        title, meta = (listing.render_line(y).text.rstrip() for y in (0, 1))
        assert title.startswith("● Budget xxx") and title.endswith("…")
        assert "Jane DoeDoe" in meta and meta.endswith("…")
        assert cell_len(title) <= width
        # What a row reads: a bounded start of each field, and the date and reading time.
        assert read and max(read) <= width * CHARS_PER_CELL + 40


async def test_a_body_too_long_to_lay_out_is_cut_and_says_so(store, monkeypatch) -> None:
    monkeypatch.setattr(article_blocks, "MAX_SHOWN_CHARS", 2_000)
    paragraphs = [f"Paragraph {i} " + "word " * 20 for i in range(40)]
    body = "\n\n".join(p.strip() for p in paragraphs)
    write_articles(store, [article_row("a1", "Long read", body)])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        shown = [b.text for b in pane.blocks if b.kind == "paragraph"]
        assert shown[0] == paragraphs[0].strip() and len(shown) < 40
        assert len("\n\n".join(shown)) <= 2_000
        assert body.startswith("\n\n".join(shown))
        (cut,) = [b for b in pane.blocks if b.kind == "cut"]
        left = len(body) - len("\n\n".join(shown))
        assert cut.text == (
            f"… {left:,} more characters are not shown here; "
            "reader show a1 prints the whole article."
        )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\u200db", "a\u2060b"),  # Rich would take "b" as joined: one cell for two
        ("東\u200d京 end\u200d", "東\u2060京 end\u2060"),
        ("क्\u200dष", "क्\u2060ष"),
        (
            "👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 👩🏽\u200d💻",
            "👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 👩🏽\u200d💻",
        ),
        ("👨\u200d and", "👨\u2060 and"),
    ],
)
def test_a_joiner_reaches_the_screen_only_inside_an_emoji(text: str, shown: str) -> None:
    assert app_text.on_screen(text) == shown
    assert cell_len(app_text.plain(text).plain) == cell_len(shown)
    if "\u200d" not in shown:  # measured character by character, as a terminal does
        assert cell_len(shown) == sum(cell_len(c) for c in shown)


async def test_garbage_is_collected_in_a_pause_not_between_keys(store, monkeypatch) -> None:
    """Python's cycle collector runs when the user pauses (it took 30-100 ms at a time):
    what is new in a short pause, everything only in a long one, and between keys only
    what is new once that piles up."""
    import gc

    from reader.app import heap

    def cycles(n: int) -> None:
        for _ in range(n):
            loop: list[object] = []
            loop.append(loop)

    async def until(done: Callable[[], bool]) -> None:
        for _ in range(50):
            if done():
                return
            await pilot.pause(heap.CHECK_EVERY)

    from conftest import APP_WORTH_IT

    monkeypatch.setattr(heap, "WORTH_IT", APP_WORTH_IT)  # the app's (conftest turns it off)
    write_articles(store, [article_row(f"a{i}", f"Story {i}") for i in range(30)])
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        collector = app.collector
        monkeypatch.setattr(heap, "LIMIT", 10**9)
        quiet = heap.QUIET
        monkeypatch.setattr(heap, "QUIET", 5.0)  # however slow the machine, no pause yet
        monkeypatch.setattr(heap, "IDLE", 60.0)
        full, new = collector.full, collector.new
        cycles(heap.WORTH_IT + 500)
        kept = [[] for _ in range(heap.WORTH_IT + 500)]  # lives on: frozen in the pause
        for _ in range(4):  # keys keep coming: no collection
            await pilot.press("j")
            await pilot.pause(0.1)
        assert (collector.full, collector.new) == (full, new)
        monkeypatch.setattr(heap, "QUIET", quiet)
        await pilot.pause(quiet)  # a short pause: what is new, not everything
        await until(lambda: collector.new > new)
        assert (collector.full, collector.new) == (full, new + 1)
        assert gc.get_count()[0] < heap.WORTH_IT
        await pilot.pause(quiet * 3)  # pauses no longer than that: nothing more
        assert collector.full == full
        monkeypatch.setattr(heap, "IDLE", quiet)  # a long pause: everything
        await until(lambda: collector.full > full)
        assert collector.full == full + 1
        monkeypatch.setattr(heap, "LIMIT", 2_000)
        young = collector.young
        monkeypatch.setattr(heap, "QUIET", 5.0)
        monkeypatch.setattr(heap, "IDLE", 60.0)
        cycles(3_000)
        await pilot.press("k")
        await until(lambda: collector.young > young)
        assert collector.young > young and collector.full == full + 1
        # What survived it is frozen, as in a pause: the next pause's collection does
        # not walk it again (it piled up while keys kept coming: 164 ms after ten
        # seconds of typing during a refresh).
        assert not gc.get_objects(generation=1)
        assert len(kept) > heap.WORTH_IT
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize("typing_delay", [30.0, 0.1], ids=["typing", "no-letter"])
async def test_a_preview_due_waits_while_a_search_is_typed(
    seeded, monkeypatch, typing_delay
) -> None:
    """`j` then `/` at once: the preview of the article moved to was due 80 ms after the
    move, and laid the pane out under the first letters typed. It now waits for a pause
    in the typing, as the results' previews do, and still comes if no letter is typed."""
    from reader.app.screens import main as main_screen

    monkeypatch.setattr(main_screen, "PREVIEW_DELAY", 0.3)
    monkeypatch.setattr(main_screen, "PREVIEW_DELAY_TYPING", typing_delay)
    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        first = app.screen.query_one(ArticleList).current.id
        await pilot.pause(0.5)
        await settle(pilot)
        assert pane.article is not None and pane.article.id == first
        await pilot.press("j", "slash")
        second = app.screen.query_one(ArticleList).current.id
        assert second != first
        await pilot.pause(0.8)
        await settle(pilot)
        if typing_delay > 1:
            assert pane.article.id == first  # not yet: a search is being typed
        else:
            assert pane.article.id == second  # the pause came: the pane follows the list


async def test_enter_right_after_a_move_is_not_undone_by_the_preview(seeded, monkeypatch) -> None:
    """The preview of the article under the cursor comes due after Enter has opened it:
    it must not load it again (its load would cancel Enter's, which gives the focus)."""
    from reader.app.screens import main as main_screen

    monkeypatch.setattr(main_screen, "PREVIEW_DELAY", 1.0)
    loads: list[tuple[str, bool]] = []
    load_article = main_screen.MainScreen.load_article

    def spy(self, article_id, terms=(), focus=False):  # type: ignore[no-untyped-def]
        loads.append((article_id, focus))
        return load_article(self, article_id, terms, focus)

    monkeypatch.setattr(main_screen.MainScreen, "load_article", spy)
    app = make_app(seeded)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.pause(1.2)  # the first article's preview
        await pilot.press("j", "enter")
        opened = app.screen.query_one(ArticleList).current.id
        await settle(pilot)
        loads.clear()
        await pilot.pause(1.2)  # when the preview of the second article was due
        await settle(pilot)
        assert loads == []
        assert app.focused is app.screen.query_one(ReadingPane)
        assert app.screen.query_one(ReadingPane).article.id == opened


async def test_a_slow_older_load_does_not_replace_the_article_opened_after_it(
    seeded, monkeypatch
) -> None:
    """An article is still being read when the user opens another: a thread cannot be
    stopped, and when it finishes it must not show its article over the newer one."""
    first, second = (s.id for s in seeded.page(0, 2))
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = app.screen
        pane = screen.query_one(ReadingPane)
        pane.article = None
        release = hold_reads(monkeypatch, seeded, only=first)
        screen.load_article(first)  # the preview of the first: reading, slowly
        await pilot.pause(0.1)
        screen.load_article(second, focus=True)  # the user opens the second
        for _ in range(50):
            if pane.article is not None:
                break
            await pilot.pause(0.05)
        assert pane.article is not None and pane.article.id == second
        release.set()  # now the older read finishes
        for _ in range(10):
            await pilot.pause(0.05)
        assert pane.article.id == second
        assert app.focused is pane


@pytest.mark.parametrize("shown", [False, True], ids=["being-read", "previewed"])
async def test_esc_right_after_enter_stays_in_the_list(seeded, monkeypatch, shown) -> None:
    """Enter, then Esc before the article is up: the list keeps the keys. The open may
    finish after Esc, but must not take the focus back to the reading pane (narrow, it
    is hidden then, and every key typed after it would go to a pane no one sees)."""
    app = make_app(seeded)
    async with app.run_test(size=NARROW) as pilot:
        await previewed(pilot)
        listing = app.screen.query_one(ArticleList)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.id == listing.current.id
        release = hold_reads(monkeypatch, seeded)
        if shown:
            release.set()
        else:
            await pilot.press("j")  # the second article, opened before its preview
        await pilot.press("enter", "escape")
        release.set()
        await settle(pilot)
        await pilot.pause(0.1)
        assert app.focused is listing and listing.display and not pane.display
        await pilot.press("j" if shown else "k")
        assert listing.cursor == (1 if shown else 0)


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_q_and_esc_close_the_notes_list_help_and_theme_picker_not_the_app(
    seeded_file_store, key
) -> None:
    from textual.command import CommandPalette

    from reader.app.screens.main import MainScreen
    from reader.app.screens.notes import NotesScreen

    app = make_app(seeded_file_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for opening, kind in (("m", NotesScreen), ("question_mark", HelpScreen)):
            await pilot.press(opening)
            await settle(pilot)
            assert isinstance(app.screen, kind)
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, MainScreen)
        await pilot.press("t")  # the theme picker: q is typed in its box, Esc closes it
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        await pilot.press("q")  # from the main screen, q quits
        await settle(pilot)
        assert not app.is_running


async def palette_hits(pilot, query: str) -> list[str]:
    """The palette's hits for ``query``, as shown (each with its key help), then closed."""
    from textual.command import CommandList, CommandPalette

    await type_in_palette(pilot, query)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    hits = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return hits


async def run_from_palette(pilot, query: str) -> None:
    """Open the palette, type ``query`` and run the best hit."""
    await type_in_palette(pilot, query)
    await pilot.press("enter")


async def type_in_palette(pilot, query: str) -> None:
    """Open the palette and put ``query`` in it as a terminal's paste does, in one event:
    typed key by key, each key's search waits out the palette's 0.1 s poll for more hits
    (Textual's ``CommandPalette._search``), 1.6 s for a 16-letter query."""
    from textual import events

    await pilot.press("ctrl+p")
    await pilot.pause()
    pilot.app.post_message(events.Paste(query))
    await pilot.pause(0.3)


def named(hits: list[str], start: str) -> list[str]:
    return [hit for hit in hits if hit.startswith(start)]


@pytest.mark.slow
async def test_the_palette_lists_what_works_here_with_the_right_keys(store) -> None:
    from reader.app.screens.people import PeopleScreen
    from reader.app.screens.person import PersonScreen

    import_paths(store, [SEEDS])
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        themes = named(await palette_hits(pilot, "theme"), "Theme")
        assert len(themes) == 1 and themes[0].split()[-1] == "t"  # one, with its key
        assert not named(await palette_hits(pilot, "rename this"), "Rename")  # people panel
        assert not named(await palette_hits(pilot, "edit note"), "Edit note")  # on a note
        person = named(await palette_hits(pilot, "a person in this"), "A person in this")
        assert len(person) == 1 and person[0].split()[-1] == "P"
        await pilot.press("enter", "P")  # the person view of someone in the open article
        await settle(pilot)
        if not isinstance(app.screen, PersonScreen):
            await pilot.press("enter")  # chosen among several
            await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        here = await palette_hits(pilot, "people named")
        assert any("(person view (P))" in hit for hit in here), here
        assert not named(await palette_hits(pilot, "rename this"), "Rename")
        await app.push_screen(PeopleScreen(store))
        await settle(pilot)
        renames = named(await palette_hits(pilot, "rename this"), "Rename")
        assert len(renames) == 1 and "(people panel (@))" in renames[0]


@pytest.mark.parametrize("height", [24, 25])
async def test_the_list_scrolls_by_whole_rows_whatever_its_height(store, height) -> None:
    """With the list an odd number of lines high (80x25, or a filter bar shown), moving
    down past the bottom leaves a row's title at the top, never its meta line."""
    rows = [article_row(f"a{i:02d}", f"Story {i:02d}", "Body.") for i in range(40)]
    write_articles(store, rows)
    app = make_app(store)
    async with app.run_test(size=(80, height)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.press(*["j"] * 15)
        await settle(pilot)
        assert listing.cursor == 15
        assert int(listing.scroll_offset.y) % listing.row_height == 0
        top = listing.render_line(0).text
        assert top.lstrip("● ").startswith("Story"), top


# -- the top bar's count --------------------------------------------------------------------


@pytest.mark.parametrize("total", [0, 1, 2, 9_999, 10_000, 99_999, 100_000, 999_999, 10**6, 10**9])
@pytest.mark.parametrize("unread", [None, 0, 1, 9_999, 99_999, 100_000, 10**6])
@pytest.mark.parametrize("how", ["articles", "results", "more results", "at 12/1,000"])
def test_the_count_fits_its_room_whole_words_and_all(total: int, unread: int | None, how: str):
    from reader.app.widgets.top_bar import COUNT_WIDTH, ListCount, count_line

    unread = None if unread is None else min(unread, total)
    searching = how != "articles"
    position = "12/1,000" if how.startswith("at") else ""
    line = count_line(ListCount(total, searching, how == "more results", False, position, unread))
    assert 0 < cell_len(line) <= COUNT_WIDTH, line
    words = line.split()
    assert words[-1] in {"article", "articles", "result", "results", "unread", "no"} or (
        line == "no results"
    ), line
    whole = count_line(
        ListCount(total, searching, how == "more results", False, position, unread), 200
    )
    if cell_len(whole) <= COUNT_WIDTH:
        assert line == whole  # exact whenever it fits


async def test_a_big_archives_count_reads_whole_at_80_columns(seeded_file_store: Store) -> None:
    # 100,000 articles, all unread: "100,000 articles · 100,000 unread" is a column too
    # many for the count's room at 80 columns; it was cut to "… · 100,000".
    from reader.app.widgets.top_bar import ListCount, TopBar

    app = make_app(seeded_file_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(TopBar).show_count(ListCount(100_000, unread=100_000))
        await pilot.pause()
        shown = app.screen.query_one("#count", Static).render().plain
        assert shown.strip() == "100k articles · 100k unread"
        await pilot.resize_terminal(160, 48)  # room for it whole: said again whole
        await settle(pilot)
        assert app.screen.query_one("#count", Static).render().plain.strip() == (
            "100,000 articles · 100,000 unread"
        )
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.query_one("#count", Static).render().plain.strip() == (
            "100k articles · 100k unread"
        )
