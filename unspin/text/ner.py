"""Repairs to the small English model's entities, as a pipeline component after ``ner``.

With the typographic apostrophe the model tags the tail of a possessive name as an entity of
its own: "Prime Minister’s Questions" gives the person "’s Questions", which a description
("the prime minister") was then resolved to. An entity that opens with a possessive's clitic
is such a tail and is dropped, so that every reader of ``Doc.ents`` sees the same names. So
is an organisation run together from a title-case headline's words that names two people.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_CLITICS = frozenset({"'s", "’s", "'", "’"})


@Language.component("unspin_entity_repair")
def repair_entities(doc: Doc) -> Doc:
    if any(e[0].lower_ in _CLITICS for e in doc.ents):
        doc.ents = [e for e in doc.ents if e[0].lower_ not in _CLITICS]
    people = {t.text for e in doc.ents if e.label_ == "PERSON" for t in e if t.is_title}
    if any(_people_run_together(e, people) for e in doc.ents):
        doc.ents = [e for e in doc.ents if not _people_run_together(e, people)]
    return doc


def _people_run_together(e, people: set[str]) -> bool:
    """A name the model made of a title-case headline's words: an organisation holding two
    names the text gives as people elsewhere ("Trump Appoints Pence To Lead ..." tagged one
    organisation, NPR#82 in bench/data/speakers-own; Pence was then resolved to it)."""
    return e.label_ != "PERSON" and len({t.text for t in e if t.text in people}) >= 2
