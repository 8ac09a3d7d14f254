"""The storage seam: what provenance needs from a store, as one typed protocol.

The store is the source of truth for documents (text and metadata), their sentences
(offsets, vectors, hashes, content-stem buckets), MinHash LSH bands and, after
``ingest --analyze``, their analyses. Everything else (the ANN index above all) is a
cache rebuilt from it. A backend (``sqlite.py`` today; PostgreSQL next) implements
:class:`Store`; nothing outside the backend writes SQL.

Keys: a document has an integer ``rowid`` that only grows (one writer at a time holds
:meth:`Store.write_lock`), and sentence ``i`` of it the key ``rowid << 12 | i``, so an
ANN hit names its document without a lookup (sentences past the 4,096th are not stored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

SENT_BITS = 12
MAX_SENTS = 1 << SENT_BITS
DEFAULT_DB = "unspin.db"


def sent_key(doc: int, i: int) -> int:
    return (doc << SENT_BITS) | i


def key_doc(key: int) -> int:
    return key >> SENT_BITS


def speaker_key(name: str | None) -> str | None:
    """How speaker names are compared: case-insensitive, whitespace collapsed."""
    if name is None:
        return None
    key = " ".join(name.split()).casefold()
    return key or None


@dataclass(slots=True)
class Prepared:
    """A document ready to store: text, metadata and everything derived from it."""

    id: str
    text: str
    hash: str
    nhash: str
    spans: list[tuple[int, int]]
    words: list[int]
    shashes: list[int]
    lexids: list[list[int]]  # per sentence: content-stem buckets (normalise.lex_ids)
    vecs: np.ndarray  # (n_sents, dim) float16
    minhash: np.ndarray  # (128,) uint32
    bands: list[int]
    meta: dict[str, str | None] = field(default_factory=dict)
    anchors: list[int] = field(default_factory=list)  # sentences that go into the ANN index (index.anchors)


@dataclass(frozen=True, slots=True)
class DocKey:
    """A stored document's identity: rowid, id and the hashes of its text."""

    rowid: int
    id: str
    hash: str  # exact text
    nhash: str  # normalised text (whitespace and case)


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a match reports about its source besides the text."""

    rowid: int
    id: str
    date: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class StoredDoc:
    rowid: int
    id: str
    text: str
    nhash: str
    hash: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str | None = None
    n_sents: int = 0


@dataclass(frozen=True, slots=True)
class SentRows:
    """A stored document's sentences, in order."""

    spans: list[tuple[int, int]]
    vecs: np.ndarray  # (n, dim) float32
    words: list[int]
    shashes: list[int]
    lex: list[list[int]]


@dataclass(frozen=True, slots=True)
class SentBlock:
    """Many stored documents' sentences as columns: each document's in key order, the
    documents in the order asked. Claim-level retrieval reads a thousand candidate documents a
    claim; as one array a column it scores them all at once, where a SentRows of Python lists
    a document cost it three quarters of its time (bench/eval_corroborate.py's latency)."""

    keys: np.ndarray  # (n,) int64: each sentence's key (``sent_key``)
    starts: np.ndarray  # (n,) int64 character offsets
    ends: np.ndarray
    words: np.ndarray  # (n,) int64
    shashes: np.ndarray  # (n,) int64
    vecs: np.ndarray  # (n, dim) float32
    lex: np.ndarray  # uint16: every sentence's lexical buckets, one sentence after another
    lex_at: np.ndarray  # (n + 1,) int64: sentence i's buckets are lex[lex_at[i]:lex_at[i + 1]]

    @property
    def docs(self) -> np.ndarray:
        """(n,) int64: each sentence's document rowid."""
        return self.keys >> SENT_BITS

    @property
    def numbers(self) -> np.ndarray:
        """(n,) int64: each sentence's number in its document."""
        return self.keys & (MAX_SENTS - 1)

    def ranges(self) -> dict[int, tuple[int, int]]:
        """Document rowid -> (first, last + 1) of its sentences in the block."""
        docs = self.docs
        if not len(docs):
            return {}
        cut = np.flatnonzero(np.diff(docs)) + 1
        lo = np.concatenate([[0], cut])
        hi = np.concatenate([cut, [len(self.docs)]])
        return {int(docs[a]): (int(a), int(b)) for a, b in zip(lo, hi)}

    def rows(self, lo: int, hi: int) -> SentRows:
        """Sentences lo..hi - 1 (one document's) as SentRows."""
        at = self.lex_at
        return SentRows(spans=list(zip(self.starts[lo:hi].tolist(), self.ends[lo:hi].tolist())),
                        vecs=self.vecs[lo:hi], words=self.words[lo:hi].tolist(),
                        shashes=self.shashes[lo:hi].tolist(),
                        lex=[self.lex[at[i]:at[i + 1]].tolist() for i in range(lo, hi)])


