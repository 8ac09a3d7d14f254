"""Whom a report credits for the claim: the attribution of its evidence passage, from the
analysis stored by ``ingest --analyze`` or, for a document stored without one, from an
analysis of the document made on the spot (the same pipeline as ``analyze``).

``credited`` is the chain first source first, outermost relay last: "according to Reuters,
the WHO said" gives ["WHO", "Reuters"] (the attribution's speaker, then its ``relayed_by``,
which lists relays outermost first, reversed). A channel ("told Newsweek") is a conduit, not
a source, and is not credited. An empty list: the report states it in its own voice.
"""

from __future__ import annotations

from unspin.model import Span


def chain(att: dict) -> list[str]:
    name = (att.get("speaker") or {}).get("name")
    if not name:
        return []
    return [name] + [r for r in reversed(att.get("relayed_by") or []) if r and r != name]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_attribution(attributions: list[dict], span: tuple[int, int], offset: int = 0) -> dict | None:
    """The attribution whose content covers most of the span (offsets shifted by ``offset``)."""
    best, most = None, 0
    for a in attributions:
        c = a.get("content") or {}
        got = _overlap((c.get("start", 0) + offset, c.get("end", 0) + offset), span)
        if got > most:
            best, most = a, got
    length = max(1, span[1] - span[0])
    return best if most >= 0.3 * length else None


def credited(attributions: list[dict], evidence: Span) -> list[str]:
    """The chain credited for the evidence passage by a document's attributions."""
    att = best_attribution(attributions, (evidence.start, evidence.end))
    return chain(att) if att else []


def document_attributions(corpus, rowid: int, text: str) -> list[dict]:
    """A stored document's attributions: the stored analysis (``ingest --analyze``), else an
    analysis of the whole document made now (speakers are resolved through the article)."""
    import json

    stored = corpus.store.analysis(rowid) if corpus.store.has_analyses() else None
    if stored is not None:
        return json.loads(stored).get("attributions", [])
    import unspin

    return unspin.analyze(text).to_dict()["attributions"]
