"""Corroboration on the seed's chain: a Telegram channel claims, a think tank relays it, an
outlet relays the think tank, a content farm spins the outlet. Four reports, one origin."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unspin.corroboration import Corroborator
from unspin.provenance import Corpus

HERE = Path(__file__).resolve().parent
CLAIM = "Wagner Group mercenaries captured the whole Bakhmut Champagne Winery"


@pytest.fixture(scope="module")
def chain(shared, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chain")
    shutil.copy(shared / "seed" / "bakhmut-reconstructed.txt", folder / "newsweek.txt")
    shutil.copy(shared / "seed" / "bakhmut-spun.txt", folder / "spun.txt")
    for f in (HERE / "data" / "chain").glob("*.txt"):  # our own two articles relaying the claim
        shutil.copy(f, folder / f.name)
    # other stories, so that retrieval has something to reject
    bbc = shared / "corpora" / "bbc-news-2225"
    for name in ("politics/034.txt", "business/077.txt", "tech/121.txt", "sport/331.txt"):
        shutil.copy(bbc / name, folder / name.replace("/", "-"))
    db = str(tmp_path_factory.mktemp("chain-db") / "chain.db")
    corpus = Corpus(db)
    corpus.ingest([str(folder)])
    yield Corroborator(corpus)
    corpus.close()


def test_the_seed_chain_is_one_origin(chain):
    got = chain.corroborate(CLAIM)
    ids = {r.id for r in got.reports}
    assert ids == {"newsweek.txt", "spun.txt", "relay-channel.txt", "relay-thinktank.txt"}, got.to_dict()
    by_id = {r.id: r for r in got.reports}
    assert by_id["spun.txt"].copy_of == "newsweek.txt"
    assert got.reports_count == 4 and got.independent_count == 3
    assert [o.to_dict() for o in got.origins] == [{"name": "Rybar", "reports": 3}], got.to_dict()
    assert by_id["relay-channel.txt"].credited == ["Rybar"]
    # it credits the think tank alone; the origin is the channel because the Newsweek report
    # shows the think tank relaying it (relays resolved across reports)
    assert by_id["relay-thinktank.txt"].credited == ["Institute for the Study of War"]
    assert by_id["newsweek.txt"].credited[0] == "Rybar"
    for r in got.reports:  # the evidence is a span of the stored text that holds the claim
        assert "Winery" in r.evidence.text or "winery" in r.evidence.text


def test_the_seed_chain_reports_and_the_spun_copy(chain):
    got = chain.corroborate(CLAIM)
    assert {r.id for r in got.reports} == {"newsweek.txt", "spun.txt", "relay-channel.txt", "relay-thinktank.txt"}
    by_id = {r.id: r for r in got.reports}
    assert by_id["spun.txt"].copy_of == "newsweek.txt" and got.independent_count == 3
    assert by_id["newsweek.txt"].credited == ["Rybar", "Institute for the Study of War"]
    assert all(r.stance == "supports" for r in got.reports)
    d = got.to_dict()
    assert d["reports_count"] == 4 and d["outlets_count"] == 4 and d["independent_count"] == 3


def test_another_number_or_the_opposite_is_not_support(chain):
    # the same story with another count is another claim
    got = chain.corroborate("Russian forces captured 4 of the 9 regions of Ukraine in September")
    assert not any(r.id == "newsweek.txt" for r in got.reports)
    disputed = chain.corroborate("Ukrainian officials commented on the report")
    assert any(r.id == "relay-channel.txt" and r.stance == "disputes" for r in disputed.reports), disputed.to_dict()


def test_a_claim_nobody_reports_has_no_reports(chain):
    got = chain.corroborate("The central bank raised interest rates to fight inflation in Brazil")
    assert got.reports == [] and got.independent_count == 0 and got.origins == []


def test_cli_and_api_answer_with_the_contract_object(chain, tmp_path):
    import json

    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from unspin.cli.app import app
    from unspin.server import ServerSettings, create_app
    from unspin.store.tokens import TokenStore

    db = chain.corpus.store.path
    result = CliRunner().invoke(app, ["corroborate", CLAIM, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) >= {"claim", "reports", "reports_count", "outlets_count", "independent_count", "origins"}
    assert out["reports_count"] == 4
    for r in out["reports"]:
        assert set(r) >= {"id", "publisher", "date", "url", "title", "evidence", "stance", "copy_of", "credited", "score"}
    text = CliRunner().invoke(app, ["corroborate", CLAIM, "--db", db])
    assert text.exit_code == 0 and "4 reports" in text.output and "3 independent" in text.output
    token = TokenStore(db).create("t")
    with TestClient(create_app(ServerSettings(db=db))) as client:
        resp = client.post("/v1/corroborate", json={"claim": CLAIM}, headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 200, resp.text
        assert resp.json()["independent_count"] == 3


def test_dashboard_ranks_a_claim_many_outlets_carry_and_skips_site_furniture(tmp_path):
    import json

    from unspin.corroboration.dashboard import DashboardOptions, dashboard

    claim = "The city council voted on Tuesday to close the central library for two years of repairs."
    furniture = "Sign up for the Daily Crier newsletter to get the best local stories in your inbox every morning."
    bodies = [
        ("a", "Daily Crier", "Residents gathered outside the town hall in the rain. " + claim + " Opponents said "
         "they would appeal. " + furniture),
        ("b", "Daily Crier", "Traffic was diverted around the high street for most of the day. The bakery on "
         "Mill Lane reopened after the flood. " + furniture),
        ("c", "Daily Crier", "The football club announced a new manager after a poor season. Fans welcomed the "
         "choice. " + furniture),
        ("d", "Town Herald", "Library users were shocked by the news this week. " + claim + " A petition has "
         "already gathered hundreds of names."),
        ("e", "Valley Post", "Council members were split over the plan. " + claim + " The mayor said a "
         "temporary reading room would open in March."),
    ]
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t, "publisher": p, "date": f"2024-03-0{n + 1}"}) + "\n"
                           for n, (i, p, t) in enumerate(bodies)), encoding="utf-8")
    with Corpus(str(tmp_path / "s.db")) as corpus:
        corpus.ingest([str(src)])
        board = dashboard(Corroborator(corpus), DashboardOptions(top=5))
    assert board.furniture == 1  # the newsletter prompt one outlet prints in three articles
    top = board.claims[0]
    assert "library" in top.claim and {r.id for r in top.reports} >= {"a", "d", "e"}
    assert top.outlets_count == 3 and top.independent_count == 3
    assert board.to_dict()["site_furniture"] == 1


def test_the_library_call_on_the_corpus_gives_the_same_answer_and_keeps_its_engine(chain):
    corpus = chain.corpus
    first = corpus.corroborate(CLAIM)
    assert first.to_dict() == chain.corroborate(CLAIM).to_dict()
    engine = corpus._corroborator
    corpus.corroborate("Ukrainian officials commented on the report")
    assert corpus._corroborator is engine  # the claim index and the model are built once


def test_origins_name_sources_not_what_they_produced_and_join_acronyms():
    from unspin.corroboration.engine import _same_source, source_name

    assert source_name("A Reuters analysis") == "Reuters"
    assert source_name("MacLeod's article") == "MacLeod"
    assert source_name("An Associated Press count") == "Associated Press"
    assert source_name("very early data released by the biotech company on Monday") is None
    assert source_name("the report") is None and source_name("Maria Popova") == "Maria Popova"
    assert _same_source("who", "world health organization")
    assert _same_source("cdc", "centers for disease control and prevention")
    assert _same_source("labor department", "department of labor")
    assert not _same_source("who", "wagner horse operation unit")
    assert not _same_source("department of health", "department of labor")


def _att(name, via=None, relayed_by=(), people=()):
    return {"speaker": {"name": name, "via": [{"text": via or name}]}, "relayed_by": list(relayed_by),
            "people": list(people)}


def test_a_pronoun_or_a_quantity_is_no_origin_and_the_chain_falls_back():
    from unspin.corroboration.credit import chain, is_source

    assert not is_source("they") and not is_source("They\u2019re") and not is_source("they\u00e2\u0080\u0099re")
    assert not is_source("More than 2 million drivers") and not is_source("many farmers")
    assert is_source("WHO") and is_source("Port Authority of Leith") and is_source("Maria Popova")
    assert chain(_att("they\u00e2\u0080\u0099re")) == []
    assert chain(_att("Thousands of residents", relayed_by=["Leith Gazette"])) == ["Leith Gazette"]
    from unspin.corroboration.engine import origins_of
    from unspin.corroboration.results import Report
    from unspin.model import Span

    reports = [Report(id=str(i), evidence=Span.of("x", 0, 1), stance="supports", score=1.0, credited=c)
               for i, c in enumerate([["The statement", "Leith Gazette"], ["Harbour Board's statement"]])]
    assert [(o.name, o.reports) for o in origins_of(reports)] == [("Harbour Board", 1), (None, 1)]


def test_a_dateline_before_the_source_is_no_source():
    from unspin.corroboration.credit import chain

    via = "Leith: The Scottish Institute of Marine Research (SIMR), the country's main body"
    assert chain(_att("Leith", via=via)) == ["The Scottish Institute of Marine Research"]
    assert chain(_att("ABERDEEN", via="ABERDEEN (AP) \u2014 The Port Authority")) == ["The Port Authority"]


def test_a_lone_surname_is_the_documents_one_full_name_for_it():
    from unspin.corroboration.credit import chain, with_people

    ents = [{"label": "WORK_OF_ART", "canonical": "Moira Strachan"}, {"label": "GPE", "canonical": "Fort William"},
            {"label": "PERSON", "canonical": "Ewan Reid"}, {"label": "PERSON", "canonical": "Isla Reid"}]
    att = with_people({"attributions": [_att("Strachan")], "entities": ents})[0]
    assert chain(att) == ["Moira Strachan"]
    assert chain({**att, "speaker": {"name": "Reid"}}) == ["Reid"]  # two Reids: left as it stands
    assert chain({**att, "speaker": {"name": "William"}}) == ["William"]  # a place is no one's full name


def test_a_description_of_a_source_is_the_maker_its_mention_names_never_a_place():
    from unspin.corroboration.credit import chain, with_people

    ents = [{"label": "GPE", "text": "Norway", "canonical": "Norway"}]
    att = with_people({"attributions": [_att("analysis", via="an analysis of 4,000 ferries published in the "
                                                             "Maritime Review")], "entities": ents})[0]
    assert chain(att) == ["the Maritime Review"]
    assert chain(_att("trade journal", via="the trade journal Lloyd's List that ran the survey")) == ["Lloyd's List"]
    assert chain(_att("reports", via="reports in the Herald and the Courier")) == ["the Herald"]
    assert chain({**att, "speaker": {"name": "study", "via": [{"text": "a study in Norway by the Fishing Board"}]}}) \
        == ["the Fishing Board"]


def test_a_passage_of_sentences_is_credited_by_the_attribution_that_carries_its_first():
    from unspin.corroboration.credit import credited
    from unspin.model import Span

    text = ("Over 300 ferries were laid up last winter, according to the Port Authority. In a count published "
            "on its site Friday, the authority tallied the ferries moored at each of the country's harbours.")
    first = text.index(".") + 1
    att = {"content": {"start": 0, "end": first - len(", according to the Port Authority.")},
           **_att("Port Authority")}
    assert credited([att], Span.of(text, 0, len(text))) == ["Port Authority"]
    short = {**att, "content": {"start": 0, "end": 20}}  # a fragment of the first sentence credits no one
    assert credited([short], Span.of(text, 0, len(text))) == []


def test_an_institutions_name_keeps_its_last_word_after_a_glue_word():
    from unspin.corroboration.credit import source_name

    assert source_name("the Bureau of Labor Statistics") == "Bureau of Labor Statistics"
    assert source_name("Institute for the Study of War analysis") == "Institute for the Study of War"


@pytest.mark.parametrize("claim, passage, stance", [
    # a negation elsewhere in the passage says nothing about the claim
    ("The mayor said she was removed from the board.",
     "The mayor said she was removed from the board and that her departure was not voluntary.", "supports"),
    # the claim's own negation, said again in other words
    ("Rates declined, rather than increased, in towns that reopened.",
     "Rates have declined, not increased, in towns that have reopened.", "supports"),
    ("The agency says the virus does not spread easily from surfaces.",
     "It spreads mainly between people and does not spread easily from surfaces, the agency says.", "supports"),
    # a negation's scope ends at the comma: the towns are not denied
    ("Rates declined, rather than rose, in the county's towns that ended their curfews.",
     "Rates have declined, not increased, in towns that have ended curfews.", "supports"),
    # a denial of something else in the passage; a denial of the claim itself
    ("The port authority warned the ministry on 3 May about cracks in the harbour wall.",
     "The port authority warned the ministry on 3 May about cracks in the harbour wall, which the ministry "
     "kept denying for weeks.", "supports"),
    ("The council said the new bridge will open in June.",
     "The council denied that the new bridge will open in June.", "disputes"),
    # denied where the claim asserts it
    ("The new vaccine is safe for children.", "The new vaccine is not safe for children, the panel found.",
     "disputes"),
])
def test_stance_reads_the_negation_of_the_claims_own_words(claim, passage, stance):
    from unspin.corroboration.checks import read

    assert read(claim, passage).stance == stance


def test_one_figure_written_two_ways_is_the_same_and_a_close_other_figure_is_not():
    from unspin.corroboration.checks import read, shared_figures

    claim = "More than 36 million Americans have filed for unemployment benefits since mid-March."
    assert read(claim, "Since mid-March,36.5 million Americans have filed for jobless benefits.").carries
    assert not read(claim, "Over 33 million Americans have filed for unemployment benefits since March.").carries
    assert shared_figures(claim + " in 2020, 8 weeks", "36.5 million workers in 2020 over 8 weeks") == [36e6]


def test_a_noun_that_looks_like_a_hedge_does_not_hedge_the_report():
    from unspin.corroboration.checks import read
    from unspin.nlp import load_nlp

    claim = "More than 36 million Americans have filed for unemployment benefits."
    nlp = load_nlp()
    assert read(claim, "That brings the total to 36.5 million jobless claims, the report showed.", nlp).stance \
        == "supports"
    assert read(claim, "The senator claims 36 million Americans have filed for unemployment benefits.",
                nlp).stance == "hedged"


def test_the_approximate_claim_index_gives_the_same_reports_as_the_exact_one(chain):
    from unspin.corroboration.claim_index import ClaimIndex

    corpus = chain.corpus
    exact = Corroborator(corpus, model=chain.model)
    ann = Corroborator(corpus, model=chain.model)
    ann.index = ClaimIndex(corpus.store, corpus.embedder.dim, exact_max=0)  # the graph from the first sentence
    assert not exact.index.approximate
    for claim in (CLAIM, "Ukrainian officials commented on the report",
                  "Russian forces captured 4 of the 9 regions of Ukraine in September"):
        assert ann.corroborate(claim).to_dict() == exact.corroborate(claim).to_dict()
    assert ann.index.approximate and len(ann.index) == len(exact.index)
    assert ann.index.save()
    again = ClaimIndex(corpus.store, corpus.embedder.dim, exact_max=0)  # the saved graph, caught up: nothing new
    assert again.loaded and again.sync() == 0 and len(again) == len(ann.index)
    vecs = corpus.embedder.embed([CLAIM])
    assert again.search(vecs, 50, 0.55) == ann.index.search(vecs, 50, 0.55)


def test_retrieval_stops_reading_documents_only_where_none_left_can_rank(chain):
    """Retrieval works out a document's passages only while its bound can still reach the best
    ``rerank``: what it keeps is what reading every stored document gives, with few kept."""
    from dataclasses import replace

    from unspin.corroboration import engine
    from unspin.provenance.normalise import lex_ids, sentence_spans

    store = chain.corpus.store
    block = store.sentence_block(sorted(store.rowids()))
    for claim in (CLAIM, "Ukrainian officials commented on the report. Russia said it did not use the winery.",
                  "Michael Howard said the prime minister should apologise"):
        sents = [claim[a:b] for a, b in sentence_spans(claim)]
        vecs, lex = chain.corpus.embedder.embed(sents), [set(lex_ids(s)) for s in sents]
        for o in (replace(chain.options, rerank=2, retrieve=0.0), replace(chain.options, rerank=3)):
            sims, held = vecs @ block.vecs.T, engine._held(block, lex)
            every = [engine._passages(block, lo, hi, sims[:, lo:hi], held[:, lo:hi], lex, o)
                     for lo, hi in block.ranges().values()]
            every = sorted((ps for ps in every if ps[0].score >= o.retrieve), key=lambda ps: (-ps[0].score, ps[0].rowid))
            kept = engine._block_passages(block, vecs, lex, o)
            assert [[(p.rowid, p.span) for p in ps] for ps in kept] == \
                [[(p.rowid, p.span) for p in ps] for ps in every[: o.rerank]]
            assert len(kept) == min(o.rerank, len(every)) and (o.retrieve > 0 or len(kept) == 2)


def test_a_shortlist_of_candidates_read_whole_keeps_the_reports(chain):
    """Past ``shortlist`` candidate documents only the best by their retrieved sentences are
    read whole: the seed chain's four reports are all on a shortlist of four of the eight."""
    from dataclasses import replace

    o = replace(chain.options, floor=0.1, retrieve=0.0)  # the other stories are candidates too
    whole = Corroborator(chain.corpus, replace(o, shortlist=0), model=chain.model)
    short = Corroborator(chain.corpus, replace(o, shortlist=4), model=chain.model)
    vecs = chain.corpus.embedder.embed([CLAIM])
    assert len(short.index.docs(short.index.search(vecs, o.candidates, o.floor))) > 4
    got = short.corroborate(CLAIM)
    assert len(got.reports) == 4 and got.to_dict() == whole.corroborate(CLAIM).to_dict()
    assert len(short._retrieve(CLAIM)) <= 4 < len(whole._retrieve(CLAIM))


