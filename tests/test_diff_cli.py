"""`unspin diff`: the HTML and terminal reports of a Drift, and the command's wiring and errors.

Rendering tests build Drift objects by hand (overlapping spans, spans outside
every aligned pair, empty drifts); CLI wiring tests swap in a stand-in engine so
that they run without the model; one test runs the real engine end to end.
"""

from __future__ import annotations

import importlib
import json
from html.parser import HTMLParser

import pytest
from rich.console import Console
from typer.testing import CliRunner

from unspin.cli.app import app
from unspin.model import AlignedPair, Document, Drift, Edit, Span

SOURCE = ("The report could not be independently verified. Five <b>people</b> died & 3 were hurt. "
          "The mayor said it was calm.\n\nA last line.")
COPY = ("The report can be independently verified. Six <b>people</b> died & 3 were hurt. "
        "Officials claimed it was calm. Brand new sentence.")


def sp(text: str, sub: str) -> Span:
    i = text.index(sub)
    return Span(i, i + len(sub), sub)


def make_drift(source: str = SOURCE, copy: str = COPY) -> Drift:
    s, c = source, copy
    return Drift(
        Document(s), Document(c),
        alignment=[
            AlignedPair(sp(s, "The report could not be independently verified."),
                        sp(c, "The report can be independently verified."), 0.9),
            AlignedPair(sp(s, "Five <b>people</b> died & 3 were hurt."),
                        sp(c, "Six <b>people</b> died & 3 were hurt."), 0.95),
            AlignedPair(sp(s, "The mayor said it was calm."), sp(c, "Officials claimed it was calm."), 0.7),
            AlignedPair(sp(s, "A last line."), None, 0.0),
            AlignedPair(None, sp(c, "Brand new sentence."), 0.0),
        ],
        edits=[
            Edit("negation", "high", sp(s, "could not be independently verified"),
                 sp(c, "can be independently verified"), "the copy drops the <negation> & asserts it"),
            # overlaps the negation edit on both sides, and ends inside it
            Edit("hedge", "medium", sp(s, "could not be"), sp(c, "can be"), "hedge removed"),
            # crosses the end of the negation edit
            Edit("wording", "low", sp(s, "verified. Five"), sp(c, "verified. Six"), "crosses two sentences"),
            Edit("number", "high", sp(s, "Five"), sp(c, "Six"), "5 became 6"),
            Edit("speaker", "high", sp(s, "The mayor"), sp(c, "Officials"), "speaker changed"),
            Edit("attribution-cue", "medium", sp(s, "said"), sp(c, "claimed"), "cue 'said' became 'claimed'"),
            Edit("dropped-text", "medium", sp(s, "A last line."), None, "dropped"),
            Edit("added-text", "low", None, sp(c, "Brand new sentence."), "added"),
            # in the paragraph break, which no aligned pair covers
            Edit("wording", "low", sp(s, "\n\n"), None, "outside every pair"),
            # an empty span (a point) and one past the end of the text (an engine bug)
            Edit("role", "low", Span(4, 4, ""), Span(len(c) + 5, len(c) + 9, "oops"), "odd spans"),
        ],
    )


