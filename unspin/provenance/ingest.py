"""Read records to stored documents: :func:`prepare_many` turns texts into everything
the store keeps (sentences, vectors, hashes, MinHash bands), :class:`IngestSession`
plans, prepares and commits them.

Reading (folders, JSONL with metadata, WARC) is :mod:`unspin.inputs`, the one reader
every command shares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from unspin.inputs.sources import Record
from unspin.provenance import minhash
from unspin.provenance.normalise import lex_ids, norm_hash, sentence_spans, text_hash, words, words_key
from unspin.provenance.index import anchors
from unspin.store.base import MAX_SENTS, Prepared, sent_key


def prepare_many(items: Sequence[Record], embedder) -> list[Prepared]:
    """Everything stored for each document; one embedding call for the whole batch."""
    out = []
    all_sents: list[str] = []
    for it in items:
        text = it.text or ""
        spans = sentence_spans(text)[:MAX_SENTS]
        sents = [text[s:e] for s, e in spans]
        all_sents.extend(sents)
        sent_words = [words(s) for s in sents]
        sig = minhash.signature(ws=[w for ws in sent_words for w in ws])
        counts = [len(ws) for ws in sent_words]
        out.append(Prepared(
            id=it.id, text=text, hash=text_hash(text), nhash=it.meta.pop("_nhash", None) or norm_hash(text),
            spans=spans, words=counts, shashes=[words_key(ws) for ws in sent_words],
            lexids=[lex_ids(ws=ws) for ws in sent_words], vecs=np.zeros((0, 0), np.float16), minhash=sig,
            bands=minhash.band_keys(sig), meta=dict(it.meta), anchors=anchors(counts)))
    vecs = embedder.embed(all_sents).astype(np.float16)
    pos = 0
    for p in out:
        p.vecs = vecs[pos:pos + len(p.spans)]
        pos += len(p.spans)
    return out




class IngestSession:
    """One ingest into a store, in three steps per document: :meth:`add` plans it (already
    stored? the same text as a stored one?), a worker thread prepares a batch of them
    (:func:`prepare_many`: tokenizing, embedding, hashing, numpy and Rust outside the GIL)
    while this thread reads on, and :meth:`_commit` stores a prepared batch in one
    transaction and hands its anchors to the index (a second thread). The index is a cache
    of committed rows: it may trail the store, never lead it. The caller holds the store's
    write lock from before the first :meth:`add` until after :meth:`close`."""

    def __init__(self, store, index, embedder, rep, named, batch_size: int,
                 progress: Callable[[int], None] | None, save_every: int,
                 preparer: tuple[Callable[[list[Record]], Any], int] | None = None) -> None:
        self.store, self.index, self.embedder = store, index, embedder
        # where batches are prepared: (submit(records) -> a handle with .result(), batches in
        # flight); None: the prepare thread below, one batch ahead (unspin.engines)
        self.prepare, self.window = preparer or (self._prepare_here, 1)
        self.rep, self.named = rep, named  # IngestReport; rowids of the documents named (for --analyze) or None
        self.batch_size, self.progress, self.save_every = batch_size, progress, save_every
        self.pending: list[Record] = []
        # ids and texts accepted but not committed yet, with the batch they are in
        self.uncommitted_ids: dict[str, int] = {}
        self.uncommitted_nhash: dict[str, tuple[str, int]] = {}
        self.batch_no = 0
        self.inflight: list[tuple[Future, int]] = []
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-prepare")
        self.index_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-index")
        self.adding: list[Future] = []

    # -- plan ---------------------------------------------------------------
    def add(self, item: Record) -> None:
        """Plan one record read: report it (bad, already stored, a duplicate) or queue it."""
        rep = self.rep
        if item.error is not None:
            rep.bad.append((item.where, item.error))
            self._tick(1)
            return
        known = self.store.lookup_id(item.id)
        if known is not None or item.id in self.uncommitted_ids:
            if known is not None and known.hash == text_hash(item.text):
                rep.already += 1
                if self.named is not None:
                    self.named.append(known.rowid)
            else:
                rep.bad.append((item.where, f"id {item.id!r} is already stored with a different text"))
            self._tick(1)
            return
        nh = norm_hash(item.text)
        same = self.store.by_nhash(nh)
        if same:
            rep.duplicates.append((item.id, same[0].id))
        elif nh in self.uncommitted_nhash:
            rep.duplicates.append((item.id, self.uncommitted_nhash[nh][0]))
        self.uncommitted_nhash.setdefault(nh, (item.id, self.batch_no))
        item.meta["_nhash"] = nh
        self.pending.append(item)
        self.uncommitted_ids[item.id] = self.batch_no
        if len(self.pending) >= self.batch_size:
            self._submit()

    def finish(self) -> None:
        """Prepare and commit everything queued."""
        self._submit()
        while self.inflight:
            self._commit(*self.inflight.pop(0))

    def close(self) -> None:
        """Stop the workers (a batch not committed is dropped: a rerun stores it) and save the index."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        try:
            self._drain()
        finally:
            self.index_pool.shutdown(wait=True)
            self.index.save()

    # -- prepare ------------------------------------------------------------
    def _submit(self) -> None:
        if self.pending:
            self.inflight.append((self.prepare(list(self.pending)), self.batch_no))
            self.batch_no += 1
            self.pending.clear()
        while len(self.inflight) > self.window:
            self._commit(*self.inflight.pop(0))

    def _prepare_here(self, items: list[Record]) -> Future:
        return self.pool.submit(prepare_many, items, self.embedder)

    # -- commit -------------------------------------------------------------
    def _commit(self, fut: Future, number: int) -> None:
        prepared = fut.result()
        rowids = self.store.add_batch(prepared)  # one transaction: all or nothing
        if self.named is not None:
            self.named.extend(rowids)
        keys = [sent_key(rowid, i) for rowid, p in zip(rowids, prepared) for i in p.anchors]
        vecs = [p.vecs[i] for p in prepared for i in p.anchors]
        if rowids:
            self.adding.append(self.index_pool.submit(
                self.index.add, np.asarray(keys, dtype=np.uint64),
                np.asarray(vecs, dtype=np.float32) if keys else np.zeros((0, self.index.dim), np.float32),
                max(rowids)))
            while len(self.adding) > 1:
                self.adding.pop(0).result()
        self.rep.added += len(prepared)
        for p in prepared:
            self.uncommitted_ids.pop(p.id, None)
            if self.uncommitted_nhash.get(p.nhash, ("", -1))[1] == number:
                del self.uncommitted_nhash[p.nhash]
        self._tick(len(prepared))
        if number % self.save_every == self.save_every - 1:
            self._drain()
            self.index.save()

    def _drain(self) -> None:
        while self.adding:
            self.adding.pop(0).result()

    def _tick(self, n: int) -> None:
        if self.progress:
            self.progress(n)
