"""Hedges: words and phrases that weaken or qualify a claim.

A lexicon of general English hedging, compiled once; kinds follow the contract
(reported | unverified | conditional | denied | other).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from unspin.model import Document, Hedge, Span
from unspin.text.tokens import indices

_PATTERNS: list[tuple[str, str]] = [
    ("unverified", r"(?:could|can|cannot|can[’']t|could not|couldn[’']t|has not|have not|had not|was not|were not|is not|are not|not)"
     r"(?:\s+not)?\s+(?:yet\s+)?(?:be(?:en)?\s+)?(?:independently\s+)?(?:verified|confirmed|corroborated)(?:\s+(?:by|via|through)\s+[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*)?"),
    ("unverified", r"(?:can|could)\s+be\s+independently\s+(?:verified|confirmed)(?:\s+(?:by|via|through)\s+[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*)?"),
    ("unverified", r"\b(?:unverified|unconfirmed|uncorroborated|without (?:providing )?evidence|unsubstantiated)\b"),
    ("reported", r"\b(?:reportedly|allegedly|purportedly|supposedly|ostensibly|apparently|rumou?red(?:ly)?)\b"),
    # "his supposed role", not "he was supposed to" (bench/data/rewrites 59)
    ("reported", r"\b(?:supposed|purported)\b(?! to\b)"),
    ("reported", r"\b(?:according to|is said to|are said to|was said to|were said to|claimed|claims|alleged|alleges)\b"),
    # distance put on the words: "citing what he called 'enormous evidence'" (bench/data/rewrites 53); not
    # "so-called", which names as often as it doubts ("so-called neutralizing antibodies")
    ("reported", r"\bwhat (?:he|she|they|it) (?:called|calls|termed|describe[sd] as)\b"),
    # "amid widespread reports that the company was headed toward bankruptcy" (bench/data/rewrites 22)
    ("reported", r"\b(?:amid|after|following|despite|there (?:are|were|have been|had been))\s+(?:[\w-]+\s+){0,2}?"
     r"(?:reports|rumou?rs|speculation)\s+(?:that|of)\b"),
    # "The allegations have consistently been rejected by the ministry" (bench/data/rewrites 53)
    ("denied", r"\b(?:claims?|allegations?|accusations?|charges?|reports?) (?:have |has |had |were |was )?"
     r"(?:\w+ly )?(?:been )?(?:rejected|denied|dismissed|refuted)\b"),
    # not a refusal: "denied access to its scientists" / "barred access" (bench/data/rewrites 69)
    ("denied", r"\b(?:(?:denied|denies|deny|denying)(?!\s+(?:\w+\s+)?(?:access|entry|bail|boarding|permission|visas?|"
     r"admission|parole|asylum|treatment|care|funding|benefits?)\b)"
     r"|(?:rejected|dismissed|denied|refuted|rebutted) (?:the |a |any |that |this |these |those |such |(?:[A-Z][\w.]*\s)*[A-Z]\w*['’]s )?"
     r"(?:claims?|allegations?|reports?|charges?|suggestions?|accusations?|comments?|remarks?|idea))\b"
     r"|\b(?:before|without) (?:confirming or denying|confirming|denying)\b"),
    ("conditional", r"\b(?:assuming|provided that|if confirmed|if true|if (?:the )?reports? (?:is|are) (?:true|accurate|correct))\b[^.;:,\n]*"),
    # "It is unclear whether ..." / "Whether ... remains unclear" (bench/data/rewrites 25)
    ("other", r"\bit(?: is|['’]s| was| remains) (?:unclear|not clear)\b|\b(?:remains|remained|remain|is still|was still|is|was|are|were) unclear\b"),
]
_HEDGE_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)), re.IGNORECASE)
_KINDS = [k for k, _ in _PATTERNS]
# a verb of the "stopping before confirming or denying" family that belongs with the hedge
_LEAD_IN = re.compile(r"(?:stopping|stopped|stops|stop)\s+$", re.IGNORECASE)


def hedges_in(text: str, start: int = 0, end: int | None = None) -> list[Hedge]:
    out: list[Hedge] = []
    end = len(text) if end is None else end
    for m in _HEDGE_RE.finditer(text, start, end):
        kind = next(_KINDS[int(name[1:])] for name, v in m.groupdict().items() if v is not None)
        a, b = m.start(), m.end()
        lead = _LEAD_IN.search(text, max(0, a - 12), a)
        if lead:
            a = lead.start()
        b = a + len(text[a:b].rstrip(" ,"))
        out.append(Hedge(Span.of(text, a, b), kind))
    return out


# Words the lexicon lists that hedge only as verbs: "X claims that ..." hedges,
# "would face claims from households" does not.
VERB_ONLY_HEDGES = frozenset({"claims", "claimed", "alleges"})
_CONDITIONAL_MARKS = {"if", "unless"}


def not_a_verb_hedge(sdoc: Doc, h: Hedge) -> bool:
    """A word that hedges only as a verb, which the parse of its text reads as something else."""
    if h.span.text.lower() not in VERB_ONLY_HEDGES:
        return False
    verb = _one_token(sdoc, h)
    if verb is None:
        return False
    if verb.pos_ != "VERB":
        return True
    # a thing taken, no statement made: "the pandemic has claimed more than 5,000 lives",
    # "claimed the title" (bench/data/rewrites 29); "claimed responsibility" still credits
    deps = {c.dep_ for c in verb.children}
    taken = any(c.dep_ == "dobj" and c.lemma_.lower() not in ("responsibility", "credit") for c in verb.children)
    return taken and not deps & {"ccomp", "xcomp"}


def find_hedges(sdoc: Doc, document: Document) -> list[Hedge]:
    """Lexicon hedges, checked against the parse, plus conditional clauses from it."""
    text = document.text
    out = [h for h in hedges_in(text) if not not_a_verb_hedge(sdoc, h) and not _refusal(sdoc, h)]
    # "If the review confirms the delay, ...": the whole adverbial clause is the
    # condition the claim depends on, which is what a reader needs to see.
    for i in indices(sdoc, "LOWER", _CONDITIONAL_MARKS):
        tok = sdoc[i]
        as_if = tok.i > 0 and sdoc[tok.i - 1].lower_ == "as"  # "as good a result as if you take": a comparison
        if tok.dep_ == "mark" and tok.head.dep_ == "advcl" and not _requirement(tok.head) and not as_if:
            clause = tok.head
            start = min(tok.idx, clause.left_edge.idx)
            last = clause.right_edge
            end = last.idx + len(last.text)
            span = Span.of(text, start, end)
            if not any(h.span.overlaps(span) and h.kind == "conditional" for h in out):
                out.append(Hedge(Span.of(text, start, start + len(span.text.rstrip(" ,"))), "conditional"))
    for clause in _inverted_conditions(sdoc):
        start, last = clause[0], clause[-1]
        span = Span.of(text, start.idx, last.idx + len(last.text))
        if not any(h.span.overlaps(span) and h.kind == "conditional" for h in out):
            out.append(Hedge(span, "conditional"))
    out.sort(key=lambda h: h.span.start)
    return out


def _inverted_conditions(sdoc: Doc):
    """Conditions said with the verb first: "Should hoarding carry on at this rate, people could
    ..." (bench/data/rewrites 66), "warned that should the UK procrastinate ... the country would
    be pushed" (bench/data/rewrites 68), "Were the trend to continue", "Had he known": from the
    "should", "were" or "had" before its verb's subject to the clause's end (a comma, or the main
    clause's "would")."""
    for tok in sdoc:
        if tok.lower_ not in ("should", "were", "had") or tok.sent.text.rstrip().endswith("?"):
            continue
        prev = sdoc[tok.i - 1] if tok.i > tok.sent.start else None
        if prev is not None and prev.lower_ not in ("that", ",", "and", "but", "because"):
            continue
        verb = tok if tok.dep_ in ("advcl", "ROOT", "ccomp") and tok.lower_ == "were" else tok.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i]
        # a sentence that opens "Should ..." and is no question is a condition, however it parses
        # ("Should the NCAA refuse, Alford said, ...", bench/data/rewrites 77)
        opening_clause = prev is None and tok.is_title and any(t.text == "," for t in tok.sent)
        if not opening_clause and (not subjects or subjects[0].left_edge.i != tok.i + 1):
            continue  # "We should go": the subject comes first, no inversion
        end = tok.i
        last = tok.sent.end - 1 if opening_clause else verb.right_edge.i
        # where another verb's subject starts, or the main clause's modal ("... measures | the
        # country would be pushed")
        others = {x.left_edge.i for x in tok.sent if x.dep_ in ("nsubj", "nsubjpass") and x.head.i != verb.i}
        while end + 1 < tok.sent.end and end + 1 <= last:
            nxt = sdoc[end + 1]
            if nxt.text in (",", ";", ":") or nxt.i > verb.i and (nxt.i in others or nxt.lower_ in _MAIN_MODALS):
                break
            end += 1
        while end > tok.i and sdoc[end].is_punct:
            end -= 1
        yield sdoc[tok.i:end + 1]


