"""Ingest jobs: documents sent to ``POST /v1/documents`` are stored (and analysed) in the
background, one job at a time (the store has one writer), while ``GET /v1/jobs/{id}``
reports progress and the bad records. Uploads are written to a private temporary folder
and ingested from there, so they go through the one reader like files on disk (ids are
the uploaded file names, or the JSONL records' ids)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

MAX_JOBS_KEPT = 200  # finished jobs remembered for GET /v1/jobs/{id}, oldest forgotten first


@dataclass(slots=True)
class Job:
    id: str
    documents: int  # files or records sent
    analyze: bool
    status: str = "queued"  # queued | running | done | failed
    done: int = 0  # records read so far
    added: int = 0
    already: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    bad: list[tuple[str, str]] = field(default_factory=list)
    analysed: int = 0
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "documents": self.documents, "done": self.done,
                "added": self.added, "already": self.already, "analyze": self.analyze, "analysed": self.analysed,
                "duplicates": [{"id": a, "duplicate_of": b} for a, b in self.duplicates],
                "bad": [{"where": w, "error": e} for w, e in self.bad], "error": self.error,
                "created": self.created, "finished": self.finished}


class Jobs:
    """Runs ingest jobs one after another in a background thread."""

    def __init__(self, db: str, on_stored=None, *, resources=None, options=None) -> None:
        self.db = db
        self.resources, self.options = resources, options  # the server's, for the corpus
        self._on_stored = on_stored or (lambda: None)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-ingest")

    def submit(self, files: list[tuple[str, bytes]], analyze: bool) -> Job:
        """A job for ``files`` (name, bytes); the names are sanitised to plain file names."""
        folder = Path(tempfile.mkdtemp(prefix="unspin-upload-"))
        for n, (name, data) in enumerate(files):
            (folder / _safe_name(name, n)).write_bytes(data)
        job = Job(uuid.uuid4().hex, len(files), analyze)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                self._jobs.pop(next(iter(self._jobs)))
        self._runner.submit(self._run, job, folder)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, folder: Path) -> None:
        from unspin.provenance import Corpus

        job.status = "running"

        def advance(n: int) -> None:
            job.done += n

        def analysed(done: int, total: int) -> None:
            job.analysed = done

        try:
            with Corpus(self.db, resources=self.resources, options=self.options) as corpus:
                rep = corpus.ingest([str(folder)], progress=advance, analyze=job.analyze,
                                    analysis_progress=analysed)
            job.added, job.already, job.duplicates = rep.added, rep.already, list(rep.duplicates)
            job.bad = [(_relative(w, folder), e) for w, e in rep.bad]
            if rep.analysis is not None:
                job.analysed = rep.analysis.stored
                job.bad += [(doc, f"analysis failed: {e}") for doc, e in rep.analysis.bad]
            job.status = "done"
        except Exception as exc:  # noqa: BLE001 - the job reports it; the server serves on
            job.status, job.error = "failed", " ".join(str(exc).split()) or "the ingest failed"
        finally:
            job.finished = time.time()
            shutil.rmtree(folder, ignore_errors=True)
            self._on_stored()

    def close(self) -> None:
        self._runner.shutdown(wait=True, cancel_futures=True)


def _safe_name(name: str, n: int) -> str:
    """A plain file name from an uploaded one: no folders, no leading dots, a known suffix."""
    base = PurePath(name.replace("\\", "/")).name.lstrip(".") or f"upload-{n}.txt"
    if PurePath(base).suffix.lower() not in (".txt", ".text", ".html", ".htm", ".pdf", ".jsonl", ".ndjson",
                                              ".warc", ".gz"):
        base += ".txt"
    return base[:200]


def _relative(where: str, folder: Path) -> str:
    try:
        return PurePath(where).relative_to(folder).as_posix()
    except ValueError:
        return where
