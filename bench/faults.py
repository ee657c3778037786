"""Kill ``reader ingest`` at random moments and check that nothing is lost.

:func:`run_kill_loop` is what ``tests/test_faults.py`` runs (and what a report on
reliability can call to print its figures). In a work folder it:

1. writes a corpus with ``bench/corpus.py`` (``files`` articles, in folders of 1,000),
   and for every file a second version: the same text with a paragraph added before
   the last one (so the quotes of notes move and the people change);
2. imports the seeds and two corpus files with the CLI, then adds the user's data
   with it: two bookmarks, two articles read, three notes (two quoting a passage, one
   of them on a corpus article whose passage moves when the file changes), and people
   edits (a rename, a merge, an alias that is looked for in every body, a hidden
   person). A copy of this database is kept;
3. times two complete imports of the whole corpus into copies of it: one adding every
   article, one updating every article. These are the expected durations;
4. runs ``kills`` rounds. Before each, every file whose article is stored as it is on
   disk is switched to its other version, so each round has all the files to write
   again (articles not stored yet are added). Then ``python -m reader --db DB ingest
   CORPUS`` is started and sent SIGKILL at a moment drawn (seeded, stratified over the
   rounds) from 0 to the expected duration (which follows the machine: it shrinks when
   an import ends before its moment, and grows when a kill finds nothing written where
   writing should have begun; see :data:`FIRST_WRITE`); only the importing process is killed,
   its worker processes must go by themselves. After each kill: ``PRAGMA
   integrity_check``, the FTS5 integrity checks of both full-text indexes, the user's
   data (as the user wrote it) unchanged, and no worker process left running. A third
   of the way through one file is deleted (its article stays, as it should), half way
   a new folder appears, two thirds of the way the deleted file comes back changed.
   Every ``complete_every`` kills, a copy of the database is imported to the end:
   it must exit 0 and leave nothing waiting (people to find, words to count);
5. imports to the end (the next import after the last kill), and compares the result
   with a clean import of the same files into the kept copy of step 2: articles (all
   columns but the timestamps and the row number), the full-text index (its
   vocabulary per column and the answers to a few MATCH queries), people and who each
   article mentions, the spelling index, and the user's data.

:func:`import_killed_at` runs an import that sends itself SIGKILL just before its Nth
``COMMIT``, for tests that kill at every transaction of an import.

The moment of each kill is named by what was seen (see :data:`PHASES`): whether the
database was open yet, whether worker processes were running, and how much of the
round's work was in the database afterwards.

Linux only (it reads ``/proc`` to find the worker processes).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus import ArticleMaker, build_vocabulary, write_corpus

from reader.cli import main as reader_main
from reader.ingest import PARALLEL_MIN, article_id, content_hash

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
SEED_000 = SEEDS / "000_98d193c1adb72bc8.txt"
PYTHON = sys.executable
#: Seconds the worker processes of a killed import have to go.
ORPHAN_GRACE = 3.0
#: How often the running import's processes are looked at (seconds).
POLL = 0.1

PHASES = (
    "start-up",  # the database is not open yet (Python starting, imports)
    "finding files",  # the database is open; no worker yet, nothing of this round written
    "reading in workers",  # worker processes running, nothing of this round written yet
    "reading (one process)",  # no workers (a small import): reading, parsing, 1st batch
    "writing batches",  # some of this round's articles written, not all
    "people",  # every article written, people still to be found or counted
    "spelling refresh",  # people done, the spelling index still to be brought up to date
    "after the refresh",  # all written: re-anchoring notes, exiting
)

#: Phases in which nothing of the round has been written yet.
BEFORE_WRITING = frozenset(PHASES[:4])
#: Share of a complete import after which its first batch is written: at most about
#: 0.55 here (``pytest tests/test_faults.py -s`` prints each kill's share and phase). A
#: kill that finds nothing written yet past it doubles the expected duration (or more:
#: to ``at / FIRST_WRITE``), so that the moments after it follow a machine that got
#: slower after the timing import, rather than all landing before writing.
FIRST_WRITE = 0.6

# -- the corpus and its second versions ---------------------------------------------------


@dataclass
class Corpus:
    """Article files with two versions each; ``current[path]`` is 0 or 1."""

    root: Path
    versions: dict[Path, tuple[bytes, bytes]] = field(default_factory=dict)
    current: dict[Path, int] = field(default_factory=dict)
    hidden: dict[Path, int] = field(default_factory=dict)  # deleted for a while

    def ids(self) -> dict[Path, str]:
        return {path: article_id(path) for path in self.versions}

    def hashes(self, path: Path) -> tuple[str, str]:
        a, b = self.versions[path]
        return content_hash(a), content_hash(b)

    def put(self, path: Path, version: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.versions[path][version])
        self.current[path] = version

    def delete(self, path: Path) -> None:
        path.unlink()
        self.hidden[path] = self.current.pop(path)

    def restore(self, path: Path, version: int) -> None:
        self.hidden.pop(path)
        self.put(path, version)

    def present(self) -> list[Path]:
        return sorted(self.current)


def second_version(text: str, maker: ArticleMaker, rng: random.Random) -> str:
    """``text`` with one more paragraph (naming someone) before its last one."""
    blocks = text.rstrip("\n").split("\n\n")
    extra = f"{maker.sentence(rng, 14)} {maker.paragraph(rng, 24)}"
    return "\n\n".join([*blocks[:-1], extra, blocks[-1]]) + "\n"


def make_corpus(root: Path, files: int, seed: int) -> Corpus:
    """``files`` articles under ``root`` (first versions on disk), with their second versions."""
    write_corpus(root, files, seed)
    (root / "MANIFEST.json").unlink()  # not an article; keep the folder to articles only
    maker = ArticleMaker(build_vocabulary(seed))
    corpus = Corpus(root.resolve())
    for index, path in enumerate(sorted(corpus.root.rglob("*.*"))):
        first = path.read_bytes()
        rng = random.Random(f"second:{seed}:{index}")
        second = second_version(first.decode("utf-8"), maker, rng).encode("utf-8")
        corpus.versions[path] = (first, second)
        corpus.current[path] = 0
    return corpus


def add_folder(corpus: Corpus, name: str, count: int, seed: int) -> list[Path]:
    """A new folder of ``count`` articles (first versions on disk)."""
    maker = ArticleMaker(build_vocabulary(seed))
    made = []
    for index in range(count):
        rng = random.Random(f"late:{seed}:{index}")
        suffix, text = maker.article(rng)
        path = corpus.root / name / f"{index:04d}{suffix}"
        first = text.encode("utf-8")
        corpus.versions[path] = (first, second_version(text, maker, rng).encode("utf-8"))
        corpus.put(path, 0)
        made.append(path)
    return made


# -- looking at a database ------------------------------------------------------------------


def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, timeout=30, isolation_level=None)


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy (SQLite's backup), whatever is in the source's WAL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with contextlib.closing(connect(source)) as src, contextlib.closing(connect(target)) as dst:
        src.backup(dst)


def integrity(db: Path) -> tuple[str, bool]:
    """``PRAGMA integrity_check`` and whether both FTS5 indexes pass theirs."""
    with contextlib.closing(connect(db)) as conn:
        result = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        try:
            for table in ("articles_fts", "notes_fts"):
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError:
            return result, False
    return result, True


USER_TABLES = {
    "bookmarks": "SELECT article_id, created FROM bookmarks",
    "reads": "SELECT article_id, at FROM reads",
    "notes": "SELECT uid, article_id, text, quote, created, edited, deleted, id FROM notes",
    "drafts": "SELECT * FROM drafts",
    "person_aliases": "SELECT * FROM person_aliases",
    "person_overrides": "SELECT * FROM person_overrides",
    "settings": "SELECT * FROM settings",
}


def user_data(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """The user's own data as they wrote it (not where a note's quote is anchored)."""
    with contextlib.closing(connect(db)) as conn:
        return {name: sorted(conn.execute(sql), key=repr) for name, sql in USER_TABLES.items()}


@dataclass
class Leftovers:
    """What an import leaves for the next one when it is killed."""

    people_todo: int
    counts_stale: bool
    spelling_pending: int

    @property
    def none(self) -> bool:
        return not (self.people_todo or self.counts_stale or self.spelling_pending)


def leftovers(conn: sqlite3.Connection) -> Leftovers:
    def one(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    return Leftovers(
        one("SELECT count(*) FROM people_todo"),
        bool(one("SELECT count(*) FROM people_state WHERE name = 'counts'")),
        one("SELECT count(*) FROM search_pending"),
    )


def stored_hashes(db: Path) -> dict[str, str]:
    with contextlib.closing(connect(db)) as conn:
        return dict(conn.execute("SELECT id, content_hash FROM articles"))


_ARTICLE_COLUMNS = (
    "id, path, source, content_hash, parser_version, title, dek, date, label, author, "
    "author_role, author_bio, caption, body, words, read"
)


def contents(db: Path, queries: tuple[str, ...] = ()) -> dict[str, object]:
    """Everything two databases holding the same files must agree on, by article id."""
    parts: dict[str, object] = {}
    with contextlib.closing(connect(db)) as conn:

        def rows(sql: str, *args: object) -> list[tuple[object, ...]]:
            return sorted(conn.execute(sql, args), key=repr)

        parts["articles"] = rows(f"SELECT {_ARTICLE_COLUMNS} FROM articles")
        conn.execute(
            "CREATE VIRTUAL TABLE temp.fts_columns USING fts5vocab(main, articles_fts, col)"
        )
        parts["fts vocabulary"] = rows("SELECT term, col, doc, cnt FROM temp.fts_columns")
        terms = [row[0] for row in parts["fts vocabulary"]]  # type: ignore[index]
        asked = [*queries, *terms[:: max(1, len(terms) // 20)]]
        parts["fts matches"] = {
            q: rows(
                "SELECT a.id FROM articles_fts JOIN articles AS a ON a.num = articles_fts.rowid "
                "WHERE articles_fts MATCH ?",
                q,
            )
            for q in asked
        }
        parts["people"] = rows("SELECT key, name, hidden, articles FROM people WHERE articles > 0")
        parts["article people"] = rows(
            "SELECT a.id, p.key, ap.sort_date, ap.count, ap.first FROM article_people AS ap "
            "JOIN people AS p ON p.id = ap.person_id JOIN articles AS a ON a.num = ap.article_num"
        )
        parts["spelling terms"] = rows("SELECT term, docs FROM search_terms WHERE docs > 0")
        parts["spelling variants"] = rows(
            "SELECT v.key, t.term FROM search_variants AS v "
            "JOIN search_terms AS t ON t.id = v.term_id WHERE t.docs > 0"
        )
        parts["spelling frequent"] = rows("SELECT term, docs FROM search_frequent WHERE docs > 0")
        parts["leftovers"] = leftovers(conn)
        parts["notes anchored"] = rows("SELECT uid, quote_start, quote_end, detached FROM notes")
    parts["user data"] = user_data(db)
    return parts


def differences(mine: dict[str, object], clean: dict[str, object]) -> dict[str, str]:
    """Part name -> how it differs (empty when equal)."""
    found = {}
    for name, value in clean.items():
        other = mine.get(name)
        if other == value:
            continue
        if isinstance(value, list) and isinstance(other, list):
            extra = [r for r in other if r not in value]
            missing = [r for r in value if r not in other]
            found[name] = (
                f"{len(missing)} rows missing (e.g. {missing[:1]!r:.200}), "
                f"{len(extra)} extra (e.g. {extra[:1]!r:.200})"
            )
        else:
            found[name] = f"{other!r:.300} against {value!r:.300}"
    return found


# -- the running import ---------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            if int(stat.rsplit(b")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False


def has_open(pid: int, path: Path) -> bool:
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path.resolve()):
                    return True
    except OSError:
        pass
    return False


def ingest_command(db: Path, *paths: Path) -> list[str]:
    return [PYTHON, "-m", "reader", "--db", str(db), "ingest", *map(str, paths)]


@dataclass
class Finished:
    returncode: int
    seconds: float
    stdout: str
    stderr: str


def run_import(db: Path, corpus: Path) -> Finished:
    started = time.monotonic()
    done = subprocess.run(ingest_command(db, corpus), capture_output=True, text=True, cwd=PROJECT)
    return Finished(done.returncode, time.monotonic() - started, done.stdout, done.stderr)


@dataclass
class Kill:
    """One round: an import sent SIGKILL ``at`` seconds after it started."""

    round: int
    at: float
    share: float  # of the expected duration
    killed: bool  # False: it had finished before that moment
    phase: str
    workers: int  # worker processes running when it was killed
    orphans: int  # of those, still running ORPHAN_GRACE seconds later
    todo: int  # files this round had to write
    done: int  # of them, in the database after the kill
    leftovers: Leftovers
    integrity: str
    fts_ok: bool
    user_data_kept: bool

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.fts_ok and self.user_data_kept and self.orphans == 0


@dataclass
class Completion:
    """A copy of the database after a kill, imported to the end."""

    after_round: int
    returncode: int
    seconds: float
    integrity: str
    fts_ok: bool
    leftovers: Leftovers
    user_data_kept: bool

    @property
    def ok(self) -> bool:
        return (
            self.returncode == 0
            and self.integrity == "ok"
            and self.fts_ok
            and self.leftovers.none
            and self.user_data_kept
        )


@dataclass
class Figures:
    """What :func:`run_kill_loop` found."""

    files: int
    expected_add: float
    expected_update: float
    kills: list[Kill] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)
    final: Finished | None = None
    final_integrity: str = ""
    final_fts_ok: bool = False
    user_data_kept: bool = False
    differences: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def delivered(self) -> list[Kill]:
        return [k for k in self.kills if k.killed]

    @property
    def phases(self) -> dict[str, int]:
        return {p: n for p in PHASES if (n := sum(k.phase == p for k in self.delivered))}

    @property
    def equal_to_clean(self) -> bool:
        return self.final is not None and not self.differences

    @property
    def ok(self) -> bool:
        return (
            all(k.ok for k in self.kills)
            and all(c.ok for c in self.completions)
            and self.final is not None
            and self.final.returncode == 0
            and self.final_integrity == "ok"
            and self.final_fts_ok
            and self.user_data_kept
            and self.equal_to_clean
        )

    def report(self) -> str:
        kills = self.delivered
        lines = [
            f"kill loop: {self.files} files; a complete import takes "
            f"{self.expected_add:.2f} s adding, {self.expected_update:.2f} s updating",
            f"  {len(kills)} kills survived in {len(self.kills)} rounds"
            + (
                f" ({missed} ended before their moment)"
                if (missed := len(self.kills) - len(kills))
                else ""
            ),
            "  moments: "
            + ", ".join(f"{k.at:.2f} s ({k.share:.0%}, {k.phase})" for k in self.kills),
            "  phases: " + ", ".join(f"{p} {n}" for p, n in self.phases.items()),
            "  integrity_check ok after "
            f"{sum(k.integrity == 'ok' for k in self.kills)}/{len(self.kills)}, FTS checks ok "
            f"after {sum(k.fts_ok for k in self.kills)}/{len(self.kills)}, user data kept "
            f"after {sum(k.user_data_kept for k in self.kills)}/{len(self.kills)}, worker "
            f"processes left running: {sum(k.orphans for k in self.kills)} "
            f"(of {sum(k.workers for k in self.kills)} running at the kills)",
            f"  imports run to the end from a killed state: "
            f"{sum(c.ok for c in self.completions)}/{len(self.completions)} complete and clean",
        ]
        if self.final is not None:
            lines.append(
                f"  final import: exit {self.final.returncode} in {self.final.seconds:.2f} s "
                f"({self.final.stdout.strip()}); integrity {self.final_integrity}, FTS "
                f"{'ok' if self.final_fts_ok else 'FAILED'}; equal to a clean import: "
                f"{'yes' if self.equal_to_clean else 'NO'}"
            )
        lines += [f"    differs: {name}: {what}" for name, what in self.differences.items()]
        lines.append(f"  whole loop: {self.seconds:.1f} s")
        return "\n".join(lines)


# -- killing at a chosen transaction ---------------------------------------------------------------

#: Runs ``reader ingest`` (``reader.cli.main``) in a process that sends itself SIGKILL just
#: before the Nth ``COMMIT`` of its database connections (0: never; the count is written to
#: COUNT_FILE at exit). Batches of BATCH articles, so that a small corpus makes several.
DYING_IMPORT = """
import os, signal, sqlite3, sys
import reader.ingest
from reader.cli import main

