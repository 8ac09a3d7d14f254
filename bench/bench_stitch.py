"""Stitched and partial copies made by other means than bench/spinner.stitch: are all sources found?

    nice -n 15 .venv/bin/python -m bench.bench_stitch [--per-kind 20] [--seed 43] [--db DB] [--copies FILE] [--show 8]

About 8 minutes on the 2-core machine at the defaults: ingesting both corpora into a
temporary store (under a minute; ``--db`` keeps it), rewording the parts with spaCy (most
of it; ``--copies`` keeps the copies), tracing each copy twice (about a minute). Seeds 29,
101 and 7 were used to set the part rules (align.stitched_parts); 43 was not.

spinner.stitch glues the first half of one article to the second half of another
and swaps 10% of the words from its own synonym list: both halves are long, both
are lightly spun with the list the code was tuned on. This bench builds copies
the way other people do (its own paragraph splitter, WordNet-free embedding
neighbours from bench/spinner_heldout.py for rewording, boilerplate and leads of
its own), one construction per kind:

- ``share80`` / ``share90``: 80% (90%) of one article's paragraphs, then a run of
  another's making up the rest (at least 2 sentences and 250 characters).
- ``interleave``: paragraphs of two articles alternating, A B A B, each in order.
- ``three``: a third of each of three articles.
- ``heavy``: the second half reworded hard (25% of content words swapped).
- ``shuffle``: sentences shuffled inside each part.
- ``lead``: a short fresh lead written from a template, then two parts.
- ``short``: most of one article, then the whole of a short one (50 to 160 words).
- ``samestory``: two ReCOVery outlets covering one story (TF-IDF cosine 0.3 to 0.8,
  under 5% of word 5-grams shared), half of each.
- ``boiler``: share paragraphs and boilerplate lines of our own around and between parts.
- ``insert``: one article with a run of another's (a paragraph or two, at least 2
  sentences and 250 characters) set in the middle.
- ``uneven3``: three articles at 60%, 25% and 15%.
- ``bfirst``: a short run of one article (15%) leading most of another.

Every part but ``heavy``'s second is reworded lightly (8% of content words swapped
for embedding neighbours). Printed per kind: all sources found (each among trace's
top 10; a source's exact duplicates and near-identical twins, bench/twins.py, count
as the source), passage precision and recall (characters of the copy attributed to
the source that part came from, as bench_trace counts them, a 5-gram repost of a source
counting as that source), false attribution with
every source removed (a match that is not a 5-gram repost of a source, bench_trace's
rule), and trace latency p50/p95. ``--show`` prints missed sources with why they were
missed: not a candidate (retrieval) or aligned and rejected (decision).
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict

import numpy as np

from bench.bench_trace import BBC, CORPORA, RECOVERY, Reposts, grams, toks
from bench.spinner_heldout import spin_heldout
from bench.twins import near_twins

KINDS = ("share80", "share90", "interleave", "three", "heavy", "shuffle", "lead", "short", "samestory", "boiler",
         "insert", "uneven3", "bfirst")
_PARA = re.compile(r"\n\s*\n|\n")
_SENT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’]))\s+(?=[\"“‘]?[A-Z0-9])")
LEADS = [
    "Here is what we know so far about {t}, and why it matters for readers this week.",
    "Our editors have pulled together the latest reporting on {t}. Read on for the details.",
    "UPDATE: This story about {t} has been updated with new information as it came in.",
    "{t}: a roundup of the key facts, quotes and figures you may have missed today.",
    "In case you missed it, {t} was among the most discussed stories of the day on our site.",
]
BOILER = [
    "Please share this story with your friends and family.",
    "Don't miss out: subscribe to our free morning briefing for the day's top headlines.",
    "Advertisement - story continues below",
    "Want more? Visit our homepage for breaking stories and analysis.",
    "All content on this site is protected by copyright and may not be reproduced without permission.",
    "Tap the bell icon to get notified whenever we publish.",
]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARA.split(text) if len(p.split()) >= 4]


def sents_of(paras: list[str]) -> list[str]:
    return [s for p in paras for s in _SENT.split(p) if s.strip()]


class Builder:
    """Assembles a copy from pieces, each (text, index of its source or None), keeping ranges."""

    def __init__(self, rng: random.Random, nlp) -> None:
        self.rng, self.nlp = rng, nlp

    def reword(self, text: str, rate: float = 0.08) -> str:
        return spin_heldout(text, "emb10", self.rng, self.nlp, rate=rate)

    def build(self, pieces: list[tuple[str, int | None]], n_src: int, sep: str = "\n\n"):
        out, ranges, pos = [], [[] for _ in range(n_src)], 0
        for text, owner in pieces:
            if out:
                out.append(sep)
                pos += len(sep)
            if owner is not None:
                ranges[owner].append((pos, pos + len(text)))
            out.append(text)
            pos += len(text)
        return "".join(out), ranges


def run_of(paras: list[str], share: float, rng: random.Random, min_sents: int = 2, min_chars: int = 250,
           where: str = "any") -> list[str]:
    """A run of consecutive paragraphs holding about ``share`` of the text (at least min_sents / min_chars)."""
    total = sum(map(len, paras))
    n = 1
    while n < len(paras) and (sum(map(len, paras[:n])) < share * total):
        n += 1
    start = 0 if where == "head" else rng.randint(0, len(paras) - n) if where == "any" else len(paras) - n
    out = paras[start:start + n]
    while (len(sents_of(out)) < min_sents or sum(map(len, out)) < min_chars) and len(out) < len(paras):
        if start + len(out) < len(paras):
            out = paras[start:start + len(out) + 1]
        else:  # at the end of the article: take the paragraph before
            start -= 1
            out = paras[start:start + len(out) + 1]
    return out


def make_copy(kind: str, docs: list[str], b: Builder, title: str):
    """(copy text, ranges per source) for this kind from the source texts ``docs``."""
    rng = b.rng
    P = [paragraphs(d) for d in docs]
    if kind in ("share80", "share90"):
        keep = 0.8 if kind == "share80" else 0.9
        a = run_of(P[0], keep, rng, where="head")
        tail = run_of(P[1], (1 - keep) * sum(map(len, a)) / keep / max(1, sum(map(len, P[1]))), rng)
        return b.build([(b.reword("\n\n".join(a)), 0), (b.reword("\n\n".join(tail)), 1)], 2)
    if kind == "interleave":
        pa, pb = run_of(P[0], 0.5, rng), run_of(P[1], 0.5, rng)
        pieces, ia, ib = [], 0, 0
        while ia < len(pa) or ib < len(pb):
            for src, ps, k in ((0, pa, ia), (1, pb, ib)):
                step = rng.choice((1, 2))
                if k < len(ps):
                    pieces.append((b.reword("\n\n".join(ps[k:k + step])), src))
                if src == 0:
                    ia += step
                else:
                    ib += step
        return b.build(pieces, 2)
    if kind == "three":
        return b.build([(b.reword("\n\n".join(run_of(P[k], 0.34, rng))), k) for k in range(3)], 3)
    if kind == "heavy":
        return b.build([(b.reword("\n\n".join(run_of(P[0], 0.5, rng, where="head"))), 0),
                        (b.reword("\n\n".join(run_of(P[1], 0.5, rng, where="tail")), rate=0.25), 1)], 2)
    if kind == "shuffle":
        pieces = []
        for k in range(2):
            ss = sents_of(run_of(P[k], 0.5, rng))
            rng.shuffle(ss)
            pieces.append((b.reword(" ".join(ss)), k))
        return b.build(pieces, 2)
    if kind == "lead":
        words = " ".join(title.split()[:8]) or "this story"
        lead = rng.choice(LEADS).format(t=words)
        text, ranges = b.build([(b.reword("\n\n".join(run_of(P[0], 0.6, rng, where="head"))), 0),
                                (b.reword("\n\n".join(run_of(P[1], 0.4, rng))), 1)], 2)
        off = len(lead) + 2
        return lead + "\n\n" + text, [[(s + off, e + off) for s, e in r] for r in ranges]
    if kind == "short":
        return b.build([(b.reword("\n\n".join(run_of(P[0], 0.7, rng, where="head"))), 0),
                        (b.reword("\n\n".join(P[1])), 1)], 2)
    if kind == "samestory":
        return b.build([(b.reword("\n\n".join(run_of(P[0], 0.5, rng, where="head"))), 0),
                        (b.reword("\n\n".join(run_of(P[1], 0.5, rng, where="tail"))), 1)], 2)
    if kind == "insert":
        a, mid = run_of(P[0], 0.9, rng, where="head"), run_of(P[1], 0.0, rng)
        cut = rng.randint(1, max(1, len(a) - 1))
        return b.build([(b.reword("\n\n".join(a[:cut])), 0), (b.reword("\n\n".join(mid)), 1),
                        (b.reword("\n\n".join(a[cut:])), 0)], 2)
    if kind == "uneven3":
        return b.build([(b.reword("\n\n".join(run_of(P[k], share, rng, where=w))), k)
                        for k, (share, w) in enumerate(((0.6, "head"), (0.25, "any"), (0.15, "any")))], 3)
    if kind == "bfirst":
        head = run_of(P[1], 0.15, rng)
        return b.build([(b.reword("\n\n".join(head)), 1),
                        (b.reword("\n\n".join(run_of(P[0], 0.85, rng, where="head"))), 0)], 2)
    if kind == "boiler":
        pa, pb = run_of(P[0], 0.6, rng, where="head"), run_of(P[1], 0.4, rng)
        bo = rng.sample(BOILER, 4)
        return b.build([(bo[0], None), (b.reword("\n\n".join(pa)), 0), (bo[1], None), (bo[2], None),
                        (b.reword("\n\n".join(pb)), 1), (bo[3], None)], 2)
    raise ValueError(kind)


def same_story_pairs(texts: dict[int, str], meta, rec: list[int], rng: random.Random) -> list[tuple[int, int]]:
    """Two ReCOVery outlets on one story (TF-IDF cosine 0.3 to 0.8), under 5% of 5-grams shared."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, stop_words="english").fit_transform(
        [texts[r] for r in rec])
    pairs = []
    for i in rng.sample(range(len(rec)), min(400, len(rec))):
        sims = (X @ X[i].T).toarray().ravel()
        for j in np.argsort(-sims)[1:6]:
            a, c = rec[i], rec[int(j)]
            if 0.3 <= sims[j] <= 0.8 and meta[a].publisher != meta[c].publisher:
                ga, gc = grams(texts[a]), grams(texts[c])
                if len(ga & gc) < 0.05 * min(len(ga), len(gc)):
                    pairs.append((a, c))
                    break
    return pairs


