"""Command-line paths (FILE... | DIR | -) to the sources to read, in order.

Every command (analyze, diff, ingest, trace) expands its paths here, so one
folder reads the same everywhere. The policy, said in the README:

- A folder is walked in sorted order for .txt/.text, .html/.htm, .pdf, .jsonl/.ndjson
  and .warc/.warc.gz files, skipping hidden files and folders.
- Symbolic links inside a folder are read only while they stay inside it: a link
  to a file or folder outside it (``passwd.txt -> /etc/passwd``) is reported and
  skipped unless ``follow_links`` is set (``--follow-links``); a linked folder is
  walked once even if links loop.
- Only regular files are read: a named pipe, socket or device (named directly or
  met in a folder) is reported, never opened, so nothing waits for a writer.
- A path that cannot be used (missing, a broken link, a link loop) becomes an
  error record with the reason; the other paths still run.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

Kind = Literal["auto", "text", "html", "jsonl", "warc", "pdf"]

STDIN = "-"
SUFFIXES: dict[str, Kind] = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                             ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc", ".pdf": "pdf"}


@dataclass(slots=True)
class FieldMap:
    """Which JSONL fields hold what; each list is tried in order."""

    id: Sequence[str] = ("id",)
    text: Sequence[str] = ("text", "body_text")
    title: Sequence[str] = ("title",)
    date: Sequence[str] = ("date", "publish_date")
    url: Sequence[str] = ("url",)
    publisher: Sequence[str] = ("publisher",)


@dataclass(slots=True)
class ReadOptions:
    """How inputs are read: one object, mapped from the command-line flags."""

    input_format: Kind = "auto"  # auto: by suffix, and sniffing stdin
    fields: FieldMap = field(default_factory=FieldMap)
    follow_links: bool = False  # read symbolic links that leave the folder named
    check_language: bool = True  # warn about text that is not English


@dataclass(frozen=True, slots=True)
class Source:
    """A file (or stdin) to read, with the id its document(s) get."""

    path: str
    id: str
    kind: Kind


@dataclass(slots=True)
class Problem:
    """A path that cannot be read, and why; ``document`` is False when no document is lost
    (an empty folder)."""

    id: str
    where: str
    error: str
    document: bool = True


def kind_of(path: str, forced: Kind = "auto") -> Kind | None:
    """The kind a file is read as: forced, else by suffix; None for a suffix a folder walk skips."""
    if forced != "auto":
        return forced
    name = PurePath(path).name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return SUFFIXES.get(PurePath(name).suffix)


def expand(paths: Sequence[str], options: ReadOptions | None = None) -> list[Source | Problem]:
    """Expand the paths named on the command line into sources (or problems), in order."""
    options = options or ReadOptions()
    out: list[Source | Problem] = []
    for path in paths:
        if path == STDIN:
            out.append(Source(STDIN, STDIN, options.input_format))
            continue
        name = os.path.basename(path.rstrip("/")) or path
        why = unusable(path)
        if why is not None:
            out.append(Problem(name, path, why))
        elif os.path.isdir(path):
            found = list(_walk(path, options))
            if not found:
                out.append(Problem(path, path, "no .txt, .html, .htm, .pdf, .jsonl or .warc files in this directory",
                                   document=False))
            out.extend(found)
        else:
            out.append(Source(path, name, kind_of(path, options.input_format) or "auto"))
    return out


def unusable(path: str) -> str | None:
    """Why a path named directly cannot be read (None: it can), without opening it."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself"
        if os.path.islink(path):
            return f"broken symbolic link: it points to {os.readlink(path)}, which does not exist"
        if exc.errno == errno.EACCES:
            return "permission denied"
        return "no such file or directory"
    if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode):
        return None
    return f"not a regular file ({_file_type(st.st_mode)}): unspin reads files and folders (- for standard input)"


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: str, options: ReadOptions) -> Iterator[Source | Problem]:
    real_root = os.path.realpath(root)
    seen_dirs = {real_root}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=options.follow_links):
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            full = os.path.join(dirpath, d)
            real = os.path.realpath(full)
            if os.path.islink(full) and not options.follow_links:
                if not _inside(real, real_root):
                    yield _link_problem(full, root)
                    continue
                # a link to a folder inside: it is walked under its own name already
                continue
            if real in seen_dirs:
                continue  # a link loop, or a folder reached twice
            seen_dirs.add(real)
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if kind_of(name) is None:
                continue  # not a suffix we read, whatever --input-format says
            kind = kind_of(name, options.input_format)
            full = os.path.join(dirpath, name)
            rel = PurePath(os.path.relpath(full, root)).as_posix()
            if os.path.islink(full) and not options.follow_links \
                    and not _inside(os.path.realpath(full), real_root):
                yield _link_problem(full, root)
                continue
            why = unusable(full)
            if why is not None:
                yield Problem(rel, full, why)
                continue
            yield Source(full, rel, kind or "auto")


def _link_problem(full: str, root: str) -> Problem:
    rel = PurePath(os.path.relpath(full, root)).as_posix()
    return Problem(rel, full, f"skipped: a symbolic link to {os.path.realpath(full)}, outside {root} "
                   "(--follow-links reads it)")


def count_documents(items: Sequence[Source | Problem]) -> int | None:
    """How many records reading ``items`` yields, for a progress bar (None if unknown)."""
    total = 0
    for item in items:
        if isinstance(item, Problem):
            total += item.document
        elif item.path == STDIN or item.kind == "warc":
            return None
        elif item.kind == "jsonl":
            total += _lines(item.path)
        else:
            total += 1
    return total


def _lines(path: str) -> int:
    # Lines, not records: blank lines are rare and a progress bar is an estimate.
    n, last = 0, b"\n"
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return n + (last != b"\n")
