"""Attribution candidates: what a finder proposes before speakers are resolved.

Rule finders (quotations, cue verbs, "according to") and the learned tagger
each propose candidates with character offsets into the document; the merge
step picks one candidate per statement, and only then are speakers, roles,
channels, relays and hedges resolved on the survivors.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
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


class SpanIndex:
    """Spans by start, to find those overlapping a span without scanning all of them: the
    merge and the dedupe ask this once per candidate, and a long text has thousands.
    Spans are kept in buckets by length (powers of two), so that one very long span does
    not widen every search. Hits come in the order the items were added, as a scan of a
    list would give them."""

    def __init__(self, items: Iterable = (), key=lambda item: item) -> None:
        self._key = key
        self._added = 0
        # length bucket -> (starts, [(order added, item)]), both by start
        self._buckets: dict[int, tuple[list[int], list[tuple[int, object]]]] = {}
        for item in items:
            self.add(item)

    def add(self, item) -> None:
        span = self._key(item)
        starts, items = self._buckets.setdefault(max(0, span[1] - span[0]).bit_length(), ([], []))
        i = bisect.bisect_right(starts, span[0])
        starts.insert(i, span[0])
        items.insert(i, (self._added, item))
        self._added += 1

    def overlapping(self, span: tuple[int, int]) -> list:
        """The items whose span overlaps ``span`` or holds it whole (an empty ``span`` too),
        in the order added."""
        hits = []
        for bits, (starts, items) in self._buckets.items():
            longest = (1 << bits) - 1
            lo = bisect.bisect_left(starts, span[0] - longest)
            hi = bisect.bisect_right(starts, span[1])
            hits.extend(hit for hit in items[lo:hi] if _meets(self._key(hit[1]), span))
        return [item for _, item in sorted(hits, key=lambda hit: hit[0])]


def _meets(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return overlap(a, b) > 0 or (a[0] <= b[0] and b[1] <= a[1])
