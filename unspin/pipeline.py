"""The analyze pipeline: one function per stage over the shared document model.

Stages, in order: boilerplate lines are found on the raw text, spaCy parses the
whole text (offsets stay those of the input), entities get canonical names,
hedges are found, attributions are extracted outside boilerplate, and the
marks of machine spinning are collected and scored.

Every entry point takes ``options`` (:class:`unspin.options.AttributionOptions`) and
``resources`` (:class:`unspin.resources.Resources`: the pipeline and tagger), both
optional; left out, they are the defaults and ``Resources.default()``.
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
from unspin.options import AttributionOptions
from unspin.resources import Resources, resolve
from unspin.spin import detect_spin
from unspin.text.boilerplate import find_boilerplate
from unspin.text.entities import find_entities
from unspin.text.hedges import find_hedges
from unspin.text.tokens import sentence_bounds

def analyze(text: str, id: str | None = None, *, options: AttributionOptions | None = None,
            resources: Resources | None = None) -> Analysis:
    """Analyze one article: who said what, with hedges and entities."""
    check_analysable(text)
    return next(analyze_many([(id, text)], options=options, resources=resources))


# "fork" (Linux) lets the workers share the pages of the model the parent loaded, so none
# of them loads it again; "spawn" or "forkserver" start clean workers that each load it.
DEFAULT_START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def analyze_many(
    records: Iterable[tuple[str | None, str]], batch_size: int = 16, n_process: int = 1, *,
    options: AttributionOptions | None = None, resources: Resources | None = None,
    start_method: str = DEFAULT_START_METHOD,
) -> Iterator[Analysis]:
    """Analyze many (id, text) pairs in input order, parsing in batches with ``nlp.pipe``.

    Texts must already have passed :func:`check_analysable`. With ``n_process > 1``
    whole batches (parse *and* extraction) run in worker processes started by
    ``start_method`` (a :mod:`multiprocessing` start method): spaCy's own
    ``n_process`` would parallelise only the parse and leave extraction to a
    single process.
    """
    resources = resolve(resources)
    if n_process <= 1:
        yield from _analyze_batch_stream(records, batch_size, options, resources)
        return
    if start_method == "fork":  # loaded before forking: the workers share their pages
        resources.nlp
        if options is None or options.learned:
            resources.tagger
    ctx = multiprocessing.get_context(start_method)
    with ctx.Pool(n_process, initializer=_start_worker, initargs=(os.getpid(), options, resources)) as pool:
        batches = _batched(records, batch_size)
        for analyses in pool.imap(_analyze_batch, batches):
            yield from analyses


# The options and resources of this worker process (set once by _start_worker): a forked
# worker inherits the parent's loaded Resources, a spawned one gets an empty one to load.
_worker_setup: tuple[AttributionOptions | None, Resources | None] = (None, None)


def _start_worker(parent: int, options: AttributionOptions | None, resources: Resources | None) -> None:
    global _worker_setup
    die_with_parent(parent)
    if resources is not None:
        resources.reset_locks()  # forked: a parent thread may have held one
    _worker_setup = (options, resources)


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
    options, resources = _worker_setup
    return list(_analyze_batch_stream(batch, len(batch), options, resolve(resources)))


def _analyze_batch_stream(records: Iterable[tuple[str | None, str]], batch_size: int,
                          options: AttributionOptions | None, resources: Resources) -> Iterator[Analysis]:
    pairs = ((text, rid) for rid, text in records)
    for sdoc, rid in resources.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield analyze_parsed(sdoc, rid, options=options, resources=resources)


def analyze_parsed(sdoc: Doc, id: str | None = None, with_spin: bool = True, learned: bool = True, *,
                   options: AttributionOptions | None = None, resources: Resources | None = None) -> Analysis:
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
    attributions = extract_attributions(sdoc, document, entities, hedges, use_learned=learned,
                                        options=options, resources=resources)
    # Spin evidence reads the attributions: a pronoun that does not fit the
    # speaker just quoted is one of its signals.
    spin = detect_spin(sdoc, document, entities, attributions) if with_spin else Spin()
    return Analysis(document=document, attributions=attributions, entities=entities, hedges=hedges, spin=spin)
