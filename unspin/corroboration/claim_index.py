"""Every stored sentence's vector, for claim-level retrieval.

The provenance index holds 8 anchor sentences a document: enough to find a copy, not a
single claim, which lives in one sentence of a document written in other words. This
index holds every stored sentence of at least ``MIN_WORDS`` words, read from the store
(never its own truth) and caught up with what ingests add.

Up to ``EXACT_MAX`` sentences it keeps them in RAM as float32 rows (512 bytes a sentence:
63 MiB for both shared corpora's 123,497) and searches by exact cosine. Past that it moves
them into a usearch HNSW graph (f16, so the cosines it returns are those of the store's
float16 vectors: only a neighbour the graph search does not reach can differ from the
exact search; about 300 bytes a sentence with its links), kept as a rebuildable cache
beside the provenance index (``<index_location>.claims``, and ``.json`` naming the store's
uuid, the dimension, ``MIN_WORDS``, how many sentences it holds and up to which sentence
key). On open a cache of another store or dimension, or whose size is not the count it was
saved with, is not used (the graph is built again from the store); a valid one is caught
up with the sentences stored after ``upto``. It is saved (temporary files, then renames)
by the holder of the store's write lock once ``SAVE_EVERY`` sentences were added since it
was loaded or last saved. Figures: bench/bench_corroborate_scale.py.
"""

from __future__ import annotations

import json
import os
import threading

import numpy as np

from unspin.store.base import Store, key_doc

MIN_WORDS = 5  # as the provenance index: "He said." matches everything
CHUNK = 1 << 18  # rows multiplied at once (bounded working memory on a large store)
# Exact search costs 9.5 ms p50 a claim at 123,497 sentences (both corpora, the dev gold's 24
# claims), growing linearly (~40 ms at 500k); the graph 4.6 ms, with the same reports for
# all 40 claims of bench_corroborate_scale but 0.988 of the candidate documents.
EXACT_MAX = 500_000
CONNECTIVITY, EXPANSION_ADD = 16, 64
# The graph search keeps WIDEN * k candidates on its way (usearch's expansion_search) for k
# neighbours: on both corpora's 123,497 sentences and the dev gold's 24 claims (k 400, floor
# 0.55) the documents found held 0.941 of the exact search's at 1k, 0.973 at 2k, 0.987 at 4k
# (1.5, 3.4, 5.4 ms a claim; connectivity 32 0.956 / 0.980 / 0.989).
WIDEN = 4
SAVE_EVERY = 200_000
SEARCH_THREADS = min(2, os.cpu_count() or 1)


