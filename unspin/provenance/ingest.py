"""Inputs to stored documents: folders of .txt/.html, JSONL with metadata, WARC.

Readers yield :class:`Item` objects (a document or the reason it is bad) lazily,
so memory does not grow with the corpus. Ids follow CONTRACT.md: the path
relative to the folder named, the file name for a file named directly, the
JSONL record's id; a WARC record's id is its target URI.
:func:`prepare` turns a text into everything the store keeps (sentences,
vectors, hashes, MinHash bands).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import numpy as np

from unspin.errors import InputError
from unspin.limits import check_text
from unspin.inputs.decode import MAX_BYTES, decode_bytes
from unspin.inputs.sources import jsonl_lines
from unspin.provenance import minhash
from unspin.provenance.normalise import lex_ids, norm_hash, sentence_spans, text_hash, words, words_key
from unspin.provenance.store import MAX_SENTS, Prepared

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
            ".ndjson": "jsonl", ".warc": "warc", ".gz": "warc"}


@dataclass(slots=True)
class FieldMap:
    """Which JSONL fields hold what; each list is tried in order."""

    id: Sequence[str] = ("id",)
    text: Sequence[str] = ("text", "body_text")
    title: Sequence[str] = ("title",)
    date: Sequence[str] = ("date", "publish_date")
    url: Sequence[str] = ("url",)
    publisher: Sequence[str] = ("publisher",)


@dataclass(slots=True)
class Item:
    id: str
    where: str
    text: str | None = None
    error: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)


def _kind(path: str) -> str | None:
    p = PurePath(path)
    if p.name.lower().endswith((".warc.gz", ".warc")):
        return "warc"
    kind = SUFFIXES.get(p.suffix.lower())
    return None if kind == "warc" else kind


def iter_items(paths: Sequence[str], fields: FieldMap | None = None) -> Iterator[Item]:
    fields = fields or FieldMap()
    for path in paths:
        if os.path.isdir(path):
            found = False
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    kind = _kind(name)
                    if name.startswith(".") or kind is None:
                        continue
                    found = True
                    full = os.path.join(dirpath, name)
                    yield from _read(full, PurePath(os.path.relpath(full, path)).as_posix(), kind, fields)
            if not found:
                yield Item(path, path, error="no .txt, .html, .jsonl or .warc files in this directory")
        elif os.path.exists(path):
            yield from _read(path, os.path.basename(path), _kind(path) or "text", fields)
        else:
            yield Item(os.path.basename(path) or path, path, error="no such file or directory")


def _read(path: str, doc_id: str, kind: str, fields: FieldMap) -> Iterator[Item]:
    try:
        if kind == "jsonl":
            yield from _read_jsonl(path, fields)
        elif kind == "warc":
            yield from _read_warc(path)
        else:
            size = os.stat(path).st_size
            if size > MAX_BYTES:
                raise InputError(f"file too large: {size:,} bytes (limit {MAX_BYTES:,})")
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
            text = decode_bytes(data)
            if kind == "html":
                from unspin.inputs.html import extract_main_text

                text = extract_main_text(text)
            yield Item(doc_id, path, text=_check(text), meta={"origin": path})
    except InputError as exc:
        yield Item(doc_id, path, error=str(exc))
    except OSError as exc:
        yield Item(doc_id, path, error=f"cannot read: {exc.strerror or exc}")


def _check(text: str) -> str:
    check_text(text)
    return text


def _first(obj: dict, names: Sequence[str]) -> str | None:
    for n in names:
        v = obj.get(n)
        if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip():
            return str(v)
    return None


def _read_jsonl(path: str, fields: FieldMap) -> Iterator[Item]:
    with open(path, "rb") as fh:
        for lineno, line in jsonl_lines(fh):
            where = f"{path}:{lineno}"
            fallback = f"{os.path.basename(path)}:{lineno}"
            if line is None:
                yield Item(fallback, where, error=f"record too large: more than {MAX_BYTES:,} bytes")
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                yield Item(fallback, where, error="not UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield Item(fallback, where, error=f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                yield Item(fallback, where, error=f"not a JSON object (a {type(obj).__name__})")
                continue
            doc_id = _first(obj, fields.id) or fallback
            text = next((obj[f] for f in fields.text if isinstance(obj.get(f), str)), None)
            if text is None:
                yield Item(doc_id, where, error=f"no text field (looked for {', '.join(fields.text)})")
                continue
            try:
                _check(text)
            except InputError as exc:
                yield Item(doc_id, where, error=str(exc))
                continue
            meta = {"title": _first(obj, fields.title), "date": _first(obj, fields.date),
                    "url": _first(obj, fields.url), "publisher": _first(obj, fields.publisher), "origin": where}
            yield Item(doc_id, where, text=text, meta=meta)


def _read_warc(path: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    from unspin.inputs.html import extract_main_text

    with open(path, "rb") as fh:
        for n, record in enumerate(ArchiveIterator(fh), 1):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{os.path.basename(path)}#{n}"
            where = f"{path}#{n}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else
                     record.rec_headers.get_header("Content-Type")) or ""
            if "html" not in ctype.lower() and "text/plain" not in ctype.lower():
                continue
            try:
                data = record.content_stream().read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    raise InputError(f"record too large: more than {MAX_BYTES:,} bytes")
                text = decode_bytes(data)
                if "html" in ctype.lower():
                    text = extract_main_text(text)
                meta = {"url": uri, "date": record.rec_headers.get_header("WARC-Date"), "origin": where}
                yield Item(uri, where, text=_check(text), meta=meta)
            except InputError as exc:
                yield Item(uri, where, error=str(exc))


def prepare_many(items: Sequence[Item], embedder) -> list[Prepared]:
    """Everything stored for each document; one embedding call for the whole batch."""
    out = []
    all_sents: list[str] = []
    for it in items:
        text = it.text or ""
        spans = sentence_spans(text)[:MAX_SENTS]
        sents = [text[s:e] for s, e in spans]
        all_sents.extend(sents)
        sent_words = [words(s) for s in sents]
        sig = minhash.signature(ws=[w for ws in sent_words for w in ws])
        out.append(Prepared(
            id=it.id, text=text, hash=text_hash(text), nhash=it.meta.pop("_nhash", None) or norm_hash(text),
            spans=spans, words=[len(ws) for ws in sent_words], shashes=[words_key(ws) for ws in sent_words], lexids=[lex_ids(ws=ws) for ws in sent_words],
            vecs=np.zeros((0, 0), np.float16), minhash=sig, bands=minhash.band_keys(sig), meta=dict(it.meta)))
    vecs = embedder.embed(all_sents).astype(np.float16)
    pos = 0
    for p in out:
        p.vecs = vecs[pos:pos + len(p.spans)]
        pos += len(p.spans)
    return out


def count_items(paths: Sequence[str]) -> int | None:
    """How many records iter_items will yield (for a progress bar); None when unknown (WARC)."""
    total = 0
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for name in filenames:
                    kind = _kind(name)
                    if name.startswith(".") or kind is None:
                        continue
                    if kind == "warc":
                        return None
                    total += _lines(os.path.join(dirpath, name)) if kind == "jsonl" else 1
        elif _kind(path) == "warc":
            return None
        elif _kind(path) == "jsonl":
            total += _lines(path)
        else:
            total += 1
    return total


def _lines(path: str) -> int:
    n = 0
    try:
        with open(path, "rb") as fh:
            last = b"\n"
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
        return n + (last != b"\n")
    except OSError:
        return 1
