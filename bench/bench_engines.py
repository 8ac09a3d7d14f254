"""Engines at corpus scale (issue 9): ingest and ``trace --all`` on the local engine and on Ray.

    nice -n 15 .venv/bin/python -m bench.bench_engines [--pg-url URL] [--limit N] [--queries 100]

On both corpora in ../shared (the whole BBC News 2225 folder and ReCOVery's articles.jsonl,
``--limit``: the first N documents of each), in one run, each into a fresh store:

- ingest documents/s: SQLite and PostgreSQL on the local engine, SQLite on Ray with 1 and
  with 2 workers (a local Ray started for each, its start-up time printed apart, not counted);
- trace latency p50/p95 of ``--queries`` spun copies (synonyms, partial, round trip) of
  stored documents on each store (``Corpus.trace``, index loaded, first query not counted);
- copy families (``trace --all``) wall time: local, and with Ray 1 and 2 workers (``--workers``)
  both the Ray Data pipeline the engine runs (``Corpus.families(engine=...)``, with each
  stage's wall time: bands, hashes, ann, decide, pairs, components; its actors are started
  in every run) and plain Ray tasks tracing partitions (``engine.trace_all`` joined by the
  local union-find), all checked equal to the local engine's families;
- per document: bytes of the SQLite file and of the ANN index, and the peak RSS of the driver
  and of a Ray worker, for sizing a cluster.

PostgreSQL: ``--pg-url`` or the server in .ci/pg-url (as the tests find it; a database is
created for the run and dropped after); without one its rows are skipped. On this shared
2-core machine the figures are only as good as the machine was quiet: the load average is
printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from bench.drift_inject import CORPORA
from bench.bench_ingest import _fresh_database, _load

PG_URL_FILE = Path(__file__).parents[1] / ".ci" / "pg-url"
KINDS = ("syn20", "syn35", "partial40", "rtt")


def _corpora(limit: int, tmp: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (the path ingested, its texts): the BBC folder and the ReCOVery JSONL (``limit`` of each)."""
    bbc = CORPORA / "bbc-news-2225"
    files = sorted(bbc.glob("*/*.txt"))[:limit or None]
    rec = CORPORA / "recovery-covid-news" / "articles.jsonl"
    lines = rec.read_text(encoding="utf-8").splitlines()[:limit or None]
    if limit:
        for f in files:
            dest = tmp / "bbc" / f.parent.name / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.read_bytes())
        (tmp / "recovery.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        bbc, rec = tmp / "bbc", tmp / "recovery.jsonl"
    texts_bbc = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    texts_rec = [t for t in (json.loads(line).get("body_text") or "" for line in lines) if t.strip()]
    return {"BBC": (str(bbc), texts_bbc), "ReCOVery": (str(rec), texts_rec)}


def _worker_rss_mb() -> float:
    """The largest resident set of a Ray worker process now (MB), from /proc."""
    best = 0
    for pid in os.listdir("/proc"):
        try:
            if not Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"ray::"):
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]))
        except (OSError, ValueError):
            continue
    return best / 1024


def _ingest(url: str, path: str, engine=None) -> tuple[int, float]:
    from unspin.provenance import Corpus

    with Corpus(url) as c:
        t = time.perf_counter()
        rep = c.ingest([path], engine=engine)
        wall = time.perf_counter() - t
    assert not rep.bad, rep.bad[:3]
    return rep.added, wall


def _families(url: str, engine=None) -> tuple[list, float, dict]:
    """(families, wall s, seconds by stage of the Ray Data pipeline)."""
    from unspin.provenance import Corpus

    with Corpus(url, create=False) as c:
        t = time.perf_counter()
        fams = [f.to_dict() for f in c.families(engine=engine)]
        return fams, time.perf_counter() - t, dict(getattr(engine, "timings", {}))


def _families_tasks(url: str, engine) -> tuple[list, float]:
    """Families from Ray tasks tracing partitions of rowids, joined on the driver."""
    from unspin.provenance import Corpus
    from unspin.provenance.families import build_families

    with Corpus(url, create=False) as c:
        t = time.perf_counter()
        fams = [f.to_dict() for f in build_families(None, c.store, results=engine.trace_all(c))]
        return fams, time.perf_counter() - t, {}


def _trace_times(url: str, queries: list[str]) -> list[float]:
    from unspin.provenance import Corpus

    times = []
    with Corpus(url, create=False) as c:
        c.trace(queries[0])
        for q in queries[1:]:
            t = time.perf_counter()
            c.trace(q)
            times.append(time.perf_counter() - t)
    return times


def _ray(workers: int):
    from unspin.engines import EngineOptions, make_engine

    from unspin.inputs.sources import Record

    t = time.perf_counter()
    eng = make_engine(EngineOptions("ray", workers=workers)).__enter__()
    import ray

    # the workers started and their embedder loaded (as a long-lived cluster has them)
    ray.get([eng._prepare.remote([Record(id=f"w{i}", where="", text="Warm up.")]) for i in range(workers)])
    return eng, time.perf_counter() - t


