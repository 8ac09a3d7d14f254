"""Named entities with one canonical name per entity.

An acronym defined in the text ("the Centre for Maritime Studies (CMS)")
takes its definition as canonical name, and a bare surname or a shorter form
of a person's name takes the fullest name the text gives for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import gender_guesser.detector
from spacy.tokens import Doc

from unspin.model import Document, Entity, Span

_WORD = r"(?:[A-Z][\w'’.\-]*|of|for|the|and|on|in|&|de|du|des|la|le)"
_DEFINITION = re.compile(rf"({_WORD}(?:[ \t]+{_WORD})*)[ \t]*\(\s*([A-Z][A-Za-z&.]*[A-Z])\s*\)")
_LEADING_DET = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SMALL = frozenset({"of", "for", "the", "and", "on", "in", "&", "de", "du", "des", "la", "le"})
# Heads that many organisations share: "the University" alone names none of them.
_GENERIC_ORG_WORDS = frozenset(
    "university college school institute department ministry agency board council committee party "
    "company group court office service association union commission bank police army".split()
)
# the words that end a company's name: a legal suffix or an industry word
_COMPANY_END = (r"(?:Inc|Corp|Corporation|Co|Ltd|plc|PLC|LLC|Holdings|AG|SA|NV|Therapeutics|Pharmaceuticals|"
                r"Biosciences|Biotech|Airlines|Motors|Technologies)")
_CORPORATE_SUFFIX = re.compile(rf"\s{_COMPANY_END}\.?$")
# a company's name by the word that ends it, for names the tagger missed (not "Co", "SA": too short to trust alone)
_COMPANY = re.compile(
    r"\b[A-Z][\w&-]+(?: [A-Z][\w&-]+){0,2} (?:Therapeutics|Pharmaceuticals|Biosciences|Biotech|Airlines|"
    r"Motors|Technologies|Holdings|Inc|Corp|Corporation|Ltd|plc|LLC)\b"
)
# Titles are not part of a person's name ("Mr Blair" is Blair); "Lord X" is a name in British usage.
_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Rev|Reverend)\.?\s+(?=[A-Z])")
_CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December".split()
)
_GIVEN = gender_guesser.detector.Detector()
# party words the tagger runs into a name ("Tory Dominic Grieve" is Dominic Grieve)
_PARTY_WORDS = frozenset("tory labour conservative democrat republican liberal".split())
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT"})


def clean_name(text: str) -> str:
    """A mention as a name: no leading article, no possessive, no line breaks."""
    text = " ".join(text.split())
    text = text.split(" (")[0]
    text = _LEADING_DET.sub("", text)
    return _POSSESSIVE.sub("", text).strip(" ,.;:()")


def person_name(text: str) -> str:
    """A person mention as a name: :func:`clean_name` without a leading title."""
    return _TITLE.sub("", clean_name(text))


def _key(word: str) -> str:
    """A surname as a lookup key: typographic apostrophes vary within one article, and an
    Arabic surname's article is written joined or apart ("al-Thani" / "Al Thani")."""
    return _ARTICLE.sub("", word.replace("\u2019", "'").replace("\u2018", "'").lower())


_ARTICLE = re.compile(r"^(?:al|el)[- ]")


def _full_name_ending(name: str, full_names: list[str]) -> str | None:
    tail = " " + _key(name)
    for full in full_names:
        if _key(full).endswith(tail):
            return full
    return None


def _company_named(name: str, org_names: list[str]) -> str | None:
    """The one company the text names in full with ``name`` as its first words and a legal
    suffix: "Delta" for "Delta Air Lines Inc", "Kraft" for "Kraft Foods Corp"."""
    words = name.split()
    fits = {full for full in org_names
            if full.split()[:len(words)] == words and len(full.split()) > len(words)
            and _CORPORATE_SUFFIX.search(full)}
    return fits.pop() if len(fits) == 1 else None


