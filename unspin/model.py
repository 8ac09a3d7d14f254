"""The one data model every unspin capability reads and writes.

A :class:`Document` owns the text exactly as decoded; everything else points
into it with :class:`Span` objects whose ``start``/``end`` are code-point
offsets (Python ``str`` indices), so ``span.text == document.text[start:end]``
always holds. Serialisation follows ../shared/CONTRACT.md: ``to_dict`` on any
object gives the JSON shape evaluation scripts read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

AttributionType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "anonymous", "group", "unknown"]
HedgeKind = Literal["reported", "unverified", "conditional", "denied", "other"]


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of a document's text, by code-point offsets."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


def span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else span.to_dict()


@dataclass(slots=True)
class Hedge:
    """A word or phrase that weakens or qualifies a claim ("reportedly")."""

    span: Span
    kind: HedgeKind = "other"

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "kind": self.kind}


@dataclass(slots=True)
class Entity:
    """A named-entity mention with the canonical name of the entity it refers to."""

    span: Span
    label: str
    canonical: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "label": self.label, "canonical": self.canonical}


@dataclass(slots=True)
class Speaker:
    """Who an attribution credits, resolved to the fullest name the text gives."""

    name: str | None
    kind: SpeakerKind = "unknown"
    role: str | None = None
    affiliation: str | None = None
    # how sure the resolution is, in [0, 1] (unspin/attribution/speakers.py says how it is set)
    confidence: float = 0.0
    # the mentions it was resolved through, in order: "he" -> "Popova" -> "Maria Popova"
    via: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "role": self.role, "affiliation": self.affiliation,
                "confidence": round(self.confidence, 3), "via": [s.to_dict() for s in self.via]}


@dataclass(slots=True)
class Attribution:
    """One attributed statement: who (source/speaker) said what (content), how (cue)."""

    type: AttributionType
    content: Span
    cue: Span | None = None
    source: Span | None = None
    speaker: Speaker = field(default_factory=lambda: Speaker(None))
    channel: str | None = None
    relayed_by: list[str] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "content": self.content.to_dict(),
            "cue": span_dict(self.cue),
            "source": span_dict(self.source),
            "speaker": self.speaker.to_dict(),
            "channel": self.channel,
            "relayed_by": list(self.relayed_by),
            "hedges": [h.to_dict() for h in self.hedges],
        }


@dataclass(slots=True)
class SpinEvidence:
    """A mark of machine spinning visible without the source text."""

    span: Span
    kind: str
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "kind": self.kind, "explanation": self.explanation}


@dataclass(slots=True)
class Spin:
    score: float = 0.0
    evidence: list[SpinEvidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(slots=True)
class Document:
    """A text as decoded, with an id and (once parsed) its sentences and boilerplate."""

    text: str
    id: str | None = None
    sentences: list[Span] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)


@dataclass(slots=True)
class Analysis:
    """Everything `unspin analyze` reports about one document."""

    document: Document
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    spin: Spin = field(default_factory=Spin)

    @property
    def boilerplate(self) -> list[Span]:
        return self.document.boilerplate

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.document.id is not None:
            out["id"] = self.document.id
        if include_text:
            out["text"] = self.document.text
        out.update(
            {
                "attributions": [a.to_dict() for a in self.attributions],
                "entities": [e.to_dict() for e in self.entities],
                "hedges": [h.to_dict() for h in self.hedges],
                "spin": self.spin.to_dict(),
                "boilerplate": [b.to_dict() for b in self.document.boilerplate],
            }
        )
        return out

    def to_json(self, include_text: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)


# --- Drift: what a copy changed against its source (`unspin diff`) -------------------

EditCategory = Literal[
    "negation", "number", "entity", "speaker", "hedge", "quote-altered", "attribution-removed",
    "attribution-cue", "role", "meaning-shift", "dropped-text", "added-text", "wording",
]
Severity = Literal["high", "medium", "low"]
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(slots=True)
class AlignedPair:
    """Source and copy text that say the same thing (a sentence, or two merged into one)."""

    source: Span | None
    copy: Span | None
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"source": span_dict(self.source), "copy": span_dict(self.copy),
                "similarity": round(self.similarity, 4)}


@dataclass(slots=True)
class Edit:
    """One change from source to copy; a side is None for text only the other side has."""

    category: EditCategory
    severity: Severity
    source: Span | None
    copy: Span | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "severity": self.severity, "source": span_dict(self.source),
                "copy": span_dict(self.copy), "explanation": self.explanation}


@dataclass(slots=True)
class Drift:
    """Everything `unspin diff` reports about a source and its copy."""

    source: Document
    copy: Document
    alignment: list[AlignedPair] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """Edits per category and per severity, for summaries."""
        by_category: dict[str, int] = {}
        by_severity = {"high": 0, "medium": 0, "low": 0}
        for e in self.edits:
            by_category[e.category] = by_category.get(e.category, 0) + 1
            by_severity[e.severity] += 1
        return {"category": by_category, "severity": by_severity}

    def to_dict(self) -> dict[str, Any]:
        return {"alignment": [a.to_dict() for a in self.alignment], "edits": [e.to_dict() for e in self.edits]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
