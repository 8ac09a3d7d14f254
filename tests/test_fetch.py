"""URL input: fetched from a local HTTP server; loopback, private and link-local addresses
refused unless allowed; redirects, sizes and content types checked."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from pdfmaker import make_pdf
from unspin.errors import InputError
from unspin.inputs.fetch import FetchPolicy, check_address, fetch_record

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
PAGE = ("<html><head><title>Floods</title></head><body><nav>Home | World</nav><article><p>"
        + "</p><p>".join(ARTICLE.split("\n\n")) + "</p></article></body></html>").encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        routes = {
            "/page": (200, "text/html; charset=utf-8", PAGE),
            "/plain": (200, "text/plain", ARTICLE.encode()),
            "/report.pdf": (200, "application/pdf", make_pdf(["The minister said prices would fall."])),
            "/image": (200, "image/png", b"\x89PNG...."),
            "/huge": (200, "text/plain", b"a" * 5000),
            "/missing": (404, "text/plain", b"no"),
        }
        if self.path.startswith("/hop"):
            n = int(self.path[4:] or 0)
            self.send_response(302)
            self.send_header("Location", f"/hop{n + 1}" if n < 20 else "/page")
            self.end_headers()
            return
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        if self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


LOCAL = FetchPolicy(allow_private=True, timeout=10)


def test_a_page_is_fetched_and_reduced_to_its_main_text(site):
    rec = fetch_record(f"{site}/page", LOCAL)
    assert rec.ok, rec.error
    assert "Helen Okafor" in rec.text and "Home | World" not in rec.text


def test_plain_text_and_pdf_by_content_type(site):
    assert fetch_record(f"{site}/plain", LOCAL).text == ARTICLE
    assert "prices would fall" in fetch_record(f"{site}/report.pdf", LOCAL).text


@pytest.mark.parametrize("path, words", [
    ("/image", "image/png"), ("/missing", "HTTP 404"), ("/hop0", "redirects"), ("/to-file", "http and https"),
])
def test_what_is_not_fetched_says_why(site, path, words):
    rec = fetch_record(f"{site}{path}", LOCAL)
    assert not rec.ok and words in rec.error


def test_size_limit_while_reading(site):
    rec = fetch_record(f"{site}/huge", FetchPolicy(allow_private=True, max_bytes=1000))
    assert not rec.ok and "too large" in rec.error


def test_loopback_is_refused_by_default(site):
    rec = fetch_record(f"{site}/page")
    assert not rec.ok and "loopback" in rec.error


def test_a_redirect_to_the_metadata_address_is_refused(site):
    # the test server's own address is allowed, so the redirect is reached; the metadata
    # address it points to is checked like the first URL and refused
    rec = fetch_record(f"{site}/to-metadata", FetchPolicy(allow_addresses=frozenset({"127.0.0.1"})))
    assert not rec.ok and "link-local" in rec.error and "169.254.169.254" in rec.error
    assert fetch_record(f"{site}/page", FetchPolicy(allow_addresses=frozenset({"127.0.0.1"}))).ok
    with pytest.raises(InputError, match="link-local"):
        check_address("169.254.169.254")


@pytest.mark.parametrize("ip, what", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"), ("172.16.5.4", "private"),
    ("169.254.169.254", "link-local"), ("::1", "loopback"), ("fe80::1", "link-local"), ("fc00::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
])
def test_addresses_a_fetch_may_not_reach(ip, what):
    with pytest.raises(InputError, match=what):
        check_address(ip)


def test_public_addresses_pass():
    for ip in ("93.184.216.34", "2606:4700::1111"):
        check_address(ip)


def test_the_api_takes_a_url_when_the_operator_allows_it(site, tmp_path):
    from fastapi.testclient import TestClient

    from unspin.server import ServerSettings, create_app
    from unspin.store.tokens import TokenStore

    db = str(tmp_path / "s.db")
    token = TokenStore(db).create("t")
    h = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(ServerSettings(db=db, allow_private_urls=True))) as client:
        resp = client.post("/v1/analyze", json={"url": f"{site}/page"}, headers=h)
        assert resp.status_code == 200, resp.text
        assert "Helen Okafor" in {a["speaker"]["name"] for a in resp.json()["attributions"]}
        assert client.post("/v1/analyze", json={"url": f"{site}/page", "text": "x"}, headers=h).status_code == 422
    with TestClient(create_app(ServerSettings(db=db))) as client:
        resp = client.post("/v1/analyze", json={"url": f"{site}/page"}, headers=h)
        assert resp.status_code == 422 and "loopback" in resp.json()["error"]["message"]
