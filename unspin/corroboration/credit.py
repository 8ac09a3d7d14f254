"""Whom a report credits for the claim: the attribution of its evidence passage, from the
analysis stored by ``ingest --analyze`` or, for a document stored without one, from an
analysis of the document made on the spot (the same pipeline as ``analyze``).

``credited`` is the chain first source first, outermost relay last: "according to Reuters,
the WHO said" gives ["WHO", "Reuters"] (the attribution's speaker, then its ``relayed_by``,
which lists relays outermost first, reversed). A channel ("told Newsweek") is a conduit, not
a source, and is not credited. An empty list: the report states it in its own voice. What a
source produced stands for the source: "according to a count by The Associated Press" credits
the Associated Press, "Columbia University's new model" Columbia University.
"""

from __future__ import annotations

import re

from unspin.model import Span


def chain(att: dict) -> list[str]:
    speaker = att.get("speaker") or {}
    name = speaker.get("name")
    if not name:
        return []
    name = _producer(name, [v.get("text", "") for v in speaker.get("via") or []])
    return [name] + [r for r in reversed(att.get("relayed_by") or []) if r and r != name]


# "new estimates from Columbia University disease modelers", "a count by The Associated Press"
_MADE_BY = re.compile(r"\b(?:from|by|of)\s+((?:[Tt]he\s+)?[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and|the|de)\s+)*[A-Z][\w.&'’-]*)*)")


def _producer(name: str, mentions: list[str]) -> str:
    """The source behind a speaker that is what it produced: "A Reuters analysis" is Reuters;
    a description ("new estimates", "count") is the maker named in the mention the speaker
    was resolved from ("a count by The Associated Press"); else the name as it stands."""
    source = source_name(name)
    if source is not None:
        return source
    for text in mentions:
        m = _MADE_BY.search(text)
        if m:
            return m.group(1)
    return name


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


# what a source produced rather than who it is: "A Reuters analysis found" credits Reuters,
# "the report said" credits no one the reader can check
_ARTIFACTS = frozenset("analysis analyses count counts report reports study studies survey surveys poll polls "
                       "data estimate estimates manuscript article articles paper papers review tally figures "
                       "statistics findings research model models journal".split())
NAME_GLUE = frozenset({"of", "for", "and", "the", "on", "de"})  # words inside a name, not of it


def initials(words: list[str]) -> str:
    """The initials of a name's words, its glue words left out ("Department of Labor": DL)."""
    return "".join(w[0] for w in words if w.lower() not in NAME_GLUE and w[:1].isalpha())
# what may stand between a source's possessive and what it produced ("its new model")
_PRODUCT_WORDS = frozenset("new latest recent own first updated weekly monthly annual early preliminary "
                           "final internal".split())


def source_name(name: str | None) -> str | None:
    """The source a credited name stands for: "Reuters analysis" is Reuters, "MacLeod's
    article" MacLeod; a bare "the report" or "very early data released by ..." names no one
    the reader can check (None)."""
    if name is None:
        return None
    words = name.split()
    if words and words[0].casefold() in ("a", "an", "the"):
        words = words[1:]
    bare = [_unpossessed(w).casefold() for w in words]
    if not words or not any(w in _ARTIFACTS for w in bare):
        return name
    owner = next((i for i, w in enumerate(words) if w.endswith(("'s", "’s"))), None)
    if owner is not None and words[0][:1].isupper() and all(b in _ARTIFACTS or b in _PRODUCT_WORDS
                                                             for b in bare[owner + 1:]):
        return _unpossessed(" ".join(words[:owner + 1]))  # "Columbia University's New Model"
    if not words[0][:1].isupper():
        return None  # a description ("new estimates", "very early data released by ...")
    kept = list(words)  # what it produced follows the name: "Reuters analysis", not "Study of War"
    while kept and (_unpossessed(kept[-1]).casefold() in _ARTIFACTS or not kept[-1][:1].isupper()):
        kept.pop()
    return _unpossessed(" ".join(kept)) or None


def _unpossessed(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


