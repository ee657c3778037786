"""Floors: what the machine a benchmark runs on can do at best, measured in the same run.

Machines of one kind differ in speed by up to 2x, and a shared one is slower while
others work on it. So each latency or throughput figure of the benchmarks is printed
beside a floor taken in the same run, on the same machine, and its target is a ratio
to that floor:

* **first screen** (``bench/ingest.py``; ``bench/reliability.py`` can use
  :func:`bare_first_screen` too): a bare Textual app that shows one line of text,
  started the same way (``python -c``) in the same kind of pty. The reader's median
  is at most :data:`FIRST_SCREEN_RATIO` times the bare app's.
* **key to screen** (``bench/search_keys.py``, :func:`bare_key_echo`): a bare
  Textual app with one Input, typed the same keys through the same wrapper, at the
  frame rate the reader runs at: from a key written to the first frame after the
  Input's value changed. The reader's p95 is at most :data:`KEY_RATIO` times the
  Input's p95. A second floor is printed beside it, with no target
  (:func:`bare_list_keys`): the same keys typed into a bare Input above a Static
  that takes other titles of the archive with each key, what Textual takes to draw
  a list that changes with every key when nothing is searched.
* **import rate** (``bench/ingest.py``, :func:`parse_corpus` and
  :func:`fts5_insert_seconds`): the same articles, parsed first (outside the
  timing) with ``reader.parse``, inserted into a plain table and an FTS5 index over
  title, dek, body and author in batches of the import's size, in one process. The
  import's rate is at least :data:`IMPORT_RATIO` times this one's.
* **search** (``bench/search.py``, :func:`time_fts5_search`): bare FTS5
  ``MATCH … ORDER BY rank LIMIT 20`` on the archive's own ``articles_fts``, with
  the plain words of each query, each quoted. The search's p95 is at most
  :data:`SEARCH_P95_RATIO` times the floor's, its median at most
  :data:`SEARCH_MEDIAN_RATIO` times.
"""

from __future__ import annotations

