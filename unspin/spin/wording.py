"""`odd-collocation` and `rare-word`: word choices a newswriter would not make.

Why it works: a synonym spinner swaps words one at a time without reading the
sentence, and round-trip translation takes each word's dictionary equivalent.
Whatever their word lists, both break the pairs that common words come in, and
both trade plain words for rarer ones. Neither needs the source to be seen.

* odd-collocation: two common words side by side (Zipf >= 4.5 each) that are
  not among the 243,000 commonest word pairs of Google Books (the bigram and
  word counts shipped in the ``symspellpy`` wheel): "towards allow", "shall
  price", "houses final". How surprising an unlisted pair is depends on its
  words: "according" is nearly always in a listed pair ("according to"), so
  an unlisted pair after it is very unlikely; "beer" mostly is not, so "beer
  itself" says little. Each checked pair gets the probability that ordinary
  English leaves it unlisted (the smaller of the two words' uncovered shares),
  and the text's count of unlisted pairs is compared with the sum of those
  probabilities as a z-score.
* rare-word: content words the text uses once (by lemma) and not in a name,
  weighted by rarity (wordfreq: 1 below once per million words, 0 from ten
  per million up): thesaurus swaps are rare ("bequeath", "edifice"), while a
  writer's rare words are mostly the topic's own and recur. Their weight is
  compared with clean news' as a z-score.

Clean news has some of both (new coinages such as "social media" are not in
Google Books; writers pick a rare word now and then), so neither counts one
instance at a time: the score counts how far each z-score exceeds what
professional news reaches (calibrated on all 4,256 BBC and ReCOVery articles,
tabloids and unreliable outlets included; :func:`wording_excess`), and
instances are listed as evidence only when a text's z-score is beyond what all
but a few of those articles reach (odd pairs: 21 of 4,256; rare words, whose
rate varies more between outlets: 7), the most surprising first.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import util as import_util

import numpy as np
from spacy.attrs import ENT_IOB, IS_ALPHA, IS_LOWER, IS_TITLE, LEMMA, LOWER, POS, SENT_START, SPACY
from spacy.tokens import Doc

from unspin.model import Document, Span, SpinEvidence
from unspin.spin._util import evidence

ODD = "odd-collocation"
RARE = "rare-word"

# The bigram counts are on a larger scale than the unigram counts (more volumes):
# "according", nearly always followed by "to", has 42 times its unigram count in listed
# pairs. Dividing by 45 puts the commonest words' covered share near 0.9.
PAIR_SCALE = 45.0
MIN_UNLISTED = 0.02  # no pair of real words is impossible
# Clean news leaves unlisted 0.82 of the pairs the Google Books model expects (the median
# and the overall ratio over every BBC and ReCOVery article agree): the expected count is
# scaled by it, so that a clean text's z-score is about 0.
CLEAN_UNLISTED = 0.82
# wordfreq's "small" English list holds the words used at least once per million (Zipf 3)
COMMON = 1e-9 * 10**4.5  # both words of a checked pair at least this frequent (Zipf 4.5)
UNCOMMON = 1e-9 * 10**4.0  # a word used once counts towards rare-word below this (Zipf 4)
RARE_BASE = 0.012  # rarity-weighted words used once, per word, in clean news (median)
# z-scores over all 4,256 BBC and ReCOVery articles: odd pairs p90 1.5, p99 3.0, max 5.1;
# rare words p90 2.0, p99 6.2, max 17 (a few literary pieces). A kind's instances are
# reported above REPORT (21 and 7 of those articles). The score counts SLOPE per
# unit of z over FREE, twice over STEEP, where clean news does not go; rare words, weaker
# evidence on their own, add at most RARE_CAP.
ODD_REPORT, ODD_FREE, ODD_STEEP, ODD_SLOPE = 3.5, 1.0, 5.5, 0.15
RARE_REPORT, RARE_FREE, RARE_STEEP, RARE_SLOPE, RARE_CAP = 8.0, 2.0, 9.0, 0.05, 0.5
MAX_ITEMS = 10  # evidence items listed per kind, the most surprising first

_CONTENT = ("NOUN", "VERB", "ADJ", "ADV")
_GLUE = frozenset(("'", "’", "-", "n't", "n’t"))


@dataclass(slots=True)
class WordingStats:
    pairs: int = 0  # common-word pairs checked
    expected: float = 0.0  # how many of them ordinary English would leave unlisted
    odd: list[tuple[int, float]] = field(default_factory=list)  # (first token, surprise) of the unlisted
    words: int = 0  # alphabetic words
    rare: list[tuple[int, float]] = field(default_factory=list)  # (token, rarity weight) of uncommon words

    @property
    def odd_z(self) -> float:
        exp = CLEAN_UNLISTED * self.expected
        return (len(self.odd) - exp) / math.sqrt(exp + 1.0)

    @property
    def rare_weight(self) -> float:
        return sum(w for _, w in self.rare)

    @property
    def rare_z(self) -> float:
        exp = RARE_BASE * self.words
        return (self.rare_weight - exp) / math.sqrt(exp + 1.0)


def _symspell_file(name: str) -> str:
    spec = import_util.find_spec("symspellpy")  # located, not imported
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the symspellpy package (its word-pair list) is not installed: pip install -e .")
    return os.path.join(list(spec.submodule_search_locations)[0], name)


@dataclass(frozen=True, slots=True)
class PairModel:
    pairs: frozenset[str]  # "w1 w2", lower case
    unlisted_after: dict[str, float]  # word -> share of its uses not followed by a listed pair
    unlisted_before: dict[str, float]


@lru_cache(maxsize=1)
def pair_model() -> PairModel:
    counts: dict[str, int] = {}
    with open(_symspell_file("frequency_dictionary_en_82_765.txt"), encoding="utf-8") as fh:
        for line in fh:
            w, _, c = line.rpartition(" ")
            counts[w] = int(c)
    right: dict[str, int] = {}
    left: dict[str, int] = {}
    pairs: set[str] = set()
    with open(_symspell_file("frequency_bigramdictionary_en_243_342.txt"), encoding="utf-8") as fh:
        for line in fh:
            key, _, c = line.rpartition(" ")
            a, _, b = key.partition(" ")
            n = int(c)
            pairs.add(key)
            right[a] = right.get(a, 0) + n
            left[b] = left.get(b, 0) + n

    def unlisted(side: dict[str, int]) -> dict[str, float]:
        return {
            w: max(MIN_UNLISTED, 1.0 - side.get(w, 0) / (PAIR_SCALE * c)) for w, c in counts.items() if c
        }

    return PairModel(frozenset(pairs), unlisted(right), unlisted(left))


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="small")


def frequency(word: str) -> float:
    """wordfreq's frequency of a lower-case word; 0 when rarer than once per million words."""
    return _frequencies().get(word, 0.0)


