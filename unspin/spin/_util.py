"""Small helpers shared by the detector modules."""

from __future__ import annotations

from unspin.model import Document, Span, SpinEvidence


def evidence(document: Document, start: int, end: int, kind: str, explanation: str) -> SpinEvidence:
    text = document.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return SpinEvidence(span=Span.of(text, start, end), kind=kind, explanation=explanation)
