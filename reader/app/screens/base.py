"""The base of every screen and dialog of the reader that runs background jobs.

A worker's failure is told only to the screen that started it; these pass it on to
the app's one error handler (:mod:`reader.app.jobs`), so no screen fails silently.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen

from reader.app.jobs import ReportsFailedJobs

ResultType = TypeVar("ResultType")


class ReaderScreen(ReportsFailedJobs, Screen[ResultType]):
    """A screen whose failed jobs the app reports."""


class ReaderModal(ReportsFailedJobs, ModalScreen[ResultType]):
    """A dialog whose failed jobs the app reports."""
