"""Verification: align two documents sentence by sentence and decide if one copies the other.

Two sentences pair up when their embeddings agree (cosine of the static MiniLM
vectors) and they share content words (Dice overlap of crude stems), combined
into one pair score. Pairs are chosen greedily, best first, one-to-one and in
any order (copies reorder sentences). A document pair is a copy only when the
aligned sentences cover a real share of one side: one shared quote or a shared
topic is not enough. Adjacent aligned pairs merge into passages. A stitched copy's
smaller parts are copies only together with the rest: see stitched_parts.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass, field
from itertools import chain

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
# A reordered copy spun hard has neither runs nor close wording, but nearly all of it
# aligns: no same-story pair of articles in the shared corpora aligned more than 68% of
# either side (22,089 candidate alignments measured), so 75% with looser pairs is a copy.
DENSE_COVER, DENSE_SCORE, DENSE_PAIRS = 0.75, 0.78, 4
# Consecutive pairs may skip this many sentences on either side and still continue a run:
# a copy's sentence splitter does not cut where the source's did (a spun "May" that became
# "Might" merges two sentences, an embedded tweet splits one), and a copied passage often
# drops a sentence.
RUN_SKIP = 1
# Parts of a stitched copy (stitched_parts), set on bench/bench_stitch.py's copies against
# the candidate alignments of every stored article (none of them made of its sources).
PART_RUN, PART_CHARS, PART_SCORE = 2, 150, 0.75
PART_SCATTERED = 4  # pairs out of order that make a part too (sentences shuffled inside a part)
# A long run of sentences in order is evidence enough with looser wording: bench_stitch's
# heavily reworded parts (a quarter of the content words swapped) align at 0.73 to 0.79.
PART_LONG_RUN, PART_LONG_SCORE = 8, 0.70
# Every stored article queried (4,258, bench_stitch's store) gives no part at 0.85; at 0.75
# one (a BBC background paragraph on the Cell processor that two stories share).
JOINT_COVER = 0.85
MAX_PARTS = 4
TIE_SHARE = 0.9  # a part's passage another rejected document aligns this much of: both are its sources
# A copy keeps a source's newsletter prompts and poll widgets, reworded or not (ReCOVery's
# Big League Politics pages in bench_stitch's shuffled copies: cosine 0.85 to 1.0)
BOILER_COS = 0.85


@dataclass(slots=True)
class Side:
    """One document as the aligner sees it."""

    text: str
    spans: list[tuple[int, int]]
    vecs: np.ndarray
    usable: np.ndarray  # bool: long enough and not boilerplate shared by many documents
    lexids: list[list[int]] | None = None  # per sentence, from normalise.lex_ids (computed when None)
    nlex: np.ndarray = field(init=False)
    lens: np.ndarray = field(init=False)
    flat: np.ndarray = field(init=False)  # all sentences' bucket ids, concatenated
    _lex: np.ndarray | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.lexids is None:
            self.lexids = [lex_ids(self.text[s:e]) for s, e in self.spans]
        self.nlex = np.fromiter(map(len, self.lexids), dtype=np.float32, count=len(self.lexids))
        self.flat = np.fromiter(chain.from_iterable(self.lexids), dtype=np.int64, count=int(self.nlex.sum()))
        self.lens = np.array([e - s for s, e in self.spans], dtype=np.float64)

    @property
    def lex(self) -> np.ndarray:
        """(sentences, LEX_BUCKETS) 0/1 matrix; built only for the side that is the query."""
        if self._lex is None:
            lex = np.zeros((len(self.spans), LEX_BUCKETS), dtype=np.float32)
            rows = np.repeat(np.arange(len(self.spans)), self.nlex.astype(np.int64))
            lex[rows, self.flat] = 1.0
            self._lex = lex
        return self._lex

    @property
    def total(self) -> float:
        return float(self.lens[self.usable].sum())


def overlap(q: Side, s: Side) -> np.ndarray:
    """(q sentences, s sentences): content-stem buckets the two sentences share.

    The query's 0/1 matrix gathered at the candidate's bucket ids and summed per
    candidate sentence: a few thousand additions instead of a product of two
    4,096-column matrices."""
    out = np.zeros((len(q.spans), len(s.spans)), dtype=np.float32)
    have = s.nlex > 0
    if not len(q.spans) or not have.any():
        return out
    starts = np.concatenate(([0], np.cumsum(s.nlex, dtype=np.int64)[:-1]))
    out[:, have] = np.add.reduceat(q.lex[:, s.flat], starts[have], axis=1)
    return out


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
        if cover >= DENSE_COVER and self.mean_score >= DENSE_SCORE and len(self.pairs) >= DENSE_PAIRS:
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
    shared = overlap(q, s)
    denom = q.nlex[:, None] + s.nlex[None, :]
    dice = np.divide(2 * shared, denom, out=np.zeros_like(shared), where=denom > 0)
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
    return _summarise(pairs, q, s)


def _summarise(pairs: list[Pair], q: Side, s: Side) -> Alignment:
    """The alignment these pairs make: coverage of both sides, mean scores, passages, runs."""
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
                     mean_dice, passages(pairs, q, s), _longest_run(pairs))


def stitched_parts(q: Side, accepted: list[tuple[Alignment, Side]], rejected: list[tuple[Hashable, Alignment, Side]]
                   ) -> list[tuple[Hashable, Alignment]]:
    """The parts of a stitched copy among alignments rejected as copies: (key, its part).

    A stitched copy takes a long share of one source and a few paragraphs of another, or
    interleaves, shuffles or rewords the parts: a part alone covers too little of the copy
    (or of its source) for is_copy. Rejected alignments are taken greedily, the one adding
    most uncovered query text first, keeping only their pairs on query sentences no copy
    or earlier part holds; each must add a run of PART_RUN in-order pairs (or PART_SCATTERED
    pairs in any order), PART_CHARS characters, at PART_SCORE. Another document aligning
    TIE_SHARE of the same passage is its source too. The parts are kept only if, with the
    copies accepted, they explain JOINT_COVER of the query's usable text: the copy is made of
    its sources. Articles on the same story share scattered pairs: they do not explain what
    the sources leave over. A query sentence close to a source's boilerplate (which never
    pairs, see Side.usable) came from that source too, and counts as explained.
    """
    if not q.total:
        return []
    covered = {p.copy for a, _ in accepted for p in a.pairs}
    sources = [s for _, s in accepted]
    pool = list(rejected)
    out: list[tuple[Hashable, Alignment]] = []
    while pool and len(out) < MAX_PARTS:
        parts = [(key, _summarise([p for p in a.pairs if p.copy not in covered], q, s), s) for key, a, s in pool]
        parts = [(key, part, s) for key, part, s in parts if _is_part(part)]
        if not parts:
            break
        key, best, side = max(parts, key=lambda kp: kp[1].chars)
        taken = {p.copy for p in best.pairs}
        # another document holding the same passage is a source of it as well
        same = [(k, part) for k, part, _ in parts if k == key or _held(part, taken, q) >= TIE_SHARE * best.chars]
        out += same
        pool = [r for r in pool if r[0] not in {k for k, _ in same}]
        covered |= taken
        sources.append(side)
    if not out:
        return []
    explained = covered | _boilerplate_of(q, covered, sources)
    return out if float(q.lens[list(explained)].sum()) / q.total >= JOINT_COVER else []


def _boilerplate_of(q: Side, covered: set[int], sources: list[Side]) -> set[int]:
    """Usable query sentences outside ``covered`` close (BOILER_COS) to a source's boilerplate."""
    rows = np.array([i for i in np.nonzero(q.usable)[0] if i not in covered], dtype=np.int64)
    out: set[int] = set()
    for s in sources:
        if not len(rows) or s.usable.all():
            continue
        hit = (q.vecs[rows] @ s.vecs[~s.usable].T).max(axis=1) >= BOILER_COS
        out |= {int(i) for i in rows[hit]}
    return out