def run_corpus(name: str, path: str, texts: list[str], pg: str | None, n_queries: int, tmp: Path,
               families_only: bool = False, worker_counts: tuple[int, ...] = (1, 2)) -> dict:
    from bench.spinner import spin

    rng = random.Random(11)
    queries = [spin(t, KINDS[i % 4], rng) for i, t in enumerate(rng.sample(texts, min(n_queries + 1, len(texts))))]
    out: dict = {"ingest": [], "trace": [], "families": []}
    sqlite = str(tmp / f"{name}-local.db")
    n, wall = _ingest(sqlite, path)
    out["ingest"].append(("SQLite, local", n, wall))
    out["bytes/doc"] = (os.path.getsize(sqlite) / n, os.path.getsize(sqlite + ".usearch") / n)
    if not families_only:
        out["trace"].append(("SQLite", _trace_times(sqlite, queries)))
    local_fams, wall, _ = _families(sqlite)
    out["families"].append(("local", len(local_fams), wall, {}))
    with (_fresh_database(pg) if pg and not families_only else nullcontext()) as url:
        if url:
            n, wall = _ingest(url, path)
            out["ingest"].append(("PostgreSQL, local", n, wall))
            out["trace"].append(("PostgreSQL", _trace_times(url, queries)))
    for workers in worker_counts:
        eng, startup = _ray(workers)
        try:
            ws = f"{workers} worker{'s' * (workers > 1)}"
            if not families_only:
                db = str(tmp / f"{name}-ray{workers}.db")
                n, wall = _ingest(db, path, eng)
                out["ingest"].append((f"SQLite, Ray {ws} (start {startup:.1f} s)", n, wall))
            for what, run in ((f"Ray Data {ws}", _families), (f"Ray Data {ws}, repeat", _families),
                              (f"Ray tasks {ws}", _families_tasks)):
                fams, wall, stages = run(sqlite, eng)
                assert fams == local_fams, f"{name}: {what}: families differ from the local engine's"
                out["families"].append((what, len(fams), wall, stages))
            out.setdefault("worker MB", 0.0)
            out["worker MB"] = max(out["worker MB"], _worker_rss_mb())
        finally:
            eng.__exit__(None, None, None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", help="a PostgreSQL server (default: .ci/pg-url if present)")
    parser.add_argument("--limit", type=int, default=0, help="the first N documents of each corpus (0: all)")
    parser.add_argument("--queries", type=int, default=100, help="spun copies traced per store")
    parser.add_argument("--workers", default="1,2", help="Ray worker counts to run, comma-separated")
    parser.add_argument("--families-only", action="store_true",
                        help="only the copy families (no trace latency, no PostgreSQL, no Ray ingest)")
    args = parser.parse_args()
    pg = args.pg_url or (PG_URL_FILE.read_text().strip() if PG_URL_FILE.exists() else None)
    print(f"{os.cpu_count()} cores; PostgreSQL {'at ' + pg.split('@')[-1] if pg else 'not configured'}; {_load()}")
    from unspin.provenance.embed import get_embedder

    get_embedder().embed(["warm up"])
    with tempfile.TemporaryDirectory(prefix="unspin-bench-engines-") as tmp:
        corpora = _corpora(args.limit, Path(tmp))
        for name, (path, texts) in corpora.items():
            r = run_corpus(name, path, texts, pg, args.queries, Path(tmp), args.families_only,
                           tuple(int(w) for w in args.workers.split(",")))
            print(f"\n== {name}: {len(texts)} documents")
            print(f"{'ingest':<44} {'docs':>6} {'s':>7} {'docs/s':>8}")
            for what, n, wall in r["ingest"]:
                print(f"{what:<44} {n:>6} {wall:>7.1f} {n / wall:>8.1f}")
            print(f"{'trace (spun copies)':<20} {'p50 ms':>8} {'p95 ms':>8}")
            for what, times in r["trace"]:
                print(f"{what:<20} {1000 * np.percentile(times, 50):>8.1f} {1000 * np.percentile(times, 95):>8.1f}")
            print(f"{'families (trace --all)':<32} {'families':>8} {'wall s':>8} {'docs/s':>8}")
            for what, nf, wall, stages in r["families"]:
                print(f"{what:<32} {nf:>8} {wall:>8.1f} {len(texts) / wall:>8.1f}")
                if stages:
                    print(" " * 4 + "stages s: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
            db_b, ann_b = r["bytes/doc"]
            print(f"per document: SQLite {db_b / 1024:.1f} KB, ANN index {ann_b / 1024:.2f} KB; "
                  f"peak RSS driver {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
                  f"Ray worker {r['worker MB']:.0f} MB")
    print(f"\n{_load()}")


if __name__ == "__main__":
    main()
