"""The main screen's notes and bookmarks: the editor, drafts, deleting, undoing.

``b`` bookmarks the article the command is about (``B`` shows the bookmarks only).

A note is written in the editor (:mod:`reader.app.screens.note_editor`) on the article
the command is about, quoting the passage selected in the reading pane, if any. What is
typed is kept as a draft until the note is saved, so a note the store refuses (or a
crash) loses nothing: the editor opens again with it, or the next start offers it back.
A note deleted can be undone (``u``) until the screen closes, which forgets it for good.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its handlers
and workers run on the screen, as Textual's ``@on`` and ``@work`` need.
"""

from __future__ import annotations

from contextlib import suppress

from textual import on, work

from reader.app.jobs import show_from_thread
from reader.app.screens.main_base import MainBase
from reader.app.widgets.note_card import NoteCard
from reader.dates import now
from reader.errors import ReaderError
from reader.types import ArticleSummary, Draft, Note


class MainNotes(MainBase):
    """The main screen's bookmarks and notes: set, write, edit, delete, undo; drafts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The notes deleted on this screen: they can be undone until it closes.
        self._deleted: list[int] = []

    # -- bookmarks ------------------------------------------------------------------------

    def action_bookmark(self) -> None:
        """Set the state opposite to the one shown, not to the one stored: another copy of
        the reader may have changed it since, and ``b`` on a row shown without ★ means
        "bookmark it" whatever that copy did."""
        target = self._target()
        if target is None:
            self.app.bell()
            return
        on = not self._shows_bookmarked(target)
        self._show_bookmark(target.id, on)  # at once: a second b asks for the opposite again
        self.set_bookmark(target.id, target.title, on)

    def _shows_bookmarked(self, target: ArticleSummary) -> bool:
        """Whether the screen shows ``target`` bookmarked: its row's ★ when the list holds
        it, else what the reading pane knows of its article."""
        row = self.article_list.loaded_summary(target.id)
        if row is not None:
            return row.bookmarked
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == target.id:
            return pane.bookmarked
        return target.bookmarked

    def _show_bookmark(self, article_id: str, on: bool) -> None:
        self.article_list.update_summary(article_id, bookmarked=on)
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == article_id:
            pane.bookmarked = on

    @work(thread=True, group="user-data", exit_on_error=False)
    def set_bookmark(self, article_id: str, title: str, on: bool) -> None:
        said = f"{'Bookmarked' if on else 'Bookmark removed'}: {title}"
        try:
            with self.store.undoable(said, "bookmark", article_id):
                changed = self.store.set_bookmark(article_id, on)
        except Exception:  # reported as any failed job is; the screen goes back as it was
            self.app.call_from_thread(self._show_bookmark, article_id, not on)
            raise
        self.app.call_from_thread(self._bookmarked, title, on, changed)

    def _bookmarked(self, title: str, on: bool, changed: bool) -> None:
        if on:
            said = "Bookmarked" if changed else "Already bookmarked"
        else:
            said = "Bookmark removed" if changed else "No bookmark to remove"
        self.notify(f"{said}: {title}{'  (u undoes it)' if changed else ''}", markup=False)
        # In the bookmarks view a removed row stays, without its ★, until the view is
        # left: the cursor stays on it, and a second b puts the bookmark back.

    def action_bookmarks(self) -> None:
        self.view = "all" if self.view == "bookmarks" else "bookmarks"
        if self.searching:
            self.action_clear_search()
        else:
            self.reload(held=True)

    # -- notes ----------------------------------------------------------------------------

    def action_new_note(self) -> None:
        """A note on the article the command is about: in the list, the one under the
        cursor, even while the reading pane is still reading it."""
        target = self._target()
        if target is None:
            self.notify("Open an article first, then press a to add a note.", markup=False)
            return
        self.open_editor(target.id, target.title, quote=self._selected_passage(target.id))

    def _selected_passage(self, article_id: str) -> str | None:
        """The passage picked with the mouse or the keyboard (v) in the reading pane, if
        the pane shows ``article_id``: a passage of another article is no quote for it."""
        pane = self.reading_pane
        if pane.article is None or pane.article.id != article_id:
            return None
        mouse = self.get_selected_text()
        if mouse and mouse.strip():
            return " ".join(mouse.split())
        return pane.selected_text()

    def open_editor(
        self,
        article_id: str,
        title: str,
        *,
        quote: str | None = None,
        note: Note | None = None,
        text: str | None = None,
    ) -> None:
        if self.store.read_only_notice:  # refused now, not after the note is written
            self.notify(self.store.read_only_notice, severity="warning", markup=False)
            return
        key = Draft.key_for(article_id, note.id if note else None)
        kept = self.store.draft(key) if text is None else None
        if kept is not None:  # closed with Esc before: the text typed comes back
            text, quote = kept.text, kept.quote
            self.notify("Your draft is back (Esc on an empty note drops it).", markup=False)

        def save_draft(draft_text: str, kept: bool) -> None:
            note_id = note.id if note else None
            self.save_draft(
                Draft(key, article_id, note_id, draft_text, quote, None, None, now(), kept)
            )

        def done(result: str | None) -> None:
            self.reading_pane.clear_selection()
            if editor.kept:
                self.notify("Kept as a draft: a opens it again.", markup=False)
                return
            self.finish_note(key, article_id, result, quote, note.id if note else None, title)

        from reader.app.screens.note_editor import NoteEditor

        heading = f"{'Edit note' if note else 'New note'} on: {title}"
        initial = text if text is not None else (note.text if note else "")
        editor = NoteEditor(
            heading,
            text=initial,
            quote=quote if not note else note.quote,
            on_draft=save_draft,
            draft=kept is not None or text is not None,
        )
        self.app.push_screen(editor, done)

    @work(thread=True, group="drafts", exit_on_error=False)
    def save_draft(self, draft: Draft) -> None:
        self.store.save_draft(draft)

    @work(thread=True, group="user-data", exit_on_error=False)
    def finish_note(
        self,
        key: str,
        article_id: str,
        text: str | None,
        quote: str | None,
        note_id: int | None,
        title: str = "",
    ) -> None:
        store = self.store
        if text is not None:
            # A draft until it is saved, kept in this thread before the write (and so
            # deleted after it): a note refused stays a draft, nothing typed is lost.
            with suppress(ReaderError):
                store.save_draft(Draft(key, article_id, note_id, text, quote, None, None, now()))
            try:
                if note_id is None:
                    store.add_note(article_id, text, quote=quote)
                else:
                    store.edit_note(note_id, text)
            except ReaderError as exc:  # refused (a limit, the disk): the text goes back
                self.app.call_from_thread(self._note_refused, exc, article_id, title, text, quote)
                return
        store.delete_draft(key)
        if text is not None:
            show_from_thread(self.app, self._notes_changed, article_id, store.notes(article_id))

    def _note_refused(
        self, error: ReaderError, article_id: str, title: str, text: str, quote: str | None
    ) -> None:
        """A note the store refused opens again in the editor, with the reason."""
        self.notify(f"The note was not saved: {error}", severity="error", markup=False)
        self.open_editor(article_id, title or article_id, quote=quote, text=text)

    async def _notes_changed(self, article_id: str, notes: list[Note]) -> None:
        self.article_list.update_summary(article_id, notes=len(notes))
        if self.reading_pane.article is not None and self.reading_pane.article.id == article_id:
            await self.reading_pane.show_notes(notes)

    @on(NoteCard.Edit)
    def _edit_note(self, event: NoteCard.Edit) -> None:
        note = event.note
        self.open_editor(note.article_id, note.article_title or note.article_id, note=note)

    @on(NoteCard.Delete)
    def _delete_note(self, event: NoteCard.Delete) -> None:
        note = event.note

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_note(note)

        from reader.app.dialogs.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Delete this note? (u undoes it)"), answered)

    @work(thread=True, group="user-data", exit_on_error=False)
    def delete_note(self, note: Note) -> None:
        store = self.store
        title = note.article_title or note.article_id
        with store.undoable(f"Note deleted on: {title}", "note", note.article_id):
            store.delete_note(note.id, undoable=True)
        self._deleted.append(note.id)
        show_from_thread(
            self.app, self._notes_changed, note.article_id, store.notes(note.article_id)
        )
        self.app.call_from_thread(self.notify, "Note deleted. Press u to undo.")

    def forget_deleted(self) -> None:
        """Leaving: this session's deletions can no longer be undone, so they are forgotten
        (quick, and nothing else is waiting on the screen any more)."""
        # On failure they stay marked deleted; a later start forgets them once they are old.
        with suppress(ReaderError):
            self.store.purge_deleted_notes(self._deleted)

    def action_undo(self) -> None:
        self.undo_change()

    @work(thread=True, group="user-data", exit_on_error=False)
    def undo_change(self) -> None:
        """Take back the latest change to the user's data, and show what it was."""
        from reader.app.screens.people import undo_latest

        store = self.store
        step = undo_latest(self.app, store)
        if step is None:
            return
        self.app.call_from_thread(self.notify, f"Undone: {step.description}", markup=False)
        article_id = step.article_id
        if step.kind == "people":
            self.app.call_from_thread(self.refresh_people)
        elif step.kind == "note" and article_id is not None:
            show_from_thread(self.app, self._notes_changed, article_id, store.notes(article_id))
        elif step.kind == "read":
            self.app.call_from_thread(self.read_state_changed)
        elif step.kind == "bookmark" and article_id is not None:
            on = store.is_bookmarked(article_id)
            self.app.call_from_thread(self._bookmark_undone, article_id, on)

    def _bookmark_undone(self, article_id: str, on: bool) -> None:
        self._show_bookmark(article_id, on)
        if self.view == "bookmarks" and self.article_list.loaded_summary(article_id) is None:
            current = self.article_list.current
            self.reload(current.id if current else None)  # the bookmark is back in the view

    def action_notes(self) -> None:
        from reader.app.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.store))

    def offer_drafts(self, drafts: list[Draft], titles: dict[str, str]) -> None:
        """After a crash: offer each unsaved note back, one at a time (the app passes only
        the drafts saved as they were typed, not those kept with Esc)."""
        if not drafts:
            return
        draft, rest = drafts[0], drafts[1:]
        title = titles.get(draft.article_id, draft.article_id)

        def answered(yes: bool | None) -> None:
            if yes:  # the others wait for the next start
                self.open_editor(
                    draft.article_id,
                    title,
                    quote=draft.quote,
                    text=draft.text,
                    note=self._draft_note(draft),
                )
            else:
                self.discard_draft(draft.key)
                self.offer_drafts(rest, titles)

        from reader.app.dialogs.confirm import ConfirmScreen

        question = f"You were writing a note on “{title}” when the reader stopped. Open it?"
        self.app.push_screen(ConfirmScreen(question), answered)

    @staticmethod
    def _draft_note(draft: Draft) -> Note | None:
        if draft.note_id is None:
            return None
        return Note(
            draft.note_id,
            "",
            draft.article_id,
            None,
            draft.text,
            draft.quote,
            draft.quote_start,
            draft.quote_end,
            False,
            draft.updated,
            draft.updated,
        )

    @work(thread=True, group="drafts", exit_on_error=False)
    def discard_draft(self, key: str) -> None:
        self.store.delete_draft(key)
