"""Attribution candidates: what a finder proposes before speakers are resolved.

Rule finders (quotations, cue verbs, "according to") and the learned tagger
each propose candidates with character offsets into the document; the merge
step picks one candidate per statement, and only then are speakers, roles,
channels, relays and hedges resolved on the survivors.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Candidate:
    content: tuple[int, int]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    type: str = "indirect"  # direct | indirect | mixed
    origin: str = "rule"  # which finder proposed it: quote, verb, according-to, follow-on, learned, ...
    score: float = 1.0  # the finder's confidence, in [0, 1]
    extra: dict = field(default_factory=dict)  # finder-specific hints (e.g. the cue token index)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
