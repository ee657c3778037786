"""Nothing the reader writes to a terminal carries a control it did not mean to send.

User data gets in many ways besides article files: notes (with or without a quoted
passage), an imported JSON file of notes and bookmarks, people's names as the user
edits them, and any command-line argument, valid UTF-8 or not. Whatever goes in, every
byte the CLI prints (stdout and stderr, JSON included) and every cell the app draws is
free of C0 controls (but newline), DEL, C1 controls and bidi controls. The CLI exits 0,
1 or 2, never with a traceback.

Generated input (Hypothesis) mixes the hostile pieces of ``test_properties`` with
arbitrary Unicode; command-line arguments also carry bytes that are not UTF-8, as
Python hands them over (``surrogateescape``). ``READER_HYPOTHESIS_EXAMPLES`` raises the
number of examples.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import SEEDS, settle
from hostile import DANGEROUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import HOSTILE

from reader.cli import main
from reader.core import Store
from reader.ingest import import_paths

EXAMPLES = int(os.environ.get("READER_HYPOTHESIS_EXAMPLES", "15"))
CLI_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a loaded machine is not a bug
    suppress_health_check=[HealthCheck.too_slow],
)
APP_SETTINGS = settings(CLI_SETTINGS, max_examples=max(3, EXAMPLES // 5))

#: The seed article every generated note is written on (its id comes from its path).
KIM_TITLE_WORD = "Kardashian"

# Arguments as Python gives them to a program: any bytes but NUL (which no argument
# can hold), decoded with surrogateescape.
RAW_BYTES = st.binary(max_size=24).map(lambda b: os.fsdecode(b.replace(b"\0", b"")))
ARGUMENT = st.one_of(HOSTILE, RAW_BYTES, st.builds(str.__add__, HOSTILE, RAW_BYTES)).map(
    lambda s: s.replace("\0", "")
)

# JSON values of any shape, with hostile strings, for import-notes.
JSON_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | HOSTILE,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE, inner, max_size=4),
    max_leaves=12,
)
NOTE_FIELDS = (
    "uid",
    "article_id",
    "text",
    "quote",
    "quote_start",
    "quote_end",
    "detached",
    "created",
    "edited",
)


@st.composite
def notes_files(draw: st.DrawFn) -> object:
    """A file for import-notes: mostly well formed, with hostile or wrong values."""
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        entry = {
            "uid": draw(HOSTILE),
            "article_id": draw(st.sampled_from(["", "00000000deadbeef"]) | HOSTILE),
            "text": draw(HOSTILE),
            "quote": draw(st.none() | HOSTILE),
            "quote_start": draw(st.none() | st.integers(-5, 10**6)),
            "quote_end": draw(st.none() | st.integers(-5, 10**6)),
            "detached": draw(st.booleans()),
            "created": "2022-01-01T00:00:00+00:00",
            "edited": "2022-01-01T00:00:00+00:00",
        }
        if draw(st.booleans()):  # one field takes any JSON value
            entry[draw(st.sampled_from(NOTE_FIELDS))] = draw(JSON_VALUE)
        entries.append(entry)
    data: object = {
        "version": draw(st.sampled_from([1, 1, 1, 2, "1", True])),
        "notes": draw(st.one_of(st.just(entries), JSON_VALUE)),
        "bookmarks": draw(st.lists(HOSTILE | JSON_VALUE, max_size=3)),
    }
    return draw(st.one_of(st.just(data), st.just(data), JSON_VALUE))


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database of the seeds, to be copied for each example; and one article's id."""
    db = tmp_path_factory.mktemp("output") / "base.db"
    with Store.open(db) as store:
        import_paths(store, [SEEDS])
        article = next(s.id for s in store.page(0, 10) if KIM_TITLE_WORD in s.title)
    assert not db.with_name("base.db-wal").exists()  # closed: the copies are whole
    return db, article


