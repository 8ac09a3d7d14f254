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
           "open_store", "open_tokens", "sent_key", "speaker_key"]


def _kind(s: str) -> tuple[str, str]:
    """("sqlite", path) or ("postgresql", url) for a store URL or path."""
    scheme, sep, rest = s.partition("://")
    if not sep or len(scheme) == 1:  # a plain path (a Windows drive letter is no scheme)
        return "sqlite", s
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise UnspinError(f"{s}: a SQLite store URL is sqlite:///relative/path or sqlite:////absolute/path")
        return "sqlite", rest[1:]
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        return "postgresql", s
    raise UnspinError(f"{s}: unknown store URL (give a SQLite file path, sqlite:///path or postgresql://...)")


def open_tokens(url: str | os.PathLike[str] = DEFAULT_DB):
    """The API tokens of ``unspin serve`` kept in the store at ``url`` (any URL :func:`open_store` takes)."""
    kind, where = _kind(os.fspath(url))
    if kind == "postgresql":
        from unspin.store.postgres import PostgresTokenStore

        return PostgresTokenStore(where)
    from unspin.store.tokens import TokenStore

    return TokenStore(where)


def open_store(url: str | os.PathLike[str] = DEFAULT_DB, create: bool = True) -> Store:
    """The store at ``url`` (see the module docstring); ``create=False``: it must exist."""
    kind, where = _kind(os.fspath(url))
    if kind == "postgresql":
        from unspin.store.postgres import PostgresStore

        return PostgresStore(where, create=create)
    from unspin.store.sqlite import SQLiteStore

    return SQLiteStore(where, create=create)
