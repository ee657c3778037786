"""The schema version this program writes: a leaf, so that opening a database checks it
without importing the schema (and sqlite-utils); :mod:`reader.storage.migrations` checks at
import that it counts its migrations."""

SCHEMA_VERSION = 15
