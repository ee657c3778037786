"""Importing articles: find them, read them safely, parse, and store.

Cut by step: :mod:`~reader.ingest.discover` (the walk under the paths the user named,
and the :class:`Source` seam that :class:`Files` implements; feeds will be another),
:mod:`~reader.ingest.read` (one file: read safely, decoded, hashed, parsed, its people
found), :mod:`~reader.ingest.pool` (the worker processes, where a crash or a stuck file
costs only that file) and :mod:`~reader.ingest.pipeline` (the import, written in
batches through the store's import session). Every problem is one
:class:`~reader.types.FileIssue` line.
"""

from reader.ingest.discover import (
    ARTICLE_SUFFIXES,
    Candidate,
    Files,
    Source,
    article_id,
    find_files,
)
from reader.ingest.pipeline import BATCH_SIZE, Progress, import_from, import_paths, update_people
from reader.ingest.pool import PARALLEL_MIN
from reader.ingest.read import MAX_BYTES, PARSER_VERSION, content_hash, decode, read_bytes

__all__ = [
    "ARTICLE_SUFFIXES",
    "BATCH_SIZE",
    "MAX_BYTES",
    "PARALLEL_MIN",
    "PARSER_VERSION",
    "Candidate",
    "Files",
    "Progress",
    "Source",
    "article_id",
    "content_hash",
    "decode",
    "find_files",
    "import_from",
    "import_paths",
    "read_bytes",
    "update_people",
]
