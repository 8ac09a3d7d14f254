"""Reading unspin's inputs, the same way for every command: files, folders, stdin, HTML,
JSONL and WARC, into records (a document's id, text and metadata, or why it cannot be read)."""

from unspin.inputs.decode import MAX_BYTES, Decoded, decode, decode_bytes
from unspin.inputs.html import extract_main_text
from unspin.inputs.paths import FieldMap, ReadOptions, Source, count_documents, expand
from unspin.inputs.sources import Record, read_records

__all__ = ["MAX_BYTES", "Decoded", "FieldMap", "ReadOptions", "Record", "Source", "count_documents", "decode",
           "decode_bytes", "expand", "extract_main_text", "read_records"]
