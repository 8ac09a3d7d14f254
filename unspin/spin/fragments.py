"""`fragment` and `broken-word`: text lost or cut in the middle.

* fragment: after a sentence end (". "), a sentence that starts with a
  lower-case word: the start of the sentence was lost.
* broken-word: a short lower-case token that is not an English word, or is a
  bare word ending ("ling", "tion"), between a function word and a proper noun
  ("of ling Mosul"): the front of a word was cut off.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from unspin.model import Document, SpinEvidence
from unspin.spin._util import evidence
from unspin.spin.lexicon import is_dictionary_word

_ABBREV = frozenset(
    "etc vs approx incl esp cf al ie eg e.g i.e no nos co inc ltd jr sr st dept govt corp bros fig vol "
    "pp op ed est mr mrs ms dr prof gen col lt sgt capt rev hon ca c p ft mt av ave".split()
)
_LOWER_START = re.compile(r"(?<=[a-z0-9\)\]]\.)[ \t]+([a-z][a-z]+)\b")
_CONJUNCTIONS = frozenset("and or but nor so yet".split())
_PARTICLES = frozenset("von van der den de la le al el bin ibn da di du dos das del ter ten".split())
_SENT_END = re.compile(r"[.!?;:](?=\s)|\n")

# bare endings of English words, rarely words on their own
WORD_ENDINGS = frozenset(
    "ing ling ting ning ding ging king ring sing ming ping tion sion ation ment ments ness ity ities ally "
    "ically ism ists ated ating ized ised izing ising ous ive ance ence ship hood ful ible able ular".split()
)
_KEEP = frozenset("ling king ring sing ping".split())  # also words: only a bare ending here before a name


def find_fragments(document: Document) -> list[SpinEvidence]:
    text = document.text
    out: list[SpinEvidence] = []
    for m in _LOWER_START.finditer(text):
        if m.group(1) in _CONJUNCTIONS:  # "set. and afterwards": a stray full stop, not lost text
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        last_word = re.findall(r"([A-Za-z.]+)[.!?]$", before)
        if last_word and last_word[0].lower().rstrip(".") in _ABBREV:
            continue
        if len(last_word) and len(last_word[0]) <= 2:  # initials, "p.m."
            continue
        if re.search(r"\.\.[.!?]?$|[a-z]\.[a-z]\.$", before):  # ellipsis, "a.m."
            continue
        start = m.start(1)
        end_m = _SENT_END.search(text, start)
        end = end_m.start() if end_m else len(text)
        if end - start > 80:
            end = text.rfind(" ", start, start + 80)
        out.append(
            evidence(
                document,
                start,
                end,
                "fragment",
                f"a sentence starting in lower case ('{m.group(1)}') after a sentence end: text was lost",
            )
        )
    return out


def find_broken_words(sdoc: Doc, document: Document) -> list[SpinEvidence]:
    out: list[SpinEvidence] = []
    for tok in sdoc[1:-1]:
        t = tok.text
        if not (t.isalpha() and t.islower() and 2 <= len(t) <= 5):
            continue
        nxt, prev = sdoc[tok.i + 1], sdoc[tok.i - 1]
        if not (nxt.text[:1].isupper() and nxt.pos_ == "PROPN" and nxt.i != nxt.sent.start):
            continue
        if prev.pos_ not in ("ADP", "DET", "SCONJ", "CCONJ"):
            continue
        if t in WORD_ENDINGS:
            why = f"'{t}' is a bare word ending"
        elif len(t) <= 4 and t not in _PARTICLES and not tok.tag_.startswith("VB") and not is_dictionary_word(t) and not is_dictionary_word(tok.lemma_) and not tok.is_stop and tok.pos_ != "NUM":
            why = f"'{t}' is not an English word"
        else:
            continue
        out.append(
            evidence(
                document,
                tok.idx,
                nxt.idx + len(nxt.text),
                "broken-word",
                f"{why}, placed before the name '{nxt.text}': the front of a word was lost",
            )
        )
    return out
