"""What Rich measures is what a terminal draws: every row of the screen keeps its width.

A terminal moves its cursor by the width glibc's ``wcwidth`` gives (tmux does too); Textual
lays the screen out by Rich's measure. Where the two differ for a character that reaches
the screen, the rest of its row is drawn out of place, and so are the separators of the
rows that scroll through after it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import locale

import pytest
from conftest import article_row, settle, write_articles
from rich.cells import cell_len
from test_clean import INVISIBLE

from reader.app import make_app
from reader.clean import clean_text
from reader.core import Store


@pytest.fixture
def wcwidth():  # type: ignore[no-untyped-def]
    """glibc's ``wcwidth`` in a UTF-8 locale; skipped without one."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        pytest.skip("no C library to ask")
    libc = ctypes.CDLL(libc_name)
    libc.wcwidth.argtypes = [ctypes.c_wchar]
    before = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pytest.skip("no UTF-8 locale")
    yield libc.wcwidth
    locale.setlocale(locale.LC_CTYPE, before)


def test_the_invisible_characters_removed_are_those_rich_and_terminals_measure_apart(
    wcwidth,
) -> None:
    """Cleaning drops the Hangul fillers and noncharacters because Rich measures them
    otherwise than terminals do; the conjoining fillers U+115F and U+1160, measured alike
    and part of Hangul syllables, are kept."""
    for char in INVISIBLE:
        assert cell_len(char) != max(wcwidth(char), 0)
        assert clean_text(char) == ""
    for char in "\u115f\u1160":
        assert cell_len(char) == wcwidth(char)
    assert clean_text("\u115f\u1161 \u1100\u1160") == "\u115f\u1161 \u1100\u1160"


@pytest.mark.parametrize("size", [(80, 24), (120, 24)])
async def test_rows_of_invisible_characters_keep_the_screen_in_line(
    store: Store, wcwidth, size: tuple[int, int]
) -> None:
    """Titles of Hangul fillers and noncharacters: every line of the screen is as wide for
    the terminal as for Rich, and the separator beside the list (on a wide screen) stays
    in one column."""
    fillers = "\u3164\u3164\u3164"
    write_articles(
        store,
        [
            article_row("a1", fillers, "Body.", date="2022-01-03"),
            article_row("a2", f"Half{INVISIBLE}width", "Body.", date="2022-01-02"),
            article_row("a3", "Plain title", f"Body {fillers}.", date="2022-01-01"),
        ],
    )
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in ("j", "j", "k", "k"):  # rows redrawn as the cursor goes through them
            await pilot.press(key)
            await settle(pilot)
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            assert not any(c in line for line in lines for c in INVISIBLE)
            for line in lines:
                assert drawn(line, wcwidth) == cell_len(line) == size[0], repr(line)
            separators = {drawn(line[: line.index("▕")], wcwidth) for line in lines if "▕" in line}
            assert len(separators) <= 1 and (size[0] < 100 or separators)


def drawn(line: str, wcwidth) -> int:  # type: ignore[no-untyped-def]
    """The cells a terminal gives ``line``."""
    return sum(max(wcwidth(c), 0) for c in line)