_MAIN_MODALS = frozenset({"would", "could", "might", "will"})


def _requirement(clause) -> bool:
    """ "if studios are to meet the demands" says what they must do, as "in order to" does,
    and casts no doubt on the claim (bench/data/rewrites 18)."""
    return clause.lemma_.lower() == "be" and any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in clause.children)


def _refusal(sdoc: Doc, h: Hedge) -> bool:
    """ "deny" as refusing someone a thing, no denial of a claim: "Mendes' goal is denied",
    "Spurs were denied a goal", "the referee denied them a penalty" (bench/data/rewrites 24)."""
    verb = _one_token(sdoc, h) if h.kind == "denied" else None
    if verb is None:
        return False
    deps = [c.dep_ for c in verb.children]
    said = any(c.dep_ == "nsubjpass" and c.lemma_.lower() in _CLAIM_NOUNS for c in verb.children)
    passive = "auxpass" in deps or "nsubjpass" in deps
    # "deny boarding to passengers" (bench/data/rewrites 52): a thing withheld from someone
    to_someone = "dobj" in deps and any(c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in verb.children)
    return (passive and not said) or deps.count("dobj") + deps.count("dative") >= 2 or (
        to_someone and not any(c.dep_ == "dobj" and c.lemma_.lower() in _CLAIM_NOUNS for c in verb.children))


def _one_token(sdoc: Doc, h: Hedge) -> Token | None:
    """The hedge's token when it is one word of the parse, else None."""
    span = sdoc.char_span(h.span.start, h.span.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) == 1 else None


# what a passive "was denied" denies as said, not refuses: "the reports were denied"
_CLAIM_NOUNS = frozenset("report claim allegation accusation rumour rumor charge story suggestion".split())
