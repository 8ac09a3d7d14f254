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
from unspin.provenance.normalise import sentence_spans


def chain(att: dict) -> list[str]:
    """The credited chain; a speaker that is no source (a pronoun, a quantity) is left out,
    so the chain falls back to the next credited source, or to nobody."""
    speaker = att.get("speaker") or {}
    relays = [r for r in reversed(att.get("relayed_by") or []) if r and is_source(r)]
    name = speaker.get("name")
    if not name:
        return relays
    name = _producer(name, [v.get("text", "") for v in speaker.get("via") or []], att.get("places") or ())
    if not is_source(name):
        return relays
    name = fullest(name, att.get("people") or ())
    return [name] + [r for r in relays if r != name]


def fullest(name: str, people) -> str:
    """A lone surname ("MacLeod") is the one full name the document gives that ends with it
    ("Alan MacLeod"); a surname two people share, or none has, stays as it is."""
    if " " in name or not name[:1].isupper():
        return name
    full = {p for p in people if p.split()[-1] == name}
    return full.pop() if len(full) == 1 else name


# pronouns the speaker resolution left unresolved, contracted forms included ("they're")
_PRONOUNS = frozenset("i we you he she it they me us him her them one someone somebody who this that these "
                      "those".split())
# how a quantity opens: "More than 36 million people", "many scientists", "3,000 doctors"
_QUANTITY = re.compile(r"\d|(?:dozens|hundreds|thousands|millions|billions|many|several|few|more|fewer|some|most|"
                       r"over|about|nearly|almost|roughly|around)$", re.IGNORECASE)


def demojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 or Latin-1, read again ("theyâ\x80\x99re" is "they’re");
    text that does not round-trip is returned as it stands."""
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def is_source(name: str) -> bool:
    """Whether a credited name can be an origin: a pronoun ("they", "they're", mojibake
    decoded) or a quantity ("More than 36 million people", "many scientists") never is."""
    words = re.findall(r"\w+(?:['’]\w+)?", demojibake(name))
    if not words:
        return False
    if len(words) == 1 and not words[0].isupper() and re.split(r"['’]", words[0])[0].casefold() in _PRONOUNS:
        return False  # "they", "They're"; not "WHO"
    return not _QUANTITY.match(words[0])


# "new estimates from Columbia University disease modelers", "a count by The Associated Press",
# "an analysis ... published in the Lancet", "the medical journal The Lancet"; a name stops at
# "and the", where a second source begins ("reports in the Guardian and the Telegraph")
_NAME = r"((?:[Tt]he\s+)?[A-Z][\w.&'’-]*(?:\s+(?!and\s+[Tt]he\b)(?:(?:of|for|and|the|de)\s+)*[A-Z][\w.&'’-]*)*)"
_MADE_BY = re.compile(r"\b(?:from|by|of|in|journal|newspaper|magazine|paper|agency|outlet|site)\s+" + _NAME)


_DATELINE = re.compile(r"\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)\s*(?:\([^)]*\))?\s*[:—–]\s*" + _NAME)


def _producer(name: str, mentions: list[str], places=()) -> str:
    """The source behind a speaker that is what it produced: "A Reuters analysis" is Reuters;
    a description ("new estimates", "count") is the maker named in the mention the speaker
    was resolved from ("a count by The Associated Press"), never a place the document names
    ("a study in Italy"); else the name as it stands."""
    for text in mentions:  # a dateline before the source: "New Delhi: The Indian Council ..."
        m = _DATELINE.match(text)
        if m and m.group(1) == name:
            return m.group(2)
    source = source_name(name)
    if source is not None:
        return source
    for text in mentions:
        for m in _MADE_BY.finditer(text):
            if _bare(m.group(1)) not in places:
                return m.group(1)
    return name


def _bare(name: str) -> str:
    return re.sub(r"^the\s+", "", name.casefold())


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_attribution(attributions: list[dict], span: tuple[int, int], offset: int = 0,
                     share: float = 0.3) -> dict | None:
    """The attribution whose content covers most of the span (offsets shifted by ``offset``),
    if it covers ``share`` of it."""
    best, most = None, 0
    for a in attributions:
        c = a.get("content") or {}
        got = _overlap((c.get("start", 0) + offset, c.get("end", 0) + offset), span)
        if got > most:
            best, most = a, got
    length = max(1, span[1] - span[0])
    return best if most >= share * length else None


def credited(attributions: list[dict], evidence: Span) -> list[str]:
    """The chain credited for the evidence passage by a document's attributions: the one
    that covers most of the passage, else, for a passage of several sentences, one that
    carries most of its first ("X, according to The Associated Press. In a count published
    Friday, ..."). FIRST_SENTENCE_SHARE, by eval_corroborate's dev reports: the first
    sentence's attribution was right at 0.74 and 0.76 of it (usa_today#32, natural_news#3),
    wrong at 0.36 (a clause of it: usa_today#32 on DeSantis) and at 0.54 (geller_report#6,
    CNBC, a relay the attribution took for the speaker)."""
    att = best_attribution(attributions, (evidence.start, evidence.end))
    spans = sentence_spans(evidence.text)
    if att is None and len(spans) > 1:
        first = (evidence.start + spans[0][0], evidence.start + spans[0][1])
        att = best_attribution(attributions, first, share=FIRST_SENTENCE_SHARE)
    return chain(att) if att else []


FIRST_SENTENCE_SHARE = 0.5  # the share of its first sentence (see credited)


# An analysis made on the spot reads the document up to the end of the paragraph this far
# past what it is asked about (_paragraph_end): on the documents of the dev gold's 78 reports
# the credit is the whole document's for all 78, at 0.10 s a document against 0.20 s
CREDIT_AFTER = 400


def document_attributions(corpus, rowid: int, text: str, upto: int | None = None) -> tuple[int, list[dict]]:
    """How far the text was read, and a stored document's attributions (``with_people``): the
    stored analysis (``ingest --analyze``), else an analysis made now of the document up to
    the paragraph CREDIT_AFTER past ``upto`` (speakers are resolved through the article
    before it; None: the whole document)."""
    import json

    stored = corpus.store.analysis(rowid) if corpus.store.has_analyses() else None
    if stored is not None:
        return len(text), with_people(json.loads(stored))
    import unspin

    cut = len(text) if upto is None else _paragraph_end(text, corpus.store.sentences(rowid).spans, upto + CREDIT_AFTER)
    return cut, with_people(unspin.analyze(text[:cut]).to_dict())


def _paragraph_end(text: str, spans: list[tuple[int, int]], at: int) -> int:
    """The end of the paragraph holding offset ``at``, or of the sentence CREDIT_AFTER
    further when the paragraph runs on (a text without line breaks is one paragraph)."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    later = next((b for _, b in spans if b >= at + CREDIT_AFTER), len(text))
    return min(end, later)


# the tagger's label for a person, and those it most often gives a person's name instead
# (sputnik_news#8: "Alan MacLeod" as WORK_OF_ART)
_PERSON_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART"})


def _personal(name: str) -> bool:
    """A name shaped like a person's: two or three capitalised words, none of them glue."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.casefold() not in NAME_GLUE for w in words)


def with_people(analysis: dict) -> list[dict]:
    """An analysis's attributions, each given the full names of the people the document
    names ("people", read by ``chain`` to name a lone surname in full) and the places it
    names ("places", which make nothing)."""
    people = sorted({e["canonical"] for e in analysis.get("entities", [])
                     if e.get("label") in _PERSON_LABELS and _personal(e.get("canonical") or "")})
    places = sorted({_bare(e.get(k) or "") for e in analysis.get("entities", []) if e.get("label") in ("GPE", "LOC")
                     for k in ("text", "canonical")})
    attributions = analysis.get("attributions", [])
    for att in attributions:
        att["people"], att["places"] = people, places
    return attributions


# what a source produced rather than who it is: "A Reuters analysis found" credits Reuters,
# "the report said" credits no one the reader can check
_ARTIFACTS = frozenset("analysis analyses count counts report reports study studies survey surveys poll polls "
                       "data estimate estimates manuscript article articles paper papers review tally figures "
                       "statistics findings research model models journal statement statements release releases "
                       "announcement letter memo document documents".split())
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
    while kept and (not kept[-1][:1].isupper() or _unpossessed(kept[-1]).casefold() in _ARTIFACTS
                    and not NAME_GLUE & {w.casefold() for w in kept[1:-1]}):
        kept.pop()  # a capitalised one after a glue word is the name's: "Bureau of Labor Statistics"
    return _unpossessed(" ".join(kept)) or None


def _unpossessed(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


