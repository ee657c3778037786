"""The base of every screen and dialog of the reader that runs background jobs, and the
width below which a screen's panes no longer sit side by side.

A worker's failure is told only to the screen that started it; these pass it on to
the app's one error handler (:mod:`reader.app.jobs`), so no screen fails silently.
"""

from __future__ import annotations

from typing import TypeVar

from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from reader.app.jobs import ReportsFailedJobs

ResultType = TypeVar("ResultType")

#: Below this many columns a screen's two panes no longer sit side by side: the main
#: screen's list and reading pane take turns, the person view's co-mentioned people go
#: under its articles.
NARROW_BELOW = 100
#: Below this many columns the main screen has no room for the sources column beside its
#: two panes (the reading pane would be some 30 columns): ``s`` opens the sources screen.
SOURCES_COLUMN_FROM = 120


class ReaderScreen(ReportsFailedJobs, Screen[ResultType]):
    """A screen whose failed jobs the app reports."""

    #: Textual draws the whole screen again when the focus moves (``focused`` repaints).
    #: The widgets whose look changes with the focus draw themselves again (their
    #: ``:focus`` styles, Textual's focus and blur handlers, the list's cursor row), so
    #: the rest need not: the frame after `/` at 160x48 was 10.5 ms, now 5.8.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


class ReaderModal(ReportsFailedJobs, ModalScreen[ResultType]):
    """A dialog whose failed jobs the app reports."""
