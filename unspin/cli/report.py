"""The human-readable report of `unspin analyze --format text`, drawn with rich.

The article is printed with each attribution's parts marked (content, cue and
source in different styles, hedges and boilerplate too) and numbered "[n]" at
the start of its content, so that it can be matched with row n of the table
that follows. The numbers also carry the mapping when colour is off (pipes).
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from unspin.model import Analysis, Attribution, Span

STYLE_CONTENT = "cyan"
STYLE_SOURCE = "bold magenta"
STYLE_CUE = "bold yellow"
STYLE_HEDGE = "italic red"
STYLE_BOILERPLATE = "dim"
STYLE_TAG = "bold reverse cyan"

EXCERPT = 90
TABLE_MIN_WIDTH = 110  # below this the nine-column table wraps every cell; list instead


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _article(analysis: Analysis) -> Text:
    text = analysis.document.text
    styled = Text(text)

    def mark(span: Span | None, style: str) -> None:
        if span is not None and span.end > span.start:
            styled.stylize(style, span.start, span.end)

    # Later styles win where spans overlap, so the most specific go last.
    for span in analysis.boilerplate:
        mark(span, STYLE_BOILERPLATE)
    for att in analysis.attributions:
        mark(att.content, STYLE_CONTENT)
    for hedge in analysis.hedges:
        mark(hedge.span, STYLE_HEDGE)
    for att in analysis.attributions:
        mark(att.source, STYLE_SOURCE)
        mark(att.cue, STYLE_CUE)
        for hedge in att.hedges:
            mark(hedge.span, STYLE_HEDGE)

    # Tags are inserted for display only; offsets above are those of the text.
    tags: dict[int, list[int]] = {}
    for n, att in enumerate(analysis.attributions, 1):
        tags.setdefault(att.content.start, []).append(n)
    if not tags:
        return styled
    cuts = sorted(tags)
    pieces = styled.divide(cuts)
    out = Text()
    for i, piece in enumerate(pieces):
        if i > 0:  # piece i starts at cuts[i - 1]
            out.append("[" + ",".join(map(str, tags[cuts[i - 1]])) + "]", style=STYLE_TAG)
        out.append_text(piece)
    return out


def _speaker(att: Attribution) -> Text:
    sp = att.speaker
    name = sp.name or (att.source.text if att.source else None)
    out = Text(name or "—", style=STYLE_SOURCE if name else "dim")
    if sp.kind and sp.kind != "unknown":
        out.append(f" ({sp.kind})", style="dim")
    if sp.name:
        out.append(f" {sp.confidence:.2f}", style="dim")
    if len(sp.via) > 1:  # how it was resolved: "he" -> "Popova" -> "Maria Popova"
        out.append("\n  via " + " → ".join(f"“{v.text}”" for v in sp.via), style="dim")
    return out


def _table(analysis: Analysis) -> Table:
    table = Table(title="Attributions", title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("speaker", ratio=2)
    table.add_column("role / affiliation", ratio=2)
    table.add_column("cue", style=STYLE_CUE, ratio=1)
    table.add_column("channel", ratio=1)
    table.add_column("relayed by", ratio=1)
    table.add_column("hedges", style=STYLE_HEDGE, ratio=2)
    table.add_column("content", style=STYLE_CONTENT, ratio=4)
    for n, att in enumerate(analysis.attributions, 1):
        role = " / ".join(x for x in (att.speaker.role, att.speaker.affiliation) if x)
        table.add_row(
            str(n),
            att.type,
            _speaker(att),
            role or "",
            att.cue.text if att.cue else "",
            att.channel or "",
            " → ".join(att.relayed_by),
            ", ".join(h.span.text for h in att.hedges),
            _excerpt(att.content.text),
        )
    return table


def _blocks(analysis: Analysis) -> list[Text]:
    """The table's content one attribution per block, for terminals too narrow for nine columns."""
    out = [Text("Attributions", style="italic")]
    for n, att in enumerate(analysis.attributions, 1):
        block = Text()
        block.append(f"[{n}]", style=STYLE_TAG)
        block.append(f" {att.type} · ")
        block.append_text(_speaker(att))
        details = [
            ("role", att.speaker.role), ("affiliation", att.speaker.affiliation),
            ("cue", att.cue.text if att.cue else None), ("channel", att.channel),
            ("relayed by", " → ".join(att.relayed_by)), ("hedges", ", ".join(h.span.text for h in att.hedges)),
        ]
        for label, value in details:
            if value:
                block.append(f"\n    {label}: ", style="dim")
                block.append(value)
        block.append("\n    ")
        block.append(_excerpt(att.content.text, 200), style=STYLE_CONTENT)
        out.append(block)
    return out


def _legend() -> Text:
    legend = Text("key: ", style="dim")
    for label, style in (("content", STYLE_CONTENT), ("source", STYLE_SOURCE), ("cue", STYLE_CUE),
                         ("hedge", STYLE_HEDGE), ("boilerplate", STYLE_BOILERPLATE)):
        legend.append(label, style=style)
        legend.append("  ")
    legend.append("[n]", style=STYLE_TAG)
    legend.append(" = attribution n", style="dim")
    return legend


def _count(items: list, one: str, many: str | None = None) -> str:
    return f"{len(items)} {one if len(items) == 1 else (many or one + 's')}"


def render(analysis: Analysis, title: str | None = None, width: int = 120) -> Group:
    """The whole report for one document, as a rich renderable for a console ``width`` wide."""
    a = analysis
    summary = Text(
        f"{_count(a.attributions, 'attribution')} · {_count(a.entities, 'entity', 'entities')} · "
        f"{_count(a.hedges, 'hedge')} · spin score {a.spin.score:.2f}",
        style="bold",
    )
    parts: list = [Rule(Text(title or a.document.id or ""), style="dim"), summary, _legend(), Text(), _article(a), Text()]
    if a.attributions and width >= TABLE_MIN_WIDTH:
        parts.append(_table(a))
    elif a.attributions:
        parts.extend(_blocks(a))
    else:
        parts.append(Text("No attributions found.", style="dim"))
    if a.spin.evidence:
        parts.append(Text("Spin evidence:", style="bold"))
        for ev in a.spin.evidence:
            parts.append(Text(f"  “{_excerpt(ev.span.text, 60)}” ({ev.kind}): {ev.explanation}"))
    return Group(*parts)


def print_report(console: Console, analysis: Analysis, title: str | None = None) -> None:
    console.print(render(analysis, title, console.width))
