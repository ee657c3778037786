"""The installed ``reader`` command in a real terminal (tmux), as a person would see it."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import SEEDS, TITLE_000, write

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

READER = Path(sys.executable).with_name("reader")


class Tmux:
    """One detached tmux session on a private socket."""

    def __init__(self, width: int, height: int, *command: str) -> None:
        self.socket = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.size = (width, height)
        self._run(
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            str(width),
            "-y",
            str(height),
            "env TERM=xterm-256color " + " ".join(command) + "; sleep 30",
        )

    def _run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return result.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", "t")

    def title(self) -> str:
        """The pane's title, as the program in it last set it (OSC 0 or 2)."""
        return self._run("display-message", "-p", "-t", "t", "#{pane_title}")

    def keys(self, *keys: str) -> None:
        self._run("send-keys", "-t", "t", *keys)

    def wait_for(self, text: str, seconds: float = 20) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.mark.skipif(not READER.exists(), reason="the reader command is not installed")
def test_installed_command_shows_the_seeds_at_80x24(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    subprocess.run(
        [str(READER), "--db", str(db), "ingest", str(SEEDS)], check=True, capture_output=True
    )
    term = Tmux(80, 24, str(READER), "--db", str(db))
    try:
        screen = term.wait_for("Looks Like Kim Kardashian And Kanye West")
        assert "Kim Kardashian ‘Not Speaking’ To Kanye West" in screen
        assert "2 articles" in screen
        term.keys("j", "Enter")
        screen = term.wait_for("Senior Content Producer")
        assert TITLE_000.split()[0] in screen
        term.keys("q")  # the article fills the screen: q goes back to the list
        term.wait_for("Erik Swann · 2 min")  # a row of the list, not the article
        term.keys("q")  # and from the list, quits
        term.wait_for("Looks Like", 1)  # still drawn while quitting is fine
        end = time.monotonic() + 10
        while "articles" in term.screen() and time.monotonic() < end:
            time.sleep(0.1)
        assert "2 articles" not in term.screen()
    finally:
        term.close()


@pytest.mark.skipif(not READER.exists(), reason="the reader command is not installed")
def test_editing_a_note_with_escape_sequences_leaves_the_terminal_s_title(tmp_path: Path) -> None:
    """A note holding OSC 0 (set the title) and OSC 52 (write the clipboard), opened in the
    editor in a real terminal: the terminal's title stays as it was."""
    from reader.core import Store

    db = tmp_path / "news.db"
    subprocess.run(
        [str(READER), "--db", str(db), "ingest", str(SEEDS)], check=True, capture_output=True
    )
    with Store.open(db) as store:
        first = store.page(0, 1)[0].id  # the article Enter opens
    note = "esc \x1b]0;PWNED-LEAK\x07 title \x1b]52;c;ZWNobyBoaQ==\x07 clip \u202e bidi"
    subprocess.run(
        [str(READER), "--db", str(db), "note", "add", first, note], check=True, capture_output=True
    )
    term = Tmux(100, 30, str(READER), "--db", str(db))
    try:
        term.wait_for("Erik Swann · 2 min")  # a row of the list, not the article
        before = term.title()
        term.keys("Enter")
        term.wait_for("min read")  # the article is open
        term.keys("]")
        term.wait_for("Notes (1)")
        term.keys("e")
        screen = term.wait_for("Ctrl+S save")
        assert term.title() == before and "PWNED" not in term.title()
        assert "esc  title  clip  bidi" in screen
        term.keys("Escape", "q")
    finally:
        term.close()


def _generated_archive(folder: Path, count: int) -> Path:
    """``count`` short articles, each naming two of a few people (for the people panel)."""
    people = ["Martha Stewart", "Tom Hanks", "Vera Drake", "Zeta Jones", "Bob Marley"]
    for i in range(count):
        one, two = people[i % len(people)], people[(i + 2) % len(people)]
        text = (
            f"Story number {i} of the fast typing archive\n\n"
            f"{one} spoke to reporters on day {i} about the plans for the city.\n\n"
            f"{two} said later that {one} had been right all along, and the plans went on.\n\n"
            f"Officials said the work would take {i + 2} months to finish.\n"
        )
        write(folder / f"story_{i:03d}.txt", text)
    return folder


def _type_like_a_person(term: Tmux, keys: list[str], pace: random.Random) -> None:
    """Each key 20-50 ms after the one before: literal text, or tmux's name for a key."""
    for key in keys:
        if key in ("Enter", "Escape", "C-s", "Up", "Down"):
            term.keys(key)
        else:
            term.keys("-l", key)
        time.sleep(pace.uniform(0.02, 0.05))


def _reader_json(db: Path, *args: str) -> list:
    done = subprocess.run(
        [str(READER), "--db", str(db), *args, "--json"], check=True, capture_output=True
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not READER.exists(), reason="the reader command is not installed")
def test_keys_typed_as_fast_as_a_person_go_where_they_were_aimed(tmp_path: Path) -> None:
    """20-50 ms between keys, five rounds of each: a query after ``/`` lands in the search
    box; ``j…j a``, a note and Ctrl+S file the note on the article the cursor was on; a name
    after ``p`` fills the people panel's search box and runs none of its commands."""
    db = tmp_path / "news.db"
    archive = _generated_archive(tmp_path / "archive", 36)
    subprocess.run(
        [str(READER), "--db", str(db), "ingest", str(archive)], check=True, capture_output=True
    )
    order = [s["id"] for s in _reader_json(db, "list")]
    pace = random.Random(12)
    term = Tmux(120, 32, str(READER), "--db", str(db))
    try:
        term.wait_for("36 articles")
        for query in ["vera drake", "bob marley", "tom hanks", "zeta jones", "martha"]:
            # Right after the reading pane took the keys (Enter), as after the start.
            _type_like_a_person(term, ["Enter", "/", *query], pace)
            top = term.wait_for(query, 5).splitlines()[0]
            assert query in top, top
            assert "New note" not in term.screen()
            term.keys("Escape")  # clears the search, back to the list
            term.wait_for("36 articles", 5)
        for old, new in [("vera", "bob marley"), ("tom", "zeta jones"), ("zeta", "martha")]:
            # Escape, then / and a new query at once: Textual waited 100 ms after an
            # Escape for the rest of a sequence and read "Esc /" as "/" alone.
            _type_like_a_person(term, ["/", *old], pace)
            term.wait_for(old, 5)
            _type_like_a_person(term, ["Escape", "/", *new], pace)
            top = term.wait_for(new, 5).splitlines()[0]
            assert new in top and old not in top, top
            term.keys("Escape")
            term.wait_for("36 articles", 5)
        for n in range(1, 6):
            _type_like_a_person(term, ["g", *"j" * n, "a", *f"note {n}", "C-s"], pace)
            end = time.monotonic() + 10
            while len(notes := _reader_json(db, "notes")) < n and time.monotonic() < end:
                time.sleep(0.1)
            mine = [note for note in notes if note["text"] == f"note {n}"]
            assert len(mine) == 1 and mine[0]["article_id"] == order[n], (n, notes)
        for name in ["martha stewart", "tom hanks", "vera drake", "zeta jones", "bob marley"]:
            _type_like_a_person(term, ["@", *name], pace)
            screen = term.wait_for(name, 5)
            assert name in screen.splitlines()[0], screen
            for question in ("Hide", "Merge", "Rename", "theme"):
                assert question not in screen, screen
            term.keys("Escape")  # back to the articles
            term.wait_for("36 articles", 5)
        assert _reader_json(db, "bookmarks") == []
        assert len(_reader_json(db, "notes")) == 5
    finally:
        term.close()


@pytest.mark.skipif(not READER.exists(), reason="the reader command is not installed")
def test_up_in_the_search_box_brings_back_earlier_searches_typed_as_a_person_types(
    tmp_path: Path,
) -> None:
    """``/``, a query and Enter, twice; then ``/`` and Up, 20-50 ms between keys: the last
    search comes back, then the one before it, and the next start has them too."""
    db = tmp_path / "news.db"
    archive = _generated_archive(tmp_path / "archive", 12)
    subprocess.run(
        [str(READER), "--db", str(db), "ingest", str(archive)], check=True, capture_output=True
    )
    pace = random.Random(7)

    def top_line(term: Tmux, text: str) -> str:
        return term.wait_for(text, 5).splitlines()[0]

    term = Tmux(100, 24, str(READER), "--db", str(db))
    try:
        term.wait_for("12 articles")
        for query in ["vera drake", "bob marley"]:
            _type_like_a_person(term, ["/", *query, "Enter"], pace)
            assert query in top_line(term, query)
        _type_like_a_person(term, ["Escape", "/", "Up"], pace)  # the search ends, then Up
        top = top_line(term, "bob marley")
        assert "results" in top, top
        _type_like_a_person(term, ["Up"], pace)
        top = top_line(term, "vera drake")
        assert "bob marley" not in top, top
        _type_like_a_person(term, ["Down", "Down"], pace)  # a later one, then what was typed
        term.wait_for("12 articles", 5)
    finally:
        term.close()
    term = Tmux(100, 24, str(READER), "--db", str(db))
    try:
        term.wait_for("12 articles")
        _type_like_a_person(term, ["/", "Up"], pace)
        assert "bob marley" in top_line(term, "bob marley")
    finally:
        term.close()


@pytest.mark.skipif(not READER.exists(), reason="the reader command is not installed")
def test_quitting_during_a_refresh_that_never_ends_quits_at_once(tmp_path: Path) -> None:
    """A feed whose server never answers would hold a refresh for its whole time limit;
    q still ends the app at once."""
    from reader.core import Store
    from tests.feed_servers import FeedServer, silent

    db = tmp_path / "news.db"
    with FeedServer() as server:
        with Store.open(db) as store:
            store.add_feed(server.route("/never", silent()))
        term = Tmux(80, 24, str(READER), "--db", str(db), "; echo EXITED")
        try:
            term.wait_for("Search")
            term.keys("R")
            deadline = time.monotonic() + 10  # a loaded machine takes more than 0.5 s
            while not server.seen("/never") and time.monotonic() < deadline:
                time.sleep(0.05)
            assert server.seen("/never"), "the refresh is under way"
            started = time.monotonic()
            term.keys("q")
            term.wait_for("EXITED", seconds=10)
            assert time.monotonic() - started < 3
        finally:
            term.close()
