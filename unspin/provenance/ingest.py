"""Read records to stored documents: :func:`prepare_many` turns texts into everything
the store keeps (sentences, vectors, hashes, MinHash bands).

Reading (folders, JSONL with metadata, WARC) is :mod:`unspin.inputs`, the one reader
every command shares.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from unspin.inputs.sources import Record
from unspin.provenance import minhash
from unspin.provenance.normalise import lex_ids, norm_hash, sentence_spans, text_hash, words, words_key
from unspin.provenance.index import anchors
from unspin.store.base import MAX_SENTS, Prepared


def prepare_many(items: Sequence[Record], embedder) -> list[Prepared]:
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
        counts = [len(ws) for ws in sent_words]
        out.append(Prepared(
            id=it.id, text=text, hash=text_hash(text), nhash=it.meta.pop("_nhash", None) or norm_hash(text),
            spans=spans, words=counts, shashes=[words_key(ws) for ws in sent_words],
            lexids=[lex_ids(ws=ws) for ws in sent_words], vecs=np.zeros((0, 0), np.float16), minhash=sig,
            bands=minhash.band_keys(sig), meta=dict(it.meta), anchors=anchors(counts)))
    vecs = embedder.embed(all_sents).astype(np.float16)
    pos = 0
    for p in out:
        p.vecs = vecs[pos:pos + len(p.spans)]
        pos += len(p.spans)
    return out


