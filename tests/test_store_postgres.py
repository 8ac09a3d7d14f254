"""The PostgreSQL store on a real server (.ci/postgres, or --pg-url): its URL and identity,
several `unspin ingest` processes into one database at once, and the same results as SQLite
on the same real documents (BBC and ReCOVery articles from ../shared/corpora, copied into tmp)."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
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


def _bbc(shared: Path, root: Path, topic: str, n: int, skip: int = 0) -> Path:
    """``n`` BBC articles of ``topic`` in ``root/topic/`` (ids ``topic/NNN.txt``)."""
    src = shared / "corpora" / "bbc-news-2225" / topic
    (root / topic).mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.txt"))[skip:skip + n]:
        shutil.copyfile(f, root / topic / f.name)
    return root


def _cli(*args: str):
    return CliRunner().invoke(app, [*args, "--no-progress"] if args[0] == "ingest" else list(args))


def test_open_a_postgres_store(pg_database, tmp_path):
    from unspin.store.postgres import PostgresStore

    url = pg_database()
    with pytest.raises(UnspinError, match="no unspin store in this database"):
        open_store(url, create=False)  # an empty database is not created by a reader
    with open_store(url) as a, open_store(url.replace("postgresql://", "postgres://", 1), create=False) as b:
        assert isinstance(a, PostgresStore) and isinstance(a, Store)
        assert len(a.store_id()) == 32 and a.store_id() == b.store_id()  # stored, not made per open
        assert "index_dir" not in a.url or a.url == url  # the URL shown is the one given (no password)
        loc = Path(a.index_location())
        assert loc.parent.name == a.store_id() and loc.parent.is_dir()
        assert (a.count(), a.max_rowid(), a.anchor_state().last_doc, a.has_analyses()) == (0, 0 - 1, -1, False)
    server = url.split("?")[0]
    netloc = server.split("://", 1)[1].split("/", 1)[0]
    user, host = netloc.split("@", 1)
    secret = server.replace(f"{user}@", f"{user}:hunter2@", 1)
    from unspin.store.postgres import _split_url

    conninfo, index_dir, shown = _split_url(secret + "?index_dir=/x&connect_timeout=5")
    assert "hunter2" not in shown and "***" in shown and "hunter2" in conninfo
    assert index_dir == "/x" and "index_dir" not in conninfo and "connect_timeout=5" in conninfo


def test_concurrent_ingests_into_one_postgres_store(shared, tmp_path, pg_database):
    """Three real `unspin ingest` processes started at once into a new PostgreSQL database:
    two corpora and the first one again. The first opens race on creating the tables; the
    sessions take the advisory lock in turn. Every document is stored once, nothing is
    lost, and the saved ANN index covers every stored document. Then a fourth waits on a
    lock this test holds and says who holds it."""
    a = _bbc(shared, tmp_path / "a", "business", 40)
    b = _bbc(shared, tmp_path / "b", "sport", 40)
    url = pg_database()
    runs = []
    for n, folder in enumerate((a, b, a)):
        err = open(tmp_path / f"err{n}.txt", "w+", encoding="utf-8")
        runs.append((subprocess.Popen([sys.executable, "-m", "unspin", "ingest", str(folder), "--db", url,
                                       "--no-progress"], stdout=subprocess.DEVNULL, stderr=err), err))
    outputs = []
    for proc, err in runs:
        assert proc.wait(timeout=300) == 0
        err.seek(0)
        outputs.append(err.read())
        err.close()
    for out in outputs:
        assert "Error" not in out and "internal error" not in out and "Traceback" not in out, out
    added = sorted(int(out.split("added ")[1].split(",")[0]) for out in outputs)
    assert added == [0, 40, 40] or sum(added) == 80  # the folder given twice: stored by whichever came first
    already = sum(int(out.split("already stored ")[1].split(",")[0]) for out in outputs)
    assert sum(added) == 80 and already == 40

    r = _cli("check", "--db", url, "--format", "json")
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert rep["documents"] == 80 and rep["index_coverage"] == 1.0 and rep["ok"] and rep["problems"] == []
    with Corpus(url, create=False) as c:
        ids = [d.id for d in c.store.iter_docs()]
        assert len(ids) == len(set(ids)) == 80
        assert list(c.store.rowids()) == list(range(1, 81))  # rowids in commit order, no gaps
        assert len(c.index) == sum(len(anchors(d.words)) for docs in c.store.documents_after(-1) for d in docs)
        src = (a / "business" / "003.txt").read_text(encoding="utf-8")
        assert c.trace(spin(src, "syn35", random.Random(1)))[0].id == "business/003.txt"

    more = _bbc(shared, tmp_path / "c", "tech", 5)
    with open_store(url) as holder, holder.write_lock():
        err = open(tmp_path / "err-wait.txt", "w+", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "unspin", "ingest", str(more), "--db", url, "--no-progress"],
                                stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.time() + 120
        while time.time() < deadline and "waiting..." not in (tmp_path / "err-wait.txt").read_text():
            assert proc.poll() is None, "the ingest ended while the store was taken"
            time.sleep(0.2)
        with open_store(url) as other, other.write_lock(block=False) as mine:
            assert not mine  # taken: a reader's save gives way
    assert proc.wait(timeout=120) == 0
    err.seek(0)
    out = err.read()
    err.close()
    assert f"is being written by another unspin ingest (unspin pid {os.getpid()} on {socket.gethostname()}"[:60] \
        in out and "added 5" in out


def test_postgres_gives_the_same_results_as_sqlite(shared, tmp_path, pg_database):
    """61 real documents (41 BBC with a known exact-duplicate pair, 20 ReCOVery records with
    publishers and dates) ingested with --analyze into a SQLite file and a PostgreSQL
    database: the same stored rows, the same trace results for spun, partial and stored
    copies, the same families, attributions, speakers and diff against the corpus, and both
    checks ok."""
    docs = tmp_path / "docs"
    for topic, skip in (("business", 205), ("politics", 0), ("tech", 30), ("entertainment", 60)):
        _bbc(shared, docs, topic, 10, skip)
    shutil.copyfile(shared / "corpora" / "bbc-news-2225" / "business" / "240.txt", docs / "business" / "240.txt")
    with open(shared / "corpora" / "recovery-covid-news" / "articles.jsonl", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(20)]
    (docs / "recovery.jsonl").write_text("".join(lines), encoding="utf-8")
    dbs = {"sqlite": str(tmp_path / "p.db"), "postgresql": pg_database()}
    for db in dbs.values():
        r = _cli("ingest", str(docs), "--db", db, "--analyze")
        assert r.exit_code == 0, r.output
        assert "added 61" in r.output and "exact duplicates of stored texts 1" in r.output, r.output

    rng = random.Random(7)
    queries = []
    for i, f in enumerate(sorted(docs.glob("*/*.txt"))[::5]):
        kind = ("syn20", "syn35", "partial40", "rtt")[i % 4]
        q = tmp_path / "queries" / f"{i:02d}.txt"
        q.parent.mkdir(exist_ok=True)
        q.write_text(spin(f.read_text(encoding="utf-8"), kind, rng), encoding="utf-8")
        queries.append(str(q))
    stored = tmp_path / "stored.jsonl"  # stored records traced under their own ids: themselves excluded
    stored.write_text("".join(lines[3:8]), encoding="utf-8")
    outputs = {}
    for name, db in dbs.items():
        runs = [("trace", *queries, "--db", db, "--format", "jsonl"),
                ("trace", "--all", "--db", db, "--format", "json"),
                ("trace", str(stored), "--db", db, "--format", "jsonl"),
                ("attributions", "--db", db, "--format", "jsonl"),
                ("attributions", "--db", db, "--speaker", "Tony Blair", "--format", "jsonl"),
                ("diff", "--against-corpus", queries[1], "--db", db, "--format", "json")]
        outputs[name] = [_cli(*args) for args in runs]
        for r in outputs[name]:
            assert r.exit_code == 0, r.output
    for s, p in zip(outputs["sqlite"], outputs["postgresql"]):
        assert s.stdout == p.stdout
    found = [json.loads(line) for line in outputs["postgresql"][0].stdout.splitlines()]
    assert sum(bool(m["matches"]) for m in found) >= len(queries) - 1  # the copies are found, not just equal

    with Corpus(dbs["sqlite"], create=False) as s, Corpus(dbs["postgresql"], create=False) as p:
        assert list(s.store.iter_docs()) == list(p.store.iter_docs())
        for rowid in s.store.rowids():
            a, b = s.store.sentences(rowid), p.store.sentences(rowid)
            assert (a.spans, a.words, a.shashes, a.lex) == (b.spans, b.words, b.shashes, b.lex)
            assert (a.vecs == b.vecs).all() and (s.store.minhash(rowid) == p.store.minhash(rowid)).all()
        assert list(s.store.iter_analyses()) == list(p.store.iter_analyses())
        assert list(s.store.iter_attribution_rows()) == list(p.store.iter_attribution_rows())
        assert s.speakers(limit=50) == p.speakers(limit=50) and s.speakers("bla") == p.speakers("bla")
        assert s.store.anchor_state() == p.store.anchor_state()
        hashes = [k for d in s.store.iter_docs() for k in s.store.sentences(d.rowid).shashes][::7]
        assert s.store.shash_docs(hashes) == p.store.shash_docs(hashes)
        assert s.store.shash_counts(hashes) == p.store.shash_counts(hashes)
        rs, rp = s.check(), p.check()
        assert rs.ok and rp.ok and rs.to_dict() == rp.to_dict()


def test_check_on_postgres_finds_damage_and_repairs_what_it_can(shared, tmp_path, pg_database):
    """Fault injection into the database: rows deleted and orphans inserted are reported (the
    same problems as SQLite's), the speaker index and a deleted ANN index are rebuilt."""
    import psycopg

    from unspin.store.postgres import _split_url

    folder = _bbc(shared, tmp_path / "d", "business", 5)
    (folder / "bridge.txt").write_text('"We will open the bridge in May," Mayor Alice Brandt said on Monday. '
                                       "Brandt added that the cost had doubled.", encoding="utf-8")
    url = pg_database()
    with Corpus(url) as c:
        c.ingest([str(folder)], analyze=True)
        first = min(c.store.rowids())
        anchor_key = int(min(c.index.index.keys))
        index = Path(c.store.index_location())
        rows = list(c.store.iter_attribution_rows())
    assert rows
    with psycopg.connect(_split_url(url)[0], autocommit=True) as con:  # damaged on purpose
        con.execute("DELETE FROM sents WHERE key = %s", (anchor_key,))  # an indexed sentence gone
        con.execute("DELETE FROM lsh WHERE doc = %s", (first + 1,))
        con.execute("INSERT INTO lsh(bkey, doc) VALUES (7, 999)")
        con.execute("INSERT INTO sents(key, span_start, span_end, words, shash, vec, lex) "
                    "VALUES (%s, 0, 1, 1, 0, '', '')", (999 << 12,))
        con.execute("DELETE FROM attributions WHERE n = 0")
        con.execute("INSERT INTO attributions(doc, n, speaker, speaker_key) VALUES (998, 0, 'X', 'x')")
    for saved in (index, Path(str(index) + ".json")):
        saved.unlink()
    r = _cli("check", "--db", url)
    assert r.exit_code == 1 and "no usable saved ANN index" in r.stdout, r.stdout
    with Corpus(url, create=False) as c:
        rep = c.check(repair=True)
        problems = " | ".join(rep.problems)
        for what in ("documents without all their sentences: 1", "documents without LSH bands: 1",
                     "LSH bands of no stored document: 1", "sentences of no stored document: 1"):
            assert what in problems, problems
        assert "speaker index rebuilt for" in " ".join(rep.repaired) and "speaker index" not in problems
        assert rep.index_coverage == 1.0 and index.exists()
        assert list(c.store.iter_attribution_rows()) == rows  # as before the damage
    r = _cli("check", "--db", url, "--format", "json")
    assert r.exit_code == 1 and len(json.loads(r.stdout)["problems"]) == 4


def test_bulk_rows_as_bench_scale_writes_them(tmp_path, store_url):
    """``bulk_load``/``append_rows`` (bench/bench_scale.py's synthetic documents) on both backends."""
    import numpy as np

    from unspin.store import sent_key

    rng = np.random.default_rng(3)
    docs, sents, lsh = [], [], []
    for rowid in (1, 2, 3):
        text = " ".join(f"Sentence {i} of document {rowid} has enough words." for i in range(4))
        docs.append((rowid, f"synthetic/{rowid}", f"h{rowid}", f"n{rowid}", text, 4,
                     rng.integers(0, 1 << 32, 128, dtype=np.uint32).tobytes()))
        for i in range(4):
            sents.append((sent_key(rowid, i), 46 * i, 46 * i + 45, 8, int(rng.integers(0, 1 << 62)),
                          rng.standard_normal(8).astype(np.float16).tobytes(), np.array([i], np.uint16).tobytes()))
        lsh.extend((int(b), rowid) for b in rng.integers(0, 1 << 62, 32))
    with open_store(store_url) as store:
        store.set_meta("anchors", "0")
        with store.write_lock(), store.bulk_load():
            store.append_rows(docs, sents, lsh, anchors=12)
        assert store.count() == 3 and store.integrity_problems() == []
        assert [d.n_sents for d in store.iter_docs()] == [4, 4, 4]
        assert store.anchor_state().anchors == 12 and store.anchor_state().last_doc == 3
        assert store.sentences(2).spans[1] == (46, 91) and store.lsh_docs([lsh[0][0]]) == {1: 1}
        assert [d.rowid for batch in store.documents_after(-1, batch=5) for d in batch] == [1, 2, 3]


def test_api_tokens_in_a_postgres_store(pg_database):
    from unspin.store import open_tokens

    url = pg_database()
    r = _cli("token", "create", "newsroom", "--db", url, "--scope", "write")
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    tokens = open_tokens(url)
    try:
        found = tokens.find(token)
        assert found is not None and (found.name, found.scope) == ("newsroom", "write") and found.allows("write")
        assert tokens.find(token + "x") is None and [t.name for t in tokens.names()] == ["newsroom"]
    finally:
        tokens.close()
    with open_store(url) as store:  # the same database holds the documents
        assert store.count() == 0


def test_analyses_written_at_once_by_two_sessions(pg_database):
    """Two sessions storing analyses of the same documents at once (two `ingest --analyze`
    of one folder): no key collision in the speaker index, and it ends as one of them left it."""
    import threading

    url = pg_database()
    blob = json.dumps({"attributions": [{"speaker": {"name": f"Speaker {n}"}} for n in range(6)]})
    stores = [open_store(url) for _ in range(2)]
    stores[0].ensure_analysis_tables()
    failures: list[BaseException] = []

    def write(store) -> None:
        try:
            for _ in range(30):
                store.add_analyses([(rowid, blob) for rowid in range(1, 9)])
                store.reindex_attributions(list(range(1, 9)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert failures == []
        assert len(list(stores[0].iter_attribution_rows())) == 8 * 6
        assert stores[1].speakers(limit=3)[0].count == 8
    finally:
        for s in stores:
            s.close()
