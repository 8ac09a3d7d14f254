"""Provenance at scale: trace latency, memory and disk at 10k, 100k and 1M documents.

    nice -n 10 .venv/bin/python -m bench.bench_scale [--sizes 10000,100000,1000000] [--queries 200]
        [--workdir /tmp/unspin-scale] [--tfidf-max 100000] [--keep] [--snapshot]
    .venv/bin/python -m bench.bench_scale --reindex --db /tmp/unspin-scale/scale.db
        [--connectivity 16] [--expansion-add 64]   # the ANN index alone, rebuilt from the store
    .venv/bin/python -m bench.bench_scale --measure unspin --db /tmp/unspin-scale/scale.db

How the large stores are made. The 4,256 articles of both shared corpora (4,258
records) go in through the normal ingest (``Corpus.ingest``, default settings).
The rest, up to each size, are synthetic documents written straight into the
same SQLite store and ANN index, because a million documents through the full
ingest at ~200 documents/s would take 1.5 hours: every sentence of a synthetic
document is a splice of the first half (in words) of one corpus sentence and the
second half of another, both drawn at random from all 130,000 corpus sentences;
a document has as many sentences as a randomly drawn corpus article. So each
synthetic sentence is real news language, lies near real sentences in embedding
space (each corpus half-sentence is reused about 230 times at 1M, so every
query sentence has many near neighbours that are not its source), and is no
copy of anything. What the store holds for a synthetic document is what ingest
would store, computed in a vectorised way from the halves:

- the text, sentence offsets and word counts: exact;
- sentence vectors: exact (the static embedding is a mean of token vectors, and
  the tokenizer splits at the space between the halves, so the vector of a
  splice is the normalised sum of the halves' token-vector sums);
- content-stem buckets (the aligner's lexical signal): the union of the halves'
  (exact up to a known spinner phrase spanning the splice);
- exact-sentence hashes: a hash of the pair of halves, not of the words, so it
  equals no real sentence's hash; MinHash signature and LSH band keys: random
  (a synthetic document is near-duplicate of nothing, so its band keys collide
  with nothing, which is what real keys of a unique document do);
- normalised-text hash: exact.

Anchors (index.anchors) of the synthetic documents are added to the usearch
index exactly as ingest adds them. Trace then runs unchanged against the whole
store: ANN search over every document's anchors, exact-sentence and LSH lookups
in SQLite, alignment of every candidate read back from the database.

Queries: spun copies (bench/spinner.py kinds, cycled) of corpus articles with at
least 150 words; their true source is in every store. Per size, in a fresh
process: recall@1 (the source, one of its exact duplicates or near-identical twins ranked first), trace
p50/p95 latency including embedding the query, peak RSS (getrusage), and the
sizes on disk; next to it, brute-force TF-IDF nearest neighbour (scikit-learn
TfidfVectorizer, sublinear tf, float32; one sparse matrix-vector product per
query) at the sizes where it fits (``--tfidf-max``), with its fit time, query
latency and peak RSS, and a linear extrapolation (marked as such) beyond.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from array import array
from pathlib import Path

import numpy as np

from bench.spinner import KINDS, SHARED, spin, stitch, substitute
from bench.twins import near_twins

CORPORA = SHARED / "corpora"
SOURCES = [CORPORA / "bbc-news-2225", CORPORA / "recovery-covid-news" / "articles.jsonl"]
CHUNK = 20_000  # synthetic documents per transaction and per index add


def rss_mib() -> float:
    """Peak resident memory of this process. getrusage's ru_maxrss survives exec on Linux (a
    child started from a big parent reports the parent's peak), so VmHWM is read where there is one."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk(db: str) -> tuple[int, int]:
    """(database bytes incl. WAL, ANN index bytes)."""
    d = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
    i = os.path.getsize(db + ".usearch") if os.path.exists(db + ".usearch") else 0
    return d, i


# -- building ----------------------------------------------------------------

