"""Analyses for the server run in worker processes, never in the server's own process.

A request's text reaches a worker through a pipe; the answer is the CONTRACT dict.
A worker that runs past the time limit is killed and replaced, so one pathological
text costs its request a 504 and nothing else: the server keeps serving. A bounded
number of requests may wait for a worker (a queue); beyond that a request is refused
at once (503) rather than piling up in memory.

Workers start from a fork server that has already loaded the spaCy pipeline
(``unspin.server.preload``), so a replacement is ready in about a second and the
model's memory is shared, and each worker ends with its parent.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass

from unspin.errors import InputError, TooLarge, UnspinError


class Busy(UnspinError):
    """Every worker is busy and the queue is full."""


class TimedOut(UnspinError):
    """The work ran past the time limit; its worker was replaced."""


class WorkerFailed(UnspinError):
    """The worker died or hit a bug; it was replaced."""


def _serve(conn) -> None:
    from unspin.pipeline import die_with_parent
    from unspin.server import tasks

    # The parent is the fork server, which itself ends with the server's process.
    die_with_parent(os.getppid())
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", getattr(tasks, name)(*args)))
        except TooLarge as exc:
            conn.send(("too-large", str(exc)))
        except UnspinError as exc:
            conn.send(("input", str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug: said to the caller, the worker lives on
            conn.send(("bug", " ".join(str(exc).split()) or "unexpected failure"))


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class WorkerPool:
    """``size`` worker processes, at most ``max_queue`` requests waiting for one, started by
    ``start_method`` (see :class:`~unspin.server.settings.ServerSettings`)."""

    def __init__(self, size: int = 1, timeout: float = 60.0, max_queue: int = 8,
                 start_method: str = "forkserver") -> None:
        self.size, self.timeout = size, timeout
        self._ctx = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._ctx.set_forkserver_preload(["unspin.server.preload"])
        self._admit = threading.BoundedSemaphore(size + max_queue)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        mine, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(theirs,), daemon=True, name="unspin-worker")
        proc.start()
        theirs.close()
        worker = _Worker(proc, mine)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        return self._spawn()

    @property
    def busy(self) -> int:
        """Workers working now (the rest are idle)."""
        return self.size - self._idle.qsize()

    def run(self, name: str, *args):
        """Run task ``name`` (a function of :mod:`unspin.server.tasks`) in a worker."""
        if not self._admit.acquire(blocking=False):
            raise Busy("the server is busy: every worker is in use and the queue is full; retry shortly")
        try:
            worker = self._idle.get()
            try:
                status, value = self._exchange(worker, name, args)
            except (TimedOut, WorkerFailed):
                worker = self._replace(worker)
                raise
            finally:
                self._idle.put(worker)
        finally:
            self._admit.release()
        if status == "too-large":
            raise TooLarge(value)
        if status == "input":
            raise InputError(value)
        if status == "bug":
            raise WorkerFailed(f"the analysis failed (an unspin bug, reported in the server log): {value}")
        return value

    def _exchange(self, worker: _Worker, name: str, args: tuple):
        try:
            worker.conn.send((name, args))
            if not worker.conn.poll(self.timeout):
                raise TimedOut(f"the work ran past the server's time limit of {self.timeout:g} s and was stopped")
            return worker.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            raise WorkerFailed("the worker process ended unexpectedly (out of memory?); it was restarted") from None

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), []
        for w in workers:
            w.kill()
