"""The storage seam: store URLs, one writer at a time, an ANN index that is never silently
partial, and `unspin check`. Real BBC articles from ../shared/corpora, copied into tmp."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.spinner import spin
from unspin.cli.app import app
from unspin.errors import UnspinError
from unspin.provenance import Corpus
from unspin.provenance.index import anchors
from unspin.store import Store, open_store
from unspin.store.base import sent_key
from unspin.store.sqlite import SQLiteStore


def _folder(shared: Path, root: Path, topic: str, n: int, skip: int = 0) -> Path:
    """``n`` BBC articles of ``topic`` in ``root/topic/`` (ids ``topic/NNN.txt``)."""
    src = shared / "corpora" / "bbc-news-2225" / topic
    dest = root / topic
    dest.mkdir(parents=True)
    for f in sorted(src.glob("*.txt"))[skip:skip + n]:
        shutil.copyfile(f, dest / f.name)
    return root


def _expected_anchors(store: Store) -> int:
    return sum(len(anchors(d.words)) for docs in store.documents_after(-1) for d in docs)


def test_open_store_urls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for url, path in (("plain.db", "plain.db"), ("sqlite:///rel.db", "rel.db"),
                      (f"sqlite:///{tmp_path}/abs.db", str(tmp_path / "abs.db"))):
        with open_store(url) as store:
            assert isinstance(store, SQLiteStore) and isinstance(store, Store) and store.path == path
            assert len(store.store_id()) == 32
    with pytest.raises(UnspinError, match="cannot connect to PostgreSQL"):  # no server on port 1
        open_store("postgresql://user:secret@127.0.0.1:1/unspin")
    with pytest.raises(UnspinError, match="unknown store URL"):
        open_store("mongodb://localhost/x")
    with pytest.raises(UnspinError, match="no such database"):
        open_store(tmp_path / "missing.db", create=False)
    with open_store("plain.db") as a, open_store(tmp_path / "plain.db") as b:
        assert a.store_id() == b.store_id()  # the identity is stored, not made per open
    with Corpus(open_store("sqlite:///rel.db")) as c:  # an opened store: the corpus owns it
        assert c.store.path == "rel.db" and len(c) == 0 and c.check().ok


def test_concurrent_ingests_wait_for_each_other_and_lose_nothing(shared, tmp_path):
    """Three real `unspin ingest` processes into one database at once: two corpora and the
    first one again. Each waits its turn, nothing is lost, no IntegrityError, and the saved
    ANN index covers every stored document."""
    a = _folder(shared, tmp_path / "a", "business", 40)
    b = _folder(shared, tmp_path / "b", "sport", 40)
    db = tmp_path / "shared.db"
    runs = []
    with open_store(db) as holder, holder.write_lock():  # all three start while the store is taken
        for n, folder in enumerate((a, b, a)):
            err = open(tmp_path / f"err{n}.txt", "w+", encoding="utf-8")
            proc = subprocess.Popen([sys.executable, "-m", "unspin", "ingest", str(folder), "--db", str(db),
                                     "--no-progress"], stdout=subprocess.DEVNULL, stderr=err, cwd=os.getcwd())
            runs.append((proc, err))
        deadline = time.time() + 120
        while time.time() < deadline and not all("waiting..." in (tmp_path / f"err{n}.txt").read_text()
                                                  for n in range(3)):
            assert all(p.poll() is None for p, _ in runs), "an ingest ended while the store was taken"
            time.sleep(0.2)
        with Corpus(db) as c:  # check while a writer holds the store: says so, the index is not blamed
            rep = c.check()
            assert rep.writing and rep.ok and rep.to_dict()["writing"] is True
    outputs = []
    for proc, err in runs:
        assert proc.wait(timeout=300) == 0
        err.seek(0)
        outputs.append(err.read())
        err.close()
    for out in outputs:
        assert f"shared.db is being written by another unspin ingest (pid {os.getpid()}); waiting..." in out
        assert "IntegrityError" not in out and "internal error" not in out
    added = sorted(int(out.split("added ")[1].split(",")[0]) for out in outputs)
    assert added == [0, 40, 40]  # the second run of the same folder found all of it stored
    assert any("added 0, already stored 40" in out for out in outputs)

    r = CliRunner().invoke(app, ["check", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert rep["documents"] == 80 and rep["index_coverage"] == 1.0 and rep["ok"] and rep["problems"] == []
    with Corpus(db, create=False) as c:
        assert len(c.index) == _expected_anchors(c.store) == rep["anchors"]
        src = (a / "business" / "003.txt").read_text(encoding="utf-8")
        assert c.trace(spin(src, "syn35", random.Random(1)))[0].id == "business/003.txt"


def test_index_that_lost_documents_is_caught_up_and_check_says_so(shared, tmp_path, store_url):
    """The old race: an index saved by one writer over another's, whose meta claims every
    document. Opening the store adds what is missing; check reports it until repaired."""
    a = _folder(shared, tmp_path / "a", "tech", 12)
    b = _folder(shared, tmp_path / "b", "politics", 12)
    db = store_url
    with Corpus(db) as c:
        c.ingest([str(a)])
        index = c.store.index_location()  # SQLite: beside the file; PostgreSQL: the cache folder
    saved = {s: Path(index + s).read_bytes() for s in ("", ".json")}
    with Corpus(db) as c:
        c.ingest([str(b)])
        full = len(c.index)
    meta = json.loads(Path(index + ".json").read_text())
    old = json.loads(saved[".json"])

    def lose_the_second_corpus() -> None:
        Path(index).write_bytes(saved[""])  # only the first corpus' anchors...
        Path(index + ".json").write_text(json.dumps({**old, "upto": meta["upto"]}))  # ...claiming all

    lose_the_second_corpus()
    r = CliRunner().invoke(app, ["check", "--db", str(db)])
    assert r.exit_code == 1 and "problem: the ANN index holds" in r.stdout, r.output
    r = CliRunner().invoke(app, ["check", "--db", str(db), "--repair", "--format", "json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert rep["ok"] and rep["index_coverage"] == 1.0 and rep["anchors"] == full and rep["repaired"]

    lose_the_second_corpus()
    with Corpus(db, create=False) as c:
        rep = c.check()
        assert not rep.ok and rep.index_coverage < 1.0 and rep.indexed == old["count"] and rep.anchors == full
        assert len(c.index) == full  # opening the store caught up, whatever the meta said
        src = (b / "politics" / sorted(os.listdir(b / "politics"))[3]).read_text(encoding="utf-8")
        assert c.trace(spin(src, "syn20", random.Random(2)))[0].id.startswith("politics/")
    assert CliRunner().invoke(app, ["check", "--db", str(db)]).exit_code == 0  # and saved what it added


def test_replaced_database_never_reuses_the_old_index(shared, tmp_path):
    one = _folder(shared, tmp_path / "one", "entertainment", 8)
    two = _folder(shared, tmp_path / "two", "entertainment", 8, skip=8)
    db, other = tmp_path / "x.db", tmp_path / "y.db"
    with Corpus(db) as c:
        c.ingest([str(one)])
    with Corpus(other) as c:
        c.ingest([str(two)])
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(str(db) + suffix):
            os.remove(str(db) + suffix)
    shutil.copyfile(other, db)  # a different store at the same path, x.db.usearch left from the first
    with Corpus(db, create=False) as c:
        assert not c.index.loaded  # x.db.usearch.json names the first store: not loaded, built anew
        assert len(c.index) == _expected_anchors(c.store)
        assert {k >> 12 for k in c.index.index.keys} <= set(c.store.rowids())
        assert not c.check().ok  # the saved index is the other store's...
    with Corpus(db, create=False) as c:
        assert c.check().ok  # ...until the store saved its own


def test_repair_rebuilds_the_speaker_index(tmp_path):
    """Fault injection into the SQLite file: a speaker index row lost and one of no document."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text('"We will open the bridge in May," Mayor Alice Brandt said on Monday. '
                                "Brandt added that the cost had doubled.", encoding="utf-8")
    db = tmp_path / "a.db"
    with Corpus(db) as c:
        c.ingest([str(docs)], analyze=True)
        assert c.check().ok
        rows = list(c.store.iter_attribution_rows())
    assert rows
    with sqlite3.connect(db) as con:  # the backend's own file, damaged on purpose
        con.execute("DELETE FROM attributions WHERE n = 0")
        con.execute("INSERT INTO attributions(doc, n, speaker, speaker_key) VALUES (999, 0, 'X', 'x')")
    with Corpus(db, create=False) as c:
        rep = c.check()
        assert not rep.ok and "2 documents whose speaker index does not match" in " ".join(rep.problems)
        rep = c.check(repair=True)
        assert rep.ok and "speaker index rebuilt for 2 documents" in rep.repaired
        assert list(c.store.iter_attribution_rows()) == rows
        assert [a.speaker for a in c.attributions(speaker="alice brandt")] == ["Alice Brandt"] * len(
            [r for r in rows if r.speaker == "Alice Brandt"])
    with sqlite3.connect(db) as con:  # the backend's speaker query reads its index
        plan = " ".join(str(row) for row in con.execute(
            "EXPLAIN QUERY PLAN SELECT doc, n FROM attributions WHERE speaker_key=?", ("x",)))
    assert "attributions_speaker" in plan


