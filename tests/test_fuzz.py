"""Property-based checks of the input paths (hypothesis): whatever the bytes, reading ends
in a text or in one clear reason, never in an exception, and analysis keeps its offsets.

The default profile is quick enough for every test run; a longer search:
    .venv/bin/python -m pytest tests/test_fuzz.py --hypothesis-profile=long
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.errors import InputError
from unspin.inputs import ReadOptions, decode, expand, read_records

# Bytes that look like what reaches a reader: text in several encodings, markup, noise.
_TEXTY = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=300).map(lambda t: t.encode("latin-1")),
    st.text(max_size=200).map(lambda t: t.encode("utf-16-le", "surrogatepass")),
    st.lists(st.sampled_from([b"<div>", b"</div>", b"<p>", b"He said. ", b"\x00", b"\xff\xfe", b"\r\n",
                              b"\xe2\x80\x9c", b"\x93", b"{", b"}", b'"id":', b"\xed\xa0\x80"]),
             max_size=80).map(b"".join),
)


def _read(data: bytes, kind: str = "auto") -> list:
    return list(read_records(expand(["-"], ReadOptions(kind)), ReadOptions(kind), stdin=io.BytesIO(data)))


@given(_TEXTY)
def test_decoding_gives_text_or_a_reason(data):
    try:
        text = decode(data).text
    except InputError as exc:
        assert str(exc) and "Error" not in str(exc)
        return
    assert isinstance(text, str)
    text.encode("utf-8", "surrogatepass")


@given(_TEXTY, st.sampled_from(["auto", "text", "html", "jsonl"]))
def test_any_bytes_on_stdin_read_to_records_or_reasons(data, kind):
    for rec in _read(data, kind):
        assert (rec.text is None) != (rec.error is None)
        if rec.error:
            assert "Error" not in rec.error and "Traceback" not in rec.error
        rec.id.encode("utf-8")  # every id can be printed
        if rec.text is not None:
            rec.text.encode("utf-8")


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@given(st.lists(st.one_of(
    _JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries({"id": _JSON_VALUES, "text": st.text(max_size=80)}).map(json.dumps),
    st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=60),  # raw NUL: a binary file
), min_size=1, max_size=8))
def test_a_jsonl_batch_always_reaches_its_last_line(lines):
    lines = [line.replace("\n", " ") for line in lines] + [json.dumps({"id": "last", "text": "The end, she said."})]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    recs = _read(data, "jsonl")
    assert recs and recs[-1].id == "last" and recs[-1].ok


_PROSE = st.lists(st.sampled_from([
    "The minister said prices would fall.", "“We will not resign,” she said.", "He added:",
    "According to officials, the plan", "\n\n", "“", "”", "'", "Mr Smith", "told the BBC", "reportedly",
    "could not be independently verified.", " ", "\t", "é", "—", "...", "(", ")",
]), min_size=1, max_size=40).map("".join)


@given(_PROSE)
@settings(max_examples=25)
def test_analysis_spans_index_the_input(text):
    import unspin

    if not text.strip():
        return
    out = unspin.analyze(text).to_dict()
    for a in out["attributions"]:
        for name in ("content", "cue", "source"):
            span = a[name]
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"]


# --- the API: any body gets an answer or a JSON reason, never a crash -------------------------

@pytest.fixture(scope="module")
def api_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from unspin.server import ServerSettings, create_app
    from unspin.store.tokens import TokenStore

    db = str(tmp_path_factory.mktemp("fuzz-api") / "s.db")
    token = TokenStore(db).create("fuzz")
    with TestClient(create_app(ServerSettings(db=db, rate_per_minute=1_000_000, timeout=30))) as client:
        yield client, {"Authorization": f"Bearer {token}"}


_BODIES = st.one_of(
    _TEXTY,
    _JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"text": st.one_of(_PROSE, st.text(max_size=200), _JSON_VALUES)}).map(
        lambda v: json.dumps(v).encode("utf-8", "surrogatepass")),
    st.fixed_dictionaries({"source": _PROSE, "copy": st.one_of(_PROSE, st.integers())}).map(
        lambda v: json.dumps(v).encode()),
)


@given(st.sampled_from(["/v1/analyze", "/v1/diff", "/v1/trace"]), _BODIES,
       st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x", ""]))
@settings(max_examples=40)
def test_any_body_to_any_endpoint_gets_an_answer_or_a_reason(api_client, path, body, ctype):
    client, auth = api_client
    resp = client.post(path, content=body, headers={**auth, "content-type": ctype} if ctype else auth)
    assert resp.status_code < 500, resp.text
    if resp.status_code >= 400:
        err = resp.json()["error"]
        assert err["message"] and "Traceback" not in err["message"]