import compileall
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for _path in (str(ROOT), str(BENCH)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

PYTHON = sys.executable

# The targets, as ratios to the floors.
FIRST_SCREEN_RATIO = 1.6  # at most
KEY_RATIO = 3.0  # at most, p95
IMPORT_RATIO = 0.7  # at least
SEARCH_P95_RATIO = 1.0  # at most
SEARCH_MEDIAN_RATIO = 5.0  # at most

SEARCH_FLOOR_LIMIT = 20


def compile_reader() -> None:
    """Writes the reader's bytecode, as an install does, before a bench spawns ``reader``.

    pip and pipx compile every module they install, and so the bare app's Textual is
    compiled. A checkout run with ``PYTHONDONTWRITEBYTECODE`` (set on some machines)
    has no bytecode for ``reader/``: every ``reader`` a bench started compiled its
    modules again, 90 ms of each start (``python -m cProfile`` on an all-304 refresh).
    """
    compileall.compile_dir(ROOT / "reader", quiet=1)


def judge(figure: float, floor: float, target: float, *, at_most: bool = True) -> tuple[bool, str]:
    """Whether ``figure / floor`` meets ``target``, and ``1.23x [<= 1.6x: ok]`` saying so."""
    # Judged as printed: a ratio shown as 3.00x meets a target of 3x.
    ratio = round(figure / floor, 2) if floor > 0 else float("inf")
    ok = ratio <= target if at_most else ratio >= target
    sign = "<=" if at_most else ">="
    return ok, f"{ratio:.2f}x   [target {sign} {target:g}x: {'ok' if ok else 'MISSED'}]"


# -- a bare Textual app's first screen ------------------------------------------------------

BARE_WORD = "Quokkabench"
BARE_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("{BARE_WORD}")


Bare().run()
"""


def bare_app_argv() -> list[str]:
    """The bare app, started as the reader is: a fresh interpreter."""
    return [PYTHON, "-c", BARE_APP]


def bare_first_screen(size: tuple[int, int]) -> float:
    """Seconds from spawning the bare app in a pty of ``size`` to its word on screen."""
    from ingest import time_first_screen  # bench/ingest.py, which imports this module

    return time_first_screen(bare_app_argv(), BARE_WORD, size)


# -- a bare Textual Input's key echo ---------------------------------------------------------


def bare_key_echo(
    queries: list[str], size: tuple[int, int], gap: float, work: Path
) -> tuple[list[float], int]:
    """Each key's seconds from written to the first frame showing it in a lone Input, and
    the keys never shown: the same keys and pauses as ``bench/search_keys.py`` types."""
    from search_keys import type_queries  # bench/search_keys.py, which imports this module

    latencies, missed, _ = type_queries(None, queries, size, gap, work)
    return latencies, missed


def bare_list_keys(
    queries: list[str], size: tuple[int, int], gap: float, work: Path, archive: Path
) -> tuple[list[float], int]:
    """The same keys typed into a bare Input above a Static of the archive's titles that
    takes other titles with each key (no search): each key's seconds to the first frame
    after the Static took them, and the keys never shown."""
    from search_keys import type_keys  # bench/search_keys.py, which imports this module

    typed = type_keys(None, queries, size, gap, work, titles=archive)
    return typed.latencies, typed.missed


# -- a bulk insert into a bare FTS5 table ----------------------------------------------------

FloorRow = tuple[str, str | None, str, str | None]  # title, dek, body, author


def _parse_one(path: str) -> FloorRow | None:
    from reader.errors import ParseError
    from reader.ingest import decode
    from reader.parse import parse_article

    try:
        text, _ = decode(Path(path).read_bytes())
        article = parse_article(text, filename=Path(path).name)
    except (OSError, ParseError):
        return None
    return article.title, article.dek, article.body, article.author


def parse_corpus(root: Path, jobs: int | None = None) -> list[FloorRow]:
    """Every article file under ``root`` read and parsed as the import does (on all
    cores; not timed)."""
    from reader.ingest import find_files

    found, _ = find_files([root])  # the files the import reads, found as it finds them
    paths = [str(cand.path) for cand in found]
    with ProcessPoolExecutor(jobs or os.cpu_count()) as pool:
        parsed = pool.map(_parse_one, paths, chunksize=256)
        return [row for row in parsed if row is not None]


FLOOR_SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE articles (num INTEGER PRIMARY KEY, title TEXT, dek TEXT, body TEXT, author TEXT);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, dek, body, author, content='articles', content_rowid='num',
    tokenize='unicode61 remove_diacritics 2'
);
"""


def fts5_insert_seconds(
    rows: Sequence[FloorRow], db: Path, batch_size: int, *, keep: bool = False
) -> float:
    """Seconds to insert ``rows`` into a fresh plain table and its FTS5 index (the
    archive's tokenizer), one transaction per batch of ``batch_size``, with the
    archive's journal settings; ``db`` is removed afterwards unless ``keep``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.executescript(FLOOR_SCHEMA)
        started = time.perf_counter()
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO articles (num, title, dek, body, author) VALUES (?, ?, ?, ?, ?)",
                ((start + i + 1, *row) for i, row in enumerate(batch)),
            )
            # As the import does: the batch's new rows go into the index in one statement.
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, dek, body, author) "
                "SELECT num, title, dek, body, author FROM articles WHERE num > ?",
                (start,),
            )
            conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm") if not keep else ():
            Path(f"{db}{suffix}").unlink(missing_ok=True)


# -- bare FTS5 search ------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
#: The name of a filter of the query language (``author:``, ``person:``): not a word.
_FIELD = re.compile(r"\b\w+:")
#: An excluded word (``-word``): not looked for.
_EXCLUDED = re.compile(r"(?:^|\s)-\S+")


def fts5_query(text: str) -> str | None:
    """The plain words of a query as an FTS5 query: each quoted, all required (a
    filter's value counts, ``person:"Kim Lee"`` gives "Kim" "Lee"; its name and the
    excluded words do not). None if no word is left."""
    words = _WORD.findall(_EXCLUDED.sub(" ", _FIELD.sub(" ", text)))
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def time_fts5_search(
    db: Path, texts: Iterable[str], limit: int = SEARCH_FLOOR_LIMIT, passes: int = 2
) -> list[float]:
    """Milliseconds of bare ``MATCH … ORDER BY rank LIMIT``, one per query with words, in
    the last of ``passes`` passes (the earlier ones warm the page cache)."""
    return fts5_search_floor(db, texts, limit, passes)[0]


def fts5_search_floor(
    db: Path, texts: Iterable[str], limit: int = SEARCH_FLOOR_LIMIT, passes: int = 2
) -> tuple[list[float], list[bool]]:
    """:func:`time_fts5_search`'s milliseconds, and for each of those queries whether bare
    FTS5 found any article for its plain words (the last pass's rows)."""
    queries = [q for q in map(fts5_query, texts) if q is not None]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
    try:
        timings: list[float] = []
        found: list[bool] = []
        for _ in range(passes):
            timings, found = [], []
            for query in queries:
                t0 = time.perf_counter()
                rows = conn.execute(sql, (query, limit)).fetchall()
                timings.append((time.perf_counter() - t0) * 1000)
                found.append(bool(rows))
        return timings, found
    finally:
        conn.close()


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``"80x24,160x48"`` as ``[(80, 24), (160, 48)]``; ValueError if it is not that."""
    sizes = []
    for part in text.split(","):
        width, height = part.strip().lower().split("x")
        sizes.append((int(width), int(height)))
    if not sizes or min(min(size) for size in sizes) < 1:
        raise ValueError(text)
    return sizes
