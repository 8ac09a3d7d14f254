"""Hedges: words and phrases that weaken or qualify a claim."""

from __future__ import annotations

from spacy.tokens import Doc

from unspin.model import Document, Hedge


def find_hedges(sdoc: Doc, document: Document) -> list[Hedge]:
    return []
