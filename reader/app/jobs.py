"""Failed background jobs: the way every one reaches the app's one error handler.

Textual tells only the node that started a worker how it ended (``Worker.StateChanged``
does not bubble), so a screen or widget that runs workers passes its failures on to
the app as :class:`JobFailed` (:class:`ReportsFailedJobs` does it). The app says what
went wrong in one line (:func:`failure_message`) and carries on.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ParamSpec, cast

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState

from reader.clean import clean_path
from reader.errors import FeedError, StoreError

if TYPE_CHECKING:
    from textual.app import App

P = ParamSpec("P")

#: What each background job does, in the user's words (for its error message), by the
#: worker's name (a ``@work`` method's name).
JOB_WORDS = {
    # the app's
    "import_files": "The import",
    "recover_notes": "Looking for unsaved notes",
    "_save_setting": "Saving the setting",
    "refresh_feeds": "The refresh of the feeds",
    "_start_auto_refresh": "The refresh of the feeds",
    # the main screen's
    "_reload": "Reading the list",
    "list_page": "Reading the list",
    "run_search": "The search",
    "_load_article": "Opening the article",
    "set_bookmark": "Saving the bookmark",
    "finish_note": "Saving the note",
    "save_draft": "Saving the note's draft",
    "discard_draft": "Discarding the note's draft",
    "delete_note": "Deleting the note",
    "undo_change": "Undoing the change",
    "_people_of": "Reading the article's people",
    "_fetch_fulltext": "Fetching the full text",
    "_read_for": "Reading the article",
    "open_link": "Opening the link",
    # the people panel's, the person chooser's, the person view's, the notes screen's
    "_find": "Finding people",
    "_run_edit": "Saving the change to people",
    "_undo": "Undoing the change",
    "_load": "Reading the person's articles",
    "load": "Reading the notes",
    # the feeds screen's
    "_load_feeds": "Reading the feeds",
    "_ask_removal": "Reading the feed",
    "_remove_feed": "Removing the feed",
}


class JobFailed(Message):
    """A background job of a screen or widget failed: the app reports it."""

    def __init__(self, worker: Worker[Any]) -> None:
        self.worker = worker
        super().__init__()


class ReportsFailedJobs(MessagePump):
    """Passes this node's failed workers on to the app (mixed in before the Textual base)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            # To the app itself, not up the DOM: a screen closed meanwhile passes nothing on.
            self.app.post_message(JobFailed(event.worker))


def failure_message(worker: Worker[Any], shown_path: str) -> str | None:
    """The one line that says why ``worker`` failed (None if it did not), safe to show."""
    error = worker.error
    if worker.state != WorkerState.ERROR or error is None:
        return None
    # A database error says in itself which file and why (read-only, damaged, busy);
    # any other names what the user was doing, and the database.
    if isinstance(error, StoreError):
        return clean_path(str(error))
    doing = JOB_WORDS.get(worker.name, "A background task")
    if isinstance(error, FeedError):  # the web, not the database: it names the URL
        return clean_path(f"{doing} failed: {error}")
    return clean_path(f"{doing} failed ({shown_path}): {error}")


def show_from_thread(
    app: App[Any],
    callback: Callable[P, Coroutine[Any, Any, None]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> None:
    """Run the coroutine method ``callback`` on the event loop from a worker's thread, and
    wait for it: ``App.call_from_thread`` with the arguments checked against ``callback``.
    (Textual types ``call_from_thread``'s callback as returning ``T | Awaitable[T]``,
    which mypy cannot solve for a coroutine method returning None.)"""
    app.call_from_thread(cast("Callable[..., Any]", callback), *args, **kwargs)
