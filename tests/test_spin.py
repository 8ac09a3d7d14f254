"""Spin detectors: each fires on a short spun example and stays quiet on a clean one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.model import Document
from unspin.nlp import load_nlp
from unspin.spin import detect_spin
from unspin.text.entities import find_entities

SHARED = Path(__file__).resolve().parents[2] / "shared"


def kinds(text: str) -> list[str]:
    sdoc = load_nlp()(text)
    document = Document(text=text)
    spin = detect_spin(sdoc, document, find_entities(sdoc, document), [])
    assert 0.0 <= spin.score <= 1.0
    for e in spin.evidence:
        assert text[e.span.start : e.span.end] == e.span.text
    return [e.kind for e in spin.evidence]


def test_mangled_name_word_by_word():
    assert "mangled-name" in kinds("Anna Berg, a lecturer at the University of Rain, Lisbon, said prices rose.")
    assert "mangled-name" not in kinds("Anna Berg, a lecturer at the University of Cincinnati, said prices rose.")
    assert "mangled-name" not in kinds("Anna Berg, a lecturer at the University of Technology, said prices rose.")


def test_mangled_name_moved_surname():
    assert "mangled-name" in kinds("He teaches at the John F. School of Government. Kennedy of Harvard University.")
    assert "mangled-name" not in kinds("He teaches at the John F. Kennedy School of Government at Harvard University.")


def test_inconsistent_spelling():
    text = (
        "Fighting continued around Pokhrovsk on Monday. Officials in Pokhrovsk said shelling hit homes. "
        "Residents of Pojrovsk fled west."
    )
    assert "inconsistent-spelling" in kinds(text)
    clean = "Fighting continued around Pokhrovsk on Monday. Officials in Pokhrovsk’s centre said shelling hit homes."
    assert "inconsistent-spelling" not in kinds(clean)


def test_tortured_phrase():
    assert "tortured-phrase" in kinds("The minister said counterfeit consciousness would change the economy.")
    assert "tortured-phrase" not in kinds("The minister said artificial intelligence would change the economy.")


def test_literal_translation_through():
    assert "literal-translation" in kinds("The plan was rejected through analysts as unrealistic.")
    assert "literal-translation" not in kinds("The plan was rejected by analysts as unrealistic.")
    assert "literal-translation" not in kinds("The goods were sold through retailers across Europe.")


def test_pronoun_mismatch():
    text = 'Susan Miller, a professor at Yale, told reporters the talks had failed. "It is over," Miller said.\nHe said the two sides would meet again.'
    assert "pronoun-mismatch" in kinds(text)
    assert "pronoun-mismatch" not in kinds(text.replace("He said", "She said"))


def test_fragment_lower_case_start():
    assert "fragment" in kinds("Prices rose sharply, the bank said. gains in the sector as a sign of recovery.")
    assert "fragment" not in kinds("Prices rose sharply, the bank said. Gains in the sector were a sign of recovery.")


def test_broken_word():
    assert "broken-word" in kinds("The importance of ling Moscow is minor, she said.")
    assert "broken-word" not in kinds("The importance of taking Moscow is minor, she said.")


def test_unclosed_quote():
    text = '"The war will go on for a long time, Smith said.\nOther analysts disagreed.'
    assert "unclosed-quote" in kinds(text)
    assert "unclosed-quote" not in kinds('"The war will go on for a long time," Smith said.\nOther analysts disagreed.')
    # a quotation that runs on into the next paragraph is reopened there: not unclosed
    assert "unclosed-quote" not in kinds('"The war will go on.\n"It will not end soon," Smith said.')


def test_clean_news_scores_low():
    text = (
        "The central bank raised interest rates by a quarter point on Thursday, citing stubborn inflation. "
        '"We will do what is needed," governor Mark Carney told reporters. He said further rises were possible.'
    )
    sdoc = load_nlp()(text)
    spin = detect_spin(sdoc, Document(text=text), [], [])
    assert spin.evidence == []
    assert spin.score == 0.0


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="../shared/seed is absent: seed spin test needs shared data")
def test_seed_spin_evidence():
    from unspin.pipeline import analyze_parsed

    text = (SHARED / "seed" / "bakhmut-spun.txt").read_text(encoding="utf-8")
    gold = json.loads((SHARED / "seed" / "bakhmut-gold.json").read_text(encoding="utf-8"))["spin_evidence"]
    sdoc = load_nlp()(text)
    analysis = analyze_parsed(sdoc)
    spin = detect_spin(sdoc, analysis.document, analysis.entities, analysis.attributions)
    found = 0
    for item in gold:
        i = text.find(item["text"])
        found += any(e.span.start < i + len(item["text"]) and i < e.span.end for e in spin.evidence)
    assert found >= 6, f"only {found}/{len(gold)} gold spin items found"
    assert spin.score > 0.5
