"""Command-line inputs (FILE... | DIR | -) to a stream of records to analyze.

A record is one document: its id (as CONTRACT.md defines it: the path relative
to the folder named, the file name for a file named directly, the JSONL record's
``id``) and either its text or the reason it cannot be analysed. Reading
problems become error records rather than exceptions, so that one bad file in a
batch is reported and the rest still run.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO, Literal

from unspin.errors import InputError
from unspin.inputs.decode import MAX_BYTES, decode_bytes
from unspin.inputs.html import extract_main_text, looks_like_html
from unspin.limits import check_text

Kind = Literal["auto", "text", "html", "jsonl"]

STDIN = "-"
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                 ".jsonl": "jsonl", ".ndjson": "jsonl"}
DEFAULT_TEXT_FIELDS = ("text", "body_text")
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

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class Source:
    """A file (or stdin) to read, with the id its document(s) get."""

    path: str
    id: str
    kind: Kind


def _kind_for(path: str, forced: Kind) -> Kind:
    if forced != "auto":
        return forced
    return TEXT_SUFFIXES.get(PurePath(path).suffix.lower(), "auto")  # type: ignore[return-value]


def expand(paths: Sequence[str], input_format: Kind = "auto") -> list[Source | Record]:
    """Expand the paths named on the command line into sources, in order.

    Files in a directory are taken by suffix (.txt, .html/.htm, .jsonl), walked
    in sorted order, skipping hidden files and folders. A path that cannot be
    used becomes an error record.
    """
    out: list[Source | Record] = []
    for path in paths:
        if path == STDIN:
            out.append(Source(STDIN, STDIN, input_format))
        elif os.path.isdir(path):
            found = list(_walk(path, input_format))
            if not found:
                out.append(Record(path, path, error="no .txt, .html, .htm or .jsonl files in this "
                                  "directory", document=False))
            out.extend(found)
        elif os.path.exists(path):
            out.append(Source(path, os.path.basename(path) or path, _kind_for(path, input_format)))
        else:
            out.append(Record(os.path.basename(path) or path, path, error="no such file or directory"))
    return out


def _walk(root: str, forced: Kind) -> Iterator[Source]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in TEXT_SUFFIXES:
                continue
            full = os.path.join(dirpath, name)
            rel = PurePath(os.path.relpath(full, root)).as_posix()
            yield Source(full, rel, _kind_for(name, forced))


def read_records(
    items: Iterable[Source | Record],
    text_fields: Sequence[str] = DEFAULT_TEXT_FIELDS,
    id_field: str = DEFAULT_ID_FIELD,
    stdin: BinaryIO | None = None,
) -> Iterator[Record]:
    """Read every source lazily, yielding one record per document (or problem)."""
    for item in items:
        if isinstance(item, Record):
            yield item
            continue
        try:
            if item.path == STDIN:
                yield from _read_stdin(item, stdin, text_fields, id_field)
            elif item.kind == "jsonl":
                with open(item.path, "rb") as fh:
                    yield from _read_jsonl(fh, item, text_fields, id_field)
            else:
                yield _document(item, _read_file(item.path), item.kind)
        except InputError as exc:
            yield Record(item.id, item.path, error=str(exc), document=item.kind != "jsonl")
        except OSError as exc:
            yield Record(item.id, item.path, error=f"cannot read: {exc.strerror or exc}",
                         document=item.kind != "jsonl")


def _too_large(size: int) -> InputError:
    return InputError(f"file too large: {size:,} bytes (limit {MAX_BYTES:,})")


def _read_file(path: str) -> bytes:
    size = os.stat(path).st_size
    if size > MAX_BYTES:  # refuse before reading: a huge file should cost nothing
        raise _too_large(size)
    with open(path, "rb") as fh:
        # Bounded read as well: a FIFO or a growing file has no honest stat size.
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large: more than {MAX_BYTES:,} bytes (limit {MAX_BYTES:,})")
    return data


def _document(source: Source, data: bytes, kind: Kind) -> Record:
    """A record for a whole-file document (plain text or HTML)."""
    text = decode_bytes(data)
    extracted = False
    if kind == "html" or (kind == "auto" and looks_like_html(text)):
        text = extract_main_text(text)
        extracted = True
    check_text(text)
    return Record(source.id, source.path, text=text, extracted=extracted)


def _read_stdin(source: Source, stdin: BinaryIO | None, text_fields: Sequence[str],
                id_field: str) -> Iterator[Record]:
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
        yield from _read_jsonl(io.BytesIO(data), Source(STDIN, STDIN, "jsonl"), text_fields, id_field)
    else:
        yield _document(source, data, kind)


def _looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
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


def _read_jsonl(fh: BinaryIO, source: Source, text_fields: Sequence[str],
                id_field: str) -> Iterator[Record]:
    """One record per JSON line; a bad line is an error record and reading goes on."""
    if fh.seekable():  # files and buffered stdin; a FIFO just skips this check
        head = fh.read(65536)
        fh.seek(0)
        if b"\x00" in head:
            raise InputError("binary data (contains NUL bytes), not JSONL")
    seen = False
    for lineno, line in jsonl_lines(fh):
        seen = True
        fallback_id = f"{source.id}:{lineno}"
        where = f"{'<stdin>' if source.path == STDIN else source.path}:{lineno}"
        if line is None:
            yield Record(fallback_id, where, error=f"line too large: more than {MAX_BYTES:,} bytes",
                         line=lineno)
            continue
        rec = _jsonl_record(line, fallback_id, where, text_fields, id_field)
        rec.line = lineno
        yield rec
    if not seen:
        raise InputError("no records in JSONL input")


def _jsonl_record(line: bytes, fallback_id: str, where: str, text_fields: Sequence[str],
                  id_field: str) -> Record:
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Record(fallback_id, where, error="not UTF-8 (JSON lines must be UTF-8)")
    except json.JSONDecodeError as exc:
        return Record(fallback_id, where, error=f"not valid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return Record(fallback_id, where, error=f"not a JSON object (a {type(obj).__name__})")
    rid = obj.get(id_field)
    rec_id = str(rid) if isinstance(rid, (str, int, float)) and not isinstance(rid, bool) else fallback_id
    if rec_id != fallback_id:
        where = f"{where} (id {rec_id})"
    text = next((obj[f] for f in text_fields if isinstance(obj.get(f), str)), None)
    if text is None:
        fields = ", ".join(repr(f) for f in text_fields)
        return Record(rec_id, where, error=f"record has no text field (looked for {fields})")
    try:
        check_text(text)
    except InputError as exc:
        return Record(rec_id, where, error=str(exc))
    return Record(rec_id, where, text=text)


def count_documents(items: Sequence[Source | Record]) -> int | None:
    """How many records :func:`read_records` will yield, for a progress bar (None if unknown)."""
    total = 0
    for item in items:
        if isinstance(item, Record):
            total += item.document
        elif item.path == STDIN:
            return None
        elif item.kind == "jsonl":
            try:
                with open(item.path, "rb") as fh:
                    # Lines, not records: blank lines are rare and a progress bar is an estimate.
                    last = b"\n"
                    while chunk := fh.read(1 << 20):
                        total += chunk.count(b"\n")
                        last = chunk[-1:]
                    total += last != b"\n"
            except OSError:
                total += 1
        else:
            total += 1
    return total
