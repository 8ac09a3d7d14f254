"""Rule candidate finders: quotations, speech verbs, "according to", relays,
and passive perception ("Y is seen by experts as Z").

Each finder proposes :class:`Candidate` objects with character offsets only;
who the source *is* gets resolved later, on the merged candidates.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from unspin.attribution.candidate import Candidate, overlap
from unspin.attribution.cues import (
    AFTER_QUOTE_RE,
    BEFORE_QUOTE_RE,
    CHANNEL_OBJECT_LEMMAS,
    PERCEPTION_LEMMAS,
    RELAY_LEMMAS,
    SPEECH_LEMMAS,
    WEAK_LEMMAS,
    source_span,
)
from unspin.attribution.quotes import Quote
from unspin.text.tokens import indices

_SUBJ = ("nsubj",)
_CLAUSE = ("ccomp",)
_AGENT_PREPS = frozenset({"by", "through", "among"})
# a quotation this short with no cue of its own is a scare quote or a fragment
MIN_STANDALONE_WORDS = 4


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b


def _subtree_span(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _clause_content(text: str, clause: Token) -> tuple[int, int]:
    """The span of a complement clause without its complementiser ("that")."""
    a, b = _subtree_span(clause)
    for child in clause.children:
        if child.dep_ == "mark" and child.i == clause.left_edge.i and child.lower_ in ("that", "whether", "if"):
            nxt = clause.doc[child.i + 1]
            a = nxt.idx
    # a clause ending in a newline token or trailing punctuation
    b = a + len(text[a:b].rstrip())
    if b > a and text[b - 1] in ".!?":
        b -= 1
    return _trim(text, a, b)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


# what can follow a cue that has a complement of its own ("said she was shocked"), as against
# the tail of a quotation's cue ("said on Monday", "said in a statement", "said.")
_COMPLEMENT_START = re.compile(
    r"\s+(?![Oo]n\b|[Ii]n\b|[Aa]t\b|[Tt]o\b|[Dd]uring\b|[Aa]fter\b|[Bb]efore\b|[Ll]ast\b|[Tt]his\b|[Ww]hen\b|"
    r"[Yy]esterday\b|[Tt]oday\b|[Tt]onight\b|[Ll]ater\b|[Aa]lso\b|[Ww]hile\b|[Aa]s\b|[Oo]f\b|[Ff]or\b|[Aa]dding\b)"
    r"[\w\"“]"
)


def quote_candidates(text: str, quotes: list[Quote]) -> list[Candidate]:
    out: list[Candidate] = []
    for q in quotes:
        line_start, line_end = _line_bounds(text, max(q.end - 1, q.start))
        cue = src = None
        how = "quote"
        if q.trailing_cue is not None:
            cue, src = q.trailing_cue, q.trailing_source
        first_line_start, _ = _line_bounds(text, q.start)
        before = BEFORE_QUOTE_RE.search(text, max(first_line_start, q.start - 250), q.start)
        if cue is None and q.closed:
            m = AFTER_QUOTE_RE.match(text, q.end, min(line_end, q.end + 200))
            # 'X said: "A." Y said B' -- after a quotation that ended its sentence, the next
            # sentence's speaker is not the quotation's when a cue introduced it
            ended = m is not None and re.search(r"[.!?]", text[q.content[1] - 1:m.start("src" if m.group("cue") else "cue2")])
            introduced = before or text[first_line_start:q.start].rstrip().endswith(":")
            if m and ended and introduced and not before:
                continue  # '..., saying: "A." Y said B': the cue finder reads "saying" on the parse
            # '"A." Y said she was shocked': a cue with a complement of its own opens a new statement
            own_clause = bool(m and ended and _COMPLEMENT_START.match(text, m.end()))
            if m and not (ended and introduced) and not own_clause:
                if m.group("cue"):
                    cue, src = m.span("cue"), source_span(m)
                else:
                    cue, src = m.span("cue2"), m.span("src2")
        if cue is None and before:
            cue, src = before.span("cue"), source_span(before)
        if cue is None:
            prev = text[line_start_of(text, q.start):q.start].rstrip()
            standalone = not prev or prev[-1] in ".!?\"\u201d\u201c:"
            if not standalone or q.words < MIN_STANDALONE_WORDS:
                continue
            how = "follow-on"
        elif q.words < 2:
            continue
        extra = {"paragraphs": q.paragraphs} if q.paragraphs > 1 else {}
        out.append(Candidate(q.content, cue, src, "direct", how, 0.9 if cue else 0.6, extra))
    return out


def line_start_of(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _nearest_entity_before(sdoc: Doc, tok: Token, stop: int) -> tuple[int, int] | None:
    best = None
    for ent in tok.sent.ents:
        if ent.label_ in ("PERSON", "ORG") and ent.end <= tok.i and ent.start_char >= stop:
            best = ent
    return None if best is None else (best.start_char, best.end_char)


def _subject(tok: Token) -> Token | None:
    subjects = [c for c in tok.children if c.dep_ in _SUBJ]
    if subjects:
        # two read as subjects: the nearer is the verb's; the other, set off by a comma, opens what
        # is reported around the cue ("Labour, the Tory leader told party members, would ...")
        before = [c for c in subjects if c.i < tok.i]
        if len(before) > 1 and before[0].right_edge.i + 1 < len(tok.doc) and tok.doc[before[0].right_edge.i + 1].text == ",":
            return before[-1]
        return subjects[0]
    described = _described_before(tok)
    if described is not None:
        return described
    # "X said and added that ...": the subject of the first conjunct;
    # "X attacked Y, saying that ...": the subject of the verb the participle hangs on
    if tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX") and (
        tok.dep_ == "conj" or (tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp"))
    ):
        return _subject(tok.head)
    return _name_before_aside(tok)


def _name_before_aside(tok: Token) -> Token | None:
    """The name a sentence opens with when an aside set off by commas runs up to the verb, which
    the parse then leaves without a subject: "Dr Brian Gibbons, on his first full day in the job
    after Jane Hutt was sacked, admitted ..." (BBC politics/124 in bench/data/speakers-own)."""
    sent = tok.sent
    if tok.i == 0 or tok.doc[tok.i - 1].text != "," or tok.dep_ not in ("dep", "ROOT", "conj"):
        return None
    for e in sent.ents:
        opening = all(t.is_title for t in tok.doc[sent.start:e.start]) and e.start - sent.start <= 2
        if (e.label_ in ("PERSON", "ORG") and opening and e.end < tok.i - 1 and tok.doc[e.end].text == ","):
            return e.root
    return None


