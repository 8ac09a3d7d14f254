"""MinHash signatures of word 5-grams, vectorised with numpy, and LSH band keys.

Stable across processes (word ids come from blake2b, not Python's salted
``hash``). Used to propose near-duplicate candidates; every candidate is
verified by alignment, so the bands are set for recall (32 bands of 4 rows:
half of all pairs at Jaccard ~0.42 become candidates), not for the decision.
"""

from __future__ import annotations

import hashlib

import numpy as np

from unspin.provenance.normalise import words

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20261124)
_A = _rng.integers(1, 1 << 29, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 29, size=NUM_PERM, dtype=np.uint64)
_MIX = _rng.integers(1, 1 << 62, size=SHINGLE, dtype=np.uint64) | np.uint64(1)
_MASK32 = np.uint64(0xFFFFFFFF)
_NO_WRAP = int(_A.max()) * 0xFFFFFFFF + int(_B.max()) < int(_PRIME)


_IDS: dict[str, int] = {}


def _word_ids(ws: list[str]) -> np.ndarray:
    new = set(ws).difference(_IDS)
    if new:
        if len(_IDS) + len(new) > 500_000:
            _IDS.clear()
            new = set(ws)
        for w in new:
            _IDS[w] = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
    return np.fromiter(map(_IDS.__getitem__, ws), dtype=np.uint64, count=len(ws))


def shingle_hashes(text: str | None = None, ws: list[str] | None = None) -> np.ndarray:
    """32-bit hashes of the text's word 5-grams (the whole text if shorter)."""
    if ws is None:
        ws = words(text or "")
    if not ws:
        return np.zeros(0, dtype=np.uint64)
    ids = _word_ids(ws)
    n = max(1, len(ids) - SHINGLE + 1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(min(SHINGLE, len(ids))):
            h = h * _MIX[k] + ids[k:k + n]  # wraps mod 2**64
    return np.unique((h >> np.uint64(29)) & _MASK32)


def signature(text: str | None = None, ws: list[str] | None = None) -> np.ndarray:
    """(NUM_PERM,) uint32 MinHash signature; all ones for a text with no words."""
    h = shingle_hashes(text, ws)
    if h.size == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    # h < 2**32 and a, b < 2**29: a*h + b < 2**61 - 1 = P, so "mod P" never changes a value
    # (checked at import as _NO_WRAP) and the row minimum of a*h + b is the signature.
    x = h[None, :] * _A[:, None]
    x += _B[:, None]
    if not _NO_WRAP:
        x %= _PRIME
    return (x.min(axis=1) & _MASK32).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (the band's index is mixed in)."""
    rows = sig.reshape(BANDS, ROWS)
    keys = []
    for b in range(BANDS):
        d = hashlib.blake2b(rows[b].tobytes() + bytes([b]), digest_size=8).digest()
        keys.append(int.from_bytes(d, "little") >> 1)
    return keys


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    return float(np.mean(sig_a == sig_b))
