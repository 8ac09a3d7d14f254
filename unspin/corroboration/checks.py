"""Does a passage carry the claim, and how: the checks drift makes between a copy and its
source, read here between a claim and a passage that may report it.

- Numbers are read as values (drift.numbers): "300 deaths" is not "3,000 deaths", "half a
  million" is "500,000". A passage whose quantities contradict the claim's does not carry it.
- Polarity (drift.lexicon's negators, antonyms): a passage that says the opposite, or that
  there is "no evidence" for it, carries the claim to dispute it. A negator counts for the
  few words after it that the claim also uses, not wherever it stands in the passage.
- Hedges (text.hedges, without "according to", which is attribution): "claimed", "unverified",
  "allegedly" in the passage and not in the claim make the report hedged.
- Actors: a report names at least one of the claim's people or bodies in or just before the
  passage (``names_actor``), the surname, the name without its generic head ("Columbia" for
  "Columbia University") or its acronym ("WHO" / "World Health Organization").
- Figures: the claim's figure with a word it counts ("36 million Americans", "36 million
  filing") is strong evidence (``figure_context``); the same figure counting something else
  ("36,000 tests a day") is a collision.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from unspin.corroboration.credit import NAME_GLUE, initials
from unspin.drift.facts import same_name_word
from unspin.drift.lexicon import ANTONYMS, NEGATORS
from unspin.drift.numbers import quantity_spans
from unspin.provenance.normalise import STOPWORDS, content_stems, normalise, stem
from unspin.text.hedges import VERB_ONLY_HEDGES, hedges_in, not_a_verb_hedge
from unspin.text.wordnet import capitals, same_family, word_families, wordnet

# Phrases that report a claim in order to deny it. A fact-check's "there is no evidence that X"
# disputes X; so do "false", "debunked", "myth", "hoax" said of it.
_DISPUTE = re.compile(
    r"\b(?:no (?:scientific |credible |clinical )?(?:evidence|proof)|not (?:true|supported|proven|backed)|"
    r"(?:is|are|was|were) false|falsely|debunk\w*|myths?\b|hoax\w*|misleading|baseless|unfounded|"
    r"unsupported|fake|conspiracy theor\w*|misinformation|disinformation)\b", re.I)
# Verbs of denial dispute the claim when what they deny is the claim: the claim's words
# follow them ("the company denied that its vaccine ..."), rather than come before ("Taiwan
# warned the WHO about human transmission while China was still denying it").
_DENIAL = re.compile(r"\b(?:refut\w*|contradict\w*|den(?:y|ied|ies|ying)|rejected|dismissed)\b", re.I)


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer  # tokens only: the checks need words and numbers, not a parse


_GLUED = re.compile(r"(?<=[A-Za-z])([,;:])(?=\d)")  # "mid-March,36.5 million": a typo hiding a number


def tokens(text: str):
    return list(_tokenizer()(_GLUED.sub(r"\1 ", text)))


@dataclass(frozen=True, slots=True)
class Reading:
    carries: bool  # False: the passage states something else (another number, another actor)
    stance: str  # supports | disputes | hedged
    why: str


_SCAN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,;:()\u2013\u2014]| - ")  # words, and the marks that end a negation's scope
# "declined, rather than increased": what follows is denied as much as after a "not"
_CONTRAST = re.compile(r"\b(?:rather than|instead of)\b")
NEGATION_REACH = 3  # words after a negator that it denies (no parse here: a window)


def _polarity_marks(text: str) -> tuple[dict[str, list[bool]], dict[str, str]]:
    """Each content word's stem -> for each of its occurrences, whether a negator stands
    within NEGATION_REACH words before it in the same clause (a comma, colon, dash or
    bracket ends its scope); and the stem's first word, to show."""
    ws = _SCAN.findall(_CONTRAST.sub(" not ", normalise(text)))
    marks: dict[str, list[bool]] = {}
    shown: dict[str, str] = {}
    last_neg = -99
    for i, w in enumerate(ws):
        if not w[0].isalnum() and not w[-1].isalnum():
            last_neg = -99  # "declined, not increased, in states": the states are not denied
            continue
        if w in NEGATORS or w.endswith("n't"):
            last_neg = i
            continue
        if w in STOPWORDS:
            continue
        marks.setdefault(stem(w), []).append(i - last_neg <= NEGATION_REACH)
        shown.setdefault(stem(w), w)
    return marks, shown


