"""``corroborate``: every stored report of a claim, copies collapsed, origins counted.

1. Retrieval at sentence level: the claim's sentences are embedded (the static MiniLM of
   provenance) and compared with every stored sentence (claim_index.ClaimIndex), and exact
   copies of a claim sentence are found by its sentence hash.
2. A passage per candidate document: for each claim sentence its best sentence there; the
   evidence is the smallest span holding them when they are close together. Candidates'
   sentences are read from the store as one block (``Store.sentence_block``) and scored at
   once; past ``shortlist`` candidates, only the best by their retrieved sentences are read.
3. Does it carry the claim: the best passages by static cosine and content stems are read by
   the contextual sentence model, then drift's checks (checks.read): another number is
   another claim; negation, an antonym or "no evidence" make it a dispute; a hedge hedges.
4. Credit (credit.py), copies (the copy families of ``trace`` among the reports: a repost,
   wire or spun copy points to its family's likely original) and origins (independent
   reports grouped by the first source they credit).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace

import numpy as np

from unspin.attribution.cues import QUOTE_CUE_FORMS, SPEECH_LEMMAS
from unspin.corroboration import checks, reposts
from unspin.corroboration.claim_index import ClaimIndex
from unspin.corroboration.credit import (
    CREDIT_AFTER, NAME_GLUE, credited, document_attributions, initials, source_name,
)
from unspin.corroboration.results import Corroboration, Origin, Report
from unspin.model import Span
from unspin.provenance.normalise import content_stems, lex_ids, sentence_spans, stem, words, words_key
from unspin.store.base import key_doc, speaker_key


@dataclass(frozen=True, slots=True)
class CorroborateOptions:
    """How far to look and what counts as carrying the claim. The figures are those of the
    ReCOVery dev gold (bench/eval_corroborate.py, 24 claims, 82 reports)."""

    # stored sentences retrieved per claim sentence, and the cosine below which one is not
    # looked at: 400 at 0.55 held 75 of the 82 reports among the documents, 1,000 at 0.50
    # 78, 2,000 at 0.45 81 (881 documents a claim to score, retrieval p50 390 ms against
    # 279 ms; recall 0.829 -> 0.841), 3,000 all 82 (p50 541 ms): 3,000, which finds the
    # report among a story's dozens of same-figure sentences ("bringing the metric's eight-week
    # total to more than 36 million Americans"; recall 0.866 -> 0.878, independent exact 14 -> 15)
    candidates: int = 3000
    floor: float = 0.45
    # Retrieval keeps a document whose best passage's static score (the mean of its cosine
    # with the claim and the share of the claim's content stems it holds) reaches
    # ``retrieve``; the best ``rerank`` documents are read further, ``alternatives`` passages
    # each (a report's second-best passage is often the one that carries the claim). 100
    # rather than 60: precision 0.957 -> 0.985 at the same recall (more of the story's
    # articles make its topic words common, so the rarer-words test weighs the claim's own).
    retrieve: float = 0.40
    rerank: int = 100
    alternatives: int = 2
    # Past this many candidate documents, only those whose best passage among the retrieved
    # sentences (and their neighbours) ranks in the first ``shortlist`` are read whole (0: all).
    # On the dev store the gold's 24 claims keep their documents and eval_corroborate's figures
    # with 200; 30 stored sentences as claims lose 6.9% of their documents, most below rank 30
    # (400: 5.0%, 800: 2.0% at 0.9 of the time of reading all). At 100k documents retrieval p50
    # 1,045 -> 156 ms, p95 1,209 -> 256 ms, and bench_corroborate_scale's 40 claims keep every
    # report of a real article (13 differ in synthetic documents only)
    shortlist: int = 200
    # A passage carries the claim when it names one of the claim's actors (checks.names_actor,
    # in or just before it) and either (a) holds ``stems`` of the claim's content stems,
    # ``distinct`` of them weighted by rarity among the candidates (a sentence on the same
    # story sharing only its topic words does not carry it; rarity smoothed by ``background``
    # passages holding none), at the contextual model's cosine ``carry``; or (b) reads as
    # ``close`` to the claim with ``close_stems`` / ``close_distinct`` of its words (a report
    # giving the core without the details); or (c) gives the claim's figure with a word it
    # counts (checks.figure_context) at cosine ``carry_figure`` with ``close_stems`` of its
    # words ("36 million filing unemployment claims" inside a sentence on something else).
    # On the dev gold's candidates: (a) alone with carry 0.64 recall 0.744 / precision 0.847;
    # the actor test alone lifts precision to 0.95; (a)-(c) with it at carry 0.62, close 0.74
    # 0.841 / 0.972 (carry 0.60 0.854 / 0.933, 0.64 0.829 / 0.958; close 0.68 0.866 / 0.899,
    # none 0.805 / 0.957; without (c) 0.744 / 0.953; one passage a document 0.805 / 0.971).
    # The whole bench: carry 0.62, close 0.74 0.805 / 0.985; carry 0.60, close 0.70 0.829 /
    # 0.958 (two reports more, two same-story sentences more).
    carry: float = 0.60
    stems: float = 0.35
    distinct: float = 0.3
    close: float = 0.70
    close_stems: float = 0.25
    close_distinct: float = 0.2
    carry_figure: float = 0.3
    # (c) for a percentage: a share within rounding of the claim's is in many of a story's
    # passages, so it is read at ``carry_share`` (the dev gold's one such report, "a 17% drop"
    # for "a sixth less", at 0.555; the collision, oil demand "about 17 percent lower than
    # usual", at 0.325: recall 0.841 -> 0.854 at precision 0.958 -> 0.959 with checks.figure_spans)
    carry_share: float = 0.5
    background: int = 20
    # a neighbouring sentence joins the passage when it adds this share of the claim's stems
    # (bench/eval_corroborate.py: recall 0.610 -> 0.646, precision 0.893 -> 0.898)
    extend: float = 0.15
    window: int = 3  # claim sentences matched at most this many sentences apart form one passage
    max_reports: int = 200


# where a report names the claim's actor: the passage, the paragraph or two before it (a
# quote's speaker named earlier: "WHO's Mike Ryan said ... . Ryan added"), a line after
ACTOR_BEFORE, ACTOR_AFTER = 800, 300


@dataclass(slots=True)
class _Passage:
    rowid: int
    span: tuple[int, int]
    cosine: float
    stems: float  # share of the claim's content stems in the passage
    context: float = 0.0  # the contextual model's cosine with the claim
    doc: object = None  # the stored document, once read for the contextual check
    distinct: float = 0.0  # share of the claim's stems weighted by rarity (_distinct_coverage)
    counted: int = -1  # checks.figure_contexts, over the claim's counts and amounts
    counted_share: int = -1  # and over its percentages
    reading: object = None  # checks.Reading, once read
    quoted: bool = False  # it quotes a phrase the claim quotes (checks.quoted_phrases)

    @property
    def score(self) -> float:
        return (self.cosine + self.stems) / 2


class Corroborator:
    """Corroboration over one corpus: holds the claim index and the sentence model, which
    are built once (the model takes seconds to load) and reused for every claim."""

    def __init__(self, corpus, options: CorroborateOptions | None = None, model=None) -> None:
        self.corpus = corpus
        self.options = options or CorroborateOptions()
        self.index = ClaimIndex(corpus.store, corpus.embedder.dim)
        self._model = model
        # rowid -> how far its text was analysed, and its attributions (analysed again further
        # when a later report's passage needs more of it)
        self._attributions: OrderedDict[int, tuple[int, list[dict]]] = OrderedDict()
        self._encoded: OrderedDict[str, np.ndarray] = OrderedDict()  # passage text -> its vector
        self._warm = False

    @property
    def resources(self):
        """The corpus's resources (the default ones for a corpus built without)."""
        from unspin.resources import resolve

        return resolve(getattr(self.corpus, "resources", None))

    @property
    def nlp(self):
        """The parse of the corpus's resources, for hedge words that hedge only as verbs."""
        return self.resources.nlp

    @property
    def model(self):
        """The sentence model given, else that of the corpus's resources (loaded once there)."""
        if self._model is None:
            self._model = self.resources.sentence_model
        return self._model

    def corroborate(self, claim: str) -> Corroboration:
        if not self._warm:
            checks.warm()  # the first claim reads the lexicons, not whichever first needs one
            self._warm = True
        claim = " ".join(claim.split())
        reports = [self._report(claim, p) for p in self._carrying(claim, self._retrieve(claim))]
        _mark_copies(self.corpus, reports)
        reports.sort(key=lambda r: (r.date or "9999", r.id))
        return Corroboration(claim=claim, reports=reports, origins=origins_of(reports))

    def _retrieve(self, claim: str) -> list[list[_Passage]]:
        """Candidate documents' passages (best first in each), best document first by the
        static score (cosine and content stems) of its best passage."""
        o, corpus = self.options, self.corpus
        sents = [claim[s:e] for s, e in sentence_spans(claim)] or [claim]
        vecs = corpus.embedder.embed(sents)
        hits = self.index.search(vecs, o.candidates, o.floor)
        lex = [set(lex_ids(s)) for s in sents]
        candidates = set(self.index.docs(hits))
        if o.shortlist and len(candidates) > o.shortlist:
            candidates = self._shortlist(hits, vecs, lex)
        for rows in corpus.store.shash_docs([words_key(words(s)) for s in sents], limit=o.max_reports).values():
            candidates.update(rows)
        return _block_passages(corpus.store.sentence_block(sorted(candidates)), vecs, lex, o)

    def _shortlist(self, hits: list[list[tuple[int, float]]], vecs: np.ndarray, lex: list[set[int]]) -> set[int]:
        """The ``options.shortlist`` documents whose passages among the sentences retrieved (and
        their neighbours) score best: a candidate's other sentences, all below the retrieval
        floor, are read only for those (at 100k documents the candidates hold 200,000 sentences)."""
        near = {k + d for row in hits for k, _ in row for d in (-1, 0, 1) if key_doc(k + d) == key_doc(k)}
        o = replace(self.options, rerank=self.options.shortlist, alternatives=1, retrieve=0.0)
        return {ps[0].rowid for ps in _block_passages(self.corpus.store.sentences_at(near), vecs, lex, o)}

    def _carrying(self, claim: str, docs: list[list[_Passage]]) -> list[_Passage]:
        """Per document, the passage that carries the claim best (checks: its actors, its
        words and rarer words weighed over all the candidates, its figure), by the contextual
        model's cosine, which only the passages that pass the word tests are read by."""
        if not docs:
            return []
        o = self.options
        passages = [p for ps in docs for p in ps]
        for ps in docs:
            doc = self.corpus.store.doc(ps[0].rowid)
            for p in ps:
                p.doc = doc
        parsed = self.nlp(claim)
        names, doing = checks.actors(parsed), checks.predicate(parsed)
        if names:  # a quotation is someone's: without a speaker a quoted phrase may be an idiom's
            passages += self._quoting(claim, docs)
        texts = [p.doc.text[p.span[0]:p.span[1]] for p in passages]
        for p, t, d in zip(passages, texts, _distinct_coverage(claim, texts, o.background, [p.rowid for p in passages])):
            p.distinct = d
            p.counted, p.counted_share = checks.figure_contexts(claim, t)
        worded = [(p, t) for p, t in zip(passages, texts) if _worded(p, o) and _names(p, names)]
        if not worded:
            return []
        claim_vec = self.model.encode([claim])[0]
        for (p, _), sim in zip(worded, self._encode([t for _, t in worded]) @ claim_vec):
            p.context = float(sim)
        self._read_clauses([(p, t) for p, t in worded if not _carries(p, o) and p.context >= o.carry - CLAUSE_LIFT],
                           claim_vec)
        best: dict[int, _Passage] = {}
        for p, t in worded:
            if not _carries(p, o) or (p.rowid in best and best[p.rowid].context >= p.context):
                continue
            p.reading = checks.read(claim, t, self.nlp)
            if p.reading.carries and _says_what_it_does(p, t, doing, o):
                best[p.rowid] = p
        return [best[ps[0].rowid] for ps in docs if ps[0].rowid in best]

    def _quoting(self, claim: str, docs: list[list[_Passage]]) -> list[_Passage]:
        """The claim's quoted phrases (checks.quoted_phrases) found in the documents: a
        passage holding one is marked ``quoted``, and a document's sentence holding one that
        no passage covers becomes a passage of its own ("“So, I view it as a badge of honor.”"
        ranks below the document's sentences on testing by words and cosine). A phrase in more
        than QUOTE_SHARE of the documents is the story's, not the claim's, and marks nothing."""
        patterns = [checks.quote_pattern(q) for q in checks.quoted_phrases(claim)]
        hits = {ps[0].rowid: [m.span() for pat in patterns for m in pat.finditer(ps[0].doc.text)] for ps in docs}
        hits = {r: h for r, h in hits.items() if h}
        if not hits or len(hits) > max(1, QUOTE_SHARE * len(docs)):
            return []
        want, added = set(lex_ids(claim)), []
        for ps in docs:
            if ps[0].rowid not in hits:
                continue
            mine, spans = list(ps), self.corpus.store.sentences(ps[0].rowid).spans
            for a, b in hits[ps[0].rowid]:
                covering = [p for p in mine if p.span[0] <= a and b <= p.span[1]]
                for p in covering:
                    p.quoted = True
                if covering:
                    continue
                for s, e in spans:
                    if s <= a < e:
                        held = len(want & set(lex_ids(ps[0].doc.text[s:e]))) / max(1, len(want))
                        mine.append(_Passage(ps[0].rowid, (s, max(e, b)), 0.0, held, doc=ps[0].doc, quoted=True))
                        added.append(mine[-1])
                        break
        return added

    def _read_clauses(self, passages: list[tuple[_Passage, str]], claim_vec: np.ndarray) -> None:
        """A passage's contextual cosine is the best of it and what it reports (``clauses``):
        a sentence that turns to the claim after a colon or a reporting word's "that" ("The
        reason ... was unveiled on Monday morning: The leading candidate vaccine ...") reads
        as far whole."""
        parts = [(p, c) for p, t in passages for c in clauses(t)]
        if not parts:
            return
        for (p, _), sim in zip(parts, self._encode([c for _, c in parts]) @ claim_vec):
            p.context = max(p.context, float(sim))

    def _encode(self, texts: list[str]) -> np.ndarray:
        """The contextual model's vectors of passages, those read for an earlier claim kept
        (``--file`` and ``--all`` read one story's passages for claim after claim)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._encoded))
        for t, v in zip(todo, self.model.encode(todo) if todo else []):
            self._encoded[t] = v
        for t in texts:
            self._encoded.move_to_end(t)
        while len(self._encoded) > ENCODED_KEPT:
            self._encoded.popitem(last=False)
        return np.stack([self._encoded[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def _report(self, claim: str, p: _Passage) -> Report:
        doc, reading = p.doc, p.reading
        known = self._attributions.get(p.rowid)
        if known is None or known[0] < min(len(doc.text), p.span[1] + CREDIT_AFTER):
            known = self._attributions[p.rowid] = document_attributions(self.corpus, p.rowid, doc.text,
                                                                        upto=p.span[1])
        self._attributions.move_to_end(p.rowid)
        while len(self._attributions) > ATTRIBUTIONS_KEPT:
            self._attributions.popitem(last=False)
        evidence = Span.of(doc.text, *p.span)
        return Report(id=doc.id, evidence=evidence, stance=reading.stance, score=p.context,  # type: ignore[arg-type]
                      credited=credited(known[1], evidence), publisher=doc.publisher,
                      date=doc.date, url=doc.url, title=doc.title, why=reading.why, rowid=p.rowid)


# Where a sentence turns from its setting to what it reports: a colon, or "that" after a word
# of reporting ("soared on the report that eight participants ... had ... antibodies"; not
# "it could be possible that"). With it: recall 0.878 -> 0.902 (two Moderna reports in other
# words), precision 0.960 -> 0.949 (a Fauci statement on the vaccine's phase 2 testing, which
# checks.numbered_stages then sets aside: 0.961).
_TURN = re.compile(r":\s+|\b([\w'’]+)\s+that\s+")
_REPORTING = frozenset(stem(w) for w in SPEECH_LEMMAS | QUOTE_CUE_FORMS | {
    "found", "shown", "showed", "thought", "report", "reports", "news", "word", "announcement", "finding",
    "findings", "claim", "claims", "statement", "data", "study", "evidence"})
CLAUSE_MIN_WORDS = 8  # a shorter part is a fragment the model may read as anything
# the most a clause lifts a passage's reading on the dev gold (0.519 -> 0.664, 0.687 -> 0.831):
# passages further below ``carry`` are not read again
CLAUSE_LIFT = 0.15


def clauses(text: str) -> list[str]:
    """What a passage reports after each turn (``_TURN``), when it has CLAUSE_MIN_WORDS words."""
    out = []
    for m in _TURN.finditer(text):
        if m.group(1) is not None and not _reporting(m.group(1).lower()):
            continue
        part = text[m.end():].strip()
        if len(part.split()) >= CLAUSE_MIN_WORDS:
            out.append(part)
    return list(dict.fromkeys(out))


def _reporting(word: str) -> bool:
    """A word of reporting, its -ing form too ("stating", "noting", "adding"), which the
    stemmer leaves apart from the verb."""
    forms = [word]
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        forms += [base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else base]
    return any(stem(f) in _REPORTING for f in forms)


def _says_what_it_does(p: _Passage, text: str, doing: str | None, o: CorroborateOptions) -> bool:
    """A passage that never says what the claim's subject does ("The vaccine is packed with genetic
    material" for "a vaccine would genetically modify the people who receive it") carries the
    claim only as close as way (b) reads, or by the claim's figure or its quoted words
    (bench/eval_corroborate.py: independent count exact 18 -> 20 of 24, report recall 0.927 ->
    0.915, precision 0.962 -> 0.987, stance 0.947 -> 0.973)."""
    if doing is None or p.quoted or max(p.counted, p.counted_share) >= 1 or p.context >= o.close:
        return True
    return checks.says_predicate(doing, text)


def _worded(p: _Passage, o: CorroborateOptions) -> bool:
    """Enough of the claim's words for one of the ways of carrying it (see CorroborateOptions)."""
    if p.quoted or (p.stems >= o.stems and p.distinct >= o.distinct):
        return True
    return p.stems >= o.close_stems and (p.distinct >= o.close_distinct or max(p.counted, p.counted_share) >= 1)


