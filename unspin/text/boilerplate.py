"""Boilerplate lines (newsletter prompts, share buttons, subscription nags).

Found on the raw text before parsing so that attribution never reads them.
"""

from __future__ import annotations

import re

from unspin.model import Span

_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"(?:join|sign up for|subscribe to|get) .{0,60}newsletters?\b.*"
    r"|share (?:this|on) .*|(?:facebook|twitter|linkedin|email)(?:\s*[|/]\s*\w+)+"
    r"|advertisement|click here.*|read more:?.*"
    r")\s*$",
    re.IGNORECASE,
)


def find_boilerplate(text: str) -> list[Span]:
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and _BOILERPLATE_LINE.match(body):
            lead = len(body) - len(body.lstrip())
            spans.append(Span.of(text, pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return spans
