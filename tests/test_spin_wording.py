"""Word-choice spin evidence (unspin/spin/wording.py) on texts written for these tests.

Each pair of texts tells one story twice: as a reporter would write it, and as a
synonym spinner or thesaurus tool would rewrite it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.model import Document
from unspin.nlp import load_nlp
from unspin.spin import detect_spin, spin_score
from unspin.spin.wording import ODD, RARE, pair_model, wording_excess, wording_stats
from unspin.text.boilerplate import find_boilerplate

FLOOD = """The town council has approved a plan to build new flood defences along the river after heavy rain forced hundreds of people from their homes last winter.

The scheme, which will cost about 12 million pounds, includes a concrete wall on the east bank and a series of storage ponds upstream that can hold water during a storm. Work is expected to start in the spring and to take two years.

Council leader Sarah Holt said the decision was the most important the council had made in a decade. "People who live near the river have waited far too long for this," she said. "We know the damage that a single night of rain can do, and we are not prepared to let it happen again."

Last January the river burst its banks twice in one week. More than 300 homes and 40 businesses were flooded, and the main road into the town was closed for nine days. Many families spent months in temporary housing while their homes were dried out and repaired.

Some residents have raised concerns about the height of the wall, which they say will block their view of the water. Others say the plan does not go far enough and want the council to stop building on land that floods.

The Environment Agency, which will pay for part of the work, said it supported the plan. A spokesman said the agency would continue to monitor water levels and would issue warnings as early as possible when the river was expected to rise.

The council will hold a public meeting next month to explain the work and answer questions from residents.
"""

# the same story through a synonym spinner: each word swapped on its own, grammar be damned
FLOOD_SPUN = """The town council possesses accepted a plan towards construct novel flood defences alongside the river following weighty rain compelled hundreds belonging to individuals out of their houses final winter.

The scheme, which shall price approximately 12 million pounds, consists of a concrete partition upon the east bank plus a succession of storage ponds upstream that may grasp water throughout a storm. Effort stands as anticipated towards commence inside the spring plus towards seize a pair of years.

Council chief Sarah Holt stated the determination remained the maximum significant the council experienced made inside a decade. "Individuals who reside close to the river possess waited distant too lengthy for this," she stated. "We realize the harm that a solitary night belonging to rain may do, plus we stand as not ready towards allow it occur once more."

Final January the river exploded its banks two times inside one week. Extra than 300 houses plus 40 enterprises remained flooded, plus the principal road towards the town remained shut for nine days. Numerous households spent months inside temporary accommodation whilst their houses remained dried away plus mended.

Several inhabitants possess elevated worries regarding the elevation belonging to the partition, which they state shall obstruct their sight belonging to the water. Others state the plan does not proceed distant sufficient plus desire the council towards halt constructing upon terrain that floods.

The Environment Agency, which shall compensate for portion belonging to the effort, stated it backed the plan. A spokesman stated the agency would proceed towards observe water levels plus would problem cautions as premature as feasible when the river remained anticipated towards ascend.

The council shall grasp a communal gathering subsequent month towards clarify the effort plus respond inquiries out of inhabitants.
"""

# a specialist topic: its rare word ("sourdough") recurs, as a topic's words do
BAKERY = """The bakery on the high street will close its doors next month after forty years, its owner said on Tuesday.

Margaret Lowe, who started the business with her husband in the eighties, said rising energy bills and the cost of flour had made the shop impossible to run. She said she had hoped to hand the bakery to her children but could no longer pay her staff.

Customers queued along the pavement on Tuesday morning to buy a final loaf of her sourdough. One regular, who has used the shop since it opened, said the street would be poorer without it. "Her sourdough is the best in the county," he said. "Everybody comes here, and everybody knows everybody."

The bakery became known for its sourdough and its rye bread, both made with a starter that Mrs Lowe has kept alive since she opened. She plans to give some of the starter to a baker in the next village so that the sourdough can live on.

Local councillors said they would try to find a new tenant for the building, but admitted that few independent shops could afford the rent. Three other businesses on the street have closed since the summer, and two more are up for sale.

Mrs Lowe said she was grateful for the loyalty of her customers over the decades. "We have baked for weddings, funerals and every birthday in between," she said. "It has been a privilege."
"""

# the same story through a thesaurus tool: plain words swapped for rare ones, the grammar kept
BAKERY_THESAURUS = """The bakery on the high street will shut its portals next month after forty years, its proprietor said on Tuesday.

Margaret Lowe, who commenced the enterprise with her spouse in the eighties, said escalating vigor bills and the expenditure of flour had made the concern unviable. She said she had hoped to bequeath the shop to her progeny but could no longer disburse her staff.

Clientele queued along the pavement on Tuesday morning to procure a final loaf. One septuagenarian, who has frequented the shop since it opened, said the thoroughfare would be bereft without it. "It is the nucleus of the village," he said. "Everybody comes here, and everybody knows everybody."

Local councillors said they would endeavour to find a new occupant for the edifice, but conceded that few independent shops could afford the rent. Three other businesses on the street have foundered since the summer, and two more are up for vendition.

