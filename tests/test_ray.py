"""The Ray engine (unspin.engines.ray_engine) against the local one: ingest stores the same
documents, sentences, vectors and hashes; ``trace --all`` finds the same copy families; a Ray
worker killed mid-run loses nothing. Samples of both corpora (bench/bench_engines.py runs
them whole), each with every document of some groups of identical texts so that families exist."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

ray = pytest.importorskip("ray", reason="ray is not installed (pip install ray): the Ray engine is not tested")

from unspin.engines import EngineOptions, make_engine  # noqa: E402
from unspin.provenance import Corpus  # noqa: E402

SAMPLE, IN_GROUPS = 150, 60  # documents per corpus sample, of which (at most) in groups of identical texts


def _pick(texts: list[tuple[str, str]]) -> set[str]:
    """Keys of SAMPLE documents: the members of groups of identical texts (whitespace aside) up to
    IN_GROUPS, then the first others."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, text in texts:
        groups[" ".join(text.split())].append(key)
    chosen: list[str] = []
    for keys in groups.values():
        if len(keys) > 1 and len(chosen) + len(keys) <= IN_GROUPS:
            chosen.extend(keys)
    chosen_set = set(chosen)
    rest = [k for k, _ in texts if k not in chosen_set][:SAMPLE - len(chosen)]
    return chosen_set | set(rest)


