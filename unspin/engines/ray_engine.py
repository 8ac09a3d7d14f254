"""The Ray engine: ingest's prepare step in Ray tasks, ``trace --all``'s copy families as a
Ray Data pipeline.

Ingest: the driver reads and plans (already stored? an identical text?) exactly as
:class:`~unspin.provenance.ingest.IngestSession` does, ships each batch of records to a Ray
task running :func:`~unspin.provenance.ingest.prepare_many` (the embedder is loaded once per
worker process and kept), and commits the prepared batches itself, one transaction each, in
batch order. A task whose worker dies is run again (``max_retries``); only completed batches
are committed, so nothing is stored twice or lost, and a rerun after a failure resumes by id.

Families (``trace --all``): a Ray Data pipeline, so that no one process walks the corpus
(DataTrove and NeMo Curator split their deduplication into stages the same way):

1. *documents*: the stored rowids as a dataset, in blocks of ``TRACE_PARTITION``;
2. *candidates and alignment* (``map_batches`` over a pool of :class:`_TraceDocs` actors, each
   of which opens the store read-only with the saved ANN index once): every document is
   traced with the local :class:`~unspin.provenance.trace.Tracer`, whose candidate stages
   (shared sentence hashes, ANN anchors, MinHash LSH bands stored at ingest) and pair
   decision (the sentence alignment) are the local engine's. The tracer gathers and aligns
   a document's candidates in one pass (its stitched-part search needs the first
   alignments), so MinHash bands are not a stage of their own here: they are read from the
   store inside this one. Each match becomes an edge row (:func:`~unspin.provenance.families.edge_rows`);
3. *pairs* (``groupby`` on the two rowids, ``map_groups``): of the edges a pair has (from
   one document's trace or both), the one standing for it (:func:`~unspin.provenance.families.best_edge`);
4. *components*, on the driver: union-find over those edges and each family's original
   (:func:`~unspin.provenance.families.families_from_edges`), the local engine's code. One
   process holds the edges here (a few per copied document); Ray's own connected components
   would replace this at a size where they do not fit (see README).

Every stage is the local engine's code, so the families are identical to it
(tests/test_ray.py). An actor that dies is restarted and its batches run again (Ray Data
makes its actors with ``max_restarts=-1, max_task_retries=-1``). The pipeline only reads the store.

``trace_all`` (every document's matches, for ``corroborate --all``) runs Ray tasks over
partitions of rowids with the same tracer.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from unspin.engines import EngineOptions
from unspin.errors import UnspinError

MAX_RETRIES = 3  # a task is run again this many times after its worker died
TRACE_PARTITION = 32  # documents per tracing task: at ~25 ms a document, ~1 s of work per task (bench_engines)
WINDOW_PER_CPU = 2  # batches (or partitions) in flight per CPU of the cluster: one running, one queued


def _ray():
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - ray is a main dependency
        raise UnspinError("--engine ray needs the ray package (pip install ray)") from exc
    return ray


class _Handle:
    """A Ray object ref with the ``.result()`` of a future (what the ingest session waits on)."""

    __slots__ = ("ref",)

    def __init__(self, ref) -> None:
        self.ref = ref

    def result(self):
        return _ray().get(self.ref)


# -- worker side --------------------------------------------------------------
_tracers: dict[str, Any] = {}  # store URL -> (store, index, Tracer), one per worker process


def _prepare_batch(records: list) -> list:
    from unspin.provenance.embed import get_embedder
    from unspin.provenance.ingest import prepare_many

    return prepare_many(records, get_embedder())  # get_embedder: loaded once per worker process


def _tracer_for(url: str):
    from unspin.provenance.embed import get_embedder
    from unspin.provenance.index import SentenceIndex
    from unspin.provenance.trace import Tracer
    from unspin.store import open_store

    if url not in _tracers:
        for store, _, _ in _tracers.values():
            store.close()
        _tracers.clear()
        store = open_store(url, create=False)
        embedder = get_embedder()
        index = SentenceIndex(store, embedder.dim)
        _tracers[url] = (store, index, Tracer(store, index, embedder))
    store, index, tracer = _tracers[url]
    index.sync()  # documents committed since this worker opened the store
    return store, tracer


class _TraceDocs:
    """Stage 2 of the families pipeline: a batch of rowids -> the edge rows of their traces.
    A class so that Ray Data runs it in a pool of long-lived actors, which keep the store,
    index and embedder open between batches (``_tracer_for``)."""

    def __call__(self, batch: dict, url: str, top: int) -> dict:
        from unspin.provenance.families import edge_rows

        # the store and index stay open in the actor's process (_tracer_for), per store URL
        rows = [e for rowid, matches in _trace_partition(url, [int(r) for r in batch["rowid"]], top)
                for e in edge_rows(rowid, matches)]
        return _columns(rows)


_EDGE_COLUMNS = ("a", "b", "query", "rank", "relation", "score", "cover")
_EDGE_TYPES = (np.int64, np.int64, np.int64, np.int64, object, np.float64, np.float64)


def _columns(rows: list) -> dict:
    """Edge rows as the batch of columns Ray Data carries between stages."""
    return {name: np.array([r[i] for r in rows], dtype=t)
            for i, (name, t) in enumerate(zip(_EDGE_COLUMNS, _EDGE_TYPES))}


def _best_of_pair(group: dict) -> dict:
    """Stage 3: the edges of one pair -> the one that stands for it."""
    from unspin.provenance.families import best_edge

    rows = list(zip(*(group[name].tolist() for name in _EDGE_COLUMNS)))
    return _columns([best_edge(rows)])


def _trace_partition(url: str, rowids: list[int], top: int) -> list[tuple[int, list]]:
    from unspin.provenance.trace import stored_query

    store, tracer = _tracer_for(url)
    return [(rowid, tracer.trace(stored_query(store, rowid), top=top)) for rowid in rowids]


# -- driver side --------------------------------------------------------------
def _quiet_data(ray) -> None:
    """Ray Data's progress bars and per-stage log lines off: the commands print their own."""
    import logging

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = ctx.enable_operator_progress_bars = False
    ctx.enable_auto_log_stats = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


