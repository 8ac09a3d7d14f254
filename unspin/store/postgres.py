"""The PostgreSQL store: the same tables, records and guarantees as the SQLite file, on a server.

``open_store("postgresql://user@host:port/dbname")`` (any libpq URL; ``postgres://`` too).
The tables are created on first open in the database's default schema; opening a
store that exists writes nothing. One transaction per batch, as in SQLite: a writer
killed mid-batch leaves every committed batch intact and the rest absent.

Writers: :meth:`PostgresStore.write_lock` is the ingest session lock, a session-level
advisory lock on the database (``pg_advisory_lock``), released by the server when the
holder's connection ends however it ends. A second ``unspin ingest`` waits for it and is
told which process holds it (each connection's ``application_name`` says
``unspin pid N on HOST``). Besides, ``add_batch`` takes the ``docs`` table's EXCLUSIVE
lock for its transaction, so rowids are handed out in commit order (readers never see a
later rowid before an earlier one: the ANN index catch-up relies on that) even for a
library caller who writes without the session lock.

The ANN index (a cache, see provenance/index.py) is a local file keyed by the store's
uuid: ``~/.cache/unspin/<uuid>/sentences.usearch``, or under the folder given by the URL
parameter ``index_dir`` (``postgresql://host/db?index_dir=/var/cache/unspin``), which is
taken out of the URL before it reaches libpq.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from unspin.errors import UnspinError
from unspin.store.base import (
    MAX_SENTS, AnchorState, AttributionRef, AttributionRow, DocKey, DocMeta, IndexedDoc, Prepared, SentBlock,
    SentRows, SpeakerCount, StoredDoc, WaitHook, key_doc, sent_block, sent_key, speaker_key,
)

SCHEMA_VERSION = "pg1"
# pg_advisory_lock keys (per database): the ingest session lock, and the lock serialising
# schema creation (two first opens at once would otherwise race on CREATE TABLE IF NOT EXISTS)
WRITE_LOCK = 0x756E7370_00000001
SCHEMA_LOCK = 0x756E7370_00000002
# analyses are written outside the session lock (as in SQLite, where each such transaction is
# BEGIN IMMEDIATE): this transaction lock makes two of them wait for each other, so two
# `ingest --analyze` replacing one document's speaker rows never collide on its keys
ANALYSIS_LOCK = 0x756E7370_00000003

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rowid BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    nhash TEXT NOT NULL,
    title TEXT, date TEXT, url TEXT, publisher TEXT, origin TEXT,
    text TEXT NOT NULL,
    n_sents INTEGER NOT NULL,
    minhash BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_nhash ON docs(nhash);
CREATE TABLE IF NOT EXISTS sents (
    key BIGINT PRIMARY KEY,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
    words INTEGER NOT NULL,
    shash BIGINT NOT NULL,
    vec BYTEA NOT NULL,
    lex BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS sents_shash ON sents(shash);
CREATE TABLE IF NOT EXISTS lsh (bkey BIGINT NOT NULL, doc BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS lsh_bkey ON lsh(bkey);
CREATE INDEX IF NOT EXISTS lsh_doc ON lsh(doc);
"""

