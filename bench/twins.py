"""Near-identical twins inside the corpora, so a benchmark does not blame a tracer for a coin toss.

BBC News holds pairs of articles that differ in one to four words (a headline
reworded, a paragraph break moved: tech/146 and tech/158, tech/212 and
tech/225, ...). A partial copy of the part they share is a copy of both, and no
tracer can tell which one the spinner read. Benchmarks count a source's twins
as the source, the way they count its exact duplicates, and print how many
sources had one.

Rule: two documents are twins when each shares at least TWIN_SHARE of its word
5-grams with the other. Candidates come from TF-IDF nearest neighbours (cosine
>= 0.8, top 5); the rule is checked on the 5-grams themselves, independently of
unspin's own code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

TWIN_SHARE = 0.9
_W = re.compile(r"\w+")


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    w = _W.findall(text.lower())
    return {tuple(w[i:i + n]) for i in range(max(1, len(w) - n + 1))}


def near_twins(texts: dict[int, str], sources: Iterable[int]) -> dict[int, set[int]]:
    """For each source rowid, the other rowids that are its twins (possibly none)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    order = sorted(texts)
    pos = {r: i for i, r in enumerate(order)}
    X = TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform([texts[r] for r in order]).tocsr()
    grams: dict[int, set] = {}

    def g(r: int) -> set:
        if r not in grams:
            grams[r] = _grams(texts[r])
        return grams[r]

    out: dict[int, set[int]] = {}
    for s in set(sources):
        sims = (X @ X[pos[s]].T).toarray().ravel()
        sims[pos[s]] = -1
        twins = set()
        for k in np.argsort(-sims)[:5]:
            if sims[k] < 0.8:
                break
            o = order[k]
            shared = len(g(s) & g(o))
            if shared >= TWIN_SHARE * len(g(s)) and shared >= TWIN_SHARE * len(g(o)):
                twins.add(o)
        out[s] = twins
    return out
