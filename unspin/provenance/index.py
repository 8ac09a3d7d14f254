"""The approximate-nearest-neighbour index of sentence vectors (usearch HNSW).

It holds each document's anchor sentences (``anchors``: 8 spread over the
document), not all of them; the query side searches with all of its sentences.

It lives beside the database (``DB.usearch``, with ``DB.usearch.json`` saying
up to which document it holds, as the last sentence key that document could
have) and is only a cache of the ``sents`` table: on open it is loaded, rebuilt
when it does not match (an index from before anchors, for one), and caught up
with any document committed after it was last saved (after a crash, for instance).
Saving writes a temporary file and renames it, so the file on disk is always a
complete index.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

import numpy as np

from unspin.provenance.store import Store, key_doc, sent_key

MIN_WORDS = 5  # shorter sentences ("He said.") are not indexed: they match everything
ANCHORS = 8  # sentences of a document in the index, spread evenly over it (see anchors())
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 12, 32, 64
# A bigger graph needs a wider search to keep finding a query sentence's true neighbour
# among the many near ones (bench/bench_scale.py, 200 spun copies): at 100k documents
# (0.8M vectors) ef 64 lost 2.5% of sources and ef 128 1.0% (the two left are decision
# misses, not search misses), at 1M documents (8M vectors) 3.5% and 2.5%; ef 128 costs
# 2 to 10 ms at p95.
LARGE_INDEX, EXPANSION_SEARCH_LARGE = 500_000, 128
# A query searches with all its sentences at once; usearch spreads them over this many
# threads (at 1M documents the search is most of a long query's trace time).
SEARCH_THREADS = min(2, os.cpu_count() or 1)


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


class SentenceIndex:
    def __init__(self, store: Store, dim: int) -> None:
        from usearch.index import Index

        self.store = store
        self.dim = dim
        self.path = store.path + ".usearch"
        self.meta_path = self.path + ".json"
        self._Index = Index
        self.index = None
        self.upto = -1
        self.dirty = False
        self._load()
        self.catch_up()

    def _new(self):
        return self._Index(ndim=self.dim, metric="cos", dtype="i8", connectivity=CONNECTIVITY,
                           expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)

    def _load(self) -> None:
        self.index = self._new()
        try:
            with open(self.meta_path, encoding="utf-8") as fh:
                meta = json.load(fh)
            if meta.get("dim") != self.dim or not os.path.exists(self.path):
                raise ValueError("stale")
            self.index.load(self.path)
            if (len(self.index) != meta["count"] or meta.get("anchors") != ANCHORS
                    or key_doc(meta["upto"]) > self.store.max_rowid()):
                raise ValueError("mismatch")
            self.upto = int(meta["upto"])
        except (OSError, ValueError, KeyError, RuntimeError):
            self.index = self._new()  # rebuild from the database
            self.upto = -1
            self.dirty = True

    def catch_up(self) -> int:
        """Add the anchors of every document committed after ``upto`` (a document boundary)."""
        added = 0
        for docs in self.store.documents_after(self.upto):
            keys: list[int] = []
            vecs: list[bytes] = []
            for _, dkeys, dwords, dvecs in docs:
                for i in anchors(dwords):
                    keys.append(dkeys[i])
                    vecs.append(dvecs[i])
            if keys:
                v = np.frombuffer(b"".join(vecs), dtype=np.float16).reshape(len(keys), -1)
                self.index.add(np.asarray(keys, dtype=np.uint64), v.astype(np.float32), threads=2)
                added += len(keys)
            self.upto = sent_key(docs[-1][0] + 1, 0) - 1
        if added:
            self.dirty = True
        return added

    def add(self, keys: np.ndarray, vecs: np.ndarray, last_doc: int | None = None) -> None:
        """Add anchors' vectors; ``last_doc``: every document up to that rowid is now in."""
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
        self.index.expansion_search = EXPANSION_SEARCH_LARGE if len(self.index) >= LARGE_INDEX else EXPANSION_SEARCH
        res = self.index.search(np.asarray(vecs, dtype=np.float32), min(k, len(self.index)), threads=SEARCH_THREADS)
        keys = np.asarray(res.keys).reshape(n, -1).astype(np.int64)
        dist = np.asarray(res.distances).reshape(n, -1)
        counts = (np.asarray(res.counts).reshape(n) if hasattr(res, "counts")
                  else np.array([keys.shape[1]]))  # one query: usearch returns a single Matches
        sims = 1.0 - dist
        mask = np.arange(keys.shape[1])[None, :] >= counts[:, None]
        keys[mask] = -1
        sims[mask] = 0.0
        return keys, sims.astype(np.float32)

    def save(self) -> None:
        if not self.dirty:
            return
        tmp = self.path + ".tmp"
        self.index.save(tmp)
        os.replace(tmp, self.path)
        meta_tmp = self.meta_path + ".tmp"
        with open(meta_tmp, "w", encoding="utf-8") as fh:
            json.dump({"dim": self.dim, "count": len(self.index), "upto": self.upto, "anchors": ANCHORS}, fh)
        os.replace(meta_tmp, self.meta_path)
        self.dirty = False

    def __len__(self) -> int:
        return len(self.index)

    def nbytes(self) -> int:
        return os.path.getsize(self.path) if os.path.exists(self.path) else 0
