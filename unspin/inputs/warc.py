"""WARC files (web crawls) to records: one per HTML or plain-text response, by warcio."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from unspin.errors import InputError
from unspin.inputs.decode import MAX_BYTES


def read_warc(path: str, to_record: Callable) -> Iterator:
    """One record per response/resource whose content type is HTML or plain text; the id is
    the target URI. ``to_record(id, where, data, kind, meta)`` builds a record from bytes."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                item = _record(path, n, record, to_record)
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            raise InputError(f"not a readable WARC file: {' '.join(str(exc).split())}") from None


def _record(path: str, n: int, record, to_record: Callable):
    from unspin.inputs.sources import Record

    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{os.path.basename(path)}#{n}"
    where = f"{path}#{n}"
    headers = record.http_headers if record.http_headers else record.rec_headers
    ctype = (headers.get_header("Content-Type") or "").lower()
    if "html" not in ctype and "text/plain" not in ctype:
        return None
    meta = {"url": uri, "date": record.rec_headers.get_header("WARC-Date"), "origin": where}
    try:
        data = record.content_stream().read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"record too large: more than {MAX_BYTES:,} bytes")
        return to_record(uri, where, data, "html" if "html" in ctype else "text", meta)
    except InputError as exc:
        return Record(uri, where, error=str(exc))
