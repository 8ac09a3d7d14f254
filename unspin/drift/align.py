"""Sentence alignment between a source and its copy, in any order.

Two sentences pair up on a score mixing meaning (cosine of the static MiniLM
sentence vectors provenance uses) and wording (Dice overlap of content stems).
Pairs are taken best first and one to one, in any order, because copies
reorder sentences; a small bonus for keeping the running order breaks ties
between near-identical sentences. Then a sentence left over on one side joins
its neighbour's pair when most of its words sit in that pair's other side:
that is how a merged or a split sentence is recognised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspin.provenance.normalise import content_stems

PAIR_MIN = 0.42       # combined score for two sentences to pair
COS_MIN = 0.55        # and never below this cosine
ORDER_BONUS = 0.03    # for a pair on the running diagonal
JOIN_SHARE = 0.6
# or, with this share of its words, a cosine with the partner of JOIN_COS, its nearest on the
# other side (bench.eval_rewrites: "In the gaps between alerts, the service will now
# and then send out tips" for a source run on without a full stop, 0.86 to the partner)
JOIN_SHARE_MEANT, JOIN_COS = 0.3, 0.8
GAP_MIN, GAP_COS_MIN = 0.25, 0.35
LONE_COS_MIN = 0.1  # the only leftover on each side of a gap  # for a leftover pair in the same gap between aligned neighbours      # share of a leftover sentence's stems found in the neighbour's partner


@dataclass(slots=True)
class Group:
    """Source sentences and copy sentences that say the same thing (usually one each)."""

    source: list[int]
    copy: list[int]
    score: float


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def align_sentences(source: Sequence[str], copy: Sequence[str], embed) -> list[Group]:
    """Groups in copy order, then source-only and copy-only sentences as one-sided groups.

    ``embed`` maps a list of strings to unit vectors (n, dim).
    """
    n, m = len(source), len(copy)
    if not n or not m:
        return [Group([i], [], 0.0) for i in range(n)] + [Group([], [j], 0.0) for j in range(m)]
    vs, vc = embed(list(source)), embed(list(copy))
    cos = vs @ vc.T
    stems_s = [content_stems(t) for t in source]
    stems_c = [content_stems(t) for t in copy]
    dice = np.array([[_dice(a, b) for b in stems_c] for a in stems_s])
    score = 0.5 * cos + 0.5 * dice
    # Position on the diagonal, relative to length, so a copy that drops a lead still aligns.
    rel = np.abs(np.arange(n)[:, None] / n - np.arange(m)[None, :] / m)
    ranked = score + ORDER_BONUS * (rel < 0.1)
    ok = (score >= PAIR_MIN) & (cos >= COS_MIN)
    ii, jj = np.nonzero(ok)
    order = np.argsort(-ranked[ii, jj], kind="stable")
    src_group: dict[int, Group] = {}
    copy_group: dict[int, Group] = {}
    for k in order:
        i, j = int(ii[k]), int(jj[k])
        if i in src_group or j in copy_group:
            continue
        g = Group([i], [j], float(score[i, j]))
        src_group[i] = copy_group[j] = g

    _fill_gaps(n, m, src_group, copy_group, score, cos)
    _join_leftovers(n, src_group, copy_group, stems_s, stems_c, cos, side="source")
    _join_leftovers(m, copy_group, src_group, stems_c, stems_s, cos.T, side="copy")
    repeats = _repeats(n, m, src_group, copy_group, stems_s, stems_c, cos)

    groups = sorted(list({id(g): g for g in src_group.values()}.values()) + repeats,
                    key=lambda g: (min(g.copy), min(g.source)))
    out: list[Group] = []
    # Interleave one-sided groups where they sit, so the report reads in copy order.
    dropped = [i for i in range(n) if i not in src_group and all(i not in g.source for g in repeats)]
    added = [j for j in range(m) if j not in copy_group and all(j not in g.copy for g in repeats)]
    for g in groups:
        while added and added[0] < min(g.copy):
            out.append(Group([], [added.pop(0)], 0.0))
        while dropped and dropped[0] < min(g.source):
            out.append(Group([dropped.pop(0)], [], 0.0))
        out.append(g)
    out.extend(Group([i], [], 0.0) for i in dropped)
    out.extend(Group([], [j], 0.0) for j in added)
    return out


def _fill_gaps(n: int, m: int, src_group: dict, copy_group: dict, score: np.ndarray, cos: np.ndarray) -> None:
    """Pair leftovers that sit in the same gap between aligned neighbours on both sides.

    A heavily reworded sentence (or a one-sentence text) can fall below the pair
    threshold; when the sentences around it are aligned, its counterpart can only be
    the leftover in the matching gap of the other side, so a much lower bar will do.
    """
    anchors = sorted((min(g.source), min(g.copy)) for g in {id(g): g for g in src_group.values()}.values())
    bounds = [(-1, -1)] + anchors + [(n, m)]
    for (s0, c0), (s1, c1) in zip(bounds, bounds[1:]):
        if s1 < s0 or c1 < c0:
            continue  # reordered region: no gap to speak of
        left_s = [i for i in range(s0 + 1, s1) if i not in src_group]
        left_c = [j for j in range(c0 + 1, c1) if j not in copy_group]
        if len(left_s) == 1 and len(left_c) == 1:
            i, j = left_s[0], left_c[0]
            # the only sentence left on each side of the gap: its counterpart, unless unrelated
            if cos[i, j] >= LONE_COS_MIN or score[i, j] >= GAP_MIN:
                g = Group([i], [j], float(score[i, j]))
                src_group[i] = copy_group[j] = g
            continue
        for i in left_s:
            best = None
            for j in left_c:
                if j in copy_group:
                    continue
                if score[i, j] >= GAP_MIN and cos[i, j] >= GAP_COS_MIN and (best is None or score[i, j] > score[i, best]):
                    best = j
            if best is not None:
                g = Group([i], [best], float(score[i, best]))
                src_group[i] = copy_group[best] = g


def _repeats(n: int, m: int, src_group: dict, copy_group: dict, stems_s, stems_c, cos: np.ndarray) -> list[Group]:
    """A leftover sentence whose words another sentence of the other side already holds, pairs
    with it: a source that says a thing twice (a summary line and its paragraph) and a copy that
    says it once, or a sentence merged into one far from where it stood. Such a pair shares its
    partner with the partner's own group."""
    out = []
    for side, count, own, other, own_stems, other_stems in (
            ("source", n, src_group, copy_group, stems_s, stems_c), ("copy", m, copy_group, src_group, stems_c, stems_s)):
        for i in range(count):
            if i in own or len(own_stems[i]) < 3:
                continue
            best, best_share = None, JOIN_SHARE
            for j in other:
                share = len(own_stems[i] & other_stems[j]) / len(own_stems[i])
                c = cos[i, j] if side == "source" else cos[j, i]
                if share >= best_share and c >= GAP_COS_MIN:
                    best, best_share = j, share
            if best is None:
                continue
            g = other[best]
            mine = g.source if side == "source" else g.copy
            if any(abs(k - i) == 1 for k in mine):
                mine.append(i)  # merged with its neighbour after all: join that group
                mine.sort()
                own[i] = g
                continue
            pair = (i, best) if side == "source" else (best, i)
            out.append(Group([pair[0]], [pair[1]], float(cos[pair])))
    return out


