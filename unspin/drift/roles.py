"""Who did what to whom: a link between two of the source's words that the copy makes and the source does not.

A copy can say something else with nothing but the source's own words:
"seven games were investigated after Conrad was arrested" cut to "seven games
were arrested" makes the games what was arrested. Each sentence's parse gives
its predicate-argument links: a verb's doer (subject, or the agent of a
passive), what it is done to (object, or the subject of a passive), its
prepositions' objects ("radiates with beauty") and a noun's owner ("X's Y",
"the Y of X"). A link the copy makes between two words the
source also has is a meaning shift only on positive evidence in the source's
parse, on its own arcs (not a subject read through coordination or a participle):
the source gives that slot to another word ("Conrad was arrested"), the
word in the other role (the doer of what it now suffers), or the two words the
other way round ("successor Pellegrini" / "Pellegrini's successor").

Faithful restructuring keeps the links: active and passive are read as one
(doer, done-to), an intransitive subject fits either ("the ship sank" / "they
sank the ship"), a shared subject reaches coordinated verbs and a controlling
one its infinitive ("hoping to stay"), relative pronouns and participles stand
for the noun they modify, and a word inside the noun phrase that held the slot
("the games involving Nimes", "most of the students") still holds it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from unspin.attribution.cues import SPEECH_LEMMAS
from unspin.model import Analysis, Edit
from unspin.text.wordnet import same_family, wordnet

DOER, DONE_TO, EITHER, OWNER, RECIPIENT = "doer", "done-to", "either", "owner", "recipient"
_CORE = frozenset({DOER, DONE_TO, EITHER})  # any other role is a preposition's: "radiates with", "collapsed at"
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
_NOUNS = ("NOUN", "PROPN")
_EXAMPLE = frozenset({"including", "includes", "include"})
# verbs too light to carry a role of their own (eval_rewrites: "had investors", "the weather gets", "took office")
_LIGHT = frozenset({"be", "have", "get", "do", "make", "take", "go", "come", "give", "put", "let", "keep"})
# arcs that stay inside one noun phrase: a word reached by them is part of the phrase's referent
_NP_ARCS = frozenset({"compound", "poss", "prep", "pobj", "appos", "conj", "amod", "nmod", "npadvmod", "nummod",
                      "quantmod", "case", "det", "cc", "punct", "predet"})


@dataclass(frozen=True, slots=True)
class Link:
    head: Token  # the predicate (a verb) or the owned noun
    role: str
    arg: Token  # the noun in the role
    direct: bool = True  # the parse's own arc, not one read through sharing or a participle


def _compatible(a: str, b: str) -> bool:
    """The two roles can be one reading of the same link."""
    return a == b or (EITHER in (a, b) and {a, b} <= _CORE)


def _rival(copy_role: str, source_role: str) -> bool:
    """A source word in this role holds the slot the copy gives its word: an intransitive
    subject competes with a doer, but not with what a verb is done to ("the man said" /
    "said the militant", an object the cut sentence's parse invented)."""
    return _compatible(copy_role, source_role) and not (copy_role == DONE_TO and source_role == EITHER)


def _verb_role(v: Token, dep: str) -> str:
    """The role of v's argument on arc ``dep`` ("shared": a subject v takes from another
    verb), by v's voice and objects: an intransitive subject fits either role."""
    kids = {c.dep_ for c in v.children}
    if dep == "nsubjpass" and "dobj" in kids:
        return RECIPIENT  # "friends were allocated places"
    if dep in ("dobj", "nsubjpass") or (dep == "shared" and "auxpass" in kids):
        return DONE_TO
    if dep == "agent":
        return DOER
    if dep == "nsubj" and v.tag_ == "VBN" and not kids & {"aux", "auxpass"}:
        return DONE_TO  # a bare participle's subject is what it is done to: "that meeting, dated March 21st"
    return DOER if "dobj" in kids else EITHER


def _resolve(t: Token) -> Token | None:
    """The noun an argument stands for: itself, or for a relative pronoun the noun its clause modifies."""
    if t.pos_ in _NOUNS:
        return t
    if t.pos_ in ("ADJ", "NUM", "DET"):  # "most of the friends", "two of them", "four out of the seven"
        ofs = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
        ofs += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "out" for g in c.children if g.lower_ == "of"]
        part = [p for c in ofs for p in c.children if p.dep_ == "pobj"]
        return part[0] if part and part[0].pos_ in _NOUNS else None
    if t.lower_ in _RELATIVE:
        clause = next((a for a in t.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and clause.head.pos_ in _NOUNS:
            return clause.head
    return None


def _coordinated(t: Token) -> list[Token]:
    """t and the words coordinated with it, which share its role ("Arsenal and City are tracking")."""
    out, x = [t], t
    while (x := next((c for c in x.children if c.dep_ == "conj"), None)) is not None:
        out.append(x)
    return out


def _own_subject(v: Token) -> Token | None:
    return next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _shared_subject(v: Token) -> Token | None:
    """The subject a verb without its own takes from the verb it hangs on: the first of two
    coordinated verbs ("police arrived and arrested him"), the object or else the subject
    of the verb an infinitive completes ("hoping to stay", "asked him to stay")."""
    h = v.head
    if h.i == v.i or _own_subject(v) is not None or h.pos_ not in ("VERB", "AUX"):
        return None
    if v.dep_ == "conj":
        return _own_subject(h)
    if v.dep_ == "xcomp":
        return next((c for c in h.children if c.dep_ == "dobj"), None) or _own_subject(h)
    return None


def _arguments(v: Token) -> Iterator[tuple[str, Token, bool]]:
    """(role, noun, direct) for each argument of verb v the parse gives, directly or by sharing."""
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
            yield _verb_role(v, c.dep_), c, True
        elif c.dep_ == "agent":
            yield from ((DOER, p, True) for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "prep":  # "radiates with beauty": the preposition names the role
            yield from ((c.lower_, p, True) for p in c.children if p.dep_ == "pobj")
    shared = _shared_subject(v)
    if shared is not None:  # "was arrested and charged": the passive subject is both verbs' patient
        passive = shared.dep_ == "nsubjpass" and v.tag_ == "VBN"
        yield (DONE_TO if passive else _verb_role(v, "shared")), shared, False
    if v.dep_ == "acl" and v.head.pos_ in _NOUNS and _own_subject(v) is None and v.tag_ in ("VBN", "VBG"):
        # "the man arrested yesterday" (done to), "games involving Nimes" (doing)
        yield (DONE_TO if v.tag_ == "VBN" else _verb_role(v, "nsubj")), v.head, False


def links(tokens: Sequence[Token]) -> list[Link]:
    """The predicate-argument and owner links among the tokens' content words."""
    out = []
    for t in tokens:
        if t.pos_ == "VERB" and _predicate(t):
            for role, arg, direct in _arguments(t):
                for noun in map(_resolve, _coordinated(arg)):
                    if noun is not None and noun.i != t.i and _content(noun):
                        out.append(Link(t, role, noun, direct))
        elif t.pos_ in _NOUNS:
            for c in t.children:
                if c.dep_ == "poss" and c.pos_ in _NOUNS and _content(c) and _content(t):
                    out.append(Link(t, OWNER, c))
                elif c.dep_ == "prep" and c.lower_ == "of" and _content(t):
                    out.extend(Link(t, OWNER, p) for p in c.children
                               if p.dep_ == "pobj" and p.pos_ in _NOUNS and _content(p))
    return out


def _content(t: Token) -> bool:
    """A word that names something: not a stop word, a letter fragment ("e-" of "e-University") or a symbol."""
    return not t.is_stop and t.is_alpha and len(t.text) > 2


def _predicate(v: Token) -> bool:
    """A verb whose arguments say who did what: not a light verb ("had", "gets", "took office"),
    whose roles shift with its object, nor a speech verb, whose speaker the speaker check reads."""
    return _key(v) not in _LIGHT and not _reporting(v) and not _linking(v)


# verbs that link a subject to a state its complement says: who "remains" is in the complement
# ("borders remain closed to nationals" / "nationals remain barred from crossing the borders")
_LINKING = frozenset({"remain", "stay", "become", "seem", "appear", "sound", "prove"})


def _linking(v: Token) -> bool:
    return _key(v) in _LINKING and any(c.dep_ in ("acomp", "attr", "oprd", "xcomp") for c in v.children)


def _reporting(v: Token) -> bool:
    """A speech verb with the clause it reports ("said that ...", "..., he said"); "the
    husband found the infant", "was found in a bathtub" report nothing."""
    if _key(v) not in SPEECH_LEMMAS:
        return False
    return v.dep_ in ("parataxis", "ccomp") or any(
        c.dep_ in ("ccomp", "xcomp", "parataxis") or c.text in ':"“\'' for c in v.children)


def _phrase(t: Token) -> set[int]:
    """Indices of the words in t's noun phrase reachable without passing through a verb
    (but an example's "including": "14 felonies - including rape" names the rape too)."""
    seen, todo = {t.i}, [t]
    while todo:
        x = todo.pop()
        for c in x.children:
            if c.dep_ in _NP_ARCS and (c.pos_ not in ("VERB", "AUX") or c.lower_ in _EXAMPLE) and c.i not in seen:
                seen.add(c.i)
                todo.append(c)
    return seen


def _same_referent(a: Token, b: Token) -> bool:
    """One word lies inside the other's noun phrase ("the games of Nimes", "boss Roberto Mancini")."""
    return a.i in _phrase(b) or b.i in _phrase(a)


def _key(t: Token) -> str:
    return t.lemma_.lower()


def _matches(t: Token, group: Sequence[Token], verbs: bool) -> list[Token]:
    """The group's words that are t: the same lemma or form. Not a WordNet neighbour: a
    paraphrase's verb "bring" for "lend", "cover" for "encompass" takes other arguments
    (eval_rewrites: 9 of its 21 false alarms came through such neighbours)."""
    pos = ("VERB",) if verbs else _NOUNS
    return [s for s in group if s.pos_ in pos and (_key(s) == _key(t) or s.lower_ == t.lower_)
            and (not verbs or _particles(s) == _particles(t))]


def _particles(v: Token) -> set[str]:
    """A phrasal verb's particles: "pick up" and "pick out" are two verbs."""
    return {c.lower_ for c in v.children if c.dep_ == "prt"}


@dataclass(frozen=True, slots=True)
class Shift:
    copy: Link
    source_head: Token
    source_word: Token  # the source's word in that slot, or the copy's word where the source puts it elsewhere
    why: str
    placed: Token | None = None  # for a slot, the source's word that the copy put there


def _verdict(c: Link, h: Token, d: Token, source_links: list[Link]) -> Shift | None | bool:
    """True when the source holds the copy's link between h and d; a Shift on positive
    evidence that it does not (the source parse's own arcs, not shared or participle
    readings, which a cut sentence's parse gets wrong); None when it says nothing either way."""
    own = [l for l in source_links if l.head.i == h.i]
    if any(_compatible(l.role, c.role) and _same_referent(l.arg, d) for l in own):
        return True
    # named as one of the things the verb's object covers: "ignored including Y"
    linked = any(l.role in _MEMBER_PREPS and _same_referent(l.arg, d) for l in own)
    own = [l for l in own if l.direct]
    if c.role == OWNER:
        if h.head.i == d.i and h.dep_ in ("compound", "appos"):
            return Shift(c, h, d, "reversed")
        other = [l.arg for l in own if l.role == OWNER and _other_word(l.arg, c.arg) and not _same_referent(l.arg, d)]
        return Shift(c, h, other[0], "slot", d) if other else None
    if any(l.arg.i == d.i and {l.role, c.role} == {DOER, DONE_TO} for l in own):  # not a word of its phrase
        return Shift(c, h, d, "flipped")
    if linked and c.role in (DONE_TO, EITHER):
        # the source ties the two words another way: "measures ... were ignored including
        # verbal directives" / "ignoring all measures, among them verbal directives" (bench/data/rewrites 14)
        return None
    if c.role == DOER and h.dep_ in ("ccomp", "xcomp") and any(
            l.head.i == h.head.i and _compatible(l.role, DOER) and _same_referent(l.arg, d) for l in source_links):
        # the source's causer made the doer: "their album saw their fame spread" / "the album
        # spread their fame" (bench/data/rewrites 12)
        return None
    if c.role in (DOER, DONE_TO, EITHER) and any(x.dep_ == "xcomp" for x in h.children):
        # "shopping is expected to draw crowds" / "crowds are expected": the source verb's
        # subject is its complement's, and which word holds it there says nothing of this one
        return None
    other = [l.arg for l in own if _rival(c.role, l.role) and _other_word(l.arg, c.arg) and not _same_referent(l.arg, d)]
    if c.role not in _CORE:  # a preposition's object: common nouns only, where names are not cut,
        # aliased or misattached ("the National Executive Committee" / "the NEC", "In April Vestas": eval_rewrites)
        other = [x for x in other if x.pos_ == d.pos_ == "NOUN"]
    return Shift(c, h, other[0], "slot", d) if other else None


def _other_word(x: Token, word: Token) -> bool:
    """x names something else than the copy's word: a content word of its own, not the same
    lemma nor a WordNet synonym ("an Easter hare" / "the Easter bunny"), nor a description
    and a name that may be one referent ("the man" / "Conte", "the region" / "the City")
    unless their number tells them apart ("games" / "Conrad")."""
    if not _content(x) or _key(x) == _key(word) or _abbreviates(x.text, word.text) or _abbreviates(word.text, x.text):
        return False  # "Man Utd" / "United" (bench/data/rewrites 57)
    if {x.pos_, word.pos_} == {"NOUN", "PROPN"} and _plural(x) == _plural(word):
        return False
    if same_family(_key(x), _key(word)):
        return False  # "self validated serology testing" / "self-validated serology tests" (bench/data/rewrites 19)
    wn = wordnet()
    return wn is None or not wn.related(_key(x), _key(word))


def _abbreviates(short: str, long: str) -> bool:
    """A capitalised short form whose letters the long word has in order, first to first ("Utd")."""
    if not (2 <= len(short) < len(long) and short[:1].isupper() and short[:1].lower() == long[:1].lower()):
        return False
    rest = iter(long.lower())
    return all(ch in rest for ch in short.lower())


def _plural(t: Token) -> bool:
    return t.tag_ in ("NNS", "NNPS")


def _broken(v: Token) -> bool:
    """The parse gives a verb two subjects: a cut sentence it could not read."""
    return sum(1 for c in v.children if c.dep_ in ("nsubj", "nsubjpass")) > 1


def _still_named(x: Token, arg: Token) -> bool:
    """The copy's own phrase still names the source's word in the slot ("a charity darts
    event" for "a charity darts"): a fuller phrase, not another thing."""
    return any(arg.doc[i].lemma_.lower() == _key(x) for i in _phrase(arg))


def _given_with(v: Shift, c: Link) -> bool:
    """A verb of giving said the other way round: "arrivals have been issued with bracelets" for
    "Hong Kong issued bracelets that arrivals must wear" (bench/data/rewrites 38) gives the
    source's thing through "with"."""
    return any(p.dep_ == "pobj" and _key(p) == _key(v.source_word)
               for w in c.head.children if w.dep_ == "prep" and w.lower_ == "with" for p in w.children)


_MEMBER_PREPS = frozenset({"including", "among", "like", "such"})


def _owner_kept(v: Shift, c: Link, copy_links: list[Link]) -> bool:
    """The copy keeps the source's owner beside the one it adds: "Washington's Department of
    Corrections" for "the Department of Corrections Washington State" (bench/data/rewrites 14)."""
    return c.role == OWNER and any(l.head.i == c.head.i and l.role == OWNER and _key(l.arg) == _key(v.source_word)
                                   for l in copy_links)


def _silent(v: Shift | None | bool, c: Link, h: Token, source_links: list[Link]) -> bool:
    """The source holds the link, or this occurrence of the head has nothing in the copy's
    role: the copy may be repeating that one ("met four out of the seven criteria", a link
    the parse missed, beside "meet the threshold": eval_rewrites)."""
    return v is True or not any(l.head.i == h.i and l.direct and _rival(c.role, l.role) for l in source_links)


def shifts(toks_s: Sequence[Token], toks_c: Sequence[Token]) -> list[Shift]:
    """Links the copy makes between two of the source's words against the source's own parse."""
    source_links = links(toks_s)
    copy_links = links(toks_c)
    out = []
    for c in copy_links:
        if _broken(c.head):
            continue
        heads = _matches(c.head, toks_s, verbs=c.role != OWNER)
        words = _matches(c.arg, toks_s, verbs=False)
        found: list[Shift] = []
        doubt = False  # a reading of the copy's words the source holds or says nothing against
        for h in heads:
            for d in words:
                if h.i == d.i:
                    continue
                v = _verdict(c, h, d, source_links)
                if isinstance(v, Shift) and not (v.why == "slot" and (_still_named(v.source_word, c.arg)
                                                                     or _still_named(v.source_word, c.head)
                                                                     or _given_with(v, c)
                                                                     or _owner_kept(v, c, copy_links))):
                    found.append(v)
                else:
                    doubt = doubt or _silent(v, c, h, source_links)
        if found and not doubt:
            out.append(found[0])
    return out


def _message(s: Shift) -> str:
    d, h, x = s.copy.arg.text, s.copy.head.text, s.source_word.text
    if s.why == "reversed":
        return f"who did what to whom changed: the copy makes '{h}' belong to '{d}'; in the source '{h}' is '{d}'"
    if s.why == "flipped":
        if s.copy.role == DOER:
            return f"who did what to whom changed: '{d}' now does what '{h}' says; in the source it is done to '{d}'"
        return f"who did what to whom changed: '{d}' now undergoes what '{h}' says; in the source '{d}' does it"
    if s.copy.role == OWNER:
        return f"who did what to whom changed: the copy's '{h}' is '{d}''s; in the source it is '{x}''s"
    if s.copy.role not in _CORE | {RECIPIENT}:
        return (f"who did what to whom changed: the copy's '{h} {s.copy.role}' is '{d}'; "
                f"in the source it is '{x}'")
    what = "what" if s.copy.role == DONE_TO else "who"
    return (f"who did what to whom changed: '{d}' is now {what} '{h}' is about; "
            f"in the source it is '{x}'")


def _span(an: Analysis, a: Token, b: Token):
    first, last = (a, b) if a.i <= b.i else (b, a)
    return an.document.span(first.idx, last.idx + len(last.text))


def role_edits(src: Analysis, cpy: Analysis, toks_s: Sequence[Token], toks_c: Sequence[Token]) -> list[Edit]:
    """A medium meaning-shift for each link the copy makes that the source's parse contradicts."""
    kept = {_key(t) for t in toks_c}
    return [Edit("meaning-shift", _severity(s, kept), _span(src, s.source_head, s.source_word),
                 _span(cpy, s.copy.head, s.copy.arg), _message(s)) for s in shifts(toks_s, toks_c)]


_ARGUMENT_ARCS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "dative", "appos", "conj"})


def _severity(s: Shift, copy_words: set[str]) -> str:
    """Medium, but low for a slot whose source word the copy's sentence no longer has at all,
    filled with a word the source only has as a modifier: the copy took another word for it,
    as paraphrase does ("restart routes" / "restart services", the source's "service expansion"
    elsewhere: bench/data/rewrites 38). A word the source makes another verb's argument put in
    the slot is a swap ("seven games ... were investigated after Conrad was arrested" / "seven
    games were arrested": FALKE), and so are words that changed places ("sales have increased"
    / "checks increased": bench/data/rewrites 19)."""
    if s.why != "slot" or _key(s.source_word) in copy_words or s.placed is None or s.placed.dep_ in _ARGUMENT_ARCS:
        return "medium"
    return "low"


__all__ = ["Link", "Shift", "links", "role_edits", "shifts"]
