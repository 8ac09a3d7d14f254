"""Copies of real articles with a few injected edits of known category, for `unspin diff`.

    .venv/bin/python -m bench.drift_inject [--category negation] [--n 3] [--seed 7]   # demo

``Injector(nlp, pool).inject(id, text, category, rng, n)`` parses one article
(BBC or ReCOVery, ``load_articles``), lists every place where an edit of that
category can be made, picks ``n`` of them in different sentences and returns
an ``Injected``: the copy text and one ``GoldEdit`` per change with its
category, the severity we expect, and its span in the source and in the copy
(code-point offsets, ``(start, end)``; ``text[start:end]`` is the changed text).
Nothing else in the copy differs from the source, so every other reported
difference is a false one. Same seed, same copies.

Gold spans cover the changed words, never nothing: a removal ("is not" ->
"is") is recorded as the replacement of "is not" by "is". The two exceptions:
``dropped-text`` has no copy span (``copy is None``, ``copy_at`` is where the
text was cut) and ``added-text`` has no source span.

Categories (expected severity):

- ``negation`` (high): "not" inserted after an auxiliary ("was" -> "was not",
  "can" -> "cannot"); a negation removed ("did not say" -> "did say", "never" ->
  ""); a lexical flip (confirmed/denied, accepted/rejected, increased/decreased,
  rose/fell, won/lost, likely/unlikely, ...).
- ``number`` (high): a digit of a number changed, a year moved by 1-5, a number
  word changed (two -> three, million -> billion, half -> a third, dozens ->
  hundreds), "half a million" -> "one million", a month or weekday swapped.
- ``entity`` (medium): one mention of a PERSON/ORG/GPE (spaCy) that is not the
  subject of a speech verb replaced by another name of that label from the pool
  (names seen in the corpus), or misspelled (two letters swapped, a letter
  doubled or dropped).
- ``speaker`` (high): the name of the subject of a speech verb ("X said", "said
  X", "according to X") replaced by another person's name; or "he"/"she" as the
  subject of a speech verb flipped. A name swap also accepts ``entity``.
- ``hedge`` (medium): "reportedly"/"allegedly" inserted before a past-tense main
  verb or a participle; ", according to reports" or ", although this could not
  be independently verified" appended to a sentence; an existing reportedly /
  allegedly / apparently / "according to X" removed; may/might/could -> will.
  Modal hardening also accepts ``meaning-shift``.
- ``attribution-cue`` (medium): a speech verb (said, says, added, stated) ->
  claimed, admitted, insisted, conceded, alleged, showed, denied (same tense).
  "denied" also accepts ``negation``.
- ``role`` (medium): a title changed: professor -> president, minister ->
  secretary, chief executive -> chairman, chairman -> chief executive, ...
- ``dropped-text`` (medium): a sentence deleted (one with a neighbour in its
  paragraph), or a ", which/who/while/although/but ..." clause deleted.
- ``added-text`` (medium): a sentence of another article inserted after a
  sentence.
- ``wording`` (low; the expected answer is a low ``wording`` edit or nothing):
  a benign synonym (company -> firm, said -> stated, help -> assist; nouns
  and verbs by part of speech), or "Mr X said." -> "said Mr X.".

The headline line and sentences under 6 words are never edited.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bench.spinner import SHARED, case_like

CORPORA = SHARED / "corpora"
BBC = CORPORA / "bbc-news-2225"
RECOVERY = CORPORA / "recovery-covid-news" / "articles.jsonl"

CATEGORIES = ("negation", "number", "entity", "speaker", "hedge", "attribution-cue", "role",
              "dropped-text", "added-text", "wording")
SEVERITY = {"negation": "high", "number": "high", "entity": "medium", "speaker": "high", "hedge": "medium",
            "attribution-cue": "medium", "role": "medium", "dropped-text": "medium", "added-text": "medium",
            "wording": "low"}

_WORDS = re.compile(r"\w+")


def n_words(text: str) -> int:
    return len(_WORDS.findall(text))


# --- corpora -------------------------------------------------------------------------

def load_bbc(limit: int = 0) -> list[tuple[str, str]]:
    """(id, text) of BBC articles, sorted by id; text is headline, blank line, body."""
    out = []
    for f in sorted(BBC.glob("*/*.txt")):
        raw = f.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        out.append((f"bbc/{f.parent.name}/{f.name}", text))
        if limit and len(out) >= limit:
            break
    return out


def load_recovery(limit: int = 0) -> list[tuple[str, str]]:
    """(id, body_text) of ReCOVery articles with a body, in file order."""
    out = []
    with RECOVERY.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("body_text") or ""
            if text.strip():
                out.append((f"recovery/{rec['id']}", text))
            if limit and len(out) >= limit:
                break
    return out


def load_articles(n: int, rng: random.Random, min_words: int = 150, max_words: int = 1200
                  ) -> list[tuple[str, str]]:
    """``n`` articles, half BBC and half ReCOVery, within the word range, sampled with ``rng``."""
    pools = []
    for loader in (load_bbc, load_recovery):
        docs = [(i, t) for i, t in loader() if min_words <= n_words(t) <= max_words]
        seen, uniq = set(), []
        for i, t in docs:  # exact duplicates (BBC files a story twice) count once
            key = " ".join(t.split()).lower()
            if key not in seen:
                seen.add(key)
                uniq.append((i, t))
        rng.shuffle(uniq)
        pools.append(uniq)
    out = []
    for k in range(n):
        pool = pools[k % 2]
        if k // 2 < len(pool):
            out.append(pool[k // 2])
    return out


# --- gold ------------------------------------------------------------------------------

@dataclass(slots=True)
class GoldEdit:
    category: str
    severity: str
    source: tuple[int, int] | None
    copy: tuple[int, int] | None
    source_text: str
    copy_text: str
    alt: tuple[str, ...] = ()
    note: str = ""
    copy_at: int = 0  # where in the copy the change sits (the cut point for dropped-text)

    def to_dict(self) -> dict:
        return {"category": self.category, "severity": self.severity, "source": self.source,
                "copy": self.copy, "source_text": self.source_text, "copy_text": self.copy_text,
                "alt": list(self.alt), "note": self.note}


@dataclass(slots=True)
class Injected:
    id: str
    category: str
    source: str
    copy: str
    edits: list[GoldEdit] = field(default_factory=list)


@dataclass(slots=True)
class Change:
    """Replace source[start:end] by ``new``."""

    start: int
    end: int
    new: str
    category: str
    alt: tuple[str, ...] = ()
    note: str = ""


def apply(source: str, changes: list[Change]) -> tuple[str, list[GoldEdit]]:
    """The copy and the gold edits, offsets on both sides, for non-overlapping changes."""
    changes = sorted(changes, key=lambda c: c.start)
    parts, gold, pos, shift = [], [], 0, 0
    for c in changes:
        if c.start < pos:
            raise ValueError("overlapping changes")
        parts.append(source[pos:c.start])
        at = c.start + shift
        old = source[c.start:c.end]
        gold.append(GoldEdit(
            category=c.category, severity=SEVERITY[c.category],
            source=(c.start, c.end) if c.end > c.start else None,
            copy=(at, at + len(c.new)) if c.new else None,
            source_text=old, copy_text=c.new, alt=c.alt, note=c.note, copy_at=at))
        parts.append(c.new)
        shift += len(c.new) - (c.end - c.start)
        pos = c.end
    parts.append(source[pos:])
    return "".join(parts), gold


# --- sentences ------------------------------------------------------------------------

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z\"“‘(])")


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of the sentences, by punctuation, within paragraphs."""
    out = []
    for p, m in enumerate(re.finditer(r"[^\n]+", text)):
        start = m.start()
        for b in _BOUNDARY.finditer(m.group()):
            end = m.start() + b.start()
            # keep a closing quote with its sentence
            while end < m.end() and text[end] in "\"”’'":
                end += 1
            out.append((start, end, p))
            start = m.start() + b.end()
        out.append((start, m.end(), p))
    return [(s, e, p) for s, e, p in out if text[s:e].strip()]


