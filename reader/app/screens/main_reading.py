"""The main screen's reading pane: the article chosen in the list, read in a worker.

An article opened (Enter, or a note or a person's article chosen elsewhere) makes the
reading pane the pane in use; the keys typed after it wait until it is shown, so that
they act on it (:meth:`reader.app.keys.KeyQueue.hold`). The latest load wins: an older
one still reading when a newer began is dropped (a generation number says which).
``>``/``<`` step through a search's matches in it.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its workers
run on the screen, as Textual's ``@work`` needs.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from reader.app.jobs import show_from_thread
from reader.app.screens.main_base import MainBase
from reader.app.widgets.note_card import NoteCard
from reader.types import Article, Note, Person


class MainReading(MainBase):
    """The main screen's reading pane: loads and shows articles in it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._article_generation = 0
        #: Ends the hold on the keys typed since an article was opened (it is being read).
        self._hold_keys: Callable[[], None] | None = None
        #: The match step (``>`` or ``<``) that opened the article being loaded: taken
        #: once it is shown, so that the key ends at a match however long the load took.
        self._match_step: Callable[[], None] | None = None

    def load_article(
        self,
        article_id: str,
        terms: tuple[str, ...] = (),
        focus: bool = False,
        note_id: int | None = None,
    ) -> None:
        """Show the article in the reading pane (read in a worker); the latest call wins.

        With ``focus``, the user opened it: the reading pane is the pane in use, and takes
        the focus once the article is in it; with ``note_id``, that note of it does.
        """
        self._article_generation += 1
        self._let_keys_go()
        self._match_step = None  # a newer load: the step was for the one before
        pane = self.reading_pane
        if pane.article is not None and pane.article.id != article_id:
            self.keep_place()
        if focus or note_id is not None:
            self.mark_opened(article_id)
            self.stop_preview()  # else its load, coming after, would win
            self._set_reading(True)
        if (
            note_id is None
            and pane.article is not None
            and pane.article.id == article_id
            and pane.terms == terms
        ):
            # Shown already (the preview): focused at once, not later from a worker, which
            # could take the focus back from the list after an Esc typed meanwhile.
            if focus:
                self.set_focus(pane)
            return
        if focus or note_id is not None:
            # The keys typed after it are for the article opened: they wait for it.
            self._hold_keys = self.keys.hold()
        self._load_article(self._article_generation, article_id, terms, focus, note_id)

    def show_no_article(self) -> None:
        """The list shows no article (an empty view or filter): the article previewed
        beside it goes, and so does a preview on its way. An article the user opened and
        is reading (the pane has the focus) stays."""
        pane = self.reading_pane
        if pane.article is None or pane.has_focus_within:
            return
        self.stop_preview()
        self._article_generation += 1  # a load under way is not shown
        self.keep_place()
        pane.show_nothing()

    def _let_keys_go(self) -> None:
        if self._hold_keys is not None:
            self._hold_keys()
            self._hold_keys = None

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(
        self,
        generation: int,
        article_id: str,
        terms: tuple[str, ...],
        focus: bool,
        note_id: int | None,
    ) -> None:
        try:
            article = self.store.article(article_id)
            notes = self.store.notes(article.id)
            people = self.store.article_people(article.id)
            place = self.store.place(article.id) if not terms and note_id is None else 0.0
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            self.app.call_from_thread(self._let_keys_go)
            raise
        show_from_thread(
            self.app,
            self._show_article,
            generation,
            article,
            terms,
            notes,
            people,
            focus,
            note_id,
            place,
        )

    async def _show_article(
        self,
        generation: int,
        article: Article,
        terms: tuple[str, ...],
        notes: list[Note],
        people: list[tuple[Person, int]],
        focus: bool,
        note_id: int | None,
        place: float = 0.0,
    ) -> None:
        if generation != self._article_generation:
            # An older load that was still reading when a newer one began (a thread
            # cannot be stopped): showing it now would undo the newer one.
            return
        pane = self.reading_pane
        await pane.show_article(article, terms, notes, people)
        if not focus and note_id is None and self.preview_marks_read():
            self.mark_opened(article.id)
        if place:
            self.call_after_refresh(self.go_to_place, article, place)
        self._update_topbar()
        if note_id is not None:
            for card in pane.query(NoteCard):
                if card.note.id == note_id:
                    card.focus()
                    pane.scroll_to_widget(card, animate=False, immediate=True)
                    break
        elif focus and self.reading:  # unless the user went back to the list meanwhile (Esc)
            self.set_focus(pane)
        step, self._match_step = self._match_step, None
        if step is not None and (self.reading or not focus):  # not after Esc, as above
            self._take_match_step(step)
        self._let_keys_go()

    def action_next_match(self) -> None:
        self._step_match(self.reading_pane.action_next_match)

    def action_previous_match(self) -> None:
        self._step_match(self.reading_pane.action_previous_match)

    def _step_match(self, step: Callable[[], None]) -> None:
        """Take ``step`` (``>`` or ``<``) through the reading pane's matches.

        From the list, the matches are the list's article's. On a narrow screen the list
        hides the pane: that article is opened first, as Enter opens it. On a wide one
        its preview may still be on its way (``>`` typed right after Enter). Either way,
        if the pane does not hold it yet, the step waits for it to load and
        ``_show_article`` takes it: the key ends at the same match however long the
        load took, and the keys typed after it wait too."""
        if not self.reading:
            current, hit = self.article_list.current, self.article_list.current_hit
            if current is None:
                return
            terms = hit.terms if hit else ()
            narrow = self.has_class("-narrow")
            pane = self.reading_pane
            shown = pane.article is not None and pane.article.id == current.id
            if narrow or not (shown and pane.terms == terms):
                if not narrow:
                    self.stop_preview()  # its load, coming after, would drop the step
                self.load_article(current.id, terms, focus=narrow)
                if not narrow:  # a preview: the keys wait for it as for an article opened
                    self._hold_keys = self.keys.hold()
                if not narrow or self.focused is not pane:  # not shown at once
                    self._match_step = step
                    return
        self._take_match_step(step)

    def _take_match_step(self, step: Callable[[], None]) -> None:
        step()  # the pane rings the bell if there are no matches
        self._update_topbar()

    async def action_fulltext(self) -> None:
        """The article's full text from its web page, fetched in a worker; on an article
        that has it already, the feed's own text and back."""
        pane = self.reading_pane
        if await pane.toggle_feed_text():
            return
        article = pane.article
        if article is None:
            return
        if not article.url:
            self.notify("This article has no web page to fetch its full text from", markup=False)
            return
        self.notify(f"Fetching the full text from {article.url} …", markup=False, timeout=3)
        self._fetch_fulltext(article.id)

    @work(thread=True, exclusive=True, group="fulltext", exit_on_error=False)
    def _fetch_fulltext(self, article_id: str) -> None:
        self.store.fetch_fulltext(article_id)
        self.app.call_from_thread(self._fulltext_fetched, article_id)

    def _fulltext_fetched(self, article_id: str) -> None:
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == article_id:
            pane.article = None  # shown again, with its new text
            self.load_article(article_id, pane.terms)

    def open_note(self, note: Note) -> None:
        """Show ``note``'s article in the reading pane, scrolled to the note."""
        self.load_article(note.article_id, note_id=note.id)
