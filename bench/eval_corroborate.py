"""Corroboration scored against hand-checked gold, next to two peers in the same run.

    .venv/bin/python -m bench.eval_corroborate [--gold bench/data/corroboration/dev.jsonl] [--db DB] [--show]

The store: both shared corpora (BBC and ReCOVery, 4,258 records) ingested into a fresh
SQLite file (or ``--db`` an existing one). For each gold claim (the gold's rules are in
bench/data/corroboration/README.md):

- **report recall**: gold reports that unspin lists; **report precision**: of the documents
  unspin lists, those in the gold reports (anything else counts as wrong, the gold's
  same-story negatives included, and so does a document nobody judged: the gold was made
  by reading every candidate). Also the share of predictions that are judged negatives.
  Documents the gold lists as ``unscored`` (the annotators could not decide) count neither way.
- **stance accuracy**: on the gold reports found, the stance equals the gold's.
- **independent count**: exact (equal to the gold's) and the mean absolute error.
- **origins exact**: the multiset of (origin, reports) equals the gold's, names compared
  after lower-casing and dropping a leading "the" (null stays null).

Peers, in the same run and on the same store:
- **TF-IDF sentence retrieval** (scikit-learn, word uni- and bigrams, over every stored
  sentence): a document carries the claim when its best sentence reaches the threshold;
  the threshold is the one with the best report F1 over these claims (its best case), and
  its independent count is its number of documents (it has no notion of copies).
- **an aggregator's counts**: the articles and the outlets of the TF-IDF reports, as a news
  aggregator shows "N articles, M outlets", scored as counts of independent reports.

Latency: per-claim seconds of ``Corroborator.corroborate``, p50 and p95, after the first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "bench" / "data" / "corroboration" / "dev.jsonl"


def _norm(name):
    if name is None:
        return None
    n = " ".join(name.lower().split())
    return n[4:] if n.startswith("the ") else n


def _origins(origins) -> Counter:
    return Counter((_norm(o["name"]), o["reports"]) for o in origins)


def build_store(db: str) -> None:
    from unspin.provenance import Corpus

    with Corpus(db) as corpus:
        corpus.ingest([str(SHARED / "corpora" / "bbc-news-2225"), str(SHARED / "corpora" / "recovery-covid-news" /
                                                                     "articles.jsonl")])


def tfidf_peer(corpus, claims: list[str]):
    """(per-claim list of (doc id, best cosine, publisher))."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids, sents, pubs = [], [], {}
    for doc in corpus.store.iter_docs():
        pubs[doc.id] = doc.publisher
        for s, e in corpus.store.sentences(doc.rowid).spans:
            ids.append(doc.id)
            sents.append(doc.text[s:e])
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, stop_words="english")
    m = vec.fit_transform(sents)
    out = []
    for c in claims:
        sims = (m @ vec.transform([c]).T).toarray().ravel()
        best: dict[str, float] = {}
        for i in sims.nonzero()[0]:
            best[ids[i]] = max(best.get(ids[i], 0.0), float(sims[i]))
        out.append([(d, s, pubs.get(d)) for d, s in best.items()])
    return out


def _pr(pred: set, gold: set) -> tuple[int, int, int]:
    return len(pred & gold), len(pred), len(gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--db", default=None, help="an existing store of both corpora (default: build one)")
    ap.add_argument("--show", action="store_true", help="list each claim's misses and false reports")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip()]
    db = args.db
    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="unspin-corro-")) / "both.db")
        t = time.perf_counter()
        build_store(db)
        print(f"store: both corpora ingested in {time.perf_counter() - t:.0f} s")
    from unspin.corroboration import Corroborator
    from unspin.provenance import Corpus

    with Corpus(db, create=False) as corpus:
        engine = Corroborator(corpus)
        engine.corroborate(gold[0]["claim"])  # load the model and the claim index
        results, times = [], []
        for g in gold:
            t = time.perf_counter()
            results.append(engine.corroborate(g["claim"]))
            times.append(time.perf_counter() - t)
        peer = tfidf_peer(corpus, [g["claim"] for g in gold])
    scored = [_scored(r, {x["id"] for x in g.get("unscored", [])}) for g, r in zip(gold, results)]
    _report(gold, scored, peer, times, args.show)
    return 0


def _scored(result, unscored: set[str]) -> dict:
    """The answer as scored: without the reports the gold leaves unscored, which count
    neither way, so its independent count and origins are over the same documents as the
    gold's (a family whose original is unscored keeps its earliest scored member as its
    root); as the TF-IDF peer's counts leave them out."""
    from dataclasses import replace

    from unspin.corroboration.engine import origins_of

    kept = [r for r in result.reports if r.id not in unscored]
    roots: dict[str, object] = {r.id: r for r in kept if r.copy_of is None}
    for r in kept:  # earliest first: a family whose root is gone keeps its first member
        if r.copy_of is not None:
            roots.setdefault(r.copy_of, r)
    reps = {id(r) for r in roots.values()}
    reports = [replace(r, copy_of=None) if id(r) in reps else r for r in kept]
    d = result.to_dict()
    d["independent_count"] = len(roots)
    d["origins"] = [o.to_dict() for o in origins_of(reports)]
    return d