def reader(*argv: str) -> tuple[int, str]:
    """Run the CLI in this process; its exit code and everything it wrote."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def check(code: int, text: str, what: str) -> None:
    assert code in (0, 1, 2), (what, code, text[-500:])
    assert "Traceback" not in text, (what, text[-2000:])
    leaked = DANGEROUS & set(text)
    assert not leaked, (what, sorted(map(hex, map(ord, leaked))), text[-500:])


@contextlib.contextmanager
def copy_of(base: Path):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="reader-out-") as work:
        db = Path(work) / "news.db"
        shutil.copyfile(base, db)
        yield db


@CLI_SETTINGS
@given(text=HOSTILE, quote=st.none() | HOSTILE, name=HOSTILE)
def test_notes_and_names_come_out_clean_in_every_output(
    seeded_db: tuple[Path, str], text: str, quote: str | None, name: str
) -> None:
    base, article = seeded_db
    with copy_of(base) as db:
        d = str(db)
        add = ["--db", d, "note", "add", article, text or "-", "--json"]
        check(*reader(*add, *(["--quote", quote] if quote else [])), "note add")
        check(*reader("--db", d, "bookmark", article), "bookmark")
        check(*reader("--db", d, "people", "rename", "Kanye West", name or "-"), "rename")
        check(*reader("--db", d, "people", "alias", "Kim Kardashian", name or "-"), "alias")
        for argv in (
            ["notes"],
            ["notes", "--json"],
            ["bookmarks"],
            ["bookmarks", "--json"],
            ["export"],
            ["export", "--format", "json"],
            ["people", "--all"],
            ["people", "--all", "--json"],
            ["list", "--json"],
            ["search", text or "kim"],
            ["search", text or "kim", "--json"],
            ["show", article],
            ["show", article, "--json"],
        ):
            check(*reader("--db", d, *argv), " ".join(argv))


@CLI_SETTINGS
@given(arg=ARGUMENT, other=ARGUMENT)
def test_any_argument_gets_an_answer_without_a_control(
    seeded_db: tuple[Path, str], arg: str, other: str
) -> None:
    base, article = seeded_db
    with copy_of(base) as db:
        d = str(db)
        for argv in (
            ["show", arg],
            ["show", arg, "--json"],
            ["bookmark", arg],
            ["unbookmark", arg],
            ["note", "add", arg, other],
            ["note", "add", article, arg, "--quote", other],
            ["search", arg],
            ["list", "--person", arg],
            ["people", "rename", arg, other],
            ["people", "alias", arg, other],
            ["people", "merge", arg, other],
            ["people", "hide", arg],
            ["people", "split", arg],
            ["import-notes", arg],
            ["ingest", arg],
        ):
            check(*reader("--db", d, *argv), " ".join(argv[:2]))
        check(*reader("--db", str(db.parent / arg), "list"), "--db")


@CLI_SETTINGS
@given(data=notes_files(), bom=st.booleans())
def test_any_notes_file_is_imported_or_refused_in_one_clean_line(
    seeded_db: tuple[Path, str], data: object, bom: bool
) -> None:
    base, _ = seeded_db
    with copy_of(base) as db:
        path = db.parent / "notes.json"
        text = json.dumps(data, ensure_ascii=False)
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass"))
        code, said = reader("--db", str(db), "import-notes", str(path))
        check(code, said, "import-notes")
        if code == 2:
            assert said.count("\n") == 1, said
        for argv in (["notes"], ["export"], ["notes", "--json"]):
            check(*reader("--db", str(db), *argv), " ".join(argv))


# -- the app ---------------------------------------------------------------------------------


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "".join(s.text for s in app.screen._compositor.render_strips())


@APP_SETTINGS
@given(texts=st.lists(HOSTILE.filter(str.strip), min_size=1, max_size=3))
def test_notes_are_drawn_clean_in_every_view_and_the_editor(
    seeded_db: tuple[Path, str], texts: list[str]
) -> None:
    import asyncio

    from reader.app import make_app
    from reader.app.screens.note_editor import NoteEditor

    base, article = seeded_db

    async def walk(store: Store) -> None:
        app = make_app(store)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await pilot.press("m")  # every note
            await settle(pilot)
            check(0, screen_text(app), "the notes view")
            await pilot.press("enter")  # open the article at the newest note
            await settle(pilot)
            check(0, screen_text(app), "the article with its notes")
            await pilot.press("e")  # edit that note
            await settle(pilot)
            assert isinstance(app.screen, NoteEditor)
            check(0, screen_text(app), "the note editor")

    with copy_of(base) as db, Store.open(db) as store:
        for text in texts:
            store.add_note(article, text)
        asyncio.run(walk(store))
