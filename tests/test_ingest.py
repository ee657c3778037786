"""Importing files: ids, idempotence, updates in place, and every kind of bad input."""

from __future__ import annotations

import codecs
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import BBC_STYLE, SEED_000, SEEDS, TITLE_000, TITLE_003, write

from reader import ingest, parse
from reader.core import Store
from reader.ingest import MAX_BYTES, article_id, discover, import_paths, pool
from reader.ingest import read as reading
from reader.people.mentions import AliasScanner


def dump(store: Store) -> list[tuple]:
    return store._conn.execute("SELECT * FROM articles ORDER BY num").fetchall()


def reasons(report) -> dict[str, str]:
    return {Path(i.path).name: i.reason for i in report.issues}


def test_seeds_import_with_their_titles(store: Store) -> None:
    report = import_paths(store, [SEEDS])
    assert (report.added, report.updated, report.unchanged, report.skipped) == (2, 0, 0, 0)
    assert {s.title for s in store.page(0, 10)} == {TITLE_000, TITLE_003}
    assert report.summary() == "2 added, 0 updated, 0 unchanged, 0 skipped"


def test_reimport_changes_nothing(store: Store) -> None:
    import_paths(store, [SEEDS])
    before = dump(store)
    report = import_paths(store, [SEEDS])
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    assert dump(store) == before


def test_the_same_file_gets_the_same_id_however_it_is_named(store: Store) -> None:
    import_paths(store, [SEED_000])
    report = import_paths(store, [SEEDS / ".." / "seeds"])
    assert (report.added, report.unchanged) == (1, 1)
    assert store.article(article_id(SEED_000.resolve())).title == TITLE_000


def test_an_edited_file_updates_its_row_and_keeps_its_id(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "news" / "story.txt", BBC_STYLE)
    import_paths(store, [tmp_path / "news"])
    (old,) = store.page(0, 1)
    num = store._conn.execute("SELECT num FROM articles").fetchone()[0]
    write(path, BBC_STYLE.replace("Ad sales boost", "Adverts lift"))
    report = import_paths(store, [tmp_path / "news"])
    assert (report.added, report.updated) == (0, 1)
    (new,) = store.page(0, 1)
    assert new.id == old.id
    assert new.title == "Adverts lift Time Warner profit"
    assert store._conn.execute("SELECT num FROM articles").fetchone()[0] == num


