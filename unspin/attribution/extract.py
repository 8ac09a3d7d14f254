"""Attribution extraction entry point.

Rule finders and the learned tagger propose candidates; the merge step picks
one per statement; only then are speakers, roles, channels, relays and hedges
resolved, so that a learned candidate with bare offsets is treated like a rule one.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from unspin.attribution import learned
from unspin.attribution.candidate import Candidate, overlap
from unspin.attribution.finders import quote_candidates, verb_candidates
from unspin.attribution.merge import merge_candidates
from unspin.attribution.quotes import find_quotes
from unspin.attribution.relay import relayed_by
from unspin.attribution.speakers import SpeakerResolver
from unspin.model import Attribution, Document, Entity, Hedge, Span

# which finder wins when two rule candidates claim the same content
_PRIORITY = {"quote": 0, "relay": 1, "verb": 2, "according-to": 3, "parataxis": 4, "perception": 5, "follow-on": 6}
_CHANNEL_AFTER_TELL = re.compile(r"\s+(?:the\s+)?([A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){0,4})")
_CHANNEL_PHRASE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:in an? (?:interview|statement|email|e-mail|post|op-ed|column|letter) (?:with|to|on|for)|to|on|in)\s+"
    r"(?:the\s+)?([A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){0,4})"
)
_CHANNEL_LEMMAS = frozenset({"tell", "inform", "assure"})
_STRAIGHT_OR_CURLY = re.compile('["\u201c\u201d]')


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    cands = sorted(cands, key=lambda c: (_PRIORITY.get(c.origin, 9), c.content))
    kept: list[Candidate] = []
    for c in cands:
        length = max(1, c.content[1] - c.content[0])
        if any(overlap(c.content, k.content) / length > 0.5 for k in kept):
            continue
        kept.append(c)
    return kept


def _in_any(span: tuple[int, int], spans: list[Span]) -> bool:
    return any(s.start < span[1] and span[0] < s.end for s in spans)


def extract_attributions(
    sdoc: Doc, document: Document, entities: list[Entity], hedges: list[Hedge]
) -> list[Attribution]:
    text = document.text
    boiler = document.boilerplate
    quotes = [q for q in find_quotes(text) if not _in_any(q.content, boiler)]
    quote_spans = [q.content for q in quotes]
    rule = quote_candidates(text, quotes) + verb_candidates(text, sdoc, quote_spans)
    rule = [c for c in _dedupe(rule) if not _in_any(c.content, boiler)]
    learned_cands = [c for c in learned.predict(sdoc) if not _in_any(c.content, boiler)]
    merged = [_enrich(c, rule) for c in merge_candidates(rule, learned_cands)]
    merged.sort(key=lambda c: min(x[0] for x in (c.content, c.cue, c.source) if x is not None))

    for c in merged:
        if c.source is not None:
            c.source = _trim_source(text, c.source)
    resolver = SpeakerResolver(sdoc, entities)
    out: list[Attribution] = []
    for c in merged:
        speaker = resolver.resolve(c.source, follow_on=c.origin == "follow-on" or c.source is None)
        ctype = c.type
        if c.origin == "learned" and ctype == "indirect":
            inner = text[c.content[0]:c.content[1]]
            if _STRAIGHT_OR_CURLY.search(inner):
                ctype = "mixed"
        att = Attribution(
            type=ctype if ctype in ("direct", "indirect", "mixed") else "indirect",
            content=document.span(*c.content),
            cue=document.span(*c.cue) if c.cue else None,
            source=document.span(*c.source) if c.source else None,
            speaker=speaker,
        )
        if c.cue is not None:
            att.channel = _channel(text, sdoc, c.cue, resolver)
        att.relayed_by = relayed_by(c, resolver)
        att.hedges = _hedges_for(c, sdoc, hedges)
        out.append(att)
    return out


def _enrich(cand: Candidate, rule: list[Candidate]) -> Candidate:
    """Give a learned candidate what the parse-based finder knew about the same statement.

    The tagger's content boundaries are kept, but it cannot see a relay ("A
    quoted B when it discussed that X") and reads sources token by token, so a
    rule candidate for the same content supplies the cue and source when it is
    a relay or shares the cue, and its source whenever the tagger found none.
    """
    if cand.origin == "rule" or cand in rule:
        return cand
    best = max(rule, key=lambda r: overlap(cand.content, r.content), default=None)
    if best is None:
        return cand
    length = max(1, min(cand.content[1] - cand.content[0], best.content[1] - best.content[0]))
    if overlap(cand.content, best.content) / length < 0.5:
        return cand
    same_cue = cand.cue is not None and best.cue is not None and overlap(cand.cue, best.cue) > 0
    if best.origin == "relay" or same_cue or cand.cue is None:
        cand.cue, cand.source = best.cue or cand.cue, best.source or cand.source
        cand.extra = {**best.extra, **(cand.extra or {})}
        if best.type == "mixed" and cand.type == "indirect":
            cand.type = "mixed"
    elif cand.source is None:
        cand.source = best.source
    return cand


def _trim_source(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Source spans start and end on a word: scraped text leaves markup around names."""
    a, b = span
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in ".)"):
        b -= 1
    return (a, b) if b > a else None


def _channel(text: str, sdoc: Doc, cue: tuple[int, int], resolver: SpeakerResolver) -> str | None:
    span = sdoc.char_span(cue[0], cue[1], alignment_mode="expand")
    lemma = span.root.lemma_.lower() if span is not None and len(span) else text[cue[0]:cue[1]].lower()
    if lemma in _CHANNEL_LEMMAS:
        m = _CHANNEL_AFTER_TELL.match(text, cue[1])
    else:
        m = _CHANNEL_PHRASE.match(text, cue[1])
        if m and not re.search(r"interview|statement|email|e-mail|post|op-ed|column|letter|\bon\b", m.group(0)):
            m = None
    if not m:
        return None
    a, b = m.span(1)
    return resolver.name_of(a, b)


def _hedges_for(c: Candidate, sdoc: Doc, hedges: list[Hedge]) -> list[Hedge]:
    spans = [x for x in (c.content, c.cue, c.source) if x is not None]
    a = min(s[0] for s in spans)
    b = max(s[1] for s in spans)
    # widen to the sentence of the cue: "Russian forces reportedly ..., although ... experts"
    anchor = c.cue or c.content
    tok = sdoc.char_span(anchor[0], anchor[1], alignment_mode="expand")
    if tok is not None and len(tok):
        sent = tok[0].sent
        a, b = min(a, sent.start_char), max(b, sent.end_char)
    return [h for h in hedges if a <= h.span.start and h.span.end <= b]
