"""The first screen comes up with as little work as it needs: its rows read before the
app starts are drawn in its first frame."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, TITLE_003

import reader.app
from reader import cli
from reader.app import make_app, read_listing
from reader.app.widgets.article_list import ArticleList
from reader.core import Store
from reader.ingest import import_paths


@pytest.fixture
def seeded_store(db_path: Path):
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        yield store


async def test_the_first_frame_shows_the_rows_read_before_the_app_started(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = read_listing(seeded_store)
    counts = []
    monkeypatch.setattr(seeded_store, "count", lambda: counts.append(1) or 2)
    app = make_app(seeded_store, listing=listing)
    async with app.run_test(size=(80, 24)):
        rows = app.screen.query_one(ArticleList)
        # No pause: shown as the screen was mounted, not after a worker read them again.
        assert rows.loaded
        assert rows.total == 2
        assert rows.summary_at(0).title == TITLE_003
        assert counts == []


def test_the_app_starts_without_the_modules_only_other_screens_need() -> None:
    """The screens, dialogs and palette the first screen does not show, Textual's TextArea
    (the note editor's), the search query's module, the people finder with its name lists
    and the CLI's other commands are imported after it is up (or never)."""
    code = (
        "import sys, importlib\n"
        "import reader.cli\n"
        "from reader.app import make_app\n"
        "from reader.app.app import LATER\n"
        "from reader.core import Store\n"
        "make_app(Store.open(':memory:'))\n"
        "later = [*LATER, 'textual.widgets._text_area', 'reader.app.widgets.note_area',"
        " 'reader.search.query', 'reader.search.syntax', 'reader.people.extract',"
        " 'reader.cli.commands',"
        " 'reader.storage.export', 'reader.storage.export_file']\n"
        "print(sorted(set(later) & set(sys.modules)))\n"
        "for name in LATER: importlib.import_module(name)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_app_starts_with_the_cycle_collector_off(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's collector would walk the objects of the first screen, which all live on;
    the app's own collector (reader.app.heap) takes over once the screen is up."""
    collecting = []

    class App:
        _exception = None
        return_code = 0

        def run(self) -> None:
            collecting.append(gc.isenabled())

    monkeypatch.setattr(reader.app, "make_app", lambda *args, **kwargs: App())
    monkeypatch.setattr(cli, "_on_a_terminal", lambda: True)
    with Store.open(db_path) as store:
        assert cli.run_app(store, seed=False) == 0
    assert collecting == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["--db", "x.db"],
        ["--db=x.db"],
        ["--db="],
        ["--db=-x"],
        ["--db", "a b"],
        ["--config", "c.toml"],
        ["--config=c.toml", "--db", "x.db"],
        ["--db", "x.db", "--config", "c.toml"],
    ],
)
def test_the_words_that_open_the_app_are_read_as_the_parser_reads_them(words) -> None:
    assert cli.app_arguments(words) == cli.build_parser().parse_args(words)


@pytest.mark.parametrize(
    "words",
    [
        ["--db", "-"],
        ["--db"],
        ["list"],
        ["--help"],
        ["--d", "x"],
        ["--config"],
        ["--db", "a", "--db", "b"],
        ["--config", "c.toml", "config", "path"],
    ],
)
def test_other_words_go_to_the_parser(words) -> None:
    assert cli.app_arguments(words) is None


def test_opening_the_app_builds_no_parser(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser was built"))
    monkeypatch.setattr(cli, "_on_a_terminal", lambda: False)  # stops before the app runs
    assert cli.main(["--db", str(db_path)]) == cli.EXIT_USAGE


def test_the_app_starts_making_no_dataclass_but_one() -> None:
    """A dataclass costs 0.5-1 ms to make; the records the start imports are
    :class:`reader.records.Record` classes but one, whose fields are not all compared."""
    code = (
        "import dataclasses\n"
        "made = []\n"
        "process = dataclasses._process_class\n"
        "def counted(cls, *args, **kwargs):\n"
        "    made.append(f'{cls.__module__}.{cls.__qualname__}')\n"
        "    return process(cls, *args, **kwargs)\n"
        "dataclasses._process_class = counted\n"
        "import reader.cli\n"
        "from reader import config\n"
        "from reader.app import make_app, read_listing\n"
        "print(' '.join(sorted(name for name in made if name.startswith('reader.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["reader.people.mentions.AliasScanner"]


def test_the_app_starts_without_what_only_a_config_file_or_other_text_needs() -> None:
    """The start reads no TOML without a config file, quotes no shell words, and compiles
    none of the patterns that only odd text (escapes, noncharacters), JSON output, the
    index's long words or a search's words need."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import reader.cli\n"
        "from reader import clean, config, terms\n"
        "from reader.app import make_app, read_listing\n"
        "from reader.core import Store\n"
        "settings = config.load(Path('/nonexistent/reader/config.toml'))\n"
        "store = Store.open(':memory:')\n"
        "make_app(store, listing=read_listing(store, settings), config=settings)\n"
        "print(sorted({'tomllib', 'shlex'} & set(sys.modules)))\n"
        "made = [clean._remove, clean._astral_remove, clean._json_unsafe, terms._word_re,"
        " terms._long_word_re]\n"
        "print([f.__name__ for f in made if f.cache_info().currsize])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "[]"]


async def test_the_first_screen_is_styled_once(seeded_store: Store) -> None:
    """Each widget is styled as it is mounted; the screen's first resume does not style
    them all again (Textual's does), and the styles are those of the app's CSS."""
    app = make_app(seeded_store, listing=read_listing(seeded_store))
    restyled: list[set[str]] = []
    update_nodes = app.stylesheet.update_nodes

    def counted(nodes, animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.append({type(node).__name__ for node in nodes})
        update_nodes(nodes, animate=animate)

    app.stylesheet.update_nodes = counted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        whole = {"MainScreen", "ArticleList", "ArticleText", "Footer"}
        assert not [names for names in restyled if whole <= names]
        assert str(app.screen.query_one(ArticleList).styles.width) == "42w"  # app.tcss: 42%
        assert app.screen.query_one(ArticleList).outer_size.width == 50  # 42% of 120
