"""Sources (files, stdin) to a stream of records: the one input reader of every command.

A record is one document: its id (as CONTRACT.md defines it: the path relative
to the folder named, the file name for a file named directly, the JSONL record's
``id``, a WARC record's target URI), its text and metadata (title, date, URL,
publisher, where it came from), what was guessed while reading it (``warnings``),
or the reason it cannot be read. Reading problems become error records rather
than exceptions, so that one bad file in a batch is reported and the rest still run.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from unspin.errors import InputError, TooLarge
from unspin.inputs.decode import MAX_BYTES, decode
from unspin.inputs.html import extract_main_text, looks_like_html
from unspin.inputs.paths import (STDIN, FieldMap, Kind, Problem, ReadOptions, Source, count_documents,
                                 expand)
from unspin.limits import check_text

__all__ = ["DEFAULT_ID_FIELD", "DEFAULT_TEXT_FIELDS", "STDIN", "FieldMap", "Kind", "ReadOptions", "Record",
           "Source", "count_documents", "expand", "jsonl_lines", "read_bytes", "read_records"]

DEFAULT_TEXT_FIELDS = FieldMap().text
DEFAULT_ID_FIELD = "id"


@dataclass(slots=True)
class Record:
    """One document to analyze, or the reason it cannot be (``error``)."""

    id: str
    where: str  # how to name it in a message: the path as given, plus a JSONL line
    text: str | None = None
    error: str | None = None
    extracted: bool = False  # text was extracted (HTML): output should carry it
    document: bool = True  # False: a problem with an input that holds no document
    line: int | None = None  # the line of a JSONL record
    meta: dict[str, str | None] = field(default_factory=dict)  # title, date, url, publisher, origin
    warnings: list[str] = field(default_factory=list)  # what was guessed: encoding, language...

    @property
    def ok(self) -> bool:
        return self.error is None


def read_records(items: Iterable[Source | Problem], options: ReadOptions | None = None,
                 stdin: BinaryIO | None = None) -> Iterator[Record]:
    """Read every source lazily, yielding one record per document (or problem)."""
    options = options or ReadOptions()
    for item in items:
        if isinstance(item, Problem):
            yield Record(item.id, item.where, error=item.error, document=item.document)
            continue
        many = item.kind in ("jsonl", "warc")
        try:
            for rec in _read_source(item, options, stdin):
                if rec.ok and options.check_language:
                    _note_language(rec)
                yield rec
        except InputError as exc:
            yield Record(item.id, item.path, error=str(exc), document=not many)
        except OSError as exc:
            yield Record(item.id, item.path, error=f"cannot read: {exc.strerror or exc}", document=not many)


def _read_source(item: Source, options: ReadOptions, stdin: BinaryIO | None) -> Iterator[Record]:
    if item.path == STDIN:
        yield from _read_stdin(item, stdin, options)
    elif item.kind == "jsonl":
        with open(item.path, "rb") as fh:
            yield from _read_jsonl(fh, item, options.fields)
    elif item.kind == "warc":
        from unspin.inputs.warc import read_warc

        yield from read_warc(item.path, _record_from_bytes)
    else:
        yield _record_from_bytes(item.id, item.path, _read_file(item.path), item.kind,
                                 {"origin": item.path})


def _note_language(rec: Record) -> None:
    from unspin.inputs.language import not_english

    note = not_english(rec.text or "")
    if note:
        rec.warnings.append(note)


def _read_file(path: str) -> bytes:
    size = os.stat(path).st_size
    if size > MAX_BYTES:  # refuse before reading: a huge file should cost nothing
        raise TooLarge(f"file too large: {size:,} bytes (limit {MAX_BYTES:,})")
    with open(path, "rb") as fh:
        # Bounded read as well: a growing file has no honest stat size.
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLarge(f"file too large: more than {MAX_BYTES:,} bytes (limit {MAX_BYTES:,})")
    return data


def read_bytes(data: bytes, name: str, kind: Kind = "auto") -> Record:
    """One document from bytes (an upload): decoded, HTML or PDF extracted, checked, as a
    file of that name would be read; a problem is the record's ``error``."""
    from unspin.inputs.paths import kind_of

    if kind == "auto":
        kind = kind_of(name) or "auto"
    if kind in ("jsonl", "warc"):
        return Record(name, name, error="one document expected: upload a text, HTML or PDF file")
    if len(data) > MAX_BYTES:
        return Record(name, name, error=f"file too large: {len(data):,} bytes (limit {MAX_BYTES:,})")
    try:
        rec = _record_from_bytes(name, name, data, kind, {"origin": name})
    except InputError as exc:
        return Record(name, name, error=str(exc))
    _note_language(rec)
    return rec


