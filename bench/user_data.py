"""Hostile user data and odd faults, tried through the real ``reader`` command.

Used by ``bench/reliability.py`` (promises 1 and 4); each function builds its own data
in the folder it is given and returns what it found, for the report to judge:

* :func:`notes_and_arguments`: a note of escape sequences, and a person renamed to one,
  read back through every output of the CLI; notes files that are wrong, deep, huge or
  hostile for ``import-notes``; command-line text that is not UTF-8; exports to paths
  that cannot be written. Each must be taken or refused in one line, with no traceback,
  no control character printed, and nothing written by a refused file.
* :func:`long_inputs`: the inputs that once took minutes: 5 MB files of the parser's worst
  shapes (``bench/parse_shapes.py``), a 10,000-letter query over a 200,000-letter word, a
  4,000-word quote placed in a 200,000-word article, and a 33 KB word that once broke
  every later import of its database.
* :func:`odd_databases`: a 1-byte file, ``/dev/null``, a path under a file, and a
  database deleted while a copy of the reader has it open.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path[:0] = [str(BENCH), str(PROJECT / "tests")]

import parse_shapes  # noqa: E402  (bench/parse_shapes.py)
from hostile import DANGEROUS  # noqa: E402  (tests/hostile.py)

from reader.core import Store  # noqa: E402
from reader.errors import StoreError  # noqa: E402

PYTHON = sys.executable
SEEDS = PROJECT / "seeds"
#: A note that tries everything on a terminal: its title, the screen, the clipboard.
HOSTILE_NOTE = (
    "esc \x1b]0;PWNED\x07 title \x1b[2J clear \x1b]52;c;ZWNobyBoaQ==\x07 clip "
    "\x9b31m c1red \u202e bidi [@click=app.quit]"
)
NOT_UTF8 = os.fsdecode(b"\xff")  # what Python makes of such an argument


def reader(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=PROJECT,
        timeout=300,
    )


def seeded(folder: Path) -> tuple[Path, str]:
    """A database of the seeds in ``folder``, and the id of one of its articles."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "news.db"
    reader(db, "ingest", str(SEEDS))
    with Store.open(db) as store:
        return db, store.page(0, 1)[0].id


def user_tables(db: Path) -> str:
    """A hash of the notes and bookmarks: a refused file must leave it as it was."""
    with sqlite3.connect(db) as conn:
        rows = [
            conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("notes", "bookmarks")
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@dataclass
class Tried:
    """Inputs tried, and those handled as expected; what went wrong, at most a few."""

    tried: int = 0
    right: int = 0
    leaks: int = 0  # outputs that held a control character
    tracebacks: int = 0
    wrong: list[str] = field(default_factory=list)

    def check(self, what: str, done: subprocess.CompletedProcess[str], expected: bool) -> None:
        self.tried += 1
        text = done.stdout + done.stderr
        leaked = bool(DANGEROUS & set(text))
        crashed = "Traceback" in text
        self.leaks += leaked
        self.tracebacks += crashed
        if expected and not leaked and not crashed:
            self.right += 1
        elif len(self.wrong) < 3:
            self.wrong.append(what)

    @property
    def ok(self) -> bool:
        return self.right == self.tried > 0


def _one_line(done: subprocess.CompletedProcess[str]) -> bool:
    return done.returncode == 2 and done.stderr.count("\n") == 1


def _notes_files(article: str) -> dict[str, bytes]:
    """Files for import-notes: one that must go in (with a byte-order mark), the rest bad."""
    good = {
        "uid": "bench-1",
        "article_id": article,
        "text": HOSTILE_NOTE,
        "quote": None,
        "quote_start": None,
        "quote_end": None,
        "detached": False,
        "created": "2022-01-01T00:00:00+00:00",
        "edited": "2022-01-01T00:00:00+00:00",
    }

    def with_note(**changes: object) -> bytes:
        return json.dumps({"version": 1, "notes": [{**good, **changes}]}).encode()

    return {
        "byte-order mark": b"\xef\xbb\xbf" + with_note(),
        "offset a string": with_note(quote="x", quote_start="abc", quote_end="xyz"),
        "offset a fraction": with_note(quote="x", quote_start=1.5, quote_end=2),
        "offset 10**30": with_note(quote="x", quote_start=10**30, quote_end=10**30),
        "detached 'no'": with_note(detached="no"),
        "version true": json.dumps({"version": True, "notes": [good]}).encode(),
        "text an object": with_note(text={"a": 1}),
        "a 2 MB note": with_note(text="x" * 2_000_000),
        "an escape entry": json.dumps(
            {"version": 1, "notes": ["\x1b]0;PWNED\x07\x1b[2J x"]}
        ).encode(),
        "an escape bookmark": json.dumps(
            {"version": 1, "bookmarks": ["\x1b]52;c;eA==\x07"]}
        ).encode(),
        "100,000 [": b"[" * 100_000,
        "50,000 objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "5,000 digits": b'{"version": ' + b"9" * 5_000 + b"}",
        "not UTF-8": b'{"version": 1, "notes": ["\xff"]}',
        "empty": b"",
    }


