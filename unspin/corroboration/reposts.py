"""Reposted passages: two reports that print the same run of sentences are one report.

``trace`` finds copies of a document as a whole, or of large parts of it. A digest that
reposts an article's first paragraphs among a dozen other stories, or a live page that
reprints an outlet's opening, covers too little of either side to be called a copy there,
yet for corroboration it is the same report, not a second source. Sharing a quotation is
not reposting: two articles that quote the same statement in words of their own are
independent, so a reposted run must hold a sentence in the writer's own words (enough of
its words outside quotation marks, which may open sentences before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from unspin.attribution.quotes import find_quotes
from unspin.provenance import align as al

# Sentences in a row (each near-verbatim, in order on both sides, skipping at most one
# sentence: a splitter that cut elsewhere, a dropped line) that make a repost. ReCOVery dev
# gold (bench/eval_corroborate.py): True Pundit's digest and En Volve (4 in a row), USA
# Today's live page and its story (3); two reports sharing one quoted statement share 1-2.
REPOST_RUN = 3
REPOST_DICE = 0.8  # word overlap of two sentences that are one sentence reprinted
# words outside quotations that make a sentence the writer's own, when they are at least as
# many as those inside ("... Trump said when asked about a possible second wave while in
# Michigan", not "Really, it's a badge of honor," he said, nor a statement read out in full)
OWN_WORDS = 6
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Printed:
    """A stored document as the aligner sees it, and which sentences are the writer's own."""

    side: al.Side
    own: list[bool]


def printed(store, rowid: int) -> Printed:
    doc, rows = store.doc(rowid), store.sentences(rowid)
    usable = np.asarray(rows.words, dtype=np.int64) >= al.MIN_WORDS
    quoted = np.zeros(len(doc.text) + 1, dtype=np.int32)
    for q in find_quotes(doc.text):
        quoted[q.start] += 1
        quoted[q.end] -= 1
    inside = np.cumsum(quoted) > 0
    own = [_own([inside[m.start()] for m in _WORD.finditer(doc.text, s, e)]) for s, e in rows.spans]
    return Printed(al.Side(doc.text, rows.spans, rows.vecs, usable, rows.lex), own)


def _own(quoted: list[bool]) -> bool:
    outside = quoted.count(False)
    return outside >= OWN_WORDS and outside >= len(quoted) - outside


def reposted(a: Printed, b: Printed) -> bool:
    """Whether ``a`` prints a run of REPOST_RUN sentences of ``b`` near-verbatim, one of
    them in the writers' own words on both sides."""
    pairs = sorted((p for p in al.align(a.side, b.side).pairs if p.dice >= REPOST_DICE), key=lambda p: p.copy)
    run, own, prev = 0, False, None
    for p in pairs:
        follows = prev is not None and 0 < p.copy - prev.copy <= 1 + al.RUN_SKIP \
            and 0 < p.source - prev.source <= 1 + al.RUN_SKIP
        run, own = (run + 1, own) if follows else (1, False)
        own = own or (a.own[p.copy] and b.own[p.source])
        if run >= REPOST_RUN and own:
            return True
        prev = p
    return False