def test_copies_are_decided_among_the_reports_as_the_whole_trace_decides_them(chain):
    """The reports' copies come from a trace's decision on what its retrieval found among the
    reports only: the spun page's match with the reconstruction is the whole trace's, and no
    document outside those asked about is aligned."""
    from unspin.provenance.trace import stored_query

    store, tracer = chain.corpus.store, chain.corpus.tracer()
    rowid = {store.doc_id(r): r for r in store.rowids()}
    q = stored_query(store, rowid["spun.txt"])
    whole = {m.id: m for m in tracer.trace(q, top=50)}
    assert "newsweek.txt" in whole
    keep = {rowid["newsweek.txt"], rowid["relay-channel.txt"]}
    among = tracer.decide(q, tracer.candidates(q).among(keep), top=0)
    assert [m.id for m in among] == ["newsweek.txt"] and among[0].score == whole["newsweek.txt"].score
    assert tracer.decide(q, tracer.candidates(q).among(set()), top=0) == []
    # retrieval among the reports only, their anchors searched exactly, decides the same
    searched = tracer.decide(q, tracer.candidates(q, among=keep), top=0)
    assert [(m.id, round(m.score, 6)) for m in searched] == [(m.id, round(m.score, 6)) for m in among]
    assert tracer.ann_among(q, tracer.usable(q), set()) == [(i, {}) for i, _ in tracer.ann_among(q, tracer.usable(q), keep)]


