"""Resolving a candidate's source span to a speaker, in document order.

A name takes its entity's canonical form (surname -> full name, acronym ->
definition); a pronoun takes the most recent attributed speaker, whatever its
grammatical gender, because in reported speech the pronoun after a quotation
refers back to whoever was just quoted and a mismatch is a rewriting error,
not a new speaker; a definite description ("the official") takes the latest
speaker described with the same noun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from unspin.model import Entity, Speaker
from unspin.text.entities import _key, clean_name

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
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
    epidemiologist virologist activist""".split()
)
_RELATIVES = frozenset({"who", "which", "that", "whom"})


@dataclass(slots=True)
class _Known:
    name: str
    kind: str
    role: str | None
    affiliation: str | None
    head: str  # the head noun it was described with ("official")


def head_tok_lemma(head_tok, fallback: str) -> str:
    return head_tok.lemma_.lower() if head_tok is not None else fallback.split()[-1]


def _denotes_person(head: str) -> bool:
    return head in _PERSON_NOUNS or head.endswith(("ist", "man", "woman", "person", "ician"))


class SpeakerResolver:
    """Stateful over one document: call :meth:`resolve` in document order."""

    def __init__(self, sdoc: Doc, entities: list[Entity]):
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
        self.history.append(known)

    def last(self) -> Speaker | None:
        if not self.history:
            return None
        k = self.history[-1]
        return Speaker(k.name, k.kind, k.role, k.affiliation)

    # -- resolution --------------------------------------------------------
    def resolve(self, source: tuple[int, int] | None, follow_on: bool = False) -> Speaker:
        if source is None:
            if follow_on:
                sp = self.last()
                if sp is not None:
                    self.history.append(self.history[-1])
                    return sp
            return Speaker(None)
        sp, head = self._resolve_span(*source)
        self._remember(sp, head)
        return sp

    def name_of(self, a: int, b: int) -> str | None:
        """Just the canonical name for a span (used for relays and channels)."""
        ents = self._entities_in(a, b)
        if ents:
            return ents[0].canonical
        name = clean_name(self.text[a:b])
        return name or None

    def _resolve_span(self, a: int, b: int) -> tuple[Speaker, str]:
        text = self.text
        raw = " ".join(text[a:b].split())
        low = raw.lower()
        if low in PRONOUNS:
            # he/she: the latest person quoted, whatever the gender; it: the latest organisation
            wanted = {"he": "person", "she": "person", "him": "person", "her": "person", "i": "person",
                      "it": "organization"}.get(low)
            for k in reversed(self.history):
                if wanted is None or k.kind == wanted:
                    return Speaker(k.name, k.kind, k.role, k.affiliation), ""
            if wanted == "person" and self.history:
                k = self.history[-1]
                return Speaker(k.name, k.kind, k.role, k.affiliation), ""
            return Speaker(None, "unknown"), ""
        span = self.sdoc.char_span(a, b, alignment_mode="expand")
        head_tok = span.root if span is not None and len(span) else None
        if low in _RELATIVES and head_tok is not None and head_tok.head.dep_ in ("relcl", "acl"):
            # "..., who ...": the source is the noun the relative clause hangs on
            noun = head_tok.head.head
            if noun.i < head_tok.i and noun.pos_ in ("NOUN", "PROPN"):
                a, b = noun.left_edge.idx, noun.idx + len(noun.text)
                raw = " ".join(text[a:b].split())
                low = raw.lower()
                span = self.sdoc.char_span(a, b, alignment_mode="expand")
                head_tok = noun
        ents = self._entities_in(a, b)
        # the name a source opens with wins over its head: "Ann Lee, professor at the John F. School. Kent of Z University"
        lead = _LEADING_DET.sub("", raw)
        lead_off = a + (len(raw) - len(lead)) if text[a:b] == raw else a
        chosen = None
        for e in ents:
            if e.label == "PERSON" and a <= e.span.start <= lead_off + 1:
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
            # the apposition names what the description only describes
            after_head = head_tok.idx + len(head_tok.text)
            for e in ents:
                if e.label == "ORG" and e.span.start >= after_head:
                    between = text[after_head:e.span.start].strip(" ,").lower()
                    if between in ("", "the") and "," in text[after_head:e.span.start]:
                        chosen = e
                    break
        if chosen is None:
            person = [e for e in ents if e.label == "PERSON"]
            if person:
                chosen = person[0]
        head = head_tok.lemma_.lower() if head_tok is not None else low.split()[-1]
        if chosen is not None:
            name = chosen.canonical
            name = self._surnames.get(_key(name), name)
            if chosen.label == "PERSON" or name in self._persons:
                kind = "person"
            elif chosen.label == "NORP":  # "Republicans", "Ukrainians"
                kind = "group"
            else:
                kind = "organization"
            role, affiliation = self._role_affiliation(a, b, chosen, head_tok)
            if role and role.lower().split()[-1] in _ORG_NOUNS:
                kind = "organization"
            if kind == "person" and _ORG_WORDS.search(name):
                kind = "organization"
            known = self.by_name.get(name.lower())
            if known is not None:
                kind = known.kind
            return Speaker(name, kind, role, affiliation), head
        # a bare surname the NER missed here ("... ," Okafor said): the full name given earlier
        bare_name = clean_name(raw)
        full = self._surnames.get(_key(bare_name)) if bare_name and " " not in bare_name else None
        if full is not None:
            known = self.by_name.get(full.lower())
            if known is not None:
                return Speaker(known.name, known.kind, known.role, known.affiliation), head_tok_lemma(head_tok, low)
            return Speaker(full, "person"), head_tok_lemma(head_tok, low)
        # a description: "the official", "An unnamed senior defence official", "experts"
        if head_tok is not None:
            left = head_tok.left_edge
            while left.i < head_tok.i and (left.dep_ in ("det", "punct") or left.idx < a):
                left = self.sdoc[left.i + 1]
            desc = " ".join(text[left.idx:head_tok.idx + len(head_tok.text)].split())
        else:
            desc = clean_name(raw)
        # "the Fed's report" or "the Senate committee" identifies itself; only a
        # bare description ("the official", "the senior official") refers back
        bare = head_tok is None or not any(
            t.dep_ == "poss" or t.pos_ == "PROPN" for t in head_tok.lefts if t.idx >= a
        )
        if definite and bare:
            for k in reversed(self.history):
                if k.head == head or head in k.name.lower().split():
                    return Speaker(k.name, k.kind, k.role, k.affiliation), head
            titled = self._titled_person_before(a, head)
            if titled is not None:
                return titled, head
            if _denotes_person(head) and head not in _ANON_NOUNS:
                # "the congresswoman said" after a named person: that person
                for k in reversed(self.history[-4:]):
                    if k.kind == "person":
                        return Speaker(k.name, k.kind, k.role, k.affiliation), head
        plural = head_tok is not None and head_tok.tag_ in ("NNS", "NNPS")
        words_low = set(desc.lower().split())
        if words_low & _ANON_MARKERS or (not plural and head in _ANON_NOUNS):
            kind = "anonymous"
        elif plural:
            kind = "group"
        elif head in _ORG_NOUNS:
            kind = "organization"
        else:
            kind = "unknown"
        role = None
        if kind == "anonymous":
            role = " ".join(w for w in desc.split() if w.lower() not in _ANON_MARKERS) or None
        return Speaker(desc or None, kind, role, None), head

    def _titled_person_before(self, pos: int, head: str) -> Speaker | None:
        """"the mayor" -> the latest person introduced with that title ("Mayor Ann Lee")."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            e = self.entities[i]
            if e.label == "PERSON":
                before = self.text[max(0, e.span.start - 60):e.span.start].split()
                if before and before[-1].lower().strip(",") == head:
                    known = self.by_name.get(e.canonical.lower())
                    if known is not None:
                        return Speaker(known.name, known.kind, known.role, known.affiliation)
                    return Speaker(e.canonical, "person", before[-1], None)
            i -= 1
        return None

    def _role_affiliation(self, a: int, b: int, ent: Entity, head_tok) -> tuple[str | None, str | None]:
        text = self.text
        role = affiliation = None
        # a title before the name: "Finnish President Sauli Niinisto"
        before = _LEADING_DET.sub("", " ".join(text[a:ent.span.start].split())).strip(" ,")
        if before and len(before.split()) <= 6:
            role = before
        # an apposition after it: "Ann Lee, an associate professor ... at Kent University"
        after = text[ent.span.end:b]
        if after.lstrip().startswith(","):
            appo = " ".join(after.lstrip()[1:].split()).strip(" ,")
            # a relative clause is not a role ("X, who replaced Y, said")
            if appo and not re.match(r"(?:who|which|that|whose)\b", appo):
                appo_start = b - len(after.lstrip()) + 1
                orgs = [e for e in self._entities_in(appo_start, b) if e.label in ("ORG", "GPE", "FAC")]
                org = next((e for e in orgs if e.label == "ORG"), orgs[0] if orgs else None)
                if org is not None:
                    affiliation = org.canonical
                r = _ROLE_CUT.sub("", _LEADING_DET.sub("", appo))
                r = re.split(r",\s*(?:who|which|whose)\b", r)[0].strip(" ,")
                role = role or (r if r and len(r.split()) <= 12 else None)
        return role, affiliation
