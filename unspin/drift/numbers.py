"""Quantities in a run of tokens, read as values so "5" and "five" compare equal.

Handles digits with separators and decimals, number words and scales ("half a
million", "two dozen", "1.5 billion"), percentages ("5%", "5 per cent"), and
years. Each quantity keeps its unit word when it has one ("percent",
"million"), so "5 percent" and "5 people" do not count as the same number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Token

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3, "dozen": 12, "dozens": 12, "twice": 2,
              "double": 2, "triple": 3, "single": 1,
              "decade": 10, "decades": 10,  # "a decade" / "ten years"
              "fortnight": 2, "fortnights": 2,  # "a fortnight ago" / "two weeks ago" (bench/data/rewrites 36)
              "halved": 0.5}  # "was halved" / "cut by half" (bench/data/rewrites 28)
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
           "billions": 1_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_PERCENT = {"%", "percent", "per", "pct", "percentage"}
_DIGITS = re.compile(r"^[-+]?[$£€]?\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|s|m|bn|k|million|billion|trillion)?$", re.IGNORECASE)
_NUMBER_WORDS = set(_UNITS) | set(_FRACTIONS) | set(_SCALES) | {"a", "an", "and", "-"}


def _digit_value(word: str) -> float | None:
    m = re.match(r"^[-+]?[$£€]?(\d[\d,]*(?:\.\d+)?)(st|nd|rd|th|s|m|bn|k|million|billion|trillion)?$", word, re.IGNORECASE)
    if not m:
        return None
    try:
        value = float(m.group(1).replace(",", ""))
    except ValueError:
        return None
    suffix = (m.group(2) or "").lower()
    return value * _SCALES.get(suffix, 1)


def _low(tok: Token) -> str:
    """The word lower-cased, a sentence's full stop left off a scale word ("£110m." -> "m")."""
    low = tok.lower_
    return low[:-1] if low.endswith(".") and low[:-1] in _SCALES else low


def is_number_token(tok: Token) -> bool:
    low = _low(tok)
    return bool(_DIGITS.match(tok.text)) or low in _UNITS or low in _FRACTIONS or low in _SCALES


def _pronoun_one(tok: Token) -> bool:
    """ "one" as a pronoun ("no one", "into one", "the one that", "one of the rooms"), and
    "double" / "single" as nouns ("a league double"): not counts."""
    if tok.lower_ in ("double", "triple", "single"):
        return tok.pos_ == "NOUN" or tok.dep_ in ("dobj", "pobj", "nsubj")
    if tok.lower_ != "one":
        return False
    prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    nxt = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    if _as_ratio(tok.doc, 1.0, tok.i + 1)[1] != tok.i + 1:
        return False  # "that one in four Americans": a share
    # "a novel one such as this" (bench/data/rewrites 19): a described "one" stands for a noun
    # "one by Coldplay and one by Gorillaz": a "one" its own phrase's head, made by someone
    return (prev in ("no", "any", "every", "some", "each", "the", "this", "that", "into") or nxt in ("of", "by")
            or tok.pos_ in ("PRON", "NOUN") or any(c.dep_ in ("amod", "det") for c in tok.children))


def quantities(tokens: Sequence[Token]) -> list[tuple[float, str]]:
    """(value, unit) for each quantity in the tokens, in order."""
    return [(v, u) for v, u, _, _ in quantity_spans(tokens)]