def _carries(p: _Passage, o: CorroborateOptions) -> bool:
    """The contextual test of the way (a), (b) or (c) the passage's words allow."""
    if p.stems >= o.stems and p.distinct >= o.distinct and p.context >= o.carry:
        return True
    if p.stems >= o.close_stems and p.distinct >= o.close_distinct and p.context >= o.close:
        return True
    if p.stems >= o.close_stems and p.counted_share >= 1 and p.context >= o.carry_share:
        return True
    if p.quoted and p.context >= o.carry_figure:  # (d) the words the claim quotes
        return True
    return p.stems >= o.close_stems and p.counted >= 1 and p.context >= o.carry_figure


# A passage that gives the claim's figure (a count or an amount, not a share) with this many
# of the words it counts singles the claim out as an actor's name does: "a study of 96,000
# coronavirus patients found" for the Lancet's 96,000-patient study, quoted from a tweet by a
# page that never names the journal. On the dev gold it is the one unnamed passage giving the
# claim's figure at all (recall 0.854 -> 0.866, precision unchanged)
FIGURE_NAMES = 2


def _names(p: _Passage, names: list[tuple[str, str]]) -> bool:
    """The passage, or the text just before or after it, names one of the claim's actors, or
    gives the claim's figure with what it counts (FIGURE_NAMES)."""
    if p.counted >= FIGURE_NAMES:
        return True
    text = p.doc.text
    return checks.names_actor(names, text[max(0, p.span[0] - ACTOR_BEFORE):p.span[1] + ACTOR_AFTER])


