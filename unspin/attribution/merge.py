"""Choosing one candidate per attributed statement.

Rule candidates are proposed first; a learned candidate is kept only where no
rule candidate already covers most of its content. Owned by the learned-model
work: tune this policy on PolNeAR dev, never on test.
"""

from __future__ import annotations

from unspin.attribution.candidate import Candidate, overlap


def merge_candidates(rule: list[Candidate], learned: list[Candidate]) -> list[Candidate]:
    kept = list(rule)
    for cand in learned:
        length = max(1, cand.content[1] - cand.content[0])
        if all(overlap(cand.content, k.content) / length < 0.5 for k in kept):
            kept.append(cand)
    kept.sort(key=lambda c: c.content)
    return kept
