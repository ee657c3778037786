"""Tests for reader.clean: escapes and unsafe controls go, everything else stays."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.clean import clean_line, clean_path, clean_text

ESC = "\x1b"
# What clean_text output may never hold: ESC, C0 except \n, DEL, C1, bidi
# controls and marks, BOM, the Unicode line/paragraph separators, the Hangul
# fillers and the noncharacters.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029"
    "\u3164\uffa0\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)
# Invisible characters Rich measures otherwise than terminals do (a filler: 0 cells,
# drawn 2 or 1; a noncharacter: 1, drawn 0).
INVISIBLE = "\u3164\uffa0\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"

# Text built from the pieces most likely to break a cleaner: escape
# introducers, terminators, controls, bidi marks, combining marks, CRs.
NASTY = st.lists(
    st.sampled_from(
        [
            ESC, "[", "]", "\\", "P", "X", "^", "_", "(", "B", "0", "3", "1", "m", ";",
            "8", "\x07", "\x9b", "\x9c", "\x9d", "\x90", "\x98", "\x9e", "\x9f", "\x85",
            "\x00", "\x7f", "\t", "\r", "\n", " ", "\xa0", "\u202e", "\u2066", "\u200e",
            "\u200d", "\ufeff", "\u2028", "\u2029", "e", "\u0301", "\u0327", "c", "ſ",
            "界", "👍", "a", "\u3164", "\uffa0", "\ufffe", "\uffff",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip
ANY_TEXT = st.one_of(st.text(), NASTY)


# --- escape sequences -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[1;38;5;196mbold\x1b[m", "bold"),
        ("a\x1b[2Jb\x1b[?25lc", "abc"),
        ("\x9b31mred\x9b0m", "red"),  # 8-bit CSI
    ],
)
def test_csi_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b]8;;http://x\x07link\x1b]8;;\x07", "link"),  # OSC 8, BEL
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8, ST
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52 clipboard write
        ("\x1b]0;title\x1b\\text", "text"),
        ("\x9d0;title\x9ctext", "text"),  # 8-bit OSC and ST
        ("keep\x1b]0;never ends\nnext line", "keep\nnext line"),  # unterminated
        ("x\x1b]0;to the end", "x"),
    ],
)
def test_osc_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1bXsos\x1b\\b", "ab"),  # SOS
        ("a\x1b^pm\x1b\\b", "ab"),  # PM
        ("a\x1b_apc\x1b\\b", "ab"),  # APC
        ("a\x90dcs\x9cb", "ab"),  # 8-bit DCS
        ("a\x9fapc\x9cb", "ab"),  # 8-bit APC
    ],
)
def test_string_sequences_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1bcb", "ab"),  # RIS: reset terminal
        ("a\x1b7b\x1b8c", "abc"),  # save/restore cursor
        ("a\x1b(Bb", "ab"),  # nF: designate charset
        ("a\x1b", "a"),  # lone ESC at the end
        ("a\x1b\x1b[31mb", "ab"),
        ("a\x1b\u00e9b", "a\u00e9b"),  # ESC before a non-ASCII letter: only ESC goes
    ],
)
def test_other_escapes_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


# --- control characters -----------------------------------------------------


def test_c0_controls_removed_but_newline_kept() -> None:
    raw = "".join(chr(c) for c in range(0x20)) + "x"
    assert clean_text(raw) == " \n\nx"  # \t -> space, \n kept, lone \r -> \n
    assert clean_text("a\x00b\x07c\x08d") == "abcd"


def test_tab_becomes_space() -> None:
    assert clean_text("a\tb") == "a b"


# The C1 controls that do not open a sequence (those are tested above).
C1_SINGLES = [chr(c) for c in range(0x80, 0xA0) if c not in (0x90, 0x98, 0x9B, 0x9D, 0x9E, 0x9F)]


def test_del_and_c1_removed() -> None:
    assert clean_text("a\x7fb" + "".join(C1_SINGLES) + "c") == "abc"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\r\nb", "a\n\nb"), ("a\u2028b\u2029c", "a\nb\nc")],
)
def test_line_endings(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "char",
    list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff"),
)
def test_bidi_controls_and_bom_removed(char: str) -> None:
    assert clean_text(f"{char}abc{char}def") == "abcdef"


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_hangul_fillers_and_noncharacters_removed(char: str) -> None:
    assert clean_text(f"{char}{char}abc{char}def") == "abcdef"
    assert clean_line(f"{char}{char}{char}") == ""  # a title of fillers is no title


# --- what is kept ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It’s “quoted” – and — dashed…",
        "Pete\xa0Davidson, TMZ.\xa0“Y’all",
        "family: 👨\u200d👩\u200d👧 and 👍🏽",
        "中文字符 and かな and 한국어",
        "עברית ועוד and العربية",
        "[bold]not markup[/bold] [@click=app.quit] [link=http://x]y[/link]",
        "line one\n\nline two\n",
    ],
)
def test_ordinary_text_kept(text: str) -> None:
    assert clean_text(text) == text


def test_nfc_normalised() -> None:
    assert clean_text("cafe\u0301") == "caf\u00e9"
    assert clean_text("a\u202e\u0301") == "\u00e1"  # normalised after removal


def test_clean_line_folds_whitespace() -> None:
    assert clean_line("  Kim \t Kardashian\r\n says\u2028hi  ") == "Kim Kardashian says hi"
    assert clean_line("Pete\xa0Davidson") == "Pete\xa0Davidson"
    assert clean_line("\x1b[1mTitle\x1b[0m\n") == "Title"


# --- paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("/news/story.txt", "/news/story.txt"),
        ("/news/été 東京.md", "/news/été 東京.md"),
        ("/news/a\x1b]52;c;aGk=\x07b.txt", "/news/a\\x1b]52;c;aGk=\\x07b.txt"),
        ("/news/line\nbreak\r.txt", "/news/line\\nbreak\\r.txt"),
        ("/news/\u202egnp.txt", "/news/\\u202egnp.txt"),
        ("/news/\x9b2J\t.txt", "/news/\\x9b2J\\t.txt"),
        (os.fsdecode(b"/news/caf\xe9.txt"), "/news/caf\\xe9.txt"),  # not UTF-8
    ],
)
def test_a_path_is_shown_with_its_unsafe_characters_escaped(raw: str, shown: str) -> None:
    assert clean_path(raw) == shown
    assert clean_path(Path(raw)) == shown
    shown.encode("utf-8")  # printable to any UTF-8 terminal


# --- properties --------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_text_is_idempotent(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_text_output_is_safe(s: str) -> None:
    out = clean_text(s)
    assert ESC not in out
    assert not FORBIDDEN.search(out)
    assert unicodedata.is_normalized("NFC", out)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_line_is_one_safe_line(s: str) -> None:
    out = clean_line(s)
    assert "\n" not in out
    assert not FORBIDDEN.search(out)
    assert out == out.strip()
    assert clean_line(out) == out


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            min_codepoint=0x20,
            exclude_categories=("Cc", "Cf", "Cs", "Cn"),
            exclude_characters=INVISIBLE,
        )
    )
)
def test_printable_text_only_normalised(s: str) -> None:
    """Text without controls, format characters, noncharacters or Hangul fillers is only
    NFC-normalised."""
    assert clean_text(s) == unicodedata.normalize("NFC", s).replace("\u2028", "\n").replace(
        "\u2029", "\n"
    )


def test_every_noncharacter_goes_and_its_neighbours_and_emoji_stay() -> None:
    noncharacters = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
        chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
    ]
    assert len(noncharacters) == 66
    for char in noncharacters:
        assert clean_text(f"a🎉{char}\x1b[31mb") == "a🎉b", hex(ord(char))
    kept = "\U0001fffd\U0010fffd\ufffd\U0001f389\U000e0001"  # the code points just below, emoji
    assert clean_text(kept) == kept