STATEMENT_MIN_WORDS = 4  # shorter statements ("No," he said) make no checkable claim
_QUOTE_MARKS = " \"“”‘’'«»,"


def statement_claims(analysis) -> list[str]:
    """The claims an article's attributed statements make. A claim about a statement is the
    proposition that it was said (bench/data/corroboration/README.md): "Mike Ryan said this
    virus may never go away", with the speaker's resolved name; the content alone when no
    named person or body said it."""
    out = []
    for a in analysis.attributions:
        content = " ".join(a.content.text.split()).strip(_QUOTE_MARKS)
        if len(content.split()) < STATEMENT_MIN_WORDS:
            continue
        name = a.speaker.name if a.speaker.kind in ("person", "organization") else None
        out.append(f"{name} said {content}" if name else content)
    return out


def corroborate(corpus, claim: str, options: CorroborateOptions | None = None) -> Corroboration:
    """Every stored report of ``claim`` (see :class:`Corroborator`, which callers that ask
    about many claims should build once)."""
    return Corroborator(corpus, options).corroborate(claim)


def _distinct_coverage(claim: str, texts: list[str], background: int, docs: list[int] | None = None) -> list[float]:
    """For each passage, the share of the claim's content stems it holds, each stem weighted
    by its rarity among the candidate documents (``docs``: each passage's document; one each
    by default) and ``background`` others without it (log((N + background + 1) / (df +
    0.5))): the words every candidate shares are the story's topic, the rare ones the claim's own."""
    want = set(content_stems(claim))
    held = [want & set(content_stems(t)) for t in texts]
    docs = list(range(len(texts))) if docs is None else docs
    per_doc: dict[int, set[str]] = {}
    for d, h in zip(docs, held):
        per_doc.setdefault(d, set()).update(h)
    n = len(per_doc) + background
    df = Counter(s for h in per_doc.values() for s in h)
    weight = {s: math.log((n + 1) / (df[s] + 0.5)) for s in want}
    total = sum(weight.values()) or 1.0
    return [sum(weight[s] for s in h) / total for h in held]


