"""`unspin ingest --analyze` and `unspin attributions`: analyses stored beside the documents
and queried by speaker, on short articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import unspin.pipeline
from unspin.cli.app import app
from unspin.provenance import Corpus

BRIDGE = """The city council approved a new footbridge over the Marrow canal on Thursday after a two-year debate.
"This bridge will join two neighbourhoods that have been cut off from each other for a century," Mayor Alice Brandt said after the vote.
Brandt added that construction would begin in May and take about a year.
The council's treasurer, Omar Haddad, reportedly warned that the cost could rise by a third.
Residents on the north bank said they had waited long enough."""

TRIAL = """A new asthma drug cut hospital stays by two days in a small trial, researchers at Northfield University said on Monday.
"The results are encouraging, but the trial was small and we need to be careful," said Dr. Priya Raman, who led the study.
Raman said a larger trial with 2,000 patients would start next year.
The health ministry said it would review the findings before deciding on funding.
According to ALICE BRANDT, the city will host the next trial."""

MUSEUM = """The museum on Harbour Street opens at nine every morning.
Tickets cost five pounds for adults and children enter free.
The café on the top floor serves lunch until three."""

FERRY = """The island ferry will run twice as often from June, the operator Northwind Lines said on Friday.
"Islanders have asked for this for years," chief executive Tomas Varga told the Gazette."""


@pytest.fixture()
def folder(tmp_path) -> Path:
    docs = tmp_path / "docs"
    (docs / "city").mkdir(parents=True)
    (docs / "city" / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (docs / "museum.txt").write_text(MUSEUM, encoding="utf-8")
    paras = "".join(f"<p>{line}</p>" for line in TRIAL.splitlines())
    (docs / "trial.html").write_text(f"<html><head><title>Trial</title></head><body><article><h1>Asthma drug"
                                     f"</h1>{paras}</article></body></html>", encoding="utf-8")
    recs = [{"id": "ferry-1", "text": FERRY}, {"id": "ferry-2", "text": FERRY}]  # the same text twice
    (docs / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return docs


def _cli(*args: str):
    return CliRunner().invoke(app, [*args, "--no-progress"] if args[0] == "ingest" else list(args))


def _check_spans(corpus: Corpus, attrs) -> None:
    for a in (a.to_dict() for a in attrs):  # offsets index the stored text (for HTML, the extracted text)
        text = corpus.store.doc(corpus.store.lookup_id(a["doc"]).rowid).text
        for span in (a["content"], a["cue"], a["source"], *a["hedges"]):
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"]


def test_cli_ingest_analyze_then_query_by_speaker(folder, store_url):
    db = store_url
    r = _cli("ingest", str(folder), "--db", db, "--analyze")
    assert r.exit_code == 0, r.output
    assert "added 5" in r.output and "analysed 4, copied from identical texts 1" in r.output

    r = _cli("attributions", "--db", db, "--speaker", "alice  BRANDT", "--format", "jsonl")
    assert r.exit_code == 0, r.output
    found = [json.loads(line) for line in r.output.splitlines()]
    assert {a["speaker"]["name"] for a in found} == {"Alice Brandt", "ALICE BRANDT"}
    # in the order the documents were stored (a folder's files before its subfolders'), then in the text
    assert [a["doc"] for a in found] == ["trial.html", "city/bridge.txt", "city/bridge.txt"]
    assert "This bridge will join two neighbourhoods" in found[1]["content"]["text"]
    assert found[2]["cue"]["text"] == "added"

    r = _cli("attributions", "--db", db, "--speaker", "omar haddad")  # text table
    assert r.exit_code == 0 and "city/bridge.txt" in r.output and "reportedly" in r.output
    assert "the cost could rise by a third" in r.output

    with Corpus(db, create=False) as c:
        ferry = c.analysis("ferry-2")
        assert ferry["id"] == "ferry-2" and {a["speaker"]["name"] for a in ferry["attributions"]} >= {"Tomas Varga"}
        assert c.analysis("museum.txt")["attributions"] == []
        assert set(c.analysis("museum.txt")) == {"id", "attributions", "entities", "hedges", "spin", "boilerplate"}
        everything = list(c.attributions())
        assert len(everything) == sum(len(c.analysis(i)["attributions"]) for i in
                                      ("city/bridge.txt", "trial.html", "museum.txt", "ferry-1", "ferry-2"))
        _check_spans(c, everything)
        assert [a.doc for a in c.attributions(speaker="Priya Raman", doc_id="trial.html")] == ["trial.html"] * 2
        assert list(c.attributions(speaker="Brandt")) == []  # the whole resolved name, not a part
        assert ("Alice Brandt", 3) in c.speakers(contains="brandt")

    r = _cli("attributions", "--db", db, "--speaker", "Brandt")
    assert r.exit_code == 0 and r.stdout == ""
    assert "no stored attributions match" in r.stderr and "Alice Brandt (3)" in r.stderr
    r = _cli("attributions", "--db", db, "--doc", "ferry-1", "--format", "json")
    assert r.exit_code == 0 and {a["doc"] for a in json.loads(r.stdout)["attributions"]} == {"ferry-1"}


def test_rerun_is_idempotent(folder, store_url):
    db = store_url
    assert _cli("ingest", str(folder), "--db", db, "--analyze").exit_code == 0
    with Corpus(db, create=False) as c:
        before = [list(c.store.iter_analyses()), list(c.store.iter_attribution_rows())]
    r = _cli("ingest", str(folder), "--db", db, "--analyze")
    assert r.exit_code == 0, r.output
    assert "added 0, already stored 5" in r.output and "analysed 0, copied from identical texts 0, " \
        "already analysed 5, failed 0" in r.output
    with Corpus(db, create=False) as c:
        after = [list(c.store.iter_analyses()), list(c.store.iter_attribution_rows())]
        assert c.check().ok
    assert after == before


def test_analyses_added_to_a_corpus_ingested_without(folder, store_url):
    db = store_url
    r = _cli("ingest", str(folder), "--db", db)
    assert r.exit_code == 0 and "analysed" not in r.output
    r = _cli("attributions", "--db", db)
    assert r.exit_code == 1 and "no analyses stored" in r.stderr and "Traceback" not in r.output
    with Corpus(db) as c:
        assert c.analysis("city/bridge.txt") is None and list(c.attributions()) == []
        rep = c.ingest([str(folder / "feed.jsonl")], analyze=True)  # only what is named gets analysed
        assert rep.added == 0 and rep.already == 2
        assert (rep.analysis.analysed, rep.analysis.reused, rep.analysis.already) == (1, 1, 0)
        assert c.analysis("ferry-1") is not None and c.analysis("city/bridge.txt") is None
        assert c.analyze_stored(["museum.txt"]).analysed == 1
        rep = c.ingest([str(folder)], analyze=True)
        assert rep.added == 0 and rep.already == 5
        assert (rep.analysis.analysed, rep.analysis.reused, rep.analysis.already) == (2, 0, 3)
        assert (c.analyze_stored().stored, c.analyze_stored().already) == (0, 5)
        assert c.analysed_count() == 5
        assert [a.speaker for a in c.attributions(doc_id="ferry-2")] == \
            [a.speaker for a in c.attributions(doc_id="ferry-1")]
        with pytest.raises(KeyError):
            c.analysis("no-such-doc")
        with pytest.raises(KeyError):
            c.analyze_stored(["no-such-doc"])


def test_failed_analysis_is_listed_and_retried(folder, store_url, monkeypatch):
    real = unspin.pipeline.analyze_parsed

    def flaky(sdoc, id=None, **kw):
        if "museum" in sdoc.text:
            raise ValueError("simulated failure")
        return real(sdoc, id, **kw)

    monkeypatch.setattr(unspin.pipeline, "analyze_parsed", flaky)
    db = store_url
    r = _cli("ingest", str(folder), "--db", db, "--analyze")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "failed 1" in r.output
    assert "bad analysis: museum.txt: analysis failed" in r.output and "simulated failure" in r.output
    assert "ValueError" not in r.output
    with Corpus(db) as c:
        assert c.analysis("museum.txt") is None and c.analysis("city/bridge.txt") is not None
        monkeypatch.setattr(unspin.pipeline, "analyze_parsed", real)
        rep = c.ingest([str(folder)], analyze=True)
        assert (rep.analysis.analysed, rep.analysis.already, rep.analysis.bad) == (1, 4, [])
        assert c.analysis("museum.txt")["attributions"] == []


def test_interrupted_analysis_keeps_committed_batches_and_resumes(tmp_path, store_url):
    folder = tmp_path / "many"
    folder.mkdir()
    names = ["Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Max", "Nia",
             "Oto", "Pia", "Quin", "Rex", "Sol", "Tia"]
    for i, name in enumerate(names):
        (folder / f"{i:02d}.txt").write_text(
            f"The town of Westbury {i} opened a library on Monday. \"Books matter,\" said librarian {name} "
            f"Morgan. Morgan said {i + 3} volunteers had helped.", encoding="utf-8")
    db = store_url
    seen = []

    def stop_after_first_commit(done: int, total: int) -> None:
        seen.append((done, total))
        if done > 0:
            raise KeyboardInterrupt

    with Corpus(db) as c:
        with pytest.raises(KeyboardInterrupt):  # Ctrl-C with two worker processes analysing
            c.ingest([str(folder)], analyze=True, jobs=2, analysis_progress=stop_after_first_commit)
        assert seen == [(0, 20), (16, 20)]
        assert c.analysed_count() == 16  # what was reported done is stored, nothing half-stored
        stored = {row.doc for row in c.store.iter_attribution_rows()}
        assert stored == {d for d, _ in c.store.iter_analyses()}
        rep = c.ingest([str(folder)], analyze=True)
        assert rep.already == 20 and (rep.analysis.analysed, rep.analysis.already) == (4, 16)
        assert {a.speaker for a in c.attributions()} == {f"{n} Morgan" for n in names}


def test_attributions_cli_errors(folder, tmp_path, store_url):
    db = store_url
    assert _cli("ingest", str(folder / "city"), "--db", db, "--analyze").exit_code == 0
    for args, message in ((["--doc", "nope"], "no document with id 'nope'"),
                          ([], "no such database")):
        r = _cli("attributions", "--db", db if args else str(tmp_path / "missing.db"), *args)
        assert r.exit_code == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.output
    assert _cli("attributions", "--db", db, "--speaker", " ").exit_code == 2
