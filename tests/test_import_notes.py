"""import-notes reads an untrusted file: the whole of it is checked against a typed
schema first, every refusal is one line naming the file, entry and field, and a refused
file writes nothing. Notes also have limits, wherever they come in."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import SEED_000, SEEDS, write

from reader.cli import main
from reader.core import Store
from reader.errors import NoteRefused
from reader.ingest import article_id, import_paths
from reader.storage import export_file as export_reading
from reader.storage import notes

ID_000 = article_id(SEED_000.resolve())
GOOD = {
    "uid": "u1",
    "article_id": ID_000,
    "text": "t",
    "quote": "Asian Art Museum",
    "quote_start": 10,
    "quote_end": 26,
    "detached": False,
    "created": "2022-01-01T00:00:00+00:00",
    "edited": "2022-01-01T00:00:00+00:00",
}
HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\u202e x"


@pytest.fixture
def db(db_path: Path) -> list[str]:
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        store.add_note(ID_000, "already here", quote="Asian Art Museum")
        store.set_bookmark(ID_000)
    return ["--db", str(db_path)]


def tables(db: list[str]) -> str:
    """A hash of the user's data, to show that a refused file wrote nothing."""
    with sqlite3.connect(db[1]) as conn:
        rows = [
            conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("notes", "bookmarks")
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def refused(db: list[str], path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import ``path``; it must be refused in one line that names it, and write nothing."""
    before = tables(db)
    capsys.readouterr()
    assert main([*db, "import-notes", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    assert err.startswith(f"reader: error: {path}: "), err
    assert not any(c in err for c in "\x1b\x07\x9b\u202e"), err
    assert tables(db) == before
    return err


def export_file(tmp_path: Path, *entries: object, version: object = 1) -> Path:
    data = {"version": version, "bookmarks": [], "notes": list(entries)}
    return write(tmp_path / "notes.json", json.dumps(data))


WRONG = [
    ("quote_start", "abc", 'notes entry 2 (uid "u1"): quote_start must be a whole number'),
    (
        "quote_start",
        1.5,
        "quote_start must be a whole number from 0 to 2,147,483,647 or null, not 1.5",
    ),
    ("quote_start", True, "quote_start must be a whole number"),
    ("quote_start", -1, "quote_start must be"),
    ("quote_start", 10**30, "quote_start must be a whole number"),
    ("quote_start", 27, "quote_end must be at least quote_start (27), not 26"),
    ("detached", "no", 'detached must be true or false, not "no"'),
    ("text", 5, "text must be text of at most 1,048,576 characters, not 5"),
    ("text", None, "text must be text"),
    ("text", {"a": 1}, "text must be text of at most 1,048,576 characters, not an object"),
    ("text", "\ud800", r'text must be text of at most 1,048,576 characters, not "\ud800"'),
    ("uid", 7, "notes entry 2: uid must be text of 1 to 200 characters, not 7"),
    ("uid", ["a"], "notes entry 2: uid must be text"),
    ("article_id", 123, "article_id must be an article id (16 hex digits), not 123"),
    (
        "article_id",
        HOSTILE,
        r'article_id must be an article id (16 hex digits), not "\x1b]0;PWNED\x07',
    ),
    (
        "created",
        "NaN",
        'created must be an ISO date and time (2022-01-25T10:00:00+00:00), not "NaN"',
    ),
    ("edited", "yesterday", "edited must be an ISO date"),
]


@pytest.mark.parametrize(
    ("key", "value", "expected"), WRONG, ids=[f"{k}={v!r:.20}" for k, v, _ in WRONG]
)
def test_a_wrong_type_is_refused_naming_entry_and_field(
    db, tmp_path, capsys, key, value, expected
) -> None:
    first = {**GOOD, "uid": "u0"}  # valid, and not written either
    path = export_file(tmp_path, first, {**GOOD, key: value})
    assert expected in refused(db, path, capsys)


def test_a_missing_field_and_a_lone_offset_are_refused(db, tmp_path, capsys) -> None:
    lacking = {k: v for k, v in GOOD.items() if k != "edited"}
    assert 'notes entry 1 (uid "u1"): edited must be' in refused(
        db, export_file(tmp_path, lacking), capsys
    )
    assert "edited must be an ISO date and time (2022-01-25T10:00:00+00:00), missing" in refused(
        db, export_file(tmp_path, lacking), capsys
    )
    alone = {**GOOD, "quote_end": None}
    assert "quote_end must be given with the other, not null" in refused(
        db, export_file(tmp_path, alone), capsys
    )
    no_quote = {**GOOD, "quote": None}
    assert "quote must be the quoted text" in refused(db, export_file(tmp_path, no_quote), capsys)
    twice = export_file(tmp_path, GOOD, GOOD)
    assert 'notes entry 2 (uid "u1"): the same uid as entry 1' in refused(db, twice, capsys)


@pytest.mark.parametrize("version", [True, 1.0, "1", 2, None])
def test_only_version_1_the_integer_is_an_export(db, tmp_path, capsys, version) -> None:
    err = refused(db, export_file(tmp_path, GOOD, version=version), capsys)
    assert "not a reader notes export (version 1 expected" in err


def test_an_entry_that_is_a_string_is_shown_escaped(db, tmp_path, capsys) -> None:
    for key in ("notes", "bookmarks"):
        path = write(tmp_path / "s.json", json.dumps({"version": 1, key: [HOSTILE]}))
        err = refused(db, path, capsys)
        assert f'{key} entry 1 must be an object, not "\\x1b]0;PWNED\\x07\\x1b[2J' in err


def test_a_hostile_file_name_is_shown_escaped(db, tmp_path, capsys) -> None:
    path = write(tmp_path / "\x1b]0;PWNED\x07.json", "{}")
    before = tables(db)
    assert main([*db, "import-notes", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b]0;PWNED\\x07.json: not a reader notes export" in err
    assert tables(db) == before


HOSTILE_FILES = {
    "nested lists": ("[" * 100_000, "nested too deeply"),
    "nested objects": ('{"a":' * 50_000, "nested too deeply"),
    "5,000 digits": (
        '{"version": 1' + "0" * 5000 + "}",
        "version 1 expected, not a number of 5,001 digits",
    ),
    "digits in a field": (
        json.dumps({"version": 1, "notes": [{**GOOD, "quote_start": 0}]}).replace(
            '"quote_start": 0', '"quote_start": ' + "9" * 5000
        ),
        "quote_start must be a whole number from 0 to 2,147,483,647 or null,"
        " not a number of 5,000 digits",
    ),
    "NaN": (
        json.dumps({"version": 1, "notes": [{**GOOD, "quote_start": float("nan")}]}),
        "quote_start must be a whole number from 0 to 2,147,483,647 or null, not NaN",
    ),
    "not UTF-8": (b'{"version": 1, "notes": ["\xff"]}', "not UTF-8 text (byte 0xff at offset 26)"),
    "not JSON": ("{not json", "cannot read a notes export (not JSON: Expecting property name"),
    "empty": ("", "the file is empty"),
    "blank": ("\n  \n", "the file is empty"),
    "a list": ("[]", "not a reader notes export"),
}


@pytest.mark.parametrize(("content", "expected"), HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_a_hostile_file_is_refused_in_one_line(db, tmp_path, capsys, content, expected) -> None:
    assert expected in refused(db, write(tmp_path / "bad.json", content), capsys)


def test_what_is_not_a_readable_file_is_refused_in_one_line(
    db, tmp_path, capsys, monkeypatch
) -> None:
    assert "cannot read a notes export (No such file or directory)" in refused(
        db, tmp_path / "none.json", capsys
    )
    assert "it is a folder, not a file" in refused(db, tmp_path, capsys)
    os.mkfifo(tmp_path / "pipe.json")  # refused at once, not waited on
    assert "it is not a regular file" in refused(db, tmp_path / "pipe.json", capsys)
    monkeypatch.setattr(export_reading, "MAX_EXPORT_BYTES", 100)
    big = write(tmp_path / "big.json", json.dumps({"version": 1, "notes": [GOOD]}))
    assert "a notes export may be at most 0 MB; this file is larger" in refused(db, big, capsys)


def test_a_file_with_a_byte_order_mark_is_read(db, tmp_path, capsys) -> None:
    path = write(
        tmp_path / "notepad.json",
        b"\xef\xbb\xbf" + json.dumps({"version": 1, "notes": [GOOD]}).encode(),
    )
    assert main([*db, "import-notes", str(path)]) == 0
    assert capsys.readouterr().out == "1 added, 0 updated (notes and bookmarks)\n"


def test_notes_on_an_article_not_imported_yet_are_kept_and_said_so(db, tmp_path, capsys) -> None:
    elsewhere = "0123456789abcdef"
    data = {
        "version": 1,
        "bookmarks": [{"article_id": elsewhere, "bookmarked_at": "2022-01-01T00:00:00"}],
        "notes": [{**GOOD, "article_id": elsewhere}],
    }
    path = write(tmp_path / "n.json", json.dumps(data))
    assert main([*db, "import-notes", str(path)]) == 0
    assert capsys.readouterr().out == (
        "2 added, 0 updated (notes and bookmarks); 2 of the file's notes and bookmarks are on"
        " articles not in this database (kept: they show once those articles are imported)\n"
    )
    with Store.open(db[1]) as store:
        assert [n.text for n in store.notes() if n.article_id == elsewhere] == ["t"]


# -- limits -------------------------------------------------------------------------------


def test_a_note_longer_than_a_megabyte_is_refused_everywhere(
    seeded: Store, tmp_path, capsys
) -> None:
    seeded.add_note(ID_000, "x" * notes.MAX_NOTE_CHARS)  # the most is allowed
    big = "x" * (notes.MAX_NOTE_CHARS + 1)
    with pytest.raises(
        NoteRefused,
        match=r"a note may hold at most 1,048,576 characters; this one has 1,048,577",
    ):
        seeded.add_note(ID_000, big)
    note = seeded.add_note(ID_000, "short")
    with pytest.raises(NoteRefused, match="at most 1,048,576 characters"):
        seeded.edit_note(note.id, big)
    assert seeded.note(note.id).text == "short"
    with pytest.raises(NoteRefused, match="quoted passage may hold at most 100,000 characters"):
        seeded.add_note(ID_000, "n", quote="q" * (notes.MAX_QUOTE_CHARS + 1))
    assert len(seeded.notes()) == 2
    with pytest.raises(
        ValueError, match=r'notes entry 1 \(uid "u1"\): text must be text of at most 1,048,576'
    ):
        seeded.import_notes({"version": 1, "notes": [{**GOOD, "text": big}]})


def test_note_add_over_a_limit_is_one_line(db, capsys, monkeypatch) -> None:
    monkeypatch.setattr(notes, "MAX_NOTE_CHARS", 10)
    assert main([*db, "note", "add", ID_000, "x" * 11]) == 1
    err = capsys.readouterr().err
    assert err == (
        "reader: error: a note may hold at most 10 characters; this one has 11; nothing was saved\n"
    )


def test_the_count_of_notes_is_capped_per_article_and_in_all(
    seeded: Store, tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(notes, "MAX_NOTES_PER_ARTICLE", 3)
    monkeypatch.setattr(notes, "MAX_NOTES", 4)
    other = seeded.page(0, 2)[0].id
    for i in range(3):
        seeded.add_note(ID_000, f"n{i}")
    with pytest.raises(
        NoteRefused, match=f"article {ID_000} would have 4 notes; an article may have at most 3"
    ):
        seeded.add_note(ID_000, "one more")
    seeded.add_note(other, "fourth")
    with pytest.raises(
        NoteRefused, match="this would make 5 notes; the reader keeps at most 4 in all"
    ):
        seeded.add_note(other, "fifth")
    assert len(seeded.notes()) == 4
    exported = seeded.export_notes()
    for note in list(seeded.notes()):
        seeded.delete_note(note.id)
    seeded.add_note(ID_000, "a new one")
    monkeypatch.setattr(notes, "MAX_NOTES", 10)
    with pytest.raises(
        ValueError, match="would have 4 notes; an article may have at most 3; nothing was imported"
    ):
        seeded.import_notes(exported)
    assert [n.text for n in seeded.notes()] == ["a new one"]
    monkeypatch.setattr(export_reading, "MAX_NOTES", 2)
    with pytest.raises(ValueError, match="the file holds 4 notes; the reader keeps at most 2"):
        seeded.import_notes(exported)
