"""One BLAS thread for unspin's small matrix products.

unspin multiplies small matrices: a document's sentence vectors against another's
(a few hundred rows by 128 dimensions). OpenBLAS splits even these across every
core, and on a busy machine its threads wait for one another: measured on the
2-core box under load, a 349 x 128 by 128 x 38 product took 9.6 ms with two
threads and 0.07 ms with one, which made a trace 3 to 10 times slower than its
arithmetic. Functions that do such products run under ``one_blas_thread``; the
caller's own BLAS setting is restored when the last of them returns (the limit is
scoped to the calls, never left changed for the process).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _OneThreadScope:
    """BLAS at one thread while any caller is inside, the caller's setting back after.

    BLAS thread counts belong to the process, not to a thread, so the limit is counted:
    the first caller in lowers it and the last one out restores it. A plain
    threadpoolctl limit per call, entered and left by two threads in turn, would
    restore the setting under the other thread or leave the process at one thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._limit = None  # threadpoolctl's limiter while anyone is inside
        self._controller = None  # inspects the loaded BLAS libraries once

    def enter(self) -> None:
        with self._lock:
            if self._inside == 0:
                if self._controller is None:
                    from threadpoolctl import ThreadpoolController

                    self._controller = ThreadpoolController()
                self._limit = self._controller.limit(limits=1, user_api="blas")
            self._inside += 1

    def leave(self) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0:
                self._limit.restore_original_limits()
                self._limit = None


_scope = _OneThreadScope()


@contextmanager
def one_blas_thread_scope() -> Iterator[None]:
    """Within the block, BLAS uses one thread; nested and concurrent blocks are counted."""
    _scope.enter()
    try:
        yield
    finally:
        _scope.leave()


def one_blas_thread(fn: F) -> F:
    """Run ``fn`` with BLAS limited to one thread (about 0.1 ms per call)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with one_blas_thread_scope():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
