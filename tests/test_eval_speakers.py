"""The speaker scorer (bench/eval_speakers.py) on a hand-made case whose figures are known."""

from bench.eval_speakers import Gold, Pred, locate, misattributed, normalise, score_article, speaker_right, summary

TEXT = ('Tony Blair said the economy was strong. "We will win," he said. '
        'Officials said talks would go on. The FDA said the drug was unsafe. '
        'Michael Howard said taxes would rise.')


def _gold(content, speaker, kind="person", accept=()):
    return Gold(locate(TEXT, content), speaker, list(accept), kind, "indirect", content)


def _pred(content, name, kind="person"):
    return Pred(locate(TEXT, content), name, kind, content)


def test_normalise_drops_titles_punctuation_and_the():
    assert normalise("Mr. Tony Blair") == "tony blair"
    assert normalise("The Home Office") == "home office"


def test_scores_a_hand_made_article():
    golds = [
        _gold("the economy was strong", "Tony Blair"),
        _gold("We will win,", "Tony Blair"),
        _gold("talks would go on", "officials", "group"),
        _gold("the drug was unsafe", "Food and Drug Administration", "organization"),
        _gold("taxes would rise", "Michael Howard"),
    ]
    preds = [
        _pred("the economy was strong", "Mr Blair"),  # right: titles removed, but "Blair" != "Tony Blair"
        _pred("We will win", "Tony Blair"),  # right
        _pred("Officials said talks would go on", "senior officials", "group"),  # right: group, last word
        _pred("the drug was", "FDA", "organization"),  # covers 3 of 4 tokens; wrong, initials: no misattribution
        _pred("taxes", "Tony Blair"),  # covers 1 of 3 tokens: no match
        _pred("Michael Howard said", "Michael Howard"),  # no gold content tokens: no match
    ]
    r = score_article(TEXT, golds, preds)
    assert (r["gold"], r["pred"], r["matched"], r["right"], r["misattributed"]) == (5, 6, 4, 2, 0)
    s = summary([r])
    assert s["recall"] == 0.8 and s["precision"] == 4 / 6
    assert s["speaker_accuracy"] == 0.5 and s["right_of_gold"] == 0.4


def test_misattribution_is_another_name_not_a_shorter_form_or_description():
    g = _gold("taxes would rise", "Michael Howard")
    assert misattributed(_pred("taxes would rise", "Tony Blair"), g)
    assert not misattributed(_pred("taxes would rise", "Howard"), g)  # shorter form: wrong only
    assert not speaker_right(_pred("taxes would rise", "Howard"), g)
    assert not misattributed(_pred("taxes would rise", "Tory leader"), g)  # a description
    assert not misattributed(_pred("taxes would rise", "Michael Howard"), g)
