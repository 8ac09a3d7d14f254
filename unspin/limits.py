"""Input limits shared by every command (analyze, ingest, trace).

Kept apart from the pipeline so that readers can check a text without
importing spaCy.
"""

from __future__ import annotations

from unspin.errors import InputError, TooLarge

# spaCy's default max_length is 1,000,000 characters; we refuse above this many
# so that a pasted dump never silently eats the machine's memory.
MAX_CHARS = 2_000_000


# What the analysis (parse, attribution, spin, drift) takes. It costs more than linear time
# past a few hundred thousand characters (several stages compare candidates, hedges and
# names across the whole text): on this 2-core machine 300,000 characters of BBC prose take
# 31 s and 1.9 M did not finish in 5 minutes, so above this a text is stored and traced
# but not analysed. A news article is rarely a tenth of it.
MAX_ANALYSIS_CHARS = 500_000


def check_text(text: str) -> None:
    """Raise :class:`InputError` for a text unspin cannot read (empty or too large to store)."""
    if not text or not text.strip():
        raise InputError("empty text: nothing to analyze")
    if len(text) > MAX_CHARS:
        raise TooLarge(f"text too large: {len(text):,} characters (limit {MAX_CHARS:,})")


def check_analysable(text: str) -> None:
    """Raise for a text the analysis does not take: :func:`check_text`'s reasons, or longer
    than MAX_ANALYSIS_CHARS (storing and tracing still take it)."""
    check_text(text)
    if len(text) > MAX_ANALYSIS_CHARS:
        raise TooLarge(f"text too large to analyse: {len(text):,} characters (limit {MAX_ANALYSIS_CHARS:,}; "
                       f"ingest and trace take up to {MAX_CHARS:,})")
