"""What an import of files (:class:`ImportReport`) and a refresh of feeds
(:class:`RefreshReport`) tell when they end: their tallies, and a line for each file or
feed skipped, failed or read with a caveat."""

from __future__ import annotations

from reader.clean import clean_line, clean_path
from reader.records import Record, field


class FeedIssue(Record):
    """A feed that failed to refresh, or was read with a caveat, and why (one line)."""

    feed: str
    reason: str
    failed: bool = True

    def __str__(self) -> str:
        verb = "failed" if self.failed else "note"
        return f"{verb}: {clean_line(self.feed)}: {clean_line(self.reason)}"


class RefreshReport(Record, frozen=False):
    """The tally of one refresh: feeds fetched (a new document), not modified (304),
    failed; articles new and updated; one issue per failed feed."""

    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    new: int = 0
    updated: int = 0
    issues: list[FeedIssue] = field(default_factory=list)
    #: The articles written by this refresh (new or updated), by id.
    article_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The one line a refresh ends with."""
        feeds = self.fetched + self.not_modified + self.failed
        return (
            f"{feeds} feed{'s' if feeds != 1 else ''}: {self.fetched} fetched, "
            f"{self.not_modified} not modified, {self.failed} failed; "
            f"{self.new} new article{'s' if self.new != 1 else ''}, {self.updated} updated"
        )


class FileIssue(Record):
    """A file that was skipped, or read with a caveat, and why.

    ``path`` is the path as found; printed, the issue is one safe line (the path's
    escapes and odd bytes written out, see :func:`reader.clean.clean_path`).
    """

    path: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        verb = "skipped" if self.skipped else "note"
        return f"{verb}: {clean_path(self.path)}: {clean_line(self.reason)}"


class ImportReport(Record, frozen=False):
    """The tally of one import run."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[FileIssue] = field(default_factory=list)
    #: Articles whose file changed: their notes' quotes are looked for again.
    updated_ids: list[str] = field(default_factory=list)
    #: Why the spelling index could not be brought up to date ("" when it was).
    index_problem: str = ""
    #: Files added or updated that hold the same bytes as another article's file, and so
    #: joined that article (:mod:`reader.storage.copies`): the articles are this fewer.
    copies: int = 0

    @property
    def skipped(self) -> int:
        return sum(1 for i in self.issues if i.skipped)

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged + self.skipped

    def summary(self) -> str:
        tally = (
            f"{self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )
        if self.copies:
            were = "was" if self.copies == 1 else "were"
            tally += f"; {self.copies} {were} the same as another file and joined its article"
        return f"{tally}; {clean_line(self.index_problem)}" if self.index_problem else tally
