"""A self-contained HTML report of a :class:`~unspin.model.Drift` (``unspin diff --format html``).

One page, no scripts and no external resources: the two names at the top, the
counts of edits by severity and category, then the two texts side by side in
alignment order (source sentence left, copy sentence right; a sentence only one
side has is shown against an empty cell), every edit's span highlighted in the
colour of its severity with its category and explanation as a tooltip and a
numbered link to the list of all edits at the bottom.

The layout helpers (:func:`rows`, :func:`pieces`) are shared with the terminal
report (``unspin.cli.diff_report``). Edit spans may overlap: each side's text is
cut at every span boundary into flat segments, so nothing is nested and no
markup can interleave; a segment covered by several edits takes the colour of
the most severe and lists them all. An edit whose span lies outside every
aligned pair gets a row of its own at the end.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from html import escape
from typing import Literal

from unspin.model import SEVERITY_RANK, Drift, Span

CATEGORIES = ("negation", "number", "entity", "speaker", "hedge", "attribution-cue", "role",
              "meaning-shift", "dropped-text", "added-text", "wording")
SEVERITIES = ("high", "medium", "low")

RowKind = Literal["pair", "dropped", "added", "outside"]


# --- layout shared by the HTML and terminal reports ----------------------------------


@dataclass(slots=True)
class Row:
    """One line of the side-by-side view: a range of each text (None: nothing on that side)."""

    number: int
    kind: RowKind
    source: tuple[int, int] | None
    copy: tuple[int, int] | None
    similarity: float | None
    edits: list[int] = field(default_factory=list)  # indices into drift.edits touching this row


def _clip(span: Span | None, n: int) -> tuple[int, int] | None:
    """A span's offsets, clamped to a text of length ``n`` (an engine bug must not break the page)."""
    if span is None:
        return None
    start = min(max(span.start, 0), n)
    return start, min(max(span.end, start), n)


def _touches(rng: tuple[int, int] | None, span: tuple[int, int] | None) -> bool:
    if rng is None or span is None:
        return False
    (lo, hi), (s, e) = rng, span
    if s == e:  # an empty span marks a point: it belongs to the range holding it
        return lo <= s <= hi
    return s < hi and lo < e


class _SpanIndex:
    """One side's edit spans, to find those touching a range without scanning them all."""

    def __init__(self, spans: list[tuple[int, tuple[int, int] | None]]) -> None:
        self.items = sorted((rng[0], rng[1], i) for i, rng in spans if rng is not None)
        self.starts = [s for s, _, _ in self.items]
        self.longest = max((e - s for s, e, _ in self.items), default=0)

    def touching(self, rng: tuple[int, int] | None) -> list[int]:
        if rng is None:
            return []
        lo, hi = rng
        first = bisect_left(self.starts, lo - self.longest)
        last = bisect_right(self.starts, hi)
        return [i for s, e, i in self.items[first:last] if _touches(rng, (s, e))]


def rows(drift: Drift) -> list[Row]:
    """The side-by-side rows in alignment order, then one row per edit the alignment does not show."""
    ns, nc = len(drift.source.text), len(drift.copy.text)
    spans = [(_clip(e.source, ns), _clip(e.copy, nc)) for e in drift.edits]
    on_source = _SpanIndex([(i, s) for i, (s, _) in enumerate(spans)])
    on_copy = _SpanIndex([(i, c) for i, (_, c) in enumerate(spans)])
    out: list[Row] = []
    shown: list[list[bool]] = [[s is None, c is None] for s, c in spans]
    for pair in drift.alignment:
        src, cp = _clip(pair.source, ns), _clip(pair.copy, nc)
        if src is None and cp is None:
            continue
        kind: RowKind = "pair" if src is not None and cp is not None else ("dropped" if cp is None else "added")
        row = Row(len(out) + 1, kind, src, cp, pair.similarity)
        hits_src, hits_copy = on_source.touching(src), on_copy.touching(cp)
        for i in hits_src:
            shown[i][0] = True
        for i in hits_copy:
            shown[i][1] = True
        row.edits = sorted(set(hits_src) | set(hits_copy))
        out.append(row)
    for i, (es, ec) in enumerate(spans):
        if not all(shown[i]) and (es is not None or ec is not None):
            out.append(Row(len(out) + 1, "outside", es, ec, None, [i]))
    return out