def test_check_on_a_missing_store_is_one_line(tmp_path):
    r = CliRunner().invoke(app, ["check", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no such database" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_long_lived_reader_sees_what_an_ingest_adds(shared, tmp_path, store_url):
    """`unspin serve` keeps one Corpus open: its index catches up with later ingests."""
    a = _folder(shared, tmp_path / "a", "tech", 6)
    b = _folder(shared, tmp_path / "b", "tech", 6, skip=6)
    db = store_url
    with Corpus(db) as writer:
        writer.ingest([str(a)])
    with Corpus(db, create=False) as reader:
        before = len(reader.index)
        with Corpus(db) as writer:
            writer.ingest([str(b)])
        name = sorted(os.listdir(b / "tech"))[2]
        src = (b / "tech" / name).read_text(encoding="utf-8")
        assert reader.trace(spin(src, "syn35", random.Random(3)))[0].id == f"tech/{name}"
        assert len(reader.index) > before and len(reader.index) == _expected_anchors(reader.store)


def test_check_finds_damage_and_repairs_only_what_the_store_can_rebuild(shared, tmp_path):
    folder = _folder(shared, tmp_path / "d", "business", 5)
    db = tmp_path / "d.db"
    with Corpus(db) as c:
        c.ingest([str(folder)])
        first = min(c.store.rowids())
        anchor_key = int(min(c.index.index.keys))
    with sqlite3.connect(db) as con:  # the backend's own file, damaged on purpose
        con.execute("DELETE FROM sents WHERE key = ?", (anchor_key,))  # an indexed sentence gone
        con.execute("DELETE FROM lsh WHERE doc = ?", (first + 1,))
        con.execute("INSERT INTO lsh(bkey, doc) VALUES (7, 999)")
        con.execute("INSERT INTO sents(key, start, end, words, shash, vec, lex) VALUES (?, 0, 1, 1, 0, x'', x'')",
                    (999 << 12,))
    with Corpus(db, create=False) as c:
        rep = c.check(repair=True)
    problems = " | ".join(rep.problems)
    for what in ("documents without all their sentences: 1", "documents without LSH bands: 1",
                 "LSH bands of no stored document: 1", "sentences of no stored document: 1"):
        assert what in problems, problems
    assert "no stored anchor" not in problems and rep.index_coverage == 1.0  # the index was rebuilt
    r = CliRunner().invoke(app, ["check", "--db", str(db), "--format", "json"])
    assert r.exit_code == 1 and len(json.loads(r.stdout)["problems"]) == 4


def test_repair_builds_a_missing_index(shared, tmp_path):
    folder = _folder(shared, tmp_path / "m", "sport", 4)
    db = tmp_path / "m.db"
    with Corpus(db) as c:
        c.ingest([str(folder)])
    for suffix in (".usearch", ".usearch.json"):
        os.remove(str(db) + suffix)
    r = CliRunner().invoke(app, ["check", "--db", str(db)])
    assert r.exit_code == 1 and "no usable saved ANN index" in r.stdout
    r = CliRunner().invoke(app, ["check", "--db", str(db), "--repair"])
    assert r.exit_code == 0 and "repaired: ANN index:" in r.stdout and "ok" in r.stdout, r.stdout
    assert os.path.exists(str(db) + ".usearch")


def test_write_lock_is_one_holder_across_threads_too(tmp_path):
    import threading

    store = open_store(tmp_path / "t.db")
    other = open_store(tmp_path / "t.db")
    seen = []
    with store.write_lock():
        with store.write_lock() as again:  # re-entrant in the holding thread
            seen.append(again)
        def try_from_another_thread() -> None:
            with store.write_lock(block=False) as got:
                seen.append(got)

        t = threading.Thread(target=try_from_another_thread)
        t.start()
        t.join()
        with other.write_lock(block=False) as mine:  # another connection: as another process would
            seen.append(mine)
    with other.write_lock(block=False) as mine:
        seen.append(mine)
    assert seen == [True, False, False, True]
    store.close()
    other.close()


def test_sentence_block_is_each_documents_sentences_in_the_order_asked(shared, tmp_path, store_url):
    """Claim retrieval reads its candidates' sentences as one block: the same spans, vectors,
    words, hashes and stem buckets as ``sentences`` gives document by document, grouped in the
    order asked (a repeat read once, a rowid stored nowhere left out)."""
    folder = _folder(shared, tmp_path / "d", "politics", 5)
    with Corpus(store_url) as c:
        c.ingest([str(folder)])
        rowids = sorted(c.store.rowids())
        asked = [rowids[3], rowids[0], rowids[3], rowids[-1] + 50, rowids[1]]
        block = c.store.sentence_block(asked)
        ranges = block.ranges()
        assert list(ranges) == [rowids[3], rowids[0], rowids[1]]
        for rowid, (lo, hi) in ranges.items():
            one, view = c.store.sentences(rowid), block.rows(lo, hi)
            assert len(one.spans) > 3 and (view.spans, view.words, view.shashes, view.lex) == \
                (one.spans, one.words, one.shashes, one.lex)
            assert (view.vecs == one.vecs).all()
        assert len(c.store.sentence_block([]).docs) == 0
        one = c.store.sentences(rowids[2])
        keys = [sent_key(rowids[2], i) for i in (4, 1, 2)] + [sent_key(rowids[0], 0), sent_key(rowids[2], 4000)]
        some = c.store.sentences_at(keys)  # in key order, a key of no sentence skipped
        assert some.keys.tolist() == sorted(keys)[:4] and some.numbers.tolist() == [0, 1, 2, 4]
        view = some.rows(1, 4)
        assert view.spans == [one.spans[i] for i in (1, 2, 4)] and view.lex == [one.lex[i] for i in (1, 2, 4)]
        assert (view.vecs == one.vecs[[1, 2, 4]]).all()
