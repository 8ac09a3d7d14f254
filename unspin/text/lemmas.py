"""A cached front for spaCy's rule lemmatizer, giving the same lemmas faster.

spaCy's English lemmatizer caches its rule results by (orth, pos, morph) but
still walks the document token by token in Python, creating a ``Token`` object
per word: about a tenth of the whole parse on news text. This component reads
those three attributes for the whole document with one ``to_array`` call, looks
each key up in its own cache, asks the wrapped lemmatizer only on a miss, and
writes every lemma back with one ``from_array`` call. The lemmas are the
wrapped lemmatizer's own, so models trained on them (the attribution tagger)
see no difference.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc


class CachedLemmatizer:
    def __init__(self) -> None:
        self.base = None  # the pipeline's own lemmatizer, set by unspin.nlp.load_nlp
        self.cache: dict[tuple[int, int, int], int] = {}

    @property
    def lookups(self):  # noqa: ANN201 - spaCy's Lookups; readers of the lemma tables keep working
        return self.base.lookups

    def __call__(self, doc: Doc) -> Doc:
        if self.base is None or not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        strings = doc.vocab.strings
        cache = self.cache
        overwrite = self.base.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue  # set earlier in the pipeline (attribute ruler exceptions)
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                value = strings.add(self.base.lemmatize(doc[i])[0])
                cache[key] = value
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(np.uint64))
        return doc


# No annotations here: spaCy resolves factory signatures at run time, and this
# module's postponed annotations would reach it as strings.
@Language.factory("unspin_cached_lemmatizer")
def make_cached_lemmatizer(nlp, name):  # noqa: ANN001
    return CachedLemmatizer()


def install(nlp: Language) -> None:
    """Put the cached lemmatizer in place of the pipeline's rule lemmatizer."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    base = nlp.get_pipe("lemmatizer")
    if getattr(base, "mode", None) != "rule":
        return
    names = nlp.pipe_names
    index = names.index("lemmatizer")
    following = names[index + 1] if index + 1 < len(names) else None
    nlp.remove_pipe("lemmatizer")
    if following is None:
        cached = nlp.add_pipe("unspin_cached_lemmatizer", name="lemmatizer", last=True)
    else:
        cached = nlp.add_pipe("unspin_cached_lemmatizer", name="lemmatizer", before=following)
    cached.base = base
