"""unspin: who said what in a news text, where it came from, what was changed.

The public API is small: :func:`analyze` for one text, :func:`analyze_many`
for a stream of (id, text) pairs, and the data model they return. Both take
``options=`` (:class:`AttributionOptions`) and ``resources=`` (:class:`Resources`:
the loaded models, built once by the caller and shared); left out, the defaults.
"""

from unspin.errors import InputError, UnspinError
from unspin.model import Analysis, Attribution, Document, Entity, Hedge, Span, Speaker, Spin, SpinEvidence
from unspin.options import AttributionOptions
from unspin.resources import Resources

__version__ = "0.1.0"


def __getattr__(name: str):
    # The pipeline imports spaCy (seconds); load it on first use so that
    # `unspin --version` and `--help` answer at once.
    if name in ("analyze", "analyze_many"):
        from unspin import pipeline

        return getattr(pipeline, name)
    if name == "Corpus":  # provenance: numpy, usearch and the embedding table load on first use
        from unspin.provenance import Corpus

        return Corpus
    raise AttributeError(f"module 'unspin' has no attribute {name!r}")


__all__ = [
    "analyze",
    "analyze_many",
    "Corpus",
    "Analysis",
    "Attribution",
    "AttributionOptions",
    "Document",
    "Entity",
    "Hedge",
    "InputError",
    "Resources",
    "Span",
    "Speaker",
    "Spin",
    "SpinEvidence",
    "UnspinError",
]
