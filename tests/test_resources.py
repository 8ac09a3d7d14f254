"""The options and resources seam (issue 9): what an analysis uses is passed by the caller,
never read from the environment or from hidden module state."""

from __future__ import annotations

import json
import pickle
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import unspin
from unspin import nlp as nlp_module
from unspin.options import AttributionOptions
from unspin.resources import Resources

PACKAGE = Path(unspin.__file__).parent
# Statements a rule finder misses and the tagger finds ("The mayor's plan, critics
# argue, ..."), with quotations both find: rules alone and rules + tagger differ.
TEXT = (
    "Transport Secretary Alan Pryce defended the plan on Monday.\n\n"
    '"We will not raise fares," Mr Pryce said.\n\n'
    "The scheme would cost far more than promised, according to a report by the council.\n\n"
    "Opposition leader Margaret Olsen said she expected the costs to double within two years, "
    "and warned that the line might never open.\n\n"
    "Critics believe the plan is a distraction from the housing crisis.\n"
)


def contents(analysis) -> list[str]:
    return [a.content.text for a in analysis.attributions]


@pytest.fixture(scope="module")
def counted(monkeypatch_module):
    """A fresh Resources whose pipeline loads are counted."""
    loads = []
    real = nlp_module.build_nlp

    def build():
        loads.append(1)
        return real()

    monkeypatch_module.setattr(nlp_module, "build_nlp", build)
    return Resources(), loads


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_two_option_sets_in_one_process_give_two_behaviours(counted):
    resources, _ = counted
    rules = AttributionOptions(learned=False)
    both = unspin.analyze(TEXT, options=AttributionOptions(), resources=resources)
    alone = unspin.analyze(TEXT, options=rules, resources=resources)
    assert contents(both) != contents(alone)
    # and again, in the other order and at the same time from two threads: no state leaks
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda o: unspin.analyze(TEXT, options=o, resources=resources), [rules, AttributionOptions()])
    assert contents(a) == contents(alone) and contents(b) == contents(both)


def test_merge_policy_is_an_option(counted):
    resources, _ = counted
    learned_first = unspin.analyze(TEXT, resources=resources)
    rule_first = unspin.analyze(TEXT, options=AttributionOptions(merge_policy="rule"), resources=resources)
    # which finder's reading of the quotation wins: the tagger's takes the quotation
    # marks in, the quote finder's stops inside them
    assert contents(learned_first) != contents(rule_first)
    with pytest.raises(ValueError, match="merge_policy"):
        AttributionOptions(merge_policy="best")  # type: ignore[arg-type]


def test_a_resources_object_loads_its_pipeline_once_and_is_the_one_used(counted):
    resources, loads = counted
    unspin.analyze(TEXT, resources=resources)
    list(unspin.analyze_many([("a", TEXT), ("b", "Smith said taxes would rise.")], resources=resources))
    from unspin.drift import diff

    diff(TEXT, TEXT.replace("will not", "will"), resources=resources)
    assert len(loads) == 1
    assert {"nlp", "tagger", "embedder"} <= resources.loaded()
    # the tagger given is the tagger used: none given means the rule finders alone
    no_tagger = Resources(nlp=resources.nlp, tagger=None)
    assert contents(unspin.analyze(TEXT, resources=no_tagger)) == contents(
        unspin.analyze(TEXT, options=AttributionOptions(learned=False), resources=resources))
    assert len(loads) == 1


def test_concurrent_first_use_loads_once(monkeypatch):
    calls = []
    barrier = threading.Barrier(4)

    def slow_build():
        calls.append(1)
        return object()

    monkeypatch.setattr(nlp_module, "build_nlp", slow_build)
    resources = Resources()

    def get(_):
        barrier.wait()
        return resources.nlp

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(get, range(4)))
    assert len(calls) == 1 and all(g is got[0] for g in got)


def test_resources_travel_empty_between_processes(counted):
    resources, _ = counted
    copy = pickle.loads(pickle.dumps(resources))
    assert resources.loaded() and not copy.loaded()


def test_spawned_workers_get_the_options():
    records = [("a", TEXT), ("b", TEXT.replace("Monday", "Tuesday"))]
    rules = AttributionOptions(learned=False)
    here = [contents(a) for a in unspin.analyze_many(records, options=rules)]
    there = [contents(a) for a in unspin.analyze_many(records, batch_size=1, n_process=2, options=rules,
                                                       start_method="spawn")]
    assert there == here


def test_blas_limit_is_scoped_when_threads_overlap(monkeypatch):
    """The first caller in lowers the limit, the last one out restores it, whichever
    threads they are (a limit per call, left by one thread while another is inside,
    restored the setting under it)."""
    from unspin import blas

    events = []

    class Limiter:
        def restore_original_limits(self):
            events.append("restore")

    class Controller:
        def limit(self, limits, user_api):
            events.append(("limit", limits, user_api))
            return Limiter()

    scope = blas._OneThreadScope()
    scope._controller = Controller()
    monkeypatch.setattr(blas, "_scope", scope)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with blas.one_blas_thread_scope():
            a_in.set()
            b_in.wait(5)
        a_out.set()  # left while the other thread is still inside

    def second():
        a_in.wait(5)
        with blas.one_blas_thread_scope():
            b_in.set()
            a_out.wait(5)
            seen["inside"] = list(events)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen["inside"] == [("limit", 1, "blas")]  # still limited after the first thread left
    assert events == [("limit", 1, "blas"), "restore"]

    @blas.one_blas_thread
    def product():
        return len(events)

    assert product() == 3 and events[-1] == "restore"