def test_credit_analysed_on_the_spot_reads_the_article_only_as_far_as_it_needs(chain):
    """Without stored analyses a report's document is analysed up to the paragraph a little
    past its passage: the credit of every sentence before that is the whole analysis's."""
    from unspin.corroboration.credit import CREDIT_AFTER, _paragraph_end, credited, document_attributions
    from unspin.model import Span

    store = chain.corpus.store
    rowid = next(r for r in store.rowids() if store.doc_id(r) == "newsweek.txt")
    text = store.doc(rowid).text
    spans = store.sentences(rowid).spans
    upto = spans[3][1]
    cut, part = document_attributions(chain.corpus, rowid, text, upto=upto)
    whole_cut, whole = document_attributions(chain.corpus, rowid, text)
    assert upto + CREDIT_AFTER <= cut < whole_cut == len(text) and text[cut] == "\n"
    before = [Span.of(text, a, b) for a, b in spans if b <= upto]
    assert [credited(part, s) for s in before] == [credited(whole, s) for s in before]
    assert any(credited(whole, s) for s in before)
    flat = text.replace("\n", " ")  # a text without line breaks is read to a sentence's end past the need
    end = _paragraph_end(flat, spans, upto + CREDIT_AFTER)
    assert end in {b for _, b in spans} and upto + 2 * CREDIT_AFTER <= end < len(flat)