_NO_ONE = frozenset({"something", "nothing", "everything", "anything"})


def _accused_of(tok: Token) -> Token | None:
    """What an accusation says was done: the "of" clause ("accused it of misusing its status")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ in ("pcomp", "pobj") and g.pos_ in ("VERB", "NOUN")), None)
    return None


def _told_that(tok: Token) -> Token | None:
    """The "that" clause of a verb of telling that the tagger hung on its object instead:
    "telling Radio 4's PM programme that Labour was not rattled" (an acl of "programme")."""
    if tok.lemma_.lower() not in CHANNEL_OBJECT_LEMMAS | {"warn", "remind"}:
        return None
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        for c in obj.subtree:
            if (c.dep_ in ("acl", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                    and any(m.dep_ in ("nsubj", "nsubjpass") for m in c.children)):
                return c
    return None


def _described_before(tok: Token) -> Token | None:
    """The noun a relative clause just before a verb describes, when the tagger made the verb a
    conjunct of an earlier one with no "and" or "or" between them: "The FDA published a warning
    after an NYU study, which has not been peer-reviewed, found that ..." is the study's finding."""
    if tok.dep_ != "conj" or tok.i < 2 or any(c.dep_ == "cc" and tok.head.i < c.i < tok.i for c in tok.head.children):
        return None
    prev = tok.doc[tok.i - 1]
    prev = tok.doc[tok.i - 2] if prev.is_punct else prev
    while prev.dep_ != "relcl" and prev.head.i != prev.i and prev.head.i < tok.i:
        prev = prev.head
    noun = prev.head
    if prev.dep_ == "relcl" and noun.pos_ in ("NOUN", "PROPN") and tok.head.i < noun.i < tok.i:
        return noun
    return None


def _adds_to(tok, clause) -> bool:
    """"add to" a thing, not "add to reporters that ...": a "to" and no clause of its own (a
    subject or a "that") to report."""
    if not any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
        return False
    return clause is None or not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in clause.children)


