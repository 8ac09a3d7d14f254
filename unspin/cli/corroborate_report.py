"""The text report of ``unspin corroborate``: the counts a reader asks first (how many
reports, how many independent, from how many origins), then the timeline."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from unspin.corroboration import Corroboration

_STANCE = {"supports": "green", "disputes": "bold red", "hedged": "yellow"}


def print_corroboration(console: Console, c: Corroboration) -> None:
    console.print(f"[bold]Claim:[/bold] {c.claim}", markup=True, highlight=False)
    if not c.reports:
        console.print("No stored document carries this claim.")
        return
    origins = ", ".join(f"{o.name or '(own voice)'} ({o.reports})" for o in c.origins)
    console.print(f"{c.reports_count} reports from {c.outlets_count} outlets; {c.independent_count} independent "
                  f"(copies collapsed); origins: {origins}")
    table = Table(show_lines=False, expand=True)
    for col in ("date", "report", "outlet", "stance", "credits", "copy of", "evidence"):
        table.add_column(col, overflow="fold")
    for r in c.reports:
        style = _STANCE.get(r.stance, "")
        text = r.evidence.text if len(r.evidence.text) <= 220 else r.evidence.text[:217] + "…"
        table.add_row(r.date or "", r.title or r.id, r.publisher or "", f"[{style}]{r.stance}[/]",
                      " ← ".join(r.credited) or "(own voice)", r.copy_of or "", text)
    console.print(table)


def print_dashboard(console: Console, board) -> None:
    """The corpus dashboard: claims by independent sources, then the echo chambers."""
    console.print(f"{board.candidates} sentence groups carried by several documents ({board.furniture} skipped as "
                  f"a site's repeated text); the {len(board.claims)} biggest claims, by independent sources:")
    table = Table(expand=True)
    for col in ("independent", "reports", "outlets", "origins", "claim"):
        table.add_column(col, overflow="fold")
    for c in board.claims:
        origins = ", ".join(f"{o.name or '(own voice)'} ({o.reports})" for o in c.origins)
        table.add_row(str(c.independent_count), str(c.reports_count), str(c.outlets_count), origins, c.claim)
    console.print(table)
    echoes = board.echo_chambers
    console.print(f"Echo chambers (3 or more outlets, one origin): {len(echoes)}")
    for c in echoes:
        console.print(f"  {c.outlets_count} outlets, {c.reports_count} reports, origin "
                      f"{c.origins[0].name or '(own voice)'}: {c.claim}", highlight=False)