def test_a_long_running_corroborator_keeps_a_bounded_credit_cache(chain, monkeypatch):
    """A server answers claim after claim: the attributions kept are capped (the oldest read
    again when needed) and the credit is the same as with them all kept."""
    from unspin.corroboration import engine as E

    fresh = Corroborator(chain.corpus)
    want = [r.credited for r in fresh.corroborate(CLAIM).reports]
    monkeypatch.setattr(E, "ATTRIBUTIONS_KEPT", 1)
    small = Corroborator(chain.corpus)
    for _ in range(2):
        assert [r.credited for r in small.corroborate(CLAIM).reports] == want
        assert len(small._attributions) == 1


def test_a_saved_claim_graph_of_another_size_is_rebuilt(chain, tmp_path):
    import json

    from unspin.corroboration.claim_index import ClaimIndex

    store = chain.corpus.store
    index = ClaimIndex(store, chain.corpus.embedder.dim, exact_max=0)
    index.sync()
    assert index.save()
    meta = json.loads(open(index.path + ".json", encoding="utf-8").read())
    meta["count"] += 1  # a graph that does not hold what its description says
    open(index.path + ".json", "w", encoding="utf-8").write(json.dumps(meta))
    fresh = ClaimIndex(store, chain.corpus.embedder.dim, exact_max=0)
    assert not fresh.loaded and fresh.sync() == len(index)


