"""People in the app, driven with Pilot: the panel, the filter, the person view, edits."""

from __future__ import annotations

import pytest
from conftest import SEEDS, TITLE_000, TITLE_003, settle
from textual.widgets import Input, OptionList

from reader.app import make_app
from reader.app.commands import palette_commands
from reader.app.dialogs.chooser import AliasChooser, PersonChooser
from reader.app.dialogs.confirm import ConfirmScreen
from reader.app.dialogs.name import NameDialog
from reader.app.screens.main import FilterBar, MainScreen
from reader.app.screens.people import PeopleScreen
from reader.app.screens.person import CoMentioned, PersonScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.people_list import PeopleList
from reader.app.widgets.reading_pane import ReadingPane
from reader.core import Store
from reader.ingest import import_paths

WIDE = (160, 48)
NARROW = (80, 24)


@pytest.fixture
def store(db_path):
    with Store.open(db_path) as s:
        import_paths(s, [SEEDS])
        yield s


def titles(listing: ArticleList) -> list[str]:
    return [listing.summary_at(i).title for i in range(listing.total)]


def options(widget: OptionList) -> list[str]:
    return [widget.get_option_at_index(i).prompt.plain for i in range(widget.option_count)]


def bar_text(app) -> str:
    bar = app.screen.query_one(FilterBar)
    return bar.render().plain if bar.display else ""


def count_text(app) -> str:
    return app.screen.query_one("#count").render().plain


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_panel(pilot, query: str = "") -> PeopleScreen:
    await pilot.press("@")
    await settle(pilot)
    if query:
        await pilot.press(*query)
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


