"""A Rich progress bar for imports on a terminal (the CLI shows it only on a TTY)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)


class ImportProgress:
    """``with ImportProgress() as bar: import_paths(..., progress=bar.update)``."""

    def __init__(self, label: str = "Importing") -> None:
        self._progress = Progress(
            # The label is ours, never the data's: markup is safe here.
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> ImportProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def update(self, done: int, total: int, path: str) -> None:
        if self._task is None:
            self._task = self._progress.add_task("import", total=total)
        self._progress.update(self._task, completed=done, total=total)
