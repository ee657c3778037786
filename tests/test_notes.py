"""Bookmarks and notes: stored exactly, kept through re-imports, exported and read back."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BBC_STYLE, SEED_000, SEEDS, TITLE_000, TITLE_003, write

from reader.cli import main
from reader.core import Store
from reader.errors import NoteNotFound
from reader.ingest import article_id, import_paths
from reader.storage.notes import locate
from reader.types import Draft

ID_000 = article_id(SEED_000.resolve())


def test_bookmarks_set_and_list_newest_first(seeded: Store) -> None:
    first, second = (s.id for s in seeded.page(0, 2))
    assert seeded.set_bookmark(first, True) is True
    assert seeded.set_bookmark(second, True) is True
    assert [b.article_id for b in seeded.bookmarks()] == [second, first]
    assert [s.id for s in seeded.bookmark_page(0, 10)] == [second, first]
    assert seeded.bookmark_count() == 2
    assert all(s.bookmarked for s in seeded.page(0, 2))
    assert seeded.set_bookmark(first, False) is True
    assert [b.article_id for b in seeded.bookmarks()] == [second]
    # a state, not a toggle: setting it twice changes nothing the second time
    assert seeded.set_bookmark(second[:6], True) is False  # a prefix works too
    assert seeded.set_bookmark(first, False) is False
    assert seeded.bookmark_count() == 1


def test_notes_add_edit_delete_undo(seeded: Store) -> None:
    note = seeded.add_note(ID_000, "First thought")
    assert note.article_title == TITLE_000 and note.quote is None and not note.detached
    edited = seeded.edit_note(note.id, "Second thought")
    assert edited.text == "Second thought" and edited.edited >= note.edited
    assert seeded.page(0, 2)[1].notes == 1
    seeded.delete_note(note.id, undoable=True)
    assert seeded.notes() == []
    seeded.restore_note(note.id)
    assert [n.text for n in seeded.notes()] == ["Second thought"]
    seeded.delete_note(note.id, undoable=True)
    assert seeded.purge_deleted_notes() == 1
    with pytest.raises(NoteNotFound):
        seeded.note(note.id)


def test_a_quote_is_located_in_the_article(seeded: Store) -> None:
    body = seeded.article(ID_000).body
    quote = "a trip to the Asian Art Museum"
    note = seeded.add_note(ID_000, "Nice", quote=quote)
    assert body[note.quote_start : note.quote_end] == quote
    missing = seeded.add_note(ID_000, "Odd", quote="words that are not there")
    assert missing.detached and missing.quote == "words that are not there"


ANYTHING = [
    "[@click=app.quit]quit[/] [bold]x[/bold]",
    "\x1b]8;;http://evil\x07link\x1b]8;;\x07 and \x1b[31mred",
    "emoji 👩‍👩‍👧 and right-to-left: שלום עולם, مرحبا",
    "x" * 1_000_000,
]


@pytest.mark.parametrize("text", ANYTHING, ids=["markup", "escapes", "emoji-rtl", "1MB"])
def test_a_note_holds_anything_exactly(seeded: Store, text: str) -> None:
    note = seeded.add_note(ID_000, text, quote=text[:50])
    assert seeded.note(note.id).text == text
    assert seeded.note(note.id).quote == text[:50]


def test_notes_and_bookmarks_survive_reimport_of_a_changed_file(store, tmp_path) -> None:
    path = write(tmp_path / "in" / "story.txt", BBC_STYLE)
    import_paths(store, [tmp_path / "in"])
    (summary,) = store.page(0, 1)
    kept = store.add_note(summary.id, "about Google", quote="now owns 8% of search-engine Google")
    moved = store.add_note(summary.id, "about profits", quote="Quarterly profits")
    plain = store.add_note(summary.id, "no quote")
    store.set_bookmark(summary.id)
    write(
        path,
        BBC_STYLE.replace("now owns 8% of search-engine Google", "sold its Google stake").replace(
            "Quarterly profits", "Extra paragraph.\n\nQuarterly profits"
        ),
    )
    report = import_paths(store, [tmp_path / "in"])
    assert report.updated == 1
    by_id = {n.id: n for n in store.notes()}
    assert set(by_id) == {kept.id, moved.id, plain.id}
    assert by_id[kept.id].detached and by_id[kept.id].quote == kept.quote
    body = store.article(summary.id).body
    assert not by_id[moved.id].detached
    assert body[by_id[moved.id].quote_start : by_id[moved.id].quote_end] == "Quarterly profits"
    assert by_id[moved.id].quote_start > moved.quote_start
    assert store.is_bookmarked(summary.id)


def test_drafts_are_kept_until_deleted(seeded: Store) -> None:
    draft = Draft("new:" + ID_000, ID_000, None, "half a tho", None, None, None, "t1")
    seeded.save_draft(draft)
    seeded.save_draft(Draft(draft.key, ID_000, None, "half a thought", None, None, None, "t2"))
    assert [(d.key, d.text) for d in seeded.drafts()] == [(draft.key, "half a thought")]
    seeded.delete_draft(draft.key)
    assert seeded.drafts() == []


def test_a_draft_says_whether_it_was_kept_on_purpose(seeded: Store) -> None:
    key = Draft.key_for(ID_000)
    seeded.save_draft(Draft(key, ID_000, None, "typed", None, None, None, "t1"))
    assert [d.kept for d in seeded.drafts()] == [False]
    kept = Draft(key, ID_000, None, "typed, kept", None, None, None, "t2", True)
    seeded.save_draft(kept)
    assert seeded.draft(key) == kept
    seeded.save_draft(Draft(key, ID_000, None, "typed again", None, None, None, "t3"))
    assert [(d.text, d.kept) for d in seeded.drafts()] == [("typed again", False)]


EXPECTED_MARKDOWN = """# Bookmarks and notes