def build_copies(kinds: list[str], per_kind: int, texts, ids, nh, meta, rng: random.Random):
    """[(kind, copy text, source rowids, ranges per source)], half BBC and half ReCOVery sources."""
    from unspin.nlp import load_nlp

    group = defaultdict(list)
    for r, h in nh.items():
        group[h].append(r)
    is_rec = {r: ids[r].startswith(("reliable/", "unreliable/")) for r in texts}
    ok = [r for r in texts if not ids[r].upper().endswith("README.TXT") and len(group[nh[r]]) == 1]
    long_ = [r for r in ok if len(toks(texts[r])) >= 250 and len(paragraphs(texts[r])) >= 6]
    short = [r for r in ok if 50 <= len(toks(texts[r])) <= 160 and len(paragraphs(texts[r])) >= 2]
    pairs = same_story_pairs(texts, meta, [r for r in long_ if is_rec[r]], rng)
    print(f"same-story pairs found: {len(pairs)}")
    b = Builder(rng, load_nlp())
    copies = []
    for kind in kinds:
        for n in range(per_kind):
            if kind == "samestory":
                srcs = list(rng.choice(pairs))
            else:
                pool = [r for r in long_ if is_rec[r] == (n % 2 == 1)]
                srcs = rng.sample(pool, 3 if kind in ("three", "uneven3") else 2)
                if kind == "short":
                    srcs[1] = rng.choice([r for r in short if is_rec[r] == (n % 2 == 1)])
            if len({nh[s] for s in srcs}) == len(srcs):
                title = meta[srcs[0]].title or texts[srcs[0]].split("\n", 1)[0]
                text, ranges = make_copy(kind, [texts[s] for s in srcs], b, title)
                copies.append((kind, text, srcs, ranges))
    return copies


