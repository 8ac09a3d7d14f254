"""What the corpus library returns beyond trace matches and families: each with its
``to_dict``, the JSON the commands print (a web app gets the same objects)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unspin.model import Drift
    from unspin.provenance.families import Family
    from unspin.provenance.trace import Match


@dataclass(slots=True)
class TraceResult:
    """The matches of one traced text (CONTRACT ``unspin trace --format json``); with ``id``,
    the batch line (``--format jsonl``)."""

    matches: list[Match]
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        obj: dict[str, Any] = {} if self.id is None else {"id": self.id}
        obj["matches"] = [m.to_dict() for m in self.matches]
        return obj


@dataclass(slots=True)
class CopyFamilies:
    """``unspin trace --all``: the copy families of a store, largest first."""

    families: list[Family]

    def to_dict(self) -> dict[str, Any]:
        return {"families": [f.to_dict() for f in self.families]}


@dataclass(frozen=True, slots=True)
class StoredAttribution:
    """An attribution stored by ``ingest --analyze``: the CONTRACT attribution object
    (``data``, offsets into the stored text of ``doc``) and where it is."""

    doc: str  # the document's id
    n: int  # its position among the document's attributions
    data: dict[str, Any]

    @property
    def speaker(self) -> str | None:
        return (self.data.get("speaker") or {}).get("name")

    @property
    def relayed_by(self) -> list[str]:
        return list(self.data.get("relayed_by") or [])

    @property
    def cue(self) -> str | None:
        return (self.data.get("cue") or {}).get("text")

    @property
    def content(self) -> str:
        return (self.data.get("content") or {}).get("text") or ""

    @property
    def hedges(self) -> list[str]:
        return [h["text"] for h in self.data.get("hedges") or []]

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, **self.data}


@dataclass(slots=True)
class TracedDiff:
    """``diff --against-corpus``: the copy traced in the store (``source``, its best match)
    and what it changed against that source's stored text."""

    source: Match
    drift: Drift

    def to_dict(self, include_copy_text: bool = False) -> dict[str, Any]:
        obj = self.drift.to_dict()
        obj["traced"] = {"id": self.source.id, "score": round(self.source.score, 4), "relation": self.source.relation}
        obj["source_text"] = self.drift.source.text  # read from the store: the source offsets index it
        if include_copy_text:
            obj["copy_text"] = self.drift.copy.text
        return obj


@dataclass(slots=True)
class CheckReport:
    """``unspin check``: the store's integrity and what its saved ANN index covers."""

    store: str
    documents: int = 0
    analyses: int = 0
    anchors: int = 0  # anchor sentences of the stored documents (what the index should hold)
    indexed: int = 0  # of them, in the saved index
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    writing: bool = False  # another process holds the write lock: the saved index may trail it

    @property
    def index_coverage(self) -> float:
        """Share of the anchors in the index, rounded down (one missing of 33,692 is not 1.0)."""
        return math.floor(10000 * self.indexed / self.anchors) / 10000 if self.anchors else 1.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "analyses": self.analyses,
                "index_coverage": self.index_coverage, "ok": self.ok, "problems": list(self.problems),
                "anchors": self.anchors, "indexed": self.indexed, "repaired": list(self.repaired),
                "writing": self.writing}