# As in SQLite: made by the first ``ingest --analyze``; the JSON is kept as text, byte for byte.
_ANALYSIS_SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (doc BIGINT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attributions (
    doc BIGINT NOT NULL,
    n INTEGER NOT NULL,
    speaker TEXT,
    speaker_key TEXT,
    PRIMARY KEY (doc, n)
);
CREATE INDEX IF NOT EXISTS attributions_speaker ON attributions(speaker_key);
"""

_DOC_COLS = "rowid, id, text, nhash, hash, title, date, url, publisher, origin, n_sents"
_DOC_COPY = ("COPY docs (rowid, id, hash, nhash, title, date, url, publisher, origin, text, n_sents, minhash) "
             "FROM STDIN (FORMAT BINARY)")
_DOC_TYPES = ["int8"] + ["text"] * 9 + ["int4", "bytea"]
_SENT_COPY = "COPY sents (key, span_start, span_end, words, shash, vec, lex) FROM STDIN (FORMAT BINARY)"
_SENT_TYPES = ["int8", "int4", "int4", "int4", "int8", "bytea", "bytea"]
# a document's sentences with, for each, how many stored sentences have its hash
_SENTS_WITH_COUNTS = ("SELECT s.span_start, s.span_end, s.vec, s.words, s.shash, s.lex, c.n FROM sents s "
                      "JOIN LATERAL (SELECT COUNT(*) AS n FROM sents o WHERE o.shash = s.shash) c ON true "
                      "WHERE s.key >= %s AND s.key < %s ORDER BY s.key")
_INSERT_ATTRIBUTION = "INSERT INTO attributions(doc, n, speaker, speaker_key) VALUES (%s, %s, %s, %s)"


def _text(s: str | None) -> str | None:
    """PostgreSQL text holds no NUL: it becomes U+FFFD (one code point for one, offsets hold),
    as the input reader does with lone surrogates."""
    return s.replace("\x00", "\ufffd") if s is not None and "\x00" in s else s


def _attribution_rows(rowid: int, blob: str) -> list[tuple]:
    attrs = json.loads(blob).get("attributions", [])
    return [(rowid, n, name, speaker_key(name))
            for n, name in enumerate((a.get("speaker") or {}).get("name") for a in attrs)]


def _sent_rows(rows: Sequence[tuple]) -> SentRows:
    """SentRows from (start, end, vec, words, shash, lex, ...) rows in key order."""
    vecs = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float16).reshape(len(rows), -1)
            .astype(np.float32) if rows else np.zeros((0, 0), np.float32))
    return SentRows(spans=[(r[0], r[1]) for r in rows], vecs=vecs, words=[r[3] for r in rows],
                    shashes=[r[4] for r in rows], lex=[np.frombuffer(r[5], dtype=np.uint16).tolist() for r in rows])


def _split_url(url: str) -> tuple[str, str | None, str]:
    """(libpq URL without ``index_dir``, the index folder given or None, the URL to show: no password)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    index_dir = next((v for k, v in query if k == "index_dir"), None)
    rest = urlencode([(k, v) for k, v in query if k != "index_dir"])
    scheme = "postgresql" if parts.scheme.startswith("postgres") else parts.scheme
    conninfo = urlunsplit((scheme, parts.netloc, parts.path, rest, parts.fragment))
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(":" + parts.password + "@", ":***@", 1)
    shown = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
    return conninfo, index_dir, shown


class PostgresStore:
    """:class:`unspin.store.base.Store` on a PostgreSQL database (psycopg 3)."""

    def __init__(self, url: str, create: bool = True) -> None:
        import psycopg

        self._psycopg = psycopg
        conninfo, self._index_dir, self.url = _split_url(url)
        self._lock_depth = 0
        self._has_analyses = False
        # (rowid, its sentences or None once read, their hash counts): what doc() read ahead
        self._next: tuple[int, SentRows | None, dict[int, int]] | None = None
        try:
            self.db = psycopg.connect(conninfo, autocommit=True,
                                      application_name=f"unspin pid {os.getpid()} on {socket.gethostname()}"[:63])
        except psycopg.Error as exc:
            raise UnspinError(f"{self.url}: cannot connect to PostgreSQL ({str(exc).strip()})") from None
        try:
            self._open(create)
        except BaseException:
            self.db.close()
            raise

    def _open(self, create: bool) -> None:
        psycopg = self._psycopg
        exists = self._exists("meta")
        if not exists and not create:
            raise UnspinError(f"{self.url}: no unspin store in this database (create it with `unspin ingest`)")
        if not exists or self.get_meta("uuid") is None:
            try:
                with self.db.transaction():
                    self.db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                    self.db.execute(_SCHEMA)
                    self.db.execute("INSERT INTO meta(key, value) VALUES ('schema', %s) ON CONFLICT DO NOTHING",
                                    (SCHEMA_VERSION,))
                    # the store's identity, saved with the ANN index (a first open by two processes agrees on one)
                    self.db.execute("INSERT INTO meta(key, value) VALUES ('uuid', %s) ON CONFLICT DO NOTHING",
                                    (uuid.uuid4().hex,))
            except psycopg.Error as exc:
                raise UnspinError(f"{self.url}: cannot create the unspin tables ({str(exc).strip()})") from None
        version = self.get_meta("schema")
        if version != SCHEMA_VERSION:
            raise UnspinError(f"{self.url}: database schema {version}, this unspin reads {SCHEMA_VERSION}")

    def _exists(self, table: str) -> bool:
        return self.db.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()[0]

    # -- identity, meta, locking -------------------------------------------------
    def store_id(self) -> str:
        return self.get_meta("uuid") or ""

    def index_location(self) -> str:
        """The ANN index of this store: ``<index_dir or ~/.cache/unspin>/<uuid>/sentences.usearch``."""
        base = Path(self._index_dir).expanduser() if self._index_dir else Path.home() / ".cache" / "unspin"
        folder = base / self.store_id()
        folder.mkdir(parents=True, exist_ok=True)
        return str(folder / "sentences.usearch")

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=%s", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (%s, %s) "
                        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))

    def _lock_holder(self) -> str:
        row = self.db.execute(
            "SELECT a.application_name, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (WRITE_LOCK >> 32, WRITE_LOCK & 0xFFFFFFFF)).fetchone()
        if row is None:
            return "?"
        return row[0] if (row[0] or "").startswith("unspin pid") else f"server pid {row[1]}"

    @contextmanager
    def write_lock(self, wait: WaitHook | None = None, block: bool = True) -> Iterator[bool]:
        """Hold the store's writer lock for the block (re-entrant on this object). Yields True;
        with ``block=False`` yields False at once if another session holds it. ``wait`` is
        told why before blocking."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield True
            finally:
                self._lock_depth -= 1
            return
        (got,) = self.db.execute("SELECT pg_try_advisory_lock(%s)", (WRITE_LOCK,)).fetchone()
        if not got:
            if not block:
                yield False
                return
            if wait is not None:
                wait(f"{self.url} is being written by another unspin ingest ({self._lock_holder()}); waiting...")
            self.db.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        self._lock_depth = 1
        try:
            yield True
        finally:
            self._lock_depth = 0
            try:
                self.db.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
            except self._psycopg.OperationalError:
                pass  # the connection is gone, and the server released the lock with it

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "PostgresStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ------------------------------------------------------------
    def add_batch(self, docs: Sequence[Prepared]) -> list[int]:
        """Insert documents in one transaction by COPY; returns their rowids (one more than
        the last, as SQLite gives them). The count of anchor sentences moves in the same
        transaction."""
        if not docs:
            return []
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("LOCK TABLE docs IN EXCLUSIVE MODE")  # readers go on; rowids in commit order
            (last,) = cur.execute("SELECT COALESCE(MAX(rowid), 0) FROM docs").fetchone()
            rowids = list(range(last + 1, last + 1 + len(docs)))
            with cur.copy(_DOC_COPY) as cp:
                cp.set_types(_DOC_TYPES)
                for rowid, d in zip(rowids, docs):
                    m = d.meta
                    cp.write_row((rowid, _text(d.id), d.hash, d.nhash, *(_text(m.get(k)) for k in
                                  ("title", "date", "url", "publisher", "origin")),
                                  _text(d.text), len(d.spans), d.minhash.astype(np.uint32).tobytes()))
            with cur.copy(_SENT_COPY) as cp:
                cp.set_types(_SENT_TYPES)
                for rowid, d in zip(rowids, docs):
                    vecs = np.asarray(d.vecs, dtype=np.float16)
                    for i, ((s, e), w, h, lx) in enumerate(zip(d.spans, d.words, d.shashes, d.lexids)):
                        cp.write_row((sent_key(rowid, i), s, e, w, h, vecs[i].tobytes(),
                                      np.asarray(lx, np.uint16).tobytes()))
            with cur.copy("COPY lsh (bkey, doc) FROM STDIN (FORMAT BINARY)") as cp:
                cp.set_types(["int8", "int8"])
                for rowid, d in zip(rowids, docs):
                    for b in d.bands:
                        cp.write_row((b, rowid))
            cur.execute("UPDATE meta SET value = (value::bigint + %s)::text WHERE key = 'anchors'",
                        (sum(len(d.anchors) for d in docs),))
        return rowids

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """For writing very many rows at once (bench/bench_scale.py's synthetic documents): the
        hash indexes are dropped and built again at the end, far faster than random inserts."""
        for name in ("sents_shash", "lsh_bkey", "lsh_doc", "docs_nhash"):
            self.db.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            yield
        finally:
            self.db.execute(_SCHEMA)  # the indexes again
            self.db.execute("ANALYZE")

    def append_rows(self, docs: Sequence[tuple], sents: Sequence[tuple], lsh: Sequence[tuple], anchors: int) -> None:
        """Rows made elsewhere, in one transaction with the anchor count they add: ``docs``
        (rowid, id, hash, nhash, text, n_sents, minhash bytes), ``sents`` (key, start, end,
        words, shash, float16 vector bytes, uint16 lex bytes), ``lsh`` (band key, doc rowid)."""
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("LOCK TABLE docs IN EXCLUSIVE MODE")
            for sql, types, rows in (
                    ("COPY docs (rowid, id, hash, nhash, text, n_sents, minhash) FROM STDIN (FORMAT BINARY)",
                     ["int8", "text", "text", "text", "text", "int4", "bytea"], docs),
                    (_SENT_COPY, _SENT_TYPES, sents),
                    ("COPY lsh (bkey, doc) FROM STDIN (FORMAT BINARY)", ["int8", "int8"], lsh)):
                with cur.copy(sql) as cp:
                    cp.set_types(types)
                    for row in rows:
                        cp.write_row(row)
            cur.execute("UPDATE meta SET value = (value::bigint + %s)::text WHERE key = 'anchors'", (anchors,))

    # -- reading ------------------------------------------------------------
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def lookup_id(self, doc_id: str) -> DocKey | None:
        row = self.db.execute("SELECT rowid, id, hash, nhash FROM docs WHERE id=%s", (_text(doc_id),)).fetchone()
        return None if row is None else DocKey(*row)

    def doc_id(self, rowid: int) -> str:
        row = self.db.execute("SELECT id FROM docs WHERE rowid=%s", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return row[0]

    def by_nhash(self, nhash: str) -> list[DocKey]:
        return [DocKey(*r) for r in self.db.execute(
            "SELECT rowid, id, hash, nhash FROM docs WHERE nhash=%s ORDER BY rowid", (nhash,))]

    def same_text(self, nhash: str, hash: str) -> list[DocKey]:
        return [k for k in self.by_nhash(nhash) if k.hash == hash]

    def doc(self, rowid: int) -> StoredDoc:
        """The document; its sentences, with how many stored sentences share each one's hash,
        come in the same round trip (a pipeline) and wait for the next :meth:`sentences` and
        :meth:`shash_counts` of them (what a trace reads of every candidate, one round trip
        instead of three: a stored document never changes, and the counts are as fresh as a
        query of their own made a moment later)."""
        with self.db.cursor() as dc, self.db.cursor(binary=True) as sc:
            with self.db.pipeline():
                dc.execute(f"SELECT {_DOC_COLS} FROM docs WHERE rowid=%s", (rowid,))
                sc.execute(_SENTS_WITH_COUNTS, (sent_key(rowid, 0), sent_key(rowid + 1, 0)))
            row, rows = dc.fetchone(), sc.fetchall()
        if row is None:
            raise KeyError(rowid)
        sents = _sent_rows(rows)
        self._next = (rowid, sents, {h: c for h, c in zip(sents.shashes, (r[6] for r in rows))})
        return StoredDoc(*row)

    def iter_docs(self) -> Iterator[StoredDoc]:
        """Every stored document in rowid order, read in pages."""
        last = -1
        while True:
            rows = self.db.execute(f"SELECT {_DOC_COLS} FROM docs WHERE rowid > %s ORDER BY rowid LIMIT 1000",
                                   (last,)).fetchall()
            if not rows:
                return
            for row in rows:
                yield StoredDoc(*row)
            last = rows[-1][0]

    def docs_meta(self, rowids: Iterable[int]) -> dict[int, DocMeta]:
        return {r: DocMeta(r, did, date, pub, title, url) for r, did, date, pub, title, url in self.db.execute(
            "SELECT rowid, id, date, publisher, title, url FROM docs WHERE rowid = ANY(%s::bigint[])",
            (list(rowids),))}

    def text_hashes(self, rowids: Iterable[int]) -> dict[int, DocKey]:
        return {r: DocKey(r, i, h, nh) for r, i, h, nh in self.db.execute(
            "SELECT rowid, id, hash, nhash FROM docs WHERE rowid = ANY(%s::bigint[])", (list(rowids),))}

    def shash_counts(self, shashes: Iterable[int]) -> dict[int, int]:
        """sentence hash -> how many stored sentences have it (hashes stored nowhere are left out)."""
        shashes = set(shashes)
        ahead = self._next  # one read: another thread may replace it
        if ahead is not None and ahead[1] is None and shashes == ahead[2].keys():
            self._next = None  # once: a later call reads counts of its own
            return ahead[2]  # read with the document just asked for (the same hashes: the same counts)
        return {h: c for h, c in self.db.execute(
            "SELECT shash, COUNT(*) FROM sents WHERE shash = ANY(%s::bigint[]) GROUP BY shash",
            (list(set(shashes)),))}

    def rowids(self) -> Iterator[int]:
        for (r,) in self.db.execute("SELECT rowid FROM docs ORDER BY rowid").fetchall():
            yield r

    def sentences(self, rowid: int) -> SentRows:
        """Spans, vectors (float32), word counts, sentence hashes and lexical buckets of a stored document."""
        ahead = self._next  # one read: another thread may replace it
        if ahead is not None and ahead[0] == rowid and ahead[1] is not None:
            self._next = (rowid, None, ahead[2])  # the counts wait for shash_counts
            return ahead[1]
        with self.db.cursor(binary=True) as cur:
            rows = cur.execute("SELECT span_start, span_end, vec, words, shash, lex FROM sents "
                               "WHERE key >= %s AND key < %s ORDER BY key",
                               (sent_key(rowid, 0), sent_key(rowid + 1, 0))).fetchall()
        return _sent_rows(rows)

    def sentence_block(self, rowids: Sequence[int]) -> SentBlock:
        """The sentences of many documents (``sentences`` of each, as columns), in the order
        asked: one query, each document's key range read by the primary key."""
        asked = list(dict.fromkeys(int(r) for r in rowids))
        if not asked:
            return sent_block([])
        with self.db.cursor(binary=True) as cur:
            rows = cur.execute("SELECT s.key, s.span_start, s.span_end, s.vec, s.words, s.shash, s.lex "
                               "FROM unnest(%s::bigint[]) WITH ORDINALITY AS d(doc, n) JOIN sents s "
                               f"ON s.key >= d.doc * {MAX_SENTS} AND s.key < (d.doc + 1) * {MAX_SENTS} "
                               "ORDER BY d.n, s.key", (asked,)).fetchall()
        return sent_block(rows)

    def sentences_at(self, keys: Iterable[int]) -> SentBlock:
        """The stored sentences of these keys (a key of none is skipped), in key order."""
        with self.db.cursor(binary=True) as cur:
            rows = cur.execute("SELECT key, span_start, span_end, vec, words, shash, lex FROM sents "
                               "WHERE key = ANY(%s::bigint[]) ORDER BY key", (sorted(set(keys)),)).fetchall()
        return sent_block(rows)

    def minhash(self, rowid: int) -> np.ndarray:
        (b,) = self.db.execute("SELECT minhash FROM docs WHERE rowid=%s", (rowid,)).fetchone()
        return np.frombuffer(bytes(b), dtype=np.uint32)

    def lsh_docs(self, bands: Sequence[int]) -> dict[int, int]:
        """doc rowid -> number of bands shared."""
        if not bands:
            return {}
        return {d: c for d, c in self.db.execute(
            "SELECT doc, COUNT(*) FROM lsh WHERE bkey = ANY(%s::bigint[]) GROUP BY doc", (list(bands),))}

    def band_rows(self, lo: int, hi: int, upto_doc: int) -> np.ndarray:
        """(band key, doc rowid) rows, shape (n, 2) int64, of the stored LSH bands with
        ``lo <= key <= hi`` of the documents up to ``upto_doc``, by key then doc."""
        rows = self.db.execute("SELECT bkey, doc FROM lsh WHERE bkey BETWEEN %s AND %s AND doc <= %s "
                               "ORDER BY bkey, doc", (lo, hi, upto_doc)).fetchall()
        return np.array(rows, dtype=np.int64).reshape(len(rows), 2)

    def shash_rows(self, lo: int, hi: int, upto_doc: int) -> np.ndarray:
        """(sentence hash, sentence key) rows, shape (n, 2) int64, of the stored sentences with
        ``lo <= hash <= hi`` of the documents up to ``upto_doc``, by hash then key."""
        rows = self.db.execute("SELECT shash, key FROM sents WHERE shash BETWEEN %s AND %s AND key < %s "
                               "ORDER BY shash, key", (lo, hi, sent_key(upto_doc + 1, 0))).fetchall()
        return np.array(rows, dtype=np.int64).reshape(len(rows), 2)

    def shash_docs(self, shashes: Sequence[int], limit: int = 64) -> dict[int, list[int]]:
        """sentence hash -> rowids of the documents holding that exact sentence (the first
        limit+1 sentences each by key, as SQLite's and the Ray stages' reads), in one query."""
        out: dict[int, list[int]] = {h: [] for h in set(shashes)}
        rows = self.db.execute("SELECT h, s.key FROM unnest(%s::bigint[]) AS h, "
                               "LATERAL (SELECT key FROM sents WHERE shash = h ORDER BY key LIMIT %s) AS s",
                               (list(out), limit + 1)).fetchall()
        found: dict[int, set[int]] = {}
        for h, k in rows:
            found.setdefault(h, set()).add(key_doc(k))
        return {h: sorted(found.get(h, ())) for h in out}

    def documents_after(self, key: int, upto_doc: int | None = None,
                        batch: int = 20000) -> Iterator[list[IndexedDoc]]:
        """Whole documents whose sentences have keys above ``key`` (and whose rowid is at most
        ``upto_doc``), in key order, a batch at a time."""
        last = key
        end = sent_key(upto_doc + 1, 0) if upto_doc is not None else 1 << 62
        while True:
            with self.db.cursor(binary=True) as cur:
                rows = cur.execute("SELECT key, words, vec FROM sents WHERE key > %s AND key < %s "
                                   "ORDER BY key LIMIT %s", (last, end, batch)).fetchall()
            if not rows:
                return
            docs: list[IndexedDoc] = []
            for k, w, v in rows:
                d = key_doc(k)
                if not docs or docs[-1].rowid != d:
                    docs.append(IndexedDoc(d, [], [], []))
                docs[-1].keys.append(k)
                docs[-1].words.append(w)
                docs[-1].vecs.append(bytes(v))
            if len(rows) == batch and len(docs) > 1:
                docs.pop()  # the last document may go on past this batch: it comes whole next time
            yield docs
            last = sent_key(docs[-1].rowid + 1, 0) - 1

    def max_rowid(self) -> int:
        (r,) = self.db.execute("SELECT MAX(rowid) FROM docs").fetchone()
        return -1 if r is None else r

    def anchor_state(self) -> AnchorState:
        # one statement: one snapshot, whatever a writer commits meanwhile
        last, n, k = self.db.execute(
            "SELECT (SELECT MAX(rowid) FROM docs), (SELECT value FROM meta WHERE key='anchors'), "
            "(SELECT value FROM meta WHERE key='anchors_k')").fetchone()
        return AnchorState(-1 if last is None else last, None if n is None else int(n),
                           None if k is None else int(k))

    def set_anchor_count(self, n: int, k: int) -> None:
        """Record the anchor count of every stored document (hold the write lock: it must not move meanwhile)."""
        with self.db.transaction():
            self.set_meta("anchors", str(n))
            self.set_meta("anchors_k", str(k))

    # -- analyses (``ingest --analyze``) ---------------------------------------
    def has_analyses(self) -> bool:
        if not self._has_analyses:  # tables are never dropped: once seen, they are there
            self._has_analyses = self._exists("attributions")
        return self._has_analyses

    def ensure_analysis_tables(self) -> None:
        if not self.has_analyses():
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                self.db.execute(_ANALYSIS_SCHEMA)

    def count_analyses(self) -> int:
        if not self.has_analyses():
            return 0
        return int(self.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0])

    def unanalysed(self, rowids: Sequence[int]) -> list[int]:
        """The rowids among ``rowids`` (order kept, repeats dropped) with no stored analysis."""
        done: set[int] = set()
        if self.has_analyses():
            done.update(d for (d,) in self.db.execute("SELECT doc FROM analyses WHERE doc = ANY(%s::bigint[])",
                                                      (list(rowids),)))
        out = []
        for r in rowids:
            if r not in done:
                done.add(r)
                out.append(r)
        return out

    def analysis_of_text(self, hash: str, nhash: str) -> str | None:
        if not self.has_analyses():
            return None
        row = self.db.execute("SELECT a.json FROM docs d JOIN analyses a ON a.doc = d.rowid "
                              "WHERE d.nhash=%s AND d.hash=%s LIMIT 1", (nhash, hash)).fetchone()
        return None if row is None else row[0]

    def _write_attributions(self, cur, analyses: dict[int, str]) -> None:
        """Replace the speaker index rows of these documents by those of their analyses."""
        cur.execute("DELETE FROM attributions WHERE doc = ANY(%s::bigint[])", (list(analyses),))
        rows = [row for rowid, blob in analyses.items() for row in _attribution_rows(rowid, blob)]
        if rows:
            cur.executemany(_INSERT_ATTRIBUTION, rows)

    def add_analyses(self, items: Sequence[tuple[int, str]]) -> None:
        """Store (doc rowid, analysis JSON without "id") pairs in one transaction, with their
        rows of the speaker index (replaced, so this also repairs them)."""
        if not items:
            return
        latest = dict(items)  # a rowid given twice: the last one stands, as in SQLite
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (ANALYSIS_LOCK,))
            cur.executemany("INSERT INTO analyses(doc, json) VALUES (%s, %s) "
                            "ON CONFLICT (doc) DO UPDATE SET json = EXCLUDED.json", list(latest.items()))
            self._write_attributions(cur, latest)

    def reindex_attributions(self, rowids: Sequence[int]) -> None:
        """Rebuild the speaker index rows of these documents from their stored analyses (none
        for a document without one), in one transaction."""
        if not rowids or not self.has_analyses():
            return
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (ANALYSIS_LOCK,))
            stored = dict(cur.execute("SELECT doc, json FROM analyses WHERE doc = ANY(%s::bigint[])",
                                      (list(rowids),)).fetchall())
            cur.execute("DELETE FROM attributions WHERE doc = ANY(%s::bigint[])", (list(rowids),))
            self._write_attributions(cur, stored)

    def analysis(self, rowid: int) -> str | None:
        if not self.has_analyses():
            return None
        row = self.db.execute("SELECT json FROM analyses WHERE doc=%s", (rowid,)).fetchone()
        return None if row is None else row[0]

    def _paged(self, sql: str, key_cols: int, args: Sequence = ()) -> Iterator[tuple]:
        """Rows of ``sql`` (ordered by its first ``key_cols`` columns, ``{after}`` standing for
        the key condition's right side) a page at a time: callers read other tables between rows."""
        last: tuple = (-1,) * key_cols
        while True:
            rows = self.db.execute(sql.format(after="(" + ",".join(["%s"] * key_cols) + ")"),
                                   [*args, *last]).fetchall()
            if not rows:
                return
            yield from rows
            last = tuple(rows[-1][:key_cols])

    def iter_analyses(self) -> Iterator[tuple[int, str]]:
        if not self.has_analyses():
            return
        yield from self._paged("SELECT doc, json FROM analyses WHERE doc > {after} ORDER BY doc LIMIT 1000", 1)

    def iter_attribution_rows(self) -> Iterator[AttributionRow]:
        if not self.has_analyses():
            return
        for d, n, speaker in self._paged("SELECT doc, n, speaker FROM attributions WHERE (doc, n) > {after} "
                                         "ORDER BY doc, n LIMIT 5000", 2):
            yield AttributionRow(d, n, speaker)

    def attribution_refs(self, speaker: str | None = None, doc: int | None = None) -> Iterator[AttributionRef]:
        """Stored attributions in document order; ``speaker`` is compared by :func:`speaker_key`."""
        if not self.has_analyses():
            return
        where, args = [], []
        if speaker is not None:
            where.append("speaker_key=%s")
            args.append(speaker_key(speaker))
        if doc is not None:
            where.append("doc=%s")
            args.append(doc)
        where.append("(doc, n) > {after}")
        for d, n in self._paged(f"SELECT doc, n FROM attributions WHERE {' AND '.join(where)} "
                                "ORDER BY doc, n LIMIT 5000", 2, args):
            yield AttributionRef(d, n)

    def speakers(self, contains: str | None = None, limit: int = 20) -> list[SpeakerCount]:
        """As :meth:`unspin.store.sqlite.SQLiteStore.speakers` (the ranking is made here, not by
        the server's collation, so both backends agree)."""
        if not self.has_analyses():
            return []
        q = "SELECT speaker_key, speaker, COUNT(*) FROM attributions WHERE speaker_key IS NOT NULL"
        args: list = []
        if contains is not None:
            q += " AND strpos(speaker_key, %s) > 0"
            args.append(speaker_key(contains) or "")
        totals: dict[str, int] = {}
        best: dict[str, tuple[int, bool, str]] = {}
        for key, name, count in self.db.execute(q + " GROUP BY speaker_key, speaker", args):
            totals[key] = totals.get(key, 0) + count
            best[key] = max(best.get(key, (0, False, name)), (count, not name.isupper(), name))
        ranked = sorted(totals, key=lambda k: (-totals[k], k))[:limit]
        return [SpeakerCount(best[k][2], totals[k]) for k in ranked]

    # -- integrity (``unspin check``) ---------------------------------------------
    def integrity_problems(self) -> list[str]:
        """What is wrong in the tables, one sentence each (empty: nothing found). The server
        keeps its own files consistent; these are the cross-table checks SQLite's backend makes."""
        checks = [
            ("SELECT COUNT(*) FROM docs d WHERE n_sents != (SELECT COUNT(*) FROM sents "
             "WHERE key >= d.rowid << 12 AND key < (d.rowid + 1) << 12)", "documents without all their sentences"),
            ("SELECT COUNT(*) FROM docs d WHERE NOT EXISTS (SELECT 1 FROM lsh WHERE lsh.doc = d.rowid)",
             "documents without LSH bands"),
            ("SELECT COUNT(*) FROM sents s WHERE NOT EXISTS (SELECT 1 FROM docs WHERE rowid = s.key >> 12)",
             "sentences of no stored document"),
            ("SELECT COUNT(*) FROM lsh l WHERE NOT EXISTS (SELECT 1 FROM docs WHERE rowid = l.doc)",
             "LSH bands of no stored document"),
        ]
        if self.has_analyses():
            checks.append(("SELECT COUNT(*) FROM analyses a WHERE NOT EXISTS (SELECT 1 FROM docs WHERE rowid = a.doc)",
                           "analyses of no stored document"))
        problems = []
        for sql, what in checks:
            (n,) = self.db.execute(sql).fetchone()
            if n:
                problems.append(f"{what}: {n}")
        return problems


