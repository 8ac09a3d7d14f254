"""Sentence embeddings from the static model distilled from MiniLM (see distill.py).

Embedding a sentence is a tokenizer call and a mean of table rows: numpy and the
``tokenizers`` library only, nothing downloaded, no torch. Vectors are unit
length, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import re
import threading
from itertools import chain
from collections.abc import Sequence

import numpy as np

from unspin.errors import UnspinError
from unspin.provenance.distill import TOKENIZER, VECTORS

MAX_TOKENS = 256
# The table is PCA-ordered (model2vec applies PCA, then a per-token SIF weight), so its
# first N columns are exactly a PCA-N model: unspin uses 128 of the 256 it ships.
DIMS = 128


class StaticEmbedder:
    def __init__(self, vectors_path=VECTORS, tokenizer_path=TOKENIZER) -> None:
        try:
            from tokenizers import Tokenizer

            data = np.load(vectors_path)
            self.table = np.ascontiguousarray(data["q"][:, :DIMS].astype(np.float32) * data["scale"][:, None])
            self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except (OSError, KeyError) as exc:
            raise UnspinError(f"the provenance embedding model is missing ({exc}); "
                              "build it with `python -m unspin.provenance.distill`") from None
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.dim = int(self.table.shape[1])
        self.unk = self.tokenizer.token_to_id("[UNK]")
        self._word_ids: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def token_ids(self, sentences: Sequence[str]) -> list[list[int]]:
        """The tokenizer's ids for each sentence, exactly, but mostly from a word cache.

        For printable ASCII and typographic quotes (almost all news text) the BERT
        normaliser is ``lower()`` and the pre-tokenizer splits into runs of letters and
        digits and single punctuation marks (see _PRETOKEN), so each pre-token's WordPiece
        ids are looked up once and reused: several times faster than tokenizing every
        sentence from scratch. Anything else (accents,
        other scripts, control characters, the literal special tokens) goes to the tokenizer.
        """
        ids: list[list[int] | None] = [None] * len(sentences)
        pieces: list[tuple[int, list[str]]] = []
        slow: list[int] = []
        for n, s in enumerate(sentences):
            if not _SLOW.search(s):
                pieces.append((n, _PRETOKEN.findall(s.lower())))
            else:
                slow.append(n)
        cache = self._word_ids
        get = cache.__getitem__
        with self._lock:  # the cache is shared by ingest's worker thread and tracing
            retry = []
            for n, p in pieces:
                try:
                    ids[n] = list(chain.from_iterable(map(get, p)))
                except KeyError:  # a word not seen yet
                    retry.append((n, p))
            if retry:
                missing = set(chain.from_iterable(p for _, p in retry)).difference(cache)
                if len(cache) + len(missing) > 1_000_000:
                    cache.clear()
                    missing = set(chain.from_iterable(p for _, p in retry))
                words = list(missing)
                for w, e in zip(words, self.tokenizer.encode_batch_fast(words, add_special_tokens=False)):
                    cache[w] = e.ids
                for n, p in retry:
                    ids[n] = list(chain.from_iterable(map(get, p)))
        if slow:
            encs = self.tokenizer.encode_batch_fast([sentences[n] for n in slow], add_special_tokens=False)
            for n, e in zip(slow, encs):
                ids[n] = e.ids
        return ids  # type: ignore[return-value]

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit vectors (n, dim) float32; a sentence with no known token gets zeros."""
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        if not sentences:
            return out
        ids = self.token_ids(sentences)
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        if lengths.max(initial=0) > MAX_TOKENS:
            ids = [i[:MAX_TOKENS] for i in ids]
            lengths = np.minimum(lengths, MAX_TOKENS)
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
        known = flat != self.unk
        if not known.all():  # unknown tokens are dropped, as if absent
            row = np.repeat(np.arange(len(ids)), lengths)
            flat = flat[known]
            lengths = np.bincount(row[known], minlength=len(ids))
        nonempty = lengths > 0
        if not nonempty.any():
            return out
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        sums = np.add.reduceat(self.table[flat], starts[nonempty], axis=0)
        out[nonempty] = sums / lengths[nonempty, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out /= norms
        return out


# Printable ASCII (plus curly quotes, dashes, the ellipsis, the bullet, the pound sign
# and the no-break space) after BERT's lower-casing: a word is a run of [a-z0-9£] (£ is a
# symbol, not punctuation, to BERT), every other non-space character is a token of its
# own. Anything else (accents, control characters BERT removes, the literal special
# tokens) takes the tokenizer's path.
_PRETOKEN = re.compile("[a-z0-9\u00a3]+|[^a-z0-9\u00a3 \t\n\r\u00a0]")
_SLOW = re.compile("[^\t\n\r\x20-\x7e\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022\u00a3\u00a0]"
                   "|\\[(?:PAD|UNK)\\]")

def get_embedder() -> StaticEmbedder:
    """The embedder of :meth:`Resources.default() <unspin.resources.Resources.default>`;
    a caller that holds its own :class:`~unspin.resources.Resources` uses ``resources.embedder``."""
    from unspin.resources import Resources

    return Resources.default().embedder
