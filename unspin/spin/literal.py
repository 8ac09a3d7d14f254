"""`literal-translation`: constructions carried over word by word from another language.

* passive agent with "through" where English uses "by" ("annexed through
  Moscow", "perceived through experts"): a past participle whose "through"
  phrase names a person, an organisation or place acting as one, or a group of
  people; conduit verbs ("sold through retailers", "routed through Moscow") are
  left alone.
* "realise/realize" with an event noun as object ("realized an attack"), the
  false friend of Spanish "realizar" / French "réaliser" for "carry out".
"""

from __future__ import annotations

from spacy.tokens import Doc

from unspin.model import Document, SpinEvidence
from unspin.spin._util import evidence
from unspin.text.tokens import indices

KIND = "literal-translation"

_HUMAN_PLURALS = frozenset(
    """
    experts analysts officials observers critics authorities scientists researchers residents voters
    citizens politicians leaders lawmakers legislators diplomats investigators prosecutors judges police
    soldiers troops forces militants rebels activists journalists reporters commentators economists
    scholars specialists academics historians insiders sources witnesses members ministers governments
    """.split()
)
_HUMAN_SINGULARS = frozenset(
    """
    government ministry authority court parliament president minister police army military kremlin
    regime administration spokesman spokeswoman spokesperson official expert analyst
    """.split()
)
# verbs whose "through X" is a channel, not an agent
_CONDUIT = frozenset(
    """
    sell distribute route send pass transmit channel funnel import export smuggle ship pipe broadcast
    fund finance buy book order offer deliver provide supply raise buy obtain make available arrange
    filter travel flow leak relay communicate announce publish reach contact access process negotiate
    secure obtain acquire organise organize mediate broker hire recruit employ pay settle resolve
    implement introduce deliver run operate manage conduct administer post mail file submit register
    apply claim collect receive get vote elect choose select achieve gain earn rush push force railroad
    release issue come go put carry steer vote guide help see
    """.split()
)
_EVENT_OBJECTS = frozenset(
    """
    attack attacks study studies operation operations meeting meetings visit visits investigation
    investigations survey surveys reform reforms election elections test tests exercise exercises
    analysis interview interviews raid raids offensive strike strikes search searches inspection
    inspections campaign campaigns procedure procedures
    """.split()
)


def find_literal_translations(sdoc: Doc, document: Document) -> list[SpinEvidence]:
    out: list[SpinEvidence] = []
    through = set(indices(sdoc, "LOWER", ("through",)))
    realize = indices(sdoc, "LEMMA", ("realize", "realise", "Realize", "Realise"))
    for i in sorted(through.union(realize)):
        tok = sdoc[i]
        if i in through and tok.dep_ == "prep" and tok.head.tag_ == "VBN":
            verb = tok.head
            if verb.lemma_.lower() in _CONDUIT or tok.i != verb.i + 1:
                continue
            # a true passive, or a reduced relative ("regions annexed through Moscow")
            passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.dep_ in ("acl", "relcl", "advcl")
            if not passive:
                continue
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            agentive = (
                pobj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                and pobj.pos_ == "PROPN"
                or pobj.lower_ in _HUMAN_PLURALS
                or pobj.lower_ in _HUMAN_SINGULARS and any(c.lower_ == "the" for c in pobj.children)
            )
            if not agentive:
                continue
            start, end = verb.idx, pobj.idx + len(pobj.text)
            out.append(
                evidence(
                    document,
                    start,
                    end,
                    KIND,
                    f"passive '{verb.text}' with its agent introduced by 'through' instead of 'by': "
                    "a preposition translated literally",
                )
            )
        elif tok.lemma_.lower() in ("realize", "realise") and tok.pos_ == "VERB":
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lower_ in _EVENT_OBJECTS:
                lo, hi = sorted((tok.i, obj.i))
                start, end = sdoc[lo].idx, sdoc[hi].idx + len(sdoc[hi].text)
                out.append(
                    evidence(
                        document,
                        start,
                        end,
                        KIND,
                        f"'{tok.text}' with '{obj.text}': a false friend of 'realizar/réaliser' for 'carry out'",
                    )
                )
    return out
