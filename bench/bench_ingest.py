"""Ingest throughput: the default path (stored for tracing) next to ``--analyze``.

    nice -n 15 .venv/bin/python -m bench.bench_ingest [--limit 400] [--jobs 0] [--later]

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
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
