"""Reading PolNeAR (brat standoff) from ../shared/eval/polnear.

Follows the caveats in that folder's README.txt: about 15% of spans are
discontinuous (``start end;start end`` fragments) and their surface text may
hold newlines that break one annotation over several physical lines, so we
parse only lines that start with ``T<n>``/``E<n>`` and always take the text
from the offsets, never from the .ann surface text.

One annotation file per article: when an article has several annotators we
take the lexicographically first .ann file name (i.e. the smallest annotator
id), so every run scores against the same gold.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ROOT = Path(os.environ.get("UNSPIN_POLNEAR", Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear"))

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")

Frags = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class GoldAttribution:
    content: Frags
    cue: Frags | None = None
    source: Frags | None = None


@dataclass(slots=True)
class Article:
    name: str
    text: str
    ann_file: str = ""
    attributions: list[GoldAttribution] = field(default_factory=list)


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Attributions of one .ann file; spans as sorted (start, end) fragments."""
    spans: dict[str, Frags] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            frags = tuple(sorted(tuple(int(x) for x in f.split()) for f in m.group(3).split(";")))
            spans[m.group(1)] = frags  # type: ignore[assignment]
            continue
        m = _E_LINE.match(line)
        if m:
            roles = {}
            for arg in m.group(2).split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue  # an attribution without content cannot be scored
        cue = spans.get(roles.get("Cue", ""))
        source = spans.get(roles.get("Source", ""))
        out.append(GoldAttribution(content=content, cue=cue, source=source))
    out.sort(key=lambda a: a.content)
    return out


def ann_files(split_dir: Path) -> dict[str, list[Path]]:
    """Article name -> its .ann files, sorted by file name."""
    by_article: dict[str, list[Path]] = {}
    for p in sorted((split_dir / "attributions").glob("*.ann")):
        article = p.stem.rsplit("_", 1)[0]  # <article>_<annotatorId>.ann
        by_article.setdefault(article, []).append(p)
    return by_article


def read_split(split: str, root: Path | None = None, all_annotators: bool = False) -> list[Article]:
    """Articles of a split, sorted by name, each with one annotator's gold.

    With ``all_annotators`` every .ann file gives its own Article (same text),
    which training uses to see more annotation.
    """
    split_dir = Path(root or DEFAULT_ROOT) / "data" / split
    if not split_dir.is_dir():
        raise FileNotFoundError(f"PolNeAR split not found: {split_dir}")
    articles = []
    for name, files in sorted(ann_files(split_dir).items()):
        text = (split_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        for p in files if all_annotators else files[:1]:
            articles.append(Article(name, text, p.name, parse_ann(p.read_text(encoding="utf-8"))))
    return articles
