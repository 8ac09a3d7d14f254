"""Input limits shared by every command (analyze, ingest, trace).

Kept apart from the pipeline so that readers can check a text without
importing spaCy.
"""

from __future__ import annotations

from unspin.errors import InputError, TooLarge

# spaCy's default max_length is 1,000,000 characters; we refuse above this many
# so that a pasted dump never silently eats the machine's memory.
MAX_CHARS = 2_000_000


def check_text(text: str) -> None:
    """Raise :class:`InputError` for a text unspin cannot analyse (empty or too large)."""
    if not text or not text.strip():
        raise InputError("empty text: nothing to analyze")
    if len(text) > MAX_CHARS:
        raise TooLarge(f"text too large: {len(text):,} characters (limit {MAX_CHARS:,})")
