"""unspin's own article spinner, to make copies whose source is known.

Kinds (``spin(text, kind, rng)``):

- ``syn10`` ``syn20`` ``syn35`` ``syn50``: synonym substitution aimed at that share
  of all words. Synonyms: a hand list of news vocabulary plus the 1,600 one-word
  substitutions found inside ../shared/eval/tortured-phrases (a real spinner's
  output, CC BY 4.0). Where a word has no synonym the spinner moves on, so the
  achieved share can fall short of the target: the benchmark prints the share it
  measured.
- ``rtt``: round-trip-translation artifacts: articles dropped and added,
  "said" rendered as "stated/indicated/declared", contractions expanded, numbers
  and percentages rewritten, "the X of Y" genitive flips, plus 15% synonyms.
- ``reorder``: sentences shuffled within the article and 20% dropped, 10% synonyms.
- ``partial40`` ``partial60`` ``partial80``: a contiguous run of that share of the
  sentences, 10% synonyms.
- ``boiler``: 10% synonyms and boilerplate (share prompts, newsletter lines, ads) added.
- ``stitch``: the first half of one article and the second half of another,
  10% synonyms; ``stitch(a, b, rng)`` returns the copy and the copy ranges from each.

Offsets are not kept through spinning: the benchmark knows which source each
copied range came from by construction (stitch), not which words changed.
"""

from __future__ import annotations

import json
import os
import random
import re
from functools import lru_cache
from pathlib import Path

SHARED = Path(os.environ.get("UNSPIN_SHARED", Path(__file__).resolve().parents[2] / "shared"))

KINDS = ("syn10", "syn20", "syn35", "syn50", "rtt", "reorder", "partial40", "partial60", "partial80",
         "boiler", "stitch")

