"""Trace matches carry the source's title, URL, publisher and date from the store."""

from __future__ import annotations

import json

from unspin.provenance import Corpus

TEXT = ("The city council voted on Tuesday to close the central library for two years of repairs. "
        "The mayor said the building had become unsafe after the winter storms. "
        "Residents' groups said they would challenge the decision in court. "
        "A temporary reading room will open in the town hall in March, the council said.")


def test_trace_match_has_title_url_publisher_and_date(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "lib-1", "text": TEXT, "title": "Library to close", "url": "https://example.org/lib",
                               "publisher": "Town Crier", "date": "2024-03-01"}) + "\n", encoding="utf-8")
    with Corpus(str(tmp_path / "s.db")) as corpus:
        corpus.ingest([str(src)])
        (m,) = corpus.trace(TEXT.replace("Tuesday", "Wednesday").replace("unsafe", "dangerous"))
    d = m.to_dict()
    assert (d["id"], d["title"], d["url"], d["publisher"], d["date"]) == (
        "lib-1", "Library to close", "https://example.org/lib", "Town Crier", "2024-03-01")
