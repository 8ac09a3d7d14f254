"""Attribution extraction entry point.

Rule finders and the learned tagger propose candidates; the merge step picks
one per statement; only then are speakers, roles, channels, relays and hedges
resolved, so that a learned candidate with bare offsets is treated like a rule one.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from unspin.attribution import learned
from unspin.attribution.learned.features import CUE_LEMMAS
from unspin.attribution.candidate import Candidate, SpanIndex, overlap
from unspin.attribution.cues import SPEECH_LEMMAS
from unspin.attribution.finders import quote_candidates, verb_candidates
from unspin.attribution.merge import merge_candidates
from unspin.attribution.quotes import find_quotes
from unspin.attribution.relay import relayed_by
from unspin.attribution.speakers import SpeakerResolver
from unspin.model import Attribution, Document, Entity, Hedge, Span
from unspin.options import DEFAULT_ATTRIBUTION, AttributionOptions

# which finder wins when two rule candidates claim the same content
_PRIORITY = {"quote": 0, "relay": 1, "verb": 2, "according-to": 3, "parataxis": 4, "perception": 5, "follow-on": 6}
# a channel's whole name: "BBC Radio 4's Today programme", "the Marrowby Courier"
_CHANNEL_WORD = r"(?:[A-Z][\w&.'’\-]*|\d+(?:['’]s)?)"
_CHANNEL_AFTER_TELL = re.compile(
    rf"\s+(?:the\s+)?([A-Z][\w&.'’\-]*(?:\s+{_CHANNEL_WORD}){{0,5}}(?:\s+(?:programme|program|show|podcast))?)"
)
_CHANNEL_PHRASE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:in an? (?:interview|statement|email|e-mail|post|op-ed|column|letter) (?:with|to|on|for)|to|on|in)\s+"
    r"(?:the\s+)?([A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){0,4})"
)
# finders whose reading of a statement's structure the tagger cannot express
_STRUCTURAL = frozenset({"relay", "perception"})
_NOT_A_CHANNEL = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|Christmas|Easter|Election Day)\b"
)
_CHANNEL_LEMMAS = frozenset({"tell", "inform", "assure"})


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    cands = sorted(cands, key=lambda c: (_PRIORITY.get(c.origin, 9), c.content))
    kept: list[Candidate] = []
    index = SpanIndex(key=lambda c: c.content)
    for c in cands:
        length = max(1, c.content[1] - c.content[0])
        if any(overlap(c.content, k.content) / length > 0.5 for k in index.overlapping(c.content)):
            continue
        kept.append(c)
        index.add(c)
    return kept


def _in_any(span: tuple[int, int], spans: list[Span]) -> bool:
    return any(s.start < span[1] and span[0] < s.end for s in spans)


def extract_attributions(
    sdoc: Doc, document: Document, entities: list[Entity], hedges: list[Hedge], use_learned: bool = True,
    *, options: AttributionOptions | None = None, resources=None,
) -> list[Attribution]:
    """``use_learned=False`` runs the rule finders alone: about a third of the cost, for
    callers that need speakers of quotations and cue verbs more than recall (``diff``).
    ``options`` (default :data:`~unspin.options.DEFAULT_ATTRIBUTION`) and ``resources``
    (the learned tagger's; default ``Resources.default()``) are passed down explicitly."""
    options = options or DEFAULT_ATTRIBUTION
    text = document.text
    boiler = document.boilerplate
    quotes = [q for q in find_quotes(text) if not _in_any(q.content, boiler)]
    quote_spans = [q.content for q in quotes]
    rule = quote_candidates(text, quotes) + verb_candidates(text, sdoc, quote_spans)
    rule = [c for c in _dedupe(rule) if not _in_any(c.content, boiler)]
    learned_cands = [
        c for c in learned.predict(sdoc, resources, options)
        if not _in_any(c.content, boiler) and (not options.cue_filter or _plausible_cue(sdoc, c))
    ] if use_learned else []
    learned_cands = [_passive_agent(sdoc, c) for c in learned_cands]
    merged = _restore_structural(merge_candidates(rule, learned_cands, text, options), rule)
    merged = _source_not_content(merged, rule)
    merged = _same_statement([_cut_at_coordinate_subject(sdoc, _enrich(c, rule)) for c in merged], text)
    merged = [_unnamed_asker(sdoc, _inherited_subject(sdoc, _subject_of_own_sentence(sdoc, c))) for c in merged]
    if options.split_follow_on:
        merged = [piece for c in merged for piece in _split_at_final_cue(text, c)]
    # a content of no word is a mark the tagger read as one ('"' before "They themselves say")
    merged = [c for c in merged if any(ch.isalnum() for ch in text[c.content[0]:c.content[1]])]
    for c in merged:
        if c.origin == "learned":
            c.type = _type_from_quotes(text, c.content, quotes, (c.cue, c.source))
    merged.sort(key=lambda c: min(x[0] for x in (c.content, c.cue, c.source) if x is not None))

    for c in merged:
        if c.source is not None:
            c.source = _trim_source(text, c.source)
    resolver = SpeakerResolver(sdoc, entities, [c.content for c in merged])
    out: list[Attribution] = []
    for c in merged:
        carried = c.origin == "follow-on" or (c.source is None and not c.extra.get("unnamed"))
        speaker = resolver.resolve(c.source, follow_on=carried)
        ctype = c.type
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
    _attach_backward_hedges(out, sdoc, hedges)
    return out


# Nouns by which a later sentence refers back to a statement already reported:
# "The claim could not be independently verified."
_STATEMENT_NOUNS = frozenset(
    "claim report statement account assertion allegation figure number video footage "
    "information allegation remark comment estimate".split()
)


def _sentence_start_before(sent, n: int) -> int:
    """Start offset of the sentence n sentences before ``sent`` (or the document's start)."""
    doc = sent.doc
    i = sent.start
    for _ in range(n):
        if i == 0:
            break
        i = doc[i - 1].sent.start
    return doc[i].idx


def _attach_backward_hedges(atts: list[Attribution], sdoc: Doc, hedges: list[Hedge]) -> None:
    """Attach a verification hedge about "the claim"/"the report" to the statement it
    refers back to: the latest attribution that ends before the hedge's sentence."""
    for h in hedges:
        if h.kind != "unverified" or any(a.content.contains(h.span) for a in atts):
            continue
        span = sdoc.char_span(h.span.start, h.span.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        subjects = [t for t in root.children if t.dep_ in ("nsubjpass", "nsubj")]
        nouns = [t.lemma_.lower() for t in subjects if t.lemma_.lower() in _STATEMENT_NOUNS]
        if not nouns and not any(t.lower_ in ("this", "it") for t in subjects):
            continue
        sent_start = root.sent.start_char
        before = [a for a in atts if a.content.end <= sent_start]
        if before:
            # it qualifies the earlier statement, not one it merely stands beside
            for a in atts:
                if h in a.hedges:
                    a.hedges.remove(h)
            # "the report" names the statement whose cue was "reported", if there is one
            # within the two sentences before; otherwise the latest statement
            recent = [a for a in before if a.content.end >= _sentence_start_before(root.sent, 2)]
            named = [a for a in recent if a.cue is not None and nouns and a.cue.text.lower().startswith(nouns[0][:5])]
            target = max(named or before, key=lambda a: a.content.end)
            target.hedges.append(h)
            target.hedges.sort(key=lambda x: x.span.start)


# after a cue that ends its sentence, a quotation opening the next one: '..." he said. "'
_AFTER_FINAL_CUE = re.compile(r"[^\"“”\n]{0,80}?[.!?]\s+(?=[\"“])")
_CLOSE_QUOTE = re.compile(r"[,.!?]?[\"”]\s*$")


def _split_at_final_cue(text: str, cand: Candidate) -> list[Candidate]:
    """'"A," she said. "B."' (or 'A, she said. "B."') as one learned content (PolNeAR's reading) is two statements by
    speakers-dev's guidelines: A with the cue and source, and B a follow-on quotation of the
    same speaker (no cue, no source)."""
    if cand.origin != "learned" or cand.cue is None or cand.source is None:
        return [cand]
    a, b = cand.content
    first = min(cand.cue[0], cand.source[0])
    last = max(cand.cue[1], cand.source[1])
    if not a < first or not last < b:
        return [cand]
    m = _AFTER_FINAL_CUE.match(text, last, b)
    if m is None or b - m.end() < 12:
        return [cand]
    end = len(text[:first].rstrip(" ,"))  # 'It was a reality, she said. "If ..."' too
    quoted = _CLOSE_QUOTE.search(text, a, end) is not None
    head = Candidate((a, end), cand.cue, cand.source, "direct" if quoted else cand.type, cand.origin,
                     cand.score, dict(cand.extra))
    tail = Candidate((m.end(), b), None, None, "direct", "follow-on", cand.score, {})
    return [head, tail]


def _cue_tokens(sdoc: Doc, cand: Candidate):
    """The tokens of the candidate's cue (none when it has no cue or the span cuts no token)."""
    if cand.cue is None:
        return ()
    return sdoc.char_span(cand.cue[0], cand.cue[1], alignment_mode="expand") or ()


def _cue_verb(sdoc: Doc, cand: Candidate):
    """The cue's first verb (or auxiliary), or None."""
    return next((t for t in _cue_tokens(sdoc, cand) if t.pos_ in ("VERB", "AUX")), None)


def _cut_at_coordinate_subject(sdoc: Doc, cand: Candidate) -> Candidate:
    """A content that runs on into a clause coordinated with its cue and with a subject of its
    own ('Mr Blair said he left "without a stain" but Tory Dominic Grieve branded ...') ends
    before that clause: the words after it are the other subject's, not the speaker's."""
    if cand.cue is None or cand.source is None:
        return cand
    verb = _cue_verb(sdoc, cand)
    if verb is None:
        return cand
    a, b = cand.content
    for conj in verb.children:
        if conj.dep_ != "conj" or not a < conj.idx < b or conj.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in conj.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ != "PROPN" or cand.source[0] <= subj.idx < cand.source[1]:
            continue  # only another named speaker: "... but Tory Dominic Grieve branded"
        cc = next((c for c in verb.children if c.dep_ == "cc" and c.i < conj.i and c.idx > a), None)
        cut = (cc or conj.left_edge).idx
        end = len(sdoc.text[:cut].rstrip(" ,;"))
        if end - a >= 10:
            cand.content = (a, end)
        break
    return cand


# how a cue verb with no subject of its own hangs from the verb whose subject it shares:
# "Trump went after Bush, calling him ..." (advcl), "Carson took the stage and called ..."
# (conj), "is expected to endorse" (xcomp)
_SHARES_SUBJECT = frozenset({"advcl", "conj", "xcomp"})


def _inherited_subject(sdoc: Doc, cand: Candidate) -> Candidate:
    """A cue verb without a subject says what the subject of the verb it hangs from says:
    that subject is the statement's source ('Trump went after Bush, calling him "a total
    stiff"' is Trump's), where the tagger found none and the speaker would otherwise be
    carried over from an earlier statement."""
    if cand.cue is None or cand.source is not None:
        return cand
    verb = _cue_verb(sdoc, cand)
    for _ in range(3):  # "..., hoping to avoid" climbs xcomp then advcl
        if verb is None or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            return cand  # its own subject (a clause the tagger read wrong is not mended here)
        if verb.dep_ not in _SHARES_SUBJECT or verb.head.i == verb.i:
            return cand
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in ("it", "there", "this", "that", "which") or cand.content[0] <= subj.idx < cand.content[1]:
                return cand
            cand.source = (subj.left_edge.idx, subj.idx + len(subj.text))
            return cand
    return cand


def _subject_of_own_sentence(sdoc: Doc, cand: Candidate) -> Candidate:
    """A source the tagger took from another sentence, where the cue verb has a subject of its
    own: 'the co-chairman of the Conservative Party, Liam Fox, on Saturday called him "a
    disappointment of historic proportions" as a prime minister. Mr Blair said ...' is Fox's
    (speakers-own politics/414)."""
    if cand.cue is None or cand.source is None or len(sdoc.text[cand.cue[0]:cand.cue[1]].split()) > 4:
        return cand
    verb = _cue_verb(sdoc, cand)
    if verb is None or verb.sent.start_char <= cand.source[0] < verb.sent.end_char:
        return cand
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        if subj.pos_ == "PRON" or cand.content[0] <= subj.idx < cand.content[1]:
            return cand
        cand.source = (subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
        return cand
    # a parse that lost the subject ("co-chairman" cut in three): the person the sentence
    # names before the verb
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return cand  # "after claiming ...": a participle's subject is its clause's (_inherited_subject)
    people = [e for e in verb.sent.ents if e.label_ == "PERSON" and e.end <= verb.i
              and not cand.content[0] <= e.start_char < cand.content[1]
              and not any(t.pos_ in ("VERB", "AUX") for t in sdoc[e.end:verb.i])]
    if people:
        cand.source = (people[-1].start_char, people[-1].end_char)
    return cand


def _unnamed_asker(sdoc: Doc, cand: Candidate) -> Candidate:
    """A question put to someone ("Asked whether X, ...", "Sanders was asked to name ...",
    "when asked about X") is the unnamed asker's, not the subject's, who is asked (a "by"
    agent is kept by _passive_agent): no source, and no speaker carried over from before."""
    if cand.cue is None:
        return cand
    ask = next((t for t in _cue_tokens(sdoc, cand) if t.lemma_.lower() == "ask" and t.tag_ == "VBN"), None)
    if ask is None or any(c.dep_ == "agent" for c in ask.children):
        return cand
    passive = any(c.dep_ == "auxpass" for c in ask.children) or not any(
        c.dep_ in ("nsubj", "aux") for c in ask.children)  # "Asked about ..., she said"
    if passive:
        cand.source = None
        cand.extra = {**(cand.extra or {}), "unnamed": True}
    return cand


def _passive_agent(sdoc: Doc, cand: Candidate) -> Candidate:
    """A passive cue's speaker is its "by" agent: 'Her comments have been described as
    "irresponsible" by the Islamic Human Rights Commission (IHRC)' is the commission's, not
    the speaker of the comments (the tagger reads a subject or a nearby source)."""
    if cand.cue is None:
        return cand
    verb = next((t for t in reversed(_cue_tokens(sdoc, cand)) if t.tag_ == "VBN"), None)
    if verb is None or not any(c.dep_ == "auxpass" for c in verb.children):
        return cand
    # the agent, or a "by" the parse hung lower ('described as "outrageous" by X') naming someone
    agent = next((c for c in verb.children if c.dep_ == "agent"), None) or next(
        (t for t in verb.subtree if t.i > verb.i and t.lower_ == "by" and any(
            c.dep_ == "pobj" and c.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") for c in t.children)), None)
    obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if obj is None:
        # "Mr Houston is alleged to have said that X": the passive's subject said it
        said = next((c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_LEMMAS), None)
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if said is not None and subj is not None and subj.pos_ != "PRON":
            cand.source = (subj.left_edge.idx, subj.idx + len(subj.text))
        return cand
    end = obj.idx + len(obj.text)
    for t in obj.rights:  # the name with its modifiers, not a bracketed acronym or a clause
        if t.dep_ in ("compound", "prep", "amod") and t.text != "(":
            end = t.right_edge.idx + len(t.right_edge.text)
        else:
            break
    cand.source = (obj.left_edge.idx, end)
    return cand


def _plausible_cue(sdoc: Doc, cand: Candidate) -> bool:
    """Whether a learned candidate's cue holds a word that can introduce a statement.

    The tagger sometimes tags a noun phrase as the cue ("A decision on whether
    ..."); a cue with no verb, no reporting noun and no colon is such a misread.
    """
    if cand.cue is None:
        return True
    span = sdoc.char_span(cand.cue[0], cand.cue[1], alignment_mode="expand")
    if span is None:
        return True
    return any(
        t.pos_ in ("VERB", "AUX") or t.lemma_.lower() in CUE_LEMMAS or t.text in (":", "—", "--")
        or t.lower_ in ("according", "to")
        for t in span
    )


def _enrich(cand: Candidate, rule: list[Candidate]) -> Candidate:
    """Give a learned candidate what the parse-based finder knew about the same statement.

    The tagger's content boundaries are kept, but it cannot see a relay ("A
    quoted B when it discussed that X") and reads sources token by token, so a
    rule candidate for the same content supplies the cue and source when it is
    a relay or shares the cue, and its source whenever the tagger found none.
    """
    if cand.origin != "learned":
        return cand
    # the rule statement with the same cue first: a follow-on quotation inside the learned
    # content may overlap it more ('..., and said X. "Y."')
    best = max(rule, key=lambda r: (overlap(cand.content, r.content) > 0 and _same_cue(cand, r),
                                    overlap(cand.content, r.content)), default=None)
    if best is None:
        return cand
    length = max(1, min(cand.content[1] - cand.content[0], best.content[1] - best.content[0]))
    if overlap(cand.content, best.content) / length < 0.5:
        return cand
    if best.origin in _STRUCTURAL:
        # the tagger has no notion of who relays whom or of a passive perceiver
        return best
    same_cue = cand.cue is not None and best.cue is not None and overlap(cand.cue, best.cue) > 0
    if best.origin == "relay" or same_cue or cand.cue is None:
        cand.cue, cand.source = best.cue or cand.cue, best.source or cand.source
        cand.extra = {**best.extra, **(cand.extra or {})}
        if best.type == "mixed" and cand.type == "indirect":
            cand.type = "mixed"
    elif cand.source is None:
        cand.source = best.source
    return cand


def _same_cue(a: Candidate, b: Candidate) -> bool:
    return a.cue is not None and b.cue is not None and overlap(a.cue, b.cue) > 0


def _is_structural(c: Candidate) -> bool:
    return c.origin in _STRUCTURAL or (c.extra or {}).get("paragraphs", 1) > 1


def _restore_structural(merged: list[Candidate], rule: list[Candidate]) -> list[Candidate]:
    """Put back rule candidates whose structure the tagger cannot see.

    The tagger labels one paragraph at a time and has no notion of relays or
    passive perceivers, so a quotation running over several paragraphs, a
    relay or a perception statement replaces the learned candidates that
    mostly lie inside it.
    """
    structural = [r for r in rule if _is_structural(r) and not any(r is m for m in merged)]
    if not structural:
        return merged
    out = []
    for m in merged:
        length = max(1, m.content[1] - m.content[0])
        # a learned content mostly inside the structural statement, or one that
        # swallows it whole and runs on into the next statement
        if m.origin == "learned" and any(
            overlap(m.content, s.content) / length >= 0.5
            or overlap(m.content, s.content) >= 0.8 * max(1, s.content[1] - s.content[0])
            for s in structural
        ):
            continue
        out.append(m)
    # the structural statements, then any rule statement the removed learned
    # contents had covered ("..., the newspaper reported" after a relay)
    for s in structural + [r for r in rule if not _is_structural(r)]:
        length = max(1, s.content[1] - s.content[0])
        if not any(overlap(s.content, m.content) / length >= 0.5 for m in out):
            out.append(s)
    out.sort(key=lambda c: c.content)
    return out


def _source_not_content(merged: list[Candidate], rule: list[Candidate]) -> list[Candidate]:
    """A learned content that opens inside (or with) a rule statement's source and runs over its cue
    ("after an NYU study, | which has not been peer-reviewed, found that it might ..." as what
    the FDA published) is that statement misread: the rule one replaces it."""
    out: list[Candidate] = []
    for m in merged:
        r = None if m.origin != "learned" else next(
            (r for r in rule if r.source and r.cue and r.source[0] <= m.content[0] < r.source[1]
             and m.content[0] <= r.cue[0] and r.cue[1] <= m.content[1]), None)
        if r is None:
            out.append(m)
        elif not any(x is r for x in merged) and not any(x is r for x in out):
            out.append(r)
    return out


def _same_statement(cands: list[Candidate], text: str = "") -> list[Candidate]:
    """Drop a candidate that repeats a kept one: same cue, overlapping content. A learned
    content the tagger stopped at a bracket ("it earned $10m | (£19.2m) in the third
    quarter") takes the end of the parse's content for the same cue."""
    kept: list[Candidate] = []
    by_cue: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        same = [k for k in by_cue.get(c.cue, ())] if c.cue is not None else []
        if any(overlap(c.content, k.content) for k in same):
            for k in same:
                if (k.origin == "learned" and c.origin != "learned" and c.content[0] <= k.content[0] < k.content[1] < c.content[1]
                        and text[k.content[1]:c.content[1]].lstrip().startswith(("(", "["))):
                    k.content = (k.content[0], c.content[1])
            continue
        kept.append(c)
        if c.cue is not None:
            by_cue.setdefault(c.cue, []).append(c)
    return kept


def _type_from_quotes(text: str, content: tuple[int, int], quotes, inside: tuple = ()) -> str:
    """direct when the content is quoted throughout, mixed when it quotes a
    fragment of a few words inside reported speech, else indirect.

    ``inside`` are the cue and source spans: a content that runs over its own
    cue ('"X," Lee said, "Y"') is still quoted throughout.
    """
    a, b = content
    quoted = 0
    fragment = False
    for q in quotes:
        ov = overlap(q.content, content)
        if ov:
            quoted += ov
            if len(text[q.content[0]:q.content[1]].split()) >= 3:
                fragment = True
    words = text[a:b]
    unquoted = len(words.split()) - sum(
        len(text[max(a, q.content[0]):min(b, q.content[1])].split()) for q in quotes if overlap(q.content, content)
    )
    unquoted -= sum(len(text[max(a, x[0]):min(b, x[1])].split()) for x in inside if x is not None and overlap(x, content))
    if quoted and unquoted <= 1:
        return "direct"
    if fragment:
        return "mixed"
    return "indirect"


def _trim_source(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Source spans start and end on a word: scraped text leaves markup around names."""
    a, b = span
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in ".)"):
        b -= 1
    return (a, b) if b > a else None


# a channel named before the statement's cue, in its sentence
_CHANNEL_BEFORE = re.compile(r"\b(?:[Ii]n|[Dd]uring) an? (?:\w+ )?(?:interview|conversation) with "
                             r"((?:[Tt]he )?[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*)*)")


def _channel(text: str, sdoc: Doc, cue: tuple[int, int], resolver: SpeakerResolver) -> str | None:
    span = sdoc.char_span(cue[0], cue[1], alignment_mode="expand")
    lemma = span.root.lemma_.lower() if span is not None and len(span) else text[cue[0]:cue[1]].lower()
    if lemma in _CHANNEL_LEMMAS:
        m = _CHANNEL_AFTER_TELL.match(text, cue[1])
    else:
        m = _CHANNEL_PHRASE.match(text, cue[1])
        if m and not re.search(r"interview|statement|email|e-mail|post|op-ed|column|letter|\bon\b", m.group(0)):
            m = None
    if not m and span is not None and len(span):
        # "In an interview with The New York Times, Redfield said" (bench/data/rewrites 31)
        sent = span[0].sent
        m = next(_CHANNEL_BEFORE.finditer(text, sent.start_char, cue[0]), None)
    if not m:
        return None
    a, b = m.span(1)
    if _NOT_A_CHANNEL.match(text, a):  # "said on Monday"
        return None
    ents = [e for e in resolver._entities_in(a, b) if e.label in ("ORG", "PERSON", "GPE", "WORK_OF_ART", "FAC")]
    if len(ents) == 1 and ents[0].span.start <= a + 4 and ents[0].span.end >= b - 1:
        return ents[0].canonical  # the name itself: an acronym takes its definition
    return resolver.name_of(a, b) if not ents else (" ".join(text[a:b].split()).rstrip(".,;:") or None)


def _hedges_for(c: Candidate, sdoc: Doc, hedges: list[Hedge]) -> list[Hedge]:
    """Hedges inside the statement (source, cue, content) or modifying its cue
    ("allegedly said"); a hedge elsewhere in the sentence qualifies another
    clause ("Forces reportedly advanced, although experts see ...")."""
    spans = [x for x in (c.content, c.cue, c.source) if x is not None]
    a = min(s[0] for s in spans)
    b = max(s[1] for s in spans)
    out = [h for h in hedges if a <= h.span.start and h.span.end <= b]
    if c.cue is not None:
        cue = sdoc.char_span(c.cue[0], c.cue[1], alignment_mode="expand")
        if cue is not None and len(cue):
            root = cue.root
            for h in hedges:
                if h in out or h.span.end < root.sent.start_char or h.span.start > root.sent.end_char:
                    continue
                tok = sdoc.char_span(h.span.start, h.span.end, alignment_mode="expand")
                if tok is not None and len(tok) and tok.root.head.i == root.i:
                    out.append(h)
    out.sort(key=lambda h: h.span.start)
    return out