def sent_block(rows: Sequence[tuple]) -> SentBlock:
    """A SentBlock from (key, start, end, float16 vec bytes, words, shash, uint16 lex bytes)
    rows, grouped by document, each document's in key order."""
    if not rows:
        z = np.zeros(0, np.int64)
        return SentBlock(z, z, z, z, z, np.zeros((0, 0), np.float32), np.zeros(0, np.uint16), np.zeros(1, np.int64))
    keys, starts, ends, vecs, words, shashes, lex = zip(*rows)
    lex_at = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, lex), np.int64, len(rows)) // 2, out=lex_at[1:])
    return SentBlock(keys=np.array(keys, np.int64), starts=np.array(starts, np.int64),
                     ends=np.array(ends, np.int64), words=np.array(words, np.int64),
                     shashes=np.array(shashes, np.int64),
                     vecs=np.frombuffer(b"".join(vecs), np.float16).reshape(len(rows), -1).astype(np.float32),
                     lex=np.frombuffer(b"".join(lex), np.uint16), lex_at=lex_at)


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """What the ANN index needs of a stored document: sentence keys, word counts, vectors."""

    rowid: int
    keys: list[int]
    words: list[int]
    vecs: list[bytes]  # float16, one per sentence


@dataclass(frozen=True, slots=True)
class AnchorState:
    """One consistent reading of how far the store goes: its last document, and how many
    anchor sentences (index.anchors) its documents hold (None: not counted yet)."""

    last_doc: int
    anchors: int | None
    anchors_k: int | None  # the ANCHORS setting the count was made with


@dataclass(frozen=True, slots=True)
class AttributionRef:
    doc: int  # rowid
    n: int  # position in the analysis' "attributions"


@dataclass(frozen=True, slots=True)
class AttributionRow:
    """One row of the speaker index of attributions."""

    doc: int
    n: int
    speaker: str | None


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    name: str
    count: int


WaitHook = Callable[[str], None]


@runtime_checkable
class Store(Protocol):
    """A provenance store. All methods are safe to call while another process writes; writing
    documents takes :meth:`write_lock` for the whole session (see ``Corpus.ingest``)."""

    url: str

    # identity, meta and locking
    def store_id(self) -> str: ...
    def index_location(self) -> str: ...
    def write_lock(self, wait: WaitHook | None = None, block: bool = True) -> AbstractContextManager[bool]: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def close(self) -> None: ...

    # documents
    def add_batch(self, docs: Sequence[Prepared]) -> list[int]: ...
    def count(self) -> int: ...
    def lookup_id(self, doc_id: str) -> DocKey | None: ...
    def doc_id(self, rowid: int) -> str: ...
    def by_nhash(self, nhash: str) -> list[DocKey]: ...
    def same_text(self, nhash: str, hash: str) -> list[DocKey]: ...
    def doc(self, rowid: int) -> StoredDoc: ...
    def iter_docs(self) -> Iterator[StoredDoc]: ...
    def docs_meta(self, rowids: Iterable[int]) -> dict[int, DocMeta]: ...
    def text_hashes(self, rowids: Iterable[int]) -> dict[int, DocKey]: ...
    def rowids(self) -> Iterator[int]: ...
    def max_rowid(self) -> int: ...

    # sentences and bands
    def sentences(self, rowid: int) -> SentRows: ...
    def sentence_block(self, rowids: Sequence[int]) -> SentBlock: ...
    def sentences_at(self, keys: Iterable[int]) -> SentBlock: ...
    def shash_counts(self, shashes: Iterable[int]) -> dict[int, int]: ...
    def shash_docs(self, shashes: Sequence[int], limit: int = 64) -> dict[int, list[int]]: ...
    def minhash(self, rowid: int) -> np.ndarray: ...
    def lsh_docs(self, bands: Sequence[int]) -> dict[int, int]: ...
    def band_rows(self, lo: int, hi: int, upto_doc: int) -> np.ndarray: ...
    def shash_rows(self, lo: int, hi: int, upto_doc: int) -> np.ndarray: ...
    def documents_after(self, key: int, upto_doc: int | None = None,
                        batch: int = 20000) -> Iterator[list[IndexedDoc]]: ...
    def anchor_state(self) -> AnchorState: ...
    def set_anchor_count(self, n: int, k: int) -> None: ...

    # analyses (``ingest --analyze``)
    def has_analyses(self) -> bool: ...
    def ensure_analysis_tables(self) -> None: ...
    def count_analyses(self) -> int: ...
    def unanalysed(self, rowids: Sequence[int]) -> list[int]: ...
    def analysis_of_text(self, hash: str, nhash: str) -> str | None: ...
    def add_analyses(self, items: Sequence[tuple[int, str]]) -> None: ...
    def analysis(self, rowid: int) -> str | None: ...
    def iter_analyses(self) -> Iterator[tuple[int, str]]: ...
    def reindex_attributions(self, rowids: Sequence[int]) -> None: ...
    def iter_attribution_rows(self) -> Iterator[AttributionRow]: ...
    def attribution_refs(self, speaker: str | None = None, doc: int | None = None) -> Iterator[AttributionRef]: ...
    def speakers(self, contains: str | None = None, limit: int = 20) -> list[SpeakerCount]: ...

    # integrity (``unspin check``)
    def integrity_problems(self) -> list[str]: ...
