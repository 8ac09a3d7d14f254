"""Choosing one candidate per attributed statement.

Policy, tuned on PolNeAR dev (never on test; bench/eval_polnear.py): learned
candidates first, because the tagger's content boundaries match reported
speech better than the rule finders' (an early model on dev: content F1 0.743
learned-first, 0.720 rule-first, 0.727 with rule quotations first; the rule
quote finder splits '"X," he said, "Y"' in two where PolNeAR has one
statement); then every rule candidate, quotations
included, whose content the learned ones do not already mostly cover. A
learned candidate without a cue borrows the cue and source of the rule
candidate it overlaps most; one that still has no cue is dropped.
"""

from __future__ import annotations

import re

from unspin.attribution.candidate import Candidate, SpanIndex, overlap
from unspin.options import DEFAULT_ATTRIBUTION, AttributionOptions

_NOT_NAMES = frozenset("The A An He She It They We I His Her Mr Mrs Ms Dr Prof Sir".split())
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s")

# The policy is AttributionOptions.merge_policy: "learned" (default), "rule" (rule
# candidates first) or "quote-learned-rule", the others kept for tuning experiments.
# AttributionOptions.drop_nocue (default on): a learned content with no cue (none tagged
# in its paragraph, none borrowed) is dropped: on dev such candidates were half wrong and
# almost never had the right source (an earlier model: end-to-end F1 0.606 -> 0.617
# without them, content F1 0.747 -> 0.743).
COVER = 0.5  # a candidate is dropped when kept ones cover this share of its content


def _contents(cands: list[Candidate]) -> SpanIndex:
    return SpanIndex(cands, key=lambda c: c.content)


def _covered(cand: Candidate, kept: SpanIndex) -> bool:
    length = max(1, cand.content[1] - cand.content[0])
    return any(overlap(cand.content, k.content) / length >= COVER for k in kept.overlapping(cand.content))


def _fill(cand: Candidate, others: SpanIndex) -> Candidate:
    """Give a learned candidate the cue/source of the rule candidate it overlaps most, if it has none."""
    if cand.cue is not None and cand.source is not None:
        return cand
    best = max(others.overlapping(cand.content), key=lambda o: overlap(cand.content, o.content), default=None)
    if best is None or overlap(cand.content, best.content) == 0:
        return cand
    if cand.cue is None:
        cand.cue, cand.source = best.cue, best.source
    elif cand.source is None and best.cue == cand.cue:
        cand.source = best.source
    return cand


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _misread(cand: Candidate, rule: SpanIndex) -> bool:
    """A learned candidate nested inside a rule statement that has a cue of its own.

    "If the review confirms X, Y, Sewell warned": the tagger reads "confirms"
    as the cue of a statement inside Sewell's, but PolNeAR (what it learned
    from) has no nesting, so the outer rule statement is the one to keep. On
    dev this keeps content F1 (0.762 -> 0.764) and end-to-end F1 (0.644 ->
    0.643) level while raising precision; a broader rule that also dropped
    learned contents swallowing two rule statements cost 0.017 end-to-end.
    """
    if cand.cue is None:
        return False
    return any(
        r.cue is not None and r.cue != cand.cue and _inside(cand.content, r.content) and _inside(cand.cue, r.content)
        for r in rule.overlapping(cand.content)
    )


def _cut_at_other_speaker(cand: Candidate, rule: SpanIndex, text: str) -> Candidate | None:
    """A learned content that runs on into statements the rule finders credit to someone
    else (a cue and source of their own inside it) is cut before the first of them, so that
    no content carries two people's words; when its own cue or source lies beyond the cut
    (the tagger read a quoted "We expected" as the cue of the whole run), it is dropped."""
    foreign = [
        r for r in rule.overlapping(cand.content)
        if r.cue is not None and r.source is not None and r.cue != cand.cue
        and (_inside(r.cue, cand.content) and _inside(r.source, cand.content)
             # or a quotation it runs into whose own cue follows it ('X. "Y," said Z')
             or r.origin == "quote" and r.content[0] > cand.content[0] and min(r.cue[0], r.source[0]) >= cand.content[1])
        and (cand.source is None or overlap(r.source, cand.source) == 0)
    ]
    # only statements in a later sentence: one inside the same sentence is nested speech
    # ("X said that Y claimed Z"), which PolNeAR keeps inside the outer content
    own_end = max([x[1] for x in (cand.cue, cand.source) if x is not None] + [cand.content[0]])
    starts = [min(r.content[0], r.cue[0], r.source[0]) for r in foreign]
    starts = [x for x in starts
              if x > cand.content[0] and _SENTENCE_END.search(text, own_end if own_end < x else cand.content[0], x)]
    if not starts:
        return cand
    cut = min(starts)
    own = [x for x in (cand.cue, cand.source) if x is not None]
    if any(x[0] >= cut for x in own) or cut - cand.content[0] < 10:
        return None
    first = min((r for r in foreign if min(r.content[0], r.cue[0], r.source[0]) == cut), key=lambda r: r.cue)
    if _same_name(text, first.source, cand.source):
        return cand  # the same person quoted on ('"A," Lee said. "B," said Ann Lee')
    cand.content = (cand.content[0], len(text[:cut].rstrip(" \n\"“")))
    return cand


def _same_name(text: str, a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    """Whether two sources may name one speaker: either is a pronoun or no name, or they share a name."""
    if b is None:
        return True
    names_a = set(re.findall(r"\b[A-Z][\w'’\-]+", text[a[0]:a[1]])) - _NOT_NAMES
    names_b = set(re.findall(r"\b[A-Z][\w'’\-]+", text[b[0]:b[1]])) - _NOT_NAMES
    return not names_a or not names_b or bool(names_a & names_b)


def _drop_earlier_follow_on(cand: Candidate, rule: SpanIndex) -> Candidate:
    """A learned content that opens with a quotation continuing the previous speaker
    ('"... ," said A. "B." "C," said D'): the follow-on B is A's, so D's content starts
    at the quotation D's cue is attached to."""
    if cand.cue is None:
        return cand
    inside = rule.overlapping(cand.content)
    own = [r for r in inside if r.cue == cand.cue and r.content[0] > cand.content[0]]
    if not own:
        return cand
    start = min(r.content[0] for r in own)
    earlier = [r for r in inside if r.origin == "follow-on" and _inside(r.content, cand.content) and r.content[1] <= start]
    if earlier and start < cand.content[1]:
        cand.content = (start, cand.content[1])
    return cand


def merge_candidates(rule: list[Candidate], learned: list[Candidate], text: str = "",
                     options: AttributionOptions = DEFAULT_ATTRIBUTION) -> list[Candidate]:
    by_content = _contents(rule)
    learned = [c for c in learned if not _misread(c, by_content)]
    learned = [c for c in (_cut_at_other_speaker(c, by_content, text) for c in learned) if c is not None]
    learned = [_drop_earlier_follow_on(c, by_content) for c in learned]
    learned = [_fill(c, by_content) for c in learned]
    if options.drop_nocue:
        learned = [c for c in learned if c.cue is not None]
    if options.merge_policy == "rule":
        order = [rule, learned]
    elif options.merge_policy == "quote-learned-rule":
        order = [[c for c in rule if c.origin == "quote"], learned, [c for c in rule if c.origin != "quote"]]
    else:
        order = [learned, rule]
    kept: list[Candidate] = []
    index = _contents([])
    for group in order:
        for c in group:
            if not _covered(c, index):
                kept.append(c)
                index.add(c)
    kept.sort(key=lambda c: c.content)
    return kept
