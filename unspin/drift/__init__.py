"""Drift: what a copy changed against its source (``unspin diff SOURCE COPY``).

``diff(source, copy) -> Drift`` aligns the two texts sentence by sentence and
lists every edit with a category and severity (see ``unspin.model.Edit``).
"""

from unspin.drift.compare import diff

__all__ = ["diff"]
