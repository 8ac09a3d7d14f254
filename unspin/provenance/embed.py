"""Sentence embeddings from the static model distilled from MiniLM (see distill.py).

Embedding a sentence is a tokenizer call and a mean of table rows: numpy and the
``tokenizers`` library only, nothing downloaded, no torch. Vectors are unit
length, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import threading
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

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit vectors (n, dim) float32; a sentence with no known token gets zeros."""
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        if not sentences:
            return out
        encs = self.tokenizer.encode_batch(list(sentences), add_special_tokens=False)
        ids_list = [[i for i in e.ids[:MAX_TOKENS] if i != self.unk] for e in encs]
        lengths = np.fromiter((len(i) for i in ids_list), dtype=np.int64, count=len(ids_list))
        nonempty = lengths > 0
        if not nonempty.any():
            return out
        flat = np.fromiter((i for ids in ids_list for i in ids), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        sums = np.add.reduceat(self.table[flat], starts[nonempty], axis=0)
        out[nonempty] = sums / lengths[nonempty, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


_lock = threading.Lock()
_embedder: StaticEmbedder | None = None


def get_embedder() -> StaticEmbedder:
    global _embedder
    with _lock:
        if _embedder is None:
            _embedder = StaticEmbedder()
        return _embedder