def _report(gold, results, peer, times, show: bool) -> None:
    tp = npred = ngold = 0
    stance_ok = stance_n = exact_ind = exact_orig = neg_hits = 0
    ind_err = []
    for g, r in zip(gold, results):
        gids = {x["id"] for x in g["reports"]}
        unscored = {x["id"] for x in g.get("unscored", [])}
        pids = {x["id"] for x in r["reports"]} - unscored
        negs = {x["id"] for x in g.get("negatives", [])}
        a, b, c = _pr(pids, gids)
        tp, npred, ngold = tp + a, npred + b, ngold + c
        neg_hits += len(pids & negs)
        gst = {x["id"]: x["stance"] for x in g["reports"]}
        for x in r["reports"]:
            if x["id"] in gst:
                stance_n += 1
                stance_ok += x["stance"] == gst[x["id"]]
        exact_ind += r["independent_count"] == g["independent_count"]
        ind_err.append(abs(r["independent_count"] - g["independent_count"]))
        exact_orig += _origins(r["origins"]) == _origins(g["origins"])
        line = (f"{g['claim'][:70]!r}: found {a}/{c}, false {b - a}, independent {r['independent_count']} "
                f"(gold {g['independent_count']}), origins {'ok' if _origins(r['origins']) == _origins(g['origins']) else 'WRONG'}")
        print(line)
        if show:
            for m in sorted(gids - pids):
                print(f"    missed {m}")
            for f in sorted(pids - gids):
                print(f"    false  {f}{' (a judged negative)' if f in negs else ''}")
            if _origins(r["origins"]) != _origins(g["origins"]):
                print(f"    origins {r['origins']} gold {g['origins']}")
    n = len(gold)
    rec, prec = tp / max(1, ngold), tp / max(1, npred)
    print(f"\nunspin: report recall {rec:.3f}, precision {prec:.3f} ({neg_hits} judged negatives among "
          f"{npred} reports), stance accuracy {stance_ok / max(1, stance_n):.3f} ({stance_n} matched), "
          f"independent count exact {exact_ind}/{n} ({exact_ind / n:.0%}), mean error "
          f"{statistics.mean(ind_err):.2f}, origins exact {exact_orig}/{n} ({exact_orig / n:.0%})")
    best = _best_tfidf(gold, peer)
    print(f"TF-IDF sentence retrieval at its best threshold {best['t']:.2f}: recall {best['rec']:.3f}, precision "
          f"{best['prec']:.3f}; as independent counts (no copies collapsed): exact {best['ind_exact']}/{n}, "
          f"mean error {best['ind_err']:.2f}")
    print(f"aggregator (the TF-IDF reports counted as articles / outlets): exact {best['agg_art']}/{n} / "
          f"{best['agg_out']}/{n}, mean error {best['agg_art_err']:.2f} / {best['agg_out_err']:.2f}")
    if len(times) > 1:
        ts = sorted(times)
        print(f"latency per claim: p50 {ts[len(ts) // 2] * 1000:.0f} ms, p95 {ts[min(len(ts) - 1, int(.95 * len(ts)))] * 1000:.0f} ms")
    print("targets: recall >= 0.90, precision >= 0.90, independent count exact >= 80%")


def _best_tfidf(gold, peer) -> dict:
    best = None
    for t in [x / 100 for x in range(10, 96, 2)]:
        tp = npred = ngold = 0
        ind_exact = agg_art = agg_out = 0
        ind_err, art_err, out_err = [], [], []
        for g, docs in zip(gold, peer):
            gids = {x["id"] for x in g["reports"]}
            unscored = {x["id"] for x in g.get("unscored", [])}
            pred = [(d, p) for d, s, p in docs if s >= t and d not in unscored]
            pids = {d for d, _ in pred}
            a, b, c = _pr(pids, gids)
            tp, npred, ngold = tp + a, npred + b, ngold + c
            outlets = len({p or f"#{d}" for d, p in pred})
            ind_exact += len(pids) == g["independent_count"]
            ind_err.append(abs(len(pids) - g["independent_count"]))
            agg_art += len(pids) == g["independent_count"]
            agg_out += outlets == g["independent_count"]
            art_err.append(abs(len(pids) - g["independent_count"]))
            out_err.append(abs(outlets - g["independent_count"]))
        rec, prec = tp / max(1, ngold), tp / max(1, npred)
        f1 = 2 * rec * prec / max(1e-9, rec + prec)
        row = {"t": t, "rec": rec, "prec": prec, "f1": f1, "ind_exact": ind_exact, "ind_err": statistics.mean(ind_err),
               "agg_art": agg_art, "agg_out": agg_out, "agg_art_err": statistics.mean(art_err),
               "agg_out_err": statistics.mean(out_err)}
        if best is None or f1 > best["f1"]:
            best = row
    return best  # type: ignore[return-value]


if __name__ == "__main__":
    sys.exit(main())