def verb_candidates(text: str, sdoc: Doc, quote_spans: list[tuple[int, int]]) -> list[Candidate]:
    out: list[Candidate] = []
    used: list[tuple[int, int]] = []  # contents already claimed by a relay
    # only verbs and "according" can start a candidate here
    wanted = set(indices(sdoc, "POS", ("VERB", "AUX"))).union(indices(sdoc, "LOWER", ("according", *_RECKONINGS)))
    for i in sorted(wanted):
        tok = sdoc[i]
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and tok.dep_ == "prep":
            cand = _according_to(text, tok)
            if cand:
                out.append(cand)
            continue
        if tok.lower_ in _RECKONINGS and tok.pos_ != "VERB":
            cand = _by_reckoning(text, tok)
            if cand:
                out.append(cand)
            continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        if lemma in RELAY_LEMMAS:
            cand = _relay(text, sdoc, tok)
            if cand:
                out.append(cand)
                used.append(cand.content)
            continue
        if lemma in PERCEPTION_LEMMAS and any(c.dep_ == "nsubjpass" for c in tok.children):
            cand = _perception(text, tok)
            if cand:
                out.append(cand)
                continue
        # the last word of a cue phrase: "made (it) clear", "expressed concern"
        phrase_end = _made_clear(tok) if lemma == "make" else _expressed(tok) if lemma == "express" else None
        if lemma not in SPEECH_LEMMAS and phrase_end is None:
            continue
        clause = next((c for c in tok.children if c.dep_ in _CLAUSE), None) or _told_that(tok)
        if lemma == "add" and _adds_to(tok, clause):
            continue  # "The latest triumph adds to the three Grammys ... won": adds to, says nothing
        content = None
        how = "verb"
        if phrase_end is not None:
            content = _after(text, phrase_end)
        elif clause is not None:
            content = _clause_content(text, clause)
        elif tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX"):
            content = _parataxis_content(text, tok)
            how = "parataxis"
        elif lemma == "accuse" and (accused := _accused_of(tok)) is not None:
            content = _trim(text, *_subtree_span(accused))  # "accused it of misusing its status"
        elif lemma == "echo":
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None:
                content = _trim(text, *_subtree_span(obj))
        if content is None or content[1] - content[0] < 3:
            continue
        if lemma != "echo" and not _says_something(sdoc, content):
            continue  # "denying people choice": a speech verb's object, no statement
        if any(overlap(content, u) for u in used):
            continue
        subj = _subject(tok)
        if subj is not None and subj.lower_ in _NO_ONE:
            continue  # "Something tells me that ...": an idiom, no one is credited
        if subj is not None:
            source = _subtree_span(subj)
            if subj.lower_ in ("it", "this", "that", "which") and lemma in WEAK_LEMMAS:
                continue
            if lemma in WEAK_LEMMAS and subj.ent_type_ in ("DATE", "TIME"):
                continue  # "The last week has shown that ...": a time shows, nobody says
        else:
            # a subject lost to a misparse (an adverbial clause swallowed it):
            # fall back to the nearest person or organisation named before the cue
            if tok.tag_ in ("VBG", "VB", "VBN") and tok.dep_ != "ROOT":
                continue
            source = _nearest_entity_before(sdoc, tok, tok.sent.start_char)
            if source is None:
                continue
        ctype = "indirect"
        # a quoted fragment of a few words inside reported speech makes it mixed;
        # a one- or two-word scare quote does not
        if any(
            overlap(q, content) >= 0.8 * (q[1] - q[0]) and len(text[q[0]:q[1]].split()) >= 3
            for q in quote_spans
        ):
            ctype = "mixed"
        last = phrase_end or tok
        cue = (tok.idx, last.idx + len(last.text))
        out.append(Candidate(content, cue, source, ctype, how, 0.8, {"cue_i": tok.i}))
    return out


def _says_something(sdoc: Doc, content: tuple[int, int]) -> bool:
    """A reported content is a clause: it holds a verb (or a quotation mark, which the
    quotation finders read)."""
    span = sdoc.char_span(content[0], content[1], alignment_mode="expand")
    return span is None or any(t.pos_ in ("VERB", "AUX") or t.text in _QUOTE_MARKS for t in span)


_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"})


def _made_clear(tok: Token) -> Token | None:
    """ "X made (it) clear that ...", "made clear the plan would go ahead": the "clear" of a
    form of "make" that says something, when a clause follows it."""
    doc = tok.doc
    # by position, not by the parse, which hangs "clear" on the clause's verb as often
    k = tok.i + 2 if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "it" else tok.i + 1
    if k + 1 >= tok.sent.end or doc[k].lower_ != "clear":
        return None
    return doc[k] if any(t.pos_ in ("VERB", "AUX") for t in doc[k + 1:tok.sent.end]) else None


# what one expresses that a clause then states: "expressing concern that the virus could spread"
_EXPRESSED = frozenset({"concern", "fear", "hope", "doubt", "worry", "confidence", "belief", "view", "optimism",
                        "regret", "surprise", "frustration", "anger", "disappointment", "skepticism", "scepticism"})


def _expressed(tok: Token) -> Token | None:
    """ "expressed concern that ...": the noun of a form of "express" followed by "that"."""
    noun = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in _EXPRESSED), None)
    if noun is None or noun.i + 2 >= tok.sent.end or tok.doc[noun.i + 1].lower_ != "that":
        return None
    return noun if any(t.pos_ in ("VERB", "AUX") for t in tok.doc[noun.i + 2:tok.sent.end]) else None


