"""Boilerplate lines (newsletter prompts, share buttons, subscription nags).

Found on the raw text before parsing so that attribution never reads them.
A line is boilerplate only when the whole line is the prompt: a sentence of
reporting that merely mentions a newsletter is left alone.
"""

from __future__ import annotations

import re

from unspin.model import Span

_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"(?:join|sign up for|sign up to|subscribe to|get|receive) .{0,60}newsletters?\b.*"
    r"|(?:subscribe|sign up|register) (?:now|today|here)\b.{0,80}"
    r"|share (?:this|on|via) .*|(?:facebook|twitter|linkedin|email|whatsapp|reddit|pinterest)(?:\s*[|/,·•]\s*\w+)+"
    r"|follow (?:us|@?\w+) on (?:twitter|facebook|instagram|x)\b.{0,60}"
    r"|advertisement|sponsored content|click here.*|read more:?.*|related(?: articles?| stories)?:.*"
    r"|(?:copyright|©) .{0,80}|all rights reserved\.?"
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