def passage_pr(ms, truth: list[set[int]], srcs: list[int], ranges, reposts: Reposts) -> tuple[float, float]:
    """Passage precision and recall: characters of the copy attributed to the source they came from."""
    correct = reported = 0
    for m in ms:
        owner = next((k for k, tr in enumerate(truth) if m.rowid in tr), None)
        if owner is None:  # a repost of a source holds that source's text: its passages count for it
            owner = next((k for k, s in enumerate(srcs) if reposts(s, m.rowid)), None)
        for _, cp in m.shared:
            reported += cp.end - cp.start
            if owner is not None:
                correct += sum(max(0, min(e, cp.end) - max(s, cp.start)) for s, e in ranges[owner])
    total = sum(e - s for r in ranges for s, e in r)
    return (correct / reported if reported else 0.0), (min(1.0, correct / total) if total else 0.0)


def explain_miss(kind, text, q, k, s, ranges, ms, candidate: bool, side_of, ids) -> str:
    """Why a source was missed: never aligned (retrieval) or aligned and rejected (decision)."""
    from unspin.provenance import align as al

    side = al.Side(q.text, q.spans, q.vecs, np.asarray(q.words) >= al.MIN_WORDS, q.lexids)
    a = al.align(side, side_of(s)[0])
    part = sum(e - st for st, e in ranges[k])
    return (f"  MISS {kind} ({'decision' if candidate else 'retrieval'}): {ids[s]} (part {part} chars of "
            f"{len(text)}; aligned pairs {len(a.pairs)}, cover {a.cover_copy:.2f}/{a.cover_source:.2f}, run "
            f"{a.longest_run}, score {a.mean_score:.2f}, copy={a.is_copy}); got "
            f"{[(m.id, round(m.cover_copy, 2)) for m in ms[:4]]}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=20)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--seed", type=int, default=43)
    ap.add_argument("--db", help="reuse (or create and keep) this store of both corpora")
    ap.add_argument("--copies", help="keep the copies built in this file and read them from it next time")
    ap.add_argument("--show", type=int, default=8, help="missed sources and false attributions to print")
    args = ap.parse_args(argv)
    if not BBC.is_dir() or not RECOVERY.is_file():
        sys.exit(f"bench_stitch: the corpora are not in {CORPORA}")
    kinds = [k for k in args.kinds.split(",") if k]

    from unspin.provenance import Corpus
    from unspin.provenance.trace import make_query

    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.mkdtemp(prefix="unspin-stitch-")
        db = os.path.join(tmp, "unspin.db")
    corpus = Corpus(db)
    t0 = time.perf_counter()
    rep = corpus.ingest([str(BBC), str(RECOVERY)])
    print(f"== unspin stitched-copy benchmark (seed {args.seed}, {args.per_kind} per kind) ==")
    print(f"store: {len(corpus)} documents ({rep.added} added in {time.perf_counter() - t0:.0f} s)")
    store = corpus.store
    texts, ids, nh = {}, {}, {}
    for d in store.iter_docs():
        texts[d.rowid], ids[d.rowid], nh[d.rowid] = d.text, d.id, d.nhash
    group = defaultdict(list)
    for r, h in nh.items():
        group[h].append(r)
    t0 = time.perf_counter()
    if args.copies and os.path.exists(args.copies):
        with open(args.copies, "rb") as fh:
            copies = [c for c in pickle.load(fh) if c[0] in kinds]
    else:
        copies = build_copies(kinds, args.per_kind, texts, ids, nh, store.docs_meta(texts), random.Random(args.seed))
        if args.copies:
            with open(args.copies, "wb") as fh:
                pickle.dump(copies, fh)
    print(f"{len(copies)} copies in {time.perf_counter() - t0:.0f} s")
    twins = near_twins(texts, {s for c in copies for s in c[2]})
    reposts = Reposts(texts)

    tracer = corpus.tracer()
    seen: set[int] = set()  # the candidates the last trace aligned, for the miss diagnosis
    side_of = tracer._side

    def spy(rowid: int):
        seen.add(rowid)
        return side_of(rowid)

    tracer._side = spy
    res = defaultdict(list)
    lat = []
    shown_miss = shown_fa = 0
    for kind, text, srcs, ranges in copies:
        truth = [set(group[nh[s]]) | twins[s] for s in srcs]  # exact duplicates and near twins count
        t, c = time.perf_counter(), time.process_time()
        q = make_query(text, corpus.embedder)
        seen.clear()
        ms = tracer.trace(q, top=10)
        lat.append((time.perf_counter() - t, time.process_time() - c))
        found = [any(m.rowid in tr for m in ms) for tr in truth]
        pp, pr = passage_pr(ms, truth, srcs, ranges, reposts)
        fa_ms = [m for m in tracer.trace(q, top=10, exclude=set().union(*truth))
                 if not any(reposts(s, m.rowid) for s in srcs)]
        res[kind].append({"all": all(found), "pp": pp, "pr": pr, "fa": bool(fa_ms)})
        for k, s in enumerate(srcs):
            if not found[k] and shown_miss < args.show:
                shown_miss += 1
                print(explain_miss(kind, text, q, k, s, ranges, ms, bool(truth[k] & seen), side_of, ids))
        if fa_ms and shown_fa < args.show:
            shown_fa += 1
            m = fa_ms[0]
            print(f"  FA {kind}: sources {[ids[s] for s in srcs]} removed, reported {m.id} [{m.relation} "
                  f"{m.score:.2f} cover {m.cover_copy:.2f}/{m.cover_source:.2f}]: "
                  + (" ".join(m.shared[0][0].text.split())[:120] if m.shared else ""))

    print(f"\n{'kind':<11} {'n':>3} | all sources | passage P | passage R | false attr.")
    for kind in kinds + ["ALL"]:
        xs = [x for k in kinds for x in res[k]] if kind == "ALL" else res[kind]
        if xs:
            print(f"{kind:<11} {len(xs):>3} |    {np.mean([x['all'] for x in xs]):.3f}    |   "
                  f"{np.mean([x['pp'] for x in xs]):.3f}   |   {np.mean([x['pr'] for x in xs]):.3f}   |   "
                  f"{np.mean([x['fa'] for x in xs]):.3f}")
    wall, cpu = (np.array(lat) * 1000).T
    print(f"trace latency ({len(lat)} queries, {len(corpus)} docs, incl. embedding the query): wall p50 "
          f"{np.percentile(wall, 50):.1f} ms, p95 {np.percentile(wall, 95):.1f} ms; CPU p50 "
          f"{np.percentile(cpu, 50):.1f} ms, p95 {np.percentile(cpu, 95):.1f} ms (load {os.getloadavg()[0]:.1f})")
    corpus.close()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
