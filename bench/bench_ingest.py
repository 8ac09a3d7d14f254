"""Ingest throughput: the default path (stored for tracing) next to ``--analyze``.

    nice -n 15 .venv/bin/python -m bench.bench_ingest [--limit 400] [--jobs 0] [--later]
    nice -n 15 .venv/bin/python -m bench.bench_ingest --db postgresql://user@host:port/db [--limit 2000]

Reads the first ``--limit`` ReCOVery articles with a body (the loader the other
benchmarks use), writes them to a temporary JSONL file (outside the repository)
and, in one run, on the same documents, each into a fresh database:

- default ingest (``Corpus.ingest``, as ``unspin ingest``): documents/s;
- ingest with ``analyze=True`` (``unspin ingest --analyze``): documents/s over the
  whole run, and the analysis stage alone;
- for reference, ``unspin.analyze_many`` over the same texts with the same
  worker processes and nothing stored: what storing the analyses costs on top;
- with ``--later``: ``--analyze`` rerun on the database of the default ingest
  (analyses added to a corpus ingested without them).

With ``--db URL`` (a PostgreSQL server) it compares the two backends instead, side
by side on the same documents: default ingest documents/s into a fresh SQLite file
and into a fresh PostgreSQL database made on that server for the run (dropped after;
the URL's user needs CREATEDB), then trace latency p50/p95 of ``--queries`` spun,
partial and round-trip copies of stored articles in each (``Corpus.trace``, the
embedder warm, the ANN index loaded; the first query of each is not counted).

The spaCy model is loaded once before the timed runs (its load time is printed
apart). The load average is printed before and after: on a shared 2-core
machine the figures are only as good as the machine was quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from bench.drift_inject import RECOVERY, load_recovery


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=400, help="ReCOVery articles to ingest (default 400)")
    parser.add_argument("--jobs", type=int, default=0, help="analysis worker processes (0: as unspin ingest: "
                        "one per core, at most 2)")
    parser.add_argument("--later", action="store_true", help="also time --analyze on the default ingest's database")
    parser.add_argument("--no-baseline", action="store_true", help="skip analyze_many with nothing stored")
    parser.add_argument("--db", help="a PostgreSQL server URL: compare ingest and trace on SQLite and PostgreSQL")
    parser.add_argument("--queries", type=int, default=200, help="with --db: copies traced per backend")
    args = parser.parse_args()
    if args.db:
        compare_backends(args.db, args.limit, args.queries)
        return

    from unspin import analyze_many
    from unspin.nlp import load_nlp
    from unspin.provenance import Corpus

    docs = load_recovery(args.limit)
    jobs = args.jobs or min(os.cpu_count() or 1, 2)
    words = sum(len(t.split()) for _, t in docs)
    print(f"{len(docs)} ReCOVery articles ({words / len(docs):.0f} words on average) from {RECOVERY}")
    print(f"{os.cpu_count()} cores, analysis worker processes {jobs}; {_load()}")
    t = time.perf_counter()
    load_nlp()
    print(f"spaCy model loaded in {time.perf_counter() - t:.1f} s (not counted below)")

    with tempfile.TemporaryDirectory(prefix="unspin-bench-ingest-") as tmp:
        src = Path(tmp) / "recovery.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for doc_id, text in docs:
                fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        rows = []

        with Corpus(Path(tmp) / "default.db") as c:
            t = time.perf_counter()
            rep = c.ingest([str(src)])
            wall = time.perf_counter() - t
        assert rep.added == len(docs) and not rep.bad, rep.bad
        rows.append(("ingest (default)", rep.added, wall, ""))

        with Corpus(Path(tmp) / "analyze.db") as c:
            t = time.perf_counter()
            rep = c.ingest([str(src)], analyze=True, jobs=jobs)
            wall = time.perf_counter() - t
            a = rep.analysis
            n_attr = sum(1 for _ in c.attributions())
        assert a is not None and rep.added == len(docs)
        rows.append(("ingest --analyze", rep.added, wall,
                     f"storing {rep.seconds:.1f} s + analysis {a.seconds:.1f} s; analysed {a.analysed}, "
                     f"copied from identical texts {a.reused}, failed {len(a.bad)}; {n_attr} attributions stored"))

        if args.later:
            with Corpus(Path(tmp) / "default.db") as c:
                t = time.perf_counter()
                rep = c.ingest([str(src)], analyze=True, jobs=jobs)
                wall = time.perf_counter() - t
            assert rep.already == len(docs) and rep.analysis is not None
            rows.append(("--analyze later, on the default db", rep.analysis.stored, wall,
                         f"{rep.already} already stored, {rep.analysis.stored} analyses added"))

        if not args.no_baseline:
            t = time.perf_counter()
            n = sum(1 for _ in analyze_many(docs, batch_size=16, n_process=jobs))
            wall = time.perf_counter() - t
            rows.append(("analyze_many, nothing stored", n, wall, "reference: the analysis alone"))

    print()
    print(f"{'run':<36} {'docs':>5} {'seconds':>8} {'docs/s':>8}")
    for name, n, secs, note in rows:
        print(f"{name:<36} {n:>5} {secs:>8.1f} {n / secs:>8.1f}" + (f"   {note}" if note else ""))
    print(f"\n{_load()}")


@contextmanager
def _fresh_database(server: str):
    """The URL of a new database on ``server`` (its ANN index in a temporary folder), dropped after."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"unspin_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="unspin-bench-pg-") as cache:
            p = urlsplit(server)
            yield urlunsplit((p.scheme, p.netloc, "/" + name, "&".join(filter(None, (p.query, f"index_dir={cache}"))),
                              ""))
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backend_run(url: str, src: Path, queries: list[str]) -> tuple[int, float, list[float]]:
    """(documents added, ingest seconds, trace seconds per query) on one store."""
    from unspin.provenance import Corpus

    with Corpus(url) as c:
        t = time.perf_counter()
        rep = c.ingest([str(src)])
        wall = time.perf_counter() - t
    assert not rep.bad, rep.bad
    times = []
    with Corpus(url, create=False) as c:
        c.trace(queries[0])  # index loaded, caches warm
        for q in queries[1:]:
            t = time.perf_counter()
            c.trace(q)
            times.append(time.perf_counter() - t)
    return rep.added, wall, times


