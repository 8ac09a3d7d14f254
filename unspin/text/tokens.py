"""Finding the few tokens a stage cares about without touching the rest.

Iterating a spaCy ``Doc`` creates a Python ``Token`` object per word, which
for a news article costs more than most stages' own logic. Stages that look
for a handful of words ("if", "through", proper nouns) ask here for their
indices, read in one ``to_array`` call, and build ``Token`` objects only for
those.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDS
from spacy.tokens import Doc


def indices(sdoc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """Positions of tokens whose string attribute (``"LOWER"``, ``"POS"``, ...) is one of ``values``."""
    if not len(sdoc):
        return []
    column = sdoc.to_array([IDS[attr]])
    wanted = np.array([sdoc.vocab.strings.add(v) for v in values], dtype=column.dtype)
    return np.nonzero(np.isin(column, wanted))[0].tolist()


def count(sdoc: Doc, flag: str) -> int:
    """How many tokens have a boolean lexical flag (``"IS_ALPHA"``, ...)."""
    if not len(sdoc):
        return 0
    return int(sdoc.to_array([IDS[flag]]).sum())


def sentence_bounds(sdoc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of each sentence, as ``doc.sents`` gives them.

    Read once from the SENT_START column and kept on the doc: ``doc.sents``
    walks every token each time it is asked, and several stages ask.
    """
    cached = sdoc.user_data.get("unspin_sentence_bounds")
    if cached is not None and cached[0] == len(sdoc):
        return cached[1]
    n = len(sdoc)
    if not n:
        return []
    starts = np.nonzero(sdoc.to_array([IDS["SENT_START"]]) == 1)[0].tolist()
    if not starts or starts[0] != 0:
        starts = [0] + starts
    bounds = list(zip(starts, starts[1:] + [n]))
    sdoc.user_data["unspin_sentence_bounds"] = (n, bounds)
    return bounds
