"""The single-file SQLite store: documents, their sentences with vectors, LSH bands.

SQLite is the source of truth. The ANN index beside it (index.py) is a cache
that can always be rebuilt or caught up from the ``sents`` table, so a crash
between the two loses nothing. WAL journal, one transaction per batch: a
``kill -9`` leaves every committed batch intact and the rest absent.

Sentence keys are ``doc_rowid << 12 | sentence_number``: an ANN hit names its
document without a lookup (sentences past the 4,096th of a document are not
stored).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from unspin.errors import UnspinError

SCHEMA_VERSION = "2"
SENT_BITS = 12
MAX_SENTS = 1 << SENT_BITS
DEFAULT_DB = "unspin.db"

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


def speaker_key(name: str | None) -> str | None:
    """How speaker names are compared: case-insensitive, whitespace collapsed."""
    if name is None:
        return None
    key = " ".join(name.split()).casefold()
    return key or None


@dataclass(slots=True)
class Prepared:
    """A document ready to store: text, metadata and everything derived from it."""

    id: str
    text: str
    hash: str
    nhash: str
    spans: list[tuple[int, int]]
    words: list[int]
    shashes: list[int]
    lexids: list[list[int]]  # per sentence: content-stem buckets (normalise.lex_ids)
    vecs: np.ndarray  # (n_sents, dim) float16
    minhash: np.ndarray  # (128,) uint32
    bands: list[int]
    meta: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class StoredDoc:
    rowid: int
    id: str
    text: str
    nhash: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str | None = None


def sent_key(doc: int, i: int) -> int:
    return (doc << SENT_BITS) | i


def key_doc(key: int) -> int:
    return key >> SENT_BITS


class Store:
    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.path = os.fspath(path)
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
        except sqlite3.DatabaseError as exc:
            raise UnspinError(f"{self.path}: not a usable unspin database ({exc})") from None
        if version is None:
            self.set_meta("schema", SCHEMA_VERSION)
        elif version != SCHEMA_VERSION:
            raise UnspinError(f"{self.path}: database schema {version}, this unspin reads {SCHEMA_VERSION}")

    # -- meta ---------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ------------------------------------------------------------
    def add_batch(self, docs: Sequence[Prepared]) -> list[int]:
        """Insert documents in one transaction; returns their rowids."""
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
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return rowids

    # -- reading ------------------------------------------------------------
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def lookup_id(self, doc_id: str) -> tuple[int, str] | None:
        row = self.db.execute("SELECT rowid, hash FROM docs WHERE id=?", (doc_id,)).fetchone()
        return None if row is None else (int(row[0]), row[1])

    def doc_id(self, rowid: int) -> str:
        row = self.db.execute("SELECT id FROM docs WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return row[0]

    def by_nhash(self, nhash: str) -> list[tuple[int, str]]:
        return [(int(r), i) for r, i in self.db.execute("SELECT rowid, id FROM docs WHERE nhash=? ORDER BY rowid",
                                                        (nhash,))]

    def doc(self, rowid: int) -> StoredDoc:
        row = self.db.execute("SELECT rowid, id, text, nhash, title, date, url, publisher, origin FROM docs "
                              "WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return StoredDoc(*row)

    def _select_in(self, sql: str, values: Iterable) -> Iterator[tuple]:
        """Rows of ``sql`` whose ``IN ({})`` takes ``values``, 500 at a time (SQLite's
        limit on bound parameters is lower than the lists a trace asks about)."""
        vals = list(values)
        for i in range(0, len(vals), 500):
            chunk = vals[i:i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def docs_meta(self, rowids: Iterable[int]) -> dict[int, tuple[str, str | None, str | None]]:
        """rowid -> (id, date, publisher)."""
        return {int(r): (did, date, pub) for r, did, date, pub in
                self._select_in("SELECT rowid, id, date, publisher FROM docs WHERE rowid IN ({})", rowids)}

    def text_hashes(self, rowids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """rowid -> (normalised-text hash, exact-text hash)."""
        return {int(r): (nh, h) for r, nh, h in
                self._select_in("SELECT rowid, nhash, hash FROM docs WHERE rowid IN ({})", rowids)}

    def shash_counts(self, shashes: Iterable[int]) -> dict[int, int]:
        """sentence hash -> how many stored sentences have it (hashes stored nowhere are left out)."""
        return {int(h): int(c) for h, c in self._select_in(
            "SELECT shash, COUNT(*) FROM sents WHERE shash IN ({}) GROUP BY shash", set(shashes))}

    def rowids(self) -> Iterator[int]:
        for (r,) in self.db.execute("SELECT rowid FROM docs ORDER BY rowid").fetchall():
            yield int(r)

    def sentences(self, rowid: int):
        """(spans, vectors float32, word counts, sentence hashes, lexical bucket lists) of a stored document."""
        rows = self.db.execute("SELECT start, end, vec, words, shash, lex FROM sents WHERE key >= ? AND key < ? "
                               "ORDER BY key", (sent_key(rowid, 0), sent_key(rowid + 1, 0))).fetchall()
        spans = [(r[0], r[1]) for r in rows]
        vecs = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float16).reshape(len(rows), -1)
                .astype(np.float32) if rows else np.zeros((0, 0), np.float32))
        lex = [np.frombuffer(r[5], dtype=np.uint16).tolist() for r in rows]
        return spans, vecs, [r[3] for r in rows], [r[4] for r in rows], lex

    def minhash(self, rowid: int) -> np.ndarray:
        (b,) = self.db.execute("SELECT minhash FROM docs WHERE rowid=?", (rowid,)).fetchone()
        return np.frombuffer(b, dtype=np.uint32)

    def lsh_docs(self, bands: Sequence[int]) -> dict[int, int]:
        """doc rowid -> number of bands shared."""
        if not bands:
            return {}
        q = f"SELECT doc, COUNT(*) FROM lsh WHERE bkey IN ({','.join('?' * len(bands))}) GROUP BY doc"
        return {int(d): int(c) for d, c in self.db.execute(q, list(bands))}

    def shash_docs(self, shashes: Sequence[int], limit: int = 64) -> dict[int, list[int]]:
        """sentence hash -> rowids of the documents holding that exact sentence (at most limit+1 each)."""
        out: dict[int, list[int]] = {}
        for h in set(shashes):
            rows = self.db.execute("SELECT key FROM sents WHERE shash=? LIMIT ?", (h, limit + 1)).fetchall()
            out[h] = sorted({key_doc(k) for (k,) in rows})
        return out

    def documents_after(self, key: int, batch: int = 20000) -> Iterator[list[tuple[int, list[int], list[int], list[bytes]]]]:
        """Whole documents whose sentences have keys above ``key``, in key order, a batch at a
        time: lists of (doc rowid, sentence keys, word counts, float16 vector bytes)."""
        last = key
        while True:
            rows = self.db.execute("SELECT key, words, vec FROM sents WHERE key > ? ORDER BY key LIMIT ?",
                                   (last, batch)).fetchall()
            if not rows:
                return
            docs: list[tuple[int, list[int], list[int], list[bytes]]] = []
            for k, w, v in rows:
                d = key_doc(k)
                if not docs or docs[-1][0] != d:
                    docs.append((d, [], [], []))
                docs[-1][1].append(k)
                docs[-1][2].append(w)
                docs[-1][3].append(v)
            if len(rows) == batch and len(docs) > 1:
                docs.pop()  # the last document may go on past this batch: it comes whole next time
            yield docs
            last = sent_key(docs[-1][0] + 1, 0) - 1

    def max_rowid(self) -> int:
        row = self.db.execute("SELECT MAX(rowid) FROM docs").fetchone()
        return int(row[0]) if row and row[0] is not None else -1

    def max_sent_key(self) -> int:
        row = self.db.execute("SELECT MAX(key) FROM sents").fetchone()
        return int(row[0]) if row and row[0] is not None else -1

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

    def analysis_source(self, rowid: int) -> tuple[str, str, str, str]:
        """(id, text, text hash, normalised-text hash) of a stored document."""
        row = self.db.execute("SELECT id, text, hash, nhash FROM docs WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        return row

    def analysis_of_text(self, hash: str, nhash: str) -> str | None:
        """The stored analysis (JSON) of a document with exactly this text, if one has one."""
        if not self.has_analyses():
            return None
        row = self.db.execute("SELECT a.json FROM docs d JOIN analyses a ON a.doc = d.rowid "
                              "WHERE d.nhash=? AND d.hash=? LIMIT 1", (nhash, hash)).fetchone()
        return None if row is None else row[0]

    def add_analyses(self, items: Sequence[tuple[int, str]]) -> None:
        """Store (doc rowid, analysis JSON without "id") pairs in one transaction."""
        if not items:
            return
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for rowid, blob in items:
                attrs = json.loads(blob).get("attributions", [])
                cur.execute("INSERT OR REPLACE INTO analyses(doc, json) VALUES (?, ?)", (rowid, blob))
                cur.execute("DELETE FROM attributions WHERE doc=?", (rowid,))
                cur.executemany(
                    "INSERT INTO attributions(doc, n, speaker, speaker_key) VALUES (?,?,?,?)",
                    [(rowid, n, name, speaker_key(name))
                     for n, name in enumerate((a.get("speaker") or {}).get("name") for a in attrs)])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def analysis(self, rowid: int) -> str | None:
        if not self.has_analyses():
            return None
        row = self.db.execute("SELECT json FROM analyses WHERE doc=?", (rowid,)).fetchone()
        return None if row is None else row[0]

    def attribution_refs(self, speaker: str | None = None, doc: int | None = None) -> Iterator[tuple[int, int]]:
        """(doc rowid, attribution number) of stored attributions, in document order; ``speaker``
        is compared by :func:`speaker_key`."""
        if not self.has_analyses():
            return
        where, args = [], []
        if speaker is not None:
            where.append("speaker_key=?")
            args.append(speaker_key(speaker))
        if doc is not None:
            where.append("doc=?")
            args.append(doc)
        q = "SELECT doc, n FROM attributions" + (f" WHERE {' AND '.join(where)}" if where else "")
        # fetched in pages: the caller reads other tables between rows
        last = (-1, -1)
        while True:
            rows = self.db.execute(f"{q} {'AND' if where else 'WHERE'} (doc, n) > (?, ?) ORDER BY doc, n LIMIT 5000",
                                   [*args, *last]).fetchall()
            if not rows:
                return
            for d, n in rows:
                yield int(d), int(n)
            last = rows[-1]

    def speakers(self, contains: str | None = None, limit: int = 20) -> list[tuple[str, int]]:
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
        return [(best[k][2], totals[k]) for k in ranked]
