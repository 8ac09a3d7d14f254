"""The terminal report of `unspin diff --format text`, drawn with rich.

A summary of the edits by severity and category, the aligned sentences that
changed side by side (all of them with ``--all``) with each edit's span styled by
severity and followed by its number "[n]", then the table of edits, row n being
edit [n]. The numbers carry the mapping when colour is off (pipes, files).
"""

from __future__ import annotations

import re

from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from unspin.drift.render_html import (SEVERITIES, Row, numbering, ordered_categories, pieces, rows, side_edits,
                                      trimmed, worst)
from unspin.model import SEVERITY_RANK, Drift, Span

# high is the loudest: bold on a red background; medium plain yellow; low dim
STYLE_SEVERITY = {"high": "bold white on red3", "medium": "black on yellow3", "low": "underline cyan"}
STYLE_TAG = {"high": "bold white on red3", "medium": "yellow", "low": "dim cyan"}
STYLE_GAP = "dim italic"

EXCERPT = 120
_WS = re.compile(r"\s+")


def _excerpt(span: Span | None, limit: int = EXCERPT) -> Text:
    if span is None:
        return Text("—", style="dim")
    text = " ".join(span.text.split())
    if not text:
        return Text("(empty)", style=STYLE_GAP)
    return Text(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def _cell(drift: Drift, row: Row, side: str, num: list[int]) -> Text:
    rng = row.source if side == "source" else row.copy
    if rng is None:
        what = {"dropped": "(not in the copy)", "added": "(not in the source)"}.get(row.kind, "")
        return Text(what, style=STYLE_GAP)
    text = getattr(drift, side).text
    out = Text()
    for piece in trimmed(pieces(text, rng, side_edits(drift, row, side))):  # type: ignore[arg-type]
        if piece[0] == "mark":
            i = piece[1]
            out.append(f"[{num[i]}]", style=STYLE_TAG.get(drift.edits[i].severity, "bold"))
            continue
        _, seg, active = piece
        seg = _WS.sub(" ", seg)  # a sentence is one paragraph of the table
        out.append(seg, style=STYLE_SEVERITY.get(worst(drift, active), "") if active else "")
    return out


def _summary(drift: Drift, all_rows: list[Row]) -> Text:
    counts = drift.counts()
    n = len(drift.edits)
    out = Text(f"{n} edit{'' if n == 1 else 's'}", style="bold")
    if n:
        out.append(": ")
        for k, sev in enumerate(SEVERITIES):
            if k:
                out.append(" · ")
            out.append(f"{counts['severity'].get(sev, 0)} {sev}", style=STYLE_TAG[sev])
        cats = counts["category"]
        out.append("\n")
        out.append(" · ".join(f"{cat} {cats[cat]}" for cat in ordered_categories(cats)))
    pairs = sum(r.kind == "pair" for r in all_rows)
    dropped = sum(r.kind == "dropped" for r in all_rows)
    added = sum(r.kind == "added" for r in all_rows)
    out.append(f"\n{pairs} sentence pair{'' if pairs == 1 else 's'} aligned, {dropped} source "
               f"sentence{'' if dropped == 1 else 's'} not in the copy, {added} copy "
               f"sentence{'' if added == 1 else 's'} not in the source", style="dim")
    return out


def _legend() -> Text:
    out = Text("key: ", style="dim")
    for sev in SEVERITIES:
        out.append(sev, style=STYLE_SEVERITY[sev])
        out.append("  ")
    out.append("[n]", style="bold")
    out.append(" = edit n in the table below", style="dim")
    return out


def _side_by_side(drift: Drift, all_rows: list[Row], source_name: str, copy_name: str,
                  show_all: bool, num: list[int]) -> tuple[Table, int]:
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True, style="dim")
    table.add_column(Text(source_name), ratio=1, overflow="fold")
    table.add_column(Text(copy_name), ratio=1, overflow="fold")
    shown = 0
    outside = False
    for row in all_rows:
        if not (show_all or row.edits):
            continue
        if row.kind == "outside" and not outside:
            outside = True
            table.add_row("", Text("outside the aligned sentences:", style=STYLE_GAP), "")
        shown += 1
        table.add_row(str(row.number), _cell(drift, row, "source", num), _cell(drift, row, "copy", num))
    return table, shown


def _edits(drift: Drift, num: list[int], show_all: bool = False) -> tuple[Table, int]:
    """The table of edits, high first, then medium, then low (reading order within each);
    low rewordings (``wording``) are counted, not listed, unless ``show_all``."""
    table = Table(title="Edits", title_justify="left", box=box.SIMPLE_HEAD, show_lines=True, expand=True,
                  pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("edit", no_wrap=True)
    table.add_column("source", ratio=2, overflow="fold")
    table.add_column("copy", ratio=2, overflow="fold")
    table.add_column("explanation", ratio=3, overflow="fold")
    collapsed = 0
    for i in sorted(range(len(drift.edits)), key=lambda i: (-SEVERITY_RANK.get(drift.edits[i].severity, 0), num[i])):
        ed = drift.edits[i]
        if ed.category == "wording" and ed.severity == "low" and not show_all:
            collapsed += 1
            continue
        what = Text(ed.severity, style=STYLE_TAG.get(ed.severity, "bold"))
        what.append("\n" + ed.category)
        table.add_row(Text(f"[{num[i]}]", style=STYLE_TAG.get(ed.severity, "bold")), what,
                      _excerpt(ed.source), _excerpt(ed.copy), Text(ed.explanation))
    return table, collapsed


def render(drift: Drift, source_name: str = "source", copy_name: str = "copy", show_all: bool = False,
           title: str | None = None) -> Group:
    """The whole report as a rich renderable."""
    all_rows = rows(drift)
    num = numbering(drift, all_rows)
    parts: list = [Rule(Text(title or f"{source_name} → {copy_name}"), style="dim"), _summary(drift, all_rows)]
    if not drift.edits:
        parts.append(Text("No edits: the copy says what the source says.", style="bold"))
    if not all_rows:
        parts.append(Text("Nothing aligned: no sentences to compare.", style=STYLE_GAP))
        return Group(*parts)
    if drift.edits or show_all:
        parts += [_legend(), Text()]
        table, shown = _side_by_side(drift, all_rows, source_name, copy_name, show_all, num)
        parts.append(table)
        hidden = len(all_rows) - shown
        if hidden:
            parts.append(Text(f"{hidden} row{'' if hidden == 1 else 's'} without edits not shown "
                              "(--all shows every row)", style="dim"))
    if drift.edits:
        table, collapsed = _edits(drift, num, show_all)
        parts += [Text(), table]
        if collapsed:
            parts.append(Text(f"{collapsed} rewording{'' if collapsed == 1 else 's'} that keep the meaning "
                              "(wording, low) not listed (--all lists them)", style="dim"))
    return Group(*parts)


def print_diff(console: Console, drift: Drift, source_name: str = "source", copy_name: str = "copy",
               show_all: bool = False, title: str | None = None) -> None:
    console.print(render(drift, source_name, copy_name, show_all, title))
