"""Corroboration at scale: per-claim latency at 10k, 100k (and 1M) documents, exact against ANN.

    nice -n 15 .venv/bin/python -m bench.bench_corroborate_scale --base BOTH.db --size 100000
        [--workdir /tmp/unspin-corro-scale] [--stored 16] [--modes exact,ann]

The store: a copy of ``--base`` (both shared corpora ingested, as bench/eval_corroborate.py
builds it) grown with bench/bench_scale.py's synthetic documents (each sentence a splice of
two corpus half-sentences: real news language near real sentences, a copy of nothing) up to
``--size``; a store already built there is reused. Claims: the 24 claims of the ReCOVery dev
gold (bench/data/corroboration/dev.jsonl) and ``--stored`` sentences of the real articles
(a fixed draw), one ``Corroborator`` per mode in a fresh process, after one warm-up claim.

Per mode: p50/p95 wall and CPU seconds of ``Corroborator.corroborate`` per claim, the
claim-index search alone (p50/p95 ms), the claim index's memory and build time, and for the
ANN the recall of its candidate documents against the exact search's (the documents whose
best sentence reaches the floor: what retrieval passes on), and whether each claim's
reports are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "corroboration" / "dev.jsonl"


def build(base: str, db: str, size: int, seed: int) -> None:
    """A copy of ``base`` grown with synthetic documents to ``size`` (bench_scale.grow)."""
    from bench.bench_scale import Halves, grow
    from unspin.provenance import Corpus

    if not os.path.exists(db):
        tmp = db + ".part"
        for suffix in ("", ".usearch", ".usearch.json"):
            if os.path.exists(base + suffix):
                shutil.copyfile(base + suffix, (tmp if not suffix else db + suffix))
        os.replace(tmp, db)
    corpus = Corpus(db, create=False)
    if corpus.store.get_meta("bench_scale_real_rowids") is None:
        corpus.store.set_meta("bench_scale_real_rowids", str(corpus.store.max_rowid()))
    if corpus.store.count() < size:
        t = time.perf_counter()
        halves = Halves(corpus)
        real = int(corpus.store.get_meta("bench_scale_real_rowids"))
        lengths = np.array([d.n_sents for d in corpus.store.iter_docs() if d.rowid <= real and d.n_sents > 0])
        print(f"{halves.n:,} corpus sentences cut into halves in {time.perf_counter() - t:.0f} s", flush=True)
        grow(corpus, halves, size, lengths, np.random.default_rng(seed))
        print(f"grown to {corpus.store.count():,} documents in {time.perf_counter() - t:.0f} s", flush=True)
    corpus.close()


def claims(db: str, stored: int, seed: int) -> list[str]:
    """The dev gold's claims, then ``stored`` sentences (12 to 40 words) of the real articles, a fixed draw."""
    from unspin.provenance.normalise import sentence_spans
    from unspin.store import open_store

    out = [json.loads(line)["claim"] for line in open(GOLD, encoding="utf-8") if line.strip()]
    with open_store(db, create=False) as store:
        real = int(store.get_meta("bench_scale_real_rowids") or store.max_rowid())
        rng = random.Random(seed)
        while stored > 0:
            text = store.doc(rng.randint(1, real)).text
            sents = [text[s:e] for s, e in sentence_spans(text) if 12 <= len(text[s:e].split()) <= 40]
            if sents:
                out.append(rng.choice(sents))
                stored -= 1
    return out


