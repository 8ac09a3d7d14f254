"""Provenance: ingest and trace on texts written for these tests (plus a few real ones)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.spinner import spin, stitch
from unspin.cli.app import app
from unspin.errors import UnspinError
from unspin.provenance import Corpus
from unspin.provenance.index import anchors
from unspin.provenance.normalise import sentence_spans
from unspin.store import open_store

FLOOD = """Heavy rain flooded the centre of Riverton on Tuesday, forcing the evacuation of more than 300 homes.
The river rose by two metres in less than six hours, according to the regional water authority.
Mayor Helen Carter said emergency crews had worked through the night to reinforce the embankments.
"We have never seen the water climb this fast," Carter told reporters at the town hall.
Schools across the district will remain closed until Friday while engineers inspect the bridges.
The national weather service warned that another storm could reach the valley by the weekend.
Residents were advised to move valuables upstairs and to avoid driving through flooded streets.
Insurance companies said they expected thousands of claims from shop owners along the high street.
The army has sent two hundred soldiers and a fleet of trucks to help clear the debris.
Local charities opened three shelters offering food, blankets and dry clothes to displaced families."""

# The same event, written independently: shares the topic and facts, not the text.
FLOOD_OTHER = """Soldiers and volunteers spent Wednesday piling sandbags in Riverton after the worst flooding in decades.
Around 300 households had to leave their houses when the river burst its banks, officials confirmed.
The town's mayor, Helen Carter, praised the emergency services for their rapid response.
Forecasters expect more rain later this week, raising fears of a second flood.
Shopkeepers on the high street counted the cost as they pumped muddy water from their basements.
Many said their insurance would not cover the full damage to stock and equipment.
The regional government promised an emergency fund to help small businesses reopen.
Engineers are checking every bridge in the district before traffic is allowed back.
Families staying in the shelters said they did not know when they could return home.
Environmental groups blamed the disaster on years of building on the flood plain."""

CHIPS = """The technology company Lumera unveiled a new processor on Monday that it claims is twice as fast as its rivals.
The chip, called the L9, will power laptops and tablets from several large manufacturers next year.
Chief executive Daniel Okafor said the design uses far less energy than the previous generation.
Analysts said the launch puts pressure on established chip makers who have struggled with delays.
Shares in Lumera rose eight percent in early trading after the announcement.
The company said production would begin in its new factory in Malaysia in the spring.
Okafor declined to say how much the factory had cost but called it the largest investment in the firm's history.
Critics warned that the global shortage of components could still slow the rollout.
Lumera employs about twelve thousand people and reported record sales last quarter.
The firm plans to open a research centre in Berlin to develop chips for electric cars."""

MARATHON = """Kenyan runner Grace Wanjiru won the city marathon on Sunday in a course record time of two hours and eighteen minutes.
She broke away from the leading group after thirty kilometres and finished almost two minutes ahead of her nearest rival.
"The crowd carried me through the last part when my legs were tired," Wanjiru said after the race.
More than forty thousand runners took part, raising an estimated two million pounds for charity.
The men's race was won by Ethiopia's Tesfaye Bekele in a sprint finish along the river embankment.
Organisers said the cool weather had helped many amateur runners achieve personal bests.
Medical teams treated around two hundred people, mostly for blisters and dehydration.
The race director praised the volunteers who handed out water at twenty stations along the route.
Wanjiru said she now hopes to be selected for the world championships in the summer.
Next year's event will include a new wheelchair category with equal prize money."""


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("prov")
    docs = root / "docs"
    (docs / "news").mkdir(parents=True)
    (docs / "news" / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (docs / "news" / "flood-other.txt").write_text(FLOOD_OTHER, encoding="utf-8")
    (docs / "news" / "chips.txt").write_text(CHIPS, encoding="utf-8")
    (docs / "news" / "empty.txt").write_text("   \n", encoding="utf-8")
    recs = [
        {"id": "m1", "body_text": MARATHON, "title": "Marathon", "publish_date": "2024-04-21", "publisher": "Daily"},
        {"id": "m1-again", "text": MARATHON.replace("\n", "\n\n"), "publisher": "Mirror"},  # exact duplicate text
        {"id": "no-text", "title": "nothing here"},
    ]
    lines = [json.dumps(r) for r in recs] + ["{not json"]
    (docs / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request, corpus_dir) -> Corpus:
    """The corpus, once in a SQLite file and once in a PostgreSQL database."""
    if request.param == "sqlite":
        c = Corpus(corpus_dir / "unspin.db")
    else:
        c = Corpus(request.getfixturevalue("pg_databases").create())
    rep = c.ingest([str(corpus_dir / "docs")], batch_size=2)
    assert rep.added == 5
    c.rep = rep  # type: ignore[attr-defined]
    yield c
    c.close()


def test_sentence_spans_are_offsets():
    text = "Mr. Smith went to Washington. He said no.\n\n\"Yes!\" she said. 3 people died."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Mr. Smith went to Washington.", "He said no.", "\"Yes!\" she said.",
                                             "3 people died."]