def _block_passages(block, claim_vecs: np.ndarray, claim_lex: list[set[int]],
                    options: CorroborateOptions) -> list[list[_Passage]]:
    """The passages (``_passages``) of the best ``options.rerank`` documents of the block by
    the static score of their first passage, best first, those under ``options.retrieve``
    left out. Cosines and stem shares are computed for the whole block at once; a document's
    passages are only worked out while its bound (``_bounds``) can still reach the best."""
    if not len(block.docs):
        return []
    sims = np.asarray(claim_vecs, np.float32) @ block.vecs.T  # (claim sentences, stored sentences)
    held = _held(block, claim_lex)
    ranges = list(block.ranges().values())
    bound = _bounds(sims, held, ranges, len(claim_lex) == 1)
    found: list[list[_Passage]] = []
    best: list[float] = []  # a heap of the best ``rerank`` scores so far
    for d in np.argsort(-bound, kind="stable"):
        if bound[d] < options.retrieve or (len(best) >= options.rerank and bound[d] < best[0]):
            break
        lo, hi = ranges[d]
        ps = _passages(block, lo, hi, sims[:, lo:hi], held[:, lo:hi], claim_lex, options)
        if ps and ps[0].score >= options.retrieve:
            found.append(ps)
            (heapq.heappush if len(best) < options.rerank else heapq.heappushpop)(best, ps[0].score)
    found.sort(key=lambda ps: (-ps[0].score, ps[0].rowid))
    return found[: options.rerank]


