"""The Ray engine: ingest's prepare step in Ray tasks, ``trace --all``'s copy families as a
Ray Data pipeline.

Ingest: the driver reads and plans (already stored? an identical text?) exactly as
:class:`~unspin.provenance.ingest.IngestSession` does, ships each batch of records to a Ray
task running :func:`~unspin.provenance.ingest.prepare_many` (the embedder is loaded once per
worker process and kept), and commits the prepared batches itself, one transaction each, in
batch order. A task whose worker dies is run again (``max_retries``); only completed batches
are committed, so nothing is stored twice or lost, and a rerun after a failure resumes by id.

Families (``trace --all``): a Ray Data pipeline, so that no one process walks the corpus, split
the way DataTrove and NeMo Curator split deduplication: the first half of every trace
(:meth:`~unspin.provenance.trace.Tracer.candidates`) is computed for the whole store by
stages over rows (:mod:`unspin.engines.stages`), the second (:meth:`~unspin.provenance.trace.Tracer.decide`)
per document, then pairs and components:

a. *MinHash bands* (``map_batches`` tasks over ranges of the 63-bit band-key space): the
   store's LSH rows of each range -> bucket by band key -> a BAND row per (query, candidate)
   sharing a band (``stages.read_buckets``);
b. *exact sentences* (the same over the sentence-hash space): bucket by sentence hash -> how
   many stored sentences share each sentence (COUNT) and, for buckets within the local
   lookup's cap (``EXACT_BUCKET`` documents among its first sentences), EXACT rows;
c. *ANN anchors* (``map_batches`` over the stored rowids in a pool of :class:`_AnnHits`
   actors, each holding the store, embedder and saved ANN index): each document's sentences
   searched as the tracer searches them (``Tracer.ann_hits``), ANN rows in search order. It
   reads its sentences' hash counts from the store (``Tracer.usable``) rather than waiting on
   (b) for the same numbers;
d. *decision* (the rows of (a)-(c) together, ``groupby`` on the query's rowid, ``map_groups``
   with :func:`_decide_group`): ``stages.gather`` makes a query's rows into the Candidates its
   own trace would retrieve (the same lists in the same order), plus its identical texts
   (``Store.by_nhash``, one indexed read), and ``Tracer.decide`` ranks and aligns them. The
   stitched-part search stays inside this stage: it retrieves among the documents the
   sentences left uncovered by the first alignments hit, so it cannot run before them. Each
   match becomes an edge row (``families.edge_rows``). It runs in the shuffle's reduce tasks,
   each worker process keeping the store open between groups, not in an actor pool: Ray Data
   starts an actor pool's actors when the pipeline starts, and on one CPU the actor then held
   it while the shuffle feeding it waited for one (``--workers 1`` hung);
e. *pairs* (``groupby`` on the two rowids, ``map_groups``): of the edges a pair has (from
   one document's decision or both), the one standing for it (``families.best_edge``);
f. *components*, on the driver: union-find over those edges (connected components) and each
   family's original (``families.families_from_edges``), the local engine's code. One process
   holds the edges here (a few per copied document); Ray's own connected components would
   replace this at a size where they do not fit (see README).

Bands and sentence hashes are bucketed without a Ray shuffle: the store keeps both in an index
by key, so the rows of a key range come sorted and hold each of its buckets whole, and a
range read is the groupby. A Ray Data ``groupby(key).map_groups`` measured 7.6 to 8.6 s on
400 BBC documents (12,800 band keys; one call per key, load 7), the range reads 0.1 s, and
reading and bucketing all of them in one process takes 0.07 s. The local band lookup has no
bucket cap, so neither has (a): a bucket of m documents makes m(m-1) rows (among ReCOVery's
first 300 articles, 44 near-identical ones sharing all 32 bands make most of its 60,672).

The families are identical to the local engine's (tests/test_ray.py, and bench_engines on
both corpora). Every stage's output is materialised before the next (``timings`` keeps each
stage's wall time); a task whose worker dies is run again, an actor that dies is restarted
and its batches run again (Ray Data makes its actors with ``max_restarts=-1,
max_task_retries=-1``). The pipeline only reads the store; band and sentence rows are read
up to the last rowid stored when it starts.

``trace_all`` (every document's matches, for ``corroborate --all``) runs Ray tasks over
partitions of rowids with the same tracer.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from unspin.engines import EngineOptions
from unspin.errors import UnspinError

MAX_RETRIES = 3  # a task is run again this many times after its worker died
TRACE_PARTITION = 32  # documents per tracing task: at ~25 ms a document, ~1 s of work per task (bench_engines)
KEY_RANGE_DOCS = 256  # documents' worth of band or sentence-hash rows per read task (~8k rows)
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
_stores: dict[str, Any] = {}  # store URL -> store, one per worker process (the stages' reads)
_deciders: dict[str, Any] = {}  # store URL -> Tracer of the decision stage, one per worker process


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


def _store_for(url: str):
    """The store, opened once per worker process (the stage tasks' reads)."""
    if url not in _stores:
        from unspin.store import open_store

        for store in _stores.values():
            store.close()
        _stores.clear()
        _stores[url] = open_store(url, create=False)
    return _stores[url]


def _read_buckets(batch: dict, url: str, upto: int) -> dict:
    """Stages (a) and (b): ranges of the band or sentence-hash key space -> the candidate rows
    of the buckets in them (unspin.engines.stages.read_buckets)."""
    from unspin.engines import stages

    store = _store_for(url)
    return stages.concat([stages.read_buckets(store, str(what), int(lo), int(hi), upto)
                          for what, lo, hi in zip(batch["what"], batch["lo"], batch["hi"])])


class _AnnHits:
    """Stage (c): rowids -> their ANN candidate rows, in a pool of actors that each hold the
    store, the embedder and the saved ANN index (``_tracer_for``)."""

    def __call__(self, batch: dict, url: str) -> dict:
        from unspin.engines import stages
        from unspin.provenance.trace import stored_query

        store, tracer = _tracer_for(url)
        return stages.concat([stages.ann_rows(tracer, stored_query(store, int(r))) for r in batch["rowid"]])


def _decide_group(group: dict, url: str, top: int) -> dict:
    """Stage (d): one query's candidate rows -> the edge rows of its matches (``Tracer.decide``:
    ranking, alignment, stitched parts). Run in the shuffle's tasks; each worker process keeps
    the store and a tracer (with its cache of candidates' sentences) between groups."""
    from unspin.engines import stages
    from unspin.provenance.families import edge_rows
    from unspin.provenance.trace import Tracer, stored_query

    store = _store_for(url)
    tracer = _deciders.get(url)
    if tracer is None or tracer.store is not store:
        _deciders.clear()
        tracer = _deciders[url] = Tracer(store, None, None)  # no index: the decision reads only the store
    rowid = int(group["query"][0])
    q = stored_query(store, rowid)
    c = stages.gather(q, group, [k.rowid for k in store.by_nhash(q.nhash)])
    return _columns(edge_rows(rowid, tracer.decide(q, c, top=top)))


_EDGE_COLUMNS = ("a", "b", "query", "rank", "relation", "score", "cover")
_EDGE_TYPES = (np.int64, np.int64, np.int64, np.int64, object, np.float64, np.float64)


def _columns(rows: list) -> dict:
    """Edge rows as the batch of columns Ray Data carries between stages."""
    return {name: np.array([r[i] for r in rows], dtype=t)
            for i, (name, t) in enumerate(zip(_EDGE_COLUMNS, _EDGE_TYPES))}


def _best_of_pair(group: dict) -> dict:
    """Stage (e): the edges of one pair -> the one that stands for it."""
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
        self.timings: dict[str, float] = {}  # seconds by stage of the last families run

    def __enter__(self) -> "RayEngine":
        ray = _ray()
        # Ray's driver prints the raylet's notices ("A worker died ...", even with log_to_driver
        # off) to sys.stdout, where a command's JSON goes: while the engine runs they go to stderr
        self._notices = contextlib.redirect_stdout(sys.stderr)
        self._notices.__enter__()
        try:
            self._start(ray)
        except BaseException:
            self._notices.__exit__(None, None, None)
            raise
        _quiet_data(ray)
        self._prepare = ray.remote(max_retries=MAX_RETRIES)(_prepare_batch)
        self._trace = ray.remote(max_retries=MAX_RETRIES)(_trace_partition)
        return self

    def _start(self, ray) -> None:
        if not ray.is_initialized():
            o = self.options
            if o.address is not None:
                ray.init(address=o.address, logging_level="ERROR", log_to_driver=False)
            else:
                ray.init(num_cpus=o.workers or os.cpu_count() or 1, object_store_memory=o.object_store_mb << 20,
                         include_dashboard=False, logging_level="ERROR", log_to_driver=False)
            self.started = True

    def __exit__(self, *exc) -> None:
        try:
            if self.started:
                _ray().shutdown()
                self.started = False
        finally:
            self._notices.__exit__(None, None, None)

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
        (``progress`` is called once per document when the pipeline is done); how long each
        stage took is left in ``self.timings`` (seconds by stage)."""
        from unspin.provenance.families import families_from_edges

        ray = _ray()
        url = self._saved_index(corpus)
        rowids = list(corpus.store.rowids())
        self.timings = {}
        if not rowids:
            return []
        upto, cpus = rowids[-1], self.cpus()
        first, *rest = [self._timed(name, stage) for name, stage in self._candidate_stages(url, rowids, upto)]
        cands = first.union(*rest)
        edges = self._timed("decide", cands.groupby("query", num_partitions=cpus).map_groups(
            _decide_group, fn_kwargs={"url": url, "top": top}, batch_format="numpy"))
        pairs = self._timed("pairs", edges.groupby(["a", "b"], num_partitions=cpus).map_groups(
            _best_of_pair, batch_format="numpy"))
        t0 = time.perf_counter()
        best = [(int(e["a"]), int(e["b"]), int(e["query"]), int(e["rank"]), str(e["relation"]), float(e["score"]),
                 float(e["cover"])) for e in pairs.iter_rows()]
        out = families_from_edges(corpus.store, best)  # connected components by union-find, on the driver
        self.timings["components"] = time.perf_counter() - t0
        if progress:
            for _ in rowids:
                progress()
        return out

    def _candidate_stages(self, url: str, rowids: list[int], upto: int):
        """(name, dataset) of the stages whose rows :func:`stages.gather` makes into each
        query's Candidates: bands and sentence hashes (key ranges), ANN anchors (documents)."""
        ray = _ray()
        ranges = _key_ranges(max(self.cpus(), math.ceil(len(rowids) / KEY_RANGE_DOCS)))
        for what in ("bands", "hashes"):
            keys = ray.data.from_items([dict(r, what=what) for r in ranges], override_num_blocks=len(ranges))
            yield what, keys.map_batches(_read_buckets, fn_kwargs={"url": url, "upto": upto}, batch_size=1,
                                         batch_format="numpy")
        docs = ray.data.from_items([{"rowid": r} for r in rowids],
                                   override_num_blocks=math.ceil(len(rowids) / TRACE_PARTITION))
        # an actor that dies is restarted and its batch run again (Ray Data's actor defaults)
        yield "ann", docs.map_batches(_AnnHits, fn_kwargs={"url": url}, batch_size=TRACE_PARTITION,
                                      batch_format="numpy", num_cpus=1, concurrency=(1, self.cpus()))

    def _timed(self, name: str, ds):
        """``ds`` computed (materialised in the object store), its wall time kept in ``timings``."""
        t0 = time.perf_counter()
        ds = ds.materialize()
        self.timings[name] = time.perf_counter() - t0
        return ds


def _key_ranges(n: int) -> list[dict[str, int]]:
    """``n`` inclusive ranges covering the 63-bit key space of band keys and sentence hashes."""
    top = (1 << 63) - 1
    cuts = [top * j // n for j in range(n + 1)]
    return [{"lo": cuts[j] + (j > 0), "hi": cuts[j + 1]} for j in range(n)]
