"""Sentence-boundary repairs run before spaCy's parser.

The parser splits sentences well on clean news text but badly on spun text
and on quotations; these rules forbid a boundary the parser would otherwise be
free to place, with one exception: a blank line always ends a sentence. The
parser sometimes runs a headline without a full stop into the first paragraph
("Think tank: Russian push continues\n\nWagner mercenaries ..., the institute
said"), and a cue of one then takes the other's words.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from unspin.attribution.cues import QUOTE_CUE_FORMS

OPENING_QUOTES = {'"', "\u201c", "\u2018", "'"}
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})


@Language.component("unspin_sentence_repair")
def repair_sentence_starts(doc: Doc) -> Doc:
    # One pass: `seg_start` is where the current would-be sentence began and
    # `seg_has_verb` whether it has a verb yet.
    seg_start = 0
    seg_has_verb = False
    # the segment a full stop just closed, in case the stop turns out not to end a sentence
    closed_start, closed_has_verb = 0, True
    for i in range(len(doc)):
        tok = doc[i]
        if i > 0:
            prev = doc[i - 1]
            # A token right after an opening quotation mark never starts a sentence:
            # the mark belongs to the sentence it opens.
            if prev.text in ("\u201c", "\u2018") and not prev.whitespace_:
                tok.is_sent_start = False
            elif _continues(prev, tok):
                tok.is_sent_start = False
            elif (
                prev.text == "."
                and tok.is_title
                and not closed_has_verb
                and _is_name_fragment(doc, closed_start, i - 1)
                and _cue_follows(doc, i)
            ):
                # "Ann Lee, professor at the John F. School of Law. Kent of Z University told":
                # a verbless fragment opening with a name, cut inside a name by a
                # stray full stop, is not a sentence of its own.
                tok.is_sent_start = False
                seg_start, seg_has_verb = closed_start, False
                closed_has_verb = True
                continue
        if "\n" in tok.text:
            if tok.text.count("\n") >= 2 and i + 1 < len(doc) and not doc[i + 1].is_space:
                doc[i + 1].is_sent_start = True  # a paragraph break ends the sentence before it
            seg_start, seg_has_verb = i + 1, False
        elif tok.text in (".", "!", "?"):
            closed_start, closed_has_verb = seg_start, seg_has_verb
            seg_start, seg_has_verb = i + 1, False
        elif tok.tag_ in _VERB_TAGS:
            seg_has_verb = True
    return doc


_ENDS = frozenset({".", "!", "?", "…", ":", ";", '"', "\u201d", "\u2019", "'", ")", "]"})


def _continues(prev: Token, tok: Token) -> bool:
    """A bracket or a lower-case word right after a word with no stop between them goes on
    the sentence ("from our high April 13 [of a bit more than 13%] to around 5% today")."""
    if "\n" in prev.text or prev.text in _ENDS or prev.is_space:
        return False
    return tok.text in ("[", "(") or (tok.is_lower and tok.is_alpha)


def _cue_follows(doc: Doc, i: int) -> bool:
    # only where the fragment is the subject of a reporting verb a few words on
    for j in range(i, min(len(doc), i + 15)):
        if doc[j].lower_ in QUOTE_CUE_FORMS:
            return True
        if doc[j].text in (".", "!", "?") or "\n" in doc[j].text:
            return False
    return False


def _is_name_fragment(doc: Doc, start: int, end: int) -> bool:
    # at least "Name Name , title" before the stop, opening with a proper noun
    if end - start < 4 or doc[start].tag_ != "NNP":
        return False
    return any(doc[j].text == "," for j in range(start + 1, min(end, start + 5)))