def _bounds(sims: np.ndarray, held: np.ndarray, ranges: list[tuple[int, int]], single: bool) -> np.ndarray:
    """Per document (``ranges`` of the block), at least the static score of its first passage:
    its best sentence's, for a one-sentence claim with all the stems a neighbour could add."""
    if single:
        h = held[0]
        before, after = np.concatenate([[0.0], h[:-1]]), np.concatenate([h[1:], [0.0]])
        before[[lo for lo, _ in ranges]] = 0.0
        after[[hi - 1 for _, hi in ranges]] = 0.0
        per = (sims[0] + np.minimum(1.0, h + np.maximum(before, after))) / 2
    else:
        per = ((sims + held) / 2).max(axis=0)
    return np.maximum.reduceat(per, [lo for lo, _ in ranges]) + 1e-6  # float32 rounding


def _held(block, claim_lex: list[set[int]]) -> np.ndarray:
    """(claim sentences, stored sentences): the share of each claim sentence's content stems
    (lexical buckets) each stored sentence holds (a sentence's buckets are distinct)."""
    n = len(block.docs)
    sentence_of = np.repeat(np.arange(n), np.diff(block.lex_at))
    out = np.zeros((len(claim_lex), n), np.float32)
    for j, want in enumerate(claim_lex):
        if want:
            hit = np.isin(block.lex, np.fromiter(want, np.int64, len(want)))
            out[j] = np.bincount(sentence_of[hit], minlength=n) / len(want)
    return out


