"""`unspin analyze` end to end, in process (the spaCy model loads once per session).

The attribution extractor is built concurrently, so these tests assert the
structure of the output (ids, spans that index the text, error lines, exit
codes), not which attributions are found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli.app import app

ARTICLE = (
    "The mayor of Zürich told reporters on Monday that the café would reopen. "
    "“We are not going to give up,” she said – and the crowd cheered.\r\n\r\n"
    "Señor García, a local resident, said he was “delighted”, according to the Zürcher Zeitung. "
    "The claim could not be independently verified.\n"
)
HTML = (
    "<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>Café</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
    "<article><h1>Café to reopen</h1><p>{p1}</p><p>{p2}</p></article>"
    "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
)
P1, P2 = ARTICLE.split("\r\n\r\n")


def html_page(charset: str = "utf-8") -> str:
    return HTML.format(charset=charset, p1=P1, p2=P2.strip())


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: bytes | str | None = None):
    return runner.invoke(app, ["analyze", *args], input=input)


def spans_in(obj):
    """Every span object ({"start", "end", "text"}) anywhere in a JSON value."""
    if isinstance(obj, dict):
        if {"start", "end", "text"} <= obj.keys() and isinstance(obj["start"], int):
            yield obj
        for value in obj.values():
            yield from spans_in(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from spans_in(value)


def assert_spans_index(text: str, result: dict) -> None:
    spans = list(spans_in({k: v for k, v in result.items() if k != "text"}))
    assert spans, "expected at least the entity spans"
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"], span


def assert_one_error_line(result, *needles: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("unspin: ") and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


# --- help and version --------------------------------------------------------


def test_version_and_help(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == "unspin 0.1.0"
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0
    for option in ("FILE...|DIR|-", "--format", "--output", "--text-field", "--id-field", "--progress"):
        assert option in result.stdout


def test_usage_errors_exit_2(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    assert run(runner).exit_code == 2
    assert run(runner, str(tmp_path / "a.txt"), "--format", "xml").exit_code == 2
    result = run(runner, str(tmp_path), "--format", "json")
    assert result.exit_code == 2 and "jsonl" in result.stderr
    assert run(runner, "-", "-", input="x").exit_code == 2


# --- one document -------------------------------------------------------------


def test_text_report_for_one_file(runner, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(ARTICLE.encode())
    result = run(runner, str(path))
    assert result.exit_code == 0, result.stderr
    assert "story.txt" in result.stdout and "attributions" in result.stdout
    assert "Señor García" in result.stdout  # the article itself is printed
    assert result.stderr == ""


def test_json_spans_index_the_decoded_text(runner, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(ARTICLE.encode())
    result = run(runner, str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["id"] == "story.txt"
    assert {"attributions", "entities", "hedges", "spin", "boilerplate"} <= out.keys()
    assert "text" not in out  # plain text: offsets index the file itself
    assert_spans_index(ARTICLE, out)  # \r\n kept: offsets are into the text exactly as decoded
    for att in out["attributions"]:
        assert att["type"] in ("direct", "indirect", "mixed")
        assert {"content", "cue", "source", "speaker", "channel", "relayed_by", "hedges"} <= att.keys()


def test_html_offsets_index_the_printed_text(runner, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(html_page(), encoding="utf-8")
    result = run(runner, str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    text = out["text"]
    assert "Señor García" in text and "Copyright" not in text and "Sport" not in text
    assert_spans_index(text, out)


def test_latin1_html_with_meta_charset(runner, tmp_path):
    path = tmp_path / "latin.htm"
    path.write_bytes(html_page("iso-8859-1").encode("cp1252"))  # curly quotes exist only in cp1252
    result = run(runner, str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    text = json.loads(result.stdout)["text"]
    assert "Zürich" in text and "Señor García" in text and "“delighted”" in text


def test_cp1252_text_file_decodes_exactly(runner, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = run(runner, str(path), "-f", "json", "--include-text")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["text"] == ARTICLE
    assert_spans_index(ARTICLE, out)


def test_stdin(runner):
    result = run(runner, "-", "--format", "json", input=ARTICLE.encode())
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["id"] == "-"
    assert_spans_index(ARTICLE, out)


def test_output_file(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    target = tmp_path / "out" / "result.json"
    target.parent.mkdir()
    result = run(runner, str(tmp_path / "a.txt"), "-f", "json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "a.txt"


# --- bad input: one line on stderr, exit 1, no traceback ------------------------


def bad_inputs(tmp: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    (tmp / "emptydir").mkdir()
    (tmp / "emptydir" / "notes.docx").write_bytes(b"PK\x03\x04 a word file")  # a kind no reader takes
    (tmp / "broken.pdf").write_bytes(b"%PDF-1.4")
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_text(" \n\t\n")
    (tmp / "nul.txt").write_bytes(b"The minister\x00\x00said\x01\x02 so.")
    (tmp / "controls.txt").write_bytes(bytes(range(1, 9)) * 300)
    (tmp / "garbage.txt").write_bytes(b"The minister said that " + bytes(range(0x80, 0x100)) * 20 + b"\n")
    with open(tmp / "huge.txt", "wb") as fh:  # sparse: instant, and never read if stat is checked first
        fh.truncate(50 * 1024 * 1024)
    (tmp / "nomain.html").write_text("<html><head><title>x</title><script>var a=1;</script></head><body></body></html>")
    return {
        "missing": (tmp / "missing.txt", ("missing.txt", "no such file")),
        "empty dir": (tmp / "emptydir", ("emptydir", "no .txt")),
        "empty file": (tmp / "empty.txt", ("empty.txt", "empty")),
        "blank text": (tmp / "blank.txt", ("empty text",)),
        "NUL bytes": (tmp / "nul.txt", ("binary",)),
        "control bytes": (tmp / "controls.txt", ("binary",)),
        "undecodable": (tmp / "garbage.txt", ("cannot decode", "UTF-8")),
        "50 MB": (tmp / "huge.txt", ("too large", "52,428,800", "limit 20,000,000")),
        "no main text": (tmp / "nomain.html", ("no main text",)),
        "broken PDF": (tmp / "broken.pdf", ("broken.pdf", "not a readable PDF")),
    }


@pytest.mark.parametrize("case", ["missing", "empty dir", "empty file", "blank text", "NUL bytes",
                                  "control bytes", "undecodable", "50 MB", "no main text", "broken PDF"])
def test_bad_input_is_one_line_and_exit_1(runner, tmp_path, case):
    path, needles = bad_inputs(tmp_path)[case]
    result = run(runner, str(path))
    assert_one_error_line(result, *needles)
    assert result.stdout == ""


def test_bad_jsonl_lines_are_reported_per_record(runner, tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps({"id": "good", "text": ARTICLE}) + "\n"
        "this is not json\n" + json.dumps({"id": "notext", "title": "x"}) + "\n", encoding="utf-8")
    result = run(runner, str(path))
    assert result.exit_code == 1
    lines = jsonl(result.stdout)
    assert [x["id"] for x in lines] == ["good", "c.jsonl:2", "notext"]
    assert "attributions" in lines[0] and "error" not in lines[0]
    assert "not valid JSON" in lines[1]["error"] and "no text field" in lines[2]["error"]
    assert len(result.stderr.splitlines()) == 2 and "Traceback" not in result.stderr


# --- batches -------------------------------------------------------------------


def test_batch_with_one_bad_file_still_outputs_the_good_ones(runner, tmp_path):
    folder = tmp_path / "corpus"
    (folder / "world").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "world" / "b.html").write_text(html_page(), encoding="utf-8")
    (folder / "world" / "c.txt").write_bytes(b"\x00\x01binary")
    (folder / "d.txt").write_bytes(ARTICLE.encode("cp1252"))
    extra = tmp_path / "extra.txt"
    extra.write_text("“Prices will fall,” the minister said.", encoding="utf-8")
    result = run(runner, str(folder), str(extra), "--batch-size", "2")
    assert result.exit_code == 1
    lines = jsonl(result.stdout)
    assert [x["id"] for x in lines] == ["a.txt", "d.txt", "world/b.html", "world/c.txt", "extra.txt"]
    assert "binary" in lines[3]["error"] and set(lines[3]) == {"id", "error"}
    for x in (lines[0], lines[1], lines[4]):
        assert "attributions" in x and "text" not in x
    assert_spans_index(ARTICLE, lines[0])
    assert_spans_index(ARTICLE, lines[1])
    assert_spans_index(lines[2]["text"], lines[2])  # HTML carries the text its offsets index
    notes = [line for line in result.stderr.splitlines() if ": note: " in line]
    (message,) = [line for line in result.stderr.splitlines() if ": note: " not in line]
    assert "world/c.txt" in message and "binary" in message
    (note,) = notes  # what reading guessed is said, not hidden
    assert "d.txt" in note and "cp1252" in note


def test_folder_or_jsonl_with_one_document_is_still_jsonl(runner, tmp_path):
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "x", "text": ARTICLE}) + "\n", encoding="utf-8")
    for target, expected in ((tmp_path / "only", "a.txt"), (tmp_path / "one.jsonl", "x")):
        result = run(runner, str(target))
        assert result.exit_code == 0, result.stderr
        assert [x["id"] for x in jsonl(result.stdout)] == [expected]


def test_jsonl_input_with_mapped_fields(runner, tmp_path):
    path = tmp_path / "recs.jsonl"
    texts = {"r1": ARTICLE, "r2": "“Prices will fall,” the minister said on Tuesday."}
    path.write_text("".join(json.dumps({"doc_id": k, "body": v}) + "\n" for k, v in texts.items()), encoding="utf-8")
    result = run(runner, str(path), "--text-field", "body", "--id-field", "doc_id")
    assert result.exit_code == 0, result.stderr
    lines = jsonl(result.stdout)
    assert [x["id"] for x in lines] == ["r1", "r2"]
    for x in lines:
        assert_spans_index(texts[x["id"]], x)


def test_jsonl_on_stdin(runner):
    data = "".join(json.dumps({"id": i, "text": f"Report {i}: the minister said prices would fall."}) + "\n"
                   for i in range(3))
    result = run(runner, "-", input=data)
    assert result.exit_code == 0, result.stderr
    assert [x["id"] for x in jsonl(result.stdout)] == ["0", "1", "2"]


def test_progress_bar_goes_to_stderr_only(runner, tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}. The minister said prices would fall.")
    result = run(runner, str(tmp_path), "--progress")
    assert result.exit_code == 0
    assert [x["id"] for x in jsonl(result.stdout)] == ["0.txt", "1.txt", "2.txt"]


def test_text_format_for_many_documents(runner, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"Story {name}: the minister said prices would fall.")
    result = run(runner, str(tmp_path), "-f", "text")
    assert result.exit_code == 0
    assert "a.txt" in result.stdout and "b.txt" in result.stdout and "Story b" in result.stdout


def test_a_document_that_crashes_analysis_does_not_stop_the_batch(runner, tmp_path, monkeypatch):
    import unspin.pipeline

    real = unspin.pipeline.analyze_parsed

    def flaky(sdoc, id=None, **kw):
        if "EXPLODE" in sdoc.text:
            raise ValueError("boom")
        return real(sdoc, id, **kw)

    monkeypatch.setattr(unspin.pipeline, "analyze_parsed", flaky)
    for i, body in enumerate(["First, he said.", "EXPLODE now, she said.", "Third, they said.", "Fourth."]):
        (tmp_path / f"{i}.txt").write_text(body)
    result = run(runner, str(tmp_path), "--batch-size", "4")
    assert result.exit_code == 1
    lines = jsonl(result.stdout)
    assert [x["id"] for x in lines] == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert [("error" in x) for x in lines] == [False, True, False, False]
    assert "boom" in lines[1]["error"] and "ValueError" not in lines[1]["error"]


# --- internal errors -----------------------------------------------------------------


def test_internal_error_is_one_line_unless_debug(runner, tmp_path, monkeypatch):
    import unspin.inputs

    def broken(*args, **kwargs):
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(unspin.inputs, "expand", broken)
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = run(runner, str(tmp_path / "a.txt"))
    line = assert_one_error_line(result, "internal error", "something unexpected", "--debug")
    assert line.startswith("unspin: internal error") and "RuntimeError" not in line
    result = run(runner, str(tmp_path / "a.txt"), "--debug")
    assert isinstance(result.exception, RuntimeError)


def test_console_script_reports_bad_input_in_one_line(tmp_path):
    exe = shutil.which("unspin", path=os.path.dirname(sys.executable))
    if exe is None:
        pytest.skip("unspin console script not installed next to this Python")
    (tmp_path / "nul.txt").write_bytes(b"a\x00b")
    proc = subprocess.run([exe, "analyze", str(tmp_path / "nul.txt"), str(tmp_path / "nope.txt"), "-f", "jsonl"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["nul.txt", "nope.txt"]
    assert len(proc.stderr.splitlines()) == 2 and "Traceback" not in proc.stderr