class TagChecker(HTMLParser):
    """Balanced tags (void elements aside) and the text content, entities decoded."""

    VOID = {"meta", "br", "input", "col", "hr", "img", "link", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag in ("script", "link", "img", "iframe"):
            self.errors.append(f"external or scripted element <{tag}>")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_html(page: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    for href in checker.hrefs:
        assert href.startswith("#") and href[1:] in checker.ids, href  # every link is inside the page
    assert "http://" not in page and "https://" not in page and "url(" not in page
    return checker


# --- the HTML report -----------------------------------------------------------------


def test_html_is_balanced_self_contained_and_escaped():
    from unspin.drift.render_html import drift_to_html

    drift = make_drift()
    page = drift_to_html(drift, source_name="src <1>.txt", copy_name="copy & co.txt")
    checker = check_html(page)
    text = "".join(checker.text)
    # markup in the texts, names and explanations is text, never tags
    assert "<b>people</b>" in text and "src <1>.txt" in text and "copy & co.txt" in text
    assert "&lt;b&gt;people" in page and "<b>" not in page.split("<body>", 1)[1]
    assert not any(tag == "b" for tag, _ in checker.tags)
    # summary counts at the top, before the side-by-side text
    summary = page.index('id="summary"')
    assert summary < page.index('id="text"') < page.index('id="edits"')
    assert "10 edits" in text and "3 high" in text and "3 medium" in text and "4 low" in text
    # each edit has an anchor in the list, and each highlight carries its category and explanation
    for i in range(1, len(drift.edits) + 1):
        assert f"e{i}" in checker.ids
    titles = " ".join(a.get("title", "") for tag, a in checker.tags if tag == "mark")
    assert "negation (high): the copy drops the <negation> & asserts it" in titles
    marks = [a["class"] for tag, a in checker.tags if tag == "mark"]
    assert any(c.startswith("high") for c in marks) and any(c.startswith("medium") for c in marks)
    assert any(c.startswith("low") for c in marks)


def test_html_every_character_of_each_aligned_sentence_is_shown_once():
    from unspin.drift.render_html import pieces, rows, side_edits

    drift = make_drift()
    for row in rows(drift):
        for side in ("source", "copy"):
            rng = getattr(row, side)
            if rng is None:
                continue
            segs = [p[1] for p in pieces(getattr(drift, side).text, rng, side_edits(drift, row, side))
                    if p[0] == "text"]
            assert "".join(segs) == getattr(drift, side).text[rng[0]:rng[1]]


def test_overlapping_spans_are_cut_flat_and_take_the_worst_severity():
    from unspin.drift.render_html import pieces, rows, side_edits, worst

    drift = make_drift()
    first = rows(drift)[0]
    got = pieces(drift.source.text, first.source, side_edits(drift, first, "source"))
    texts = [(p[1], p[2]) for p in got if p[0] == "text"]
    assert texts == [("The ", ()), ("report ", ()), ("could not be", (0, 1)), (" independently ", (0,)),
                     ("verified", (0, 2)), (".", (2,))]
    assert worst(drift, (0, 1)) == "high"
    marks = [p[1] for p in got if p[0] == "mark"]
    # the empty span's point, the hedge ending inside the negation, the negation, the clipped crossing edit
    assert marks == [9, 1, 0, 2]
    # the crossing edit shows in both sentences it touches
    assert 2 in rows(drift)[1].edits


def test_edits_are_numbered_in_reading_order():
    from unspin.drift.render_html import drift_to_html, numbering, rows

    drift = make_drift()
    drift.edits.reverse()  # an engine may list them in any order
    num = numbering(drift, rows(drift))
    assert sorted(num) == list(range(1, len(drift.edits) + 1))
    by_number = [drift.edits[num.index(n)] for n in range(1, len(num) + 1)]
    assert [e.category for e in by_number[:4]] == ["role", "negation", "hedge", "wording"]
    page = drift_to_html(drift)
    check_html(page)
    assert page.index('id="e1"') < page.index('id="e2"') < page.index('id="e10"')


def test_edits_outside_the_alignment_get_their_own_rows():
    from unspin.drift.render_html import drift_to_html, rows

    drift = make_drift()
    all_rows = rows(drift)
    kinds = [r.kind for r in all_rows]
    assert kinds[:5] == ["pair", "pair", "pair", "dropped", "added"]
    outside = [r for r in all_rows if r.kind == "outside"]
    assert [r.edits for r in outside] == [[8]]  # the paragraph break
    # the copy span past the end is clamped to a point at the end, which the last row holds
    assert 9 in all_rows[0].edits and 9 in all_rows[4].edits
    page = drift_to_html(drift)
    check_html(page)
    assert "Edits outside the aligned sentences" in page


def test_empty_drifts_render():
    from unspin.drift.render_html import drift_to_html

    for drift in (Drift(Document("Same text."), Document("Same text.")),
                  Drift(Document("Same text."), Document("Same text."),
                        alignment=[AlignedPair(Span(0, 10, "Same text."), Span(0, 10, "Same text."), 1.0)])):
        page = drift_to_html(drift, "a", "b")
        text = "".join(check_html(page).text)
        assert "0 edits" in text and "No edits" in text


def test_text_report_fits_100_columns_and_numbers_the_edits():
    from unspin.cli.diff_report import print_diff

    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))
    print_diff(console, make_drift(), "source.txt", "copy.txt")
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "10 edits: 3 high · 3 medium · 4 low" in out
    assert "(not in the copy)" in out and "(not in the source)" in out
    for i in range(1, 11):
        assert f"[{i}]" in out
    assert "<b>people</b>" in out  # rich markup in texts is printed as it is

    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))
    print_diff(console, Drift(Document("Same."), Document("Same.")))
    assert "No edits" in console.export_text()