def test_a_report_must_name_one_of_the_claims_actors():
    from unspin.corroboration import checks
    from unspin.resources import Resources

    names = checks.actors(Resources.default().nlp("The World Health Organization's Mike Ryan warned that the "
                                                  "virus may never go away."))
    assert {label for _, label in names} <= {"PERSON", "ORG"} and names
    assert checks.names_actor(names, "Ryan told reporters on Wednesday that the virus may stay.")
    assert checks.names_actor([("CDC", "ORG")], "The Centers for Disease Control and Prevention said on Friday")
    assert checks.names_actor([("WHO", "ORG")], "the World Health Organization said")
    assert not checks.names_actor([("WHO", "ORG")], "Doctors who treat patients said the virus may never go away.")
    assert not checks.names_actor([("Columbia University", "ORG")], "Harvard researchers estimated 36,000 deaths")
    assert checks.names_actor([("Columbia University", "ORG")], "Columbia researchers estimated 36,000 deaths")
    assert checks.names_actor([("U.S. Centers for Disease Control and Prevention", "ORG")], "the CDC said")
    assert checks.names_actor([("Food and Drug Administration", "ORG")], "the FDA approved it")
    assert checks.names_actor([("NIH", "ORG")], "the National Institutes of Health said")
    assert checks.names_actor([], "a claim that names nobody is carried without a name")