def _worker_url(url: str) -> str:
    """The store URL as a worker opens it: a SQLite path made absolute (workers' folder differs)."""
    from unspin.store import _kind

    kind, where = _kind(url)
    return os.path.abspath(where) if kind == "sqlite" else url


class RayEngine:
    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self.started = False
        self._prepare = self._trace = None

    def __enter__(self) -> "RayEngine":
        ray = _ray()
        if not ray.is_initialized():
            o = self.options
            if o.address is not None:
                ray.init(address=o.address, logging_level="ERROR", log_to_driver=False)
            else:
                ray.init(num_cpus=o.workers or os.cpu_count() or 1, object_store_memory=o.object_store_mb << 20,
                         include_dashboard=False, logging_level="ERROR", log_to_driver=False)
            self.started = True
        _quiet_data(ray)
        self._prepare = ray.remote(max_retries=MAX_RETRIES)(_prepare_batch)
        self._trace = ray.remote(max_retries=MAX_RETRIES)(_trace_partition)
        return self

    def __exit__(self, *exc) -> None:
        if self.started:
            _ray().shutdown()
            self.started = False

    def cpus(self) -> int:
        return max(1, int(_ray().cluster_resources().get("CPU", 1)))

    def preparer(self, embedder) -> tuple[Callable[[Sequence[Any]], _Handle], int]:
        return (lambda records: _Handle(self._prepare.remote(list(records)))), WINDOW_PER_CPU * self.cpus()

    @staticmethod
    def _saved_index(corpus) -> str:
        """The store URL for the workers, once the ANN index they load is saved."""
        corpus.index.sync()
        if not corpus.index.save():  # the workers load the saved index; a writer is saving a newer one
            raise UnspinError(f"{corpus.store.url}: an ingest is writing; run trace --all when it is done")
        return _worker_url(corpus.url)

    def trace_all(self, corpus, progress: Callable[[], None] | None = None, top: int = 50
                  ) -> Iterator[tuple[int, list]]:
        """(rowid, matches) for every stored document in rowid order, traced in Ray tasks."""
        ray = _ray()
        url = self._saved_index(corpus)
        rowids = list(corpus.store.rowids())
        parts = [rowids[i:i + TRACE_PARTITION] for i in range(0, len(rowids), TRACE_PARTITION)]
        window = WINDOW_PER_CPU * self.cpus()
        pending: deque = deque()
        todo = iter(parts)
        for part in todo:
            pending.append(self._trace.remote(url, part, top))
            if len(pending) >= window:
                break
        while pending:
            for rowid, matches in ray.get(pending.popleft()):
                yield rowid, matches
                if progress:
                    progress()
            part = next(todo, None)
            if part is not None:
                pending.append(self._trace.remote(url, part, top))

    def families(self, corpus, progress: Callable[[], None] | None = None, top: int = 50) -> list:
        """Copy families of the whole store by the Ray Data pipeline of the module docstring
        (``progress`` is called once per document when the pipeline is done)."""
        from unspin.provenance.families import families_from_edges

        ray = _ray()
        url = self._saved_index(corpus)
        rowids = list(corpus.store.rowids())
        if not rowids:
            return []
        docs = ray.data.from_items([{"rowid": r} for r in rowids],
                                   override_num_blocks=math.ceil(len(rowids) / TRACE_PARTITION))
        # an actor that dies is restarted and its batch run again (Ray Data's actor defaults)
        edges = docs.map_batches(_TraceDocs, fn_kwargs={"url": url, "top": top}, batch_size=TRACE_PARTITION,
                                 batch_format="numpy", num_cpus=1,
                                 compute=ray.data.ActorPoolStrategy(min_size=1, max_size=self.cpus()))
        pairs = edges.groupby(["a", "b"], num_partitions=self.cpus()).map_groups(_best_of_pair, batch_format="numpy")
        best = [tuple(e[name] for name in _EDGE_COLUMNS) for e in pairs.iter_rows()]
        if progress:
            for _ in rowids:
                progress()
        return families_from_edges(corpus.store, [(int(a), int(b), int(q), int(k), str(rel), float(s), float(c))
                                                  for a, b, q, k, rel, s, c in best])