def rarity(freq: float) -> float:
    """How much a word used once counts as a rare choice: 1 off wordfreq's small list
    (rarer than once per million words), 2/3 at Zipf 3, falling to 0 at Zipf 4 (ten per million)."""
    if freq <= 0.0:
        return 1.0
    return min(1.0, max(0.0, (4.0 - (math.log10(freq) + 9.0)) / 1.5))


def wording_stats(sdoc: Doc, skip: list[Span] = ()) -> WordingStats:
    """Checked pairs, unlisted pairs and rare words of one parsed text (``skip``: boilerplate)."""
    n = len(sdoc)
    if n < 2:
        return WordingStats()
    cols = sdoc.to_array([LOWER, LEMMA, POS, IS_ALPHA, IS_LOWER, IS_TITLE, ENT_IOB, SENT_START, SPACY])
    lower, lemma, pos, alpha, is_lower, is_title, iob, sent_start, space = cols.T
    strings = sdoc.vocab.strings
    alpha = alpha == 1
    keep = np.ones(n, dtype=bool)
    if skip:
        starts = np.fromiter((t.idx for t in sdoc), dtype=np.int64, count=n)
        for s in skip:
            keep &= (starts < s.start) | (starts >= s.end)
    # a plain word: alphabetic, lower case (or capitalised only as the sentence's first word),
    # not part of a name
    plain = alpha & ((is_lower == 1) | ((is_title == 1) & (sent_start == 1))) & (iob != 1) & (iob != 3) & keep
    stats = WordingStats(words=int((alpha & keep).sum()))
    freq = _frequencies()
    model = pair_model()
    word_of: dict[int, str] = {}

    def word(i: int) -> str:
        key = int(lower[i])
        w = word_of.get(key)
        if w is None:
            w = word_of[key] = strings[key]
        return w

    # pairs: two plain words, the first followed by a space, in one sentence
    for i in np.nonzero(plain[:-1] & plain[1:] & (space[:-1] == 1) & (sent_start[1:] != 1))[0].tolist():
        a, b = word(i), word(i + 1)
        if len(a) < 2 or len(b) < 2 or freq.get(a, 0.0) < COMMON or freq.get(b, 0.0) < COMMON:
            continue
        if i + 2 < n and space[i + 1] != 1:  # "ca|n't", "e|-mail": a piece, not a word
            nxt = sdoc[i + 2].text
            if nxt[:1] in _GLUE or nxt.lower() in _GLUE:
                continue
        p = min(model.unlisted_after.get(a, 1.0), model.unlisted_before.get(b, 1.0))
        stats.pairs += 1
        stats.expected += p
        if f"{a} {b}" not in model.pairs:
            stats.odd.append((i, -math.log(p)))
    # uncommon words: content words used once (by lemma), weighted by the rarer of the word
    # and its lemma ("outpaced" is as common as "outpace")
    content = np.nonzero(plain & np.isin(pos, [strings.add(p) for p in _CONTENT]))[0].tolist()
    per_lemma: dict[int, int] = {}
    for i in content:
        per_lemma[int(lemma[i])] = per_lemma.get(int(lemma[i]), 0) + 1
    for i in content:
        if per_lemma[int(lemma[i])] == 1 and len(word(i)) > 2 and freq.get(word(i), 0.0) < UNCOMMON:
            w = rarity(max(freq.get(word(i), 0.0), freq.get(strings[int(lemma[i])].lower(), 0.0)))
            if w > 0.0:
                stats.rare.append((i, w))
    return stats


