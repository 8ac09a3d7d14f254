"""Throughput of `unspin analyze` against the bare spaCy parse (the floor).

    python -m bench.bench_analyze [--limit N] [--jobs J]

Both runs read the same ReCOVery articles in the same process run, with the
same number of worker processes, so the ratio is the cost unspin adds on top
of parsing. Targets (issue 2): >= 10 articles/s on a 2-core machine, and
analyze <= 1.5x the bare parse.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time

from rich.console import Console
from rich.table import Table

# The corpus loader the drift benchmarks use: ReCOVery articles with a body, in file order.
from bench.drift_inject import RECOVERY as CORPUS, load_recovery  # noqa: E402


def _bare_parse_batch(texts: list[str]) -> int:
    from unspin.nlp import load_nlp

    nlp = load_nlp()
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=len(texts)))


def bare_parse(articles: list[tuple[str, str]], jobs: int, batch_size: int) -> float:
    """The floor: the same spaCy pipeline, same batching and processes, no unspin stages."""
    from unspin.nlp import load_nlp

    load_nlp()
    texts = [t for _, t in articles]
    batches = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
    start = time.perf_counter()
    if jobs <= 1:
        for b in batches:
            _bare_parse_batch(b)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for _ in pool.imap(_bare_parse_batch, batches):
                pass
    return time.perf_counter() - start


def full_analyze(articles: list[tuple[str, str]], jobs: int, batch_size: int) -> tuple[float, int]:
    from unspin import analyze_many

    start = time.perf_counter()
    n_attr = sum(len(a.attributions) for a in analyze_many(articles, batch_size=batch_size, n_process=jobs))
    return time.perf_counter() - start, n_attr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=400, help="articles to run (default 400; 2031 in all)")
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count(), help="worker processes")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    console = Console()
    if not CORPUS.exists():
        console.print(f"[red]corpus not found: {CORPUS}[/red] (../shared must sit beside the repository)")
        raise SystemExit(2)

    articles = load_recovery(args.limit)
    words = sum(len(t.split()) for _, t in articles)
    console.print(f"{len(articles)} ReCOVery articles, {words:,} words, {args.jobs} worker process(es)")
    # Warm-up: load the model and any lazily loaded extractor resources before timing.
    full_analyze(articles[:4], 1, args.batch_size)

    t_bare = bare_parse(articles, args.jobs, args.batch_size)
    t_full, n_attr = full_analyze(articles, args.jobs, args.batch_size)

    table = Table(title="unspin analyze vs bare spaCy parse (same articles, same run)")
    for col in ("run", "seconds", "articles/s", "words/s", "x bare parse"):
        table.add_column(col, justify="right" if col != "run" else "left")
    for name, t in (("bare spaCy parse (floor)", t_bare), ("unspin analyze", t_full)):
        table.add_row(name, f"{t:.1f}", f"{len(articles) / t:.1f}", f"{words / t:,.0f}", f"{t / t_bare:.2f}")
    console.print(table)
    console.print(f"attributions found: {n_attr:,} ({n_attr / len(articles):.1f} per article)")
    console.print("targets: >= 10 articles/s; analyze <= 1.5x bare parse")


if __name__ == "__main__":
    main()
