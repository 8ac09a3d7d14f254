"""Where the store lives now: :mod:`unspin.store` (protocol and records in ``base``, the
SQLite backend in ``sqlite``). Kept so older imports go on working."""

from unspin.store.base import (  # noqa: F401
    DEFAULT_DB, MAX_SENTS, SENT_BITS, DocKey, DocMeta, Prepared, SentRows, StoredDoc, key_doc, sent_key, speaker_key,
)
from unspin.store.sqlite import SCHEMA_VERSION, SQLiteStore  # noqa: F401

Store = SQLiteStore
