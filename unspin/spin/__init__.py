"""Evidence of machine spinning or round-trip translation visible without a source.

:func:`detect_spin` runs one detector per family (each a plain function in its
own module) and combines what they find into a :class:`~unspin.model.Spin`.
Two kinds of evidence add up differently: marks that clean news practically
never has (a mangled name, a tortured phrase) count one by one, while word
choice (:mod:`unspin.spin.wording`: odd collocations, rare words), which clean
news has at some rate, counts by how far the text's rate exceeds clean news'.
"""

from __future__ import annotations

import math

from spacy.tokens import Doc

from unspin.text.tokens import count

from unspin.model import Attribution, Document, Entity, Spin, SpinEvidence
from unspin.spin.fragments import find_broken_words, find_fragments
from unspin.spin.literal import find_literal_translations
from unspin.spin.names import find_mangled_names
from unspin.spin.pronouns import find_pronoun_mismatches
from unspin.spin.quotes import find_unclosed_quotes
from unspin.spin.spelling import find_inconsistent_spellings
from unspin.spin.tortured import find_tortured_phrases
from unspin.spin.wording import ODD, RARE, WordingStats, find_wording, wording_excess, wording_stats

# How much one piece of evidence of each kind says about spinning.
WEIGHTS = {
    "mangled-name": 1.5,
    "tortured-phrase": 1.5,
    "literal-translation": 1.0,
    "pronoun-mismatch": 1.0,
    "inconsistent-spelling": 1.0,
    "broken-word": 1.0,
    "fragment": 0.8,
    "unclosed-quote": 0.6,
}
# evidence per 1,000 words (weighted) at which the score reaches 1 - 1/e
SCALE = 8.0
MIN_WORDS = 400  # short texts are scored as if this long: one mark in a brief is not a pattern


_RATE_KINDS = frozenset((ODD, RARE))  # scored by wording_excess, not one by one


def spin_score(evidence: list[SpinEvidence], n_words: int, wording: float = 0.0) -> float:
    """1 - exp(-(weighted density + wording excess)): per kind, repeated marks count less
    than new kinds; ``wording`` is :func:`~unspin.spin.wording.wording_excess`."""
    by_kind: dict[str, int] = {}
    for e in evidence:
        if e.kind not in _RATE_KINDS:
            by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
    weighted = sum(WEIGHTS.get(k, 1.0) * (1 + math.log(n)) for k, n in by_kind.items())
    density = weighted * 1000.0 / max(n_words, MIN_WORDS)
    return round(1.0 - math.exp(-density / SCALE - wording), 4)


def find_spin_evidence(
    sdoc: Doc,
    document: Document,
    entities: list[Entity],
    attributions: list[Attribution],
    wording: WordingStats | None = None,
) -> list[SpinEvidence]:
    found: list[SpinEvidence] = []
    found += find_mangled_names(sdoc, document, entities)
    found += find_inconsistent_spellings(sdoc, document, entities)
    found += find_tortured_phrases(document)
    found += find_literal_translations(sdoc, document)
    found += find_pronoun_mismatches(sdoc, document, entities, attributions)
    found += find_broken_words(sdoc, document)
    found += find_fragments(document)
    found += find_unclosed_quotes(document)
    found += find_wording(sdoc, document, wording)
    boiler = document.boilerplate
    found = [e for e in found if not any(b.overlaps(e.span) for b in boiler)]
    found.sort(key=lambda e: (e.span.start, e.span.end, e.kind))
    return found


def detect_spin(
    sdoc: Doc,
    document: Document,
    entities: list[Entity] | None = None,
    attributions: list[Attribution] | None = None,
) -> Spin:
    """Spin evidence in one parsed document, with a score in [0, 1]."""
    wording = wording_stats(sdoc, document.boilerplate)
    evidence = find_spin_evidence(sdoc, document, entities or [], attributions or [], wording)
    n_words = count(sdoc, "IS_ALPHA")
    return Spin(score=spin_score(evidence, n_words, wording_excess(wording)), evidence=evidence)


__all__ = ["detect_spin", "find_spin_evidence", "spin_score"]
