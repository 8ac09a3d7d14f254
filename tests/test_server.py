"""The REST API (unspin serve) through FastAPI's test client: auth, limits, bad input, and
the CONTRACT objects of each endpoint on real text."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pdfmaker import make_pdf
from unspin.server import ServerSettings, create_app
from unspin.store.tokens import TokenStore

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")


def _client(tmp_path_factory, **settings) -> tuple[TestClient, dict[str, str]]:
    db = str(tmp_path_factory.mktemp("srv") / "store.db")
    tokens = TokenStore(db)
    read, write = tokens.create("reader", "read"), tokens.create("writer", "write")
    tokens.close()
    client = TestClient(create_app(ServerSettings(db=db, **settings)))
    return client, {"read": read, "write": write, "db": db}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    client, tokens = _client(tmp_path_factory)
    with client:
        yield client, tokens


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(resp, status: int, *words: str) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["message"]
    for w in words:
        assert w in body["error"]["message"]
    assert "Traceback" not in resp.text and "Error:" not in body["error"]["message"]


def assert_spans_index(text: str, obj: dict) -> None:
    for a in obj["attributions"]:
        for name in ("content", "cue", "source"):
            span = a[name]
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"]


def test_health_needs_no_token_and_pages_send_a_csp(api):
    client, _ = api
    resp = client.get("/v1/health")
    assert resp.status_code == 200 and resp.json()["status"] == "ok"
    assert "default-src 'self'" in resp.headers["content-security-policy"]
    assert resp.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path, body", [("/v1/analyze", {"text": ARTICLE}),
                                        ("/v1/diff", {"source": ARTICLE, "copy": ARTICLE}),
                                        ("/v1/trace", {"text": ARTICLE})])
def test_every_endpoint_but_health_needs_a_valid_token(api, path, body):
    client, _ = api
    assert_error(client.post(path, json=body), 401, "Bearer")
    assert_error(client.post(path, json=body, headers=auth("unspin_not-a-real-token")), 401, "not valid")
    assert client.get("/v1/attributions").status_code == 401


def test_analyze_returns_the_contract_object(api):
    client, tokens = api
    resp = client.post("/v1/analyze", json={"text": ARTICLE}, headers=auth(tokens["read"]))
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert set(out) >= {"attributions", "entities", "hedges", "spin", "boilerplate"}
    assert_spans_index(ARTICLE, out)
    speakers = {a["speaker"]["name"] for a in out["attributions"]}
    assert "Helen Okafor" in speakers and "Martin Sewell" in speakers


def test_uploaded_pdf_and_html_are_extracted_and_returned(api):
    client, tokens = api
    pdf = make_pdf(["Prices will fall next year, the finance minister said on Monday.",
                    "\"We will not raise taxes,\" she told reporters."])
    resp = client.post("/v1/analyze", files={"file": ("report.pdf", pdf, "application/pdf")},
                       headers=auth(tokens["read"]))
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert "Prices will fall" in out["text"] and out["attributions"]
    assert_spans_index(out["text"], out)
    html = "<html><body><article><p>" + "</p><p>".join(ARTICLE.split("\n\n")) + "</p></article></body></html>"
    resp = client.post("/v1/analyze", files={"file": ("page.html", html.encode(), "text/html")},
                       headers=auth(tokens["read"]))
    assert resp.status_code == 200 and "Okafor" in resp.json()["text"]
    assert_spans_index(resp.json()["text"], resp.json())


@pytest.mark.parametrize("files, words", [
    ({"file": ("x.bin", b"\x00\x01\x02binary", "application/octet-stream")}, ("binary",)),
    ({"file": ("scan.pdf", b"%PDF-1.4 garbage", "application/pdf")}, ("PDF",)),
    ({"file": ("empty.txt", b"", "text/plain")}, ("empty",)),
    ({"other": ("a.txt", b"text", "text/plain")}, ("file",)),
])
def test_bad_uploads_get_a_reason(api, files, words):
    client, tokens = api
    assert_error(client.post("/v1/analyze", files=files, headers=auth(tokens["read"])), 422, *words)


@pytest.mark.parametrize("body, words", [
    (b"{not json", ("request",)), (b'{"txt": "hello"}', ("text",)), (b'{"text": 5}', ("text",)),
    (b'{"text": "   "}', ("empty",)),
])
def test_bad_json_bodies_get_a_reason(api, body, words):
    client, tokens = api
    resp = client.post("/v1/analyze", content=body,
                       headers={**auth(tokens["read"]), "content-type": "application/json"})
    assert_error(resp, 422, *words)


def test_diff_reports_the_dropped_negation(api):
    client, tokens = api
    source = "The minister said the plan would not raise taxes. Critics disagreed."
    copy = "The minister said the plan would raise taxes. Critics disagreed."
    resp = client.post("/v1/diff", json={"source": source, "copy": copy}, headers=auth(tokens["read"]))
    assert resp.status_code == 200, resp.text
    edits = resp.json()["edits"]
    assert any(e["category"] == "negation" and e["severity"] == "high" for e in edits)


def test_a_text_over_the_limit_is_413_naming_it(api):
    client, tokens = api
    from unspin.limits import MAX_CHARS

    resp = client.post("/v1/analyze", json={"text": "a" * (MAX_CHARS + 1)}, headers=auth(tokens["read"]))
    assert_error(resp, 413, f"{MAX_CHARS:,}")


def test_openapi_and_docs_use_no_cdn(api):
    client, _ = api
    spec = client.get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/diff", "/v1/trace", "/v1/attributions", "/v1/health"} <= set(spec["paths"])
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css", "/static/unspin/docs.js"):
        assert client.get(asset).status_code == 200


def test_trace_finds_the_source_in_the_servers_store(tmp_path_factory):
    from unspin.provenance import Corpus

    client, tokens = _client(tmp_path_factory)
    folder = tmp_path_factory.mktemp("docs")
    (folder / "flood.txt").write_text(ARTICLE, encoding="utf-8")
    with Corpus(tokens["db"]) as corpus:
        corpus.ingest([str(folder)])
    copy = ARTICLE.replace("Sunday", "Saturday").replace("heaviest", "worst")
    with client:
        resp = client.post("/v1/trace", json={"text": copy}, headers=auth(tokens["read"]))
    assert resp.status_code == 200, resp.text
    assert resp.json()["matches"][0]["id"] == "flood.txt"


def test_small_limits_body_and_rate(tmp_path_factory):
    client, tokens = _client(tmp_path_factory, max_body_bytes=10_000, rate_per_minute=4)
    with client:
        h = auth(tokens["read"])
        assert_error(client.post("/v1/analyze", json={"text": "x" * 20_000}, headers=h), 413, "10,000")
        # a body sent in chunks, without Content-Length, is counted as it arrives
        chunks = (b'{"text": "' + b"x" * 4000 for _ in range(4))
        assert_error(client.post("/v1/analyze", content=chunks, headers={**h, "content-type": "application/json"}),
                     413, "10,000")
        codes = [client.post("/v1/diff", json={"source": "A said B.", "copy": "A said C."}, headers=h).status_code
                 for _ in range(3)]
        # 4 a minute: the chunked request counted (its token was checked before its body was
        # read), the first 413 did not (refused on its Content-Length before anything else)
        assert codes == [200] * 3
        resp = client.post("/v1/diff", json={"source": "A said B.", "copy": "A said C."}, headers=h)
        assert_error(resp, 429, "a minute")
        assert int(resp.headers["retry-after"]) >= 1


def test_a_pathological_text_times_out_and_the_server_serves_on(tmp_path_factory):
    client, tokens = _client(tmp_path_factory, timeout=1.0, max_queue=0, max_body_bytes=5_000_000)
    with client:
        h = auth(tokens["read"])
        slow = "\n\n".join([ARTICLE] * 80)  # ~140 KB: well past a second of analysis
        resp = client.post("/v1/analyze", json={"text": slow}, headers=h)
        assert_error(resp, 504, "time limit")
        busy: dict[str, int] = {}

        def long_request():
            busy["slow"] = client.post("/v1/analyze", json={"text": slow}, headers=h).status_code

        t = threading.Thread(target=long_request)
        t.start()
        import time

        pool = client.app.state.unspin.pool
        deadline = time.monotonic() + 30
        while pool.busy < 1 and time.monotonic() < deadline:  # the slow one holds the only worker
            time.sleep(0.02)
        second = client.post("/v1/analyze", json={"text": ARTICLE}, headers=h)
        t.join()
        assert busy["slow"] == 504
        assert second.status_code == 503 and second.headers.get("retry-after")
        ok = client.post("/v1/analyze", json={"text": ARTICLE}, headers=h)
        assert ok.status_code == 200, ok.text  # a fresh worker took over


def test_open_access_reads_without_a_token_but_only_on_loopback(tmp_path_factory):
    from typer.testing import CliRunner

    from unspin.cli.app import app

    client, _ = _client(tmp_path_factory, open_access=True)
    with client:
        assert client.post("/v1/diff", json={"source": "A said B.", "copy": "A said B."}).status_code == 200
    result = CliRunner().invoke(app, ["serve", "--open", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "loopback" in result.output


def test_token_create_prints_a_token_and_stores_only_its_hash(tmp_path):
    import sqlite3

    from typer.testing import CliRunner

    from unspin.cli.app import app

    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(app, ["token", "create", "newsroom", "--db", db, "--scope", "write"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert token.startswith("unspin_") and len(token) > 30
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert token not in dump and "newsroom" in dump
    assert TokenStore(db).find(token).scope == "write"


def test_ingest_job_stores_uploads_and_reports_bad_records(tmp_path_factory):
    import time

    client, tokens = _client(tmp_path_factory)
    other = ARTICLE.replace("Marrowby", "Dunmore Bay").replace("Sunday", "Friday")
    files = [("files", ("flood.txt", ARTICLE.encode(), "text/plain")),
             ("files", ("../../etc/evil.txt", other.encode(), "text/plain")),
             ("files", ("broken.txt", b"\x00\x01binary", "text/plain"))]
    with client:
        assert client.post("/v1/documents", files=files, headers=auth(tokens["read"])).status_code == 403
        resp = client.post("/v1/documents?analyze=true", files=files, headers=auth(tokens["write"]))
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["id"]
        deadline = time.monotonic() + 120
        while (job := client.get(f"/v1/jobs/{job_id}", headers=auth(tokens["write"])).json())["status"] in (
                "queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert job["status"] == "done", job
        assert job["added"] == 2 and job["analysed"] == 2
        assert [b["where"] for b in job["bad"]] == ["broken.txt"] and "binary" in job["bad"][0]["error"]
        # stored where the name says, never outside: the path in the upload name is dropped
        found = client.post("/v1/trace", json={"text": other}, headers=auth(tokens["read"])).json()["matches"]
        assert found and found[0]["id"] == "evil.txt"
        said = client.get("/v1/attributions", params={"speaker": "Helen Okafor"}, headers=auth(tokens["read"]))
        assert said.status_code == 200 and len(said.json()["attributions"]) >= 2
        assert client.get("/v1/jobs/nope", headers=auth(tokens["write"])).status_code == 404
        # JSON documents
        resp = client.post("/v1/documents", json={"documents": [{"id": "j1", "text": ARTICLE, "title": "Floods"}]},
                           headers=auth(tokens["write"]))
        assert resp.status_code == 202


def test_the_server_runs_on_a_postgresql_store(pg_database, tmp_path):
    from unspin.provenance import Corpus
    from unspin.store import open_tokens

    url = pg_database()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "flood.txt").write_text(ARTICLE, encoding="utf-8")
    with Corpus(url) as corpus:
        corpus.ingest([str(folder)])
    token = open_tokens(url).create("pg-reader")
    with TestClient(create_app(ServerSettings(db=url))) as client:
        h = auth(token)
        assert client.get("/v1/whoami", headers=h).json()["name"] == "pg-reader"
        found = client.post("/v1/trace", json={"text": ARTICLE.replace("Sunday", "Monday")}, headers=h).json()
        assert found["matches"][0]["id"] == "flood.txt"
        assert client.get("/v1/documents", headers=h).json()["total"] == 1