async def test_find_a_person_despite_a_typo_and_filter_by_them(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(FilterBar).display
        panel = await open_panel(pilot, "kardashain")
        rows = options(panel.query_one(PeopleList))
        assert rows[0].split() == ["2", "Kim", "Kardashian"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        listing = app.screen.query_one(ArticleList)
        assert sorted(titles(listing)) == sorted([TITLE_000, TITLE_003])
        assert bar_text(app).startswith("People: Kim Kardashian")
        assert "x clears" in bar_text(app)

        # add Julia Fox: Space marks her (the list behind follows), Enter goes back
        panel = await open_panel(pilot, "julia")
        await pilot.press("down", "space")
        await settle(pilot)
        assert options(panel.query_one(PeopleList))[0].startswith("✓")
        assert "2 in the filter" in panel.query_one("#people-count").render().plain
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert titles(listing) == [TITLE_003]
        assert bar_text(app).startswith("People: Kim Kardashian × Julia Fox")
        assert count_text(app).strip() == "1 article · 1 unread"

        await pilot.press("x")
        await settle(pilot)
        assert listing.total == 2 and not app.screen.query_one(FilterBar).display
        assert count_text(app).strip() == "2 articles · 2 unread"


async def test_the_panel_makes_the_names_index_before_the_first_letter_is_typed(
    store, monkeypatch
) -> None:
    # The index the panel's search reads takes 0.3 s at 140,000 people: it is made once
    # the list is shown, so that the first letter is answered as fast as the next ones.
    from reader.storage import people_fuzzy

    made: list[int] = []
    make = people_fuzzy._make_fuzzy_index
    monkeypatch.setattr(
        people_fuzzy, "_make_fuzzy_index", lambda conn: made.append(1) or make(conn)
    )
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert made == []
        await open_panel(pilot)
        await app.workers.wait_for_complete()
        assert made == [1]  # nothing typed yet
        await pilot.press(*"kim")
        await settle(pilot)
        panel = app.screen
        assert options(panel.query_one(PeopleList))[0].split()[1:] == ["Kim", "Kardashian"]
        assert made == [1]  # the letters read the index made


async def test_space_takes_a_person_out_again_and_the_chosen_are_marked(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "irina")
        await pilot.press("down", "space")
        await settle(pilot)
        listing = app.screen_stack[0].query_one(ArticleList)
        assert titles(listing) == [TITLE_000]
        await pilot.press("space")  # again: out of the filter
        await settle(pilot)
        assert listing.total == 2
        assert not options(panel.query_one(PeopleList))[0].startswith("✓")
        await pilot.press("space", "escape")  # Esc keeps what Space chose
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert titles(listing) == [TITLE_000]
        assert bar_text(app).startswith("People: Irina Shayk")
        panel = await open_panel(pilot)  # everyone, the chosen one marked
        marked = [row for row in options(panel.query_one(PeopleList)) if row.startswith("✓")]
        assert [row.split("  ")[-1] for row in marked] == ["Irina Shayk"]


async def test_the_filter_combines_with_bookmarks(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        await pilot.press("j", "b", "B")  # bookmark the older article; bookmarks only
        await settle(pilot)
        assert titles(listing) == [TITLE_000]
        await open_panel(pilot, "kanye")
        await pilot.press("enter")
        await settle(pilot)
        assert titles(listing) == [TITLE_000]
        assert count_text(app).strip() == "1 bookmark · 1 unread"
        await open_panel(pilot, "julia")  # Julia Fox is only in the other article
        await pilot.press("enter")
        await settle(pilot)
        assert listing.total == 0
        assert "No bookmarked article mentions" in listing.empty_message
        await pilot.press("B")  # all articles, still filtered
        await settle(pilot)
        assert titles(listing) == [TITLE_003]


def _search_knows_persons() -> bool:
    from reader.search.syntax import parse_query

    return hasattr(parse_query('person:"x"'), "persons")


@pytest.mark.skipif(not _search_knows_persons(), reason="the search has no person: filter yet")
async def test_a_search_is_kept_to_the_filters_people(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kanye")
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        assert listing.total == 2
        app.screen.set_people_filter(store.resolve_people(["Julia Fox"]))
        await settle(pilot)
        assert titles(listing) == [TITLE_003]
        assert app.screen.query_one(Input).value == "kanye"  # the filter is not typed in
        await pilot.press("escape")  # clears the search; the filter stays
        await settle(pilot)
        assert titles(listing) == [TITLE_003]


async def test_the_word_being_typed_matches_as_a_prefix_with_a_filter_set(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.screen.set_people_filter(store.resolve_people(["Julia Fox"]))
        await settle(pilot)
        await pilot.press("slash", *"kan")  # too short for a typo: only as a prefix
        await settle(pilot)
        assert titles(app.screen.query_one(ArticleList)) == [TITLE_003]


async def test_the_reading_pane_names_the_articles_people(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        line = pane.article_text.find("people").text
        assert line.startswith("People: Kanye West (10) · Kim Kardashian (9) · Chicago (4)")
        assert "+2 more" in line
        assert [p.name for p, _ in pane.people][-1] == "Pete Davidson"


async def test_person_view_from_the_reading_pane(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")  # the older article: Kim, Kanye, Irina Shayk
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PersonChooser)
        chooser = app.screen.query_one(OptionList)
        assert [row.split("  ")[-1] for row in options(chooser)] == [
            "Kim Kardashian",
            "Kanye West",
            "Irina Shayk",
        ]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, PersonScreen) and view.person.name == "Irina Shayk"
        articles = view.query_one(ArticleList)
        assert titles(articles) == [TITLE_000]
        co = [row.split() for row in options(view.query_one(CoMentioned))]
        assert [" ".join(row[1:]) for row in co] == ["Kim Kardashian", "Kanye West"]
        assert "1 article" in view.query_one("#person-title").render().plain

        # Enter on a co-mentioned person shows theirs; Esc comes back
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert view.person.name == "Kim Kardashian"
        assert titles(articles) == [TITLE_003, TITLE_000]  # newest first, undated last
        assert options(view.query_one(CoMentioned))[0].split()[1:] == ["Kanye", "West"]
        await pilot.press("escape")
        await settle(pilot)
        assert view.person.name == "Irina Shayk" and app.screen is view

        # Enter on an article opens it in the reading pane and closes the view
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.title == TITLE_000 and pane.has_focus


async def test_person_view_with_one_person_skips_the_chooser_and_f_filters(
    tmp_path, db_path
) -> None:
    from conftest import write

    write(
        tmp_path / "one" / "a.txt",
        "Lonely headline\n\nMaria Callas sang on Tuesday. Everyone listened to Callas.\n",
    )
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS, tmp_path / "one"])
        app = make_app(store)
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            index = titles(listing).index("Lonely headline")
            listing.cursor = index
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("P")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen)
            assert app.screen.person.name == "Maria Callas"
            assert app.screen.has_class("-narrow")
            await pilot.press("f")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert titles(listing) == ["Lonely headline"]
            assert bar_text(app).startswith("People: Maria Callas")


async def test_rename_from_the_panel(store) -> None:
    kim = store.person("Kim Kardashian")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_panel(pilot, "kim")
        await pilot.press("enter")  # in the filter, then renamed: the bar follows
        await settle(pilot)
        panel = await open_panel(pilot, "kim")
        await pilot.press("down", "r")
        await settle(pilot)
        assert isinstance(app.screen, NameDialog)
        assert app.screen.query_one(Input).value == "Kim Kardashian"
        app.screen.query_one(Input).value = "Kim [bold]K[/bold]"  # markup stays text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is panel
        assert store.person_by_id(kim.id).name == "Kim [bold]K[/bold]"
        assert "Renamed Kim Kardashian to Kim [bold]K[/bold]." in notices(app)
        assert options(panel.query_one(PeopleList))[0].endswith("Kim [bold]K[/bold]")
        await pilot.press("escape")
        await settle(pilot)
        assert bar_text(app).startswith("People: Kim [bold]K[/bold]")
        await pilot.press("enter")
        await settle(pilot)
        line = app.screen.query_one(ReadingPane).article_text.find("people").text
        assert "Kim [bold]K[/bold] (9)" in line


async def test_a_rename_that_cannot_be_made_is_a_notification(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_panel(pilot, "julia")
        await pilot.press("down", "r")
        await settle(pilot)
        app.screen.query_one(Input).value = "Kanye West"
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PeopleScreen)
        assert any(n.startswith("Could not rename: 'Kanye West' is already") for n in notices(app))
        assert store.person("Julia Fox").name == "Julia Fox"


async def test_hide_from_the_panel(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "irina")
        await pilot.press("down", "space", "h")  # in the filter, then hidden
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert store.person("Irina Shayk").hidden
        assert "Hidden: Irina Shayk." in notices(app)
        assert options(panel.query_one(PeopleList)) == ["Nobody matches “irina”."]
        assert "in the filter" not in panel.query_one("#people-count").render().plain
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one(FilterBar).display
        assert app.screen.query_one(ArticleList).total == 2


async def test_merge_from_the_panel(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "pete")
        await pilot.press("down", "m")
        await settle(pilot)
        assert isinstance(app.screen, PersonChooser)
        await pilot.press(*"kardashain")
        await settle(pilot)
        rows = options(app.screen.query_one(OptionList))
        assert rows[0].split()[1:] == ["Kim", "Kardashian"]
        assert not any("Pete" in row for row in rows)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is panel
        kim = store.person("Kim Kardashian")
        assert "Pete Davidson" in kim.aliases and store.person("Pete Davidson").id == kim.id
        assert "Merged Pete Davidson into Kim Kardashian." in notices(app)
        rows = options(panel.query_one(PeopleList))
        assert rows[0].split("  ")[-1] == "also Pete Davidson"  # found by the alias


async def open_panel_from_the_palette(pilot) -> PeopleScreen:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"filter by who")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    panel = pilot.app.screen
    assert isinstance(panel, PeopleScreen)
    return panel


async def test_panel_keys_are_in_help_and_the_palette_opens_the_panel(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        names = [command.name for command in palette_commands(app)]
        for expected in (
            "People: filter by who is mentioned",
            "Clear the filters (people, source)",
            "A person in this article: their articles",
            "Rename this person",
            "Hide from lists and filters",
            "Add an alias",
            "Split an alias off",
            "List hidden people too",
        ):
            assert any(name.startswith(expected) for name in names), expected
        await open_panel_from_the_palette(pilot)


async def test_a_long_list_is_cut_and_says_typing_finds_more(store, monkeypatch) -> None:
    from reader.app.screens import people

    monkeypatch.setattr(people, "PEOPLE_LIMIT", 3)
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot)
        rows = options(panel.query_one(PeopleList))
        assert len(rows) == 4 and rows[-1] == "Showing the most mentioned; type to find more."
        await pilot.press("@", *"salm")
        await settle(pilot)
        assert [row.split()[-1] for row in options(panel.query_one(PeopleList))] == ["Psalm"]


async def open_kanyes_view(pilot) -> PersonScreen:
    """Open the newest article, then Kanye West's view (first in the chooser)."""
    await settle(pilot)
    await pilot.press("enter", "P")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    view = pilot.app.screen
    assert isinstance(view, PersonScreen) and view.person.name == "Kanye West"
    return view


async def test_every_people_command_in_the_palette_has_an_action(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await open_kanyes_view(pilot)
        await app.push_screen(PeopleScreen(store))
        await settle(pilot)
        checked = 0
        for screen in (app.screen_stack[-1], app.screen_stack[-2]):
            for command in palette_commands(app):
                area = command.binding.id.split(".", 1)[0]
                wanted = {"people": PeopleScreen, "person": PersonScreen}.get(area)
                if wanted is None or not isinstance(screen, wanted):
                    continue
                assert command.target.usable(screen) and command.target.screen is wanted
                node = (
                    screen
                    if command.target.widget is None
                    else screen.query_one(command.target.widget)
                )
                name = command.binding.action.split("(", 1)[0]
                namespace, _, method = name.rpartition(".")
                owner = {"app": app, "screen": screen, "": node}[namespace]
                assert hasattr(owner, f"action_{method}"), command.binding.id
                checked += 1
        assert checked == 16


# -- aliases, splits, hidden people (a, s, h, H) ----------------------------------------------


def detail(panel: PeopleScreen) -> str:
    return panel.query_one("#people-detail").render().plain


async def search_titles(pilot, query: str) -> list[str]:
    """Search the main screen for ``query``; the titles found, then clear the search."""
    await pilot.press("slash")
    pilot.app.screen.query_one(Input).value = query  # as if typed (key by key is slow)
    await settle(pilot)
    found = sorted(titles(pilot.app.screen.query_one(ArticleList)))
    await pilot.press("escape")
    await settle(pilot)
    return found


async def test_add_an_alias_then_search_by_it_then_split_it_off(store) -> None:
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert await search_titles(pilot, "person:ye") == []
        panel = await open_panel(pilot, "kanye")
        await pilot.press("down", "a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NameDialog) and dialog.query_one(Input).value == ""
        box = dialog.query_one("Vertical").region
        assert box.right <= NARROW[0] and box.bottom <= NARROW[1]  # the prompt fits 80x24
        await pilot.press(*"Ye", "enter")
        await settle(pilot)
        assert app.screen is panel
        assert store.person("Kanye West").aliases == ("Ye",)
        assert "Ye now means Kanye West." in notices(app)
        assert options(panel.query_one(PeopleList))[0].endswith("Kanye West  also Ye")
        assert detail(panel).startswith("Kanye West · also Ye")
        assert "s split one off" in detail(panel)
        await pilot.press("escape")
        await settle(pilot)
        assert await search_titles(pilot, "person:ye") == sorted([TITLE_000, TITLE_003])
        await pilot.press("enter")  # the newest article: "Ye" in its body counts now
        await settle(pilot)
        line = app.screen.query_one(ReadingPane).article_text.find("people").text
        assert line.startswith("People: Kanye West (11)")

        panel = await open_panel(pilot, "kanye")
        await pilot.press("down", "s")  # one alias: asked to confirm
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert store.person("Kanye West").aliases == ()
        assert "Split Ye off Kanye West." in notices(app)
        assert "also" not in detail(panel) and "split" not in detail(panel)
        await pilot.press("s")  # nothing left to split
        await settle(pilot)
        assert app.screen is panel
        assert "Kanye West has no alias to split off." in notices(app)
        await pilot.press("escape")
        await settle(pilot)
        assert await search_titles(pilot, "person:ye") == []
        line = app.screen.query_one(ReadingPane).article_text.find("people").text
        assert line.startswith("People: Kanye West (10)")


async def test_split_asks_which_alias_when_there_are_several(store) -> None:
    store.merge_people("Pete Davidson", "Kanye West")
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "kanye")
        await pilot.press("down", "a")
        await settle(pilot)
        app.screen.query_one(Input).value = "[b]Yeezy[/b]"  # markup stays text
        await pilot.press("enter")
        await settle(pilot)
        assert store.person("Kanye West").aliases == ("Pete Davidson", "[b]Yeezy[/b]")
        assert "also Pete Davidson, [b]Yeezy[/b]" in detail(panel)
        await pilot.press("s")
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, AliasChooser)
        assert options(chooser.query_one(OptionList)) == ["Pete Davidson", "[b]Yeezy[/b]"]
        await pilot.press("escape")  # changed their mind: nothing happens
        await settle(pilot)
        assert app.screen is panel and len(store.person("Kanye West").aliases) == 2
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter")  # the first: Pete Davidson, merged in before
        await settle(pilot)
        assert app.screen is panel
        kanye, pete = store.person("Kanye West"), store.person("Pete Davidson")
        assert kanye.aliases == ("[b]Yeezy[/b]",)
        assert pete.id != kanye.id and pete.articles == 1
        assert "Split Pete Davidson off Kanye West." in notices(app)


async def test_hidden_people_are_listed_on_request_and_h_shows_them_again(store) -> None:
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "irina")
        await pilot.press("down", "h", "y")  # hide, as before
        await settle(pilot)
        assert store.person("Irina Shayk").hidden
        assert options(panel.query_one(PeopleList)) == ["Nobody matches “irina”."]
        await pilot.press("H")
        await settle(pilot)
        assert panel.query_one("#people-title").render().plain == "People + hidden"
        assert options(panel.query_one(PeopleList)) == ["  1  Irina Shayk  (hidden)"]
        assert detail(panel).startswith("Irina Shayk · hidden")
        assert "h show again" in detail(panel)
        await pilot.press("enter")  # a hidden person cannot filter the list
        await settle(pilot)
        assert app.screen is panel and not panel.chosen
        assert "Irina Shayk is hidden; h shows them again." in notices(app)
        await pilot.press("h")  # no question: nothing is lost by showing
        await settle(pilot)
        assert app.screen is panel and not store.person("Irina Shayk").hidden
        assert "Shown again: Irina Shayk." in notices(app)
        assert options(panel.query_one(PeopleList)) == ["  1  Irina Shayk"]
        await pilot.press("H")  # hidden people left out again; Irina is back anyway
        await settle(pilot)
        assert panel.query_one("#people-title").render().plain == "People"
        assert options(panel.query_one(PeopleList)) == ["  1  Irina Shayk"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert titles(app.screen.query_one(ArticleList)) == [TITLE_000]


async def test_the_panels_edits_survive_a_reimport(tmp_path, db_path) -> None:
    from conftest import SEED_003
    from test_people_store import add_paragraph, copy_seeds

    folder = copy_seeds(tmp_path)
    with Store.open(db_path) as store:
        app = make_app(store, seed_paths=[folder])
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)  # the import
            await open_panel(pilot, "kanye")
            await pilot.press("down", "a", *"Ye", "enter")
            await settle(pilot)
            await pilot.press("escape")
            await open_panel(pilot, "chicago")
            await pilot.press("down", "h", "y")
            await settle(pilot)
        assert store.person("Chicago").hidden
        add_paragraph(folder, SEED_003, "Ye spoke again on Monday. Chicago, 4, slept.")

        app = make_app(store, seed_paths=[folder])
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)  # the import again: the changed article is read again
            assert any(n.startswith("Import:") and "1 updated" in n for n in notices(app))
            await pilot.press("enter")
            await settle(pilot)
            line = app.screen.query_one(ReadingPane).article_text.find("people").text
            assert line.startswith("People: Kanye West (12) · Kim Kardashian (9)")
            assert "Chicago" not in line
            assert await search_titles(pilot, "person:ye") == sorted([TITLE_000, TITLE_003])
            panel = await open_panel(pilot, "chicago")
            assert options(panel.query_one(PeopleList)) == ["Nobody matches “chicago”."]
            await pilot.press("down", "H")
            await settle(pilot)
            assert options(panel.query_one(PeopleList)) == ["  1  Chicago  (hidden)"]


