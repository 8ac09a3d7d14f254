"""Load on `unspin serve`, next to the same work through the library in one process.

    .venv/bin/python -m bench.bench_serve [--docs 200] [--clients 4] [--seconds 30] [--workers 2]

What it does, all on this machine (loopback only, bounded in count and time):
1. Stores the first ``--docs`` ReCOVery articles (../shared) in a fresh store, makes a token.
2. The floor: the library in this process analyses the sample articles one by one
   (``unspin.analyze``) and traces spun copies (``Corpus.trace``): requests/s and p50/p95.
3. Starts ``unspin serve --workers W`` and runs ``--clients`` closed-loop clients for
   ``--seconds`` each on /v1/analyze and on /v1/trace: requests/s, p50/p95, statuses.
4. Overload: an open loop sending analyses at 4x the rate the server sustained in 3 for
   ``--seconds``: how many were answered, queued past the limit (503) or rate-limited
   (429), whether anything else came back, whether the server still answers afterwards,
   and its memory (server and workers, RSS) before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
RECOVERY = SHARED / "corpora" / "recovery-covid-news" / "articles.jsonl"


def _articles(n: int) -> list[dict]:
    out = []
    with open(RECOVERY, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if (rec.get("body_text") or "").strip():
                out.append({"id": rec["id"], "text": rec["body_text"]})
            if len(out) >= n:
                break
    return out


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mib(pid: int) -> float:
    """RSS of a process and its children, MiB."""
    total = 0
    pids = [pid]
    for p in pids:  # grows while walked: children, then theirs (the fork server's workers)
        try:
            pids.extend(int(k) for k in Path(f"/proc/{p}/task/{p}/children").read_text().split())
        except OSError:
            pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def floor(samples: list[dict], queries: list[str], db: str) -> dict:
    import unspin
    from unspin.provenance import Corpus

    unspin.analyze("Warm up, she said.")
    lat = []
    for s in samples:
        t = time.perf_counter()
        unspin.analyze(s["text"])
        lat.append(time.perf_counter() - t)
    tr = []
    with Corpus(db, create=False) as corpus:
        corpus.trace(queries[0])
        for q in queries:
            t = time.perf_counter()
            corpus.trace(q)
            tr.append(time.perf_counter() - t)
    return {"analyze": lat, "trace": tr}


def closed_loop(url: str, token: str, path: str, bodies: list[dict], clients: int, seconds: float) -> dict:
    import httpx

    stop = time.monotonic() + seconds
    lat: list[float] = []
    codes: Counter = Counter()
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
            i = k
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = c.post(path, json=bodies[i % len(bodies)])
                with lock:
                    codes[r.status_code] += 1
                    if r.status_code == 200:
                        lat.append(time.perf_counter() - t)
                i += clients

    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return {"lat": lat, "codes": codes, "seconds": time.monotonic() - t0}


def open_loop(url: str, token: str, bodies: list[dict], rate: float, seconds: float) -> dict:
    """Send at ``rate`` requests/s whatever the answers (each request in its own thread)."""
    import httpx

    codes: Counter = Counter()
    errors: Counter = Counter()
    lock = threading.Lock()
    threads = []

    def one(body: dict) -> None:
        try:
            r = httpx.post(f"{url}/v1/analyze", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=180)
            with lock:
                codes[r.status_code] += 1
        except httpx.HTTPError as exc:
            with lock:
                errors[type(exc).__name__] += 1

    n = int(rate * seconds)
    t0 = time.monotonic()
    for i in range(n):
        wait = t0 + i / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        th = threading.Thread(target=one, args=(bodies[i % len(bodies)],))
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    return {"codes": codes, "errors": errors, "sent": n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--samples", type=int, default=20, help="articles analysed in the floor run")
    args = ap.parse_args(argv)
    if not RECOVERY.exists():
        print(f"needs {RECOVERY}", file=sys.stderr)
        return 2
    import random

    from bench.spinner import spin
    from unspin.provenance import Corpus
    from unspin.store.tokens import TokenStore

    arts = _articles(args.docs)
    work = Path(tempfile.mkdtemp(prefix="unspin-bench-serve-"))
    db = str(work / "serve.db")
    (work / "docs.jsonl").write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    with Corpus(db) as corpus:
        corpus.ingest([str(work / "docs.jsonl")])
    token = TokenStore(db).create("bench", "read")
    samples = arts[: args.samples]
    rng = random.Random(7)
    queries = [spin(a["text"], "syn20", rng) for a in arts[: args.samples]]

    print(f"{len(arts)} ReCOVery articles stored; {len(samples)} analysed and traced per measurement")
    fl = floor(samples, queries, db)
    fa, ft = fl["analyze"], fl["trace"]
    print(f"floor (library, one process): analyze {len(fa) / sum(fa):.2f} req/s, p50 {_pct(fa, .5) * 1000:.0f} ms, "
          f"p95 {_pct(fa, .95) * 1000:.0f} ms; trace {len(ft) / sum(ft):.1f} req/s, p50 {_pct(ft, .5) * 1000:.0f} ms, "
          f"p95 {_pct(ft, .95) * 1000:.0f} ms")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "unspin.cli.app", "serve", "--db", db, "--port", str(port),
                               "--workers", str(args.workers), "--rate", "1000000", "--timeout", "120"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        rss0 = _rss_mib(server.pid)
        an = closed_loop(url, token, "/v1/analyze", [{"text": s["text"]} for s in samples], args.clients, args.seconds)
        tr = closed_loop(url, token, "/v1/trace", [{"text": q} for q in queries], args.clients, args.seconds)
        for name, r in (("analyze", an), ("trace", tr)):
            ok = r["lat"]
            print(f"server, {args.clients} clients, {args.workers} workers: {name} {len(ok) / r['seconds']:.2f} req/s, "
                  f"p50 {_pct(ok, .5) * 1000:.0f} ms, p95 {_pct(ok, .95) * 1000:.0f} ms, statuses {dict(r['codes'])}")
        sustained = max(0.1, len(an["lat"]) / an["seconds"])
        rss1 = _rss_mib(server.pid)
        over = open_loop(url, token, [{"text": s["text"]} for s in samples], 4 * sustained, args.seconds)
        rss2 = _rss_mib(server.pid)
        alive = httpx.get(f"{url}/v1/health", timeout=10).status_code == 200
        print(f"overload at 4x ({4 * sustained:.2f} req/s for {args.seconds:g} s, {over['sent']} sent): "
              f"statuses {dict(over['codes'])}, connection errors {dict(over['errors']) or 'none'}; "
              f"server answers afterwards: {alive}; RSS server+workers {rss0:.0f} MiB at start, "
              f"{rss1:.0f} after the closed loops, {rss2:.0f} after the overload")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
