"""``corroborate``: every stored report of a claim, copies collapsed, origins counted.

1. Retrieval at sentence level: the claim's sentences are embedded (the static MiniLM of
   provenance) and compared with every stored sentence (claim_index.ClaimIndex), and exact
   copies of a claim sentence are found by its sentence hash.
2. A passage per candidate document: for each claim sentence its best sentence there; the
   evidence is the smallest span holding them when they are close together.
3. Does it carry the claim: the best passages by static cosine and content stems are read by
   the contextual sentence model, then drift's checks (checks.read): another number is
   another claim; negation, an antonym or "no evidence" make it a dispute; a hedge hedges.
4. Credit (credit.py), copies (the copy families of ``trace`` among the reports: a repost,
   wire or spun copy points to its family's likely original) and origins (independent
   reports grouped by the first source they credit).
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from dataclasses import dataclass

import numpy as np

from unspin.corroboration import checks
from unspin.corroboration.claim_index import ClaimIndex
from unspin.corroboration.credit import credited, document_attributions
from unspin.corroboration.results import Corroboration, Origin, Report
from unspin.model import Span
from unspin.provenance.normalise import content_stems, lex_ids, sentence_spans, words, words_key
from unspin.store.base import speaker_key


@dataclass(frozen=True, slots=True)
class CorroborateOptions:
    """How far to look and what counts as carrying the claim."""

    candidates: int = 400  # stored sentences retrieved per claim sentence
    floor: float = 0.55  # below this cosine a stored sentence is not looked at
    # Retrieval keeps a passage whose static score (the mean of its cosine with the claim and
    # the share of the claim's content stems it holds) reaches ``retrieve``, the best
    # ``rerank`` of them are read by the contextual model, and a passage carries the claim at
    # its cosine ``carry`` holding at least ``stems`` of the claim's content stems. On the
    # ReCOVery dev set (bench/eval_corroborate.py, 24 claims) retrieval holds 75 of the 82
    # gold reports among 1,303 candidates; carry 0.62 alone gave precision 0.36 at recall
    # 0.74, carry 0.66 with stems 0.35 (the best F1 of a grid over both) 0.68 at 0.65. The
    # seed chain's paraphrases sit at 0.74-0.84 (tests/test_corroborate.py).
    # ``distinct``: the passage must also hold that share of the claim's stems weighted by
    # how rare each is among the claim's candidate passages, so that a sentence on the same
    # story sharing only its topic words ("a COVID-19 vaccine would solve all" for "a
    # COVID-19 vaccine would genetically modify the people who receive it") does not carry
    # it. Rarity is smoothed by ``background`` passages holding none of the claim's stems, so
    # that among a handful of candidates that all carry the claim its words keep their weight.
    # With carry 0.64, background 20 and distinct 0.3: recall 0.646 -> 0.610, precision 0.679
    # -> 0.893; distinct 0.2 gives 0.683 / 0.737, 0.35 0.549 / 0.938; background 10 with 0.3
    # 0.585 / 0.906, 40 0.61 / 0.862 (same bench; recall is lost mostly where a report
    # states the claim across two sentences and the passage holds one).
    retrieve: float = 0.40
    rerank: int = 60
    carry: float = 0.64
    stems: float = 0.35
    distinct: float = 0.3
    carry_figure: float = 0.5  # for a passage giving the claim's own figure (eval_corroborate: recall 0.646 -> 0.707)
    background: int = 20
    # a neighbouring sentence joins the passage when it adds this share of the claim's stems
    # (bench/eval_corroborate.py: recall 0.610 -> 0.646, precision 0.893 -> 0.898)
    extend: float = 0.15
    window: int = 3  # claim sentences matched at most this many sentences apart form one passage
    max_reports: int = 200


@dataclass(slots=True)
class _Passage:
    rowid: int
    span: tuple[int, int]
    cosine: float
    stems: float  # share of the claim's content stems in the passage
    context: float = 0.0  # the contextual model's cosine with the claim
    doc: object = None  # the stored document, once read for the contextual check

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
        self._attributions: dict[int, list[dict]] = {}  # rowid -> attributions, analysed once
        # report rowid -> its trace, for the store as it stood at _traced_upto (a document's
        # trace changes only when documents are added: then they are all made again)
        self._traces: OrderedDict[int, list] = OrderedDict()
        self._traced_upto = -1

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
        claim = " ".join(claim.split())
        passages = self._carrying(claim, self._retrieve(claim))
        reports = [r for r in (self._report(claim, p) for p in passages) if r is not None]
        upto = self.corpus.store.max_rowid()
        if upto != self._traced_upto:
            self._traces.clear()
            self._traced_upto = upto
        _mark_copies(self.corpus, reports, self._traces)
        reports.sort(key=lambda r: (r.date or "9999", r.id))
        return Corroboration(claim=claim, reports=reports, origins=_origins(reports))

    def _retrieve(self, claim: str) -> list[_Passage]:
        """Candidate passages, best first by the static score (cosine and content stems)."""
        o, corpus = self.options, self.corpus
        sents = [claim[s:e] for s, e in sentence_spans(claim)] or [claim]
        vecs = corpus.embedder.embed(sents)
        candidates = set(self.index.docs(self.index.search(vecs, o.candidates, o.floor)))
        for rows in corpus.store.shash_docs([words_key(words(s)) for s in sents], limit=o.max_reports).values():
            candidates.update(rows)
        lex = [set(lex_ids(s)) for s in sents]
        found = [p for p in (_passage(corpus, r, vecs, lex, o) for r in candidates) if p is not None]
        found = [p for p in found if p.score >= o.retrieve]
        found.sort(key=lambda p: -p.score)
        return found[: o.rerank]

    def _carrying(self, claim: str, passages: list[_Passage]) -> list[_Passage]:
        """The passages that carry the claim: enough of its words and of its rarer words
        (weighed over all the candidates), then the contextual model's cosine, which only
        the passages that pass the word tests are read by (the model is most of the time)."""
        if not passages:
            return []
        o = self.options
        for p in passages:
            p.doc = self.corpus.store.doc(p.rowid)
        texts = [p.doc.text[p.span[0]:p.span[1]] for p in passages]
        distinct = _distinct_coverage(claim, texts, o.background)
        # the claim's own figure in the passage is its rarest word: the rare-word test gives
        # way to it, and the contextual model may read the passage more loosely
        figures = [bool(checks.shared_figures(claim, t)) for t in texts]
        worded = [(p, t, f) for p, t, d, f in zip(passages, texts, distinct, figures)
                  if p.stems >= o.stems and (d >= o.distinct or f)]
        if not worded:
            return []
        enc = self.model.encode([claim] + [t for _, t, _ in worded])
        for (p, _, _), sim in zip(worded, enc[1:] @ enc[0]):
            p.context = float(sim)
        return [p for p, _, f in worded if p.context >= (o.carry_figure if f else o.carry)]

    def _report(self, claim: str, p: _Passage) -> Report | None:
        doc = p.doc
        reading = checks.read(claim, doc.text[p.span[0]:p.span[1]], self.nlp)
        if not reading.carries:
            return None
        if p.rowid not in self._attributions:
            self._attributions[p.rowid] = document_attributions(self.corpus, p.rowid, doc.text)
        evidence = Span.of(doc.text, *p.span)
        return Report(id=doc.id, evidence=evidence, stance=reading.stance, score=p.context,  # type: ignore[arg-type]
                      credited=credited(self._attributions[p.rowid], evidence), publisher=doc.publisher,
                      date=doc.date, url=doc.url, title=doc.title, why=reading.why, rowid=p.rowid)


def corroborate(corpus, claim: str, options: CorroborateOptions | None = None) -> Corroboration:
    """Every stored report of ``claim`` (see :class:`Corroborator`, which callers that ask
    about many claims should build once)."""
    return Corroborator(corpus, options).corroborate(claim)


def _distinct_coverage(claim: str, texts: list[str], background: int) -> list[float]:
    """For each passage, the share of the claim's content stems it holds, each stem weighted
    by its rarity among these passages and ``background`` others without it
    (log((N + background + 1) / (df + 0.5))): the words every candidate shares are the
    story's topic, the rare ones the claim's own."""
    want = set(content_stems(claim))
    held = [want & set(content_stems(t)) for t in texts]
    n = len(texts) + background
    df = Counter(s for h in held for s in h)
    weight = {s: math.log((n + 1) / (df[s] + 0.5)) for s in want}
    total = sum(weight.values()) or 1.0
    return [sum(weight[s] for s in h) / total for h in held]


def _passage(corpus, rowid: int, claim_vecs: np.ndarray, claim_lex: list[set[int]],
             options: CorroborateOptions) -> _Passage | None:
    """The document's passage closest to the claim: for each claim sentence the stored sentence
    with the best mean of cosine and share of the claim sentence's content stems it holds."""
    rows = corpus.store.sentences(rowid)
    if not rows.spans:
        return None
    sims = np.asarray(claim_vecs, np.float32) @ rows.vecs.T  # (claim sentences, stored sentences)
    held = np.asarray([[len(want.intersection(lex)) / max(1, len(want)) for lex in rows.lex] for want in claim_lex],
                      np.float32)
    both = (sims + held) / 2
    best = both.argmax(axis=1)
    pick = np.arange(len(best))
    if best.max() - best.min() > options.window:
        first = int(both.max(axis=1).argmax())  # far apart: the best single sentence
        pick, best = np.asarray([first]), np.asarray([best[first]])
    lo, hi = int(best.min()), int(best.max())
    stems = float(held[pick, best].mean())
    if len(claim_lex) == 1:  # a one-sentence claim a report may state over two sentences
        lo, hi, stems = _with_neighbour(rows.lex, claim_lex[0], lo, stems, options.extend)
    return _Passage(rowid, (rows.spans[lo][0], rows.spans[hi][1]), float(sims[pick, best].mean()), stems)