Piece = tuple[Literal["text"], str, tuple[int, ...]] | tuple[Literal["mark"], int]


def pieces(text: str, rng: tuple[int, int], edits: list[tuple[int, tuple[int, int]]]) -> list[Piece]:
    """``text[lo:hi]`` cut into flat segments at every edit boundary.

    ``edits`` is (edit index, (start, end)) for one side. Yields ("text", segment, indices of
    the edits covering it) and, where an edit's span (clipped to the range) ends or an empty
    span sits, ("mark", index), so that a report can put the edit's number there.
    """
    lo, hi = rng
    clipped: list[tuple[int, int, int]] = []
    cuts = {lo, hi}
    for i, (s, e) in edits:
        if s == e:
            if lo <= s <= hi:
                clipped.append((s, s, i))
                cuts.add(s)
            continue
        cs, ce = max(s, lo), min(e, hi)
        if cs < ce:
            clipped.append((cs, ce, i))
            cuts.update((cs, ce))
    points = sorted(cuts)
    ends: dict[int, list[int]] = {}
    for cs, ce, i in clipped:
        ends.setdefault(ce, []).append(i)
    out: list[Piece] = []
    for k, p in enumerate(points):
        for i in sorted(ends.get(p, ())):
            out.append(("mark", i))
        if k + 1 < len(points):
            q = points[k + 1]
            active = tuple(i for cs, ce, i in clipped if cs <= p and q <= ce and cs < ce)
            out.append(("text", text[p:q], active))
    return out


def trimmed(parts: list[Piece]) -> list[Piece]:
    """``parts`` without the whitespace that opens or closes the range (sentence spans often end
    with the line break), so that a cell does not start or end with an empty line."""
    out = list(parts)
    texts = [k for k, p in enumerate(out) if p[0] == "text"]
    if texts:
        k = texts[0]
        out[k] = ("text", out[k][1].lstrip(), out[k][2])  # type: ignore[index]
        k = texts[-1]
        out[k] = ("text", out[k][1].rstrip(), out[k][2])  # type: ignore[index]
    return [p for p in out if p[0] == "mark" or p[1]]


def side_edits(drift: Drift, row: Row, side: Literal["source", "copy"]) -> list[tuple[int, tuple[int, int]]]:
    """The (index, clipped span) of the row's edits on one side."""
    n = len(getattr(drift, side).text)
    out = []
    for i in row.edits:
        rng = _clip(getattr(drift.edits[i], side), n)
        if rng is not None:
            out.append((i, rng))
    return out


def numbering(drift: Drift, all_rows: list[Row]) -> list[int]:
    """Each edit's number in a report (by edit index): in reading order, the order in which the
    rows show them (then by position), so that the numbers in the text run 1, 2, 3..."""
    first: dict[int, int] = {}
    for row in all_rows:
        for i in row.edits:
            first.setdefault(i, row.number)

    def key(i: int) -> tuple:
        ed = drift.edits[i]
        span = ed.source if ed.source is not None else ed.copy
        pos, length = (span.start, len(span)) if span is not None else (0, 0)
        return (first.get(i, len(all_rows) + 1), pos, -length, i)  # an enclosing edit before the edits inside

    out = [0] * len(drift.edits)
    for n, i in enumerate(sorted(range(len(drift.edits)), key=key), 1):
        out[i] = n
    return out


def worst(drift: Drift, indices: tuple[int, ...] | list[int]) -> str:
    """The most severe severity among some edits ("low" if none)."""
    return max((drift.edits[i].severity for i in indices), key=lambda s: SEVERITY_RANK.get(s, 0), default="low")


def ordered_categories(counts: dict[str, int]) -> list[str]:
    """Categories in the CONTRACT's order, then any others alphabetically."""
    return [c for c in CATEGORIES if c in counts] + sorted(c for c in counts if c not in CATEGORIES)


# --- HTML ------------------------------------------------------------------------------