def notes_and_arguments(folder: Path) -> Tried:
    """Hostile notes, names, notes files, arguments and export paths (see module doc)."""
    found = Tried()
    db, article = seeded(folder)
    found.check("note add", reader(db, "note", "add", article, HOSTILE_NOTE), True)
    found.check("rename", reader(db, "people", "rename", "Kanye West", "Ye\x9b31m\u202e"), True)
    for argv in (
        ["notes"],
        ["notes", "--json"],
        ["export"],
        ["export", "--format", "json"],
        ["people", "--json"],
        ["people"],
        ["show", article, "--json"],
    ):
        done = reader(db, *argv)
        found.check(" ".join(argv), done, done.returncode == 0)
    for name, data in _notes_files(article).items():
        path = folder / "notes.json"
        path.write_bytes(data)
        before = user_tables(db)
        done = reader(db, "import-notes", str(path))
        if name == "byte-order mark":
            found.check(name, done, done.returncode == 0)
        else:
            found.check(name, done, _one_line(done) and user_tables(db) == before)
    for argv in (
        ["note", "add", article, NOT_UTF8],
        ["note", "add", article, "ok", "--quote", NOT_UTF8],
        ["show", NOT_UTF8],
        ["bookmark", NOT_UTF8],
        ["list", "--person", NOT_UTF8],
        ["people", "rename", "Kanye West", NOT_UTF8],
        ["people", "hide", NOT_UTF8],
    ):
        found.check(" ".join(argv[:2]), reader(db, *argv), True)  # any answer but a traceback
    (folder / "a folder").mkdir(exist_ok=True)
    for target in (folder / "a folder", folder / "missing" / "out.md"):
        done = reader(db, "export", "--output", str(target))
        partial = list(target.parent.glob("*.partial")) if target.parent.exists() else []
        found.check(f"export to {target.name}", done, _one_line(done) and not partial)
    return found


@dataclass
class Timings:
    shapes: dict[str, float]  # parse seconds of each 5 MB shape
    prose: float  # the floor: parse seconds of as much plain prose, in the same run
    query: float  # a 10,000-letter query, the whole command
    quote: float  # a 4,000-word quote placed by `note add`, the whole command
    long_word_ok: bool  # a 33 KB word imported, then the seeds, and typos still found

    @property
    def slowest(self) -> float:
        return max([*self.shapes.values(), self.query, self.quote])


def _timed(db: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = reader(db, *args)
    return time.perf_counter() - started, done


def long_inputs(folder: Path, size: int = parse_shapes.FIVE_MB) -> Timings:
    shapes = {
        name: parse_shapes.best_of(build(size), markdown, 1)
        for name, markdown, build in parse_shapes.SHAPES
    }
    prose = parse_shapes.best_of(parse_shapes.prose(size, 1), False, 1)
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / "files"
    files.mkdir(exist_ok=True)
    (files / "run.txt").write_text("A run of letters\n\n" + "a" * 200_000 + "\n")
    (files / "pairs.txt").write_text("Repetitive\n\n" + "a " * 200_000 + "\n")
    db = folder / "long.db"
    reader(db, "ingest", str(files))
    with Store.open(db) as store:
        ids = {s.title: s.id for s in store.page(0, 10)}
    query, _ = _timed(db, "search", "a" * 10_000)
    quote_text = "a " * 4_000 + "a"
    quote, _ = _timed(db, "note", "add", ids["Repetitive"], "n", "--quote", quote_text)

    wide = folder / "wide"
    wide.mkdir(exist_ok=True)
    (wide / "cjk.txt").write_text("Wide word\n\n" + "東" * 11_000 + "\n")
    cjk_db = folder / "wide.db"
    first = reader(cjk_db, "ingest", str(wide))
    second = reader(cjk_db, "ingest", str(SEEDS))
    typo = reader(cjk_db, "search", "kardashain", "--json")
    found = typo.returncode == 0 and len(json.loads(typo.stdout or "[]")) == 2
    ok = first.returncode == 0 and second.returncode == 0 and found
    return Timings(shapes, prose, query, quote, ok)


def odd_databases(folder: Path) -> tuple[int, int, list[str]]:
    """(tried, right, what went wrong): each refused in one line, nothing overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    tried = right = 0
    wrong: list[str] = []

    def judge(what: str, ok: bool) -> None:
        nonlocal tried, right
        tried += 1
        right += ok
        if not ok:
            wrong.append(what)

    one_byte = folder / "one-byte"
    one_byte.write_bytes(b"x")
    done = reader(one_byte, "list")
    judge("a 1-byte file", _one_line(done) and one_byte.read_bytes() == b"x")
    if os.path.exists("/dev/null"):
        journal = Path("/dev/null-journal")
        existed = journal.exists()
        done = reader(Path("/dev/null"), "list")
        judge("/dev/null", _one_line(done) and journal.exists() == existed)
    under = folder / "a-file"
    under.write_text("not a folder\n")
    done = reader(under / "news.db", "list")
    judge("a path under a file", _one_line(done) and "File exists" not in done.stderr)
    db, article = seeded(folder / "deleted")
    with Store.open(db) as store:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        try:
            store.add_note(article, "written into a deleted file")
            judge("a deleted database", False)
        except StoreError as exc:
            judge("a deleted database", "\n" not in str(exc) and str(db) in str(exc))
    return tried, right, wrong
