"""Verification: align two documents sentence by sentence and decide if one copies the other.

Two sentences pair up when their embeddings agree (cosine of the static MiniLM
vectors) and they share content words (Dice overlap of crude stems), combined
into one pair score. Pairs are chosen greedily, best first, one-to-one and in
any order (copies reorder sentences). A document pair is a copy only when the
aligned sentences cover a real share of one side: one shared quote or a shared
topic is not enough. Adjacent aligned pairs merge into passages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from unspin.provenance.normalise import LEX_BUCKETS, lex_ids
MIN_WORDS = 4

# Pair and decision thresholds, calibrated on spun copies (bench/spinner.py) against
# same-story articles in the shared corpora (BBC follow-ups, ReCOVery outlets).
PAIR_MIN = 0.62        # combined pair score for two sentences to align
PAIR_COS_MIN = 0.70    # and never below this cosine
COPY_MIN_PAIRS = 2
COPY_MIN_CHARS = 150
# A copy either covers most of one side with a run of copied sentences or close wording
# (reordered copies have no runs but keep the wording), or copies a long run of
# consecutive sentences (a partial or stitched copy). Articles on the same story share
# scattered, looser sentence pairs: at most a quote or two in a row.
STRONG_COVER, STRONG_RUN, STRONG_SCORE = 0.60, 3, 0.86
RUN_COVER, RUN_MIN, RUN_SCORE = 0.30, 4, 0.80


@dataclass(slots=True)
class Side:
    """One document as the aligner sees it."""

    text: str
    spans: list[tuple[int, int]]
    vecs: np.ndarray
    usable: np.ndarray  # bool: long enough and not boilerplate shared by many documents
    lexids: list[list[int]] | None = None  # per sentence, from normalise.lex_ids (computed when None)
    lex: np.ndarray = field(init=False)
    nlex: np.ndarray = field(init=False)
    lens: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.spans)
        if self.lexids is None:
            self.lexids = [lex_ids(self.text[s:e]) for s, e in self.spans]
        self.lex = np.zeros((n, LEX_BUCKETS), dtype=np.float32)
        rows = [i for i, ids in enumerate(self.lexids) for _ in ids]
        cols = [b for ids in self.lexids for b in ids]
        self.lex[rows, cols] = 1.0
        self.nlex = self.lex.sum(axis=1)
        self.lens = np.array([e - s for s, e in self.spans], dtype=np.float64)

    @property
    def total(self) -> float:
        return float(self.lens[self.usable].sum())


@dataclass(slots=True)
class Pair:
    copy: int  # sentence index in the query
    source: int  # sentence index in the candidate
    score: float
    cos: float
    dice: float


@dataclass(slots=True)
class Alignment:
    pairs: list[Pair]
    cover_copy: float  # share of the query's usable text aligned
    cover_source: float
    chars: int  # aligned characters of the query
    mean_score: float
    mean_dice: float
    passages: list[tuple[tuple[int, int], tuple[int, int]]]  # ((source start, end), (copy start, end))
    longest_run: int = 0  # most consecutive sentences copied in order

    @property
    def is_copy(self) -> bool:
        if len(self.pairs) < COPY_MIN_PAIRS or self.chars < COPY_MIN_CHARS:
            return False
        cover = max(self.cover_copy, self.cover_source)
        if cover >= STRONG_COVER and (self.longest_run >= STRONG_RUN or self.mean_score >= STRONG_SCORE):
            return True
        return cover >= RUN_COVER and self.longest_run >= RUN_MIN and self.mean_score >= RUN_SCORE

    @property
    def relation(self) -> str:
        lo, hi = sorted((self.cover_copy, self.cover_source))
        if lo >= 0.9 and self.mean_dice >= 0.85:
            return "near-duplicate"
        if lo >= 0.75:
            return "paraphrase"
        return "partial"

    @property
    def score(self) -> float:
        return float(self.mean_score * (0.75 * self.cover_copy + 0.25 * self.cover_source))


def align(q: Side, s: Side) -> Alignment:
    if not len(q.spans) or not len(s.spans):
        return Alignment([], 0.0, 0.0, 0, 0.0, 0.0, [])
    cos = q.vecs @ s.vecs.T
    overlap = q.lex @ s.lex.T
    denom = q.nlex[:, None] + s.nlex[None, :]
    dice = np.divide(2 * overlap, denom, out=np.zeros_like(overlap), where=denom > 0)
    score = 0.5 * cos + 0.5 * dice
    ok = (score >= PAIR_MIN) & (cos >= PAIR_COS_MIN) & q.usable[:, None] & s.usable[None, :]
    ii, jj = np.nonzero(ok)
    pairs: list[Pair] = []
    if len(ii):
        order = np.argsort(-score[ii, jj], kind="stable")
        used_q: set[int] = set()
        used_s: set[int] = set()
        for k in order:
            i, j = int(ii[k]), int(jj[k])
            if i in used_q or j in used_s:
                continue
            used_q.add(i)
            used_s.add(j)
            pairs.append(Pair(i, j, float(score[i, j]), float(cos[i, j]), float(dice[i, j])))
    if not pairs:
        return Alignment([], 0.0, 0.0, 0, 0.0, 0.0, [])
    qi = np.array([p.copy for p in pairs])
    sj = np.array([p.source for p in pairs])
    chars = float(q.lens[qi].sum())
    cover_q = chars / q.total if q.total else 0.0
    cover_s = float(s.lens[sj].sum()) / s.total if s.total else 0.0
    w = q.lens[qi]
    mean_score = float(np.average([p.score for p in pairs], weights=w))
    mean_dice = float(np.average([p.dice for p in pairs], weights=w))
    return Alignment(pairs, min(cover_q, 1.0), min(cover_s, 1.0), int(chars), min(mean_score, 1.0),
                     mean_dice, _passages(pairs, q, s), _longest_run(pairs))


def _longest_run(pairs: list[Pair]) -> int:
    best = run = 0
    prev = None
    for p in sorted(pairs, key=lambda p: p.copy):
        run = run + 1 if prev is not None and p.copy == prev.copy + 1 and p.source == prev.source + 1 else 1
        best = max(best, run)
        prev = p
    return best


def _passages(pairs: list[Pair], q: Side, s: Side):
    """Merge runs of pairs adjacent on both sides into (source span, copy span) passages."""
    out = []
    run: list[Pair] = []
    for p in sorted(pairs, key=lambda p: p.copy):
        if run and p.copy == run[-1].copy + 1 and p.source == run[-1].source + 1:
            run.append(p)
            continue
        if run:
            out.append(_span(run, q, s))
        run = [p]
    if run:
        out.append(_span(run, q, s))
    return out


def _span(run: list[Pair], q: Side, s: Side):
    return ((s.spans[run[0].source][0], s.spans[run[-1].source][1]),
            (q.spans[run[0].copy][0], q.spans[run[-1].copy][1]))
