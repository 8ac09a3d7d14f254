"""The drift evaluation's injector (bench/drift_inject.py): gold offsets point at what changed."""

from __future__ import annotations

import random

import pytest

from bench.drift_inject import CATEGORIES, Change, Injector, apply, inject, load_bbc, load_recovery


@pytest.fixture(scope="module")
def articles(shared):
    bbc = dict(load_bbc())
    rec = load_recovery(limit=40)
    picked = [("bbc/business/001.txt", bbc["bbc/business/001.txt"]),
              ("bbc/politics/010.txt", bbc["bbc/politics/010.txt"])]
    picked.append(max(rec[:40], key=lambda r: len(r[1]) if len(r[1]) < 8000 else 0))
    return picked


@pytest.fixture(scope="module")
def injector(articles):
    return Injector.for_articles(articles)


def test_apply_offsets():
    src = "The plan was approved. It cost 5 million."
    copy, gold = apply(src, [Change(31, 32, "7", "number"), Change(9, 12, "was not", "negation")])
    assert copy == "The plan was not approved. It cost 7 million."
    assert [copy[g.copy[0]:g.copy[1]] for g in gold] == ["was not", "7"]
    assert [src[g.source[0]:g.source[1]] for g in gold] == ["was", "5"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_gold_offsets_point_at_changed_text(articles, injector, category):
    rng = random.Random(3)
    made = 0
    for aid, text in articles:
        inj = inject(injector, aid, text, category, rng, n=1)
        if inj is None:
            continue
        made += 1
        assert inj.copy != inj.source
        assert inj.edits and all(g.category == category for g in inj.edits)
        for g in inj.edits:
            if g.source is not None:
                assert inj.source[g.source[0]:g.source[1]] == g.source_text != ""
            if g.copy is not None:
                assert inj.copy[g.copy[0]:g.copy[1]] == g.copy_text != ""
            assert g.source is not None or g.copy is not None
            if category == "dropped-text":
                assert g.copy is None and g.source_text not in inj.copy
            elif category == "added-text":
                assert g.source is None and g.copy_text not in inj.source
            else:
                assert g.source_text != g.copy_text
        # everything outside the gold edits is unchanged: undo them and get the source back
        undone = inj.copy
        for g in sorted(inj.edits, key=lambda g: -g.copy_at):
            a = g.copy[0] if g.copy else g.copy_at
            b = g.copy[1] if g.copy else g.copy_at
            if g.category == "added-text":  # the space before the inserted sentence
                a -= 1
            undone = undone[:a] + g.source_text + undone[b:]
        assert undone == inj.source
    assert made >= 1, f"no article could take a {category} edit"


def test_deterministic(articles, injector):
    aid, text = articles[0]
    a = inject(injector, aid, text, "number", random.Random(5), n=2)
    b = inject(injector, aid, text, "number", random.Random(5), n=2)
    assert a is not None and a.copy == b.copy