def test_ingest_reports_duplicates_and_bad_records(corpus):
    rep = corpus.rep
    assert rep.duplicates == [("m1-again", "m1")]
    reasons = " | ".join(f"{w}: {r}" for w, r in rep.bad)
    assert len(rep.bad) == 3, reasons
    assert "empty" in reasons and "no text field" in reasons and "not valid JSON" in reasons
    # ids per CONTRACT: path relative to the folder named, JSONL id
    ids = {d.id for d in corpus.store.iter_docs()}
    assert ids == {"news/flood.txt", "news/flood-other.txt", "news/chips.txt", "m1", "m1-again"}


def test_ingest_is_idempotent(corpus, corpus_dir):
    rep = corpus.ingest([str(corpus_dir / "docs")])
    assert rep.added == 0 and rep.already == 5
    assert len(corpus) == 5


def _check_spans(matches, corpus, query):
    for m in matches:
        src_text = corpus.store.doc(corpus.store.lookup_id(m.id).rowid).text
        for s, c in m.shared:
            assert src_text[s.start:s.end] == s.text
            assert query[c.start:c.end] == c.text


@pytest.mark.parametrize("kind", ["syn20", "syn50", "rtt", "reorder", "partial60", "boiler"])
def test_trace_finds_spun_copy_not_same_story(corpus, kind):
    copy = spin(FLOOD, kind, random.Random(3))
    matches = corpus.trace(copy)
    assert matches and matches[0].id == "news/flood.txt", [(m.id, m.relation) for m in matches]
    assert "news/flood-other.txt" not in {m.id for m in matches}  # same story, not a copy
    assert matches[0].relation in ("near-duplicate", "paraphrase", "partial")
    _check_spans(matches, corpus, copy)


def test_same_story_article_is_not_a_copy(corpus):
    assert corpus.trace_id("news/flood-other.txt") == []
    assert [m.id for m in corpus.trace_id("news/flood.txt")] == []


def test_duplicates_and_self(corpus):
    matches = corpus.trace(MARATHON)
    assert {m.id for m in matches} == {"m1", "m1-again"}
    assert all(m.relation == "duplicate" and m.score == 1.0 for m in matches)
    # the query document itself is never a match
    assert [m.id for m in corpus.trace(MARATHON, id="m1")] == ["m1-again"]
    assert [m.id for m in corpus.trace_id("m1")] == ["m1-again"]


def test_stitched_copy_finds_both_sources(corpus):
    copy, ra, rb = stitch(CHIPS, MARATHON, random.Random(1))
    matches = corpus.trace(copy)
    got = {m.id for m in matches}
    assert "news/chips.txt" in got and ("m1" in got or "m1-again" in got)
    for m in matches:
        for _, c in m.shared:  # each passage lands in the half it came from
            lo, hi = (ra[0] if m.id == "news/chips.txt" else rb[0])
            assert lo <= c.start and c.end <= hi + 1
    _check_spans(matches, corpus, copy)


def test_families(corpus):
    fams = corpus.families()
    assert len(fams) == 1
    assert fams[0].original == "m1" and "earliest date" in fams[0].why
    assert {m.id for m in fams[0].members} == {"m1", "m1-again"}


def test_index_is_rebuilt_when_missing(corpus_dir, store_url):
    db = store_url
    with Corpus(db) as c:
        c.ingest([str(corpus_dir / "docs" / "news")])
        saved = c.store.index_location()
    os.remove(saved)
    with Corpus(db) as c:
        assert c.trace(spin(CHIPS, "syn35", random.Random(2)))[0].id == "chips.txt"