def _record_from_bytes(doc_id: str, where: str, data: bytes, kind: Kind,
                       meta: dict[str, str | None]) -> Record:
    """A record for a whole-file document (plain text, HTML or PDF)."""
    from unspin.inputs.pdf import looks_like_pdf, pdf_text

    if kind == "pdf" or (kind == "auto" and looks_like_pdf(data)):
        text = pdf_text(data)
        check_text(text)
        return Record(doc_id, where, text=text, extracted=True, meta=meta)
    decoded = decode(data)
    text, extracted = decoded.text, False
    if kind == "html" or (kind in ("auto", "warc") and looks_like_html(text)):
        text = extract_main_text(text)
        extracted = True
    check_text(text)
    warnings = [decoded.guess] if decoded.guess else []
    return Record(doc_id, where, text=text, extracted=extracted, meta=meta, warnings=warnings)


def _read_stdin(source: Source, stdin: BinaryIO | None, options: ReadOptions) -> Iterator[Record]:
    if stdin is None:
        import sys

        stdin = sys.stdin.buffer
    data = stdin.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"standard input too large: more than {MAX_BYTES:,} bytes (limit {MAX_BYTES:,})")
    kind = source.kind
    if kind == "auto" and _looks_like_jsonl(data):
        kind = "jsonl"
    if kind == "jsonl":
        yield from _read_jsonl(io.BytesIO(data), Source(STDIN, STDIN, "jsonl"), options.fields)
    else:
        yield _record_from_bytes(source.id, source.path, data, kind, {"origin": "<stdin>"})


def _looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def jsonl_lines(fh: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each non-blank line of a JSON-lines stream, the BOM of
    line 1 removed; (line number, None) for a line over MAX_BYTES, which is skipped
    without ever being held in memory whole."""
    lineno = 0
    while True:
        line = fh.readline(MAX_BYTES + 1)
        if not line:
            return
        lineno += 1
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while (rest := fh.readline(MAX_BYTES + 1)) and not rest.endswith(b"\n"):
                pass  # skip the remainder of the oversized line
            yield lineno, None
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if line.strip():
            yield lineno, line


def _read_jsonl(fh: BinaryIO, source: Source, fields: FieldMap) -> Iterator[Record]:
    """One record per JSON line; a bad line is an error record and reading goes on."""
    if fh.seekable():
        head = fh.read(65536)
        fh.seek(0)
        if b"\x00" in head:
            raise InputError("binary data (contains NUL bytes), not JSONL")
    seen = False
    shown = "<stdin>" if source.path == STDIN else source.path
    for lineno, line in jsonl_lines(fh):
        seen = True
        fallback_id = f"{source.id}:{lineno}"
        where = f"{shown}:{lineno}"
        if line is None:
            rec = Record(fallback_id, where, error=f"line too large: more than {MAX_BYTES:,} bytes")
        else:
            rec = _jsonl_record(line, fallback_id, where, fields)
        rec.line = lineno
        yield rec
    if not seen:
        raise InputError("no records in JSONL input")


# A lone surrogate ("\ud800" in JSON) is no character: it cannot be printed or stored as
# UTF-8. It becomes U+FFFD, one code point for one, so offsets still index the text.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: str, what: str, warnings: list[str]) -> str:
    fixed, n = _LONE_SURROGATE.subn("\ufffd", value)
    if n:
        warnings.append(f"{what}: {n:,} invalid character{'' if n == 1 else 's'} (lone surrogate"
                        f"{'' if n == 1 else 's'}) replaced by U+FFFD")
    return fixed


def _first(obj: dict, names: Iterable[str]) -> str | None:
    for n in names:
        v = obj.get(n)
        if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip():
            return str(v)
    return None


def _jsonl_record(line: bytes, fallback_id: str, where: str, fields: FieldMap) -> Record:
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Record(fallback_id, where, error="not UTF-8 (JSON lines must be UTF-8)")
    except json.JSONDecodeError as exc:
        return Record(fallback_id, where, error=f"not valid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Record(fallback_id, where, error="not read: JSON nested too deeply")
    if not isinstance(obj, dict):
        return Record(fallback_id, where, error=f"not a JSON object (a {_json_kind(obj)})")
    warnings: list[str] = []
    rec_id = _clean(_first(obj, fields.id) or fallback_id, "id", warnings)
    if rec_id != fallback_id:
        where = f"{where} (id {rec_id})"
    text = next((obj[f] for f in fields.text if isinstance(obj.get(f), str)), None)
    if text is None:
        names = ", ".join(repr(f) for f in fields.text)
        return Record(rec_id, where, error=f"record has no text field (looked for {names})", warnings=warnings)
    text = _clean(text, "text", warnings)
    try:
        check_text(text)
    except InputError as exc:
        return Record(rec_id, where, error=str(exc), warnings=warnings)
    meta = {name: (_clean(v, name, warnings) if v is not None else None) for name, v in (
        ("title", _first(obj, fields.title)), ("date", _first(obj, fields.date)),
        ("url", _first(obj, fields.url)), ("publisher", _first(obj, fields.publisher)))}
    meta["origin"] = _clean(where, "origin", [])
    return Record(rec_id, where, text=text, meta=meta, warnings=warnings)


def _json_kind(obj: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(obj), "null" if obj is None else "value")
