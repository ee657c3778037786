"""No input crashes the reader: the hostile corpus (tests/hostile.py) through the real
``reader ingest`` command, then through the app with Pilot at 80x24 and 160x48."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import settle
from hostile import DANGEROUS, MARKUP_TITLE, HostileFile, ingest_command, write_corpus
from rich.cells import cell_len, get_character_cell_size

from reader.app import make_app
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_text import ArticleText
from reader.app.widgets.list_paint import READ_MARK, UNREAD_MARK
from reader.app.widgets.reading_pane import ReadingPane
from reader.clean import clean_path
from reader.core import Store
from reader.parse import MAX_FIELD_CHARS
from reader.types import ArticleRow

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Imported:
    """The corpus after one ``reader --db DB ingest FOLDER``."""

    db: Path
    folder: Path
    expected: list[HostileFile]
    code: int
    stdout: str
    stderr: str

    def shown_path(self, item: HostileFile) -> str:
        return clean_path(self.folder / item.name)

    @property
    def imported(self) -> list[HostileFile]:
        return [item for item in self.expected if item.imported]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    root = tmp_path_factory.mktemp("hostile").resolve()
    folder = root / "corpus"
    expected = write_corpus(folder)
    db = root / "news.db"
    run = subprocess.run(ingest_command(db, folder), capture_output=True, timeout=300)
    # Strict decoding: a path's stray bytes printed raw would fail here.
    return Imported(db, folder, expected, run.returncode, run.stdout.decode(), run.stderr.decode())


def unsafe(text: str) -> set[str]:
    return DANGEROUS & set(text)


# An emoji sequence: pictographs joined by ZWJ, with skin tones and VS16, or a
# character in emoji presentation (VS16, maybe a keycap). Terminals differ on how
# wide these are; Rich takes them as two cells (or one), which is as good as any.
_PICTO = "\u2600-\u27bf\U0001f000-\U0001faff"
EMOJI_SEQUENCE = re.compile(
    f"[{_PICTO}][\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d[{_PICTO}][\ufe0f\U0001f3fb-\U0001f3ff]*)+"
    "|.\ufe0f\u20e3?"
)


def measured_like_a_terminal(line: str) -> bool:
    """Does Rich measure ``line`` as a terminal lays it out, one character after another?

    Emoji sequences aside, a terminal gives each character its own width (a zero-width
    joiner joins nothing outside emoji); Rich's whole-line measure must agree, or the
    screen it lays out is not the one the terminal shows.
    """
    rest = EMOJI_SEQUENCE.sub("", line)
    return cell_len(rest) == sum(get_character_cell_size(char) for char in rest)


# -- the import -----------------------------------------------------------------------------


def test_import_reports_each_bad_file_on_one_line_and_goes_on(imported: Imported) -> None:
    skipped = [item for item in imported.expected if not item.imported]
    noted = [item for item in imported.expected if item.note]
    assert imported.code == 1, imported.stderr
    assert imported.stdout.splitlines() == [
        f"{len(imported.imported)} added, 0 updated, 0 unchanged, {len(skipped)} skipped"
    ]
    lines = imported.stderr.splitlines()
    assert not unsafe(imported.stderr), "escapes or controls printed to the terminal"
    assert len(lines) == len(skipped) + len(noted), imported.stderr
    for item in skipped:
        start = f"skipped: {imported.shown_path(item)}: "
        (line,) = [line for line in lines if line.startswith(start)]
        assert item.skipped in line[len(start) :], (item.what, line)
    for item in noted:
        start = f"note: {imported.shown_path(item)}: "
        (line,) = [line for line in lines if line.startswith(start)]
        assert item.note in line[len(start) :], (item.what, line)


def test_the_removed_file_is_reported_and_the_rest_went_in(imported: Imported) -> None:
    """The file deleted between finding and reading is the only one of its kind."""
    assert "vanished during import" in imported.stderr
    assert not (imported.folder / "vanishes.txt").exists()
    with Store.open(imported.db) as store:
        assert store.count() == len(imported.imported) > 15


def test_stored_text_holds_nothing_dangerous_and_markup_stays_literal(imported) -> None:
    with Store.open(imported.db) as store:
        by_path = {s.path: s for s in store.page(0, store.count())}
        assert len(by_path) == len(imported.imported)
        for item in imported.imported:
            article = store.article(by_path[imported.shown_path(item)].id)
            for field in ArticleRow._fields:  # every stored text, path and source
                value = getattr(article, field, None)
                if isinstance(value, str):
                    assert not unsafe(value), (item.what, field, unsafe(value))
            assert 0 < len(article.title) <= MAX_FIELD_CHARS, item.what
            if item.title is not None:
                assert article.title == item.title, item.what
            text = f"{article.dek or ''}\n\n{article.body}"
            for piece in item.text_has:
                assert piece in text, (item.what, piece)
            assert len(article.body) >= item.body_chars, item.what
            if item.name == "markup.txt":
                assert (article.label, article.author) == (
                    "[@click=app.quit]Hot[/]",
                    "[red]Mallory[/red]",
                )


# -- the app ---------------------------------------------------------------------------------


async def wait_for_article(pilot, pane: ReadingPane, article_id: str) -> None:
    for _ in range(500):
        if pane.article is not None and pane.article.id == article_id:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"article {article_id} never reached the reading pane")


def check_list_rows(listing: ArticleList) -> None:
    """Every row of the list is exactly its width in cells, whatever the titles hold."""
    width = listing.scrollable_content_region.width
    for y in range(listing.size.height):
        strip = listing.render_line(y)
        assert strip.cell_length == width, (y, strip.text)
        assert cell_len(strip.text) == width, (y, strip.text)
        assert measured_like_a_terminal(strip.text), (y, strip.text)
        assert not unsafe(strip.text)
        assert all(not seg.style or not seg.style.link for seg in strip)


def joiners_alike(text: str) -> str:
    """``text`` with zero-width joiners as word joiners: the screen may show either."""
    return text.replace("\u200d", "\u2060")


def check_title_row(listing: ArticleList, title: str) -> None:
    """The cursor's row shows the start of the title, cut with "…" if need be."""
    y = listing.cursor * listing.row_height - int(listing.scroll_offset.y)
    line = listing.render_line(y).text
    assert line.startswith((UNREAD_MARK, READ_MARK)), line
    shown = line[len(UNREAD_MARK) :].strip()
    assert shown, "the title row is empty"
    start, title = joiners_alike(shown.removesuffix("…").rstrip()), joiners_alike(title)
    assert title.startswith(start), (title, shown)
    assert shown.endswith("…") or start == title, (title, shown)