def quantity_spans(tokens: Sequence[Token]) -> list[tuple[float, str, int, int]]:
    """(value, unit, first token, token after) for each quantity in the tokens, in order."""
    out: list[tuple[float, str, int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not is_number_token(tokens[i]) or tokens[i].lower_ in ("a", "an") or _pronoun_one(tokens[i]):
            i += 1
            continue
        value, after = _read_quantity(tokens, i)
        if after == i:  # a scale word on its own ("k", "hundreds"): not a quantity here
            i += 1
            continue
        start, i = i, after
        value, i = _as_ratio(tokens, value, i)
        unit = ""
        if i < n and tokens[i].lower_ in _PERCENT:
            unit = "percent"
            i += 2 if tokens[i].lower_ == "per" and i + 1 < n and tokens[i + 1].lower_ == "cent" else 1
        out.append((round(value, 6), unit, start, i))
    return out


def _as_ratio(tokens: Sequence[Token], value: float, i: int) -> tuple[float, int]:
    """ "one in four", "two out of three": the share, as "a quarter" gives it (bench/data/rewrites
    27); not "5 in 2020", nor "one in 10,000" read as a count of anything."""
    n = len(tokens)
    j = i + 1 if i < n and tokens[i].lower_ == "in" else i + 2 if (
        i + 1 < n and tokens[i].lower_ == "out" and tokens[i + 1].lower_ == "of") else None
    if j is None or j >= n or not is_number_token(tokens[j]) or tokens[j].lower_ in ("a", "an"):
        return value, i
    whole, after = _read_quantity(tokens, j)
    if after == j or not 0 < value < whole <= 1000 or (after < n and tokens[after].lemma_.lower() in _SPELLS):
        return value, i  # "3 in 4 games": a count over a stretch, no share
    return value / whole, after


_SPELLS = frozenset("game match year month week day hour minute second season start race attempt round".split())


def _read_quantity(tokens: Sequence[Token], i: int) -> tuple[float, int]:
    """Read one number phrase starting at i; return its value and the index after it."""
    total = 0.0
    current = 0.0
    seen = False
    n = len(tokens)
    while i < n:
        low = _low(tokens[i])
        digit = _digit_value(tokens[i].text)
        if digit is not None:
            if seen and current:
                break  # "5 10" is two numbers
            current += digit
        elif low in _UNITS:
            current += _UNITS[low]
        elif low in _FRACTIONS:
            current = (current or 1) * _FRACTIONS[low]
        elif low in _SCALES and (seen or low in ("hundred", "thousand", "million", "billion", "trillion")):
            current = (current or 1) * _SCALES[low]
            if _SCALES[low] >= 1000:
                total += current
                current = 0.0
        elif low in ("a", "an", "and", "-") and seen and i + 1 < n and is_number_token(tokens[i + 1]):
            pass  # "half a million", "one hundred and five", "twenty-five"
        else:
            break
        seen = True
        i += 1
    return total + current, i


# nouns of a group's size: the other side's number may say them ("OutKast's trio of
# trophies" / "Three trophies": bench/data/rewrites 12), but they are no quantity of their own
# ("the pair" / "they" loses none)
_GROUP_SIZES = {"pair": 2, "duo": 2, "couple": 2, "trio": 3, "quartet": 4, "quintet": 5}


def changed_quantities(a: Sequence[Token], b: Sequence[Token]) -> tuple[Counter, Counter]:
    """Quantities only one side has: (source-only, copy-only), as multisets."""
    qa, qb = Counter(quantities(a)), Counter(quantities(b))
    lost, gained = qa - qb, qb - qa
    return lost - _group_sizes(b), gained - _group_sizes(a)


def _group_sizes(tokens: Sequence[Token]) -> Counter:
    return Counter((float(_GROUP_SIZES[t.lemma_.lower()]), "") for t in tokens if t.lemma_.lower() in _GROUP_SIZES)


# a span of time in days, by its unit word
_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30.4, "quarter": 91.3, "year": 365.25, "decade": 3652.5}


def durations(tokens: Sequence[Token]) -> list[float]:
    """Each span of time the tokens give, in days: "12 months" and "a year", "two weeks" and
    "a fortnight" (the count before the unit word, else one)."""
    counts = {end: v for v, _, _, end in quantity_spans(tokens)}
    out = []
    for i, t in enumerate(tokens):
        unit = _DAYS.get(t.lemma_.lower())
        if unit is not None and t.pos_ == "NOUN":
            out.append(counts.get(i, 1.0) * unit)
    return out


def same_durations(a: Sequence[Token], b: Sequence[Token]) -> bool:
    """Both give the same spans of time, each within 5% ("12 months" is "a year")."""
    da, db = sorted(durations(a)), sorted(durations(b))
    return bool(da) and len(da) == len(db) and all(abs(x - y) <= 0.05 * max(x, y) for x, y in zip(da, db))


def duration_counts(tokens: Sequence[Token]) -> set[tuple[float, str]]:
    """The quantities that count a unit of time ("twelve" of "twelve months", "one" of "one year")."""
    tokens = list(tokens)
    return {(v, u) for v, u, _, end in quantity_spans(tokens)
            if end < len(tokens) and tokens[end].lemma_.lower() in _DAYS and tokens[end].pos_ == "NOUN"}