# --- vocabularies ---------------------------------------------------------------------

SPEECH = {"say", "tell", "add", "state", "explain", "claim", "insist", "warn", "argue", "note", "announce",
          "report", "confirm", "admit", "suggest", "write", "describe", "acknowledge", "declare"}

_FLIP_PAIRS = """confirmed denied|confirm deny|confirms denies|accepted rejected|accept reject|accepts rejects
increased decreased|increase decrease|increases decreases|increasing decreasing|rose fell|rise fall|rises falls
rising falling|risen fallen|won lost|win lose|wins loses|winning losing|approved rejected|approve reject
supported opposed|support oppose|agreed refused|allowed banned|legal illegal|likely unlikely
possible impossible|able unable|guilty innocent|higher lower|strong weak|stronger weaker|positive negative
success failure|successful unsuccessful|profit loss|profits losses|true false|safe unsafe
effective ineffective|better worse|best worst|always never|increasingly decreasingly|boosted cut
up down|more less|gain loss|gains losses|included excluded|legally illegally|lowest highest"""
FLIPS: dict[str, str] = {}
for _pair in _FLIP_PAIRS.replace("\n", "|").split("|"):
    _a, _b = _pair.split()
    FLIPS.setdefault(_a, _b)
    FLIPS.setdefault(_b, _a)