# --- the command ---------------------------------------------------------------------


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def fake_engine(monkeypatch):
    """A stand-in for unspin.drift.diff: the hand-made drift whatever the texts."""
    drift_pkg = importlib.import_module("unspin.drift")
    calls = []

    def fake(source_text: str, copy_text: str, **options) -> Drift:  # options=, resources= from a Corpus
        calls.append((source_text, copy_text))
        return make_drift(source_text, copy_text) if (source_text, copy_text) == (SOURCE, COPY) else \
            Drift(Document(source_text), Document(copy_text))

    monkeypatch.setattr(drift_pkg, "diff", fake, raising=False)
    return calls


@pytest.fixture()
def pair(tmp_path):
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    return tmp_path / "source.txt", tmp_path / "copy.txt"


def test_cli_formats(runner, fake_engine, pair, tmp_path):
    src, cp = map(str, pair)
    result = runner.invoke(app, ["diff", src, cp, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj == make_drift().to_dict()
    assert fake_engine == [(SOURCE, COPY)]

    result = runner.invoke(app, ["diff", src, cp])
    assert result.exit_code == 0, result.stderr
    assert "source.txt" in result.stdout and "10 edits" in result.stdout and "[10]" in result.stdout

    out = tmp_path / "report.html"
    result = runner.invoke(app, ["diff", src, cp, "-f", "html", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    page = out.read_text(encoding="utf-8")
    check_html(page)
    assert "source.txt" in page and "copy.txt" in page

    result = runner.invoke(app, ["diff", src, cp, "-f", "html"])
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")


def test_cli_stdin_and_html_input(runner, fake_engine, pair, tmp_path):
    src, cp = map(str, pair)
    result = runner.invoke(app, ["diff", src, "-", "-f", "json"], input=COPY)
    assert result.exit_code == 0, result.stderr
    assert fake_engine[-1] == (SOURCE, COPY)
    page = tmp_path / "copy.html"
    page.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><article>"
                    f"<p>{COPY.replace('<', '&lt;')}</p></article></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["diff", src, str(page), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    assert "copy_text" in obj and "source_text" not in obj  # offsets of an extracted side need its text
    assert fake_engine[-1][1] == obj["copy_text"]


def assert_one_error_line(result, *needles: str, code: int = 1) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    if code == 1:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("unspin: "), result.stderr
        for needle in needles:
            assert needle in lines[0], lines[0]
        return lines[0]
    return result.stderr


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "directory", "several records"])
def test_cli_bad_input_is_one_line(runner, fake_engine, pair, tmp_path, case):
    src, _ = pair
    bad = {"missing": (tmp_path / "nope.txt", b"", ("nope.txt", "no such file")),
           "empty": (tmp_path / "empty.txt", b"  \n", ("empty text",)),
           "binary": (tmp_path / "bin.txt", b"abc\x00\x00def", ("binary",)),
           "directory": (tmp_path / "dir", None, ("is a directory",)),
           "several records": (tmp_path / "r.jsonl", b'{"text": "One."}\n{"text": "Two."}\n', ("several",)),
           }[case]
    path, data, needles = bad
    if case == "directory":
        path.mkdir()
    elif case != "missing":
        path.write_bytes(data)
    for args in (["diff", str(src), str(path)], ["diff", str(path), str(src)]):
        assert_one_error_line(runner.invoke(app, args), *needles)
    assert fake_engine == []


def test_cli_usage_errors(runner, pair):
    src, cp = map(str, pair)
    assert runner.invoke(app, ["diff", src]).exit_code == 2
    assert runner.invoke(app, ["diff", src, cp, cp]).exit_code == 2
    assert runner.invoke(app, ["diff", "-", "-"], input="x").exit_code == 2
    assert runner.invoke(app, ["diff", src, cp, "-f", "xml"]).exit_code == 2
    assert runner.invoke(app, ["diff", "--against-corpus", src, cp]).exit_code == 2


def test_cli_against_corpus_without_a_store(runner, pair, tmp_path):
    _, cp = pair
    result = runner.invoke(app, ["diff", "--against-corpus", str(cp), "--db", str(tmp_path / "none.db")])
    assert_one_error_line(result, "none.db", "no such database")


def test_cli_internal_error_is_one_line(runner, pair, monkeypatch):
    drift_pkg = importlib.import_module("unspin.drift")

    def broken(source_text, copy_text):
        raise RuntimeError("engine\nfailure")

    monkeypatch.setattr(drift_pkg, "diff", broken, raising=False)
    src, cp = map(str, pair)
    assert_one_error_line(runner.invoke(app, ["diff", src, cp]), "internal error", "engine failure", "--debug")
    assert isinstance(runner.invoke(app, ["diff", src, cp, "--debug"]).exception, RuntimeError)


# --- with the real engine --------------------------------------------------------------


def _engine():
    try:
        from unspin.drift import diff
    except ImportError:
        return None
    return diff


REAL_SOURCE = ("The ministry said on Monday that the bridge could not be reopened before March. "
               "Engineers found 12 cracks in the main span. Residents will use the ferry.")
REAL_COPY = ("The ministry claimed on Monday that the bridge can be reopened before March. "
             "Engineers found 21 cracks in the main span. Residents will use the ferry. "
             "The mayor praised the work.")


@pytest.mark.skipif(_engine() is None, reason="the drift engine (unspin.drift.diff) is not there yet")
def test_cli_json_with_the_real_engine_follows_the_contract(runner, tmp_path):
    (tmp_path / "s.txt").write_text(REAL_SOURCE, encoding="utf-8")
    (tmp_path / "c.txt").write_text(REAL_COPY, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(tmp_path / "s.txt"), str(tmp_path / "c.txt"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    assert {"alignment", "edits"} <= obj.keys()
    texts = {"source": REAL_SOURCE, "copy": REAL_COPY}
    for pair in obj["alignment"]:
        assert {"source", "copy", "similarity"} <= pair.keys()
    for edit in obj["edits"]:
        assert {"category", "severity", "source", "copy", "explanation"} <= edit.keys()
        assert edit["category"] in ("negation", "number", "entity", "speaker", "hedge", "attribution-cue",
                                    "role", "meaning-shift", "dropped-text", "added-text", "wording")
        assert edit["severity"] in ("high", "medium", "low")
    for item in obj["alignment"] + obj["edits"]:
        for side in ("source", "copy"):
            span = item[side]
            if span is not None:
                assert texts[side][span["start"]:span["end"]] == span["text"]
    assert obj["edits"], "a negation and a number were changed"
    for fmt in ("text", "html"):
        result = runner.invoke(app, ["diff", str(tmp_path / "s.txt"), str(tmp_path / "c.txt"), "-f", fmt])
        assert result.exit_code == 0, result.stderr
    check_html(result.stdout)


# --- against a store --------------------------------------------------------------------

HARBOUR = """Fishermen in the port of Kelby blocked the harbour entrance with forty boats on Thursday morning.
They are protesting against new quotas that halve the amount of cod each vessel may land this year.
The harbour master said no ferries could leave until the blockade was lifted.
Union leader Ruth Ambler told reporters that the quotas would put three hundred families out of work.
The fisheries ministry said the limits were needed to let cod stocks recover after years of decline.
Police officers watched from the quay but made no arrests during the protest.
Tourists waiting for the island ferry were offered free coffee by the protesters.
A meeting between the union and the ministry is planned for next Tuesday in the capital."""

ORCHARD = """A late frost destroyed most of the apple blossom in the Vale of Tarrow last week, growers said.
Temperatures fell to minus four degrees on two consecutive nights after an unusually warm March.
The growers' association estimates that the harvest will be less than half of last year's.
Several farms lit candles between the rows of trees in an attempt to keep the blossom alive.
Cider makers warned that prices could rise in the autumn if they have to buy fruit abroad.
The regional council is considering an emergency grant for the worst affected orchards."""


def test_cli_against_corpus(runner, fake_engine, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (docs / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    db = str(tmp_path / "store.db")
    result = runner.invoke(app, ["ingest", str(docs), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.stderr
    copy = (HARBOUR.replace("forty boats", "fourty vessels").replace("no ferries could", "ferries could")
            .replace("told reporters", "claimed"))
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    result = runner.invoke(app, ["diff", "--against-corpus", str(tmp_path / "copy.txt"), "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["traced"]["id"] == "harbour.txt" and obj["source_text"] == HARBOUR
    assert fake_engine == [(HARBOUR, copy)]
    result = runner.invoke(app, ["diff", "--against-corpus", str(tmp_path / "copy.txt"), "--db", db])
    assert result.exit_code == 0 and "harbour.txt" in result.stdout and "traced in" in result.stdout

    (tmp_path / "other.txt").write_text("The chess final in Oslo ended in a draw after six hours of play. "
                                        "Both players agreed to share the title.", encoding="utf-8")
    result = runner.invoke(app, ["diff", "--against-corpus", str(tmp_path / "other.txt"), "--db", db])
    assert_one_error_line(result, "other.txt", "no source found")
