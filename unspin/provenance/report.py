"""Readable (rich) output for ``unspin ingest`` and ``unspin trace``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import ProgressColumn
from rich.table import Table
from rich.text import Text

from unspin.provenance.corpus import IngestReport


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("  -- docs/s" if speed is None else f"{speed:6.0f} docs/s", style="progress.data.speed")


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_ingest(console: Console, rep: IngestReport, db: str, total: int, list_limit: int = 20) -> None:
    rate = rep.added / rep.seconds if rep.seconds > 0 else 0.0
    console.print(f"unspin: {db}: added {rep.added}, already stored {rep.already}, "
                  f"exact duplicates of stored texts {len(rep.duplicates)}, bad {len(rep.bad)} "
                  f"({rep.seconds:.1f} s, {rate:.0f} docs/s); {total} documents in the store",
                  markup=False, highlight=False)
    for doc_id, of in rep.duplicates[:list_limit]:
        console.print(f"  duplicate: {doc_id} = {of}", markup=False, highlight=False)
    if len(rep.duplicates) > list_limit:
        console.print(f"  ... and {len(rep.duplicates) - list_limit} more duplicates", markup=False)
    for where, reason in rep.bad:
        console.print(f"  bad: {where}: {reason}", markup=False, highlight=False)
    a = rep.analysis
    if a is not None:
        rate = a.stored / a.seconds if a.seconds > 0 else 0.0
        console.print(f"unspin: {db}: analysed {a.analysed}, copied from identical texts {a.reused}, "
                      f"already analysed {a.already}, failed {len(a.bad)} ({a.seconds:.1f} s, {rate:.1f} docs/s)",
                      markup=False, highlight=False)
        for doc_id, reason in a.bad:
            console.print(f"  bad analysis: {doc_id}: {reason}", markup=False, highlight=False)


def print_attributions(console: Console, attributions) -> int:
    """A table of stored attributions (``unspin attributions``); returns how many."""
    table = Table(box=None, pad_edge=False, show_lines=False)
    for col, ratio in (("doc", 2), ("speaker", 2), ("cue", 1), ("content", 6), ("hedges", 1)):
        table.add_column(col, overflow="fold", ratio=ratio)
    n = 0
    for a in attributions:
        n += 1
        speaker = a.speaker or "(unresolved)"
        if a.relayed_by:
            speaker += f" (via {', '.join(a.relayed_by)})"
        table.add_row(escape(a.doc), escape(speaker), escape(a.cue or ""), escape(a.content),
                      escape(", ".join(a.hedges)))
    if n:
        console.print(table)
    return n


def print_check(console: Console, rep) -> None:
    """``unspin check`` in words."""
    console.print(f"unspin: {rep.store}: {rep.documents:,} documents, {rep.analyses:,} analyses; the ANN index "
                  f"holds {rep.indexed:,} of {rep.anchors:,} anchor sentences ({rep.index_coverage:.2%})",
                  markup=False, highlight=False)
    if rep.writing:
        console.print("  an ingest is writing to the store: the saved index catches up when it is done",
                      markup=False, highlight=False)
    for done in rep.repaired:
        console.print(f"  repaired: {done}", markup=False, highlight=False)
    for problem in rep.problems:
        console.print(f"  problem: {problem}", markup=False, highlight=False)
    console.print("  ok" if rep.ok else f"  {len(rep.problems)} problem(s)", markup=False, highlight=False)


def print_matches(console: Console, matches, text: str, title: str | None = None, passages: int = 3) -> None:
    if title:
        console.print(Text(title, style="bold"))
    if not matches:
        console.print("no source found in the store: nothing here copies a stored document "
                      "(sharing a topic is not copying)", markup=False)
        return
    table = Table(show_lines=False, box=None, pad_edge=False)
    for col in ("#", "source id", "relation", "score", "copy covered", "source covered", "date", "publisher"):
        table.add_column(col, overflow="fold")
    for n, m in enumerate(matches, 1):
        table.add_row(str(n), escape(m.id), m.relation, f"{m.score:.2f}", f"{m.cover_copy:.0%}",
                      f"{m.cover_source:.0%}", m.date or "", escape(m.publisher or ""))
    console.print(table)
    for n, m in enumerate(matches, 1):
        console.print(Text(f"\n#{n} {m.id}: {len(m.shared)} shared passage(s)", style="bold"))
        if m.title or m.url:
            console.print(Text("  " + " · ".join(x for x in (m.title, m.url) if x), style="dim"))
        for src, cp in m.shared[:passages]:
            console.print(Text.assemble(("  source ", "dim"), f"[{src.start}:{src.end}] ", _clip(src.text)))
            console.print(Text.assemble(("  copy   ", "dim"), f"[{cp.start}:{cp.end}] ", _clip(cp.text)))
        if len(m.shared) > passages:
            console.print(f"  ... {len(m.shared) - passages} more", markup=False)


def print_families(console: Console, families) -> None:
    if not families:
        console.print("no copy families in the store", markup=False)
        return
    console.print(f"{len(families)} copy families", markup=False)
    for n, fam in enumerate(families, 1):
        console.print(Text(f"\nfamily {n}: {len(fam.members)} documents, original {fam.original}", style="bold"))
        console.print(Text(f"  why: {fam.why}", style="dim"))
        for m in fam.members:
            extra = " ".join(x for x in (m.date, m.publisher) if x)
            console.print(Text(f"  {m.relation:<15} {m.score:4.2f}  {m.id}  {extra}"))
