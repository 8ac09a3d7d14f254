"""Named entities with one canonical name per entity."""

from __future__ import annotations

from spacy.tokens import Doc

from unspin.model import Document, Entity, Span


def find_entities(sdoc: Doc, document: Document) -> list[Entity]:
    return [
        Entity(Span.of(document.text, e.start_char, e.end_char), e.label_, e.text)
        for e in sdoc.ents
    ]