def test_a_state_body_is_named_by_its_state():
    from unspin.corroboration import checks
    from unspin.resources import Resources

    nlp = Resources.default().nlp
    names = checks.actors(nlp("Brazil's Health Ministry admitted that the hospital figures had been revised."))
    assert ("Brazil", "GPE") in names
    assert checks.names_actor(names, "Brazil conceded last week that it had changed the hospital figures.")
    assert checks.names_actor(names, "The Brazilian government conceded that the figures were changed.")
    assert not checks.names_actor(names, "Argentina's ministry said the figures had been revised.")
    # a country named without owning the body is no actor of its own
    assert ("Brazil", "GPE") not in checks.actors(nlp("The Health Ministry said cases in Brazil had fallen."))
    # nor is the country of a body that is not the state's
    assert ("China", "GPE") not in checks.actors(nlp("China's Wuhan Institute of Virology said the samples were lost."))


def test_an_opposite_word_elsewhere_in_the_passage_is_no_dispute():
    from unspin.corroboration.checks import read

    claim = "The ministry acknowledged that early virus samples had been destroyed at two laboratories."
    # "late" qualifies the week, not the samples
    got = read(claim, "The ministry admitted late last week that early virus samples had been destroyed at two labs.")
    assert got.stance == "supports", got
    got = read(claim, "The ministry admitted late last week that it destroyed the first virus samples at two labs.")
    assert got.stance == "supports", got
    # the opposite said of the same thing is one
    got = read("Infection rates increased after the stores reopened.", "Infection rates decreased after the stores reopened.")
    assert got.stance == "disputes", got


def test_a_figure_counts_the_same_thing_or_collides():
    from unspin.corroboration.checks import figure_context

    claim = "More than 36 million Americans have filed for unemployment benefits since March."
    assert figure_context(claim, "With 36 million Americans out of work and filing claims, Democrats moved.") >= 1
    assert figure_context("About 36,000 fewer people would have died of the virus.",
                          "Labs can now run more than 36,000 tests a day.") == 0
    assert figure_context(claim, "Some 38.6 million people have filed claims.") == -1  # another figure


