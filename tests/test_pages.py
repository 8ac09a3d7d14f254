"""The pages in a real headless Chromium (Debian's chromium and chromedriver, driven by
Selenium) against a real `unspin serve`: every flow, signed in and not. The checks read
the page (its elements and text), not the pixels; the screenshots are kept for people.

    .venv/bin/python -m pytest tests/test_pages.py --screenshots docs/screenshots
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
COPY = (ARTICLE.replace("Sunday", "Saturday").replace("could not be independently verified", "was confirmed")
        .replace("far too late", "on time"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver "
                                "(apt-get install chromium chromium-driver; .ci/run installs them)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str, *extra: str):
    import httpx

    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "unspin.cli.app", "serve", "--db", db, "--port", str(port),
                             *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("unspin serve did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from unspin.provenance import Corpus
    from unspin.store.tokens import TokenStore

    work = tmp_path_factory.mktemp("pages")
    folder = work / "docs"
    folder.mkdir()
    (folder / "flood.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "repost.txt").write_text(ARTICLE.replace("Marrowby Courier", "Courier"), encoding="utf-8")
    db = str(work / "store.db")
    with Corpus(db) as corpus:
        corpus.ingest([str(folder)], analyze=True, jobs=1)
    tokens = TokenStore(db)
    read, write = tokens.create("reader", "read"), tokens.create("editor", "write")
    tokens.close()
    proc, url = _serve(db)
    yield {"url": url, "read": read, "write": write, "db": db, "work": work}
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu", "--no-first-run", "--disable-extensions"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def shots(request, tmp_path_factory) -> Path:
    where = request.config.getoption("--screenshots", default=None)
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def snap(driver, path: Path) -> None:
    """A screenshot of the whole page, beyond the window (Chrome's DevTools protocol)."""
    import base64

    driver.execute_script("window.scrollTo(0, 0)")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))


def wait_for(driver, test, seconds: float = 90):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.2).until(lambda d: test(d))


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def sign_in(driver, site, token):
    driver.get(site["url"] + "/")
    css(driver, "#token")[0].send_keys(token)
    css(driver, "#signin-form button")[0].click()
    wait_for(driver, lambda d: "/analyze" in d.current_url)
    wait_for(driver, lambda d: "signed in as" in css(d, "#who")[0].text)


def test_a_page_without_a_token_sends_you_to_sign_in(browser, site, shots):
    browser.get(site["url"] + "/")
    browser.execute_script("sessionStorage.clear()")
    browser.get(site["url"] + "/analyze")
    wait_for(browser, lambda d: "next=%2Fanalyze" in d.current_url)
    css(browser, "#token")[0].send_keys("unspin_wrong")
    css(browser, "#signin-form button")[0].click()
    wait_for(browser, lambda d: "not accepted" in css(d, "#message")[0].text)
    snap(browser, shots / "signin.png")


def test_analyze_marks_statements_by_speaker_with_details_on_hover(browser, site, shots):
    from selenium.webdriver.common.action_chains import ActionChains

    sign_in(browser, site, site["read"])
    css(browser, "#text")[0].send_keys(ARTICLE)
    css(browser, "#analyze-form button")[0].click()
    wait_for(browser, lambda d: len(css(d, "#article .stmt")) >= 8)
    rows = css(browser, "#who-said-what tbody tr")
    assert len(rows) >= 10
    table = css(browser, "#who-said-what")[0].text
    assert "Helen Okafor" in table and "Martin Sewell" in table
    # hovering a statement of Okafor's shows her details and how she was resolved
    okafor = [s for s in css(browser, "#article .stmt") if "gauges upstream" in s.text][0]
    ActionChains(browser).move_to_element(okafor).perform()
    wait_for(browser, lambda d: css(d, "#tooltip")[0].is_displayed())
    tip = css(browser, "#tooltip")[0].text
    assert "Helen Okafor" in tip and "cue:" in tip
    assert "spin score" in css(browser, "#score")[0].text
    snap(browser, shots / "analyze.png")


def test_hostile_text_is_shown_as_text(browser, site):
    sign_in(browser, site, site["read"])
    evil = '<img src=x onerror="document.title=\'pwned\'"> "We are safe," <script>alert(1)</script> the mayor said.'
    css(browser, "#text")[0].send_keys(evil)
    css(browser, "#analyze-form button")[0].click()
    wait_for(browser, lambda d: "We are safe" in css(d, "#article")[0].text)
    assert browser.title != "pwned" and not css(browser, "#article img") and not css(browser, "#article script")
    assert "<script>alert(1)</script>" in css(browser, "#article")[0].text


