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


def build_families(tracer, store, progress: Callable[[], None] | None = None, results=None) -> list[Family]:
    """Copy families from tracing every stored document (or from ``results`` of :func:`trace_all`)."""
    uf = _UnionFind()
    edges: dict[tuple[int, int], tuple[str, float, float]] = {}
    for rowid, matches in (results if results is not None else trace_all(tracer, store, progress)):
        for m in matches:
            a, b = sorted((rowid, m.rowid))
            uf.union(a, b)
            prev = edges.get((a, b))
            if prev is None or m.score > prev[1]:
                # cover of the *other* side: how much of the match the query's passages take
                edges[(a, b)] = (m.relation, m.score, m.cover_source if rowid == a else m.cover_copy)
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
