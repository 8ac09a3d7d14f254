"""Evidence of machine spinning or round-trip translation visible without a source.

:func:`detect_spin` runs one detector per family (each a plain function in its
own module) and combines what they find into a :class:`~unspin.model.Spin`.
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


def spin_score(evidence: list[SpinEvidence], n_words: int) -> float:
    """1 - exp(-weighted density): per kind, repeated marks count less than new kinds."""
    by_kind: dict[str, int] = {}
    for e in evidence:
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
    weighted = sum(WEIGHTS.get(k, 1.0) * (1 + math.log(n)) for k, n in by_kind.items())
    density = weighted * 1000.0 / max(n_words, MIN_WORDS)
    return round(1.0 - math.exp(-density / SCALE), 4)


def find_spin_evidence(
    sdoc: Doc, document: Document, entities: list[Entity], attributions: list[Attribution]
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
    evidence = find_spin_evidence(sdoc, document, entities or [], attributions or [])
    n_words = count(sdoc, "IS_ALPHA")
    return Spin(score=spin_score(evidence, n_words), evidence=evidence)


__all__ = ["detect_spin", "find_spin_evidence", "spin_score"]
