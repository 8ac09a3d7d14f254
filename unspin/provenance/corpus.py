"""``unspin.Corpus``: ingest documents into a store and trace where a text came from."""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from unspin.provenance.index import SentenceIndex, anchors
from unspin.provenance.ingest import FieldMap, Item, iter_items, prepare_many
from unspin.provenance.store import DEFAULT_DB, Store, sent_key
from unspin.provenance.trace import Match, Tracer, make_query, stored_query

SAVE_EVERY = 20  # batches between saves of the ANN index (the database commits every batch)


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    already: int = 0  # same id and same text: stored before (a rerun resumes by skipping these)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (id, id of the stored identical text)
    bad: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.added + self.already + len(self.bad)


class Corpus:
    """A provenance store: ``Corpus(path).ingest([...])``, ``.trace(text)``, ``.families()``."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, create: bool = True) -> None:
        from unspin.provenance.embed import get_embedder

        self.store = Store(path, create=create)
        self.embedder = get_embedder()
        self._index: SentenceIndex | None = None

    @property
    def index(self) -> SentenceIndex:
        if self._index is None:
            self._index = SentenceIndex(self.store, self.embedder.dim)
        return self._index

    def close(self) -> None:
        if self._index is not None:
            self._index.save()
        self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self.store.count()

    # -- ingest -------------------------------------------------------------
    def ingest(self, paths: Sequence[str], fields: FieldMap | None = None, batch_size: int = 64,
               progress: Callable[[int], None] | None = None) -> IngestReport:
        """Store every document under ``paths``; idempotent and resumable."""
        import time

        t0 = time.perf_counter()
        rep = IngestReport()
        index = self.index
        pending: list[Item] = []
        # ids and texts accepted but not committed yet, with the batch they are in
        uncommitted_ids: dict[str, int] = {}
        uncommitted_nhash: dict[str, tuple[str, int]] = {}
        batch_no = 0
        inflight: list[tuple[Future, int]] = []
        # Preparing a batch (tokenizing, embedding, hashing: numpy and Rust, outside the GIL)
        # runs in a worker thread while this thread commits the previous batch and reads on.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-prepare")
        index_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-index")
        adding: list[Future] = []

        def commit(fut: Future, number: int) -> None:
            prepared = fut.result()
            rowids = self.store.add_batch(prepared)  # one transaction: all or nothing
            keys, vecs = [], []
            for rowid, p in zip(rowids, prepared):
                for i in anchors(p.words):
                    keys.append(sent_key(rowid, i))
                    vecs.append(p.vecs[i])
            if rowids:  # the index is a cache of committed rows: it may trail, never lead
                adding.append(index_pool.submit(index.add, np.asarray(keys, dtype=np.uint64),
                                                (np.asarray(vecs, dtype=np.float32) if keys
                                                 else np.zeros((0, index.dim), np.float32)),
                                                max(rowids)))
                while len(adding) > 1:
                    adding.pop(0).result()
            rep.added += len(prepared)
            for p in prepared:
                uncommitted_ids.pop(p.id, None)
                if uncommitted_nhash.get(p.nhash, ("", -1))[1] == number:
                    del uncommitted_nhash[p.nhash]
            if progress:
                progress(len(prepared))
            if number % SAVE_EVERY == SAVE_EVERY - 1:
                drain()
                index.save()

        def drain() -> None:
            while adding:
                adding.pop(0).result()

        def submit() -> None:
            nonlocal batch_no
            if pending:
                inflight.append((pool.submit(prepare_many, list(pending), self.embedder), batch_no))
                batch_no += 1
                pending.clear()
            while len(inflight) > 1:
                commit(*inflight.pop(0))

        from unspin.provenance.normalise import norm_hash, text_hash

        try:
            for item in iter_items(paths, fields):
                if item.error is not None:
                    rep.bad.append((item.where, item.error))
                    if progress:
                        progress(1)
                    continue
                known = self.store.lookup_id(item.id)
                if known is not None or item.id in uncommitted_ids:
                    if known is not None and known[1] == text_hash(item.text):
                        rep.already += 1
                    else:
                        rep.bad.append((item.where, f"id {item.id!r} is already stored with a different text"))
                    if progress:
                        progress(1)
                    continue
                nh = norm_hash(item.text)
                same = self.store.by_nhash(nh)
                if same:
                    rep.duplicates.append((item.id, same[0][1]))
                elif nh in uncommitted_nhash:
                    rep.duplicates.append((item.id, uncommitted_nhash[nh][0]))
                uncommitted_nhash.setdefault(nh, (item.id, batch_no))
                item.meta["_nhash"] = nh
                pending.append(item)
                uncommitted_ids[item.id] = batch_no
                if len(pending) >= batch_size:
                    submit()
            submit()
            while inflight:
                commit(*inflight.pop(0))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            try:
                drain()
            finally:
                index_pool.shutdown(wait=True)
                index.save()
        rep.seconds = time.perf_counter() - t0
        return rep

    # -- trace --------------------------------------------------------------
    def tracer(self) -> Tracer:
        return Tracer(self.store, self.index, self.embedder)

    def trace(self, text: str, top: int = 10, id: str | None = None, path: str | None = None) -> list[Match]:
        """Matches for a text, best first. A stored document with the same id (or, when the
        text comes from a file, the same text under an id that ends that file's path) is the
        query itself and never a match."""
        q = make_query(text, self.embedder, id)
        exclude: set[int] = set()
        if id is not None and (hit := self.store.lookup_id(id)) is not None:
            exclude.add(hit[0])
        if path is not None:
            norm = os.path.abspath(path).replace(os.sep, "/")
            for rowid, sid in self.store.db.execute("SELECT rowid, id FROM docs WHERE hash=?", (q.hash,)):
                if norm.endswith("/" + sid) or norm == sid:
                    exclude.add(int(rowid))
        return self.tracer().trace(q, top=top, exclude=exclude)

    def trace_id(self, doc_id: str, top: int = 10) -> list[Match]:
        hit = self.store.lookup_id(doc_id)
        if hit is None:
            raise KeyError(doc_id)
        return self.tracer().trace(stored_query(self.store, hit[0]), top=top)

    def families(self, progress: Callable[[], None] | None = None):
        from unspin.provenance.families import build_families

        return build_families(self.tracer(), self.store, progress)
