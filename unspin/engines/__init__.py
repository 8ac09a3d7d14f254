"""Engines for corpus-scale work: where ``ingest`` prepares documents and where ``trace --all``
traces every stored document.

- ``local`` (the default): this process, as :class:`unspin.provenance.ingest.IngestSession`
  and :func:`unspin.provenance.families.build_families` always did;
- ``ray``: Ray tasks for ingest and a Ray Data pipeline for copy families
  (:mod:`unspin.engines.ray_engine`) on a local Ray started for the run, or on the cluster at
  ``address``. The driver still reads, plans and commits (one writer), and joins copy
  families; results are identical to the local engine's.

Chosen by an :class:`EngineOptions` (``--engine``/``--address`` on the command line), never by
an environment variable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from unspin.errors import UnspinError

ENGINES = ("local", "ray")


@dataclass(frozen=True, slots=True)
class EngineOptions:
    kind: str = "local"  # one of ENGINES
    address: str | None = None  # a Ray cluster ("auto", "ray://host:10001", "host:6379"); None: start one here
    workers: int | None = None  # CPUs of the Ray started here (None: every core); ignored with address
    object_store_mb: int = 500  # object store of the Ray started here

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise UnspinError(f"unknown engine {self.kind!r} (give one of {', '.join(ENGINES)})")
        if self.address is not None and self.kind != "ray":
            raise UnspinError("--address is for --engine ray")


class LocalEngine:
    """Everything in this process (the default)."""

    options = EngineOptions()

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def preparer(self, embedder) -> tuple[Callable[[Sequence[Any]], Any], int] | None:
        """(submit(records) -> a handle with ``.result()``, batches in flight), or None: the
        ingest session's own prepare thread."""
        return None

    def trace_all(self, corpus, progress: Callable[[], None] | None = None, top: int = 50
                  ) -> Iterable[tuple[int, list]] | None:
        """(rowid, matches) of every stored document in rowid order, or None: the local tracer."""
        return None

    def families(self, corpus, progress: Callable[[], None] | None = None) -> list | None:
        """The copy families of the whole store, or None: the local tracer's
        (:func:`unspin.provenance.families.build_families`)."""
        return None


def make_engine(options: EngineOptions | None = None):
    """The engine ``options`` name; use it as a context manager (Ray is started and stopped by it)."""
    options = options or EngineOptions()
    if options.kind == "ray":
        from unspin.engines.ray_engine import RayEngine

        return RayEngine(options)
    return LocalEngine()