def compare_backends(server: str, limit: int, n_queries: int) -> None:
    import random

    import numpy as np

    from bench.spinner import spin
    from unspin.provenance.embed import get_embedder

    docs = load_recovery(limit)
    rng = random.Random(11)
    kinds = ("syn20", "syn35", "partial40", "rtt")
    queries = [spin(t, kinds[i % 4], rng) for i, (_, t) in enumerate(rng.sample(docs, min(n_queries + 1, len(docs))))]
    print(f"{len(docs)} ReCOVery articles from {RECOVERY}; {len(queries) - 1} traced copies ({', '.join(kinds)})")
    print(f"{os.cpu_count()} cores; {_load()}")
    get_embedder().embed(["warm up"])
    rows = []
    with tempfile.TemporaryDirectory(prefix="unspin-bench-ingest-") as tmp:
        src = Path(tmp) / "recovery.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for doc_id, text in docs:
                fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        rows.append(("SQLite", *_backend_run(str(Path(tmp) / "bench.db"), src, queries)))
        with _fresh_database(server) as url:
            rows.append(("PostgreSQL", *_backend_run(url, src, queries)))
    print()
    print(f"{'backend':<12} {'docs':>6} {'ingest s':>9} {'docs/s':>8} {'trace p50 ms':>13} {'p95 ms':>8}")
    for name, n, wall, times in rows:
        p50, p95 = (1000 * float(np.percentile(times, q)) for q in (50, 95))
        print(f"{name:<12} {n:>6} {wall:>9.1f} {n / wall:>8.1f} {p50:>13.1f} {p95:>8.1f}")
    print(f"\n{_load()}")


if __name__ == "__main__":
    main()
