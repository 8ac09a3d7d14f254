"""Token features for the attribution tagger, computed once per parsed document.

A sequence is one paragraph (tokens between newline whitespace tokens), because
PolNeAR contents often run over several sentences but rarely over paragraphs.
Whitespace tokens are left out of sequences: they carry no role.
Everything is read from spaCy's per-token attributes in one pass so that the
tagger stays a small share of the parse time.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, POS, TAG

from unspin.attribution.quotes import inside_flags
from unspin.text.tokens import sentence_bounds
from spacy.tokens import Doc

# Lemmas that often head an attribution. The CRF learns its own weights per
# lemma; this list only drives the syntactic features ("which child of a
# reporting word is this token under"), which need to know the cue before tagging.
CUE_LEMMAS = frozenset(
    """say tell according add note argue claim report state write ask announce explain
    insist warn suggest believe think show find reveal acknowledge admit deny predict
    estimate confirm tweet post declare contend maintain recall describe agree urge
    promise vow hope fear expect indicate accuse charge complain testify respond reply
    answer quote cite conclude allege assert emphasize stress point suggest speculate
    tout boast praise criticize blame mention observe remark worry predict caution
    concede recount joke quip muse wonder question poll survey statement interview
    remarks release learn""".split()
)


def paragraphs(sdoc: Doc) -> list[list[int]]:
    """Token indices per paragraph, whitespace tokens excluded."""
    return _paragraphs([t.text for t in sdoc], [t.is_space for t in sdoc])


def _paragraphs(orth: list[str], is_space: list) -> list[list[int]]:
    out: list[list[int]] = []
    cur: list[int] = []
    for i, space in enumerate(is_space):
        if space:
            if "\n" in orth[i] and cur:
                out.append(cur)
                cur = []
            continue
        cur.append(i)
    if cur:
        out.append(cur)
    return out


def _columns(sdoc: Doc) -> tuple[list[str], ...]:
    """Per-token attribute strings read with one ``to_array`` call.

    Creating a spaCy ``Token`` object per attribute read was most of the
    tagger's cost; the array holds string-store ids, each decoded once.
    """
    arr = sdoc.to_array([ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, HEAD, IS_SPACE])
    strings = sdoc.vocab.strings
    cols = []
    for c in range(7):
        ids = arr[:, c].tolist()
        table = {h: strings[h] for h in set(ids)}
        cols.append([table[h] for h in ids])
    orth, lower, lemma, pos, tag, dep, ent = cols
    # ENT_TYPE 0 means "no entity": ent_type_ is "" there
    ent = [e if h else "" for e, h in zip(ent, arr[:, 6].tolist())]
    head = (np.arange(len(sdoc), dtype=np.int64) + arr[:, 7].astype(np.int64)).tolist()
    is_space = arr[:, 8].tolist()
    return orth, lower, lemma, pos, tag, dep, ent, head, is_space


def _shape(text: str) -> str:
    out = []
    for ch in text[:6]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def doc_features(sdoc: Doc) -> tuple[list[list[int]], list[list[str]]]:
    """(paragraphs as token indices, features per token of the whole doc)."""
    n = len(sdoc)
    orth, lower, lemma_raw, pos, fine_tag, dep, ent, head, is_space = _columns(sdoc)
    paras = _paragraphs(orth, is_space)
    quote = [int(f) for f in inside_flags(sdoc)]
    lemma = [x.lower() for x in lemma_raw]
    # proper nouns are excluded: "The Post" is a newspaper, not a cue
    is_cue = [lemma[i] in CUE_LEMMAS and pos[i] != "PROPN" for i in range(n)]

    # For each token: the nearest reporting-word ancestor (itself included) and
    # the dependency under which the token hangs from it (nsubj ~ source,
    # ccomp ~ content, ...).
    cue_rel = [""] * n
    cue_anc = [-1] * n
    for i in range(n):
        j, prev, steps = i, -1, 0
        while steps < 12:
            if is_cue[j]:
                cue_anc[i] = j
                cue_rel[i] = "self" if prev < 0 else dep[prev]
                break
            if head[j] == j:
                break
            prev, j, steps = j, head[j], steps + 1

    sent_start = [0] * n
    sent_has_cue = [0] * n
    sent_pos = [""] * n
    for s_start, s_end in sentence_bounds(sdoc):
        has = int(any(is_cue[k] for k in range(s_start, s_end)))
        length = s_end - s_start
        for k in range(s_start, s_end):
            sent_start[k] = s_start
            sent_has_cue[k] = has
            rel = (k - s_start) / max(1, length)
            sent_pos[k] = "0" if k == s_start else "e" if k == s_end - 1 else str(int(rel * 4))

    feats: list[list[str]] = [[] for _ in range(n)]
    for para in paras:
        m = len(para)
        # quotation runs in this paragraph, and whether a cue word sits within four
        # tokens before or after each ('"...," he said' / 'She said: "..."')
        qctx = [""] * m
        k = 0
        while k < m:
            if quote[para[k]]:
                j = k
                while j + 1 < m and quote[para[j + 1]]:
                    j += 1
                before = any(is_cue[para[x]] for x in range(max(0, k - 4), k))
                after = any(is_cue[para[x]] for x in range(j + 1, min(m, j + 5)))
                tag = ("B" if before else "") + ("A" if after else "") or "N"
                for x in range(k, j + 1):
                    qctx[x] = tag
                k = j + 1
            else:
                k += 1
        para_quote = quote[para[0]]
        first_sent = sent_start[para[0]]
        # nearest cue-lexicon token position to the left / right inside the paragraph
        last_cue = -1
        left = [-1] * m
        for k, i in enumerate(para):
            if is_cue[i]:
                last_cue = k
            left[k] = last_cue
        nxt = -1
        right = [-1] * m
        for k in range(m - 1, -1, -1):
            if is_cue[para[k]]:
                nxt = k
            right[k] = nxt
        for k, i in enumerate(para):
            h = head[i]
            f = [
                "b",
                "w=" + lower[i],
                "l=" + lemma[i],
                "sh=" + _shape(orth[i]),
                "p=" + pos[i],
                "t=" + fine_tag[i],
                "d=" + dep[i],
                "hl=" + lemma[h],
                "hd=" + dep[h],
                "hp=" + pos[h],
                "dhl=" + dep[i] + "|" + lemma[h],
                "q=%d" % quote[i],
                "sp=" + sent_pos[i],
                "sc=%d" % sent_has_cue[i],
                "fs=%d" % (sent_start[i] == first_sent),
                "e=" + ent[i],
            ]
            if is_cue[i]:
                f.append("cue")
                f.append("ld=" + lemma[i] + "|" + dep[i])
            if qctx[k]:
                f.append("qc=" + qctx[k])
            f.append("pq=%d" % para_quote)
            for off in (-2, -1, 1, 2):
                kk = k + off
                if 0 <= kk < m and is_cue[para[kk]]:
                    f.append("c%d" % off)
            if cue_anc[i] >= 0:
                a = cue_anc[i]
                side = "L" if i < a else "R" if i > a else "S"
                f.append("cr=" + cue_rel[i])
                f.append("crs=" + cue_rel[i] + side)
                f.append("cal=" + lemma[a])
                f.append("crl=" + cue_rel[i] + "|" + lemma[a])
            else:
                f.append("cr=none")
            lc, rc = left[k], right[k]
            dl = k - lc if lc >= 0 else 99
            dr = rc - k if rc >= 0 else 99
            f.append("ncl=%s" % (min(dl, 9) if dl < 99 else "n"))
            f.append("ncr=%s" % (min(dr, 9) if dr < 99 else "n"))
            if dl < 99 or dr < 99:
                near = para[lc] if dl <= dr else para[rc]
                f.append("ncs=%s%d" % ("L" if dl <= dr else "R", sent_start[near] == sent_start[i]))
            for off in (-2, -1, 1, 2):
                kk = k + off
                if 0 <= kk < m:
                    j = para[kk]
                    f.append("w%d=%s" % (off, lower[j]))
                    f.append("p%d=%s" % (off, pos[j]))
                    if off in (-1, 1):
                        f.append("q%d=%d" % (off, quote[j]))
                        f.append("d%d=%s" % (off, dep[j]))
                else:
                    f.append("w%d=<>" % off)
            if k > 0:
                f.append("ww=" + lower[para[k - 1]] + "|" + lower[i])
            if k == 0:
                f.append("BOP")
            if k == m - 1:
                f.append("EOP")
            feats[i] = f
    return paras, feats