_HAND = """
said stated|declared|noted|remarked
says states|declares|notes|remarks
told informed
announced declared|revealed|unveiled
reported revealed|disclosed
government administration|authorities
president leader|head of state
minister secretary|official
officials authorities|representatives
company firm|business|enterprise
companies firms|businesses
people individuals|persons|folks
public community|populace
country nation|state
countries nations|states
city town|metropolis
big large|huge|massive
large big|sizable|substantial
small little|minor|modest
new novel|fresh|recent
old former|previous|aged
first initial|earliest
last final|previous
high elevated|tall
low reduced|minimal
important significant|crucial|vital
major significant|principal|key
help assist|aid|support
helped assisted|aided
make create|produce|generate
made created|produced|generated
show demonstrate|reveal|display
showed demonstrated|revealed|displayed
shows demonstrates|reveals|displays
use utilize|employ
used utilized|employed
using utilizing|employing
start begin|commence|launch
started began|commenced|launched
end finish|conclude
ended finished|concluded
increase rise|growth|boost
increased rose|grew|climbed
rise increase|growth|climb
fall decline|drop|decrease
fell declined|dropped|decreased
cut reduce|slash|lower
buy purchase|acquire
bought purchased|acquired
sell market|vend
sales revenues|deals
profit earnings|gains
profits earnings|gains
money funds|cash|capital
price cost|rate
prices costs|rates
market marketplace|sector
economy economic system
growth expansion|development
plan scheme|proposal|strategy
plans schemes|proposals|strategies
group team|organization|body
work labor|job|effort
job position|role|post
jobs positions|roles|posts
world globe|planet
year twelve months
years decades|seasons
week seven days
month period
time period|moment|occasion
game match|contest
games matches|contests
team squad|side
player athlete|competitor
players athletes|competitors
win victory|triumph
won triumphed|secured
lost misplaced|forfeited
film movie|picture
films movies|pictures
music songs|tunes
star celebrity|icon
best finest|top|greatest
good fine|great|decent
bad poor|awful|terrible
very extremely|highly|really
also additionally|moreover|likewise
but however|yet
because since|as
about regarding|concerning|approximately
many numerous|several|various
some several|certain|a few
most majority|greatest part
much considerably|significantly
get obtain|receive|acquire
got obtained|received
give provide|offer|grant
gave provided|offered|granted
take carry|seize
took carried|seized
think believe|consider
thought believed|considered
want wish|desire
wanted wished|desired
need require|demand
needs requires|demands
keep maintain|retain|preserve
find discover|locate
found discovered|located
call name|label
called named|labelled|termed
ask request|inquire
asked requested|inquired
try attempt|endeavor
tried attempted|endeavored
believe think|consider
hospital clinic|medical center
patients sufferers|cases
doctors physicians|medics
virus pathogen|bug
disease illness|sickness|ailment
death fatality|passing
deaths fatalities|casualties
died perished|passed away
health wellness|wellbeing
study research|investigation|analysis
studies investigations|analyses
researchers scientists|investigators
scientists researchers|experts
experts specialists|authorities
data information|figures
evidence proof|indication
results findings|outcomes
case instance|incident
cases instances|incidents
test examination|trial
tests examinations|trials
vaccine inoculation|immunization
treatment therapy|remedy
drug medication|medicine
drugs medications|medicines
risk danger|hazard
state condition|status
number amount|figure|quantity
percent per cent|percentage points
police law enforcement|officers
court tribunal
law legislation|statute
rules regulations|guidelines
election vote|poll
party faction|camp
leader chief|head
member participant
members participants
spokesman representative|spokesperson
spokeswoman representative|spokesperson
recent latest|current
recently lately|newly
early premature|initial
later subsequently|afterwards
now currently|presently
today nowadays|this day
still nonetheless|yet
already previously|by now
expected anticipated|predicted
likely probable|expected
possible feasible|potential
clear obvious|evident
concern worry|issue
concerns worries|issues
problem issue|difficulty
problems issues|difficulties
issue problem|matter
change alter|modify
changes alterations|modifications
move step|shift
decision choice|ruling
report account|statement
reports accounts|statements
news information|reports
statement declaration|announcement
interview conversation|discussion
support backing|endorsement
deal agreement|arrangement
talks negotiations|discussions
meeting gathering|session
business commerce|trade
industry sector|trade
service provision|assistance
services provisions|offerings
system framework|arrangement
technology tech|innovation
phone telephone|handset
internet web|net
computer machine|PC
users clients|consumers
online on the web|internet based
site website|page
million mn
billion bn
with alongside|along with
after following|subsequent to
before prior to|ahead of
more additional|extra|further
over more than|above
under beneath|below
against versus|opposed to
between amid|among
during throughout|amid
while whilst|whereas
which that
including such as|counting
added included|stated further
could might|may
should ought to|must
may might|could
must have to|need to
will shall|is going to
would could|might
there here
US United States|America
UK Britain|United Kingdom
but yet|however
and as well as|plus
has possesses|holds
have possess|hold
had possessed|held
was remained|turned out to be
were remained|turned out to be
is remains|stands as
are remain|stand as
been turned out
this that|the present
it this|that
its their|the
their its|the
who that|which
for intended for|regarding
from out of|coming from
on upon|regarding
in within|inside
at in|by
by via|through
to towards|for
of belonging to|from
an one|a single
a one|a single
not never|no longer
than compared to|versus
would could|might
if whether|in case
when as|once
so therefore|thus
up upward|higher
out outside|away
next following|subsequent
last previous|latest
two a couple of|a pair of
three a trio of
"""


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in _HAND.strip().splitlines():
        word, alts = line.split(" ", 1)
        table.setdefault(word, []).extend(a.strip() for a in alts.split("|") if a.strip())
    path = SHARED / "eval" / "tortured-phrases" / "tortured-phrases.json"
    try:
        for p in json.loads(path.read_text(encoding="utf-8"))["phrases"]:
            a, b = p["correct"].lower().split(), p["tortured"].lower().split()
            if len(a) == len(b):
                diff = [(x, y) for x, y in zip(a, b) if x != y]
                if len(diff) == 1 and diff[0][0].isalpha() and len(diff[0][0]) > 2:
                    alts = table.setdefault(diff[0][0], [])
                    if diff[0][1] not in alts:
                        alts.append(diff[0][1])
    except (OSError, ValueError, KeyError):
        pass
    return table


_TOKEN = re.compile(r"[A-Za-z]+|[^A-Za-z]+")
_SENT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”']))\s+(?=[A-Z\"“])|\n+")