# Reading the environment is allowed only where a convention of other software is honoured:
# the terminal width (COLUMNS) when the CLI prints to a pipe, and the offline flags the
# embedding-table build sets for Hugging Face libraries before importing them.
_ENV_ALLOWED = {
    "cli/app.py": {"COLUMNS"},
    "provenance/distill.py": {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"},
}
_ENV_USE = re.compile(r"os\.environ|getenv|environ\[")


def test_no_switch_is_read_from_the_environment():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if "UNSPIN_" in line and not line.lstrip().startswith("#"):
                offenders.append(f"{rel}:{n}: {line.strip()}")
            elif _ENV_USE.search(line):
                names = set(re.findall(r"[\"']([A-Z_][A-Z0-9_]*)[\"']", line))
                if not names or not names <= _ENV_ALLOWED.get(rel, set()):
                    offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


def test_no_module_holds_a_loaded_model():
    """Models live in a Resources; no lru_cache or global of a pipeline, tagger or embedder."""
    banned = re.compile(r"^_(?:tagger|embedder|nlp|model)\b\s*[:=]|^\s*global\s+_(?:tagger|embedder|nlp|model)\b", re.M)
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text()
        offenders += [f"{path.name}: {m.group(0)}" for m in re.finditer(banned, text)]
        if re.search(r"@lru_cache[^\n]*\n\s*def load_nlp", text):
            offenders.append(f"{path.name}: lru_cache load_nlp")
    assert offenders == []


def test_the_cli_maps_rules_only_to_the_option(tmp_path):
    from typer.testing import CliRunner

    from unspin.cli.app import app

    (tmp_path / "a.txt").write_text(TEXT)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "json", "--rules-only"])
    assert result.exit_code == 0, result.output
    expected = unspin.analyze(TEXT, id=None, options=AttributionOptions(learned=False)).to_dict()
    got = json.loads(result.stdout)
    assert got["attributions"] == expected["attributions"]


def test_the_server_passes_its_options_and_resources(tmp_path):
    from fastapi.testclient import TestClient

    from unspin.provenance import Corpus
    from unspin.server import ServerSettings, create_app
    from unspin.server.app import _State

    db = str(tmp_path / "s.db")
    Corpus(db).close()
    resources = Resources()
    rules = AttributionOptions(learned=False)
    state = _State(ServerSettings(db=db, attribution=rules), resources)
    with state.using_corpus() as corpus:  # the server's corpus uses the server's resources and options
        assert corpus.resources is resources and corpus.embedder is resources.embedder
        assert corpus.options is rules
        assert state.corroborator(corpus).corpus is corpus
    state.close()
    # the options reach the analysis worker processes with each request
    expected = unspin.analyze(TEXT, options=rules).to_dict()["attributions"]
    assert expected != unspin.analyze(TEXT).to_dict()["attributions"]
    with TestClient(create_app(ServerSettings(db=db, open_access=True, attribution=rules), resources)) as client:
        resp = client.post("/v1/analyze", json={"text": TEXT})
    assert resp.status_code == 200, resp.text
    assert resp.json()["attributions"] == expected


def test_a_process_given_resources_loads_nothing_else():
    """In a fresh process, analyze (spin evidence included) and diff with a caller's Resources
    load one pipeline, the caller's, and never build the default resources."""
    import subprocess
    import sys

    script = f"""
import unspin, unspin.nlp, unspin.resources
from unspin.drift import diff
loads = []
real = unspin.nlp.build_nlp
unspin.nlp.build_nlp = lambda: loads.append(1) or real()
r = unspin.resources.Resources()
text = {TEXT!r}
unspin.analyze(text, resources=r)
diff(text, text.replace("will not", "will"), resources=r)
assert loads == [1], loads
assert unspin.resources._default is None, "the default resources were built"
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_forked_workers_do_not_inherit_a_held_lock(counted):
    """A thread of the parent inside the tagger (its lock held) when the pool forks: the
    workers get fresh locks instead of waiting for ever on the copy of a held one."""
    resources, _ = counted
    records = [("a", TEXT), ("b", TEXT.replace("Monday", "Tuesday"))]
    here = [contents(a) for a in unspin.analyze_many(records, resources=resources)]
    result = {}

    def run():
        result["there"] = [contents(a) for a in unspin.analyze_many(records, batch_size=1, n_process=2,
                                                                     resources=resources, start_method="fork")]

    with resources.tagger._lock:  # held across the fork
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(120)
    assert result.get("there") == here