def _passages(block, lo: int, hi: int, sims: np.ndarray, held: np.ndarray, claim_lex: list[set[int]],
              options: CorroborateOptions) -> list[_Passage]:
    """The passages of the document whose sentences are lo..hi - 1 of the block, best first:
    for each claim sentence the stored sentence with the best mean of cosine (``sims``) and
    share of the claim sentence's content stems it holds (``held``), then the next best
    sentences elsewhere (``options.alternatives`` in all)."""
    both = (sims + held) / 2
    best = both.argmax(axis=1)
    pick = np.arange(len(best))
    number = block.numbers[lo:hi]  # the sentences' places in the document (a block may hold some only)
    if number[best].max() - number[best].min() > options.window:
        first = int(both.max(axis=1).argmax())  # far apart: the best single sentence
        pick, best = np.asarray([first]), np.asarray([best[first]])
    out = [_passage(block, lo, hi, claim_lex, int(best.min()), int(best.max()), float(sims[pick, best].mean()),
                    float(held[pick, best].mean()), options.extend)]
    for i in np.argsort(-both.max(axis=0), kind="stable"):
        if len(out) >= options.alternatives:
            break
        i = int(i)
        start, end = int(block.starts[lo + i]), int(block.ends[lo + i])
        if all(not (start < q.span[1] and q.span[0] < end) for q in out):
            j = int(both[:, i].argmax())
            out.append(_passage(block, lo, hi, claim_lex, i, i, float(sims[j, i]), float(held[j, i]), options.extend))
    return out


