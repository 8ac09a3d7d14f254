"""WordNet 3.0 read from Debian's ``wordnet-base`` files: are two words the same sense?

Drift asks one question of WordNet: is a word the copy put in place of the
source's word a synonym ("backs" / "supports", "centre" / "heart") or a word
that says something else ("superstar" / "viral")? Two lemmas are *related*
when they share a synset, or a synset of one is a direct hypernym, a
"similar to" adjective or a verb-group sibling of a synset of the other.

The index files map each lemma to its synsets; the data files give the
pointers. Both are read once per process (about a second) and only when first
needed. Without the package (``apt-get install wordnet-base``) :func:`wordnet`
returns None and callers fall back to what they did before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

WORDNET_DIR = Path("/usr/share/wordnet")
_FILES = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}  # file -> the pointers' part-of-speech letter
# pointer symbols kept: hypernym, instance hypernym, similar to, verb group, also see
_RELATED = frozenset({"@", "@i", "&", "$", "^"})


@dataclass(frozen=True, slots=True)
class WordNet:
    senses: dict[str, frozenset[str]]  # lemma ("find_out") -> synset keys ("v02154508")
    links: dict[str, frozenset[str]]  # synset key -> synsets one related pointer away
    persons: frozenset[str] = frozenset()  # nouns whose commonest sense is a person ("dj", "presenter")
    capital_rows: tuple[str, ...] = ()  # data.noun's lines of the national capitals (:func:`capitals`)
    places: dict[str, str] = field(default_factory=dict)  # name -> its first sense, a noun.location synset

    def one_place(self, a: str, b: str) -> bool:
        """Two names whose commonest sense is one place: "the UK" / "Britain", "US" / "America";
        not "Taiwan" / "China", which share only a lesser sense (WordNet's Republic of China)."""
        a, b = (re.sub(r"^the\s+", "", w.strip(), flags=re.IGNORECASE).lower().replace(" ", "_") for w in (a, b))
        return a in self.places and self.places[a] == self.places.get(b)

    def related(self, a: str, b: str) -> bool:
        """The two words (lemmas, any case, spaces or underscores) share or neighbour a sense.

        Senses that only share a hypernym do not count: "rise" / "fall" and "man" /
        "woman" are such siblings."""
        sa, sb = self._senses(a), self._senses(b)
        if not sa or not sb:
            return False
        if sa & sb:
            return True
        near_a = frozenset().union(*(self.links.get(s, frozenset()) for s in sa))
        if near_a & sb:
            return True
        near_b = frozenset().union(*(self.links.get(s, frozenset()) for s in sb))
        return bool(near_b & sa)

    def generalises(self, specific: str, general: str, depth: int = 2) -> bool:
        """A noun sense of ``general`` is a hypernym of one of ``specific``, at most ``depth``
        steps up: "carrier" of "airline", "official" of "minister". A more general word says
        less, not something else (bench/data/rewrites 65)."""
        goal = {s for s in self._senses(general) if s.startswith("n")}
        frontier = {s for s in self._senses(specific) if s.startswith("n")}
        seen = set(frontier)
        for _ in range(depth):
            if not goal or not frontier:
                return False
            frontier = {x for s in frontier for x in self.links.get(s, ()) if x.startswith("n")} - seen
            if frontier & goal:
                return True
            seen |= frontier
        return False

    def is_person(self, noun: str) -> bool:
        """The noun's first (commonest) WordNet sense is a person (lexicographer file
        noun.person): "dj", "presenter", "referee"; not "star" (a celestial body first)."""
        return noun.strip().lower().replace(" ", "_") in self.persons

    def known(self, word: str) -> bool:
        return bool(self._senses(word))

    def _senses(self, word: str) -> frozenset[str]:
        key = word.strip().lower().replace(" ", "_")
        # WordNet spells some compounds with a hyphen ("sci-fi"), others open ("home_grown")
        return (self.senses.get(key) or self.senses.get(key.replace("-", "_"))
                or self.senses.get(key.replace("-", ""), frozenset()))


@lru_cache(maxsize=1)
def word_families(root: Path = WORDNET_DIR) -> dict[str, frozenset[str]]:
    """Lemma -> the lemmas WordNet derives from or to it (pointer "+"): "servant" and
    "service" both hold "serve". Read apart from :func:`wordnet`, and only when first asked,
    as few callers need it (about a second)."""
    derived: dict[str, set[str]] = {}  # synset -> synsets of derivationally related words
    words: dict[str, list[str]] = {}  # synset -> its lemmas
    for pos, tag in _FILES.items():
        path = root / f"data.{pos}"
        if not path.is_file():
            return {}
        with open(path, encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                f = line.split(" | ", 1)[0].split()
                at = 4 + 2 * int(f[3], 16)
                words[tag + f[0]] = [w.lower().split("(", 1)[0] for w in f[4:at:2]]
                if "+" in f:
                    for k in range(int(f[at])):
                        sym, off, p = f[at + 1 + 4 * k: at + 4 + 4 * k]
                        if sym == "+":
                            derived.setdefault(tag + f[0], set()).add(("a" if p == "s" else p) + off)
    family: dict[str, set[str]] = {}
    for s, targets in derived.items():
        kin = {w for t in targets for w in words.get(t, ())}
        for w in words[s]:
            family.setdefault(w, set()).update(kin)
    return {k: frozenset(v) for k, v in family.items()}


def same_family(a: str, b: str) -> bool:
    """The two words are of one word family: one derives from the other, or both from a
    third ("servant" / "service" from "serve", "abolish" / "abolition"), and they are spelt
    from one root: the pointers join synsets, and "administration" shares one with
    "presidency", whence "president" (FALKE #137). False without WordNet."""
    fam = word_families()
    ka, kb = (w.strip().lower().replace(" ", "_") for w in (a, b))
    if ka[:FAMILY_ROOT] != kb[:FAMILY_ROOT]:
        return False
    fa, fb = fam.get(ka, frozenset()), fam.get(kb, frozenset())
    return kb in fa or ka in fb or bool(fa & fb)


FAMILY_ROOT = 3  # letters two words of one family begin with ("able" / "ability")


def wordnet(root: Path = WORDNET_DIR) -> WordNet | None:
    """The WordNet under ``root``, or None when its files are not installed; read once,
    whether ``root`` is given or left to its default."""
    return _wordnet_at(Path(root))


@lru_cache(maxsize=1)
def _wordnet_at(root: Path) -> WordNet | None:
    if not all((root / f"index.{p}").is_file() and (root / f"data.{p}").is_file() for p in _FILES):
        return None
    senses: dict[str, set[str]] = {}
    links: dict[str, frozenset[str]] = {}
    first: dict[str, str] = {}  # noun -> its first sense
    people: set[str] = set()  # noun.person synsets
    places: set[str] = set()  # noun.location synsets
    capital_rows: list[str] = []
    for pos, tag in _FILES.items():
        _read_index(root / f"index.{pos}", tag, senses, first if tag == "n" else None)
        _read_data(root / f"data.{pos}", tag, links, (people, places) if tag == "n" else None,
                   capital_rows if tag == "n" else None)
    persons = frozenset(w for w, s in first.items() if s in people)
    first_places = {w: s for w, s in first.items() if s in places}
    return WordNet({k: frozenset(v) for k, v in senses.items()}, links, persons, tuple(capital_rows), first_places)


_PERSON_FILE = "18"  # lexicographer file noun.person
# an instance of the synset "national_capital" (08691669), as data.noun writes the pointer
_CAPITAL_MARK = " @i 08691669 n "


def _read_index(path: Path, tag: str, senses: dict[str, set[str]], first: dict[str, str] | None) -> None:
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("  "):
                continue  # the licence header
            f = line.split()
            n_synsets, n_ptr = int(f[2]), int(f[3])
            offsets = f[4 + n_ptr + 2: 4 + n_ptr + 2 + n_synsets]
            senses.setdefault(f[0], set()).update(tag + o for o in offsets)
            if first is not None and offsets:  # senses are listed commonest first
                first[f[0]] = tag + offsets[0]


def _read_data(path: Path, tag: str, links: dict[str, frozenset[str]], kinds: tuple[set[str], set[str]] | None,
               capital_rows: list[str] | None = None) -> None:
    """Each synset's related pointers into ``links``; with ``kinds`` (people, places), the keys
    of the noun.person and noun.location synsets."""
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("  "):
                continue
            if capital_rows is not None and _CAPITAL_MARK in line:
                capital_rows.append(line)
            f = line.split(" | ", 1)[0].split()
            if kinds is not None and f[1] in (_PERSON_FILE, _LOCATION_FILE):
                kinds[f[1] == _LOCATION_FILE].add(tag + f[0])
            n_words = int(f[3], 16)
            at = 4 + 2 * n_words
            n_ptr = int(f[at])
            out = set()
            for k in range(n_ptr):
                sym, off, pos = f[at + 1 + 4 * k: at + 4 + 4 * k]
                if sym in _RELATED:
                    out.add(("a" if pos == "s" else pos) + off)
            if out:
                links[tag + f[0]] = frozenset(out)


_CAPITAL_GLOSS = re.compile(r"(?:the )?capital (?:city )?of (?:the )?(.+?)(?: in | on |;|,|$)")


@lru_cache(maxsize=1)
def capitals(root: Path = WORDNET_DIR) -> dict[str, frozenset[str]]:
    """Each national capital (lowercase) -> the names of its country, which news uses the capital
    for ("China hit back" / "Beijing struck back", bench/data/rewrites 69): the country WordNet
    holds it part of, and the one its gloss names ("capital of the United States"), with all
    that country's names ("US", "America"). Empty without WordNet."""
    wn = wordnet(root)
    if wn is None:
        return {}
    out: dict[str, frozenset[str]] = {}
    with open(root / "data.noun", encoding="latin-1") as fh:  # for the countries' lines, by offset
        for row in wn.capital_rows:
            head, gloss = row.split(" | ", 1)
            fields = head.split()
            names: set[str] = set()
            for sym, off in _pointers(fields):
                if sym == "#p":
                    names |= _words_at(fh, off)
            said = [m.group(1) for m in map(_CAPITAL_GLOSS.match, (gloss.strip().lower(), *_words(fields))) if m]
            for country in said:  # the gloss, or a name such as "capital_of_the_United_Kingdom"
                for key in wn.senses.get(country.replace(" ", "_"), ()):
                    names |= _words_at(fh, key[1:], only_places=True) if key.startswith("n") else set()
            for city in (w for w in _words(fields) if not w.startswith("capital of ")):
                out[city] = frozenset(names - {city})
    return out


def same_place(a: str, b: str) -> bool:
    """One name is a national capital and the other its country ("Beijing" / "China"), or both
    are names of one place ("the UK" / "Britain", bench/data/rewrites 94)."""
    a, b = a.strip().lower(), b.strip().lower()
    table = capitals()
    if b in table.get(a, ()) or a in table.get(b, ()):
        return True
    wn = wordnet()
    return wn is not None and wn.one_place(a, b)


def _words(fields: list[str]) -> set[str]:
    n = int(fields[3], 16)
    return {fields[4 + 2 * k].lower().replace("_", " ").split("(")[0] for k in range(n)}


def _pointers(fields: list[str]) -> list[tuple[str, str]]:
    at = 4 + 2 * int(fields[3], 16)
    return [(fields[at + 1 + 4 * k], fields[at + 2 + 4 * k]) for k in range(int(fields[at]))]


def _words_at(fh, offset: str, only_places: bool = False) -> set[str]:
    """The words of the noun synset at byte ``offset`` of data.noun (WordNet's offsets are byte
    offsets); with ``only_places``, none unless it is a place ("France", not Anatole France)."""
    fh.seek(int(offset))
    fields = fh.readline().split(" | ", 1)[0].split()
    return _words(fields) if not only_places or fields[1] == _LOCATION_FILE else set()


_LOCATION_FILE = "15"  # lexicographer file noun.location
