"""`unclosed-quote`: a quotation opened and never closed in its paragraph, when
the next paragraph does not continue it (news style reopens a quotation that
runs on with an opening mark at the start of the next paragraph).

Whether a mark opens or closes is read from its context, not its glyph: spun
text often turns a closing mark into an opening one (`overall. “`).
"""

from __future__ import annotations

import re

from unspin.model import Document, SpinEvidence
from unspin.spin._util import evidence

KIND = "unclosed-quote"
_MARKS = '"“”«»„'
_PARA = re.compile(r"[^\n]+")


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{—–-:/" or i == 0


def find_unclosed_quotes(document: Document) -> list[SpinEvidence]:
    text = document.text
    paras = [m for m in _PARA.finditer(text) if m.group(0).strip()]
    out: list[SpinEvidence] = []
    for k, para in enumerate(paras):
        open_at: int | None = None
        for i in range(para.start(), para.end()):
            if text[i] not in _MARKS:
                continue
            if _opens(text, i):
                open_at = i
            else:
                open_at = None
        if open_at is None:
            continue
        nxt = paras[k + 1].group(0).lstrip() if k + 1 < len(paras) else ""
        if nxt[:1] in _MARKS or nxt[:1] in "'‘":
            continue  # the quotation runs on into the next paragraph
        # a mark that opens at the very end of the text's last paragraph is noise, skip tiny tails
        tail_start = max(open_at, para.start())
        last = max(text.rfind(". ", tail_start, para.end() - 2), text.rfind(", ", tail_start, para.end() - 2))
        start = last + 2 if last >= 0 else open_at
        out.append(
            evidence(
                document,
                start,
                para.end(),
                KIND,
                "a quotation opened here is never closed before the paragraph ends",
            )
        )
    return out