def measure(db: str, mode: str, stored: int, seed: int) -> dict:
    """One mode in this process: the claim index built (or loaded), one warm-up claim, then every
    claim twice (the second time each report's credit is known, as when the store holds analyses)."""
    from unspin.corroboration import Corroborator
    from unspin.corroboration.claim_index import ClaimIndex
    from unspin.provenance import Corpus
    from unspin.provenance.normalise import sentence_spans

    from bench.bench_scale import rss_mib

    todo = claims(db, stored, seed)
    corpus = Corpus(db, create=False)
    engine = Corroborator(corpus)
    t = time.perf_counter()
    engine.index = ClaimIndex(corpus.store, corpus.embedder.dim, exact_max=0 if mode == "ann" else 1 << 40)
    engine.index.sync()
    build_s = time.perf_counter() - t
    o = engine.options
    engine.corroborate("The number of confirmed cases rose sharply over the weekend, officials said.")
    out = {"mode": mode, "docs": corpus.store.count(), "sentences": len(engine.index), "build_s": build_s,
           "loaded": engine.index.loaded, "claims": len(todo)}
    for run in ("cold", "warm"):
        wall, cpu, reports = [], [], []
        for c in todo:
            t, c0 = time.perf_counter(), time.process_time()
            got = engine.corroborate(c)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c0)
            reports.append(sorted((r.id, r.stance, r.copy_of or "") for r in got.reports))
        out[run] = {"wall": wall, "cpu": cpu}
        out["reports"] = reports
    search, cands = [], []
    for c in todo:
        vecs = corpus.embedder.embed([c[s:e] for s, e in sentence_spans(c)] or [c])
        t = time.perf_counter()
        hits = engine.index.search(vecs, o.candidates, o.floor)
        search.append(time.perf_counter() - t)
        cands.append(sorted(engine.index.docs(hits)))
    out.update(search=search, candidates=cands, rss_mib=rss_mib())
    corpus.close()
    return out


def _pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q))


def summary(res: dict) -> str:
    c, w = res["cold"], res["warm"]
    return (f"{res['mode']:5s} {res['docs']:,} docs, {res['sentences']:,} sentences indexed "
            f"({'loaded' if res['loaded'] else 'built'} in {res['build_s']:.0f} s), peak RSS {res['rss_mib']:,.0f} MiB\n"
            f"  per claim, credit analysed on the spot: wall p50 {_pct(c['wall'], 50) * 1000:.0f} / p95 "
            f"{_pct(c['wall'], 95) * 1000:.0f} ms, CPU p50 {_pct(c['cpu'], 50) * 1000:.0f} / p95 {_pct(c['cpu'], 95) * 1000:.0f} ms\n"
            f"  per claim, credit known (stored analyses): wall p50 {_pct(w['wall'], 50) * 1000:.0f} / p95 "
            f"{_pct(w['wall'], 95) * 1000:.0f} ms, CPU p50 {_pct(w['cpu'], 50) * 1000:.0f} / p95 {_pct(w['cpu'], 95) * 1000:.0f} ms\n"
            f"  claim-index search alone: p50 {_pct(res['search'], 50) * 1000:.1f} / p95 {_pct(res['search'], 95) * 1000:.1f} ms")


def compare(exact: dict, ann: dict) -> str:
    rec = [len(set(a) & set(b)) / len(a) for a, b in zip(exact["candidates"], ann["candidates"]) if a]
    same = sum(a == b for a, b in zip(exact["reports"], ann["reports"]))
    return (f"ANN candidate documents against exact: recall mean {np.mean(rec):.4f}, min {min(rec):.4f}; "
            f"reports identical for {same}/{len(exact['reports'])} claims")


def child(db: str, mode: str, stored: int, seed: int, out: str) -> dict:
    cmd = [sys.executable, "-m", "bench.bench_corroborate_scale", "--measure", mode, "--db", db, "--stored", str(stored),
           "--seed", str(seed), "--out", out]
    subprocess.run(cmd, check=True, cwd=ROOT)
    with open(out, encoding="utf-8") as fh:
        return json.load(fh)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", help="a store of both corpora (bench.eval_corroborate builds one)")
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--workdir", default="/tmp/unspin-corro-scale")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--stored", type=int, default=16, help="stored sentences corroborated besides the gold's claims")
    ap.add_argument("--modes", default="exact,ann")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--measure", choices=("exact", "ann"), help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(measure(args.db, args.measure, args.stored, args.seed), fh)
        return 0
    os.makedirs(args.workdir, exist_ok=True)
    db = os.path.join(args.workdir, f"corro-{args.size}.db")
    build(args.base, db, args.size, args.seed)
    if args.build_only:
        return 0
    res = {}
    for mode in args.modes.split(","):
        res[mode] = child(db, mode, args.stored, args.seed, os.path.join(args.workdir, f"result-{args.size}-{mode}.json"))
        print(summary(res[mode]), flush=True)
    if "exact" in res and "ann" in res:
        print(compare(res["exact"], res["ann"]))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end (a shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