@pytest.fixture(scope="module")
def samples(shared: Path, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("samples")
    bbc = shared / "corpora" / "bbc-news-2225"
    files = sorted(bbc.glob("*/*.txt"))
    keep = _pick([(str(f), f.read_text(encoding="utf-8", errors="replace")) for f in files])
    for f in files:
        if str(f) in keep:
            dest = out / "bbc" / f.parent.name / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.read_bytes())
    lines = (shared / "corpora" / "recovery-covid-news" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    keep = _pick([(str(i), json.loads(line).get("body_text") or "") for i, line in enumerate(lines)])
    (out / "recovery.jsonl").write_text("".join(line + "\n" for i, line in enumerate(lines) if str(i) in keep),
                                        encoding="utf-8")
    return {"bbc": str(out / "bbc"), "recovery": str(out / "recovery.jsonl")}


@pytest.fixture(scope="module")
def engine():
    with make_engine(EngineOptions("ray", workers=2, object_store_mb=300)) as eng:
        yield eng


@pytest.fixture(scope="module")
def local_stores(samples, tmp_path_factory) -> dict[str, tuple[str, list]]:
    """Each sample ingested by the local engine: (store path, its families as dicts)."""
    out = {}
    for name, path in samples.items():
        db = str(tmp_path_factory.mktemp("local") / f"{name}.db")
        with Corpus(db) as c:
            c.ingest([path], batch_size=16)
            out[name] = (db, [f.to_dict() for f in c.families()])
    return out


def _contents(db: str) -> list[tuple]:
    with Corpus(db, create=False) as c:
        st = c.store
        rows = []
        for rowid in st.rowids():
            d, s = st.doc(rowid), st.sentences(rowid)
            rows.append((rowid, d, s.spans, s.words, s.shashes, s.lex, np.asarray(s.vecs).tobytes(),
                         bytes(np.asarray(st.minhash(rowid)).tobytes())))
        return rows


def _decided_as_traced(url: str) -> int:
    """Every stored document decided on the candidates the staged pipeline's stages gather
    (run in this process) matches as its own trace does; returns how many had matches."""
    from unspin.engines import stages
    from unspin.provenance.trace import stored_query

    with Corpus(url, create=False) as c:
        tracer = c.tracer()
        rows = stages.candidate_rows(c.store, tracer)
        found = 0
        for rowid in c.store.rowids():
            q = stored_query(c.store, rowid)
            traced = [m.to_dict() for m in tracer.trace(q, top=50)]
            c_ = stages.gather(q, rows[rowid], [k.rowid for k in c.store.by_nhash(q.nhash)])
            assert [m.to_dict() for m in tracer.decide(q, c_, top=50)] == traced, rowid
            found += bool(traced)
        return found


@pytest.mark.parametrize("name", ["bbc", "recovery"])
def test_stages_gather_the_tracers_candidates(name, local_stores):
    """The stages of the Ray families pipeline (bands and sentence hashes bucketed by key
    ranges of the store, ANN hits per document), gathered per query, decide every document as
    its trace does (no Ray: the same functions in this process)."""
    assert _decided_as_traced(local_stores[name][0]) > 10


def test_buckets_apply_the_local_lookups_caps():
    """A sentence hash held in more than EXACT_BUCKET documents among its first sentences by key
    pairs no one (its count still marks it common); within the cap every holder pairs with the
    others; a band bucket pairs every two of its documents, however many."""
    from unspin.engines import stages
    from unspin.provenance.trace import EXACT_BUCKET
    from unspin.store.base import sent_key

    def kinds(rows):
        return {k: sorted(zip(rows["query"][rows["kind"] == k].tolist(), rows["cand"][rows["kind"] == k].tolist()))
                for k in (stages.COUNT, stages.EXACT, stages.BAND)}

    wide = stages.hash_bucket(np.array([sent_key(d, 3) for d in range(EXACT_BUCKET + 1)]))
    assert not kinds(wide)[stages.EXACT] and set(wide["value"].tolist()) == {EXACT_BUCKET + 1}
    # document 1 repeats the sentence 40 times, document 2 25 times: the first 65 sentences by key
    # come from those two, so document 3 (past them) pairs with both and neither with it
    keys = [sent_key(1, i) for i in range(40)] + [sent_key(2, i) for i in range(25)] + [sent_key(3, 0)]
    exact = set(kinds(stages.hash_bucket(np.array(keys)))[stages.EXACT])
    assert exact == {(1, 2), (2, 1), (3, 1), (3, 2)}
    band = kinds(stages.band_bucket(np.arange(100)))[stages.BAND]
    assert len(band) == 100 * 99 and (5, 5) not in band


def _check_ok(db: str) -> None:
    with Corpus(db, create=False) as c:
        rep = c.check()
        assert rep.ok, rep.problems


class _Killer(threading.Thread):
    """Kills (SIGKILL) the first Ray worker process seen running ``task`` (with ``holding``:
    once it has that file open, i.e. it is at work on the store)."""

    def __init__(self, task: str, holding: str | None = None) -> None:
        super().__init__(daemon=True)
        self.title, self.killed, self.stop = f"ray::{task}".encode(), None, threading.Event()
        self.holding = holding

    def _holds(self, pid: str) -> bool:
        if self.holding is None:
            return True
        try:
            return any(os.readlink(f"/proc/{pid}/fd/{fd}") == self.holding for fd in os.listdir(f"/proc/{pid}/fd"))
        except OSError:
            return False

    def run(self) -> None:
        while not self.stop.is_set() and self.killed is None:
            for pid in os.listdir("/proc"):
                if not pid.isdigit() or int(pid) == os.getpid():
                    continue
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if cmd.startswith(self.title) and self._holds(pid):
                    os.kill(int(pid), signal.SIGKILL)
                    self.killed = int(pid)
                    return
            time.sleep(0.002)


@pytest.mark.parametrize("name", ["bbc", "recovery"])
def test_ray_ingest_and_families_equal_local(name, samples, local_stores, engine, tmp_path):
    local_db, local_families = local_stores[name]
    db = str(tmp_path / "ray.db")
    with Corpus(db) as c:
        rep = c.ingest([samples[name]], batch_size=16, engine=engine)
        assert rep.added == len(c) and not rep.bad
        families = [f.to_dict() for f in c.families(engine=engine)]
    assert _contents(db) == _contents(local_db)
    _check_ok(db)
    assert local_families, "the sample holds groups of identical texts: families expected"
    assert families == local_families


def test_killed_worker_loses_nothing(samples, local_stores, engine, tmp_path):
    local_db, local_families = local_stores["bbc"]
    db = str(tmp_path / "ray.db")
    killer = _Killer("_prepare_batch")
    killer.start()
    with Corpus(db) as c:
        rep = c.ingest([samples["bbc"]], batch_size=4, engine=engine)
        killer.stop.set()
        assert killer.killed, "no worker was seen preparing a batch"
        assert rep.added == len(c) and not rep.bad
        # the families pipeline's ANN stage (a Ray Data actor) and decision stage (the reduce
        # task of the shuffle by query), each killed once it has the store open
        killers = [_Killer(stage, holding=os.path.abspath(db))
                   for stage in ("MapWorker(MapBatches(_AnnHits))", "HashShuffleReduce(keys=('query',)")]
        for killer in killers:
            killer.start()
        families = [f.to_dict() for f in c.families(engine=engine)]
        for killer in killers:
            killer.stop.set()
            assert killer.killed, f"no Ray Data worker was seen running {killer.title.decode()}"
    assert _contents(db) == _contents(local_db)
    _check_ok(db)
    assert families == local_families


def test_cli_engine_ray(samples, local_stores, engine, tmp_path, monkeypatch):
    """`unspin ingest --engine ray` and `unspin trace --all --engine ray` (on the Ray already
    running, which they leave running) give the local engine's families, and the JSON on stdout
    parses though the raylet reports a dead worker meanwhile (Ray's driver prints that notice to
    sys.stdout; a worker killed in the test before this one made CI's stdout unreadable)."""
    from ray._private.worker import print_to_stdstream
    from typer.testing import CliRunner

    from unspin.cli.app import app

    notice = "A worker died or was killed while executing a task by an unexpected system error."
    families = Corpus.families

    def noisy_families(self, *args, **kwargs):
        out = families(self, *args, **kwargs)
        print_to_stdstream({"lines": [notice], "pid": "raylet", "is_err": False}, ignore_prefix=False)
        return out

    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    res = runner.invoke(app, ["ingest", samples["recovery"], "--db", db, "--engine", "ray", "--no-progress"])
    assert res.exit_code == 0, res.output
    monkeypatch.setattr(Corpus, "families", noisy_families)
    res = runner.invoke(app, ["trace", "--all", "--db", db, "--engine", "ray", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["families"] == local_stores["recovery"][1]
    assert notice in res.stderr
    monkeypatch.undo()
    assert ray.is_initialized()
    res = runner.invoke(app, ["trace", samples["recovery"], "--db", db, "--engine", "ray"])
    assert res.exit_code != 0 and "--all" in res.output


def test_ray_on_postgresql(samples, local_stores, engine, pg_database):
    """The Ray engine on a PostgreSQL store (the workers open it by its URL, password and
    index folder included): the SQLite local engine's documents and families."""
    local_db, local_families = local_stores["recovery"]
    url = pg_database()
    with Corpus(url) as c:
        rep = c.ingest([samples["recovery"]], batch_size=16, engine=engine)
        assert rep.added == len(c) and not rep.bad
        families = [f.to_dict() for f in c.families(engine=engine)]
    assert _contents(url) == _contents(local_db)
    _check_ok(url)
    assert families == local_families
    assert _decided_as_traced(url) > 10  # the band and sentence-hash range reads of PostgreSQL


def test_corroborate_all_on_ray(local_stores, engine):
    """`corroborate --all --engine ray` (every document traced on Ray, the copies among each
    claim's reports read from those traces) prints the local dashboard."""
    from typer.testing import CliRunner

    from unspin.cli.app import app
    from unspin.corroboration.dashboard import _TracedCorpus, traced_corpus

    db = local_stores["bbc"][0]
    with Corpus(db, create=False) as c:
        traced = traced_corpus(c, engine)
        assert isinstance(traced, _TracedCorpus) and sorted(traced._traces) == list(c.store.rowids())
    runner = CliRunner()
    local = runner.invoke(app, ["corroborate", "--all", "--db", db, "-f", "json"])
    assert local.exit_code == 0, local.output
    on_ray = runner.invoke(app, ["corroborate", "--all", "--db", db, "-f", "json", "--engine", "ray"])
    assert on_ray.exit_code == 0, on_ray.output
    assert json.loads(local.stdout)["claims"], "the sample holds claims several BBC articles carry"
    assert json.loads(on_ray.stdout) == json.loads(local.stdout)
    res = runner.invoke(app, ["corroborate", "a claim", "--db", db, "--engine", "ray"])
    assert res.exit_code != 0 and "--all" in res.output
