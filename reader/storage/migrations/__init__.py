"""The schema's numbered migrations, as one sqlite-utils ``Migrations`` set: those of
:mod:`~reader.storage.migrations.early` (0001 to 0006), then those of
:mod:`~reader.storage.migrations.later` (0007 on).

They bring a database from an older program up to the current schema
(:mod:`reader.storage.schema` applies them), each once, in order, inside a transaction,
and build the database an older program left for the tests of updating one. There are
:data:`~reader.storage.version.SCHEMA_VERSION` of them: checked here, at import.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from reader.storage.migrations import early, later
from reader.storage.version import SCHEMA_VERSION

MIGRATIONS = Migrations("reader")
for _name, _step in (*early.STEPS, *later.STEPS):
    MIGRATIONS(name=_name)(_step)

if len(MIGRATIONS._migrations) != SCHEMA_VERSION:  # a migration added: count it there too
    raise RuntimeError(
        f"reader.storage.version.SCHEMA_VERSION is {SCHEMA_VERSION}, "
        f"but there are {len(MIGRATIONS._migrations)} migrations"
    )