def test_a_digest_reposting_an_opening_is_a_copy_and_a_shared_quotation_is_not(shared, tmp_path):
    from unspin.corroboration.reposts import printed, reposted

    bbc = shared / "corpora" / "bbc-news-2225"
    story = (bbc / "business" / "077.txt").read_text()
    other = (bbc / "politics" / "034.txt").read_text()
    paragraphs = [p for p in story.split("\n\n") if p.strip()]
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "story.txt").write_text(story)
    (folder / "digest.txt").write_text("Morning briefing, in brief\n\nOur pick of the day's stories.\n\n"
                                       + "\n\n".join(paragraphs[1:4]) + " - READ MORE\n\n" + other)
    quoted = next(p for p in paragraphs if p.count(". ") >= 2 and '"' not in p).split(". ")  # narration only
    (folder / "quoter.txt").write_text(
        "Oil traders kept a close eye on Moscow this week as the sale of the unit went ahead.\n\n"
        "A spokesman read out the company's statement to reporters: \"" + ". ".join(quoted) + "\" he said.\n\n"
        "Analysts expect the deal to be examined by the courts next month, traders said on Sunday.")
    with Corpus(str(tmp_path / "c.db")) as corpus:
        corpus.ingest([str(folder)])
        docs = {corpus.store.doc_id(r): printed(corpus.store, r) for r in corpus.store.rowids()}
    assert reposted(docs["digest.txt"], docs["story.txt"])
    assert not reposted(docs["quoter.txt"], docs["story.txt"])
    assert not reposted(docs["digest.txt"], docs["quoter.txt"])


def test_an_articles_statements_are_claims_that_their_speakers_said_them():
    import unspin
    from unspin.corroboration.engine import statement_claims

    text = ("Maria Popova, a researcher at the University of Nevada, said the winery had been taken by force. "
            "\"We will not give up the town,\" a local official told reporters. \"No,\" he said.")
    claims = statement_claims(unspin.analyze(text))
    assert "Maria Popova said the winery had been taken by force" in claims, claims
    assert any(c.startswith("We will not give up the town") for c in claims), claims  # nobody named: the words
    assert not any(c.endswith("No") or c == "No," for c in claims)  # too short to check


def test_a_share_written_as_a_fraction_is_the_percentage_and_an_ordinal_is_not():
    from unspin.corroboration.checks import figures, read, tokens

    claim = "The world was putting out roughly a sixth less carbon dioxide per day than usual."
    assert read(claim, "Lockdowns caused a whopping 17% drop in daily carbon emissions.").carries
    assert not read(claim, "Lockdowns caused a 25% drop in daily carbon emissions.").carries
    assert (16.666667, "percent") in figures(tokens("one in six adults")) + figures(tokens("one-sixth of them"))
    assert figures(tokens("claims rose for a sixth straight week")) == []


def test_a_shared_percentage_needs_a_closer_reading_than_a_shared_count():
    from unspin.corroboration.engine import CorroborateOptions, _carries, _Passage

    o = CorroborateOptions()
    count = _Passage(0, (0, 1), 0.6, o.close_stems, context=o.carry_figure, counted=1)
    share = _Passage(0, (0, 1), 0.6, o.close_stems, context=o.carry_figure, counted_share=1)
    assert _carries(count, o) and not _carries(share, o)
    share.context = o.carry_share
    assert _carries(share, o)


def test_the_claims_figure_with_what_it_counts_stands_in_for_the_actors_name():
    from types import SimpleNamespace

    from unspin.corroboration import checks
    from unspin.corroboration.engine import _names, _Passage

    claim = "A study of about 96,000 hospitalized patients published in The Lancet linked the drug to death."
    names = [("Lancet", "ORG")]
    for text, named in (("A study of 96,000 coronavirus patients found a higher risk of death.", True),
                        ("Labs ran 96,000 tests in May, and the drug was linked to death.", False)):
        p = _Passage(0, (0, len(text)), 0.7, 0.5, doc=SimpleNamespace(text=text))
        p.counted, _ = checks.figure_contexts(claim, text)
        assert _names(p, names) is named


def test_a_passage_is_read_for_what_it_reports_after_a_colon_or_a_reporting_that():
    from unspin.corroboration.engine import clauses

    said = ("The stock soared on the report that eight participants who received the vaccine had "
            "blood levels of antibodies similar to those of recovered patients.")
    assert clauses(said) == [said[said.index("eight"):]]
    assert clauses("However, if the virus mutates further it could be possible that COVID-19 could "
                   "infect people who had overcome it.") == []  # not a report's turn
    assert clauses("It was unveiled on Monday: short.") == []  # too short to read alone
    # a reporting verb's -ing form turns to what it reports too
    stating = ("The agency revised its website on Tuesday, stating that the virus does not spread easily "
               "from touching surfaces or objects.")
    assert clauses(stating) == [stating[stating.index("the virus"):]]
    noting = "Officials closed the schools, noting that cases among children had doubled in a week."
    assert clauses(noting) == [noting[noting.index("cases"):]]