class Halves:
    """Every corpus sentence cut at its middle word: texts, token-vector sums, token
    counts, word counts, content-stem buckets and a hash per half."""

    def __init__(self, corpus) -> None:
        from unspin.provenance.normalise import lex_ids, words

        emb = corpus.embedder
        first: list[str] = []
        second: list[str] = []
        for text in (d.text for d in corpus.store.iter_docs()):
            for s, e in _spans(text):
                sent = text[s:e]
                parts = sent.split(" ")
                if len(parts) < 4:
                    continue
                mid = len(parts) // 2
                first.append(" ".join(parts[:mid]))
                second.append(" ".join(parts[mid:]))
        self.texts = (first, second)
        self.n = len(first)
        self.sums = []
        self.ntok = []
        self.words = []
        self.lex = []
        self.hash = []
        for half in self.texts:
            ids = emb.token_ids(half)
            lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
            flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
            keep = flat != emb.unk
            row = np.repeat(np.arange(len(ids)), lengths)[keep]
            flat = flat[keep]
            ntok = np.bincount(row, minlength=len(ids))
            sums = np.zeros((len(ids), emb.dim), dtype=np.float32)
            have = ntok > 0
            starts = np.concatenate(([0], np.cumsum(ntok)[:-1]))
            for lo in range(0, len(ids), 20000):  # in slices: the gathered token vectors stay small
                sl = np.nonzero(have[lo:lo + 20000])[0] + lo
                if len(sl):
                    a, b = starts[sl[0]], starts[sl[-1]] + ntok[sl[-1]]
                    sums[sl] = np.add.reduceat(emb.table[flat[a:b]], starts[sl] - a, axis=0)
            self.sums.append(sums)
            self.ntok.append(ntok)
            ws = [words(t) for t in half]
            self.words.append(np.fromiter(map(len, ws), dtype=np.int64, count=len(ws)))
            self.lex.append([frozenset(lex_ids(ws=w)) for w in ws])
            self.hash.append(np.frombuffer(b"".join(hashlib.blake2b(t.encode(), digest_size=8).digest()
                                                    for t in half), dtype=np.uint64))


def _spans(text: str):
    from unspin.provenance.normalise import sentence_spans

    return sentence_spans(text)


def grow(corpus, halves: Halves, target: int, lengths: np.ndarray, rng: np.random.Generator) -> None:
    """Append synthetic documents until the store holds ``target``."""
    from unspin.provenance.index import anchors
    from unspin.provenance.normalise import norm_hash, text_hash
    from unspin.store import sent_key

    store, index = corpus.store, corpus.index
    have = store.count()
    next_rowid = store.max_rowid() + 1
    mask63 = np.uint64((1 << 63) - 1)
    t = time.perf_counter()
    try:
        with store.write_lock(), store.bulk_load():  # hash indexes rebuilt sorted at the end: far faster
            while have < target:
                n_docs = min(CHUNK, target - have)
                n_sents = lengths[rng.integers(0, len(lengths), n_docs)]
                total = int(n_sents.sum())
                a = rng.integers(0, halves.n, total)
                b = rng.integers(0, halves.n, total)
                vec = halves.sums[0][a] + halves.sums[1][b]
                vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
                vec16 = vec.astype(np.float16)
                wcount = halves.words[0][a] + halves.words[1][b]
                with np.errstate(over="ignore"):
                    shash = ((halves.hash[0][a] * np.uint64(0x9E3779B97F4A7C15)) ^ halves.hash[1][b]) & mask63
                bands = rng.integers(0, 1 << 62, (n_docs, 32), dtype=np.int64)
                sig = rng.integers(0, 1 << 32, (n_docs, 128), dtype=np.uint32)
                docs_rows, sent_rows, lsh_rows = [], [], []
                keys, vecs = [], []
                first, second = halves.texts
                lex0, lex1 = halves.lex
                pos = 0
                for d in range(n_docs):
                    rowid = next_rowid + d
                    k = int(n_sents[d])
                    parts = []
                    off = 0
                    for j in range(pos, pos + k):
                        sent = first[a[j]] + " " + second[b[j]]
                        parts.append(sent)
                        end = off + len(sent)
                        sent_rows.append((sent_key(rowid, j - pos), off, end, int(wcount[j]), int(shash[j]),
                                          vec16[j].tobytes(), array("H", sorted(lex0[a[j]] | lex1[b[j]])).tobytes()))
                        off = end + 1
                    text = " ".join(parts)
                    docs_rows.append((rowid, f"synthetic/{rowid}", text_hash(text), norm_hash(text), text, k,
                                      sig[d].tobytes()))
                    lsh_rows.extend((int(x), rowid) for x in bands[d])
                    for i in anchors(wcount[pos:pos + k].tolist()):
                        keys.append(sent_key(rowid, i))
                        vecs.append(pos + i)
                    pos += k
                store.append_rows(docs_rows, sent_rows, lsh_rows, anchors=len(keys))
                index.add(np.asarray(keys, dtype=np.uint64), vec16[np.asarray(vecs)].astype(np.float32),
                          next_rowid + n_docs - 1)
                next_rowid += n_docs
                have += n_docs
                print(f"  {have:,} documents ({time.strftime('%H:%M:%S')})", flush=True)
            t = time.perf_counter()
    finally:
        print(f"  indexes rebuilt in {time.perf_counter() - t:.0f} s", flush=True)
        index.save()


