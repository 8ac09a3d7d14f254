"""Stitched copies: a small part of a second source is found, a same-story article is not a part."""

from __future__ import annotations

import json

import pytest

from unspin.provenance import Corpus

FERRY = [
    "The island's only car ferry was withdrawn from service on Thursday after an engine failure off the north coast.",
    "About four hundred passengers were taken back to port by tugboats and no one was hurt, the operator said.",
    "The company said the vessel would be in dry dock for at least three weeks while the engine is rebuilt.",
    "Islanders fear that shops will run short of fresh food because lorries can no longer cross.",
    "The council has asked the government to charter a replacement boat from a mainland operator.",
    "A spokeswoman for the transport ministry said talks with two shipping firms had begun on Friday.",
    "The ferry is twenty-eight years old and has broken down four times since the start of the year.",
    "Local businesses say the breakdowns have cost them thousands of pounds in lost trade this summer.",
    "A new ship was ordered in 2019 but its delivery has been delayed by problems at the shipyard.",
    "Until a replacement arrives, a small passenger launch will run twice a day for foot passengers.",
    "Hospital patients needing treatment on the mainland will be flown by helicopter, health officials said.",
    "The operator apologised and promised refunds to every passenger whose journey was cancelled.",
]
ORCHARD = [
    "A community orchard planted by schoolchildren ten years ago produced its first large harvest this autumn.",
    "Volunteers picked more than two tonnes of apples and pears over the weekend, the organisers said.",
    "The fruit will be pressed into juice and sold at the village market to raise money for the school.",
    "The orchard holds forty varieties of apple, many of them old local types that had almost disappeared.",
    "Gardeners from across the county have asked for cuttings so that they can grow the rare trees at home.",
    "The head teacher said pupils had learned how to graft, prune and protect the trees from frost.",
    "A beekeeper who keeps hives at the edge of the orchard said the blossom had given a record honey crop.",
    "The parish council has agreed to lease a second field so that the orchard can double in size.",
    "Planting of the new trees is due to start in February, when the ground is soft enough to dig.",
    "Organisers are looking for more volunteers to help water the young trees during dry spells next summer.",
    "A celebration with music and cider tasting will be held in the orchard on the last Saturday of October.",
    "The project has been shortlisted for a national award for community environmental schemes.",
]
# The ferry story as another outlet wrote it: same facts, its own words.
FERRY_OTHER = [
    "Tugs towed the stricken island ferry into harbour on Thursday evening after its engine cut out at sea.",
    "Passengers described a frightening wait of several hours before help arrived, though none were injured.",
    "The breakdown is the fourth this year for the ageing vessel, which entered service in the mid-1990s.",
    "Shopkeepers on the island warned that shelves could be empty within days without deliveries.",
    "Ministers are in discussions with private shipping companies about hiring a temporary replacement.",
    "Repairs are expected to keep the ship out of action for about three weeks, according to its owners.",
    "A replacement vessel ordered several years ago is still not finished because of delays at the yard.",
    "In the meantime a passenger launch will carry people without vehicles across the strait.",
    "Residents held a meeting on Friday night to demand a more reliable service.",
    "The operator said all passengers would receive a full refund of their fares.",
]
FRESH = [
    "Readers have been sending us their stories of the disruption all week, and we have gathered some of them here.",
    "Several families told us that they had cancelled holidays on the mainland because they could not travel.",
    "One farmer said he had been unable to send his lambs to market and did not know when he would be able to.",
    "We will keep this page updated as more information about the repairs and the replacement boat comes in.",
]


def _write(path, docs):
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in docs.items()) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("stitch")
    _write(root / "docs.jsonl", {"ferry": "\n\n".join(FERRY), "orchard": "\n\n".join(ORCHARD),
                                 "ferry-other": "\n\n".join(FERRY_OTHER)})
    c = Corpus(root / "unspin.db")
    assert c.ingest([str(root / "docs.jsonl")]).added == 3
    yield c
    c.close()


def test_a_second_source_of_two_sentences_is_found(corpus):
    # ten sentences of one article, then two of another: the second part alone is no copy
    part = " ".join(ORCHARD[6:8])
    copy = "\n\n".join(FERRY[:10]) + "\n\n" + part
    matches = {m.id: m for m in corpus.trace(copy)}
    assert set(matches) == {"ferry", "orchard"}
    start = copy.index(part)
    assert all(c.start >= start for _, c in matches["orchard"].shared)  # its passages lie in its part
    assert all(c.end <= start for _, c in matches["ferry"].shared)


def test_a_shuffled_half_and_half_copy_finds_both(corpus):
    # both halves shuffled sentence by sentence: no long run in either, half of the copy each
    a, b = FERRY[:6], ORCHARD[6:]
    copy = " ".join([a[k] for k in (3, 0, 5, 1, 4, 2)]) + "\n\n" + " ".join([b[k] for k in (2, 5, 0, 3, 1, 4)])
    assert {m.id for m in corpus.trace(copy)} == {"ferry", "orchard"}


def test_fresh_paragraphs_on_the_same_story_are_no_part(corpus):
    # a partial copy with paragraphs of its own: the other outlet's article on the same story
    # shares the facts, not the text, and is not made a source of what the copy added
    copy = "\n\n".join(FERRY[:7]) + "\n\n" + " ".join(FRESH)
    assert [m.id for m in corpus.trace(copy)] == ["ferry"]
    assert corpus.trace_id("ferry-other") == []
