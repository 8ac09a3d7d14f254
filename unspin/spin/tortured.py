"""`tortured-phrase`: known synonym-spinner substitutions for fixed English phrases.

The list (tortured_phrases.tsv beside this file, "tortured<TAB>expected") is a
small hand-curated set of general and news vocabulary; matching is on whole
words, case-insensitive.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from unspin.model import Document, SpinEvidence
from unspin.spin._util import evidence

KIND = "tortured-phrase"


@lru_cache(maxsize=1)
def tortured_phrases() -> dict[str, str]:
    table: dict[str, str] = {}
    data = resources.files("unspin.spin").joinpath("tortured_phrases.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tortured, _, correct = line.partition("\t")
        table[" ".join(tortured.lower().split())] = correct.strip()
    return table


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    phrases = sorted(tortured_phrases(), key=len, reverse=True)
    alts = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


def find_tortured_phrases(document: Document) -> list[SpinEvidence]:
    table = tortured_phrases()
    out: list[SpinEvidence] = []
    for m in _pattern().finditer(document.text):
        key = " ".join(m.group(0).lower().split())
        out.append(
            evidence(document, m.start(), m.end(), KIND, f"'{m.group(0)}' is a spinner's rewording of '{table[key]}'")
        )
    return out