def _polarity_flip(claim: str, passage: str) -> str | None:
    """A word of the claim the passage denies where the claim asserts it, or asserts where
    the claim denies it, at every place the passage uses it; none is when any word is
    denied on both sides. A negation elsewhere in the passage ("the departure was not
    voluntary") says nothing about the claim."""
    (c, c_word), (p, p_word) = _polarity_marks(claim), _polarity_marks(passage)
    shared = [w for w in c if w in p]
    if any(any(c[w]) and any(p[w]) for w in shared):
        return None  # "does not spread easily" on both sides
    for w in shared:
        if any(c[w]) and not any(p[w]):
            return f"the claim denies '{c_word[w]}', the passage does not"
        if not any(c[w]) and all(p[w]):
            return f"the passage denies '{p_word[w]}'"
    return None


_BOUNDS = frozenset({"more", "less", "fewer"})  # "more than 36,000 lives": a figure's bound, no comparison


def _words_said(toks) -> set[str]:
    return {t.lower_ for i, t in enumerate(toks)
            if not (t.lower_ in _BOUNDS and i + 1 < len(toks) and toks[i + 1].lower_ == "than"
                    and i + 2 < len(toks) and toks[i + 2].like_num)}


# words either side of an antonym that must hold one of the claim word's own neighbours: the
# opposite word says the opposite of the same thing ("cases rose" / "cases fell"), not of
# something else in the passage ("early coronavirus samples" / "admitted late last week")
ANTONYM_REACH = 2


def _antonym_swap(claim_toks, passage_toks) -> str | None:
    """A word of the claim whose antonym the passage uses instead, beside a word the claim
    has beside it ("rates increased" / "rates decreased"; words compared by stem)."""
    said, claim_words = _stems_said(passage_toks), _stems_said(claim_toks)
    for w, shown in claim_words.items():
        for opposite in _stem_antonyms().get(w, ()):
            if opposite in said and opposite not in claim_words and w not in said \
                    and _neighbours(claim_toks, w) & _neighbours(passage_toks, opposite):
                return f"'{shown}' became '{said[opposite]}'"
    return None


def _stems_said(toks) -> dict[str, str]:
    """The stems of _words_said, each with a word that has it."""
    return {stem(w): w for w in sorted(_words_said(toks))}


@lru_cache(maxsize=1)
def _stem_antonyms() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for w, opposites in ANTONYMS.items():
        out.setdefault(stem(w), set()).update(stem(o) for o in opposites)
    return {k: frozenset(v - {k}) for k, v in out.items()}


def _neighbours(toks, word_stem: str) -> set[str]:
    """The content stems within ANTONYM_REACH tokens of each word with the stem ``word_stem``."""
    out: set[str] = set()
    for i, t in enumerate(toks):
        if stem(t.lower_) == word_stem:
            near = toks[max(0, i - ANTONYM_REACH):i] + toks[i + 1:i + 1 + ANTONYM_REACH]
            out.update(stem(n.lower_) for n in near if n.is_alpha and n.lower_ not in STOPWORDS)
    return out


# relative difference within which two figures are one: "more than 36 million" and "36.5
# million" (1.4%), "about 96,000" and "96,032"; "33 million" is another figure (8%)
SAME_FIGURE = 0.025


def _same_figure(a: tuple[float, str], b: tuple[float, str]) -> bool:
    return a[1] == b[1] and abs(a[0] - b[0]) <= SAME_FIGURE * max(abs(a[0]), abs(b[0]))


# a fraction written as a word: "a sixth", "two-thirds", "three quarters" (drift.numbers reads
# "half", "quarter" and "third" as values, not the other ordinals or plurals)
_DENOMINATORS = {"third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5, "sixth": 6,
                 "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
                 "tenth": 10, "tenths": 10}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9}
# what may follow a share: "a sixth less", "a fifth of"; "a sixth straight week" is an ordinal
_SHARE_NEXT = frozenset("of less more fewer lower higher smaller larger bigger greater below above".split())


