"""Who did what to whom: the roles check (unspin.drift.roles) on sentences written for these tests."""

from __future__ import annotations

import pytest

from unspin.drift import diff

MH = ("medium", "high")


def _shifts(src: str, cpy: str) -> list:
    return [e for e in diff(src, cpy).edits if e.category == "meaning-shift" and "who did what" in e.explanation]


@pytest.mark.parametrize("src, cpy", [
    # the object of what was cut now takes the cut verb's place
    ("Three warehouses owned by the firm were searched after the manager was detained on Monday.",
     "Three warehouses owned by the firm were detained on Monday."),
    # the doer and what it is done to change places
    ("The inspectors questioned the farmers about the missing cattle last week.",
     "The farmers questioned the inspectors about the missing cattle last week."),
    # a subordinate clause's subject lost to its controller
    ("Residents are hoping the floods stay away from the harbour this winter.",
     "Residents are hoping to stay away from the harbour this winter."),
    # the finder is now what was found
    ("The neighbour found the puppy in a ditch and carried it home.",
     "The neighbour was found in a ditch and carried it home."),
    # a coordinated subject taken from the object
    ("Leeds and Everton are watching Porto striker Mateus Silva.",
     "Leeds and Silva are watching Porto striker Mateus Silva."),
    # a preposition's object taken from another clause
    ("The singer always glows with confidence on stage, although she was once pelted with tomatoes.",
     "The singer always glows with tomatoes on stage."),
])
def test_a_recombination_of_the_sources_words_is_a_meaning_shift(src, cpy):
    found = _shifts(src, cpy)
    assert found and all(e.severity in MH for e in found), [e.to_dict() for e in diff(src, cpy).edits]


@pytest.mark.parametrize("src, cpy", [
    # active and passive are one link
    ("The inspectors questioned the farmers about the missing cattle last week.",
     "The farmers were questioned by the inspectors about the missing cattle last week."),
    # a dropped modifier keeps the link through the noun it hung on
    ("Three warehouses owned by the firm were searched on Monday.",
     "Three warehouses were searched on Monday."),
    # a shared subject reaches the coordinated verb
    ("The police arrived at noon and arrested the driver.",
     "The police arrested the driver."),
    # an example the source's list named with "including"
    ("The driver was charged with six offences, including burglary and arson, on Friday.",
     "The driver was charged with burglary and arson on Friday."),
    # "most of" the noun keeps it in the slot
    ("Most of the passengers left the station before the strike.",
     "The passengers left the station before the strike."),
])
def test_faithful_restructuring_is_no_role_shift(src, cpy):
    assert not _shifts(src, cpy), [e.to_dict() for e in _shifts(src, cpy)]


def test_a_name_taking_its_descriptions_place_is_no_splice():
    src = "The council said the new library will open next spring in the town of Kettering."
    cpy = "The council said the new library will open next spring in Kettering."
    edits = diff(src, cpy).edits
    assert not [e for e in edits if e.severity in MH], [e.to_dict() for e in edits]
