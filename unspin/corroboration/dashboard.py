"""``unspin corroborate --all``: the claims of a whole corpus that many documents carry,
ranked by how many independent sources stand behind them, and the echo chambers among
them (many outlets, one origin).

1. Claim candidates: every stored sentence of ``MIN_WORDS`` words or more goes into an HNSW
   index (usearch) of static vectors; each is searched for its near neighbours in other
   documents, and sentences joined by a pair at ``join`` cosine or more form a group (union
   find). A group spanning at least ``min_documents`` documents is a claim candidate.
2. The biggest ``top`` groups are each corroborated in full from their earliest member
   sentence (``Corroborator.corroborate``): reports with the contextual check, copies
   collapsed, origins counted.

With an engine (``--engine ray``), :func:`traced_corpus` traces every stored document on it
first (``engine.trace_all``: Ray tasks), and the copies among each claim's reports are read
from those traces instead of tracing the reports again in this process; the traces are the
local tracer's, so the dashboard is the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspin.corroboration.claim_index import MIN_WORDS
from unspin.corroboration.results import Corroboration
from unspin.store.base import SENT_BITS, key_doc

CLAIM_WORDS = 8  # shorter sentences are rarely a claim on their own ("He said so on Monday.")


@dataclass(frozen=True, slots=True)
class DashboardOptions:
    # Two sentences of different documents with this static cosine or more are one claim
    # candidate (the seed chain's reworded reports sit at 0.54 to 0.64 and are found by the
    # full corroboration of the group; this step only has to gather the copies and near
    # rewordings that make a group worth corroborating).
    join: float = 0.80
    neighbours: int = 16
    min_documents: int = 3
    top: int = 25  # groups corroborated in full, biggest first


@dataclass(slots=True)
class Dashboard:
    claims: list[Corroboration] = field(default_factory=list)  # by independent reports, most first
    candidates: int = 0  # groups found before corroboration
    furniture: int = 0  # groups skipped as a site's repeated text (see _site_furniture)

    @property
    def echo_chambers(self) -> list[Corroboration]:
        """Claims carried by several outlets that all go back to one origin."""
        return [c for c in self.claims if c.outlets_count >= 3 and len(c.origins) == 1]

    def to_dict(self) -> dict[str, Any]:
        def row(c: Corroboration) -> dict[str, Any]:
            return {"claim": c.claim, "reports_count": c.reports_count, "outlets_count": c.outlets_count,
                    "independent_count": c.independent_count, "origins": [o.to_dict() for o in c.origins],
                    "reports": [r.id for r in c.reports]}

        return {"claims": [row(c) for c in self.claims], "echo_chambers": [row(c) for c in self.echo_chambers],
                "candidates": self.candidates, "site_furniture": self.furniture}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


TRACE_TOP = 50  # matches per trace, as the copy families and the corroborator's copies keep them


class _KnownTraces:
    """A tracer answering a stored document's trace from ``traces`` (rowid -> matches, top
    TRACE_TOP), and anything else by tracing."""

    def __init__(self, corpus, traces: dict[int, list]) -> None:
        self.corpus, self.traces, self._tracer = corpus, traces, None

    def trace(self, q, top: int = 10, exclude: set[int] | None = None) -> list:
        if top == TRACE_TOP and not exclude and q.rowid in self.traces:
            return list(self.traces[q.rowid])
        if self._tracer is None:
            self._tracer = self.corpus.tracer()
        return self._tracer.trace(q, top=top, exclude=exclude)


class _TracedCorpus:
    """The corpus, its tracer answering from traces an engine made beforehand."""

    def __init__(self, corpus, traces: dict[int, list]) -> None:
        self._corpus, self._traces = corpus, traces

    def __getattr__(self, name: str):
        return getattr(self._corpus, name)

    def tracer(self) -> _KnownTraces:
        return _KnownTraces(self._corpus, self._traces)


def traced_corpus(corpus, engine=None):
    """``corpus`` for a Corroborator of the whole store: with an engine that traces every
    document (the Ray engine), those traces done there first; else ``corpus`` itself."""
    results = engine.trace_all(corpus, top=TRACE_TOP) if engine is not None else None
    return corpus if results is None else _TracedCorpus(corpus, dict(results))


def claim_groups(store, dim: int, options: DashboardOptions,
                 progress: Callable[[int, int], None] | None = None) -> list[list[int]]:
    """Groups of sentence keys (from at least ``min_documents`` documents), biggest first."""
    from usearch.index import Index

    keys, vecs = [], []
    for docs in store.documents_after(-1):
        for d in docs:
            for k, w, v in zip(d.keys, d.words, d.vecs):
                if w >= max(MIN_WORDS, CLAIM_WORDS):
                    keys.append(k)
                    vecs.append(v)
    if not keys:
        return []
    karr = np.asarray(keys, np.uint64)
    varr = np.frombuffer(b"".join(vecs), np.float16).reshape(len(keys), dim).astype(np.float32)
    index = Index(ndim=dim, metric="cos", dtype="f16", connectivity=16, expansion_add=64, expansion_search=64)
    index.add(karr, varr, threads=2)
    uf = _UnionFind()
    step = 20000
    for start in range(0, len(keys), step):
        found = index.search(varr[start:start + step], options.neighbours, threads=2)
        for row in range(len(found.keys)):
            me = int(karr[start + row])
            for other, dist in zip(found.keys[row], found.distances[row]):
                other = int(other)
                if other != me and 1.0 - float(dist) >= options.join and key_doc(other) != key_doc(me):
                    uf.union(me, other)
        if progress:
            progress(min(len(keys), start + step), len(keys))
    groups: dict[int, list[int]] = {}
    for k in uf.parent:
        groups.setdefault(uf.find(k), []).append(k)
    big = [g for g in groups.values() if len({key_doc(k) for k in g}) >= options.min_documents]
    # biggest first by documents; _distinct_texts then sets exact duplicates aside
    big.sort(key=lambda g: -len({key_doc(k) for k in g}))
    return big


def dashboard(corroborator, options: DashboardOptions | None = None,
              progress: Callable[[int, int], None] | None = None) -> Dashboard:
    options = options or DashboardOptions()
    corpus = corroborator.corpus
    groups = claim_groups(corpus.store, corpus.embedder.dim, options, progress)
    out = Dashboard(candidates=len(groups))
    seen: set[str] = set()
    stories: set[frozenset[str]] = set()
    for g in groups:
        if len(out.claims) >= options.top:
            break
        texts = _distinct_texts(corpus.store, g)
        if len(texts) < options.min_documents or texts in stories:
            continue  # copies of one text, or the same set of articles as a group already taken
        stories.add(texts)
        if _site_furniture(corpus.store, g):
            out.furniture += 1
            continue
        claim = _representative(corpus.store, g)
        if claim in seen:
            continue
        seen.add(claim)
        result = corroborator.corroborate(claim)
        # a claim of the dashboard is carried by at least two reports in two outlets: one
        # outlet repeating itself (a photo credit, a standing paragraph) is not corroboration
        if result.reports_count >= 2 and result.outlets_count >= 2:
            out.claims.append(result)
    out.claims.sort(key=lambda c: (-c.independent_count, -c.reports_count, c.claim))
    return out


# A sentence that one publisher prints word for word in this many different articles is the
# site's own furniture ("Visit Business Insider's homepage for more stories.", a newsletter
# prompt, Sputnik's disclaimer), not a claim. Before this rule those three led the ReCOVery
# dashboard (60, 32 and 22 "independent" reports); with it 25 groups are set aside there.
FURNITURE_ARTICLES = 3


def _distinct_texts(store, group: list[int]) -> frozenset[str]:
    """The group's documents as distinct texts: exact duplicates (one article stored many
    times) count once, and two groups drawn from the same articles are one story."""
    rowids = {key_doc(k) for k in group}
    hashes = store.text_hashes(rowids)
    return frozenset(hashes[r].nhash if r in hashes else str(r) for r in rowids)


def _site_furniture(store, group: list[int]) -> bool:
    """The group's most common exact sentence sits in FURNITURE_ARTICLES or more different
    texts (exact duplicate documents count once) of one publisher."""
    from collections import Counter

    rowids = {key_doc(k) for k in group}
    metas, texts = store.docs_meta(rowids), store.text_hashes(rowids)
    exact = Counter()
    where: dict[int, set[tuple[str, str]]] = {}
    shashes: dict[int, list[int]] = {}  # a document with several sentences in the group is read once
    for k in group:
        r = key_doc(k)
        if r not in shashes:
            shashes[r] = store.sentences(r).shashes
        h = shashes[r][k & ((1 << SENT_BITS) - 1)]
        exact[h] += 1
        pub = (metas[r].publisher or "").casefold() if r in metas else ""
        where.setdefault(h, set()).add((pub, texts[r].nhash if r in texts else str(r)))
    top, _ = exact.most_common(1)[0]
    by_pub = Counter(pub for pub, _ in where[top] if pub)
    return bool(by_pub) and by_pub.most_common(1)[0][1] >= FURNITURE_ARTICLES


def _representative(store, group: list[int]) -> str:
    """The group's sentence from its earliest document (by date, then by rowid)."""
    metas = store.docs_meta({key_doc(k) for k in group})
    key = min(group, key=lambda k: ((metas[key_doc(k)].date or "9999") if key_doc(k) in metas else "9999", k))
    rowid, n = key_doc(key), key & ((1 << SENT_BITS) - 1)
    start, end = store.sentences(rowid).spans[n]
    return " ".join(store.doc(rowid).text[start:end].split())