nth, count_file, batch = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
commits = 0
real_connect, real_import = sqlite3.connect, reader.ingest.import_paths

class Dying:
    def execute(self, sql, *args):
        global commits
        if sql.strip().upper() == "COMMIT":
            commits += 1
            if commits == nth:
                os.kill(os.getpid(), signal.SIGKILL)
        return super().execute(sql, *args)

def dying_connect(*a, factory=sqlite3.Connection, **k):
    # Over the connection class the caller asked for (the store's has a check of its own).
    return real_connect(*a, factory=type("Dying", (Dying, factory), {}), **k)

sqlite3.connect = dying_connect
reader.ingest.import_paths = lambda *a, **k: real_import(*a, **{**k, "batch_size": batch})
try:
    code = main(sys.argv[4:])
finally:
    with open(count_file, "w") as handle:
        handle.write(str(commits))
sys.exit(code)
"""


def import_killed_at(
    db: Path, paths: list[Path], commit: int, batch: int, work: Path
) -> tuple[int, int]:
    """Import ``paths`` into ``db``, killed before its ``commit``-th COMMIT (0: not killed).

    Returns (exit code, commits made); the exit code of a killed import is -SIGKILL.
    """
    count = work / "commits.txt"
    count.unlink(missing_ok=True)
    done = subprocess.run(
        [PYTHON, "-c", DYING_IMPORT, str(commit), str(count), str(batch),
         "--db", str(db), "ingest", *map(str, paths)],
        capture_output=True, text=True, cwd=PROJECT,
    )  # fmt: skip
    if done.returncode not in (0, -signal.SIGKILL):
        raise RuntimeError(f"the import failed ({done.returncode}): {done.stderr.strip()}")
    made = int(count.read_text()) if count.exists() else commit - 1
    return done.returncode, made


# -- the loop ------------------------------------------------------------------------------------


def cli(*args: str) -> str:
    """Run the ``reader`` command line in this process; its output; fails on a non-zero exit."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = reader_main(list(args))
    if code != 0:
        raise RuntimeError(f"reader {' '.join(args)}: exit {code}: {err.getvalue().strip()}")
    return out.getvalue()


