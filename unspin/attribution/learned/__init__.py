"""A token tagger trained on PolNeAR train that proposes attribution candidates.

A linear-chain CRF (python-crfsuite) labels each paragraph's tokens with BIO
tags for CUE, SOURCE and CONTENT (features in features.py; training in
train.py). An ``I-`` tag may follow an interruption: in '"X," he said, "Y"'
the second quotation is I-CONTENT of the same statement, so the statement is
one candidate spanning both fragments. Each CONTENT group then becomes one
Candidate linked to the nearest CUE group and to the SOURCE that is the cue's
syntactic dependent (else the nearest SOURCE to the cue).

The model file is loaded by :func:`load_tagger`, once per
:class:`unspin.resources.Resources`; without it (or with
``AttributionOptions(learned=False)``, used to measure rules alone), ``predict``
returns [].
"""

from __future__ import annotations

import threading
from pathlib import Path

from spacy.tokens import Doc

from unspin.attribution.candidate import Candidate
from unspin.attribution.learned.features import doc_features
from unspin.attribution.quotes import inside_flags
from unspin.text.tokens import sentence_bounds

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "polnear-crf.crfsuite"

class CrfTagger:
    """A loaded CRF model. Safe to share between threads: a crfsuite Tagger holds the
    state of its last call (the marginals read it), so calls take turns on a lock."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._lock = threading.Lock()

    def tag(self, xseq: list) -> tuple[list[str], list[float] | None]:
        """The tags of one paragraph, and their marginals when any tag is not O."""
        with self._lock:
            tags = self._tagger.tag(xseq)
            if all(t == "O" for t in tags):
                return tags, None
            return tags, [self._tagger.marginal(t, k) for k, t in enumerate(tags)]


def load_tagger() -> CrfTagger | None:
    """The tagger of the installed model file, or None when there is none."""
    return CrfTagger(MODEL_PATH) if MODEL_PATH.is_file() else None


def predict(sdoc: Doc, resources=None, options=None) -> list[Candidate]:
    """Candidates proposed by the learned tagger of ``resources`` (default:
    ``Resources.default()``); [] when no model is installed or ``options.learned`` is off."""
    from unspin.options import DEFAULT_ATTRIBUTION
    from unspin.resources import resolve

    options = options or DEFAULT_ATTRIBUTION
    if not options.learned or len(sdoc) == 0:
        return []
    tagger = resolve(resources).tagger
    if tagger is None:
        return []
    paras, feats = doc_features(sdoc)
    out: list[Candidate] = []
    sent_starts: list[int] | None = None
    prev: tuple | None = None  # last (cue, source) char spans of the previous paragraph
    for para in paras:
        tags, probs = tagger.tag([feats[i] for i in para])
        if probs is not None:
            if sent_starts is None:
                sent_starts = _sentence_starts(sdoc)
            cands, last = decode(sdoc, para, tags, probs, prev, sent_starts, strict_linking=options.strict_linking)
            out.extend(cands)
            prev = last
        else:
            prev = None
    return out


def _groups(para: list[int], tags: list[str]) -> dict[str, list[list[int]]]:
    """Positions (in para) per group, per role; I- continues the role's last group."""
    groups: dict[str, list[list[int]]] = {"CUE": [], "SOURCE": [], "CONTENT": []}
    for k, tag in enumerate(tags):
        if tag == "O":
            continue
        bio, role = tag.split("-", 1)
        if bio == "B" or not groups[role]:
            groups[role].append([k])
        else:
            groups[role][-1].append(k)
    return groups


def _gap(a: list[int], b: list[int]) -> int:
    if a[-1] < b[0]:
        return b[0] - a[-1]
    if b[-1] < a[0]:
        return a[0] - b[-1]
    return 0


def _sentence_starts(sdoc: Doc) -> list[int]:
    """The index of each token's sentence start (``Token.sent`` rescans per call)."""
    starts = [0] * len(sdoc)
    for start, end in sentence_bounds(sdoc):
        starts[start:end] = [start] * (end - start)
    return starts


