"""``unspin.Corpus``: ingest documents into a store and trace where a text came from."""

from __future__ import annotations

import json
import os
from array import array
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from unspin.provenance.index import SentenceIndex, anchors
from unspin.inputs.sources import FieldMap, ReadOptions, Record, expand, read_records
from unspin.provenance.ingest import prepare_many
from unspin.provenance.store import DEFAULT_DB, Store, sent_key
from unspin.provenance.trace import Match, Tracer, make_query, stored_query

SAVE_EVERY = 20  # batches between saves of the ANN index (the database commits every batch)
ANALYZE_BATCH = 16  # documents parsed together by spaCy, and analyses committed together
ANALYZE_CHUNK = 512  # documents read from the store and handed to the analysis at a time


@dataclass(slots=True)
class AnalysisReport:
    """What ``ingest(analyze=True)`` (or :meth:`Corpus.analyze_stored`) did on top of storing."""

    analysed: int = 0  # analyses run and stored
    reused: int = 0  # stored as the analysis of an identical text analysed before
    already: int = 0  # had a stored analysis: skipped (a rerun resumes by skipping these)
    bad: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason): nothing stored
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return self.analysed + self.reused


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    already: int = 0  # same id and same text: stored before (a rerun resumes by skipping these)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (id, id of the stored identical text)
    bad: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    seconds: float = 0.0  # storing for tracing; the analysis has its own time
    analysis: AnalysisReport | None = None  # with analyze=True

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
               progress: Callable[[int], None] | None = None, analyze: bool = False, jobs: int = 0,
               analysis_progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Store every document under ``paths``; idempotent and resumable.

        With ``analyze=True``, once the documents are stored every one of them named in
        ``paths`` (new or stored before) that has no stored analysis yet is analysed as
        ``unspin analyze`` does and the result stored (see :meth:`analyze_stored`), so a
        rerun resumes and a corpus ingested without it gets its analyses later.
        ``analysis_progress(done, total)`` is called as analyses are committed.
        """
        import time

        t0 = time.perf_counter()
        rep = IngestReport()
        named = array("q") if analyze else None  # rowids of the documents named, for the analysis
        index = self.index
        pending: list[Record] = []
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
            if named is not None:
                named.extend(rowids)
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
            options = ReadOptions(fields=fields or FieldMap(), check_language=False)
            for item in read_records(expand(paths, options), options):
                if item.error is not None:
                    rep.bad.append((item.where, item.error))
                    if progress:
                        progress(1)
                    continue
                known = self.store.lookup_id(item.id)
                if known is not None or item.id in uncommitted_ids:
                    if known is not None and known[1] == text_hash(item.text):
                        rep.already += 1
                        if named is not None:
                            named.append(known[0])
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
        if named is not None:
            rep.analysis = self._analyze_rows(named, jobs, analysis_progress)
        return rep

    # -- attribution analyses ---------------------------------------------------
    def analyze_stored(self, doc_ids: Iterable[str] | None = None, jobs: int = 0,
                       progress: Callable[[int, int], None] | None = None) -> AnalysisReport:
        """Analyse the stored documents (all, or those with these ids) that have no stored
        analysis yet, and store the results; ``ingest(analyze=True)`` does this for what it reads.

        The pipeline is ``unspin.analyze_many``'s (``jobs`` worker processes; 0: one per core,
        at most 2). Analyses are committed ``ANALYZE_BATCH`` documents at a time, so after a
        crash every analysis reported done is stored and a rerun does only the rest. A
        document whose text is identical to one already analysed gets a copy of that
        analysis. A document whose analysis fails is listed in ``bad`` with the reason and
        nothing is stored for it (a rerun tries it again). An unknown id raises KeyError.
        """
        if doc_ids is None:
            rowids = array("q", self.store.rowids())
        else:
            rowids = array("q")
            for doc_id in doc_ids:
                hit = self.store.lookup_id(doc_id)
                if hit is None:
                    raise KeyError(doc_id)
                rowids.append(hit[0])
        return self._analyze_rows(rowids, jobs, progress)

    def _analyze_rows(self, rowids: Sequence[int], jobs: int,
                      progress: Callable[[int, int], None] | None) -> AnalysisReport:
        import time

        t0 = time.perf_counter()
        rep = AnalysisReport()
        store = self.store
        store.ensure_analysis_tables()
        todo = store.unanalysed(rowids)
        rep.already = len(set(rowids)) - len(todo)
        total, done = len(todo), 0
        if jobs <= 0:
            jobs = min(os.cpu_count() or 1, 2)
        buf: list[tuple[int, str]] = []

        def flush() -> None:
            nonlocal done
            if not buf:
                return
            store.add_analyses(buf)  # one transaction: a document counted done has its analysis
            done += len(buf)
            buf.clear()
            if progress:
                progress(done, total)

        if progress:
            progress(0, total)
        try:
            for start in range(0, total, ANALYZE_CHUNK):
                for rowid, blob, failed in self._analyze_chunk(todo[start:start + ANALYZE_CHUNK], jobs, rep):
                    if failed is not None:
                        rep.bad.append(failed)
                        continue
                    buf.append((rowid, blob))
                    if len(buf) >= ANALYZE_BATCH:
                        flush()
                flush()  # the next chunk looks up identical texts among the stored analyses
        finally:
            flush()  # what is complete is kept, also on Ctrl-C
            rep.seconds = time.perf_counter() - t0
        return rep

    def _analyze_chunk(self, rowids: Sequence[int], jobs: int, rep: AnalysisReport
                       ) -> Iterator[tuple[int, str | None, tuple[str, str] | None]]:
        """(rowid, analysis JSON, None) or (rowid, None, (id, reason)) for each document."""
        from unspin.inputs.batch import analyze_records
        from unspin.inputs.sources import Record

        # Read in this thread: with worker processes the pool's feeder thread iterates the records.
        records: list[Record] = []
        rowid_of: list[int] = []
        twins: dict[str, list[tuple[int, str]]] = {}  # text hash -> later documents with that text
        hash_of: list[str] = []
        for rowid in rowids:
            doc_id, text, h, nh = self.store.analysis_source(rowid)
            if h in twins:
                twins[h].append((rowid, doc_id))
                continue
            blob = self.store.analysis_of_text(h, nh)
            if blob is not None:
                rep.reused += 1
                yield rowid, blob, None
                continue
            twins[h] = []
            records.append(Record(id=doc_id, where=doc_id, text=text))
            rowid_of.append(rowid)
            hash_of.append(h)
        n_process = jobs if len(records) > ANALYZE_BATCH else 1  # a pool pays off past one batch
        results = analyze_records(records, batch_size=ANALYZE_BATCH, n_process=n_process)
        for rowid, h, (rec, analysis) in zip(rowid_of, hash_of, results):
            if analysis is None:
                yield rowid, None, (rec.id, rec.error or "analysis failed")
                for twin, twin_id in twins[h]:
                    yield twin, None, (twin_id, rec.error or "analysis failed")
                continue
            obj = analysis.to_dict()
            obj.pop("id", None)  # the docs row holds it; identical texts share the object
            blob = json.dumps(obj, ensure_ascii=False)
            rep.analysed += 1
            yield rowid, blob, None
            for twin, _ in twins[h]:
                rep.reused += 1
                yield twin, blob, None

    def analysis(self, doc_id: str) -> dict | None:
        """The stored analysis of a document (the CONTRACT object of ``unspin analyze``, with
        its "id"; offsets index the stored text), or None if it has none. KeyError if the
        store holds no document with that id."""
        hit = self.store.lookup_id(doc_id)
        if hit is None:
            raise KeyError(doc_id)
        blob = self.store.analysis(hit[0])
        return None if blob is None else {"id": doc_id, **json.loads(blob)}

    def attributions(self, speaker: str | None = None, doc_id: str | None = None) -> Iterator[dict]:
        """Stored attributions in document order, each the CONTRACT attribution object plus
        "doc" (the document's id). ``speaker`` keeps those whose resolved speaker name is that
        name (case and spacing aside: "helen  carter" finds "Helen Carter", "Carter" does not;
        see :meth:`speakers`); ``doc_id`` those of one document (KeyError if not stored).
        Only the documents holding a match are read."""
        doc = None
        if doc_id is not None:
            hit = self.store.lookup_id(doc_id)
            if hit is None:
                raise KeyError(doc_id)
            doc = hit[0]
        current, attrs, name = -1, [], ""
        for rowid, n in self.store.attribution_refs(speaker=speaker, doc=doc):
            if rowid != current:
                current = rowid
                blob = self.store.analysis(rowid)
                attrs = json.loads(blob)["attributions"] if blob else []
                name = self.store.doc_id(rowid)
            if n < len(attrs):
                yield {"doc": name, **attrs[n]}

    def speakers(self, contains: str | None = None, limit: int = 20) -> list[tuple[str, int]]:
        """Resolved speaker names in the stored analyses with their number of attributions,
        most quoted first; ``contains`` keeps names holding that text, case-insensitively."""
        return self.store.speakers(contains, limit)

    def analysed_count(self) -> int:
        """How many stored documents have a stored analysis."""
        return self.store.count_analyses()

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
            # same text means same normalised text: the nhash index finds it without a table scan
            for rowid, sid in self.store.db.execute("SELECT rowid, id FROM docs WHERE nhash=? AND hash=?",
                                                    (q.nhash, q.hash)):
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