def test_a_magnitude_in_place_of_the_claims_figure_is_a_vaguer_claim():
    from unspin.corroboration.checks import read

    claim = "More than 36 million Americans have filed for unemployment benefits since mid-March."
    assert not read(claim, "Millions more workers claimed unemployment benefits in the United States.").carries
    assert read(claim, "36 million Americans have filed, and millions more lost their health plans.").carries
    assert read("Thousands of nurses went on strike.", "Thousands of nurses walked out.").carries


def test_a_stage_numbered_otherwise_is_another_claim():
    from unspin.corroboration.checks import numbered_stages, read

    claim = "The vaccine produced antibodies in the volunteers of its first-phase human trial."
    assert numbered_stages(claim) == numbered_stages("Its phase one study found antibodies.") == {("phase", 1)}
    assert not read(claim, "Once it reached phase 2 testing, the vaccine produced antibodies.").carries
    assert read(claim, "In the phase 1 trial the vaccine produced antibodies in volunteers.").carries


def test_a_figures_bound_is_no_comparison_and_appearing_to_hedges():
    from unspin.corroboration.checks import read

    claim = "About 36,000 fewer people would have died had distancing begun a week earlier, modelers estimated."
    assert read(claim, "Lockdown delays have cost more than 36,000 lives, says the new model.").stance == "supports"
    assert read(claim, "More people would have died, about 36,000, had distancing begun later.").stance == "disputes"
    said = read("The vaccine produced antibodies in eight volunteers.",
                "The vaccine appeared to generate an immune response in eight volunteers.")
    assert said.stance == "hedged"


def test_a_phrase_the_claim_quotes_finds_the_report_quoting_it(shared, tmp_path, monkeypatch):
    """Politico quotes Trump's "badge of honor" two sentences from any of the claim's other
    words; the quoted phrase is the claim's fingerprint, as a figure is. A title in quotation
    marks, an idiom in a claim that names nobody and a possessive's apostrophe are not."""
    import json

    from unspin.corroboration import checks

    claim = ("Trump called the United States' world-leading number of coronavirus cases a 'badge of honor', "
             "saying it reflects how much the country tests.")
    assert checks.quoted_phrases(claim) == ["badge of honor"]
    assert checks.quoted_phrases('Be sure to see: “The Return of the King” won best picture.') == []
    assert checks.quoted_phrases('He said the plan was "dead on arrival".') == ["dead on arrival"]
    assert checks.quote_pattern("badge of honor").search("“So, I view it as a Badge of Honor.")
    records = [json.loads(line) for line in (shared / "corpora" / "recovery-covid-news" / "articles.jsonl").open()]
    story = [r for r in records if "Trump" in r["body_text"] and "testing" in r["body_text"]][:40]
    quoting = "reliable/news-dataset-politico.csv#18"
    story += [r for r in records if r["id"] == quoting and r not in story]
    path = tmp_path / "story.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in story))
    with Corpus(str(tmp_path / "c.db")) as corpus:
        corpus.ingest([str(path)])
        got = {r.id: r for r in Corroborator(corpus).corroborate(claim).reports}
        assert quoting in got and "badge of honor" in got[quoting].evidence.text, sorted(got)
        assert got[quoting].stance == "supports"
        monkeypatch.setattr(checks, "quoted_phrases", lambda claim: [])  # without it: the report is missed
        off = {r.id: r for r in Corroborator(corpus).corroborate(claim).reports}
        assert quoting not in off, off[quoting].evidence.text


def test_a_report_must_say_what_the_claim_says_its_subject_does():
    from unspin.corroboration import checks
    from unspin.resources import Resources

    nlp = Resources.default().nlp
    assert checks.predicate(nlp("A future COVID-19 vaccine would genetically modify the people who receive it.")) == "modify"
    assert checks.predicate(nlp("Boris Johnson plans to reduce Huawei's involvement in Britain's 5G network.")) == "reduce"
    assert checks.predicate(nlp("Columbia University modelers estimated that about 36,000 fewer people would have "
                                "died.")) == "die"
    assert checks.predicate(nlp("The WHO said there is currently no evidence of immunity.")) is None
    assert checks.says_predicate("modify", "Vaccines will not modify your DNA, experts said.")
    assert checks.says_predicate("modify", "It is no genetic modification of the people who get it.")
    assert checks.says_predicate("reduce", "Johnson will cut Huawei's role in the network.")
    assert not checks.says_predicate("modify", "The vaccine is packed with genetic material from the coronavirus.")
    assert not checks.says_predicate("reduce", "Johnson has continued his predecessor's position on Huawei's 5G role.")
