"""One settings object for ``unspin serve``, mapped from its command-line flags."""

from __future__ import annotations

from dataclasses import dataclass

from unspin.inputs.decode import MAX_BYTES
from unspin.options import DEFAULT_ATTRIBUTION, AttributionOptions


@dataclass(slots=True)
class ServerSettings:
    db: str = "unspin.db"  # the store: documents for trace, stored analyses, API tokens
    open_access: bool = False  # anonymous reading (loopback only: the CLI refuses anything else)
    # A request body may hold a whole file of the size the readers take, plus JSON or form framing.
    max_body_bytes: int = MAX_BYTES + 1_000_000
    workers: int = 1  # analysis worker processes
    timeout: float = 60.0  # seconds one analysis or diff may take before its worker is replaced
    max_queue: int = 8  # requests that may wait for a worker; more are refused with 503
    rate_per_minute: int = 120  # requests per token (or per client address when anonymous)
    allow_private_urls: bool = False  # let {"url": ...} reach loopback/private/link-local addresses
    attribution: AttributionOptions = DEFAULT_ATTRIBUTION  # of every analysis, diff and stored analysis
    # how worker processes start: "forkserver" forks each from a server process that has loaded
    # the pipeline once (unspin.server.preload); "spawn" starts each afresh (slower to replace)
    worker_start_method: str = "forkserver"
