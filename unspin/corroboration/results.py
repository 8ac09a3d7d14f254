"""What ``corroborate`` answers: the reports of a claim and how many sources stand behind it
(the CONTRACT shape of ``unspin corroborate``; fields may be added, none renamed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from unspin.model import Span

Stance = Literal["supports", "disputes", "hedged"]


@dataclass(slots=True)
class Report:
    """One stored document that carries the claim."""

    id: str
    evidence: Span  # the passage that carries it, a span of the stored text
    stance: Stance
    score: float  # how closely the passage carries the claim, in [0, 1]
    credited: list[str] = field(default_factory=list)  # first source first, outermost relay last
    copy_of: str | None = None  # the report this one was copied from (its family's likely original)
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    title: str | None = None
    why: str = ""  # how the stance was read
    rowid: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "publisher": self.publisher, "date": self.date, "url": self.url, "title": self.title,
                "evidence": self.evidence.to_dict(), "stance": self.stance, "copy_of": self.copy_of,
                "credited": list(self.credited), "score": round(self.score, 4), "why": self.why}


@dataclass(frozen=True, slots=True)
class Origin:
    name: str | None  # the first source the independent reports credit; None: their own voice
    reports: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "reports": self.reports}


@dataclass(slots=True)
class Corroboration:
    claim: str
    reports: list[Report] = field(default_factory=list)  # earliest first
    origins: list[Origin] = field(default_factory=list)

    @property
    def reports_count(self) -> int:
        return len(self.reports)

    @property
    def outlets_count(self) -> int:
        """Distinct publishers; a report whose publisher is unknown counts as its own outlet."""
        return len({r.publisher.casefold() if r.publisher else f"#{r.id}" for r in self.reports})

    @property
    def independent_count(self) -> int:
        return sum(1 for r in self.reports if r.copy_of is None)

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "reports": [r.to_dict() for r in self.reports],
                "reports_count": self.reports_count, "outlets_count": self.outlets_count,
                "independent_count": self.independent_count, "origins": [o.to_dict() for o in self.origins]}
