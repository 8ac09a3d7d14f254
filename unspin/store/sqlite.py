"""The single-file SQLite store: documents, their sentences with vectors, LSH bands.

SQLite is the source of truth. The ANN index beside it (provenance/index.py) is a
cache that can always be rebuilt or caught up from the ``sents`` table, so a crash
between the two loses nothing. WAL journal, one transaction per batch: a ``kill -9``
leaves every committed batch intact and the rest absent.

Writers: SQLite serialises transactions, not ingest sessions. Two ingests interleaving
their batches would each keep an ANN index of their own documents and save it over the
other's, and both would insert a document the other had just committed (an
IntegrityError). :meth:`SQLiteStore.write_lock` is the session lock: an advisory
``flock`` on ``DB.lock`` beside the database, holding the holder's pid, released by
the kernel when the holder exits however it exits.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from unspin.errors import UnspinError
from unspin.store.base import (
    AnchorState, AttributionRef, AttributionRow, DocKey, DocMeta, IndexedDoc, Prepared, SentBlock, SentRows,
    SpeakerCount, StoredDoc, WaitHook, key_doc, sent_block, sent_key, speaker_key,
)

try:
    import fcntl
except ImportError:  # not POSIX: no session lock (one writer at a time is then up to the user)
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    nhash TEXT NOT NULL,
    title TEXT, date TEXT, url TEXT, publisher TEXT, origin TEXT,
    text TEXT NOT NULL,
    n_sents INTEGER NOT NULL,
    minhash BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_nhash ON docs(nhash);
CREATE TABLE IF NOT EXISTS sents (
    key INTEGER PRIMARY KEY,
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    words INTEGER NOT NULL,
    shash INTEGER NOT NULL,
    vec BLOB NOT NULL,
    lex BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sents_shash ON sents(shash);
CREATE TABLE IF NOT EXISTS lsh (bkey INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS lsh_bkey ON lsh(bkey);
"""