## Kim Kardashian ‘Not Speaking’ To Kanye West After His Interview & Birthday Party Drama

*25 January 2022 · bookmarked*

## Looks Like Kim Kardashian And Kanye West Are Finally On Speaking Terms Again

*Erik Swann*

> a trip to the Asian Art Museum

Worth a visit.
Two lines.

A note without a quote.

> a line that was never there
>
> *(this passage is no longer in the article)*

Detached.
"""


def test_markdown_export_is_the_expected_document(seeded: Store) -> None:
    seeded.add_note(ID_000, "Worth a visit.\nTwo lines.", quote="a trip to the Asian Art Museum")
    seeded.add_note(ID_000, "A note without a quote.")
    seeded.add_note(ID_000, "Detached.", quote="a line that was never there")
    seeded.set_bookmark(seeded.page(0, 1)[0].id)
    assert seeded.export_markdown() == EXPECTED_MARKDOWN


def test_json_round_trip_changes_nothing(seeded: Store, tmp_path: Path) -> None:
    seeded.add_note(ID_000, "One", quote="a trip to the Asian Art Museum")
    seeded.add_note(ID_000, "Two [bold]x[/bold] 👩‍👩‍👧")
    seeded.set_bookmark(ID_000)
    exported = seeded.export_notes()
    assert seeded.import_notes(exported) == (0, 0, 0, 0)
    assert seeded.export_notes() == exported
    with Store.open(tmp_path / "other.db") as other:
        import_paths(other, [SEEDS])
        assert other.import_notes(json.loads(json.dumps(exported))) == (3, 0, 0, 0)
        again = other.export_notes()
        assert again["bookmarks"] == exported["bookmarks"]
        strip = [{k: v for k, v in n.items() if k != "id"} for n in exported["notes"]]
        assert [{k: v for k, v in n.items() if k != "id"} for n in again["notes"]] == strip
        assert other.import_notes(again) == (0, 0, 0, 0)
    with pytest.raises(ValueError, match="not a reader notes export"):
        seeded.import_notes({"something": "else"})


def test_cli_bookmarks_notes_export_import(db_path: Path, tmp_path: Path, capsys) -> None:
    db = ["--db", str(db_path)]
    main([*db, "ingest", str(SEEDS)])
    assert main([*db, "bookmark", ID_000[:8]]) == 0
    assert main([*db, "note", "add", ID_000, "Looks good", "--quote", "Irina Shayk"]) == 0
    assert main([*db, "note", "add", ID_000, "Second", "--json"]) == 0
    capsys.readouterr()
    assert main([*db, "bookmarks", "--json"]) == 0
    (mark,) = json.loads(capsys.readouterr().out)
    assert mark["id"] == ID_000 and mark["title"] == TITLE_000 and mark["bookmarked_at"]
    assert main([*db, "notes", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [n["text"] for n in listed] == ["Second", "Looks good"]
    assert set(listed[0]) >= {
        "id",
        "article_id",
        "article_title",
        "text",
        "quote",
        "detached",
        "created",
        "edited",
    }
    assert listed[1]["quote"] == "Irina Shayk" and listed[1]["detached"] is False
    out = tmp_path / "notes.json"
    assert main([*db, "export", "--format", "json", "--output", str(out)]) == 0
    assert main([*db, "note", "delete", str(listed[0]["id"])]) == 0
    assert main([*db, "note", "delete", str(listed[0]["id"])]) == 1
    assert main([*db, "unbookmark", ID_000]) == 0
    capsys.readouterr()
    assert main([*db, "import-notes", str(out)]) == 0
    assert capsys.readouterr().out.strip() == "2 added, 0 updated (notes and bookmarks)"
    assert main([*db, "export", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "> Irina Shayk\n\nLooks good" in text and TITLE_003 not in text
    bad = write(tmp_path / "bad.json", "{not json")
    assert main([*db, "import-notes", str(bad)]) == 2
    assert "cannot read a notes export" in capsys.readouterr().err


WRITER = """
import sys
from reader.core import Store
store = Store.open(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.add_note(sys.argv[2], f"{sys.argv[4]} note {i}")
    if i % 50 == 0:
        store.set_bookmark(sys.argv[2], i % 100 == 0)
"""


@pytest.mark.slow
def test_two_processes_adding_notes_at_once_lose_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), ID_000, "500", name],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store.open(db_path) as store:
        texts = [n.text for n in store.notes()]
        assert store.integrity_ok()
    assert len(texts) == 1000
    assert len({t for t in texts if t.startswith("first")}) == 500


def test_purging_forgets_only_the_deletions_asked_for(seeded: Store) -> None:
    mine, theirs, old = (seeded.add_note(ID_000, t) for t in ("mine", "theirs", "old"))
    for note in (mine, theirs, old):
        seeded.delete_note(note.id, undoable=True)
    seeded._conn.execute("UPDATE notes SET deleted = '2020-01-01' WHERE id = ?", (old.id,))
    assert seeded.purge_deleted_notes([]) == 0
    assert seeded.purge_deleted_notes(before="2021-01-01") == 1  # the old leftover only
    assert seeded.purge_deleted_notes([mine.id]) == 1
    seeded.restore_note(theirs.id)  # another copy's deletion is still undoable
    assert [n.text for n in seeded.notes()] == ["theirs"]


def test_a_long_quote_is_placed_in_linear_time() -> None:
    # A regex of the quote's words tried at every place took about 10 s here.
    body = "a " * 200_000
    started = time.perf_counter()
    assert locate(body, "a " * 2000 + "b") is None
    spaced = "a \n\n " * 2000 + "a"
    assert locate(body, spaced, near=1000) == (1000, 1000 + len("a " * 2000) + 1)
    assert time.perf_counter() - started < 2


def test_a_quote_is_placed_at_the_occurrence_nearest_its_old_place() -> None:
    body = "x the y the z the"
    assert locate(body, "the") == (2, 5)
    assert locate(body, "the", near=9) == (8, 11)
    assert locate(body, "the", near=13) == (14, 17)
    assert locate("one\n\n  two. one   two.", "one two", near=12) == (12, 21)
    assert locate("One two", "one two") is None  # case matters


def test_reimport_keeps_a_quote_on_its_own_repeated_passage(store, tmp_path) -> None:
    path = write(tmp_path / "in" / "story.txt", BBC_STYLE + "\n\nQuarterly profits again.\n")
    import_paths(store, [tmp_path / "in"])
    (summary,) = store.page(0, 1)
    body = store.article(summary.id).body
    second = body.rindex("Quarterly profits")
    note = store.add_note(
        summary.id,
        "the later one",
        quote="Quarterly profits",
        quote_start=second,
        quote_end=second + len("Quarterly profits"),
    )
    write(
        path,
        BBC_STYLE.replace("Quarterly", "Intro.\n\nQuarterly") + "\n\nQuarterly profits again.\n",
    )
    import_paths(store, [tmp_path / "in"])
    moved = store.note(note.id)
    body = store.article(summary.id).body
    assert moved.quote_start == body.rindex("Quarterly profits")
