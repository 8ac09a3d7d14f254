"""The first half of every trace (:meth:`unspin.provenance.trace.Tracer.candidates`) for the
whole store at once, as stages over rows: what the Ray engine's families pipeline runs.

Each stage turns one *bucket* (the stored rows that share a key) or one document into
*candidate rows*, columns :data:`COLUMNS`, one row per (query, candidate) fact:

- exact sentences (:func:`hash_bucket`): the sentences of one sentence hash -> for each of
  them, how many stored sentences share it (``COUNT``, what :func:`usable_sentences` needs,
  written only when more than one does) and, when the hash's first ``EXACT_BUCKET + 1``
  sentences by key come from at most ``EXACT_BUCKET`` documents (the local lookup's cap),
  those documents (``EXACT``);
- MinHash bands (:func:`band_bucket`): the documents of one band key -> every ordered pair
  (``BAND``; the local lookup has no cap on a bucket, so neither has this);
- ANN anchors (:func:`ann_rows`): one document's sentences searched in the index, the local
  code (:meth:`Tracer.ann_hits`), its hits in search order (``ANN``, ``seq`` keeps the order),
  and one ``SELF`` row so that every document has rows and is decided.

The bucket stages read their rows by ranges of the key space from the store's indexes
(:func:`read_buckets`), sorted by key, so every bucket is whole in the range that holds it.

:func:`gather` makes a query's rows into the :class:`~unspin.provenance.trace.Candidates` the
tracer's own retrieval would have made, the same lists in the same order (ties between
candidates are broken by that order), so ``Tracer.decide`` gives the same matches; identical
texts (``Store.by_nhash``) are a point read the decision stage makes. A query's own rowid is
left out of its rows (the decision leaves it out anyway).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from unspin.provenance.trace import EXACT_BUCKET, Candidates, Query, usable_sentences
from unspin.store.base import MAX_SENTS, SENT_BITS

COLUMNS = ("query", "kind", "sent", "cand", "value", "seq")
TYPES = (np.int64, np.int8, np.int32, np.int64, np.float64, np.int64)
COUNT, EXACT, ANN, BAND, SELF = range(5)  # SELF: one per document, so that every document is decided


def rows(query, kind, sent=0, cand=-1, value=0.0, seq=0) -> dict[str, np.ndarray]:
    """Candidate rows as columns; scalars are repeated to the length of ``query``."""
    query = np.asarray(query, dtype=np.int64).reshape(-1)
    cols = (query, kind, sent, cand, value, seq)
    return {name: np.broadcast_to(np.asarray(v, dtype=t), query.shape).copy()
            for name, v, t in zip(COLUMNS, cols, TYPES)}


def concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if not parts:
        return rows([], COUNT)
    return {name: np.concatenate([p[name] for p in parts]) for name in COLUMNS}


def hash_bucket(keys: np.ndarray) -> dict[str, np.ndarray]:
    """The sentence keys of one sentence hash -> COUNT and EXACT rows (module docstring)."""
    keys = np.sort(np.asarray(keys, dtype=np.int64))
    n = len(keys)
    docs, sents = keys >> SENT_BITS, (keys & (MAX_SENTS - 1)).astype(np.int32)
    out = [rows(docs, COUNT, sents, value=n)] if n > 1 else []
    held = np.unique(docs[:EXACT_BUCKET + 1])  # what Store.shash_docs reads: the first sentences by key
    if len(held) <= EXACT_BUCKET:
        q = np.repeat(docs, len(held))
        cand = np.tile(held, n)
        keep = q != cand
        out.append(rows(q[keep], EXACT, np.repeat(sents, len(held))[keep], cand[keep]))
    return concat(out)


def _pairs(docs: np.ndarray, kind: int) -> dict[str, np.ndarray]:
    """Every (query, candidate) of one bucket's documents, each distinct query once, the
    candidates with their multiplicity, the query itself left out."""
    docs = np.sort(np.asarray(docs, dtype=np.int64))
    qs = np.unique(docs)
    if len(qs) < 2:
        return rows([], kind)
    q = np.repeat(qs, len(docs))
    cand = np.tile(docs, len(qs))
    keep = q != cand
    return rows(q[keep], kind, cand=cand[keep])


def band_bucket(docs: np.ndarray) -> dict[str, np.ndarray]:
    """The documents of one LSH band key -> BAND rows: a query shares that band with each."""
    return _pairs(docs, BAND)


def ann_rows(tracer, q: Query) -> dict[str, np.ndarray]:
    """One stored document's ANN hits (its sentences the tracer would search, searched as it
    would), in search order."""
    flat = [(i, d, s) for i, best in tracer.ann_hits(q, tracer.usable(q)) for d, s in best.items() if d != q.rowid]
    own = rows([q.rowid], SELF)
    if not flat:
        return own
    sent, cand, value = zip(*flat)
    return concat([own, rows(np.full(len(flat), q.rowid), ANN, sent, cand, value, np.arange(len(flat)))])


def gather(q: Query, group: dict[str, np.ndarray], dups: list[int]) -> Candidates:
    """A query's candidate rows (any order) and the documents of its normalised text (``dups``,
    ``Store.by_nhash``) -> the Candidates its trace would retrieve."""
    kind, sent, cand = group["kind"], group["sent"], group["cand"]
    counts = [1] * len(q.shashes)
    for i, n in zip(sent[kind == COUNT].tolist(), group["value"][kind == COUNT].tolist()):
        counts[i] = int(n)
    exact: dict[int, list[int]] = {}
    e = kind == EXACT
    for i, d in sorted(zip(sent[e].tolist(), cand[e].tolist())):
        exact.setdefault(i, []).append(d)
    a = np.nonzero(kind == ANN)[0]
    ann: list[tuple[int, dict[int, float]]] = []
    for j in a[np.argsort(group["seq"][a], kind="stable")]:
        i = int(sent[j])
        if not ann or ann[-1][0] != i:
            ann.append((i, {}))
        ann[-1][1][int(cand[j])] = float(group["value"][j])
    lsh = Counter(cand[kind == BAND].tolist())
    return Candidates(usable=usable_sentences(q, counts), exact=sorted(exact.items()), ann=ann,
                      lsh=dict(sorted(lsh.items())), dups=dups)


def buckets(pairs: np.ndarray):
    """(key, value) rows sorted by key -> the values of each key held by more than one row
    (a bucket of one makes no candidate row: its one document would pair with itself)."""
    if not len(pairs):
        return
    start = np.flatnonzero(np.r_[True, pairs[1:, 0] != pairs[:-1, 0]])
    size = np.diff(np.r_[start, len(pairs)])
    for b, n in zip(start[size > 1].tolist(), size[size > 1].tolist()):
        yield pairs[b:b + n, 1]


def read_buckets(store, what: str, lo: int, hi: int, upto: int) -> dict[str, np.ndarray]:
    """Stages (a) and (b) on one range of the key space: the store's band (``what`` "bands")
    or sentence-hash rows with keys in ``lo..hi`` (of documents up to ``upto``) come sorted
    by key, so each bucket is whole in its range -> their candidate rows."""
    if what == "bands":
        return concat([band_bucket(d) for d in buckets(store.band_rows(lo, hi, upto))])
    return concat([hash_bucket(k) for k in buckets(store.shash_rows(lo, hi, upto))])


def candidate_rows(store, tracer) -> dict[int, dict[str, np.ndarray]]:
    """Every stored document's candidate rows, by the stages above run in this process over
    the whole store in one key range (the Ray engine's pipeline, without Ray: for tests)."""
    from unspin.provenance.trace import stored_query

    upto, top = store.max_rowid(), (1 << 63) - 1
    parts = [read_buckets(store, what, 0, top, upto) for what in ("bands", "hashes")]
    parts += [ann_rows(tracer, stored_query(store, r)) for r in store.rowids()]
    every = concat(parts)
    order = np.argsort(every["query"], kind="stable")
    every = {k: v[order] for k, v in every.items()}
    out = {}
    for idx in np.split(np.arange(len(order)), np.flatnonzero(np.diff(every["query"])) + 1):
        if len(idx):
            out[int(every["query"][idx[0]])] = {k: v[idx] for k, v in every.items()}
    return out