def _passage(block, lo: int, hi: int, claim_lex: list[set[int]], a: int, b: int, cosine: float, stems: float,
             extend: float) -> _Passage:
    """The document's sentences a..b (of lo..hi - 1 in the block), with a neighbour for a
    one-sentence claim a report may state over two."""
    if len(claim_lex) == 1:
        a, b, stems = _with_neighbour(block, lo, hi, claim_lex[0], a, stems, extend)
    return _Passage(int(block.docs[lo]), (int(block.starts[lo + a]), int(block.ends[lo + b])), cosine, stems)


def _with_neighbour(block, lo: int, hi: int, want: set[int], i: int, held: float,
                    extend: float) -> tuple[int, int, float]:
    """The sentence, or it and the neighbour that adds at least ``extend`` of the claim's
    stems ("A total of 2,981,000 more Americans filed ... last week." + "That brings the
    total to 36.5 million.")."""
    best = (i, i, held)
    for j in (i - 1, i + 1):
        if 0 <= j < hi - lo and abs(int(block.keys[lo + j]) - int(block.keys[lo + i])) == 1:
            both = len(want & (_lex(block, lo + i) | _lex(block, lo + j))) / max(1, len(want))
            if both >= held + extend and both > best[2]:
                best = (min(i, j), max(i, j), both)
    return best


def _lex(block, i: int) -> set[int]:
    return set(block.lex[block.lex_at[i]:block.lex_at[i + 1]].tolist())


# of the documents read further, the most a quoted phrase may be in (the claim's own, not the
# story's). Set, not tuned: the dev gold's one quoting claim ("badge of honor") is in 3 of 100;
# with it, recall 0.915 -> 0.927, precision 0.962, independent exact 17 -> 18 of 24; 75 stored
# sentences quoting a phrase, as claims, gained one report (Sputnik quoting Paul Nurse's
# "increasingly playing catch-up", a true one) and lost none
QUOTE_SHARE = 0.1
ENCODED_KEPT = 20_000  # passages' vectors a Corroborator keeps (1.5 KiB each: 30 MiB)
# reports' documents whose attributions a Corroborator keeps (a server answers claim after
# claim: unbounded, it held every document it ever credited); a few KiB each on the dev store
ATTRIBUTIONS_KEPT = 4096


