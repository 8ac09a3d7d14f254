"""Stores: :func:`open_store` picks the backend by URL; :class:`Store` is what every backend offers.

- a path, or ``sqlite:///relative/path.db`` / ``sqlite:////absolute/path.db``: one SQLite file
  (:mod:`unspin.store.sqlite`);
- ``postgresql://user@host:port/dbname`` (or ``postgres://``): a PostgreSQL database
  (:mod:`unspin.store.postgres`; ``?index_dir=FOLDER`` says where its ANN index is cached).
"""

from __future__ import annotations

import os

from unspin.errors import UnspinError
from unspin.store.base import (
    DEFAULT_DB, MAX_SENTS, SENT_BITS, AnchorState, AttributionRef, AttributionRow, DocKey, DocMeta, IndexedDoc,
    Prepared, SentRows, SpeakerCount, Store, StoredDoc, key_doc, sent_key, speaker_key,
)

__all__ = ["DEFAULT_DB", "MAX_SENTS", "SENT_BITS", "AnchorState", "AttributionRef", "AttributionRow", "DocKey",
           "DocMeta", "IndexedDoc", "Prepared", "SentRows", "SpeakerCount", "Store", "StoredDoc", "key_doc",
           "open_store", "sent_key", "speaker_key"]


def open_store(url: str | os.PathLike[str] = DEFAULT_DB, create: bool = True) -> Store:
    """The store at ``url`` (see the module docstring); ``create=False``: it must exist."""
    s = os.fspath(url)
    scheme, sep, rest = s.partition("://")
    if not sep or len(scheme) == 1:  # a plain path (a Windows drive letter is no scheme)
        from unspin.store.sqlite import SQLiteStore

        return SQLiteStore(s, create=create)
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise UnspinError(f"{s}: a SQLite store URL is sqlite:///relative/path or sqlite:////absolute/path")
        from unspin.store.sqlite import SQLiteStore

        return SQLiteStore(rest[1:], create=create)
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        from unspin.store.postgres import PostgresStore

        return PostgresStore(s, create=create)
    raise UnspinError(f"{s}: unknown store URL (give a SQLite file path or sqlite:///path)")
