"""Attribution extraction entry point."""

from __future__ import annotations

from spacy.tokens import Doc

from unspin.model import Attribution, Document, Entity, Hedge


def extract_attributions(
    sdoc: Doc, document: Document, entities: list[Entity], hedges: list[Hedge]
) -> list[Attribution]:
    return []