def _mark_copies(corpus, reports: list[Report]) -> None:
    """copy_of: the likely original of each report's copy family, among the reports: the
    copies ``trace`` finds among them, and reports that repost a run of another's sentences
    (reposts.py)."""
    from unspin.provenance.families import best_edge, families_from_edges, pair_edges

    if len(reports) < 2:
        return
    rowids = sorted({r.rowid for r in reports})
    tracer, keep = corpus.tracer(), set(rowids)
    edges = pair_edges((r, _among(corpus.store, tracer, r, keep)) for r in rowids)
    prints = {r: reposts.printed(corpus.store, r) for r in rowids}
    for i, a in enumerate(rowids):
        for b in rowids[i + 1:]:
            if (a, b) not in edges and reposts.reposted(prints[a], prints[b]):
                edges[(a, b)] = [(a, b, a, 0, "reposted passage", 0.0, 0.0)]
    by_id = {r.id: r for r in reports}
    for fam in families_from_edges(corpus.store, [best_edge(rows) for rows in edges.values()]):
        for m in fam.members:
            if m.id != fam.original and m.id in by_id:
                by_id[m.id].copy_of = fam.original


def _among(store, tracer, rowid: int, keep: set[int]) -> list:
    """A report's matches among the reports ``keep``: the trace's decision on what its
    retrieval finds among them, searched among them only (Tracer.candidates with ``among``:
    at 100k documents a search of the whole store's graph per report was 15 ms, 60% of a
    claim's time); a tracer of known traces (the Ray engine's, for ``--all``) answers from
    the trace."""
    from unspin.corroboration.dashboard import TRACE_TOP
    from unspin.provenance.trace import Tracer, stored_query

    q = stored_query(store, rowid)
    if isinstance(tracer, Tracer):
        return tracer.decide(q, tracer.candidates(q, among=keep), top=0)
    return [m for m in tracer.trace(q, top=TRACE_TOP) if m.rowid in keep]


def origins_of(reports: list[Report]) -> list[Origin]:
    """Independent reports grouped by the first source they credit, relays resolved: when any
    report shows X relaying S ("ISW, citing Rybar"), a report crediting X alone has origin S.
    Names are compared loosely (case, spacing, a shorter form the longer name holds)."""
    names: dict[str | None, str | None] = {None: None}
    relays: dict[str, str] = {}  # relay key -> source key
    for r in reports:
        keys = [_origin_key(n, names) for n in r.credited]
        for relay in keys[1:]:
            if relay is not None and keys[0] is not None and relay != keys[0]:
                relays.setdefault(relay, keys[0])
    groups: dict[str | None, int] = {}
    for r in reports:
        if r.copy_of is not None:
            continue
        key = _origin_key(r.credited[0], names) if r.credited else None
        seen = set()
        while key in relays and key not in seen:  # follow relays to the first source
            seen.add(key)
            key = relays[key]
        groups[key] = groups.get(key, 0) + 1
    out = [Origin(names[k], n) for k, n in groups.items()]
    out.sort(key=lambda o: (-o.reports, o.name is None, o.name or ""))
    return out


def _origin_key(name: str | None, names: dict[str | None, str | None]) -> str | None:
    name = source_name(name)
    if name is None:
        return None
    key = speaker_key(name)
    for known in list(names):
        if known is None:
            continue
        if key == known or _same_source(key, known):
            if len(name) > len(names[known] or ""):
                names[known] = name
            return known
    names[key] = name
    return key


def _same_source(a: str, b: str) -> bool:
    """'rybar' and 'the telegram channel rybar'; 'labor department' and 'department of
    labor'; an acronym and the name it abbreviates ('who', 'world health organization')."""
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) >= 1 and short[-1] == long_[-1] and all(w in long_ for w in short):
        return True
    content_a, content_b = set(wa) - NAME_GLUE, set(wb) - NAME_GLUE
    if len(content_a) >= 2 and content_a == content_b:
        return True  # "labor department" / "department of labor"
    return len(short) == 1 and _acronym_of(short[0], long_)


def _acronym_of(acronym: str, words: list[str]) -> bool:
    """'who' for 'world health organization', 'cdc' for 'centers for disease control (and
    prevention)': the initials of the name's words, glue words skipped, or of those before
    a last 'and'."""
    if len(acronym) < 2 or not acronym.isalpha():
        return False
    head = words[:words.index("and")] if "and" in words[1:] else words  # "... and prevention"
    return any(acronym == initials(part) for part in (words, head))


__all__ = ["CorroborateOptions", "Corroborator", "corroborate", "origins_of", "statement_claims"]