Mrs Lowe said she was beholden for the fealty of her patrons over the decades. "We have baked for nuptials, obsequies and every birthday in between," she said. "It has been a privilege."
"""


def spin_of(text: str, parsed: list | None = None):
    sdoc = load_nlp()(text)
    document = Document(text=text)
    document.boilerplate = find_boilerplate(text)
    spin = detect_spin(sdoc, document, [], [])
    for e in spin.evidence:
        assert text[e.span.start : e.span.end] == e.span.text
    if parsed is not None:
        parsed.append(sdoc)
    return spin, wording_stats(sdoc, document.boilerplate)


def test_pair_model_weighs_unlisted_pairs_by_what_the_words_usually_pair_with():
    model = pair_model()
    assert "according to" in model.pairs and "heavy rain" in model.pairs
    assert "according towards" not in model.pairs and "weighty rain" not in model.pairs
    # "according" is nearly always in a listed pair: another word after it is a surprise;
    # "beer" is mostly not, so "beer itself" is no surprise at all
    assert model.unlisted_after["according"] < 0.15
    assert model.unlisted_after["beer"] > 0.6


def test_spun_copy_has_odd_collocations_and_outscores_its_source():
    clean, clean_stats = spin_of(FLOOD)
    spun, spun_stats = spin_of(FLOOD_SPUN)
    assert clean.evidence == [] and clean.score == 0.0
    assert clean_stats.odd_z < 1.0 and wording_excess(clean_stats) == 0.0
    odd = [e for e in spun.evidence if e.kind == ODD]
    assert len(odd) >= 10
    texts = {e.span.text for e in odd}
    assert "according" not in FLOOD_SPUN  # the pairs found are the spinner's own
    assert texts & {"river following", "houses final", "individuals out", "shall price", "towards allow"}
    assert all("in clean news of this length" in e.explanation for e in odd)
    assert spun.score > 0.3


def test_one_odd_pair_is_not_evidence():
    # a single stray pair in otherwise clean prose: the rate stays at clean news' level
    text = FLOOD.replace("after heavy rain", "following weighty rain")
    spin, stats = spin_of(text)
    assert stats.odd_z < 3.0
    assert not [e for e in spin.evidence if e.kind in (ODD, RARE)]


def test_thesaurus_swaps_are_rare_words_and_topic_words_are_not():
    parsed: list = []
    clean, clean_stats = spin_of(BAKERY, parsed)
    assert clean.score == 0.0 and clean_stats.rare_z < 1.0
    counted = {parsed[0][i].lower_ for i, _ in clean_stats.rare}
    assert "sourdough" not in counted  # it recurs: the topic's word, not a swap
    spun, stats = spin_of(BAKERY_THESAURUS)
    assert stats.rare_z > 8.0
    rare = [e for e in spun.evidence if e.kind == RARE]
    found = {e.span.text for e in rare}
    assert {"bequeath", "progeny", "edifice", "septuagenarian"} <= found
    assert "bakery" not in found and "Lowe" not in found  # common words and names are not rare words
    assert spun.score > clean.score


def test_rate_kinds_count_through_the_excess_not_one_by_one():
    spun, stats = spin_of(FLOOD_SPUN)
    odd = [e for e in spun.evidence if e.kind == ODD]
    n_words = len(FLOOD_SPUN.split())
    assert spin_score(odd, n_words) == 0.0  # items alone add nothing...
    assert spin_score(odd, n_words, wording_excess(stats)) == pytest.approx(spun.score, abs=1e-4)  # ...the rate does


def test_boilerplate_is_not_read_for_word_choice():
    boiler = "Share this article on Facebook Twitter WhatsApp Email\n\n"
    _, plain = spin_of(FLOOD)
    parsed: list = []
    _, with_boiler = spin_of(boiler + FLOOD, parsed)
    assert with_boiler.words == plain.words
    assert abs(with_boiler.pairs - plain.pairs) <= 1  # the parse of the first sentence may shift a little
    assert all(parsed[0][i].idx >= len(boiler) for i, _ in with_boiler.odd)  # none in the share line


SHARED = Path(__file__).resolve().parents[2] / "shared"
# the BBC articles whose word choice is least usual by this module's measures, and the
# highest-scoring BBC articles overall (bench/eval_spin.py)
ODDEST_BBC = ("sport/312.txt", "sport/416.txt", "sport/491.txt", "tech/135.txt", "tech/154.txt",
              "sport/376.txt", "sport/311.txt", "sport/246.txt")


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared/corpora is absent: calibration test needs it")
def test_clean_news_with_the_oddest_wording_stays_below_the_spun_seed():
    import unspin

    seed = unspin.analyze((SHARED / "seed" / "bakhmut-spun.txt").read_text(encoding="utf-8")).spin.score
    bbc = SHARED / "corpora" / "bbc-news-2225"
    for name in ODDEST_BBC:
        raw = (bbc / name).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        score = unspin.analyze(text).spin.score
        assert score < 0.6 and score < seed - 0.15, (name, score, seed)
