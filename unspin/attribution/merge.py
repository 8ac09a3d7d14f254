"""Choosing one candidate per attributed statement.

Policy (tuned on PolNeAR dev, never on test; see bench/eval_polnear.py):
rule candidates from quotation marks come first, because their boundaries are
exact; then learned candidates, whose content boundaries beat the rule
finders' for reported speech; then the remaining rule candidates, each kept
only where nothing kept so far covers most of its content.
"""

from __future__ import annotations

import os

from unspin.attribution.candidate import Candidate, overlap

# Which order the finders claim content in; "rule" = rule candidates first.
# UNSPIN_MERGE_POLICY overrides it only for tuning experiments.
POLICY = os.environ.get("UNSPIN_MERGE_POLICY", "quote-learned-rule")
JOIN = os.environ.get("UNSPIN_MERGE_JOIN", "1") == "1"
FILL = os.environ.get("UNSPIN_MERGE_FILL", "1") == "1"
COVER = 0.5  # a candidate is dropped when kept ones cover this share of its content


def _covered(cand: Candidate, kept: list[Candidate]) -> bool:
    length = max(1, cand.content[1] - cand.content[0])
    return any(overlap(cand.content, k.content) / length >= COVER for k in kept)


def _join_same_cue(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per cue: '"X," he said, "Y"' is one statement in PolNeAR,
    which the quote finder proposes as two."""
    by_cue: dict[tuple, Candidate] = {}
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: c.content):
        key = (c.cue, c.source, c.origin)
        first = by_cue.get(key) if c.cue is not None else None
        if first is not None and c.content[0] - first.content[1] < 200:
            first.content = (first.content[0], max(first.content[1], c.content[1]))
            if first.type != c.type:
                first.type = "mixed"
            continue
        by_cue[key] = c
        out.append(c)
    return out


def _fill(cand: Candidate, others: list[Candidate]) -> Candidate:
    """Give a learned candidate the cue/source of an overlapping rule candidate when it has none."""
    if cand.cue is not None and cand.source is not None:
        return cand
    best = max(others, key=lambda o: overlap(cand.content, o.content), default=None)
    if best is None or overlap(cand.content, best.content) == 0:
        return cand
    if cand.cue is None:
        cand.cue, cand.source = best.cue, best.source
    elif cand.source is None and best.cue == cand.cue:
        cand.source = best.source
    return cand


def merge_candidates(rule: list[Candidate], learned: list[Candidate]) -> list[Candidate]:
    if JOIN:
        rule = _join_same_cue(rule)
    if FILL:
        learned = [_fill(c, rule) for c in learned]
    if POLICY == "rule":
        order = [rule, learned]
    elif POLICY == "learned":
        order = [learned, rule]
    else:  # quote-learned-rule
        order = [[c for c in rule if c.origin == "quote"], learned, [c for c in rule if c.origin != "quote"]]
    kept: list[Candidate] = []
    for group in order:
        new = [c for c in group if not _covered(c, kept)]
        kept.extend(new)
    kept.sort(key=lambda c: c.content)
    return kept