_FLIP_POS = {"support": "VERB", "oppose": "VERB", "win": "VERB", "rise": "VERB", "fall": "VERB",
             "increase": "VERB", "decrease": "VERB", "cut": "VERB", "up": "ADV", "down": "ADV",
             "lost": "VERB", "gain": "NOUN", "loss": "NOUN", "more": "ADJ", "less": "ADJ"}

_NUM_WORDS = {"one": "two", "two": "three", "three": "four", "four": "five", "five": "six", "six": "seven",
              "seven": "eight", "eight": "nine", "nine": "ten", "ten": "twelve", "eleven": "twelve",
              "twelve": "fifteen", "fifteen": "twenty", "twenty": "thirty", "thirty": "forty", "forty": "fifty",
              "fifty": "sixty", "sixty": "seventy", "seventy": "eighty", "eighty": "ninety", "ninety": "eighty",
              "hundred": "thousand", "thousand": "million", "million": "billion", "billion": "million",
              "trillion": "billion", "dozen": "hundred", "dozens": "hundreds", "hundreds": "thousands",
              "thousands": "millions", "millions": "thousands", "half": "a third", "double": "triple",
              "twice": "three times", "first": "second", "second": "third", "third": "fourth",
              "fourth": "fifth", "tenth": "twelfth", "quarter": "third", "triple": "double"}
_MONTHS = ("January February March April May June July August September October November December").split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

_ROLES = [("chief executive", "chairman"), ("prime minister", "foreign minister"),
          ("foreign secretary", "home secretary"), ("home secretary", "foreign secretary"),
          ("vice president", "president"), ("professor", "president"), ("minister", "secretary"),
          ("secretary", "minister"), ("chairman", "chief executive"), ("chairwoman", "chief executive"),
          ("president", "vice president"), ("director", "manager"), ("manager", "director"),
          ("spokesman", "adviser"), ("spokeswoman", "adviser"), ("senator", "governor"),
          ("governor", "senator"), ("mayor", "governor"), ("chancellor", "foreign secretary"),
          ("coach", "captain"), ("captain", "coach"), ("judge", "prosecutor"), ("prosecutor", "judge"),
          ("lawyer", "prosecutor"), ("doctor", "nurse"), ("nurse", "doctor"), ("founder", "investor"),
          ("editor", "reporter"), ("ceo", "chairman"), ("chief", "deputy"), ("leader", "deputy leader"),
          ("ambassador", "minister"), ("commissioner", "chairman"), ("striker", "goalkeeper"),
          ("goalkeeper", "defender"), ("singer", "producer"), ("actor", "director"), ("actress", "director"),
          ("analyst", "executive"), ("economist", "executive"), ("researcher", "director"),
          ("epidemiologist", "economist"), ("scientist", "spokesman"), ("officer", "director")]
_ROLE_RE = re.compile(r"\b(?<!vice )(?<!deputy )(" + "|".join(re.escape(a) for a, _ in _ROLES) + r")\b",
                      re.IGNORECASE)
_ROLE_MAP = dict(_ROLES)

_CUES = {"said": ["claimed", "admitted", "insisted", "conceded", "alleged", "showed", "denied"],
         "says": ["claims", "admits", "insists", "concedes", "alleges", "shows", "denies"],
         "added": ["claimed", "admitted", "insisted", "conceded", "alleged"],
         "stated": ["claimed", "admitted", "insisted", "alleged", "denied"]}

