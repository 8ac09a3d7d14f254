"""A token tagger trained on PolNeAR train that proposes attribution candidates."""

from __future__ import annotations

from spacy.tokens import Doc

from unspin.attribution.candidate import Candidate


def predict(sdoc: Doc) -> list[Candidate]:
    """Candidates proposed by the learned tagger (none until a model is trained)."""
    return []
