"""The copy decision on texts whose sentence splits, order and wording differ from the source's."""

from __future__ import annotations

import numpy as np

from unspin.blas import one_blas_thread
from unspin.provenance import align as al
from unspin.provenance.embed import get_embedder
from unspin.provenance.normalise import sentence_spans

SOURCE = """The port authority approved a plan on Monday to dredge the northern channel of the harbour.
Dredging will start in March and is expected to take eighteen months.
Officials said the deeper channel would allow container ships twice the current size to dock.
Fishermen warned that the work could drive away the cod that spawn near the breakwater.
The authority promised to pause dredging during the spawning season each spring.
Environmental groups said they would study the plan before deciding whether to challenge it.
The project will cost an estimated forty million pounds, paid by the port and the government.
Local businesses welcomed the news, saying bigger ships would bring hundreds of jobs.
A public meeting on the plan will be held at the town hall next Thursday evening.
The harbour master said the old southern channel would stay open throughout the work."""


def side(text: str) -> al.Side:
    spans = sentence_spans(text)
    vecs = get_embedder().embed([text[s:e] for s, e in spans])
    words = np.array([len(text[s:e].split()) for s, e in spans])
    return al.Side(text, spans, vecs, words >= al.MIN_WORDS)


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


# a spinner's word swaps, enough to bring the sentence pairs' scores under the "close wording" bar
SWAPS = {"said": "stated", "would": "will", "plan": "scheme", "approved": "backed", "Officials": "Authorities",
         "warned": "cautioned", "work": "operation", "promised": "pledged", "study": "examine",
         "estimated": "projected", "welcomed": "hailed", "bring": "deliver", "held": "staged",
         "throughout": "during", "expected": "anticipated", "allow": "permit", "current": "present",
         "deeper": "wider", "hundreds": "scores"}


def spun(sentence: str) -> str:
    return " ".join(SWAPS.get(w, w) for w in sentence.split(" "))


def test_a_passage_that_skips_sentences_is_one_run():
    # a copied passage that left out every other sentence (or whose splitter cut elsewhere)
    src = sentences(SOURCE)
    a = al.align(side(" ".join(src[0:10:2])), side(SOURCE))
    assert a.is_copy
    assert a.longest_run == 5
    assert len(a.passages) == 1  # one passage, not five scattered pairs
    assert a.passages[0][0] == (0, SOURCE.index(src[8]) + len(src[8]))


def test_reordered_hard_spun_copy_is_a_copy():
    # shuffled, two sentences dropped, words swapped: no run, no close wording, but
    # nearly every sentence of it aligns
    src = sentences(SOURCE)
    copy = " ".join(spun(src[i]) for i in (7, 2, 9, 0, 5, 3, 8, 1))
    a = al.align(side(copy), side(SOURCE))
    assert a.longest_run <= 2 and a.mean_score < al.STRONG_SCORE
    assert a.cover_copy >= al.DENSE_COVER
    assert a.is_copy


def test_one_shared_sentence_is_not_a_copy():
    src = sentences(SOURCE)
    other = ("Dredging will start in March and is expected to take eighteen months. "
             "The city council voted to rename the main square after a local poet. "
             "Traffic will be diverted along the ring road during the ceremony. "
             "The poet's family said they were honoured by the decision.")
    a = al.align(side(other), side(SOURCE))
    assert not a.is_copy
    assert src[1] in other


def test_one_blas_thread_restores_the_callers_setting():
    from threadpoolctl import threadpool_info

    before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    seen = []

    @one_blas_thread
    def product():
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return np.ones((50, 8)) @ np.ones((8, 50))

    assert product()[0, 0] == 8
    assert all(n == 1 for n in seen)
    assert [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"] == before
