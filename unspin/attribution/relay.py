"""Intermediaries: "A quoted B as saying X" credits B, relayed by A."""

from __future__ import annotations

from unspin.attribution.candidate import Candidate


def relayed_by(c: Candidate, resolver) -> list[str]:
    span = c.extra.get("relay_source") if c.extra else None
    if not span:
        return []
    name = resolver.name_of(*span)
    return [name] if name else []