class PostgresTokenStore:
    """API tokens for ``unspin serve`` in the store's PostgreSQL database, as
    :class:`unspin.store.tokens.TokenStore` keeps them in the SQLite file: only a hash of each."""

    def __init__(self, url: str) -> None:
        import psycopg

        conninfo, _, self.path = _split_url(url)
        try:
            self._db = psycopg.connect(conninfo, autocommit=True)
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                self._db.execute("CREATE TABLE IF NOT EXISTS api_tokens (hash TEXT PRIMARY KEY, name TEXT NOT NULL, "
                                 "scope TEXT NOT NULL CHECK (scope IN ('read', 'write')), "
                                 "created DOUBLE PRECISION NOT NULL)")
        except psycopg.Error as exc:
            raise UnspinError(f"{self.path}: cannot open the store for tokens: {str(exc).strip()}") from None

    def create(self, name: str, scope: str = "read") -> str:
        """A new token for ``name``; returns the token, which is shown once and not kept."""
        import secrets
        import time

        from unspin.store.tokens import PREFIX, token_hash

        if scope not in ("read", "write"):
            raise UnspinError(f"scope must be read or write, not {scope!r}")
        if not name.strip():
            raise UnspinError("give the token a name (who or what it is for)")
        token = PREFIX + secrets.token_urlsafe(32)
        self._db.execute("INSERT INTO api_tokens(hash, name, scope, created) VALUES (%s, %s, %s, %s)",
                         (token_hash(token), name.strip(), scope, time.time()))
        return token

    def find(self, token: str):
        from unspin.store.tokens import PREFIX, Token, token_hash

        if not token.startswith(PREFIX):
            return None
        row = self._db.execute("SELECT name, scope FROM api_tokens WHERE hash=%s", (token_hash(token),)).fetchone()
        return Token(row[0], row[1]) if row else None

    def names(self) -> list:
        from unspin.store.tokens import Token

        return [Token(n, s) for n, s in self._db.execute("SELECT name, scope FROM api_tokens ORDER BY created")]

    def close(self) -> None:
        self._db.close()
