"""The user's own data: notes, bookmarks and the drafts of notes being written, and a
change (to those, or to people) that can be undone (:class:`UndoStep`)."""

from __future__ import annotations

from reader.records import Record
from reader.types.articles import ArticleSummary


class Note(Record):
    """A note on an article, or on one quoted passage of it.

    ``quote_start``/``quote_end`` locate the quote in the article's ``body``; when an
    edited article no longer contains the quote, the note is kept and ``detached``.
    """

    id: int
    uid: str
    article_id: str
    article_title: str | None
    text: str
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    detached: bool
    created: str
    edited: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uid": self.uid,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "text": self.text,
            "quote": self.quote,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "detached": self.detached,
            "created": self.created,
            "edited": self.edited,
        }


class Bookmark(Record):
    """A bookmarked article and when it was bookmarked."""

    summary: ArticleSummary | None
    article_id: str
    bookmarked_at: str

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = (
            self.summary.to_json() if self.summary else {"id": self.article_id, "title": None}
        )
        data["bookmarked_at"] = self.bookmarked_at
        return data


class Draft(Record):
    """A note being written: saved as it is typed and offered back at the next start (the
    reader stopped with the editor open), or ``kept`` on purpose (Esc in the editor) and
    offered again only when the editor is opened on its article or note."""

    key: str
    article_id: str
    note_id: int | None
    text: str
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    updated: str
    kept: bool = False

    @staticmethod
    def key_for(article_id: str, note_id: int | None = None) -> str:
        """The key of the draft of a new note on the article, or of note ``note_id`` edited."""
        return f"edit:{note_id}" if note_id is not None else f"new:{article_id}"


class UndoStep(Record, frozen=False):
    """One change that can be undone, in the user's words."""

    id: int
    #: What the change did, as a sentence ("Bookmark removed: …").
    description: str
    #: "bookmark", "note" or "people": what the screen shows again once it is undone.
    kind: str
    #: The article it was about, if any.
    article_id: str | None = None
