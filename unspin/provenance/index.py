"""The approximate-nearest-neighbour index of sentence vectors (usearch HNSW).

It lives beside the database (``DB.usearch``, with ``DB.usearch.json`` saying
up to which sentence key it holds) and is only a cache of the ``sents`` table:
on open it is loaded, rebuilt when it does not match, and caught up with any
sentence committed after it was last saved (after a crash, for instance).
Saving writes a temporary file and renames it, so the file on disk is always a
complete index.
"""

from __future__ import annotations

import json
import os

import numpy as np

from unspin.provenance.store import Store

MIN_WORDS = 5  # shorter sentences ("He said.") are not indexed: they match everything


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
        return self._Index(ndim=self.dim, metric="cos", dtype="i8", connectivity=12,
                           expansion_add=48, expansion_search=64)

    def _load(self) -> None:
        self.index = self._new()
        try:
            with open(self.meta_path, encoding="utf-8") as fh:
                meta = json.load(fh)
            if meta.get("dim") != self.dim or not os.path.exists(self.path):
                raise ValueError("stale")
            self.index.load(self.path)
            if len(self.index) != meta["count"] or meta["upto"] > self.store.max_sent_key():
                raise ValueError("mismatch")
            self.upto = int(meta["upto"])
        except (OSError, ValueError, KeyError, RuntimeError):
            self.index = self._new()  # rebuild from the database
            self.upto = -1
            self.dirty = True

    def catch_up(self) -> int:
        added = 0
        for keys, vecs in self.store.sentence_rows_after(self.upto, MIN_WORDS):
            self.index.add(keys, vecs.astype(np.float32), threads=1)
            self.upto = int(keys[-1])
            added += len(keys)
        if added:
            self.dirty = True
        return added

    def add(self, keys: np.ndarray, vecs: np.ndarray) -> None:
        if len(keys):
            self.index.add(np.asarray(keys, dtype=np.uint64), np.asarray(vecs, dtype=np.float32), threads=2)
            self.upto = max(self.upto, int(np.max(keys)))
            self.dirty = True

    def search(self, vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(keys, similarities) of shape (n, k); missing neighbours have key -1 and similarity 0."""
        n = len(vecs)
        if n == 0 or len(self.index) == 0:
            return np.full((n, k), -1, np.int64), np.zeros((n, k), np.float32)
        res = self.index.search(np.asarray(vecs, dtype=np.float32), min(k, len(self.index)), threads=1)
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
            json.dump({"dim": self.dim, "count": len(self.index), "upto": self.upto}, fh)
        os.replace(meta_tmp, self.meta_path)
        self.dirty = False

    def __len__(self) -> int:
        return len(self.index)

    def nbytes(self) -> int:
        return os.path.getsize(self.path) if os.path.exists(self.path) else 0