def test_cli_ingest_and_trace(corpus_dir, tmp_path, store_url):
    runner = CliRunner()
    db = store_url
    r = runner.invoke(app, ["ingest", str(corpus_dir / "docs"), "--db", db, "--no-progress"])
    assert r.exit_code == 1  # bad records are listed and make the status 1
    assert "added 5" in r.output and "bad: " in r.output
    q = tmp_path / "copy.txt"
    q.write_text(spin(CHIPS, "syn20", random.Random(5)), encoding="utf-8")
    r = runner.invoke(app, ["trace", str(q), "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    m = out["matches"][0]
    assert m["id"] == "news/chips.txt" and m["relation"] in ("near-duplicate", "paraphrase")
    assert set(m["shared"][0]) == {"source", "copy"} and set(m["shared"][0]["copy"]) == {"start", "end", "text"}
    r = runner.invoke(app, ["trace", str(q), "--db", db])
    assert r.exit_code == 0 and "news/chips.txt" in r.output
    r = runner.invoke(app, ["trace", "--all", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["families"][0]["original"] == "m1"
    r = runner.invoke(app, ["trace", str(q), "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 1
    assert runner.invoke(app, ["trace", "--db", db]).exit_code == 2


def test_kill_9_mid_ingest_then_resume(tmp_path, store_url):
    """A real SIGKILL in the middle of an ingest: nothing committed is lost, the rerun resumes."""
    rng = random.Random(0)
    words = (FLOOD + CHIPS + MARATHON).split()
    n = 1500
    with open(tmp_path / "big.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            body = ". ".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(6)) + "."
            fh.write(json.dumps({"id": f"d{i}", "text": f"Story {i}. " + body}) + "\n")
    db = store_url
    code = ("import sys; from unspin.provenance import Corpus; "
            "c = Corpus(sys.argv[1]); c.ingest([sys.argv[2]], batch_size=8)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(tmp_path / "big.jsonl")])
    try:
        deadline = time.time() + 60
        done = 0
        while time.time() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                with open_store(db, create=False) as store:
                    done = store.count()
            except UnspinError:  # not created yet
                continue
            if done >= 200:
                break
        assert proc.poll() is None, "ingest finished before it could be killed: make the input larger"
        proc.kill()  # SIGKILL
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    with open_store(db, create=False) as store:
        assert store.integrity_problems() == []
        survived = store.count()
    assert survived >= done
    with Corpus(db) as c:
        rep = c.ingest([str(tmp_path / "big.jsonl")], batch_size=64)
        assert rep.already == survived and rep.added == n - survived and not rep.bad
        assert len(c) == n
        # the index holds exactly the anchor sentences of every stored document, once
        stored = [d for docs in c.store.documents_after(-1) for d in docs]
        assert len(stored) == n
        assert len(c.index) == sum(len(anchors(d.words)) for d in stored)
        assert c.check().index_coverage == 1.0
        hit = c.trace_id("d7")
        assert all(m.id != "d7" for m in hit)


def test_real_corpus_documents(shared, tmp_path, store_url):
    bbc = shared / "corpora" / "bbc-news-2225" / "business"
    files = ["214.txt", "240.txt", "001.txt", "002.txt", "003.txt", "010.txt", "188.txt", "202.txt"]
    folder = tmp_path / "bbc" / "business"
    folder.mkdir(parents=True)
    for f in files:
        (folder / f).write_bytes((bbc / f).read_bytes())
    with Corpus(store_url) as c:
        rep = c.ingest([str(tmp_path / "bbc")])
        assert rep.added == len(files)
        assert ("business/240.txt", "business/214.txt") in rep.duplicates  # a known exact-duplicate pair
        src = (bbc / "002.txt").read_text(encoding="utf-8")
        m = c.trace(spin(src, "syn35", random.Random(9)))
        assert m[0].id == "business/002.txt"
        m = c.trace(spin(src, "partial40", random.Random(9)))
        assert m[0].id == "business/002.txt" and m[0].relation == "partial"


def test_warc_ingest(tmp_path, store_url):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    paras = "".join(f"<p>{line}</p>" for line in CHIPS.splitlines())
    html = f"<html><head><title>Chips</title></head><body><article><h1>Lumera</h1>{paras}</article></body></html>"
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/chips", "response",
                                                      payload=BytesIO(html.encode()), http_headers=headers))
    with Corpus(store_url) as c:
        rep = c.ingest([str(path)])
        assert rep.added == 1 and not rep.bad, rep.bad
        m = c.trace(spin(CHIPS, "syn20", random.Random(4)))
        assert m and m[0].id == "https://example.org/chips" and m[0].relation != "duplicate"
