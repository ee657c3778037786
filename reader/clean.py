"""Cleaning untrusted article text before anything else looks at it.

This module owns the rule "what characters may reach the rest of the reader".
Article files come from anywhere, so before parsing:

* terminal escape sequences (ECMA-48) are removed whole: CSI (``ESC [`` …
  final byte), OSC (``ESC ]`` … BEL or ST, e.g. OSC 8 hyperlinks and OSC 52
  clipboard writes; an unterminated OSC runs to the end of its line), the
  DCS/SOS/PM/APC strings (``ESC P``/``X``/``^``/``_`` … ST), two-character and
  nF ``ESC`` sequences, and their 8-bit C1 forms (U+009B CSI, U+009D OSC, …);
  then any ESC left alone;
* C0 controls other than newline are removed (a tab becomes a space), and so
  are DEL and the C1 controls U+0080–U+009F;
* the bidi embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069),
  the marks U+200E, U+200F, U+061C and U+FEFF (BOM) are removed; U+2028 and
  U+2029 become newlines;
* the Hangul fillers U+3164 and U+FFA0 and the 66 noncharacters (U+FDD0–U+FDEF
  and the last two code points of every plane, U+FFFE, U+FFFF …) are removed:
  they show nothing and carry nothing, and Rich measures them otherwise than
  terminals do (a filler 0 cells where a terminal draws 2 or 1, a noncharacter
  1 where it draws none), which would push a row of the screen out of line;
* line endings become ``\\n`` and the text is NFC-normalised.

Everything else is kept as it is: typographic punctuation, non-breaking spaces,
emoji with their zero-width joiners (U+200D), CJK, combining marks,
right-to-left letters and text that merely looks like markup (``[bold]``,
``[@click=app.quit]``): making markup harmless is the renderer's job.

``clean_text`` is idempotent and its output never holds ESC, a C0 control other
than ``\\n``, a C1 control, one of the bidi controls or invisible characters above.
``clean_line`` is for one-line fields (title, author …): it also folds every
run of whitespace, newlines included, into one space and strips the ends; a run
made only of non-breaking spaces (U+00A0, U+2007, U+202F) is left as it is.

``clean_path`` is for showing a file's path (in a one-line error, a stored
``path``): nothing is removed, since the user must be able to find the file, but
every character ``clean_text`` would drop, and tab, newline and U+2028/U+2029, is
written as a Python escape (``\\x1b``, ``\\n``, ``\\u202e``), and bytes that are not
UTF-8 as ``\\xNN``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache

__all__ = ["clean_line", "clean_path", "clean_text", "escape_json_controls"]

# Pieces of the one removal pattern. Order matters: whole sequences are tried
# before the single characters that introduce them.
_ST = r"(?:\x1b\\|\x9c)"  # String Terminator, 7-bit or 8-bit
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
# OSC ends at BEL or ST; unterminated, it stops before a line break or an ESC
# (which then gets removed as what it starts).
_OSC = rf"(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n\r]*(?:\x07|{_ST})?"
# DCS, SOS, PM, APC: ended by ST only; unterminated, same as OSC.
_STRING = rf"(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n\r]*{_ST}?"
# Two-character escapes (ESC Fe/Fp/Fs) and nF escapes such as ESC ( B.
_ESC_OTHER = r"\x1b[ -/]*[0-~]"
# Noncharacters: U+FDD0–U+FDEF and U+xFFFE, U+xFFFF in each of the 17 planes.
_BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}-{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
)
# Single characters to drop: C0 except \t \n \r (handled below), lone ESC,
# DEL, C1, bidi controls and marks, BOM; the Hangul fillers and noncharacters.
_BMP_CONTROL_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\u3164\uffa0" + _BMP_NONCHARACTERS
)
_CONTROL_CHARS = _BMP_CONTROL_CHARS + _ASTRAL_NONCHARACTERS
_CONTROLS = f"[{_CONTROL_CHARS}]"

# Any character that could start a removal; searching for it alone is several
# times faster than running the full pattern, and most articles have none. Both keep
# to the BMP: a character class with ranges beyond it is searched ten times slower,
# and every article with an emoji would pay for it. The noncharacters beyond the BMP
# are looked for apart, in the UTF-8 bytes, where they have one shape.
_SUSPECT = re.compile(f"[{_BMP_CONTROL_CHARS}]")


# The lookahead lets the regex engine skip ahead to a suspect character instead
# of trying every alternative at every position.
# The patterns below are compiled on first use (a millisecond or two of the app's start,
# which seldom needs them).
@cache
def _remove() -> re.Pattern[str]:
    return re.compile(
        f"(?=[{_BMP_CONTROL_CHARS}])(?:{_CSI}|{_OSC}|{_STRING}|{_ESC_OTHER}|[{_BMP_CONTROL_CHARS}])"
    )


# U+xFFFE and U+xFFFF of planes 1 to 16 in UTF-8: F0-F4, then 8F/9F/AF/BF, BF, BE/BF.
_ASTRAL_NONCHARACTER_UTF8 = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")


@cache
def _astral_remove() -> re.Pattern[str]:
    return re.compile(f"[{_ASTRAL_NONCHARACTERS}]")


# Whitespace folding for one-line fields: every run of whitespace becomes one
# space, except a run made only of non-breaking spaces.
_LINE_SPACE = re.compile(r"\s{2,}|[^\S ]")
_NO_BREAK = "\xa0\u2007\u202f"


def _fold_space(m: re.Match[str]) -> str:
    run = m.group()
    return run if not run.strip(_NO_BREAK) else " "


def clean_text(s: str) -> str:
    """Return ``s`` with escapes and unsafe controls removed (see module doc)."""
    if _SUSPECT.search(s):
        s = _remove().sub("", s)
    if not s.isascii() and _ASTRAL_NONCHARACTER_UTF8.search(s.encode("utf-8", "surrogatepass")):
        s = _astral_remove().sub("", s)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in s:
        s = s.replace("\t", " ")
    if "\u2028" in s:
        s = s.replace("\u2028", "\n")
    if "\u2029" in s:
        s = s.replace("\u2029", "\n")
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


# What a shown path may not hold as it is: every control above, and line breaks.
_PATH_UNSAFE = re.compile(f"[{_CONTROL_CHARS}\t\n\r\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape").decode("ascii")


def clean_path(path: str | os.PathLike[str]) -> str:
    """``path`` as one printable line, with unsafe characters escaped (see module doc)."""
    try:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file name holds (JSON's "\ud800")
        text = os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8")
    return _PATH_UNSAFE.sub(_escape, text)


# What JSON writes as a \uXXXX escape for a terminal's sake: the characters clean_text drops,
# the line and paragraph separators, and lone surrogates (JSON itself escapes only C0).
@cache
def _json_unsafe() -> re.Pattern[str]:
    return re.compile(f"[{_CONTROL_CHARS}\u2028\u2029\ud800-\udfff]")


def escape_json_controls(json_text: str) -> str:
    """``json_text`` (as ``json.dumps`` writes it, with ``ensure_ascii=False``) with every
    character above written as a ``\\uXXXX`` escape: it reads back the same, and no
    control reaches a terminal. Outside strings JSON holds none of them."""
    return _json_unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def clean_line(s: str) -> str:
    """Clean ``s`` for a one-line field: ``clean_text`` plus whitespace folding."""
    return _LINE_SPACE.sub(_fold_space, clean_text(s)).strip()