# benign substitutions, each tied to a part of speech so that "use" the verb is not changed as a noun
_WORDING = {
    ("said", "VERB"): ["stated", "noted"], ("says", "VERB"): ["states", "notes"],
    ("told", "VERB"): ["informed"], ("company", "NOUN"): ["firm"], ("companies", "NOUN"): ["firms"],
    ("firm", "NOUN"): ["company"], ("firms", "NOUN"): ["companies"], ("people", "NOUN"): ["individuals"],
    ("big", "ADJ"): ["large"], ("large", "ADJ"): ["big"], ("help", "VERB"): ["assist"],
    ("helped", "VERB"): ["assisted"], ("buy", "VERB"): ["purchase"], ("bought", "VERB"): ["purchased"],
    ("started", "VERB"): ["began"], ("begin", "VERB"): ["start"], ("show", "VERB"): ["demonstrate"],
    ("showed", "VERB"): ["demonstrated"], ("shows", "VERB"): ["demonstrates"], ("also", "ADV"): ["additionally"],
    ("many", "ADJ"): ["numerous"], ("important", "ADJ"): ["significant"], ("talks", "NOUN"): ["negotiations"],
    ("deal", "NOUN"): ["agreement"], ("recently", "ADV"): ["lately"], ("children", "NOUN"): ["kids"],
    ("quickly", "ADV"): ["rapidly"], ("tried", "VERB"): ["attempted"], ("try", "VERB"): ["attempt"],
    ("difficult", "ADJ"): ["hard"], ("main", "ADJ"): ["principal"], ("rules", "NOUN"): ["regulations"],
    ("meeting", "NOUN"): ["session"], ("doctors", "NOUN"): ["physicians"], ("film", "NOUN"): ["movie"],
    ("films", "NOUN"): ["movies"], ("chance", "NOUN"): ["opportunity"], ("extra", "ADJ"): ["additional"],
    ("enough", "ADJ"): ["sufficient"], ("shops", "NOUN"): ["stores"], ("mobile", "ADJ"): ["cell"],
    ("plan", "NOUN"): ["proposal"], ("plans", "NOUN"): ["proposals"], ("problem", "NOUN"): ["issue"],
    ("problems", "NOUN"): ["issues"], ("area", "NOUN"): ["region"], ("areas", "NOUN"): ["regions"],
    ("country", "NOUN"): ["nation"], ("countries", "NOUN"): ["nations"], ("needed", "VERB"): ["required"],
    ("received", "VERB"): ["got"], ("wanted", "VERB"): ["wished"], ("believe", "VERB"): ["think"],
    ("believes", "VERB"): ["thinks"], ("think", "VERB"): ["believe"], ("thinks", "VERB"): ["believes"],
    ("because", "SCONJ"): ["since"], ("however", "ADV"): ["though"], ("around", "ADV"): ["about"],
    ("about", "ADV"): ["around"], ("nearly", "ADV"): ["almost"], ("almost", "ADV"): ["nearly"],
    ("currently", "ADV"): ["presently"], ("job", "NOUN"): ["position"], ("sales", "NOUN"): ["revenues"],
    ("purchase", "VERB"): ["buy"], ("huge", "ADJ"): ["enormous"], ("fast", "ADJ"): ["quick"],
    ("announced", "VERB"): ["unveiled"], ("research", "NOUN"): ["study"], ("scientists", "NOUN"): ["researchers"],
    ("researchers", "NOUN"): ["scientists"], ("infection", "NOUN"): ["illness"],
}

FALLBACK_NAMES = {
    "PERSON": ["John Matthews", "Sarah Collins", "David Porter", "Maria Lopez", "Peter Hughes",
               "Anna Kowalski", "Richard Stone", "Helen Ward", "James Keller", "Laura Bennett"],
    "ORG": ["Reuters", "Microsoft", "the World Bank", "Unilever", "Oxfam", "Barclays", "Sony",
            "the European Commission", "Vodafone", "Harvard University"],
    "GPE": ["Canada", "Brazil", "Germany", "Kenya", "Japan", "Spain", "Chicago", "Manchester", "Poland", "India"],
}


