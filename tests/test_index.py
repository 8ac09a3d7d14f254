"""The ANN sentence index's search on real articles: short and long queries find what is stored."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.provenance import Corpus
from unspin.provenance import index as ix
from unspin.store.base import key_doc


@pytest.fixture(scope="module")
def corpus(shared, tmp_path_factory):
    src = shared / "corpora" / "bbc-news-2225" / "business"
    folder = tmp_path_factory.mktemp("index") / "bbc" / "business"
    folder.mkdir(parents=True)
    for f in sorted(src.glob("*.txt"))[:12]:
        (folder / f.name).write_bytes(f.read_bytes())
    with Corpus(folder.parents[1] / "unspin.db") as c:
        c.ingest([str(folder.parent)])
        yield c


def test_search_finds_the_stored_anchors(corpus):
    """A short query (two anchors of a document) and a long one (every anchor of three) find each
    anchor sentence's document first."""
    docs = [d for batch in corpus.store.documents_after(-1) for d in batch][:3]
    keys, vecs = [], []
    for d in docs:
        for i in ix.anchors(d.words):
            keys.append(d.keys[i])
            vecs.append(np.frombuffer(d.vecs[i], dtype=np.float16).astype(np.float32))
    for n in (2, len(keys)):
        found, sims = corpus.index.search(np.stack(vecs[:n]), 5)
        assert found.shape == (n, 5)
        assert [key_doc(int(k)) for k in found[:, 0]] == [key_doc(k) for k in keys[:n]]
        assert (sims[:, 0] > 0.98).all()
