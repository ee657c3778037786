"""The one exception tree of the reader: every error a user can be shown. Messages are one
line, for people."""


class ReaderError(Exception):
    """Base of every error the reader reports to a user."""


class StoreError(ReaderError):
    """The database cannot be opened or used."""


class ArticleNotFound(ReaderError):
    """No article has the given id (or id prefix)."""


class AmbiguousId(ReaderError):
    """An id prefix matches more than one article."""


class ReadOnlyDatabase(StoreError):
    """A write was asked of a database opened read-only; nothing was saved."""


class DamagedDatabase(StoreError):
    """Reading the database found damaged pages."""


class NoteNotFound(ReaderError):
    """No (live) note has this id."""


class NoteRefused(ReaderError):
    """A note, or one more note, would pass one of the limits above; nothing was saved."""


class PersonNotFound(ReaderError):
    """No person has this name, key or alias."""


class AmbiguousPerson(ReaderError):
    """A name fits more than one person."""


class PersonEditError(ReaderError):
    """An edit of people that cannot be made (the message says why)."""


class CannotUndo(ReaderError):
    """The rows changed since in a way that cannot be put back (the message says which)."""


class ParseError(ReaderError):
    """The text holds no article (nothing there, or no title)."""


class FeedNotFound(ReaderError):
    """No subscription has this URL, id or title."""


class FeedError(ReaderError):
    """A feed cannot be subscribed to, fetched or read (the message names it and says why)."""


class BrowserError(ReaderError):
    """A link could not be opened: no browser, a command not found, a file gone."""
