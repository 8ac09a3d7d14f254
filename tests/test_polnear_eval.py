"""The PolNeAR scorer on tiny hand-written gold and predictions."""

from __future__ import annotations

import pytest

from bench.eval_polnear import Pred, aggregate, score_article
from bench.polnear import DEFAULT_ROOT, GoldAttribution, parse_ann, read_split

TEXT = 'Smith said the tax would rise. "It is bad," Jones told reporters.'
SAID = (6, 10)
C1 = ((11, 29),)  # "the tax would rise"
C2 = ((31, 43),)  # '"It is bad,"' with quotes
GOLD = [
    GoldAttribution(content=C1, cue=(SAID,), source=((0, 5),)),
    GoldAttribution(content=C2, cue=((50, 54),), source=((44, 49),)),
]


def test_spans_are_what_the_comment_says():
    assert TEXT[11:29] == "the tax would rise"
    assert TEXT[31:43] == '"It is bad,"'
    assert TEXT[44:49] == "Jones" and TEXT[50:54] == "told"


def test_perfect_prediction():
    preds = [Pred((11, 29), SAID, (0, 5), "indirect"), Pred((31, 43), (50, 54), (44, 49), "direct")]
    r = aggregate([score_article(TEXT, GOLD, preds)])
    assert r["all"]["content"]["f1"] == 1.0
    assert r["all"]["e2e"]["f1"] == 1.0
    assert r["cue_exact"]["f1"] == 1.0
    assert r["direct"]["content"]["gold"] == 1 and r["indirect"]["content"]["gold"] == 1


def test_half_overlap_counts_and_less_does_not():
    # "the tax" = 2 of 4 gold tokens -> 0.5, found
    r = aggregate([score_article(TEXT, GOLD[:1], [Pred((11, 18), SAID, (0, 5))])])
    assert r["all"]["content"]["recall"] == 1.0
    # "the" = 1 of 4 -> not found
    r = aggregate([score_article(TEXT, GOLD[:1], [Pred((11, 14), SAID, (0, 5))])])
    assert r["all"]["content"]["recall"] == 0.0


def test_partial_token_coverage_counts_the_token():
    # (12, 22) touches "the", "tax", "would" by at least one character
    r = aggregate([score_article(TEXT, GOLD[:1], [Pred((12, 22), None, None)])])
    assert r["all"]["content"]["recall"] == 1.0


def test_one_to_one_matching():
    # two predictions over the same gold: one TP, one FP
    preds = [Pred((11, 29), SAID, (0, 5)), Pred((15, 29), SAID, (0, 5))]
    r = aggregate([score_article(TEXT, GOLD[:1], preds)])
    c = r["all"]["content"]
    assert c["precision"] == 0.5 and c["recall"] == 1.0


def test_end_to_end_needs_source_overlap():
    wrong_source = [Pred((11, 29), SAID, (44, 49))]
    r = aggregate([score_article(TEXT, GOLD[:1], wrong_source)])
    assert r["all"]["content"]["f1"] == 1.0
    assert r["all"]["e2e"]["f1"] == 0.0
    no_source_gold = [GoldAttribution(content=C1, cue=(SAID,), source=None)]
    r = aggregate([score_article(TEXT, no_source_gold, [Pred((11, 29), SAID, None)])])
    assert r["all"]["e2e"]["f1"] == 1.0


def test_cue_exact_strips_whitespace_and_uses_fragment_extent():
    r = aggregate([score_article(TEXT, GOLD[:1], [Pred((11, 29), (5, 11), None)])])
    assert r["cue_exact"]["tp"] == 1  # " said " stripped is "said"
    r = aggregate([score_article(TEXT, GOLD[:1], [Pred((11, 29), (6, 9), None)])])
    assert r["cue_exact"]["tp"] == 0
    text = "According to Smith, taxes rise."
    gold = [GoldAttribution(content=((20, 30),), cue=((0, 9), (10, 12)), source=((13, 18),))]
    r = aggregate([score_article(text, gold, [Pred((20, 30), (0, 12), (13, 18))])])
    assert r["cue_exact"]["f1"] == 1.0


def test_direct_indirect_rows():
    # a mixed prediction is counted as direct; the quoted gold is direct
    preds = [Pred((11, 29), SAID, (0, 5), "indirect"), Pred((31, 43), (50, 54), (44, 49), "mixed")]
    r = aggregate([score_article(TEXT, GOLD, preds)])
    assert r["direct"]["content"]["pred"] == 1 and r["direct"]["content"]["f1"] == 1.0
    assert r["indirect"]["content"]["pred"] == 1 and r["indirect"]["content"]["f1"] == 1.0


def test_no_predictions_and_no_gold():
    r = aggregate([score_article(TEXT, [], [])])
    assert r["all"]["content"]["f1"] == 0.0


def test_parse_ann_discontinuous_and_multiline():
    ann = (
        "T1\tSource 0 5\tSmith\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 11 18;19 29\tthe tax\nwould rise\n"
        "T4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T3\ta note\n"
    )
    (a,) = parse_ann(ann)
    assert a.content == ((11, 18), (19, 29))
    assert a.cue == ((6, 10),) and a.source == ((0, 5),)
    (b,) = parse_ann(ann.replace(" Source:T1", ""))
    assert b.source is None


def test_read_real_dev_split():
    if not (DEFAULT_ROOT / "data" / "dev").is_dir():
        pytest.skip(f"PolNeAR not available at {DEFAULT_ROOT} (it lives in ../shared, outside the repo)")
    arts = read_split("dev")
    assert len(arts) == 84
    assert all(a.ann_file == sorted(a.ann_file for a in [a])[0] for a in arts)
    for a in arts[:10]:
        for g in a.attributions:
            for s, e in g.content:
                assert 0 <= s < e <= len(a.text)