def figure_spans(toks) -> list[tuple[float, str, int, int]]:
    """drift.numbers' quantities, with shares read as percentages so that the forms a writer
    chooses between compare as one figure ("a sixth" is 16.7 percent, "17%" within rounding;
    "one in six"; "half of", "a third of"): (value, unit, first token, token after)."""
    out = []
    for v, u, a, b in quantity_spans(toks):
        share = u == "" and 0 < v < 1 and b < len(toks) and _share_follows(toks, b)
        out.append((round(v * 100, 6), "percent", a, b) if share else (v, u, a, b))
    low = [t.lower_ for t in toks]
    for i, w in enumerate(low):
        if w in _DENOMINATORS and w not in ("third", "quarter") and _share_follows(toks, i + 1):
            j = i - 2 if i >= 2 and low[i - 1] == "-" else i - 1  # "one-sixth"
            if j >= 0 and low[j] in _NUMERATORS:
                out.append((round(100 * _NUMERATORS[low[j]] / _DENOMINATORS[w], 6), "percent", j, i + 1))
        j = i - 1 if w == "in" else i - 2 if w == "of" and i >= 2 and low[i - 1] == "out" else -1
        if j >= 0 and i + 1 < len(low) and low[j] in _NUMERATORS and low[j] not in ("a", "an"):
            n, m = _NUMERATORS[low[j]], _NUMERATORS.get(low[i + 1], 10 if low[i + 1] == "ten" else 0)
            if m > n:  # "one in six", "two out of five"
                out.append((round(100 * n / m, 6), "percent", j, i + 2))
    return sorted(out, key=lambda q: q[2])


def _share_follows(toks, i: int) -> bool:
    """A share, not an ordinal or a multiplier: what follows is "of", a comparative, a mark or nothing."""
    return i >= len(toks) or toks[i].lower_ in _SHARE_NEXT or toks[i].is_punct


def figures(toks) -> list[tuple[float, str]]:
    return [(v, u) for v, u, _, _ in figure_spans(toks)]


def shared_figures(claim: str, passage: str) -> list[float]:
    """The claim's figures the passage gives too (not small counts or years, which any
    passage of the story may hold): positive evidence that it reports the claim."""
    qp = figures(tokens(passage))
    return [v for v, u in figures(tokens(claim)) if _is_figure(v, u) and any(_same_figure((v, u), q) for q in qp)]


def _is_figure(value: float, unit: str) -> bool:
    """A quantity that singles out a claim: not a small count or a year."""
    return (value >= 100 or unit == "percent") and not 1900 <= value <= 2100


# a magnitude given for a figure: "millions more workers claimed benefits" for "36 million"
_VAGUE = {"hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9}


def _vague_for(qc, passage_toks) -> str | None:
    """A word of the passage that gives only the magnitude of one of the claim's counts."""
    said = {t.lower_ for t in passage_toks}
    for v, u in qc:
        for w, low in _VAGUE.items():
            if w in said and u != "percent" and low <= v < 1000 * low:
                return w
    return None


def _quantity_conflict(claim_toks, passage_toks) -> str | None:
    qc, qp = Counter(figures(claim_toks)), Counter(figures(passage_toks))
    if qc and any(_same_figure(a, b) for a in qc for b in qp):
        return None
    vague = _vague_for(qc, passage_toks)
    if vague:  # the passage states a vaguer claim than the claim's figure
        return f"the passage gives '{vague}' for the claim's figure"
    if not qc or not qp:
        return None  # a paraphrase may leave a number out; only a different one contradicts
    show = lambda q: ", ".join(f"{v:g}{'%' if u == 'percent' else ''}" for v, u in q)  # noqa: E731
    return f"the claim's numbers ({show(qc)}) are not the passage's ({show(qp)})"


def _hedge_added(claim: str, passage: str, nlp=None) -> str | None:
    had = {h.span.text.lower() for h in hedges_in(claim)}
    parsed = None
    for h in hedges_in(passage):
        word = h.span.text.lower()
        if word == "according to" or word in had:
            continue
        if h.kind not in ("unverified", "reported", "conditional"):
            continue
        if word in VERB_ONLY_HEDGES and nlp is not None:
            parsed = parsed or nlp(passage)
            if not_a_verb_hedge(parsed, h):
                continue  # "36.5 million jobless claims": a noun, no hedge
        return f"hedged: '{h.span.text}'"
    m = _SEEMS.search(passage)
    if m and not _SEEMS.search(claim):
        return f"hedged: '{m.group(0)}'"
    return None


# A report's own uncertainty that the hedge lexicon (text.hedges) leaves out, from the gold's
# stance rules (bench/data/corroboration/README.md): "appeared to", "suggests ... could"
_SEEMS = re.compile(r"\b(?:appear(?:s|ed)?|seem(?:s|ed)?) to\b|\bsuggest(?:s|ed)?\b[^.;:]{0,80}?\b(?:could|may|might)\b",
                    re.I)


def _denial_of(claim: str, passage: str):
    """A verb of denial whose sentence holds more of the claim's content words after it than before."""
    want = set(content_stems(claim))
    for m in _DENIAL.finditer(passage):
        start = max(passage.rfind(". ", 0, m.start()), 0)
        end = passage.find(". ", m.end())
        before = want & set(content_stems(passage[start:m.start()]))
        after = want & set(content_stems(passage[m.end():end if end >= 0 else len(passage)]))
        if len(after) > len(before):
            return m
    return None


# A numbered stage of something ("first-phase trial", "phase 2 testing", "a second wave"):
# an ordinal, which drift.numbers does not read as a value, numbers it as much as a figure.
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "5th": 5}
_STAGE_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "i": 1, "ii": 2, "iii": 3, "iv": 4,
                 "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_STAGES = r"(phase|wave|dose|round|stage)"
