"""The main screen's bottom line while an import runs: a label and a progress bar."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static


class ImportStatus(Horizontal):
    """Hidden until an import starts; its bar is made then (few sessions import)."""

    class Finished(Message):
        """The import is over: what it wrote can be shown."""

    def started(self, total: int) -> None:
        """An import of ``total`` files began."""
        # Imported here: the first screen does not wait for the progress bar's module.
        from textual.widgets import ProgressBar

        bars = self.query(ProgressBar)
        if bars:
            bars.first().update(total=total, progress=0)
        else:
            bar = ProgressBar(total=total, id="import-bar", show_eta=False)
            self.mount(Static("Importing", id="import-label"), bar)
        self.display = True

    def progress(self, done: int) -> None:
        """``done`` files of the import are in."""
        from textual.widgets import ProgressBar

        self.query_one("#import-bar", ProgressBar).update(progress=done)

    def finished(self) -> None:
        """The import ended: the bar goes, and the screen is told."""
        self.display = False
        self.post_message(self.Finished())