def check_screen(app, width: int) -> str:
    """The whole screen: width-sized lines, no escapes, links or click actions."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        assert strip.cell_length == width
        assert measured_like_a_terminal(strip.text), strip.text
        assert not unsafe(strip.text), unsafe(strip.text)
        for seg in strip:
            if seg.style:
                assert not seg.style.link
                assert "@click" not in (seg.style.meta or {}), seg
    return "\n".join(strip.text for strip in strips)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_the_app_opens_every_article_without_harm(imported: Imported, size) -> None:
    with Store.open(imported.db) as store:
        app = make_app(store)
        bells: list[str] = []
        app.action_bell = lambda: bells.append("bell")  # a markup action would ring it
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            pane = app.screen.query_one(ReadingPane)
            assert listing.total == len(imported.imported)
            seen = set()
            for index in range(listing.total):
                assert listing.cursor == index and app.focused is listing
                summary = listing.current
                check_list_rows(listing)
                check_title_row(listing, summary.title)
                check_screen(app, size[0])
                await pilot.press("enter")
                await wait_for_article(pilot, pane, summary.id)
                screen = check_screen(app, size[0])
                text = pane.article_text
                title, dek = text.index_of("title"), text.index_of("dek")
                assert joiners_alike(text.blocks[title].text) == joiners_alike(summary.title)
                if summary.title == MARKUP_TITLE:
                    # Were the markup read, "Quit" would stand at the start of the title
                    # and a click there would quit; "click me" likewise in the standfirst.
                    assert MARKUP_TITLE[:20] in screen
                    await pilot.click(ArticleText, offset=(1, text.row_of(title)))
                    await pilot.click(ArticleText, offset=(6, text.row_of(dek)))
                    await pilot.pause()
                seen.add(summary.id)
                await pilot.press("escape", "j")
            assert len(seen) == listing.total
            assert app.is_running and app.return_code is None
            assert bells == []
