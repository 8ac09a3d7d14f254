"""`pronoun-mismatch`: "He said" right after a quotation by a speaker whose first
name is clearly female (or "She said" after a clearly male one).

The speaker comes from the attributions passed in (the latest one ending before
the pronoun's sentence); without attributions, from the person who is subject
of a speech verb in the previous sentence. First-name genders come from the
gender-guesser name dictionary; only unambiguous names count.
"""

from __future__ import annotations

from spacy.tokens import Doc

from unspin.model import Attribution, Document, Entity, SpinEvidence
from unspin.spin._util import evidence
from unspin.spin.lexicon import first_name_gender

KIND = "pronoun-mismatch"
_CUE_LEMMAS = frozenset(
    "say add tell explain note argue stress warn insist claim continue conclude write believe think "
    "suggest point emphasise emphasize acknowledge admit predict reply respond".split()
)
_PRONOUN_GENDER = {"he": "male", "she": "female"}


def _full_name(name: str, entities: list[Entity]) -> str:
    if len(name.split()) >= 2:
        return name
    for e in entities:
        if e.label == "PERSON" and e.canonical.split() and e.canonical.split()[-1] == name:
            return e.canonical
    return name


def _previous_speaker(sent_ents: list[list], idx: int, entities: list[Entity]) -> str | None:
    if idx == 0:
        return None
    # the latest person who is subject of a speech verb, within the three sentences before
    for ents in reversed(sent_ents[max(0, idx - 3) : idx]):
        for e in reversed(ents):
            root = e.root
            if e.label_ == "PERSON" and root.dep_ == "nsubj" and root.head.lemma_.lower() in _CUE_LEMMAS:
                return _full_name(e.text, entities)
        if any(e.label_ == "PERSON" for e in ents):
            return None  # someone else was named in between
    return None


def _entities_by_sentence(sdoc: Doc, sents: list) -> list[list]:
    """The named entities of each sentence, in order, from one pass over the document's."""
    import bisect

    starts = [s.start for s in sents]
    out: list[list] = [[] for _ in sents]
    for e in sdoc.ents:
        i = bisect.bisect_right(starts, e.start) - 1
        if i >= 0 and e.end <= sents[i].end:
            out[i].append(e)
    return out


def _attribution_end(a: Attribution) -> int:
    return max(a.content.end, a.cue.end if a.cue else 0)


def _latest_before(named: list[Attribution], ends: list[int], pos: int) -> Attribution | None:
    """The attribution ending last at or before ``pos`` (``named`` sorted by that end)."""
    import bisect

    i = bisect.bisect_right(ends, pos)
    return named[i - 1] if i else None


def find_pronoun_mismatches(
    sdoc: Doc, document: Document, entities: list[Entity], attributions: list[Attribution]
) -> list[SpinEvidence]:
    out: list[SpinEvidence] = []
    sents = list(sdoc.sents)  # once: every lookup below is by index (a long text has many)
    sent_ents = _entities_by_sentence(sdoc, sents)  # Span.ents scans the whole document each time
    named = sorted((a for a in attributions if a.speaker.name), key=_attribution_end)
    ends = [_attribution_end(a) for a in named]
    for idx, sent in enumerate(sents):
        first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
        if first is None or first.lower_ not in _PRONOUN_GENDER or first.dep_ != "nsubj":
            continue
        verb = first.head
        if verb.lemma_.lower() not in _CUE_LEMMAS:
            continue
        speaker: str | None = None
        latest = _latest_before(named, ends, first.idx)
        # only the statement just before this sentence counts
        if latest is not None and first.idx - _attribution_end(latest) < 200:
            speaker = _full_name(latest.speaker.name, entities)  # type: ignore[arg-type]
        if speaker is None:
            speaker = _previous_speaker(sent_ents, idx, entities)
        if not speaker:
            continue
        gender = first_name_gender(speaker)
        expected = _PRONOUN_GENDER[first.lower_]
        if gender is None or gender == expected:
            continue
        # any other person named just before (of the pronoun's gender, or of unknown gender)
        # could be the pronoun's referent
        surname = speaker.split()[-1]
        if any(
            e.label_ == "PERSON"
            and surname not in e.text
            and first_name_gender(_full_name(e.text, entities)) != gender
            for ents in sent_ents[max(0, idx - 4) : idx]
            for e in ents
        ):
            continue
        start, end = first.idx, verb.idx + len(verb.text) if verb.i == first.i + 1 else first.idx + len(first.text)
        out.append(
            evidence(
                document,
                start,
                end,
                KIND,
                f"'{first.text}' for the speaker just quoted, {speaker}, whose first name is {gender}",
            )
        )
    return out
