"""The analyze pipeline: one function per stage over the shared document model.

Stages, in order: boilerplate lines are found on the raw text, spaCy parses the
whole text (offsets stay those of the input), entities get canonical names,
hedges are found, attributions are extracted outside boilerplate, and the
marks of machine spinning are collected and scored.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from unspin.attribution import extract_attributions
from unspin.limits import check_analysable
from unspin.model import Analysis, Document, Span, Spin
from unspin.nlp import load_nlp
from unspin.spin import detect_spin
from unspin.text.boilerplate import find_boilerplate
from unspin.text.entities import find_entities
from unspin.text.hedges import find_hedges
from unspin.text.tokens import sentence_bounds

def analyze(text: str, id: str | None = None) -> Analysis:
    """Analyze one article: who said what, with hedges and entities."""
    check_analysable(text)
    return next(analyze_many([(id, text)]))


def analyze_many(
    records: Iterable[tuple[str | None, str]], batch_size: int = 16, n_process: int = 1
) -> Iterator[Analysis]:
    """Analyze many (id, text) pairs in input order, parsing in batches with ``nlp.pipe``.

    Texts must already have passed :func:`check_analysable`. With ``n_process > 1``
    whole batches (parse *and* extraction) run in worker processes: spaCy's own
    ``n_process`` would parallelise only the parse and leave extraction to a
    single process.
    """
    if n_process <= 1:
        yield from _analyze_batch_stream(records, batch_size)
        return
    # fork shares the already loaded model pages with the workers.
    load_nlp()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(n_process, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        batches = _batched(records, batch_size)
        for analyses in pool.imap(_analyze_batch, batches):
            yield from analyses


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the process that started it dies, even by
    ``kill -9`` (Linux's parent-death signal), instead of living on blocked on its queue."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _batched(records: Iterable[tuple[str | None, str]], size: int) -> Iterator[list]:
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch


def _analyze_batch(batch: list[tuple[str | None, str]]) -> list[Analysis]:
    return list(_analyze_batch_stream(batch, len(batch)))


def _analyze_batch_stream(records: Iterable[tuple[str | None, str]], batch_size: int) -> Iterator[Analysis]:
    nlp = load_nlp()
    pairs = ((text, rid) for rid, text in records)
    for sdoc, rid in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield analyze_parsed(sdoc, rid)


def analyze_parsed(sdoc: Doc, id: str | None = None, with_spin: bool = True, learned: bool = True) -> Analysis:
    """Run every stage after parsing on an already parsed spaCy ``Doc``.

    ``with_spin=False`` skips spin evidence and ``learned=False`` the learned
    attribution tagger, for callers that compare two texts and report neither.
    """
    text = sdoc.text
    document = Document(text=text, id=id)
    document.sentences = [Span.of(text, sent.start_char, sent.end_char)
                          for sent in (sdoc[s:e] for s, e in sentence_bounds(sdoc))]
    document.boilerplate = find_boilerplate(text)
    entities = find_entities(sdoc, document)
    hedges = find_hedges(sdoc, document)
    attributions = extract_attributions(sdoc, document, entities, hedges, use_learned=learned)
    # Spin evidence reads the attributions: a pronoun that does not fit the
    # speaker just quoted is one of its signals.
    spin = detect_spin(sdoc, document, entities, attributions) if with_spin else Spin()
    return Analysis(document=document, attributions=attributions, entities=entities, hedges=hedges, spin=spin)
