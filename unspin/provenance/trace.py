"""Tracing: candidate retrieval from four signals, then verification by alignment.

A trace is two halves with a seam between them: :meth:`Tracer.candidates` (retrieval, what
the four signals hit) and :meth:`Tracer.decide` (ranking, alignment, the stitched-part search
and the ``top`` cut); ``trace`` is one after the other. The Ray engine computes the first half
for the whole store in stages of its own and runs the second per document.

Candidates come from exact identity (normalised text hash), exact shared
sentences, sentence embeddings in the ANN index (which survive synonym
substitution, reordering and partial copying), and MinHash LSH bands (near
duplicates). Every candidate is aligned with the query (align.py); only those
the alignment calls a copy are reported. The query sentences no copy covers then
retrieve again, and documents that, with the copies, make up the query are its
stitched parts (align.stitched_parts).
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspin.blas import one_blas_thread
from unspin.model import Span
from unspin.provenance import align as al
from unspin.provenance import minhash
from unspin.provenance.index import MIN_WORDS as INDEX_MIN_WORDS
from unspin.provenance.index import anchors
from unspin.provenance.normalise import lex_ids, norm_hash, sentence_spans, text_hash, words, words_key
from unspin.store.base import MAX_SENTS, key_doc

ANN_K = 10
ANN_MIN_SIM = 0.72
MAX_ANN_CANDIDATES = 30
# Of the ANN candidates, the ANN_ALWAYS best distinct texts are always aligned, the rest only
# when their ANN score reaches ANN_RATIO of the best one's. A copy's sources lead the ANN
# ranking (on spun copies against 10k documents, no source reported scored under 0.2 of
# the best); the tail is articles sharing a sentence or two of wording, which alignment
# would reject anyway at about 2 ms each.
ANN_ALWAYS, ANN_RATIO = 8, 0.15
MAX_EXACT_CANDIDATES = 30
# A sentence held by more documents than this is no evidence of copying (a stock phrase):
# its bucket is read up to EXACT_BUCKET + 1 sentences (the first by key) and then dropped.
EXACT_BUCKET = 64
MAX_LSH_CANDIDATES = 10
# Documents the query sentences left uncovered by the copies found retrieve again, for the
# smaller parts of a stitched copy (bench/bench_stitch.py): a part of a few sentences holds
# one or two of its source's anchors and ranks low among the candidates of the whole query,
# under same-story articles that many of its sentences resemble. Ranked by their best
# sentence similarity, not the sum: a copied anchor is a near-exact hit.
PART_CANDIDATES = 5
# Pair scores of one copy sentence to two sources of a stitched copy: the source it came from
# ~0.9 and over, a same-story source's looser wording of the fact ~0.7-0.8 (bench_stitch samestory).
CLAIM_MARGIN = 0.1
COMMON_MIN_DOCS = 5  # a sentence in this many documents, far more than its neighbours, is boilerplate


@dataclass(slots=True)
class Query:
    """A document to trace, with what retrieval and alignment need."""

    text: str
    spans: list[tuple[int, int]]
    vecs: np.ndarray
    words: list[int]
    shashes: list[int]
    nhash: str
    hash: str
    bands: list[int]
    lexids: list[list[int]]
    id: str | None = None
    rowid: int | None = None  # set when the query is a stored document


@dataclass(slots=True)
class Match:
    rowid: int
    id: str
    score: float
    relation: str
    shared: list[tuple[Span, Span]] = field(default_factory=list)  # (source span, copy span)
    cover_copy: float = 0.0
    cover_source: float = 0.0
    date: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": round(self.score, 4), "relation": self.relation,
                "shared": [{"source": s.to_dict(), "copy": c.to_dict()} for s, c in self.shared],
                "coverage": {"copy": round(self.cover_copy, 4), "source": round(self.cover_source, 4)},
                "date": self.date, "publisher": self.publisher, "title": self.title, "url": self.url}


@dataclass(slots=True)
class Candidates:
    """What retrieval found for a query, before any decision: the first half of a trace
    (:meth:`Tracer.candidates`, or the Ray engine's stages, which build the same from the
    whole store at once), which :meth:`Tracer.decide` ranks and aligns. The query's own
    rowid may be among the documents or not: the decision leaves it out."""

    usable: np.ndarray  # per query sentence: long enough and no boilerplate (usable_sentences)
    exact: list[tuple[int, list[int]]]  # (sentence, the documents holding it exactly) in sentence order,
    # buckets of at most EXACT_BUCKET documents; a sentence not usable, or too short to index, is ignored
    ann: list[tuple[int, dict[int, float]]]  # (sentence, {document: best anchor similarity}) per sentence searched
    lsh: dict[int, int]  # document -> MinHash bands shared, by rowid
    dups: list[int]  # documents of the same normalised text, by rowid

    def among(self, keep: set[int]) -> Candidates:
        """What was found among the documents ``keep`` only (corroboration decides which of a
        claim's reports copy which: aligning the rest of the store is work thrown away)."""
        return Candidates(usable=self.usable, exact=[(i, [d for d in ds if d in keep]) for i, ds in self.exact],
                          ann=[(i, {d: v for d, v in hits.items() if d in keep}) for i, hits in self.ann],
                          lsh={d: n for d, n in self.lsh.items() if d in keep}, dups=[d for d in self.dups if d in keep])


def make_query(text: str, embedder, doc_id: str | None = None) -> Query:
    spans = sentence_spans(text)[:MAX_SENTS]
    sents = [text[s:e] for s, e in spans]
    sent_words = [words(s) for s in sents]
    sig = minhash.signature(ws=[w for ws in sent_words for w in ws])
    return Query(text=text, spans=spans, vecs=embedder.embed(sents), words=[len(ws) for ws in sent_words],
                 shashes=[words_key(ws) for ws in sent_words], nhash=norm_hash(text), hash=text_hash(text),
                 bands=minhash.band_keys(sig), lexids=[lex_ids(ws=ws) for ws in sent_words], id=doc_id)


def stored_query(store, rowid: int) -> Query:
    doc = store.doc(rowid)
    s = store.sentences(rowid)
    return Query(text=doc.text, spans=s.spans, vecs=s.vecs, words=s.words, shashes=s.shashes, nhash=doc.nhash,
                 hash=doc.hash, bands=minhash.band_keys(store.minhash(rowid)), lexids=s.lex, id=doc.id, rowid=rowid)


def usable_sentences(q: Query, counts: list[int]) -> np.ndarray:
    """The query sentences that retrieve and align: long enough and not boilerplate, by how
    many stored sentences share each one's hash (``counts``, the query's own included when
    it is stored)."""
    stored = q.rowid is not None
    return (np.asarray(q.words) >= al.MIN_WORDS) & ~_common([max(n - stored, 1) for n in counts])


def _common(counts: list[int]) -> np.ndarray:
    """Sentences far more widespread than the rest of their document: boilerplate."""
    c = np.asarray(counts, dtype=np.float64)
    if not len(c):
        return np.zeros(0, bool)
    med = max(float(np.median(c)), 1.0)
    return (c >= COMMON_MIN_DOCS) & (c > 2 * med)


def _ann_head(ranked: list[tuple[int, float]], nhashes: dict[int, str]) -> list[tuple[int, float]]:
    """The ANN candidates worth aligning (see ANN_ALWAYS): the best distinct texts, then the
    rest down to ANN_RATIO of the best score. Exact duplicates of a kept text are kept with it."""
    if not ranked:
        return []
    floor = ANN_RATIO * ranked[0][1]
    texts: list[str] = []
    out = []
    for d, v in ranked:
        h = nhashes.get(d, str(d))
        if h not in texts:
            if len(texts) >= ANN_ALWAYS and v < floor:
                break
            texts.append(h)
        out.append((d, v))
    return out


class Tracer:
    def __init__(self, store, index, embedder) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self._sides: OrderedDict[int, tuple[al.Side, str]] = OrderedDict()
        self._anchors: OrderedDict[int, np.ndarray] = OrderedDict()

    # -- helpers ------------------------------------------------------------
    def _side(self, rowid: int) -> tuple[al.Side, str]:
        hit = self._sides.get(rowid)
        if hit is not None:
            self._sides.move_to_end(rowid)
            return hit
        doc = self.store.doc(rowid)
        s = self.store.sentences(rowid)
        counts = self.store.shash_counts(s.shashes)
        usable = (np.asarray(s.words) >= al.MIN_WORDS) & ~_common([counts.get(h, 1) for h in s.shashes])
        side = (al.Side(doc.text, s.spans, s.vecs, usable, s.lex), doc.nhash)
        self._sides[rowid] = side
        if len(self._sides) > 512:
            self._sides.popitem(last=False)
        return side

    def _anchor_vecs(self, rowid: int) -> np.ndarray:
        """The unit vectors of a document's anchor sentences (what the index holds of it)."""
        hit = self._anchors.get(rowid)
        if hit is None:
            s = self.store.sentences(rowid)
            hit = self._anchors[rowid] = _unit(np.asarray(s.vecs)[anchors(s.words)].reshape(-1, s.vecs.shape[1]))
            if len(self._anchors) > 512:
                self._anchors.popitem(last=False)
        self._anchors.move_to_end(rowid)
        return hit

    # -- tracing ------------------------------------------------------------
    @one_blas_thread
    def trace(self, q: Query, top: int = 10, exclude: set[int] | None = None) -> list[Match]:
        """Matches for ``q``, best first: :meth:`decide` on what :meth:`candidates` retrieved."""
        return self.decide(q, self.candidates(q), top, exclude)

    # -- the first half: retrieval -------------------------------------------
    def candidates(self, q: Query, among: set[int] | None = None) -> Candidates:
        """Everything the four signals retrieve for ``q``, read from the store and the index;
        with ``among``, what they find among those documents only, their anchors searched
        exactly (:meth:`ann_among`) instead of the whole store's index."""
        usable = self.usable(q)
        wc = np.asarray(q.words)
        probe = [(i, h) for i, (h, u, w) in enumerate(zip(q.shashes, usable, wc)) if u and w >= INDEX_MIN_WORDS]
        found = self.store.shash_docs([h for _, h in probe], limit=EXACT_BUCKET)
        exact = [(i, found.get(h, [])) for i, h in probe if len(found.get(h, [])) <= EXACT_BUCKET]
        c = Candidates(usable=usable, exact=exact,
                       ann=self.ann_hits(q, usable) if among is None else self.ann_among(q, usable, among),
                       lsh=dict(sorted(self.store.lsh_docs(q.bands).items())),
                       dups=[k.rowid for k in self.store.by_nhash(q.nhash)])
        return c if among is None else c.among(among)

    def ann_among(self, q: Query, usable: np.ndarray, docs: set[int]) -> list[tuple[int, dict[int, float]]]:
        """:meth:`ann_hits` among ``docs`` only: each usable query sentence against the anchors
        of those documents, exactly (a claim's reports are tens of documents: at 100k documents
        one search of the whole store's graph per report was 15 ms, most of a claim's time)."""
        wc = np.asarray(q.words)
        rows = np.nonzero(usable & (wc >= INDEX_MIN_WORDS))[0]
        pool = [(d, self._anchor_vecs(d)) for d in sorted(docs - {q.rowid})]
        owners = [d for d, v in pool for _ in range(len(v))]
        if not len(rows) or not owners:
            return [(int(i), {}) for i in rows]
        sims = _unit(q.vecs[rows]) @ np.concatenate([v for _, v in pool]).T
        nearest = np.argsort(-sims, axis=1)[:, :ANN_K]
        return _best_by_doc(rows, np.asarray(owners)[nearest], np.take_along_axis(sims, nearest, axis=1))

    def usable(self, q: Query) -> np.ndarray:
        counts = self.store.shash_counts(q.shashes)
        return usable_sentences(q, [counts.get(h, 0) for h in q.shashes])

    def ann_hits(self, q: Query, usable: np.ndarray) -> list[tuple[int, dict[int, float]]]:
        """Per usable query sentence (in order), the documents among its ANN_K nearest anchors
        with their best similarity (at least ANN_MIN_SIM), nearest first."""
        wc = np.asarray(q.words)
        rows = np.nonzero(usable & (wc >= INDEX_MIN_WORDS))[0]
        if not len(rows):
            return []
        keys, sims = self.index.search(q.vecs[rows], ANN_K)
        return _best_by_doc(rows, [[key_doc(int(k)) if k >= 0 else -1 for k in krow] for krow in keys], sims)

    # -- the second half: the decision ---------------------------------------
    @one_blas_thread
    def decide(self, q: Query, c: Candidates, top: int = 10, exclude: set[int] | None = None) -> list[Match]:
        """The matches among ``c``: ranked, aligned with ``q``, the stitched parts searched
        among the documents the uncovered sentences hit, best first, ``top`` of them."""
        exclude = set(exclude or ())
        if q.rowid is not None:
            exclude.add(q.rowid)
        side = al.Side(q.text, q.spans, q.vecs, c.usable, q.lexids)
        cands, hashes, row_hits = self._ranked(q, c, exclude)
        run = _Run(self, q, side, hashes)
        for d in cands:
            run.align(d)
        if not run.duplicate:
            more = _part_candidates(run, row_hits, set(cands) | exclude)
            hashes.update(self.store.text_hashes(set(more)))
            for d in more:
                run.align(d)
        matches = run.finish()
        matches.sort(key=lambda m: (-m.score, m.rowid))
        matches = matches[:top] if top else matches
        meta = self.store.docs_meta(m.rowid for m in matches)
        for m in matches:
            d = meta[m.rowid]
            m.id, m.date, m.publisher, m.title, m.url = d.id, d.date, d.publisher, d.title, d.url
        return matches

    def _ranked(self, q: Query, c: Candidates, exclude: set[int]):
        """Candidates to align in order (rowid -> retrieval score), their text hashes, and
        per query sentence the documents its ANN search and exact hash hit: (row, {rowid: score})."""
        wc = np.asarray(q.words)
        dups = set(c.dups) - exclude
        cands: dict[int, float] = defaultdict(float)
        row_hits: list[tuple[int, dict[int, float]]] = []
        # exact shared sentences
        exact: dict[int, int] = defaultdict(int)
        for i, docs in c.exact:
            if c.usable[i] and wc[i] >= INDEX_MIN_WORDS:
                for d in docs:
                    exact[d] += 1
                if docs:
                    row_hits.append((i, dict.fromkeys(docs, 1.0)))
        # embeddings: per document, the sum over query sentences of the best similarity
        ann: dict[int, float] = defaultdict(float)
        for i, best in c.ann:
            for d, s in best.items():
                ann[d] += s
            row_hits.append((i, best))
        ranked = {name: [(d, v) for d, v in sorted(pool.items(), key=lambda kv: -kv[1]) if d not in exclude][:limit]
                  for name, pool, limit in (("ann", ann, MAX_ANN_CANDIDATES), ("exact", exact, MAX_EXACT_CANDIDATES),
                                            ("lsh", c.lsh, MAX_LSH_CANDIDATES))}
        hashes = self.store.text_hashes({d for pool in ranked.values() for d, _ in pool})
        nhashes = {d: k.nhash for d, k in hashes.items()}
        for d, v in _ann_head(ranked["ann"], nhashes) + ranked["exact"] + ranked["lsh"]:
            cands[d] += v
        for d in dups:
            cands[d] += 1e6
        return cands, hashes, row_hits


def _best_by_doc(rows, docs, sims) -> list[tuple[int, dict[int, float]]]:
    """Per query sentence ``rows[j]``, the documents among its nearest anchors (``docs[j]``, -1
    for none, nearest first) with their best similarity ``sims[j]``, at least ANN_MIN_SIM."""
    out = []
    for i, drow, srow in zip(rows, docs, sims):
        best: dict[int, float] = {}
        for d, s in zip(drow, srow):
            if d >= 0 and s >= ANN_MIN_SIM and s > best.get(int(d), 0.0):
                best[int(d)] = float(s)
        out.append((int(i), best))
    return out


def _unit(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def _part_candidates(run: "_Run", row_hits: list[tuple[int, dict[int, float]]], skip: set[int]) -> list[int]:
    """A stitched copy's smaller parts: the documents the query sentences no copy covers hit,
    by their best similarity to any of them (PART_CANDIDATES of them)."""
    covered = {p.copy for a, _ in run.accepted for p in a.pairs}
    best: dict[int, float] = {}
    for i, hits in row_hits:
        if i not in covered:
            for d, v in hits.items():
                if d not in skip and v > best.get(d, 0.0):
                    best[d] = v
    return sorted(best, key=lambda d: (-best[d], d))[:PART_CANDIDATES]


class _Run:
    """One trace's alignments, one per distinct text: the copies, and the rest kept for the
    parts of a stitched copy (align.stitched_parts); ``finish`` makes the matches."""

    def __init__(self, tracer: Tracer, q: Query, side: al.Side, hashes) -> None:
        self.tracer, self.q, self.side, self.hashes = tracer, q, side, hashes
        self.groups: dict[object, list[int]] = {}  # text -> the candidates with that text, aligned once
        self.copies: dict[object, tuple[al.Alignment, al.Side]] = {}
        self.dups: dict[object, al.Side] = {}
        self.rejected: list[tuple[object, al.Alignment, al.Side]] = []

    @property
    def accepted(self) -> list[tuple[al.Alignment, al.Side]]:
        return list(self.copies.values())

    @property
    def duplicate(self) -> bool:
        return bool(self.dups)

    def align(self, d: int) -> None:
        key = self.hashes[d].hash if d in self.hashes else ("row", d)  # identical texts align alike
        if key in self.groups:
            self.groups[key].append(d)
            return
        self.groups[key] = [d]
        cside, cnhash = self.tracer._side(d)
        if cnhash == self.q.nhash:
            self.dups[key] = cside
            return
        a = al.align(self.side, cside)
        if a.is_copy:
            self.copies[key] = (a, cside)
        elif len(a.pairs) >= al.PART_RUN:
            self.rejected.append((key, a, cside))

    def finish(self) -> list[Match]:
        text = self.q.text
        out = [Match(d, "", 1.0, "duplicate", [(Span.of(cside.text, 0, len(cside.text)), Span.of(text, 0, len(text)))],
                     1.0, 1.0) for key, cside in self.dups.items() for d in self.groups[key]]
        found = dict(self.copies)
        if not self.dups:
            sides = {key: cside for key, _, cside in self.rejected}
            found.update((key, (part, sides[key])) for key, part in al.stitched_parts(self.side, self.accepted,
                                                                                      self.rejected))
        # A copy sentence that several sources align belongs to those that align it about as
        # well as the best (a same-story source states the same fact in looser words); a
        # passage does not run over sentences another source holds (interleaved parts).
        best: dict[int, float] = defaultdict(float)
        for a, _ in found.values():
            for p in a.pairs:
                best[p.copy] = max(best[p.copy], p.score)
        kept = {key: [p for p in a.pairs if p.score >= best[p.copy] - CLAIM_MARGIN] for key, (a, _) in found.items()}
        rows = {key: {p.copy for p in pairs} for key, pairs in kept.items()}
        for key, (a, cside) in found.items():
            foreign = set().union(*(r for k, r in rows.items() if k != key)) - rows[key]
            shared = [(Span.of(cside.text, *src), Span.of(text, *cp))
                      for src, cp in al.passages(kept[key], self.side, cside, foreign)]
            out += [Match(d, "", a.score, a.relation, list(shared), a.cover_copy, a.cover_source)
                    for d in self.groups[key]]
        return out
