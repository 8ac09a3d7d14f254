"""``unspin.Corpus``: ingest documents into a store and trace where a text came from."""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from unspin.inputs.sources import FieldMap, ReadOptions, expand, read_records
from unspin.provenance.index import ANCHORS, SentenceIndex
from unspin.provenance.ingest import IngestSession
from unspin.provenance.results import CheckReport, StoredAttribution, TracedDiff
from unspin.provenance.trace import Match, Tracer, make_query, stored_query
from unspin.store import DEFAULT_DB, Store, open_store
from unspin.store.base import WaitHook

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
    """A provenance store: ``Corpus(url).ingest([...])``, ``.trace(text)``, ``.families()``.

    ``url`` is a store URL or path (:func:`unspin.store.open_store`: a SQLite file path or
    ``sqlite:///path``) or an opened :class:`unspin.store.Store`, which the corpus then owns.
    ``resources`` (:class:`unspin.resources.Resources`, default ``Resources.default()``) give
    the embedder, the analysis pipeline and the sentence model; ``options``
    (:class:`unspin.options.AttributionOptions`) are those of the stored analyses.
    """

    def __init__(self, url: str | os.PathLike[str] | Store = DEFAULT_DB, create: bool = True, *,
                 resources=None, options=None) -> None:
        from unspin.resources import resolve

        self.store: Store = url if isinstance(url, Store) else open_store(url, create=create)
        # as given (a PostgreSQL password included), for engines whose workers open the store
        self.url: str = self.store.url if isinstance(url, Store) else os.fspath(url)
        self.resources = resolve(resources)
        self.options = options
        self.embedder = self.resources.embedder
        self._index: SentenceIndex | None = None
        self._corroborator = None  # built by the first corroborate()

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
               analysis_progress: Callable[[int, int], None] | None = None,
               wait: WaitHook | None = None, engine=None) -> IngestReport:
        """Store every document under ``paths``; idempotent and resumable.

        One writer at a time: storing holds the store's write lock, so a second ingest into
        the same store (another process, or another Corpus on it) waits until the first is
        done (``wait(message)`` is told first) and then sees what it stored.

        With ``analyze=True``, once the documents are stored every one of them named in
        ``paths`` (new or stored before) that has no stored analysis yet is analysed as
        ``unspin analyze`` does and the result stored (see :meth:`analyze_stored`), so a
        rerun resumes and a corpus ingested without it gets its analyses later.
        ``analysis_progress(done, total)`` is called as analyses are committed. The
        analysis does not hold the lock (its writes replace, and are idempotent).
        ``engine`` (:func:`unspin.engines.make_engine`, entered) prepares the batches; the
        default prepares them in a thread of this process.
        """
        import time

        rep = IngestReport()
        named = array("q") if analyze else None  # rowids of the documents named, for the analysis
        with self.store.write_lock(wait=wait):
            t0 = time.perf_counter()  # the time storing took, not the wait
            if self._index is not None:
                self._index.refresh()  # what another writer committed while this one waited
            self._store_documents(paths, fields, batch_size, progress, rep, named, engine)
        rep.seconds = time.perf_counter() - t0
        if named is not None:
            rep.analysis = self._analyze_rows(named, jobs, analysis_progress)
        return rep

    def _store_documents(self, paths: Sequence[str], fields: FieldMap | None, batch_size: int,
                         progress: Callable[[int], None] | None, rep: IngestReport, named: array | None,
                         engine=None) -> None:
        """The body of :meth:`ingest`; the caller holds the write lock."""
        preparer = engine.preparer(self.embedder) if engine is not None else None
        session = IngestSession(self.store, self.index, self.embedder, rep, named, batch_size, progress, SAVE_EVERY,
                                preparer)
        try:
            options = ReadOptions(fields=fields or FieldMap(), check_language=False)
            for item in read_records(expand(paths, options), options):
                session.add(item)
            session.finish()
        finally:
            session.close()

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
                rowids.append(hit.rowid)
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
            doc = self.store.doc(rowid)
            doc_id, text, h, nh = doc.id, doc.text, doc.hash, doc.nhash
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
        results = analyze_records(records, batch_size=ANALYZE_BATCH, n_process=n_process,
                                  options=self.options, resources=self.resources)
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
        blob = self.store.analysis(hit.rowid)
        return None if blob is None else {"id": doc_id, **json.loads(blob)}

    def attributions(self, speaker: str | None = None, doc_id: str | None = None) -> Iterator[StoredAttribution]:
        """Stored attributions in document order (``to_dict()``: the CONTRACT attribution object
        plus "doc", the document's id). ``speaker`` keeps those whose resolved speaker name is that
        name (case and spacing aside: "helen  carter" finds "Helen Carter", "Carter" does not;
        see :meth:`speakers`); ``doc_id`` those of one document (KeyError if not stored).
        Only the documents holding a match are read."""
        doc = None
        if doc_id is not None:
            hit = self.store.lookup_id(doc_id)
            if hit is None:
                raise KeyError(doc_id)
            doc = hit.rowid
        current, attrs, name = -1, [], ""
        for ref in self.store.attribution_refs(speaker=speaker, doc=doc):
            if ref.doc != current:
                current = ref.doc
                blob = self.store.analysis(ref.doc)
                attrs = json.loads(blob)["attributions"] if blob else []
                name = self.store.doc_id(ref.doc)
            if ref.n < len(attrs):
                yield StoredAttribution(name, ref.n, attrs[ref.n])

    def speakers(self, contains: str | None = None, limit: int = 20) -> list[tuple[str, int]]:
        """Resolved speaker names in the stored analyses with their number of attributions,
        most quoted first; ``contains`` keeps names holding that text, case-insensitively."""
        return [(s.name, s.count) for s in self.store.speakers(contains, limit)]

    def analysed_count(self) -> int:
        """How many stored documents have a stored analysis."""
        return self.store.count_analyses()

    # -- trace --------------------------------------------------------------
    def tracer(self) -> Tracer:
        self.index.sync()  # documents another process committed since the index was loaded
        return Tracer(self.store, self.index, self.embedder)

    def trace(self, text: str, top: int = 10, id: str | None = None, path: str | None = None) -> list[Match]:
        """Matches for a text, best first. A stored document with the same id (or, when the
        text comes from a file, the same text under an id that ends that file's path) is the
        query itself and never a match."""
        q = make_query(text, self.embedder, id)
        exclude: set[int] = set()
        if id is not None and (hit := self.store.lookup_id(id)) is not None:
            exclude.add(hit.rowid)
        if path is not None:
            norm = os.path.abspath(path).replace(os.sep, "/")
            for same in self.store.same_text(q.nhash, q.hash):
                if norm.endswith("/" + same.id) or norm == same.id:
                    exclude.add(same.rowid)
        return self.tracer().trace(q, top=top, exclude=exclude)

    def trace_id(self, doc_id: str, top: int = 10) -> list[Match]:
        hit = self.store.lookup_id(doc_id)
        if hit is None:
            raise KeyError(doc_id)
        return self.tracer().trace(stored_query(self.store, hit.rowid), top=top)

    def diff_against(self, copy_text: str, path: str | None = None) -> TracedDiff | None:
        """``diff --against-corpus``: trace the copy (``path``: the file it was read from, see
        :meth:`trace`) and diff it against its best source's stored text; None if nothing
        stored is copied."""
        matches = self.trace(copy_text, top=1, path=path)
        if not matches:
            return None
        from unspin.drift import diff as drift_diff

        return TracedDiff(matches[0], drift_diff(self.store.doc(matches[0].rowid).text, copy_text,
                                                 options=self.options, resources=self.resources))

    def families(self, progress: Callable[[], None] | None = None, engine=None):
        """Copy families of the whole store; ``engine`` (entered) traces the documents, by
        default this process does."""
        from unspin.provenance.families import build_families

        if engine is not None and (families := engine.families(self, progress)) is not None:
            return families
        return build_families(self.tracer(), self.store, progress)

    def corroborate(self, claim: str, options=None):
        """Who else in the store reports ``claim`` (:class:`unspin.corroboration.Corroboration`).

        The claim index and the sentence model are built on the first call and kept for the
        next ones with the same ``options`` (:class:`unspin.corroboration.CorroborateOptions`)."""
        from unspin.corroboration import Corroborator

        engine = self._corroborator
        if engine is None or (options is not None and engine.options != options):
            engine = self._corroborator = Corroborator(self, options)
        return engine.corroborate(claim)

    # -- integrity ------------------------------------------------------------
    def check(self, repair: bool = False, wait: WaitHook | None = None) -> CheckReport:
        """The store's integrity (:meth:`Store.integrity_problems`, the speaker index against
        the analyses) and what the saved ANN index covers. ``repair`` adds what the index
        lacks (rebuilding it if it holds what the store does not), saves it, and rebuilds the
        speaker index of the documents where it differs, holding the write lock (``wait``:
        as for :meth:`ingest`); the report is then of the store as repaired, with
        ``repaired`` saying what was done. What cannot be rebuilt from the store (a document
        missing sentences) stays a problem: ingest it again into a new store."""
        rep, stale, index = self._check()
        if not repair or rep.ok:
            return rep
        with self.store.write_lock(wait=wait):
            done = []
            if stale:
                self.store.reindex_attributions(stale)
                done.append(f"speaker index rebuilt for {len(stale)} documents")
            added = index.verify()
            index.dirty = True
            index.save()
            done.append(f"ANN index: {added} anchor sentences added, saved" if added else "ANN index saved")
            self._index = index
        rep, _, _ = self._check(index)  # what was just saved
        rep.repaired = done
        return rep

    def _check(self, index: SentenceIndex | None = None) -> tuple[CheckReport, list[int], SentenceIndex]:
        """The report, the documents whose speaker index differs from their analysis, and
        the saved index as loaded (not caught up), or ``index`` if it is what is saved."""
        store = self.store
        rep = CheckReport(store.url, documents=store.count(), analyses=store.count_analyses())
        rep.problems.extend(store.integrity_problems())
        stale = self._stale_attribution_index()
        if stale:
            rep.problems.append(f"{len(stale)} documents whose speaker index does not match their stored analysis")
        if index is None:
            index = SentenceIndex(store, self.embedder.dim, catch_up=False)
        with store.write_lock(block=False) as free:
            rep.writing = not free  # an ingest is running: its index is saved when it is done
        cov = index.coverage()
        rep.anchors, rep.indexed = cov.expected, cov.present
        trailing = None
        if not index.loaded and cov.expected:
            trailing = f"no usable saved ANN index at {index.path}"
        elif cov.present < cov.expected:
            trailing = (f"the ANN index holds {cov.present:,} of the {cov.expected:,} anchor sentences of the "
                        "stored documents (opening the store adds the rest; --repair saves them)")
        if cov.extra:
            rep.problems.append(f"the ANN index holds {cov.extra:,} sentences that are no stored anchor")
        if rep.writing:  # the index and the count move with the ingest running: nothing to say yet
            return rep, stale, index
        if trailing:
            rep.problems.append(trailing)
        state = store.anchor_state()
        if state.anchors is not None and state.anchors_k == ANCHORS and state.anchors != cov.expected:
            rep.problems.append(f"the store counts {state.anchors:,} anchor sentences, its documents hold "
                                f"{cov.expected:,}")
        return rep, stale, index

    def _stale_attribution_index(self) -> list[int]:
        """Rowids whose rows in the speaker index are not those of their stored analysis."""
        want: dict[int, list[str | None]] = {}
        for rowid, blob in self.store.iter_analyses():
            want[rowid] = [(a.get("speaker") or {}).get("name") for a in json.loads(blob).get("attributions", [])]
        have: dict[int, list[str | None]] = {}
        for row in self.store.iter_attribution_rows():
            have.setdefault(row.doc, []).append(row.speaker)
        return sorted(d for d in want.keys() | have.keys() if want.get(d, []) != have.get(d, []))
