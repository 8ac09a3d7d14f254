"""The WordNet reader drift uses to tell synonyms from other words (unspin/text/wordnet.py)."""

from __future__ import annotations

import pytest

from unspin.text.wordnet import wordnet

WN = wordnet()
pytestmark = pytest.mark.skipif(WN is None, reason="WordNet is not installed (apt-get install wordnet-base)")


@pytest.mark.parametrize("a, b", [("back", "support"), ("manufacturer", "maker"), ("centre", "heart"),
                                  ("produce", "turn out"), ("file", "lodge"), ("Adapt", "adjust")])
def test_synonyms_and_direct_neighbours_are_related(a, b):
    assert WN.related(a, b) and WN.related(b, a)


@pytest.mark.parametrize("a, b", [("rise", "fall"), ("increase", "decrease"), ("man", "woman"),
                                  ("superstar", "viral"), ("employ", "train")])
def test_opposites_siblings_and_other_words_are_not(a, b):
    assert not WN.related(a, b)


def test_unknown_words_are_unknown_and_a_missing_install_is_none(tmp_path):
    assert not WN.known("zzqxv") and WN.known("home-grown") and WN.known("Science Fiction")
    assert wordnet(tmp_path) is None


def test_a_noun_is_a_person_by_its_commonest_sense():
    assert all(WN.is_person(w) for w in ("dj", "presenter", "referee", "spokesman", "DJ"))
    # "star" is a celestial body first, "station" and "government" are no people
    assert not any(WN.is_person(w) for w in ("star", "station", "government", "hit", "band"))


def test_word_families_join_derived_words_only():
    from unspin.text.wordnet import same_family

    assert same_family("servant", "service") and same_family("abolish", "abolition") and same_family("teach", "teacher")
    assert not same_family("rise", "fall") and not same_family("man", "woman") and not same_family("servant", "number")


def test_two_names_of_one_place_are_one_place():
    from unspin.text.wordnet import same_place

    assert same_place("the UK", "Britain") and same_place("US", "America") and same_place("France", "Paris")
    assert not same_place("Britain", "England") and not same_place("Germany", "France")
    assert not same_place("Taiwan", "China")  # only a lesser sense of "China" is the Republic of China
