"""The approximate-nearest-neighbour index of sentence vectors (usearch HNSW).

It holds each document's anchor sentences (``anchors``: 8 spread over the
document), not all of them; the query side searches with all of its sentences.

It is a cache of what the store holds, never silently partial. It lives where the
store says (``Store.index_location()``: for SQLite ``DB.usearch`` beside the file)
with ``.json`` beside it naming the store it belongs to (the store's uuid), how many
anchors it holds and up to which document (``upto``, the last sentence key that
document could have). The store counts the anchors of the documents it holds in the
transaction that commits them (``Store.anchor_state``). On open the index is loaded
(a file of another store, another dimension or another ANCHORS is not), caught up
with every document committed after ``upto``, and its size compared with the
store's count; when they differ (two writers saved over each other, a file copied
from elsewhere) every stored anchor is looked up and the missing ones are added.
Saving writes temporary files and renames them, and only the holder of the store's
write lock saves, so the files on disk are always one complete index.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspin.store.base import AnchorState, Store, key_doc, sent_key

MIN_WORDS = 5  # shorter sentences ("He said.") are not indexed: they match everything
ANCHORS = 8  # sentences of a document in the index, spread evenly over it (see anchors())
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 16, 64, 64
# A bigger graph needs a wider search to keep finding a query sentence's true neighbour
# among the many near ones (bench/bench_scale.py, 200 spun copies): at 100k documents
# (0.8M vectors) ef 64 lost 2.5% of sources and ef 128 1.0% (the two left are decision
# misses, not search misses), at 1M documents (8M vectors) 3.5% and 2.5%; ef 128 costs
# 2 to 10 ms at p95. Rebuilt (bench_scale --sizes 100000,1000000, Dec 2026), ef 128 loses
# 1.5% at both sizes, the same 3 queries: the 2 decision misses and a 12-sentence partial
# copy whose source's anchors this graph does not reach (searched with their own vectors,
# not found even at ef 4096; of 3,000 stored anchors at 100k, 17% are not their own
# nearest at ef 128). Neither width per query length helped at 1M: short queries up to ef
# 1024 found nothing more (p50 +31 %, p95 +14 %), long ones narrowed to 64 lost a source
# at 100k. What would is a denser graph (CONNECTIVITY, EXPANSION_ADD), rebuilt: built from
# the 100k store's 0.8M anchors, 16/64 leaves 7% of them not their own nearest at ef 128
# (12/32: 16%, the same in float16) for 3x the build time (322 s vs 109 s) and 1.5x the
# memory (376 vs 248 MiB), and trace at 100k with it finds that partial copy (recall@1
# 0.985 -> 0.990, p95 95 -> 96 ms at load 2-3); at 1M the rebuild is about an hour here
# (bench_scale --reindex). Measured (Dec 2026, 36 min to rebuild the 7.9M anchors from the
# store): 16/64 at 1M gives recall@1 0.990 (only the 2 decision misses) at p50 34 / p95 92 ms
# (bench_scale --measure unspin, load 1.1), against 0.985 at 12/32; with 16/64, ef 96 loses a
# partial copy and ef 64 three (0.980), so EXPANSION_SEARCH_LARGE stays 128. Hence 16/64 by
# default: on ingest's 34k anchors of both corpora it costs about 1 s more to build.
LARGE_INDEX, EXPANSION_SEARCH_LARGE = 500_000, 128
# A query searches with all its sentences at once; usearch spreads them over this many
# threads (at 1M documents the search is most of a long query's trace time).
SEARCH_THREADS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class Graph:
    """The HNSW graph's build settings: the defaults above, or others given to one index
    (``bench_scale --reindex --connectivity 16 --expansion-add 64`` measures a graph)."""

    connectivity: int = CONNECTIVITY
    expansion_add: int = EXPANSION_ADD


def anchors(words: Sequence[int], k: int = ANCHORS) -> list[int]:
    """Which sentences of a document go into the ANN index: ``k`` of those with at least
    MIN_WORDS words, evenly spaced from the first to the last.

    The index only has to bring the right documents into the candidate list; the
    alignment that decides reads every sentence from the database. A copy of any
    reasonable part of a document (a partial copy, one half of a stitched copy, a
    reordered copy with sentences dropped) holds several of its anchors, and the
    query side searches with every one of its sentences. Indexing 8 sentences
    instead of all (29 on average in the shared corpora) makes the index, its
    build time and its memory about 3.5 times smaller.
    """
    ok = [i for i, w in enumerate(words) if w >= MIN_WORDS]
    if len(ok) <= k:
        return ok
    step = (len(ok) - 1) / (k - 1)
    return [ok[int(round(j * step))] for j in range(k)]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of what the store holds an index holds."""

    expected: int  # anchor sentences of the stored documents
    present: int  # of them, in the index
    extra: int  # keys in the index that are no stored anchor


