"""What a worker process runs: library calls whose results are CONTRACT dicts."""

from __future__ import annotations

from unspin.limits import check_analysable


# A worker process uses its own default Resources (loaded by unspin.server.preload in the
# fork server); the options come with each request from the server's settings.


def analyze(text: str, include_text: bool, options=None) -> dict:
    import unspin

    check_analysable(text)
    return unspin.analyze(text, options=options).to_dict(include_text=include_text)


def diff(source: str, copy: str, options=None) -> dict:
    from unspin.drift import diff as drift_diff

    check_analysable(source)
    check_analysable(copy)
    return drift_diff(source, copy, options=options).to_dict()


def ping() -> str:
    return "pong"
