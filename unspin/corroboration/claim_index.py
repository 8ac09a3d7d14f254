"""Every stored sentence's vector, for claim-level retrieval.

The provenance index holds 8 anchor sentences a document: enough to find a copy, not a
single claim, which lives in one sentence of a document written in other words. This
cache holds every stored sentence of at least ``MIN_WORDS`` words as float16 rows, read
from the store (never its own truth) and caught up with what ingests add, and searches
by exact cosine. Memory is 256 bytes a sentence (about 7.5 KiB a document of the shared
corpora, 32 MiB for both): right for stores up to a few hundred thousand documents; a
million-document store needs an approximate index here too (not built yet).
"""

from __future__ import annotations

import threading

import numpy as np

from unspin.store.base import Store, key_doc

MIN_WORDS = 5  # as the provenance index: "He said." matches everything
CHUNK = 1 << 18  # rows multiplied at once (bounded working memory on a large store)


class ClaimIndex:
    def __init__(self, store: Store, dim: int) -> None:
        self.store, self.dim = store, dim
        self._keys = np.zeros(0, np.int64)
        self._vecs = np.zeros((0, dim), np.float16)
        self._upto = -1  # last sentence key read
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._keys)

    def sync(self) -> int:
        """Read the sentences of documents stored since the last call; returns how many."""
        with self._lock:
            keys, vecs = [], []
            for docs in self.store.documents_after(self._upto):
                for d in docs:
                    for k, w, v in zip(d.keys, d.words, d.vecs):
                        if w >= MIN_WORDS:
                            keys.append(k)
                            vecs.append(v)
                    if d.keys:
                        self._upto = max(self._upto, max(d.keys))
            if keys:
                block = np.frombuffer(b"".join(vecs), dtype=np.float16).reshape(len(keys), self.dim)
                self._keys = np.concatenate([self._keys, np.asarray(keys, np.int64)])
                self._vecs = np.concatenate([self._vecs, block])
            return len(keys)

    def search(self, queries: np.ndarray, k: int, floor: float) -> list[list[tuple[int, float]]]:
        """For each query vector (unit), up to ``k`` (sentence key, cosine) at or above ``floor``, best first."""
        self.sync()
        out: list[list[tuple[int, float]]] = [[] for _ in range(len(queries))]
        if not len(self._keys) or not len(queries):
            return out
        q = np.asarray(queries, np.float32)
        best_s = np.full((len(q), 0), -1.0, np.float32)
        best_i = np.zeros((len(q), 0), np.int64)
        for start in range(0, len(self._keys), CHUNK):
            sims = q @ self._vecs[start:start + CHUNK].astype(np.float32).T
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
