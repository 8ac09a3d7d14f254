"""`inconsistent-spelling`: one name spelled two ways in one text.

Proper-noun forms a few edits apart (Kharkiv / Jarkiv) where neither is a
plural or possessive of the other, they are not two different known places or
dictionary words (Austria / Australia), and not two known first names
(Daniel / Daniela): a transliteration that changed on the way.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Doc

from unspin.model import Document, Entity, SpinEvidence
from unspin.spin._util import evidence
from unspin.spin.lexicon import is_dictionary_word, known_first_name, place_words
from unspin.text.tokens import indices

KIND = "inconsistent-spelling"
_NAME = re.compile(r"^[A-Z][a-z]{4,}$")


def _distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning limit) past ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(v)
            best = min(best, v)
        if best >= limit:
            return limit
        prev = cur
    return min(prev[-1], limit)


def _transposed(a: str, b: str) -> bool:
    """Two adjacent letters swapped (a typist's slip, not a transliteration)."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _known(word: str) -> bool:
    low = word.lower()
    return is_dictionary_word(low) or low in place_words() or known_first_name(word)


def _variants(a: str, b: str) -> bool:
    la, lb = a.lower(), b.lower()
    if la == lb:
        return False
    short, long_ = sorted((la, lb), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= 3:  # plural, possessive, -n/-an adjective
        return False
    if la[0] != lb[0] or la[-1] != lb[-1] and la[-2:] != lb[-2:] and la[:3] != lb[:3]:
        return False
    d = _distance(la, lb)
    return d <= 2 and d / max(len(la), len(lb)) <= 0.34


def find_inconsistent_spellings(sdoc: Doc, document: Document, entities: list[Entity]) -> list[SpinEvidence]:
    forms: dict[str, list[tuple[int, int]]] = defaultdict(list)
    propn = [sdoc[i] for i in indices(sdoc, "POS", ("PROPN",))]
    for tok in propn:
        if _NAME.match(tok.text) and not tok.is_sent_start:
            forms[tok.text].append((tok.idx, tok.idx + len(tok.text)))
    # also sentence-initial proper nouns, so a variant is seen wherever it is
    for tok in propn:
        if _NAME.match(tok.text) and tok.is_sent_start and tok.text in forms:
            forms[tok.text].append((tok.idx, tok.idx + len(tok.text)))
    labels = {}
    for i in indices(sdoc, "ORTH", forms):
        tok = sdoc[i]
        if tok.ent_type_:
            labels[tok.text] = tok.ent_type_
    names = sorted(forms)
    out: list[SpinEvidence] = []
    seen: set[str] = set()
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if not _variants(a, b):
                continue
            if _known(a) or _known(b) or _transposed(a.lower(), b.lower()):
                continue
            # the rarer form is the odd one out
            rare, common = (a, b) if len(forms[a]) < len(forms[b]) else (b, a)
            if len(forms[rare]) == len(forms[common]):
                rare, common = (a, b) if _known(b) or not _known(a) and a > b else (b, a)
            if rare in seen:
                continue
            seen.add(rare)
            start, end = forms[rare][0]
            out.append(
                evidence(
                    document,
                    start,
                    end,
                    KIND,
                    f"'{rare}' ({len(forms[rare])}x) and '{common}' ({len(forms[common])}x) look like one "
                    "name spelled two ways",
                )
            )
    return out
