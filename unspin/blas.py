"""One BLAS thread for unspin's small matrix products.

unspin multiplies small matrices: a document's sentence vectors against another's
(a few hundred rows by 128 dimensions). OpenBLAS splits even these across every
core, and on a busy machine its threads wait for one another: measured on the
2-core box under load, a 349 x 128 by 128 x 38 product took 9.6 ms with two
threads and 0.07 ms with one, which made a trace 3 to 10 times slower than its
arithmetic. Functions that do such products run under ``one_blas_thread``; the
caller's own BLAS setting is restored when they return.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_controller = None


def _limit():
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()  # inspects the loaded BLAS libraries once
    return _controller.limit(limits=1, user_api="blas")


def one_blas_thread(fn: F) -> F:
    """Run ``fn`` with BLAS limited to one thread (about 0.1 ms per call)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with _limit():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