def add_user_data(db: Path, corpus: Corpus, seed: int) -> None:
    """What a user did before the big import, through the command line."""
    first, second = corpus.present()[:2]
    cli("--db", str(db), "ingest", str(SEEDS), str(first), str(second))
    d = ("--db", str(db))
    kim = article_id(SEED_000.resolve())
    cli(*d, "bookmark", kim)
    cli(*d, "bookmark", article_id(first))
    cli(*d, "mark-read", kim, article_id(second))
    cli(*d, "note", "add", kim, "Seen *before*", "--quote", "Irina Shayk")
    body_end = corpus.versions[second][0].decode("utf-8").rstrip("\n").rsplit("\n\n", 1)[1]
    passage = body_end.split(". ")[0]
    cli(*d, "note", "add", article_id(second), "The last paragraph", "--quote", passage)
    cli(*d, "note", "add", article_id(first), "A note without a quote")
    with contextlib.closing(connect(db)) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT p.name FROM people AS p JOIN article_people AS ap ON ap.person_id = p.id "
                "JOIN articles AS a ON a.num = ap.article_num WHERE a.id IN (?, ?) "
                "AND p.name LIKE '% %' GROUP BY p.id ORDER BY p.name",
                (article_id(first), article_id(second)),
            )
        ]
    if len(names) < 3:
        raise RuntimeError(f"the first corpus files name too few people: {names}")
    cli(*d, "people", "rename", names[0], "Quentin Renamed")
    cli(*d, "people", "merge", names[1], names[2])
    # An alias the importer looks for in every body: a word many articles have.
    vocabulary = build_vocabulary(seed)
    word = next(w for w in vocabulary.words[vocabulary.rare_start :] if len(w) >= 6)
    cli(*d, "people", "alias", names[2], word.capitalize())
    cli(*d, "people", "hide", "Chicago")