async def test_edits_from_a_panel_over_a_person_view_update_it(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_kanyes_view(pilot)
        await open_panel_from_the_palette(pilot)
        await pilot.press(*"kanye", "down", "a", *"Ye", "enter")
        await settle(pilot)
        await pilot.press("m", *"kim", "enter")  # Kanye West into Kim Kardashian
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is view and view.person.name == "Kim Kardashian"
        title = view.query_one("#person-title").render().plain
        assert title.startswith("Kim Kardashian · 2 articles · also Ye, Kanye West")


def footer_keys(screen) -> list[tuple[str, str]]:
    """``(key, description)`` of each key the screen's footer shows."""
    from reader.app.widgets.footer import Footer

    return screen.query_one(Footer).shown


async def test_q_in_the_people_panel_goes_back_to_the_articles_and_does_not_quit(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "kim")
        assert panel.query_one(Input).value == "kim"  # q typed in the search box is text
        await pilot.press("q")
        await settle(pilot)
        assert panel.query_one(Input).value == "kimq"
        await pilot.press("down")
        await settle(pilot)
        assert "Quit" not in [description for _, description in footer_keys(panel)]
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_q_in_a_person_view_goes_back_one_person_then_to_the_articles(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_kanyes_view(pilot)
        assert "Quit" not in [description for _, description in footer_keys(view)]
        await pilot.press("tab", "enter")  # a co-mentioned person's view
        await settle(pilot)
        assert view.person.name != "Kanye West"
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is view and view.person.name == "Kanye West"
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_q_in_a_dialog_answers_no_and_in_a_chooser_cancels(store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "irina")
        await pilot.press("down", "h")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.screen is panel
        assert not store.person("Irina Shayk").hidden
        await pilot.press("m")  # the chooser of whom to merge into
        await settle(pilot)
        assert isinstance(app.screen, PersonChooser)
        await pilot.press("down", "q")  # from its list: q cancels
        await settle(pilot)
        assert app.is_running and app.screen is panel


USER_TABLES = ("person_aliases", "person_overrides", "people", "article_people")


def people_tables(store: Store) -> dict[str, list[tuple]]:
    with store._read() as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in USER_TABLES}


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.rename_person("Kim Kardashian", "Kim K"),
        lambda s: s.merge_people("Pete Davidson", "Kim Kardashian"),
        lambda s: s.add_alias("Kanye West", "Ye"),
        lambda s: s.add_alias("Kanye West", "Kim Kardashian"),  # a person made an alias
        lambda s: s.hide_person("Irina Shayk"),
        lambda s: s.split_alias("Pete Davidson"),  # after the merge made first below
    ],
    ids=["rename", "merge", "alias", "alias-of-a-person", "hide", "split"],
)
def test_undo_puts_the_people_tables_back_as_they_were(store, edit, request) -> None:
    if request.node.callspec.id == "split":
        store.merge_people("Pete Davidson", "Kim Kardashian")
    before = people_tables(store)
    with store.undoable("an edit", "people"):
        edit(store)
    assert people_tables(store) != before
    step = store.undo()
    assert step is not None and step.description == "an edit"
    assert people_tables(store) == before
    assert store.undo() is None


async def test_u_in_the_people_panel_undoes_a_rename_and_says_so(store) -> None:
    kim = store.person("Kim Kardashian")
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        panel = await open_panel(pilot, "kim")
        await pilot.press("down", "r")
        await settle(pilot)
        app.screen.query_one(Input).value = "Kim K"
        await pilot.press("enter")
        await settle(pilot)
        assert store.person_by_id(kim.id).name == "Kim K"
        await pilot.press("u")
        await settle(pilot)
        assert app.screen is panel and store.person_by_id(kim.id).name == "Kim Kardashian"
        assert "Undone: Renamed Kim Kardashian to Kim K." in notices(app)
        assert options(panel.query_one(PeopleList))[0].endswith("Kim Kardashian")
