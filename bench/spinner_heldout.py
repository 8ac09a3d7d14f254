"""Spinners that share nothing with bench/spinner.py, for held-out spin-score checks.

bench/spinner.py draws its synonyms from a hand list and the PPS tortured-phrase
list; a detector tuned on its copies could learn those word lists instead of
the phenomenon. These two kinds make copies the way other tools do:

- ``wn10``: WordNet synonym substitution as augmentation libraries do it
  (nlpaug's SynonymAug): about 10% of the content words (spaCy POS noun, verb,
  adjective, adverb; not in a named entity) replaced by a lemma of any of the
  word's WordNet synsets of that part of speech, with a crude re-inflection.
  Reads WordNet 3.0 from /usr/share/wordnet (Debian's ``wordnet-base``:
  ``apt-get install wordnet-base``); without it the kind is unavailable.
- ``emb10``: embedding-neighbour substitution as adversarial-attack tools do it
  (TextAttack's WordSwapEmbedding): about 10% of the content words replaced by
  one of their five nearest whole words in unspin's static MiniLM table
  (cosine >= 0.6), other than an inflection of the word itself.

``spin_heldout(text, kind, rng, nlp)`` returns the copy; offsets are not kept.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
KINDS = ("wn10", "emb10")
_POS = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}
_SS = {"noun": "n", "verb": "v", "adj": "as", "adv": "r"}


def available(kind: str) -> bool:
    return kind != "wn10" or (WORDNET / "index.noun").exists()


@lru_cache(maxsize=1)
def _wordnet() -> dict[tuple[str, str], list[str]]:
    """(lemma, pos) -> synonyms from every synset of the lemma, in sense order."""
    out: dict[tuple[str, str], list[str]] = {}
    for pos in _POS.values():
        synsets: dict[str, list[str]] = {}
        with open(WORDNET / f"data.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                f = line.split()
                n = int(f[3], 16)
                synsets[f[0]] = [re.sub(r"\(.*\)$", "", f[4 + 2 * k]).replace("_", " ") for k in range(n)]
        with open(WORDNET / f"index.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                f = line.split()
                lemma, n_ptr = f[0].replace("_", " "), int(f[3])
                offsets = f[4 + n_ptr + 2:]
                syns: list[str] = []
                for off in offsets:
                    for w in synsets.get(off, []):
                        if w.lower() != lemma and w not in syns:
                            syns.append(w)
                if syns:
                    out[(lemma, pos)] = syns
    return out


def _inflect(word: str, tag: str) -> str:
    head, _, rest = word.partition(" ")
    last = word.split()[-1]

    def plural(w: str) -> str:
        if w.endswith("s") and not w.endswith("ss"):  # already plural ("circumstances")
            return w
        if re.search(r"(ss|x|z|ch|sh|o)$", w):
            return w + "es"
        if re.search(r"[^aeiou]y$", w):
            return w[:-1] + "ies"
        return w + "s"

    def past(w: str) -> str:
        if w.endswith("e"):
            return w + "d"
        if re.search(r"[^aeiou]y$", w):
            return w[:-1] + "ied"
        return w + "ed"

    def gerund(w: str) -> str:
        return (w[:-1] if w.endswith("e") and not w.endswith("ee") else w) + "ing"

    if tag in ("NNS", "NNPS"):
        return word[: len(word) - len(last)] + plural(last)
    if tag in ("VBD", "VBN"):
        return past(head) + (" " + rest if rest else "")
    if tag == "VBG":
        return gerund(head) + (" " + rest if rest else "")
    if tag == "VBZ":
        return plural(head) + (" " + rest if rest else "")
    return word


@lru_cache(maxsize=1)
def _neighbours():
    import numpy as np

    from unspin.provenance.embed import get_embedder

    emb = get_embedder()
    vocab = emb.tokenizer.get_vocab()
    words = sorted((w, i) for w, i in vocab.items() if w.isalpha() and w.islower() and len(w) > 2)
    ids = np.array([i for _, i in words])
    mat = emb.table[ids]
    mat = mat / np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    return [w for w, _ in words], {w: k for k, (w, _) in enumerate(words)}, mat


def _embed_swap(word: str, rng: random.Random) -> str | None:
    from wordfreq import zipf_frequency

    words, index, mat = _neighbours()
    k = index.get(word)
    if k is None:
        return None
    sims = mat @ mat[k]
    order = sims.argsort()[::-1][1:40]
    cands = [words[j] for j in order if sims[j] >= 0.6 and words[j][:4] != word[:4]
             and zipf_frequency(words[j], "en") >= 3.0][:5]
    return rng.choice(cands) if cands else None


def _case_like(src: str, new: str) -> str:
    return new[:1].upper() + new[1:] if src[:1].isupper() else new


def spin_heldout(text: str, kind: str, rng: random.Random, nlp=None, rate: float = 0.10) -> str:
    if nlp is None:
        from unspin.nlp import load_nlp

        nlp = load_nlp()
    doc = nlp(text)
    words = [t for t in doc if t.is_alpha]
    cands = [t for t in words if t.pos_ in _POS and not t.ent_type_ and not t.is_stop and len(t.text) > 2
             and (t.text.islower() or t.i == t.sent.start)]
    rng.shuffle(cands)
    want = int(round(rate * len(words)))
    repl: dict[int, str] = {}
    for t in cands:
        if len(repl) >= want:
            break
        if kind == "wn10":
            syns = _wordnet().get((t.lemma_.lower(), _POS[t.pos_]))
            if not syns:
                continue
            new = _inflect(rng.choice(syns), t.tag_)
        elif kind == "emb10":
            new = _embed_swap(t.lower_, rng)
            if new is None:
                continue
        else:
            raise ValueError(f"unknown kind {kind!r}")
        repl[t.i] = _case_like(t.text, new)
    out = []
    for t in doc:
        out.append(repl.get(t.i, t.text) + t.whitespace_)
    return "".join(out)


if __name__ == "__main__":  # demo: python -m bench.spinner_heldout FILE KIND
    import sys

    src = Path(sys.argv[1]).read_text(encoding="utf-8")
    print(spin_heldout(src, sys.argv[2] if len(sys.argv) > 2 else "wn10", random.Random(0)))