# -- queries -------------------------------------------------------------------

def make_queries(db: str, n: int, seed: int) -> list[tuple[str, str, list[int]]]:
    """(kind, text, rowids of the true source, its exact duplicates and near-identical twins
    (bench/twins.py)), from corpus articles."""
    from unspin.store import open_store

    with open_store(db, create=False) as store:
        real = int(store.get_meta("bench_scale_real_rowids"))
        rows = []
        for d in store.iter_docs():
            if d.rowid > real:
                break
            rows.append((d.rowid, d.text, d.nhash))
    group: dict[str, list[int]] = {}
    for r, _, h in rows:
        group.setdefault(h, []).append(r)
    pool = [(r, t, h) for r, t, h in rows if len(t.split()) >= 150 and not t.upper().startswith("README")]
    rng = random.Random(seed)
    picks = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        picks.append((kind, rng.choice(pool), rng.choice(pool) if kind == "stitch" else None))
    twins = near_twins({r: t for r, t, _ in rows}, {p[0] for _, a, b in picks for p in (a, b) if p})
    out = []
    for kind, (r, t, h), second in picks:
        truth = group[h] + sorted(twins[r])
        if kind == "stitch":
            r2, t2, h2 = second
            text = stitch(t, t2, rng)[0]
            truth += group[h2] + sorted(twins[r2])
        elif kind.startswith("syn"):
            text = substitute(t, int(kind[3:]) / 100, rng)[0]
        else:
            text = spin(t, kind, rng)
        out.append((kind, text, truth))
    return out


def measure_unspin(db: str, n: int, seed: int) -> dict:
    from unspin.provenance import Corpus
    from unspin.provenance.trace import make_query

    queries = make_queries(db, n + 5, seed)
    queries, warm = queries[:n], queries[n:]
    base = rss_mib()
    t = time.perf_counter()
    corpus = Corpus(db, create=False)
    tracer = corpus.tracer()
    n_index = len(corpus.index)
    t_open = time.perf_counter() - t
    for _, text, _ in warm:  # warm-up (other queries): imports, first touches of the database
        tracer.trace(make_query(text, corpus.embedder))
    lat, hits = [], []
    for kind, text, truth in queries:
        t = time.perf_counter()
        ms = tracer.trace(make_query(text, corpus.embedder), top=10)
        lat.append(time.perf_counter() - t)
        hits.append(bool(ms) and ms[0].rowid in truth)
    lat_ms = np.array(lat) * 1000
    docs = corpus.store.count()
    corpus.close()
    return {"docs": docs, "vectors": n_index, "open_s": t_open, "p50": float(np.percentile(lat_ms, 50)),
            "p95": float(np.percentile(lat_ms, 95)), "max": float(lat_ms.max()), "recall1": float(np.mean(hits)),
            "queries": len(queries), "rss_mib": rss_mib(), "rss_before_open_mib": base}