def case_like(src: str, new: str) -> str:
    """``new`` in the case of ``src`` (all capitals, capitalised or as it is)."""
    if src.isupper() and len(src) > 1:
        return new.upper()
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def substitute(text: str, rate: float, rng: random.Random) -> tuple[str, float]:
    """Replace about ``rate`` of all words with synonyms; returns (text, share of words changed)."""
    table = synonyms()
    toks = _TOKEN.findall(text)
    word_idx = [i for i, t in enumerate(toks) if t[0].isalpha()]
    cand = [i for i in word_idx if toks[i].lower() in table]
    rng.shuffle(cand)
    want = int(round(rate * len(word_idx)))
    changed = 0
    for i in cand[:want]:
        toks[i] = case_like(toks[i], rng.choice(table[toks[i].lower()]))
        changed += 1
    return "".join(toks), changed / max(1, len(word_idx))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s and s.strip()]


_RTT_SAID = ["stated", "indicated", "declared", "expressed", "manifested"]


def round_trip(text: str, rng: random.Random) -> str:
    text, _ = substitute(text, 0.15, rng)
    contractions = {"don't": "do not", "can't": "cannot", "won't": "will not", "it's": "it is",
                    "didn't": "did not", "isn't": "is not", "doesn't": "does not", "we're": "we are",
                    "they're": "they are", "I'm": "I am", "wasn't": "was not", "aren't": "are not"}
    for a, b in contractions.items():
        text = re.sub(rf"\b{re.escape(a)}\b", b, text)
    text = re.sub(r"\bsaid\b", lambda m: rng.choice(_RTT_SAID), text)
    text = re.sub(r"(\d+(?:\.\d+)?)%", lambda m: m.group(1).replace(".", ",") + " percent", text)
    text = re.sub(r"(\d),(\d{3})", r"\1.\2", text)
    # "the X of Y" <-> "Y's X" and article noise, as machine translation leaves them
    text = re.sub(r"\b([A-Z][a-z]+)'s ([a-z]+)\b", r"the \2 of \1", text)
    out = []
    for tok in re.split(r"(\s+)", text):
        low = tok.lower()
        if low in ("the", "a", "an") and rng.random() < 0.25:
            continue
        if tok and tok[0].isalpha() and tok.islower() and rng.random() < 0.03:
            out.append("the ")
        out.append(tok)
    text = "".join(out)
    return re.sub(r"[ \t]{2,}", " ", text)


BOILERPLATE = [
    "Share this article on Facebook Twitter WhatsApp Email",
    "Sign up for our daily newsletter to get the latest news delivered to your inbox.",
    "ADVERTISEMENT",
    "Click here to read more stories like this.",
    "Copyright 2020. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on Instagram and Telegram for breaking news updates.",
    "Related: Top stories you may have missed this week",
]


def spin(text: str, kind: str, rng: random.Random) -> str:
    if kind.startswith("syn"):
        return substitute(text, int(kind[3:]) / 100, rng)[0]
    if kind == "rtt":
        return round_trip(text, rng)
    if kind == "reorder":
        sents = sentences(substitute(text, 0.10, rng)[0])
        keep = [s for s in sents if rng.random() >= 0.2] or sents
        rng.shuffle(keep)
        return " ".join(keep)
    if kind.startswith("partial"):
        share = int(kind[7:]) / 100
        sents = sentences(text)
        n = max(1, round(share * len(sents)))
        start = rng.randint(0, len(sents) - n)
        return substitute(" ".join(sents[start:start + n]), 0.10, rng)[0]
    if kind == "boiler":
        body = substitute(text, 0.10, rng)[0]
        head = rng.sample(BOILERPLATE, 2)
        tail = rng.sample(BOILERPLATE, 3)
        return "\n\n".join([*head, body, *tail])
    raise ValueError(f"unknown kind {kind!r}")


def stitch(a: str, b: str, rng: random.Random) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """First half of a, second half of b, lightly spun: (copy, ranges from a, ranges from b)."""
    sa, sb = sentences(a), sentences(b)
    part_a = substitute(" ".join(sa[: max(1, len(sa) // 2)]), 0.10, rng)[0]
    part_b = substitute(" ".join(sb[len(sb) // 2:]), 0.10, rng)[0]
    copy = part_a + "\n\n" + part_b
    return copy, [(0, len(part_a))], [(len(part_a) + 2, len(copy))]


if __name__ == "__main__":  # demo: python -m bench.spinner FILE KIND
    import sys

    src = Path(sys.argv[1]).read_text(encoding="utf-8")
    print(spin(src, sys.argv[2] if len(sys.argv) > 2 else "syn20", random.Random(0)))