def test_sources_finds_the_original_and_diffs_against_it(browser, site, shots):
    from selenium.webdriver.support.ui import Select

    sign_in(browser, site, site["read"])
    browser.get(site["url"] + "/sources")
    css(browser, "#text")[0].send_keys(COPY)
    css(browser, "#trace-form button")[0].click()
    wait_for(browser, lambda d: len(css(d, "#matches tbody tr")) >= 1)
    assert "flood.txt" in css(browser, "#matches")[0].text
    first = [r for r in css(browser, "#matches tbody tr") if "flood.txt" in r.text][0]
    first.find_element("css selector", "button.compare").click()
    wait_for(browser, lambda d: len(css(d, "#edits li.edit")) >= 1)
    edits = css(browser, "#edits")[0].text
    assert "high" in edits.split("\n")[0]  # high edits first
    everything = len(css(browser, "#edits li"))
    Select(css(browser, "#severity")[0]).select_by_value("high")
    wait_for(browser, lambda d: len(css(d, "#edits li")) <= everything)
    assert all("high" in li.text for li in css(browser, "#edits li.edit"))
    assert css(browser, "#side-by-side tbody tr mark.high")
    snap(browser, shots / "sources.png")


def test_corpus_lists_documents_speakers_and_families(browser, site, shots):
    sign_in(browser, site, site["read"])
    browser.get(site["url"] + "/corpus")
    wait_for(browser, lambda d: len(css(d, "#documents tbody tr")) == 2)
    css(browser, "#speaker-q")[0].send_keys("okafor")
    css(browser, "#speaker-form button")[0].click()
    wait_for(browser, lambda d: "Helen Okafor" in css(d, "#speakers")[0].text)
    css(browser, "#speakers tbody a")[0].click()
    wait_for(browser, lambda d: len(css(d, "#statements tbody tr")) >= 2)
    css(browser, "#families-button")[0].click()
    wait_for(browser, lambda d: "likely original" in css(d, "#families")[0].text)
    assert "repost.txt" in css(browser, "#families")[0].text
    snap(browser, shots / "corpus.png")


def test_ingest_uploads_with_progress_and_needs_write_scope(browser, site, shots):
    new = site["work"] / "new-report.txt"
    new.write_text(ARTICLE.replace("Marrowby", "Kelsham").replace("Okafor", "Adeyemi"), encoding="utf-8")
    bad = site["work"] / "bad.txt"
    bad.write_bytes(b"\x00\x01 binary")
    sign_in(browser, site, site["read"])
    browser.get(site["url"] + "/ingest")
    css(browser, "#files")[0].send_keys(str(new))
    css(browser, "#ingest-form button")[0].click()
    wait_for(browser, lambda d: "write" in css(d, "#message")[0].text)  # a read token may not ingest
    sign_in(browser, site, site["write"])
    browser.get(site["url"] + "/ingest")
    css(browser, "#files")[0].send_keys(f"{new}\n{bad}")
    css(browser, "#ingest-form button")[0].click()
    wait_for(browser, lambda d: "done:" in css(d, "#job-status")[0].text)
    status = css(browser, "#job-status")[0].text
    assert "1 added" in status and "1 not stored" in status
    assert "bad.txt" in css(browser, "#job-bad")[0].text
    snap(browser, shots / "ingest.png")


def test_open_server_reads_without_a_token(browser, site):
    proc, url = _serve(site["db"], "--open")
    try:
        browser.get(url + "/")
        browser.execute_script("sessionStorage.clear()")
        browser.get(url + "/analyze")
        wait_for(browser, lambda d: "without a token" in css(d, "#who")[0].text)
        css(browser, "#text")[0].send_keys(ARTICLE)
        css(browser, "#analyze-form button")[0].click()
        wait_for(browser, lambda d: len(css(d, "#article .stmt")) >= 8)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_claims_shows_reports_copies_under_their_original_and_counts(browser, site, shots):
    sign_in(browser, site, site["read"])
    browser.get(site["url"] + "/claims")
    css(browser, "#claim")[0].send_keys("The sirens had sounded far too late for people living near the river")
    css(browser, "#claim-form button")[0].click()
    wait_for(browser, lambda d: not css(d, "#claim-results")[0].get_attribute("hidden")
             and len(css(d, "#timeline > li")) >= 1, seconds=180)
    # flood.txt, its repost, and (once the ingest test has run) a copy with other names: one source
    counts = css(browser, "#claim-counts")[0].text
    assert "1 independent" in counts and ("2 reports" in counts or "3 reports" in counts)
    timeline = css(browser, "#timeline")[0].text
    assert "Helen Okafor" in timeline  # the credit
    assert len(css(browser, "#timeline > li")) == 1 and len(css(browser, "#timeline .copies li")) >= 1
    snap(browser, shots / "claims.png")
