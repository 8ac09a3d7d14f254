"""`mangled-name`: proper names translated word by word or scrambled.

Two general signals:

* "University of <Word>" (also College, Institute, ...) where <Word> is an
  ordinary English dictionary word that is neither a known place (countries and
  subdivisions from pycountry, or a place the text itself names) nor an academic
  field: a place name translated as a common noun ("University of Red" for Colorado).
* A person's first name and middle initial followed directly by an institution
  head noun ("John F. School of Government. Kennedy"): the surname of an eponymous institution
  was moved away.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from unspin.model import Document, Entity, SpinEvidence
from unspin.spin._util import evidence
from unspin.spin.lexicon import is_common_word, known_first_name, place_words

KIND = "mangled-name"

_INSTITUTION = r"(?:University|College|Institute|Academy|Polytechnic|Conservatory)"
_OF_WORD = re.compile(rf"\b({_INSTITUTION})\s+of\s+([A-Z][a-z]{{2,}})\b(?!\s+(?:[A-Z]|and\s|&))")
_CAMPUS = re.compile(r",\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")

# Subjects an institution can legitimately be "of" (University of Technology).
FIELDS = frozenset(
    """
    technology technologies science sciences art arts law laws medicine music economics engineering
    agriculture education health business management design commerce finance theology divinity
    dentistry nursing pharmacy mines mining architecture journalism fashion drama dance sport sports
    physics chemistry mathematics philosophy languages letters humanities industry trade defence defense
    war peace languages culture communication communications aeronautics aviation forestry fisheries
    veterinary surgeons physicians surgeons psychiatrists pathologists paediatrics pediatrics chartered
    accountants actuaries arbitrators directors engineers economic political social public international
    applied fine performing liberal natural physical chemical medical dramatic musical military naval
    agricultural environmental advanced professional higher further creative the management administration
    statistics psychology sociology criminology nutrition optometry radiology obstetricians gynaecologists
    midwives hospitality tourism food textiles printing mechanics electrical british american
    """.split()
)

_HEADS = frozenset(
    """
    School College University Institute Center Centre Foundation Library Museum Hall Building Airport
    Stadium Hospital Academy Prize Award Memorial Park Bridge Street Avenue Theatre Theater Arena Trust
    Fund Fellowship Chair Professor Laboratory Lab Observatory Station Square Tower Boulevard
    """.split()
)
_INITIAL_HEAD = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z])\.\s+([A-Z][a-z]+)((?:\s+(?:of|for|and|the|on|[A-Z][a-z]+))*)")
_MOVED_TAIL = re.compile(r"\.\s+([A-Z][a-z]+)(?=\s+(?:of|at|in|from)\s|,)")


def _text_places(sdoc: Doc, entities: list[Entity]) -> set[str]:
    out: set[str] = set()
    for ent in sdoc.ents:
        if ent.label_ in ("GPE", "LOC"):
            out.update(w.lower() for w in ent.text.split())
    return out


def find_mangled_names(sdoc: Doc, document: Document, entities: list[Entity]) -> list[SpinEvidence]:
    text = document.text
    out: list[SpinEvidence] = []
    places = place_words()
    text_places: set[str] | None = None
    for m in _OF_WORD.finditer(text):
        word = m.group(2)
        low = word.lower()
        if low in FIELDS or low.endswith("ing") or low in places or not is_common_word(low):
            continue
        if text_places is None:
            text_places = _text_places(sdoc, entities)
        # the word must not be used as a place elsewhere in the text ("in Reading")
        if low in text_places and re.search(rf"\b(?:in|at|from|near|to)\s+{re.escape(word)}\b", text):
            continue
        end = m.end()
        campus = _CAMPUS.match(text, end)
        if campus:
            end = campus.end()
        out.append(
            evidence(
                document,
                m.start(),
                end,
                KIND,
                f"'{m.group(1)} of {word}': '{word}' is an ordinary English word, not a known place "
                "or field: a place name probably translated word by word",
            )
        )
    for m in _INITIAL_HEAD.finditer(text):
        first, initial, head = m.group(1), m.group(2), m.group(3)
        if head not in _HEADS or not known_first_name(first):
            continue
        end = m.end()
        tail = _MOVED_TAIL.match(text, end)
        extra = ""
        if tail and tail.group(1) not in _HEADS:
            end = tail.end()
            extra = f"; '{tail.group(1)}' after it looks like the displaced surname"
        out.append(
            evidence(
                document,
                m.start(),
                end,
                KIND,
                f"'{first} {initial}.' is followed by '{head}' instead of a surname: an eponymous "
                f"name with its parts moved{extra}",
            )
        )
    return out
