"""The cue lexicon: verbs and phrases that introduce attributed content.

Lemmas drive the dependency finders; the inflected forms feed the regular
expressions that look for a cue right next to a quotation, where the parse is
least reliable.
"""

from __future__ import annotations

import re

# Verbs that report speech or a claim and take a clause or a quotation.
SPEECH_LEMMAS = frozenset(
    """
    say tell add write argue warn echo show report note insist claim state explain
    announce declare assert contend maintain suggest acknowledge admit concede
    confirm deny allege reveal predict estimate conclude observe remark reply respond
    answer recall continue caution emphasize emphasise stress point complain testify
    tweet post disclose indicate find believe think say. agree disagree describe
    mention promise vow pledge urge ask recommend propose speculate posit counter
    lament boast acknowledge hint signal affirm reiterate repeat inform assure
    characterize characterise call describe quip joke accept recognise recognize
    accuse
    """.split()
) - {"say."}

# Verbs whose clause is usually a belief rather than a statement; accepted as
# cues only with an explicit subject and a clausal complement.
# "accept" and "recognise" ("Yet he accepts that it can be tough", for "G Money acknowledges
# that": bench/data/rewrites 12) as well
WEAK_LEMMAS = frozenset({"believe", "think", "find", "indicate", "suggest", "show", "agree", "disagree",
                         "accept", "recognise", "recognize"})

# Passive perception cues: "Y is seen by experts as Z".
PERCEPTION_LEMMAS = frozenset({"perceive", "see", "view", "regard", "consider", "deem", "describe", "characterize"})

# Relay cues: "A quoted B as saying ...", "A cited B".
RELAY_LEMMAS = frozenset({"quote", "cite"})

# Cues whose direct object is the channel ("told the Gazette").
CHANNEL_OBJECT_LEMMAS = frozenset({"tell", "inform", "assure"})

# Inflected cue forms that sit next to quotations: `"...," X said.`
_QUOTE_CUE_FORMS = """
said says say told tells added adds wrote writes argued argues warned warns noted notes
insisted insists claimed claims stated states explained explains continued continues
asked asks replied replies recalled recalls admitted admits acknowledged acknowledges
conceded concedes declared declares announced announces remarked remarks observed observes
responded responds answered answers cautioned cautions stressed stresses emphasized emphasizes
tweeted tweets posted posts predicted predicts concluded concludes suggested suggests
countered counters quipped quips joked jokes urged urges complained complains testified testifies
agreed agrees echoed echoes reiterated reiterates promised promises vowed vows
commented comments reported reports reads revealed reveals confirmed confirms maintained maintains
alleged alleges recounted recounts lamented laments boasted boasts demanded demands pleaded pleads
wondered wonders assured assures
""".split()

QUOTE_CUE_FORMS = frozenset(_QUOTE_CUE_FORMS)

_CUE_ALT = "|".join(sorted(QUOTE_CUE_FORMS, key=len, reverse=True))

# A source phrase next to a quote: a pronoun, a definite or indefinite
# description of up to six words, or a run of capitalised words (a name,
# possibly with a title or an apposition we do not try to parse here).
# A word of a name holds a full stop only as an initial ("George W. Bush", "J.K."), a dotted
# acronym ("U.S.") or an abbreviation: "... MP Boris Johnson. He said:" is two sentences
_ABBREVIATIONS = "Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Prof|Capt|Sgt|Mt|Ft|Inc|Co|Corp|Ltd|Bros"
_NAME_WORD = rf"(?:(?:[A-Z]\.)+(?![\w'’])|(?:{_ABBREVIATIONS})\.|[A-Z][\w'’\-]*)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|al|bin|la|le|du|da))*"
_PRONOUN = r"(?:he|she|they|it|we|I|He|She|They|It|We)\b"  # a word: not the "He" of "said Health Secretary"
_DESCR = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w'’\-]+\s+){0,5}?[\w'’\-]+"
SOURCE_RE = rf"(?:{_PRONOUN}|{_NAME}|{_DESCR})"

# After a closing quote: `," Lee said` / `," said Lee` / `" he added.`
AFTER_QUOTE_RE = re.compile(
    rf"[,.!?;:\s]*(?:(?P<src>{SOURCE_RE})(?P<app>,[^,\n\"“”]{{1,120}},)?\s+(?:also\s+|later\s+|then\s+)?(?P<cue>{_CUE_ALT})\b"
    rf"|(?P<cue2>{_CUE_ALT})\s+(?P<src2>{SOURCE_RE}))"
)

# Before an opening quote: `Lee said: "` / `Lee said, "` / `Lee told the Gazette: "`
BEFORE_QUOTE_RE = re.compile(
    rf"(?:^|[.!?\n]\s*|,[\"\u201d\u201c]?\s*)(?P<src>{SOURCE_RE})(?P<app>,[^,\n\"“”]{{1,120}},)?\s+(?:also\s+)?(?P<cue>{_CUE_ALT})"
    rf"(?:\s+(?:[\w'’\-]+\s+){{0,4}}?[\w'’\-]+)?\s*[:,]\s*$"
)

def source_span(m: re.Match, group: str = "src") -> tuple[int, int]:
    """The source of a cue pattern's match: a description with the name set beside it
    between commas ("the secretary of Pakistan's Young Doctors' Association, Salman Kazmi,
    told Reuters") is the name's too; any other aside ("Lee, who chairs the panel, said")
    is left out."""
    a, b = m.span(group)
    app = m.groupdict().get("app") if group == "src" else None
    if app and re.match(_DESCR, m.group(group)) and re.fullmatch(_NAME, app.strip(", ")):
        return a, m.end("app") - 1
    return a, b


# A lone "<source> <cue>." sentence: the tail of a quotation whose closing
# mark is missing (`... any of that. Lee said.`).
TRAILING_CUE_RE = re.compile(
    rf"(?:^|(?<=[.!?,])\s+)(?P<src>{_NAME}|{_PRONOUN}|{_DESCR})\s+(?:also\s+)?(?P<cue>{_CUE_ALT})\s*[.!?]?\s*$"
)