_NUMBERED = re.compile(rf"\b({'|'.join(_ORDINAL)})[\s-]+{_STAGES}s?\b|\b{_STAGES}\s+({'|'.join(_STAGE_NUMBER)})\b",
                       re.I)


def numbered_stages(text: str) -> set[tuple[str, int]]:
    """(stage, number) of each numbered stage the text names: "first-phase" and "phase 1" alike."""
    out = set()
    for m in _NUMBERED.finditer(text):
        if m.group(1):
            out.add((m.group(2).lower(), _ORDINAL[m.group(1).lower()]))
        else:
            out.add((m.group(3).lower(), _STAGE_NUMBER[m.group(4).lower()]))
    return out


def _stage_conflict(claim: str, passage: str) -> str | None:
    """A stage the claim numbers that the passage numbers otherwise, and never as the claim does."""
    c, p = numbered_stages(claim), numbered_stages(passage)
    for stage, n in c:
        other = sorted(m for s, m in p if s == stage)
        if other and n not in other:
            return f"the claim's {stage} {n} is the passage's {stage} {other[0]}"
    return None


def read(claim: str, passage: str, nlp=None) -> Reading:
    """How ``passage`` relates to ``claim`` (assumed to be about the same thing). With a
    spaCy pipeline ``nlp``, words that hedge only as verbs ("claims") are checked as such."""
    ct, pt = tokens(claim), tokens(passage)
    conflict = _quantity_conflict(ct, pt) or _stage_conflict(claim, passage)
    if conflict:
        return Reading(False, "supports", conflict)
    swap = _antonym_swap(ct, pt)
    if swap:
        return Reading(True, "disputes", f"says the opposite: {swap}")
    flipped = _polarity_flip(claim, passage)
    if flipped:
        return Reading(True, "disputes", f"negated: the passage says the claim is not so ({flipped})")
    m = _DISPUTE.search(passage) or _denial_of(claim, passage)
    if m and not (_DISPUTE.search(claim) or _DENIAL.search(claim)):
        return Reading(True, "disputes", f"disputed: '{m.group(0)}'")
    hedge = _hedge_added(claim, passage, nlp)
    if hedge:
        return Reading(True, "hedged", hedge)
    return Reading(True, "supports", "states it")


FIGURE_REACH = 6  # tokens either side of a figure that say what it counts (bench/eval_corroborate.py)


def _counted(toks, a: int, b: int) -> set[str]:
    near = toks[max(0, a - FIGURE_REACH):a] + toks[b:b + FIGURE_REACH]
    return {stem(t.lower_) for t in near if t.is_alpha and len(t) > 2 and t.lower_ not in STOPWORDS}


def figure_context(claim: str, passage: str) -> int:
    """For the claim's figures the passage gives too, the most content words the two share
    within FIGURE_REACH tokens of the figure; -1 when the passage gives none of them."""
    return max(figure_contexts(claim, passage))


