"""The learned tagger's decoding, its missing-model behaviour, and the merge policy."""

from __future__ import annotations

import pytest

import unspin.attribution.learned as learned
from unspin.attribution.candidate import Candidate
from unspin.attribution.learned.features import doc_features
from unspin.attribution.merge import merge_candidates
from unspin.nlp import load_nlp
from unspin.options import AttributionOptions
from unspin.resources import Resources


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_missing_model_gives_no_candidates(nlp, monkeypatch, tmp_path):
    monkeypatch.setattr(learned, "MODEL_PATH", tmp_path / "absent.crfsuite")
    resources = Resources(nlp=nlp)
    assert resources.tagger is None
    assert learned.predict(nlp("Smith said taxes would rise."), resources) == []


def test_disabled_by_options(nlp):
    assert learned.predict(nlp("Smith said taxes would rise."), options=AttributionOptions(learned=False)) == []


def test_features_cover_every_non_space_token(nlp):
    doc = nlp("Smith said taxes would rise.\n\n\u201cIt is bad,\u201d Jones said.")
    paras, feats = doc_features(doc)
    assert len(paras) == 2
    assert all(feats[i] for p in paras for i in p)
    assert "q=1" in feats[paras[1][1]]  # "It" is inside the quotation


def test_decode_links_content_cue_and_source(nlp):
    doc = nlp("\u201cIt is bad,\u201d Jones said, \u201cand worse.\u201d")
    (para,) = doc_features(doc)[0]
    words = [doc[i].text for i in para]
    tags = ["O"] * len(words)
    tags[0] = "B-CONTENT"
    for k in range(1, words.index("Jones")):
        tags[k] = "I-CONTENT"
    tags[words.index("Jones")] = "B-SOURCE"
    tags[words.index("said")] = "B-CUE"
    start = words.index(",", words.index("said")) + 1
    for k in range(start, len(words)):
        tags[k] = "I-CONTENT"  # the same statement, continued after the interruption
    cands, last = learned.decode(doc, para, tags)
    (c,) = cands
    assert doc.text[c.content[0]:c.content[1]].startswith("\u201cIt is bad")
    assert doc.text[c.content[0]:c.content[1]].endswith("worse.\u201d")
    assert doc.text[c.cue[0]:c.cue[1]] == "said"
    assert doc.text[c.source[0]:c.source[1]] == "Jones"
    assert c.origin == "learned" and c.type in ("direct", "mixed")
    assert last == (c.cue, c.source)


def test_merge_prefers_learned_content_and_keeps_uncovered_rule_candidates():
    rule = [
        Candidate(content=(10, 30), cue=(5, 9), source=(0, 4), origin="verb"),
        Candidate(content=(100, 140), cue=(141, 145), source=(146, 150), type="direct", origin="quote"),
    ]
    learned_c = [Candidate(content=(10, 60), cue=None, source=None, origin="learned")]
    merged = merge_candidates(rule, learned_c)
    assert [c.content for c in merged] == [(10, 60), (100, 140)]
    # the learned candidate had no cue: it borrows the overlapping rule candidate's
    assert merged[0].cue == (5, 9) and merged[0].source == (0, 4)


def test_the_tagger_reads_quotations_as_the_pairing_does(nlp):
    """A quotation reopened after a sentence end without being closed (BBC text joins a quote's
    paragraphs: `He said: "A. "B."`) is one quotation: what follows its last mark is outside
    it, where counting straight marks put it inside. Curly marks read the same."""
    from unspin.attribution.quotes import inside_flags

    text = ('He said: "The evidence we have is thin. "Similarly, you should warn them." '
            'Then Lord Butler left the room.')
    for t in (text, text.replace(': "', ": \u201c").replace('. "', ". \u201c").replace('."', ".\u201d")):
        sdoc = nlp(t)
        flags = inside_flags(sdoc)
        inside = {tok.text for tok, f in zip(sdoc, flags) if f}
        assert {"evidence", "Similarly", "warn"} <= inside and not {"He", "Then", "Butler", "left"} & inside, t
        _, feats = doc_features(sdoc)  # the tagger's quotation feature is the same reading
        assert [("q=1" in f) for f in feats] == flags