def _with_neighbour(lex: list, want: set[int], i: int, held: float, extend: float) -> tuple[int, int, float]:
    """The sentence, or it and the neighbour that adds at least ``extend`` of the claim's
    stems ("A total of 2,981,000 more Americans filed ... last week." + "That brings the
    total to 36.5 million.")."""
    best = (i, i, held)
    for j in (i - 1, i + 1):
        if 0 <= j < len(lex):
            both = len(want & (set(lex[i]) | set(lex[j]))) / max(1, len(want))
            if both >= held + extend and both > best[2]:
                best = (min(i, j), max(i, j), both)
    return best


TRACES_KEPT = 4096  # reports' traces a Corroborator keeps (each at most 50 matches)


def _mark_copies(corpus, reports: list[Report], traces: OrderedDict | None = None) -> None:
    """copy_of: the likely original of each report's copy family, among the reports. ``traces``
    (rowid -> trace) keeps each report's trace for the next claims that report carries."""
    from unspin.provenance.families import build_families
    from unspin.provenance.trace import stored_query

    if len(reports) < 2:
        return
    rowids = {r.rowid for r in reports}
    tracer = corpus.tracer()
    traces = OrderedDict() if traces is None else traces
    results = []
    for r in sorted(rowids):
        if r in traces:
            traces.move_to_end(r)
        else:
            traces[r] = tracer.trace(stored_query(corpus.store, r), top=50)
        results.append((r, [m for m in traces[r] if m.rowid in rowids]))
    while len(traces) > TRACES_KEPT:
        traces.popitem(last=False)
    by_id = {r.id: r for r in reports}
    for fam in build_families(tracer, corpus.store, results=results):
        for m in fam.members:
            if m.id != fam.original and m.id in by_id:
                by_id[m.id].copy_of = fam.original


