"""Reference data the spin detectors share, loaded once per process.

* English dictionary words: the WordNet-derived ``lemma_index`` table that the
  spaCy English pipeline already ships for its lemmatizer (no extra package), read
  from the model package's files (no pipeline is loaded for it).
* Place names: countries and ISO 3166-2 subdivisions from ``pycountry``.
* First-name genders: the ``gender-guesser`` name dictionary.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unspin.nlp import MODEL_NAME

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Lower-case English lemmas (nouns, verbs, adjectives, adverbs)."""
    from spacy.lang.en import English
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    words: set[str] = set()
    try:
        folder = next(get_package_path(MODEL_NAME).glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(folder).get_table("lemma_index")
        for _pos, lemmas in index.items():
            words.update(w for w in lemmas if "_" not in w)
    except (KeyError, ValueError, OSError, StopIteration):  # a model without the table: no dictionary
        pass
    words.update(w.lower() for w in English.Defaults.stop_words)
    return frozenset(words)


def is_dictionary_word(word: str) -> bool:
    w = word.lower()
    words = dictionary_words()
    if w in words:
        return True
    # inflected forms: plural nouns, -ed/-ing verbs
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and w[: len(w) - len(suffix)] + repl in words:
            return True
    return False


@lru_cache(maxsize=1)
def _web2() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=False))


def is_common_word(word: str) -> bool:
    """True when Webster's word list (english-words, case kept) has the word in lower case:
    an ordinary word, not only a proper name ('snow' yes, 'cincinnati' no)."""
    return word.lower() in _web2()


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Every capitalised word of a country or subdivision name, lower-cased."""
    import pycountry

    names: list[str] = []
    for c in pycountry.countries:
        names.append(c.name)
        names.append(getattr(c, "common_name", "") or "")
        names.append(getattr(c, "official_name", "") or "")
    for s in pycountry.subdivisions:
        names.append(s.name)
    out: set[str] = set()
    for name in names:
        for w in _WORD.findall(name):
            if w[0].isupper():
                out.add(w.lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    """'male' or 'female' when the first name clearly says so, else None."""
    first = name.split()[0].strip(".,;:") if name.split() else ""
    if len(first) < 2 or not first[0].isupper() or first.endswith("."):
        return None
    g = _gender_detector().get_gender(first)
    return g if g in ("male", "female") else None


def known_first_name(word: str) -> bool:
    if not word or not word[0].isupper():
        return False
    return _gender_detector().get_gender(word) not in ("unknown",)