def flip(db: Path, corpus: Corpus, ids: dict[Path, str]) -> dict[str, str]:
    """Switch every file stored as it is on disk to its other version.

    Returns ``id -> content hash`` of every present file, which the import is to write.
    """
    stored = stored_hashes(db)
    todo = {}
    for path in corpus.present():
        key = ids[path]
        hashes = corpus.hashes(path)
        version = corpus.current[path]
        if stored.get(key) == hashes[version]:
            version = 1 - version
            corpus.put(path, version)
        todo[key] = hashes[version]
    return todo


def watch_and_kill(
    db: Path, corpus_root: Path, moment: float
) -> tuple[bool, bool, int, list[int], float]:
    """Start an import and SIGKILL it ``moment`` seconds later.

    Returns (killed, database open, workers running, the workers seen, seconds).
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        ingest_command(db, corpus_root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=PROJECT,
    )
    seen: set[int] = set()
    deadline = started + moment
    try:
        while (left := deadline - time.monotonic()) > 0:
            try:
                proc.wait(timeout=min(POLL, left))
            except subprocess.TimeoutExpired:
                if not seen:
                    seen.update(children(proc.pid))
            else:
                return False, True, 0, sorted(seen), time.monotonic() - started
        seen.update(children(proc.pid))
        open_db = has_open(proc.pid, db)
        workers = [pid for pid in seen if running(pid)]
        proc.send_signal(signal.SIGKILL)
        at = time.monotonic() - started
        killed = proc.wait() == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return killed, open_db, len(workers), sorted(seen), at


def wait_gone(pids: list[int]) -> int:
    """How many of ``pids`` are still running after :data:`ORPHAN_GRACE` (they are then killed)."""
    deadline = time.monotonic() + ORPHAN_GRACE
    while time.monotonic() < deadline and any(running(p) for p in pids):
        time.sleep(0.05)
    left = [p for p in pids if running(p)]
    for pid in left:  # orphans of our own import: do not leave them behind
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return len(left)


def name_phase(open_db: bool, workers_now: int, workers_seen: bool, done: int, todo: int,
               left: Leftovers) -> str:  # fmt: skip
    if not open_db:
        return "start-up"
    if done == 0:
        if workers_now:
            return "reading in workers"
        if workers_seen:
            return "writing batches"  # the workers are done, the first batch is being written
        return "finding files" if todo >= PARALLEL_MIN else "reading (one process)"
    if done < todo:
        return "writing batches"
    if left.people_todo or left.counts_stale:
        return "people"
    if left.spelling_pending:
        return "spelling refresh"
    return "after the refresh"


def complete_copy(db: Path, work: Path, corpus: Corpus, round_: int, user: dict) -> Completion:
    copy = work / "completed.db"
    copy_db(db, copy)
    run = run_import(copy, corpus.root)
    result, fts_ok = integrity(copy)
    with contextlib.closing(connect(copy)) as conn:
        left = leftovers(conn)
    return Completion(
        round_, run.returncode, run.seconds, result, fts_ok, left, user_data(copy) == user
    )


def run_kill_loop(
    work: Path,
    *,
    files: int = 3_000,
    kills: int = 20,
    seed: int = 1,
    complete_every: int = 5,
    log: Callable[[str], None] | None = None,
) -> Figures:
    """Kill ``kills`` imports of a ``files``-article corpus; see the module docstring."""
    say = log or (lambda _line: None)
    began = time.monotonic()
    rng = random.Random(f"kill-loop:{seed}")
    work.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(work / "corpus", files, seed)
    db, setup = work / "news.db", work / "setup.db"
    add_user_data(db, corpus, seed)
    copy_db(db, setup)
    user = user_data(db)

    # Expected durations: a complete import adding, then one updating, every article.
    timing = work / "timing.db"
    copy_db(setup, timing)
    adding = run_import(timing, corpus.root)
    ids = corpus.ids()
    flip(timing, corpus, ids)
    updating = run_import(timing, corpus.root)
    for run in (adding, updating):
        if run.returncode != 0:
            raise RuntimeError(f"a complete import failed: {run.stderr.strip()}")
    figures = Figures(files, adding.seconds, updating.seconds)
    say(f"complete imports: adding {adding.seconds:.2f} s, updating {updating.seconds:.2f} s")

    # Stratified moments: with 20 kills, each twentieth of the duration gets one.
    strata = list(range(kills))
    rng.shuffle(strata)
    moments = iter([(s + rng.random()) / kills for s in strata])
    expected = {"adding": adding.seconds, "updating": updating.seconds}
    victim = sorted(corpus.current)[len(corpus.current) // 2]
    round_ = 0
    while len(figures.delivered) < kills and round_ < 2 * kills:
        round_ += 1
        if round_ == kills // 3:
            corpus.delete(victim)
        if round_ == kills // 2:
            add_folder(corpus, "late-000", 5, seed)
            ids = corpus.ids()
        if round_ == 2 * kills // 3 and victim in corpus.hidden:  # none with 1 or 2 kills
            corpus.restore(victim, 1 - corpus.hidden[victim])
        todo = flip(db, corpus, ids)
        stored = stored_hashes(db)
        kind = "adding" if sum(key not in stored for key in todo) > len(todo) // 2 else "updating"
        share = next(moments, None) or rng.random()
        killed, open_db, workers, seen, at = watch_and_kill(db, corpus.root, share * expected[kind])
        if not killed:  # it ran faster than expected (a less busy machine): expect that now
            expected[kind] = at
        orphans = wait_gone(seen)
        result, fts_ok = integrity(db)
        stored = stored_hashes(db)
        done = sum(stored.get(key) == digest for key, digest in todo.items())
        with contextlib.closing(connect(db)) as conn:
            left = leftovers(conn)
        phase = name_phase(open_db, workers, bool(seen), done, len(todo), left)
        if killed and phase in BEFORE_WRITING and share >= FIRST_WRITE:
            # Nothing written yet where writing should have begun: the machine is slower
            # now than in the timing import (other work started). The moments after this
            # stretch; if too far, an import that ends first tells the duration again.
            expected[kind] = max(2 * expected[kind], at / FIRST_WRITE)
        kill = Kill(
            round=round_,
            at=at,
            share=share,
            killed=killed,
            phase=phase if killed else "finished",
            workers=workers,
            orphans=orphans,
            todo=len(todo),
            done=done,
            leftovers=left,
            integrity=result,
            fts_ok=fts_ok,
            user_data_kept=user_data(db) == user,
        )
        figures.kills.append(kill)
        say(
            f"round {round_}: {'killed' if killed else 'finished'} at {at:.2f} s "
            f"({share:.0%} of {expected[kind]:.2f} s {kind}): {kill.phase}; "
            f"{done}/{len(todo)} written, {workers} workers, {orphans} left; integrity {result}"
        )
        if killed and complete_every and len(figures.delivered) % complete_every == 0:
            figures.completions.append(complete_copy(db, work, corpus, round_, user))

    final = figures.final = run_import(db, corpus.root)
    figures.final_integrity, figures.final_fts_ok = integrity(db)
    figures.user_data_kept = user_data(db) == user
    clean = work / "clean.db"
    copy_db(setup, clean)
    reference = run_import(clean, corpus.root)
    if reference.returncode != 0:
        raise RuntimeError(f"the clean import failed: {reference.stderr.strip()}")
    queries = ('"said"', "kan*", "Quentin", "NEAR(year people)")
    figures.differences = differences(contents(db, queries), contents(clean, queries))
    figures.seconds = time.monotonic() - began
    say(f"final import: exit {final.returncode}, {final.seconds:.2f} s: {final.stdout.strip()}")
    return figures


@contextlib.contextmanager
def work_folder(parent: Path | None = None) -> Iterator[Path]:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="reader-faults-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":  # python bench/faults.py [FILES] [KILLS]
    arguments = [int(a) for a in sys.argv[1:3]]
    with work_folder() as folder:
        found = run_kill_loop(
            folder,
            files=arguments[0] if arguments else 3_000,
            kills=arguments[1] if len(arguments) > 1 else 20,
            log=print,
        )
    print(found.report())
    sys.exit(0 if found.ok else 1)
