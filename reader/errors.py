"""The one exception tree of the data side. Messages are one line, for people."""


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