class ClaimIndex:
    def __init__(self, store: Store, dim: int, exact_max: int = EXACT_MAX) -> None:
        self.store, self.dim, self.exact_max = store, dim, exact_max
        self._keys = np.zeros(0, np.int64)
        self._vecs = np.zeros((0, dim), np.float32)  # float32: no conversion at each search
        self._upto = -1  # last sentence key read
        self._lock = threading.Lock()
        self.ann = None  # the usearch graph once past exact_max (then _keys/_vecs are empty)
        self._unsaved = 0
        self.loaded = False  # the graph was read from the saved cache
        self.path = None
        try:
            self.path = store.index_location() + ".claims"
        except (AttributeError, NotImplementedError, OSError):
            pass
        self._load()

    def __len__(self) -> int:
        return len(self.ann) if self.ann is not None else len(self._keys)

    @property
    def approximate(self) -> bool:
        return self.ann is not None

    def _new(self):
        from usearch.index import Index

        return Index(ndim=self.dim, metric="cos", dtype="f16", connectivity=CONNECTIVITY,
                     expansion_add=EXPANSION_ADD)

    def _load(self) -> None:
        """The saved graph when it belongs to this store and holds what it says it holds."""
        if self.path is None or not os.path.exists(self.path):
            return
        try:
            with open(self.path + ".json", encoding="utf-8") as fh:
                meta = json.load(fh)
            if meta.get("store") != self.store.store_id() or meta.get("dim") != self.dim \
                    or meta.get("min_words") != MIN_WORDS or key_doc(int(meta["upto"])) > self.store.max_rowid():
                return
            ann = self._new()
            ann.load(self.path)
            if len(ann) != int(meta["count"]):
                return  # a graph and a description that do not go together: rebuilt from the store
        except (OSError, ValueError, KeyError, TypeError, RuntimeError):
            return
        self.ann, self._upto, self.loaded = ann, int(meta["upto"]), True

    def sync(self) -> int:
        """Read the sentences of documents stored since the last call; returns how many."""
        with self._lock:
            added, held = 0, len(self._keys)
            blocks: list[tuple[np.ndarray, np.ndarray]] = []  # read, not yet in the rows or the graph
            for docs in self.store.documents_after(self._upto):
                keys, vecs = [], []
                for d in docs:
                    for k, w, v in zip(d.keys, d.words, d.vecs):
                        if w >= MIN_WORDS:
                            keys.append(k)
                            vecs.append(v)
                    if d.keys:
                        self._upto = max(self._upto, max(d.keys))
                if keys:
                    blocks.append((np.asarray(keys, np.int64),
                                   np.frombuffer(b"".join(vecs), dtype=np.float16).reshape(len(keys), self.dim)))
                    added += len(keys)
                if self.ann is None and held + added > self.exact_max:  # past the exact range: into the graph
                    blocks.insert(0, (self._keys, self._vecs))
                    self._keys, self._vecs = np.zeros(0, np.int64), np.zeros((0, self.dim), np.float32)
                    self.ann = self._new()
                if self.ann is not None:
                    self._add(blocks)
                    blocks = []
            if blocks:
                self._keys = np.concatenate([self._keys] + [k for k, _ in blocks])
                self._vecs = np.concatenate([self._vecs] + [v.astype(np.float32) for _, v in blocks])
            if self.ann is not None and self._unsaved >= SAVE_EVERY:
                self.save()
            return added

    def _add(self, blocks: list[tuple[np.ndarray, np.ndarray]]) -> None:
        for keys, vecs in blocks:
            if len(keys):
                self.ann.add(keys.astype(np.uint64), vecs, threads=2)
                self._unsaved += len(keys)

    def save(self) -> bool:
        """Write the graph if this process holds (or can take) the store's write lock."""
        if self.ann is None or self.path is None:
            return False
        with self.store.write_lock(block=False) as mine:
            if not mine:
                return False
            tmp = f"{self.path}.{os.getpid()}.tmp"
            self.ann.save(tmp)
            with open(tmp + ".json", "w", encoding="utf-8") as fh:
                json.dump({"store": self.store.store_id(), "dim": self.dim, "min_words": MIN_WORDS,
                           "count": len(self.ann), "upto": self._upto}, fh)
            os.replace(tmp, self.path)
            os.replace(tmp + ".json", self.path + ".json")
        self._unsaved = 0
        return True

    def search(self, queries: np.ndarray, k: int, floor: float) -> list[list[tuple[int, float]]]:
        """For each query vector (unit), up to ``k`` (sentence key, cosine) at or above ``floor``, best first."""
        self.sync()
        if not len(queries) or not len(self):
            return [[] for _ in range(len(queries))]
        if self.ann is not None:
            return self._search_ann(np.asarray(queries, np.float32), k, floor)
        return self.search_exact(queries, k, floor)

    def _search_ann(self, q: np.ndarray, k: int, floor: float) -> list[list[tuple[int, float]]]:
        with self._lock:
            self.ann.expansion_search = WIDEN * k
            res = self.ann.search(q, min(k, len(self.ann)), threads=SEARCH_THREADS)
        keys = np.asarray(res.keys).reshape(len(q), -1)
        sims = 1.0 - np.asarray(res.distances, np.float32).reshape(len(q), -1)
        counts = np.asarray(res.counts).reshape(-1) if hasattr(res, "counts") else [keys.shape[1]]  # one query: Matches
        return [[(int(keys[n, j]), float(sims[n, j])) for j in range(int(counts[n])) if sims[n, j] >= floor]
                for n in range(len(q))]

    def search_exact(self, queries: np.ndarray, k: int, floor: float) -> list[list[tuple[int, float]]]:
        """The brute-force search over the rows held in RAM (the index below ``exact_max``)."""
        out: list[list[tuple[int, float]]] = [[] for _ in range(len(queries))]
        if not len(self._keys) or not len(queries):
            return out
        q = np.asarray(queries, np.float32)
        best_s = np.full((len(q), 0), -1.0, np.float32)
        best_i = np.zeros((len(q), 0), np.int64)
        for start in range(0, len(self._keys), CHUNK):
            sims = q @ self._vecs[start:start + CHUNK].T
            take = min(k, sims.shape[1])
            idx = np.argpartition(-sims, take - 1, axis=1)[:, :take]
            best_s = np.concatenate([best_s, np.take_along_axis(sims, idx, axis=1)], axis=1)
            best_i = np.concatenate([best_i, idx + start], axis=1)
            if best_s.shape[1] > k:
                keep = np.argpartition(-best_s, k - 1, axis=1)[:, :k]
                best_s, best_i = np.take_along_axis(best_s, keep, axis=1), np.take_along_axis(best_i, keep, axis=1)
        for n in range(len(q)):
            order = np.argsort(-best_s[n])
            out[n] = [(int(self._keys[best_i[n, j]]), float(best_s[n, j])) for j in order if best_s[n, j] >= floor]
        return out

    def docs(self, hits: list[list[tuple[int, float]]]) -> dict[int, float]:
        """Document rowid -> its best sentence cosine over all queries."""
        best: dict[int, float] = {}
        for row in hits:
            for key, sim in row:
                d = key_doc(key)
                best[d] = max(best.get(d, -1.0), sim)
        return best
