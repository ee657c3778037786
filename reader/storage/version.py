"""The schema version this program writes: a leaf, so that opening a database checks it
without importing the migrations (and sqlite-utils); :mod:`reader.storage.schema`
checks at import that it counts its migrations."""

SCHEMA_VERSION = 12