def _excess(z: float, free: float, steep: float, slope: float) -> float:
    return slope * (max(0.0, z - free) + max(0.0, z - steep))


def wording_excess(stats: WordingStats) -> float:
    """The text's excess over clean news, added to the spin score's exponent."""
    odd = _excess(stats.odd_z, ODD_FREE, ODD_STEEP, ODD_SLOPE)
    return odd + min(RARE_CAP, _excess(stats.rare_z, RARE_FREE, RARE_STEEP, RARE_SLOPE))


def find_wording(sdoc: Doc, document: Document, stats: WordingStats | None = None) -> list[SpinEvidence]:
    """Evidence items of the kinds whose rate in this text is beyond clean news'."""
    if stats is None:
        stats = wording_stats(sdoc, document.boilerplate)
    text = document.text
    out: list[SpinEvidence] = []
    if stats.odd_z >= ODD_REPORT:
        rate = f"{len(stats.odd)} such pairs here, about {CLEAN_UNLISTED * stats.expected:.0f} in clean news of this length"
        for i, _ in sorted(stats.odd, key=lambda x: -x[1])[:MAX_ITEMS]:
            start, end = sdoc[i].idx, sdoc[i + 1].idx + len(sdoc[i + 1])
            out.append(
                evidence(document, start, end, ODD,
                         f"'{text[start:end]}': common words English seldom puts side by side; {rate}")
            )
    if stats.rare_z >= RARE_REPORT:
        rate = (
            f"rare words used once count {stats.rare_weight:.0f} here (by rarity), "
            f"about {RARE_BASE * stats.words:.0f} in clean news of this length"
        )
        listed = sorted((x for x in stats.rare if x[1] >= 0.3), key=lambda x: (-x[1], x[0]))[:MAX_ITEMS]
        for i, _ in sorted(listed):
            t = sdoc[i]
            f = frequency(t.lower_)
            how = f"about {f * 1e6:.0f} per million words" if f else "less than once per million words"
            out.append(
                evidence(document, t.idx, t.idx + len(t), RARE,
                         f"'{t.text}', used once, is rare in English ({how}); {rate}: synonym swaps?")
            )
    return out
