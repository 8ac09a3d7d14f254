"""Reading unspin's inputs: files, folders, stdin, HTML and JSONL, into records to analyze."""

from unspin.inputs.decode import MAX_BYTES, decode_bytes
from unspin.inputs.html import extract_main_text
from unspin.inputs.sources import Record, Source, expand, read_records

__all__ = ["MAX_BYTES", "Record", "Source", "decode_bytes", "expand", "extract_main_text", "read_records"]
