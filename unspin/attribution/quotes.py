"""Pairing quotation marks into quotations.

Works on the raw text, paragraph by paragraph (a paragraph is a line), so a
stray or missing mark can only ever disturb its own paragraph. Straight and
curly double marks are treated alike; which way a mark faces is read from its
neighbours first and from its shape only when the neighbours are ambiguous,
because spun and scraped text often uses an opening curly mark to close.
Single marks are left alone: they are apostrophes far more often than quotes; two
together (``''``, and ````` `` ````` opening) are a double mark, as news archives (LexisNexis,
the New York Times' own) and Penn Treebank text write one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspin.attribution.cues import TRAILING_CUE_RE

DOUBLE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
OPEN_SHAPES = "\u201c\u201e\u00ab`"
CLOSE_SHAPES = "\u201d\u00bb"
_MARK_RE = re.compile(f"''|``|[{DOUBLE_MARKS}]")
_LINE_RE = re.compile(r"[^\n]+")
# a double mark that measures inches, no quotation: "about 5' 10\" tall", "a 42\" screen"
_INCH_RE = re.compile(r"""\d\s?['’′]\s?\d{1,2}(")|\d(")(?=\s(?:tall|wide|long|high|deep|thick|screen|"""
                      r"""display|tv|television|monitor|record|single|vinyl)\b)""", re.I)


@dataclass(slots=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the end of the quoted text when unclosed)
    content: tuple[int, int]
    closed: bool = True
    paragraphs: int = 1  # how many paragraphs the quotation runs over
    # a "<source> <cue>" found inside an unclosed quotation's last sentence
    trailing_source: tuple[int, int] | None = None
    trailing_cue: tuple[int, int] | None = None
    words: int = 0  # words in the content


def _facing(line: str, i: int) -> str:
    """'open', 'close' or '?' for the mark at line[i], judged by its neighbours."""
    n = _mark_len(line, i)
    before = line[i - 1] if i > 0 else " "
    after = line[i + n] if i + n < len(line) else " "
    space_before = before.isspace() or before in "([{\u2014-"
    space_after = after.isspace() or after in ",.;:!?)]}\u2014"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    ch = line[i]
    if ch in OPEN_SHAPES and not space_after:
        return "open"
    if ch in CLOSE_SHAPES:
        return "close"
    return "?"


def _mark_len(text: str, i: int) -> int:
    """Characters in the mark at text[i]: 2 for '' and ``, else 1."""
    return 2 if text.startswith(("''", "``"), i) else 1


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text`` with its content span, in document order."""
    lines = [(m.start(), m.end()) for m in _LINE_RE.finditer(text) if m.group().strip()]
    quotes: list[Quote] = []
    # An unclosed quotation carried into the next paragraph: (open offset, paragraphs so far)
    carried: tuple[int, int] | None = None
    for li, (ls, le) in enumerate(lines):
        line = text[ls:le]
        inches = {m.start(1) if m.group(1) else m.start(2) for m in _INCH_RE.finditer(line)}
        marks = [m.start() for m in _MARK_RE.finditer(line) if m.start() not in inches]
        first_mark = marks[0] if marks else None
        lead = len(line) - len(line.lstrip())
        opens_paragraph = first_mark is not None and first_mark == lead
        if carried is not None and not opens_paragraph:
            # The previous paragraph's quotation never reopened: it ended there.
            carried = None
        open_at: int | None = None
        paragraphs = 1
        if carried is not None:
            open_at, paragraphs = carried
            carried = None
            marks = marks[1:]  # the reopening mark only continues the quotation
        for i in marks:
            facing = _facing(line, i)
            if open_at is None:
                # a closing-facing mark right after a quotation closed in this
                # paragraph is a stray duplicate; anywhere else it opens one
                if facing != "close" or not quotes or quotes[-1].end <= ls:
                    open_at, paragraphs = ls + i, 1
                continue
            if facing == "open" and ls + i > open_at + 1 and _looks_reopened(line, i):
                # A missing closing mark: end the old quotation where the new one starts.
                quotes.append(_unclosed(text, open_at, ls + i, paragraphs))
                open_at, paragraphs = ls + i, 1
                continue
            a, b = _strip(text, open_at + _mark_len(text, open_at), ls + i)
            if b > a:
                quotes.append(Quote(open_at, ls + i + _mark_len(line, i), (a, b), True, paragraphs))
            open_at, paragraphs = None, 1
        if open_at is not None:
            nxt = lines[li + 1] if li + 1 < len(lines) else None
            if nxt is not None:
                nline = text[nxt[0]:nxt[1]]
                nlead = len(nline) - len(nline.lstrip())
                if _MARK_RE.match(nline, nlead) and _facing(nline, nlead) != "close":
                    carried = (open_at, paragraphs + 1)
                    continue
            quotes.append(_unclosed(text, open_at, le, paragraphs))
    for q in quotes:
        q.words = len(text[q.content[0]:q.content[1]].split())
    return quotes


def _looks_reopened(line: str, i: int) -> bool:
    # Only a mark after a sentence end reopens: `... that. Lee said. "Next`
    j = i - 1
    while j >= 0 and line[j].isspace():
        j -= 1
    return j >= 0 and line[j] in ".!?"


def _unclosed(text: str, open_at: int, end: int, paragraphs: int) -> Quote:
    a, b = _strip(text, open_at + _mark_len(text, open_at), end)
    q = Quote(open_at, b, (a, b), False, paragraphs)
    # Look for "Lee said." closing the quoted text's last paragraph.
    para_start = text.rfind("\n", a, b) + 1 or a
    para_start = max(para_start, a)
    m = TRAILING_CUE_RE.search(text, para_start, b)
    if m and m.start("src") > a:
        cut = m.start("src")
        qa, qb = _strip(text, a, cut)
        if qb > qa:
            q.content = (qa, qb)
            q.trailing_source = (m.start("src"), m.end("src"))
            q.trailing_cue = (m.start("cue"), m.end("cue"))
    return q


def inside_flags(sdoc) -> list[bool]:
    """Per token of the parsed document: inside a quotation of ``find_quotes`` (its marks
    included), so that a token model reads quotations as the pairing does, mark facing and
    reopened or unclosed quotations included, not by counting straight marks. Read once a
    document (kept in its ``user_data``)."""
    flags = sdoc.user_data.get("unspin_quoted")
    if flags is None:
        starts = [0] * (len(sdoc.text) + 1)
        for q in find_quotes(sdoc.text):
            starts[q.start] += 1
            starts[min(q.end, len(sdoc.text))] -= 1
        depth, inside = 0, []
        for d in starts:
            depth += d
            inside.append(depth > 0)
        flags = sdoc.user_data["unspin_quoted"] = [inside[t.idx] for t in sdoc]
    return flags
