"""Copy families: groups of stored documents that copy one another, with a likely original."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Member:
    id: str
    relation: str  # to the original ("original" for the original itself)
    score: float
    date: str | None = None
    publisher: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "relation": self.relation, "score": round(self.score, 4),
                "date": self.date, "publisher": self.publisher}


@dataclass(slots=True)
class Family:
    original: str
    why: str
    members: list[Member] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"original": self.original, "why": self.why, "size": len(self.members),
                "members": [m.to_dict() for m in self.members]}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def trace_all(tracer, store, progress: Callable[[], None] | None = None):
    """(rowid, matches) for every stored document, each traced against all the others."""
    from unspin.provenance.trace import stored_query

    for rowid in store.rowids():
        yield rowid, tracer.trace(stored_query(store, rowid), top=50)
        if progress:
            progress()


EdgeRow = tuple[int, int, int, int, str, float, float]  # (a, b, query, rank, relation, score, cover)


def edge_rows(rowid: int, matches) -> list[EdgeRow]:
    """One trace's matches as edges between the two documents (a < b), with what
    :func:`best_edge` needs to pick among the edges of one pair: the query's rowid, the
    match's rank in its trace, and the cover of the *other* side (how much of the match
    the query's passages take)."""
    out = []
    for rank, m in enumerate(matches):
        a, b = sorted((rowid, m.rowid))
        out.append((a, b, rowid, rank, m.relation, m.score, m.cover_source if rowid == a else m.cover_copy))
    return out


def best_edge(rows) -> EdgeRow:
    """The edge that stands for its pair: the highest score, first traced on a tie (lowest
    query rowid, then rank), as a walk over the traces in rowid order keeps it."""
    return min(rows, key=lambda e: (-e[5], e[2], e[3]))


def build_families(tracer, store, progress: Callable[[], None] | None = None, results=None) -> list[Family]:
    """Copy families from tracing every stored document (or from ``results`` of :func:`trace_all`)."""
    rows = pair_edges(results if results is not None else trace_all(tracer, store, progress))
    return families_from_edges(store, [best_edge(r) for r in rows.values()])


def pair_edges(results) -> dict[tuple[int, int], list[EdgeRow]]:
    """(a, b) -> the edges of that pair, from (rowid, matches) traces (:func:`edge_rows`)."""
    rows: dict[tuple[int, int], list[EdgeRow]] = {}
    for rowid, matches in results:
        for e in edge_rows(rowid, matches):
            rows.setdefault((e[0], e[1]), []).append(e)
    return rows


def families_from_edges(store, best: list[EdgeRow]) -> list[Family]:
    """The families of the pairs' edges (one per pair, :func:`best_edge`): connected
    components by union-find, each with its likely original."""
    uf = _UnionFind()
    edges: dict[tuple[int, int], tuple[str, float, float]] = {}
    for a, b, _, _, rel, score, cover in best:
        uf.union(a, b)
        edges[(a, b)] = (rel, score, cover)
    groups: dict[int, list[int]] = {}
    for x in uf.parent:
        groups.setdefault(uf.find(x), []).append(x)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        docs = {r: store.doc(r) for r in members}
        dated = [r for r in members if docs[r].date]
        if dated:
            orig = min(dated, key=lambda r: (docs[r].date, r))
            why = f"earliest date ({docs[orig].date}) among {len(dated)} dated members"
        else:
            # no dates: the member the others' copied passages cover most, then the longest
            orig = max(members, key=lambda r: (len(docs[r].text), -r))
            why = "no dates: the longest member, which the others' copied passages come from"
        fam = Family(docs[orig].id, why)
        for r in sorted(members, key=lambda r: (r != orig, docs[r].date or "", r)):
            a, b = sorted((orig, r))
            rel, score, _ = edges.get((a, b), ("family", 0.0, 0.0))
            if r == orig:
                rel, score = "original", 1.0
            fam.members.append(Member(docs[r].id, rel, score, docs[r].date, docs[r].publisher))
        out.append(fam)
    out.sort(key=lambda f: (-len(f.members), f.original))
    return out