def _expand_by_initials(entities: list[Entity], org_names: list[str]) -> None:
    """An acronym with no "(FDA)" definition takes the one organisation named in the text
    whose capitalised words it spells ("FDA" for "Food and Drug Administration")."""
    by_initials: dict[str, set[str]] = {}
    for name in org_names:
        words = _LEADING_DET.sub("", name).split()
        # an all-capitals word gives all its letters: "UK Independence Party" is UKIP
        initials = "".join(w if w.isupper() and w.isalpha() else w[0] for w in words if w[0].isupper())
        if len(initials) >= 2:
            by_initials.setdefault(initials, set()).add(name)
    for e in entities:
        if e.label == "ORG" and e.canonical == e.span.text and e.canonical.isupper() and 2 <= len(e.canonical) <= 6:
            names = by_initials.get(e.canonical.replace(".", ""), set())
            if len(names) == 1:
                e.canonical = next(iter(names))


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronym -> definition, for every "Definition Words (ACR)" in the text."""
    defs: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        words, acr = m.group(1).split(), m.group(2)
        letters = acr.replace(".", "").replace("&", "").upper()
        # the shortest run of words ending before the bracket whose initials
        # (with or without the small words) spell the acronym
        for k in range(1, min(len(words), 12) + 1):
            tail = words[-k:]
            if tail[0].lower() in _SMALL:
                continue
            caps = "".join(w[0] for w in tail if w.lower() not in _SMALL).upper()
            every = "".join(w[0] for w in tail).upper()
            # a hyphenated word gives each part's letter: "World Anti-Doping Agency" (WADA)
            parts = "".join(p[0] for w in tail if w.lower() not in _SMALL for p in w.split("-") if p).upper()
            if letters in (caps, every, parts):
                defs.setdefault(acr, " ".join(tail))
                break
    return defs


@dataclass(slots=True)
class _Mention:
    """A tagger entity with the repairs below: its offsets and label."""
    start_char: int
    end_char: int
    label_: str
    text: str


def _looks_like_person(name: str) -> bool:
    """Two capitalised words, the first a given name gender-guesser knows for sure and the
    second no word organisations end with."""
    words = name.split()
    if len(words) != 2 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    if words[1].lower() in _GENERIC_ORG_WORDS or _COMPANY.search(name):
        return False
    return _GIVEN.get_gender(words[0]) in ("male", "female")


# A peer's title the tagger leaves out of a one-word name: "Lord X" is how British usage names
# a peer (speakers-dev README), where "Mr X" is X
_PEERAGE_BEFORE = re.compile(r"\b(?:Lord|Lady|Baroness|Baron)[ \t]+$")
_FIRM_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,4}?(?:firm|company|group|giant|maker|manufacturer|"
                              r"retailer|bank|lender|carrier|airline|chain|operator|provider|producer|insurer|charity)\b")
_COUNSEL = re.compile(r" [QK]C$")  # a barrister's rank after the name: a title, not a name's word
_PEERAGE = re.compile(r"^(?:Lord|Lady|Baroness|Baron)\s")


def _repaired(sdoc: Doc) -> list[_Mention]:
    """The tagger's entities with misreadings repaired: a mention opening with a personal
    title is a person ("Mr Hague" tagged a place), a party's name alone is not ("Labour's
    new posters"), and a person's name cut before its last word or run into a party word
    before it ("Tory Dominic | Grieve") is the whole name."""
    text = sdoc.text
    out = []
    for ent in sdoc.ents:
        start, end, label = ent.start_char, ent.end_char, ent.label_
        if label in NAME_LABELS and _TITLE.match(text[start:end]) and label != "PERSON":
            label = "PERSON"
        if label in NAME_LABELS and _COUNSEL.search(text, start, end) and " " in text[start:end - 3].strip():
            label, end = "PERSON", end - 3  # "Philippe Sands QC" tagged an organisation; QC is a title
        if label == "ORG" and " " not in text[start:end] and ent.start > 0:
            prev = sdoc[ent.start - 1]  # "Superintendent Austin | Beutner": the given name left out
            if not prev.ent_type_ and prev.idx + len(prev.text) + 1 == start and _looks_like_person(f"{prev.text} {text[start:end]}"):
                start = prev.idx
        if label == "ORG" and ent.start >= 2 and _titled_preposition_before(sdoc, ent.start):
            start = sdoc[ent.start - 2].idx  # "Doctors Without | Borders": the name's head left out
        if label == "ORG" and _looks_like_person(text[start:end]):
            label = "PERSON"  # "Caroline Seguin" tagged an organisation
        if label == "PERSON" and text[start:end].lower() in _PARTY_WORDS:
            label = "ORG"  # "Labour's new posters": a party's name alone is no person
        if label == "PERSON" and ent.end < len(sdoc):
            nxt = sdoc[ent.end]
            if (nxt.tag_ == "NNP" and not nxt.ent_type_ and nxt.idx == end + 1 and nxt.text[:1].isupper()
                    and nxt.text.isalpha() and nxt.text not in _CALENDAR):
                end = nxt.idx + len(nxt.text)
        if label == "PERSON" and _FIRM_APPOSITION.match(text, end):
            label = "ORG"  # "Cairn Energy, a UK oil firm,": the apposition says what it is
        peer = _PEERAGE_BEFORE.search(text, 0, start) if label == "PERSON" and " " not in text[start:end] else None
        if peer is not None:
            start = peer.start()  # "Lord | Goldsmith": a peer's name
        words = text[start:end].split(" ")
        if label == "PERSON" and len(words) >= 3 and words[0].lower() in _PARTY_WORDS:
            start += len(words[0]) + 1
        out.append(_Mention(start, end, label, text[start:end]))
    return _joined_institutions(text, sorted(out + _missed_people(sdoc), key=lambda m: m.start_char))


def _titled_preposition_before(sdoc: Doc, i: int) -> bool:
    """A capitalised preposition and a capitalised noun before token ``i``, inside a sentence:
    "Doctors Without Borders", "Mothers Against Drunk Driving" (bench/data/rewrites 64)."""
    prep, noun = sdoc[i - 1], sdoc[i - 2]
    return (prep.tag_ == "IN" and prep.text.istitle() and noun.text.istitle() and noun.pos_ in ("NOUN", "PROPN")
            and not noun.ent_type_ and not noun.is_sent_start and not prep.is_sent_start
            and sdoc[i].idx == prep.idx + len(prep.text) + 1 and prep.idx == noun.idx + len(noun.text) + 1)


def _missed_people(sdoc: Doc) -> list[_Mention]:
    """A given name and a surname the tagger left untagged ("Los Angeles Unified Superintendent
    Austin Beutner warned"): a person, where the name is one gender-guesser knows for sure."""
    out = []
    for a, b in zip(sdoc, sdoc[1:]):
        if (a.ent_type_ or b.ent_type_ or a.pos_ != "PROPN" or b.pos_ != "PROPN" or a.text in _CALENDAR
                or b.text in _CALENDAR or b.idx != a.idx + len(a.text) + 1):
            continue
        if _looks_like_person(f"{a.text} {b.text}") and not (b.i + 1 < len(sdoc) and sdoc[b.i + 1].pos_ == "PROPN"):
            out.append(_Mention(a.idx, b.idx + len(b.text), "PERSON", f"{a.text} {b.text}"))
    return out


# the head of an institution's name that a "for" or "of" name continues: "Center | for the Study of X"
_INSTITUTION_HEADS = _GENERIC_ORG_WORDS | frozenset("center centre foundation society academy bureau".split())
_CONTINUES = re.compile(r"[ \t]+(?:for|of|on)[ \t]+(?:the[ \t]+)?$")


def _joined_institutions(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """An organisation the tagger cut in two at the "for" or "of" that continues its name
    ("UCLA's Center | for the Study of Latino Health and Culture") is one."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.label_ == "ORG" and m.label_ == "ORG"
                and prev.text.split()[-1].lower() in _INSTITUTION_HEADS):
            gap = text[prev.end_char:m.start_char]
            lead = _LEADING_DET.match(m.text)
            if _CONTINUES.fullmatch(gap) or (lead and _CONTINUES.fullmatch(gap + lead.group())):
                out[-1] = _Mention(prev.start_char, m.end_char, "ORG", text[prev.start_char:m.end_char])
                continue
        out.append(m)
    return out


def find_entities(sdoc: Doc, document: Document) -> list[Entity]:
    text = document.text
    acronyms = acronym_definitions(text)
    ents = _repaired(sdoc)
    bracketed = _bracketed_names(sdoc, acronyms, ents)
    first_full: dict[str, str] = {}
    given_first: dict[str, str] = {}  # "Wang" -> "Wang Yi": names written surname first
    for ent in ents:
        if ent.label_ == "PERSON":
            parts = person_name(ent.text).split()
            if len(parts) >= 2 and (_key(parts[-1]) not in first_full or _PEERAGE.match(first_full[_key(parts[-1])])):
                # a given name is fuller than a peer's title: "Lord Butler" is Robin Butler when both are written
                first_full[_key(parts[-1])] = " ".join(parts)
                given_first.setdefault(_key(parts[0]), " ".join(parts))
    full_names = sorted({" ".join(person_name(e.text).split()) for e in ents if e.label_ == "PERSON"})
    org_names = sorted({clean_name(e.text) for e in ents if e.label_ == "ORG" and " " in clean_name(e.text)})
    # surnames refer back to the latest full name they match, in document order
    by_surname: dict[str, str] = {}
    out: list[Entity] = []
    for ent in ents:
        start, end = ent.start_char, ent.end_char
        paren = text.find(" (", start, end)
        if paren >= 0:  # "The World Health Organization (WHO": the name ends at the bracket
            end = paren
        name = person_name(text[start:end]) if ent.label_ == "PERSON" else clean_name(text[start:end])
        canonical = name
        if name in acronyms:
            canonical = acronyms[name]
        elif ent.label_ in NAME_LABELS:
            parts = name.split()
            if ent.label_ == "PERSON" and len(parts) == 2 and _ARTICLE.match(name.lower()):
                parts = [name]  # "Al Thani": a surname, written apart
            if len(parts) >= 2 and ent.label_ == "PERSON" and _PEERAGE.match(name):
                canonical = first_full.get(_key(parts[-1]), name)  # "Lord Butler" of a text naming Robin Butler
            elif len(parts) >= 2 and ent.label_ == "PERSON":
                by_surname[_key(parts[-1])] = name
            elif len(parts) == 1:
                canonical = by_surname.get(_key(name)) or first_full.get(_key(name)) or given_first.get(_key(name)) or name
            elif len(parts) == 2 and ent.label_ != "PERSON":
                # a two-word surname the tagger misread ("De Blasio" after "Bill de Blasio")
                canonical = _full_name_ending(name, full_names) or name
            if ent.label_ == "ORG" and canonical == name and name.split()[-1].lower() not in _GENERIC_ORG_WORDS \
                    and not (name.isupper() and " " not in name):  # "UKIP" is no short form of "London UKIP"
                # a short form of an organisation named in full ("the Courier" for "the Marrowby Courier")
                canonical = _full_name_ending(name, org_names) or _company_named(name, org_names) or name
        label = "ORG" if name in bracketed else ent.label_
        out.append(Entity(Span.of(text, start, end), label, canonical or name))
    _expand_by_initials(out, org_names)
    out.extend(Entity(Span.of(text, *span), "ORG", acronyms[acr]) for acr, span in bracketed.items())
    if acronyms:
        # acronym mentions the tagger missed still name their entity
        taken = [(e.span.start, e.span.end) for e in out]
        pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in acronyms) + r")\b")
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(Entity(Span.of(text, m.start(), m.end()), "ORG", acronyms[m.group(1)]))
    out.sort(key=lambda e: e.span.start)
    _add_missed_companies(text, out)
    return out


def _bracketed_names(sdoc: Doc, acronyms: dict[str, str], mentions: list[_Mention]) -> dict[str, tuple[int, int]]:
    """Names the tagger missed that an acronym in brackets follows, though the acronym is not
    their initials (another language's: "Doctors Without Borders (MSF)"): acronym -> the
    name's (start, end), each added to ``acronyms`` so that the acronym names it wherever it
    stands ("MSF said")."""
    found: dict[str, tuple[int, int]] = {}
    for i, tok in enumerate(sdoc[:-2]):
        acr = sdoc[i + 1].text
        if tok.text != "(" or sdoc[i + 2].text != ")" or acr in acronyms or not re.fullmatch(r"[A-Z]{2,6}", acr):
            continue
        run = _capitalised_run_before(sdoc, i)
        if run is None or any(m.start_char < run[1] and run[0] < m.end_char for m in mentions) or any(
                a < run[1] and run[0] < b for a, b in found.values()):
            continue
        acronyms[acr] = sdoc.text[run[0]:run[1]]
        found[acr] = run
    return found


_LINKS = ("ADP", "CCONJ", "DET")  # "Without", "and", "the" inside a name


def _capitalised_run_before(sdoc: Doc, i: int) -> tuple[int, int] | None:
    """The capitalised words right before token ``i`` (with prepositions, "and" and "the" among
    them, not at their edges), none a date, person or place, at least three words: (start, end)
    characters."""
    j = i
    while j > 0:
        t = sdoc[j - 1]
        small = t.lower_ in _SMALL and t.pos_ in _LINKS
        if not (t.text[:1].isupper() or small) or t.ent_type_ not in ("", "ORG") or t.pos_ not in ("PROPN", "NOUN", "ADJ") + _LINKS:
            break
        j -= 1
    while j < i and sdoc[j].pos_ in _LINKS:
        j += 1
    if i - j < 3 or sdoc[i - 1].pos_ in _LINKS:
        return None
    if j >= 2 and sdoc[j - 1].text == "," and sdoc[j - 2].text[:1].isupper():
        return None  # "State Administration of Radio, Film and Television (SARFT)": only its tail
    if sdoc[j].pos_ != "PROPN" and any(not t.text[:1].isupper() for t in sdoc[j:i]):
        return None  # "Officials of the Ministry (MOH)": a noun in front of a lowercase link is a description
    return sdoc[j].idx, sdoc[i - 1].idx + len(sdoc[i - 1].text)


def _add_missed_companies(text: str, out: list[Entity]) -> None:
    """Companies the tagger missed, by the word that ends a company's name ("Sorrento
    Therapeutics"), and the short form of each ("Sorrento said") where it stands alone."""
    taken = [(e.span.start, e.span.end) for e in out]
    added: list[Entity] = []
    for m in _COMPANY.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            added.append(Entity(Span.of(text, m.start(), m.end()), "ORG", m.group(0)))
    fulls = {e.canonical for e in added}
    for full in fulls:
        short = full.rsplit(" ", 1)[0]
        if len({f for f in fulls if f.startswith(short + " ")}) != 1:
            continue
        for m in re.finditer(rf"\b{re.escape(short)}\b(?! [A-Z])", text):
            spans = taken + [(e.span.start, e.span.end) for e in added]
            if not any(a < m.end() and m.start() < b for a, b in spans):
                added.append(Entity(Span.of(text, m.start(), m.end()), "ORG", full))
    if added:
        out.extend(added)
        out.sort(key=lambda e: e.span.start)