def figure_contexts(claim: str, passage: str) -> tuple[int, int]:
    """figure_context over the claim's counts and amounts, and over its percentages apart:
    any passage of a story may give a share within rounding of the claim's ("17 percent
    lower" oil demand for "a sixth less" carbon dioxide), a count much less often."""
    best = {False: -1, True: -1}
    figures = _claim_figures(claim)
    if not figures:  # most claims: the passage is not read (a third of corroborate's word tests)
        return best[False], best[True]
    pt = tokens(passage)
    qp = figure_spans(pt)
    for v, u, counted in figures:
        for v2, u2, a2, b2 in qp:
            if _same_figure((v, u), (v2, u2)):
                share = u == "percent"
                best[share] = max(best[share], len(counted & _counted(pt, a2, b2)))
    return best[False], best[True]


@lru_cache(maxsize=256)
def _claim_figures(claim: str) -> tuple[tuple[float, str, frozenset[str]], ...]:
    """The claim's figures (value, unit) and the words around each, for figure_contexts:
    read once per claim, not once per passage."""
    ct = tokens(claim)
    return tuple((v, u, frozenset(_counted(ct, a, b))) for v, u, a, b in figure_spans(ct) if _is_figure(v, u))


ACTOR_LABELS = ("PERSON", "ORG")
# heads that name a kind of body, not which one: "Columbia University" is found as "Columbia"
_GENERIC_HEADS = frozenset("university universities college institute institutes department ministry agency "
                           "commission council organization organisation association center centre centers "
                           "centres service services office group company corporation corp inc ltd "
                           "administration authority foundation society school hospital".split())


def warm() -> None:
    """Read the lexicons the checks consult (WordNet, its word families, its capitals) once,
    so that the first claim that needs one does not pay for reading it (about two seconds)."""
    wordnet()
    word_families()
    capitals()


def predicate(parsed_claim) -> str | None:
    """What the claim says its subject does, as a lemma: the root verb, or, under a verb of
    saying or finding ("estimated that ...", "plans to reduce"), the verb of what was said or
    found; None for a copula or a light verb ("there is no evidence"), which says nothing alone."""
    root = next((t for t in parsed_claim if t.dep_ == "ROOT"), None)
    for _ in range(3):
        if root is None or root.lemma_.lower() not in _FRAMING:
            break
        root = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp")), None)
    if root is None or root.pos_ != "VERB" or root.lemma_.lower() in _LIGHT:
        return None
    return root.lemma_.lower()


def says_predicate(lemma: str, passage: str) -> bool:
    """The passage has the predicate's word, one of its family ("modification"), or a WordNet
    neighbour of it ("cut" for "reduce")."""
    wn, want = wordnet(), stem(lemma)
    for w in {t.lower_ for t in tokens(passage) if t.is_alpha}:
        if stem(w) == want or same_family(w, lemma) or (wn is not None and wn.related(w, lemma)):
            return True
    return False


# verbs whose clause is what the claim is about: said, found, planned, tried
_FRAMING = frozenset({"say", "find", "estimate", "conclude", "warn", "acknowledge", "try", "plan", "report", "claim",
                      "announce", "confirm", "show", "suggest", "state", "update", "admit", "reveal"})
_LIGHT = frozenset({"be", "have", "do", "get", "make", "go", "take", "give"})


def actors(parsed_claim) -> list[tuple[str, str]]:
    """The people and bodies the claim names, (text, label) of spaCy's PERSON and ORG
    entities of the parsed claim, without a disease's name tagged as one ("COVID-19")."""
    out = [(e.text, e.label_) for e in parsed_claim.ents
           if e.label_ in ACTOR_LABELS and not any(c.isdigit() for c in e.text)]
    return out + _owning_states(parsed_claim)


def _owning_states(parsed_claim) -> list[tuple[str, str]]:
    """The country whose body the claim names ("China's National Health Commission"): news
    reports a state body's act under its state's name ("China admitted that it destroyed
    samples"), so the country, or its people's adjective, names the actor too."""
    out = []
    for e in parsed_claim.ents:
        if e.label_ != "ORG" or e.start < 2:
            continue
        owner, mark = parsed_claim[e.start - 2], parsed_claim[e.start - 1]
        if mark.lower_ in ("'s", "’s") and owner.ent_type_ == "GPE" \
                and any(t.lower_ in _STATE_HEADS for t in e):
            out.append((owner.text, "GPE"))
    return out


# the words that make a body the state's ("Health Ministry", "National Health Commission",
# "Centers for Disease Control"), not only in it ("China's Wuhan Institute of Virology")
_STATE_HEADS = frozenset("ministry ministries commission department government council agency centers centres "
                         "cabinet administration authority authorities parliament police military army "
                         "embassy".split())


