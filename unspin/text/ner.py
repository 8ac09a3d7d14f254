"""Repairs to the small English model's entities, as a pipeline component after ``ner``.

With the typographic apostrophe the model tags the tail of a possessive name as an entity of
its own: "Prime Minister’s Questions" gives the person "’s Questions", which a description
("the prime minister") was then resolved to. An entity that opens with a possessive's clitic
is such a tail and is dropped, so that every reader of ``Doc.ents`` sees the same names.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_CLITICS = frozenset({"'s", "’s", "'", "’"})


@Language.component("unspin_entity_repair")
def repair_entities(doc: Doc) -> Doc:
    if any(e[0].lower_ in _CLITICS for e in doc.ents):
        doc.ents = [e for e in doc.ents if e[0].lower_ not in _CLITICS]
    return doc