def decode(
    sdoc: Doc,
    para: list[int],
    tags: list[str],
    probs: list[float] | None = None,
    prev: tuple | None = None,
    sent_starts: list[int] | None = None,
    strict_linking: bool = True,
) -> tuple[list[Candidate], tuple | None]:
    """Candidates from one paragraph's tags, and the paragraph's last (cue, source) spans.

    A content whose paragraph has no cue borrows ``prev``, the previous
    paragraph's last cue and source: 'The Times reports:' then a quoted paragraph.
    ``strict_linking``: see :class:`unspin.options.AttributionOptions`.
    """
    groups = _groups(para, tags)
    cues, sources = groups["CUE"], groups["SOURCE"]
    heads = [sdoc[i].head.i for i in para]

    def linked(a: list[int], b: list[int]) -> bool:
        """Some token of a hangs from a token of b or vice versa (dependency edge)."""
        ta = {para[k] for k in a}
        tb = {para[k] for k in b}
        return any(heads[k] in tb for k in a) or any(heads[k] in ta for k in b)

    def source_of(cue: list[int]) -> list[int] | None:
        if not sources:
            return None
        # a SOURCE hanging from the cue (its subject, the "to" of "according to"),
        # then the one nearest the cue
        pool = [s for s in sources if linked(s, cue)] or sources
        return min(pool, key=lambda s: (_gap(s, cue), s[0]))

    # A cue that some content hangs from syntactically belongs to that content:
    # a content in the sentence before it ("The bill will allow X. But the SNP
    # say Y") must not borrow it merely for being nearest.
    claimed = [c for c in cues if any(linked(c, content) for content in groups["CONTENT"])]
    if sent_starts is None:
        sent_starts = _sentence_starts(sdoc)
    sent_of = {k: sent_starts[para[k]] for k in range(len(para))} if cues else {}
    out = []
    quoted = [inside_flags(sdoc)[i] for i in para] if groups["CONTENT"] else []
    for content in groups["CONTENT"]:
        toks = [sdoc[para[k]] for k in content]
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        cue_span = source_span = None
        pool = cues
        if strict_linking and cues and not any(linked(c, content) for c in cues):
            content_sents = {sent_of[k] for k in content}
            pool = [c for c in cues if c not in claimed or sent_of[c[0]] in content_sents]
        if pool:
            # the cue the content hangs from syntactically, else the nearest one
            cue = min(pool, key=lambda c: (not linked(c, content), _gap(c, content), c[0]))
            cue_span = _span(sdoc, para, cue)
            source_span = _span(sdoc, para, source_of(cue))
        elif prev is not None and content[0] == 0:
            cue_span, source_span = prev
        elif sources:
            source_span = _span(sdoc, para, min(sources, key=lambda s: (_gap(s, content), s[0])))
        inq = _quoted_share(quoted, content)
        ctype = "direct" if inq >= 0.8 else "mixed" if inq >= 0.2 else "indirect"
        score = sum(probs[k] for k in content) / len(content) if probs else 1.0
        out.append(
            Candidate(
                content=(start, end),
                cue=cue_span,
                source=source_span,
                type=ctype,
                origin="learned",
                score=score,
            )
        )
    last = None
    if cues:
        cue = cues[-1]
        last = (_span(sdoc, para, cue), _span(sdoc, para, source_of(cue)))
    return out, last


def _span(sdoc: Doc, para: list[int], group: list[int] | None) -> tuple[int, int] | None:
    if not group:
        return None
    a, b = sdoc[para[group[0]]], sdoc[para[group[-1]]]
    return (a.idx, b.idx + len(b))


def _quoted_share(flags: list[bool], content: list[int]) -> float:
    """Share of the content's tokens inside quotation marks within the paragraph."""
    return sum(1 for k in content if flags[k]) / len(content)
