"""The seed article: every gold attribution found with the right speaker."""

import json

import pytest

from unspin.pipeline import analyze


@pytest.fixture(scope="module")
def seed(shared):
    text = (shared / "seed" / "bakhmut-spun.txt").read_text(encoding="utf-8")
    gold = json.loads((shared / "seed" / "bakhmut-gold.json").read_text(encoding="utf-8"))
    return text, gold, analyze(text)


def _match(text, gold_att, analysis):
    start = text.find(gold_att["content"])
    assert start >= 0, gold_att["content"]
    end = start + len(gold_att["content"])
    return [a for a in analysis.attributions if a.content.start < end and start < a.content.end]


def _speaker_ok(gold_att, att):
    name = (att.speaker.name or "").lower()
    if gold_att.get("speaker_kind", "").startswith("anonymous"):
        return "official" in name
    return name == gold_att["speaker"].lower()


def test_all_gold_attributions_found(seed):
    text, gold, analysis = seed
    failures = []
    for g in gold["attributions"]:
        found = _match(text, g, analysis)
        if not found:
            failures.append(f"missing: {g['content'][:60]!r}")
        elif not any(_speaker_ok(g, a) for a in found):
            failures.append(f"speaker {[a.speaker.name for a in found]} != {g['speaker']!r}: {g['content'][:50]!r}")
    passed = len(gold["attributions"]) - len(failures)
    print(f"seed: {passed}/{len(gold['attributions'])} gold attributions matched")
    assert not failures, "\n".join(failures)


def test_channel_and_relay(seed):
    text, gold, analysis = seed
    for g in gold["attributions"]:
        found = [a for a in _match(text, g, analysis) if _speaker_ok(g, a)]
        assert found, g["content"]
        if g.get("channel"):
            assert any(a.channel == g["channel"] for a in found), (g["content"], [a.channel for a in found])
        if g.get("relayed_by"):
            assert any(a.relayed_by == g["relayed_by"] for a in found), [a.relayed_by for a in found]
        if g.get("hedge"):
            assert any(h.span.text for a in found for h in a.hedges if g["hedge"] in h.span.text)


def test_document_hedges(seed):
    text, gold, analysis = seed
    for g in gold["hedges"]:
        start = text.find(g["text"])
        end = start + len(g["text"])
        assert any(h.span.start < end and start < h.span.end for h in analysis.hedges), g["text"]


def test_boilerplate_excluded(seed):
    text, gold, analysis = seed
    assert [b.text for b in analysis.boilerplate] == gold["boilerplate"]
    for b in analysis.boilerplate:
        assert not any(a.content.overlaps(b) for a in analysis.attributions)
