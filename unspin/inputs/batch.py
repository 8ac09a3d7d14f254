"""Run a stream of records through :func:`unspin.analyze_many`, in input order.

Readable records are parsed in batches (spaCy ``nlp.pipe``); unreadable ones
pass straight through as errors, in their place. If analysing one document
raises, the batch generator is dead, so the records already handed to it are
redone one by one (pinning the failure on the right document) and batching
resumes with the rest: one bad document never takes the batch down.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from unspin.errors import InputError
from unspin.inputs.sources import Record
from unspin.limits import check_analysable
from unspin.model import Analysis


class _SourceFailed(Exception):
    """An unexpected error while reading inputs: a bug, not a document's fault."""


def analyze_records(
    records: Iterable[Record], batch_size: int = 16, n_process: int = 1, *, options=None, resources=None
) -> Iterator[tuple[Record, Analysis | None]]:
    """Yield ``(record, analysis)`` per record; ``analysis`` is None when it failed
    (``record.error`` then says why). ``options`` and ``resources`` are analyze_many's."""
    from unspin.pipeline import analyze_many

    source = iter(records)
    pending: deque[Record] = deque()  # handed to analyze_many, result not yet out

    def feed(items: Iterator[Record]) -> Iterator[tuple[str | None, str]]:
        while True:
            try:
                rec = next(items)
            except StopIteration:
                return
            except Exception as exc:  # keep reader bugs apart from analysis failures
                raise _SourceFailed() from exc
            if rec.ok:
                try:
                    check_analysable(rec.text)  # type: ignore[arg-type]
                except InputError as exc:
                    rec.error = str(exc)
            pending.append(rec)
            if rec.ok:
                yield rec.id, rec.text  # type: ignore[misc]

    while True:
        try:
            for analysis in analyze_many(feed(source), batch_size=batch_size, n_process=n_process,
                                         options=options, resources=resources):
                while not pending[0].ok:
                    yield pending.popleft(), None
                yield pending.popleft(), analysis
            while pending:
                yield pending.popleft(), None
            return
        except _SourceFailed as exc:
            raise exc.__cause__  # type: ignore[misc]
        except Exception:
            # Redo what the dead generator held, one at a time, then resume batching.
            redo = list(pending)
            pending.clear()
            for rec in redo:
                yield rec, _analyze_one(rec, options, resources)


def _analyze_one(rec: Record, options=None, resources=None) -> Analysis | None:
    from unspin.pipeline import analyze_many

    if not rec.ok:
        return None
    try:
        return next(analyze_many([(rec.id, rec.text)], options=options, resources=resources))  # type: ignore[list-item]
    except Exception as exc:
        said = " ".join(str(exc).split()) or "an unexpected failure with no message"
        rec.error = f"analysis failed (a bug in unspin, please report it): {said}"
        return None
