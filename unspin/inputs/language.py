"""Is a text English? unspin's analysis (spaCy's English model, English lexicons) is for
English; other languages are still analysed, but the user is told what was detected.

py3langid (langid.py's model, shipped in the package) on the first characters.
"""

from __future__ import annotations

from functools import lru_cache

SAMPLE = 4000  # characters looked at: enough for a stable answer, cheap on a long text
MIN_LETTERS = 40  # below this a guess is noise (a headline, a list of names)
# Probability above which a non-English guess is reported. Checked on BBC and ReCOVery:
# none of their 4,256 articles is guessed as another language at any probability, and a
# two-sentence Chinese news paragraph scores 0.89 (tests/test_inputs.py has Spanish,
# Russian and Chinese), so 0.75 warns on short foreign paragraphs without noise.
MIN_PROB = 0.75


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability) of the text's language, None when too short to tell."""
    sample = text[:SAMPLE]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)


def not_english(text: str) -> str | None:
    """A warning for a text that reads as another language, else None."""
    found = detect(text)
    if found is None or found[0] == "en" or found[1] < MIN_PROB:
        return None
    import pycountry

    known = pycountry.languages.get(alpha_2=found[0])
    name = known.name if known is not None else found[0]
    return (f"the text looks like {name} ({found[0]}), not English: unspin's analysis is for English, "
            "so speakers, hedges and edits may be missed or wrong")