def measure_tfidf(db: str, n: int, seed: int) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from unspin.store import open_store

    queries = make_queries(db, n, seed)
    rowids, texts = [], []
    with open_store(db, create=False) as store:
        for d in store.iter_docs():
            rowids.append(d.rowid)
            texts.append(d.text)
    t = time.perf_counter()
    vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
    X = vec.fit_transform(texts).tocsr()
    t_fit = time.perf_counter() - t
    del texts
    rowids = np.asarray(rowids)
    lat, hits = [], []
    for kind, text, truth in queries:
        t = time.perf_counter()
        sims = (X @ vec.transform([text]).T).toarray().ravel()
        best = int(np.argmax(sims))
        lat.append(time.perf_counter() - t)
        hits.append(int(rowids[best]) in truth)
    lat_ms = np.array(lat) * 1000
    return {"fit_s": t_fit, "p50": float(np.percentile(lat_ms, 50)), "p95": float(np.percentile(lat_ms, 95)),
            "recall1": float(np.mean(hits)), "rss_mib": rss_mib(),
            "matrix_mib": (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 2**20, "nnz": int(X.nnz)}


def child(mode: str, db: str, n: int, seed: int) -> dict:
    cmd = [sys.executable, "-m", "bench.bench_scale", "--measure", mode, "--db", db, "--queries", str(n),
           "--seed", str(seed)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    if out.returncode != 0:
        raise RuntimeError(f"{mode} measurement failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def snapshot(db: str, dest: str) -> None:
    """Copy the store and its index files as they are between two sizes (nothing is writing)."""
    for suffix in ("", "-wal", ".usearch", ".usearch.json"):
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, dest + suffix)


def reindex(db: str, connectivity: int | None, expansion_add: int | None) -> dict:
    """Rebuild the ANN index of a kept store from what the store holds (the index is a cache:
    removed, the next open builds it), optionally with another graph; the documents stay."""
    from unspin.provenance import Corpus
    from unspin.provenance.index import Graph, SentenceIndex

    graph = Graph(connectivity or Graph.connectivity, expansion_add or Graph.expansion_add)
    for suffix in (".usearch", ".usearch.json"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    t = time.perf_counter()
    corpus = Corpus(db, create=False)
    index = SentenceIndex(corpus.store, corpus.embedder.dim, graph=graph)
    n = len(index)
    index.save()
    corpus.close()
    return {"vectors": n, "seconds": time.perf_counter() - t, "connectivity": graph.connectivity,
            "expansion_add": graph.expansion_add, "index_bytes": disk(db)[1], "rss_mib": rss_mib()}


# -- main ------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--workdir", default="/tmp/unspin-scale")
    ap.add_argument("--tfidf-max", type=int, default=100_000, help="largest size to run brute-force TF-IDF at")
    ap.add_argument("--keep", action="store_true", help="keep the stores built")
    ap.add_argument("--snapshot", action="store_true",
                    help="keep a copy of the store at each size but the last (scale-SIZE.db, with its index)")
    ap.add_argument("--reindex", action="store_true", help="rebuild the ANN index of the store --db only")
    ap.add_argument("--connectivity", type=int, help="with --reindex: the graph's connectivity")
    ap.add_argument("--expansion-add", type=int, help="with --reindex: the graph's expansion_add")
    ap.add_argument("--measure", choices=("unspin", "tfidf"), help="measure the store --db only")
    ap.add_argument("--db", help="a store kept by an earlier run (--keep)")
    args = ap.parse_args(argv)
    if args.reindex:
        print(json.dumps(reindex(args.db, args.connectivity, args.expansion_add)))
        return
    if args.measure:
        f = measure_unspin if args.measure == "unspin" else measure_tfidf
        print(json.dumps(f(args.db, args.queries, args.seed)))
        return

    from unspin.provenance import Corpus
    from unspin.provenance.index import ANCHORS, CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH

    sizes = sorted(int(s) for s in args.sizes.split(","))
    os.makedirs(args.workdir, exist_ok=True)
    db = os.path.join(args.workdir, "scale.db")
    for suffix in ("", "-wal", "-shm", ".usearch", ".usearch.json"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    print(f"== unspin provenance at scale: sizes {sizes}, {args.queries} queries, store {db} ==")
    print(f"index: usearch HNSW, cos, i8, connectivity {CONNECTIVITY}, expansion add/search "
          f"{EXPANSION_ADD}/{EXPANSION_SEARCH}, {ANCHORS} anchor sentences per document")
    t0 = time.perf_counter()
    corpus = Corpus(db)
    rep = corpus.ingest([str(p) for p in SOURCES])
    print(f"corpora ingested: {rep.added} documents in {rep.seconds:.1f} s ({rep.added / rep.seconds:.0f} docs/s)",
          flush=True)
    corpus.store.set_meta("bench_scale_real_rowids", str(corpus.store.max_rowid()))
    t = time.perf_counter()
    halves = Halves(corpus)
    lengths = np.array([d.n_sents for d in corpus.store.iter_docs() if d.n_sents > 0])
    print(f"{halves.n:,} corpus sentences cut into halves in {time.perf_counter() - t:.0f} s", flush=True)
    rng = np.random.default_rng(args.seed)
    results = []
    build = time.perf_counter() - t0
    for size in sizes:
        t = time.perf_counter()
        grow(corpus, halves, size, lengths, rng)
        corpus.index.save()
        build += time.perf_counter() - t
        db_bytes, ix_bytes = disk(db)
        print(f"size {size:,}: built in {build:.0f} s (cumulative), database {db_bytes / 2**20:.0f} MiB, "
              f"index {ix_bytes / 2**20:.0f} MiB, builder peak RSS {rss_mib():.0f} MiB; measuring...", flush=True)
        if args.snapshot and size != sizes[-1]:
            snapshot(db, os.path.join(args.workdir, f"scale-{size}.db"))
        u = child("unspin", db, args.queries, args.seed)
        print(f"  unspin: {json.dumps(u)}", flush=True)
        tf = child("tfidf", db, args.queries, args.seed) if size <= args.tfidf_max else None
        if tf:
            print(f"  tfidf:  {json.dumps(tf)}", flush=True)
        results.append((size, build, db_bytes, ix_bytes, u, tf))
    corpus.close()

    print("\n| documents | unspin p50 / p95 ms | recall@1 | index B/doc | db KiB/doc | db on disk | "
          "trace peak RSS | build (cumulative) | TF-IDF p50 / p95 ms | TF-IDF recall@1 | TF-IDF peak RSS | TF-IDF fit |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    measured = [(s, tf) for s, _, _, _, _, tf in results if tf]
    for size, build, db_bytes, ix_bytes, u, tf in results:
        n = u["docs"]
        if tf:
            tf_cols = (f"{tf['p50']:.0f} / {tf['p95']:.0f} | {tf['recall1']:.3f} | {tf['rss_mib']:,.0f} MiB | "
                       f"{tf['fit_s']:.0f} s")
        elif measured:
            s0, t0_ = measured[-1]
            k = size / s0  # brute force touches every stored document: linear in the corpus
            tf_cols = (f"~{t0_['p50'] * k:.0f} / ~{t0_['p95'] * k:.0f} (extrapolated) | - | "
                       f"~{t0_['rss_mib'] * k:,.0f} MiB (extrapolated) | ~{t0_['fit_s'] * k:.0f} s (extrapolated)")
        else:
            tf_cols = "- | - | - | -"
        print(f"| {n:,} | {u['p50']:.0f} / {u['p95']:.0f} | {u['recall1']:.3f} | {ix_bytes / n:,.0f} | "
              f"{db_bytes / n / 1024:.1f} | {db_bytes / 2**30:.2f} GiB | {u['rss_mib']:,.0f} MiB | {build:.0f} s | "
              f"{tf_cols} |")
    if len(results) > 1:
        (s0, _, d0, i0, u0, _), (s1, _, d1, i1, u1, _) = results[0], results[-1]
        print(f"\ngrowth {s0:,} -> {s1:,} documents ({s1 / s0:.0f}x): p95 latency x{u1['p95'] / u0['p95']:.2f}, "
              f"trace RSS x{u1['rss_mib'] / u0['rss_mib']:.1f}, database x{d1 / d0:.1f}, index x{i1 / i0:.1f}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end "
          "(timings taken on a shared machine)")
    if not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
