"""Storage, private to the data side: one module per domain, each the SQL of its tables.

Only :mod:`reader.core` (the facade) composes them; the search engine may read the
leaves (:mod:`~reader.storage.rows`, :mod:`~reader.storage.people_search`,
:mod:`~reader.storage.people_fuzzy`). The app and the CLI never import them.
"""