def _name_words(name: str) -> list[str]:
    ws = re.findall(r"[A-Za-z][\w.-]*[A-Za-z]|[A-Za-z]", re.sub(r"['’]s\b", "", name))
    return [w for w in ws if w.lower() != "the"]


@lru_cache(maxsize=4096)
def _forms(name: str, label: str) -> tuple[str, ...]:
    """How a text may name the actor: in full; a person by surname; a body by the words
    before a generic head ("Columbia" for "Columbia University") or by its initials ("AP")."""
    ws = _name_words(name)
    if not ws:
        return ()
    out = {" ".join(ws)}
    if label == "PERSON":
        out.add(ws[-1])
        return tuple(sorted(out))
    head = [w for w in ws if w.lower() not in _GENERIC_HEADS and w.lower() not in NAME_GLUE]
    if head and len(head) < len(ws):
        out.add(" ".join(head))
    for part in _name_parts(ws):
        acronym = initials(part).upper()
        if len(acronym) >= 2:
            out.add(acronym)
    return tuple(sorted(out))


def _name_parts(ws: list[str]) -> list[list[str]]:
    """The name's words, without a dotted prefix ("U.S. Centers for ...") and without the
    part after its last "and" ("... Control and Prevention"), whose initials are used too."""
    core = [w for w in ws if "." not in w] or ws
    return [ws, core] + ([_before_last_and(core)] if "and" in core[1:] else [])


def _before_last_and(ws: list[str]) -> list[str]:
    return ws[:len(ws) - ws[::-1].index("and") - 1]


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_CAPITAL_RUN = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][a-z]+)+")


def _text_initials(text: str) -> set[str]:
    """The initials of each run of capitalised words ("Centers for Disease Control and
    Prevention" gives CDCP and, before its last "and", CDC)."""
    out = set()
    for run in _CAPITAL_RUN.findall(text):
        ws = run.split()
        for part in (ws, _before_last_and(ws) if "and" in ws else ws):
            out.add(initials(part))
    return out


def names_actor(names: list[tuple[str, str]], text: str) -> bool:
    """Whether ``text`` names one of the actors (True when the claim names none)."""
    if not names:
        return True
    acronyms = None
    for name, label in names:
        if label == "GPE":
            if any(same_name_word(w, name) for w in _CAPITALISED.findall(text)):
                return True
            continue
        for form in _forms(name, label):
            if re.search(r"\b" + re.escape(form) + r"\b", text):
                return True
            if form.isupper() and len(form) >= 2:
                acronyms = _text_initials(text) if acronyms is None else acronyms
                if form in acronyms:
                    return True
    return False


# A phrase the claim quotes ("called it a 'badge of honor'") is its fingerprint, as a figure
# with what it counts is: a report quotes the same words. An opening mark follows a space or
# a bracket and precedes a letter ("States' world-leading" is a possessive, no quotation);
# a closing one follows a letter or a stop. QUOTED_MIN_WORDS content words at least, or the
# phrase is a term the whole story uses ('vaccine').
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘\"“](?=\w)(.+?)(?<=[\w.!?,])['’\"”](?=[\s.,;:!?)\]—–-]|$)")
QUOTED_MIN_WORDS = 2


def quoted_phrases(claim: str) -> list[str]:
    """The phrases the claim quotes, of QUOTED_MIN_WORDS content words or more, without a
    title ("“The Return of the King” won best picture", "an “Axis of Evil”": every word
    capitalised but the small ones), which names a work, not what someone said."""
    out = []
    for m in _QUOTED.finditer(claim):
        phrase = m.group(1).strip(" .,!?")
        content = [w for w in re.findall(r"\w+", phrase) if w.lower() not in STOPWORDS]
        if len(content_stems(phrase)) >= QUOTED_MIN_WORDS and not all(w[0].isupper() for w in content):
            out.append(phrase)
    return out


def quote_pattern(phrase: str) -> re.Pattern:
    """The phrase's words in order, any marks or spaces between them, any case (a report
    quotes "Badge of Honor" or “badge of honor,”)."""
    ws = re.findall(r"\w+", phrase)
    return re.compile(r"\b" + r"\W+".join(map(re.escape, ws)) + r"\b", re.I)