def test_folders_are_walked_for_txt_and_md_only(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "a" / "one.txt", BBC_STYLE)
    write(tmp_path / "a" / "b" / "two.md", "---\ntitle: Two\n---\n\nText of two.\n")
    write(tmp_path / "a" / "b" / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "a" / ".hidden.txt", BBC_STYLE)
    report = import_paths(store, [tmp_path / "a"])
    assert report.added == 2 and not report.issues
    assert {s.source for s in store.page(0, 5)} == {"a", "b"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t \n", "empty file"),
        (b"\x00\x01\x02binary\x00stuff" * 10, "binary file"),
        (bytes(range(256)) * 4, "binary file"),
        (b"---\ntitle:\n---\n", "no title"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(store, tmp_path, content, reason) -> None:
    write(tmp_path / "in" / "bad.txt", content)
    write(tmp_path / "in" / "good.txt", BBC_STYLE)
    report = import_paths(store, [tmp_path / "in"])
    assert report.added == 1
    assert reason in reasons(report)["bad.txt"]
    assert all("\n" not in str(i) for i in report.issues)


def test_files_over_5_mb_are_skipped(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "big.txt", b"Title\n\n" + b"word " * (MAX_BYTES // 5 + 10))
    report = import_paths(store, [tmp_path / "big.txt"])
    assert report.added == 0
    assert "too large" in reasons(report)["big.txt"]


def test_the_size_of_a_file_just_over_the_limit_is_not_shown_as_the_limit(store, tmp_path) -> None:
    write(tmp_path / "big.txt", b"Title\n\n" + b"x" * MAX_BYTES)
    report = import_paths(store, [tmp_path])
    assert reasons(report)["big.txt"] == "too large (5.1 MB; the limit is 5 MB)"


def test_file_and_folder_names_that_attack_the_terminal_or_are_not_utf8(store, tmp_path) -> None:
    base = tmp_path.resolve() / "in"
    root = os.fsencode(base)
    os.makedirs(os.path.join(root, b"\x1b[31mred\x1b[0m"))
    for name, data in [
        (b"caf\xe9.txt", BBC_STYLE),  # a Latin-1 name: imported, shown escaped
        (b"\x1b[31mred\x1b[0m/story.txt", BBC_STYLE.replace("Ad sales", "Red")),
        (b"evil\x1b]52;c;aGk=\x07\nline.txt", ""),  # an empty file with a hostile name
    ]:
        with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
            handle.write(data)
    report = import_paths(store, [base])
    assert (report.added, report.skipped) == (2, 1)
    (line,) = [str(issue) for issue in report.issues]
    assert line == f"skipped: {base}/evil\\x1b]52;c;aGk=\\x07\\nline.txt: empty file"
    stored = {s.path: s.source for s in store.page(0, 5)}
    assert stored == {
        f"{base}/caf\\xe9.txt": "in",
        f"{base}/\\x1b[31mred\\x1b[0m/story.txt": "\\x1b[31mred\\x1b[0m",
    }


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_read_as_utf32(store, tmp_path, codec) -> None:
    text = "Thirty-two bits \u00e9t\u00e9 \U0001f389\n\nThe body.\n"
    bom = codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE
    write(tmp_path / "wide.txt", bom + text.encode(codec))
    report = import_paths(store, [tmp_path])
    assert report.added == 1
    assert reasons(report) == {"wide.txt": "UTF-32 text"}
    (summary,) = store.page(0, 1)
    assert summary.title == "Thirty-two bits \u00e9t\u00e9 \U0001f389"


def test_latin1_pound_sign_is_read_as_pound(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "l1.txt", "Price rise\n\nIt costs £5 now.\n".encode("latin-1"))
    report = import_paths(store, [tmp_path])
    assert report.added == 1 and report.skipped == 0
    assert "Windows-1252" in reasons(report)["l1.txt"]
    (summary,) = store.page(0, 1)
    assert store.article(summary.id).body == "It costs £5 now."


def test_unreadable_file_is_skipped(store: Store, tmp_path: Path, monkeypatch) -> None:
    locked = write(tmp_path / "locked.txt", BBC_STYLE)
    write(tmp_path / "open.txt", BBC_STYLE)
    real_open = reading._open_no_link  # (the tests may run as root: no mode keeps it out)

    def fake_open(path, flags):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags)

    monkeypatch.setattr(reading, "_open_no_link", fake_open)
    report = import_paths(store, [tmp_path])
    assert report.added == 1
    assert reasons(report)["locked.txt"] == "cannot read: permission denied"


def after_the_walk(monkeypatch, change) -> None:
    """Make ``change()`` happen between finding the files and reading them."""
    real_find = discover.find_files

    def find_then_change(paths):
        found = real_find(paths)
        change()
        return found

    monkeypatch.setattr(discover, "find_files", find_then_change)


def test_a_file_removed_during_the_import_is_reported(store, tmp_path, monkeypatch) -> None:
    gone = write(tmp_path / "gone.txt", BBC_STYLE)
    write(tmp_path / "stay.txt", BBC_STYLE)
    after_the_walk(monkeypatch, gone.unlink)
    report = import_paths(store, [tmp_path])
    assert report.added == 1
    assert reasons(report)["gone.txt"] == "vanished during import"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_file_replaced_by_a_pipe_during_the_import_is_skipped_not_waited_on(
    store, tmp_path, monkeypatch
) -> None:
    piped = write(tmp_path / "piped.txt", BBC_STYLE)
    write(tmp_path / "stay.txt", BBC_STYLE)

    def replace_with_a_pipe() -> None:
        piped.unlink()
        os.mkfifo(piped)  # nobody ever writes to it: opening it plainly would wait for ever

    after_the_walk(monkeypatch, replace_with_a_pipe)
    result: list = []
    worker = threading.Thread(
        target=lambda: result.append(import_paths(store, [tmp_path])), daemon=True
    )
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the import waited on a pipe"
    (report,) = result
    assert report.added == 1
    assert reasons(report)["piped.txt"] == "not a regular file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_asking_the_kernel_to_read_ahead_never_fails_or_waits(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    for name in ("pipe", "folder", "missing.txt"):
        reading._will_read(tmp_path / name)  # returns at once, raises nothing
    tasks = [(ingest.Candidate(p, "x"), None) for p in sorted(SEEDS.glob("*.txt"))]
    chunk = pool._read_chunk(tasks * 20, "now", AliasScanner(()))
    plain = [reading._read_one(c, prev, "now", AliasScanner(())) for c, prev in tasks * 20]
    assert chunk == plain


def test_a_read_file_crosses_from_a_worker_as_plain_values() -> None:
    import pickle

    from reader.people.mentions import Mention

    cand = ingest.Candidate(sorted(SEEDS.glob("*.txt"))[0], "x")
    read = reading._read_one(cand, None, "now", AliasScanner(()))
    assert isinstance(read, reading.Read) and read.mentions
    assert all(type(m) is Mention for m in read.mentions)
    sent = pickle.loads(pickle.dumps(read))
    assert sent.row == read.row and sent.mentions == read.mentions
    # The writer only unpacks them: no named tuple is made again for each mention.
    assert all(type(m) is tuple for m in sent.mentions)


@pytest.mark.parametrize("kernel_path", [True, False], ids=["path-of-open-file", "realpath"])
def test_a_file_swapped_for_a_link_out_of_the_folder_after_the_walk_is_not_read(
    store, tmp_path, monkeypatch, kernel_path
) -> None:
    # Where the kernel tells the path of an open file it is read from there; elsewhere
    # the real path is found part by part: both refuse the same files.
    monkeypatch.setattr(reading, "_CAN_READ_FD_PATH", kernel_path and reading._CAN_READ_FD_PATH)
    root = tmp_path.resolve() / "root"
    swapped = write(root / "swapped.txt", BBC_STYLE)
    moved = write(root / "sub" / "moved.txt", BBC_STYLE.replace("Ad sales", "Moved"))
    write(root / "stay.txt", BBC_STYLE.replace("Ad sales", "Stays"))
    outside = write(tmp_path / "outside" / "sub" / "moved.txt", "Top secret\n\nHidden.\n")
    write(tmp_path / "outside" / "secret.txt", "Top secret\n\nHidden.\n")

    def swap() -> None:
        swapped.unlink()
        os.symlink(outside.parent.parent / "secret.txt", swapped)
        # A folder on the way swapped for a link: the last part of the path is no link.
        os.rename(moved.parent, root / "old-sub")
        os.symlink(outside.parent, moved.parent)

    after_the_walk(monkeypatch, swap)
    report = import_paths(store, [root])
    assert (report.added, report.skipped) == (1, 2)
    found = reasons(report)
    assert found["swapped.txt"] == "replaced by a symlink during the import"
    assert found["moved.txt"] == f"moved outside {root} during the import"
    (kept,) = store.page(0, 10)
    assert kept.title.startswith("Stays") and "Hidden." not in store.article(kept.id).body
    assert all("\n" not in str(issue) for issue in report.issues)


def test_a_file_that_takes_too_long_is_skipped_and_its_worker_ended(
    store, tmp_path, monkeypatch
) -> None:
    for i in range(6):
        write(tmp_path / f"{i}.txt", BBC_STYLE.replace("Ad sales", f"Story {i}:"))
    write(tmp_path / "slow.txt", BBC_STYLE)
    real_parse = parse.parse_article

    def slow_parse(text: str, filename: str = ""):
        if filename == "slow.txt":
            time.sleep(60)  # in a worker process: the import must not wait for it
        return real_parse(text, filename=filename)

    monkeypatch.setattr(reading, "parse_article", slow_parse)
    monkeypatch.setattr(pool, "READ_SECONDS", 0.5)
    # Forked workers (not a fork server's, as when threads run) inherit the slow parse.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    started = time.monotonic()
    report = import_paths(store, [tmp_path], workers=2)
    assert time.monotonic() - started < 15, "the import waited for a stuck worker"
    assert report.added == 6
    assert reasons(report) == {"slow.txt": "took too long to read (over 0.5 s)"}


def test_a_large_file_of_a_small_import_is_read_under_the_time_limit_too(
    store, tmp_path, monkeypatch
) -> None:
    write(tmp_path / "small.txt", BBC_STYLE)
    write(tmp_path / "large.txt", BBC_STYLE + "More words here.\n\n" * 5_000)
    real_parse = parse.parse_article

    def slow_parse(text: str, filename: str = ""):
        if filename == "large.txt":
            time.sleep(60)  # read here, this would hold the import for a minute
        return real_parse(text, filename=filename)

    monkeypatch.setattr(reading, "parse_article", slow_parse)
    monkeypatch.setattr(pool, "READ_SECONDS", 0.5)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # a forked worker
    assert (tmp_path / "large.txt").stat().st_size > pool.GUARDED_BYTES
    started = time.monotonic()
    report = import_paths(store, [tmp_path])  # two files: no workers but for the large one
    assert time.monotonic() - started < 15, "the import waited for a file past the limit"
    assert report.added == 1
    assert reasons(report) == {"large.txt": "took too long to read (over 0.5 s)"}


def test_symlink_loops_and_links_out_of_the_folder_are_refused(store, tmp_path) -> None:
    root = tmp_path / "root"
    write(root / "real.txt", BBC_STYLE)
    outside = write(tmp_path / "secret.txt", "Secret\n\nDo not read me.\n")
    os.symlink(outside, root / "escape.txt")
    os.symlink(root / "loop_b.txt", root / "loop_a.txt")
    os.symlink(root / "loop_a.txt", root / "loop_b.txt")
    os.symlink(root, root / "again")  # a folder link back inside: not walked twice
    os.symlink(tmp_path / "missing.txt", root / "broken.txt")
    report = import_paths(store, [root])
    assert report.added == 1
    found = reasons(report)
    assert "outside" in found["escape.txt"]
    assert found["loop_a.txt"] == "symlink loop"
    assert found["broken.txt"] == "broken symlink"
    assert all("secret" not in s.title.lower() for s in store.page(0, 10))


def test_a_missing_path_is_reported(store: Store, tmp_path: Path) -> None:
    report = import_paths(store, [tmp_path / "nowhere"])
    assert report.skipped == 1
    assert reasons(report)["nowhere"] == "no such file or folder"


def test_an_empty_path_is_refused_not_read_as_the_current_folder(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reader ingest "$FOLDER"`` with the variable unset: ``Path('')`` is ``.``, and the
    folder the shell is in (a home folder, say) would be read whole."""
    (tmp_path / "here.txt").write_text("An article in the current folder\n\nIts text.\n")
    monkeypatch.chdir(tmp_path)
    report = import_paths(store, ["", SEED_000])
    assert report.added == 1 and report.skipped == 1
    assert [str(issue) for issue in report.issues] == [
        "skipped: '': an empty path names no file or folder"
    ]
    assert [s.title for s in store.page(0, 10)] == [TITLE_000]


def test_escape_sequences_and_bidi_are_removed_at_import(store, tmp_path) -> None:
    nasty = (
        "Title \x1b[31mred\x1b[0m [bold]x[/bold]\n\n"
        "Click \x1b]8;;http://evil.example\x07here\x1b]8;;\x07 now \u202eevil\u202c. "
        "Copy \x1b]52;c;SGVsbG8=\x07 me. [@click=app.quit]quit[/]\n"
    )
    write(tmp_path / "nasty.txt", nasty)
    import_paths(store, [tmp_path])
    (summary,) = store.page(0, 1)
    article = store.article(summary.id)
    assert article.title == "Title red [bold]x[/bold]"
    assert "\x1b" not in article.body and "\u202e" not in article.body
    assert "[@click=app.quit]quit[/]" in article.body
    assert "here now evil." in article.body


def test_a_parser_version_bump_reparses_unchanged_files(store, monkeypatch) -> None:
    import_paths(store, [SEEDS])
    monkeypatch.setattr(reading, "PARSER_VERSION", reading.PARSER_VERSION + 1)
    report = import_paths(store, [SEEDS])
    assert report.updated == 2


def test_batches_are_written_whole(store: Store, tmp_path: Path) -> None:
    for i in range(7):
        write(tmp_path / f"{i}.txt", BBC_STYLE.replace("Ad sales", f"Story {i}:"))
    calls = []
    report = import_paths(
        store, [tmp_path], progress=lambda d, t, p: calls.append((d, t)), batch_size=3
    )
    assert report.added == 7 and store.count() == 7
    assert calls[-1] == (7, 7) and len(calls) == 7


@pytest.mark.parametrize("threads", [1, 2])
def test_the_cycle_collector_is_paused_only_while_a_lone_thread_imports(
    store, tmp_path, monkeypatch, threads
) -> None:
    import gc
    import threading

    write(tmp_path / "a.txt", BBC_STYLE)
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    seen: list[bool] = []
    assert gc.isenabled()
    import_paths(store, [tmp_path], progress=lambda *_: seen.append(gc.isenabled()))
    # A process that only imports skips the collections; the app's threads keep them.
    assert seen == [threads > 1]
    assert gc.isenabled()


def test_a_file_read_in_short_reads_is_read_whole(tmp_path: Path, monkeypatch) -> None:
    """The kernel may give a file in pieces (a network disk, a signal): it is read on."""
    path = tmp_path / "long.txt"
    path.write_bytes(b"x" * 10_000)
    real_read = reading.os.read
    pieces: list[int] = []

    def short_read(handle: int, size: int) -> bytes:
        data = real_read(handle, min(size, 3_000))
        pieces.append(len(data))
        return data

    monkeypatch.setattr(reading.os, "read", short_read)
    assert reading.read_bytes(path) == b"x" * 10_000
    assert pieces[:4] == [3_000, 3_000, 3_000, 1_000]


@pytest.mark.parametrize("root", [None, "the folder"])
def test_a_file_to_read_crosses_to_a_worker_as_strings(tmp_path: Path, root) -> None:
    import pickle

    folder = None if root is None else tmp_path
    cands = [ingest.Candidate(tmp_path / f"{i}.txt", "news", folder) for i in range(3)]
    sent = pickle.dumps(cands)
    assert b"PosixPath" not in sent and b"Candidate\n" not in sent
    back = pickle.loads(sent)
    assert back == cands
    assert all(type(c.path) is type(tmp_path) for c in back)
    if folder is not None:  # the folder made once, for every file in it
        assert back[0].root is back[1].root is back[2].root


def test_the_last_batches_of_an_import_get_smaller(store, tmp_path: Path, monkeypatch) -> None:
    """The last batch is written once every file is read; near the end the batches are
    written when they are as many as the files to come, so that the last one is small."""
    from reader.session import ImportSession
    from reader.storage.people_write import PeopleWriter

    for i in range(40):
        write(tmp_path / "news" / f"{i:02d}.txt", BBC_STYLE.replace("Ad sales", f"Ad {i} sales"))
    sizes: list[int] = []
    real = ImportSession.write_import_batch

    def spy(self, rows, mentions, **how):
        if rows:
            sizes.append(len(rows))
        return real(self, rows, mentions, **how)

    def people_spy(self, conn, articles):
        people.append(len(articles))
        return real_people(self, conn, articles)

    people: list[int] = []
    real_people = PeopleWriter._write_held
    monkeypatch.setattr(ImportSession, "write_import_batch", spy)
    monkeypatch.setattr(PeopleWriter, "_write_held", people_spy)
    report = import_paths(store, [tmp_path / "news"], batch_size=16, workers=1)
    assert report.added == 40 and sum(sizes) == 40
    assert max(sizes) == 16 and sizes[-1] <= 16 // 4
    assert all(size * 8 >= 16 for size in sizes[:-1])  # none smaller than an eighth before it
    # The people of a batch written early go with it: only the last batch's are left.
    assert sum(people) == 40 and people[-1] == sizes[-1]
    assert store._conn.execute("SELECT count(*) FROM people_todo").fetchone()[0] == 0