_CSS = """
:root { --high: #c62828; --high-bg: #ffd7d5; --medium: #b26a00; --medium-bg: #ffe6b0;
        --low: #3d5a80; --low-bg: #dde7f3; --line: #d9d9d9; --muted: #6b6b6b; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1d1d1d; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 1400px; }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
.names { color: var(--muted); margin: 0 0 1rem; }
.name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1d1d1d;
        background: #f3f3f3; padding: 0 .3em; border-radius: 3px; overflow-wrap: anywhere; }
.summary { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; background: #fafafa; }
.badges { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: .5rem; }
.badge { display: inline-block; padding: .1em .6em; border-radius: 1em; font-weight: 600; }
.badge.total { background: #333; color: #fff; }
.badge.high { background: var(--high-bg); color: var(--high); }
.badge.medium { background: var(--medium-bg); color: var(--medium); }
.badge.low { background: var(--low-bg); color: var(--low); }
table { border-collapse: collapse; }
table.cats td, table.cats th { padding: .1rem .7rem .1rem 0; text-align: right; }
table.cats td:first-child, table.cats th:first-child { text-align: left; }
table.cats th { font-weight: 600; color: var(--muted); }
.zero { color: #bbb; }
.stats, .legend { color: var(--muted); margin: .5rem 0 0; }
.filter { margin: 1rem 0 .5rem; color: var(--muted); }
table.sbs { width: 100%; table-layout: fixed; }
table.sbs th { text-align: left; position: sticky; top: 0; background: #fff; border-bottom: 2px solid #999;
               padding: .35rem .6rem; overflow-wrap: anywhere; }
table.sbs td { vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line);
               white-space: pre-wrap; overflow-wrap: anywhere; }
table.sbs col.n { width: 4.2rem; }
td.n { color: var(--muted); font-size: .85em; white-space: nowrap !important; }
td.n a { color: inherit; text-decoration: none; }
.sim { display: block; font-size: .9em; }
td.empty { background: repeating-linear-gradient(135deg, #fafafa, #fafafa 6px, #f1f1f1 6px, #f1f1f1 12px); }
.gap { color: var(--muted); font-style: italic; font-size: .9em; white-space: normal; }
tr.outside td { background: #fbfbf4; }
tr.section td { background: #eee; color: var(--muted); font-weight: 600; white-space: normal; }
#only-edits:checked ~ table.sbs tr.clean { display: none; }
mark { color: inherit; padding: 0; border-radius: 2px; }
mark.high { background: var(--high-bg); box-shadow: inset 0 -2px 0 var(--high); }
mark.medium { background: var(--medium-bg); box-shadow: inset 0 -2px 0 var(--medium); }
mark.low { background: var(--low-bg); box-shadow: inset 0 -1px 0 var(--low); }
mark.multi { text-decoration: underline dotted; }
sup.fn { font-size: .7em; line-height: 0; white-space: nowrap; }
sup.fn a { text-decoration: none; font-weight: 700; padding: 0 .1em; }
sup.fn a.high { color: var(--high); } sup.fn a.medium { color: var(--medium); } sup.fn a.low { color: var(--low); }
.point { font-weight: 700; }
table.edits { width: 100%; table-layout: fixed; }
table.edits th { text-align: left; border-bottom: 2px solid #999; padding: .3rem .5rem; }
table.edits td { vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
                 overflow-wrap: anywhere; }
table.edits col.n { width: 3rem; } table.edits col.sev { width: 5.5rem; } table.edits col.cat { width: 9rem; }
table.edits col.row { width: 4.5rem; }
table.edits tr:target { outline: 2px solid #333; }
td.sev { font-weight: 700; }
td.sev.high { color: var(--high); } td.sev.medium { color: var(--medium); } td.sev.low { color: var(--low); }
.none { color: var(--muted); font-style: italic; }
q { quotes: none; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; }
@media print { table.sbs th { position: static; } #only-edits, .filter { display: none; } }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _title(drift: Drift, indices: tuple[int, ...], num: list[int]) -> str:
    lines = []
    for i in sorted(indices, key=lambda i: num[i]):
        ed = drift.edits[i]
        lines.append(f"[{num[i]}] {ed.category} ({ed.severity}): {ed.explanation}")
    return "\n".join(lines)


def _cell(drift: Drift, row: Row, side: Literal["source", "copy"], num: list[int]) -> str:
    rng = row.source if side == "source" else row.copy
    if rng is None:
        what = {"dropped": "not in the copy", "added": "not in the source"}.get(row.kind, "")
        cls = "src" if side == "source" else "cp"
        return f'<td class="{cls} empty"><span class="gap">{what}</span></td>'
    text = getattr(drift, side).text
    parts: list[str] = []
    for piece in trimmed(pieces(text, rng, side_edits(drift, row, side))):
        if piece[0] == "mark":
            i = piece[1]
            ed = drift.edits[i]
            tip = _e(_title(drift, (i,), num))
            sev = _e(ed.severity)
            parts.append(f'<sup class="fn"><a class="{sev}" href="#e{num[i]}" title="{tip}">{num[i]}</a></sup>')
            continue
        _, seg, active = piece
        if not active:
            parts.append(_e(seg))
            continue
        cls = worst(drift, active) + (" multi" if len(active) > 1 else "")
        parts.append(f'<mark class="{_e(cls)}" title="{_e(_title(drift, active, num))}">{_e(seg)}</mark>')
    body = "".join(parts) or '<span class="gap">(empty)</span>'
    return f'<td class="{"src" if side == "source" else "cp"}">{body}</td>'


def _summary(drift: Drift, all_rows: list[Row]) -> list[str]:
    counts = drift.counts()
    sev = counts["severity"]
    total = len(drift.edits)
    out = ['<section class="summary" id="summary">', '<div class="badges">',
           f'<span class="badge total">{total} edit{"" if total == 1 else "s"}</span>']
    for s in SEVERITIES:
        out.append(f'<span class="badge {s}">{sev.get(s, 0)} {s}</span>')
    out.append("</div>")
    if total:
        by_cat_sev: dict[str, dict[str, int]] = {}
        for ed in drift.edits:
            by_cat_sev.setdefault(ed.category, {}).setdefault(ed.severity, 0)
            by_cat_sev[ed.category][ed.severity] += 1
        out.append('<table class="cats"><thead><tr><th>category</th><th>edits</th>'
                   + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "</tr></thead><tbody>")
        for cat in ordered_categories(counts["category"]):
            cells = []
            for s in SEVERITIES:
                n = by_cat_sev.get(cat, {}).get(s, 0)
                cells.append(f'<td class="zero">0</td>' if n == 0 else f"<td>{n}</td>")
            out.append(f"<tr><td>{_e(cat)}</td><td>{counts['category'][cat]}</td>{''.join(cells)}</tr>")
        out.append("</tbody></table>")
    else:
        out.append('<p class="none">No edits found: the copy says what the source says.</p>')
    pairs = sum(r.kind == "pair" for r in all_rows)
    dropped = sum(r.kind == "dropped" for r in all_rows)
    added = sum(r.kind == "added" for r in all_rows)
    changed = sum(bool(r.edits) for r in all_rows if r.kind != "outside")
    out.append(f'<p class="stats">{pairs} aligned sentence pair{"" if pairs == 1 else "s"}, '
               f"{dropped} source sentence{'' if dropped == 1 else 's'} not in the copy, "
               f"{added} copy sentence{'' if added == 1 else 's'} not in the source; "
               f"{changed} row{'' if changed == 1 else 's'} with edits.</p>")
    out.append('<p class="legend">Highlights: <mark class="high">high</mark> <mark class="medium">medium</mark> '
               '<mark class="low">low</mark> severity; hover a highlight for its category and explanation, '
               "click its number for the edit.</p>")
    out.append("</section>")
    return out


def _side_by_side(drift: Drift, all_rows: list[Row], source_name: str, copy_name: str,
                  num: list[int]) -> list[str]:
    out = ['<section id="text">', "<h2>Side by side</h2>"]
    if not all_rows:
        out.append('<p class="none">Nothing to show: no sentences were aligned.</p></section>')
        return out
    out.append('<input type="checkbox" id="only-edits"> '
               '<label class="filter" for="only-edits">show only rows with edits</label>')
    out.append('<table class="sbs"><colgroup><col class="n"><col><col></colgroup>')
    out.append(f'<thead><tr><th>#</th><th>{_e(source_name)}</th><th>{_e(copy_name)}</th></tr></thead><tbody>')
    in_outside = False
    for row in all_rows:
        if row.kind == "outside" and not in_outside:
            in_outside = True
            out.append('<tr class="section"><td colspan="3">Edits outside the aligned sentences</td></tr>')
        classes = [row.kind, "edited" if row.edits else "clean"]
        sim = ("" if row.similarity is None or row.kind != "pair"
               else f'<span class="sim" title="similarity">{row.similarity:.2f}</span>')
        out.append(f'<tr id="row-{row.number}" class="{" ".join(classes)}">'
                   f'<td class="n"><a href="#row-{row.number}">{row.number}</a>{sim}</td>'
                   f'{_cell(drift, row, "source", num)}{_cell(drift, row, "copy", num)}</tr>')
    out.append("</tbody></table></section>")
    return out


def _excerpt(span: Span | None, limit: int = 300) -> str:
    if span is None:
        return '<span class="none">—</span>'
    text = " ".join(span.text.split())
    if not text:
        return '<span class="none">(empty)</span>'
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"<q>{_e(text)}</q>"


def _first_list(drift: Drift, num: list[int]) -> list[str]:
    """What matters first: the high edits, then the medium ones, each linked to its row in the table."""
    out = []
    for sev in ("high", "medium"):
        idx = sorted((i for i, e in enumerate(drift.edits) if e.severity == sev), key=lambda i: num[i])
        if not idx:
            continue
        out.append(f'<h2>{sev.capitalize()} edits</h2><ul class="first {sev}">')
        for i in idx:
            ed = drift.edits[i]
            out.append(f'<li><a href="#e{num[i]}">{num[i]}</a> <strong>{_e(ed.category)}</strong>: '
                       f"{_e(ed.explanation)}</li>")
        out.append("</ul>")
    return out


def _edit_list(drift: Drift, all_rows: list[Row], num: list[int]) -> list[str]:
    out = ['<section id="edits">']
    out += _first_list(drift, num)
    out.append("<h2>All edits</h2>")
    if not drift.edits:
        out.append('<p class="none">No edits.</p></section>')
        return out
    first_row: dict[int, int] = {}
    for row in all_rows:
        for i in row.edits:
            first_row.setdefault(i, row.number)
    out.append('<table class="edits"><colgroup><col class="n"><col class="sev"><col class="cat"><col><col>'
               '<col><col class="row"></colgroup>')
    out.append("<thead><tr><th>#</th><th>severity</th><th>category</th><th>source</th><th>copy</th>"
               "<th>explanation</th><th>row</th></tr></thead><tbody>")
    for i in sorted(range(len(drift.edits)), key=lambda i: num[i]):
        ed = drift.edits[i]
        sev = _e(ed.severity)
        where = f'<a href="#row-{first_row[i]}">{first_row[i]}</a>' if i in first_row else ""
        out.append(f'<tr id="e{num[i]}" class="{sev}"><td>{num[i]}</td><td class="sev {sev}">{sev}</td>'
                   f"<td>{_e(ed.category)}</td><td>{_excerpt(ed.source)}</td><td>{_excerpt(ed.copy)}</td>"
                   f"<td>{_e(ed.explanation)}</td><td>{where}</td></tr>")
    out.append("</tbody></table></section>")
    return out


def drift_to_html(drift: Drift, source_name: str = "source", copy_name: str = "copy",
                  title: str | None = None) -> str:
    """The whole report as one HTML page (UTF-8; inline CSS; every text escaped)."""
    from unspin import __version__

    all_rows = rows(drift)
    num = numbering(drift, all_rows)
    heading = title or f"What changed from {source_name} to {copy_name}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="unspin diff">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>What changed on the way</h1>",
        f'<p class="names">source <span class="name">{_e(source_name)}</span> → '
        f'copy <span class="name">{_e(copy_name)}</span></p>',
        "</header>",
        *_summary(drift, all_rows),
        *_side_by_side(drift, all_rows, source_name, copy_name, num),
        *_edit_list(drift, all_rows, num),
        f"<footer>Made by unspin {_e(__version__)} (<code>unspin diff --format html</code>). Offsets are code "
        "points into each text as decoded; severity is the report's judgement of how much an edit changes what "
        "a reader learns.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


__all__ = ["Row", "drift_to_html", "numbering", "ordered_categories", "pieces", "rows", "side_edits", "trimmed",
           "worst"]
