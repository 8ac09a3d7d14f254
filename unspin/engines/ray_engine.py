"""The Ray engine: ingest's prepare step and ``trace --all``'s per-document tracing in Ray tasks.

Ingest: the driver reads and plans (already stored? an identical text?) exactly as
:class:`~unspin.provenance.ingest.IngestSession` does, ships each batch of records to a Ray
task running :func:`~unspin.provenance.ingest.prepare_many` (the embedder is loaded once per
worker process and kept), and commits the prepared batches itself, one transaction each, in
batch order. A task whose worker dies is run again (``max_retries``); only completed batches
are committed, so nothing is stored twice or lost, and a rerun after a failure resumes by id.

Families: the stored rowids are cut into partitions; a Ray task per partition opens the
store read-only with the saved ANN index (once per worker and store) and traces each of its
documents against all the others with the local :class:`~unspin.provenance.trace.Tracer`,
so the candidate stages (shared sentence hashes, ANN anchors, MinHash LSH bands) and the
alignment are the local engine's; the driver joins the matches by union-find and picks each
family's original (:func:`~unspin.provenance.families.build_families`). The families are
therefore identical to the local engine's.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

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


def _trace_partition(url: str, rowids: list[int], top: int) -> list[tuple[int, list]]:
    from unspin.provenance.trace import stored_query

    store, tracer = _tracer_for(url)
    return [(rowid, tracer.trace(stored_query(store, rowid), top=top)) for rowid in rowids]


# -- driver side --------------------------------------------------------------
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

    def trace_all(self, corpus, progress: Callable[[], None] | None = None, top: int = 50
                  ) -> Iterator[tuple[int, list]]:
        """(rowid, matches) for every stored document in rowid order, traced in Ray tasks."""
        ray = _ray()
        corpus.index.sync()
        if not corpus.index.save():  # the workers load the saved index; a writer is saving a newer one
            raise UnspinError(f"{corpus.store.url}: an ingest is writing; run trace --all when it is done")
        rowids = list(corpus.store.rowids())
        parts = [rowids[i:i + TRACE_PARTITION] for i in range(0, len(rowids), TRACE_PARTITION)]
        window = WINDOW_PER_CPU * self.cpus()
        pending: deque = deque()
        todo = iter(parts)
        url = _worker_url(corpus.url)
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