# Created by the first ``ingest --analyze`` (a store made for tracing only never has them, and
# opening it does not write). ``analyses`` holds the CONTRACT object of ``unspin analyze`` for a
# document, without its "id" (the docs row has it); ``attributions`` indexes that object's
# attributions by resolved speaker name (``speaker_key``: casefolded, spaces collapsed) so a
# speaker query reads only the documents that quote that speaker. Stores made before this
# version may hold an empty ``analyses`` table of the same shape: it is used as it is.
_ANALYSIS_SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (doc INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attributions (
    doc INTEGER NOT NULL,
    n INTEGER NOT NULL,
    speaker TEXT,
    speaker_key TEXT,
    PRIMARY KEY (doc, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attributions_speaker ON attributions(speaker_key);
"""

_DOC_COLS = "rowid, id, text, nhash, hash, title, date, url, publisher, origin, n_sents"
_INSERT_ATTRIBUTION = "INSERT INTO attributions(doc, n, speaker, speaker_key) VALUES (?,?,?,?)"


def _attribution_rows(rowid: int, blob: str) -> list[tuple]:
    """The speaker index rows of one stored analysis."""
    attrs = json.loads(blob).get("attributions", [])
    return [(rowid, n, name, speaker_key(name))
            for n, name in enumerate((a.get("speaker") or {}).get("name") for a in attrs)]


def _int_pairs(rows: list[tuple[int, int]]) -> np.ndarray:
    return np.array(rows, dtype=np.int64).reshape(len(rows), 2)


class SQLiteStore:
    """:class:`unspin.store.base.Store` on one SQLite file."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.path = os.fspath(path)
        self.url = self.path
        self._lock_fd: int | None = None
        self._lock_depth = 0
        self._thread_lock = threading.RLock()
        if not create and not os.path.exists(self.path):
            raise UnspinError(f"{self.path}: no such database (create it with `unspin ingest`)")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: safe against process crashes
            self.db.execute("PRAGMA busy_timeout=10000")
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB: the hash indexes take random inserts
            self.db.executescript(_SCHEMA)
            version = self.get_meta("schema")
            if version is None:
                self.set_meta("schema", SCHEMA_VERSION)
            if version is None or self.get_meta("uuid") is None:
                # the store's identity, saved with the ANN index: a replaced database never
                # reuses another's index (OR IGNORE: two first opens agree on one)
                try:
                    self.db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('uuid', ?)",
                                    (uuid.uuid4().hex,))
                except sqlite3.OperationalError:
                    pass  # a store made before identities, opened read-only: the index count is checked
        except sqlite3.DatabaseError as exc:
            raise UnspinError(f"{self.path}: not a usable unspin database ({exc})") from None
        if version is not None and version != SCHEMA_VERSION:
            raise UnspinError(f"{self.path}: database schema {version}, this unspin reads {SCHEMA_VERSION}")

    # -- identity, meta, locking -------------------------------------------------
    def store_id(self) -> str:
        return self.get_meta("uuid") or ""

    def index_location(self) -> str:
        """Where the ANN index of this store is kept: beside the database."""
        return self.path + ".usearch"

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @contextmanager
    def write_lock(self, wait: WaitHook | None = None, block: bool = True) -> Iterator[bool]:
        """Hold the store's writer lock for the block (re-entrant in the thread holding it).
        Yields True; with ``block=False`` yields False at once if another process or thread
        holds it. ``wait`` is told why before waiting for another process."""
        if not self._thread_lock.acquire(blocking=block):
            yield False
            return
        try:
            with self._process_lock(wait, block) as mine:
                yield mine
        finally:
            self._thread_lock.release()

    @contextmanager
    def _process_lock(self, wait: WaitHook | None, block: bool) -> Iterator[bool]:
        if self._lock_depth or fcntl is None:
            self._lock_depth += 1
            try:
                yield True
            finally:
                self._lock_depth -= 1
            return
        try:
            fd = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            if block:
                raise UnspinError(f"{self.path}: cannot create its lock file {self.path}.lock") from None
            yield False
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not block:
                    yield False
                    return
                if wait is not None:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    wait(f"{os.path.basename(self.path)} is being written by another unspin ingest "
                         f"(pid {holder}); waiting...")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            self._lock_fd, self._lock_depth = fd, 1
            try:
                yield True
            finally:
                self._lock_fd, self._lock_depth = None, 0
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ------------------------------------------------------------
    def add_batch(self, docs: Sequence[Prepared]) -> list[int]:
        """Insert documents in one transaction; returns their rowids. The count of anchor
        sentences (``anchor_state``) moves in the same transaction."""
        rowids = []
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for d in docs:
                m = d.meta
                cur.execute(
                    "INSERT INTO docs(id, hash, nhash, title, date, url, publisher, origin, text, n_sents, minhash)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (d.id, d.hash, d.nhash, m.get("title"), m.get("date"), m.get("url"), m.get("publisher"),
                     m.get("origin"), d.text, len(d.spans), d.minhash.astype(np.uint32).tobytes()))
                rowid = int(cur.lastrowid)
                rowids.append(rowid)
                vecs = np.asarray(d.vecs, dtype=np.float16)
                cur.executemany(
                    "INSERT INTO sents(key, start, end, words, shash, vec, lex) VALUES (?,?,?,?,?,?,?)",
                    [(sent_key(rowid, i), s, e, w, h, vecs[i].tobytes(), np.asarray(lx, np.uint16).tobytes())
                     for i, ((s, e), w, h, lx) in enumerate(zip(d.spans, d.words, d.shashes, d.lexids))])
                cur.executemany("INSERT INTO lsh(bkey, doc) VALUES (?, ?)", [(b, rowid) for b in d.bands])
            cur.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'anchors'",
                        (sum(len(d.anchors) for d in docs),))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return rowids

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """For writing very many rows at once (bench/bench_scale.py's synthetic documents): the
        hash indexes are dropped and rebuilt sorted at the end, far faster than random
        inserts into them, and commits are not synced until then."""
        for name in ("sents_shash", "lsh_bkey", "docs_nhash"):
            self.db.execute(f"DROP INDEX IF EXISTS {name}")
        self.db.execute("PRAGMA synchronous=OFF")
        try:
            yield
        finally:
            self.db.executescript(_SCHEMA)  # the indexes again
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def append_rows(self, docs: Sequence[tuple], sents: Sequence[tuple], lsh: Sequence[tuple], anchors: int) -> None:
        """Rows made elsewhere, in one transaction with the anchor count they add: ``docs``
        (rowid, id, hash, nhash, text, n_sents, minhash bytes), ``sents`` (key, start, end,
        words, shash, float16 vector bytes, uint16 lex bytes), ``lsh`` (band key, doc rowid)."""
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.executemany("INSERT INTO docs(rowid, id, hash, nhash, text, n_sents, minhash) VALUES (?,?,?,?,?,?,?)",
                            docs)
            cur.executemany("INSERT INTO sents(key, start, end, words, shash, vec, lex) VALUES (?,?,?,?,?,?,?)", sents)
            cur.executemany("INSERT INTO lsh(bkey, doc) VALUES (?, ?)", lsh)
            cur.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'anchors'", (anchors,))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    # -- reading ------------------------------------------------------------
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def lookup_id(self, doc_id: str) -> DocKey | None:
        row = self.db.execute("SELECT rowid, id, hash, nhash FROM docs WHERE id=?", (doc_id,)).fetchone()
        return None if row is None else DocKey(int(row[0]), *row[1:])

    def doc_id(self, rowid: int) -> str:
        row = self.db.execute("SELECT id FROM docs WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return row[0]

    def by_nhash(self, nhash: str) -> list[DocKey]:
        return [DocKey(int(r), i, h, nh) for r, i, h, nh in self.db.execute(
            "SELECT rowid, id, hash, nhash FROM docs WHERE nhash=? ORDER BY rowid", (nhash,))]

    def same_text(self, nhash: str, hash: str) -> list[DocKey]:
        """Documents with exactly this text (the nhash index finds them without a table scan)."""
        return [k for k in self.by_nhash(nhash) if k.hash == hash]

    def doc(self, rowid: int) -> StoredDoc:
        row = self.db.execute(f"SELECT {_DOC_COLS} FROM docs WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return StoredDoc(*row)

    def iter_docs(self) -> Iterator[StoredDoc]:
        """Every stored document in rowid order, read in pages."""
        last = -1
        while True:
            rows = self.db.execute(f"SELECT {_DOC_COLS} FROM docs WHERE rowid > ? ORDER BY rowid LIMIT 1000",
                                   (last,)).fetchall()
            if not rows:
                return
            for row in rows:
                yield StoredDoc(*row)
            last = rows[-1][0]

    def _select_in(self, sql: str, values: Iterable) -> Iterator[tuple]:
        """Rows of ``sql`` whose ``IN ({})`` takes ``values``, 500 at a time (SQLite's
        limit on bound parameters is lower than the lists a trace asks about)."""
        vals = list(values)
        for i in range(0, len(vals), 500):
            chunk = vals[i:i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def docs_meta(self, rowids: Iterable[int]) -> dict[int, DocMeta]:
        return {int(r): DocMeta(int(r), did, date, pub, title, url) for r, did, date, pub, title, url in
                self._select_in("SELECT rowid, id, date, publisher, title, url FROM docs WHERE rowid IN ({})", rowids)}

    def text_hashes(self, rowids: Iterable[int]) -> dict[int, DocKey]:
        return {int(r): DocKey(int(r), i, h, nh) for r, i, h, nh in
                self._select_in("SELECT rowid, id, hash, nhash FROM docs WHERE rowid IN ({})", rowids)}

    def shash_counts(self, shashes: Iterable[int]) -> dict[int, int]:
        """sentence hash -> how many stored sentences have it (hashes stored nowhere are left out)."""
        return {int(h): int(c) for h, c in self._select_in(
            "SELECT shash, COUNT(*) FROM sents WHERE shash IN ({}) GROUP BY shash", set(shashes))}

    def rowids(self) -> Iterator[int]:
        for (r,) in self.db.execute("SELECT rowid FROM docs ORDER BY rowid").fetchall():
            yield int(r)

    def sentences(self, rowid: int) -> SentRows:
        """Spans, vectors (float32), word counts, sentence hashes and lexical buckets of a stored document."""
        rows = self.db.execute("SELECT start, end, vec, words, shash, lex FROM sents WHERE key >= ? AND key < ? "
                               "ORDER BY key", (sent_key(rowid, 0), sent_key(rowid + 1, 0))).fetchall()
        vecs = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float16).reshape(len(rows), -1)
                .astype(np.float32) if rows else np.zeros((0, 0), np.float32))
        return SentRows(spans=[(r[0], r[1]) for r in rows], vecs=vecs, words=[r[3] for r in rows],
                        shashes=[r[4] for r in rows], lex=[np.frombuffer(r[5], dtype=np.uint16).tolist() for r in rows])

    def sentence_block(self, rowids: Sequence[int]) -> SentBlock:
        """The sentences of many documents (``sentences`` of each, as columns), in the order asked."""
        rows: list[tuple] = []
        sql = "SELECT key, start, end, vec, words, shash, lex FROM sents WHERE key >= ? AND key < ? ORDER BY key"
        for rowid in dict.fromkeys(rowids):
            rows += self.db.execute(sql, (sent_key(rowid, 0), sent_key(rowid + 1, 0))).fetchall()
        return sent_block(rows)

    def sentences_at(self, keys: Iterable[int]) -> SentBlock:
        """The stored sentences of these keys (a key of none is skipped), in key order."""
        rows = sorted(self._select_in("SELECT key, start, end, vec, words, shash, lex FROM sents WHERE key IN ({})",
                                      sorted(set(keys))))
        return sent_block(rows)

    def minhash(self, rowid: int) -> np.ndarray:
        (b,) = self.db.execute("SELECT minhash FROM docs WHERE rowid=?", (rowid,)).fetchone()
        return np.frombuffer(b, dtype=np.uint32)

    def lsh_docs(self, bands: Sequence[int]) -> dict[int, int]:
        """doc rowid -> number of bands shared."""
        if not bands:
            return {}
        q = f"SELECT doc, COUNT(*) FROM lsh WHERE bkey IN ({','.join('?' * len(bands))}) GROUP BY doc"
        return {int(d): int(c) for d, c in self.db.execute(q, list(bands))}

    def band_rows(self, lo: int, hi: int, upto_doc: int) -> np.ndarray:
        """(band key, doc rowid) rows, shape (n, 2) int64, of the stored LSH bands with
        ``lo <= key <= hi`` of the documents up to ``upto_doc``, by key then doc (a range of
        the band index: the Ray engine reads the bands in such ranges)."""
        return _int_pairs(self.db.execute("SELECT bkey, doc FROM lsh WHERE bkey BETWEEN ? AND ? AND doc <= ? "
                                          "ORDER BY bkey, doc", (lo, hi, upto_doc)).fetchall())

    def shash_rows(self, lo: int, hi: int, upto_doc: int) -> np.ndarray:
        """(sentence hash, sentence key) rows, shape (n, 2) int64, of the stored sentences with
        ``lo <= hash <= hi`` of the documents up to ``upto_doc``, by hash then key."""
        return _int_pairs(self.db.execute("SELECT shash, key FROM sents WHERE shash BETWEEN ? AND ? AND key < ? "
                                          "ORDER BY shash, key", (lo, hi, sent_key(upto_doc + 1, 0))).fetchall())

    def shash_docs(self, shashes: Sequence[int], limit: int = 64) -> dict[int, list[int]]:
        """sentence hash -> rowids of the documents holding that exact sentence (the first limit+1
        sentences each by key)."""
        out: dict[int, list[int]] = {}
        for h in set(shashes):
            rows = self.db.execute("SELECT key FROM sents WHERE shash=? ORDER BY key LIMIT ?", (h, limit + 1)).fetchall()
            out[h] = sorted({key_doc(k) for (k,) in rows})
        return out

    def documents_after(self, key: int, upto_doc: int | None = None,
                        batch: int = 20000) -> Iterator[list[IndexedDoc]]:
        """Whole documents whose sentences have keys above ``key`` (and whose rowid is at most
        ``upto_doc``), in key order, a batch at a time."""
        last = key
        end = sent_key(upto_doc + 1, 0) if upto_doc is not None else 1 << 62
        while True:
            rows = self.db.execute("SELECT key, words, vec FROM sents WHERE key > ? AND key < ? ORDER BY key LIMIT ?",
                                   (last, end, batch)).fetchall()
            if not rows:
                return
            docs: list[IndexedDoc] = []
            for k, w, v in rows:
                d = key_doc(k)
                if not docs or docs[-1].rowid != d:
                    docs.append(IndexedDoc(d, [], [], []))
                docs[-1].keys.append(k)
                docs[-1].words.append(w)
                docs[-1].vecs.append(v)
            if len(rows) == batch and len(docs) > 1:
                docs.pop()  # the last document may go on past this batch: it comes whole next time
            yield docs
            last = sent_key(docs[-1].rowid + 1, 0) - 1

    def max_rowid(self) -> int:
        row = self.db.execute("SELECT MAX(rowid) FROM docs").fetchone()
        return int(row[0]) if row and row[0] is not None else -1

    def anchor_state(self) -> AnchorState:
        # one statement: one snapshot, whatever a writer commits meanwhile
        last, n, k = self.db.execute(
            "SELECT (SELECT MAX(rowid) FROM docs), (SELECT value FROM meta WHERE key='anchors'), "
            "(SELECT value FROM meta WHERE key='anchors_k')").fetchone()
        return AnchorState(-1 if last is None else int(last), None if n is None else int(n),
                           None if k is None else int(k))

    def set_anchor_count(self, n: int, k: int) -> None:
        """Record the anchor count of every stored document (hold the write lock: it must not move meanwhile)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.set_meta("anchors", str(n))
            self.set_meta("anchors_k", str(k))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # -- analyses (``ingest --analyze``) ---------------------------------------
    def has_analyses(self) -> bool:
        row = self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='attributions'").fetchone()
        return row is not None

    def ensure_analysis_tables(self) -> None:
        if not self.has_analyses():
            self.db.executescript(_ANALYSIS_SCHEMA)

    def count_analyses(self) -> int:
        if not self.has_analyses():
            return 0
        return int(self.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0])

    def unanalysed(self, rowids: Sequence[int]) -> list[int]:
        """The rowids among ``rowids`` (order kept, repeats dropped) with no stored analysis."""
        done: set[int] = set()
        if self.has_analyses():
            done.update(int(d) for (d,) in self._select_in("SELECT doc FROM analyses WHERE doc IN ({})", rowids))
        out = []
        for r in rowids:
            if r not in done:
                done.add(r)
                out.append(r)
        return out

    def analysis_of_text(self, hash: str, nhash: str) -> str | None:
        """The stored analysis (JSON) of a document with exactly this text, if one has one."""
        if not self.has_analyses():
            return None
        row = self.db.execute("SELECT a.json FROM docs d JOIN analyses a ON a.doc = d.rowid "
                              "WHERE d.nhash=? AND d.hash=? LIMIT 1", (nhash, hash)).fetchone()
        return None if row is None else row[0]

    def add_analyses(self, items: Sequence[tuple[int, str]]) -> None:
        """Store (doc rowid, analysis JSON without "id") pairs in one transaction, with their
        rows of the speaker index (replaced, so this also repairs them)."""
        if not items:
            return
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for rowid, blob in items:
                cur.execute("INSERT OR REPLACE INTO analyses(doc, json) VALUES (?, ?)", (rowid, blob))
                cur.execute("DELETE FROM attributions WHERE doc=?", (rowid,))
                cur.executemany(_INSERT_ATTRIBUTION, _attribution_rows(rowid, blob))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def reindex_attributions(self, rowids: Sequence[int]) -> None:
        """Rebuild the speaker index rows of these documents from their stored analyses (none
        for a document without one), in one transaction."""
        if not rowids or not self.has_analyses():
            return
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for rowid in rowids:
                cur.execute("DELETE FROM attributions WHERE doc=?", (rowid,))
                row = cur.execute("SELECT json FROM analyses WHERE doc=?", (rowid,)).fetchone()
                if row is not None:
                    cur.executemany(_INSERT_ATTRIBUTION, _attribution_rows(rowid, row[0]))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def analysis(self, rowid: int) -> str | None:
        if not self.has_analyses():
            return None
        row = self.db.execute("SELECT json FROM analyses WHERE doc=?", (rowid,)).fetchone()
        return None if row is None else row[0]

    def _paged(self, sql: str, key_cols: int, args: Sequence = ()) -> Iterator[tuple]:
        """Rows of ``sql`` (a SELECT whose first ``key_cols`` columns are its ORDER BY key, with a
        ``{after}`` placeholder for the key condition) 5,000 at a time: callers read other
        tables between rows."""
        last: tuple = (-1,) * key_cols
        while True:
            rows = self.db.execute(sql.format(after="(" + ",".join("?" * key_cols) + ")"), [*args, *last]).fetchall()
            if not rows:
                return
            yield from rows
            last = tuple(rows[-1][:key_cols])

    def iter_analyses(self) -> Iterator[tuple[int, str]]:
        """(doc rowid, analysis JSON) of every stored analysis, in rowid order."""
        if not self.has_analyses():
            return
        for d, blob in self._paged("SELECT doc, json FROM analyses WHERE (doc) > {after} ORDER BY doc LIMIT 1000",
                                   1):
            yield int(d), blob

    def iter_attribution_rows(self) -> Iterator[AttributionRow]:
        """The speaker index of attributions, in (doc, n) order."""
        if not self.has_analyses():
            return
        for d, n, speaker in self._paged("SELECT doc, n, speaker FROM attributions WHERE (doc, n) > {after} "
                                         "ORDER BY doc, n LIMIT 5000", 2):
            yield AttributionRow(int(d), int(n), speaker)

    def attribution_refs(self, speaker: str | None = None, doc: int | None = None) -> Iterator[AttributionRef]:
        """Stored attributions in document order; ``speaker`` is compared by :func:`speaker_key`."""
        if not self.has_analyses():
            return
        where, args = [], []
        if speaker is not None:
            where.append("speaker_key=?")
            args.append(speaker_key(speaker))
        if doc is not None:
            where.append("doc=?")
            args.append(doc)
        where.append("(doc, n) > {after}")
        for d, n in self._paged(f"SELECT doc, n FROM attributions WHERE {' AND '.join(where)} "
                                "ORDER BY doc, n LIMIT 5000", 2, args):
            yield AttributionRef(int(d), int(n))

    def speakers(self, contains: str | None = None, limit: int = 20) -> list[SpeakerCount]:
        """Stored speaker names with their number of attributions, most quoted first; with
        ``contains``, only names holding that text (case-insensitive). Spellings of one name
        count together under the most frequent one (mixed case before capitals on a tie)."""
        if not self.has_analyses():
            return []
        q = "SELECT speaker_key, speaker, COUNT(*) FROM attributions WHERE speaker_key IS NOT NULL"
        args: list = []
        if contains is not None:
            q += " AND instr(speaker_key, ?) > 0"
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
        """What is wrong in the tables, one sentence each (empty: nothing found)."""
        problems = [f"SQLite integrity check: {msg}" for (msg,) in self.db.execute("PRAGMA integrity_check")
                    if msg != "ok"]
        checks = [
            ("SELECT COUNT(*) FROM docs d WHERE n_sents != (SELECT COUNT(*) FROM sents "
             f"WHERE key >= d.rowid << 12 AND key < (d.rowid + 1) << 12)", "documents without all their sentences"),
            ("SELECT COUNT(*) FROM docs WHERE rowid NOT IN (SELECT doc FROM lsh)", "documents without LSH bands"),
            ("SELECT COUNT(*) FROM sents WHERE key >> 12 NOT IN (SELECT rowid FROM docs)",
             "sentences of no stored document"),
            ("SELECT COUNT(*) FROM lsh WHERE doc NOT IN (SELECT rowid FROM docs)", "LSH bands of no stored document"),
        ]
        if self.has_analyses():
            checks.append(("SELECT COUNT(*) FROM analyses WHERE doc NOT IN (SELECT rowid FROM docs)",
                           "analyses of no stored document"))
        for sql, what in checks:
            (n,) = self.db.execute(sql).fetchone()
            if n:
                problems.append(f"{what}: {n}")
        return problems
