"""termnews-reader: a terminal news reader over a SQLite archive.

The package splits into a data side (``clean``, ``parse``, ``ingest``, ``store``)
that never imports Textual, and the app (``reader.app``) that shows it.
"""

__version__ = "0.1.0"
