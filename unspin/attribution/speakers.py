"""Resolving a candidate's source span to a speaker, in document order.

A name takes its entity's canonical form (surname -> full name, acronym ->
definition). A pronoun takes its antecedent as a reader finds it: the subject
of the nearest clause before it (outside reported content) that is a person of
a compatible gender, looking back up to three sentences; pronoun subjects on the
way are resolved the same way. With no such subject it takes a person of its gender
named earlier in its paragraph when the latest person quoted has the other gender,
else the most recent attributed speaker, whatever its grammatical gender (in
reported speech a mismatch there is a rewriting error, not a new speaker). A definite description
("the prime minister", "the Tory co-chairman") names a person only when the text
links them: its words are all among the words of a title written with that
person's name ("Prime Minister Tony Blair") or of an apposition or role given for
them ("Ken Livingstone, the London mayor"), and only one person fits; otherwise
it takes the latest speaker described with the same noun; a definite person description
("the Salford MP") takes the person quoted in its sentence or the two before when nobody else
is named since; a lede's "a Home Office minister has said." takes the new full name opening
the next sentence as a reporting verb's subject; "the company" takes the organisation named
most among those of its sentence and the three before; a document "released by" a body is
the body's; otherwise it stays the description. An unnamed source keeps what identifies it
("an official briefed on the plans"). Antecedents pass over photo captions.

Every speaker carries ``via`` (the source mention and the mentions it was resolved
through) and ``confidence``, by the path taken (``CONFIDENCE``); the values are the
share of right speakers on that path in bench.eval_speakers (speakers-dev and
bench/data/speakers-own.jsonl), rounded down.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from unspin.attribution.cues import SPEECH_LEMMAS
from unspin.model import Entity, Span, Speaker
from unspin.text.entities import _GIVEN, _key, clean_name, person_name
from unspin.text.wordnet import wordnet

# Confidence by resolution path: the share of matched statements with the right speaker on
# that path in bench.eval_speakers (speakers-dev and bench/data/speakers-own.jsonl together,
# 357 matched, measured after the last resolver change), rounded down to 0.05 and never 1;
# paths seen fewer than 6 times keep a prior.
CONFIDENCE = {
    "named": 0.95,  # the source holds the full name (with "short": 192/194)
    "short": 0.95,  # a surname, acronym or short form the text spells out elsewhere
    "title": 0.95,  # a description the text links to one person by title or apposition: 8/8
    "pronoun": 0.95,  # a pronoun whose antecedent subject is a person of its gender: 53/55
    "follow-on": 0.85,  # a quotation continuing the previous speaker's: 13/15
    "same-noun": 0.95,  # "the official" after "a senior official": 13/13
    "adjacent": 0.6,  # "the Salford MP" right after a named person's statement: 3/3 (prior)
    "description": 0.8,  # an unlinked description kept as the name: 42/50
    "lede": 0.75,  # "a Home Office minister has said. Hazel Blears said": 2/2 (prior)
    "recent-org": 0.95,  # "the company" for the organisation named most in the sentences before it: 9/9
    "last-speaker": 0.95,  # a pronoun with no antecedent subject: the latest speaker, 8/8
    "statement-of": 0.8,  # "the statement said" just after a speaker's statement: theirs (prior)
    "none": 0.0,
}
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_DATELINE = re.compile(r"[A-Z][A-Z .,/'’-]{2,}(?:\s*\([^)]{1,40}\))?\s*[-–—]+\s*")
_FINAL = frozenset({".", "!", "?", '"', "”", ":", "'", "’"})
# a body said by whom it is made of: "a group of MPs and peers", "a team of scientists"
_OF_WHOM = frozenset("group team panel coalition alliance body consortium network".split())
_COLLECTIVE = frozenset("family government company firm team group police board council committee party".split())
_GENDER_OF_PRONOUN = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GENDER_TITLES = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}
_TITLE_WORDS = frozenset("mr mrs ms miss dr prof professor sir dame rev".split())
_DESC_SKIP = frozenset({"the", "a", "an", "this", "that", "former", "then"})
_WORD_RE = re.compile(r"\w+(?:[’']s)?")
_TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_GENDER = _GIVEN  # one gender-guesser detector for the process (its table takes a while to load)

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
_POSSESSIVES = {"his": "he", "their": "they", "its": "it", "our": "we", "my": "i"}
_ANON_MARKERS = frozenset({"unnamed", "anonymous", "unidentified", "undisclosed"})
_ANON_NOUNS = frozenset(
    {"official", "source", "spokesman", "spokeswoman", "spokesperson", "person", "aide", "officer",
     "diplomat", "insider", "employee", "staffer", "witness", "resident", "member", "adviser", "advisor"}
)
_ORG_NOUNS = frozenset(
    {"channel", "agency", "ministry", "department", "group", "company", "firm", "newspaper", "outlet",
     "network", "committee", "council", "government", "office", "institute", "organization",
     "organisation", "party", "tank", "court", "police", "military", "army", "administration",
     "university", "commission", "board", "bank", "union", "association", "service", "station"}
)
_ORG_WORDS = re.compile(
    r"\b(?:Institute|University|Ministry|Department|Agency|Group|Company|Corp|Inc|Party|Council|Committee|"
    r"Commission|Office|Association|Foundation|Bank|Times|Post|News|Reuters|Press|Service|Administration|"
    r"Army|Police|Court|Center|Centre|School|Organization|Organisation)\b"
)
_ROLE_CUT = re.compile(r"\s+(?:at|with|from|for)\s+(?:the\s+)?[A-Z].*$")
_LEADING_DET = re.compile(r"^(?:the|a|an|one|this|that)(?:\s+|$)", re.IGNORECASE)
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT"})
_PERSON_NOUNS = frozenset(
    """lawmaker congressman congresswoman senator president governor mayor minister secretary chairman
    chairwoman chair ceo founder executive director chief leader candidate nominee lawyer attorney judge
    professor researcher scientist doctor physician expert economist analyst author writer actor actress
    singer player coach manager official spokesman spokeswoman spokesperson republican democrat
    conservative liberal billionaire businessman businesswoman woman man prosecutor investigator
    commissioner ambassador diplomat general commander officer adviser advisor aide strategist pollster
    epidemiologist virologist activist mp mep msp peer chancellor premier envoy negotiator campaigner
    backbencher frontbencher""".split()
)
_RELATIVES = frozenset({"who", "which", "that", "whom"})
_CAPTION = re.compile(
    r"^\s*FILE PHOTO:|\b[A-Z]{3,}/[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}(?:/File Photo)?\s*$|"
    r"\((?:AP|AFP) Photo/[^)]*\)\s*$|\b(?:Getty Images|Shutterstock)\s*$"
)
# what a speaker issues and a text then names as the source: "Abbott said ... . | "...," the statement said"
_UTTERANCE_NOUNS = frozenset("statement announcement release communique communiqué".split())
UTTERANCE_REACH = 800  # characters back to that speaker's statement (about a paragraph)
# what a text issues: "statistics released by the APM Research Lab" is the lab's
_DOCUMENT_NOUNS = frozenset("report study statistic figure data survey analysis poll research paper review".split())
# nouns a text uses for a company or body it has named: "the company", "the carmaker", "the charity"
_FIRM_NOUNS = frozenset(
    """company firm carmaker automaker retailer airline bank lender insurer manufacturer maker chain
    supermarket corporation business operator broadcaster conglomerate charity organisation organization
    agency watchdog regulator club""".split()
)
_OUTLET = re.compile(r"\b(?:Reuters|Press|News|Times|Post|Journal|Bloomberg|Telegraph|Guardian|Herald|Tribune|BBC|CNN)\b")


@dataclass(slots=True)
class _Known:
    name: str
    kind: str
    role: str | None
    affiliation: str | None
    head: str  # the head noun it was described with ("official")
    # every head noun it was later referred to by ("the company" for Unilever): the same
    # description again is the same referent (bench/data/rewrites 84)
    heads: set[str] = field(default_factory=set)


def head_tok_lemma(head_tok, fallback: str) -> str:
    return head_tok.lemma_.lower() if head_tok is not None else fallback.split()[-1]


_FEMALE_NOUNS = frozenset("woman spokeswoman chairwoman businesswoman congresswoman mother wife daughter sister actress girl lady".split())
_MALE_NOUNS = frozenset("man spokesman chairman businessman congressman father husband son brother actor boy".split())


def _gender_of_noun(sent, pos: int) -> str | None:
    """m or f for a description whose head noun has a gender ("the woman"), else None."""
    for t in sent:
        if t.idx >= pos and t.pos_ in ("VERB", "AUX", "PUNCT"):
            return None  # past the description
        if t.idx >= pos and t.pos_ == "NOUN":
            low = t.lemma_.lower()
            if low in _FEMALE_NOUNS:
                return "f"
            if low in _MALE_NOUNS:
                return "m"
            if t.dep_ not in ("compound", "amod"):
                return None
    return None


def _relative_clause(tok):
    """The relative clause a relative pronoun opens: its head's, or one step further up when
    the parse hung the pronoun on an auxiliary ("McDonald, who loves | being outside")."""
    t = tok.head
    for _ in range(2):
        if t.dep_ in ("relcl", "acl"):
            return t
        t = t.head
    return None


def _denotes_person(head: str) -> bool:
    """A noun for a person: the list, a person ending, or WordNet's commonest sense ("the DJ",
    "a presenter": bench/data/rewrites 12)."""
    if head in _PERSON_NOUNS or head.endswith(("ist", "man", "woman", "person", "ician")):
        return True
    if head in _ORG_NOUNS or head in _FIRM_NOUNS:
        return False  # "watchdog", "broadcaster": WordNet's person sense, the text's body
    wn = wordnet()
    return wn is not None and wn.is_person(head)


_LEAN = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}


def _name_gender(first: str) -> str | None:
    """m, f or None for a first name; None too when Britain and the US lean opposite ways
    ("Jamie": mostly male in Britain, mostly female in the US and overall; centre Jamie Noon
    is "he": bench/data/rewrites 13)."""
    gb, us = _LEAN.get(_GENDER.get_gender(first, "great_britain")), _LEAN.get(_GENDER.get_gender(first, "usa"))
    if gb and us and gb != us:
        return None
    return _LEAN.get(_GENDER.get_gender(first))


def _agent(tok) -> bool:
    """The doer a passive names with "by" ("a book published by Philippe Sands QC. He also
    says"): a subject as far as a pronoun's antecedent goes."""
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent"


_ASIDE_MARKS = {"-": "-", "–": "–", "—": "—", "(": ")"}


def _in_aside(sent, t, pronoun) -> bool:
    """``t`` lies in an aside set off by dashes or brackets that closes before the pronoun:
    "where Cook lives - Paul McCartney is one of his neighbours - and he said" is Cook
    (bench/data/rewrites 95)."""
    toks = [x for x in sent if x.i < pronoun.i]  # the whole sentence when it comes before the pronoun
    for k, x in enumerate(toks):
        close = _ASIDE_MARKS.get(x.text)
        if close is None or x.i >= t.i:
            continue
        end = next((y.i for y in toks[k + 1:] if y.text == close), None)
        if end is not None and t.i < end:
            return True
    return False


def _clause_depth(tok) -> int:
    """How many verbs up to the sentence root: 0 for the main clause's subject."""
    depth, t = 0, tok.head
    while t.head.i != t.i:
        depth += t.pos_ in ("VERB", "AUX")
        t = t.head
    return depth


def _lead_via(sp: Speaker, mention: Span) -> None:
    """Put the mention first in the speaker's via, dropping what it holds or repeats."""
    rest = [v for v in sp.via if not mention.contains(v) and v.text != mention.text]
    sp.via = [mention] + [v for i, v in enumerate(rest) if all(v.text != w.text for w in rest[:i])]


def _title_word(tok) -> bool:
    """A word of a title written before a name: "Tory co-chairman", "U.S. President"."""
    return tok.pos_ in _TITLE_POS and tok.text[0] not in ",;:(\"“”" or tok.text in ("-", ".")


_RANKS = frozenset("vice deputy assistant associate acting interim former ex shadow junior under".split())
TITLE_PLACE_REACH = 30  # characters before a titled name where its place may stand ("Qatar's Emir Sheikh Tamim")


def _in_title(word: str, title: frozenset[str], before: str = "") -> bool:
    """The word is one of the title's, or the people word of a place the title or the words
    just before it name ("the Qatari emir" for "Qatar's Emir Sheikh Tamim")."""
    if word in title:
        return True
    places = set(title) | {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}", before)}
    return any(word.startswith(x) and 0 < len(word) - len(x) <= 3 for x in places)


def _desc_words(text: str) -> frozenset[str]:
    """A description's or title's words, lowercased, without articles, titles and possessive marks."""
    words = (w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD_RE.findall(text))
    return frozenset(w for w in words if w and w not in _DESC_SKIP and w not in _TITLE_WORDS)


class SpeakerResolver:
    """Stateful over one document: call :meth:`resolve` in document order.

    ``contents`` are the statements' content spans: a subject inside reported
    content ("Blair said Howard would lose") is not an antecedent for the next "he".
    """

    def __init__(self, sdoc: Doc, entities: list[Entity], contents: list[tuple[int, int]] = ()):
        self.sdoc = sdoc
        self.text = sdoc.text
        self.entities = sorted(entities, key=lambda e: e.span.start)
        self._starts = [e.span.start for e in self.entities]
        self.history: list[_Known] = []
        self.by_name: dict[str, _Known] = {}
        self._surnames: dict[str, str] = {}
        self._persons = {e.canonical for e in self.entities if e.label == "PERSON"}
        for e in self.entities:
            if e.label == "PERSON" and len(e.canonical.split()) >= 2:
                self._surnames.setdefault(_key(e.canonical.split()[-1]), e.canonical)
        self._contents = sorted(contents)
        self._content_starts = [c[0] for c in self._contents]
        self._full_mention: dict[str, Span] = {}
        for e in self.entities:
            if person_name(e.span.text) == e.canonical or clean_name(e.span.text) == e.canonical:
                self._full_mention.setdefault(e.canonical, e.span)
        self._titles = self._person_titles()
        self._pronoun_memo: dict[int, Speaker | None] = {}
        self._last_pos: int | None = None  # where the latest resolved source starts
        self._at_source = False  # resolving a statement's own source (not an antecedent)
        self._source_heads: set[int] = set()  # head tokens of the sources resolved so far
        self._resolved_at: dict[int, Speaker] = {}  # their speakers, by head token
        self._unit_list: list | None = None  # sentences as a reader sees them (see _units)
        self._unit_starts: list[int] = []
        self._captions: list[tuple[int, int]] | None = None
        self._person_at: list[tuple[int, _Known]] = []  # (source start, person) of each person quoted

    # -- helpers -----------------------------------------------------------
    def _entities_in(self, a: int, b: int) -> list[Entity]:
        i = bisect_right(self._starts, a - 1)
        out = []
        while i < len(self.entities) and self.entities[i].span.start < b:
            e = self.entities[i]
            if e.span.end <= b:
                out.append(e)
            i += 1
        return out

    def _in_content(self, pos: int) -> bool:
        i = bisect_right(self._content_starts, pos) - 1
        return any(self._contents[j][0] <= pos < self._contents[j][1] for j in range(max(0, i - 3), i + 1))

    def _span(self, a: int, b: int) -> Span:
        return Span.of(self.text, a, b)

    def _make(self, name, kind, role, affiliation, path: str, via: list[Span]) -> Speaker:
        """A speaker with its confidence by path and its via chain ending at the full name's first mention."""
        via = list(via)
        full = self._full_mention.get(name) if name else None
        if full is not None and not any(v.text == full.text or v.contains(full) for v in via):
            via.append(full)
        return Speaker(name, kind, role, affiliation, CONFIDENCE[path], via)

    def _of_known(self, k: _Known, path: str, via: list[Span]) -> Speaker:
        return self._make(k.name, k.kind, k.role, k.affiliation, path, via)

    def _remember(self, sp: Speaker, head: str) -> None:
        if not sp.name:
            return
        known = self.by_name.get(sp.name.lower())
        if known is None:
            known = _Known(sp.name, sp.kind, sp.role, sp.affiliation, head)
            self.by_name[sp.name.lower()] = known
        else:
            known.role = known.role or sp.role
            known.affiliation = known.affiliation or sp.affiliation
            sp.role = sp.role or known.role
            sp.affiliation = sp.affiliation or known.affiliation
        known.heads.add(head)
        if sp.kind == "person" and sp.role:
            self._titles.append((-1, sp.name, _desc_words(sp.role)))
        self.history.append(known)

    def last(self) -> Speaker | None:
        if not self.history:
            return None
        k = self.history[-1]
        return self._of_known(k, "follow-on", [])

    # -- resolution --------------------------------------------------------
    def resolve(self, source: tuple[int, int] | None, follow_on: bool = False) -> Speaker:
        if source is None:
            if follow_on:
                sp = self.last()
                if sp is not None:
                    self.history.append(self.history[-1])
                    return sp
            return Speaker(None)
        self._at_source = True
        sp, head = self._resolve_span(*source)
        self._at_source = False
        self._last_pos = source[0]
        span = self.sdoc.char_span(source[0], source[1], alignment_mode="expand")
        if span is not None and len(span):
            self._source_heads.add(span.root.i)  # a speaker is an antecedent like a subject
            self._resolved_at[span.root.i] = sp
        _lead_via(sp, self._span(*source))
        self._remember(sp, head)
        if sp.kind == "person" and sp.name:
            self._person_at.append((source[0], self.history[-1]))
        return sp

    def name_of(self, a: int, b: int) -> str | None:
        """Just the canonical name for a span (used for relays and channels)."""
        ents = self._entities_in(a, b)
        if ents:
            return ents[0].canonical
        name = clean_name(self.text[a:b])
        return name or None

    # -- pronouns ----------------------------------------------------------
    def _pronoun(self, a: int, b: int, low: str) -> Speaker:
        if low in _GENDER_OF_PRONOUN or low == "i":
            ante = self._antecedent(a, _GENDER_OF_PRONOUN.get(low), 0)
            if ante is not None:
                return self._make(ante.name, ante.kind, ante.role, ante.affiliation,
                                  "pronoun", [self._span(a, b), *ante.via])
        if low in ("they", "them"):
            ante = self._antecedent(a, "plural", 0)
            if ante is not None:
                return self._make(ante.name, ante.kind, ante.role, ante.affiliation,
                                  "pronoun", [self._span(a, b), *ante.via])
        gender = _GENDER_OF_PRONOUN.get(low)
        named = self._person_in_paragraph(a, gender) if gender else None
        if named is not None:  # "Luz Gallegos, ..., said X, she said" (her name inside the content)
            return self._make(named.canonical, "person", None, None, "last-speaker", [self._span(a, b), named.span])
        # we/it, or no antecedent subject: the latest speaker of the wanted kind ("they" is
        # never one person)
        wanted = {"he": "person", "she": "person", "him": "person", "her": "person", "i": "person",
                  "it": "organization", "they": "plural", "them": "plural"}.get(low)
        if wanted == "plural":
            for k in reversed(self.history[-3:]):
                if k.kind in ("group", "organization"):
                    return self._of_known(k, "last-speaker", [self._span(a, b)])
            return Speaker(None, "unknown", confidence=CONFIDENCE["none"], via=[self._span(a, b)])
        for k in reversed(self.history):
            if wanted is None or k.kind == wanted:
                return self._of_known(k, "last-speaker", [self._span(a, b)])
        if wanted == "person" and self.history:
            return self._of_known(self.history[-1], "last-speaker", [self._span(a, b)])
        return Speaker(None, "unknown", confidence=CONFIDENCE["none"])

    def _person_in_paragraph(self, pos: int, gender: str) -> Entity | None:
        """The nearest person named earlier in the pronoun's paragraph whose first name has
        the pronoun's gender, when the latest speaker is no person ("The latest footage
        showed Mrs Holloway ... She also urged") or one of the other gender."""
        latest = self.history[-1] if self.history else None
        if latest is None or (latest.kind in ("person", "anonymous")
                              and self._gender(Speaker(latest.name, latest.kind)) in (None, gender)):
            return None
        para = self.text.rfind("\n", 0, pos) + 1
        for e in reversed(self._entities_in(para, pos)):
            if e.label == "PERSON" and self._gender(Speaker(e.canonical, "person")) == gender:
                return e
        return None

    def _antecedent(self, pos: int, gender: str | None, depth: int) -> Speaker | None:
        """The person a pronoun at ``pos`` refers to: the nearest subject before it, in its own
        sentence or up to three sentences back, that is a person of a compatible gender."""
        span = self.sdoc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span) or depth > 3:
            return None
        tok = span[0]
        units = self._units()
        u = bisect_right(self._unit_starts, tok.i) - 1
        back = -1
        for sent in self._units_back(u):
            back += 1
            subjects = [t for t in sent if (t.dep_ in _SUBJ or t.i in self._source_heads or _agent(t))
                        and t.i < tok.i and not self._in_content(t.idx)]
            if back == 0:
                subjects.reverse()  # in its own sentence, the nearest first
                # not the subject of what the pronoun's own verb reports ('Mr Blair's government
                # was a "bossy ... government," he added': "he" is not Blair)
                reported = {x.i for c in tok.head.children if c.dep_ in ("ccomp", "parataxis") for x in c.subtree} \
                    if tok.head.lemma_.lower() in SPEECH_LEMMAS else set()  # "X is typical: she stopped" reports nothing
                subjects = [t for t in subjects if t.i not in reported]
            else:  # before it, the main clause's subject first: "Howard told Today Blair had refused"
                subjects.sort(key=lambda t: (_clause_depth(t), t.i))
            subjects = [t for t in subjects if not _in_aside(sent, t, tok)]
            for t in subjects:
                if gender == "plural":
                    if t.tag_ in ("NNS", "NNPS") or t.lemma_.lower() in _COLLECTIVE:
                        sp = self._subject_speaker(t, depth)
                        if sp is not None and sp.kind in ("group", "organization", "unknown"):
                            return sp
                    continue
                if t.tag_ in ("NNS", "NNPS"):
                    continue  # "he" is no "most Britons"
                sp = self._subject_speaker(t, depth)
                if sp is not None and sp.kind in ("person", "anonymous"):
                    if gender is None or self._gender(sp, t) in (None, gender):
                        return sp
            named = self._named_of_gender(sent, gender) if back == 1 and gender in ("m", "f") else None
            if named is not None:
                return named
        return None

    def _named_of_gender(self, sent, gender: str) -> Speaker | None:
        """The person the sentence before a pronoun names (not as a subject, outside any
        quotation) whose first name is of the pronoun's gender, the sentence naming no other:
        "At the urging of Supervisor Sandra Lee Fewer, the city's departments are compiling an
        inventory. She said ..." is Fewer (bench/data/speakers-own, Press TV#7)."""
        people = [e for e in self._entities_in(sent.start_char, sent.end_char)
                  if e.label == "PERSON" and not self._in_content(e.span.start)]
        if len({e.canonical for e in people}) != 1:
            return None
        e = people[-1]
        if self._gender(Speaker(e.canonical, "person")) != gender:
            return None
        known = self.by_name.get(e.canonical.lower())
        if known is not None:
            return Speaker(known.name, known.kind, role=known.role, affiliation=known.affiliation, via=[e.span])
        return Speaker(e.canonical, "person", via=[e.span])

    def _named_next(self, head_tok) -> Entity | None:
        """The person a news lede describes before naming ("..., a Home Office minister has
        said. | Hazel Blears said ..."): only when the description is its sentence's source
        and the next sentence opens with a full name seen nowhere before, the subject of a
        reporting verb."""
        if not self._at_source:
            return None
        units = self._units()
        u = bisect_right(self._unit_starts, head_tok.i) - 1
        if u + 1 >= len(units):
            return None
        nxt = units[u + 1]
        for e in self._entities_in(nxt.start_char, nxt.end_char):
            if e.label != "PERSON":
                continue  # "Home Office minister Hazel Blears": the title's organisation
            span = self.sdoc.char_span(e.span.start, e.span.end, alignment_mode="expand")
            if span is None or len(e.canonical.split()) < 2:
                return None
            root = span.root
            opens = span.start - nxt.start <= 4 and all(_title_word(t) for t in self.sdoc[nxt.start:span.start])
            speaks = root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_LEMMAS
            seen = any(x.canonical == e.canonical for x in self._entities_in(0, head_tok.idx))
            return e if opens and speaks and not seen else None
        return None

    def _units_back(self, u: int, n: int = 4):
        """Unit ``u`` and the ones before it, ``n`` in all, passing over photo captions (a
        caption names who is pictured, not who is speaking)."""
        while n and u >= 0:
            sent = self._units()[u]
            if not self._in_caption(sent.start_char):
                yield sent
                n -= 1
            u -= 1

    def _in_caption(self, pos: int) -> bool:
        """Whether ``pos`` lies in a photo caption: a paragraph opening with "FILE PHOTO:" or
        ending with a picture credit ("REUTERS/Leah Millis", "(AP Photo/Jane Doe)", "Getty Images")."""
        if self._captions is None:
            self._captions = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)
                              if _CAPTION.search(m.group())]
        return any(a <= pos < b for a, b in self._captions)

    def _units(self) -> list:
        """The document's sentences as a reader sees them: the parser's sentences cut at
        paragraph breaks, and a fragment it cut off without final punctuation inside a
        paragraph joined to what follows ("On Thursday, Mr Howard told BBC Radio 4's Today
        programme | Mr Blair had ...")."""
        if self._unit_list is None:
            pieces, start = [], 0
            for t in self.sdoc:
                if t.i == 0:
                    continue
                prev = self.sdoc[t.i - 1]
                if t.is_space:
                    continue
                if "\n" in self.text[prev.idx:t.idx] or (t.is_sent_start and prev.text[-1:] in _FINAL):
                    pieces.append(self.sdoc[start:t.i])
                    start = t.i
            pieces.append(self.sdoc[start:len(self.sdoc)])
            self._unit_list = pieces
            self._unit_starts = [p.start for p in pieces]
        return self._unit_list

    def _subject_speaker(self, t, depth: int) -> Speaker | None:
        done = self._resolved_at.get(t.i)
        if done is not None and done.name and t.lower_ not in _GENDER_OF_PRONOUN:
            # a statement's source is the speaker it was resolved to ("the Salford MP" is Blears)
            return Speaker(done.name, done.kind, done.role, done.affiliation, done.confidence, list(done.via))
        if t.lower_ in _GENDER_OF_PRONOUN:
            if t.i not in self._pronoun_memo:
                self._pronoun_memo[t.i] = None  # a cycle guard
                ante = self._antecedent(t.idx, _GENDER_OF_PRONOUN[t.lower_], depth + 1)
                self._pronoun_memo[t.i] = ante
            return self._pronoun_memo[t.i]
        if t.pos_ == "PRON" and not (t.lower_ == "who" and _relative_clause(t) is not None):
            return None  # "X, who cautioned ...": "who" is X
        a, b = t.left_edge.idx, t.idx + len(t.text)
        at_source, self._at_source = self._at_source, False
        sp, _ = self._resolve_span(a, b)
        self._at_source = at_source
        if sp.name is None:
            return None
        _lead_via(sp, self._span(a, b))
        return sp

    def _adjacent_as(self, k: _Known, desc: str) -> Speaker:
        """The person just quoted, described here ("the Salford MP"): the description is a role
        the text gives them, when they have none yet."""
        sp = self._of_known(k, "adjacent", [])
        sp.role = sp.role or desc or None
        return sp

    def _adjacent_speaker(self, pos: int) -> _Known | None:
        """The latest person quoted, in this sentence or the two before, if no other person is
        named since (outside quoted words) and they are not named again in this one: "the
        Salford MP told ..." after "she told a Commons inquiry" and a body's reaction to it;
        "But the prime minister says it is time for Mr Livingstone to say sorry" is not Livingstone."""
        if not self._at_source or not self._person_at:
            return None
        span = self.sdoc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        units = self._units()
        u = bisect_right(self._unit_starts, span[0].i) - 1
        last_pos, k = self._person_at[-1]
        if last_pos < units[max(0, u - 2)].start_char or k.name.split()[-1].lower() in units[u].text.lower():
            return None
        wanted = _gender_of_noun(span[0].sent, pos)
        if wanted is not None and self._gender(Speaker(k.name, "person")) != wanted:
            return None  # "the woman said" after Snoop Dogg is not Snoop Dogg
        if any(e.label == "PERSON" and e.canonical != k.name and not self._in_content(e.span.start)
               for e in self._entities_in(last_pos + 1, pos)):
            return None
        return k

    def _gender(self, sp: Speaker, tok=None) -> str | None:
        """m, f or None (unknown): from a title at the mention, else the first name."""
        before = self.text[max(0, tok.left_edge.idx - 1):tok.idx].lower().split() if tok is not None else []
        # a title at the mention, or at a mention it was resolved through ("Their first UK hit,
        # Ms Jackson," is no "he")
        for w in before[-2:] + [v.text.split()[0].lower() for v in sp.via if v.text.strip()]:
            if w.strip(".") in _GENDER_TITLES:
                return _GENDER_TITLES[w.strip(".")]
        if sp.name and sp.kind in ("person", "anonymous") and sp.name.islower():
            head = sp.name.split()[-1]  # a description: "spokesman", "the chairwoman"
            return "f" if head in _FEMALE_NOUNS else "m" if head in _MALE_NOUNS else None
        if sp.kind != "person" or not sp.name or " " not in sp.name:
            return None
        return _name_gender(sp.name.split()[0])

    # -- descriptions linked by title --------------------------------------
    def _person_titles(self) -> list[tuple[int, str, frozenset[str]]]:
        """(position, person, words) for every title written with a person's name: the words
        before it in its noun phrase ("Tory co-chairman Liam Fox") and appositions on either
        side ("Ken Livingstone, the London mayor," / "the prime minister, Tony Blair,")."""
        out = []
        for e in self.entities:
            if e.label != "PERSON" or len(e.canonical.split()) < 2 and e.canonical not in self._persons:
                continue
            span = self.sdoc.char_span(e.span.start, e.span.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            first = span[0].i
            while first > span.sent.start and first - span[0].i > -6 and _title_word(self.sdoc[first - 1]):
                first -= 1
            if first < span[0].i:
                out.append((e.span.start, e.canonical, _desc_words(self.text[self.sdoc[first].idx:e.span.start])))
            for c in root.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > root.i:
                    out.append((e.span.start, e.canonical, _desc_words(self.text[c.left_edge.idx:c.idx + len(c.text)])))
            if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < root.i:
                h = root.head
                out.append((e.span.start, e.canonical, _desc_words(self.text[h.left_edge.idx:h.idx + len(h.text)])))
        return [t for t in out if t[2]]

    def _in_clause_of(self, e: Entity, head_tok) -> bool:
        """Whether a name lies in a relative clause on the source's head: "X, who replaced
        Y," is X's, never Y's."""
        if head_tok is None:
            return False
        return any(c.dep_ in ("relcl", "acl") and c.left_edge.idx <= e.span.start < c.right_edge.idx + len(c.right_edge.text)
                   for c in head_tok.rights)

    def _place_of(self, e: Entity, head_tok) -> bool:
        """Whether a name the tagger read as a person is the object of the source's own
        preposition and no person's name: "The MP for Sittingbourne and Sheppey" is the MP."""
        if head_tok is None or not _denotes_person(head_tok.lemma_.lower()):
            return False
        span = self.sdoc.char_span(e.span.start, e.span.end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        t = span.root
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if not (t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.i == head_tok.i):
            return False
        first = e.canonical.split()[0]
        return " " not in e.canonical or _GENDER.get_gender(first) in ("unknown", "andy")

    def _given_name_before(self, word: str) -> str | None:
        """The full name when the text writes ``word`` after a given name somewhere
        ("Petronella Mabhena"), read by gender-guesser; None for an all-caps or unknown one."""
        if word.isupper() or not word[:1].isupper():
            return None
        for m in re.finditer(rf"\b([A-Z][a-z]+) {re.escape(word)}\b", self.text):
            if _GENDER.get_gender(m.group(1)) in ("male", "female", "mostly_male", "mostly_female"):
                return f"{m.group(1)} {word}"
        return None

    def _issuer(self, head_tok, ents: list[Entity], b: int) -> Entity | None:
        """The organisation a document in the source was issued by: "New statistics released by
        the APM Research Lab", "a report published Thursday by the Center for X"."""
        after = head_tok.idx + len(head_tok.text)
        orgs = [e for e in ents if e.label == "ORG" and e.span.start >= after and e.span.end <= b]
        for k, e in enumerate(orgs):
            if re.search(r"\b(?:by|via)\s+(?:the\s+)?$", self.text[after:e.span.start]):
                nxt = orgs[k + 1] if k + 1 < len(orgs) else None
                if nxt is not None and re.fullmatch(r"(?:'s|’s)\s+", self.text[e.span.end:nxt.span.start]):
                    # "a report by UCLA's Center for X": the center, named with its university
                    return Entity(Span.of(self.text, e.span.start, nxt.span.end), "ORG",
                                  f"{e.canonical}{self.text[e.span.end:nxt.span.start]}{nxt.canonical}")
                return e
        return None

    def _counted_group(self, head_tok) -> str | None:
        """Whom a share or a count stands for: "84% of respondents" are respondents, "nearly 20%
        of Republicans" Republicans; a bare "29%" in a text about respondents, respondents."""
        if head_tok is None or not (head_tok.like_num or head_tok.text == "%" or head_tok.pos_ == "NUM"):
            return None
        of = next((p for c in head_tok.subtree if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")), None)
        if of is not None:
            return " ".join(self.text[of.left_edge.idx:of.idx + len(of.text)].split())
        return "respondents" if re.search(r"\brespondents\b", self.text) else None

    def _issuer_named(self, head: str) -> Entity | None:
        """The one organisation the text says issued a document of this kind ("a new survey
        finds ... The survey, published via Reuters/Ipsos"): "<kind> ... by / via <org>" or
        "<org> <kind>"."""
        found = set()
        for e in self.entities:
            if e.label != "ORG":
                continue
            before = self.text[max(0, e.span.start - 50):e.span.start].lower()
            after = self.text[e.span.end:e.span.end + 12].lower()
            if re.search(rf"\b{re.escape(head)}s?\b[^.]{{0,40}}\b(?:by|via)\s+(?:the\s+)?$", before) or \
                    re.match(rf"\s+{re.escape(head)}s?\b", after):
                found.add(e.canonical)
        if len(found) != 1:
            return None
        name = found.pop()
        return next(e for e in self.entities if e.canonical == name)

    def _recent_firm(self, pos: int) -> Entity | None:
        """The company "the company" or "the firm" refers to: among the organisations named
        in its sentence and the three before (outside reported content, never a news outlet),
        the one the text names most often so far (a one-word name tagged both a person and an
        organisation, "Bombardier", counts); None when there is none."""
        units = self._units()
        span = self.sdoc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        u = bisect_right(self._unit_starts, span[0].i) - 1
        start = units[max(0, u - 3)].start_char
        orgs = {e.canonical for e in self.entities if e.label == "ORG"}
        near = [e for e in self._entities_in(start, pos) if e.canonical in orgs and not self._in_content(e.span.start)
                and not _OUTLET.search(e.canonical) and (e.canonical not in self._persons or " " not in e.canonical)
                and not re.search(r"\b(?:its|their|his|her|our)\s+$", self.text[max(0, e.span.start - 8):e.span.start])]
        if not near:
            return None  # "its Facebook Group" is a thing the company owns, not the company
        names = [e.canonical for e in self._entities_in(0, pos)]
        # a name counts its longer forms too: "Facebook" is named in "Facebook Group"
        counts = {c: sum(n == c or n.startswith(c + " ") for n in names) for c in {e.canonical for e in near}}
        return max(reversed(near), key=lambda e: counts[e.canonical])

    def _org_named_by_head(self, head: str, words: frozenset[str] = frozenset()) -> str | None:
        """The one organisation the text names with ``head`` as its last word and every other
        word of the description (``words``) in it, or None: "the attorney general" is not the
        "Solicitor General" the text names."""
        names = {e.canonical for e in self.entities
                 if e.label == "ORG" and len(e.canonical.split()) >= 2 and e.canonical.split()[-1].lower() == head
                 and words <= set(e.canonical.lower().split())}
        return names.pop() if len(names) == 1 else None

    def _titled(self, desc: str) -> str | None:
        """The one person whose titles hold every word of the description, or None."""
        words = _desc_words(desc)
        last = _WORD_RE.findall(desc)[-1:] or [""]
        if not words or not (last[0].islower() or _denotes_person(last[0].lower())) or last[0].lower() in _ORG_NOUNS | _FIRM_NOUNS:
            return None  # "the Tory" is no title, nor "the club" ("the club's manager, Sir Alex Ferguson")
        # "the president" is no "Vice President Pence" (NPR#82, bench/data/speakers-own): a rank
        # the title has and the description lacks makes another office
        names = {name for at, name, title in self._titles
                 if all(_in_title(w, title, self.text[max(0, at - TITLE_PLACE_REACH):max(0, at)]) for w in words)
                 and not (title & _RANKS) - words}
        return names.pop() if len(names) == 1 else None

    def _resolve_span(self, a: int, b: int) -> tuple[Speaker, str]:
        text = self.text
        dateline = _DATELINE.match(text, a, b)
        if dateline and dateline.end() < b:  # "WASHINGTON (Reuters) - U.S. President Donald Trump"
            a = dateline.end()
        raw = " ".join(text[a:b].split())
        low = _POSSESSIVES.get(raw.lower(), raw.lower())  # "By his count": he
        if low in PRONOUNS:
            return self._pronoun(a, b, low), ""
        span = self.sdoc.char_span(a, b, alignment_mode="expand")
        head_tok = span.root if span is not None and len(span) else None
        if head_tok is not None and head_tok.pos_ in ("VERB", "AUX"):
            # a source span run on over its verb ("The small company said it planned ..."): its subject
            subj = next((c for c in head_tok.children if c.dep_ in _SUBJ and c.idx >= a), None)
            if subj is not None:
                head_tok, b = subj, subj.idx + len(subj.text)
                raw = " ".join(text[a:b].split())
                low = raw.lower()
        if low in _RELATIVES and head_tok is not None and _relative_clause(head_tok) is not None:
            # "..., who ...": the source is the noun the relative clause hangs on
            noun = _relative_clause(head_tok).head
            if low == "who":
                # "interviewed Dr. Bob Lahita, chairman of medicine at X Hospital, who cautioned":
                # "who" is a person, the nearest one named before it in the sentence
                person = [e for e in self._entities_in(head_tok.sent.start_char, a) if e.label == "PERSON"]
                ent_noun = self.sdoc.char_span(person[-1].span.start, person[-1].span.end, alignment_mode="expand") if person else None
                if ent_noun is not None and len(ent_noun) and not _denotes_person(noun.lemma_.lower()) and not any(
                        e.label == "PERSON" and e.span.start <= noun.idx < e.span.end for e in self.entities):
                    noun = ent_noun.root  # ("a make-up artist who claimed" is the artist)
            if noun.i < head_tok.i and noun.pos_ in ("NOUN", "PROPN"):
                a, b = noun.left_edge.idx, noun.idx + len(noun.text)
                raw = " ".join(text[a:b].split())
                low = raw.lower()
                span = self.sdoc.char_span(a, b, alignment_mode="expand")
                head_tok = noun
        if head_tok is not None and head_tok.dep_ in ("compound", "det") and head_tok.head.i > head_tok.i:
            # a source cut inside its noun phrase: "said AK chief Isaiah Kiplagat" is Kiplagat, not AK;
            # "the" is "the prime minister"
            noun = head_tok.head
            while noun.dep_ == "compound" and noun.head.i > noun.i:
                noun = noun.head
            b = noun.idx + len(noun.text)
            raw = " ".join(text[a:b].split())
            low = raw.lower()
            head_tok = noun
        ents = self._entities_in(a, b)
        # the name a source opens with wins over its head: "Ann Lee, professor at the John F. School. Kent of Z University"
        lead = _LEADING_DET.sub("", raw)
        lead_off = a + (len(raw) - len(lead)) if text[a:b] == raw else a
        chosen = None
        for e in ents:
            # the person the source's head names ("AK chief Isaiah Kiplagat", "Lib Dem spokesman Mark Oaten")
            if e.label == "PERSON" and head_tok is not None and e.span.start <= head_tok.idx < e.span.end:
                chosen = e
                break
        for e in ents if chosen is None else ():
            if (e.label == "PERSON" and a <= e.span.start <= lead_off + 1 and not self._owner_of(e, head_tok)
                    and not self._modifies_head(e, head_tok)):
                chosen = e
                break
        definite = raw.lower().startswith(("the ", "this ", "that "))
        if chosen is None and head_tok is not None:
            for e in ents:
                if e.span.start <= head_tok.idx < e.span.end and e.label in _SPEAKER_LABELS:
                    # "the Kentucky Republican" describes a person; it does not name a group
                    if not (e.label == "NORP" and definite):
                        chosen = e
                    break
        if chosen is None and head_tok is not None:
            # "the regional water authority, the Northern Estuary Water Board (NEWB), said":
            # the apposition names what the description only describes; so does a name
            # closing the source right after its noun ("the pro-Russian Telegram channel Rybar")
            after_head = head_tok.idx + len(head_tok.text)
            for e in ents:
                if e.label == "ORG" and e.span.start >= after_head:
                    gap = text[after_head:e.span.start]
                    between = gap.strip(" ,").lower()
                    closing = not gap.strip() and e.span.end >= b and head_tok.pos_ == "NOUN"
                    if between in ("", "the") and ("," in gap or closing):
                        chosen = e
                    break
        if chosen is None and head_tok is not None and head_tok.pos_ == "PROPN":
            full = self._surnames.get(_key(head_tok.text))
            if full is not None:  # "Mr Hague, who had published a biography of William Pitt": Hague
                known = self.by_name.get(full.lower())
                if known is not None:
                    return self._of_known(known, "short", []), head_tok_lemma(head_tok, low)
                return self._make(full, "person", None, None, "short", []), head_tok_lemma(head_tok, low)
        if chosen is None:
            person = [e for e in ents if e.label == "PERSON" and not self._place_of(e, head_tok)
                      and not self._in_clause_of(e, head_tok) and not self._modifies_head(e, head_tok)
                      and not self._owns_name(e, ents)]
            if person:
                chosen = person[0]
        if chosen is None and head_tok is not None and head_tok.pos_ == "NOUN" and not _denotes_person(head_tok.lemma_.lower()):
            # "Labor Department figures", "the Paris-based IEA watchdog": a document or body
            # described by the organisation that issued it is that organisation
            orgs = [e for e in ents if e.label == "ORG" and e.span.end <= head_tok.idx
                    and (" " in e.canonical or e.span.text.isupper())]
            if len(orgs) == 1:
                chosen = orgs[0]
            elif not orgs and {head_tok.lemma_.lower(), head_tok.lower_} & _DOCUMENT_NOUNS:
                chosen = self._issuer(head_tok, ents, b) or self._issuer_named(head_tok.lemma_.lower())
        head = head_tok.lemma_.lower() if head_tok is not None else low.split()[-1]
        if chosen is not None:
            name = chosen.canonical
            name = self._surnames.get(_key(name), name)
            given = self._given_name_before(name) if chosen.label != "PERSON" and " " not in name else None
            if given is not None:  # "Mabhena" tagged a place, written "Petronella Mabhena" elsewhere
                name = given
                self._persons.add(name)
            if chosen.label == "PERSON" or name in self._persons:
                kind = "person"
            elif chosen.label == "NORP":  # "Republicans", "Ukrainians"
                kind = "group"
            else:
                kind = "organization"
            role, affiliation = self._role_affiliation(a, b, chosen, head_tok)
            role_head = re.split(r"\s+(?:of|at|in|on|for|with)\s+", role.lower())[0].split()[-1] if role else ""
            if role_head in _ORG_NOUNS and chosen.label != "PERSON":
                kind = "organization"
            elif kind == "organization" and (_denotes_person(role_head) or self._who_follows(chosen)):
                kind = "person"  # "G Money, a presenter on ..." / "G Money, who presents on 1Xtra"
            if kind == "person" and _ORG_WORDS.search(name):
                kind = "organization"
            known = self.by_name.get(name.lower())
            if known is not None:
                kind = known.kind
            named = name in (person_name(chosen.span.text), clean_name(chosen.span.text))
            via = [] if named else [chosen.span]
            return self._make(name, kind, role, affiliation, "named" if named else "short", via), head
        # a bare surname the NER missed here ("... ," Okafor said): the full name given earlier
        bare_name = clean_name(raw)
        known = self.by_name.get(bare_name.lower()) if bare_name and head_tok is not None and head_tok.pos_ == "PROPN" else None
        if known is not None:  # a speaker's name the NER tagged once, not here ("G Money says")
            return self._of_known(known, "named", []), head_tok_lemma(head_tok, low)
        if head_tok is not None and head_tok.pos_ == "PROPN" and " " in bare_name:
            bare_name = head_tok.text  # "IBM's Rometty": the surname the phrase ends on
        full = self._surnames.get(_key(bare_name)) if bare_name and " " not in bare_name else None
        if full is not None:
            known = self.by_name.get(full.lower())
            if known is not None:
                return self._of_known(known, "short", []), head_tok_lemma(head_tok, low)
            return self._make(full, "person", None, None, "short", []), head_tok_lemma(head_tok, low)
        counted = self._counted_group(head_tok)
        if counted is not None:  # "Nearly 84% of respondents said", "29% said" in a poll's report
            return self._make(counted, "group", None, None, "description", []), counted.split()[-1].lower()
        # a description: "the official", "An unnamed senior defence official", "experts"
        if head_tok is not None:
            left = head_tok.left_edge
            while left.i < head_tok.i and (left.dep_ in ("det", "punct") or left.idx < a):
                left = self.sdoc[left.i + 1]
            end = head_tok.idx + len(head_tok.text)
            conj = [c for c in head_tok.children if c.dep_ == "conj" and c.idx + len(c.text) <= b]
            if conj:  # "researchers and infectious disease experts" are one group
                end = conj[-1].idx + len(conj[-1].text)
            desc = " ".join(text[left.idx:end].split())
        else:
            desc = clean_name(raw)
        # "the Fed's report" or "the Senate committee" identifies itself; only a
        # bare description ("the official", "the senior official") refers back
        bare = head_tok is None or not any(
            t.dep_ == "poss" or t.pos_ == "PROPN" for t in head_tok.lefts if t.idx >= a
        )
        plural = head_tok is not None and head_tok.tag_ in ("NNS", "NNPS")
        if not plural and not re.match(r"(?:a|an|one)\b", low):
            # "the Tory co-chairman" after "Tory co-chairman Liam Fox": the text links them
            titled = self._titled(raw)
            if titled is not None:
                known = self.by_name.get(titled.lower())
                if known is not None:
                    return self._of_known(known, "title", []), head
                return self._make(titled, "person", None, None, "title", []), head
        person_desc = (definite and not plural and head_tok is not None and _denotes_person(head)
                       and head not in _ANON_NOUNS and not any(t.dep_ == "poss" for t in head_tok.lefts))
        if definite and bare:
            for k in reversed(self.history):
                if k.head == head or head in k.heads or head in k.name.lower().split():
                    # "the MP for X" after Derek Wyatt was quoted is Wyatt, not the headline's "Labour
                    # MP"; the same description again ("the prime minister") is the same referent
                    other = k.head == k.name.split()[-1].lower() and _desc_words(k.name) != _desc_words(desc)
                    near = self._adjacent_speaker(a) if person_desc and other else None
                    if near is not None:
                        return self._adjacent_as(near, desc), head
                    return self._of_known(k, "same-noun", []), head
            if head in _UTTERANCE_NOUNS and not plural and self.history and self.history[-1].kind in (
                    "person", "organization") and self.history[-1].name[:1].isupper() \
                    and a - self._last_pos <= UTTERANCE_REACH:  # a named speaker's, not "the company"'s
                return self._of_known(self.history[-1], "statement-of", []), head
            org = self._org_named_by_head(head, _desc_words(desc)) if not plural else None
            if org is not None:  # "the board" for the "... Policy Advisory Board" named in the text
                return self._make(org, "organization", None, None, "title", []), head
            firm = self._recent_firm(a) if head in _FIRM_NOUNS and not plural else None
            if firm is not None:  # "BMW had invested ... The company admits"
                return self._make(firm.canonical, "organization", None, None, "recent-org",
                                  [firm.span]), head
        # "Senator Mira Castell said ... the veteran lawmaker said"; "the Salford MP" (a place
        # before the noun still describes; a possessive, "the party's leader", may be another's)
        if person_desc:
            k = self._adjacent_speaker(a)
            if k is not None:
                return self._adjacent_as(k, desc), head
        words_low = set(desc.lower().split())
        if (re.match(r"(?:a|an)\s", low) and not plural and head_tok is not None and _denotes_person(head)
                and head not in _ANON_NOUNS and not words_low & _ANON_MARKERS):
            named = self._named_next(head_tok)
            if named is not None:  # "..., a Home Office minister has said. Hazel Blears said ..."
                return self._make(named.canonical, "person", desc, None, "lede", [named.span]), head
        if words_low & _ANON_MARKERS or (not plural and head in _ANON_NOUNS):
            kind = "anonymous"
        elif plural:
            kind = "group"
        elif head in _ORG_NOUNS:
            kind = "organization"
        elif _denotes_person(head) or (head_tok is not None and head_tok.pos_ == "PROPN" and any(
                c.dep_ == "appos" and _denotes_person(c.lemma_.lower()) for c in head_tok.children)):
            kind = "person"  # "the prime minister", never named as such; "G Money, a presenter"
        else:
            kind = "unknown"
        role = None
        if kind == "anonymous":
            role = " ".join(w for w in desc.split() if w.lower() not in _ANON_MARKERS) or None
        if (kind in ("anonymous", "group") or head in _OF_WHOM) and head_tok is not None and desc:
            desc = self._with_postmodifier(desc, head_tok)
        return self._make(desc or None, kind, role, None, "description" if desc else "none", []), head

    def _with_postmodifier(self, desc: str, head_tok) -> str:
        """An unnamed source keeps the words after its noun that say which one it is: "an
        official briefed on the plans", "people familiar with the matter", "a person with
        knowledge of the talks", "a group of MPs and peers" (a reduced relative clause, a "with"
        phrase, or an "of" phrase after a body's noun, right after it, even where the source span
        was cut before it)."""
        mods = [c for c in head_tok.rights
                if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD", "VBG") or c.dep_ == "amod" and c.tag_ == "JJ"
                or (c.dep_ == "prep" and (c.lower_ == "with" or c.lower_ == "of" and head_tok.lemma_.lower() in _OF_WHOM))]
        if not mods or mods[0].i != head_tok.i + 1:
            return desc
        last = mods[0].right_edge
        end = last.idx + len(last.text)
        if last.i - head_tok.i > 8 or self._in_content(head_tok.idx + len(head_tok.text) + 1):
            return desc
        return desc + " " + " ".join(self.text[head_tok.idx + len(head_tok.text):end].split())

    def _owns_name(self, e: Entity, ents: list[Entity]) -> bool:
        """The name is the possessor of a person's name right after it: "Torfaen's Bob Wellington"
        is Wellington (bench/data/rewrites 54), whatever the tagger takes Torfaen for."""
        if re.match(r"[’']s\s", self.text[e.span.end:e.span.end + 3]) is None:
            return False
        return any(o.label == "PERSON" and o is not e and 0 < o.span.start - e.span.end <= 3 for o in ents)

    def _owner_of(self, e: Entity, head_tok) -> bool:
        """The name owns the source's head, itself a name: "1Xtra's G Money" is G Money."""
        return (head_tok is not None and head_tok.pos_ == "PROPN" and head_tok.idx >= e.span.end
                and re.match(r"[’']s?\s", self.text[e.span.end:e.span.end + 3]) is not None)

    def _modifies_head(self, e: Entity, head_tok) -> bool:
        """The name only qualifies a common noun of a person: "the Spurs boss" is Spurs' boss,
        not a man called Spurs (bench/data/rewrites 24)."""
        if head_tok is None or head_tok.pos_ != "NOUN" or not _denotes_person(head_tok.lemma_.lower()):
            return False
        span = self.sdoc.char_span(e.span.start, e.span.end, alignment_mode="expand")
        return span is not None and span.root.dep_ == "compound" and span.root.head.i == head_tok.i

    def _who_follows(self, e: Entity) -> bool:
        """The name is followed by a relative clause opened by "who", which a person takes."""
        return re.match(r"\s*,?\s*who\b", self.text[e.span.end:e.span.end + 8]) is not None

    def _role_affiliation(self, a: int, b: int, ent: Entity, head_tok) -> tuple[str | None, str | None]:
        text = self.text
        role = affiliation = None
        # a title before the name: "Finnish President Sauli Niinisto"; "Labour's Mr" holds an
        # affiliation and a bare title, no role
        before = _LEADING_DET.sub("", " ".join(text[a:ent.span.start].split())).strip(" ,")
        words = [w for w in before.split() if w.strip(".").lower() not in _TITLE_WORDS]
        if words and re.search(r"[’']s?$", words[0]) and before.startswith(words[0]):
            owner = self._entities_in(a, a + len(text[a:ent.span.start]) + 1)
            org = next((e for e in owner if e.label in ("ORG", "NORP") and e.span.start < ent.span.start), None)
            if org is not None:
                affiliation = org.canonical
                words = words[1:]
        if words and len(words) <= 6 and any(w[0].islower() or _denotes_person(w.lower()) for w in words):
            role = " ".join(words)
        # an apposition after it: "Ann Lee, an associate professor ... at Kent University"
        after = text[ent.span.end:b]
        if after.lstrip().startswith(","):
            appo = " ".join(after.lstrip()[1:].split()).strip(" ,")
            # a relative clause is not a role ("X, who replaced Y, said")
            if appo and not re.match(r"(?:who|which|that|whose)\b", appo):
                appo_start = b - len(after.lstrip()) + 1
                # an organisation, never a place ("a mother of two from Oxfordshire")
                org = next((e for e in self._entities_in(appo_start, b) if e.label == "ORG"), None)
                if org is not None:
                    affiliation = affiliation or org.canonical
                r = _ROLE_CUT.sub("", _LEADING_DET.sub("", appo))
                r = re.split(r",\s*(?:who|which|whose)\b", r)[0].strip(" ,")
                if re.match(r"(?:from|of|in|at|aged|\d)", r):  # a residence or an age is no role
                    r = ""
                role = role or (r if r and len(r.split()) <= 12 else None)
        return role, affiliation