def _origins(reports: list[Report]) -> list[Origin]:
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


# what a source produced rather than who it is: "A Reuters analysis found" credits Reuters,
# "the report said" credits no one the reader can check
_ARTIFACTS = frozenset("analysis analyses count counts report reports study studies survey surveys poll polls "
                       "data estimate estimates manuscript article articles paper papers review tally figures "
                       "statistics findings research model models journal".split())
_NAME_GLUE = frozenset({"of", "for", "and", "the", "on", "de"})


def source_name(name: str | None) -> str | None:
    """The source a credited name stands for: "Reuters analysis" is Reuters, "MacLeod's
    article" MacLeod; a bare "the report" or "very early data released by ..." names no one
    the reader can check (None)."""
    if name is None:
        return None
    words = name.split()
    if words and words[0].casefold() in ("a", "an", "the"):
        words = words[1:]
    bare = [_unpossessed(w).casefold() for w in words]
    if not words or not any(w in _ARTIFACTS for w in bare):
        return name
    if not words[0][:1].isupper():
        return None  # a description ("new estimates", "very early data released by ...")
    kept = [w for w, b in zip(words, bare) if b not in _ARTIFACTS]
    while kept and not kept[-1][:1].isupper():
        kept.pop()
    return _unpossessed(" ".join(kept)) or None


def _unpossessed(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


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
    content_a, content_b = set(wa) - _NAME_GLUE, set(wb) - _NAME_GLUE
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
    return any(acronym == "".join(w[0] for w in part if w not in _NAME_GLUE and w[:1].isalpha())
               for part in (words, head))


__all__ = ["CorroborateOptions", "Corroborator", "corroborate"]
