"""unspin: who said what in a news text, where it came from, what was changed.

The public API is small: :func:`analyze` for one text, :func:`analyze_many`
for a stream of (id, text) pairs, and the data model they return.
"""

from unspin.errors import InputError, UnspinError
from unspin.model import Analysis, Attribution, Document, Entity, Hedge, Span, Speaker, Spin, SpinEvidence
from unspin.pipeline import analyze, analyze_many

__version__ = "0.1.0"

__all__ = [
    "analyze",
    "analyze_many",
    "Analysis",
    "Attribution",
    "Document",
    "Entity",
    "Hedge",
    "InputError",
    "Span",
    "Speaker",
    "Spin",
    "SpinEvidence",
    "UnspinError",
]
