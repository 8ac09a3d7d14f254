"""Text to comparable units: sentences with code-point offsets, word stems, hashes.

Nothing here changes the stored text: sentences are ``(start, end)`` offsets into
the text exactly as decoded, and normalisation (Unicode NFKC, case, quotes,
known spinner substitutions) only feeds hashing and comparison.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and
# something that can start a sentence; a line break always ends one.
_SENT_END = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+", re.UNICODE)
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|U\.S|U\.K|e\.g|i\.e)|\b[A-Z])\.$")

MAX_SENTENCE_CHARS = 600  # longer "sentences" (lists, tables) are cut into pieces of this size

STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as into onto over under
about after before between during through than then that this these those it its it's is are was were be
been being am has have had having do does did done not no nor so too very can could will would shall should
may might must i me my we our us you your he him his she her they them their there here what which who whom
whose when where why how all any both each few more most other some such own same just also only up down out
off again further once s t said says say""".split())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end) code-point offsets, stripped of surrounding space."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        end_line = line.end()
        pos = start
        for m in _SENT_END.finditer(text, start, end_line):
            cut = m.start() + len(m.group().rstrip())
            if _ABBREV.search(text, max(pos, cut - 6), cut):
                continue  # "Mr. Smith", "U.S. officials", initials
            _add(text, pos, cut, spans)
            pos = m.end()
        _add(text, pos, end_line, spans)
    return spans


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start and _WORD.search(text, start, end):
        out.append((start, end))


@lru_cache(maxsize=1)
def _tortured():
    """Known spinner substitutions (tortured phrase -> expected), from unspin.spin's list."""
    path = Path(__file__).resolve().parent.parent / "spin" / "tortured_phrases.tsv"
    pairs: dict[str, str] = {}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            bad, good = line.split("\t")[:2]
            if bad.strip() and good.strip():
                pairs[bad.strip().lower()] = good.strip().lower()
    except OSError:
        pass
    if not pairs:
        return None, pairs
    alt = "|".join(re.escape(p) for p in sorted(pairs, key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b"), pairs


def _maybe_tortured(lowered: str) -> bool:
    """Cheap pre-check: does any tortured phrase's first word occur at all?"""
    return not _first_words().isdisjoint(lowered.split())


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    _, pairs = _tortured()
    return frozenset(p.split()[0] for p in pairs)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTES.items())


def _plain(text: str) -> str:
    """NFKC with plain quotes and dashes, lower-cased (ASCII text, most news, skips both passes)."""
    if text.isascii():
        return text.lower()
    out = unicodedata.normalize("NFKC", text)
    for a, b in _QUOTE_PAIRS:  # str.replace per character: far faster than translate with non-ASCII keys
        if a in out:
            out = out.replace(a, b)
    return out.lower()


def normalise(text: str) -> str:
    """Lower-cased NFKC text with plain quotes and known spinner phrases undone."""
    out = _plain(text)
    pattern, pairs = _tortured()
    if pattern is not None and _maybe_tortured(out):
        out = pattern.sub(lambda m: pairs[m.group()], out)
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def stem(word: str) -> str:
    """A crude stem: inflections of one word mostly share their first five letters."""
    return word[:5] if len(word) > 5 else word


def content_stems(text: str | None = None, ws: list[str] | None = None) -> set[str]:
    # w[:5] is stem(w), inlined: this runs for every sentence ingested or traced
    return {w[:5] for w in (words(text or "") if ws is None else ws) if w not in STOPWORDS}


LEX_BUCKETS = 4096
_BUCKET: dict[str, int] = {}


def lex_ids(text: str | None = None, ws: list[str] | None = None) -> list[int]:
    """A sentence's content stems as stable bucket numbers (crc32 mod LEX_BUCKETS), sorted."""
    stems = content_stems(text, ws)
    new = stems.difference(_BUCKET)
    if new:
        if len(_BUCKET) > 500_000:
            _BUCKET.clear()
            new = stems
        for st in new:
            _BUCKET[st] = zlib.crc32(st.encode()) % LEX_BUCKETS
    return sorted(set(map(_BUCKET.__getitem__, stems)))


def text_hash(text: str) -> str:
    """Exact identity: the text as decoded."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def norm_hash(text: str) -> str:
    """Identity up to whitespace, case, quotes and Unicode form: exact duplicates."""
    plain = _plain(text)
    return hashlib.sha1(" ".join(plain.split()).encode("utf-8", "surrogatepass")).hexdigest()


def sentence_key(text: str) -> int:
    """A signed 63-bit hash of a sentence's words, to count how many documents share it."""
    return words_key(words(text))


def words_key(ws: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(ws).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