def _join_leftovers(count, own, other, own_stems, other_stems, cos: np.ndarray, side: str) -> None:
    """Attach a leftover sentence to the group of a neighbour when the partner holds its words,
    or, said in other words, its meaning: the partner is its nearest sentence on the other
    side, at JOIN_COS, with some of its words there (a sentence split in two, or a source that
    ran two sentences together without a full stop). ``cos`` is own side by other side."""
    for i in range(count):
        if i in own or not own_stems[i]:
            continue
        best = None
        for nb in (i - 1, i + 1):
            g = own.get(nb)
            if g is None:
                continue
            partner_ids = g.copy if side == "source" else g.source
            partner = set().union(*(other_stems[p] for p in partner_ids))
            # words the neighbour itself already accounts for do not count as evidence
            mine = own_stems[i] - own_stems[nb]
            if not mine:
                continue
            share = len(mine & partner) / len(mine)
            near = max(cos[i, p] for p in partner_ids)
            # the meaning route: the partner is the leftover's nearest sentence on the other side
            if share < JOIN_SHARE and not (share >= JOIN_SHARE_MEANT and near >= JOIN_COS and near >= cos[i].max() - 1e-6):
                continue
            if best is None or share > best[0]:
                best = (share, g)
        if best is not None:
            g = best[1]
            (g.source if side == "source" else g.copy).append(i)
            (g.source if side == "source" else g.copy).sort()
            own[i] = g
