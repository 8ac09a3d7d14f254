"""Sentence-boundary repairs run before spaCy's parser.

The parser splits sentences well on clean news text but badly on spun text
and on quotations; these rules only ever *forbid* a boundary the parser would
otherwise be free to place, so clean text is left as the parser sees it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

OPENING_QUOTES = {'"', "\u201c", "\u2018", "'"}


@Language.component("unspin_sentence_repair")
def repair_sentence_starts(doc: Doc) -> Doc:
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        # A token right after an opening quotation mark never starts a sentence:
        # the mark belongs to the sentence it opens.
        if prev.text in ("\u201c", "\u2018") and not prev.whitespace_:
            doc[i].is_sent_start = False
    return doc