def _after(text: str, phrase_end: Token) -> tuple[int, int] | None:
    """What follows "made clear" or "expressed concern" ("that" left out) to the sentence's end."""
    rest = [t for t in phrase_end.doc[phrase_end.i + 1:phrase_end.sent.end] if not t.is_space]
    if rest and rest[0].lower_ == "that":
        rest = rest[1:]
    while rest and rest[-1].is_punct:
        rest = rest[:-1]
    return _trim(text, rest[0].idx, rest[-1].idx + len(rest[-1].text)) if rest else None


def _parataxis_content(text: str, cue: Token) -> tuple[int, int] | None:
    head = cue.head
    a, b = _subtree_span(head)
    ca, cb = _subtree_span(cue)
    right = _trim(text, cb, b)
    left = _trim(text, a, ca)
    # "X, the department said, and Y": the cue sits after the claim it credits, and the "and"
    # goes on to the next (bench/data/rewrites 14)
    goes_on = text[right[0]:right[0] + 4].lower().startswith(("and ", "but ")) and left[1] - left[0] >= 12
    side = right if right[1] - right[0] >= 12 and not goes_on else left
    a, b = side
    b = a + len(text[a:b].rstrip())
    if b > a and text[b - 1] in ".!?":
        b -= 1
    return _trim(text, a, b)


# "by his count", "in her view": a credit said as whose reckoning it is (bench/data/rewrites 18)
_RECKONINGS = {"count": "by", "estimate": "by", "estimates": "by", "reckoning": "by", "calculation": "by",
               "calculations": "by", "tally": "by", "account": "by", "view": "in", "opinion": "in"}


def _by_reckoning(text: str, tok: Token) -> Candidate | None:
    """ "By his count, roughly 120 developers remain": the possessor credits the rest of the sentence."""
    prep, owner = tok.head, next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None or tok.dep_ != "pobj" or prep.lower_ != _RECKONINGS[tok.lower_] or prep.dep_ != "prep":
        return None
    return _credit_rest(text, prep, (prep.idx, tok.idx + len(tok.text)), _subtree_span(owner), "by-reckoning")


def _according_to(text: str, tok: Token) -> Candidate | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    return _credit_rest(text, tok, (tok.idx, to.idx + len(to.text)), _subtree_span(obj), "according-to")


def _credit_rest(text: str, tok: Token, cue: tuple[int, int], source: tuple[int, int],
                 origin: str) -> Candidate | None:
    """The sentence but the crediting phrase headed by ``tok``, the longer side of it, as content."""
    sent = tok.sent
    sa, sb = sent.start_char, sent.end_char
    pa, pb = _subtree_span(tok)
    right = _trim(text, pb, sb)
    left = _trim(text, sa, pa)
    a, b = right if right[1] - right[0] >= left[1] - left[0] else left
    b = a + len(text[a:b].rstrip())
    if b > a and text[b - 1] in ".!?":
        b -= 1
    a, b = _trim(text, a, b)
    if b - a < 3:
        return None
    return Candidate((a, b), cue, source, "indirect", origin, 0.8)


def _relay(text: str, sdoc: Doc, tok: Token) -> Candidate | None:
    """"A quoted B as saying X" / "A quoted B when it discussed that X": B speaks, A relays."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    subj = _subject(tok)
    if obj is None or subj is None:
        return None
    clause = None
    for d in tok.subtree:
        if d.dep_ == "ccomp" and d.i > obj.i:
            clause = d
            break
    if clause is None:
        return None
    content = _clause_content(text, clause)
    if content[1] - content[0] < 3:
        return None
    return Candidate(
        content,
        (tok.idx, tok.idx + len(tok.text)),
        _subtree_span(obj),
        "indirect",
        "relay",
        0.8,
        {"relay_source": _subtree_span(subj), "cue_i": tok.i},
    )


def _perception(text: str, tok: Token) -> Candidate | None:
    agent = None
    for prep in tok.children:
        if prep.dep_ in ("agent", "prep") and prep.lower_ in _AGENT_PREPS:
            agent = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if agent is not None:
                break
    if agent is None:
        return None
    a, b = _subtree_span(tok)
    for child in tok.children:
        if child.dep_ == "mark" and child.i == tok.left_edge.i:
            a = sdoc_next_idx(child)
    b = a + len(text[a:b].rstrip())
    if b > a and text[b - 1] in ".!?":
        b -= 1
    # the perceiver is the agent noun with its modifiers, not what the parse hangs after it
    src = (agent.left_edge.idx, agent.idx + len(agent.text))
    return Candidate(_trim(text, a, b), (tok.idx, tok.idx + len(tok.text)), src, "indirect", "perception", 0.6)


def sdoc_next_idx(tok: Token) -> int:
    return tok.doc[tok.i + 1].idx if tok.i + 1 < len(tok.doc) else tok.idx + len(tok.text)