def _is_part(part: Alignment) -> bool:
    score = PART_LONG_SCORE if part.longest_run >= PART_LONG_RUN else PART_SCORE
    return ((part.longest_run >= PART_RUN or len(part.pairs) >= PART_SCATTERED) and part.chars >= PART_CHARS
            and part.mean_score >= score)


def _held(part: Alignment, rows: set[int], q: Side) -> float:
    """Characters of the query sentences ``rows`` that this part also aligns."""
    return float(sum(q.lens[p.copy] for p in part.pairs if p.copy in rows))


def _follows(p: Pair, prev: Pair, foreign: Collection[int] = ()) -> bool:
    """Does pair p continue a run ending in prev (in order on both sides, at most RUN_SKIP skipped,
    none of the query sentences skipped in ``foreign``)?"""
    return (0 < p.copy - prev.copy <= 1 + RUN_SKIP and 0 < p.source - prev.source <= 1 + RUN_SKIP
            and not any(i in foreign for i in range(prev.copy + 1, p.copy)))


def _longest_run(pairs: list[Pair]) -> int:
    best = run = 0
    prev = None
    for p in sorted(pairs, key=lambda p: p.copy):
        run = run + 1 if prev is not None and _follows(p, prev) else 1
        best = max(best, run)
        prev = p
    return best


def passages(pairs: list[Pair], q: Side, s: Side, foreign: Collection[int] = ()):
    """Merge runs of pairs (in order on both sides, see _follows) into (source span, copy span)
    passages; a run breaks at a skipped query sentence in ``foreign`` (another source's)."""
    out = []
    run: list[Pair] = []
    for p in sorted(pairs, key=lambda p: p.copy):
        if run and _follows(p, run[-1], foreign):
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