class SentenceIndex:
    def __init__(self, store: Store, dim: int, catch_up: bool = True, graph: Graph = Graph()) -> None:
        from usearch.index import Index

        self.store = store
        self.dim = dim
        self.graph = graph  # for an index built here; a loaded one keeps the graph it was saved with
        self.path = store.index_location()
        self.meta_path = self.path + ".json"
        self._Index = Index
        self.index = None
        self.upto = -1
        self.dirty = False
        self.loaded = False  # it is (was loaded from, or saved as) the saved index; else built from the store
        self.lock = threading.RLock()  # catching up and searching from several threads (unspin serve)
        self._synced: AnchorState | None = None  # the store's state the last refresh brought the index to
        self._rebuilt = False
        self._load()
        if catch_up:
            self.refresh()

    def _new(self):
        return self._Index(ndim=self.dim, metric="cos", dtype="i8", connectivity=self.graph.connectivity,
                           expansion_add=self.graph.expansion_add, expansion_search=EXPANSION_SEARCH)

    def _read_meta(self) -> dict | None:
        try:
            with open(self.meta_path, encoding="utf-8") as fh:
                meta = json.load(fh)
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def _load(self) -> None:
        self.index = self._new()
        sid = self.store.store_id()
        for attempt in range(2):  # a writer may replace the pair between the two reads: read again
            meta = self._read_meta()
            try:
                # an index saved before stores had an identity has no "store": its count is checked instead
                if (meta is None or meta.get("dim") != self.dim or meta.get("anchors") != ANCHORS
                        or meta.get("store", sid) != sid or not os.path.exists(self.path)):
                    raise ValueError("another index")
                self.index.load(self.path)
                if key_doc(int(meta["upto"])) > self.store.max_rowid():
                    raise ValueError("an index of documents this store does not hold")
            except (OSError, ValueError, KeyError, TypeError, RuntimeError):
                self.index = self._new()  # built from the store by refresh()
                self.dirty = True
                return
            self.loaded = True
            if len(self.index) == meta.get("count"):
                self.upto = int(meta["upto"])
                return
            if attempt:  # what it holds is unknown: refresh() looks every anchor up
                self.dirty = True
                return
            self.index = self._new()

    def sync(self) -> int:
        """:meth:`refresh` if documents were committed since (one small query when none were):
        a long-lived reader (``unspin serve``) sees what ingests add meanwhile."""
        state = self.store.anchor_state()
        if state == self._synced or (key_doc(self.upto) >= state.last_doc and state.anchors == len(self.index)):
            return 0  # nothing new (or nothing new since a count that did not match was looked into)
        return self.refresh()

    def refresh(self) -> int:
        """Bring the index up to the store: add the anchors of documents committed after
        ``upto``, then compare the size with the store's count of anchors, and on a
        difference look every stored anchor up (adding the missing, rebuilding if the index
        holds keys the store does not). Returns how many anchors were added."""
        with self.lock:
            return self._refresh()

    def verify(self) -> int:
        """Look every stored anchor up whatever the counts say (``unspin check --repair``):
        add the missing, rebuild if the index holds others. Returns how many were added."""
        with self.lock:
            return self._verify(self.store.anchor_state())

    def _refresh(self) -> int:
        state = self._synced = self.store.anchor_state()
        if self.upto < 0:
            return self._verify(state)  # from nothing known, catching up is the full scan
        added = self.catch_up(state.last_doc)
        if state.anchors_k == ANCHORS and state.anchors == len(self.index):
            return added
        return added + self._verify(state)

    def _verify(self, state: AnchorState) -> int:
        size = len(self.index)
        cov = self._scan(state.last_doc, add=True)
        added = len(self.index) - size
        if cov.extra:
            self.index = self._new()
            self.upto = -1
            self._rebuilt = True  # whatever is saved holds those keys too: replace it
            added = self._scan(state.last_doc, add=True).expected
        if (state.anchors, state.anchors_k) != (cov.expected, ANCHORS):
            with self.store.write_lock(block=False) as mine:  # the count must not move meanwhile
                if mine and self.store.anchor_state().last_doc == state.last_doc:
                    self.store.set_anchor_count(cov.expected, ANCHORS)
        return added

    def _stored_anchors(self, after: int, last_doc: int):
        """(keys, float16 vectors) of the anchors of the stored documents after key ``after``
        up to ``last_doc``, a batch at a time, with the batch's last document."""
        for docs in self.store.documents_after(after, upto_doc=last_doc):
            keys: list[int] = []
            vecs: list[bytes] = []
            for d in docs:
                for i in anchors(d.words):
                    keys.append(d.keys[i])
                    vecs.append(d.vecs[i])
            yield np.asarray(keys, dtype=np.uint64), vecs, docs[-1].rowid

    def _add_missing(self, keys: np.ndarray, vecs: list[bytes]) -> int:
        """Add those of ``keys`` the index does not hold; returns how many it held."""
        if not len(keys):
            return 0
        held = np.asarray(self.index.contains(keys), dtype=bool).reshape(-1) if len(self.index) else \
            np.zeros(len(keys), bool)
        if not held.all():
            todo = np.nonzero(~held)[0]
            v = np.frombuffer(b"".join(vecs[i] for i in todo), dtype=np.float16).reshape(len(todo), -1)
            self.index.add(keys[todo], v.astype(np.float32), threads=2)
            self.dirty = True
        return int(held.sum())

    def catch_up(self, last_doc: int | None = None) -> int:
        """Add the anchors of every document committed after ``upto`` (up to ``last_doc``)."""
        added = 0
        for keys, vecs, last in self._stored_anchors(self.upto, self.store.max_rowid() if last_doc is None
                                                     else last_doc):
            added += len(keys) - self._add_missing(keys, vecs)
            self.upto = sent_key(last + 1, 0) - 1
            self.dirty = True
        return added

    def _scan(self, last_doc: int, add: bool) -> Coverage:
        """Look every stored anchor up (and with ``add``, add the missing ones)."""
        expected = present = 0
        size = len(self.index)
        for keys, vecs, last in self._stored_anchors(-1, last_doc):
            expected += len(keys)
            if add:
                present += self._add_missing(keys, vecs)
            elif len(keys) and size:
                present += int(np.asarray(self.index.contains(keys), dtype=bool).sum())
        if add:
            self.upto = max(self.upto, sent_key(last_doc + 1, 0) - 1)
        return Coverage(expected, present, size - present)

    def coverage(self) -> Coverage:
        """What the index holds of what the store holds (``unspin check``)."""
        return self._scan(self.store.anchor_state().last_doc, add=False)

    def add(self, keys: np.ndarray, vecs: np.ndarray, last_doc: int | None = None) -> None:
        """Add anchors' vectors; ``last_doc``: every document up to that rowid is now in."""
        with self.lock:
            self._add(keys, vecs, last_doc)

    def _add(self, keys: np.ndarray, vecs: np.ndarray, last_doc: int | None) -> None:
        if len(keys):
            self.index.add(np.asarray(keys, dtype=np.uint64), np.asarray(vecs, dtype=np.float32), threads=2)
            self.dirty = True
        if last_doc is not None:
            self.upto = max(self.upto, sent_key(last_doc + 1, 0) - 1)
            self.dirty = True

    def search(self, vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(keys, similarities) of shape (n, k); missing neighbours have key -1 and similarity 0."""
        n = len(vecs)
        if n == 0 or len(self.index) == 0:
            return np.full((n, k), -1, np.int64), np.zeros((n, k), np.float32)
        with self.lock:
            self.index.expansion_search = (EXPANSION_SEARCH_LARGE if len(self.index) >= LARGE_INDEX
                                           else EXPANSION_SEARCH)
            res = self.index.search(np.asarray(vecs, dtype=np.float32), min(k, len(self.index)),
                                    threads=SEARCH_THREADS)
        keys = np.asarray(res.keys).reshape(n, -1).astype(np.int64)
        dist = np.asarray(res.distances).reshape(n, -1)
        counts = (np.asarray(res.counts).reshape(n) if hasattr(res, "counts")
                  else np.array([keys.shape[1]]))  # one query: usearch returns a single Matches
        sims = 1.0 - dist
        mask = np.arange(keys.shape[1])[None, :] >= counts[:, None]
        keys[mask] = -1
        sims[mask] = 0.0
        return keys, sims.astype(np.float32)

    def save(self) -> bool:
        """Write the index if this process may (it holds the store's write lock, or can take it
        now) and the saved one holds less; False when another process is writing (it saves,
        and the next open catches up)."""
        if not self.dirty:
            return True
        with self.lock, self.store.write_lock(block=False) as mine:
            if not mine:
                return False
            sid = self.store.store_id()
            disk = self._read_meta()
            if (not self._rebuilt and disk is not None and disk.get("store") == sid
                    and disk.get("anchors") == ANCHORS and disk.get("dim") == self.dim
                    and int(disk.get("upto", -1)) >= self.upto and int(disk.get("count", -1)) >= len(self.index)):
                self.dirty = False  # a writer saved at least as much since this one was loaded
                return True
            tmp = self.path + ".tmp"
            self.index.save(tmp)
            meta_tmp = self.meta_path + ".tmp"
            with open(meta_tmp, "w", encoding="utf-8") as fh:
                json.dump({"dim": self.dim, "count": len(self.index), "upto": self.upto, "anchors": ANCHORS,
                           "store": sid}, fh)
            os.replace(tmp, self.path)
            os.replace(meta_tmp, self.meta_path)
            self.dirty = self._rebuilt = False
            self.loaded = True
            return True

    def __len__(self) -> int:
        return len(self.index)

    def nbytes(self) -> int:
        return os.path.getsize(self.path) if os.path.exists(self.path) else 0