class NamePool:
    """Names by spaCy label (PERSON, ORG, GPE) seen in a sample of articles, with a fallback list."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self.names = {k: list(v) for k, v in (names or FALLBACK_NAMES).items()}

    @classmethod
    def from_docs(cls, docs) -> "NamePool":
        """Names whose label spaCy gives consistently: a PERSON of two or more words; an ORG or GPE seen
        at least twice with that label and never with another."""
        labels: dict[str, Counter] = {}
        for doc in docs:
            for ent in doc.ents:
                t = re.sub(r"['’]s$", "", ent.text.strip())
                if (re.fullmatch(r"[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}", t)
                        and not (t.isupper() and len(t) > 5)):
                    labels.setdefault(t, Counter())[ent.label_] += 1
        found: dict[str, set[str]] = {k: set() for k in FALLBACK_NAMES}
        for t, c in labels.items():
            (label, k), = c.most_common(1)
            if label == "PERSON" and len(t.split()) >= 2 and k == sum(c.values()):
                found[label].add(t)
            elif label in ("ORG", "GPE") and k >= 2 and k == sum(c.values()):
                found[label].add(t)
        names = {k: sorted(v | set(FALLBACK_NAMES[k])) for k, v in found.items()}
        return cls(names)

    def pick(self, label: str, old: str, text: str, rng: random.Random, surname: bool = False) -> str | None:
        ntok = len(old.split())
        cands = [n for n in self.names.get(label, []) if n.lower() not in text.lower()
                 and old.lower() not in n.lower() and n.lower() not in old.lower()]
        if label == "PERSON":
            if surname or ntok == 1:
                cands = sorted({n.split()[-1] for n in cands if len(n.split()) >= 2
                                and n.split()[-1].lower() not in text.lower()})
            else:
                cands = [n for n in cands if len(n.split()) == ntok]
        return rng.choice(cands) if cands else None


def misspell(word: str, rng: random.Random) -> str | None:
    """A plausible misspelling of a name: adjacent inner letters swapped, a letter dropped or doubled."""
    letters = [i for i in range(1, len(word) - 1) if word[i].isalpha() and word[i + 1].isalpha()]
    if len(word) < 5 or not letters:
        return None
    for _ in range(6):
        i = rng.choice(letters)
        how = rng.choice(("swap", "drop", "double"))
        if how == "swap" and word[i] != word[i + 1]:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif how == "drop":
            out = word[:i] + word[i + 1:]
        else:
            out = word[:i + 1] + word[i] + word[i + 1:]
        if out != word:
            return out
    return None


# --- the injector ---------------------------------------------------------------------

class Injector:
    """Make copies with injected edits; ``nlp`` is a spaCy pipeline (unspin's by default)."""

    def __init__(self, nlp=None, pool: NamePool | None = None, foreign: list[str] | None = None) -> None:
        if nlp is None:
            from unspin.nlp import load_nlp

            nlp = load_nlp()
        self.nlp = nlp
        self.pool = pool or NamePool()
        # sentences of other articles, for added-text
        self.foreign = foreign or []
        self._docs: dict = {}

    @classmethod
    def for_articles(cls, articles: list[tuple[str, str]], nlp=None) -> "Injector":
        """An injector whose name pool and foreign sentences come from these articles."""
        inj = cls(nlp)
        docs = list(inj.nlp.pipe([t for _, t in articles], batch_size=16))
        inj.pool = NamePool.from_docs(docs)
        foreign = []
        for (aid, text) in articles:
            for s, e, _ in sentence_spans(text):
                sent = text[s:e].strip()
                if 8 <= n_words(sent) <= 35 and sent[-1:] in ".!?" and '"' not in sent and "“" not in sent:
                    foreign.append((aid, sent))
        inj.foreign = foreign
        inj._docs = {aid: doc for (aid, _), doc in zip(articles, docs)}
        return inj

    def parse(self, aid: str, text: str):
        doc = self._docs.get(aid)
        if doc is None or doc.text != text:
            doc = self.nlp(text)
        return doc

    def inject(self, aid: str, text: str, category: str, rng: random.Random, n: int = 1) -> Injected | None:
        """A copy of ``text`` with ``n`` edits of ``category`` in different sentences (None: no room)."""
        doc = self.parse(aid, text)
        sents = sentence_spans(text)
        editable = [(s, e) for s, e, p in sents if n_words(text[s:e]) >= 6 and not (p == 0 and aid.startswith("bbc/"))]
        cands = getattr(self, "_" + category.replace("-", "_"))(text, doc, sents, editable, rng, aid)
        # a change belongs to the editable sentence holding its first (else its last) character;
        # one change per sentence
        by_sent: dict[int, list[Change]] = {}
        for c in cands:
            for pos in (c.start, c.end - 1):
                k = next((k for k, (s, e) in enumerate(editable) if s <= pos < e), None)
                if k is not None:
                    by_sent.setdefault(k, []).append(c)
                    break
        keys = sorted(by_sent)
        rng.shuffle(keys)
        chosen: list[Change] = []
        for k in keys:
            c = rng.choice(by_sent[k])
            if all(c.end <= o.start or o.end <= c.start for o in chosen):
                chosen.append(c)
            if len(chosen) == n:
                break
        if len(chosen) < n:
            return None
        copy, gold = apply(text, chosen)
        return Injected(aid, category, text, copy, gold)

    # each method lists candidate changes for its category --------------------------------

    def _negation(self, text, doc, sents, editable, rng, aid):
        out = []
        for t in doc:
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if nxt is None:
                continue
            low = t.text.lower()
            # insert "not" after an auxiliary
            if (t.pos_ == "AUX" and t.text.isalpha() and len(t.text) >= 2 and nxt.dep_ != "neg"
                    and nxt.is_alpha and nxt.lower_ not in ("not", "never", "no", "only")
                    and (t.dep_ in ("aux", "auxpass") or (t.dep_ == "ROOT" and nxt.pos_ in ("ADJ", "DET", "ADV")))):
                new = "cannot" if low == "can" else t.text + " not"
                out.append(Change(t.idx, t.idx + len(t.text), case_like(t.text, new), "negation",
                                  note="not inserted"))
            # remove a negation: "is not" -> "is", "didn't" -> "did", "never went" -> "went"
            if t.dep_ == "neg" and t.lower_ in ("not", "n't", "never") and t.i > 0:
                prev = doc[t.i - 1]
                if t.lower_ == "never":
                    if nxt.is_alpha and nxt.pos_ in ("VERB", "AUX"):
                        out.append(Change(t.idx, nxt.idx + len(nxt.text), nxt.text, "negation",
                                          note="never removed"))
                    continue
                if nxt.lower_ == "only" or not prev.is_alpha:
                    continue
                base = {"ca": "can", "wo": "will", "sha": "shall"}.get(prev.lower_, prev.text)
                if prev.lower_ == "can" and t.lower_ == "not" and text[prev.idx:t.idx + 3].lower() == "cannot":
                    base = prev.text
                out.append(Change(prev.idx, t.idx + len(t.text), case_like(prev.text, base), "negation",
                                  note="negation removed"))
            # lexical flip
            if t.lower_ in FLIPS and t.is_alpha:
                want = _FLIP_POS.get(t.lemma_.lower()) or _FLIP_POS.get(t.lower_)
                if want and t.pos_ != want:
                    continue
                out.append(Change(t.idx, t.idx + len(t.text), case_like(t.text, FLIPS[t.lower_]), "negation",
                                  note="lexical flip"))
        return out

    def _number(self, text, doc, sents, editable, rng, aid):
        out = []
        for m in re.finditer(r"\bhalf a (million|billion)\b", text, re.IGNORECASE):
            out.append(Change(m.start(), m.end(), case_like(m.group(), "one " + m.group(1)), "number",
                              note="half a million"))
        for t in doc:
            s, e = t.idx, t.idx + len(t.text)
            if re.fullmatch(r"\d[\d,.]*", t.text):
                digits = t.text
                if re.fullmatch(r"(19|20)\d\d", digits):
                    new = str(int(digits) + rng.choice((-3, -2, -1, 1, 2, 3, 5)))
                else:
                    pos = [i for i, ch in enumerate(digits) if ch.isdigit()]
                    i = rng.choice(pos)
                    choices = [d for d in "0123456789" if d != digits[i] and not (i == 0 and d == "0"
                                                                                  and len(pos) > 1)]
                    if i == 0 and len(pos) == 1:
                        choices = [d for d in choices if d != "0"]
                    new = digits[:i] + rng.choice(choices) + digits[i + 1:]
                out.append(Change(s, e, new, "number", note="digit"))
            elif t.lower_ in _NUM_WORDS and t.is_alpha and (t.like_num or t.pos_ == "NUM"
                                                           or t.lower_ in ("half", "dozens", "hundreds",
                                                                           "thousands", "millions", "double",
                                                                           "twice", "first", "second", "third",
                                                                           "quarter", "triple")):
                if t.lower_ in ("second", "first", "third") and t.pos_ not in ("ADJ", "NUM"):
                    continue
                out.append(Change(s, e, case_like(t.text, _NUM_WORDS[t.lower_]), "number", note="number word"))
            elif t.text in _MONTHS and t.ent_type_ == "DATE":
                new = rng.choice([m for m in _MONTHS if m != t.text])
                out.append(Change(s, e, new, "number", note="month"))
            elif t.text in _DAYS:
                new = rng.choice([d for d in _DAYS if d != t.text])
                out.append(Change(s, e, new, "number", note="weekday"))
        # drop candidates inside "half a million" already covered
        return out

    @staticmethod
    def _speech_subject(ent) -> bool:
        """Is this entity the subject of a speech verb, "said X", or "according to X"?"""
        doc = ent.doc
        for t in ent:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in SPEECH:
                return True
            if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.i > 0 and doc[t.head.i - 1].lower_ == "according":
                return True
        after = doc[ent.end] if ent.end < len(doc) else None
        before = doc[ent.start - 1] if ent.start > 0 else None
        return bool((after is not None and after.lemma_.lower() in SPEECH)
                    or (before is not None and before.lemma_.lower() in SPEECH and before.pos_ == "VERB"))

    @staticmethod
    def _name(ent) -> tuple[int, int, str] | None:
        """(start, end, text) of a capitalised name without a possessive; None for other entity text."""
        name = re.sub(r"['’]s$", "", ent.text)
        if not re.fullmatch(r"[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}", name):
            return None
        return ent.start_char, ent.start_char + len(name), name

    def _entity(self, text, doc, sents, editable, rng, aid):
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE") or self._speech_subject(ent) or not self._name(ent):
                continue
            start, end, name = self._name(ent)
            if rng.random() < 0.6:
                new = self.pool.pick(ent.label_, name, text, rng)
                note = "name swapped"
            else:
                words = name.split()
                k = max(range(len(words)), key=lambda i: len(words[i]))
                bad = misspell(words[k], rng)
                new = None if bad is None else " ".join(words[:k] + [bad] + words[k + 1:])
                note = "misspelled"
            if new and new != name:
                out.append(Change(start, end, new, "entity", note=note))
        return out

    def _speaker(self, text, doc, sents, editable, rng, aid):
        out = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or not self._speech_subject(ent) or not self._name(ent):
                continue
            start, end, name = self._name(ent)
            new = self.pool.pick("PERSON", name, text, rng)
            if new:
                out.append(Change(start, end, new, "speaker", alt=("entity",),
                                  note="speaker name swapped"))
        for t in doc:
            if t.lower_ in ("he", "she") and t.dep_ == "nsubj" and t.head.lemma_.lower() in SPEECH:
                new = case_like(t.text, "she" if t.lower_ == "he" else "he")
                out.append(Change(t.idx, t.idx + len(t.text), new, "speaker", note="pronoun flipped"))
        return out

    def _hedge(self, text, doc, sents, editable, rng, aid):
        out = []
        for t in doc:
            if not t.is_alpha:
                continue
            prev = doc[t.i - 1] if t.i > 0 else None
            word = rng.choice(("reportedly", "allegedly"))
            past_main = (t.tag_ == "VBD" and t.dep_ == "ROOT" and prev is not None
                         and prev.dep_ in ("nsubj", "nsubjpass"))
            passive = t.tag_ == "VBN" and t.dep_ == "ROOT" and prev is not None and prev.dep_ == "auxpass"
            if past_main or passive:
                out.append(Change(t.idx, t.idx + len(t.text), f"{word} {t.text}", "hedge", note=f"{word} added"))
            if t.lower_ in ("reportedly", "allegedly", "apparently", "purportedly", "supposedly") and t.i + 1 < len(doc):
                nxt = doc[t.i + 1]
                if nxt.is_alpha:
                    out.append(Change(t.idx, nxt.idx + len(nxt.text), nxt.text if t.i == 0 or not t.is_sent_start
                                      else case_like(t.text, nxt.text), "hedge", note=f"{t.lower_} removed"))
            if t.lower_ in ("may", "might", "could") and t.tag_ == "MD" and t.i + 1 < len(doc) \
                    and doc[t.i + 1].pos_ == "VERB" and doc[t.i + 1].tag_ == "VB":
                out.append(Change(t.idx, t.idx + len(t.text), case_like(t.text, "will"), "hedge",
                                  alt=("meaning-shift",), note=f"{t.lower_} -> will"))
        for m in re.finditer(r"(\w+)(,? according to [^,.;\"”]{3,60})(?=[,.])", text):
            out.append(Change(m.start(), m.end(), m.group(1), "hedge", note="according to removed"))
        for s, e, _ in sents:
            sent = text[s:e]
            m = re.search(r"(\w+)\.$", sent)
            if m and '"' not in sent and "”" not in sent and "according to" not in sent:
                tail = rng.choice((", according to reports", ", although this could not be independently verified",
                                   ", according to unconfirmed reports"))
                a = s + m.start(1)
                out.append(Change(a, s + m.end(1), m.group(1) + tail, "hedge", note="hedge clause added"))
        return out

    def _attribution_cue(self, text, doc, sents, editable, rng, aid):
        out = []
        for t in doc:
            if t.lower_ in _CUES and t.pos_ == "VERB" and any(c.dep_ in ("nsubj", "ccomp") for c in t.children) \
                    or t.lower_ in _CUES and t.pos_ == "VERB" and t.i > 0 and doc[t.i - 1].ent_type_ == "PERSON":
                new = rng.choice(_CUES[t.lower_])
                alt = ("negation",) if new.startswith("den") else ("hedge",) if new[:5] in ("claim", "alleg") else ()
                out.append(Change(t.idx, t.idx + len(t.text), case_like(t.text, new), "attribution-cue",
                                  alt=alt, note=f"{t.lower_} -> {new}"))
        return out

    def _role(self, text, doc, sents, editable, rng, aid):
        out = []
        for m in _ROLE_RE.finditer(text):
            word = m.group(1)
            if not (word.islower() or word.istitle() or word.isupper()):
                continue
            new = _ROLE_MAP[word.lower()]
            if word.lower() == "ceo":
                new = "chairman"
            if word.isupper():  # an acronym (CEO) or a headline in capitals
                new = new.upper() if len(word) > 4 else new
            else:
                new = case_like(word, new)
            out.append(Change(m.start(), m.end(), new, "role", note=f"{word.lower()} -> {new}"))
        return out

    def _dropped_text(self, text, doc, sents, editable, rng, aid):
        out = []
        for k, (s, e, p) in enumerate(sents):
            nxt = sents[k + 1] if k + 1 < len(sents) else None
            prv = sents[k - 1] if k > 0 else None
            if nxt is not None and nxt[2] == p:  # "S. " up to the next sentence
                out.append(Change(s, nxt[0], "", "dropped-text", note="sentence dropped"))
            elif prv is not None and prv[2] == p:  # " S." from the end of the previous one
                out.append(Change(prv[1], e, "", "dropped-text", note="sentence dropped"))
        for m in re.finditer(r", (?:which|who|while|although|but|whereas) [^,.;:\"“”]{15,120}(?=[,.])", text):
            out.append(Change(m.start(), m.end(), "", "dropped-text", note="clause dropped"))
        return [c for c in out if n_words(text[c.start:c.end]) >= 4]

    def _added_text(self, text, doc, sents, editable, rng, aid):
        out = []
        foreign = [s for a, s in self.foreign if a != aid and s not in text] or [
            "The council said it would publish the full figures next month.",
            "Shares in the company closed slightly higher on Friday."]
        for s, e, p in sents:
            if text[s:e].rstrip()[-1:] in ".!?\"”":
                new = rng.choice(foreign)
                # inserted after the sentence: " New sentence." (the change replaces the last word)
                m = re.search(r"\S+$", text[s:e])
                a = s + m.start()
                out.append(Change(a, e, text[a:e] + " " + new, "added-text", note="sentence added"))
        return out

    def _wording(self, text, doc, sents, editable, rng, aid):
        out = []
        for t in doc:
            key = (t.lower_, t.pos_)
            if key in _WORDING and t.is_alpha:
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                if t.lower_ in ("around", "about") and not (nxt is not None and nxt.like_num):
                    continue
                new = case_like(t.text, rng.choice(_WORDING[key]))
                out.append(Change(t.idx, t.idx + len(t.text), new, "wording", note="synonym"))
        for m in re.finditer(r", ((?:Mr|Mrs|Ms|Dr)\.? [A-Z][a-z]+|[A-Z][a-z]+ [A-Z][a-z]+) (said|says|added)([.,])", text):
            out.append(Change(m.start(1), m.end(2), f"{m.group(2)} {m.group(1)}", "wording", note="said X reorder"))
        return out


def fix_added_text(inj: Injected) -> Injected:
    """Gold for added-text: only the inserted sentence (the change carried the word before it)."""
    for g in inj.edits:
        if g.category == "added-text" and g.copy is not None:
            old = g.source_text
            start = g.copy[0] + len(old) + 1
            g.copy = (start, g.copy[1])
            g.copy_text = inj.copy[start:g.copy[1]]
            g.source = None
            g.source_text = ""
    return inj


def inject(injector: Injector, aid: str, text: str, category: str, rng: random.Random, n: int = 1
           ) -> Injected | None:
    """Injector.inject with the gold spans of added text narrowed to the inserted sentence."""
    out = injector.inject(aid, text, category, rng, n)
    return fix_added_text(out) if out is not None else None


def make_copies(n_copies: int, seed: int = 7, categories: tuple[str, ...] = CATEGORIES,
                n_articles: int | None = None, nlp=None) -> list[Injected]:
    """``n_copies`` injected copies, categories in turn, articles sampled from both corpora."""
    rng = random.Random(seed)
    articles = load_articles(n_articles or max(40, n_copies), rng)
    injector = Injector.for_articles(articles, nlp)
    out: list[Injected] = []
    k = 0
    for i in range(n_copies):
        cat = categories[i % len(categories)]
        n = rng.choice((2, 3, 4)) if cat == "wording" else rng.choice((1, 1, 2))
        for _ in range(len(articles)):
            aid, text = articles[k % len(articles)]
            k += 1
            got = inject(injector, aid, text, cat, rng, n)
            if got is not None:
                out.append(got)
                break
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--category", choices=CATEGORIES, action="append")
    ap.add_argument("--n", type=int, default=1, help="copies per category")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    cats = tuple(args.category or CATEGORIES)
    for inj in make_copies(args.n * len(cats), args.seed, cats, n_articles=40):
        print(f"== {inj.id}  [{inj.category}]")
        for g in inj.edits:
            print(f"   {g.note:24s} {g.source_text!r} -> {g.copy_text!r}  copy {g.copy}")


if __name__ == "__main__":
    main()
