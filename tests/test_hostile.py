"""Hostile and odd inputs through the real command line: nothing hangs, nothing lingers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNSPIN = [sys.executable, "-m", "unspin.cli.app"]


def _children(pid: int) -> set[int]:
    kids = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.add(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_with_their_parent_after_kill_9(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    # Long documents in big batches: a worker busy with its batch takes many seconds to
    # notice its queue closed, so only the parent-death signal ends it at once.
    article = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    for i in range(40):
        (folder / f"{i:03}.txt").write_text("\n\n".join([article] * 20), encoding="utf-8")
    proc = subprocess.Popen([*UNSPIN, "analyze", str(folder), "-j", "2", "--batch-size", "16",
                             "-o", str(tmp_path / "out.jsonl")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    kids: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(kids := _children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(kids) >= 2, "the worker processes never started"
        time.sleep(1.0)  # let the workers get into their batches
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 3
        while any(_alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(k) for k in kids), "workers outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
        for k in kids | _children(proc.pid):
            if _alive(k):
                os.kill(k, signal.SIGKILL)


def test_fifo_named_directly_does_not_hang(tmp_path):
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)
    done = subprocess.run([*UNSPIN, "diff", str(fifo), str(ROOT / "examples" / "article.txt")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 1
    assert "named pipe" in done.stderr and "Traceback" not in done.stderr


def test_a_text_too_long_to_analyse_is_refused_but_stored_and_traced(tmp_path):
    from unspin.limits import MAX_ANALYSIS_CHARS

    article = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    long = "\n\n".join([article] * (MAX_ANALYSIS_CHARS // len(article) + 2))
    (tmp_path / "long.txt").write_text(long, encoding="utf-8")
    done = subprocess.run([*UNSPIN, "analyze", str(tmp_path / "long.txt")], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 1 and "too large to analyse" in done.stderr and f"{MAX_ANALYSIS_CHARS:,}" in done.stderr
    db = str(tmp_path / "s.db")
    stored = subprocess.run([*UNSPIN, "ingest", str(tmp_path / "long.txt"), "--db", db], capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert stored.returncode == 0, stored.stderr
