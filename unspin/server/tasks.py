"""What a worker process runs: library calls whose results are CONTRACT dicts."""

from __future__ import annotations

from unspin.limits import check_analysable


def analyze(text: str, include_text: bool) -> dict:
    import unspin

    check_analysable(text)
    return unspin.analyze(text).to_dict(include_text=include_text)


def diff(source: str, copy: str) -> dict:
    from unspin.drift import diff as drift_diff

    check_analysable(source)
    check_analysable(copy)
    return drift_diff(source, copy).to_dict()


def ping() -> str:
    return "pong"
