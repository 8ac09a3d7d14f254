"""Reading inputs: decoding, HTML extraction, expanding FILE...|DIR|- into records."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from unspin.errors import InputError
from unspin.inputs.decode import MAX_BYTES, decode_bytes, declared_encoding
from unspin.inputs.html import extract_main_text, looks_like_html
from unspin.inputs.sources import FieldMap, ReadOptions, expand, read_records

ARTICLE = (
    "The mayor of Zürich told reporters on Monday that the café would reopen. "
    "“We are not going to give up,” she said – and the crowd cheered.\r\n"
    "Señor García, a local resident, said he was “delighted” and “relieved”.\n"
)


def records(paths, **kw):
    options = ReadOptions(**kw)
    return list(read_records(expand([str(p) for p in paths], options), options))


# --- decoding ---------------------------------------------------------------


def test_utf8_is_decoded_exactly_without_newline_translation():
    assert decode_bytes(ARTICLE.encode("utf-8")) == ARTICLE  # the \r\n survives: offsets depend on it


def test_utf8_bom_is_dropped():
    assert decode_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8")) == ARTICLE


def test_utf16_with_bom_is_not_mistaken_for_binary():
    assert decode_bytes(ARTICLE.encode("utf-16")) == ARTICLE


def test_cp1252_without_declaration_is_detected():
    # cp1250 reads these bytes too but turns "ñ" into "ń": the result must be exact.
    assert decode_bytes(ARTICLE.encode("cp1252")) == ARTICLE


def test_utf8_with_a_few_stray_cp1252_bytes_keeps_the_utf8():
    data = "Zürich – “ok”, São Paulo. ".encode() + b"The caf\xe9 reopened, \x93he said\x94."
    assert decode_bytes(data) == "Zürich – “ok”, São Paulo. The café reopened, “he said”."


def test_declared_meta_charset_is_used():
    html = f'<html><head><meta charset="iso-8859-1"></head><body><p>{ARTICLE}</p></body></html>'
    assert "Zürich" in decode_bytes(html.encode("cp1252"))
    assert declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">') == "koi8-r"
    assert declared_encoding(b'<?xml version="1.0" encoding="windows-1251"?><a/>') == "cp1251"
    assert declared_encoding(b'<meta charset="no-such-codec">') is None


def test_declared_non_latin_encoding_beats_detection():
    text = "Министр заявил в понедельник, что цены упадут."
    html = f'<html><head><meta charset="koi8-r"></head><body><p>{text}</p></body></html>'
    assert text in decode_bytes(html.encode("koi8-r"))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"PK\x03\x04\x00\x00 some zip", "binary"),
        (bytes(range(1, 9)) * 200 + b"abc", "binary"),
    ],
)
def test_refused_bytes(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_undecodable_bytes_are_refused_with_a_reason():
    # Invalid UTF-8, and every high byte in turn: no code page reads this as text.
    data = b"The minister said that " + bytes(range(0x80, 0x100)) * 20 + b" and left.\n"
    with pytest.raises(InputError, match="cannot decode: not UTF-8"):
        decode_bytes(data)


# --- HTML ------------------------------------------------------------------


def test_html_main_text_drops_navigation():
    html = (
        "<html><head><title>T</title></head><body><nav><a href='/'>Home</a> | <a>World</a></nav>"
        "<article><h1>Prices</h1><p>The minister said on Monday that prices would fall next year, "
        "according to Reuters. Critics were not convinced by the forecast at all.</p>"
        "<p>“This is nonsense,” said Jane Doe, an economist at the University of Somewhere.</p>"
        "</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
    )
    text = extract_main_text(html)
    assert "This is nonsense" in text and "Copyright" not in text


def test_html_without_main_text_is_refused():
    with pytest.raises(InputError, match="no main text"):
        extract_main_text("<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>")


def test_html_sniffing():
    assert looks_like_html("<!DOCTYPE html>\n<html><body>x</body></html>")
    assert looks_like_html("  <!-- c --><html>")
    assert not looks_like_html("The <b>minister</b> said.")


# --- sources -----------------------------------------------------------------


def test_ids_relative_to_folder_and_file_name_for_direct_files(tmp_path):
    (tmp_path / "news" / "business").mkdir(parents=True)
    (tmp_path / "news" / "business" / "001.txt").write_text("The minister said prices fall.")
    (tmp_path / "news" / "a.htm").write_text("<html><body><p>" + ARTICLE + "</p></body></html>")
    (tmp_path / "news" / "skip.docx").write_bytes(b"PK")  # a kind no reader takes
    (tmp_path / "news" / ".hidden.txt").write_text("hidden")
    (tmp_path / "other.txt").write_text("Other text, he said.")
    recs = records([tmp_path / "news", tmp_path / "other.txt"])
    assert [r.id for r in recs] == ["a.htm", "business/001.txt", "other.txt"]
    assert all(r.ok for r in recs)
    assert recs[0].extracted and not recs[1].extracted


def test_missing_and_empty_dir_become_error_records(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.docx").write_bytes(b"x")
    recs = records([tmp_path / "nope.txt", tmp_path / "empty"])
    assert [(r.id, r.document) for r in recs] == [("nope.txt", True), (str(tmp_path / "empty"), False)]
    assert "no such file" in recs[0].error and "no .txt" in recs[1].error


def test_jsonl_records_field_mapping_and_bad_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps({"id": 7, "body_text": "A said B."}) + "\n"
        + "{broken\n\n"
        + json.dumps([1, 2]) + "\n"
        + json.dumps({"id": "n", "title": "no text"}) + "\n"
        + json.dumps({"doc": "d1", "content": "C said D."}) + "\n"
        + json.dumps({"id": "e", "text": "   "}) + "\n",
        encoding="utf-8",
    )
    recs = records([path])
    assert [(r.id, r.ok) for r in recs] == [
        ("7", True), ("c.jsonl:2", False), ("c.jsonl:4", False), ("n", False), ("c.jsonl:6", False), ("e", False)]
    assert "not valid JSON" in recs[1].error and "not a JSON object" in recs[2].error
    assert "no text field" in recs[3].error and "empty text" in recs[5].error
    mapped = records([path], fields=FieldMap(text=("content",), id=("doc",)))
    assert [(r.id, r.text) for r in mapped if r.ok] == [("d1", "C said D.")]


def test_huge_jsonl_line_is_skipped_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"id": "huge", "text": "' + b"a" * (MAX_BYTES + 10) + b'"}\n')
        fh.write(b'{"id": "ok", "text": "Fine, she said."}\n')
    recs = records([path])
    assert [(r.id, r.ok) for r in recs] == [("big.jsonl:1", False), ("ok", True)]
    assert "too large" in recs[0].error


def test_stdin_sniffs_jsonl_and_html():
    def from_stdin(data: bytes):
        return list(read_records(expand(["-"]), stdin=io.BytesIO(data)))

    recs = from_stdin(b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n')
    assert [r.id for r in recs] == ["a", "b"]
    (rec,) = from_stdin(b"<!doctype html><html><body><article><p>" + ARTICLE.encode() + b"</p></article></body></html>")
    assert rec.ok and rec.extracted and "Zürich" in rec.text
    (rec,) = from_stdin(ARTICLE.encode())
    assert rec.id == "-" and rec.text == ARTICLE and not rec.extracted


def test_text_over_the_character_limit_is_refused(tmp_path):
    from unspin.limits import MAX_CHARS

    path = tmp_path / "long.txt"
    path.write_text("word " * (MAX_CHARS // 5 + 1))  # under the byte limit, over the text limit
    (rec,) = records([path])
    assert not rec.ok and "too large" in rec.error and f"{MAX_CHARS:,}" in rec.error


# --- hostile inputs: nothing hangs, nothing aborts a batch, guesses are said --------------


def test_fifo_is_refused_without_opening_it(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    direct = records([fifo])  # would block forever if it were opened: no writer exists
    assert len(direct) == 1 and "named pipe" in direct[0].error
    walked = records([tmp_path])
    assert [(r.id, r.ok) for r in walked] == [("a.txt", True), ("pipe.txt", False)]
    assert "named pipe" in walked[1].error


def test_links_out_of_the_folder_are_skipped_unless_asked(tmp_path):
    import os

    outside = tmp_path / "outside.txt"
    outside.write_text("The secret, she said, is out.", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(outside, folder / "passwd.txt")
    os.symlink(folder / "a.txt", folder / "same.txt")  # stays inside: read
    os.symlink(tmp_path, folder / "up")  # a folder outside, and a loop back to the corpus
    recs = records([folder])
    by_id = {r.id: r for r in recs}
    assert by_id["a.txt"].ok and by_id["same.txt"].ok
    assert not by_id["passwd.txt"].ok and "outside" in by_id["passwd.txt"].error
    assert "--follow-links" in by_id["passwd.txt"].error
    assert not by_id["up"].ok and not any(r.ok and "secret" in (r.text or "") for r in recs)
    followed = records([folder], follow_links=True)
    texts = [r.text for r in followed if r.ok]
    assert any("secret" in t for t in texts)
    assert len(followed) < 20  # the loop through "up" is walked once, not forever


def test_a_link_loop_and_a_broken_link_say_what_they_are(tmp_path):
    import os

    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    loop, broken = records([tmp_path / "loop.txt", tmp_path / "broken.txt"])
    assert "link loop" in loop.error
    assert "broken symbolic link" in broken.error and "gone.txt" in broken.error


def test_jsonl_lone_surrogate_and_deep_nesting_do_not_stop_the_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "x\\ud800y", "text": "A \\udc00 said B."}\n'
        + "[" * 100_000 + "]" * 100_000 + "\n"
        + json.dumps({"id": "last", "text": "C said D."}) + "\n", encoding="utf-8")
    recs = records([path])
    assert [r.ok for r in recs] == [True, False, True]
    assert recs[0].id == "x\ufffdy" and recs[0].text == "A \ufffd said B."
    assert any("lone surrogate" in w for w in recs[0].warnings)
    recs[0].id.encode("utf-8")  # printable and storable
    assert "nested too deeply" in recs[1].error
    assert recs[2].id == "last"


def test_utf16_without_bom_is_read_and_said(tmp_path):
    from unspin.inputs.decode import decode

    for codec in ("utf-16-le", "utf-16-be"):
        got = decode(ARTICLE.encode(codec))
        assert got.text == ARTICLE and "no byte-order mark" in got.guess


def test_mostly_cp1252_with_a_little_utf8_reads_both(tmp_path):
    from unspin.inputs.decode import decode

    legacy = "The minister said the café would reopen and the señor agreed. " * 30
    data = legacy.encode("cp1252") + " He added: “São Paulo – Zürich.”".encode("utf-8")
    got = decode(data)
    assert got.text == legacy + " He added: “São Paulo – Zürich.”"
    assert "Windows-1252" in got.guess
    # Cyrillic in cp1251 puts its high bytes in runs: it is detected, not read as cp1252
    russian = "Министр заявил, что «ВВС» сообщила о выборах в марте. " * 20
    assert decode(russian.encode("cp1251")).text == russian


@pytest.mark.parametrize("text, code", [
    ("El gobierno anunció este lunes que las elecciones se celebrarán en marzo, dijeron los funcionarios.", "es"),
    ("Правительство объявило в понедельник, что выборы пройдут в марте, сообщили чиновники.", "ru"),
    ("政府周一宣布选举将于三月举行。官员们告诉记者，这是一个重要的决定，将影响整个国家的未来发展方向。", "zh"),
])
def test_text_that_is_not_english_is_said(tmp_path, text, code):
    path = tmp_path / "foreign.txt"
    path.write_text(text, encoding="utf-8")
    (rec,) = records([path])
    assert rec.ok and any(f"({code})" in w and "English" in w for w in rec.warnings)


def test_english_is_not_flagged(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (rec,) = records([path])
    assert rec.ok and rec.warnings == []


def test_article_under_ten_thousand_nested_divs_is_found():
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n") if p.strip())
    html = "<html><body>" + '<div class="w">' * 10_000 + paras + "</div>" * 10_000 + "</body></html>"
    text = extract_main_text(html)
    assert "café would reopen" in text and "Señor García" in text
